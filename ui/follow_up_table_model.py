"""The did-not-attend follow-ups: reference and initials, the missed appointment, when noted."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from supportline.services.booking import FollowUp

from .labels import follow_up_reason_label
from .row_table_model import RowTableModel
from .uk_format import format_date_time


class FollowUpTableModel(RowTableModel):
    COLUMN_NOTED = 0
    COLUMN_REFERENCE = 1
    COLUMN_INITIALS = 2
    COLUMN_REASON = 3
    COLUMN_APPOINTMENT = 4
    COLUMN_COUNT = 5

    def set_items(self, items: Sequence[FollowUp]) -> None:
        self.set_rows(items)

    def items(self) -> list[FollowUp]:
        return self.rows()

    def headers(self) -> list[str]:
        return [self.tr("Noted"), self.tr("Reference"), self.tr("Initials"), self.tr("Reason"),
                self.tr("Missed appointment")]

    def display(self, item: FollowUp, column: int) -> str:
        if column == self.COLUMN_NOTED:
            return format_date_time(item.created_at)
        if column == self.COLUMN_REFERENCE:
            return item.reference
        if column == self.COLUMN_INITIALS:
            return item.initials
        if column == self.COLUMN_REASON:
            return follow_up_reason_label(item.reason)
        if column == self.COLUMN_APPOINTMENT:
            return format_date_time(item.appointment_at)
        return ""

    def sort_key(self, item: FollowUp, column: int) -> Any:
        if column == self.COLUMN_NOTED:
            return item.created_at.timestamp()
        if column == self.COLUMN_APPOINTMENT:
            return item.appointment_at.timestamp() if item.appointment_at else 0.0
        return self.display(item, column).casefold()
