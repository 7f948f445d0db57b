"""The counsellor's own sessions (today, this week): when, client, session, venue, status."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject

from supportline.services.diary import DiaryEntry

from .booking_format import format_day, format_wall_clock
from .labels import appointment_kind_label, appointment_status_label
from .row_table_model import RowTableModel


class OwnSessionTableModel(RowTableModel):
    COLUMN_WHEN = 0
    COLUMN_CLIENT = 1
    COLUMN_REFERENCE = 2
    COLUMN_KIND = 3
    COLUMN_VENUE = 4
    COLUMN_STATUS = 5
    COLUMN_COUNT = 6

    def __init__(self, show_day: bool = True, parent: QObject | None = None) -> None:
        super().__init__(parent)
        # Today's list needs only the time; the week's needs the day too.
        self.show_day = show_day

    def headers(self) -> list[str]:
        return [self.tr("When"), self.tr("Client"), self.tr("Reference"), self.tr("Session"),
                self.tr("Venue"), self.tr("Status")]

    def kind_text(self, entry: DiaryEntry) -> str:
        if entry.kind == "session" and entry.session_no:
            return self.tr("Session {n}").format(n=entry.session_no)
        return appointment_kind_label(entry.kind)

    def display(self, entry: DiaryEntry, column: int) -> str:
        if column == self.COLUMN_WHEN:
            time = format_wall_clock(entry.starts_at_local)
            return f"{format_day(entry.starts_at_local.date())} {time}" if self.show_day else time
        if column == self.COLUMN_CLIENT:
            return entry.client_label
        if column == self.COLUMN_REFERENCE:
            return entry.client_reference
        if column == self.COLUMN_KIND:
            return self.kind_text(entry)
        if column == self.COLUMN_VENUE:
            return f"{entry.venue_name}, {entry.room_name}" if entry.room_name \
                else entry.venue_name
        if column == self.COLUMN_STATUS:
            return appointment_status_label(entry.status)
        return ""

    def sort_key(self, entry: DiaryEntry, column: int) -> Any:
        if column == self.COLUMN_WHEN:
            return entry.starts_at_local.timestamp()
        return self.display(entry, column).casefold()

    def dimmed(self, entry: Any) -> bool:
        return bool(entry.cancelled)
