"""The demo generator: users, reference data, a conflict-free history, all of it fictional."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, text

from supportline import calendar_uk, cli, crypto, outbox, reference
from supportline.case_keys import CaseKeys
from supportline.db import schema
from supportline.demo import (
    COUNSELLOR_FIRST,
    COUNSELLOR_SURNAMES,
    DEFAULT_CLIENTS,
    DEMO_COUNSELLOR_NAME,
    DemoSummary,
    create_demo,
)
from supportline.services.allowance import AllowanceService
from supportline.services.clinical import RISK_LEVELS, ClinicalService
from supportline.services.counsellors import CounsellorService
from supportline.services.diary import DiaryService
from supportline.session import Session, unlock
from supportline.statistics.catalogue import CATALOGUE, StatisticsService
from supportline.statistics.disclosure import TOTAL

PASSWORD = "demo password 1"
TODAY = date(2025, 6, 18)
USERS = ("admin", "handler", "counsellor", "manager")


def _make(path: Path, seed: int = 7) -> DemoSummary:
    return create_demo(path, PASSWORD, seed=seed, clients=60, today=TODAY)


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "data"
    stages: list[tuple[float, str]] = []
    summary = create_demo(
        path,
        PASSWORD,
        seed=7,
        clients=60,
        today=TODAY,
        progress=lambda fraction, stage: stages.append((fraction, stage)),
    )
    assert summary.clients == 60
    assert summary.cases > 30 and summary.appointments > summary.cases
    assert stages[0][0] == 0.0 and stages[-1] == (1.0, "done")
    assert [f for f, _ in stages] == sorted(f for f, _ in stages)
    return path


@pytest.fixture
def admin(demo_dir: Path) -> Session:
    session = unlock(demo_dir, "admin", PASSWORD)
    yield session
    session.close()


def _scalar(session: Session, sql: str) -> object:
    with session.case.connect() as conn:
        return conn.execute(text(sql)).scalar_one()


def test_every_demo_user_can_unlock(demo_dir: Path) -> None:
    for username in USERS:
        session = unlock(demo_dir, username, PASSWORD)
        try:
            assert session.username == username
            assert not session.must_change_password
        finally:
            session.close()


def test_reference_data_loaded(admin: Session) -> None:
    with admin.case.connect() as conn:
        districts = {row[0] for row in conn.execute(select(schema.venues.c.district).distinct())}
        venue_count = conn.execute(select(func.count()).select_from(schema.venues)).scalar_one()
        hours = conn.execute(select(func.count()).select_from(schema.venue_hours)).scalar_one()
        rooms = conn.execute(select(func.count()).select_from(schema.rooms)).scalar_one()
        organisations = conn.execute(
            select(func.count()).select_from(schema.organisations)
        ).scalar_one()
        kcc_services = {
            row.service
            for row in conn.execute(
                select(schema.service_agreements.c.service, schema.service_agreements.c.ends_on)
                .join(schema.organisations)
                .where(schema.organisations.c.org_group == "kcc")
            )
            if row.ends_on is None
        }
    assert venue_count >= 55
    assert districts == set(reference.KENT_DISTRICTS)
    assert hours >= venue_count and rooms >= venue_count
    assert organisations == len(reference.organisations())
    assert kcc_services == {"counselling", "coaching", "mediation"}


def test_counsellors_have_availability_inside_venue_hours(admin: Session) -> None:
    with admin.case.connect() as conn:
        counsellors = conn.execute(select(schema.counsellors)).all()
        outside = conn.execute(
            text(
                "SELECT count(*) FROM counsellor_availability a LEFT JOIN venue_hours h "
                "ON h.venue_id = a.venue_id AND h.weekday = a.weekday "
                "WHERE h.venue_id IS NULL OR a.starts < h.opens OR a.ends > h.closes "
                "OR a.ends <= a.starts"
            )
        ).scalar_one()
        without = conn.execute(
            text(
                "SELECT count(*) FROM counsellors c WHERE NOT EXISTS "
                "(SELECT 1 FROM counsellor_availability a WHERE a.counsellor_id = c.id)"
            )
        ).scalar_one()
        linked = conn.execute(
            text(
                "SELECT count(*) FROM counsellors c JOIN users u ON u.id = c.user_id "
                "WHERE u.username = 'counsellor'"
            )
        ).scalar_one()
    assert len(counsellors) >= 40
    assert outside == 0
    assert without == 0
    assert linked == 1
    assert any(
        "Polish" in c.languages
        or "BSL" in c.languages
        or "Urdu" in c.languages
        or "Punjabi" in c.languages
        or "Nepali" in c.languages
        or "Romanian" in c.languages
        for c in counsellors
    )


def test_history_has_cases_appointments_and_statuses(admin: Session) -> None:
    with admin.case.connect() as conn:
        statuses = {row[0] for row in conn.execute(select(schema.cases.c.status).distinct())}
        history = conn.execute(
            select(func.count()).select_from(schema.case_status_history)
        ).scalar_one()
        kinds = {row[0] for row in conn.execute(select(schema.appointments.c.kind).distinct())}
        enquiries = conn.execute(
            select(func.count())
            .select_from(schema.contacts)
            .where(schema.contacts.c.client_id.is_(None))
        ).scalar_one()
        max_session = conn.execute(select(func.max(schema.appointments.c.session_no))).scalar()
        future_not_booked = conn.execute(
            text("SELECT count(*) FROM appointments WHERE starts_at > :now AND status != 'booked'"),
            {"now": "2025-06-18 12:00:00"},
        ).scalar_one()
    assert {"closed", "active"} <= statuses
    assert history >= len(statuses)
    assert kinds == {"assessment", "session"}
    assert enquiries >= 1
    assert max_session is not None and max_session <= 7
    assert future_not_booked == 0


@pytest.mark.parametrize("resource", ["counsellor_id", "room_id"])
def test_nothing_is_double_booked(admin: Session, resource: str) -> None:
    overlaps = _scalar(
        admin,
        f"SELECT count(*) FROM appointments a JOIN appointments b "
        f"ON a.{resource} = b.{resource} AND a.id < b.id "
        f"AND a.starts_at < b.ends_at AND b.starts_at < a.ends_at",
    )
    total = _scalar(admin, "SELECT count(*) FROM appointments")
    assert total > 0
    assert overlaps == 0


def test_contact_details_are_obviously_fictional(admin: Session) -> None:
    drama = re.compile(r"^(07700 900[0-9]{3}|01632 960[0-9]{3})$")
    with admin.case.connect() as conn:
        rows = conn.execute(
            select(
                schema.clients.c.email,
                schema.clients.c.phone,
                schema.clients.c.phone_alt,
                schema.clients.c.address,
                schema.clients.c.home_postcode,
                schema.clients.c.reference,
            )
        ).all()
    districts = reference.postcode_districts()
    assert rows
    for email, phone, phone_alt, address, postcode, ref in rows:
        assert email is None or email.endswith("@example.org")
        for number in (phone, phone_alt):
            assert number is None or drama.match(number), number
        assert email or phone
        assert re.match(r"^[0-9]+ [A-Za-z ]+, [A-Za-z\- ]+$", address)
        assert postcode.split(" ")[0] in districts
        assert re.match(r"^SL-[0-9]{6}$", ref)


def test_same_seed_gives_same_clients(tmp_path: Path) -> None:
    def clients(path: Path) -> list[tuple[object, ...]]:
        session = unlock(path, "admin", PASSWORD)
        try:
            with session.case.connect() as conn:
                return [
                    tuple(row)
                    for row in conn.execute(
                        select(
                            schema.clients.c.reference,
                            schema.clients.c.first_name,
                            schema.clients.c.last_name,
                            schema.clients.c.date_of_birth,
                            schema.clients.c.email,
                        ).order_by(schema.clients.c.id)
                    )
                ]
        finally:
            session.close()

    _make(tmp_path / "one")
    _make(tmp_path / "two")
    _make(tmp_path / "other", seed=8)
    first, second, other = (
        clients(tmp_path / "one"),
        clients(tmp_path / "two"),
        clients(tmp_path / "other"),
    )
    assert len(first) == 60
    assert first == second
    assert first != other


def test_notes_decrypt_with_their_cases_own_key(demo_dir: Path) -> None:
    """The demo counsellor is a clinical lead: every note opens under its case's own key, and
    under no other case's."""
    session = unlock(demo_dir, "counsellor", PASSWORD)
    try:
        keys = CaseKeys(session)
        a = schema.appointments.c
        with session.case.connect() as conn:
            notes = conn.execute(
                select(schema.session_notes, a.case_id).join(
                    schema.appointments, a.id == schema.session_notes.c.appointment_id
                )
            ).all()
            assert notes
            for note in notes:
                assert b"session" not in note.body.lower()
                assert note.body[0] == crypto.CASE_FIELD_VERSION
                plain = keys.open_text(
                    conn, note.case_id, "session_notes", note.id, "body", note.body
                )
                assert plain.strip()
                # Bound to its own row and case: elsewhere the same blob does not open.
                found = keys.key(conn, note.case_id)
                assert found is not None
                with pytest.raises(crypto.CryptoError):
                    crypto.decrypt_case_field(
                        found[1], note.case_id, "session_notes", note.id + 1, "body", note.body
                    )
                with pytest.raises(crypto.CryptoError):
                    crypto.decrypt_case_field(
                        found[1], note.case_id + 1, "session_notes", note.id, "body", note.body
                    )
    finally:
        session.close()


def test_one_audit_entry_for_the_demo(admin: Session) -> None:
    with admin.case.connect() as conn:
        demo_entries = conn.execute(
            select(schema.case_audit.c.record_type, schema.case_audit.c.record_id).where(
                schema.case_audit.c.action == "demo.created"
            )
        ).all()
    assert [tuple(row) for row in demo_entries] == [("store", "demo")]


def test_no_plaintext_database_file(demo_dir: Path) -> None:
    files = [path for path in demo_dir.rglob("*") if path.is_file()]
    assert any(path.name == "case.db" for path in files)
    for path in files:
        with path.open("rb") as handle:
            assert not handle.read(16).startswith(b"SQLite format 3"), path.name


def test_demo_refuses_an_existing_data_dir(demo_dir: Path) -> None:
    from supportline.errors import DataDirExists

    with pytest.raises(DataDirExists):
        create_demo(demo_dir, PASSWORD, clients=5, today=TODAY)


# -- the demo counsellor, the diaries, the statistics -------------------------------------------

NOW = datetime.combine(TODAY, time(12), calendar_uk.LONDON).astimezone(UTC)  # the demo's "now"
# The fine breakdowns (by district, by organisation) are sparse by nature; these are not.
MAIN_TABLES = tuple(
    code
    for code in CATALOGUE
    if code not in ("referrals_by_district", "usage_by_organisation", "sessions_by_organisation")
)


@pytest.fixture
def counsellor(demo_dir: Path) -> Iterator[Session]:
    session = unlock(demo_dir, "counsellor", PASSWORD, clock=lambda: NOW)
    yield session
    session.close()


@pytest.fixture(scope="module")
def full_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo at its default size, as ``supportline demo`` makes it."""
    path = tmp_path_factory.mktemp("demo_full") / "data"
    summary = create_demo(path, PASSWORD, seed=7, today=TODAY)
    assert summary.clients == DEFAULT_CLIENTS
    return path


def _mine(session: Session) -> Any:
    mine = CounsellorService(session).mine()
    assert mine is not None
    return mine


def test_the_counsellor_account_is_a_named_fictional_counsellor(counsellor: Session) -> None:
    mine = _mine(counsellor)
    assert mine.display_name == DEMO_COUNSELLOR_NAME
    first, last = mine.display_name.split(" ", 1)
    assert first in COUNSELLOR_FIRST and last in COUNSELLOR_SURNAMES
    assert set(mine.services) == {"counselling", "coaching", "mediation"}
    assert mine.is_clinical_lead
    u = schema.users.c
    with counsellor.case.connect() as conn:
        shown = conn.execute(select(u.display_name).where(u.username == "counsellor")).scalar()
    assert shown == DEMO_COUNSELLOR_NAME


def test_counsellors_have_obviously_fictional_names(admin: Session) -> None:
    with admin.case.connect() as conn:
        names = conn.execute(select(schema.counsellors.c.display_name)).scalars().all()
    assert len(names) >= 40
    for name in names:
        first, last = name.split(" ", 1)
        assert first in COUNSELLOR_FIRST and last in COUNSELLOR_SURNAMES, name


def test_the_counsellor_has_a_live_caseload_with_assessments_and_measures(
    counsellor: Session,
) -> None:
    clinical = ClinicalService(counsellor)
    caseload = clinical.caseload()
    active = [item for item in caseload if item.status == "active"]
    assert len(caseload) >= 12 and len(active) >= 10
    known = {issue.code for issue in reference.presenting_issues()}
    trajectories = improved = 0
    for item in active:
        assessment = clinical.assessment(item.case_id)
        assert assessment is not None, item.case_id
        assert assessment.presenting_issues and set(assessment.presenting_issues) <= known
        assert assessment.risk.level in RISK_LEVELS
        assert assessment.goals.strip() and assessment.consent_recorded
        history = clinical.measure_history(item.case_id)
        phq9, gad7 = history.get("PHQ-9", []), history.get("GAD-7", [])
        if len(phq9) >= 3 and len(gad7) >= 3:
            trajectories += 1
            # One score a session, each at its own session, over several weeks.
            assert len({point.appointment_id for point in phq9}) == len(phq9)
            assert phq9[-1].taken_on - phq9[0].taken_on >= timedelta(days=13)
            if (phq9[0].total or 0) - (phq9[-1].total or 0) >= 5:
                improved += 1
    assert trajectories >= 5 and improved >= 2
    assert any(item.risk_level != "none" for item in caseload)
    allowance = AllowanceService(counsellor)
    nearing = [
        item
        for item in active
        if (status := allowance.status(item.client_id, item.service, TODAY)).used
        >= status.allowed - 1
    ]
    assert nearing, "a course nearing the end of its allowance"


def test_session_notes_are_locked_and_some_amended(counsellor: Session) -> None:
    clinical = ClinicalService(counsellor)
    a, c = schema.appointments.c, schema.cases.c
    with counsellor.case.connect() as conn:
        attended = (
            conn.execute(
                select(a.id)
                .join(schema.cases, c.id == a.case_id)
                .where(c.counsellor_id == _mine(counsellor).id, a.status == "attended")
                .where(a.starts_at >= NOW - timedelta(weeks=11))
            )
            .scalars()
            .all()
        )
    notes = [note for appointment in attended for note in clinical.notes(appointment)]
    assert len(attended) >= 40
    assert all(note.text.strip() for note in notes)
    locked = [n for n in notes if n.kind == "note" and n.locked]
    amendments = [n for n in notes if n.kind == "amendment"]
    assert len(locked) >= 30 and len(amendments) >= 3


def test_closed_cases_and_a_mediation_case_with_each_partys_notes(counsellor: Session) -> None:
    clinical = ClinicalService(counsellor)
    c, k = schema.cases.c, schema.closures.c
    with counsellor.case.connect() as conn:
        closed = conn.execute(
            select(c.id, k.ending)
            .join(schema.closures, k.case_id == c.id)
            .where(c.counsellor_id == _mine(counsellor).id, c.status == "closed")
        ).all()
    assert len(closed) >= 2 and {"planned"} <= {row.ending for row in closed}
    assert all(clinical.assessment(row.id) is not None for row in closed)

    mediation = [item for item in clinical.caseload() if item.service == "mediation"]
    assert len(mediation) == 1
    case_id = mediation[0].case_id
    parties = clinical.parties(case_id)
    assert len(parties) == 2 and len({client for _, client, _ in parties}) == 2
    with counsellor.case.connect() as conn:
        sessions = (
            conn.execute(
                select(schema.appointments.c.id).where(
                    schema.appointments.c.case_id == case_id,
                    schema.appointments.c.status == "attended",
                )
            )
            .scalars()
            .all()
        )
    present = [set(clinical.session_parties(appointment)) for appointment in sessions]
    assert any(len(who) == 1 for who in present) and any(len(who) == 2 for who in present)
    written = {note.party_id for appointment in sessions for note in clinical.notes(appointment)}
    assert {party for party, _, _ in parties} <= written


@pytest.mark.parametrize("week", [0, 1], ids=["this_week", "next_week"])
def test_the_counsellors_diary_is_mostly_booked_without_clashes(
    counsellor: Session, week: int
) -> None:
    mine = _mine(counsellor)
    monday = TODAY - timedelta(days=TODAY.weekday()) + timedelta(weeks=week)
    hours = 0
    for offset in range(7):
        day = monday + timedelta(days=offset)
        if calendar_uk.is_bank_holiday(day) or mine.on_leave(day):
            continue
        for block in mine.availability:
            if block.weekday == day.weekday():
                hours += block.ends.hour - block.starts.hour
    entries = DiaryService(counsellor).week("counsellor", mine.id, monday).entries
    booked = [entry for entry in entries if not entry.cancelled]
    assert hours >= 20
    assert 0.6 <= len(booked) / hours <= 0.85, (len(booked), hours)
    spans = sorted((entry.starts_at_local, entry.ends_at_local) for entry in booked)
    assert all(first[1] <= second[0] for first, second in zip(spans, spans[1:], strict=False))


@pytest.mark.parametrize("week", [0, 1], ids=["this_week", "next_week"])
def test_several_venues_diaries_are_busy(full_dir: Path, week: int) -> None:
    session = unlock(full_dir, "handler", PASSWORD)
    try:
        diary = DiaryService(session)
        monday = TODAY - timedelta(days=TODAY.weekday()) + timedelta(weeks=week)
        with session.case.connect() as conn:
            venues = conn.execute(select(schema.venues.c.id)).scalars().all()
        busy = [
            venue
            for venue in venues
            if len([e for e in diary.week("venue", venue, monday).entries if not e.cancelled]) >= 10
        ]
    finally:
        session.close()
    assert len(busy) >= 5


def _published_share(service: StatisticsService, period: str) -> float:
    """Of the non-zero cells of the main tables, the share published (not ``*``)."""
    published = non_zero = 0
    for code in MAIN_TABLES:
        table = service.output(code, period).table
        for row in table.rows:
            for column in (TOTAL,) if table.one_way else table.columns:
                cell = table.cells[(row, column)]
                if cell.suppressed or (cell.value or 0) > 0:
                    non_zero += 1
                    published += not cell.suppressed
    return published / non_zero


def test_statistics_are_drained_and_most_cells_published(full_dir: Path) -> None:
    admin = unlock(full_dir, "admin", PASSWORD)
    try:
        assert outbox.pending_count(admin) == 0
        with admin.case.connect() as conn:
            cases = conn.execute(select(func.count()).select_from(schema.cases)).scalar_one()
        with admin.stats.connect() as conn:
            c = schema.stat_counts.c
            referrals = conn.execute(
                select(func.sum(c.n)).where(c.table_code == "referrals_by_route")
            ).scalar_one()
    finally:
        admin.close()
    # One referral record per case: the bulk history's and the live caseload's, drained.
    assert referrals == cases
    quarter = (TODAY.month - 1) // 3  # the last quarter that has ended
    last_quarter = f"{TODAY.year}Q{quarter}" if quarter else f"{TODAY.year - 1}Q4"
    last_year = f"FY{TODAY.year - (1 if TODAY.month >= 4 else 2)}"
    manager = unlock(full_dir, "manager", PASSWORD)
    try:
        service = StatisticsService(manager)  # the demo keeps the default threshold, 10
        # Joint protection hides more than one table at a time did (a year is checked against
        # its quarters, tables against the tables counting the same records): measured 2026-12-02
        # on this demo, about 0.6 of a quarter's and 0.76 of a year's non-zero cells shown.
        assert _published_share(service, last_quarter) >= 0.55
        assert _published_share(service, last_year) >= 0.7
    finally:
        manager.close()


def test_readme_names_each_demo_account() -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text("utf-8")
    section = readme.split("## Trying the demo", 1)[1].split("\n## ", 1)[0]
    for account in ("handler", "counsellor", "manager", "admin"):
        assert f"**{account}**" in section, account
    assert DEMO_COUNSELLOR_NAME in section
    assert f"{DEFAULT_CLIENTS:,}" in section


def test_the_command_line_makes_the_default_demo() -> None:
    assert cli.build_parser().parse_args(["demo"]).clients == DEFAULT_CLIENTS


def test_the_call_back_queue_has_messages_from_overnight(admin: Session) -> None:
    from supportline.services.intake import IntakeService

    queue = IntakeService(admin).callback_queue()
    assert {item.channel for item in queue} >= {"voicemail", "email"}
    assert all(item.callback_name for item in queue)
