"""A planned weekly series: each week's date and time, whether it works, and the alternative
proposed when it does not (ticked to take it)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from supportline.services.bookability import RULE_PROBLEMS
from supportline.services.booking import PlannedOccurrence, SeriesPlan

from .booking_format import format_clock, format_day_of
from .labels import booking_problem_label

Index = QModelIndex | QPersistentModelIndex


class SeriesPlanTableModel(QAbstractTableModel):
    COLUMN_WEEK = 0
    COLUMN_DATE = 1
    COLUMN_TIME = 2
    COLUMN_STATUS = 3
    COLUMN_ALTERNATIVE = 4
    COLUMN_COUNT = 5

    SortRole = Qt.ItemDataRole.UserRole + 1
    RowObjectRole = Qt.ItemDataRole.UserRole + 2

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._plan: SeriesPlan | None = None
        self._occurrences: list[PlannedOccurrence] = []
        self._accepted: list[bool] = []

    def set_plan(self, plan: SeriesPlan | None) -> None:
        self.beginResetModel()
        self._plan = plan
        self._occurrences = list(plan.occurrences) if plan else []
        # Alternatives are proposed: taken unless the handler unticks them.
        self._accepted = [o.alternative is not None for o in self._occurrences]
        self.endResetModel()

    def plan(self) -> SeriesPlan | None:
        return self._plan

    def accepted_plan(self) -> SeriesPlan | None:
        """The plan with the unticked alternatives dropped (those weeks are not booked)."""
        if self._plan is None:
            return None
        occurrences = tuple(
            occurrence if accepted or occurrence.alternative is None
            else replace(occurrence, alternative=None)
            for occurrence, accepted in zip(self._occurrences, self._accepted, strict=True))
        return replace(self._plan, occurrences=occurrences)

    def is_accepted(self, row: int) -> bool:
        return self._accepted[row]

    def problem_count(self, problem: str) -> int:
        return sum(1 for occurrence in self._occurrences if occurrence.problem == problem)

    def first_with(self, problem: str) -> PlannedOccurrence | None:
        return next((o for o in self._occurrences if o.problem == problem), None)

    def bookable_count(self) -> int:
        return sum(1 for occurrence, accepted in zip(self._occurrences, self._accepted,
                                                      strict=True)
                   if occurrence.problem is None or (accepted and occurrence.alternative))

    def headers(self) -> list[str]:
        return [self.tr("Week"), self.tr("Date"), self.tr("Time"), self.tr("As planned"),
                self.tr("Alternative (tick to take)")]

    def _status(self, occurrence: PlannedOccurrence) -> str:
        if occurrence.problem is None:
            return self.tr("OK")
        reason = booking_problem_label(occurrence.problem)
        return reason[:1].upper() + reason[1:]

    def _alternative(self, occurrence: PlannedOccurrence) -> str:
        if occurrence.problem is None:
            return ""
        alternative = occurrence.alternative
        if alternative is None and occurrence.problem in RULE_PROBLEMS:
            return self.tr("Not booked")
        if alternative is None:
            return self.tr("None found: this week is not booked")
        return self.tr("{day} {time}, {room}").format(
            day=format_day_of(alternative.starts_at), time=format_clock(alternative.starts_at),
            room=alternative.room_name)

    def _display(self, row: int, column: int) -> str:
        occurrence = self._occurrences[row]
        if column == self.COLUMN_WEEK:
            return str(row + 1)
        if column == self.COLUMN_DATE:
            return format_day_of(occurrence.starts_at)
        if column == self.COLUMN_TIME:
            return format_clock(occurrence.starts_at)
        if column == self.COLUMN_STATUS:
            return self._status(occurrence)
        if column == self.COLUMN_ALTERNATIVE:
            return self._alternative(occurrence)
        return ""

    def _checkable(self, row: int, column: int) -> bool:
        return (column == self.COLUMN_ALTERNATIVE
                and self._occurrences[row].alternative is not None
                and self._occurrences[row].problem is not None)

    # -- Qt overrides ---------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self._occurrences)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else self.COLUMN_COUNT

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self._checkable(index.row(), index.column()):
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._occurrences):
            return None
        row, column = index.row(), index.column()
        occurrence = self._occurrences[row]
        if role == self.RowObjectRole:
            return occurrence
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._display(row, column)
        if role == self.SortRole:
            if column in (self.COLUMN_WEEK, self.COLUMN_DATE, self.COLUMN_TIME):
                return occurrence.starts_at.timestamp()
            return self._display(row, column).casefold()
        if role == Qt.ItemDataRole.CheckStateRole and self._checkable(row, column):
            return (Qt.CheckState.Checked if self._accepted[row]
                    else Qt.CheckState.Unchecked)
        if (role == Qt.ItemDataRole.ForegroundRole and column == self.COLUMN_STATUS
                and occurrence.problem is not None):
            return QBrush(QColor("#a4262c"))
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if (role != Qt.ItemDataRole.CheckStateRole or not index.isValid()
                or not self._checkable(index.row(), index.column())):
            return False
        state = value.value if isinstance(value, Qt.CheckState) else int(value)
        self._accepted[index.row()] = state == Qt.CheckState.Checked.value
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        return True

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
