"""A person's subject access printout: everything Support Line holds about them, as a PDF.

Pure rendering: :func:`subject_access_pdf` takes a :class:`SubjectAccessRecord` that
:mod:`supportline.services.subject_access` gathered (decrypted, limited to this person, and
audited) and returns PDF bytes. The record carries codes and times; this module prints them as
words (:mod:`.labels`) and as Europe/London wall-clock times. It prints no internal id: cases
and sessions are named by their service and date.
"""

from __future__ import annotations

import io

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate

from . import subject_access_parts as parts
from .layout import bind_headings, numbered_canvas
from .subject_access_record import (  # noqa: F401 - the record's types, importable from here
    Appointment,
    AppointmentChange,
    Assessment,
    Case,
    Closure,
    Contact,
    ExtraSessions,
    FollowUp,
    MeasureTaken,
    Note,
    RiskEntry,
    StatusChange,
    SubjectAccessRecord,
    UrgencyChange,
)

# -- rendering -----------------------------------------------------------------------------------

MARGIN = 18 * mm


def _footer(canvas: Canvas, number: int, total: int) -> None:
    canvas.saveState()
    canvas.setFont("Helvetica", 8)
    canvas.drawRightString(A4[0] - MARGIN, 10 * mm, f"Page {number} of {total}")
    canvas.restoreState()


def _mark(reference: str):  # noqa: ANN202 - a reportlab page callback
    def draw(canvas: Canvas, _doc: SimpleDocTemplate) -> None:
        # On every page, so a page found on its own still says what it is and whose.
        canvas.saveState()
        canvas.setFont("Helvetica-Bold", 8)
        canvas.drawString(
            MARGIN, 10 * mm, f"PRIVATE AND CONFIDENTIAL  |  Subject access: {reference}"
        )
        canvas.restoreState()

    return draw


def subject_access_pdf(record: SubjectAccessRecord) -> bytes:
    buffer = io.BytesIO()
    reference = record.person.reference
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=16 * mm,
        bottomMargin=18 * mm,
        title=f"Subject access: {reference}",
        author="Support Line",
        subject="Subject access printout",
    )
    width = A4[0] - 2 * MARGIN
    styles = parts.styles()
    story: list[object] = [
        *parts.cover(record, styles, width),
        PageBreak(),
        *parts.person_sections(record, styles, width),
        *parts.contact_sections(record, styles, width),
        *parts.case_sections(record, styles, width),
        Paragraph("End of the record.", styles["end"]),
    ]
    mark = _mark(reference)
    doc.build(
        bind_headings(story),
        onFirstPage=mark,
        onLaterPages=mark,
        canvasmaker=numbered_canvas(_footer),
    )
    return buffer.getvalue()
