"""The paper evaluation forms handed out at the end of the first and last sessions.

Anonymous by design: no name, no reference, no date; only the pair code (printed as text and as a
QR code) that lets the statistics side pair a first and a last form. The return address is for
the pre-paid envelope.
"""

from __future__ import annotations

import io
import json
from functools import cache
from importlib import resources
from typing import Any

from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

RETURN_ADDRESS = ("Support Line", "Park House", "East Malling", "Kent")


@cache
def questions() -> dict[str, Any]:
    text = resources.files("resources").joinpath("evaluation/questions.json").read_text("utf-8")
    return dict(json.loads(text))


def _qr(code: str, size: float) -> Drawing:
    widget = QrCodeWidget(code, barLevel="M")
    x1, y1, x2, y2 = widget.getBounds()
    drawing = Drawing(size, size, transform=[size / (x2 - x1), 0, 0, size / (y2 - y1), 0, 0])
    drawing.add(widget)
    return drawing


def _wrap(pdf: canvas.Canvas, text: str, width: float, font: str, size: float) -> list[str]:
    words, lines, line = text.split(), [], ""
    for word in words:
        trial = f"{line} {word}".strip()
        if pdf.stringWidth(trial, font, size) <= width:
            line = trial
        else:
            lines.append(line)
            line = word
    if line:
        lines.append(line)
    return lines


def evaluation_form_pdf(form: str, pair_code: str) -> bytes:
    """One A4 page: the questions of the ``first`` or ``last`` form and the pair code."""
    definition = questions()
    spec = definition["forms"][form]
    scale = definition["scale"]
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, pageCompression=1)
    pdf.setTitle(spec["title"])
    pdf.setAuthor("Support Line")
    width, height = A4
    left, right = 16 * mm, width - 16 * mm
    y = height - 18 * mm
    pdf.setFont("Helvetica-Bold", 15)
    pdf.drawString(left, y, spec["title"])
    renderPDF.draw(_qr(pair_code, 26 * mm), pdf, right - 26 * mm, height - 40 * mm)
    pdf.setFont("Helvetica-Bold", 9)
    pdf.drawRightString(right, height - 44 * mm, f"Form code: {pair_code}")
    y -= 7 * mm
    pdf.setFont("Helvetica", 9.5)
    for line in (
        "This form is anonymous: please do not write your name on it. The code in the corner lets",
        "us put your first and last forms together for our statistics; nobody can use it to find",
        "out who you are. Tick one box for each statement.",
    ):
        pdf.drawString(left, y, line)
        y -= 4.5 * mm
    y -= 14 * mm  # clear of the code printed under the QR
    # Column headings for the scale.
    label_width = 78 * mm
    col = (right - left - label_width) / len(scale)
    pdf.setFont("Helvetica-Bold", 7.5)
    for index, option in enumerate(scale):
        x = left + label_width + col * index + col / 2
        for offset, part in enumerate(
            _wrap(pdf, option["label"], col - 2 * mm, "Helvetica-Bold", 7.5)
        ):
            pdf.drawCentredString(x, y - offset * 3.2 * mm, part)
    y -= 11 * mm
    for number, question in enumerate(spec["questions"], start=1):
        lines = _wrap(pdf, f"{number}. {question['text']}", label_width - 4 * mm, "Helvetica", 9.5)
        row_height = max(9 * mm, len(lines) * 4.4 * mm + 3 * mm)
        pdf.setStrokeColor(colors.lightgrey)
        pdf.line(left, y + 4.5 * mm, right, y + 4.5 * mm)
        pdf.setFont("Helvetica", 9.5)
        for offset, line in enumerate(lines):
            pdf.drawString(left, y - offset * 4.4 * mm, line)
        pdf.setStrokeColor(colors.black)
        for index in range(len(scale)):
            x = left + label_width + col * index + col / 2 - 2.2 * mm
            pdf.rect(x, y - 1.2 * mm, 4.4 * mm, 4.4 * mm)
        y -= row_height
    y -= 4 * mm
    pdf.setFont("Helvetica-Bold", 9.5)
    pdf.drawString(left, y, definition["comments"])
    pdf.setStrokeColor(colors.grey)
    pdf.rect(left, y - 42 * mm, right - left, 38 * mm)
    y -= 52 * mm
    pdf.setFont("Helvetica", 9)
    pdf.drawString(left, y, "Please return this form in the pre-paid envelope, or post it to:")
    pdf.setFont("Helvetica-Bold", 10)
    for offset, line in enumerate(RETURN_ADDRESS):
        pdf.drawString(left + 4 * mm, y - (offset + 1) * 4.6 * mm, line)
    pdf.setFont("Helvetica", 7.5)
    pdf.drawString(
        left,
        12 * mm,
        "Support Line statistics describe the service as a whole and never identify anyone.",
    )
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
