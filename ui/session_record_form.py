"""The record of one session: attendance, where it stands against the allowance, the session note
(locked 24 hours after the session: then amendments only) and the measures taken at it.

Save (Ctrl+S) stores, in order, the attendance, the note and each filled measure; each is its own
transaction, so a failure part-way reports what was saved and keeps every typed word on screen.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from supportline.measures import Measure, Score
from supportline.services.allowance import AllowanceStatus
from supportline.services.clinical import CaseloadItem, ClinicalService, NoteView

from . import clinical_messages
from .amendment_dialog import AmendmentDialog
from .banner_widget import BannerWidget
from .case_appointment_table_model import CaseAppointment
from .guard import alive_only
from .measure_set_widget import MeasureSetWidget
from .services import Services
from .task_runner import TaskRunner
from .uk_format import format_date, format_date_time


@dataclass(frozen=True)
class SessionContext:
    appointment: CaseAppointment
    notes: list[NoteView]
    locked: bool
    allowance: AllowanceStatus | None

    # A mediation party's own notes live on the Parties tab: never shown as the session note.
    @property
    def note(self) -> NoteView | None:
        return next((n for n in self.notes if n.kind == "note" and n.party_id is None), None)

    @property
    def amendments(self) -> list[NoteView]:
        return [n for n in self.notes if n.kind == "amendment" and n.party_id is None]


@dataclass
class SaveOutcome:
    done: list[str] = field(default_factory=list)
    scores: dict[str, Score] = field(default_factory=dict)
    error: BaseException | None = None


class SessionRecordWidget(QWidget):
    loaded = Signal()
    save_finished = Signal(str)  # "success" or "error"
    attendance_saved = Signal()
    amendment_saved = Signal()

    def __init__(self, services: Services, clinical: ClinicalService, runner: TaskRunner,
                 case: CaseloadItem, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("session_record")
        self._services = services
        self._clinical = clinical
        self._runner = runner
        self._case = case
        self.context: SessionContext | None = None
        self.last_outcome: SaveOutcome | None = None
        self._busy = False
        self._case_closed = case.status == "closed"
        self._build()
        self._connect_signals()
        self.setEnabled(False)
        if self._case_closed:
            self.set_case_closed()

    # -- building -------------------------------------------------------------------------------

    def _build(self) -> None:
        self.banner = BannerWidget()
        self.banner.setObjectName("session_message_label")
        self.banner.setAccessibleName(self.tr("Session message"))
        self.title_label = QLabel(self.tr("Choose a session from the list."))
        self.title_label.setObjectName("session_title_label")
        font = self.title_label.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.title_label.setFont(font)
        self.allowance_label = QLabel()
        self.allowance_label.setObjectName("session_allowance_label")
        self.allowance_label.setAccessibleName(self.tr("Session against the allowance"))
        self.allowance_label.setWordWrap(True)

        self.attended_radio = QRadioButton(self.tr("A&ttended"))
        self.attended_radio.setObjectName("attended_radio")
        self.attended_radio.setAccessibleName(self.tr("Attended"))
        self.dna_radio = QRadioButton(self.tr("&Did not attend"))
        self.dna_radio.setObjectName("dna_radio")
        self.dna_radio.setAccessibleName(self.tr("Did not attend"))
        self.attendance_group = QButtonGroup(self)
        self.attendance_group.addButton(self.attended_radio)
        self.attendance_group.addButton(self.dna_radio)
        self.attendance_note_label = QLabel()
        self.attendance_note_label.setObjectName("attendance_note_label")
        self.attendance_note_label.setWordWrap(True)
        attendance = QHBoxLayout()
        attendance.addWidget(self.attended_radio)
        attendance.addWidget(self.dna_radio)
        attendance.addWidget(self.attendance_note_label, 1)

        self.note_edit = QPlainTextEdit()
        self.note_edit.setObjectName("note_edit")
        self.note_edit.setAccessibleName(self.tr("Session note"))
        self.note_edit.setTabChangesFocus(True)
        self.note_edit.setPlaceholderText(self.tr(
            "The session note: it can be changed until 24 hours after the session."))
        self.note_edit.setMinimumHeight(90)
        self.note_state_label = QLabel()
        self.note_state_label.setObjectName("note_state_label")
        self.note_state_label.setWordWrap(True)
        self.amend_button = QPushButton(self.tr("Add a&mendment…"))
        self.amend_button.setObjectName("add_amendment_button")
        self.amend_button.setAccessibleName(self.tr("Add amendment"))
        self.amendments_list = QListWidget()
        self.amendments_list.setObjectName("amendments_list")
        self.amendments_list.setAccessibleName(self.tr("Amendments"))
        self.amendments_list.setWordWrap(True)
        self.amendments_list.setMaximumHeight(90)
        note_state = QHBoxLayout()
        note_state.addWidget(self.note_state_label, 1)
        note_state.addWidget(self.amend_button)
        note_group = QGroupBox(self.tr("Note"))
        note_layout = QVBoxLayout(note_group)
        note_layout.addWidget(self.note_edit, 1)
        note_layout.addLayout(note_state)
        self.amendments_heading = QLabel(self.tr("Amendments"))
        note_layout.addWidget(self.amendments_heading)
        note_layout.addWidget(self.amendments_list)

        self.measures = MeasureSetWidget("session")
        self.measures_group = QGroupBox(self.tr("Measures taken at this session"))
        self.measures_group.setObjectName("session_measures_group")
        measures_layout = QVBoxLayout(self.measures_group)
        measures_layout.addWidget(self.measures)

        self.save_button = QPushButton(self.tr("&Save session"))
        self.save_button.setObjectName("save_session_button")
        self.save_button.setAccessibleName(self.tr("Save session"))
        self.save_button.setToolTip(self.tr("Save attendance, note and measures (Ctrl+S)"))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)

        top = QFormLayout()
        top.addRow(self.tr("Attendance"), attendance)
        left = QVBoxLayout()
        left.addLayout(top)
        left.addWidget(note_group, 1)
        columns = QHBoxLayout()
        columns.addLayout(left, 1)
        columns.addWidget(self.measures_group, 2)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title_label)
        layout.addWidget(self.allowance_label)
        layout.addWidget(self.banner)
        layout.addLayout(columns, 1)
        layout.addLayout(buttons)

        self.save_shortcut = QShortcut(QKeySequence(self.tr("Ctrl+S")), self)
        self.save_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.save_shortcut.setWhatsThis(self.tr("Save the session's attendance, note and "
                                                "measures"))
        QWidget.setTabOrder(self.attended_radio, self.dna_radio)
        QWidget.setTabOrder(self.dna_radio, self.note_edit)
        QWidget.setTabOrder(self.note_edit, self.amend_button)
        QWidget.setTabOrder(self.amend_button, self.measures.measure_combo)
        self._show_note_state(locked=False, has_note=False)

    def _connect_signals(self) -> None:
        self.save_button.clicked.connect(self._on_save_button_clicked)
        self.save_shortcut.activated.connect(self._on_save_button_clicked)
        self.amend_button.clicked.connect(self._on_amend_button_clicked)

    # -- loading --------------------------------------------------------------------------------

    def set_case_closed(self) -> None:
        """A closed case: attendance and measures are over; the note keeps its own rule (it
        can be finished within 24 hours of the session, then amended)."""
        self._case_closed = True
        self.measures_group.setVisible(False)
        if self.context is not None:
            self._show_attendance(self.context.appointment)

    def set_measures(self, measures: dict[str, Measure]) -> None:
        self.measures.set_measures(measures)

    @property
    def busy(self) -> bool:
        return self._busy

    def show_appointment(self, appointment: CaseAppointment) -> None:
        clinical, allowance = self._clinical, self._services.allowance
        case = self._case
        today = self._services.today()

        def load() -> SessionContext:
            notes = clinical.notes(appointment.id)
            locked = clinical.note_locked(appointment.starts_at)
            status = allowance.status(case.client_id, case.service, today)
            return SessionContext(appointment, notes, locked, status)

        self._busy = True
        self._runner.submit(load, alive_only(self, self._on_runner_loaded),
                            alive_only(self, self._on_runner_failed))

    def _on_runner_loaded(self, context: SessionContext) -> None:
        self._busy = False
        same = self.context is not None and self.context.appointment.id == \
            context.appointment.id
        self.context = context
        self.setEnabled(True)
        appointment = context.appointment
        if appointment.kind == "session" and appointment.session_no:
            what = self.tr("Session {n}").format(n=appointment.session_no)
        else:
            what = self.tr("Assessment")
        self.title_label.setText(self.tr("{what} on {when}").format(
            what=what, when=format_date_time(appointment.starts_at)))
        # The core dates them by the session, however much later they are typed in.
        self.measures_group.setTitle(self.tr("Measures taken at this session ({date})").format(
            date=format_date(appointment.starts_at)))
        self.allowance_label.setText(self._allowance_text(context))
        self._show_attendance(appointment)
        note = context.note
        if not same or context.locked or not self.note_edit.toPlainText().strip():
            self.note_edit.setPlainText(note.text if note is not None else "")
        self._show_note_state(context.locked, note is not None)
        # A closed case's only change left is its note, until the note locks.
        self.save_button.setEnabled(not (self._case_closed and context.locked))
        self.amendments_list.clear()
        for amendment in context.amendments:
            self.amendments_list.addItem(self.tr("{when}, {author}: {text}").format(
                when=format_date_time(amendment.written_at), author=amendment.author,
                text=amendment.text))
        self.amendments_heading.setVisible(bool(context.amendments))
        self.amendments_list.setVisible(bool(context.amendments))
        if not same:
            self.banner.clear_message()
        self.loaded.emit()

    def _allowance_text(self, context: SessionContext) -> str:
        status = context.allowance
        number = context.appointment.session_no
        if status is None:
            return ""
        position = self.tr("Session {n} of {allowed} against the allowance").format(
            n=number or "?", allowed=status.allowed) if number else self.tr(
            "{allowed} sessions allowed").format(allowed=status.allowed)
        return self.tr("{position}: {used} used, {booked} booked, {left} left "
                       "(year {start} to {end}).").format(
            position=position, used=status.used, booked=status.booked, left=status.left,
            start=status.year_start.strftime("%d/%m/%Y"),
            end=status.year_end.strftime("%d/%m/%Y"))

    def _show_attendance(self, appointment: CaseAppointment) -> None:
        self.attendance_group.setExclusive(False)
        self.attended_radio.setChecked(appointment.status == "attended")
        self.dna_radio.setChecked(appointment.status == "dna")
        self.attendance_group.setExclusive(True)
        started = appointment.starts_at <= self._now()
        can_record = (started and appointment.status in ("booked", "attended", "dna")
                      and not self._case_closed)
        self.attended_radio.setEnabled(can_record)
        self.dna_radio.setEnabled(can_record)
        if appointment.cancelled:
            self.attendance_note_label.setText(self.tr("Cancelled: nothing to record."))
        elif self._case_closed:
            self.attendance_note_label.setText(self.tr("The case is closed."))
        elif not started:
            self.attendance_note_label.setText(self.tr(
                "Attendance can be recorded once the session has started."))
        else:
            self.attendance_note_label.setText("")

    def _show_note_state(self, locked: bool, has_note: bool) -> None:
        self.note_edit.setReadOnly(locked)
        self.amend_button.setVisible(locked)
        self.amend_button.setEnabled(locked and has_note)
        if locked:
            self.note_state_label.setText(
                self.tr("Locked 24 hours after the session: add an amendment instead.")
                if has_note else self.tr("Locked: no note was written within 24 hours."))
            self.note_edit.setStyleSheet("QPlainTextEdit { background: palette(window); }")
        else:
            self.note_state_label.setText(self.tr("Can be changed until 24 hours after the "
                                                  "session."))
            self.note_edit.setStyleSheet("")

    def _now(self) -> datetime:
        return self._services.session.clock()

    # -- saving ---------------------------------------------------------------------------------

    def attendance_choice(self) -> str:
        if self.attended_radio.isChecked():
            return "attended"
        if self.dna_radio.isChecked():
            return "dna"
        return ""

    @Slot()
    def _on_save_button_clicked(self) -> None:
        context = self.context
        if self._busy or context is None:
            return
        appointment = context.appointment
        attendance = self.attendance_choice()
        if attendance == appointment.status or not self.attended_radio.isEnabled():
            attendance = ""
        note = self.note_edit.toPlainText()
        stored = context.note.text if context.note is not None else ""
        write_note = not context.locked and bool(note.strip()) and note.strip() != stored
        filled = ({} if self._case_closed else
                  {mid: entry.answers() for mid, entry in self.measures.filled().items()})
        if not (attendance or write_note or filled):
            self.banner.show_message(clinical_messages.saved_parts_message([]), "info")
            return
        clinical, booking = self._clinical, self._services.booking
        case_id = self._case.case_id

        def save() -> SaveOutcome:
            outcome = SaveOutcome()
            try:
                if attendance:
                    booking.record_attendance(appointment.id, attendance)
                    outcome.done.append("attendance")
                if write_note:
                    clinical.write_note(appointment.id, note)
                    outcome.done.append("note")
                for measure_id, answers in filled.items():
                    outcome.scores[measure_id] = clinical.record_measure(
                        case_id, measure_id, answers, appointment.id)
                    if "measure" not in outcome.done:
                        outcome.done.append("measure")
            except Exception as exc:  # noqa: BLE001 - reported with what was saved before it
                outcome.error = exc
            return outcome

        self._busy = True
        self.save_button.setEnabled(False)
        self.banner.show_message(self.tr("Saving…"), "info")
        self._runner.submit(save, alive_only(self, self._on_runner_saved),
                            alive_only(self, self._on_runner_save_failed))

    def _on_runner_saved(self, outcome: SaveOutcome) -> None:
        self._busy = False
        self.save_button.setEnabled(True)
        self.last_outcome = outcome
        self.measures.clear(list(outcome.scores))
        text = clinical_messages.saved_parts_message(outcome.done) if outcome.done else ""
        scored = [self.tr("{measure} {total} ({band})").format(
            measure=mid, total=f"{s.total:g}", band=s.band)
            for mid, s in outcome.scores.items() if s.total is not None]
        if scored:
            text += " " + "; ".join(scored) + "."
        if outcome.error is not None:
            problem = clinical_messages.error_message(outcome.error)
            self.banner.show_message((text + " " if text else "") + self.tr(
                "Not saved: {problem}").format(problem=problem), "error")
        else:
            self.banner.show_message(text, "success")
        raised = [mid for mid, s in outcome.scores.items() if s.risk_items]
        if "attendance" in outcome.done:
            self.attendance_saved.emit()
        if self.context is not None:
            self.show_appointment(self.context.appointment if "attendance" not in outcome.done
                                  else self._with_status(self.context.appointment))
        # The modal prompt was raised as the item was entered; the saved result repeats it.
        prompts = [self.measures.entries[mid].measure.risk_prompt for mid in raised
                   if mid in self.measures.entries]
        if prompts:
            self.banner.show_message(" ".join([*prompts, self.banner.text()]), "error")
        self.save_finished.emit("error" if outcome.error is not None else "success")

    def _with_status(self, appointment: CaseAppointment) -> CaseAppointment:
        from dataclasses import replace

        return replace(appointment, status=self.attendance_choice() or appointment.status)

    def _on_runner_save_failed(self, error: BaseException) -> None:
        self._busy = False
        self.save_button.setEnabled(True)
        self.banner.show_message(clinical_messages.error_message(error), "error")
        self.save_finished.emit("error")

    def _on_runner_failed(self, error: BaseException) -> None:
        self._busy = False
        self.banner.show_message(clinical_messages.error_message(error), "error")

    # -- amendments -----------------------------------------------------------------------------

    @Slot()
    def _on_amend_button_clicked(self) -> None:
        context = self.context
        if context is None or context.note is None:
            return
        text = AmendmentDialog.ask(self, context.note.text)
        if not text:
            return
        clinical = self._clinical
        appointment = context.appointment

        def amend() -> Any:
            return clinical.amend_note(appointment.id, text)

        self._busy = True
        self._runner.submit(amend, alive_only(self, self._on_runner_amended),
                            alive_only(self, self._on_runner_amend_failed))

    def _on_runner_amended(self, _note_id: int) -> None:
        self._busy = False
        self.banner.show_message(self.tr("Amendment added on {date}.").format(
            date=format_date(self._now())), "success")
        if self.context is not None:
            self.show_appointment(self.context.appointment)
        self.amendment_saved.emit()

    def _on_runner_amend_failed(self, error: BaseException) -> None:
        self._busy = False
        self.banner.show_message(clinical_messages.error_message(error), "error")
