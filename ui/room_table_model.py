"""The rooms of one venue."""

from __future__ import annotations

from typing import Any

from supportline.services.venues import Room

from .admin_labels import active_label
from .row_table_model import RowTableModel


class RoomTableModel(RowTableModel):
    COLUMN_NAME = 0
    COLUMN_ACTIVE = 1

    def headers(self) -> list[str]:
        return [self.tr("Room"), self.tr("Status")]

    def display(self, row: Room, column: int) -> str:
        if column == self.COLUMN_NAME:
            return row.name
        if column == self.COLUMN_ACTIVE:
            return active_label(row.active)
        return ""

    def sort_key(self, row: Room, column: int) -> Any:
        if column == self.COLUMN_ACTIVE:
            return int(row.active)
        return super().sort_key(row, column)
