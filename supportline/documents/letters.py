"""Letters to clients: addressed only as the client's safe-contact preferences allow.

Every letter is marked "Private and Confidential", goes to the home address only when the client
has said letters may go home, and carries Support Line's return details. A client who declined
letters gets none: :func:`recipient` raises :class:`LettersDeclined` and the handler is told.
Letters are pure functions (data in, PDF bytes out); printing or saving is the caller's job.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from ..calendar_uk import LONDON
from ..errors import SupportLineError
from ..services.clients import ClientRecord

SERVICE_ADDRESS = ("Support Line", "Park House", "East Malling", "Kent")
SERVICE_PHONE = "01732 526910"
LINE_HOURS = "Monday to Friday, 08:30 to 17:00"
PRIVATE_MARK = "PRIVATE AND CONFIDENTIAL"

# Spelled out here rather than taken from strftime, whose names follow the machine's locale.
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def long_date(day: date) -> str:
    """``23 November 2026``."""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def long_day(day: date) -> str:
    """``Monday 23 November 2026``."""
    return f"{_WEEKDAYS[day.weekday()]} {long_date(day)}"


def clock_time(moment: datetime) -> str:
    """``10:00``, Europe/London wall-clock time (24-hour)."""
    return f"{to_london(moment):%H:%M}"


def long_when(moment: datetime) -> str:
    """``Monday 23 November 2026 at 10:00``, in Europe/London time."""
    local = to_london(moment)
    return f"{long_day(local.date())} at {local:%H:%M}"


def to_london(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise ValueError("naive datetime")
    return moment.astimezone(LONDON)


class LettersDeclined(SupportLineError):
    """The client has not agreed to letters at home (or no postal address is on record)."""

    code = "letters_declined"

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason  # declined | no_address


@dataclass(frozen=True)
class Recipient:
    name: str
    address_lines: tuple[str, ...]


def recipient(record: ClientRecord) -> Recipient:
    """Who and where a letter may go, or :class:`LettersDeclined`."""
    data = record.data
    if not data.letters_ok:
        raise LettersDeclined("declined")
    if not data.address.strip() or not data.home_postcode:
        raise LettersDeclined("no_address")
    lines = tuple(part.strip() for part in data.address.split(",") if part.strip())
    name = f"{data.preferred_name or data.first_name} {data.last_name}"
    return Recipient(name=name, address_lines=(*lines, data.home_postcode))


def letter_styles() -> dict[str, ParagraphStyle]:
    """The letter's paragraph styles, for callers that add their own flowables to the body."""
    base = getSampleStyleSheet()
    return {
        "body": ParagraphStyle("body", parent=base["BodyText"], fontSize=10.5, leading=14),
        "mark": ParagraphStyle(
            "mark", parent=base["BodyText"], fontName="Helvetica-Bold", fontSize=11, spaceAfter=6
        ),
        "subject": ParagraphStyle(
            "subject", parent=base["BodyText"], fontName="Helvetica-Bold", fontSize=11, leading=14
        ),
        "strong": ParagraphStyle(
            "strong", parent=base["BodyText"], fontName="Helvetica-Bold", fontSize=10.5, leading=14
        ),
        "cell": ParagraphStyle("cell", parent=base["BodyText"], fontSize=9.5, leading=12),
        "small": ParagraphStyle("small", parent=base["BodyText"], fontSize=8.5, leading=11),
        "right": ParagraphStyle("right", parent=base["BodyText"], fontSize=10, alignment=2),
    }


_styles = letter_styles  # the old private name


def _footer(canvas: Canvas, doc: SimpleDocTemplate) -> None:
    # Every page carries the mark, so a second page found on its own still says what it is.
    canvas.saveState()
    canvas.setFont("Helvetica", 8)
    canvas.drawString(doc.leftMargin, 10 * mm, "Private and Confidential")
    canvas.drawRightString(
        doc.pagesize[0] - doc.rightMargin, 10 * mm, f"Page {canvas.getPageNumber()}"
    )
    canvas.restoreState()


def render_letter(
    to: Recipient,
    today: date,
    reference: str,
    paragraphs: Sequence[str | Flowable],
    subject: str | None = None,
) -> bytes:
    """The common letter layout: mark, return address, recipient, date, reference, body.

    Each item of ``paragraphs`` is either Paragraph markup (escape anything that came from data)
    or a ready flowable, such as a table. ``subject`` is a bold heading above the greeting.
    """
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=22 * mm,
        rightMargin=22 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
        title="Support Line letter",
        author="Support Line",
    )
    styles = letter_styles()
    ours = "<br/>".join(SERVICE_ADDRESS) + f"<br/>Telephone {SERVICE_PHONE}"
    theirs = "<br/>".join(escape(line) for line in (to.name, *to.address_lines))
    # The mark and the recipient sit top left, where a window envelope shows them; our return
    # address faces them on the right, so the body starts high enough for a one-page letter.
    heading = Table(
        [
            [Paragraph(PRIVATE_MARK, styles["mark"]), Paragraph(ours, styles["right"])],
            [Paragraph(theirs, styles["body"]), ""],
        ],
        colWidths=[doc.width * 0.6, doc.width * 0.4],
        hAlign="LEFT",
    )
    heading.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("SPAN", (1, 0), (1, 1)),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 1), (0, 1), 4 * mm),
            ]
        )
    )
    story: list[Flowable] = [
        heading,
        Spacer(1, 8 * mm),
        Paragraph(long_date(today), styles["body"]),
        Paragraph(f"Our reference: {escape(reference)}", styles["body"]),
        Spacer(1, 5 * mm),
    ]
    if subject:
        story += [Paragraph(escape(subject), styles["subject"]), Spacer(1, 3 * mm)]
    story += [Paragraph(f"Dear {escape(to.name)},", styles["body"]), Spacer(1, 3 * mm)]
    for item in paragraphs:
        flowable = Paragraph(item, styles["body"]) if isinstance(item, str) else item
        story += [flowable, Spacer(1, 3 * mm)]
    story += [
        KeepTogether(
            [
                Spacer(1, 2 * mm),
                Paragraph("Yours sincerely,", styles["body"]),
                Spacer(1, 8 * mm),
                Paragraph("The Support Line team", styles["body"]),
                Spacer(1, 6 * mm),
                Paragraph(
                    "Support Line is confidential. If this letter reached you by mistake, please "
                    "return it unopened to the address above.",
                    styles["small"],
                ),
            ]
        )
    ]
    doc.build(story, onFirstPage=_footer, onLaterPages=_footer)
    return buffer.getvalue()


def referral_acknowledgement(record: ClientRecord, today: date, service: str) -> bytes:
    """ "We have your referral": sent after intake when the client wants letters."""
    to = recipient(record)
    return render_letter(
        to,
        today,
        record.reference,
        [
            f"Thank you for contacting Support Line. We have received your referral for "
            f"{escape(service)} and will be in touch to arrange a first appointment, which is an "
            "assessment: a chance for you and your counsellor to talk about what help you need.",
            "We will contact you only in the ways you have agreed. If anything changes, or if you "
            f"need to speak to us sooner, please call {SERVICE_PHONE} ({LINE_HOURS}).",
            "If you are in crisis or feel unable to keep yourself safe, call 999, NHS 111 "
            "(option 2), or Samaritans free on 116 123 at any time.",
        ],
    )
