"""The waiting list: reference and initials only, most urgent first, then longest waiting;
the client's risk level beside the urgency."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont

from supportline.services.cases import URGENCIES, WaitingItem
from supportline.services.clients import RISK_LEVELS

from .labels import (
    case_stage_label,
    gender_label,
    risk_level_label,
    service_label,
    urgency_label,
)

Index = QModelIndex | QPersistentModelIndex

# Wider than any wait in seconds, so urgency always dominates the combined sort key.
_URGENCY_WEIGHT = 10.0**11


class WaitingListTableModel(QAbstractTableModel):
    COLUMN_URGENCY = 0
    COLUMN_RISK = 1
    COLUMN_WAITED = 2
    COLUMN_REFERENCE = 3
    COLUMN_INITIALS = 4
    COLUMN_SERVICE = 5
    COLUMN_STATUS = 6
    COLUMN_DISTRICT = 7
    COLUMN_PREFERENCES = 8
    COLUMN_COUNT = 9

    SortRole = Qt.ItemDataRole.UserRole + 1
    RowObjectRole = Qt.ItemDataRole.UserRole + 2

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._items: list[WaitingItem] = []

    def set_items(self, items: Sequence[WaitingItem]) -> None:
        self.beginResetModel()
        self._items = list(items)
        self.endResetModel()

    def headers(self) -> list[str]:
        return [
            self.tr("Urgency"),
            self.tr("Risk"),
            self.tr("Waiting"),
            self.tr("Reference"),
            self.tr("Initials"),
            self.tr("Service"),
            self.tr("Status"),
            self.tr("District"),
            self.tr("Preferences"),
        ]

    def waited_text(self, days: int) -> str:
        if days == 1:
            return self.tr("1 day")
        return self.tr("{n} days").format(n=days)

    def _preferences(self, item: WaitingItem) -> str:
        parts = []
        if item.pref_counsellor_gender:
            parts.append(self.tr("{gender} counsellor").format(
                gender=gender_label(item.pref_counsellor_gender)))
        if item.pref_language:
            parts.append(item.pref_language)
        return ", ".join(parts)

    def _display(self, item: WaitingItem, column: int) -> str:
        if column == self.COLUMN_URGENCY:
            return urgency_label(item.urgency)
        if column == self.COLUMN_RISK:
            return "" if item.risk_level == "none" else risk_level_label(item.risk_level)
        if column == self.COLUMN_WAITED:
            return self.waited_text(item.waited_days)
        if column == self.COLUMN_REFERENCE:
            return item.reference
        if column == self.COLUMN_INITIALS:
            return item.initials
        if column == self.COLUMN_SERVICE:
            return service_label(item.service)
        if column == self.COLUMN_STATUS:
            return case_stage_label(item.stage)
        if column == self.COLUMN_DISTRICT:
            return item.district or self.tr("Outside Kent")
        if column == self.COLUMN_PREFERENCES:
            return self._preferences(item)
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
            if column == self.COLUMN_URGENCY:
                # Most urgent first, then the longest wait: the order the service works to.
                known = item.urgency in URGENCIES
                rank = URGENCIES.index(item.urgency) if known else len(URGENCIES)
                return rank * _URGENCY_WEIGHT + item.waiting_since.timestamp()
            if column == self.COLUMN_RISK:
                # Highest risk first, then the longest wait.
                known = item.risk_level in RISK_LEVELS
                rank = len(RISK_LEVELS) - RISK_LEVELS.index(item.risk_level) if known else 0
                return rank * _URGENCY_WEIGHT + item.waiting_since.timestamp()
            if column == self.COLUMN_WAITED:
                return -item.waiting_since.timestamp()
            return self._display(item, column).casefold()
        if column == self.COLUMN_RISK and item.risk_level in ("high", "immediate"):
            if role == Qt.ItemDataRole.ForegroundRole:
                return QColor("#a4262c")
            if role == Qt.ItemDataRole.FontRole:
                font = QFont()
                font.setBold(True)
                return font
        if role == Qt.ItemDataRole.TextAlignmentRole and column == self.COLUMN_WAITED:
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
