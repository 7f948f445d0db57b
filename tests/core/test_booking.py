"""Booking: assessments, weekly series across clock changes and bank holidays, moves,
cancellations, attendance and follow-ups, and the database refusing double bookings.

The helpers at the top (``World``, ``FakeClock``, ``build_template``, ``at``, ``slot_for``) are
shared with the slot-finder, venue, counsellor and property tests of booking.
"""

from __future__ import annotations

import shutil
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlcipher3
from sqlalchemy import func, insert, select

from supportline.calendar_uk import LONDON, is_bank_holiday, local_datetime
from supportline.db import schema
from supportline.db.engine import connect, inserted_id
from supportline.errors import PermissionDenied
from supportline.roles import KeyName, Role
from supportline.services.allowance import AllowanceExceeded, AllowanceService
from supportline.services.booking import (
    BookingService,
    NotBookable,
    Slot,
    SlotQuery,
    SlotTaken,
)
from supportline.services.settings import SettingsService
from supportline.services.users import UserService
from supportline.services.venues import VenueService
from supportline.session import Session, init_store, unlock
from tests.conftest import ADMIN_PASSWORD, PASSWORDS

NOW = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)  # Tuesday 24 November 2026, 10:00 GMT
HOME = "ME14 1AA"  # Maidstone: district centroid 51.2850, 0.5350
WORK = "TN23 1AA"  # Ashford: district centroid 51.1400, 0.8650
WEEKDAYS = (0, 1, 2, 3, 4)
NINE_TO_FIVE = {day: (time(9), time(17)) for day in WEEKDAYS}
ACTIVE = ("booked", "attended", "dna")


# -- shared helpers --------------------------------------------------------------------------------


class FakeClock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def build_template(path: Path) -> Path:
    """A store with admin, handler, counsellor and manager."""
    init_store(path, "admin", ADMIN_PASSWORD, display_name="Ada Admin")
    session = unlock(path, "admin", ADMIN_PASSWORD)
    try:
        users = UserService(session)
        for username, role in (
            ("handler", Role.CALL_HANDLER),
            ("counsellor", Role.COUNSELLOR),
            ("manager", Role.SERVICE_MANAGER),
        ):
            users.add_user(
                username, username.title(), [role], PASSWORDS[username], must_change_password=False
            )
    finally:
        session.close()
    return path


def at(day: date, hour: int, minute: int = 0) -> datetime:
    """London wall-clock time on ``day`` as aware UTC."""
    return local_datetime(day, time(hour, minute)).astimezone(UTC)


@dataclass(frozen=True)
class Place:
    id: int
    rooms: tuple[int, ...]

    @property
    def room(self) -> int:
        return self.rooms[0]


def slot_for(
    start: datetime, counsellor: int, place: Place, room: int | None = None, minutes: int = 60
) -> Slot:
    return Slot(
        start,
        start + timedelta(minutes=minutes),
        counsellor,
        "",
        place.id,
        "",
        room if room is not None else place.room,
        "",
        0.0,
    )


class World:
    """Venues, rooms, counsellors, clients, cases and appointments written straight into the
    store as the administrator, so each test sets up exactly what it needs. Plain transactions:
    nothing here is audited, so the audit anchor need not move."""

    def __init__(self, admin: Session) -> None:
        self.admin = admin
        self._codes = 0
        self._employer: int | None = None

    def organisation(
        self,
        name: str,
        group: str = "kcc",
        agreements: Iterable[tuple[str, date, date | None, int | None]] = (),
    ) -> int:
        """An organisation with (service, from, to, purchased sessions) agreements."""
        organisation_id = self._add(schema.organisations, name=name, org_group=group)
        for service, starts_on, ends_on, purchased in agreements:
            self._add(
                schema.service_agreements,
                organisation_id=organisation_id,
                service=service,
                starts_on=starts_on,
                ends_on=ends_on,
                purchased_sessions=purchased,
            )
        return organisation_id

    def employer(self) -> int:
        """The clients' default employer: every service, open-ended, no purchased limit."""
        if self._employer is None:
            self._employer = self.organisation(
                "Kent County Council - Test Directorate",
                agreements=[
                    (service, date(2020, 4, 1), None, None)
                    for service in ("counselling", "coaching", "mediation")
                ],
            )
        return self._employer

    def _add(self, table: Any, **values: Any) -> int:
        with self.admin.case.begin() as conn:
            return inserted_id(conn.execute(insert(table).values(**values)))

    def venue(
        self,
        name: str,
        lat: float,
        lon: float,
        rooms: int = 1,
        hours: dict[int, tuple[time, time]] | None = None,
        step_free: bool = False,
        hearing_loop: bool = False,
        parking: bool = False,
        active: bool = True,
    ) -> Place:
        self._codes += 1
        venue_id = self._add(
            schema.venues,
            code=f"T{self._codes:03d}",
            name=name,
            address="1 High Street",
            town="Town",
            postcode="ME14 1XX",
            district="Maidstone",
            lat=lat,
            lon=lon,
            step_free=step_free,
            hearing_loop=hearing_loop,
            parking=parking,
            active=active,
        )
        with self.admin.case.begin() as conn:
            for weekday, (opens, closes) in (NINE_TO_FIVE if hours is None else hours).items():
                conn.execute(
                    insert(schema.venue_hours).values(
                        venue_id=venue_id, weekday=weekday, opens=opens, closes=closes
                    )
                )
        room_ids = tuple(
            self._add(schema.rooms, venue_id=venue_id, name=f"Room {n + 1}") for n in range(rooms)
        )
        return Place(venue_id, room_ids)

    def counsellor(
        self,
        name: str,
        gender: str = "female",
        languages: str = "English",
        services: str = "counselling",
        max_per_week: int = 15,
        user: str | None = None,
        at: Place | Iterable[Place] = (),
        days: Iterable[int] = WEEKDAYS,
        starts: time = time(9),
        ends: time = time(17),
        active: bool = True,
    ) -> int:
        user_id = None
        if user is not None:
            with self.admin.case.connect() as conn:
                user_id = conn.execute(
                    select(schema.users.c.id).where(schema.users.c.username == user)
                ).scalar_one()
        counsellor_id = self._add(
            schema.counsellors,
            display_name=name,
            gender=gender,
            languages=languages,
            services=services,
            max_per_week=max_per_week,
            user_id=user_id,
            active=active,
        )
        places = [at] if isinstance(at, Place) else list(at)
        for place in places:
            self.available(counsellor_id, place, days, starts, ends)
        return counsellor_id

    def available(
        self,
        counsellor: int,
        place: Place,
        days: Iterable[int] = WEEKDAYS,
        starts: time = time(9),
        ends: time = time(17),
    ) -> None:
        with self.admin.case.begin() as conn:
            for weekday in days:
                conn.execute(
                    insert(schema.counsellor_availability).values(
                        counsellor_id=counsellor,
                        venue_id=place.id,
                        weekday=weekday,
                        starts=starts,
                        ends=ends,
                    )
                )

    def leave(self, counsellor: int, starts_on: date, ends_on: date) -> None:
        self._add(
            schema.counsellor_leave, counsellor_id=counsellor, starts_on=starts_on, ends_on=ends_on
        )

    def closure(self, place: Place, day: date) -> None:
        self._add(schema.venue_closures, venue_id=place.id, on_date=day, reason="closed")

    def client(
        self,
        home: str | None = HOME,
        work: str | None = None,
        prefer: str = "home",
        step_free: bool = False,
        hearing_loop: bool = False,
        parking: bool = False,
        gender: str | None = None,
        language: str | None = None,
        first_name: str = "Jo",
        last_name: str = "Smith",
        organisation: int | None = None,
    ) -> int:
        self._codes += 1
        return self._add(
            schema.clients,
            reference=f"SL-{self._codes:06d}",
            first_name=first_name,
            last_name=last_name,
            organisation_id=organisation if organisation is not None else self.employer(),
            home_postcode=home,
            work_postcode=work,
            venue_preference=prefer,
            needs_step_free=step_free,
            needs_hearing_loop=hearing_loop,
            needs_parking=parking,
            pref_counsellor_gender=gender,
            pref_language=language,
            created_at=NOW,
        )

    def case(self, client: int, service: str = "counselling", status: str = "waiting") -> int:
        return self._add(
            schema.cases,
            client_id=client,
            service=service,
            referral_route="self",
            status=status,
            opened_at=NOW,
        )

    def new_case(self, status: str = "waiting", **client: Any) -> int:
        return self.case(self.client(**client), status=status)

    def appointment(
        self,
        case: int,
        counsellor: int,
        place: Place,
        start: datetime,
        room: int | None = None,
        minutes: int = 50,
        status: str = "booked",
        kind: str = "session",
    ) -> int:
        with self.admin.case.connect() as conn:
            client = conn.execute(
                select(schema.cases.c.client_id).where(schema.cases.c.id == case)
            ).scalar_one()
        return self._add(
            schema.appointments,
            case_id=case,
            client_id=client,
            counsellor_id=counsellor,
            venue_id=place.id,
            room_id=room if room is not None else place.room,
            starts_at=start,
            ends_at=start + timedelta(minutes=minutes),
            kind=kind,
            status=status,
        )


def appointment_rows(session: Session, **where: Any) -> list[Any]:
    a = schema.appointments.c
    stmt = select(schema.appointments).order_by(a.starts_at, a.id)
    for column, value in where.items():
        stmt = stmt.where(getattr(a, column) == value)
    with session.case.connect() as conn:
        return list(conn.execute(stmt))


def case_status(session: Session, case_id: int) -> tuple[str, int | None]:
    c = schema.cases.c
    with session.case.connect() as conn:
        row = conn.execute(select(c.status, c.counsellor_id).where(c.id == case_id)).one()
    return row.status, row.counsellor_id


# -- fixtures --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def template_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_template(tmp_path_factory.mktemp("template") / "data")


@pytest.fixture
def store(template_dir: Path, tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(template_dir, target)
    return target


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(NOW)


@pytest.fixture
def open_as(store: Path, clock: FakeClock) -> Iterator[Callable[[str], Session]]:
    opened: list[Session] = []

    def _open(username: str) -> Session:
        session = unlock(store, username, PASSWORDS[username], clock=clock)
        opened.append(session)
        return session

    yield _open
    for session in opened:
        session.close()


@pytest.fixture
def admin(open_as: Callable[[str], Session]) -> Session:
    return open_as("admin")


@pytest.fixture
def handler(open_as: Callable[[str], Session]) -> Session:
    return open_as("handler")


@pytest.fixture
def world(admin: Session) -> World:
    return World(admin)


@pytest.fixture
def hub(world: World) -> Place:
    """A step-free venue with two rooms in Maidstone, open Monday to Friday 09:00-17:00."""
    return world.venue("Maidstone Hub", 51.2870, 0.5370, rooms=2, step_free=True)


@pytest.fixture
def cora(world: World, hub: Place) -> int:
    """A counsellor at the hub every weekday 09:00-17:00, linked to the ``counsellor`` user."""
    return world.counsellor("Cora", user="counsellor", at=hub, languages="English,Polish")


# -- assessment and allowance ----------------------------------------------------------------------


def test_assessment_moves_case_to_assessment_booked_with_its_counsellor(
    handler: Session, world: World, hub: Place, cora: int
) -> None:
    case = world.new_case()
    start = at(date(2026, 11, 26), 10)
    appointment_id = BookingService(handler).book_assessment(case, slot_for(start, cora, hub))
    (row,) = appointment_rows(handler, case_id=case)
    assert row.id == appointment_id
    assert (row.kind, row.status, row.starts_at, row.ends_at) == (
        "assessment",
        "booked",
        start,
        start + timedelta(minutes=60),
    )
    assert (row.counsellor_id, row.venue_id, row.room_id) == (cora, hub.id, hub.room)
    assert case_status(handler, case) == ("assessment_booked", cora)
    with handler.case.connect() as conn:
        events = conn.execute(
            select(schema.appointment_events.c.event, schema.appointment_events.c.by).where(
                schema.appointment_events.c.appointment_id == appointment_id
            )
        ).all()
    assert [tuple(e) for e in events] == [("booked", "handler")]


def test_assessment_refused_when_the_allowance_is_used_up(
    admin: Session, handler: Session, world: World, hub: Place, cora: int
) -> None:
    SettingsService(admin).update({"counselling_limit": 2})
    case = world.new_case()
    for week in (1, 2):  # two sessions already attended this financial year
        world.appointment(case, cora, hub, NOW - timedelta(weeks=week), status="attended")
    with pytest.raises(AllowanceExceeded) as caught:
        BookingService(handler).book_assessment(
            case, slot_for(at(date(2026, 11, 26), 10), cora, hub)
        )
    assert (caught.value.status.used, caught.value.status.left) == (2, 0)
    assert len(appointment_rows(handler, case_id=case)) == 2
    assert case_status(handler, case) == ("waiting", None)


def test_series_count_defaults_to_the_rest_of_the_allowance(
    handler: Session, world: World, hub: Place, cora: int
) -> None:
    booking = BookingService(handler)
    case = world.new_case()
    booking.book_assessment(case, slot_for(at(date(2026, 11, 25), 9), cora, hub))
    plan = booking.plan_series(case, at(date(2026, 12, 2), 10), cora, hub.id, hub.room)
    assert len(plan.occurrences) == 7 - 1  # counselling limit 7, one taken by the assessment
    assert all(o.problem is None for o in plan.occurrences)
    ids = booking.book_series(plan)
    assert len(ids) == 6
    assert case_status(handler, case) == ("active", cora)
    client = appointment_rows(handler, case_id=case)[0].client_id
    assert AllowanceService(handler).status(client, "counselling", NOW.date()).left == 0
    assert (
        booking.plan_series(case, at(date(2027, 1, 13), 10), cora, hub.id, hub.room).occurrences
        == ()
    )
    with pytest.raises(AllowanceExceeded):
        booking.book_assessment(case, slot_for(at(date(2027, 1, 13), 10), cora, hub))


def test_series_past_the_allowance_books_nothing(
    handler: Session, world: World, hub: Place, cora: int
) -> None:
    booking = BookingService(handler)
    case = world.new_case(status="active")
    plan = booking.plan_series(case, at(date(2026, 12, 2), 10), cora, hub.id, hub.room, count=8)
    # The plan proposes the series only as far as the allowance goes...
    assert [o.problem for o in plan.occurrences] == [None] * 7 + ["over_allowance"]
    # ...and a plan that does not (stale, or made by hand) is refused whole.
    unchecked = replace(plan, occurrences=tuple(replace(o, problem=None) for o in plan.occurrences))
    with pytest.raises(AllowanceExceeded) as caught:
        booking.book_series(unchecked)
    assert (caught.value.wanted, caught.value.status.left) == (8, 7)
    assert appointment_rows(handler, case_id=case) == []
    with handler.case.connect() as conn:
        assert (
            conn.execute(select(func.count()).select_from(schema.appointment_series)).scalar() == 0
        )


# -- series: clock changes, bank holidays, clashes -------------------------------------------------


def test_series_keeps_ten_o_clock_london_across_the_march_clock_change(
    handler: Session, world: World, hub: Place, cora: int
) -> None:
    booking = BookingService(handler)
    case = world.new_case(status="active")
    first = at(date(2027, 3, 18), 10)  # Thursday; clocks go forward on Sunday 28 March 2027
    plan = booking.plan_series(case, first, cora, hub.id, hub.room, count=4)
    booking.book_series(plan)
    rows = appointment_rows(handler, case_id=case)
    assert [r.starts_at for r in rows] == [
        datetime(2027, 3, 18, 10, tzinfo=UTC),  # GMT
        datetime(2027, 3, 25, 10, tzinfo=UTC),
        datetime(2027, 4, 1, 9, tzinfo=UTC),  # BST
        datetime(2027, 4, 8, 9, tzinfo=UTC),
    ]
    assert {r.starts_at.astimezone(LONDON).time() for r in rows} == {time(10)}
    assert {r.series_id for r in rows} != {None} and len({r.series_id for r in rows}) == 1


def test_series_keeps_ten_o_clock_london_across_the_october_clock_change(
    handler: Session, world: World, hub: Place, cora: int, clock: FakeClock
) -> None:
    clock.now = datetime(2027, 10, 1, 9, tzinfo=UTC)
    booking = BookingService(handler)
    case = world.new_case(status="active")
    first = at(date(2027, 10, 20), 10)  # Wednesday; clocks go back on Sunday 31 October 2027
    booking.book_series(booking.plan_series(case, first, cora, hub.id, hub.room, count=3))
    assert [r.starts_at for r in appointment_rows(handler, case_id=case)] == [
        datetime(2027, 10, 20, 9, tzinfo=UTC),  # BST
        datetime(2027, 10, 27, 9, tzinfo=UTC),
        datetime(2027, 11, 3, 10, tzinfo=UTC),  # GMT
    ]


def test_christmas_and_new_year_are_skipped_with_alternatives(
    handler: Session, world: World, hub: Place, cora: int
) -> None:
    booking = BookingService(handler)
    case = world.new_case(status="active")
    # Fridays: 25 December 2026 and 1 January 2027 are bank holidays.
    plan = booking.plan_series(case, at(date(2026, 12, 18), 10), cora, hub.id, hub.room, count=4)
    assert [o.starts_at.astimezone(LONDON).date() for o in plan.occurrences] == [
        date(2026, 12, 18),
        date(2026, 12, 25),
        date(2027, 1, 1),
        date(2027, 1, 8),
    ]
    assert [o.problem for o in plan.occurrences] == [None, "bank_holiday", "bank_holiday", None]
    for occurrence in plan.occurrences[1:3]:
        alt = occurrence.alternative
        assert alt is not None
        day = alt.local_start.date()
        assert not is_bank_holiday(day) and day.weekday() < 5
        assert abs(day - occurrence.starts_at.astimezone(LONDON).date()) <= timedelta(days=4)
        assert (alt.counsellor_id, alt.venue_id) == (cora, hub.id)
    booking.book_series(plan)
    days = [r.starts_at.astimezone(LONDON).date() for r in appointment_rows(handler, case_id=case)]
    assert len(days) == 4
    assert not any(is_bank_holiday(d) for d in days)
    # Without alternatives only the two ordinary Fridays are booked.
    other = world.new_case(status="active")
    plan = booking.plan_series(other, at(date(2026, 12, 18), 14), cora, hub.id, hub.room, count=4)
    assert len(booking.book_series(plan, take_alternatives=False)) == 2


def test_boxing_day_substitute_and_easter_monday_are_skipped(
    handler: Session, world: World, hub: Place, cora: int
) -> None:
    booking = BookingService(handler)
    case = world.new_case(status="active")
    # Boxing Day 2026 is a Saturday: the substitute holiday is Monday 28 December.
    plan = booking.plan_series(case, at(date(2026, 12, 21), 10), cora, hub.id, hub.room, count=2)
    assert [o.problem for o in plan.occurrences] == [None, "bank_holiday"]
    assert plan.occurrences[1].alternative is not None
    # Easter Monday 2027 is 29 March, the day after the clocks go forward.
    later = world.new_case(status="active")
    plan = booking.plan_series(later, at(date(2027, 3, 22), 10), cora, hub.id, hub.room, count=3)
    assert [o.problem for o in plan.occurrences] == [None, "bank_holiday", None]
    assert plan.occurrences[2].starts_at == datetime(2027, 4, 5, 9, tzinfo=UTC)
    alt = plan.occurrences[1].alternative
    assert alt is not None and alt.local_start.date() != date(2027, 3, 29)


def test_series_clashes_get_alternatives_that_are_free(
    handler: Session, world: World, hub: Place, cora: int
) -> None:
    single = world.venue("One Room", 51.2860, 0.5360)
    world.available(cora, single)
    booking = BookingService(handler)
    other = world.new_case(status="active")
    mark = world.counsellor("Mark", gender="male", at=single)
    room_taken = at(date(2026, 12, 9), 10)
    world.appointment(other, mark, single, room_taken)  # the room in week 2
    busy = at(date(2026, 12, 16), 10)
    world.appointment(world.new_case(status="active"), cora, hub, busy)  # Cora, elsewhere, week 3
    case = world.new_case(status="active")
    plan = booking.plan_series(case, at(date(2026, 12, 2), 10), cora, single.id, single.room, 3)
    assert [o.problem for o in plan.occurrences] == [None, "room_clash", "counsellor_clash"]
    alternatives = [o.alternative for o in plan.occurrences[1:]]
    assert all(a is not None for a in alternatives)
    assert len({a.starts_at for a in alternatives if a}) == 2
    booking.book_series(plan)
    rows = appointment_rows(handler, case_id=case)
    assert len(rows) == 3
    assert room_taken not in {r.starts_at for r in rows}
    assert busy not in {r.starts_at for r in rows}


# -- what cannot be booked -------------------------------------------------------------------------


def test_unbookable_times_are_refused_with_a_reason(
    admin: Session, handler: Session, world: World, hub: Place, cora: int
) -> None:
    booking = BookingService(handler)
    case = world.new_case()
    thursday = date(2026, 11, 26)
    world.closure(hub, date(2026, 12, 1))
    world.leave(cora, date(2026, 12, 7), date(2026, 12, 11))
    evening = world.venue("Late Venue", 51.2860, 0.5360, hours={0: (time(9), time(20))})
    world.available(cora, evening, days=(0,), starts=time(9), ends=time(12))
    closed = world.venue("Shut", 51.2861, 0.5361, active=False)
    world.available(cora, closed)
    cases = [
        (at(date(2026, 11, 24), 9), hub, None, "in_the_past"),
        (at(date(2026, 12, 25), 10), hub, None, "bank_holiday"),
        (at(date(2026, 12, 1), 10), hub, None, "venue_closed"),
        (at(thursday, 8, 30), hub, None, "outside_venue_hours"),
        (at(thursday, 16, 30), hub, None, "outside_venue_hours"),
        (at(date(2026, 12, 8), 10), hub, None, "counsellor_on_leave"),
        (at(date(2026, 11, 30), 14), evening, None, "outside_counsellor_availability"),
        (at(thursday, 10), closed, None, "venue_inactive"),
    ]
    for start, place, room, reason in cases:
        with pytest.raises(NotBookable) as caught:
            booking.book_assessment(case, slot_for(start, cora, place, room))
        assert caught.value.reason == reason, start
    VenueService(admin).set_room_active(hub.room, False)
    with pytest.raises(NotBookable) as caught:
        booking.book_assessment(case, slot_for(at(thursday, 10), cora, hub))
    assert caught.value.reason == "room_unavailable"
    assert appointment_rows(handler) == []
    assert case_status(handler, case) == ("waiting", None)
    # ...and the same slot in the other room is fine.
    booking.book_assessment(case, slot_for(at(thursday, 10), cora, hub, hub.rooms[1]))


def test_weekly_maximum_refuses_booking_counsellor_week_full(
    handler: Session, world: World, hub: Place
) -> None:
    busy = world.counsellor("Busy", at=hub, max_per_week=2)
    booking = BookingService(handler)
    # Monday 30 November to Sunday 6 December 2026, London week.
    booking.book_assessment(world.new_case(), slot_for(at(date(2026, 11, 30), 9), busy, hub))
    booking.book_assessment(world.new_case(), slot_for(at(date(2026, 12, 4), 15), busy, hub))
    with pytest.raises(NotBookable) as caught:
        booking.book_assessment(world.new_case(), slot_for(at(date(2026, 12, 2), 11), busy, hub))
    assert caught.value.reason == "counsellor_week_full"
    # The next week is a new week.
    booking.book_assessment(world.new_case(), slot_for(at(date(2026, 12, 7), 9), busy, hub))


# -- moving ----------------------------------------------------------------------------------------


def test_move_one_appointment_to_another_time_and_room(
    handler: Session, world: World, hub: Place, cora: int
) -> None:
    booking = BookingService(handler)
    case = world.new_case()
    appointment = booking.book_assessment(case, slot_for(at(date(2026, 11, 26), 10), cora, hub))
    new_start = at(date(2026, 11, 27), 14)
    assert booking.move(appointment, new_start, room_id=hub.rooms[1]) == [appointment]
    (row,) = appointment_rows(handler, case_id=case)
    assert (row.starts_at, row.ends_at, row.room_id) == (
        new_start,
        new_start + timedelta(minutes=60),
        hub.rooms[1],
    )
    with handler.case.connect() as conn:
        moved = conn.execute(
            select(schema.appointment_events).where(schema.appointment_events.c.event == "moved")
        ).one()
    assert (moved.old_starts_at, moved.new_starts_at) == (at(date(2026, 11, 26), 10), new_start)


def test_move_onto_a_booked_room_is_refused_and_changes_nothing(
    handler: Session, world: World, hub: Place, cora: int
) -> None:
    booking = BookingService(handler)
    mark = world.counsellor("Mark", gender="male", at=hub)
    first = booking.book_assessment(
        world.new_case(), slot_for(at(date(2026, 11, 26), 10), cora, hub)
    )
    booking.book_assessment(world.new_case(), slot_for(at(date(2026, 11, 26), 14), mark, hub))
    before = appointment_rows(handler)
    with pytest.raises(SlotTaken) as caught:
        booking.move(first, at(date(2026, 11, 26), 14, 30))
    assert caught.value.what == "room"
    with pytest.raises(NotBookable) as refused:
        booking.move(first, at(date(2026, 11, 26), 18))
    assert refused.value.reason == "outside_venue_hours"
    assert appointment_rows(handler) == before


def test_move_within_a_full_week_is_allowed(handler: Session, world: World, hub: Place) -> None:
    """Moving an appointment inside its own week does not add one to the counsellor's week."""
    busy = world.counsellor("Busy", at=hub, max_per_week=2)
    booking = BookingService(handler)
    first = booking.book_assessment(
        world.new_case(), slot_for(at(date(2026, 12, 1), 10), busy, hub)
    )
    booking.book_assessment(world.new_case(), slot_for(at(date(2026, 12, 2), 10), busy, hub))
    booking.move(first, at(date(2026, 12, 3), 14))
    assert appointment_rows(handler, id=first)[0].starts_at == at(date(2026, 12, 3), 14)


def test_move_with_following_keeps_wall_clock_across_the_clock_change(
    handler: Session, world: World, hub: Place, cora: int
) -> None:
    booking = BookingService(handler)
    case = world.new_case(status="active")
    ids = booking.book_series(
        booking.plan_series(case, at(date(2027, 3, 11), 10), cora, hub.id, hub.room, count=4)
    )
    # Thursdays 11, 18, 25 March and 1 April (BST from 28 March): move all but the first to the
    # day before at 11:30.
    moved = booking.move(ids[1], at(date(2027, 3, 17), 11, 30), with_following=True)
    assert moved == ids[1:]
    assert [r.starts_at for r in appointment_rows(handler, case_id=case)] == [
        datetime(2027, 3, 11, 10, tzinfo=UTC),  # left alone
        datetime(2027, 3, 17, 11, 30, tzinfo=UTC),  # GMT
        datetime(2027, 3, 24, 11, 30, tzinfo=UTC),
        datetime(2027, 3, 31, 10, 30, tzinfo=UTC),  # BST: still 11:30 in London
    ]


def test_move_series_one_week_later(handler: Session, world: World, hub: Place, cora: int) -> None:
    """Pushing a whole series back a week lands each session where the next one was."""
    booking = BookingService(handler)
    case = world.new_case(status="active")
    ids = booking.book_series(
        booking.plan_series(case, at(date(2026, 12, 1), 10), cora, hub.id, hub.room, count=3)
    )
    booking.move(ids[0], at(date(2026, 12, 8), 10), with_following=True)
    assert [r.starts_at for r in appointment_rows(handler, case_id=case)] == [
        at(date(2026, 12, 8), 10),
        at(date(2026, 12, 15), 10),
        at(date(2026, 12, 22), 10),
    ]


def test_move_refuses_anything_but_a_booked_appointment(
    handler: Session, world: World, hub: Place, cora: int
) -> None:
    booking = BookingService(handler)
    appointment = booking.book_assessment(
        world.new_case(), slot_for(at(date(2026, 11, 26), 10), cora, hub)
    )
    booking.cancel(appointment, by="service")
    with pytest.raises(NotBookable) as caught:
        booking.move(appointment, at(date(2026, 11, 27), 10))
    assert caught.value.reason == "not_booked"


# -- cancelling ------------------------------------------------------------------------------------


def test_client_cancellation_under_24_hours_is_late_and_counts_like_a_dna(
    admin: Session, handler: Session, world: World, hub: Place, cora: int
) -> None:
    booking = BookingService(handler)
    case = world.new_case(status="active")
    early = world.appointment(case, cora, hub, NOW + timedelta(hours=25))
    late = world.appointment(case, cora, hub, NOW + timedelta(hours=23), room=hub.rooms[1])
    service = world.appointment(case, cora, hub, NOW + timedelta(days=3))
    assert booking.cancel(early, by="client") == [early]
    assert booking.cancel(late, by="client") == [late]
    assert booking.cancel(service, by="service") == [service]
    statuses = {r.id: (r.status, r.cancelled_at, r.cancelled_by) for r in appointment_rows(handler)}
    assert statuses == {
        early: ("cancelled_client", NOW, "handler"),
        late: ("cancelled_client_late", NOW, "handler"),
        service: ("cancelled_service", NOW, "handler"),
    }
    client_id = appointment_rows(handler)[0].client_id
    allowance = AllowanceService(handler)
    status = allowance.status(client_id, "counselling", NOW.date())
    assert (status.used, status.booked) == (1, 0)  # only the late one counts
    SettingsService(admin).update({"dna_counts": False})
    assert allowance.status(client_id, "counselling", NOW.date()).used == 0


def test_late_cancellation_window_is_a_setting(
    admin: Session, handler: Session, world: World, hub: Place, cora: int
) -> None:
    SettingsService(admin).update({"late_cancel_hours": 48})
    case = world.new_case(status="active")
    appointment = world.appointment(case, cora, hub, NOW + timedelta(hours=30))
    BookingService(handler).cancel(appointment, by="client")
    assert appointment_rows(handler, id=appointment)[0].status == "cancelled_client_late"


def test_cancel_one_or_all_following_in_a_series(
    handler: Session, world: World, hub: Place, cora: int
) -> None:
    booking = BookingService(handler)
    case = world.new_case(status="active")
    ids = booking.book_series(
        booking.plan_series(case, at(date(2026, 12, 1), 10), cora, hub.id, hub.room, count=5)
    )
    assert booking.cancel(ids[1], by="service") == [ids[1]]
    assert booking.cancel(ids[3], by="client", with_following=True) == ids[3:]
    statuses = [r.status for r in appointment_rows(handler, case_id=case)]
    assert statuses == [
        "booked",
        "cancelled_service",
        "booked",
        "cancelled_client",
        "cancelled_client",
    ]
    with pytest.raises(NotBookable):
        booking.cancel(ids[1], by="client")
    with pytest.raises(NotBookable):
        booking.cancel(ids[0], by="nobody")


def test_cancelling_the_assessment_puts_the_case_back_on_the_waiting_list(
    handler: Session, world: World, hub: Place, cora: int
) -> None:
    booking = BookingService(handler)
    case = world.new_case()
    appointment = booking.book_assessment(case, slot_for(at(date(2026, 11, 26), 10), cora, hub))
    booking.cancel(appointment, by="client")
    assert case_status(handler, case)[0] == "waiting"


def test_cancelled_appointment_frees_its_time(
    handler: Session, world: World, hub: Place, cora: int
) -> None:
    booking = BookingService(handler)
    slot = slot_for(at(date(2026, 11, 26), 10), cora, hub)
    first = booking.book_assessment(world.new_case(), slot)
    second_case = world.new_case()
    with pytest.raises(SlotTaken):
        booking.book_assessment(second_case, slot)
    booking.cancel(first, by="service")
    second = booking.book_assessment(second_case, slot)
    assert appointment_rows(handler, id=second)[0].status == "booked"


# -- attendance and follow-ups ---------------------------------------------------------------------


def test_attendance_dna_goes_on_the_follow_up_list(
    open_as: Callable[[str], Session],
    handler: Session,
    world: World,
    hub: Place,
    cora: int,
    clock: FakeClock,
) -> None:
    booking = BookingService(handler)
    case = world.case(world.client(first_name="Kim", last_name="Lowe"), status="active")
    start = at(date(2026, 11, 26), 10)
    appointment = world.appointment(case, cora, hub, start)
    with pytest.raises(NotBookable) as caught:
        booking.record_attendance(appointment, "dna")
    assert caught.value.reason == "not_yet_happened"
    clock.now = start + timedelta(hours=2)
    with pytest.raises(NotBookable):
        booking.record_attendance(appointment, "late")
    # A counsellor records attendance, though they cannot book.
    BookingService(open_as("counsellor")).record_attendance(appointment, "dna")
    assert appointment_rows(handler, id=appointment)[0].status == "dna"
    (follow_up,) = booking.follow_ups()
    assert (follow_up.case_id, follow_up.reason, follow_up.initials, follow_up.appointment_at) == (
        case,
        "dna",
        "KL",
        start,
    )
    booking.complete_follow_up(follow_up.id)
    assert booking.follow_ups() == []
    with handler.case.connect() as conn:
        done = conn.execute(select(schema.follow_ups)).one()
    assert (done.done_by, done.done_at) == ("handler", clock.now)


def test_attended_assessment_makes_the_case_active(
    handler: Session, world: World, hub: Place, cora: int, clock: FakeClock
) -> None:
    booking = BookingService(handler)
    case = world.new_case()
    start = at(date(2026, 11, 26), 10)
    appointment = booking.book_assessment(case, slot_for(start, cora, hub))
    clock.now = start + timedelta(hours=1)
    booking.record_attendance(appointment, "attended")
    assert case_status(handler, case) == ("active", cora)
    assert booking.follow_ups() == []
    client = appointment_rows(handler, id=appointment)[0].client_id
    assert AllowanceService(handler).status(client, "counselling", start.date()).used == 1


# -- permissions -----------------------------------------------------------------------------------


def test_manager_and_counsellor_cannot_book(
    open_as: Callable[[str], Session], world: World, hub: Place, cora: int
) -> None:
    case = world.new_case()
    slot = slot_for(at(date(2026, 11, 26), 10), cora, hub)
    existing = world.appointment(world.new_case(), cora, hub, at(date(2026, 11, 27), 10))
    for username in ("manager", "counsellor"):
        booking = BookingService(open_as(username))
        attempts: list[Callable[[], object]] = [
            lambda b=booking: b.find_slots(SlotQuery(case)),
            lambda b=booking: b.book_assessment(case, slot),
            lambda b=booking: b.plan_series(case, slot.starts_at, cora, hub.id, hub.room, 2),
            lambda b=booking: b.move(existing, at(date(2026, 11, 30), 10)),
            lambda b=booking: b.cancel(existing, by="service"),
        ]
        for attempt in attempts:
            with pytest.raises(PermissionDenied):
                attempt()
    manager = BookingService(open_as("manager"))
    with pytest.raises(PermissionDenied):
        manager.record_attendance(existing, "attended")
    with pytest.raises(PermissionDenied):
        manager.follow_ups()
    admin = world.admin
    assert [(r.id, r.status) for r in appointment_rows(admin)] == [(existing, "booked")]


# -- the database refuses double bookings ----------------------------------------------------------


STAMP = "%Y-%m-%d %H:%M:%S.%f"  # how SQLAlchemy stores DateTime in SQLite


def _raw_insert(raw: Any, row: Any, start: datetime, minutes: int = 50, **changes: Any) -> None:
    values = {
        "case_id": row.case_id,
        "client_id": row.client_id,
        "counsellor_id": row.counsellor_id,
        "venue_id": row.venue_id,
        "room_id": row.room_id,
        "starts_at": start.astimezone(UTC).strftime(STAMP),
        "ends_at": (start + timedelta(minutes=minutes)).astimezone(UTC).strftime(STAMP),
        "kind": "session",
        "status": "booked",
        **changes,
    }
    columns = ", ".join(values)
    marks = ", ".join("?" for _ in values)
    raw.execute(f"INSERT INTO appointments ({columns}) VALUES ({marks})", tuple(values.values()))


def test_database_refuses_overlapping_rows_written_with_raw_sql(
    admin: Session, world: World, hub: Place, cora: int
) -> None:
    mark = world.counsellor("Mark", gender="male", at=hub)
    start = at(date(2026, 11, 26), 10)
    existing = world.appointment(world.new_case(), cora, hub, start)
    (row,) = appointment_rows(admin, id=existing)
    other_case = world.new_case()
    with admin.case.connect() as conn:
        other_client = conn.execute(
            select(schema.cases.c.client_id).where(schema.cases.c.id == other_case)
        ).scalar_one()
    raw = connect(admin.data.case_db, admin.key(KeyName.CASE), store="case")
    try:
        base = {"case_id": other_case, "client_id": other_client}
        clashes = [
            ("room_clash", {**base, "counsellor_id": mark}),  # same room, other everything
            ("counsellor_clash", {**base, "room_id": hub.rooms[1]}),  # same counsellor
            ("client_clash", {"counsellor_id": mark, "room_id": hub.rooms[1]}),  # same client
        ]
        for offset in (0, 25, -25):
            for error, changes in clashes:
                with pytest.raises(sqlcipher3.IntegrityError, match=error):
                    _raw_insert(raw, row, start + timedelta(minutes=offset), **changes)
        # Back to back is fine, and so is a cancelled row over the same time.
        _raw_insert(raw, row, start + timedelta(minutes=50), **base, counsellor_id=mark)
        _raw_insert(raw, row, start - timedelta(minutes=50), **base, counsellor_id=mark)
        _raw_insert(raw, row, start, status="cancelled_client")
        # Bringing the cancelled one back, or moving another onto the booked one, is refused.
        with pytest.raises(sqlcipher3.IntegrityError, match="room_clash"):
            raw.execute(
                "UPDATE appointments SET status = 'booked' WHERE status = 'cancelled_client'"
            )
        with pytest.raises(sqlcipher3.IntegrityError, match="room_clash"):
            raw.execute(
                "UPDATE appointments SET starts_at = ?, ends_at = ? WHERE starts_at = ?",
                (
                    (start + timedelta(minutes=10)).strftime(STAMP),
                    (start + timedelta(minutes=60)).strftime(STAMP),
                    (start + timedelta(minutes=50)).strftime(STAMP),
                ),
            )
        with pytest.raises(sqlcipher3.IntegrityError, match="bad_times"):
            _raw_insert(raw, row, start + timedelta(days=1), minutes=0, **base)
    finally:
        raw.close()
    active = [r for r in appointment_rows(admin) if r.status in ACTIVE]
    assert len(active) == 3


def test_two_copies_of_the_app_booking_in_turn(
    open_as: Callable[[str], Session], world: World, hub: Place, cora: int
) -> None:
    mark = world.counsellor("Mark", gender="male", at=hub)
    first, second = BookingService(open_as("handler")), BookingService(open_as("handler"))
    start = at(date(2026, 11, 26), 10)
    first.book_assessment(world.new_case(), slot_for(start, cora, hub))
    case = world.new_case()
    with pytest.raises(SlotTaken) as caught:
        second.book_assessment(case, slot_for(start + timedelta(minutes=30), mark, hub))
    assert caught.value.what == "room"
    with pytest.raises(SlotTaken) as caught:
        second.book_assessment(case, slot_for(start, cora, hub, hub.rooms[1]))
    assert caught.value.what == "counsellor"
    assert len(appointment_rows(world.admin)) == 1
    second.book_assessment(case, slot_for(start, mark, hub, hub.rooms[1]))


def _book_after(
    barrier: threading.Barrier, outcomes: list[object], session: Session, case: int, slot: Slot
) -> None:
    barrier.wait(timeout=10)
    try:
        result: object = BookingService(session).book_assessment(case, slot)
    except Exception as exc:  # recorded and checked by the test
        result = exc
    outcomes.append(result)  # list.append is atomic


def test_two_copies_of_the_app_booking_at_once(
    open_as: Callable[[str], Session], world: World, hub: Place, cora: int
) -> None:
    mark = world.counsellor("Mark", gender="male", at=hub)
    sessions = [open_as("handler"), open_as("admin")]
    for round_no, day in enumerate((date(2026, 11, 26), date(2026, 11, 27), date(2026, 11, 30))):
        start = at(day, 10)
        plans = [
            (sessions[0], world.new_case(), slot_for(start, cora, hub)),
            (sessions[1], world.new_case(), slot_for(start, mark, hub)),
        ]
        barrier = threading.Barrier(2)
        outcomes: list[object] = []
        threads = [
            threading.Thread(target=_book_after, args=(barrier, outcomes, *plan)) for plan in plans
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        assert not any(thread.is_alive() for thread in threads)
        won = [o for o in outcomes if isinstance(o, int)]
        lost = [o for o in outcomes if not isinstance(o, int)]
        assert len(won) == 1, (round_no, outcomes)
        assert len(lost) == 1 and isinstance(lost[0], SlotTaken), outcomes
        assert lost[0].what == "room"
        booked = [r for r in appointment_rows(world.admin) if r.starts_at == start]
        assert [(r.id, r.room_id, r.status) for r in booked] == [(won[0], hub.room, "booked")]


def test_a_closed_case_takes_no_assessment_and_a_waiting_case_no_series(
    handler: Session, world: World, hub: Place, cora: int
) -> None:
    booking = BookingService(handler)
    closed = world.new_case(status="closed")
    with pytest.raises(NotBookable) as caught:
        booking.book_assessment(closed, slot_for(at(date(2026, 11, 26), 10), cora, hub))
    assert caught.value.reason == "case_closed"
    waiting = world.new_case()
    plan = booking.plan_series(waiting, at(date(2026, 11, 26), 10), cora, hub.id, hub.room, count=2)
    with pytest.raises(NotBookable) as caught:
        booking.book_series(plan)
    assert caught.value.reason == "assessment_first"
    assert appointment_rows(handler, case_id=closed) == []
    assert appointment_rows(handler, case_id=waiting) == []


def test_recording_a_dna_twice_puts_one_follow_up_on_the_list(
    handler: Session, world: World, hub: Place, cora: int, clock: FakeClock
) -> None:
    booking = BookingService(handler)
    case = world.case(world.client(first_name="Ann", last_name="Orr"), status="active")
    start = at(date(2026, 11, 26), 10)
    appointment = world.appointment(case, cora, hub, start)
    clock.now = start + timedelta(hours=2)
    booking.record_attendance(appointment, "dna")
    booking.record_attendance(appointment, "dna")
    assert len(booking.follow_ups()) == 1
