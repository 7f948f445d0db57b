"""The problems of a rejected CSV import: line, field, reason, value."""

from __future__ import annotations

from typing import Any

from supportline.errors import RowProblem

from .admin_messages import field_label, row_problem_reason
from .row_table_model import RowTableModel


class ImportProblemTableModel(RowTableModel):
    COLUMN_LINE = 0
    COLUMN_FIELD = 1
    COLUMN_REASON = 2
    COLUMN_VALUE = 3

    def headers(self) -> list[str]:
        return [self.tr("Line"), self.tr("Column"), self.tr("Problem"), self.tr("Value")]

    def display(self, row: RowProblem, column: int) -> str:
        if column == self.COLUMN_LINE:
            return str(row.line)
        if column == self.COLUMN_FIELD:
            return field_label(row.field)
        if column == self.COLUMN_REASON:
            return row_problem_reason(row)
        if column == self.COLUMN_VALUE:
            return row.value
        return ""

    def sort_key(self, row: RowProblem, column: int) -> Any:
        if column == self.COLUMN_LINE:
            return row.line
        return super().sort_key(row, column)

    def dimmed(self, row: RowProblem) -> bool:
        return False
