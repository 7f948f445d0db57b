"""The did-not-attend follow-ups: reference and initials, the missed appointment, when noted."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from supportline.services.booking import FollowUp

from .labels import follow_up_reason_label
from .uk_format import format_date_time

Index = QModelIndex | QPersistentModelIndex


class FollowUpTableModel(QAbstractTableModel):
    COLUMN_NOTED = 0
    COLUMN_REFERENCE = 1
    COLUMN_INITIALS = 2
    COLUMN_REASON = 3
    COLUMN_APPOINTMENT = 4
    COLUMN_COUNT = 5

    SortRole = Qt.ItemDataRole.UserRole + 1
    RowObjectRole = Qt.ItemDataRole.UserRole + 2

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._items: list[FollowUp] = []

    def set_items(self, items: Sequence[FollowUp]) -> None:
        self.beginResetModel()
        self._items = list(items)
        self.endResetModel()

    def items(self) -> list[FollowUp]:
        return list(self._items)

    def headers(self) -> list[str]:
        return [self.tr("Noted"), self.tr("Reference"), self.tr("Initials"), self.tr("Reason"),
                self.tr("Missed appointment")]

    def _display(self, item: FollowUp, column: int) -> str:
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
            if column == self.COLUMN_NOTED:
                return item.created_at.timestamp()
            if column == self.COLUMN_APPOINTMENT:
                return item.appointment_at.timestamp() if item.appointment_at else 0.0
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
