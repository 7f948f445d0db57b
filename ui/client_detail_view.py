"""One client's record: every field, the allowance per service and the cases; Save updates.

Clinical leads and administrators can authorise extra sessions past the yearly allowance, and
produce the client's subject access printout (previewed, then saved or printed).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from supportline.roles import Op, Role, allowed
from supportline.services.allowance import AllowanceStatus
from supportline.services.cases import CaseInfo
from supportline.services.clients import ClientRecord, InvalidClient
from supportline.services.eligibility import OrganisationInfo
from supportline.services.staff import is_clinical_lead

from . import admin_messages, clinical_messages, messages
from .authorise_allowance_dialog import AuthoriseAllowanceDialog
from .banner_widget import BannerWidget
from .change_watch import ChangeWatch
from .client_form import ClientFormWidget
from .guard import alive_only
from .labels import case_stage_label, risk_level_label, service_label, urgency_label
from .letter_preview_dialog import LetterPreviewDialog
from .risk_urgency_actions import RiskUrgencyActions
from .services import Services
from .task_runner import TaskRunner
from .uk_format import format_date


@dataclass(frozen=True)
class ClientExtras:
    organisations: list[OrganisationInfo]
    allowances: list[AllowanceStatus]
    cases: list[CaseInfo]
    may_authorise: bool = False
    may_subject_access: bool = False


SERVICES = ("counselling", "coaching", "mediation")


class ClientDetailView(QWidget):
    back_requested = Signal()
    saved = Signal(object)  # ClientRecord
    save_finished = Signal(str)
    extras_loaded = Signal()
    authorisation_finished = Signal(str)  # "success" or "error"
    subject_access_finished = Signal(str)  # "success" or "error"

    # The allowance and the cases; the form is the user's to edit and is never reloaded.
    SHOWS = ("cases", "appointments", "allowance_authorisations", "organisations",
             "service_agreements")

    def __init__(self, services: Services, runner: TaskRunner, record: ClientRecord,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("client_detail_view")
        self._services = services
        self._runner = runner
        self.record = record
        self._busy = False
        self._extras_shown = False
        self.allowances: list[AllowanceStatus] = []
        self.cases: list[CaseInfo] = []
        self._build()
        self._connect_signals()
        self._show_record(record)
        self.change_watch = ChangeWatch(self, runner, self.SHOWS, self._load_extras)
        # The name and risk level above the form (re-reading the record is an audited view).
        self.header_watch = ChangeWatch(self, runner, ("clients", "risk_alerts"),
                                        self._reload_header)
        self._load_extras()

    def _build(self) -> None:
        self.banner = BannerWidget()
        self.banner.setObjectName("client_detail_message_label")
        self.banner.setAccessibleName(self.tr("Client message"))
        self.title_label = QLabel()
        self.title_label.setObjectName("client_title_label")
        font = self.title_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.title_label.setFont(font)
        self.risk_label = QLabel()
        self.risk_label.setObjectName("client_detail_risk_label")
        self.risk_label.setAccessibleName(self.tr("Risk level"))
        self.form = ClientFormWidget()

        self.allowance_list = QListWidget()
        self.allowance_list.setObjectName("allowance_list")
        self.allowance_list.setAccessibleName(self.tr("Allowance this year"))
        self.allowance_list.setFixedHeight(72)
        self.cases_list = QListWidget()
        self.cases_list.setObjectName("cases_list")
        self.cases_list.setAccessibleName(self.tr("Cases"))
        self.cases_list.setFixedHeight(72)
        self.authorise_button = QPushButton(self.tr("A&uthorise extra sessions…"))
        self.authorise_button.setObjectName("authorise_extra_sessions_button")
        self.authorise_button.setAccessibleName(self.tr("Authorise extra sessions"))
        # Shown once the extras say this user may authorise; the service enforces it anyway.
        self.authorise_button.setVisible(False)
        extras = QHBoxLayout()
        allowance_group = QGroupBox(self.tr("Allowance this year"))
        allowance_layout = QVBoxLayout(allowance_group)
        allowance_layout.addWidget(self.allowance_list)
        authorise_row = QHBoxLayout()
        authorise_row.addStretch(1)
        authorise_row.addWidget(self.authorise_button)
        allowance_layout.addLayout(authorise_row)
        self.urgency_button = QPushButton(self.tr("Change &urgency…"))
        self.urgency_button.setObjectName("change_case_urgency_button")
        self.urgency_button.setAccessibleName(self.tr("Change urgency"))
        self.urgency_button.setVisible(allowed(self._services.session.roles,
                                               Op.CASES_SET_URGENCY))
        self.urgency_button.setEnabled(False)
        self.actions = RiskUrgencyActions(self._services, self._runner, self)
        cases_group = QGroupBox(self.tr("Cases"))
        cases_layout = QVBoxLayout(cases_group)
        cases_layout.addWidget(self.cases_list)
        urgency_row = QHBoxLayout()
        urgency_row.addStretch(1)
        urgency_row.addWidget(self.urgency_button)
        cases_layout.addLayout(urgency_row)
        extras.addWidget(allowance_group, 1)
        extras.addWidget(cases_group, 1)

        body = QWidget()
        body_layout = QVBoxLayout(body)
        body_layout.setContentsMargins(0, 0, 0, 0)
        body_layout.addWidget(self.form)
        body_layout.addLayout(extras)
        body_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(body)

        self.back_button = QPushButton(self.tr("← &Back to results"))
        self.back_button.setObjectName("back_to_results_button")
        self.back_button.setAccessibleName(self.tr("Back to results"))
        self.subject_access_button = QPushButton(self.tr("Subject a&ccess printout…"))
        self.subject_access_button.setObjectName("client_subject_access_button")
        self.subject_access_button.setAccessibleName(self.tr("Subject access printout"))
        self.subject_access_button.setToolTip(self.tr(
            "Everything the service holds about this client, as a PDF to check and send "
            "(administrators and clinical leads; recorded in the audit log)"))
        # Shown once the extras say this user may; the service enforces it anyway.
        self.subject_access_button.setVisible(False)
        self.save_button = QPushButton(self.tr("&Save changes"))
        self.save_button.setObjectName("save_client_changes_button")
        self.save_button.setAccessibleName(self.tr("Save changes"))
        header = QHBoxLayout()
        header.addWidget(self.title_label)
        header.addStretch(1)
        header.addWidget(self.risk_label)
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        buttons.addWidget(self.subject_access_button)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.addLayout(header)
        layout.addWidget(self.banner)
        layout.addWidget(scroll, 1)
        layout.addLayout(buttons)
        self.save_shortcut = QShortcut(QKeySequence(self.tr("Ctrl+S")), self)
        self.save_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.save_shortcut.setWhatsThis(self.tr("Save changes to the client's record"))

    def _connect_signals(self) -> None:
        self.back_button.clicked.connect(self.back_requested.emit)
        self.save_button.clicked.connect(self._on_save_button_clicked)
        self.save_shortcut.activated.connect(self._on_save_button_clicked)
        self.authorise_button.clicked.connect(self._on_authorise_button_clicked)
        self.subject_access_button.clicked.connect(self._on_subject_access_button_clicked)
        self.cases_list.currentRowChanged.connect(self._on_cases_list_current_row_changed)
        self.urgency_button.clicked.connect(self._on_urgency_button_clicked)
        self.actions.finished.connect(self._on_actions_finished)

    def _show_record(self, record: ClientRecord) -> None:
        self.record = record
        self._show_header(record)
        self.form.set_value(record.data)

    def _show_header(self, record: ClientRecord) -> None:
        self.title_label.setText(f"{record.display_name} ({record.reference})")
        level = record.risk_level
        self.risk_label.setText(self.tr("Risk level: {level}").format(
            level=risk_level_label(level)))
        self.risk_label.setStyleSheet("color: #a4262c; font-weight: bold;"
                                      if level in ("high", "immediate") else "")

    def _reload_header(self) -> None:
        clients, client_id = self._services.clients, self.record.id
        self._runner.submit(lambda: clients.open(client_id),
                            alive_only(self, self._show_header),
                            alive_only(self, self._on_runner_failed))

    def _load_extras(self) -> None:
        services = self._services
        client_id = self.record.id
        today = services.today()
        session = services.session

        def lead_or_admin() -> bool:
            if session.has_role(Role.ADMINISTRATOR):
                return True
            if not session.has_role(Role.COUNSELLOR):
                return False
            # The grant in the slot decides, not the profile's display flag.
            return is_clinical_lead(session)

        def load() -> ClientExtras:
            return ClientExtras(
                services.eligibility.organisations(include_inactive=True),
                [services.allowance.status(client_id, service, today) for service in SERVICES],
                services.cases.cases_for_client(client_id),
                may_authorise=lead_or_admin(),
                # Subject access has the same rule: administrators and clinical leads.
                may_subject_access=allowed(session.roles, Op.SUBJECT_ACCESS) and lead_or_admin(),
            )

        self._runner.submit(load, alive_only(self, self._on_runner_extras_loaded),
                            alive_only(self, self._on_runner_failed))

    def _on_runner_extras_loaded(self, extras: ClientExtras) -> None:
        self.form.set_organisations(extras.organisations)  # keeps the organisation chosen
        if not self._extras_shown:
            self.form.set_value(self.record.data)
            self._extras_shown = True
        self.allowances = list(extras.allowances)
        self.authorise_button.setVisible(extras.may_authorise)
        self.authorise_button.setEnabled(extras.may_authorise)
        self.subject_access_button.setVisible(extras.may_subject_access)
        self.allowance_list.clear()
        for status in extras.allowances:
            self.allowance_list.addItem(self.tr(
                "{service}: {used} used, {booked} booked, {left} left of {allowed}").format(
                service=service_label(status.service), used=status.used, booked=status.booked,
                left=status.left, allowed=status.allowed))
        self.cases = list(extras.cases)
        self.cases_list.clear()
        for case in extras.cases:
            self.cases_list.addItem(self.tr(
                "{service}, {urgency}: {status} (opened {opened})").format(
                service=service_label(case.service), urgency=urgency_label(case.urgency),
                status=case_stage_label(case.stage), opened=format_date(case.opened_at)))
        if not extras.cases:
            self.cases_list.addItem(self.tr("No cases yet."))
        self._on_cases_list_current_row_changed(self.cases_list.currentRow())
        self.extras_loaded.emit()

    def _on_runner_failed(self, error: BaseException) -> None:
        self.banner.show_message(messages.error_message(error), "error")

    @property
    def busy(self) -> bool:
        return self._busy

    def selected_case(self) -> CaseInfo | None:
        row = self.cases_list.currentRow()
        return self.cases[row] if 0 <= row < len(self.cases) else None

    @Slot(int)
    def _on_cases_list_current_row_changed(self, _row: int) -> None:
        case = self.selected_case()
        self.urgency_button.setEnabled(case is not None and case.status != "closed")

    @Slot()
    def _on_urgency_button_clicked(self) -> None:
        case = self.selected_case()
        if case is not None:
            self.actions.change_urgency(case.id, case.urgency, self.record.risk_level)

    @Slot(str, str)
    def _on_actions_finished(self, kind: str, text: str) -> None:
        self.banner.show_message(text, kind)
        if kind == "success":
            self._load_extras()

    @Slot()
    def _on_authorise_button_clicked(self) -> None:
        if self._busy:
            return
        row = self.allowance_list.currentRow()
        service = self.allowances[row].service if 0 <= row < len(self.allowances) else SERVICES[0]
        request = AuthoriseAllowanceDialog.ask(self, service, self.allowances)
        if request is None:
            return
        self._busy = True
        self.authorise_button.setEnabled(False)
        allowance = self._services.allowance
        client_id = self.record.id
        today = self._services.today()
        self._runner.submit(
            lambda: allowance.authorise(client_id, request.service, today,
                                        request.extra_sessions, request.reason),
            alive_only(self, lambda _id: self._on_runner_authorised(request.service,
                                                                    request.extra_sessions)),
            alive_only(self, self._on_runner_authorise_failed))

    def _on_runner_authorised(self, service: str, extra: int) -> None:
        self._busy = False
        self.authorise_button.setEnabled(True)
        text = (self.tr("1 extra session authorised for {service}.") if extra == 1
                else self.tr("{count} extra sessions authorised for {service}."))
        self.banner.show_message(
            text.format(count=extra, service=service_label(service).lower()), "success")
        self.authorisation_finished.emit("success")

    def _on_runner_authorise_failed(self, error: BaseException) -> None:
        self._busy = False
        self.authorise_button.setEnabled(True)
        self.banner.show_message(admin_messages.error_message(error), "error")
        self.authorisation_finished.emit("error")

    @Slot()
    def _on_subject_access_button_clicked(self) -> None:
        if not self.subject_access_button.isEnabled():
            return
        self.subject_access_button.setEnabled(False)
        self.banner.show_message(self.tr("Preparing the subject access printout…"), "info")
        subject_access, client_id = self._services.subject_access, self.record.id
        self._runner.submit(lambda: subject_access.printout(client_id),
                            alive_only(self, self._on_runner_subject_access),
                            alive_only(self, self._on_runner_subject_access_failed))

    def _on_runner_subject_access(self, pdf: bytes) -> None:
        self.subject_access_button.setEnabled(True)
        self.banner.clear_message()
        LetterPreviewDialog.preview(self, self.tr("Subject access printout"),
                                    f"subject-access-{self.record.reference}.pdf", pdf)
        self.subject_access_finished.emit("success")

    def _on_runner_subject_access_failed(self, error: BaseException) -> None:
        self.subject_access_button.setEnabled(True)
        self.banner.show_message(clinical_messages.error_message(error), "error")
        self.subject_access_finished.emit("error")

    @Slot()
    def _on_save_button_clicked(self) -> None:
        if self._busy:
            return
        self._busy = True
        self.save_button.setEnabled(False)
        clients = self._services.clients
        client_id, seen = self.record.id, self.record
        data = self.form.value()
        self._runner.submit(lambda: clients.update(client_id, data, seen),
                            alive_only(self, self._on_runner_saved),
                            alive_only(self, self._on_runner_save_failed))

    def _on_runner_saved(self, record: ClientRecord) -> None:
        self._busy = False
        self.save_button.setEnabled(True)
        self.form.clear_problems()
        self._show_record(record)
        self.banner.show_message(self.tr("Changes saved."), "success")
        self.saved.emit(record)
        self.save_finished.emit("success")

    def _on_runner_save_failed(self, error: BaseException) -> None:
        self._busy = False
        self.save_button.setEnabled(True)
        if isinstance(error, InvalidClient):
            elsewhere = self.form.show_problems(error.problems)
            text = self.tr("Please correct the fields marked below; nothing has been saved.")
            if elsewhere:
                text += " " + messages.problems_message(elsewhere)
            self.banner.show_message(text, "error")
        else:
            self.banner.show_message(messages.error_message(error), "error")
        self.save_finished.emit("error")
