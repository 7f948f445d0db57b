"""The release register: which table was published for which period, when and by whom."""

from __future__ import annotations

from typing import Any

from supportline.statistics.catalogue import Release

from . import stats_messages
from .row_table_model import RowTableModel
from .uk_format import format_date_time


class ReleaseTableModel(RowTableModel):
    COLUMN_TABLE = 0
    COLUMN_PERIOD = 1
    COLUMN_RELEASED = 2
    COLUMN_BY = 3
    COLUMN_FINGERPRINT = 4

    def headers(self) -> list[str]:
        return [self.tr("Table"), self.tr("Period"), self.tr("Released"), self.tr("By"),
                self.tr("Fingerprint")]

    def display(self, row: Release, column: int) -> str:
        if column == self.COLUMN_TABLE:
            return stats_messages.table_title(row.table_code)
        if column == self.COLUMN_PERIOD:
            return f"{row.period} ({stats_messages.period_label(row.period)})"
        if column == self.COLUMN_RELEASED:
            return format_date_time(row.released_at)
        if column == self.COLUMN_BY:
            return row.released_by
        if column == self.COLUMN_FINGERPRINT:
            # Enough of the SHA-256 of the released CSV to check a published copy against.
            return row.output_sha256[:16]
        return ""

    def sort_key(self, row: Release, column: int) -> Any:
        if column == self.COLUMN_RELEASED:
            return row.released_at.isoformat() if row.released_at else ""
        if column == self.COLUMN_PERIOD:
            return row.period
        return super().sort_key(row, column)
