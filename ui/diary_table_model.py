"""A diary as a list grouped by day: the day on its first row, then time, client (reference and
what the viewer may see: initials for handlers), kind, session, status, counsellor, venue, room."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from supportline.services.diary import DiaryEntry

from .booking_format import format_day, format_wall_clock
from .labels import appointment_kind_label, appointment_status_label

Index = QModelIndex | QPersistentModelIndex


class DiaryTableModel(QAbstractTableModel):
    COLUMN_DAY = 0
    COLUMN_TIME = 1
    COLUMN_CLIENT = 2
    COLUMN_REFERENCE = 3
    COLUMN_KIND = 4
    COLUMN_STATUS = 5
    COLUMN_COUNSELLOR = 6
    COLUMN_VENUE = 7
    COLUMN_ROOM = 8
    COLUMN_COUNT = 9

    SortRole = Qt.ItemDataRole.UserRole + 1
    RowObjectRole = Qt.ItemDataRole.UserRole + 2

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._entries: list[DiaryEntry] = []
        self._first_of_day: list[bool] = []

    def set_entries(self, entries: Sequence[DiaryEntry]) -> None:
        self.beginResetModel()
        self._entries = sorted(entries, key=lambda e: (e.starts_at_local, e.room_name,
                                                       e.appointment_id))
        days = [e.starts_at_local.date() for e in self._entries]
        self._first_of_day = [row == 0 or days[row - 1] != day for row, day in enumerate(days)]
        self.endResetModel()

    def entries(self) -> list[DiaryEntry]:
        return list(self._entries)

    def row_of(self, appointment_id: int) -> int:
        return next((row for row, e in enumerate(self._entries)
                     if e.appointment_id == appointment_id), -1)

    def headers(self) -> list[str]:
        return [self.tr("Day"), self.tr("Time"), self.tr("Client"), self.tr("Reference"),
                self.tr("Kind"), self.tr("Status"), self.tr("Counsellor"), self.tr("Venue"),
                self.tr("Room")]

    def _kind(self, entry: DiaryEntry) -> str:
        kind = appointment_kind_label(entry.kind)
        if entry.kind == "session" and entry.session_no:
            return self.tr("{kind} {number}").format(kind=kind, number=entry.session_no)
        return kind

    def _display(self, row: int, column: int, full: bool = False) -> str:
        entry = self._entries[row]
        if column == self.COLUMN_DAY:
            return format_day(entry.starts_at_local.date()) if full or self._first_of_day[row] \
                else ""
        if column == self.COLUMN_TIME:
            return self.tr("{start}–{end}").format(start=format_wall_clock(entry.starts_at_local),
                                                   end=format_wall_clock(entry.ends_at_local))
        if column == self.COLUMN_CLIENT:
            return entry.client_label
        if column == self.COLUMN_REFERENCE:
            return entry.client_reference
        if column == self.COLUMN_KIND:
            return self._kind(entry)
        if column == self.COLUMN_STATUS:
            return appointment_status_label(entry.status)
        if column == self.COLUMN_COUNSELLOR:
            return entry.counsellor_name
        if column == self.COLUMN_VENUE:
            return entry.venue_name
        if column == self.COLUMN_ROOM:
            return entry.room_name
        return ""

    # -- Qt overrides ---------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self._entries)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else self.COLUMN_COUNT

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._entries):
            return None
        row, column = index.row(), index.column()
        entry = self._entries[row]
        if role == self.RowObjectRole:
            return entry
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self._display(row, column, full=True)
        if role == self.SortRole:
            if column in (self.COLUMN_DAY, self.COLUMN_TIME):
                return entry.starts_at_local.timestamp()
            return self._display(row, column, full=True).casefold()
        if role == Qt.ItemDataRole.FontRole and column == self.COLUMN_DAY:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole:
            if entry.cancelled:
                return QBrush(QColor("#6b6b6b"))
            if entry.status == "dna":
                return QBrush(QColor("#a4262c"))
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < self.COLUMN_COUNT
        ):
            return self.headers()[section]
        return None
