"""Letters about appointments: confirmation, a series' schedule, cancellation, rescheduling.

Pure functions, data in and PDF bytes out, on the common layout of :mod:`.letters`: "Private and
Confidential", the client's address only when they agreed to letters (:func:`.letters.recipient`
raises :class:`.letters.LettersDeclined` otherwise, and no letter is made), the venue's address
and access, and every date and time as Europe/London wall-clock ("Monday 23 November 2026 at
10:00"). Nothing about why the client is coming, or about risk, goes on paper.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Table, TableStyle

from ..errors import SupportLineError
from ..services.clients import ClientRecord
from ..services.venues import VenueInfo
from .letters import (
    LINE_HOURS,
    SERVICE_PHONE,
    clock_time,
    letter_styles,
    long_day,
    long_when,
    recipient,
    render_letter,
    to_london,
)

CRISIS = (
    "If you are in crisis or feel unable to keep yourself safe, call 999, NHS 111 (option 2), "
    "or Samaritans free on 116 123 at any time."
)
LABEL_WIDTH = 28 * mm
TEXT_WIDTH = 166 * mm  # A4 less the letter's margins


class LetterNotApplicable(SupportLineError):
    """The appointment is not in the state the letter describes (not booked, not cancelled,
    never moved, not part of a series, or a schedule with nothing in it)."""

    code = "letter_not_applicable"

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class LetterAppointment:
    appointment_id: int
    starts_at: datetime  # aware; shown in Europe/London
    ends_at: datetime
    kind: str  # assessment | session
    service: str  # counselling | coaching | mediation
    venue: VenueInfo
    room_name: str
    counsellor_name: str
    session_no: int | None = None


def what(appointment: LetterAppointment) -> str:
    """``assessment appointment`` or ``counselling session``."""
    if appointment.kind == "assessment":
        return "assessment appointment"
    return f"{appointment.service} session"


def address_lines(venue: VenueInfo) -> list[str]:
    lines = [part.strip() for part in venue.address.split(",") if part.strip()]
    if venue.town and all(venue.town.lower() != line.lower() for line in lines):
        lines.append(venue.town)
    return [*lines, venue.postcode]


def access_sentence(venue: VenueInfo) -> str:
    text = venue.access_text
    return text[:1].upper() + text[1:] + "."


def _until(appointment: LetterAppointment) -> str:
    return f"{long_when(appointment.starts_at)} (until {clock_time(appointment.ends_at)})"


def _details(rows: Sequence[tuple[str, str]]) -> Flowable:
    """A boxed label/value table; values are Paragraph markup."""
    styles = letter_styles()
    table = Table(
        [
            [Paragraph(label, styles["strong"]), Paragraph(value, styles["body"])]
            for label, value in rows
        ],
        colWidths=[LABEL_WIDTH, TEXT_WIDTH - LABEL_WIDTH],
        hAlign="LEFT",
    )
    table.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 0.6, colors.HexColor("#6b6b6b")),
                ("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#f0f0f0")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return table


def _venue_rows(venue: VenueInfo, room_name: str | None) -> list[tuple[str, str]]:
    where = f"<b>{escape(venue.name)}</b><br/>" + "<br/>".join(
        escape(line) for line in address_lines(venue)
    )
    rows = [("Where", where)]
    if room_name:
        rows.append(("Room", escape(room_name)))
    rows.append(("Access", escape(access_sentence(venue))))
    return rows


def _appointment_table(appointment: LetterAppointment, when_label: str = "When") -> Flowable:
    rows = [(when_label, f"<b>{escape(_until(appointment))}</b>")]
    rows += _venue_rows(appointment.venue, appointment.room_name)
    rows.append(("Counsellor", escape(appointment.counsellor_name)))
    return _details(rows)


def _cannot_come(late_cancel_hours: int) -> str:
    notice = f", and at least {late_cancel_hours} hours before" if late_cancel_hours else ""
    return (
        f"If you cannot come, please let us know as soon as you can{notice}, by calling "
        f"{SERVICE_PHONE} ({LINE_HOURS}), so that we can offer the time to someone else and "
        "arrange another for you."
    )


def confirmation_letter(
    record: ClientRecord,
    today: date,
    appointment: LetterAppointment,
    late_cancel_hours: int = 24,
) -> bytes:
    to = recipient(record)
    return render_letter(
        to,
        today,
        record.reference,
        [
            f"We have booked your {escape(what(appointment))} with Support Line:",
            _appointment_table(appointment),
            "Please arrive a few minutes early and tell reception you are here for Support Line.",
            _cannot_come(late_cancel_hours),
            CRISIS,
        ],
        subject="Your appointment",
    )


def series_letter(
    record: ClientRecord,
    today: date,
    appointments: Sequence[LetterAppointment],
    late_cancel_hours: int = 24,
) -> bytes:
    """A schedule: one row per appointment, then the details of each venue in it."""
    if not appointments:
        raise LetterNotApplicable("empty_series")
    to = recipient(record)
    ordered = sorted(appointments, key=lambda item: item.starts_at)
    styles = letter_styles()
    cell = styles["cell"]
    venues: dict[int, VenueInfo] = {}
    for item in ordered:
        venues.setdefault(item.venue.id, item.venue)
    several = len(venues) > 1
    header = ["Session", "Date", "Time", "Room"] + (["Venue"] if several else [])
    rows: list[list[object]] = [[Paragraph(f"<b>{text}</b>", cell) for text in header]]
    for item in ordered:
        local = to_london(item.starts_at)
        row: list[object] = [
            Paragraph("" if item.session_no is None else str(item.session_no), cell),
            Paragraph(escape(long_day(local.date())), cell),
            Paragraph(f"{clock_time(item.starts_at)} to {clock_time(item.ends_at)}", cell),
            Paragraph(escape(item.room_name), cell),
        ]
        if several:
            row.append(Paragraph(escape(item.venue.name), cell))
        rows.append(row)
    # Session, date, time, room (and venue when there are several); the last column takes the rest.
    widths = [18 * mm, 46 * mm, 27 * mm, 22 * mm] if several else [18 * mm, 54 * mm, 30 * mm]
    widths.append(TEXT_WIDTH - sum(widths))
    schedule = Table(rows, colWidths=widths, repeatRows=1, hAlign="LEFT")
    schedule.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e4e4e4")),
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
                ("LINEBELOW", (0, 1), (-1, -1), 0.3, colors.HexColor("#9a9a9a")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    first = ordered[0]
    counsellors = sorted({item.counsellor_name for item in ordered})
    intro = (
        f"We have booked the following {len(ordered)} {escape(first.service)} "
        f"session{'s' if len(ordered) != 1 else ''} for you"
    )
    if len(counsellors) == 1:
        intro += f" with {escape(counsellors[0])}"
    body: list[str | Flowable] = [intro + ":", schedule]
    body.append("Where the sessions are held:")
    for venue in venues.values():
        body.append(_details(_venue_rows(venue, None)))
    body += [
        "Please arrive a few minutes early and tell reception you are here for Support Line.",
        _cannot_come(late_cancel_hours),
        CRISIS,
    ]
    return render_letter(to, today, record.reference, body, subject="Your appointments")


def cancellation_letter(
    record: ClientRecord, today: date, appointment: LetterAppointment, by_service: bool
) -> bytes:
    to = recipient(record)
    thing = escape(what(appointment))
    when = escape(long_when(appointment.starts_at))
    place = escape(appointment.venue.name)
    if by_service:
        opening = (
            f"We are sorry that we have had to cancel your {thing} on {when} at {place}. "
            "We will contact you, in the ways you have agreed, to arrange another time."
        )
    else:
        opening = (
            f"As you asked, we have cancelled your {thing} on {when} at {place}. "
            f"If you would like another appointment, please call us on {SERVICE_PHONE} "
            f"({LINE_HOURS})."
        )
    return render_letter(
        to,
        today,
        record.reference,
        [
            opening,
            "Please do not go to the venue for this appointment. Any other appointments you have "
            "with us are unchanged.",
            CRISIS,
        ],
        subject="Your appointment has been cancelled",
    )


def rescheduling_letter(
    record: ClientRecord,
    today: date,
    old_starts_at: datetime,
    appointment: LetterAppointment,
    late_cancel_hours: int = 24,
) -> bytes:
    to = recipient(record)
    thing = escape(what(appointment))
    return render_letter(
        to,
        today,
        record.reference,
        [
            f"We have moved your {thing}. It was on <b>{escape(long_when(old_starts_at))}</b>; "
            "please do not come then. The new time is:",
            _appointment_table(appointment, when_label="New time"),
            _cannot_come(late_cancel_hours),
            CRISIS,
        ],
        subject="Your appointment has moved",
    )
