"""One case's appointments, oldest first: date and time, session, status."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from supportline.services.diary import CANCELLED_STATUSES

from .labels import appointment_kind_label, appointment_status_label
from .row_table_model import RowTableModel
from .uk_format import format_date_time


@dataclass(frozen=True)
class CaseAppointment:
    id: int
    starts_at: datetime
    kind: str  # assessment | session
    status: str
    session_no: int | None

    @classmethod
    def from_row(cls, row: Any) -> CaseAppointment:
        return cls(int(row.id), row.starts_at, str(row.kind), str(row.status), row.session_no)

    @property
    def cancelled(self) -> bool:
        return self.status in CANCELLED_STATUSES


class CaseAppointmentTableModel(RowTableModel):
    COLUMN_WHEN = 0
    COLUMN_KIND = 1
    COLUMN_STATUS = 2
    COLUMN_COUNT = 3

    def headers(self) -> list[str]:
        return [self.tr("Date and time"), self.tr("Session"), self.tr("Status")]

    def kind_text(self, appointment: CaseAppointment) -> str:
        if appointment.kind == "session" and appointment.session_no:
            return self.tr("Session {n}").format(n=appointment.session_no)
        return appointment_kind_label(appointment.kind)

    def display(self, appointment: CaseAppointment, column: int) -> str:
        if column == self.COLUMN_WHEN:
            return format_date_time(appointment.starts_at)
        if column == self.COLUMN_KIND:
            return self.kind_text(appointment)
        if column == self.COLUMN_STATUS:
            return appointment_status_label(appointment.status)
        return ""

    def sort_key(self, appointment: CaseAppointment, column: int) -> Any:
        if column == self.COLUMN_WHEN:
            return appointment.starts_at.timestamp()
        return self.display(appointment, column).casefold()

    def dimmed(self, appointment: Any) -> bool:
        return bool(appointment.cancelled)

    def row_of(self, appointment_id: int) -> int:
        return next((n for n, a in enumerate(self._rows) if a.id == appointment_id), -1)
