"""One case, for its counsellor: Assessment, Sessions, Measures, Chart and Evaluation forms tabs,
with Close case… and (for clinical leads) Subject access…. A closed case opens read-only: its
record can be read, a session's note finished within its 24 hours or amended, nothing else.

Alt+1 to Alt+5 switch tabs (Alt+6: Parties, on mediation cases only); Esc (or Back) returns
to the caseload. Every service call goes through the task runner; the clinical record is read
only by the allocated counsellor or a lead.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from supportline.calendar_uk import LONDON
from supportline.measures import Measure
from supportline.services.clinical import CaseloadItem, ClinicalService, MeasurePoint

from . import clinical_messages
from .assessment_form import AssessmentFormWidget
from .banner_widget import BannerWidget
from .case_appointment_table_model import CaseAppointment, CaseAppointmentTableModel
from .change_watch import ChangeWatch
from .closure_dialog import ClosureDialog
from .evaluation_forms_panel import EvaluationFormsPanel
from .guard import alive_only
from .labels import case_stage_label, risk_level_label, service_label
from .layout_fit import fit_columns
from .letter_preview_dialog import LetterPreviewDialog
from .measure_chart_widget import MeasureChartWidget
from .measure_set_widget import MeasureSetWidget
from .mediation_panel import MediationPanel
from .risk_urgency_actions import RiskUrgencyActions
from .services import Services
from .session_record_form import SessionRecordWidget
from .task_runner import TaskRunner

TAB_ASSESSMENT, TAB_SESSIONS, TAB_MEASURES, TAB_CHART, TAB_FORMS, TAB_PARTIES = range(6)


@dataclass(frozen=True)
class WorkspaceData:
    measures: dict[str, Measure]
    appointments: list[CaseAppointment]
    history: dict[str, list[MeasurePoint]]


class CaseWorkspaceView(QWidget):
    loaded = Signal()
    back_requested = Signal()
    case_closed = Signal(int)
    closure_dialog_opened = Signal(object)  # ClosureDialog
    measures_saved = Signal(str)  # "success" or "error"
    history_loaded = Signal()
    subject_access_made = Signal()

    # The header (stage, risk) and the Sessions list; the tabs' forms are never reloaded.
    SHOWS = ("cases", "clients", "risk_alerts", "appointments")

    def __init__(self, services: Services, clinical: ClinicalService, runner: TaskRunner,
                 case: CaseloadItem, may_subject_access: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("case_workspace")
        self._services = services
        self._clinical = clinical
        self._runner = runner
        self.case = case
        self.data: WorkspaceData | None = None
        self._wanted_appointment: int | None = None
        self._busy = False
        self._saving_taken_on: date | None = None
        self._build(may_subject_access)
        self._connect_signals()
        self.change_watch = ChangeWatch(self, runner, self.SHOWS, self._refresh)
        self.setAccessibleName(self.tr("Case {reference}").format(reference=case.reference))

    # -- building -------------------------------------------------------------------------------

    def _button(self, name: str, text: str) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.setAccessibleName(text.replace("&", "").rstrip("…"))
        return button

    def _build(self, may_subject_access: bool) -> None:
        case = self.case
        self.back_button = self._button("back_to_caseload_button", self.tr("← &Caseload"))
        self.back_button.setToolTip(self.tr("Back to the caseload (Esc)"))
        self.title_label = QLabel()
        self.title_label.setObjectName("case_title_label")
        font = self.title_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.title_label.setFont(font)
        self.summary_label = QLabel()
        self.summary_label.setObjectName("case_summary_label")
        self.summary_label.setAccessibleName(self.tr("Case summary"))
        self.review_risk_button = self._button("workspace_review_risk_button",
                                               self.tr("Review &risk…"))
        self.review_risk_button.setToolTip(self.tr(
            "See the client's risk alerts and lower the level, giving your reason"))
        self.actions = RiskUrgencyActions(self._services, self._runner, self)
        self.close_case_button = self._button("close_case_button", self.tr("Close case…"))
        self.subject_access_button = self._button("subject_access_button",
                                                  self.tr("Subject &access printout…"))
        self.subject_access_button.setToolTip(self.tr(
            "Everything the service holds about this client, as a PDF to check and send "
            "(clinical leads and administrators; recorded in the audit log)"))
        header = QHBoxLayout()
        header.addWidget(self.back_button)
        header.addWidget(self.title_label)
        header.addWidget(self.summary_label, 1)
        header.addWidget(self.review_risk_button)
        header.addWidget(self.subject_access_button)
        header.addWidget(self.close_case_button)
        self.banner = BannerWidget()
        self.banner.setObjectName("workspace_message_label")
        self.banner.setAccessibleName(self.tr("Case message"))

        self.assessment = AssessmentFormWidget(self._clinical, self._runner, case)

        self.appointment_model = CaseAppointmentTableModel(self)
        self.appointment_proxy = QSortFilterProxyModel(self)
        self.appointment_proxy.setSourceModel(self.appointment_model)
        self.appointment_proxy.setSortRole(CaseAppointmentTableModel.SortRole)
        self.appointments_table = QTableView()
        self.appointments_table.setObjectName("case_appointments_table")
        self.appointments_table.setAccessibleName(self.tr("Sessions of this case"))
        self.appointments_table.setModel(self.appointment_proxy)
        self.appointments_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.appointments_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.appointments_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.appointments_table.setTabKeyNavigation(False)
        self.appointments_table.verticalHeader().setVisible(False)
        fit_columns(self.appointments_table, -1)
        self.appointments_table.sortByColumn(CaseAppointmentTableModel.COLUMN_WHEN,
                                             Qt.SortOrder.AscendingOrder)
        self.session_record = SessionRecordWidget(self._services, self._clinical, self._runner,
                                                  case)
        sessions = QSplitter(Qt.Orientation.Horizontal)
        sessions.setObjectName("sessions_splitter")
        sessions.addWidget(self.appointments_table)
        sessions.addWidget(self.session_record)
        sessions.setStretchFactor(0, 1)
        sessions.setStretchFactor(1, 4)
        sessions.setSizes([310, 910])

        self.case_measures = MeasureSetWidget("case", with_date=True)
        assert self.case_measures.taken_on_edit is not None
        self.taken_on_edit = self.case_measures.taken_on_edit
        self.record_measures_button = self._button("record_measures_button",
                                                   self.tr("&Record measures"))
        self.record_measures_button.setToolTip(self.tr(
            "Record the measures filled in, not linked to a session (Ctrl+S)"))
        self.measures_banner = BannerWidget()
        self.measures_banner.setObjectName("measures_message_label")
        measures_page = QWidget()
        measures_page.setObjectName("measures_page")
        measures_layout = QVBoxLayout(measures_page)
        measures_layout.addWidget(self.measures_banner)
        measures_layout.addWidget(self.case_measures, 1)
        measure_buttons = QHBoxLayout()
        measure_buttons.addStretch(1)
        measure_buttons.addWidget(self.record_measures_button)
        measures_layout.addLayout(measure_buttons)
        self.measures_save_shortcut = QShortcut(QKeySequence(self.tr("Ctrl+S")), measures_page)
        self.measures_save_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.measures_save_shortcut.setWhatsThis(self.tr("Record the measures"))

        self.chart = MeasureChartWidget()
        self.forms = EvaluationFormsPanel(self._clinical, self._runner, case)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("case_tabs")
        self.tabs.setAccessibleName(self.tr("Case record"))
        self.tabs.addTab(self.assessment, self.tr("Assessment"))
        self.tabs.addTab(sessions, self.tr("Sessions"))
        self.tabs.addTab(measures_page, self.tr("Measures"))
        self.tabs.addTab(self.chart, self.tr("Chart"))
        self.tabs.addTab(self.forms, self.tr("Evaluation forms"))
        self.parties: MediationPanel | None = None
        if case.service == "mediation":
            self.parties = MediationPanel(self._services, self._clinical, self._runner, case)
            self.tabs.addTab(self.parties, self.tr("Parties"))
        self.tab_shortcuts: list[QShortcut] = []
        for index in range(self.tabs.count()):
            self.tabs.setTabToolTip(index, self.tr("{tab} (Alt+{n})").format(
                tab=self.tabs.tabText(index), n=index + 1))
            shortcut = QShortcut(QKeySequence(f"Alt+{index + 1}"), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.setWhatsThis(self.tr("Show the case's {tab} tab").format(
                tab=self.tabs.tabText(index).replace("&", "")))
            shortcut.activated.connect(lambda i=index: self.show_tab(i))
            self.tab_shortcuts.append(shortcut)
        self.back_shortcut = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        self.back_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.back_shortcut.setWhatsThis(self.tr("Back to the caseload"))

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.addLayout(header)
        layout.addWidget(self.banner)
        layout.addWidget(self.tabs, 1)
        # Only once it has a parent: shown before, it would open as a window of its own.
        self.subject_access_button.setVisible(may_subject_access)
        self._show_header()

    def _connect_signals(self) -> None:
        self.back_button.clicked.connect(self.back_requested)
        self.back_shortcut.activated.connect(self.back_requested)
        self.close_case_button.clicked.connect(self._on_close_case_button_clicked)
        self.review_risk_button.clicked.connect(self._on_review_risk_button_clicked)
        self.actions.finished.connect(self._on_actions_finished)
        self.actions.risk_lowered.connect(self._on_actions_risk_lowered)
        self.subject_access_button.clicked.connect(self._on_subject_access_button_clicked)
        self.appointments_table.selectionModel().currentRowChanged.connect(
            self._on_appointments_current_row_changed)
        self.appointments_table.activated.connect(self._on_appointments_table_activated)
        self.assessment.measure_requested.connect(self._on_assessment_measure_requested)
        self.session_record.save_finished.connect(self._on_session_record_save_finished)
        self.record_measures_button.clicked.connect(self._on_record_measures_button_clicked)
        self.measures_save_shortcut.activated.connect(self._on_record_measures_button_clicked)
        self.tabs.currentChanged.connect(self._on_tabs_current_changed)

    @property
    def read_only(self) -> bool:
        return self.case.status == "closed"

    def _show_header(self) -> None:
        case = self.case
        self.title_label.setText(f"{case.reference} {case.client_name}")
        self.summary_label.setText(self.tr("{service}, {stage}; risk: {risk}").format(
            service=service_label(case.service), stage=case_stage_label(case.stage).lower(),
            risk=risk_level_label(case.risk_level).lower()))
        self.close_case_button.setEnabled(not self.read_only)
        self.review_risk_button.setEnabled(case.risk_level not in ("none", ""))
        if self.read_only:
            self._show_read_only()

    def _show_read_only(self) -> None:
        self.assessment.set_read_only(True)
        self.session_record.set_case_closed()
        self.case_measures.setEnabled(False)
        self.record_measures_button.setEnabled(False)
        self.measures_save_shortcut.setEnabled(False)
        self.measures_banner.show_message(
            self.tr("The case is closed: no more measures can be recorded."), "info")
        closed = self.case.closed_at
        self.banner.show_message(self.tr(
            "This case was closed on {date}. Its record is read-only; a session's note can "
            "still be finished within 24 hours of the session, and amended after.").format(
            date=closed.astimezone(LONDON).strftime("%d/%m/%Y") if closed else "?"), "info")

    # -- loading --------------------------------------------------------------------------------

    def load(self, appointment_id: int | None = None) -> None:
        """Everything the tabs need; ``appointment_id`` is selected on the Sessions tab."""
        self._wanted_appointment = appointment_id
        clinical, booking, case_id = self._clinical, self._services.booking, self.case.case_id

        def load() -> WorkspaceData:
            measures = clinical.measures()
            appointments = [CaseAppointment.from_row(r)
                            for r in booking.appointments_for_case(case_id)]
            return WorkspaceData(measures, appointments, clinical.measure_history(case_id))

        self._runner.submit(load, alive_only(self, self._on_runner_loaded),
                            alive_only(self, self._on_runner_failed))
        self.assessment.load()
        self.forms.load()
        if self.parties is not None:
            self.parties.load()

    def _on_runner_loaded(self, data: WorkspaceData) -> None:
        self.data = data
        self.assessment.set_measures({mid: m.name for mid, m in data.measures.items()})
        self.session_record.set_measures(data.measures)
        self.case_measures.set_measures(data.measures)
        self._reset_taken_on()
        self._show_appointments(data.appointments)
        self.chart.set_history(data.history, data.measures)
        if self._wanted_appointment is not None:
            self.show_tab(TAB_SESSIONS)
        self.loaded.emit()

    def _show_appointments(self, appointments: list[CaseAppointment]) -> None:
        current = self.selected_appointment()
        self.appointment_model.set_rows(appointments)
        if self.parties is not None:
            self.parties.set_appointments(appointments)
        wanted = self._wanted_appointment or (current.id if current else None)
        if wanted is None:
            wanted = self._default_appointment(appointments)
        if wanted is not None:
            self.select_appointment(wanted)

    def _default_appointment(self, appointments: list[CaseAppointment]) -> int | None:
        """The latest session that has started (the one to write up), else the next one."""
        now: datetime = self._services.session.clock()
        live = [a for a in appointments if not a.cancelled]
        started = [a for a in live if a.starts_at <= now]
        if started:
            return started[-1].id
        return live[0].id if live else None

    def _reset_taken_on(self, day: date | None = None) -> None:
        """The Measures tab's "taken on": within the case's life, today unless ``day``."""
        today = self._services.today()
        opened = self.case.opened_at
        self.case_measures.set_date_range(
            opened.astimezone(LONDON).date() if opened is not None else None, today)
        self.case_measures.set_taken_on(day or today)

    def _assessment_day(self) -> date | None:
        """The day of the assessment that took place (a baseline is taken there)."""
        if self.data is None:
            return None
        now = self._services.session.clock()
        held = [a for a in self.data.appointments
                if a.kind == "assessment" and not a.cancelled and a.starts_at <= now]
        return held[-1].starts_at.astimezone(LONDON).date() if held else None

    def reload_history(self) -> None:
        clinical, case_id = self._clinical, self.case.case_id
        self._runner.submit(lambda: clinical.measure_history(case_id),
                            alive_only(self, self._on_runner_history),
                            alive_only(self, self._on_runner_failed))

    def _on_runner_history(self, history: dict[str, list[MeasurePoint]]) -> None:
        if self.data is not None:
            self.data = replace(self.data, history=history)
            self.chart.set_history(history, self.data.measures)
        self.history_loaded.emit()

    def _reload_appointments(self) -> None:
        booking, case_id = self._services.booking, self.case.case_id
        self._runner.submit(
            lambda: [CaseAppointment.from_row(r) for r in booking.appointments_for_case(case_id)],
            alive_only(self, self._show_appointments), alive_only(self, self._on_runner_failed))

    def _refresh(self) -> None:
        """After a change elsewhere: the case as the caseload now has it, and its sessions."""
        clinical, case_id = self._clinical, self.case.case_id

        def load() -> CaseloadItem | None:
            return next((item for item in clinical.caseload() if item.case_id == case_id), None)

        self._runner.submit(load, alive_only(self, self._on_runner_case_refreshed),
                            alive_only(self, self._on_runner_failed))
        self._reload_appointments()

    def _on_runner_case_refreshed(self, case: CaseloadItem | None) -> None:
        if case is not None:  # a closed case leaves the caseload; its header says so already
            self.case = case
            self._show_header()

    def _on_runner_failed(self, error: BaseException) -> None:
        self.banner.show_message(clinical_messages.error_message(error), "error")

    # -- queries and navigation -----------------------------------------------------------------

    def show_tab(self, index: int) -> None:
        self.tabs.setCurrentIndex(index)
        if index == TAB_SESSIONS:
            self.appointments_table.setFocus(Qt.FocusReason.ShortcutFocusReason)
        elif index == TAB_MEASURES:
            self.case_measures.measure_combo.setFocus(Qt.FocusReason.ShortcutFocusReason)
        elif index == TAB_ASSESSMENT:
            self.assessment.issues_list.setFocus(Qt.FocusReason.ShortcutFocusReason)
        elif index == TAB_FORMS:
            self.forms.first_button.setFocus(Qt.FocusReason.ShortcutFocusReason)
        elif index == TAB_PARTIES and self.parties is not None:
            self.parties.focus_first()

    def selected_appointment(self) -> CaseAppointment | None:
        index = self.appointments_table.currentIndex()
        if not index.isValid():
            return None
        return index.data(CaseAppointmentTableModel.RowObjectRole)

    def select_appointment(self, appointment_id: int) -> bool:
        row = self.appointment_model.row_of(appointment_id)
        if row < 0:
            return False
        index = self.appointment_proxy.mapFromSource(self.appointment_model.index(row, 0))
        self.appointments_table.setCurrentIndex(index)
        self.appointments_table.scrollTo(index)
        return True

    # -- slots ----------------------------------------------------------------------------------

    @Slot(QModelIndex, QModelIndex)
    def _on_appointments_current_row_changed(self, current: QModelIndex,
                                             _previous: QModelIndex) -> None:
        appointment = current.data(CaseAppointmentTableModel.RowObjectRole) \
            if current.isValid() else None
        if appointment is not None:
            self.session_record.show_appointment(appointment)
            if self.parties is not None:
                self.parties.select_appointment(appointment.id)

    @Slot(QModelIndex)
    def _on_appointments_table_activated(self, _index: QModelIndex) -> None:
        record = self.session_record
        for widget in (record.attended_radio, record.note_edit):
            if widget.isEnabled():
                widget.setFocus(Qt.FocusReason.OtherFocusReason)
                return
        record.measures.measure_combo.setFocus(Qt.FocusReason.OtherFocusReason)

    @Slot(str)
    def _on_assessment_measure_requested(self, measure_id: str) -> None:
        self.show_tab(TAB_MEASURES)
        self._reset_taken_on(self._assessment_day())
        entry = self.case_measures.choose(measure_id)
        if entry is not None:
            entry.first_item().setFocus(Qt.FocusReason.OtherFocusReason)

    @Slot(str)
    def _on_session_record_save_finished(self, _kind: str) -> None:
        self.reload_history()

    @Slot(int)
    def _on_tabs_current_changed(self, index: int) -> None:
        if index == TAB_CHART and self.data is not None:
            self.reload_history()

    @Slot()
    def _on_record_measures_button_clicked(self) -> None:
        filled = {mid: entry.answers() for mid, entry in self.case_measures.filled().items()}
        if self._busy:
            return
        if not filled:
            self.measures_banner.show_message(self.tr("Answer at least one item first."), "info")
            return
        clinical, case_id = self._clinical, self.case.case_id
        taken_on = self.case_measures.taken_on()
        self._saving_taken_on = taken_on

        def record() -> dict[str, object]:
            return {mid: clinical.record_measure(case_id, mid, answers, taken_on=taken_on)
                    for mid, answers in filled.items()}

        self._busy = True
        self.measures_banner.show_message(self.tr("Saving…"), "info")
        self._runner.submit(record, alive_only(self, self._on_runner_measures_recorded),
                            alive_only(self, self._on_runner_measures_failed))

    def _on_runner_measures_recorded(self, scores: dict[str, object]) -> None:
        self._busy = False
        self.case_measures.clear(list(scores))
        self._reset_taken_on()
        parts = []
        prompts = []
        for measure_id, result in scores.items():
            total = getattr(result, "total", None)
            band = getattr(result, "band", None)
            parts.append(self.tr("{measure} {total} ({band})").format(
                measure=measure_id, total=f"{total:g}", band=band) if total is not None
                else self.tr("{measure} (too many items missing to score)").format(
                measure=measure_id))
            if getattr(result, "risk_items", ()) and self.data is not None:
                prompts.append(self.data.measures[measure_id].risk_prompt)
        taken_on = self._saving_taken_on
        text = (self.tr("Recorded, taken on {date}: {measures}.").format(
            date=taken_on.strftime("%d/%m/%Y"), measures="; ".join(parts)) if taken_on
            else self.tr("Recorded: {measures}.").format(measures="; ".join(parts)))
        self.measures_banner.show_message(" ".join([*prompts, text]),
                                          "error" if prompts else "success")
        self.reload_history()
        self.measures_saved.emit("success")

    def _on_runner_measures_failed(self, error: BaseException) -> None:
        self._busy = False
        self.measures_banner.show_message(clinical_messages.error_message(error), "error")
        self.measures_saved.emit("error")

    @Slot()
    def _on_close_case_button_clicked(self) -> None:
        dialog = ClosureDialog(self._clinical, self._runner, self.case, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.case_closed.connect(self._on_closure_dialog_case_closed)
        dialog.open()
        dialog.ending_combo.setFocus(Qt.FocusReason.OtherFocusReason)
        self.closure_dialog_opened.emit(dialog)

    def _on_closure_dialog_case_closed(self, _result: object) -> None:
        self.case = replace(self.case, status="closed", next_session=None,
                            closed_at=self._services.session.clock())
        self._show_header()
        self.forms.set_closed()
        self.banner.show_message(self.tr(
            "The case is closed; it has left your active caseload (Show closed cases lists "
            "it, read-only)."), "success")
        self._reload_appointments()
        self.case_closed.emit(self.case.case_id)

    @Slot()
    def _on_review_risk_button_clicked(self) -> None:
        self.actions.review_risk(self.case.client_id, self.case.risk_level)

    @Slot(int, str)
    def _on_actions_risk_lowered(self, _client_id: int, level: str) -> None:
        self.case = replace(self.case, risk_level=level)
        self._show_header()

    @Slot(str, str)
    def _on_actions_finished(self, kind: str, text: str) -> None:
        self.banner.show_message(text, kind)

    @Slot()
    def _on_subject_access_button_clicked(self) -> None:
        subject_access, client_id = self._services.subject_access, self.case.client_id
        self.banner.show_message(self.tr("Preparing the subject access printout…"), "info")
        self._runner.submit(lambda: subject_access.printout(client_id),
                            alive_only(self, self._on_runner_subject_access),
                            alive_only(self, self._on_runner_failed))

    def _on_runner_subject_access(self, pdf: bytes) -> None:
        self.banner.clear_message()
        LetterPreviewDialog.preview(self, self.tr("Subject access printout"),
                                    f"subject-access-{self.case.reference}.pdf", pdf)
        self.subject_access_made.emit()
