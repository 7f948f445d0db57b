"""Diaries by counsellor, venue and room: the right appointments, in order, with client details
only as each role and the ``diary_full_names`` setting allow; and the printable day list.

The store is a demo store (realistic volume and shape) plus a few seeded rows whose names,
times and places are known, including weeks across both clock changes of 2026.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import insert, select

from supportline.calendar_uk import LONDON, local_datetime
from supportline.db import schema
from supportline.db.engine import inserted_id
from supportline.demo import create_demo
from supportline.errors import PermissionDenied
from supportline.services.diary import (
    DiaryNotFound,
    DiaryService,
    InvalidDiaryRequest,
    entries_statement,
    utc_bounds,
)
from supportline.services.settings import SettingsService
from supportline.session import Session, unlock

PASSWORD = "demo password 1"
DEMO_TODAY = date(2025, 6, 18)
OWN_COUNSELLOR = 1  # the demo's "counsellor" user is linked to counsellor 1
OTHER_COUNSELLOR = 2
FIRST, LAST, REFERENCE = "Marigold", "Quenby-Fairweather", "SL-900001"
DECLINED_FIRST, DECLINED_LAST, DECLINED_REFERENCE = "Perpetua", "Thornquist", "SL-900002"
VENUE_NAME = "Oak & Ash Centre; East Wing"
VENUE_ADDRESS = "1 High Street, Upper Floor"
ROOM_NAME = "Room 1, Blue"


@dataclass(frozen=True)
class Seeded:
    venue_id: int
    room_id: int
    client_id: int
    declined_client_id: int
    assessment: int  # Thu 12 Mar 2026 10:00, counsellor 1
    series_id: int
    series: tuple[int, ...]  # Thursdays 19 Mar to 9 Apr 2026 at 10:00 (over the spring change)
    cancelled: int  # Tue 24 Mar 2026 14:00, cancelled by the client
    other: int  # Wed 25 Mar 2026 11:00, counsellor 2, the client who declined letters
    autumn: tuple[int, int]  # Thu 22 Oct (BST) and Thu 29 Oct 2026 (GMT) at 10:00
    moved_from: datetime  # the last series appointment was moved from Wed 8 Apr 15:00


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return local_datetime(day, time(hour, minute)).astimezone(UTC)


def seed(session: Session) -> Seeded:
    """Known rows on top of the demo data, written directly (the booking rules are not under
    test here; the database's clash triggers still apply)."""
    now = datetime(2026, 1, 5, 9, tzinfo=UTC)
    with session.case_tx() as conn:
        venue_id = inserted_id(
            conn.execute(
                insert(schema.venues).values(
                    code="TST1",
                    name=VENUE_NAME,
                    address=VENUE_ADDRESS,
                    town="Tonbridge",
                    postcode="TN9 1AA",
                    district="Tonbridge and Malling",
                    lat=51.195,
                    lon=0.275,
                    step_free=True,
                    hearing_loop=True,
                    parking=False,
                )
            )
        )
        room_id = inserted_id(
            conn.execute(insert(schema.rooms).values(venue_id=venue_id, name=ROOM_NAME))
        )

        # A council directorate of the demo: every service, open-ended, so they may be booked.
        employer = conn.execute(
            select(schema.organisations.c.id)
            .where(schema.organisations.c.org_group == "kcc")
            .order_by(schema.organisations.c.id)
            .limit(1)
        ).scalar_one()

        def client(first: str, last: str, reference: str, letters_ok: bool) -> int:
            return inserted_id(
                conn.execute(
                    insert(schema.clients).values(
                        reference=reference,
                        first_name=first,
                        last_name=last,
                        organisation_id=employer,
                        search_name=f"{first} {last}".lower(),
                        address="12 Demo Street, Maidstone",
                        home_postcode="ME14 1XQ",
                        phone="07700 900555",
                        letters_ok=letters_ok,
                        created_at=now,
                    )
                )
            )

        client_id = client(FIRST, LAST, REFERENCE, True)
        declined_id = client(DECLINED_FIRST, DECLINED_LAST, DECLINED_REFERENCE, False)

        def case(for_client: int, counsellor: int) -> int:
            return inserted_id(
                conn.execute(
                    insert(schema.cases).values(
                        client_id=for_client,
                        service="counselling",
                        referral_route="self",
                        status="active",
                        counsellor_id=counsellor,
                        opened_at=now,
                    )
                )
            )

        case_id = case(client_id, OWN_COUNSELLOR)
        other_case = case(declined_id, OTHER_COUNSELLOR)
        series_id = inserted_id(
            conn.execute(
                insert(schema.appointment_series).values(
                    case_id=case_id,
                    counsellor_id=OWN_COUNSELLOR,
                    venue_id=venue_id,
                    weekday=3,
                    local_time=time(10),
                    duration_min=50,
                    created_by="handler",
                    created_at=now,
                )
            )
        )

        def appointment(
            start: datetime,
            kind: str = "session",
            status: str = "booked",
            session_no: int | None = None,
            series: int | None = None,
            counsellor: int = OWN_COUNSELLOR,
            for_case: int = case_id,
            for_client: int = client_id,
        ) -> int:
            minutes = 60 if kind == "assessment" else 50
            return inserted_id(
                conn.execute(
                    insert(schema.appointments).values(
                        case_id=for_case,
                        client_id=for_client,
                        counsellor_id=counsellor,
                        venue_id=venue_id,
                        room_id=room_id,
                        starts_at=start,
                        ends_at=start + timedelta(minutes=minutes),
                        kind=kind,
                        status=status,
                        session_no=session_no,
                        series_id=series,
                    )
                )
            )

        assessment = appointment(
            at(date(2026, 3, 12), 10), kind="assessment", status="attended", session_no=1
        )
        series = tuple(
            appointment(
                at(date(2026, 3, 19) + timedelta(weeks=n), 10), session_no=n + 2, series=series_id
            )
            for n in range(4)
        )
        cancelled = appointment(at(date(2026, 3, 24), 14), status="cancelled_client")
        other = appointment(
            at(date(2026, 3, 25), 11),
            counsellor=OTHER_COUNSELLOR,
            for_case=other_case,
            for_client=declined_id,
            session_no=2,
        )
        autumn = (
            appointment(at(date(2026, 10, 22), 10), session_no=6),
            appointment(at(date(2026, 10, 29), 10), session_no=7),
        )
        moved_from = at(date(2026, 4, 8), 15)
        conn.execute(
            insert(schema.appointment_events).values(
                appointment_id=series[-1],
                event="moved",
                at=now,
                by="handler",
                old_starts_at=moved_from,
                new_starts_at=at(date(2026, 4, 9), 10),
            )
        )
    return Seeded(
        venue_id,
        room_id,
        client_id,
        declined_id,
        assessment,
        series_id,
        series,
        cancelled,
        other,
        autumn,
        moved_from,
    )


def make_store(path: Path) -> Seeded:
    create_demo(path, PASSWORD, seed=7, clients=60, today=DEMO_TODAY)
    session = unlock(path, "admin", PASSWORD)
    try:
        return seed(session)
    finally:
        session.close()


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Seeded]:
    path = tmp_path_factory.mktemp("diary") / "data"
    return path, make_store(path)


@pytest.fixture
def path(store: tuple[Path, Seeded]) -> Path:
    return store[0]


@pytest.fixture
def seeded(store: tuple[Path, Seeded]) -> Seeded:
    return store[1]


@pytest.fixture
def sign_in(path: Path) -> Iterator[object]:
    opened: list[Session] = []

    def open_as(username: str) -> Session:
        session = unlock(path, username, PASSWORD)
        opened.append(session)
        return session

    yield open_as
    for session in opened:
        session.close()


SPRING_WEEK = date(2026, 3, 23)  # Monday; the clocks go forward on Sunday 29 March


# -- the right appointments ------------------------------------------------------------------------


def test_a_week_holds_exactly_the_active_appointments_of_those_local_days(sign_in) -> None:
    handler = sign_in("handler")
    with handler.case.connect() as conn:
        rows = conn.execute(
            select(
                schema.appointments.c.id,
                schema.appointments.c.counsellor_id,
                schema.appointments.c.starts_at,
                schema.appointments.c.status,
            )
        ).all()
    # The demo counsellor's busiest week, found independently of the service.
    weeks: dict[date, list[int]] = {}
    for row in rows:
        local = row.starts_at.astimezone(LONDON).date()
        if row.counsellor_id == OWN_COUNSELLOR and row.status in ("booked", "attended", "dna"):
            weeks.setdefault(local - timedelta(days=local.weekday()), []).append(row.id)
    monday = max(sorted(weeks), key=lambda d: len(weeks[d]))
    assert len(weeks[monday]) >= 2

    diary = DiaryService(handler).week("counsellor", OWN_COUNSELLOR, monday)

    assert [entry.appointment_id for entry in diary.entries] == sorted(
        weeks[monday], key=lambda i: next(r.starts_at for r in rows if r.id == i)
    )
    assert diary.days == [monday + timedelta(days=n) for n in range(7)]
    starts = [entry.starts_at_local for entry in diary.entries]
    assert starts == sorted(starts)
    assert all(entry.starts_at_local.tzinfo is not None for entry in diary.entries)
    assert all(entry.counsellor_id == OWN_COUNSELLOR for entry in diary.entries)


def test_week_across_the_clock_change_keeps_wall_clock_times(sign_in, seeded: Seeded) -> None:
    diary = DiaryService(sign_in("handler")).week("counsellor", OWN_COUNSELLOR, SPRING_WEEK)
    assert [e.appointment_id for e in diary.entries] == [seeded.series[1]]
    assert diary.entries[0].starts_at_local == datetime(2026, 3, 26, 10, tzinfo=LONDON)
    following = DiaryService(sign_in("handler")).week(
        "counsellor", OWN_COUNSELLOR, SPRING_WEEK + timedelta(days=7)
    )
    entry = following.entries[0]
    assert entry.appointment_id == seeded.series[2]
    assert entry.starts_at_local.hour == 10 and entry.starts_at_local.utcoffset() == timedelta(
        hours=1
    )
    assert (entry.ends_at_local - entry.starts_at_local) == timedelta(minutes=50)
    assert entry.venue_name == VENUE_NAME and entry.room_name == ROOM_NAME
    assert entry.kind == "session" and entry.session_no == 4 and entry.status == "booked"


def test_venue_and_room_diaries_show_every_counsellor_there(sign_in, seeded: Seeded) -> None:
    service = DiaryService(sign_in("handler"))
    venue = service.week("venue", seeded.venue_id, SPRING_WEEK)
    room = service.week("room", seeded.room_id, SPRING_WEEK)
    expected = [seeded.other, seeded.series[1]]  # Wed 25 11:00, Thu 26 10:00
    assert [e.appointment_id for e in venue.entries] == expected
    assert [e.appointment_id for e in room.entries] == expected
    assert {e.counsellor_id for e in venue.entries} == {OWN_COUNSELLOR, OTHER_COUNSELLOR}
    assert venue.title == VENUE_NAME
    assert room.title == f"{VENUE_NAME}, {ROOM_NAME}"


def test_a_day_holds_only_that_day(sign_in, seeded: Seeded) -> None:
    service = DiaryService(sign_in("handler"))
    assert [
        e.appointment_id for e in service.day("room", seeded.room_id, date(2026, 3, 25)).entries
    ] == [seeded.other]
    assert service.day("room", seeded.room_id, date(2026, 3, 27)).entries == []


def test_cancelled_appointments_are_hidden_unless_asked_for(sign_in, seeded: Seeded) -> None:
    service = DiaryService(sign_in("handler"))
    hidden = service.week("counsellor", OWN_COUNSELLOR, SPRING_WEEK)
    shown = service.week("counsellor", OWN_COUNSELLOR, SPRING_WEEK, include_cancelled=True)
    assert seeded.cancelled not in [e.appointment_id for e in hidden.entries]
    assert [e.appointment_id for e in shown.entries] == [seeded.cancelled, seeded.series[1]]
    assert shown.entries[0].status == "cancelled_client" and shown.entries[0].cancelled


def test_unknown_diaries_and_kinds_are_typed_errors(sign_in) -> None:
    service = DiaryService(sign_in("handler"))
    with pytest.raises(DiaryNotFound) as caught:
        service.week("venue", 999_999, SPRING_WEEK)
    assert caught.value.code == "diary_not_found"
    with pytest.raises(InvalidDiaryRequest):
        service.week("building", 1, SPRING_WEEK)  # type: ignore[arg-type]


# -- who sees what ---------------------------------------------------------------------------------


def test_call_handlers_see_reference_and_initials_only(sign_in, seeded: Seeded) -> None:
    diary = DiaryService(sign_in("handler")).week("venue", seeded.venue_id, SPRING_WEEK)
    mine = next(e for e in diary.entries if e.appointment_id == seeded.series[1])
    assert mine.client_reference == REFERENCE
    assert mine.client_label == "MQ" and not mine.names_shown
    other = next(e for e in diary.entries if e.appointment_id == seeded.other)
    assert other.client_label == "PT" and other.client_reference == DECLINED_REFERENCE
    for name in (FIRST, LAST, DECLINED_FIRST, DECLINED_LAST):
        assert name not in repr(diary)


def test_administrators_follow_the_same_rule(sign_in, seeded: Seeded) -> None:
    diary = DiaryService(sign_in("admin")).week("counsellor", OWN_COUNSELLOR, SPRING_WEEK)
    assert [e.client_label for e in diary.entries] == ["MQ"]
    assert FIRST not in repr(diary)


def test_the_setting_shows_full_names_to_call_handlers(path: Path, seeded: Seeded) -> None:
    admin = unlock(path, "admin", PASSWORD)
    try:
        SettingsService(admin).update({"diary_full_names": True})
        handler = unlock(path, "handler", PASSWORD)
        try:
            diary = DiaryService(handler).week("venue", seeded.venue_id, SPRING_WEEK)
        finally:
            handler.close()
    finally:
        SettingsService(admin).update({"diary_full_names": False})
        admin.close()
    labels = {e.appointment_id: e.client_label for e in diary.entries}
    assert labels == {
        seeded.series[1]: f"{FIRST} {LAST}",
        seeded.other: f"{DECLINED_FIRST} {DECLINED_LAST}",
    }
    assert all(e.names_shown for e in diary.entries)


def test_counsellors_see_their_own_clients_names(sign_in, seeded: Seeded) -> None:
    diary = DiaryService(sign_in("counsellor")).week("counsellor", OWN_COUNSELLOR, SPRING_WEEK)
    assert [(e.client_label, e.client_reference) for e in diary.entries] == [
        (f"{FIRST} {LAST}", REFERENCE)
    ]


@pytest.mark.parametrize(
    ("kind", "target"),
    [("counsellor", "other"), ("venue", "venue"), ("room", "room")],
)
def test_counsellors_are_refused_any_other_diary(sign_in, seeded: Seeded, kind, target) -> None:
    target_id = {
        "other": OTHER_COUNSELLOR,
        "venue": seeded.venue_id,
        "room": seeded.room_id,
    }[target]
    service = DiaryService(sign_in("counsellor"))
    with pytest.raises(PermissionDenied):
        service.week(kind, target_id, SPRING_WEEK)
    with pytest.raises(PermissionDenied):
        service.day(kind, target_id, date(2026, 3, 25))


def test_service_managers_have_no_diary(sign_in) -> None:
    with pytest.raises(PermissionDenied):
        DiaryService(sign_in("manager")).week("counsellor", OWN_COUNSELLOR, SPRING_WEEK)


# -- speed: one indexed range query ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "index"),
    [
        ("counsellor", "ix_appointments_counsellor_start"),
        ("venue", "ix_appointments_venue_start"),
        ("room", "ix_appointments_room_start"),
    ],
)
def test_the_diary_query_is_an_index_range_with_names_joined_by_key(
    sign_in, kind: str, index: str
) -> None:
    start, end = utc_bounds(SPRING_WEEK, 7)
    session = sign_in("admin")
    with session.case.connect() as conn:
        compiled = entries_statement(kind, 1, start, end).compile(
            dialect=conn.dialect, compile_kwargs={"render_postcompile": True}
        )
        params = tuple(
            str(value) if isinstance(value, datetime) else value
            for value in (compiled.params[name] for name in compiled.positiontup or ())
        )
        plan = [row[-1] for row in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled}", params)]
    assert any(index in step and "starts_at>" in step for step in plan), plan
    # Every other table is reached by primary key: no scans, no per-row queries.
    assert not [step for step in plan if step.startswith("SCAN")], plan
    assert sum("PRIMARY KEY" in step for step in plan) == 4, plan


# -- the printable day list ------------------------------------------------------------------------


def _text(pdf: bytes) -> str:
    """The PDF's text with every run of white space as one space (cells wrap their lines)."""
    pages = PdfReader(io.BytesIO(pdf)).pages
    return " ".join(" ".join(page.extract_text() for page in pages).split())


def _audit(session: Session, action: str) -> list[tuple[str, str, str]]:
    a = schema.case_audit.c
    with session.case.connect() as conn:
        return [
            tuple(row)
            for row in conn.execute(
                select(a.actor, a.record_type, a.record_id).where(a.action == action)
            )
        ]


def test_a_counsellors_day_list_names_their_clients_and_is_marked_confidential(
    sign_in, seeded: Seeded
) -> None:
    session = sign_in("counsellor")
    pdf = DiaryService(session).day_list_pdf(OWN_COUNSELLOR, date(2026, 4, 2))
    text = _text(pdf)
    assert "CONFIDENTIAL" in text
    assert "Thursday 2 April 2026" in text
    assert "10:00-10:50" in text  # BST wall clock, not 09:00 UTC
    assert REFERENCE in text and f"{FIRST} {LAST}" in text
    assert "Oak & Ash Centre; East" in text and "Room 1, Blue" in text
    assert "Session" in text
    assert ("counsellor", "counsellor_day", f"{OWN_COUNSELLOR}:2026-04-02") in _audit(
        session, "document.printed"
    )


def test_a_call_handlers_print_of_a_day_list_has_initials_only(sign_in, seeded: Seeded) -> None:
    text = _text(DiaryService(sign_in("handler")).day_list_pdf(OWN_COUNSELLOR, date(2026, 3, 26)))
    assert REFERENCE in text and "MQ" in text
    assert FIRST not in text and LAST not in text


def test_a_counsellor_cannot_print_another_counsellors_day(sign_in) -> None:
    with pytest.raises(PermissionDenied):
        DiaryService(sign_in("counsellor")).day_list_pdf(OTHER_COUNSELLOR, date(2026, 3, 25))


def test_an_empty_day_still_prints_a_marked_list(sign_in) -> None:
    text = _text(
        DiaryService(sign_in("counsellor")).day_list_pdf(OWN_COUNSELLOR, date(2026, 3, 27))
    )
    assert "No appointments." in text and "CONFIDENTIAL" in text


def test_no_audit_entry_names_a_client(sign_in) -> None:
    session = sign_in("admin")
    a = schema.case_audit.c
    with session.case.connect() as conn:
        rows = conn.execute(select(a.actor, a.action, a.record_type, a.record_id)).all()
    flat = " ".join(" ".join(str(v) for v in row) for row in rows)
    for name in (FIRST, LAST, DECLINED_FIRST, DECLINED_LAST):
        assert name not in flat
