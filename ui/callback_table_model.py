"""The call-back queue, oldest first: received, due, channel, purpose, who to call."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from supportline.services.intake import CallbackItem

from .labels import channel_label, purpose_label
from .uk_format import format_date_time

Index = QModelIndex | QPersistentModelIndex


class CallbackTableModel(QAbstractTableModel):
    COLUMN_RECEIVED = 0
    COLUMN_DUE = 1
    COLUMN_CHANNEL = 2
    COLUMN_PURPOSE = 3
    COLUMN_NAME = 4
    COLUMN_NUMBER = 5
    COLUMN_COUNT = 6

    SortRole = Qt.ItemDataRole.UserRole + 1
    RowObjectRole = Qt.ItemDataRole.UserRole + 2

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._items: list[CallbackItem] = []

    def set_items(self, items: Sequence[CallbackItem]) -> None:
        self.beginResetModel()
        self._items = list(items)
        self.endResetModel()

    def headers(self) -> list[str]:
        return [
            self.tr("Received"),
            self.tr("Due"),
            self.tr("Channel"),
            self.tr("Purpose"),
            self.tr("Name"),
            self.tr("Number to call"),
        ]

    def _display(self, item: CallbackItem, column: int) -> str:
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

    # -- Qt overrides ---------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else self.COLUMN_COUNT

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        item = self._items[index.row()]
        column = index.column()
        if role == self.RowObjectRole:
            return item
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._display(item, column)
        if role == self.SortRole:
            if column == self.COLUMN_RECEIVED:
                return item.received_at.timestamp()
            if column == self.COLUMN_DUE:
                return item.due_at.timestamp() if item.due_at else 0.0
            return self._display(item, column).casefold()
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
