"""Statistics reports as PDF: the quarterly report and a client organisation's usage report.

The PDF builders are pure functions (protected tables in, PDF bytes out, DESIGN 8). They print
only what disclosure control released: a suppressed cell is "*", every figure is the published one,
and a percentage appears only where :func:`share` allows it. Each report carries a plain-English
note on how the figures are protected.

A usage report shows one organisation's row of the service-wide per-organisation tables, protected
together with every other organisation's (so its figures are exactly the published ones and
nothing can be learnt by comparing reports), and never names another organisation. A figure the
service-wide table folded into "other organisations" reads as not shown, with the reason, never
as 0; an organisation with no figure shown in its own right has no usage report at all.

:class:`ReportService` gathers the tables through :class:`.catalogue.StatisticsService` and
records each report in the statistics audit log as printed.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from xml.sax.saxutils import escape

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    CondPageBreak,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from ..audit import AuditAction
from ..calendar_uk import to_local
from ..errors import SupportLineError
from ..roles import Op
from ..session import Session
from .catalogue import (
    CATALOGUE,
    OTHER_ORGANISATIONS,
    Period,
    StatisticsService,
    TableOutput,
    parse_period,
)
from .disclosure import TOTAL, Cell, ProtectedTable
from .evaluation_questions import question_texts

ORGANISATION_TABLES = ("usage_by_organisation", "sessions_by_organisation")
ORG_REFERRALS = "organisation_referrals"
ORG_SESSIONS = "organisation_sessions"

BRAND = colors.HexColor("#1f4e79")
LIGHT = colors.HexColor("#e8eef5")
SUPPRESSED_BAR = colors.HexColor("#c8c8c8")

_LABELS = {
    "counselling": "Counselling",
    "coaching": "Coaching",
    "mediation": "Mediation",
    "kcc_directorate": "KCC directorate",
    "school_early_years": "School (early years)",
    "school_primary": "School (primary)",
    "school_secondary": "School (secondary)",
    "school_special": "School (special)",
    "school_unknown": "School (phase unknown)",
    "other_employer": "Other employer",
    "senior_leadership": "Senior leadership",
    "teaching_professional": "Teaching and professional",
    "support_admin": "Support and admin",
    "frontline": "Frontline",
    "female": "Female",
    "male": "Male",
    "other_or_not_stated": "Other or not stated",
    "not_stated": "Not stated",
    "outside_kent": "Outside Kent",
    "self": "Self-referral",
    "manager": "Manager",
    "occupational_health": "Occupational health",
    "hr": "HR",
    "other": "Other",
    "attended": "Attended",
    "dna": "Did not attend",
    "cancelled_client": "Cancelled by client",
    "cancelled_client_late": "Cancelled by client (late)",
    "cancelled_service": "Cancelled by the service",
    "<2w": "Under 2 weeks",
    "2-4w": "2 to 4 weeks",
    "4-8w": "4 to 8 weeks",
    "8w+": "8 weeks or more",
    "not_seen": "Not seen",
    "planned": "Planned ending",
    "ended_early": "Ended early",
    "lost_contact": "Lost contact",
    "referred_on": "Referred on",
    "reliable_recovery": "Reliable recovery",
    "recovery": "Recovery",
    "reliable_improvement": "Reliable improvement",
    "no_reliable_change": "No reliable change",
    "reliable_deterioration": "Reliable deterioration",
    "not_measured": "Not measured",
    "not_finished_course": "Did not finish a course",
    "signposted": "Signposted elsewhere",
    "no_further_action": "No further action",
    "phone": "Phone",
    "voicemail": "Voicemail",
    "email": "E-mail",
    "letter": "Letter",
    "work": "Work",
    "mood": "Mood",
    "relationships": "Relationships",
    "bereavement": "Bereavement",
    "health": "Health",
    "trauma": "Trauma",
    TOTAL: "Total",
}

_ROW_HEADINGS = {
    "org_group": "Organisation group",
    "role_family": "Role family",
    "age_band": "Age band",
    "district": "District",
    "referral_route": "Referral route",
    "service": "Service",
    "waiting_band": "Waiting time",
    "category": "Presenting issue",
    "ending": "Ending",
    "outcome": "Outcome",
    "question": "Statement",
    "organisation": "Organisation",
    "status": "What happened",
}

# Tables drawn as a bar chart, and which margin: the row totals ("rows") or column totals.
_CHARTS = {
    "referrals_by_org_group": "rows",
    "referrals_by_role_family": "rows",
    "referrals_by_age_gender": "rows",
    "referrals_by_district": "rows",
    "referrals_by_route": "rows",
    "sessions_by_status": "columns",
    "waiting_time": "rows",
    "presenting_issues": "rows",
    "endings": "rows",
    "outcomes": "rows",
    "contacts_by_outcome": "rows",
    ORG_REFERRALS: "rows",
    ORG_SESSIONS: "rows",
}


OTHER_ORGANISATIONS_LABEL = "Other organisations"
_ORGANISATION_LABELS = {
    OTHER_ORGANISATIONS: f"{OTHER_ORGANISATIONS_LABEL} (each too few to show on its own)",
    "not_stated": "Organisation not stated",
}
# Row values of the per-organisation tables that are not an organisation's own row.
NOT_AN_ORGANISATION = frozenset({OTHER_ORGANISATIONS, "not_stated", "other"})


class UnknownOrganisation(SupportLineError):
    code = "unknown_organisation"


@cache
def _questions() -> dict[str, str]:
    texts: dict[str, str] = {}
    for form in ("first", "last"):
        for code, text in question_texts(form):
            texts.setdefault(code, text)
    return texts


def label(code: str, field: str = "") -> str:
    """Words for a category code; organisation names are printed as they are."""
    if field == "organisation":
        return _ORGANISATION_LABELS.get(code, code)
    if field == "question" and code in _questions():
        return _questions()[code]
    found = _LABELS.get(code)
    if found is not None:
        return found
    return code.replace("_", " ").capitalize() if code.islower() else code


def period_words(period: Period) -> str:
    """'July to September 2026' for 2026Q3; 'April 2026 to March 2027' for FY2026."""
    months = (
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
    first = period.quarters[0]
    last = period.quarters[-1]
    y1, q1 = int(first[:4]), int(first[-1])
    y2, q2 = int(last[:4]), int(last[-1])
    start, end = months[3 * (q1 - 1)], months[3 * q2 - 1]
    if y1 == y2:
        return f"{start} to {end} {y1}"
    return f"{start} {y1} to {end} {y2}"


def _number(value: int | None) -> str:
    return "*" if value is None else f"{value:,}"


def _percent(value: float | None) -> str:
    return "not shown" if value is None else f"{value:.1f}%"


# -- key figures --------------------------------------------------------------------------------


def share(
    table: ProtectedTable, parts: Sequence[tuple[str, str]], whole: Sequence[tuple[str, str]]
) -> float | None:
    """A percentage of released (published) figures: ``None`` if any figure it needs is suppressed
    or the count it is out of is below the threshold."""
    try:
        part_values = [table.value(r, c) for r, c in parts]
        whole_values = [table.value(r, c) for r, c in whole]
    except KeyError:
        return None
    if any(v is None for v in (*part_values, *whole_values)):
        return None
    numerator = sum(v for v in part_values if v is not None)
    denominator = sum(v for v in whole_values if v is not None)
    if denominator < table.threshold or denominator == 0:
        return None
    return round(100.0 * numerator / denominator, 1)


@dataclass(frozen=True)
class KeyFigure:
    label: str
    percent: float | None
    basis: str


def key_figures(outputs: Sequence[TableOutput]) -> list[KeyFigure]:
    """The headline percentages the tables allow (recovery rate and the like)."""
    by_code = {o.code: o.table for o in outputs}
    figures: list[KeyFigure] = []
    measured = (
        "reliable_recovery",
        "recovery",
        "reliable_improvement",
        "no_reliable_change",
        "reliable_deterioration",
    )
    outcomes = by_code.get("outcomes")
    if outcomes is not None:
        finished = [(r, TOTAL) for r in measured]
        basis = "of counselling cases that finished a course with both measures taken"
        figures += [
            KeyFigure(
                "Recovery rate (recovery or reliable recovery)",
                share(outcomes, [("recovery", TOTAL), ("reliable_recovery", TOTAL)], finished),
                basis,
            ),
            KeyFigure(
                "Reliable improvement (including reliable recovery)",
                share(
                    outcomes,
                    [("reliable_improvement", TOTAL), ("reliable_recovery", TOTAL)],
                    finished,
                ),
                basis,
            ),
            KeyFigure(
                "Reliable deterioration",
                share(outcomes, [("reliable_deterioration", TOTAL)], finished),
                basis,
            ),
        ]
    sessions = by_code.get("sessions_by_status") or by_code.get(ORG_SESSIONS)
    if sessions is not None:
        if sessions.one_way:  # an organisation's sessions: statuses are the rows
            attended, missed, whole = ("attended", TOTAL), ("dna", TOTAL), (TOTAL, TOTAL)
        else:
            attended, missed, whole = (TOTAL, "attended"), (TOTAL, "dna"), (TOTAL, TOTAL)
        figures += [
            KeyFigure("Sessions attended", share(sessions, [attended], [whole]), "of sessions"),
            KeyFigure(
                "Sessions not attended (did not attend)",
                share(sessions, [missed], [whole]),
                "of sessions",
            ),
        ]
    waiting = by_code.get("waiting_time")
    if waiting is not None:
        figures.append(
            KeyFigure(
                "Seen within 4 weeks of referral",
                share(
                    waiting,
                    [("<2w", TOTAL), ("2-4w", TOTAL)],
                    [(r, TOTAL) for r in ("<2w", "2-4w", "4-8w", "8w+")],
                ),
                "of closed cases that were seen",
            )
        )
    endings = by_code.get("endings")
    if endings is not None:
        figures.append(
            KeyFigure(
                "Planned endings",
                share(endings, [("planned", TOTAL)], [(TOTAL, TOTAL)]),
                "of closed cases",
            )
        )
    last = by_code.get("evaluation_last")
    if last is not None:
        for question, words in (
            ("helpful", "Found the counselling helpful"),
            ("coping_better", "Coping better than before"),
            ("recommend", "Would recommend Support Line to a colleague"),
        ):
            if question in last.rows:
                figures.append(
                    KeyFigure(
                        words,
                        share(last, [(question, "4"), (question, "5")], [(question, TOTAL)]),
                        "agree or strongly agree, of last-session forms answering",
                    )
                )
    return figures


# -- layout -------------------------------------------------------------------------------------


@cache
def _styles() -> dict[str, ParagraphStyle]:
    base = getSampleStyleSheet()
    body = ParagraphStyle("body", parent=base["BodyText"], fontName="Helvetica", fontSize=9.5)
    return {
        "title": ParagraphStyle(
            "title", parent=base["Title"], fontSize=17, textColor=BRAND, alignment=0
        ),
        "subtitle": ParagraphStyle("subtitle", parent=body, fontSize=10.5, spaceAfter=4),
        "h2": ParagraphStyle(
            "h2", parent=base["Heading2"], fontSize=12, textColor=BRAND, spaceBefore=8
        ),
        "h3": ParagraphStyle(
            "h3", parent=base["Heading3"], fontSize=10.5, spaceBefore=10, spaceAfter=4
        ),
        "body": body,
        "note": ParagraphStyle(
            "note", parent=body, fontSize=8.5, textColor=colors.HexColor("#444444")
        ),
        "bullet": ParagraphStyle("bullet", parent=body, leftIndent=10, bulletIndent=2),
        "cell": ParagraphStyle("cell", parent=body, fontSize=8.5, leading=10),
        "cell_bold": ParagraphStyle(
            "cell_bold", parent=body, fontName="Helvetica-Bold", fontSize=8.5, leading=10
        ),
        "head": ParagraphStyle(
            "head",
            parent=body,
            fontName="Helvetica-Bold",
            fontSize=8,
            leading=9.5,
            alignment=TA_RIGHT,
        ),
    }


def protection_note(threshold: int) -> list[Paragraph]:
    """The plain-English note on how the figures are protected."""
    s = _styles()
    points = (
        f"Any count under {threshold} is hidden and shown as *, and so is every figure of a "
        f"row or column with fewer than {threshold} in all, zeros included.",
        "Every figure shown has been moved by up to 2 either way, by a fixed, secret rule: the "
        "same figure is always shown the same, and no figure is shown below "
        f"{threshold} except 0. So the figures in a row or column may not add up exactly to its "
        "total.",
        f"Percentages are given only where the count they are out of is at least {threshold}, "
        "and are worked out from the figures shown.",
        "Some larger figures are hidden as well (also shown as *), checked together with every "
        "other table, the financial year and its quarters, so that no hidden count can be "
        f"narrowed down to less than a range {threshold} wide.",
    )
    return [
        Paragraph("How these figures are protected", s["h2"]),
        Paragraph(
            "These figures come only from anonymous records: no names, dates of birth, "
            "addresses, case numbers or exact dates. To make sure nobody can be identified "
            "from them:",
            s["body"],
        ),
        *(Paragraph(escape(point), s["bullet"], bulletText="\u2022") for point in points),
    ]


def _row_field(output: TableOutput) -> str:
    definition = CATALOGUE.get(output.code)
    if definition is not None:
        return definition.row_field
    return {ORG_REFERRALS: "service", ORG_SESSIONS: "status"}.get(output.code, "")


def _col_field(output: TableOutput) -> str:
    definition = CATALOGUE.get(output.code)
    return (definition.col_field or "") if definition is not None else ""


def _table_flowable(output: TableOutput, width: float) -> Table:
    s = _styles()
    t = output.table
    row_field = _row_field(output)
    col_field = _col_field(output)
    columns = [TOTAL] if t.one_way else [*t.columns, TOTAL]
    value_width = min(24 * mm, (width - 55 * mm) / len(columns))
    label_width = width - value_width * len(columns)
    headings = ["Count"] if t.one_way else [label(c, col_field) for c in columns]
    header = [
        Paragraph(escape(_ROW_HEADINGS.get(row_field, "")), s["cell_bold"]),
        *(Paragraph(escape(text), s["head"]) for text in headings),
    ]
    data: list[list[object]] = [header]
    for row in (*t.rows, TOTAL):
        style = s["cell_bold"] if row == TOTAL else s["cell"]
        data.append(
            [
                Paragraph(escape(label(row, row_field)), style),
                *(_number(t.cells[(row, c)].value) for c in columns),
            ]
        )
    table = Table(
        data,
        colWidths=[label_width] + [value_width] * len(columns),
        repeatRows=1,
        hAlign="LEFT",
    )
    commands = [
        ("FONT", (1, 1), (-1, -1), "Helvetica", 8.5),
        ("FONT", (1, -1), (-1, -1), "Helvetica-Bold", 8.5),
        ("ALIGN", (1, 1), (-1, -1), "RIGHT"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, BRAND),
        ("LINEABOVE", (0, -1), (-1, -1), 0.8, BRAND),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
        ("LEFTPADDING", (1, 0), (-1, -1), 2),
        ("RIGHTPADDING", (1, 0), (-1, -1), 4),
    ]
    if not t.one_way:
        commands += [
            ("FONT", (-1, 1), (-1, -1), "Helvetica-Bold", 8.5),
            ("LINEBEFORE", (-1, 0), (-1, -1), 0.5, BRAND),
        ]
    for index in range(1, len(data) - 1):
        if index % 2 == 0:
            commands.append(("BACKGROUND", (0, index), (-1, index), LIGHT))
    table.setStyle(TableStyle(commands))
    return table


def _chart(output: TableOutput, width: float) -> Drawing | None:
    """A horizontal bar chart of the table's margins; a suppressed bar is empty, labelled '*'."""
    axis = _CHARTS.get(output.code)
    if axis is None:
        return None
    t = output.table
    row_field = _row_field(output)
    if axis == "rows" or t.one_way:
        keys = [(r, TOTAL) for r in t.rows]
        names = [label(r, row_field) for r in t.rows]
    else:
        keys = [(TOTAL, c) for c in t.columns]
        names = [label(c, _col_field(output)) for c in t.columns]
    cells: list[Cell] = [t.cells[k] for k in keys]
    if not any(c.value for c in cells):
        return None  # all zero, or all hidden: nothing to draw
    names = [n if len(n) <= 34 else n[:32] + "\u2026" for n in names]
    bar = 5.5 * mm
    height = bar * len(cells) + 16 * mm
    drawing = Drawing(width, height)
    chart = HorizontalBarChart()
    chart.x = 58 * mm
    chart.y = 8 * mm
    chart.width = width - chart.x - 14 * mm
    chart.height = bar * len(cells)
    # Categories are drawn bottom-up: reverse so the chart reads in the table's order.
    chart.data = [[c.value or 0 for c in reversed(cells)]]
    chart.categoryAxis.categoryNames = list(reversed(names))
    chart.categoryAxis.labels.fontName = "Helvetica"
    chart.categoryAxis.labels.fontSize = 7.5
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.labels.dx = -3
    chart.categoryAxis.strokeColor = colors.grey
    chart.valueAxis.valueMin = 0
    chart.valueAxis.labels.fontName = "Helvetica"
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.strokeColor = colors.grey
    chart.valueAxis.gridStrokeColor = colors.HexColor("#dddddd")
    chart.valueAxis.visibleGrid = 1
    top = max((c.value or 0) for c in cells)
    if top == 0:
        chart.valueAxis.valueMax = 10
    chart.bars[0].fillColor = BRAND
    chart.bars[0].strokeColor = None
    chart.barWidth = bar * 0.7
    chart.groupSpacing = bar * 0.3
    chart.barLabelFormat = "values"
    chart.barLabelArray = [[_number(c.value) for c in reversed(cells)]]
    chart.barLabels.fontName = "Helvetica"
    chart.barLabels.fontSize = 7
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 3
    drawing.add(chart)
    drawing.add(
        String(
            chart.x,
            1 * mm,
            "Bars show the published totals; * = hidden to protect small numbers.",
            fontName="Helvetica-Oblique",
            fontSize=6.5,
            fillColor=colors.HexColor("#555555"),
        )
    )
    return drawing


def _section(output: TableOutput, width: float, lead: Sequence[object] = ()) -> list[object]:
    s = _styles()
    # A table with its note and chart (and any heading before it) on one page where they fit;
    # a table too long for a page still splits.
    parts: list[object] = [
        *lead,
        Paragraph(escape(output.title), s["h3"]),
        _table_flowable(output, width),
    ]
    if output.note:
        parts.append(Paragraph(escape(output.note), s["note"]))
    chart = _chart(output, width)
    if chart is not None:
        parts += [Spacer(1, 3 * mm), chart]
    return [CondPageBreak(40 * mm), KeepTogether(parts)]


def _key_figures_table(figures: Sequence[KeyFigure], width: float) -> Table:
    s = _styles()
    data = [
        [
            Paragraph("<b>Measure</b>", s["cell"]),
            Paragraph("<b>Percentage</b>", s["head"]),
            Paragraph("<b>Out of</b>", s["cell"]),
        ]
    ]
    for figure in figures:
        data.append(
            [
                Paragraph(escape(figure.label), s["cell"]),
                _percent(figure.percent),
                Paragraph(escape(figure.basis), s["cell"]),
            ]
        )
    table = Table(data, colWidths=[70 * mm, 30 * mm, width - 100 * mm], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("FONT", (1, 1), (1, -1), "Helvetica-Bold", 8.5),
                ("ALIGN", (1, 0), (1, -1), "RIGHT"),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, BRAND),
                ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
            ]
        )
    )
    return table


def _build(story: list[object], title: str, footer: str) -> bytes:
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=16 * mm,
        rightMargin=16 * mm,
        topMargin=16 * mm,
        bottomMargin=16 * mm,
        title=title,
        author="Support Line",
        subject="Anonymous statistics under disclosure control",
        pageCompression=1,
        invariant=1,
    )

    def decorate(canvas: Canvas, document: SimpleDocTemplate) -> None:
        canvas.saveState()
        canvas.setFont("Helvetica", 7.5)
        canvas.setFillColor(colors.HexColor("#555555"))
        canvas.drawString(16 * mm, 9 * mm, footer)
        canvas.drawRightString(A4[0] - 16 * mm, 9 * mm, f"Page {document.page}")
        canvas.restoreState()

    doc.build(story, onFirstPage=decorate, onLaterPages=decorate)
    return buffer.getvalue()


def _threshold(outputs: Sequence[TableOutput]) -> int:
    return max((o.table.threshold for o in outputs), default=10)


def _usable_width() -> float:
    return A4[0] - 32 * mm


def quarterly_report_pdf(
    outputs: Sequence[TableOutput], period: str | Period, generated_on: date
) -> bytes:
    """The service's statistics report for one period: every table given, with charts, the key
    percentages the figures allow and the note on how they are protected."""
    p = parse_period(period) if isinstance(period, str) else period
    s = _styles()
    width = _usable_width()
    title = f"Support Line: quarterly statistics {p.code}"
    story: list[object] = [
        Paragraph(escape(title), s["title"]),
        Paragraph(
            escape(f"{period_words(p)}. Produced on {generated_on:%d/%m/%Y}."), s["subtitle"]
        ),
        *protection_note(_threshold(outputs)),
        Paragraph("Key figures", s["h2"]),
        _key_figures_table(key_figures(outputs), width),
        Paragraph(
            "A percentage is not shown where a figure it needs is hidden or the count it is out "
            "of is too small.",
            s["note"],
        ),
    ]
    groups = (
        ("Referrals", lambda c: c.startswith(("referrals_", "presenting_"))),
        ("Sessions and waiting", lambda c: c in ("sessions_by_status", "waiting_time")),
        ("Endings and outcomes", lambda c: c in ("endings", "outcomes")),
        ("Evaluation forms", lambda c: c.startswith("evaluation_")),
        ("Contacts", lambda c: c.startswith("contacts_")),
        ("By client organisation", lambda c: c in ORGANISATION_TABLES),
    )
    shown: set[str] = set()
    for heading, wanted in groups:
        chosen = [o for o in outputs if wanted(o.code) and o.code not in shown]
        if not chosen:
            continue
        for index, output in enumerate(chosen):
            shown.add(output.code)
            lead = [Paragraph(heading, s["h2"])] if index == 0 else []
            story += _section(output, width, lead)
    rest = [o for o in outputs if o.code not in shown]
    if rest:
        story.append(Paragraph("Other tables", s["h2"]))
        for output in rest:
            story += _section(output, width)
    footer = f"Support Line: quarterly statistics {p.code}. Figures protected: see page 1."
    return _build(story, title, footer)


def organisation_slice(output: TableOutput, organisation: str) -> TableOutput:
    """One organisation's row of a per-organisation table, as a one-way table (its columns become
    rows). The cells are the service-wide table's, so they are protected together with every
    other organisation's and match the published table exactly.

    An organisation folded into "other organisations" has no figures of its own in that table:
    every cell is hidden (never the 0 an absent row would suggest), ``folded`` names it and the
    note says why. Only an organisation with no records of the kind at all reads 0.
    """
    if output.code not in ORGANISATION_TABLES:
        raise ValueError(output.code)
    full = output.table
    if output.code == "usage_by_organisation":
        code, title, noun = ORG_REFERRALS, "Referrals by service", "referrals"
    else:
        code, title, noun = ORG_SESSIONS, "Sessions offered, by what happened", "sessions"
    folded: frozenset[str] = frozenset()
    note = ""
    if organisation in full.rows:
        cells = {(c, TOTAL): full.cells[(organisation, c)] for c in full.columns}
        cells[(TOTAL, TOTAL)] = full.cells[(organisation, TOTAL)]
    elif organisation in output.folded:
        cells = {(c, TOTAL): Cell(None, True, primary=True) for c in (*full.columns, TOTAL)}
        folded = frozenset({organisation})
        note = folded_note(noun, full.threshold)
    else:  # nothing of this kind in the period (zeros are published)
        cells = {(c, TOTAL): Cell(0, False) for c in (*full.columns, TOTAL)}
    table = ProtectedTable(tuple(full.columns), (TOTAL,), cells, full.threshold, True)
    return TableOutput(code, title, output.period, table, note, folded)


def folded_note(noun: str, threshold: int) -> str:
    return (
        f"Not shown: your organisation had fewer than {threshold} {noun} in this period, too "
        "few to show on their own. They are counted, with other small organisations' "
        f'{noun}, under "{OTHER_ORGANISATIONS_LABEL}" in the service-wide table.'
    )


def usage_report_pdf(
    organisation: str,
    outputs_for_org: Sequence[TableOutput],
    period: str | Period,
    generated_on: date | None = None,
) -> bytes:
    """A client organisation's use of the service in a period: its referrals by service and its
    sessions by what happened (the :func:`organisation_slice` tables), under the same protection
    as every released table."""
    p = parse_period(period) if isinstance(period, str) else period
    s = _styles()
    width = _usable_width()
    title = f"Support Line: usage report {p.code}"
    when = f" Produced on {generated_on:%d/%m/%Y}." if generated_on else ""
    story: list[object] = [
        Paragraph(escape(title), s["title"]),
        Paragraph(f"<b>{escape(organisation)}</b>", s["subtitle"]),
        Paragraph(escape(f"{period_words(p)}.{when}"), s["subtitle"]),
        Paragraph(
            "How many of your staff were referred to Support Line, and the sessions offered to "
            "them. The figures are your organisation's part of the service-wide tables, protected "
            "together with every other organisation's.",
            s["body"],
        ),
        *protection_note(_threshold(outputs_for_org)),
        Paragraph("Key figures", s["h2"]),
        _key_figures_table(key_figures(outputs_for_org), width),
    ]
    for index, output in enumerate(outputs_for_org):
        lead = [Paragraph("Your organisation's figures", s["h2"])] if index == 0 else []
        story += _section(output, width, lead)
    footer = f"Support Line: usage report {p.code}. Figures protected: see page 1."
    return _build(story, title, footer)


# -- the service --------------------------------------------------------------------------------


class ReportService:
    """Statistics reports for the service manager (and administrator): released figures only."""

    def __init__(self, session: Session) -> None:
        self._session = session
        self._stats = StatisticsService(session)

    def quarterly_outputs(self, period_text: str) -> list[TableOutput]:
        """Every catalogue table for the period, through disclosure control."""
        self._session.require(Op.STATS_READ)
        return [self._stats.output(code, period_text) for code in CATALOGUE]

    def require_ended(self, period_text: str) -> None:
        """Refuse (:class:`.PeriodStillOpen`) a report of a period that has not ended."""
        self._stats.require_ended(period_text)

    def quarterly(self, period_text: str) -> bytes:
        period = parse_period(period_text)
        self._stats.require_ended(period.code)
        outputs = self.quarterly_outputs(period.code)
        pdf = quarterly_report_pdf(outputs, period, self._today())
        self._printed(f"quarterly:{period.code}")
        return pdf

    def organisations(self, period_text: str) -> list[str]:
        """The client organisations with figures shown in their own right in the period: a row
        of their own in at least one per-organisation table. An organisation folded into "other
        organisations" everywhere is not offered: a report for it would say its staff used
        the service, which no published table says."""
        self._session.require(Op.STATS_READ)
        return self._organisations(self._organisation_outputs(period_text))

    @staticmethod
    def _organisations(outputs: Sequence[TableOutput]) -> list[str]:
        names = {row for output in outputs for row in output.table.rows}
        return sorted(names - NOT_AN_ORGANISATION, key=str.casefold)

    def _organisation_outputs(self, period_text: str) -> list[TableOutput]:
        return [self._stats.output(code, period_text) for code in ORGANISATION_TABLES]

    def usage_outputs(self, organisation: str, period_text: str) -> list[TableOutput]:
        self._session.require(Op.STATS_READ)
        outputs = self._organisation_outputs(period_text)
        if organisation not in self._organisations(outputs):
            raise UnknownOrganisation()
        return [organisation_slice(output, organisation) for output in outputs]

    def usage(self, organisation: str, period_text: str) -> bytes:
        period = parse_period(period_text)
        self._stats.require_ended(period.code)
        outputs = self.usage_outputs(organisation, period.code)
        pdf = usage_report_pdf(organisation, outputs, period, self._today())
        # The audit records which report, never an organisation's name.
        self._printed(f"usage:{period.code}")
        return pdf

    def _today(self) -> date:
        return to_local(self._session.clock()).date()

    def _printed(self, record_id: str) -> None:
        with self._session.stats_tx() as conn:
            self._session.audit_stats(conn, AuditAction.PRINTED, "stats_report", record_id)
