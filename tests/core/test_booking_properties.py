"""Property: no sequence of bookings, series, moves, cancellations and attendance through
BookingService ever leaves a double booking, and a refused operation changes nothing.

A small world keeps collisions frequent: two venues with two rooms each, three counsellors (one
at both venues, with a low weekly maximum), four clients (one with two cases), a low allowance,
and every time drawn from a few days on a half-hour grid."""

from __future__ import annotations

import shutil
import tempfile
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select, text

from supportline.calendar_uk import LONDON
from supportline.db import schema
from supportline.services.allowance import AllowanceExceeded
from supportline.services.booking import BookingService, NotBookable, SlotTaken
from supportline.services.settings import SettingsService
from supportline.session import Session, unlock
from tests.conftest import PASSWORDS
from tests.core.test_booking import NOW, FakeClock, Place, World, at, build_template, slot_for

DAYS = (date(2026, 11, 30), date(2026, 12, 1), date(2026, 12, 7))  # two Mondays a week apart
EXPECTED_ERRORS = (SlotTaken, NotBookable, AllowanceExceeded)

OVERLAPS = text(
    """
    SELECT a.id, b.id FROM appointments a JOIN appointments b
      ON a.id < b.id
     AND (a.room_id = b.room_id OR a.counsellor_id = b.counsellor_id
          OR a.client_id = b.client_id)
     AND julianday(a.starts_at) < julianday(b.ends_at)
     AND julianday(b.starts_at) < julianday(a.ends_at)
    WHERE a.status IN ('booked', 'attended', 'dna') AND b.status IN ('booked', 'attended', 'dna')
    """
)


class Built:
    def __init__(self, path: Path, cases: list[int], counsellors: list[int], places: list[Place]):
        self.path = path
        self.cases = cases
        self.counsellors = counsellors
        self.places = places
        self.rooms = [room for place in places for room in place.rooms]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    path = build_template(tmp_path_factory.mktemp("world") / "data")
    admin = unlock(path, "admin", PASSWORDS["admin"], clock=FakeClock(NOW))
    try:
        SettingsService(admin).update({"counselling_limit": 3, "coaching_limit": 2})
        world = World(admin)
        hub = world.venue("Hub", 51.2870, 0.5370, rooms=2)
        far = world.venue("Aylesford", 51.2900, 0.4150, rooms=2)
        counsellors = [
            world.counsellor("Ann", at=hub),
            world.counsellor(
                "Ben", gender="male", services="counselling,coaching", at=(hub, far), max_per_week=3
            ),
            world.counsellor("Cat", at=far),
        ]
        clients = [world.client(first_name=f"C{n}") for n in range(4)]
        # Two clients are past their assessment already, so series can be booked for them.
        cases = [
            world.case(client, status="active" if n >= 2 else "waiting")
            for n, client in enumerate(clients)
        ]
        cases.append(world.case(clients[0], service="coaching"))
    finally:
        admin.close()
    return Built(path, cases, counsellors, [hub, far])


# -- operations -----------------------------------------------------------------------------------

when = st.tuples(st.sampled_from(DAYS), st.integers(0, 7))  # 09:00 ... 12:30
pick = st.integers(0, 50)

book = st.tuples(st.just("book"), st.integers(0, 4), st.integers(0, 2), st.integers(0, 3), when)
operations = st.one_of(
    book,
    book,
    st.tuples(
        st.just("series"),
        st.integers(0, 4),
        st.integers(0, 2),
        st.integers(0, 3),
        when,
        st.integers(1, 3),
    ),
    st.tuples(st.just("move"), pick, when, st.none() | st.integers(0, 3), st.booleans()),
    st.tuples(st.just("cancel"), pick, st.sampled_from(["client", "service"]), st.booleans()),
    st.tuples(st.just("attend"), pick, st.sampled_from(["attended", "dna"])),
    st.tuples(st.just("wait"), st.integers(1, 24)),
)


def start_of(moment: tuple[date, int]) -> datetime:
    day, step = moment
    return at(day, 9 + step // 2, 30 * (step % 2))


def snapshot(session: Session) -> tuple[Any, ...]:
    with session.case.connect() as conn:
        appointments = tuple(
            tuple(row)
            for row in conn.execute(select(schema.appointments).order_by(schema.appointments.c.id))
        )
        cases = tuple(
            tuple(row)
            for row in conn.execute(
                select(schema.cases.c.id, schema.cases.c.status, schema.cases.c.counsellor_id)
            )
        )
        counts = tuple(
            conn.execute(select(func.count()).select_from(table)).scalar_one()
            for table in (
                schema.appointment_events,
                schema.appointment_series,
                schema.follow_ups,
            )
        )
    return appointments, cases, counts


def check_no_double_booking(session: Session, built: Built) -> None:
    with session.case.connect() as conn:
        assert conn.execute(OVERLAPS).all() == []
        rows = conn.execute(
            select(schema.appointments).where(
                schema.appointments.c.status.in_(("booked", "attended", "dna"))
            )
        ).all()
    # The same, independently of SQL: pairwise in Python.
    for i, a in enumerate(rows):
        for b in rows[i + 1 :]:
            if a.starts_at < b.ends_at and b.starts_at < a.ends_at:
                assert a.room_id != b.room_id, (a, b)
                assert a.counsellor_id != b.counsellor_id, (a, b)
                assert a.client_id != b.client_id, (a, b)
    # ...and nobody's week is over their maximum (Ben: 3; the others: 15).
    weeks = Counter(
        (r.counsellor_id, r.starts_at.astimezone(LONDON).isocalendar()[:2]) for r in rows
    )
    limits = dict.fromkeys(built.counsellors, 15) | {built.counsellors[1]: 3}
    assert all(count <= limits[who] for (who, _), count in weeks.items()), weeks


def run(booking: BookingService, clock: FakeClock, built: Built, op: tuple[Any, ...]) -> None:
    kind = op[0]
    session = booking._session  # noqa: SLF001 - the session the service was built on
    if kind == "book":
        _, case, counsellor, room, moment = op
        place = built.places[room // 2]
        booking.book_assessment(
            built.cases[case],
            slot_for(start_of(moment), built.counsellors[counsellor], place, built.rooms[room]),
        )
        return
    if kind == "series":
        _, case, counsellor, room, moment, count = op
        case_id = built.cases[case]
        with session.case.connect() as conn:
            status = conn.execute(
                select(schema.cases.c.status).where(schema.cases.c.id == case_id)
            ).scalar_one()
        if status == "waiting":
            return  # the assessment comes first
        place = built.places[room // 2]
        plan = booking.plan_series(
            case_id,
            start_of(moment),
            built.counsellors[counsellor],
            place.id,
            built.rooms[room],
            count,
        )
        booking.book_series(plan, take_alternatives=bool(count % 2))
        return
    if kind == "wait":
        clock.now += timedelta(hours=op[1])
        return
    with session.case.connect() as conn:
        ids = list(
            conn.execute(
                select(schema.appointments.c.id).order_by(schema.appointments.c.id)
            ).scalars()
        )
    if not ids:
        return
    appointment = ids[op[1] % len(ids)]
    if kind == "move":
        _, _, moment, room, following = op
        booking.move(
            appointment,
            start_of(moment),
            room_id=None if room is None else built.rooms[room],
            with_following=following,
        )
    elif kind == "cancel":
        booking.cancel(appointment, by=op[2], with_following=op[3])
    else:
        booking.record_attendance(appointment, op[2])


@settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(steps=st.lists(operations, min_size=4, max_size=16))
def test_no_sequence_of_operations_double_books(built: Built, steps: list[Any]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        store = Path(tmp) / "data"
        shutil.copytree(built.path, store)
        clock = FakeClock(NOW)
        session = unlock(store, "handler", PASSWORDS["handler"], clock=clock)
        try:
            booking = BookingService(session)
            for op in steps:
                before = snapshot(session)
                try:
                    run(booking, clock, built, op)
                except EXPECTED_ERRORS:
                    assert snapshot(session) == before, op
                check_no_double_booking(session, built)
        finally:
            session.close()


def test_the_world_really_collides(built: Built) -> None:
    """A guard on the property's power: the same room at overlapping times is refused, and the
    counsellor at both venues is there to be double-booked across them."""
    with tempfile.TemporaryDirectory() as tmp:
        store = Path(tmp) / "data"
        shutil.copytree(built.path, store)
        session = unlock(store, "handler", PASSWORDS["handler"], clock=FakeClock(NOW))
        try:
            booking = BookingService(session)
            hub, far = built.places
            first = start_of((DAYS[0], 2))
            booking.book_assessment(built.cases[0], slot_for(first, built.counsellors[0], hub))
            with pytest.raises(SlotTaken):
                booking.book_assessment(
                    built.cases[1],
                    slot_for(first + timedelta(minutes=30), built.counsellors[1], hub),
                )
            booking.book_assessment(built.cases[1], slot_for(first, built.counsellors[1], far))
            with pytest.raises(SlotTaken):
                booking.book_assessment(
                    built.cases[2], slot_for(first, built.counsellors[1], hub, hub.rooms[1])
                )
            assert first.astimezone(UTC).hour == 10
        finally:
            session.close()
