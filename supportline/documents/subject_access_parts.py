"""The sections of the subject access printout, as reportlab flowables.

Every code goes through :mod:`.labels`; every time is Europe/London wall-clock; every piece of
text that came from data is escaped. Headings are :class:`.layout.HeadingMark` so that the
document binds each one to the start of what follows it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Table, TableStyle

from ..calendar_uk import LONDON
from ..measures import Measure
from ..reference import presenting_issues
from ..services.clients import ClientRecord
from ..services.intake import signposting
from .labels import label, number, yes_no
from .layout import HeadingMark
from .letters import SERVICE_ADDRESS
from .subject_access_record import (
    WITHHELD_OTHER_CLIENTS_CASE,
    WITHHELD_OTHER_PARTIES,
    Appointment,
    Case,
    Contact,
    MeasureTaken,
    SubjectAccessRecord,
)

Styles = dict[str, ParagraphStyle]
NOT_RECORDED = "Not recorded"


def styles() -> Styles:
    body = getSampleStyleSheet()["BodyText"]

    def style(name: str, size: float, bold: bool = False, **more: float) -> ParagraphStyle:
        return ParagraphStyle(
            name,
            parent=body,
            fontName="Helvetica-Bold" if bold else "Helvetica",
            fontSize=size,
            leading=size * 1.3,
            **more,
        )

    return {
        "title": style("title", 17, True, spaceAfter=6),
        "h2": style("h2", 14, True, spaceBefore=12, spaceAfter=4),
        "h3": style("h3", 12, True, spaceBefore=10, spaceAfter=3),
        "h4": style("h4", 11, True, spaceBefore=7, spaceAfter=2),
        "body": style("body", 9.5, spaceAfter=3),
        "strong": style("strong", 9.5, True, spaceBefore=6, spaceAfter=2),
        "note": style("note", 9.5, spaceAfter=4),
        "end": style("end", 9.5, True, spaceBefore=14),
        "cell": style("cell", 8.5, spaceBefore=0, spaceAfter=0),
        "cell_bold": style("cell_bold", 8.5, True, spaceBefore=0, spaceAfter=0),
    }


# -- small pieces --------------------------------------------------------------------------------


def text(value: object) -> str:
    """Paragraph markup for a value that came from data."""
    return escape(str(value)).replace("\n", "<br/>")


def when(moment: datetime | None) -> str:
    return moment.astimezone(LONDON).strftime("%d/%m/%Y %H:%M") if moment else ""


def day(value: date | datetime | str | None) -> str:
    if not value:
        return ""
    if isinstance(value, str):  # a date not yet validated (a record always holds dates)
        return value
    if isinstance(value, datetime):
        value = value.astimezone(LONDON).date()
    return value.strftime("%d/%m/%Y")


def or_not_recorded(value: object) -> str:
    return str(value) if value not in (None, "") else NOT_RECORDED


def heading(title: str, s: Styles, level: str = "h2") -> HeadingMark:
    return HeadingMark(Paragraph(text(title), s[level]))


def pairs(rows: Sequence[tuple[str, str]], s: Styles, width: float) -> Flowable:
    """A label and value table; values are plain text."""
    data = [
        [Paragraph(text(name), s["cell_bold"]), Paragraph(text(value), s["cell"])]
        for name, value in rows
    ]
    table = Table(data, colWidths=[60 * mm, width - 60 * mm], hAlign="LEFT")
    table.setStyle(_grid_style(header=False))
    return table


def grid(
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    widths: Sequence[float],
    s: Styles,
    bold_last: bool = False,
) -> Flowable:
    """A table with a header row repeated on each page; cells are plain text."""
    data = [[Paragraph(text(h), s["cell_bold"]) for h in header]]
    data += [
        [
            Paragraph(text(cell), s["cell_bold" if bold_last and i == len(rows) - 1 else "cell"])
            for cell in row
        ]
        for i, row in enumerate(rows)
    ]
    table = Table(data, colWidths=list(widths), repeatRows=1, hAlign="LEFT")
    table.setStyle(_grid_style(header=True))
    return table


def _grid_style(header: bool) -> TableStyle:
    rules = [
        ("GRID", (0, 0), (-1, -1), 0.25, colors.HexColor("#8a8a8a")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    shade = colors.HexColor("#ececf2")
    rules.append(("BACKGROUND", (0, 0), (-1, 0) if header else (0, -1), shade))
    return TableStyle(rules)


def columns(width: float, *fixed_mm: float) -> list[float]:
    """Fixed widths in millimetres, the last column taking what is left."""
    widths = [f * mm for f in fixed_mm]
    return [*widths, width - sum(widths)]


def none_recorded(s: Styles) -> Paragraph:
    return Paragraph("None recorded.", s["body"])


# -- the cover -----------------------------------------------------------------------------------


def _case_title(case: Case) -> str:
    service = label("service", case.service)
    if case.own:
        return f"{service} case, opened {day(case.opened_at)}"
    part = f" ({case.party_label})" if case.party_label else ""
    return f"{service}, as a party{part}, opened {day(case.opened_at)}"


def count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _case_contents(case: Case) -> str:
    held = [
        count(len(case.appointments), "appointment", "appointments"),
        count(len(case.notes), "note", "notes"),
    ]
    if case.assessment:
        held.append("the assessment")
    if case.measures:
        held.append(count(len(case.measures), "outcome measure", "outcome measures"))
    if case.closure:
        held.append("the closure")
    return ", ".join(held)


def cover(record: SubjectAccessRecord, s: Styles, width: float) -> list[object]:
    person = record.person
    data = person.data
    name = f"{data.first_name} {data.last_name}"
    if data.preferred_name:
        name += f" (known as {data.preferred_name})"
    contents = [
        (
            "Personal details and preferences",
            "Name, contact details, how this person may be contacted, booking preferences"
            + (
                f"; {count(len(record.merged), 'earlier record', 'earlier records')} merged "
                "into this one"
                if record.merged
                else ""
            ),
        ),
        ("Calls and other contacts", f"{len(record.contacts)} recorded"),
        ("Risk alerts and reviews", f"{len(record.risk)} recorded"),
        ("Extra sessions authorised", f"{len(record.extra_sessions)} recorded"),
        ("Follow-ups after missed sessions", f"{len(record.follow_ups)} recorded"),
        ("Cases", f"{len(record.cases)} recorded"),
        *((f"\u2013 {_case_title(case)}", _case_contents(case)) for case in record.cases),
    ]
    withheld = [
        "Information about other people (third parties) is not included, apart from the names "
        "of the Support Line staff who worked on the record.",
    ]
    if WITHHELD_OTHER_PARTIES in record.withheld:
        withheld.append(
            "In a mediation, the notes about each other party and the sessions held separately "
            "with another party concern them: they are withheld as third-party information."
        )
    if WITHHELD_OTHER_CLIENTS_CASE in record.withheld:
        withheld.append(
            "This person was a party to a mediation that another client was referred for. The "
            "rest of that case (the referral, assessment, measures, urgency, closure and the "
            "counsellor's general notes of joint sessions) concerns that client and is withheld "
            "as third-party information; this person's own part of it is shown."
        )
    withheld += [
        "Evaluation forms are anonymous: the service records only that a form was issued, and "
        "no answer on one can be linked to anyone.",
        "The anonymous statistics hold no name, contact detail, exact date or reference: nothing "
        "in them can be linked to this person.",
        "The security audit log (which member of staff opened or changed the record, and when) "
        "is not part of this printout; the data-protection officer can provide it on request.",
    ]
    return [
        Paragraph("Subject access printout", s["title"]),
        Paragraph(
            "The personal data that Support Line, "
            + text(", ".join(SERVICE_ADDRESS[1:]))
            + ", holds about the person named below, produced in answer to a subject access "
            "request under the UK General Data Protection Regulation.",
            s["body"],
        ),
        pairs(
            [
                ("About", name),
                ("Support Line reference", person.reference),
                ("Date of birth", day(data.date_of_birth) or NOT_RECORDED),
                ("Produced on", when(record.produced_at)),
                (
                    "Produced by",
                    f"{record.produced_by}, {label('producer_role', record.producer_role)}",
                ),
            ],
            s,
            width,
        ),
        heading("Contents", s),
        grid(("Section", "What it holds"), contents, columns(width, 70), s),
        heading("Not included, and why", s),
        *(Paragraph("\u2022 " + text(line), s["body"]) for line in withheld),
        heading("Reading this record", s),
        Paragraph(
            "Times are UK time on the 24-hour clock. Notes are printed as they were written; an "
            "amendment is added after a note and never changes it. Each appointment and note is "
            "named by its date.",
            s["body"],
        ),
    ]


# -- the person ----------------------------------------------------------------------------------


def _identity_rows(record: ClientRecord) -> list[tuple[str, str]]:
    data = record.data
    return [
        ("Name", f"{data.first_name} {data.last_name}"),
        ("Preferred name", or_not_recorded(data.preferred_name)),
        ("Date of birth", day(data.date_of_birth) or NOT_RECORDED),
        ("Gender", label("gender", data.gender or "not_stated")),
        ("Phone", or_not_recorded(data.phone)),
        ("Other phone", or_not_recorded(data.phone_alt)),
        ("E-mail", or_not_recorded(data.email)),
        ("Home address", or_not_recorded(data.address)),
        ("Home postcode", or_not_recorded(data.home_postcode)),
        ("Work postcode", or_not_recorded(data.work_postcode)),
        ("Employer", or_not_recorded(record.organisation)),
        ("Job role", or_not_recorded(data.job_role)),
    ]


def person_sections(record: SubjectAccessRecord, s: Styles, width: float) -> list[object]:
    person, data = record.person, record.person.data
    number_we_may_call = label("safe_phone", data.safe_phone)
    chosen = {"phone": data.phone, "alt": data.phone_alt}.get(data.safe_phone)
    if chosen:
        number_we_may_call += f": {chosen}"
    story: list[object] = [
        heading("Personal details", s),
        pairs(
            [
                *_identity_rows(person),
                ("Current risk level", label("risk_level", person.risk_level)),
                ("Record created", when(person.created_at)),
                ("Last changed", when(person.updated_at) or NOT_RECORDED),
            ],
            s,
            width,
        ),
        heading("How this person may be contacted", s),
        pairs(
            [
                ("Number we may call", number_we_may_call),
                ("Voicemail may be left", yes_no(data.voicemail_ok)),
                ("Letters may be sent home", yes_no(data.letters_ok)),
                ("E-mail may be sent", yes_no(data.email_ok)),
                ("May be contacted at work", yes_no(data.work_contact_ok)),
            ],
            s,
            width,
        ),
        heading("Booking preferences", s),
        pairs(
            [
                ("Venue preference", label("venue_preference", data.venue_preference)),
                ("Needs step-free access", yes_no(data.needs_step_free)),
                ("Needs a hearing loop", yes_no(data.needs_hearing_loop)),
                ("Needs parking", yes_no(data.needs_parking)),
                (
                    "Counsellor gender preference",
                    label("counsellor_gender", data.pref_counsellor_gender),
                ),
                ("Language preference", or_not_recorded(data.pref_language)),
            ],
            s,
            width,
        ),
    ]
    if record.merged:
        story.append(heading("Earlier records merged into this one", s))
        for merged in record.merged:
            story += [
                heading(f"Record {merged.reference}, created {day(merged.created_at)}", s, "h3"),
                pairs(_identity_rows(merged), s, width),
            ]
    return story


# -- contacts, risk, allowance, follow-ups -------------------------------------------------------


def _contact_details(c: Contact) -> str:
    lines = []
    if c.taken_by:
        lines.append(f"Recorded by {c.taken_by}")
    if c.eligibility:
        line = f"Eligibility: {label('eligibility', c.eligibility)}"
        if c.eligibility_override_reason:
            line += f" (went ahead because: {c.eligibility_override_reason})"
        lines.append(line)
    if c.signposted_to:
        where = signposting().get(c.signposted_to) or label("purpose", c.signposted_to)
        lines.append(f"Signposted to: {where}")
    if c.risk_level and c.risk_level != "none":
        lines.append(f"Risk level at the contact: {label('risk_level', c.risk_level)}")
    if c.opened_case:
        lines.append(f"Opened a {label('service', c.opened_case).lower()} case")
    if c.callback_due_at and c.callback_state == "pending":
        lines.append(f"Call-back due {when(c.callback_due_at)}")
    if c.callback_name:
        lines.append(f"Name given for the call-back: {c.callback_name}")
    if c.callback_phone:
        lines.append(f"Number given for the call-back: {c.callback_phone}")
    return "\n".join(lines)


def contact_sections(record: SubjectAccessRecord, s: Styles, width: float) -> list[object]:
    story: list[object] = [heading("Calls and other contacts", s)]
    rows: list[tuple[str, ...]]
    if record.contacts:
        rows = []
        for c in record.contacts:
            how = f"{label('direction', c.direction)}, {label('channel', c.channel)}"
            if c.duration_s:
                how += f" ({max(1, round(c.duration_s / 60))} min)"
            outcome = (
                label("contact_outcome", c.outcome)
                if c.outcome
                else label("callback_state", c.callback_state) or NOT_RECORDED
            )
            if c.outcome and c.callback_state != "none":
                outcome += f"\n{label('callback_state', c.callback_state)}"
            rows.append(
                (when(c.started_at), how, label("purpose", c.purpose), outcome, _contact_details(c))
            )
        story.append(
            grid(
                ("When", "Contact", "About", "Outcome", "Details"),
                rows,
                columns(width, 26, 32, 24, 30),
                s,
            )
        )
    else:
        story.append(none_recorded(s))

    story.append(heading("Risk alerts and reviews", s))
    if record.risk:
        rows = [
            (
                when(r.at),
                label("risk_kind", r.kind),
                label("risk_level", r.level),
                r.by,
                r.detail,
                when(r.cleared_at),
            )
            for r in record.risk
        ]
        story.append(
            grid(
                ("When", "What", "Level", "By", "Detail or reason", "Superseded"),
                rows,
                [24 * mm, 26 * mm, 20 * mm, 28 * mm, width - 122 * mm, 24 * mm],
                s,
            )
        )
    else:
        story.append(none_recorded(s))

    story.append(heading("Extra sessions authorised", s))
    if record.extra_sessions:
        rows = [
            (
                when(x.authorised_at),
                label("service", x.service),
                str(x.extra_sessions),
                day(x.applies_on),
                x.authorised_by,
                x.reason,
            )
            for x in record.extra_sessions
        ]
        story.append(
            grid(
                ("When", "Service", "Sessions", "From", "By", "Reason"),
                rows,
                columns(width, 26, 22, 18, 20, 28),
                s,
            )
        )
    else:
        story.append(none_recorded(s))

    story.append(heading("Follow-ups after missed sessions", s))
    if record.follow_ups:
        rows = [
            (
                when(f.created_at),
                label("follow_up_reason", f.reason),
                when(f.session_at),
                f"{when(f.done_at)} by {f.done_by}" if f.done_at else "Not yet done",
            )
            for f in record.follow_ups
        ]
        story.append(
            grid(("Noted", "Reason", "Session", "Done"), rows, columns(width, 28, 34, 28), s)
        )
    else:
        story.append(none_recorded(s))
    return story


# -- cases ---------------------------------------------------------------------------------------


def _appointment_rows(appointments: Sequence[Appointment]) -> list[tuple[str, ...]]:
    rows: list[tuple[str, ...]] = []
    for a in appointments:
        what = label("appointment_kind", a.kind)
        if a.kind == "session" and a.session_no:
            what += f" {a.session_no}"
        if a.parties:
            what += f"\n{label('session_parties', a.parties)}"
        changes = []
        for change in a.changes:
            line = f"{when(change.at)}: {label('appointment_event', change.event)}"
            if change.event == "moved" and change.old_starts_at and change.new_starts_at:
                line += f" from {when(change.old_starts_at)} to {when(change.new_starts_at)}"
            changes.append(f"{line} by {change.by}")
        rows.append(
            (
                f"{when(a.starts_at)} to {a.ends_at.astimezone(LONDON):%H:%M}",
                what,
                f"{a.venue}, {a.room}",
                a.counsellor,
                label("appointment_status", a.status),
                "\n".join(changes),
            )
        )
    return rows


def _measure(taken: MeasureTaken, measure: Measure | None, s: Styles, width: float) -> list[object]:
    name = measure.name if measure else taken.measure_id
    title = f"{name}, {when(taken.taken_at)}, recorded by {taken.author}"
    items = {i.number: i for i in (*measure.items, *measure.extra_items)} if measure else {}
    rows = []
    for item_number in sorted({*items, *taken.answers}):
        item = items.get(item_number)
        value = taken.answers.get(item_number)
        answer = "Not answered"
        if value is not None:
            options = {o.value: o.label for o in item.options} if item else {}
            answer = f"{options[value]} ({value})" if value in options else str(value)
        rows.append((f"{item_number}. {item.text if item else ''}".strip(), answer))
    if taken.total is None:
        total = "Not scored: too many questions unanswered"
    else:
        total = f"{number(taken.total)} ({taken.band})" if taken.band else number(taken.total)
        if taken.prorated:
            total += ", estimated for the unanswered question"
    rows.append(("Total score", total))
    return [
        HeadingMark(Paragraph(text(title), s["strong"])),
        grid(("Question", "Answer"), rows, columns(width, 120), s, bold_last=True),
    ]


def _assessment_rows(case: Case) -> list[tuple[str, str]]:
    a = case.assessment
    assert a is not None
    issues = {i.code: i.label for i in presenting_issues()}
    plan = label("plan", a.plan)
    if a.plan_sessions:
        plan += f", {a.plan_sessions} session(s)"
    if a.referral_to:
        plan += f", to {a.referral_to}"
    rows = [
        ("Written", f"{when(a.written_at)} by {a.author}"),
        (
            "Presenting issues",
            "\n".join(issues.get(c, label("purpose", c)) for c in a.presenting_issues)
            or NOT_RECORDED,
        ),
        ("What the client described", or_not_recorded(a.narrative)),
        *((label("risk_question", q), yes_no(v)) for q, v in a.risk_answers.items()),
        ("Risk level", label("risk_level", a.risk_level)),
        ("Action taken", or_not_recorded(a.action_taken)),
        ("Consent recorded", yes_no(a.consent_recorded)),
        ("Confidentiality and its limits agreed", yes_no(a.confidentiality_agreed)),
        ("Goals", or_not_recorded(a.goals)),
        ("Plan", plan),
    ]
    return rows


def _scores(scores: Mapping[str, float]) -> str:
    return ", ".join(f"{k} {number(v)}" for k, v in scores.items()) or NOT_RECORDED


def _one_case(case: Case, record: SubjectAccessRecord, s: Styles, width: float) -> list[object]:
    issues = {i.code: i.label for i in presenting_issues()}
    details = [
        ("Service", label("service", case.service)),
        ("Status", label("case_stage", case.stage)),
        ("Opened", when(case.opened_at)),
        ("Closed", when(case.closed_at) or "Still open"),
        ("Counsellor", case.counsellor or "Not allocated"),
    ]
    if case.own:
        details += [
            ("Referral route", label("route", case.referral_route)),
            (
                "Presenting issues at referral",
                ", ".join(issues.get(c, c) for c in case.presenting_issues) or NOT_RECORDED,
            ),
            ("Urgency", label("urgency", case.urgency)),
        ]
        if case.party_label:
            details.append(("Part in the mediation", case.party_label))
    else:
        details.append(
            (
                "Part in the mediation",
                f"{case.party_label or 'A party'}, in a mediation another client was referred for",
            )
        )
    story: list[object] = [heading(_case_title(case), s, "h3"), pairs(details, s, width)]
    if case.status_history:
        story += [
            heading("Status history", s, "h4"),
            grid(
                ("When", "Status", "By"),
                [(when(c.at), label("case_status", c.status), c.by) for c in case.status_history],
                columns(width, 30, 60),
                s,
            ),
        ]
    if case.urgency_history:
        story += [
            heading("Urgency changes", s, "h4"),
            grid(
                ("When", "Urgency", "Before", "Why", "By"),
                [
                    (
                        when(u.at),
                        label("urgency", u.urgency),
                        label("urgency", u.previous) if u.previous else "",
                        label("urgency_cause", u.cause) + (f": {u.reason}" if u.reason else ""),
                        u.by,
                    )
                    for u in case.urgency_history
                ],
                [24 * mm, 20 * mm, 20 * mm, width - 100 * mm, 36 * mm],
                s,
            ),
        ]
    story.append(heading("Appointments", s, "h4"))
    story.append(
        grid(
            ("When", "What", "Where", "Counsellor", "Status", "Changes"),
            _appointment_rows(case.appointments),
            [30 * mm, 30 * mm, 26 * mm, 24 * mm, 22 * mm, width - 132 * mm],
            s,
        )
        if case.appointments
        else none_recorded(s)
    )
    if case.assessment:
        story += [heading("Assessment", s, "h4"), pairs(_assessment_rows(case), s, width)]
    if case.measures:
        story.append(heading("Outcome measures", s, "h4"))
        for taken in case.measures:
            story += _measure(taken, record.measures.get(taken.measure_id), s, width)
    story.append(heading("Session notes and amendments", s, "h4"))
    if not case.notes:
        story.append(none_recorded(s))
    for note in case.notes:
        what = label("note_kind", note.kind)
        if note.own_party_note:
            what = f"{case.party_label or 'This party'}'s own {what.lower()}"
        title = (
            f"{what} for the session of {when(note.session_at)}, written "
            f"{when(note.written_at)} by {note.author}"
        )
        story += [
            HeadingMark(Paragraph(text(title), s["strong"])),
            Paragraph(text(note.text), s["note"]),
        ]
    if case.forms_issued:
        story += [
            heading("Evaluation forms", s, "h4"),
            *(
                Paragraph(
                    text(
                        f"{label('evaluation_form', form)} issued {when(at)}. Its "
                        "answers are anonymous and are not held with this record."
                    ),
                    s["body"],
                )
                for form, at in case.forms_issued
            ),
        ]
    if case.closure:
        c = case.closure
        story += [
            heading("Closure", s, "h4"),
            pairs(
                [
                    ("Closed", f"{when(c.closed_at)} by {c.closed_by}"),
                    ("Ending", label("ending", c.ending)),
                    ("Outcome", label("outcome", c.outcome)),
                    ("Sessions attended", str(c.attended)),
                    ("First scores", _scores(c.first)),
                    ("Last scores", _scores(c.last)),
                    ("Summary", or_not_recorded(c.summary)),
                ],
                s,
                width,
            ),
        ]
    return story


def case_sections(record: SubjectAccessRecord, s: Styles, width: float) -> list[object]:
    story: list[object] = [heading("Cases", s)]
    if not record.cases:
        story.append(
            Paragraph(
                "No cases: this person has not been referred for counselling, coaching or mediation.",
                s["body"],
            )
        )
    for case in record.cases:
        story += _one_case(case, record, s, width)
    return story
