"""Past an organisation's purchased sessions, an administrator may authorise more without
leaving the booking: this owns that path (the button, the agreement concerned, the calls on the
task runner); others only read who must authorise."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtWidgets import QPushButton, QWidget

from supportline.services.packages import AgreementUsage

from . import admin_messages
from .authorise_package_dialog import AuthorisePackageDialog
from .guard import alive_only
from .services import Services
from .task_runner import TaskRunner


class PackageAuthoriser(QObject):
    authorised = Signal(int)  # extra sessions
    refused = Signal(str)  # the sentence to show
    busy_changed = Signal(bool)

    def __init__(self, services: Services, runner: TaskRunner, case_id: int,
                 button: QPushButton, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("package_authoriser")
        self._services = services
        self._runner = runner
        self._case_id = case_id
        self._button = button
        self._dialog_parent = parent
        self.usage: AgreementUsage | None = None
        self._day: date | None = None
        self._button.setVisible(False)
        self._button.clicked.connect(self._on_button_clicked)

    def offer(self, usage: AgreementUsage | None = None, day: date | None = None) -> None:
        """The agreement past its purchased sessions, or the day of a session that would be
        (its agreement is looked up when asked); nothing: withdraw the offer."""
        self.usage, self._day = usage, day
        wanted = usage is not None or day is not None
        self._button.setVisible(wanted and self._services.packages.may_authorise())

    @property
    def offered(self) -> bool:
        return self.usage is not None or self._day is not None

    def authorise(self) -> None:
        if self.usage is None and self._day is not None:
            packages, case_id, day = self._services.packages, self._case_id, self._day
            self.busy_changed.emit(True)
            self._runner.submit(lambda: packages.usage_for_case(case_id, day),
                                alive_only(self, self._on_runner_usage),
                                alive_only(self, self._on_runner_refused))
            return
        usage = self.usage
        if usage is None:
            return
        request = AuthorisePackageDialog.ask(self._dialog_parent, usage)
        if request is None:
            return
        self.busy_changed.emit(True)
        packages, agreement_id = self._services.packages, usage.agreement.id
        self._runner.submit(
            lambda: packages.authorise(agreement_id, request.extra_sessions, request.reason),
            alive_only(self, lambda _id: self._on_runner_authorised(request.extra_sessions)),
            alive_only(self, self._on_runner_refused))

    def _on_runner_usage(self, usage: AgreementUsage | None) -> None:
        self.busy_changed.emit(False)
        self.usage = usage
        if usage is not None:
            self.authorise()

    def _on_runner_authorised(self, extra: int) -> None:
        self.busy_changed.emit(False)
        self.offer()
        self.authorised.emit(extra)

    def _on_runner_refused(self, error: BaseException) -> None:
        self.busy_changed.emit(False)
        self.refused.emit(admin_messages.error_message(error))

    @Slot()
    def _on_button_clicked(self) -> None:
        self.authorise()
