"""One mediation party's confidential note for one session.

The same rules as the session note: it can be written and changed until 24 hours after the
session; after that it is read-only and only dated amendments can be added. Ctrl+S saves it.

A load never silently replaces typing. While another session's notes are on their way the editor
is read-only (so nothing can be typed into what is about to be replaced), and unsaved text for
the session left behind is kept until the user comes back to it. A reload of the same session
(after a save, or a change elsewhere) keeps what was typed; if the stored note changed
meanwhile, the user is told that saving will replace it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from supportline.services.clinical import ClinicalService, NoteView

from . import clinical_messages
from .amendment_dialog import AmendmentDialog
from .case_appointment_table_model import CaseAppointment
from .guard import alive_only
from .party_table_model import Party
from .task_runner import TaskRunner
from .uk_format import format_date_time


class PartyNoteWidget(QGroupBox):
    saved = Signal(str)  # "note" or "amendment"
    failed = Signal(str)  # the message shown

    def __init__(self, clinical: ClinicalService, runner: TaskRunner, party: Party,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.party = party
        self._clinical = clinical
        self._runner = runner
        self.appointment: CaseAppointment | None = None
        self.notes: list[NoteView] = []
        self.locked = False
        self.busy = False
        self.loading = False  # another session's notes are on their way
        self._loaded_text = ""  # the stored note as last shown or saved: typing differs from it
        self._drafts: dict[int, str] = {}  # unsaved text by session, kept in memory only
        self.setObjectName(f"party_note_{party.party_id}")
        self.setTitle(self.tr("{party}: {name}").format(party=party.title, name=party.name))
        self._build()
        self._connect_signals()
        self.setEnabled(False)

    def _build(self) -> None:
        party = self.party.title
        self.note_edit = QPlainTextEdit()
        self.note_edit.setObjectName("party_note_edit")
        self.note_edit.setAccessibleName(self.tr("Note for {party}").format(party=party))
        self.note_edit.setTabChangesFocus(True)
        self.note_edit.setPlaceholderText(self.tr(
            "{party}'s confidential note for this session: it can be changed until 24 hours "
            "after the session.").format(party=party))
        self.note_edit.setMinimumHeight(90)
        self.state_label = QLabel()
        self.state_label.setObjectName("party_note_state_label")
        self.state_label.setWordWrap(True)
        self.message_label = QLabel()
        self.message_label.setObjectName("party_note_message_label")
        self.message_label.setAccessibleName(self.tr("Note message for {party}").format(
            party=party))
        self.message_label.setWordWrap(True)
        self.message_label.setVisible(False)
        self.amend_button = QPushButton(self.tr("Add amendment…"))
        self.amend_button.setObjectName("party_amend_button")
        self.amend_button.setAccessibleName(self.tr("Add amendment to {party}'s note").format(
            party=party))
        self.save_button = QPushButton(self.tr("Save note"))
        self.save_button.setObjectName("party_save_note_button")
        self.save_button.setAccessibleName(self.tr("Save {party}'s note").format(party=party))
        self.save_button.setToolTip(self.tr("Save this party's note (Ctrl+S)"))
        self.amendments_heading = QLabel(self.tr("Amendments"))
        self.amendments_list = QListWidget()
        self.amendments_list.setObjectName("party_amendments_list")
        self.amendments_list.setAccessibleName(self.tr("Amendments to {party}'s note").format(
            party=party))
        self.amendments_list.setWordWrap(True)
        self.amendments_list.setMaximumHeight(90)

        buttons = QHBoxLayout()
        buttons.addWidget(self.state_label, 1)
        buttons.addWidget(self.amend_button)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.note_edit, 1)
        layout.addWidget(self.message_label)
        layout.addLayout(buttons)
        layout.addWidget(self.amendments_heading)
        layout.addWidget(self.amendments_list)
        self.save_shortcut = QShortcut(QKeySequence(self.tr("Ctrl+S")), self)
        self.save_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.save_shortcut.setWhatsThis(self.tr("Save the party's note"))
        QWidget.setTabOrder(self.note_edit, self.amend_button)
        QWidget.setTabOrder(self.amend_button, self.save_button)
        self._show_state()

    def _connect_signals(self) -> None:
        self.save_button.clicked.connect(self._on_save_button_clicked)
        self.save_shortcut.activated.connect(self._on_save_button_clicked)
        self.amend_button.clicked.connect(self._on_amend_button_clicked)

    # -- showing --------------------------------------------------------------------------------

    @property
    def note(self) -> NoteView | None:
        return next((n for n in self.notes if n.kind == "note"), None)

    @property
    def dirty(self) -> bool:
        """Text typed for the session shown that is not what was loaded or saved."""
        typed = self.note_edit.toPlainText().strip()
        return self.appointment is not None and typed != self._loaded_text.strip()

    def begin_load(self, appointment_id: int) -> None:
        """Notes are being loaded for ``appointment_id``: for another session than the one
        shown, the editor is emptied and read-only until they arrive (its unsaved text kept)."""
        if self.appointment is not None and self.appointment.id == appointment_id:
            return  # a reload of this session: typing goes on
        if self.dirty and self.appointment is not None:
            self._drafts[self.appointment.id] = self.note_edit.toPlainText()
        self.loading = True
        self.note_edit.clear()
        self._show_state()

    def load_failed(self) -> None:
        if self.loading:
            self.setEnabled(False)  # which session the editor is for is not known any more

    def show_notes(self, appointment: CaseAppointment, notes: list[NoteView],
                   locked: bool) -> None:
        """``notes`` are this party's only. See the module docstring for what happens to
        text typed meanwhile."""
        same = self.appointment is not None and self.appointment.id == appointment.id
        dirty = same and self.dirty
        self.appointment = appointment
        self.notes = list(notes)
        self.locked = locked
        self.loading = False
        self.setEnabled(True)
        note = self.note
        stored = note.text if note is not None else ""
        changed_elsewhere = same and stored.strip() != self._loaded_text.strip()
        # Text the user wrote that is not stored: typed here, or left behind on this session.
        unsaved = self.note_edit.toPlainText() if dirty else \
            (None if same else self._drafts.pop(appointment.id, None))
        if unsaved is not None and unsaved.strip() == stored.strip():
            unsaved = None  # what was typed is what is stored now
        self._loaded_text = stored
        if unsaved is None:
            if self.note_edit.toPlainText() != stored:
                self.note_edit.setPlainText(stored)
            if not same:
                self._show_message("", "")
        else:
            if self.note_edit.toPlainText() != unsaved:
                self.note_edit.setPlainText(unsaved)
            if locked:
                self._show_message(self.tr(
                    "The note locked before this text was saved: it is kept here for you to "
                    "copy into an amendment."), "error")
            elif changed_elsewhere:
                self._show_message(self.tr(
                    "This note was saved elsewhere while you were typing. Your text is kept "
                    "here; saving it replaces the other version."), "error")
            elif not dirty:
                self._show_message(self.tr("Your text for this session is not saved yet: "
                                           "save it to keep it."), "info")
        self.amendments_list.clear()
        amendments = [n for n in self.notes if n.kind == "amendment"]
        for amendment in amendments:
            self.amendments_list.addItem(self.tr("{when}, {author}: {text}").format(
                when=format_date_time(amendment.written_at), author=amendment.author,
                text=amendment.text))
        self.amendments_heading.setVisible(bool(amendments))
        self.amendments_list.setVisible(bool(amendments))
        self._show_state()

    def _show_state(self) -> None:
        locked, has_note = self.locked, self.note is not None
        self.note_edit.setReadOnly(locked or self.loading)
        self.save_button.setVisible(not locked)
        self.save_button.setEnabled(not self.loading and not self.busy)
        self.amend_button.setVisible(locked)
        self.amend_button.setEnabled(locked and has_note and not self.loading)
        if self.loading:
            self.state_label.setText(self.tr("Loading this party's note for the chosen "
                                             "session…"))
        elif locked:
            self.state_label.setText(
                self.tr("Locked 24 hours after the session: add an amendment instead.")
                if has_note else self.tr("Locked: no note was written within 24 hours."))
            self.note_edit.setStyleSheet("QPlainTextEdit { background: palette(window); }")
        else:
            self.state_label.setText(self.tr("Can be changed until 24 hours after the "
                                             "session."))
            self.note_edit.setStyleSheet("")

    def _show_message(self, text: str, kind: str) -> None:
        colours = {"error": "#a4262c", "success": "#1e4620", "info": "#1b3a5c"}
        self.message_label.setText(text)
        self.message_label.setStyleSheet(f"color: {colours.get(kind, '#1b3a5c')};")
        self.message_label.setAccessibleDescription(text)
        self.message_label.setVisible(bool(text))

    # -- saving ---------------------------------------------------------------------------------

    @Slot()
    def _on_save_button_clicked(self) -> None:
        appointment = self.appointment
        if self.busy or appointment is None or self.locked or self.loading:
            return
        text = self.note_edit.toPlainText().strip()
        stored = self.note.text if self.note is not None else ""
        if not text or text == stored:
            self._show_message(self.tr("Nothing to save: write the note first.") if not text
                               else self.tr("No changes to save."), "info")
            return
        clinical, party_id = self._clinical, self.party.party_id
        self.busy = True
        self.save_button.setEnabled(False)
        self._show_message(self.tr("Saving…"), "info")
        self._runner.submit(lambda: clinical.write_note(appointment.id, text, party_id),
                            alive_only(self, lambda _id: self._on_runner_done("note", text)),
                            alive_only(self, self._on_runner_failed))

    @Slot()
    def _on_amend_button_clicked(self) -> None:
        appointment, note = self.appointment, self.note
        if self.busy or appointment is None or note is None:
            return
        text = AmendmentDialog.ask(self, note.text)
        if not text:
            return
        clinical, party_id = self._clinical, self.party.party_id
        self.busy = True
        self._runner.submit(lambda: clinical.amend_note(appointment.id, text, party_id),
                            alive_only(self, lambda _id: self._on_runner_done("amendment")),
                            alive_only(self, self._on_runner_failed))

    def _on_runner_done(self, kind: str, text: str = "") -> None:
        if kind == "note":
            self._loaded_text = text  # stored now: the reload that follows brings it back
        self.busy = False
        self.save_button.setEnabled(True)
        self._show_message(self.tr("Note saved.") if kind == "note"
                           else self.tr("Amendment added."), "success")
        self.saved.emit(kind)

    def _on_runner_failed(self, error: BaseException) -> None:
        self.busy = False
        self.save_button.setEnabled(True)
        message = clinical_messages.error_message(error)
        self._show_message(self.tr("Not saved: {problem}").format(problem=message), "error")
        self.failed.emit(message)
