"""Diary: one counsellor's, venue's or room's appointments by day or week, and what a handler
does with them (move, cancel, attendance, letters); the did-not-attend follow-ups below.

Call handlers and administrators choose any diary and see clients as reference and initials
(the core decides). A counsellor sees only their own diary, and may print the day list and
export their calendar (.ics).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import QCoreApplication, QItemSelection, QSortFilterProxyModel, Qt, Signal, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from supportline.paths import atomic_write
from supportline.roles import Op, Role, allowed
from supportline.services.booking import FollowUp
from supportline.services.counsellors import CounsellorInfo
from supportline.services.diary import Diary, DiaryEntry
from supportline.services.venues import VenueInfo

from . import messages
from .appointment_change_dialog import CancelAppointmentDialog, MoveAppointmentDialog
from .banner_widget import BannerWidget
from .booking_format import format_day
from .change_watch import ChangeWatch, TablePlace
from .diary_table_model import DiaryTableModel
from .follow_up_table_model import FollowUpTableModel
from .guard import alive_only
from .labels import diary_kind_label, letter_kind_label
from .layout_fit import WrappingRow, fit_columns
from .letter_preview_dialog import LetterPreviewDialog
from .services import Services
from .task_runner import TaskRunner

LETTER_KINDS = ("confirmation", "series", "rescheduling", "cancellation")
EXPORT_DAYS = 91  # the calendar export covers the next thirteen weeks


class DiaryFiles:
    """The calendar file chooser: a seam tests replace."""

    @classmethod
    def save_ics_path(cls, parent: QWidget | None, suggested: str) -> Any:
        from pathlib import Path

        name, _ = QFileDialog.getSaveFileName(
            parent, QCoreApplication.translate("DiaryView", "Export calendar"), suggested,
            QCoreApplication.translate("DiaryView", "Calendar files (*.ics)"))
        return Path(name) if name else None


def _appointment_id(entry: DiaryEntry) -> int:
    return entry.appointment_id


def _follow_up_id(item: FollowUp) -> int:
    return item.id


class DiaryView(QWidget):
    targets_loaded = Signal()
    diary_loaded = Signal()
    follow_ups_loaded = Signal()
    operation_finished = Signal(str)  # "success" | "error"

    SHOWS = ("appointments", "clients", "counsellors", "venues", "rooms", "follow_ups")

    def __init__(self, services: Services, runner: TaskRunner,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("diary_view")
        self._services = services
        self._runner = runner
        roles = services.session.roles
        self.own_only = Role.COUNSELLOR in roles and not roles & {Role.ADMINISTRATOR,
                                                                  Role.CALL_HANDLER}
        self.may_book = allowed(roles, Op.BOOKING)
        self.may_print_letters = allowed(roles, Op.LETTERS_PRINT)
        self.may_follow_up = allowed(roles, Op.FOLLOW_UPS)
        self.may_export = allowed(roles, Op.CALENDAR_EXPORT)
        self.may_record_attendance = allowed(roles, Op.ATTENDANCE_RECORD)
        self.anchor = services.today()
        self.diary: Diary | None = None
        self.counsellors: list[CounsellorInfo] = []
        self.venues: list[VenueInfo] = []
        self._request = 0
        self._busy = False
        self._build()
        self._connect_signals()
        self._refresh_buttons()
        self.change_watch = ChangeWatch(self, runner, self.SHOWS, self._refresh)
        self._load_targets()
        if self.may_follow_up:
            self.reload_follow_ups()

    # -- building -------------------------------------------------------------------------------

    def _button(self, name: str, text: str, visible: bool = True) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.setAccessibleName(text.replace("&", "").rstrip("…").strip("‹› "))
        button.setVisible(visible)
        return button

    def _table(self, name: str, accessible: str) -> QTableView:
        table = QTableView()
        table.setObjectName(name)
        table.setAccessibleName(accessible)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setAlternatingRowColors(True)
        table.setTabKeyNavigation(False)
        table.verticalHeader().setVisible(False)
        fit_columns(table, -1)
        return table

    def _build(self) -> None:
        self.banner = BannerWidget()
        self.banner.setObjectName("diary_message_label")
        self.banner.setAccessibleName(self.tr("Diary message"))

        self.kind_combo = QComboBox()
        self.kind_combo.setObjectName("diary_kind_combo")
        self.kind_combo.setAccessibleName(self.tr("Diary of"))
        for kind in ("counsellor", "venue", "room"):
            self.kind_combo.addItem(diary_kind_label(kind), kind)
        self.target_combo = QComboBox()
        self.target_combo.setObjectName("diary_target_combo")
        self.target_combo.setAccessibleName(self.tr("Whose diary"))
        self.target_combo.setMinimumWidth(280)
        self.span_combo = QComboBox()
        self.span_combo.setObjectName("diary_span_combo")
        self.span_combo.setAccessibleName(self.tr("Day or week"))
        self.span_combo.addItem(self.tr("Week"), "week")
        self.span_combo.addItem(self.tr("Day"), "day")
        self.previous_button = self._button("diary_previous_button", self.tr("‹ &Previous"))
        self.today_button = self._button("diary_today_button", self.tr("T&oday"))
        self.next_button = self._button("diary_next_button", self.tr("&Next ›"))
        self.period_label = QLabel()
        self.period_label.setObjectName("diary_period_label")
        self.period_label.setAccessibleName(self.tr("Period shown"))
        font = self.period_label.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.period_label.setFont(font)

        choose = QHBoxLayout()
        self.kind_label = QLabel(self.tr("Sho&w"))
        self.kind_label.setBuddy(self.kind_combo)
        target_label = QLabel(self.tr("&For"))
        target_label.setBuddy(self.target_combo)
        span_label = QLabel(self.tr("&View"))
        span_label.setBuddy(self.span_combo)
        for widget in (self.kind_label, self.kind_combo, target_label, self.target_combo,
                       span_label, self.span_combo):
            choose.addWidget(widget)
        choose.addSpacing(12)
        step = QHBoxLayout()
        step.addWidget(self.previous_button)
        step.addWidget(self.today_button)
        step.addWidget(self.next_button)
        step.addStretch(1)
        top = WrappingRow([choose, step])
        top.setObjectName("diary_choice_row")
        if self.own_only:
            self.kind_label.setVisible(False)
            self.kind_combo.setVisible(False)

        self.model = DiaryTableModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setObjectName("diary_proxy_model")
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(DiaryTableModel.SortRole)
        self.table = self._table("diary_table", self.tr("Diary entries"))
        self.table.setModel(self.proxy)
        # The day and the people's names are read first; a long venue name elides instead.
        fit_columns(self.table, DiaryTableModel.COLUMN_VENUE,
                    (DiaryTableModel.COLUMN_DAY, DiaryTableModel.COLUMN_CLIENT,
                     DiaryTableModel.COLUMN_COUNSELLOR))
        self.empty_label = QLabel()
        self.empty_label.setObjectName("diary_empty_label")
        self.empty_label.setVisible(False)

        self.move_button = self._button("move_button", self.tr("&Move…"), self.may_book)
        self.cancel_button = self._button("cancel_appointment_button", self.tr("&Cancel…"),
                                          self.may_book)
        self.attended_button = self._button("attended_button", self.tr("&Attended"),
                                            self.may_record_attendance)
        self.dna_button = self._button("dna_button", self.tr("&Did not attend"),
                                       self.may_record_attendance)
        self.letter_button = self._button("print_letter_button", self.tr("Print &letter…"),
                                          self.may_print_letters)
        self.letter_menu = QMenu(self.letter_button)
        self.letter_menu.setObjectName("letter_menu")
        self.letter_actions: dict[str, QAction] = {}
        for kind in LETTER_KINDS:
            action = self.letter_menu.addAction(letter_kind_label(kind))
            action.setObjectName(f"letter_{kind}_action")
            action.setData(kind)
            self.letter_actions[kind] = action
        self.letter_button.setMenu(self.letter_menu)
        self.day_list_button = self._button("print_day_list_button", self.tr("Print day l&ist…"))
        self.export_button = self._button("export_calendar_button",
                                          self.tr("&Export calendar (.ics)…"), self.may_export)
        actions = QHBoxLayout()
        for button in (self.move_button, self.cancel_button, self.attended_button,
                       self.dna_button, self.letter_button):
            actions.addWidget(button)
        actions.addStretch(1)
        actions.addWidget(self.day_list_button)
        actions.addWidget(self.export_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.addWidget(self.banner)
        layout.addWidget(top)
        layout.addWidget(self.period_label)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.table, 3)
        layout.addLayout(actions)

        self.follow_up_group = QGroupBox(self.tr("Did not attend: call these clients"))
        self.follow_up_group.setObjectName("follow_up_group")
        self.follow_up_model = FollowUpTableModel(self)
        self.follow_up_proxy = QSortFilterProxyModel(self)
        self.follow_up_proxy.setObjectName("follow_up_proxy_model")
        self.follow_up_proxy.setSourceModel(self.follow_up_model)
        self.follow_up_proxy.setSortRole(FollowUpTableModel.SortRole)
        self.follow_up_table = self._table("follow_up_table", self.tr("Follow-ups"))
        self.follow_up_table.setModel(self.follow_up_proxy)
        self.follow_up_table.setSortingEnabled(True)
        self.follow_up_table.sortByColumn(FollowUpTableModel.COLUMN_NOTED,
                                          Qt.SortOrder.AscendingOrder)
        self.follow_up_done_button = self._button("follow_up_done_button",
                                                  self.tr("Follow-up d&one"))
        group_layout = QHBoxLayout(self.follow_up_group)
        group_layout.addWidget(self.follow_up_table, 1)
        group_layout.addWidget(self.follow_up_done_button, 0, Qt.AlignmentFlag.AlignTop)
        self.follow_up_group.setVisible(self.may_follow_up)
        layout.addWidget(self.follow_up_group, 1)

    def _connect_signals(self) -> None:
        self.kind_combo.currentIndexChanged.connect(self._on_kind_combo_changed)
        self.target_combo.currentIndexChanged.connect(self._on_target_combo_changed)
        self.span_combo.currentIndexChanged.connect(self._on_span_combo_changed)
        self.previous_button.clicked.connect(self._on_previous_button_clicked)
        self.today_button.clicked.connect(self._on_today_button_clicked)
        self.next_button.clicked.connect(self._on_next_button_clicked)
        self.move_button.clicked.connect(self._on_move_button_clicked)
        self.cancel_button.clicked.connect(self._on_cancel_button_clicked)
        self.attended_button.clicked.connect(self._on_attended_button_clicked)
        self.dna_button.clicked.connect(self._on_dna_button_clicked)
        self.letter_menu.triggered.connect(self._on_letter_menu_triggered)
        self.day_list_button.clicked.connect(self._on_day_list_button_clicked)
        self.export_button.clicked.connect(self._on_export_button_clicked)
        self.follow_up_done_button.clicked.connect(self._on_follow_up_done_button_clicked)
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self.follow_up_table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self.model.modelReset.connect(self._refresh_buttons)
        self.follow_up_model.modelReset.connect(self._refresh_buttons)

    # -- targets --------------------------------------------------------------------------------

    def _load_targets(self) -> None:
        counsellors = self._services.counsellors
        if self.own_only:
            self._runner.submit(counsellors.mine, alive_only(self, self._on_runner_mine),
                                alive_only(self, self._on_runner_failed))
            return
        venues = self._services.venues

        def load() -> tuple[list[CounsellorInfo], list[VenueInfo]]:
            return counsellors.all(), venues.all(include_inactive=False)

        self._runner.submit(load, alive_only(self, self._on_runner_targets),
                            alive_only(self, self._on_runner_failed))

    def _on_runner_mine(self, mine: CounsellorInfo | None) -> None:
        if mine is None:
            self.banner.show_message(messages.not_linked_message(), "error")
            self.targets_loaded.emit()
            return
        self.counsellors = [mine]
        self._fill_targets()
        self.targets_loaded.emit()

    def _on_runner_targets(self, loaded: tuple[list[CounsellorInfo], list[VenueInfo]]) -> None:
        self.counsellors, self.venues = loaded
        self._fill_targets()
        self.targets_loaded.emit()

    def _fill_targets(self) -> None:
        kind = self.kind()
        self.target_combo.blockSignals(True)
        self.target_combo.clear()
        if kind == "counsellor":
            for counsellor in self.counsellors:
                self.target_combo.addItem(counsellor.display_name, counsellor.id)
        elif kind == "venue":
            for venue in self.venues:
                self.target_combo.addItem(venue.name, venue.id)
        else:
            for venue in self.venues:
                for room in venue.rooms:
                    if room.active:
                        self.target_combo.addItem(
                            self.tr("{venue}, {room}").format(venue=venue.name, room=room.name),
                            room.id)
        self.target_combo.setCurrentIndex(0 if self.target_combo.count() else -1)
        self.target_combo.blockSignals(False)
        self._refresh_buttons()
        self.reload()

    # -- state ----------------------------------------------------------------------------------

    def kind(self) -> str:
        return str(self.kind_combo.currentData() or "counsellor")

    def span(self) -> str:
        return str(self.span_combo.currentData() or "week")

    def target_id(self) -> int | None:
        value = self.target_combo.currentData()
        return int(value) if value is not None else None

    def first_day(self) -> date:
        if self.span() == "week":
            return self.anchor - timedelta(days=self.anchor.weekday())
        return self.anchor

    def show_target(self, kind: str, target_id: int) -> None:
        """Select a diary programmatically (after booking, or from a test)."""
        if self.kind() != kind:
            self.kind_combo.setCurrentIndex(self.kind_combo.findData(kind))
        self.target_combo.setCurrentIndex(self.target_combo.findData(target_id))

    def go_to(self, day: date) -> None:
        self.anchor = day
        self.reload()

    def selected_entry(self) -> DiaryEntry | None:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].data(DiaryTableModel.RowObjectRole) if rows else None

    def selected_follow_up(self) -> FollowUp | None:
        rows = self.follow_up_table.selectionModel().selectedRows()
        return rows[0].data(FollowUpTableModel.RowObjectRole) if rows else None

    def select_appointment(self, appointment_id: int) -> bool:
        row = self.model.row_of(appointment_id)
        if row < 0:
            return False
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        self.table.setCurrentIndex(index)
        self.table.selectRow(index.row())
        return True

    @Slot()
    def _refresh_buttons(self) -> None:
        entry = self.selected_entry()
        idle = not self._busy
        booked = entry is not None and entry.status == "booked"
        self.move_button.setEnabled(idle and booked)
        self.cancel_button.setEnabled(idle and booked)
        attendable = entry is not None and entry.status in ("booked", "attended", "dna")
        self.attended_button.setEnabled(idle and attendable)
        self.dna_button.setEnabled(idle and attendable)
        self.letter_button.setEnabled(idle and entry is not None)
        if entry is not None:
            self.letter_actions["confirmation"].setEnabled(booked)
            self.letter_actions["series"].setEnabled(booked and entry.kind == "session")
            self.letter_actions["rescheduling"].setEnabled(booked)
            self.letter_actions["cancellation"].setEnabled(entry.cancelled)
        counsellor_diary = self.kind() == "counsellor" and self.target_id() is not None
        self.day_list_button.setVisible(self.kind() == "counsellor")
        self.day_list_button.setEnabled(idle and counsellor_diary)
        self.export_button.setVisible(self.may_export and self.kind() == "counsellor")
        self.export_button.setEnabled(idle and counsellor_diary)
        self.follow_up_done_button.setEnabled(idle and self.selected_follow_up() is not None)

    def _show_period(self) -> None:
        first = self.first_day()
        if self.span() == "week":
            text = self.tr("Week of {day}").format(day=format_day(first))
        else:
            text = format_day(first)
        title = self.diary.title if self.diary else self.target_combo.currentText()
        self.period_label.setText(f"{title} · {text}" if title else text)

    # -- loading --------------------------------------------------------------------------------

    def reload(self) -> None:
        target = self.target_id()
        self._show_period()
        if target is None:
            self.model.set_entries([])
            return
        self._request += 1
        request = self._request
        diary, kind, first = self._services.diary, self.kind(), self.first_day()
        if self.span() == "week":
            def load() -> Diary:
                return diary.week(kind, target, first, include_cancelled=True)  # type: ignore
        else:
            def load() -> Diary:
                return diary.day(kind, target, first, include_cancelled=True)  # type: ignore
        self._runner.submit(load, alive_only(self, lambda d: self._on_runner_diary(request, d)),
                            alive_only(self, self._on_runner_failed))

    def _hide_subject_columns(self, kind: str) -> None:
        """A counsellor's diary need not name the counsellor on every row, nor a venue's or a
        room's diary the venue (or the room): the title says it once."""
        hidden = {
            "counsellor": {DiaryTableModel.COLUMN_COUNSELLOR},
            "venue": {DiaryTableModel.COLUMN_VENUE},
            "room": {DiaryTableModel.COLUMN_VENUE, DiaryTableModel.COLUMN_ROOM},
        }.get(kind, set())
        for column in (DiaryTableModel.COLUMN_COUNSELLOR, DiaryTableModel.COLUMN_VENUE,
                       DiaryTableModel.COLUMN_ROOM):
            self.table.setColumnHidden(column, column in hidden)

    def _on_runner_diary(self, request: int, diary: Diary) -> None:
        if request != self._request:
            return
        place = TablePlace.of(self.table, _appointment_id)
        self.diary = diary
        self._hide_subject_columns(self.kind())
        self.model.set_entries(diary.entries)
        place.restore(self.table, _appointment_id)
        self._show_period()
        self.empty_label.setText(self.tr("Nothing booked in this period."))
        self.empty_label.setVisible(not diary.entries)
        self._refresh_buttons()
        self.diary_loaded.emit()

    def _refresh(self) -> None:
        self.reload()
        if self.may_follow_up:
            self.reload_follow_ups()

    def reload_follow_ups(self) -> None:
        booking = self._services.booking
        self._runner.submit(booking.follow_ups, alive_only(self, self._on_runner_follow_ups),
                            alive_only(self, self._on_runner_failed))

    def _on_runner_follow_ups(self, items: list[FollowUp]) -> None:
        place = TablePlace.of(self.follow_up_table, _follow_up_id)
        self.follow_up_model.set_items(items)
        place.restore(self.follow_up_table, _follow_up_id)
        self.follow_up_group.setTitle(self.tr("Did not attend: call these clients (%n)", "",
                                              len(items)))
        self._refresh_buttons()
        self.follow_ups_loaded.emit()

    def _on_runner_failed(self, error: BaseException) -> None:
        self._busy = False
        self.banner.show_message(messages.booking_error_message(error), "error")
        self._refresh_buttons()
        self.operation_finished.emit("error")

    # -- operations -----------------------------------------------------------------------------

    def _run(self, fn: Callable[[], Any], success: str,
             then: Callable[[Any], None] | None = None) -> None:
        """One change; the diary and the follow-ups then refresh themselves (change_watch)."""
        self._busy = True
        self._refresh_buttons()

        def done(result: Any) -> None:
            self._busy = False
            if success:
                self.banner.show_message(success, "success")
            if then is not None:
                then(result)
            self._refresh_buttons()
            self.operation_finished.emit("success")

        self._runner.submit(fn, alive_only(self, done), alive_only(self, self._on_runner_failed))

    @Slot()
    def _on_move_button_clicked(self) -> None:
        entry = self.selected_entry()
        if entry is None:
            return
        request = MoveAppointmentDialog.ask(self, entry)
        if request is None:
            return
        booking = self._services.booking
        self._run(lambda: booking.move(entry.appointment_id, request.new_start,
                                       with_following=request.with_following),
                  self.tr("Moved. Print a rescheduling letter from Print letter… if the client "
                          "wants one."))

    @Slot()
    def _on_cancel_button_clicked(self) -> None:
        entry = self.selected_entry()
        if entry is None:
            return
        request = CancelAppointmentDialog.ask(self, entry)
        if request is None:
            return
        booking = self._services.booking
        self._run(lambda: booking.cancel(entry.appointment_id, request.by,
                                         with_following=request.with_following),
                  "", then=self._on_cancelled)

    def _on_cancelled(self, ids: list[int]) -> None:
        self.banner.show_message(self.tr("%n appointment(s) cancelled.", "", len(ids)), "success")

    def _record_attendance(self, status: str) -> None:
        entry = self.selected_entry()
        if entry is None:
            return
        booking = self._services.booking
        text = (self.tr("Recorded as attended.") if status == "attended"
                else self.tr("Recorded as did not attend; the client is on the follow-up list."))
        self._run(lambda: booking.record_attendance(entry.appointment_id, status), text)

    @Slot()
    def _on_attended_button_clicked(self) -> None:
        self._record_attendance("attended")

    @Slot()
    def _on_dna_button_clicked(self) -> None:
        self._record_attendance("dna")

    @Slot(QAction)
    def _on_letter_menu_triggered(self, action: QAction) -> None:
        self.print_letter(str(action.data()))

    def print_letter(self, kind: str) -> None:
        entry = self.selected_entry()
        if entry is None or kind not in LETTER_KINDS:
            return
        letters = self._services.letters
        make = {
            "confirmation": letters.confirmation,
            "series": letters.series_schedule,
            "rescheduling": letters.rescheduling,
            "cancellation": letters.cancellation,
        }[kind]
        appointment_id = entry.appointment_id
        title = letter_kind_label(kind)
        self._run(lambda: make(appointment_id), "",
                  then=lambda made: self._show_pdf(title, made))

    def _show_pdf(self, title: str, made: tuple[str, bytes]) -> None:
        filename, pdf = made
        LetterPreviewDialog.preview(self, title, filename, pdf)

    @Slot()
    def _on_day_list_button_clicked(self) -> None:
        target = self.target_id()
        if target is None or self.kind() != "counsellor":
            return
        day = self.anchor
        diary = self._services.diary
        self._run(lambda: (f"day-list-{day.isoformat()}.pdf", diary.day_list_pdf(target, day)),
                  "", then=lambda made: self._show_pdf(self.tr("Day list"), made))

    @Slot()
    def _on_export_button_clicked(self) -> None:
        target = self.target_id()
        if target is None or self.kind() != "counsellor":
            return
        path = DiaryFiles.save_ics_path(self, "supportline-diary.ics")
        if path is None:
            return
        start = self._services.today()
        end = start + timedelta(days=EXPORT_DAYS - 1)
        diary = self._services.diary

        def export() -> str:
            atomic_write(path, diary.calendar_export(target, start, end))
            return str(path)

        self._run(export, self.tr("Calendar exported to {path}. It holds times and places "
                                  "only, no client details.").format(path=str(path)))

    @Slot()
    def _on_follow_up_done_button_clicked(self) -> None:
        item = self.selected_follow_up()
        if item is None:
            return
        booking = self._services.booking
        self._run(lambda: booking.complete_follow_up(item.id),
                  self.tr("Follow-up done: {reference} is off the list.").format(
                      reference=item.reference))

    @Slot(int)
    def _on_kind_combo_changed(self, _index: int) -> None:
        self._fill_targets()

    @Slot(int)
    def _on_target_combo_changed(self, _index: int) -> None:
        self.diary = None
        self.reload()

    @Slot(int)
    def _on_span_combo_changed(self, _index: int) -> None:
        self.reload()

    @Slot()
    def _on_previous_button_clicked(self) -> None:
        self.go_to(self.anchor - timedelta(days=7 if self.span() == "week" else 1))

    @Slot()
    def _on_next_button_clicked(self) -> None:
        self.go_to(self.anchor + timedelta(days=7 if self.span() == "week" else 1))

    @Slot()
    def _on_today_button_clicked(self) -> None:
        self.go_to(self._services.today())

    @Slot(QItemSelection, QItemSelection)
    def _on_selection_changed(self, _selected: QItemSelection,
                              _deselected: QItemSelection) -> None:
        self._refresh_buttons()
