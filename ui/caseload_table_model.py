"""The counsellor's cases: reference, name, service, stage, next session (or when it closed),
sessions used and left of the allowance, risk level. Closed cases, when shown, are dimmed and
sort after the open ones, most recently closed first."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor

from supportline.services.allowance import AllowanceStatus
from supportline.services.clinical import RISK_LEVELS, CaseloadItem

from .labels import case_stage_label, risk_level_label, service_label
from .row_table_model import Index, RowTableModel
from .uk_format import format_date, format_date_time

# Next-session sort keys: booked cases by their time (seconds), then those with none booked, then
# closed cases, the most recently closed first.
_NONE_BOOKED = 1e12
_CLOSED = 2e12


@dataclass(frozen=True)
class CaseloadRow:
    item: CaseloadItem
    allowance: AllowanceStatus | None

    @property
    def case_id(self) -> int:
        return self.item.case_id


class CaseloadTableModel(RowTableModel):
    COLUMN_REFERENCE = 0
    COLUMN_NAME = 1
    COLUMN_SERVICE = 2
    COLUMN_STAGE = 3
    COLUMN_NEXT = 4
    COLUMN_SESSIONS = 5
    COLUMN_RISK = 6
    COLUMN_COUNT = 7

    def headers(self) -> list[str]:
        return [self.tr("Reference"), self.tr("Name"), self.tr("Service"), self.tr("Stage"),
                self.tr("Next session"), self.tr("Sessions used / left"), self.tr("Risk")]

    def sessions_text(self, row: CaseloadRow) -> str:
        allowance = row.allowance
        if allowance is None:
            return self.tr("{used} attended, {booked} booked").format(
                used=row.item.attended, booked=row.item.booked)
        return self.tr("{used} used / {left} left of {allowed}").format(
            used=allowance.used, left=allowance.left, allowed=allowance.allowed)

    def display(self, row: CaseloadRow, column: int) -> str:
        item = row.item
        if column == self.COLUMN_REFERENCE:
            return item.reference
        if column == self.COLUMN_NAME:
            return item.client_name
        if column == self.COLUMN_SERVICE:
            return service_label(item.service)
        if column == self.COLUMN_STAGE:
            if item.notes_waiting:
                return self.tr("{stage} (notes not yet handed over)").format(
                    stage=case_stage_label(item.stage))
            return case_stage_label(item.stage)
        if column == self.COLUMN_NEXT:
            if item.status == "closed":
                return self.tr("Closed {date}").format(date=format_date(item.closed_at))
            return format_date_time(item.next_session) if item.next_session else self.tr(
                "None booked")
        if column == self.COLUMN_SESSIONS:
            return self.sessions_text(row)
        if column == self.COLUMN_RISK:
            return risk_level_label(item.risk_level)
        return ""

    def sort_key(self, row: CaseloadRow, column: int) -> Any:
        item = row.item
        if column == self.COLUMN_NEXT:
            if item.status == "closed":
                return _CLOSED - (item.closed_at.timestamp() if item.closed_at else 0.0)
            return item.next_session.timestamp() if item.next_session else _NONE_BOOKED
        if column == self.COLUMN_RISK:
            return RISK_LEVELS.index(item.risk_level) if item.risk_level in RISK_LEVELS else 0
        if column == self.COLUMN_SESSIONS:
            return row.allowance.left if row.allowance is not None else item.booked
        return self.display(row, column).casefold()

    def dimmed(self, row: Any) -> bool:
        return bool(row.item.status == "closed")

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (role == Qt.ItemDataRole.ForegroundRole and index.isValid()
                and index.column() == self.COLUMN_RISK):
            row = super().data(index, self.RowObjectRole)
            if row is not None and row.item.risk_level in ("high", "immediate"):
                return QBrush(QColor(Qt.GlobalColor.darkRed))
        return super().data(index, role)

    def row_of(self, case_id: int) -> int:
        return next((n for n, row in enumerate(self._rows) if row.case_id == case_id), -1)
