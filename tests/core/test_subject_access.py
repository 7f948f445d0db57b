"""The subject access printout (issue 9, item 1): a document a data-protection officer would send.

Everything Support Line holds about one person, in plain labels (no Python structures, no
codes, no internal ids, scores as people write them), and nothing about anyone else: in a
mediation each party gets their own notes and the sessions they were in, never another party's.
Administrators (for any client, with or without a case) and clinical leads produce it; every
production is audited by client id only. PDFs are read back with pypdf: the text, and each
drawn text run with its font size (to find headings and page footers).
"""

from __future__ import annotations

import dataclasses
import io
import re
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import func, insert, select, update

from supportline import cli
from supportline.calendar_uk import LONDON
from supportline.db import schema
from supportline.db.schema import ACTIVE_APPOINTMENT_STATUSES
from supportline.documents import labels
from supportline.errors import PermissionDenied
from supportline.measures import Outcome
from supportline.reference import presenting_issues
from supportline.services import cases as cases_module
from supportline.services import clients as clients_module
from supportline.services import clinical as clinical_module
from supportline.services import intake as intake_module
from supportline.services.allowance import AllowanceService
from supportline.services.clients import ClientNotFound
from supportline.services.clinical import ClinicalService, RiskAssessment
from supportline.services.diary import CANCELLED_STATUSES
from supportline.services.eligibility import Status
from supportline.services.intake import ContactInput, IntakeService
from supportline.services.risk import RiskService
from supportline.services.subject_access import SubjectAccessService
from supportline.services.urgency import UrgencyService
from supportline.session import Session
from tests.core.test_clinical import (
    CASE_ID,
    CLIENT,
    CLIENT_ID,
    MEDIATION_CASE_ID,
    OPENED,
    PASSWORDS,
    Clinic,
    _appointment,
    assessment_input,
    build_clinic,
    copy_clinic,
    record_course,
)

PARTY_A = CLIENT_ID + 1  # the mediation case's own client (built by build_clinic)
PARTY_B = CLIENT_ID + 2  # a second party, with nothing at Support Line but the mediation
LONER = CLIENT_ID + 3  # a client with calls only
MERGED = CLIENT_ID + 4  # an earlier duplicate record merged into CLIENT_ID


@pytest.fixture(scope="module")
def clinic_template(tmp_path_factory: pytest.TempPathFactory) -> Clinic:
    return build_clinic(tmp_path_factory.mktemp("subject_access"))


@pytest.fixture
def clinic(clinic_template: Clinic, tmp_path: Path) -> Clinic:
    return copy_clinic(clinic_template, tmp_path)


@pytest.fixture
def sessions(clinic: Clinic) -> Iterator[dict[str, Session]]:
    opened: dict[str, Session] = {}

    class Lazy(dict):
        def __missing__(self, name: str) -> Session:
            opened[name] = clinic.unlock(name)
            return opened[name]

    yield Lazy()
    for session in opened.values():
        session.close()


# -- reading the PDF ------------------------------------------------------------------------------


def pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def flat(text: str) -> str:
    return " ".join(text.split())


def runs(pdf: bytes) -> list[list[tuple[str, float]]]:
    """Each page's drawn text runs (text, font size), in drawing order, blanks dropped."""
    pages = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        found: list[tuple[str, float]] = []

        def visit(
            text: str,
            cm: object,
            tm: object,
            font: object,
            size: float,
            found: list[tuple[str, float]] = found,
        ) -> None:
            if text.strip():
                found.append((text.strip(), size))

        page.extract_text(visitor_text=visit)
        pages.append(found)
    return pages


# Every code a printed record can carry, from the core's own vocabularies.
RISK_QUESTIONS = tuple(
    f.name for f in dataclasses.fields(RiskAssessment) if f.name not in ("level", "action_taken")
)
APPOINTMENT_STATUSES = (*ACTIVE_APPOINTMENT_STATUSES, "booked", *CANCELLED_STATUSES)
CODES = {
    *clients_module.GENDERS,
    *clients_module.SAFE_PHONES,
    *clients_module.VENUE_PREFERENCES,
    *clients_module.RISK_LEVELS,
    *intake_module.DIRECTIONS,
    *intake_module.CHANNELS,
    *intake_module.PURPOSES,
    *intake_module.OUTCOMES,
    *intake_module.SIGNPOSTS,
    *(s.value for s in Status),
    *cases_module.SERVICES,
    *cases_module.ROUTES,
    *cases_module.URGENCIES,
    *cases_module.STATUSES,
    *clinical_module.ENDINGS,
    *clinical_module.PLAN_KINDS,
    *clinical_module.RISK_LEVELS,
    *(o.value for o in Outcome),
    *RISK_QUESTIONS,
    *APPOINTMENT_STATUSES,
    "assessment",
    "session",
    "moved",
    "pending",
    "done",
    "opened",
    "risk",
    "changed",
    "raised",
    "reviewed",
    "note",
    "amendment",
    "first",
    "last",
    "joint",
    "separate",
    *(issue.code for issue in presenting_issues()),
}


def raw_codes(pdf: bytes) -> set[str]:
    """Codes printed as such: a code with an underscore or an issue code anywhere, or any code
    as a whole text run (a table cell or a value on its own)."""
    text = pdf_text(pdf)
    found = set()
    for code in CODES:
        if ("_" in code or re.fullmatch(r"[A-Z]\d\d", code)) and re.search(
            rf"(?<![\w]){re.escape(code)}(?![\w])", text
        ):
            found.add(code)
    cells = {text for page in runs(pdf) for text, _size in page}
    found |= cells & CODES
    found |= cells & {"True", "False", "None"}
    return found


# -- building records -----------------------------------------------------------------------------


def _ids(conn) -> dict[str, int]:
    venue = conn.execute(select(schema.venues.c.id)).scalar_one()
    room = conn.execute(select(schema.rooms.c.id)).scalar_one()
    users = dict(conn.execute(select(schema.users.c.username, schema.users.c.id)).all())
    return {"venue": venue, "room": room, **{f"user:{k}": v for k, v in users.items()}}


def every_code_record(clinic: Clinic, sessions: dict[str, Session]) -> dict[str, int]:
    """The counselling client's record carrying every code it can: contacts of every purpose,
    channel, outcome, destination and eligibility; call-backs; appointments in every status with
    their changes; extra cases in every status; risk raised and reviewed; urgency raised by the
    risk and lowered by hand; extra sessions; a follow-up; an evaluation form; a merged earlier
    record; then the whole clinical course and the closure."""
    alloc, admin = sessions["alloc"], sessions["admin"]
    made: dict[str, int] = {}
    with admin.case_tx() as conn:
        ids = _ids(conn)
        conn.execute(
            update(schema.clients)
            .where(schema.clients.c.id == CLIENT_ID)
            .values(pref_counsellor_gender="female", pref_language="Zqxlanguage")
        )
        moments = iter(OPENED - timedelta(days=60) + timedelta(hours=i) for i in range(100))
        rows = []
        for i, purpose in enumerate(intake_module.PURPOSES):
            outcome = intake_module.OUTCOMES[i % len(intake_module.OUTCOMES)]
            rows.append(
                {
                    "direction": intake_module.DIRECTIONS[i % 2],
                    "channel": intake_module.CHANNELS[i % len(intake_module.CHANNELS)],
                    "purpose": purpose,
                    "outcome": outcome,
                    "signposted_to": "gp" if outcome == "signposted" else None,
                    "eligibility": ("eligible", "not_eligible", "expired")[i % 3],
                    "eligibility_override_reason": "Zqxoverride: agreed by the manager"
                    if i % 3
                    else None,
                    "risk_level": clients_module.RISK_LEVELS[i % 5],
                }
            )
        for signpost in intake_module.SIGNPOSTS:
            rows.append(
                {
                    "direction": "in",
                    "channel": "phone",
                    "purpose": "enquiry",
                    "outcome": "signposted",
                    "signposted_to": signpost,
                }
            )
        rows.append(
            {
                "direction": "in",
                "channel": "voicemail",
                "purpose": "rebooking",
                "outcome": None,
                "callback_state": "pending",
                "callback_due_at": OPENED + timedelta(days=1),
            }
        )
        rows.append(
            {
                "direction": "in",
                "channel": "email",
                "purpose": "other",
                "outcome": None,
                "callback_state": "done",
            }
        )
        for row in rows:
            conn.execute(
                insert(schema.contacts).values(
                    client_id=CLIENT_ID,
                    handler_id=ids["user:handler"],
                    started_at=next(moments),
                    duration_s=320,
                    **row,
                )
            )
        conn.execute(
            update(schema.contacts)
            .where(schema.contacts.c.purpose == "new_referral")
            .values(case_id=CASE_ID)
        )
        # Appointments in the statuses the course below does not reach.
        for offset, status in enumerate(("dna", "cancelled_client", "cancelled_client_late")):
            made[status] = _appointment(
                conn,
                CASE_ID,
                CLIENT_ID,
                clinic.counsellors["alloc"],
                ids["venue"],
                ids["room"],
                OPENED + timedelta(days=2 + offset, hours=2),
                status,
                number=10 + offset,
            )
        s2 = clinic.appointments["s2"]
        events = [
            {
                "appointment_id": s2,
                "event": "booked",
                "at": OPENED,
                "by": "handler",
                "new_starts_at": clinic.starts["s2"] - timedelta(days=1),
            },
            {
                "appointment_id": s2,
                "event": "moved",
                "at": OPENED + timedelta(hours=1),
                "by": "handler",
                "old_starts_at": clinic.starts["s2"] - timedelta(days=1),
                "new_starts_at": clinic.starts["s2"],
            },
            {"appointment_id": s2, "event": "attended", "at": clinic.starts["s2"], "by": "alloc"},
            *(
                {"appointment_id": made[s], "event": s, "at": OPENED, "by": "handler"}
                for s in ("dna", "cancelled_client", "cancelled_client_late")
            ),
        ]
        for event in events:
            conn.execute(insert(schema.appointment_events).values(**event))
        conn.execute(
            insert(schema.follow_ups).values(
                client_id=CLIENT_ID,
                case_id=CASE_ID,
                appointment_id=made["dna"],
                reason="dna",
                created_at=OPENED + timedelta(days=2, hours=4),
                done_at=OPENED + timedelta(days=3),
                done_by="handler",
            )
        )
        for offset, (service, status, route, urgency, counsellor) in enumerate(
            (
                ("coaching", "waiting", "occupational_health", "soon", None),
                ("counselling", "assessment_booked", "hr", "urgent", clinic.counsellors["alloc"]),
                ("coaching", "active", "other", "routine", None),
            )
        ):
            case_id = 74_000 + offset * 13
            conn.execute(
                insert(schema.cases).values(
                    id=case_id,
                    client_id=CLIENT_ID,
                    service=service,
                    referral_route=route,
                    presenting_issues="W05",
                    urgency=urgency,
                    status=status,
                    counsellor_id=counsellor,
                    opened_at=OPENED + timedelta(days=1 + offset),
                )
            )
            conn.execute(
                insert(schema.case_status_history).values(
                    case_id=case_id,
                    status=status,
                    changed_by="handler",
                    changed_at=OPENED + timedelta(days=1 + offset),
                )
            )
        conn.execute(
            insert(schema.clients).values(
                id=MERGED,
                reference="SL-ZQX4829",
                first_name="Zqxfirst",
                last_name="Zqxmaiden",
                phone="07700 900999",
                created_at=OPENED - timedelta(days=400),
                merged_into_id=CLIENT_ID,
            )
        )
    IntakeService(sessions["handler"]).raise_risk(CLIENT_ID, "high", "Zqxriskdetail: said so")
    UrgencyService(sessions["handler"]).set_urgency(
        CASE_ID, "soon", "Zqxurgency: safety plan agreed with the counsellor"
    )
    RiskService(sessions["lead"]).review(CLIENT_ID, "low", "Zqxreview: risk has passed")
    AllowanceService(admin).authorise(
        CLIENT_ID, "counselling", date(2026, 2, 10), 2, "Zqxallowance: extension agreed"
    )
    service = ClinicalService(alloc)
    service.issue_evaluation_form(CASE_ID, "first")
    service.save_assessment(
        CASE_ID,
        assessment_input(
            presenting_issues=("W03", "W04"),
            risk=RiskAssessment(
                self_harm_thoughts=True,
                safeguarding_adults=True,
                level="high",
                action_taken="Zqxaction: safety plan",
            ),
        ),
    )
    record_course(clinic, alloc)
    clinic.clock.set(clinic.starts["s3"] + timedelta(hours=2))
    service.write_note(clinic.appointments["s3"], "Zqxnote: discussed the return to work.")
    clinic.clock.set(clinic.starts["s3"] + timedelta(days=3))
    service.amend_note(clinic.appointments["s3"], "Zqxamend: the meeting was on Tuesday.")
    service.close_case(CASE_ID, "planned", "Zqxsummary: goals met, ending as agreed.")
    return made


def produce(session: Session, client_id: int) -> bytes:
    return SubjectAccessService(session).printout(client_id)


# -- content --------------------------------------------------------------------------------------


def test_every_code_the_record_carries_is_printed_as_words(
    clinic: Clinic, sessions: dict[str, Session]
) -> None:
    every_code_record(clinic, sessions)
    pdf = produce(sessions["admin"], CLIENT_ID)
    text = flat(pdf_text(pdf))
    assert "{" not in text and "}" not in text and "':" not in text
    assert raw_codes(pdf) == set()
    for words in (
        # the person
        "Female",
        "Main phone number",
        "Near home",
        "Counsellor gender preference",
        # contacts
        "Incoming",
        "Outgoing (call-back)",
        "Voicemail",
        "E-mail",
        "Letter",
        "New referral",
        "Rebooking",
        "Cancellation",
        "Enquiry",
        "Complaint",
        "No further action",
        "Signposted elsewhere",
        "Not eligible",
        "Agreement expired",
        "Waiting for a call-back",
        "Called back",
        "Zqxoverride: agreed by the manager",
        *intake_module.signposting().values(),
        # cases
        "Self-referral",
        "Occupational health",
        "HR",
        "Waiting for assessment",
        "Assessment booked",
        "Waiting for a counsellor",
        "Closed",
        "Coaching",
        # appointments
        "Did not attend",
        "Cancelled by client",
        "Cancelled late by client",
        "Cancelled by service",
        "Attended",
        "Moved",
        # clinical
        "Thoughts of self-harm or suicide",
        "Safeguarding concern: adults at risk",
        "Zqxaction: safety plan",
        "Planned ending",
        "First evaluation form",
        "Zqxnarrative",
        "Zqxgoal: sleep better",
        "Zqxnote: discussed the return to work.",
        "Zqxamend: the meeting was on Tuesday.",
        "Zqxsummary: goals met, ending as agreed.",
        # risk, urgency, allowance, the merged record
        "Zqxriskdetail: said so",
        "Zqxreview: risk has passed",
        "Reviewed and lowered",
        "Zqxurgency: safety plan agreed with the counsellor",
        "Raised because of the risk level",
        "Zqxallowance: extension agreed",
        "SL-ZQX4829",
        "Zqxmaiden",
        "Zqxlanguage",
    ):
        assert flat(words) in text, words


def test_no_internal_ids_and_scores_as_integers(
    clinic: Clinic, sessions: dict[str, Session]
) -> None:
    made = every_code_record(clinic, sessions)
    text = flat(pdf_text(produce(sessions["lead"], CLIENT_ID)))
    assert "Case:" not in text
    for internal in (CASE_ID, CLIENT_ID, MERGED, *clinic.appointments.values(), *made.values()):
        assert not re.search(rf"(?<!\d){internal}(?!\d)", text), internal
    assert not re.search(r"\b\d+\.0\b", text)
    totals = [int(t) for t in re.findall(r"Total score (\d+)", text)]
    assert sorted(totals) == [5, 7, 12, 16]
    # Item by item, in the measure's own words.
    assert "Little interest or pleasure in doing things" in text
    assert "Nearly every day" in text and "Moderately severe" in text
    assert "Reliable recovery" in text


def test_the_assessments_coded_issues_are_printed_with_their_labels(
    clinic: Clinic, sessions: dict[str, Session]
) -> None:
    ClinicalService(sessions["alloc"]).save_assessment(
        CASE_ID, assessment_input(presenting_issues=("W03", "W04"))
    )
    text = flat(pdf_text(produce(sessions["admin"], CLIENT_ID)))
    assessment = text[text.index("Assessment Written") :]
    assert "Bullying or harassment at work" in assessment
    assert "Conflict with colleagues" in assessment
    assert not re.search(r"\bW0\d\b", text)


def test_a_client_with_calls_only_gets_everything_held(
    clinic: Clinic, sessions: dict[str, Session]
) -> None:
    handler = sessions["handler"]
    client = clients_module.ClientService(handler).create(
        clients_module.ClientInput(
            first_name="Zqxloner",
            last_name="Zqxcaller",
            phone="07700 900321",
            home_postcode="ME19 4AA",
            gender="non_binary",
            safe_phone="none",
        )
    )
    intake = IntakeService(handler)
    intake.finish_call(
        ContactInput("in", "phone", "enquiry", "no_further_action", OPENED, client_id=client.id)
    )
    intake.record_received("letter", OPENED + timedelta(days=1), "complaint", client_id=client.id)
    pdf = produce(sessions["admin"], client.id)
    text = flat(pdf_text(pdf))
    for words in (
        "Zqxloner Zqxcaller",
        client.reference,
        "07700 900321",
        "Non-binary",
        "Do not phone",
        "Enquiry",
        "No further action",
        "Complaint",
        "Waiting for a call-back",
        "Hal Handler",
    ):
        assert words in text, words
    assert "No cases" in text
    assert raw_codes(pdf) == set()
    # Nobody else's record.
    for other in ("Zqxfirst", CLIENT["reference"], "Zqxparty", "SL-ZQX4822"):
        assert other not in text


# -- mediation ------------------------------------------------------------------------------------


def mediation(clinic: Clinic, sessions: dict[str, Session]) -> dict[str, object]:
    """A's case (PARTY_A is its client) with parties A and B: m1 joint, m2 separate with A,
    m3 separate with B; on each a general note and each present party's own note."""
    alloc, admin = sessions["alloc"], sessions["admin"]
    with admin.case_tx() as conn:
        ids = _ids(conn)
        conn.execute(
            insert(schema.clients).values(
                id=PARTY_B,
                reference="SL-ZQX4823",
                first_name="Zqxbee",
                last_name="Zqxsecond",
                phone="07700 900483",
                created_at=OPENED,
            )
        )
        starts = {
            "m2": OPENED + timedelta(days=15, hours=3),
            "m3": OPENED + timedelta(days=16, hours=6),
        }
        appointments = {"m1": clinic.appointments["m1"]}
        for name, moment in starts.items():
            appointments[name] = _appointment(
                conn,
                MEDIATION_CASE_ID,
                PARTY_A,
                clinic.counsellors["alloc"],
                ids["venue"],
                ids["room"],
                moment,
                "attended",
            )
    starts["m1"] = clinic.starts["m1"]
    service = ClinicalService(alloc)
    a = service.add_party(MEDIATION_CASE_ID, PARTY_A, "Party A")
    b = service.add_party(MEDIATION_CASE_ID, PARTY_B, "Party B")
    service.set_session_parties(appointments["m1"], [a, b])
    service.set_session_parties(appointments["m2"], [a])
    service.set_session_parties(appointments["m3"], [b])
    writes = {
        "m1": [(None, "Zqxjointnote"), (a, "Zqxanote-joint"), (b, "Zqxbnote-joint")],
        "m2": [(None, "Zqxgeneral-m2"), (a, "Zqxanote-separate")],
        "m3": [(None, "Zqxgeneral-m3"), (b, "Zqxbnote-separate")],
    }
    for name, notes in writes.items():
        clinic.clock.set(starts[name] + timedelta(hours=2))
        for party, text in notes:
            service.write_note(appointments[name], text, party_id=party)
    clinic.clock.set(starts["m3"] + timedelta(days=5))
    service.amend_note(appointments["m3"], "Zqxbamend", party_id=b)
    return {"starts": starts}


def when(moment) -> str:
    return moment.astimezone(LONDON).strftime("%d/%m/%Y %H:%M")


def test_a_party_gets_their_own_notes_and_none_of_the_other_partys(
    clinic: Clinic, sessions: dict[str, Session]
) -> None:
    starts = mediation(clinic, sessions)["starts"]
    pdf = produce(sessions["admin"], PARTY_A)
    text = flat(pdf_text(pdf))
    for mine in (
        "Zqxjointnote",
        "Zqxanote-joint",
        "Zqxanote-separate",
        "Zqxgeneral-m2",
        "Mediation",
        "Joint session",
        "Separate session",
        when(starts["m1"]),
        when(starts["m2"]),
    ):
        assert mine in text, mine
    for theirs in (
        "Zqxbnote",
        "Zqxgeneral-m3",
        "Zqxbamend",
        "Zqxbee",
        "Zqxsecond",
        "SL-ZQX4823",
        "07700 900483",
        "Party B",
        when(starts["m3"]),
    ):
        assert theirs not in text, theirs
    assert "third part" in text.lower()  # the cover says what was withheld and why
    assert raw_codes(pdf) == set()


def test_a_party_who_is_not_the_cases_client_gets_their_part_of_it(
    clinic: Clinic, sessions: dict[str, Session]
) -> None:
    starts = mediation(clinic, sessions)["starts"]
    pdf = produce(sessions["lead"], PARTY_B)
    text = flat(pdf_text(pdf))
    for mine in (
        "Zqxbee Zqxsecond",
        "SL-ZQX4823",
        "Mediation",
        "Party B",
        "Zqxbnote-joint",
        "Zqxbnote-separate",
        "Zqxbamend",
        "Zqxgeneral-m3",
        when(starts["m1"]),
        when(starts["m3"]),
        "Joint session",
        "Separate session",
        "Alloc Counsellor",
    ):
        assert mine in text, mine
    for theirs in (
        "Zqxanote",
        "Zqxjointnote",
        "Zqxgeneral-m2",
        "Zqxparty",
        "Zqxtwo",
        "SL-ZQX4822",
        "Party A",
        "Manager referral",
        when(starts["m2"]),
    ):
        assert theirs not in text, theirs
    assert "third part" in text.lower()
    assert raw_codes(pdf) == set()


# -- the document ---------------------------------------------------------------------------------


def test_cover_page_numbers_and_headings_kept_with_their_content(
    clinic: Clinic, sessions: dict[str, Session]
) -> None:
    every_code_record(clinic, sessions)
    service = SubjectAccessService(sessions["admin"])
    record = service.record(CLIENT_ID)
    from supportline.documents.subject_access import subject_access_pdf

    checked = 0
    # Trimming the contacts moves every later heading up the pages, through many page ends.
    for keep in range(len(record.contacts), -1, -1):
        pdf = subject_access_pdf(dataclasses.replace(record, contacts=record.contacts[:keep]))
        pages = runs(pdf)
        total = len(pages)
        assert total >= 3
        body = max(size for page in pages for _text, size in page if size < 11)
        for number, page in enumerate(pages, start=1):
            footer = [text for text, _size in page if text.startswith("Page ")]
            assert footer == [f"Page {number} of {total}"], (keep, number, footer)
            content = [
                (text, size)
                for text, size in page
                if not text.startswith("Page ") and "PRIVATE AND CONFIDENTIAL" not in text
            ]
            # The last thing on a page is never a heading (one bigger than the body text).
            assert content and content[-1][1] <= body, (keep, number, content[-3:])
            checked += 1
    assert checked > 20
    cover = flat(" ".join(text for text, _size in runs(subject_access_pdf(record))[0]))
    for words in (
        "Subject access",
        "Zqxfirst Zqxlast",
        CLIENT["reference"],
        "17/05/1980",
        "Produced",
        "Administrator",
        "Ada Admin",
        "Contents",
        "Not included",
    ):
        assert words in cover, words
    produced = clinic.clock.now.astimezone(LONDON).strftime("%d/%m/%Y")
    assert produced in cover


# -- permissions, audit, reference ----------------------------------------------------------------


@pytest.mark.parametrize("reader", ["admin", "lead"])
def test_every_production_is_audited_by_client_id_only(
    clinic: Clinic, sessions: dict[str, Session], reader: str
) -> None:
    session = sessions[reader]
    produce(session, CLIENT_ID)
    produce(session, CLIENT_ID)
    a = schema.case_audit.c
    with session.case.connect() as conn:
        entries = conn.execute(
            select(schema.case_audit).where(a.action == "subject_access.produced")
        ).all()
    assert len(entries) == 2
    for entry in entries:
        assert (entry.actor, entry.record_type, entry.record_id) == (
            reader,
            "client",
            str(CLIENT_ID),
        )
        row_text = " ".join(str(v) for v in entry).lower()
        for value in ("zqx", CLIENT["reference"].lower(), "teacher", "07700"):
            assert value not in row_text


@pytest.mark.parametrize("name", ["handler", "manager", "alloc", "other"])
def test_only_administrators_and_clinical_leads_may_produce_one(
    clinic: Clinic, sessions: dict[str, Session], name: str
) -> None:
    session = sessions[name]
    service = SubjectAccessService(session)
    with pytest.raises(PermissionDenied) as refused:
        service.printout(CLIENT_ID)
    assert refused.value.operation.startswith("subject_access")
    with pytest.raises(PermissionDenied):
        service.find(CLIENT["reference"])
    admin = sessions["admin"]
    with admin.case.connect() as conn:
        produced = conn.execute(
            select(func.count()).where(schema.case_audit.c.action == "subject_access.produced")
        ).scalar_one()
    assert produced == 0


def test_a_reference_finds_the_client_and_an_unknown_one_is_refused(
    clinic: Clinic, sessions: dict[str, Session]
) -> None:
    every_code_record(clinic, sessions)
    service = SubjectAccessService(sessions["admin"])
    assert service.find(CLIENT["reference"]) == CLIENT_ID
    assert service.find(CLIENT["reference"].lower()) == CLIENT_ID
    assert service.find("SL-ZQX4829") == CLIENT_ID  # a merged record leads to the live one
    for unknown in ("SL-999999", "nonsense", ""):
        with pytest.raises(ClientNotFound):
            service.find(unknown)
    with pytest.raises(ClientNotFound):
        service.printout(987_654)


def test_every_code_has_a_document_label() -> None:
    vocabularies = {
        "gender": clients_module.GENDERS,
        "safe_phone": clients_module.SAFE_PHONES,
        "venue_preference": clients_module.VENUE_PREFERENCES,
        "risk_level": clients_module.RISK_LEVELS,
        "direction": intake_module.DIRECTIONS,
        "channel": intake_module.CHANNELS,
        "purpose": intake_module.PURPOSES,
        "contact_outcome": intake_module.OUTCOMES,
        "eligibility": tuple(s.value for s in Status),
        "service": cases_module.SERVICES,
        "route": cases_module.ROUTES,
        "urgency": cases_module.URGENCIES,
        "case_status": cases_module.STATUSES,
        "appointment_status": APPOINTMENT_STATUSES,
        "appointment_event": ("booked", "moved", *APPOINTMENT_STATUSES[1:]),
        "ending": clinical_module.ENDINGS,
        "plan": clinical_module.PLAN_KINDS,
        "outcome": tuple(o.value for o in Outcome),
        "risk_question": RISK_QUESTIONS,
    }
    for vocabulary, codes in vocabularies.items():
        missing = set(codes) - set(labels.VOCABULARIES[vocabulary])
        assert not missing, (vocabulary, missing)
    # A code from a newer version still prints as words.
    assert labels.label("appointment_status", "cancelled_by_weather") == "Cancelled by weather"
    assert labels.number(13.0) == "13" and labels.number(12.5) == "12.5"


# -- the command line -----------------------------------------------------------------------------


def test_the_command_writes_the_printout_atomically(
    clinic: Clinic,
    sessions: dict[str, Session],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    ClinicalService(sessions["alloc"]).save_assessment(CASE_ID, assessment_input())
    for session in list(sessions.values()):
        session.close()
    monkeypatch.setenv(cli.PASSWORD_ENV, PASSWORDS["admin"])
    out = tmp_path / "out" / "printout.pdf"
    out.parent.mkdir()
    user = ["--data-dir", str(clinic.path), "--user", "admin"]
    code = cli.main(["subject-access", CLIENT["reference"], *user, "--out", str(out)])
    stdout, stderr = capsys.readouterr()
    assert code == 0, stderr
    assert str(out) in stdout and "Zqx" not in stdout
    assert sorted(p.name for p in out.parent.iterdir()) == ["printout.pdf"]
    text = flat(pdf_text(out.read_bytes()))
    assert "Zqxfirst Zqxlast" in text and "Zqxnarrative" in text

    for argv, env, says in (
        (
            ["subject-access", "SL-999999", *user, "--out", str(tmp_path / "x.pdf")],
            "admin",
            "no client",
        ),
        (
            [
                "subject-access",
                CLIENT["reference"],
                "--data-dir",
                str(clinic.path),
                "--user",
                "handler",
                "--out",
                str(tmp_path / "x.pdf"),
            ],
            "handler",
            "not allowed",
        ),
    ):
        monkeypatch.setenv(cli.PASSWORD_ENV, PASSWORDS[env])
        code = cli.main(argv)
        stdout, stderr = capsys.readouterr()
        lines = stderr.strip().splitlines()
        assert code == 1 and len(lines) == 1 and lines[0].startswith("supportline: "), stderr
        assert says in lines[0] and "Traceback" not in stderr
        assert not (tmp_path / "x.pdf").exists()
    assert sorted(p.name for p in out.parent.iterdir()) == ["printout.pdf"]
