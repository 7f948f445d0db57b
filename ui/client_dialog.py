"""New client (from intake or an information sheet): the form, saved with duplicate checks."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from supportline.services.clients import ClientInput, ClientRecord, InvalidClient, LikelyDuplicate
from supportline.services.eligibility import OrganisationInfo

from . import messages
from .banner_widget import BannerWidget
from .client_form import ClientFormWidget
from .duplicates_dialog import DuplicatesDialog
from .guard import alive_only as _guard
from .services import Services
from .task_runner import TaskRunner


class ClientDialog(QDialog):
    """``client_id`` is set when the dialog is accepted: a new record, or an existing one the
    handler chose instead when shown the likely duplicates."""

    save_finished = Signal(str)  # "success", "error" or "duplicates"

    def __init__(self, services: Services, runner: TaskRunner,
                 initial: ClientInput | None = None, organisation_hint: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("client_dialog")
        self.setWindowTitle(self.tr("New client"))
        self._services = services
        self._runner = runner
        self.client_id: int | None = None
        self.record: ClientRecord | None = None
        self._acknowledged: set[int] = set()
        self._busy = False
        self._build()
        self._connect_signals()
        if initial is not None:
            self.form.set_value(initial)
        self.form.set_organisation_hint(organisation_hint)
        self._load_organisations()

    def _build(self) -> None:
        self.banner = BannerWidget()
        self.banner.setObjectName("client_dialog_message_label")
        self.banner.setAccessibleName(self.tr("New client message"))
        self.form = ClientFormWidget()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.form)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.save_button = QPushButton(self.tr("&Save client"))
        self.save_button.setObjectName("save_client_button")
        self.save_button.setAccessibleName(self.tr("Save client"))
        self.save_button.setDefault(True)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setObjectName("cancel_client_button")
        self.cancel_button.setAccessibleName(self.tr("Cancel"))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(scroll, 1)
        layout.addLayout(buttons)
        self.save_shortcut = QShortcut(QKeySequence(self.tr("Ctrl+S")), self)
        self.save_shortcut.setWhatsThis(self.tr("Save the new client"))
        self.resize(900, 640)

    def _connect_signals(self) -> None:
        self.save_button.clicked.connect(self._on_save_button_clicked)
        self.cancel_button.clicked.connect(self.reject)
        self.save_shortcut.activated.connect(self._on_save_button_clicked)

    def _load_organisations(self) -> None:
        eligibility = self._services.eligibility
        self._runner.submit(eligibility.organisations, _guard(self, self._on_runner_organisations),
                            _guard(self, self._on_runner_failed))

    def _on_runner_organisations(self, organisations: list[OrganisationInfo]) -> None:
        self.form.set_organisations(organisations)

    # -- saving ---------------------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        return self._busy

    @Slot()
    def _on_save_button_clicked(self) -> None:
        if self._busy:
            return
        self._busy = True
        self.save_button.setEnabled(False)
        data = self.form.value()
        acknowledged = tuple(self._acknowledged)
        clients = self._services.clients
        self._runner.submit(lambda: clients.create(data, acknowledged_duplicates=acknowledged),
                            _guard(self, self._on_runner_created),
                            _guard(self, self._on_runner_create_failed))

    def _on_runner_created(self, record: ClientRecord) -> None:
        self._busy = False
        self.save_button.setEnabled(True)
        self.record = record
        self.client_id = record.id
        self.save_finished.emit("success")
        self.accept()

    def _on_runner_create_failed(self, error: BaseException) -> None:
        self._busy = False
        self.save_button.setEnabled(True)
        if isinstance(error, LikelyDuplicate):
            self.form.clear_problems()
            self.banner.show_message(messages.error_message(error), "info")
            self.save_finished.emit("duplicates")
            decision = DuplicatesDialog.ask(self, error.candidates)
            if decision is None:
                return
            if decision.use_client_id is not None:
                self.client_id = decision.use_client_id
                self.accept()
                return
            self._acknowledged |= {candidate.id for candidate in error.candidates}
            self._on_save_button_clicked()
            return
        if isinstance(error, InvalidClient):
            elsewhere = self.form.show_problems(error.problems)
            text = self.tr("Please correct the fields marked below; nothing has been saved.")
            if elsewhere:
                text += " " + messages.problems_message(elsewhere)
            self.banner.show_message(text, "error")
        else:
            self.banner.show_message(messages.error_message(error), "error")
        self.save_finished.emit("error")

    def _on_runner_failed(self, error: BaseException) -> None:
        self.banner.show_message(messages.error_message(error), "error")

    @classmethod
    def ask(cls, parent: QWidget | None, services: Services, runner: TaskRunner,
            initial: ClientInput | None = None, organisation_hint: str = "") -> int | None:
        """The id of the client to use (new or existing), or None if cancelled."""
        dialog = cls(services, runner, initial, organisation_hint, parent)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        try:
            dialog.exec()
            return dialog.client_id if dialog.result() == QDialog.DialogCode.Accepted else None
        finally:
            dialog.deleteLater()
