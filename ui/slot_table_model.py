"""Free times the slot finder offered: date, time, counsellor, venue, room, distance."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from supportline.services.booking import Slot

from .booking_format import format_clock, format_day_of, format_km

Index = QModelIndex | QPersistentModelIndex


class SlotTableModel(QAbstractTableModel):
    COLUMN_DATE = 0
    COLUMN_TIME = 1
    COLUMN_COUNSELLOR = 2
    COLUMN_VENUE = 3
    COLUMN_ROOM = 4
    COLUMN_DISTANCE = 5
    COLUMN_COUNT = 6

    SortRole = Qt.ItemDataRole.UserRole + 1
    RowObjectRole = Qt.ItemDataRole.UserRole + 2

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._slots: list[Slot] = []

    def set_slots(self, slots: Sequence[Slot]) -> None:
        self.beginResetModel()
        self._slots = list(slots)
        self.endResetModel()

    def slots(self) -> list[Slot]:
        return list(self._slots)

    def headers(self) -> list[str]:
        return [self.tr("Date"), self.tr("Time"), self.tr("Counsellor"), self.tr("Venue"),
                self.tr("Room"), self.tr("Distance")]

    def _display(self, slot: Slot, column: int) -> str:
        if column == self.COLUMN_DATE:
            return format_day_of(slot.starts_at)
        if column == self.COLUMN_TIME:
            return format_clock(slot.starts_at)
        if column == self.COLUMN_COUNSELLOR:
            return slot.counsellor_name
        if column == self.COLUMN_VENUE:
            return slot.venue_name
        if column == self.COLUMN_ROOM:
            return slot.room_name
        if column == self.COLUMN_DISTANCE:
            return format_km(slot.distance_km)
        return ""

    def _sort_key(self, slot: Slot, column: int) -> Any:
        if column in (self.COLUMN_DATE, self.COLUMN_TIME):
            return slot.starts_at.timestamp()
        if column == self.COLUMN_DISTANCE:
            return float(slot.distance_km)
        return self._display(slot, column).casefold()

    # -- Qt overrides ---------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self._slots)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else self.COLUMN_COUNT

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._slots):
            return None
        slot = self._slots[index.row()]
        column = index.column()
        if role == self.RowObjectRole:
            return slot
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._display(slot, column)
        if role == self.SortRole:
            return self._sort_key(slot, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == self.COLUMN_DISTANCE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
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
