"""The intake form: one call from first words to a logged contact, without touching the mouse.

Top to bottom: the call (direction, channel, purpose), the client (find as you type, or a new
record) with eligibility, allowance, safe-contact prompt and risk level, the risk screening, and
the outcome with the referral. The start time is taken from the core when the form opens; Save
(Ctrl+S) logs the contact, Esc asks before discarding. Nothing typed is lost when saving fails.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from supportline.documents.info_sheet import InfoSheet, read_info_sheet
from supportline.paths import read_regular_file
from supportline.reference import presenting_issues
from supportline.services.allowance import AllowanceStatus
from supportline.services.cases import ROUTES, SERVICES, URGENCIES, CaseInput
from supportline.services.clients import GENDERS, ClientInput, ClientRecord, ContactPrompt
from supportline.services.eligibility import Eligibility
from supportline.services.intake import (
    CHANNELS,
    DIRECTIONS,
    OUTCOMES,
    PURPOSES,
    RISK_QUESTIONS,
    SERVICE_OUTCOMES,
    SIGNPOSTS,
    CallbackItem,
    CallDraft,
    ContactInput,
    ContactResult,
    assess_risk,
    risk_screening,
    signposting,
)
from supportline.services.urgency import at_least, urgency_floor
from supportline.validation import InvalidInput

from . import messages
from .banner_widget import BannerWidget
from .client_dialog import ClientDialog
from .client_search_widget import ClientSearchWidget
from .confirm_dialog import ConfirmDialog
from .escalation_dialog import EscalationDialog
from .guard import alive_only
from .info_sheet_files import InfoSheetFiles
from .job_runner import JobRunner
from .labels import (
    channel_label,
    direction_label,
    eligibility_reason_label,
    eligibility_status_label,
    outcome_label,
    purpose_label,
    risk_level_label,
    route_label,
    service_label,
    urgency_label,
)
from .services import Services
from .task_runner import TaskRunner
from .uk_format import format_date_time

ERROR_STYLE = "color: #a4262c;"
_STATUS_STYLES = {
    "eligible": "color: #1e4620; font-weight: bold;",
    "not_eligible": "color: #a4262c; font-weight: bold;",
    "expired": "color: #8a5300; font-weight: bold;",
}
_RISK_STYLES = {
    "none": "",
    "low": "color: #1b3a5c; font-weight: bold;",
    "medium": "color: #8a5300; font-weight: bold;",
    "high": "color: #a4262c; font-weight: bold;",
    "immediate": "background: #a4262c; color: white; font-weight: bold; padding: 2px 6px;",
}


@dataclass(frozen=True)
class ClientContext:
    """What the handler sees once a client is chosen (the record was opened: audited)."""

    record: ClientRecord
    prompt: ContactPrompt
    eligibility: Eligibility
    allowance: AllowanceStatus


def client_input_from_sheet(sheet: InfoSheet) -> ClientInput:
    gender = sheet.get("gender").strip().lower().replace("-", "_").replace(" ", "_")
    return ClientInput(
        first_name=sheet.get("first_name"),
        last_name=sheet.get("last_name"),
        preferred_name=sheet.get("preferred_name"),
        date_of_birth=sheet.get("date_of_birth") or None,
        gender=gender if gender in GENDERS else "not_stated",
        phone=sheet.get("phone"),
        phone_alt=sheet.get("phone_alt"),
        email=sheet.get("email"),
        address=sheet.get("address"),
        home_postcode=sheet.get("home_postcode"),
        work_postcode=sheet.get("work_postcode"),
        job_role=sheet.get("job_role"),
        voicemail_ok=sheet.flags.get("voicemail_ok", False),
        letters_ok=sheet.flags.get("letters_ok", False),
        email_ok=sheet.flags.get("email_ok", False),
        work_contact_ok=sheet.flags.get("work_contact_ok", False),
        venue_preference="work" if sheet.flags.get("prefer_work_venue") else "home",
    )


def _read_sheet_job(path: Path) -> Callable[..., InfoSheet]:
    def job(progress: Callable[[float, str], None], cancelled: Callable[[], bool]) -> InfoSheet:
        progress(0.0, "read")
        # A FIFO or a folder is refused before a byte is read (it would block the job).
        return read_info_sheet(read_regular_file(path))

    return job


class IntakeFormWidget(QWidget):
    saved = Signal(object)  # ContactResult
    cancelled = Signal()
    save_finished = Signal(str)  # "success" or "error"
    call_started = Signal()
    client_loaded = Signal()
    status_loaded = Signal()
    sheet_imported = Signal(str)  # "success" or "error"

    def __init__(self, services: Services, runner: TaskRunner, jobs: JobRunner,
                 callback: CallbackItem | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("intake_form")
        self._services = services
        self._runner = runner
        self._jobs = jobs
        self.callback = callback
        self.draft: CallDraft | None = None
        self.context: ClientContext | None = None
        self._status_pending = False
        self._busy = False
        self._escalation_shown = False
        self._build()
        self._connect_signals()
        self._refresh_outcome_fields()
        self._refresh_risk_level()
        self._start()

    # -- building -------------------------------------------------------------------------------

    def _combo(self, name: str, accessible: str, choices: list[tuple[str, str]],
               placeholder: str = "") -> QComboBox:
        combo = QComboBox()
        combo.setObjectName(name)
        combo.setAccessibleName(accessible)
        for code, text in choices:
            combo.addItem(text, code)
        if placeholder:
            combo.setPlaceholderText(placeholder)
            combo.setCurrentIndex(-1)
        return combo

    def _error_label(self, field: str) -> QLabel:
        label = QLabel()
        label.setObjectName(f"{field}_error_label")
        label.setStyleSheet(ERROR_STYLE)
        label.setWordWrap(True)
        label.setVisible(False)
        self.error_labels[field] = label
        return label

    def _field(self, widget: QWidget, field: str) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(1)
        layout.addWidget(widget)
        layout.addWidget(self._error_label(field))
        return box

    def _button(self, name: str, text: str) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.setAccessibleName(text.replace("&", "").rstrip("…"))
        return button

    def _info_label(self, name: str, accessible: str) -> QLabel:
        label = QLabel()
        label.setObjectName(name)
        label.setAccessibleName(accessible)
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return label

    def _build(self) -> None:
        self.error_labels: dict[str, QLabel] = {}
        choose = self.tr("Choose…")
        self.banner = BannerWidget()
        self.banner.setObjectName("intake_message_label")
        self.banner.setAccessibleName(self.tr("Call message"))
        self.title_label = QLabel(self.tr("New call") if self.callback is None
                                  else self.tr("Call-back"))
        self.title_label.setObjectName("intake_title_label")
        font = self.title_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.title_label.setFont(font)
        self.started_label = self._info_label("started_label", self.tr("Call started"))
        self.started_label.setWordWrap(False)

        # The call.
        self.direction_combo = self._combo(
            "direction_combo", self.tr("Direction"),
            [(code, direction_label(code)) for code in DIRECTIONS])
        self.channel_combo = self._combo(
            "channel_combo", self.tr("Channel"), [(code, channel_label(code)) for code in CHANNELS])
        self.purpose_combo = self._combo(
            "purpose_combo", self.tr("Purpose"), [(code, purpose_label(code)) for code in PURPOSES],
            choose)
        call_group = QGroupBox(self.tr("Call"))
        call_form = QFormLayout(call_group)
        call_form.addRow(self.tr("&Direction"), self._field(self.direction_combo, "direction"))
        call_form.addRow(self.tr("C&hannel"), self._field(self.channel_combo, "channel"))
        call_form.addRow(self.tr("&Purpose"), self._field(self.purpose_combo, "purpose"))

        # The client.
        self.client_search = ClientSearchWidget(self._services, self._runner, compact=True,
                                                name_prefix="intake_client")
        self.client_search.results_table.setMinimumHeight(110)
        self.client_search.results_table.setMaximumHeight(190)
        self.new_client_button = self._button("new_client_button", self.tr("New &client…"))
        self.import_sheet_button = self._button("import_sheet_button",
                                                self.tr("&Import information sheet…"))
        self.service_combo = self._combo(
            "service_combo", self.tr("Service asked about"),
            [(code, service_label(code)) for code in SERVICES])
        self.client_label = self._info_label("chosen_client_label", self.tr("Chosen client"))
        self.client_label.setText(self.tr("No client chosen yet."))
        self.eligibility_label = self._info_label("eligibility_label", self.tr("Eligibility"))
        self.allowance_label = self._info_label("allowance_label", self.tr("Allowance"))
        self.contact_label = self._info_label("contact_prompt_label",
                                              self.tr("How we may contact them"))
        self.client_risk_label = self._info_label("client_risk_label",
                                                  self.tr("Client risk level"))
        self.reason_edit = QLineEdit()
        self.reason_edit.setObjectName("eligibility_reason_edit")
        self.reason_edit.setAccessibleName(self.tr("Reason to go ahead although not eligible"))
        self.reason_edit.setPlaceholderText(self.tr("Required to refer: why go ahead?"))
        self.reason_row_label = QLabel(self.tr("&Reason"))
        self.reason_row_label.setBuddy(self.reason_edit)
        client_buttons = QHBoxLayout()
        client_buttons.addWidget(self.new_client_button)
        client_buttons.addWidget(self.import_sheet_button)
        client_buttons.addStretch(1)
        client_group = QGroupBox(self.tr("Client"))
        client_layout = QVBoxLayout(client_group)
        client_layout.addWidget(self.client_search)
        client_layout.addWidget(self._error_label("client"))
        client_layout.addLayout(client_buttons)
        client_form = QFormLayout()
        client_form.addRow(self.tr("Ser&vice"), self.service_combo)
        client_form.addRow(self.tr("Client"), self.client_label)
        client_form.addRow(self.tr("Eligibility"), self.eligibility_label)
        client_form.addRow(self.tr("Allowance"), self.allowance_label)
        client_form.addRow(self.tr("Contact"), self.contact_label)
        client_form.addRow(self.tr("Risk level"), self.client_risk_label)
        self.reason_field = self._field(self.reason_edit, "eligibility_override_reason")
        client_form.addRow(self.reason_row_label, self.reason_field)
        client_layout.addLayout(client_form)
        self._set_reason_visible(False)

        # Risk screening.
        screening = risk_screening()
        texts = {question["code"]: question["text"] for question in screening["questions"]}
        self.risk_checks: dict[str, QCheckBox] = {}
        risk_group = QGroupBox(self.tr("Risk screening (tick each answer that is yes)"))
        risk_layout = QVBoxLayout(risk_group)
        for code in RISK_QUESTIONS:
            check = QCheckBox(texts.get(code, code))
            check.setObjectName(f"risk_{code}_check")
            check.setAccessibleName(texts.get(code, code))
            self.risk_checks[code] = check
            risk_layout.addWidget(check)
        self.risk_detail_edit = QPlainTextEdit()
        self.risk_detail_edit.setObjectName("risk_detail_edit")
        self.risk_detail_edit.setAccessibleName(self.tr("Risk detail"))
        self.risk_detail_edit.setPlaceholderText(
            self.tr("Detail (sealed: only counsellors can read it)"))
        self.risk_detail_edit.setTabChangesFocus(True)
        self.risk_detail_edit.setFixedHeight(56)
        self.risk_level_label = self._info_label("risk_level_label",
                                                 self.tr("Assessed risk level"))
        risk_layout.addWidget(self.risk_detail_edit)
        risk_layout.addWidget(self.risk_level_label)

        # Outcome and referral.
        self.outcome_combo = self._combo(
            "outcome_combo", self.tr("Outcome"), [(code, outcome_label(code)) for code in OUTCOMES],
            choose)
        labels = signposting()
        self.signpost_combo = self._combo(
            "signpost_combo", self.tr("Signposted to"),
            [(code, labels.get(code, code)) for code in SIGNPOSTS], choose)
        self.route_combo = self._combo(
            "route_combo", self.tr("Referral route"),
            [(code, route_label(code)) for code in ROUTES], choose)
        self.issues_list = QListWidget()
        self.issues_list.setObjectName("presenting_issues_list")
        self.issues_list.setAccessibleName(self.tr("Presenting issues"))
        for issue in presenting_issues():
            item = QListWidgetItem(issue.label)
            item.setData(Qt.ItemDataRole.UserRole, issue.code)
            item.setToolTip(issue.code)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                          | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.issues_list.addItem(item)
        self.issues_list.setCurrentRow(0)
        self.issues_list.setMinimumHeight(120)
        self.urgency_combo = self._combo(
            "urgency_combo", self.tr("Urgency"),
            [(code, urgency_label(code)) for code in URGENCIES])
        self.urgency_combo.setCurrentIndex(URGENCIES.index("routine"))
        outcome_group = QGroupBox(self.tr("Outcome"))
        outcome_form = QFormLayout(outcome_group)
        outcome_form.addRow(self.tr("&Outcome"), self._field(self.outcome_combo, "outcome"))
        outcome_form.addRow(self.tr("Si&gnposted to"),
                            self._field(self.signpost_combo, "signposted_to"))
        outcome_form.addRow(self.tr("Referral ro&ute"),
                            self._field(self.route_combo, "referral_route"))
        outcome_form.addRow(self.tr("Presenting &issues"),
                            self._field(self.issues_list, "presenting_issues"))
        outcome_form.addRow(self.tr("Urgenc&y"), self._field(self.urgency_combo, "urgency"))
        outcome_form.addRow(self._error_label("case"))

        self.save_button = self._button("save_call_button", self.tr("&Save call"))
        self.save_button.setToolTip(self.tr("Save the call (Ctrl+S)"))
        self.cancel_button = self._button("cancel_call_button", self.tr("Cancel"))
        self.cancel_button.setToolTip(self.tr("Discard this call (Esc)"))

        left = QVBoxLayout()
        left.addWidget(call_group)
        left.addWidget(client_group)
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(risk_group)
        right.addWidget(outcome_group, 1)
        columns = QHBoxLayout()
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        body = QWidget()
        body.setObjectName("intake_body")
        body_layout = QVBoxLayout(body)
        body_layout.setContentsMargins(0, 0, 0, 0)
        body_layout.addLayout(columns)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(body)

        header = QHBoxLayout()
        header.addWidget(self.title_label)
        header.addStretch(1)
        header.addWidget(self.started_label)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.addLayout(header)
        layout.addWidget(self.banner)
        layout.addWidget(scroll, 1)
        layout.addLayout(buttons)

        self.save_shortcut = QShortcut(QKeySequence(self.tr("Ctrl+S")), self)
        self.save_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.save_shortcut.setWhatsThis(self.tr("Save the call"))
        self.cancel_shortcut = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        self.cancel_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.cancel_shortcut.setWhatsThis(self.tr("Discard the call (it asks first)"))

        self.tab_order: list[QWidget] = [
            self.direction_combo, self.channel_combo, self.purpose_combo,
            self.client_search.search_edit, self.client_search.results_table,
            self.new_client_button, self.import_sheet_button, self.service_combo,
            self.reason_edit,
            *self.risk_checks.values(), self.risk_detail_edit,
            self.outcome_combo, self.signpost_combo, self.route_combo, self.issues_list,
            self.urgency_combo, self.save_button, self.cancel_button,
        ]
        for first, second in zip(self.tab_order, self.tab_order[1:], strict=False):
            QWidget.setTabOrder(first, second)

        if self.callback is not None:
            self._apply_callback(self.callback)

    def _apply_callback(self, item: CallbackItem) -> None:
        self.direction_combo.setCurrentIndex(DIRECTIONS.index("out"))
        self.direction_combo.setEnabled(False)
        self.channel_combo.setCurrentIndex(CHANNELS.index("phone"))
        self.purpose_combo.setCurrentIndex(PURPOSES.index(item.purpose)
                                           if item.purpose in PURPOSES else -1)
        who = item.callback_name or self.tr("an existing client")
        number = item.callback_phone or self.tr("the number on their record")
        self.title_label.setText(self.tr("Call-back to {who} on {number}").format(
            who=who, number=number))

    def _connect_signals(self) -> None:
        self.client_search.client_chosen.connect(self._on_client_search_client_chosen)
        self.new_client_button.clicked.connect(self._on_new_client_button_clicked)
        self.import_sheet_button.clicked.connect(self._on_import_sheet_button_clicked)
        self.service_combo.currentIndexChanged.connect(self._on_service_combo_changed)
        self.outcome_combo.currentIndexChanged.connect(self._on_outcome_combo_changed)
        for check in self.risk_checks.values():
            check.toggled.connect(self._on_risk_check_toggled)
        self.save_button.clicked.connect(self._on_save_button_clicked)
        self.cancel_button.clicked.connect(self._on_cancel_button_clicked)
        self.save_shortcut.activated.connect(self._on_save_button_clicked)
        self.cancel_shortcut.activated.connect(self._on_cancel_button_clicked)

    # -- starting -------------------------------------------------------------------------------

    def _start(self) -> None:
        self.save_button.setEnabled(False)
        intake = self._services.intake
        direction = "out" if self.callback is not None else "in"
        self._runner.submit(lambda: intake.start_call(direction, "phone"),
                            alive_only(self, self._on_runner_started),
                            alive_only(self, self._on_runner_failed))

    def _on_runner_started(self, draft: CallDraft) -> None:
        self.draft = draft
        self.started_label.setText(self.tr("Started {time}").format(
            time=format_date_time(draft.started_at)))
        self.save_button.setEnabled(True)
        if self.callback is not None and self.callback.client_id is not None:
            self.choose_client(self.callback.client_id)
        self.call_started.emit()

    # -- state ----------------------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        return self._busy or self._status_pending

    def risk_answers(self) -> dict[str, bool]:
        return {code: check.isChecked() for code, check in self.risk_checks.items()}

    def assessed_level(self) -> str:
        return assess_risk(self.risk_answers())

    def checked_issues(self) -> tuple[str, ...]:
        codes = []
        for row in range(self.issues_list.count()):
            item = self.issues_list.item(row)
            if item.checkState() == Qt.CheckState.Checked:
                codes.append(str(item.data(Qt.ItemDataRole.UserRole)))
        return tuple(codes)

    def _code(self, combo: QComboBox) -> str:
        code = combo.currentData()
        return str(code) if code is not None and combo.currentIndex() >= 0 else ""

    def contact_input(self) -> ContactInput:
        assert self.draft is not None
        outcome = self._code(self.outcome_combo)
        case = None
        if outcome in SERVICE_OUTCOMES:
            case = CaseInput(outcome, self._code(self.route_combo), self.checked_issues(),
                             self._code(self.urgency_combo) or "routine")
        eligibility = ""
        if self.context is not None:
            eligibility = self.context.eligibility.status.value
        return ContactInput(
            direction=self._code(self.direction_combo),
            channel=self._code(self.channel_combo),
            purpose=self._code(self.purpose_combo),
            outcome=outcome,
            started_at=self.draft.started_at,
            client_id=self.context.record.id if self.context is not None else None,
            signposted_to=self._code(self.signpost_combo) if outcome == "signposted" else "",
            eligibility=eligibility,
            eligibility_override_reason=self.reason_edit.text(),
            risk_answers=self.risk_answers(),
            risk_detail=self.risk_detail_edit.toPlainText(),
            case=case,
        )

    # -- the client -----------------------------------------------------------------------------

    def choose_client(self, client_id: int) -> None:
        """Open the record (an audited view) and show what the handler needs to know."""
        services = self._services
        service = self._code(self.service_combo) or "counselling"
        today = services.today()

        def load() -> ClientContext:
            record = services.clients.open(client_id)
            return ClientContext(
                record,
                services.clients.contact_prompt(record),
                services.eligibility.check(record.data.organisation_id, service, today),
                services.allowance.status(client_id, service, today),
            )

        self._status_pending = True
        self.client_label.setText(self.tr("Opening the record…"))
        self._runner.submit(load, alive_only(self, self._on_runner_client_loaded),
                            alive_only(self, self._on_runner_status_failed))

    def _reload_status(self) -> None:
        if self.context is None:
            return
        services = self._services
        record = self.context.record
        service = self._code(self.service_combo) or "counselling"
        today = services.today()
        context = self.context

        def load() -> ClientContext:
            return ClientContext(
                record, context.prompt,
                services.eligibility.check(record.data.organisation_id, service, today),
                services.allowance.status(record.id, service, today),
            )

        self._status_pending = True
        self._runner.submit(load, alive_only(self, self._on_runner_status_loaded),
                            alive_only(self, self._on_runner_status_failed))

    def _on_runner_client_loaded(self, context: ClientContext) -> None:
        self._show_context(context)
        self.client_loaded.emit()
        self.status_loaded.emit()

    def _on_runner_status_loaded(self, context: ClientContext) -> None:
        self._show_context(context)
        self.status_loaded.emit()

    def _on_runner_status_failed(self, error: BaseException) -> None:
        self._status_pending = False
        self.banner.show_message(messages.error_message(error), "error")

    def _show_context(self, context: ClientContext) -> None:
        self._status_pending = False
        self.context = context
        record = context.record
        self.client_label.setText(self.tr("{name} ({reference}){organisation}").format(
            name=record.display_name, reference=record.reference,
            organisation=f" – {record.organisation}" if record.organisation else ""))
        self.error_labels["client"].setVisible(False)

        eligibility = context.eligibility
        status = eligibility.status.value
        text = eligibility_status_label(status)
        if eligibility.reason is not None and status != "eligible":
            text += self.tr(": {reason}").format(
                reason=eligibility_reason_label(eligibility.reason.value))
        if status == "expired" and eligibility.agreement_ends is not None:
            text += self.tr(" (ended {date})").format(
                date=eligibility.agreement_ends.strftime("%d/%m/%Y"))
        elif status == "eligible" and eligibility.agreement_ends is not None:
            text += self.tr(" (agreement until {date})").format(
                date=eligibility.agreement_ends.strftime("%d/%m/%Y"))
        self.eligibility_label.setText(text)
        self.eligibility_label.setStyleSheet(_STATUS_STYLES.get(status, ""))
        self._set_reason_visible(status != "eligible")

        allowance = context.allowance
        allowance_text = self.tr(
            "{used} used, {booked} booked, {left} left of {allowed} "
            "(year {start} to {end})").format(
            used=allowance.used, booked=allowance.booked, left=allowance.left,
            allowed=allowance.allowed, start=allowance.year_start.strftime("%d/%m/%Y"),
            end=allowance.year_end.strftime("%d/%m/%Y"))
        if allowance.over_limit:
            allowance_text += self.tr(": allowance reached")
        self.allowance_label.setText(allowance_text)

        prompt = context.prompt
        yes, no = self.tr("yes"), self.tr("no")
        number = prompt.number or self.tr("do not phone")
        self.contact_label.setText(self.tr(
            "Call {number}; voicemail {voicemail}; letters {letters}; e-mail {email}; "
            "at work {work}").format(
            number=number, voicemail=yes if prompt.voicemail_ok else no,
            letters=yes if prompt.letters_ok else no,
            email=prompt.email or no, work=yes if prompt.work_contact_ok else no))

        level = record.risk_level
        self.client_risk_label.setText(risk_level_label(level))
        self.client_risk_label.setStyleSheet(_RISK_STYLES.get(level, ""))

    def _set_reason_visible(self, visible: bool) -> None:
        self.reason_row_label.setVisible(visible)
        self.reason_field.setVisible(visible)

    # -- slots ----------------------------------------------------------------------------------

    @Slot(object)
    def _on_client_search_client_chosen(self, client: Any) -> None:
        self.choose_client(client.id)

    @Slot()
    def _on_new_client_button_clicked(self) -> None:
        client_id = ClientDialog.ask(self, self._services, self._runner)
        if client_id is not None:
            self.choose_client(client_id)

    @Slot()
    def _on_import_sheet_button_clicked(self) -> None:
        path = InfoSheetFiles.open_path(self)
        if path is None:
            return
        self._jobs.start(_read_sheet_job(path), alive_only(self, self._on_jobs_sheet_read),
                         alive_only(self, self._on_jobs_sheet_failed))

    def _on_jobs_sheet_read(self, sheet: InfoSheet) -> None:
        self.channel_combo.setCurrentIndex(CHANNELS.index("email"))
        service = sheet.service.replace(" ", "_")
        if service in SERVICES:
            self.service_combo.setCurrentIndex(SERVICES.index(service))
        self.banner.show_message(self.tr("Information sheet read: check the details, then save "
                                         "the client."), "info")
        self.sheet_imported.emit("success")
        client_id = ClientDialog.ask(self, self._services, self._runner,
                                     initial=client_input_from_sheet(sheet),
                                     organisation_hint=sheet.get("organisation"))
        if client_id is not None:
            self.banner.clear_message()
            self.choose_client(client_id)

    def _on_jobs_sheet_failed(self, error: BaseException) -> None:
        if isinstance(error, OSError):
            self.banner.show_message(self.tr("That file cannot be opened; nothing was entered."),
                                     "error")
        else:
            self.banner.show_message(messages.error_message(error), "error")
        self.sheet_imported.emit("error")

    @Slot(int)
    def _on_service_combo_changed(self, _index: int) -> None:
        self._reload_status()

    @Slot(int)
    def _on_outcome_combo_changed(self, _index: int) -> None:
        outcome = self._code(self.outcome_combo)
        if outcome in SERVICE_OUTCOMES and self._code(self.service_combo) != outcome:
            self.service_combo.setCurrentIndex(SERVICES.index(outcome))
        self._refresh_outcome_fields()

    def _refresh_outcome_fields(self) -> None:
        outcome = self._code(self.outcome_combo)
        self.signpost_combo.setEnabled(outcome == "signposted")
        referral = outcome in SERVICE_OUTCOMES
        for widget in (self.route_combo, self.issues_list, self.urgency_combo):
            widget.setEnabled(referral)

    @Slot(bool)
    def _on_risk_check_toggled(self, _checked: bool) -> None:
        level = self._refresh_risk_level()
        if level != "immediate":
            self._escalation_shown = False
            return
        if not self._escalation_shown:
            self._show_escalation()

    def _refresh_risk_level(self) -> str:
        level = self.assessed_level()
        self.risk_level_label.setText(self.tr("Assessed level: {level}").format(
            level=risk_level_label(level)))
        self.risk_level_label.setStyleSheet(_RISK_STYLES.get(level, ""))
        # The core opens the case at least this urgent whatever is chosen: show it here too.
        chosen = self._code(self.urgency_combo) or "routine"
        floor = at_least(chosen, urgency_floor(level))
        if floor != chosen:
            self.urgency_combo.setCurrentIndex(URGENCIES.index(floor))
        return level

    def _show_escalation(self) -> None:
        self._escalation_shown = True
        steps = [str(step) for step in risk_screening()["escalation"]["steps"]]
        EscalationDialog.show_steps(self, steps)

    @Slot()
    def _on_save_button_clicked(self) -> None:
        if self._busy or self.draft is None:
            return
        if self._status_pending:
            self.banner.show_message(self.tr("Still checking the client's eligibility; try "
                                             "again in a moment."), "info")
            return
        if self.assessed_level() == "immediate" and not self._escalation_shown:
            self._show_escalation()
        self._clear_problems()
        data = self.contact_input()
        intake = self._services.intake
        callback = self.callback
        self._busy = True
        self.save_button.setEnabled(False)
        self.banner.show_message(self.tr("Saving…"), "info")
        if callback is None:
            def save() -> ContactResult:
                return intake.finish_call(data)
        else:
            def save() -> ContactResult:
                return intake.log_callback(callback.contact_id, data)
        self._runner.submit(save, alive_only(self, self._on_runner_saved),
                            alive_only(self, self._on_runner_save_failed))

    def _on_runner_saved(self, result: ContactResult) -> None:
        self._busy = False
        self.save_button.setEnabled(True)
        self.result = result
        if result.escalate and not self._escalation_shown:
            self._show_escalation()
        self.banner.show_message(self.tr("Call saved."), "success")
        self.save_finished.emit("success")
        self.saved.emit(result)

    def _on_runner_save_failed(self, error: BaseException) -> None:
        self._busy = False
        self.save_button.setEnabled(True)
        problems = getattr(error, "problems", None)
        if problems:
            elsewhere = self._show_problems(problems)
            text = self.tr("The call has not been saved yet: please correct the marked fields.")
            if elsewhere:
                text += " " + messages.problems_message(elsewhere)
            self.banner.show_message(text, "error")
        else:
            self.banner.show_message(messages.error_message(error), "error")
        self.save_finished.emit("error")

    def _on_runner_failed(self, error: BaseException) -> None:
        self.banner.show_message(messages.error_message(error), "error")

    @Slot()
    def _on_cancel_button_clicked(self) -> None:
        if ConfirmDialog.ask(
            self,
            self.tr("Discard this call?"),
            self.tr("Discard what has been entered? The call will not be logged."),
            self.tr("Discard call"),
        ):
            self.cancelled.emit()

    # -- problems -------------------------------------------------------------------------------

    def _clear_problems(self) -> None:
        for label in self.error_labels.values():
            label.clear()
            label.setVisible(False)

    def _show_problems(self, problems: Any) -> list[InvalidInput]:
        elsewhere: list[InvalidInput] = []
        for problem in problems:
            field = "outcome" if problem.field == "service" else problem.field
            label = self.error_labels.get(field)
            if label is None:
                elsewhere.append(problem)
                continue
            if field == "eligibility_override_reason":
                self._set_reason_visible(True)
            sentence = messages.problem_reason(problem.field, problem.reason)
            label.setText(sentence[:1].upper() + sentence[1:])
            label.setVisible(True)
        return elsewhere

    def visible_problems(self) -> dict[str, str]:
        return {field: label.text() for field, label in self.error_labels.items()
                if label.isVisibleTo(self) and label.text()}

