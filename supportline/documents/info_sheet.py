"""The self-referral information sheet: a fillable PDF, and reading a filled one back.

People may e-mail the sheet instead of phoning. The blank sheet is produced here with named form
fields; a returned sheet is read from those fields (pypdf) into a :class:`InfoSheet`, which the
intake form shows for the handler to check before anything is saved. A file that is not a PDF,
is encrypted, or is not our sheet raises :class:`UnreadableSheet` and nothing is entered.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

from ..errors import SupportLineError

FORM_ID = "supportline-information-sheet-v1"
MAX_BYTES = 5 * 1024 * 1024

TEXT_FIELDS: tuple[tuple[str, str, int], ...] = (
    # (field name, label, width in mm)
    ("first_name", "First name", 80),
    ("last_name", "Last name", 80),
    ("preferred_name", "Name you like to be called (optional)", 80),
    ("date_of_birth", "Date of birth (DD/MM/YYYY)", 50),
    ("gender", "Gender (optional)", 50),
    ("phone", "Phone number", 60),
    ("phone_alt", "Other phone number (optional)", 60),
    ("email", "E-mail address", 110),
    ("address", "Home address", 170),
    ("home_postcode", "Home postcode", 35),
    ("work_postcode", "Work postcode", 35),
    ("organisation", "Employer (for example Kent County Council, or your school)", 170),
    ("job_role", "Job role", 110),
    ("best_times", "Best days and times to call you", 170),
)
CHECKBOXES: tuple[tuple[str, str], ...] = (
    ("voicemail_ok", "You may leave a voicemail on the number above"),
    ("letters_ok", "You may send letters to my home address"),
    ("email_ok", "You may e-mail me"),
    ("work_contact_ok", "You may contact me at work"),
    ("prefer_work_venue", "I would prefer a venue near work rather than near home"),
)
SERVICE_CHOICES = ("counselling", "coaching", "mediation", "not sure")


class UnreadableSheet(SupportLineError):
    code = "unreadable_sheet"

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason  # not_pdf | encrypted | not_our_form | too_large | empty


@dataclass(frozen=True)
class InfoSheet:
    fields: dict[str, str] = field(default_factory=dict)
    flags: dict[str, bool] = field(default_factory=dict)
    service: str = ""

    def get(self, name: str) -> str:
        return self.fields.get(name, "")


def blank_info_sheet_pdf() -> bytes:
    """The blank, fillable self-referral information sheet (A4, one page)."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, pageCompression=1)
    pdf.setTitle("Support Line: self-referral information sheet")
    pdf.setAuthor("Support Line, Kent County Council")
    pdf.setSubject(FORM_ID)
    width, height = A4
    left = 18 * mm
    y = height - 20 * mm
    pdf.setFont("Helvetica-Bold", 16)
    pdf.drawString(left, y, "Support Line: information sheet")
    pdf.setFont("Helvetica-Bold", 9)
    pdf.drawRightString(width - left, y, "PRIVATE AND CONFIDENTIAL")
    y -= 7 * mm
    pdf.setFont("Helvetica", 9.5)
    for line in (
        "Fill in this form and e-mail it to Support Line instead of phoning, if you prefer.",
        "We will contact you only in the ways you allow below. Telephone 01732 526910",
        "(Monday to Friday, 08:30 to 17:00). Support Line, Park House, East Malling.",
    ):
        pdf.drawString(left, y, line)
        y -= 4.6 * mm
    y -= 3 * mm
    form = pdf.acroForm
    # A hidden marker field identifies our sheet when it comes back.
    form.textfield(
        name="sl_form",
        value=FORM_ID,
        x=0,
        y=0,
        width=1,
        height=1,
        borderWidth=0,
        fieldFlags="readOnly",
        fillColor=colors.white,
        textColor=colors.white,
    )
    column_x = [left, left + 90 * mm]
    column = 0
    row_y = y
    for name, label, width_mm in TEXT_FIELDS:
        wide = width_mm > 85
        if wide and column == 1:
            column = 0
            row_y -= 13 * mm
        x = column_x[column]
        pdf.setFont("Helvetica", 8.5)
        pdf.drawString(x, row_y, label)
        form.textfield(
            name=name,
            tooltip=label,
            x=x,
            y=row_y - 8 * mm,
            width=width_mm * mm,
            height=6.5 * mm,
            borderColor=colors.grey,
            fillColor=colors.Color(0.96, 0.97, 1),
            textColor=colors.black,
            fontSize=10,
            borderWidth=0.6,
            maxlen=200,
        )
        if wide or column == 1:
            column = 0
            row_y -= 13 * mm
        else:
            column = 1
    if column == 1:
        row_y -= 13 * mm
    y = row_y - 2 * mm
    pdf.setFont("Helvetica-Bold", 10)
    pdf.drawString(left, y, "How we may contact you")
    y -= 7 * mm
    for name, label in CHECKBOXES:
        form.checkbox(
            name=name,
            tooltip=label,
            x=left,
            y=y - 1.2 * mm,
            size=4.5 * mm,
            borderColor=colors.grey,
            fillColor=colors.white,
            buttonStyle="check",
            checked=False,
        )
        pdf.setFont("Helvetica", 9.5)
        pdf.drawString(left + 7 * mm, y, label)
        y -= 6.5 * mm
    y -= 3 * mm
    pdf.setFont("Helvetica-Bold", 10)
    pdf.drawString(left, y, "Which service are you asking about?")
    y -= 7 * mm
    x = left
    for choice in SERVICE_CHOICES:
        form.radio(
            name="service",
            value=choice.replace(" ", "_"),
            tooltip=choice,
            x=x,
            y=y - 1.2 * mm,
            size=4.5 * mm,
            borderColor=colors.grey,
            fillColor=colors.white,
            buttonStyle="circle",
            selected=False,
        )
        pdf.setFont("Helvetica", 9.5)
        pdf.drawString(x + 6.5 * mm, y, choice.capitalize())
        x += 38 * mm
    y -= 12 * mm
    pdf.setFont("Helvetica", 8.5)
    for line in (
        "Please do not describe your difficulties in detail here: a member of the team",
        "will talk with you. Support Line is confidential; what you tell us is kept securely",
        "and used only to arrange help for you. Statistics we produce never identify anyone.",
    ):
        pdf.drawString(left, y, line)
        y -= 4.2 * mm
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def read_info_sheet(data: bytes) -> InfoSheet:
    """Read a filled sheet's form fields. Anything that is not our sheet raises UnreadableSheet."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    if len(data) > MAX_BYTES:
        raise UnreadableSheet("too_large")
    if not data.lstrip()[:5] == b"%PDF-":
        raise UnreadableSheet("not_pdf")
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise UnreadableSheet("encrypted")
        raw = reader.get_fields() or {}
    except UnreadableSheet:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, OSError) as exc:
        raise UnreadableSheet("not_pdf") from exc
    if not raw:
        raise UnreadableSheet("not_our_form")
    marker = raw.get("sl_form")
    if marker is None or str(marker.get("/V", "")) != FORM_ID:
        raise UnreadableSheet("not_our_form")

    def value(name: str) -> str:
        item = raw.get(name)
        if item is None:
            return ""
        text = item.get("/V", "")
        return " ".join(str(text).split()) if text is not None else ""

    fields = {name: value(name) for name, _, _ in TEXT_FIELDS}
    flags = {}
    for name, _ in CHECKBOXES:
        flag = value(name)
        flags[name] = flag not in ("", "/Off", "Off")
    service = value("service").lstrip("/").replace("_", " ")
    if service not in SERVICE_CHOICES:
        service = ""
    if not any(fields.values()):
        raise UnreadableSheet("empty")
    return InfoSheet(fields=fields, flags=flags, service=service)
