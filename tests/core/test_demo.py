"""The demo generator: users, reference data, a conflict-free history, all of it fictional."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from supportline import crypto, reference
from supportline.db import schema
from supportline.demo import DemoSummary, create_demo
from supportline.roles import KeyName
from supportline.session import Session, unlock

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


def test_notes_decrypt_with_the_notes_key(demo_dir: Path) -> None:
    session = unlock(demo_dir, "counsellor", PASSWORD)
    try:
        keys = session.notes_keys()
        with session.case.connect() as conn:
            notes = conn.execute(select(schema.session_notes)).all()
        assert notes
        for note in notes:
            assert b"session" not in note.body.lower()
            plain = crypto.decrypt_field(keys, "session_notes", note.id, "body", note.body)
            assert plain.strip()
            # Bound to its own row: the same blob under another row id does not open.
            with pytest.raises(crypto.CryptoError):
                crypto.decrypt_field(keys, "session_notes", note.id + 1, "body", note.body)
        assert session.current_generation(KeyName.NOTES) in keys
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
