"""A counsellor's printable list for one day: when, where, who, what.

It carries client names (to a counsellor, for their own clients), so every page is marked
confidential and says how to dispose of it. The client column shows whatever the diary allowed
the person printing to see: a call handler's print shows references and initials only.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import LongTable, Paragraph, SimpleDocTemplate, Spacer, TableStyle

from .letters import clock_time, letter_styles, long_day, to_london

if TYPE_CHECKING:
    from ..services.diary import DiaryEntry

CONFIDENTIAL_MARK = "CONFIDENTIAL: contains client details"
DISPOSAL_NOTE = (
    "Keep this list with you and out of sight. Do not leave it in a venue or a car. "
    "Shred it at the end of the day."
)
KIND_TEXT = {"assessment": "Assessment", "session": "Session"}
STATUS_TEXT = {"attended": "attended", "dna": "did not attend"}
COLUMNS = ("Time", "Venue", "Room", "Client", "Kind", "No.")
COLUMN_WIDTHS_MM = (25, 44, 22, 0, 24, 10)  # the client column takes what is left
CLIENT_COLUMN = 3


def _page(day: date) -> Callable[[Canvas, SimpleDocTemplate], None]:
    def draw(canvas: Canvas, doc: SimpleDocTemplate) -> None:
        width, height = doc.pagesize
        canvas.saveState()
        canvas.setFont("Helvetica-Bold", 9)
        canvas.setFillColor(colors.HexColor("#8b0000"))
        canvas.drawString(doc.leftMargin, height - 10 * mm, CONFIDENTIAL_MARK)
        canvas.drawString(doc.leftMargin, 10 * mm, "CONFIDENTIAL")
        canvas.setFillColor(colors.black)
        canvas.setFont("Helvetica", 8)
        canvas.drawRightString(
            width - doc.rightMargin, 10 * mm, f"{long_day(day)}  |  Page {canvas.getPageNumber()}"
        )
        canvas.restoreState()

    return draw


def render_day_list(
    counsellor_name: str, day: date, entries: Sequence[DiaryEntry], printed_at: datetime
) -> bytes:
    """One A4 portrait list of ``entries`` (already sorted by time)."""
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
        title="Support Line day list",
        author="Support Line",
    )
    styles = letter_styles()
    heading = ParagraphStyle(
        "heading", parent=styles["subject"], fontSize=14, leading=18, spaceAfter=2
    )
    cell = styles["cell"]
    head = ParagraphStyle("head", parent=cell, fontName="Helvetica-Bold")
    printed = to_london(printed_at)
    story: list[object] = [
        Paragraph(f"Day list: {escape(counsellor_name)}", heading),
        Paragraph(long_day(day), styles["strong"]),
        Paragraph(f"Printed {printed:%d/%m/%Y %H:%M}", styles["small"]),
        Spacer(1, 5 * mm),
    ]
    if not entries:
        story.append(Paragraph("No appointments.", styles["body"]))
    else:
        rows: list[list[object]] = [[Paragraph(text, head) for text in COLUMNS]]
        for entry in entries:
            client = escape(entry.client_reference)
            if entry.client_label:
                client += f"<br/>{escape(entry.client_label)}"
            kind = KIND_TEXT.get(entry.kind, entry.kind)
            if entry.status in STATUS_TEXT:
                kind += f"<br/><i>{STATUS_TEXT[entry.status]}</i>"
            rows.append(
                [
                    Paragraph(
                        f"{clock_time(entry.starts_at_local)}-{clock_time(entry.ends_at_local)}",
                        cell,
                    ),
                    Paragraph(escape(entry.venue_name), cell),
                    Paragraph(escape(entry.room_name), cell),
                    Paragraph(client, cell),
                    Paragraph(kind, cell),
                    Paragraph("" if entry.session_no is None else str(entry.session_no), cell),
                ]
            )
        usable = doc.width
        fixed = [w * mm for w in COLUMN_WIDTHS_MM]
        fixed[CLIENT_COLUMN] = usable - sum(fixed)
        table = LongTable(rows, colWidths=fixed, repeatRows=1)
        table.setStyle(
            TableStyle(
                [
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e4e4e4")),
                    ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
                    ("LINEBELOW", (0, 1), (-1, -1), 0.3, colors.HexColor("#9a9a9a")),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("TOPPADDING", (0, 0), (-1, -1), 4),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
                ]
            )
        )
        story.append(table)
    story += [Spacer(1, 6 * mm), Paragraph(escape(DISPOSAL_NOTE), styles["small"])]
    draw = _page(day)
    doc.build(story, onFirstPage=draw, onLaterPages=draw)
    return buffer.getvalue()
