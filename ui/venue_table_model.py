"""Venues for Administration > Venues."""

from __future__ import annotations

from typing import Any

from supportline.services.venues import VenueInfo

from .admin_labels import access_label, active_label
from .row_table_model import RowTableModel


class VenueTableModel(RowTableModel):
    COLUMN_NAME = 0
    COLUMN_DISTRICT = 1
    COLUMN_ACTIVE = 2
    COLUMN_ROOMS = 3
    COLUMN_ACCESS = 4

    def headers(self) -> list[str]:
        return [self.tr("Name"), self.tr("District"), self.tr("Status"), self.tr("Rooms"),
                self.tr("Access")]

    def display(self, row: VenueInfo, column: int) -> str:
        if column == self.COLUMN_NAME:
            return row.name
        if column == self.COLUMN_DISTRICT:
            return row.district
        if column == self.COLUMN_ACTIVE:
            return active_label(row.active)
        if column == self.COLUMN_ROOMS:
            return str(self.active_rooms(row))
        if column == self.COLUMN_ACCESS:
            return access_label(row.step_free, row.hearing_loop, row.parking)
        return ""

    @staticmethod
    def active_rooms(row: VenueInfo) -> int:
        return sum(1 for room in row.rooms if room.active)

    def sort_key(self, row: VenueInfo, column: int) -> Any:
        if column == self.COLUMN_ACTIVE:
            return int(row.active)
        if column == self.COLUMN_ROOMS:
            return self.active_rooms(row)
        return super().sort_key(row, column)
