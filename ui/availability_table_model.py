"""A counsellor's weekly availability being edited: venue, weekday, from, to."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QModelIndex, QObject

from supportline.services.counsellors import Availability

from .admin_labels import hh_mm, weekday_label
from .row_table_model import RowTableModel


class AvailabilityTableModel(RowTableModel):
    COLUMN_VENUE = 0
    COLUMN_WEEKDAY = 1
    COLUMN_FROM = 2
    COLUMN_TO = 3

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._venue_names: dict[int, str] = {}

    def set_venue_names(self, names: Mapping[int, str]) -> None:
        self.beginResetModel()
        self._venue_names = dict(names)
        self.endResetModel()

    def add(self, slot: Availability) -> None:
        row = len(self._rows)
        self.beginInsertRows(QModelIndex(), row, row)
        self._rows.append(slot)
        self.endInsertRows()

    def remove(self, slot: Availability) -> None:
        if slot not in self._rows:
            return
        row = self._rows.index(slot)
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._rows[row]
        self.endRemoveRows()

    def headers(self) -> list[str]:
        return [self.tr("Venue"), self.tr("Day"), self.tr("From"), self.tr("To")]

    def display(self, row: Availability, column: int) -> str:
        if column == self.COLUMN_VENUE:
            return self._venue_names.get(row.venue_id, self.tr("Venue {id}").format(
                id=row.venue_id))
        if column == self.COLUMN_WEEKDAY:
            return weekday_label(row.weekday)
        if column == self.COLUMN_FROM:
            return hh_mm(row.starts)
        if column == self.COLUMN_TO:
            return hh_mm(row.ends)
        return ""

    def sort_key(self, row: Availability, column: int) -> Any:
        if column == self.COLUMN_WEEKDAY:
            return row.weekday * 10_000 + row.starts.hour * 100 + row.starts.minute
        return super().sort_key(row, column)

    def dimmed(self, row: Availability) -> bool:
        return False
