"""Administration: users and key slots, settings, organisations, venues and counsellors."""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from .counsellors_view import CounsellorsView
from .organisations_view import OrganisationsView
from .services import Services
from .settings_view import SettingsView
from .task_runner import TaskRunner
from .users_view import UsersView
from .venues_view import VenuesView


class AdministrationView(QWidget):
    def __init__(self, services: Services, runner: TaskRunner,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("administration_view")
        self.users_view = UsersView(services, runner)
        self.settings_view = SettingsView(services, runner)
        self.organisations_view = OrganisationsView(services, runner)
        self.venues_view = VenuesView(services, runner)
        self.counsellors_view = CounsellorsView(services, runner)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("administration_tabs")
        self.tabs.setAccessibleName(self.tr("Administration"))
        self.tabs.addTab(self.users_view, self.tr("&Users"))
        self.tabs.addTab(self.settings_view, self.tr("&Settings"))
        self.tabs.addTab(self.organisations_view, self.tr("&Organisations"))
        self.tabs.addTab(self.venues_view, self.tr("&Venues"))
        self.tabs.addTab(self.counsellors_view, self.tr("&Counsellors"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.addWidget(self.tabs)
