"""A client's complete record as a PDF, for a subject access request.

Pure rendering: :func:`subject_access_pdf` takes a :class:`SubjectAccessRecord` gathered (and
decrypted, and audited) by the clinical service, and returns PDF bytes.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from ..calendar_uk import LONDON


@dataclass(frozen=True)
class SubjectAccessRecord:
    reference: str
    details: list[tuple[str, str]]
    contacts: Sequence[tuple[str, ...]] = field(default_factory=list)
    cases: Sequence[dict[str, object]] = field(default_factory=list)
    appointments: Sequence[tuple[str, ...]] = field(default_factory=list)
    risk: Sequence[tuple[str, ...]] = field(default_factory=list)
    clinical: list[tuple[str, str, str]] = field(default_factory=list)  # (when, what, text)
    prepared_for: str = ""
    prepared_on: date | None = None


def when(moment: datetime | None) -> str:
    if moment is None:
        return ""
    return moment.astimezone(LONDON).strftime("%d/%m/%Y %H:%M")


def _table(rows: Sequence[tuple[str, ...]], header: tuple[str, ...], widths: list[float]) -> Table:
    style = getSampleStyleSheet()["BodyText"]
    small = ParagraphStyle("cell", parent=style, fontSize=8, leading=10)
    data = [[Paragraph(f"<b>{escape(h)}</b>", small) for h in header]]
    data += [[Paragraph(escape(str(cell)), small) for cell in row] for row in rows]
    table = Table(data, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.93, 0.93, 0.96)),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table


def subject_access_pdf(record: SubjectAccessRecord) -> bytes:
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=16 * mm,
        rightMargin=16 * mm,
        topMargin=16 * mm,
        bottomMargin=16 * mm,
        title=f"Subject access: {record.reference}",
        author="Support Line",
    )
    base = getSampleStyleSheet()
    h1, h2, body = base["Heading1"], base["Heading2"], base["BodyText"]
    width = A4[0] - 32 * mm
    story: list[object] = [
        Paragraph(
            "PRIVATE AND CONFIDENTIAL",
            ParagraphStyle("mark", parent=body, fontName="Helvetica-Bold"),
        ),
        Paragraph(f"Support Line record: {escape(record.reference)}", h1),
        Paragraph(
            "Everything Support Line holds about this person, prepared in answer to a subject "
            "access request"
            + (f" on {record.prepared_on.strftime('%d/%m/%Y')}" if record.prepared_on else "")
            + ". Anonymous statistics and evaluation forms cannot be linked to anyone and are "
            "not part of this record.",
            body,
        ),
        Spacer(1, 4 * mm),
        Paragraph("Personal details and contact preferences", h2),
        _table(
            [tuple(r) for r in record.details], ("Item", "Recorded"), [55 * mm, width - 55 * mm]
        ),
    ]
    sections = (
        (
            "Contacts with the service",
            record.contacts,
            ("When", "Direction", "Channel", "Purpose", "Outcome"),
        ),
        ("Appointments", record.appointments, ("When", "Kind", "Venue", "Counsellor", "Status")),
        ("Risk alerts", record.risk, ("When", "Level", "Detail")),
    )
    for title, rows, header in sections:
        story += [Spacer(1, 4 * mm), Paragraph(title, h2)]
        if rows:
            story.append(_table(rows, header, [width / len(header)] * len(header)))
        else:
            story.append(Paragraph("None recorded.", body))
    story += [Spacer(1, 4 * mm), Paragraph("Cases", h2)]
    if not record.cases:
        story.append(Paragraph("None recorded.", body))
    for case in record.cases:
        lines = "<br/>".join(f"<b>{escape(str(k))}</b>: {escape(str(v))}" for k, v in case.items())
        story += [Paragraph(lines, body), Spacer(1, 2 * mm)]
    story += [Spacer(1, 4 * mm), Paragraph("Counselling records", h2)]
    if not record.clinical:
        story.append(Paragraph("None recorded.", body))
    for moment, what, text in record.clinical:
        story.append(Paragraph(f"<b>{escape(moment)} {escape(what)}</b>", body))
        story.append(Paragraph(escape(text).replace("\n", "<br/>"), body))
        story.append(Spacer(1, 2 * mm))
    doc.build(story)
    return buffer.getvalue()
