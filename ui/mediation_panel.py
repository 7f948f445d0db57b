"""The Parties tab of a mediation case: who the parties are, who each session is for, and each
party's own confidential note for the chosen session.

Each party is a client with their own record, so the table shows how that party may be contacted
by their own safe-contact preferences. "Joint session" records every party as present;
"Separate session with …" records one. Every service call goes through the task runner.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QSortFilterProxyModel, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from supportline.services.clients import ClientSummary
from supportline.services.clinical import CaseloadItem, ClinicalService, NoteView

from . import clinical_messages
from .add_party_dialog import AddPartyDialog
from .banner_widget import BannerWidget
from .case_appointment_table_model import CaseAppointment
from .change_watch import ChangeWatch
from .guard import alive_only
from .party_note_widget import PartyNoteWidget
from .party_table_model import Party, PartyTableModel
from .services import Services
from .task_runner import TaskRunner
from .uk_format import format_date_time


@dataclass(frozen=True)
class SessionNotes:
    appointment: CaseAppointment
    notes: list[NoteView]
    locked: bool


JOINT = "joint"


def default_label(count: int) -> str:
    """"Party A", "Party B", … for the next party; past Z, numbered."""
    return f"Party {chr(ord('A') + count)}" if count < 26 else f"Party {count + 1}"


class MediationPanel(QWidget):
    parties_loaded = Signal()
    party_added = Signal(int)  # party id
    add_party_dialog_opened = Signal(object)  # AddPartyDialog
    session_parties_saved = Signal(object)  # tuple of party ids
    notes_loaded = Signal()
    failed = Signal(str)

    def __init__(self, services: Services, clinical: ClinicalService, runner: TaskRunner,
                 case: CaseloadItem, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mediation_panel")
        self.setAccessibleName(self.tr("Parties"))
        self._services = services
        self._clinical = clinical
        self._runner = runner
        self._case = case
        self.parties: list[Party] = []
        self.appointments: list[CaseAppointment] = []
        self.session_notes: SessionNotes | None = None
        self.note_widgets: dict[int, PartyNoteWidget] = {}
        # Recorded on this screen only (JOINT or a party id): the core has no query for a
        # session's parties yet.
        self.recorded: dict[int, str | int] = {}
        self._added: int | None = None
        self._build()
        self._connect_signals()
        # Parties and notes follow what was saved, here or elsewhere; typing is never lost
        # to a reload (PartyNoteWidget).
        self.parties_watch = ChangeWatch(self, runner, ("case_parties",), self.load)
        self.notes_watch = ChangeWatch(self, runner, ("session_notes",), self._load_notes)

    # -- building -------------------------------------------------------------------------------

    def _build(self) -> None:
        self.banner = BannerWidget()
        self.banner.setObjectName("mediation_message_label")
        self.banner.setAccessibleName(self.tr("Parties message"))

        self.party_model = PartyTableModel(self)
        self.party_proxy = QSortFilterProxyModel(self)
        self.party_proxy.setSourceModel(self.party_model)
        self.party_proxy.setSortRole(PartyTableModel.SortRole)
        self.parties_table = QTableView()
        self.parties_table.setObjectName("parties_table")
        self.parties_table.setAccessibleName(self.tr("Parties to this mediation"))
        self.parties_table.setModel(self.party_proxy)
        self.parties_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.parties_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.parties_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.parties_table.setTabKeyNavigation(False)
        self.parties_table.setAlternatingRowColors(True)
        self.parties_table.setWordWrap(False)
        self.parties_table.verticalHeader().setVisible(False)
        header = self.parties_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.add_party_button = QPushButton(self.tr("Add &party…"))
        self.add_party_button.setObjectName("add_party_button")
        self.add_party_button.setAccessibleName(self.tr("Add party"))
        self.add_party_button.setToolTip(self.tr("Add a client to this mediation as a party"))
        parties_buttons = QHBoxLayout()
        parties_buttons.addStretch(1)
        parties_buttons.addWidget(self.add_party_button)
        parties_group = QGroupBox(self.tr("Parties"))
        parties_layout = QVBoxLayout(parties_group)
        parties_layout.addWidget(self.parties_table)
        parties_layout.addLayout(parties_buttons)

        self.session_combo = QComboBox()
        self.session_combo.setObjectName("mediation_session_combo")
        self.session_combo.setAccessibleName(self.tr("Session"))
        self.session_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToContents)
        session_label = QLabel(self.tr("&Session"))
        session_label.setBuddy(self.session_combo)
        self.joint_button = QPushButton(self.tr("&Joint session"))
        self.joint_button.setObjectName("joint_session_button")
        self.joint_button.setAccessibleName(self.tr("Joint session"))
        self.joint_button.setToolTip(self.tr("Record that every party was in this session"))
        self.joint_button.setCheckable(True)
        # No QButtonGroup: any group takes its unchecked checkable buttons out of the Tab chain
        # (and an exclusive one records a change on every arrow key). The checked state is set
        # from what was recorded instead.
        self.separate_buttons: dict[int, QPushButton] = {}
        self.who_row = QHBoxLayout()
        self.who_row.addWidget(session_label)
        self.who_row.addWidget(self.session_combo)
        self.who_row.addSpacing(12)
        self.who_row.addWidget(self.joint_button)
        self.who_row.addStretch(1)
        self.who_label = QLabel()
        self.who_label.setObjectName("session_parties_label")
        self.who_label.setAccessibleName(self.tr("Who this session is for"))
        self.who_label.setWordWrap(True)

        self.notes_area = QWidget()
        self.notes_area.setObjectName("party_notes_area")
        self.notes_row = QHBoxLayout(self.notes_area)
        self.notes_row.setContentsMargins(0, 0, 0, 0)
        self.notes_scroll = QScrollArea()
        self.notes_scroll.setObjectName("party_notes_scroll")
        self.notes_scroll.setWidgetResizable(True)
        self.notes_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.notes_scroll.setWidget(self.notes_area)
        self.notes_scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.no_parties_label = QLabel(self.tr(
            "Add the parties first: each party's note for a session is kept separately."))
        self.no_parties_label.setObjectName("no_parties_label")
        self.no_parties_label.setWordWrap(True)
        session_group = QGroupBox(self.tr("Session"))
        session_layout = QVBoxLayout(session_group)
        session_layout.addLayout(self.who_row)
        session_layout.addWidget(self.who_label)
        session_layout.addWidget(self.no_parties_label)
        session_layout.addWidget(self.notes_scroll, 1)

        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(parties_group)
        layout.addWidget(session_group, 1)
        self._show_parties([])

    def _connect_signals(self) -> None:
        self.add_party_button.clicked.connect(self._on_add_party_button_clicked)
        self.session_combo.currentIndexChanged.connect(self._on_session_combo_current_changed)
        self.joint_button.clicked.connect(self._on_joint_button_clicked)

    # -- loading --------------------------------------------------------------------------------

    def load(self) -> None:
        clinical, clients, case_id = self._clinical, self._services.clients, self._case.case_id

        def load() -> list[Party]:
            parties = []
            for party_id, client_id, label in clinical.parties(case_id):
                record = clients.open(client_id)
                parties.append(Party(party_id, client_id, label, record.reference,
                                     record.display_name, clients.contact_prompt(record)))
            return parties

        self._runner.submit(load, alive_only(self, self._on_runner_parties),
                            alive_only(self, self._on_runner_failed))

    def _on_runner_parties(self, parties: list[Party]) -> None:
        self._show_parties(parties)
        self._load_notes()
        added, self._added = self._added, None
        if added is not None:
            self.select_party(added)
            self.add_party_button.setFocus(Qt.FocusReason.OtherFocusReason)
        self.parties_loaded.emit()
        if added is not None:
            self.party_added.emit(added)

    def _show_parties(self, parties: list[Party]) -> None:
        current = self.selected_party()
        self.parties = list(parties)
        self.party_model.set_rows(parties)
        if current is not None:
            self.select_party(current.party_id)
        for button in self.separate_buttons.values():
            button.deleteLater()
        self.separate_buttons = {}
        for party in parties:
            button = QPushButton(self.tr("Separate session with {party}").format(
                party=party.title))
            button.setObjectName(f"separate_session_button_{party.party_id}")
            button.setAccessibleName(button.text())
            button.setToolTip(self.tr("Record that only {name} was in this session").format(
                name=party.name))
            button.setCheckable(True)
            button.clicked.connect(lambda _checked=False, pid=party.party_id:
                                   self._record_session_parties(pid))
            self.who_row.insertWidget(self.who_row.count() - 1, button)
            self.separate_buttons[party.party_id] = button
        # A party's note editor is kept across reloads: adding a party must not lose what is
        # being typed in another party's note.
        kept = {party.party_id for party in parties}
        for party_id in [pid for pid in self.note_widgets if pid not in kept]:
            self.note_widgets.pop(party_id).deleteLater()
        for party in parties:
            if party.party_id in self.note_widgets:
                continue
            widget = PartyNoteWidget(self._clinical, self._runner, party)
            self.notes_row.addWidget(widget, 1)
            self.note_widgets[party.party_id] = widget
        self._fit_parties_table()
        self.no_parties_label.setVisible(not parties)
        self.notes_scroll.setVisible(bool(parties))
        self._set_tab_order()
        self._show_who()

    def _fit_parties_table(self) -> None:
        """Tall enough for every party (up to six), so the notes below get the room."""
        table = self.parties_table
        rows = max(2, min(len(self.parties), 6))
        table.setFixedHeight(table.horizontalHeader().sizeHint().height()
                             + rows * table.verticalHeader().defaultSectionSize()
                             + 2 * table.frameWidth())

    def _set_tab_order(self) -> None:
        chain: list[QWidget] = [self.parties_table, self.add_party_button, self.session_combo,
                                self.joint_button, *self.separate_buttons.values()]
        for widget in self.note_widgets.values():
            chain += [widget.note_edit, widget.amend_button, widget.save_button]
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)

    def set_appointments(self, appointments: Sequence[CaseAppointment]) -> None:
        """The case's sessions that were not cancelled; the current choice is kept if it can be."""
        current = self.selected_appointment()
        self.appointments = [a for a in appointments if not a.cancelled]
        self.session_combo.blockSignals(True)
        self.session_combo.clear()
        for appointment in self.appointments:
            if appointment.kind == "session" and appointment.session_no:
                what = self.tr("Session {n}").format(n=appointment.session_no)
            else:
                what = self.tr("Assessment")
            self.session_combo.addItem(self.tr("{what} on {when}").format(
                what=what, when=format_date_time(appointment.starts_at)), appointment.id)
        self.session_combo.blockSignals(False)
        if current is None or not self.select_appointment(current.id):
            self.session_combo.setCurrentIndex(-1)
            self._on_session_combo_current_changed(-1)

    def _load_notes(self) -> None:
        appointment = self.selected_appointment()
        if appointment is None or not self.parties:
            self.session_notes = None
            self._show_notes()
            return
        clinical = self._clinical
        for widget in self.note_widgets.values():
            widget.begin_load(appointment.id)

        def load() -> SessionNotes:
            return SessionNotes(appointment, clinical.notes(appointment.id),
                                clinical.note_locked(appointment.starts_at))

        self._runner.submit(load, alive_only(self, self._on_runner_notes),
                            alive_only(self, self._on_runner_notes_failed))

    def _on_runner_notes(self, session_notes: SessionNotes) -> None:
        current = self.selected_appointment()
        if current is None or current.id != session_notes.appointment.id:
            return  # an answer for a session no longer chosen
        self.session_notes = session_notes
        self._show_notes()
        self.notes_loaded.emit()

    def _on_runner_notes_failed(self, error: BaseException) -> None:
        for widget in self.note_widgets.values():
            widget.load_failed()
        self._on_runner_failed(error)

    def _show_notes(self) -> None:
        context = self.session_notes
        for party_id, widget in self.note_widgets.items():
            if context is None:
                widget.setEnabled(False)
                continue
            widget.show_notes(context.appointment,
                              [n for n in context.notes if n.party_id == party_id],
                              context.locked)

    def _on_runner_failed(self, error: BaseException) -> None:
        message = clinical_messages.error_message(error)
        self.banner.show_message(message, "error")
        self.failed.emit(message)

    # -- queries and navigation -----------------------------------------------------------------

    def selected_party(self) -> Party | None:
        index = self.parties_table.currentIndex()
        return index.data(PartyTableModel.RowObjectRole) if index.isValid() else None

    def select_party(self, party_id: int) -> bool:
        row = self.party_model.row_of(party_id)
        if row < 0:
            return False
        self.parties_table.setCurrentIndex(
            self.party_proxy.mapFromSource(self.party_model.index(row, 0)))
        return True

    def selected_appointment(self) -> CaseAppointment | None:
        row = self.session_combo.currentIndex()
        return self.appointments[row] if 0 <= row < len(self.appointments) else None

    def select_appointment(self, appointment_id: int) -> bool:
        row = self.session_combo.findData(appointment_id)
        if row < 0:
            return False
        self.session_combo.setCurrentIndex(row)
        return True

    def focus_first(self) -> None:
        self.parties_table.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _show_who(self) -> None:
        appointment = self.selected_appointment()
        enabled = appointment is not None and bool(self.parties)
        for button in (self.joint_button, *self.separate_buttons.values()):
            button.setEnabled(enabled)
        recorded = self.recorded.get(appointment.id) if appointment is not None else None
        self.joint_button.setChecked(recorded == JOINT)
        for party_id, button in self.separate_buttons.items():
            button.setChecked(recorded == party_id)
        names = {p.party_id: p.title for p in self.parties}
        if appointment is None:
            text = self.tr("Choose a session.") if self.parties else ""
        elif recorded is None:
            text = self.tr("Record whether this was a joint session or a separate session with "
                           "one party.")
        elif recorded == JOINT:
            text = self.tr("Recorded: joint session with {parties}.").format(
                parties=", ".join(p.title for p in self.parties))
        else:
            text = self.tr("Recorded: separate session with {party}.").format(
                party=names.get(int(recorded), "?"))
        self.who_label.setText(text)

    # -- slots ----------------------------------------------------------------------------------

    @Slot(int)
    def _on_session_combo_current_changed(self, _row: int) -> None:
        self._show_who()
        self._load_notes()

    @Slot()
    def _on_joint_button_clicked(self) -> None:
        self._record_session_parties(JOINT)

    def _record_session_parties(self, choice: str | int) -> None:
        """``choice``: JOINT, or the one party's id."""
        appointment = self.selected_appointment()
        if appointment is None or not self.parties:
            return
        party_ids = tuple(p.party_id for p in self.parties) if choice == JOINT \
            else (int(choice),)
        clinical = self._clinical
        self.banner.show_message(self.tr("Saving…"), "info")
        self._runner.submit(
            lambda: clinical.set_session_parties(appointment.id, party_ids),
            alive_only(self, lambda _none: self._on_runner_session_parties(
                appointment.id, choice, party_ids)),
            alive_only(self, self._on_runner_session_parties_failed))

    def _on_runner_session_parties(self, appointment_id: int, choice: str | int,
                                   party_ids: tuple[int, ...]) -> None:
        self.recorded[appointment_id] = choice
        self.banner.clear_message()
        self._show_who()
        self.session_parties_saved.emit(party_ids)

    def _on_runner_session_parties_failed(self, error: BaseException) -> None:
        self._on_runner_failed(error)
        self._show_who()  # the buttons go back to what is recorded

    @Slot()
    def _on_add_party_button_clicked(self) -> None:
        dialog = AddPartyDialog(self._services, self._runner, default_label(len(self.parties)),
                                {p.client_id for p in self.parties}, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.party_chosen.connect(self._on_add_party_dialog_party_chosen)
        dialog.open()
        dialog.search.search_edit.setFocus(Qt.FocusReason.OtherFocusReason)
        self.add_party_dialog_opened.emit(dialog)

    @Slot(object, str)
    def _on_add_party_dialog_party_chosen(self, client: ClientSummary, label: str) -> None:
        clinical, case_id = self._clinical, self._case.case_id
        self.banner.show_message(self.tr("Adding {name}…").format(name=client.display_name),
                                 "info")
        self._runner.submit(lambda: clinical.add_party(case_id, client.id, label),
                            alive_only(self, self._on_runner_party_added),
                            alive_only(self, self._on_runner_failed))

    def _on_runner_party_added(self, party_id: int) -> None:
        self.banner.clear_message()
        self._added = party_id  # selected when the parties reload (parties_watch)
