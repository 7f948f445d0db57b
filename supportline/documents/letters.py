"""Letters to clients: addressed only as the client's safe-contact preferences allow.

Every letter is marked "Private and Confidential", goes to the home address only when the client
has said letters may go home, and carries Support Line's return details. A client who declined
letters gets none: :func:`recipient` raises :class:`LettersDeclined` and the handler is told.
Letters are pure functions (data in, PDF bytes out); printing or saving is the caller's job.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from ..errors import SupportLineError
from ..services.clients import ClientRecord

SERVICE_ADDRESS = ("Support Line", "Park House", "East Malling", "Kent")
SERVICE_PHONE = "01732 526910"
LINE_HOURS = "Monday to Friday, 08:30 to 17:00"


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


def _styles() -> dict[str, ParagraphStyle]:
    base = getSampleStyleSheet()
    return {
        "body": ParagraphStyle("body", parent=base["BodyText"], fontSize=10.5, leading=14),
        "mark": ParagraphStyle(
            "mark", parent=base["BodyText"], fontName="Helvetica-Bold", fontSize=11, spaceAfter=6
        ),
        "small": ParagraphStyle("small", parent=base["BodyText"], fontSize=8.5, leading=11),
        "right": ParagraphStyle("right", parent=base["BodyText"], fontSize=10, alignment=2),
    }


def render_letter(to: Recipient, today: date, reference: str, paragraphs: list[str]) -> bytes:
    """The common letter layout: mark, return address, recipient, date, reference, body."""
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
    styles = _styles()
    ours = "<br/>".join(SERVICE_ADDRESS) + f"<br/>Telephone {SERVICE_PHONE}"
    theirs = "<br/>".join(escape(line) for line in (to.name, *to.address_lines))
    story = [
        Paragraph("PRIVATE AND CONFIDENTIAL", styles["mark"]),
        Paragraph(ours, styles["right"]),
        Spacer(1, 8 * mm),
        Paragraph(theirs, styles["body"]),
        Spacer(1, 8 * mm),
        Paragraph(today.strftime("%d %B %Y").lstrip("0"), styles["body"]),
        Paragraph(f"Our reference: {escape(reference)}", styles["body"]),
        Spacer(1, 6 * mm),
        Paragraph(f"Dear {escape(to.name)},", styles["body"]),
        Spacer(1, 3 * mm),
    ]
    for text in paragraphs:
        story += [Paragraph(text, styles["body"]), Spacer(1, 3 * mm)]
    story += [
        Spacer(1, 4 * mm),
        Paragraph("Yours sincerely,", styles["body"]),
        Spacer(1, 10 * mm),
        Paragraph("The Support Line team", styles["body"]),
        Spacer(1, 10 * mm),
        Paragraph(
            "Support Line is confidential. If this letter reached you by mistake, please return "
            "it unopened to the address above.",
            styles["small"],
        ),
    ]
    doc.build(story)
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
