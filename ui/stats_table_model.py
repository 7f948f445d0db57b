"""One protected statistics table: its categories as rows and columns, the totals last.

Suppressed cells read "*" with their own style and say why; the Total row and column are bold.
The table keeps the catalogue's order (sorting would move the totals), so there is no sort role.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from supportline.statistics.catalogue import TableOutput
from supportline.statistics.disclosure import TOTAL, Cell

from . import stats_messages

Index = QModelIndex | QPersistentModelIndex

_HIDDEN_BACKGROUND = QColor("#ece9e1")
_HIDDEN_FOREGROUND = QColor("#6b6457")
_TOTAL_BACKGROUND = QColor("#e8eef6")


@dataclass(frozen=True)
class StatsCell:
    """One cell with where it sits: what a view gets through ``RowObjectRole``."""

    row: str
    column: str
    cell: Cell
    percent: float | None  # of the row's total (of the grand total in a one-way table)
    is_total: bool  # the Total row or column (a one-way table's only column is its counts)


class StatsTableModel(QAbstractTableModel):
    RowObjectRole = Qt.ItemDataRole.UserRole + 2
    SuppressedRole = Qt.ItemDataRole.UserRole + 3
    TotalRole = Qt.ItemDataRole.UserRole + 4
    ValueRole = Qt.ItemDataRole.UserRole + 5  # the published count, or None when hidden

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._output: TableOutput | None = None
        self._rows: list[str] = []
        self._columns: list[str] = []

    def set_output(self, output: TableOutput | None) -> None:
        self.beginResetModel()
        self._output = output
        if output is None:
            self._rows, self._columns = [], []
        else:
            table = output.table
            self._rows = [*table.rows, TOTAL]
            self._columns = [TOTAL] if table.one_way else [*table.columns, TOTAL]
        self.endResetModel()

    def output(self) -> TableOutput | None:
        return self._output

    def row_codes(self) -> list[str]:
        return list(self._rows)

    def column_codes(self) -> list[str]:
        return list(self._columns)

    def cell_at(self, row: int, column: int) -> StatsCell | None:
        if self._output is None or not (0 <= row < len(self._rows)
                                        and 0 <= column < len(self._columns)):
            return None
        table = self._output.table
        row_code, column_code = self._rows[row], self._columns[column]
        cell = table.cells.get((row_code, column_code), Cell(None, True))
        if table.one_way:
            percent = None if row_code == TOTAL else table.percent(row_code, TOTAL)
        else:
            percent = (None if column_code == TOTAL
                       else table.percent(row_code, column_code, of_row=row_code))
        is_total = row_code == TOTAL or (column_code == TOTAL and not table.one_way)
        return StatsCell(row_code, column_code, cell, percent, is_total)

    def _tooltip(self, item: StatsCell) -> str:
        if item.cell.suppressed:
            return stats_messages.hidden_tooltip()
        value = stats_messages.count_text(item.cell.value or 0)
        if item.percent is None:
            return value
        share = stats_messages.percent_text(item.percent)
        if self._output is not None and self._output.table.one_way:
            return self.tr("{value}: {share} of the total").format(value=value, share=share)
        return self.tr("{value}: {share} of the row total").format(value=value, share=share)

    # -- Qt overrides ---------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        item = self.cell_at(index.row(), index.column())
        if item is None:
            return None
        hidden = item.cell.suppressed
        if role == Qt.ItemDataRole.DisplayRole:
            return "*" if hidden else stats_messages.count_text(item.cell.value or 0)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self.tr("hidden") if hidden else stats_messages.count_text(item.cell.value or 0)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(item)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if hidden:
                return int(Qt.AlignmentFlag.AlignCenter)
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and (item.is_total or hidden):
            font = QFont()
            font.setBold(item.is_total)
            font.setItalic(hidden)
            return font
        if role == Qt.ItemDataRole.BackgroundRole:
            if hidden:
                return QBrush(_HIDDEN_BACKGROUND)
            if item.is_total:
                return QBrush(_TOTAL_BACKGROUND)
            return None
        if role == Qt.ItemDataRole.ForegroundRole and hidden:
            return QBrush(_HIDDEN_FOREGROUND)
        if role == self.RowObjectRole:
            return item
        if role == self.SuppressedRole:
            return hidden
        if role == self.TotalRole:
            return item.is_total
        if role == self.ValueRole:
            return item.cell.value
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        codes = self._columns if orientation == Qt.Orientation.Horizontal else self._rows
        if not 0 <= section < len(codes) or self._output is None:
            return None
        code = codes[section]
        one_way_count = (orientation == Qt.Orientation.Horizontal
                         and self._output.table.one_way)
        if role == Qt.ItemDataRole.DisplayRole:
            if one_way_count:
                return stats_messages.one_way_column_label()
            return stats_messages.category_label(self._output.code, code)
        if role == Qt.ItemDataRole.ToolTipRole:
            if one_way_count:
                return stats_messages.one_way_column_label()
            return stats_messages.category_tooltip(self._output.code, code)
        if role == Qt.ItemDataRole.FontRole and code == TOTAL and not one_way_count:
            font = QFont()
            font.setBold(True)
            return font
        return None
