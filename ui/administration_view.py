"""Administration: users and key slots, and service settings."""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from .services import Services
from .settings_view import SettingsView
from .task_runner import TaskRunner
from .users_view import UsersView


class AdministrationView(QWidget):
    def __init__(self, services: Services, runner: TaskRunner,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("administration_view")
        self.users_view = UsersView(services, runner)
        self.settings_view = SettingsView(services, runner)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("administration_tabs")
        self.tabs.setAccessibleName(self.tr("Administration"))
        self.tabs.addTab(self.users_view, self.tr("&Users"))
        self.tabs.addTab(self.settings_view, self.tr("&Settings"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.addWidget(self.tabs)
