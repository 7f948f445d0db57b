"""A counsellor's diary as an iCalendar file (RFC 5545), for their own calendar app.

A calendar leaves the service's protection (phones, cloud calendars, shared screens), so an event
says only what and where: "Assessment" or "Counselling session" at a venue and room. No client
name, initials or reference: :class:`CalendarEvent` has no field that could hold them.

Times are written in UTC ("Z" form), so no time-zone definitions are needed and a calendar app
shows them in its own zone; the wall-clock time in London is kept across the clock changes
because the stored instants already are. Lines end in CRLF and are folded at 75 octets without
splitting a UTF-8 character.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..services.diary import DiaryEntry

PRODID = "-//Support Line//SupportLine diary//EN"
UID_DOMAIN = "supportline.invalid"  # RFC 2606: never resolves, never collides with real mail
CALENDAR_NAME = "Support Line diary"
MAX_OCTETS = 75
SUMMARIES = {"assessment": "Assessment", "session": "Counselling session"}


@dataclass(frozen=True)
class CalendarEvent:
    appointment_id: int
    starts_at: datetime  # aware
    ends_at: datetime
    summary: str
    location: str


def event_uid(appointment_id: int) -> str:
    """Stable per appointment, so a re-import updates the event instead of duplicating it."""
    return f"appointment-{appointment_id}@{UID_DOMAIN}"


def event_from_entry(entry: DiaryEntry) -> CalendarEvent:
    """Only the time, kind and place of a diary entry; its client fields are left behind."""
    return CalendarEvent(
        appointment_id=entry.appointment_id,
        starts_at=entry.starts_at_local,
        ends_at=entry.ends_at_local,
        summary=SUMMARIES.get(entry.kind, SUMMARIES["session"]),
        location=f"{entry.venue_name}, {entry.room_name}",
    )


def utc_stamp(moment: datetime) -> str:
    """``20261123T100000Z``."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime")
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def escape_text(value: str) -> str:
    """A TEXT value (RFC 5545 3.3.11): backslash, semicolon, comma and newline escaped; other
    control characters, which TEXT may not contain, become spaces."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    out = []
    for char in value:
        if char == "\\":
            out.append("\\\\")
        elif char == ";":
            out.append("\\;")
        elif char == ",":
            out.append("\\,")
        elif char == "\n":
            out.append("\\n")
        elif (ord(char) < 0x20 and char != "\t") or ord(char) == 0x7F:
            out.append(" ")
        else:
            out.append(char)
    return "".join(out)


def fold(line: str) -> bytes:
    """One content line as UTF-8, folded so no physical line exceeds 75 octets (CRLF excluded);
    each continuation starts with a space, and no character is split across lines."""
    pieces: list[bytes] = []
    current = b""
    for char in line:
        encoded = char.encode("utf-8")
        if len(current) + len(encoded) > MAX_OCTETS:
            pieces.append(current)
            current = b" "  # the continuation's leading space counts towards its 75 octets
        current += encoded
    pieces.append(current)
    return b"\r\n".join(pieces) + b"\r\n"


def render_calendar(
    events: Iterable[CalendarEvent], stamp: datetime, name: str = CALENDAR_NAME
) -> bytes:
    """The whole VCALENDAR, one VEVENT per event, as bytes ready to save."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
    ]
    dtstamp = utc_stamp(stamp)
    for event in events:
        lines += [
            "BEGIN:VEVENT",
            f"UID:{event_uid(event.appointment_id)}",
            f"DTSTAMP:{dtstamp}",
            f"DTSTART:{utc_stamp(event.starts_at)}",
            f"DTEND:{utc_stamp(event.ends_at)}",
            f"SUMMARY:{escape_text(event.summary)}",
            f"LOCATION:{escape_text(event.location)}",
            "CLASS:PRIVATE",
            "TRANSP:OPAQUE",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return b"".join(fold(line) for line in lines)
