"""The counsellor's workspace (issue 5): caseload, assessment, measures, session-note locking and
amendments on a fake clock, closure into the statistics outbox, mediation parties.

:func:`build_clinic` makes a small store with known rows (odd ids, marker names) that the
security and document tests share: an administrator, a call handler, the allocated counsellor
(``alloc``, not a clinical lead), another counsellor (``other``, not allocated, not a lead) and a
clinical lead (``lead``).
"""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, insert, select, text

from supportline import crypto, outbox
from supportline.db import schema
from supportline.errors import PermissionDenied
from supportline.measures import MeasureError
from supportline.roles import KeyName, Role
from supportline.services.clinical import (
    AssessmentInput,
    ClinicalError,
    ClinicalService,
    InvalidClinical,
    RiskAssessment,
)
from supportline.services.users import UserService
from supportline.session import Session, init_store, unlock
from supportline.statistics import freshness

ADMIN_PASSWORD = "admin password 1"
PASSWORDS = {
    "admin": ADMIN_PASSWORD,
    "handler": "handler password 1",
    "alloc": "alloc password 1",
    "other": "other password 1",
    "lead": "lead password 1",
    "manager": "manager password 1",
}
OPENED = datetime(2026, 2, 2, 9, 0, tzinfo=UTC)  # a Monday in February (GMT = UTC)
CLIENT_ID = 48213
CASE_ID = 73519
MEDIATION_CASE_ID = 73611
CLIENT = {
    "reference": "SL-ZQX4821",
    "first_name": "Zqxfirst",
    "last_name": "Zqxlast",
    "date_of_birth": date(1980, 5, 17),
    "gender": "female",
    "phone": "07700 900481",
    "email": "zqx.person@example.org",
    "address": "12 Zqx Demo Street, West Malling",
    "home_postcode": "ME19 4QZ",
    "work_postcode": "ME14 1XQ",
    "job_role": "Teacher",
}


class FakeClock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def set(self, moment: datetime) -> None:
        self.now = moment


@dataclass
class Clinic:
    path: Path
    clock: FakeClock
    counsellors: dict[str, int]  # username -> counsellors.id
    appointments: dict[str, int]  # name -> appointments.id
    starts: dict[str, datetime]

    def unlock(self, username: str) -> Session:
        return unlock(self.path, username, PASSWORDS[username], clock=self.clock)


def _appointment(
    conn,
    case_id: int,
    client_id: int,
    counsellor: int,
    venue: int,
    room: int,
    starts: datetime,
    status: str,
    kind: str = "session",
    number: int = 1,
) -> int:
    # Odd, unmistakable ids, so that a leaked id would be found by a scan.
    next_id = (
        90_000
        + conn.execute(select(func.count()).select_from(schema.appointments)).scalar_one() * 7
        + 3
    )
    return int(
        conn.execute(
            insert(schema.appointments).values(
                id=next_id,
                case_id=case_id,
                client_id=client_id,
                counsellor_id=counsellor,
                venue_id=venue,
                room_id=room,
                starts_at=starts,
                ends_at=starts + timedelta(minutes=50),
                kind=kind,
                status=status,
                session_no=number,
            )
        ).inserted_primary_key[0]
    )


def build_clinic(root: Path) -> Clinic:
    """The store, with the clock on the day of the third session, two hours after it started."""
    clock = FakeClock(OPENED)
    path = root / "data"
    init_store(path, "admin", ADMIN_PASSWORD, display_name="Ada Admin", clock=clock)
    admin = unlock(path, "admin", ADMIN_PASSWORD, clock=clock)
    try:
        users = UserService(admin)
        users.add_user(
            "handler",
            "Hal Handler",
            [Role.CALL_HANDLER],
            PASSWORDS["handler"],
            must_change_password=False,
        )
        for name in ("alloc", "other"):
            users.add_user(
                name, name.title(), [Role.COUNSELLOR], PASSWORDS[name], must_change_password=False
            )
        users.add_user(
            "manager",
            "Max Manager",
            [Role.SERVICE_MANAGER],
            PASSWORDS["manager"],
            must_change_password=False,
        )
        users.add_user(
            "lead",
            "Lea Lead",
            [Role.COUNSELLOR],
            PASSWORDS["lead"],
            is_clinical_lead=True,
            must_change_password=False,
        )
        starts = {
            "assessment": OPENED + timedelta(days=7, hours=1),
            "s2": OPENED + timedelta(days=14, hours=1),
            "s3": OPENED + timedelta(days=21, hours=1),
            "future1": OPENED + timedelta(days=35, hours=1),
            "future2": OPENED + timedelta(days=42, hours=1),
            "m1": OPENED + timedelta(days=8, hours=3),
        }
        with admin.case_tx() as conn:
            ids = dict(conn.execute(select(schema.users.c.username, schema.users.c.id)).all())
            counsellors = {}
            for name in ("alloc", "other", "lead"):
                counsellors[name] = int(
                    conn.execute(
                        insert(schema.counsellors).values(
                            user_id=ids[name],
                            display_name=f"{name.title()} Counsellor",
                            gender="female",
                            services="counselling,mediation",
                        )
                    ).inserted_primary_key[0]
                )
            venue = conn.execute(
                insert(schema.venues).values(
                    code="VZQX",
                    name="Zqx Venue",
                    address="1 High Street",
                    town="West Malling",
                    postcode="ME19 6QH",
                    district="Tonbridge and Malling",
                    lat=51.29,
                    lon=0.41,
                )
            ).inserted_primary_key[0]
            room = conn.execute(
                insert(schema.rooms).values(venue_id=venue, name="Room 1")
            ).inserted_primary_key[0]
            conn.execute(insert(schema.clients).values(id=CLIENT_ID, created_at=OPENED, **CLIENT))
            conn.execute(
                insert(schema.cases).values(
                    id=CASE_ID,
                    client_id=CLIENT_ID,
                    service="counselling",
                    referral_route="self",
                    presenting_issues="W01,W02",
                    status="active",
                    counsellor_id=counsellors["alloc"],
                    opened_at=OPENED,
                )
            )
            alloc = counsellors["alloc"]
            appointments = {}
            for number, (name, status) in enumerate(
                (
                    ("assessment", "attended"),
                    ("s2", "attended"),
                    ("s3", "attended"),
                    ("future1", "booked"),
                    ("future2", "booked"),
                ),
                start=1,
            ):
                appointments[name] = _appointment(
                    conn,
                    CASE_ID,
                    CLIENT_ID,
                    alloc,
                    venue,
                    room,
                    starts[name],
                    status,
                    "assessment" if number == 1 else "session",
                    number,
                )
            # A mediation case for a second client, with the same counsellor.
            conn.execute(
                insert(schema.clients).values(
                    id=CLIENT_ID + 1,
                    reference="SL-ZQX4822",
                    first_name="Zqxparty",
                    last_name="Zqxtwo",
                    created_at=OPENED,
                )
            )
            conn.execute(
                insert(schema.cases).values(
                    id=MEDIATION_CASE_ID,
                    client_id=CLIENT_ID + 1,
                    service="mediation",
                    referral_route="manager",
                    status="active",
                    counsellor_id=alloc,
                    opened_at=OPENED,
                )
            )
            appointments["m1"] = _appointment(
                conn,
                MEDIATION_CASE_ID,
                CLIENT_ID + 1,
                alloc,
                venue,
                room,
                starts["m1"],
                "attended",
            )
    finally:
        admin.close()
    clock.set(starts["s3"] + timedelta(hours=2))
    return Clinic(path, clock, counsellors, appointments, starts)


def assessment_input(**changes: object) -> AssessmentInput:
    values: dict[str, object] = {
        "presenting_issues": ("W01", "W02"),
        "narrative": "Zqxnarrative: workload since the restructure.",
        "risk": RiskAssessment(level="low"),
        "consent_recorded": True,
        "confidentiality_agreed": True,
        "goals": "Zqxgoal: sleep better",
        "plan": "counselling",
        "plan_sessions": 6,
    }
    values.update(changes)
    return AssessmentInput(**values)  # type: ignore[arg-type]


PHQ_FIRST = {1: 3, 2: 3, 3: 2, 4: 2, 5: 2, 6: 2, 7: 1, 8: 1, 9: 0}  # 16, moderately severe
GAD_FIRST = {1: 2, 2: 2, 3: 2, 4: 2, 5: 2, 6: 1, 7: 1}  # 12, moderate
PHQ_LAST = {1: 1, 2: 1, 3: 1, 4: 1, 5: 1, 6: 1, 7: 1, 8: 0, 9: 0}  # 7, mild
GAD_LAST = {1: 1, 2: 1, 3: 1, 4: 1, 5: 1, 6: 0, 7: 0}  # 5, mild


def record_course(clinic: Clinic, session: Session) -> None:
    """First measures at the assessment, last at session 3 (clock moved to each)."""
    service = ClinicalService(session)
    now = clinic.clock.now
    clinic.clock.set(clinic.starts["assessment"] + timedelta(minutes=40))
    service.record_measure(CASE_ID, "PHQ-9", PHQ_FIRST, clinic.appointments["assessment"])
    service.record_measure(CASE_ID, "GAD-7", GAD_FIRST, clinic.appointments["assessment"])
    clinic.clock.set(clinic.starts["s3"] + timedelta(minutes=40))
    service.record_measure(CASE_ID, "PHQ-9", PHQ_LAST, clinic.appointments["s3"])
    service.record_measure(CASE_ID, "GAD-7", GAD_LAST, clinic.appointments["s3"])
    clinic.clock.set(now)


def copy_clinic(template: Clinic, root: Path) -> Clinic:
    """A private copy of a built store (building one per test would take most of the run)."""
    path = root / "data"
    shutil.copytree(template.path, path)
    return Clinic(
        path,
        FakeClock(template.starts["s3"] + timedelta(hours=2)),
        dict(template.counsellors),
        dict(template.appointments),
        dict(template.starts),
    )


@pytest.fixture(scope="module")
def clinic_template(tmp_path_factory: pytest.TempPathFactory) -> Clinic:
    return build_clinic(tmp_path_factory.mktemp("clinic"))


@pytest.fixture
def clinic(clinic_template: Clinic, tmp_path: Path) -> Clinic:
    return copy_clinic(clinic_template, tmp_path)


@pytest.fixture
def alloc(clinic: Clinic):
    session = clinic.unlock("alloc")
    yield session
    session.close()


# -- caseload and assessment ----------------------------------------------------------------------


def test_caseload_is_the_allocated_counsellors_own(clinic: Clinic, alloc: Session) -> None:
    items = {i.case_id: i for i in ClinicalService(alloc).caseload()}
    assert set(items) == {CASE_ID, MEDIATION_CASE_ID}
    item = items[CASE_ID]
    assert (item.client_id, item.reference, item.client_name) == (
        CLIENT_ID,
        "SL-ZQX4821",
        "Zqxfirst Zqxlast",
    )
    assert (item.attended, item.booked, item.next_session) == (3, 2, clinic.starts["future1"])
    for name in ("other", "lead"):
        session = clinic.unlock(name)
        try:
            assert ClinicalService(session).caseload() == []
        finally:
            session.close()
    handler = clinic.unlock("handler")
    try:
        with pytest.raises(PermissionDenied):
            ClinicalService(handler).caseload()
    finally:
        handler.close()


def test_assessment_round_trip_and_risk_raises_the_client_level(
    clinic: Clinic, alloc: Session
) -> None:
    service = ClinicalService(alloc)
    assert service.assessment(CASE_ID) is None
    service.save_assessment(CASE_ID, assessment_input(risk=RiskAssessment(level="medium")))
    got = service.assessment(CASE_ID)
    assert got is not None and got.narrative.startswith("Zqxnarrative")
    assert got.risk.level == "medium" and got.plan_sessions == 6
    # Saving again replaces the one assessment; a lower risk never lowers the client's level.
    service.save_assessment(CASE_ID, assessment_input(narrative="Second", risk=RiskAssessment()))
    with alloc.case.connect() as conn:
        count = conn.execute(select(func.count()).select_from(schema.assessments)).scalar_one()
        level = conn.execute(
            select(schema.clients.c.risk_level).where(schema.clients.c.id == CLIENT_ID)
        ).scalar_one()
    assert count == 1 and level == "medium"
    assert service.assessment(CASE_ID).narrative == "Second"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"risk": RiskAssessment(level="high")}, "action_taken"),
        ({"risk": RiskAssessment(level="extreme")}, "risk_level"),
        ({"presenting_issues": ()}, "presenting_issues"),
        ({"presenting_issues": ("NOPE",)}, "presenting_issues"),
        ({"consent_recorded": False}, "consent_recorded"),
        ({"confidentiality_agreed": False}, "confidentiality_agreed"),
        ({"plan": "hypnosis"}, "plan"),
        ({"plan_sessions": 21}, "plan_sessions"),
        ({"plan_sessions": None}, "plan_sessions"),
        ({"plan": "referral", "referral_to": " "}, "referral_to"),
    ],
)
def test_assessment_validation(alloc: Session, changes: dict, field: str) -> None:
    with pytest.raises(InvalidClinical) as info:
        ClinicalService(alloc).save_assessment(CASE_ID, assessment_input(**changes))
    assert field in {p.field for p in info.value.problems}
    with alloc.case.connect() as conn:
        assert conn.execute(select(func.count()).select_from(schema.assessments)).scalar_one() == 0


# -- measures -------------------------------------------------------------------------------------


def test_measures_are_scored_kept_and_charted(clinic: Clinic, alloc: Session) -> None:
    record_course(clinic, alloc)
    history = ClinicalService(alloc).measure_history(CASE_ID)
    assert [(p.total, p.band) for p in history["PHQ-9"]] == [(16, "Moderately severe"), (7, "Mild")]
    assert [(p.total, p.band) for p in history["GAD-7"]] == [(12, "Moderate"), (5, "Mild")]
    assert [p.appointment_id for p in history["PHQ-9"]] == [
        clinic.appointments["assessment"],
        clinic.appointments["s3"],
    ]


def test_bad_measures_store_nothing_and_risk_is_reported(alloc: Session) -> None:
    service = ClinicalService(alloc)
    with pytest.raises(ClinicalError) as info:
        service.record_measure(CASE_ID, "CORE-10", {1: 1})
    assert info.value.reason == "unknown_measure"
    with pytest.raises(MeasureError):
        service.record_measure(CASE_ID, "PHQ-9", {**PHQ_LAST, 9: 4})
    with alloc.case.connect() as conn:
        stored = conn.execute(select(func.count()).select_from(schema.measure_responses))
        assert stored.scalar_one() == 0
    assert service.record_measure(CASE_ID, "PHQ-9", {**PHQ_LAST, 9: 1}).risk_items == (9,)


# -- session notes: locking and amendments --------------------------------------------------------


def _note_row(session: Session, note_id: int) -> tuple[bytes, datetime, str]:
    n = schema.session_notes.c
    with session.case.connect() as conn:
        row = conn.execute(select(n.body, n.written_at, n.kind).where(n.id == note_id)).one()
    return bytes(row.body), row.written_at, row.kind


def test_note_is_editable_until_24_hours_after_the_session_start(
    clinic: Clinic, alloc: Session
) -> None:
    service = ClinicalService(alloc)
    appointment, start = clinic.appointments["s3"], clinic.starts["s3"]
    clinic.clock.set(start + timedelta(hours=1))
    note_id = service.write_note(appointment, "First draft.")
    clinic.clock.set(start + timedelta(hours=23, minutes=59, seconds=59))
    assert not service.note_locked(start)
    assert service.write_note(appointment, "Edited draft.") == note_id  # same note, edited
    assert [n.text for n in service.notes(appointment)] == ["Edited draft."]
    assert not service.notes(appointment)[0].locked
    clinic.clock.set(start + timedelta(hours=24))
    assert service.note_locked(start)
    before = _note_row(alloc, note_id)
    with pytest.raises(ClinicalError) as info:
        service.write_note(appointment, "Rewritten after the event.")
    assert info.value.reason == "note_locked"
    # Even a first note cannot be written once the session is locked.
    with pytest.raises(ClinicalError):
        service.write_note(clinic.appointments["s2"], "Late note.")
    assert _note_row(alloc, note_id) == before
    assert [(n.text, n.locked) for n in service.notes(appointment)] == [("Edited draft.", True)]


def test_amendments_are_appended_and_never_change_the_original(
    clinic: Clinic, alloc: Session
) -> None:
    service = ClinicalService(alloc)
    appointment, start = clinic.appointments["s3"], clinic.starts["s3"]
    clinic.clock.set(start + timedelta(hours=1))
    note_id = service.write_note(appointment, "Original note.")
    original = _note_row(alloc, note_id)
    amended_at = [start + timedelta(days=2), start + timedelta(days=5, hours=3)]
    ids = []
    for moment, correction in zip(amended_at, ("Correction one.", "Correction two."), strict=True):
        clinic.clock.set(moment)
        ids.append(service.amend_note(appointment, correction))
    assert _note_row(alloc, note_id) == original  # same ciphertext bytes, same date, same kind
    assert [_note_row(alloc, i)[1:] for i in ids] == [(m, "amendment") for m in amended_at]
    views = service.notes(appointment)
    assert [(v.kind, v.text, v.written_at, v.author) for v in views] == [
        ("note", "Original note.", start + timedelta(hours=1), "alloc"),
        ("amendment", "Correction one.", amended_at[0], "alloc"),
        ("amendment", "Correction two.", amended_at[1], "alloc"),
    ]
    assert all(v.locked for v in views)
    with pytest.raises(InvalidClinical):
        service.amend_note(appointment, "   ")


# -- closure --------------------------------------------------------------------------------------

PAYLOAD_KEYS = {
    "service",
    "referral_route",
    "age_band",
    "gender",
    "role_family",
    "org_group",
    "district",
    "issue_categories",
    "waiting_band",
    "sessions_attended",
    "sessions_dna",
    "sessions_cancelled",
    "ending",
    "outcome",
    "caseness_start",
    "bands",
}


def _outbox_count(session: Session) -> int:
    with session.case.connect() as conn:
        return conn.execute(select(func.count()).select_from(schema.outbox)).scalar_one()


def test_closure_seals_exactly_one_anonymous_record(clinic: Clinic, alloc: Session) -> None:
    record_course(clinic, alloc)
    service = ClinicalService(alloc)
    before = _outbox_count(alloc)
    clinic.clock.set(datetime(2026, 3, 2, 12, 0, tzinfo=UTC))
    result = service.close_case(CASE_ID, "planned", "Zqxsummary: goals met.")
    assert _outbox_count(alloc) == before + 1
    # By hand: PHQ-9 16 -> 7 (fall 9 >= 6), GAD-7 12 -> 5 (fall 7 >= 4); a case at the start
    # (16 >= 10), neither at the end (7 < 10, 5 < 8): reliable recovery. Three attended.
    assert result.outcome == "reliable_recovery"
    assert result.attended == 3
    assert result.first == {"PHQ-9": 16, "GAD-7": 12}
    assert result.last == {"PHQ-9": 7, "GAD-7": 5}

    with alloc.case.connect() as conn:
        case = conn.execute(select(schema.cases).where(schema.cases.c.id == CASE_ID)).one()
        statuses = dict(
            conn.execute(
                select(schema.appointments.c.id, schema.appointments.c.status).where(
                    schema.appointments.c.case_id == CASE_ID
                )
            ).all()
        )
    assert case.status == "closed" and case.closed_at == clinic.clock.now
    a = clinic.appointments
    assert statuses == {
        a["assessment"]: "attended",
        a["s2"]: "attended",
        a["s3"]: "attended",
        a["future1"]: "cancelled_service",
        a["future2"]: "cancelled_service",
    }

    admin = clinic.unlock("admin")
    try:
        # The statistics side's view of the sealed record, opened with its own private key.
        with admin.case.connect() as conn:
            (sealed,) = conn.execute(select(schema.outbox.c.sealed)).scalars().all()
        body = json.loads(
            crypto.open_sealed_to(admin.key(KeyName.STATS_PRIVATE), sealed, outbox.OUTBOX_AAD)
        )
        drained = outbox.drain(admin)
        with admin.stats.connect() as conn:
            c = schema.stat_counts.c
            activity = conn.execute(select(c.table_code, c.quarter, c.row, c.column, c.n)).all()
            stats_rows = {
                name: [tuple(r) for r in conn.execute(text(f'SELECT * FROM "{name}"'))]
                for name in conn.execute(
                    text("SELECT name FROM sqlite_master WHERE type = 'table'")
                ).scalars()
            }
    finally:
        admin.close()
    assert (drained.taken, drained.rejected) == (1, 0)
    assert _outbox_count(alloc) == 0
    assert set(body) == {"kind", "quarter", "payload", "pad"}
    assert (body["kind"], body["quarter"]) == ("activity", "2026Q1")
    payload = body["payload"]
    assert set(payload) == PAYLOAD_KEYS
    assert payload["outcome"] == "reliable_recovery"
    assert payload["bands"] == {
        "first_PHQ-9": "Moderately severe",
        "first_GAD-7": "Moderate",
        "last_PHQ-9": "Mild",
        "last_GAD-7": "Mild",
    }
    # Born 17/05/1980, closed 02/03/2026: aged 45. First seen 7 days after opening.
    assert payload["age_band"] == "45-54" and payload["gender"] == "female"
    assert payload["waiting_band"] == "<2w" and payload["sessions_attended"] == "2-3"
    # Sessions the closure itself cancels are not counted as cancellations.
    assert payload["sessions_cancelled"] == "0" and payload["sessions_dna"] == "0"
    assert payload["district"] == "Tonbridge and Malling"
    assert payload["ending"] == "planned" and payload["service"] == "counselling"
    assert payload["issue_categories"] == ["work"]
    # Counted in each activity table, and nothing else of it kept.
    assert sorted(tuple(cell) for cell in activity) == [
        ("endings", "2026Q1", "planned", "counselling", 1),
        ("outcomes", "2026Q1", "reliable_recovery", "Total", 1),
        ("outcomes_at_caseness", "2026Q1", "reliable_recovery", "Total", 1),
        ("waiting_time", "2026Q1", "<2w", "counselling", 1),
    ]
    # The attacker's view: nothing identifying in the sealed record or anywhere in stats.db.
    sealed_text = json.dumps(payload)
    stored_text = repr(stats_rows)
    for needle in (
        str(CLIENT_ID),
        str(CASE_ID),
        *map(str, clinic.appointments.values()),
        "sl-zqx",
        "zqx",
        "me19",
        "me14",
        "4qz",
        "1xq",
        "07700",
        "example.org",
        "1980",
        "17/05",
        "05-17",
        "alloc",
    ):
        assert needle not in sealed_text.lower(), needle
        assert needle not in stored_text.lower(), needle
    date_like = re.compile(r"\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{2,4}|\d\d:\d\d")
    assert not date_like.search(sealed_text)
    assert not re.search(r"\d{3,}", sealed_text)  # no ids, years or exact counts
    # The drain's own audit entry carries its time, and its bookkeeping for the service manager
    # (statistics.freshness) the day it ran: the drain's, not the case's, and no more than the
    # audit entry already says. Nothing else holds a date.
    drain_days = {freshness.DRAINED_ON, freshness.CHECKED_ON}
    for name, rows in stats_rows.items():
        if name == "stat_settings":
            assert all(
                re.fullmatch(r'"\d{4}-\d{2}-\d{2}"', value)
                for key, value in rows
                if key in drain_days
            ), rows
            rows = [row for row in rows if row[0] not in drain_days]
        if name != "audit":
            assert not date_like.search(repr(rows)), name


def test_closure_is_checked_and_happens_once(clinic: Clinic, alloc: Session) -> None:
    service = ClinicalService(alloc)
    with pytest.raises(InvalidClinical):
        service.close_case(CASE_ID, "vanished", "Summary")
    with pytest.raises(InvalidClinical):
        service.close_case(CASE_ID, "planned", "  ")
    assert _outbox_count(alloc) == 0
    result = service.close_case(CASE_ID, "ended_early", "Stopped coming.")
    assert result.outcome == "not_measured"  # three sessions, no measures
    with pytest.raises(ClinicalError) as info:
        service.close_case(CASE_ID, "planned", "Again")
    assert info.value.reason == "already_closed"
    assert _outbox_count(alloc) == 1


def test_closure_with_one_attended_session_is_not_a_finished_course(
    clinic: Clinic, alloc: Session
) -> None:
    record_course(clinic, alloc)
    with alloc.case.begin() as conn:
        conn.execute(
            schema.appointments.update()
            .where(
                schema.appointments.c.id.in_([clinic.appointments["s2"], clinic.appointments["s3"]])
            )
            .values(status="dna")
        )
    result = ClinicalService(alloc).close_case(CASE_ID, "lost_contact", "No contact.")
    assert (result.outcome, result.attended) == ("not_finished_course", 1)


def test_only_the_allocated_counsellor_or_a_lead_closes(clinic: Clinic) -> None:
    for name in ("other", "handler"):
        session = clinic.unlock(name)
        try:
            with pytest.raises(PermissionDenied):
                ClinicalService(session).close_case(CASE_ID, "planned", "Not mine.")
            assert _outbox_count(session) == 0
        finally:
            session.close()
    lead = clinic.unlock("lead")
    try:
        assert ClinicalService(lead).close_case(CASE_ID, "planned", "By the lead.").case_id
        assert _outbox_count(lead) == 1
    finally:
        lead.close()


# -- mediation ------------------------------------------------------------------------------------


def test_mediation_parties_and_joint_or_separate_sessions(clinic: Clinic, alloc: Session) -> None:
    service = ClinicalService(alloc)
    first = service.add_party(MEDIATION_CASE_ID, CLIENT_ID + 1, "Party A")
    second = service.add_party(MEDIATION_CASE_ID, CLIENT_ID, "Party B")
    assert service.parties(MEDIATION_CASE_ID) == [
        (first, CLIENT_ID + 1, "Party A"),
        (second, CLIENT_ID, "Party B"),
    ]
    with pytest.raises(ClinicalError) as info:
        service.add_party(CASE_ID, CLIENT_ID + 1)
    assert info.value.reason == "not_mediation"
    appointment = clinic.appointments["m1"]

    def parties_of() -> set[int]:
        ap = schema.appointment_parties.c
        with alloc.case.connect() as conn:
            return set(
                conn.execute(select(ap.party_id).where(ap.appointment_id == appointment)).scalars()
            )

    service.set_session_parties(appointment, [first, second])  # joint
    assert parties_of() == {first, second}
    service.set_session_parties(appointment, [second])  # separate: replaces, not adds
    assert parties_of() == {second}
    with pytest.raises(InvalidClinical):
        service.set_session_parties(appointment, [])
    with pytest.raises(InvalidClinical):
        service.set_session_parties(appointment, [second, second + 1000])
    # A session of the counselling case has no parties to take.
    with pytest.raises(ClinicalError) as refused:
        service.set_session_parties(clinic.appointments["s3"], [first])
    assert refused.value.reason == "not_mediation"
    assert service.session_parties(appointment) == [second]
    with pytest.raises(ClinicalError) as twice:
        service.add_party(MEDIATION_CASE_ID, CLIENT_ID, "Party B again")
    assert twice.value.reason == "party_exists"
    assert parties_of() == {second}
    # Each party's own note in a separate session, kept apart.
    clinic.clock.set(clinic.starts["m1"] + timedelta(hours=2))
    note_a = service.write_note(appointment, "Party A view.", party_id=first)
    note_b = service.write_note(appointment, "Party B view.", party_id=second)
    assert note_a != note_b
    assert {(n.party_id, n.text) for n in service.notes(appointment)} == {
        (first, "Party A view."),
        (second, "Party B view."),
    }


def test_drained_activity_is_counted_at_caseness(clinic: Clinic, alloc: Session) -> None:
    """The closure's caseness at the start (PHQ-9 15, from the case side's scores) reaches
    outcomes_at_caseness; stats.db keeps counts only, never the bands or district themselves."""
    record_course(clinic, alloc)
    ClinicalService(alloc).close_case(CASE_ID, "planned", "Done.")
    admin = clinic.unlock("admin")
    try:
        outbox.drain(admin)
        with admin.stats.connect() as conn:
            c = schema.stat_counts.c
            rows = conn.execute(
                select(c.row, c.n).where(c.table_code == "outcomes_at_caseness")
            ).all()
            stored = repr(conn.execute(select(schema.stat_counts)).all())
    finally:
        admin.close()
    assert [tuple(r) for r in rows] == [("reliable_recovery", 1)]
    assert "Moderately severe" not in stored and "Tonbridge" not in stored


def test_a_second_counsellor_saving_an_older_assessment_is_refused(clinic: Clinic) -> None:
    from supportline.errors import EditConflict

    first, second = clinic.unlock("alloc"), clinic.unlock("alloc")
    try:
        mine, theirs = ClinicalService(first), ClinicalService(second)
        mine.save_assessment(CASE_ID, assessment_input(), seen=None)
        read_by_both = mine.assessment(CASE_ID)
        assert read_by_both is not None and theirs.assessment(CASE_ID) == read_by_both
        mine.save_assessment(CASE_ID, assessment_input(goals="Sleep better"), seen=read_by_both)
        with pytest.raises(EditConflict) as refused:
            theirs.save_assessment(CASE_ID, assessment_input(narrative="Theirs"), seen=read_by_both)
        assert refused.value.changed == ("goals",)
        kept = mine.assessment(CASE_ID)
        assert kept is not None and kept.goals == "Sleep better"
        assert kept.narrative == read_by_both.narrative
        # A form opened before any assessment existed cannot overwrite one saved meanwhile.
        with pytest.raises(EditConflict):
            theirs.save_assessment(CASE_ID, assessment_input(narrative="Theirs"), seen=None)
    finally:
        first.close()
        second.close()
