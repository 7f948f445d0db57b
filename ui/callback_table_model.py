"""The call-back queue, oldest first: received, due, channel, purpose, who to call."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from supportline.services.intake import CallbackItem

from .labels import channel_label, purpose_label
from .row_table_model import RowTableModel
from .uk_format import format_date_time


class CallbackTableModel(RowTableModel):
    COLUMN_RECEIVED = 0
    COLUMN_DUE = 1
    COLUMN_CHANNEL = 2
    COLUMN_PURPOSE = 3
    COLUMN_NAME = 4
    COLUMN_NUMBER = 5
    COLUMN_COUNT = 6

    def set_items(self, items: Sequence[CallbackItem]) -> None:
        self.set_rows(items)

    def headers(self) -> list[str]:
        return [
            self.tr("Received"),
            self.tr("Due"),
            self.tr("Channel"),
            self.tr("Purpose"),
            self.tr("Name"),
            self.tr("Number to call"),
        ]

    def display(self, item: CallbackItem, column: int) -> str:
        if column == self.COLUMN_RECEIVED:
            return format_date_time(item.received_at)
        if column == self.COLUMN_DUE:
            return format_date_time(item.due_at)
        if column == self.COLUMN_CHANNEL:
            return channel_label(item.channel)
        if column == self.COLUMN_PURPOSE:
            return purpose_label(item.purpose)
        if column == self.COLUMN_NAME:
            if item.callback_name:
                return item.callback_name
            return self.tr("Existing client") if item.client_id is not None else ""
        if column == self.COLUMN_NUMBER:
            return item.callback_phone or ""
        return ""

    def sort_key(self, item: CallbackItem, column: int) -> Any:
        if column == self.COLUMN_RECEIVED:
            return item.received_at.timestamp()
        if column == self.COLUMN_DUE:
            return item.due_at.timestamp() if item.due_at else 0.0
        return self.display(item, column).casefold()
