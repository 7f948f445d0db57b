"""The slot finder: the earliest times that satisfy every constraint at once, and why nothing
fits when nothing does."""

from __future__ import annotations

import math
import shutil
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest

from supportline.calendar_uk import LONDON
from supportline.services.booking import BookingService, ClientWindow, NotBookable, SlotQuery
from supportline.services.settings import SettingsService
from supportline.session import Session, unlock
from tests.conftest import PASSWORDS
from tests.core.test_booking import (
    NOW,
    WORK,
    FakeClock,
    Place,
    World,
    at,
    build_template,
    slot_for,
)

ORIGIN = (51.2850, 0.5350)  # the ME14 district centroid, the clients' home by default
WED, THU = date(2026, 11, 25), date(2026, 11, 26)


def km_from_origin(lat: float, lon: float) -> float:
    """An independent great-circle distance (mean Earth radius 6371.0088 km)."""
    p1, p2 = math.radians(ORIGIN[0]), math.radians(lat)
    dp, dl = p2 - p1, math.radians(lon - ORIGIN[1])
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(a))


def local(slot_start: datetime) -> tuple[date, time]:
    moment = slot_start.astimezone(LONDON)
    return moment.date(), moment.time()


@pytest.fixture(scope="module")
def template_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_template(tmp_path_factory.mktemp("template") / "data")


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(NOW)


@pytest.fixture
def open_as(
    template_dir: Path, tmp_path: Path, clock: FakeClock
) -> Iterator[Callable[[str], Session]]:
    store = tmp_path / "data"
    shutil.copytree(template_dir, store)
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
def finder(open_as: Callable[[str], Session]) -> BookingService:
    return BookingService(open_as("handler"))


@pytest.fixture
def world(admin: Session) -> World:
    return World(admin)


@pytest.fixture
def hub(world: World) -> Place:
    """Step-free, two rooms, about 0.26 km from the ME14 centroid."""
    return world.venue("Maidstone Hub", 51.2870, 0.5370, rooms=2, step_free=True)


@pytest.fixture
def aylesford(world: World) -> Place:
    """Parking only, one room, about 8.4 km from the ME14 centroid."""
    return world.venue("Aylesford Rooms", 51.2900, 0.4150, parking=True)


@pytest.fixture
def ashford(world: World) -> Place:
    """Step-free with a hearing loop, near TN23, about 29 km from ME14."""
    return world.venue("Ashford Centre", 51.1490, 0.8720, step_free=True, hearing_loop=True)


@pytest.fixture
def cora(world: World, hub: Place) -> int:
    return world.counsellor("Cora", gender="female", languages="English, Polish", at=hub)


# -- earliest, never past, ranked ------------------------------------------------------------------


def test_earliest_slots_start_tomorrow_on_the_half_hour(
    finder: BookingService, world: World, hub: Place, cora: int
) -> None:
    result = finder.find_slots(SlotQuery(world.new_case()))
    assert result.ruled_out is None
    assert len(result.slots) == 20
    first_day = [local(s.starts_at)[1] for s in result.slots if local(s.starts_at)[0] == WED]
    assert first_day == [time(9 + n // 2, 30 * (n % 2)) for n in range(15)]  # 09:00 ... 16:00
    assert {local(s.starts_at)[0] for s in result.slots} == {WED, THU}
    assert all(s.ends_at - s.starts_at == timedelta(minutes=60) for s in result.slots)
    first = result.slots[0]
    assert (first.counsellor_id, first.venue_id, first.room_id, first.room_name) == (
        cora,
        hub.id,
        hub.rooms[0],
        "Room 1",
    )
    starts = [s.starts_at for s in result.slots]
    assert starts == sorted(starts)


def test_slots_are_never_in_the_past(
    finder: BookingService, world: World, hub: Place, cora: int
) -> None:
    for earliest in (date(2026, 11, 20), NOW.date()):
        slots = finder.find_slots(SlotQuery(world.new_case(), earliest=earliest)).slots
        assert slots and all(s.starts_at > NOW for s in slots)
        assert slots[0].starts_at == at(NOW.date(), 10, 30)  # 10:00 is now, already gone


def test_session_and_assessment_lengths_fit_inside_the_hours(
    finder: BookingService, world: World, hub: Place
) -> None:
    world.counsellor("Sam", at=hub, days=(2,), starts=time(9), ends=time(10, 50))
    case = world.new_case()
    for kind, expected in (("assessment", [time(9, 30), time(9)]), ("session", None)):
        slots = finder.find_slots(SlotQuery(case, kind=kind, weeks=1)).slots
        times = sorted({local(s.starts_at)[1] for s in slots}, reverse=True)
        if kind == "assessment":
            assert times == expected  # 09:30-10:30 fits; 10:00-11:00 does not
        else:
            assert times[0] == time(10)  # a 50-minute session at 10:00 ends at 10:50
            assert all(s.ends_at - s.starts_at == timedelta(minutes=50) for s in slots)


def test_ranked_by_time_then_distance(
    finder: BookingService, world: World, hub: Place, aylesford: Place
) -> None:
    world.counsellor("Far Fay", at=aylesford)
    world.counsellor("Near Nia", at=hub)
    slots = finder.find_slots(SlotQuery(world.new_case(), limit=40)).slots
    # One offer per counsellor and time: 09:00 at both venues, nearer first, then 09:30...
    assert [s.venue_id for s in slots[:4]] == [hub.id, aylesford.id, hub.id, aylesford.id]
    assert [s.starts_at for s in slots] == sorted(s.starts_at for s in slots)
    for s in slots:
        venue = {hub.id: (51.2870, 0.5370), aylesford.id: (51.2900, 0.4150)}[s.venue_id]
        assert s.distance_km == pytest.approx(km_from_origin(*venue), abs=0.01)
    # At one start time, the nearer venue comes first.
    by_start: dict[datetime, list[float]] = {}
    for s in slots:
        by_start.setdefault(s.starts_at, []).append(s.distance_km)
    assert all(d == sorted(d) for d in by_start.values())


# -- the client's times, distance and needs --------------------------------------------------------


def test_only_the_clients_windows_are_offered(
    finder: BookingService, world: World, hub: Place, cora: int
) -> None:
    windows = (ClientWindow(1, time(13), time(15)), ClientWindow(3, time(8), time(10, 30)))
    slots = finder.find_slots(SlotQuery(world.new_case(), windows=windows, limit=5)).slots
    assert [s.starts_at.astimezone(LONDON).replace(tzinfo=None) for s in slots] == [
        datetime(2026, 11, 26, 9, 0),
        datetime(2026, 11, 26, 9, 30),
        datetime(2026, 12, 1, 13, 0),
        datetime(2026, 12, 1, 13, 30),
        datetime(2026, 12, 1, 14, 0),
    ]
    nothing = finder.find_slots(
        SlotQuery(world.new_case(), windows=(ClientWindow(5, time(9), time(12)),))
    )
    assert nothing.slots == () and nothing.ruled_out is not None
    assert nothing.ruled_out.reason == "no_times_match"
    too_short = finder.find_slots(
        SlotQuery(world.new_case(), windows=(ClientWindow(0, time(9), time(9, 45)),))
    )
    assert too_short.ruled_out is not None and too_short.ruled_out.reason == "no_times_match"


def test_maximum_distance(finder: BookingService, world: World, aylesford: Place) -> None:
    world.counsellor("Fay", at=aylesford)
    case = world.new_case()
    near = finder.find_slots(SlotQuery(case, max_distance_km=5))
    assert near.slots == ()
    assert near.ruled_out is not None
    assert (near.ruled_out.reason, near.ruled_out.detail) == ("no_venue_within", {"km": 5})
    for km in (9, None):
        slots = finder.find_slots(SlotQuery(case, max_distance_km=km)).slots
        assert slots and {s.venue_id for s in slots} == {aylesford.id}


def test_distance_runs_from_the_postcode_the_client_prefers(
    finder: BookingService, world: World, hub: Place, ashford: Place
) -> None:
    world.counsellor("Hana", at=hub)
    world.counsellor("Asha", at=ashford)
    commuter = world.new_case(work=WORK, prefer="work")
    assert {s.venue_id for s in finder.find_slots(SlotQuery(commuter)).slots} == {ashford.id}
    at_home = finder.find_slots(SlotQuery(commuter, origin="home")).slots
    assert {s.venue_id for s in at_home} == {hub.id}
    homebody = world.new_case(work=WORK)
    assert {s.venue_id for s in finder.find_slots(SlotQuery(homebody)).slots} == {hub.id}


def test_no_origin(finder: BookingService, world: World, hub: Place, cora: int) -> None:
    for client, origin in (
        ({"home": None}, "home"),
        ({"prefer": "work"}, "work"),  # prefers work but gave no work postcode
        ({"home": "SW1A 1AA"}, "home"),  # outside Kent and Medway: no centroid
    ):
        result = finder.find_slots(SlotQuery(world.new_case(**client)))
        assert result.slots == ()
        assert result.ruled_out is not None
        assert (result.ruled_out.reason, result.ruled_out.detail) == (
            "no_origin",
            {"origin": origin},
        )


def test_access_needs_filter_venues(
    finder: BookingService, world: World, hub: Place, aylesford: Place, ashford: Place
) -> None:
    steps = world.venue("Steps Only", 51.2850, 0.5350)  # the nearest of all, not step-free
    for place in (hub, aylesford, ashford, steps):
        world.counsellor(f"At {place.id}", at=place)
    step_free = finder.find_slots(SlotQuery(world.new_case(step_free=True), limit=60)).slots
    assert {s.venue_id for s in step_free} == {hub.id}
    parking = finder.find_slots(SlotQuery(world.new_case(parking=True), limit=60)).slots
    assert {s.venue_id for s in parking} == {aylesford.id}
    both = finder.find_slots(SlotQuery(world.new_case(step_free=True, parking=True)))
    assert both.ruled_out is not None
    assert (both.ruled_out.reason, both.ruled_out.detail) == (
        "no_accessible_venue_within",
        {"need": "parking", "km": 15.0},
    )
    loop = world.new_case(hearing_loop=True)
    result = finder.find_slots(SlotQuery(loop))
    assert result.ruled_out is not None
    assert result.ruled_out.detail == {"need": "hearing_loop", "km": 15.0}
    wider = finder.find_slots(SlotQuery(loop, max_distance_km=40)).slots
    assert {s.venue_id for s in wider} == {ashford.id}
    anyone = finder.find_slots(SlotQuery(world.new_case(), limit=60)).slots
    assert {s.venue_id for s in anyone} == {hub.id, aylesford.id, steps.id}


def test_inactive_and_closed_venues_are_never_offered(
    finder: BookingService, world: World, hub: Place, cora: int
) -> None:
    shut = world.venue("Shut For Good", 51.2851, 0.5351, active=False)
    world.counsellor("Sol", at=shut)
    world.available(cora, shut)
    world.closure(hub, WED)
    slots = finder.find_slots(SlotQuery(world.new_case(), limit=40)).slots
    assert slots
    assert {s.venue_id for s in slots} == {hub.id}
    assert WED not in {local(s.starts_at)[0] for s in slots}
    assert local(slots[0].starts_at) == (THU, time(9))
    only_shut = finder.find_slots(SlotQuery(world.new_case(), venue_id=shut.id))
    assert only_shut.ruled_out is not None and only_shut.ruled_out.reason == "no_venue_within"


def test_bank_holidays_are_skipped(
    finder: BookingService, world: World, hub: Place, cora: int
) -> None:
    slots = finder.find_slots(
        SlotQuery(world.new_case(), earliest=date(2026, 12, 24), weeks=1, limit=500)
    ).slots
    days = sorted({local(s.starts_at)[0] for s in slots})
    # 25 December (Friday) and 28 December (substitute for Boxing Day) are bank holidays.
    assert days == [date(2026, 12, 24), date(2026, 12, 29), date(2026, 12, 30)]


# -- counsellors -----------------------------------------------------------------------------------


def test_counsellor_gender_language_and_name(
    finder: BookingService, world: World, hub: Place, cora: int
) -> None:
    mark = world.counsellor("Mark", gender="male", at=hub)
    case = world.new_case()
    assert {s.counsellor_id for s in finder.find_slots(SlotQuery(case, limit=40)).slots} == {
        cora,
        mark,
    }
    male = finder.find_slots(SlotQuery(case, counsellor_gender="male")).slots
    assert male and {s.counsellor_id for s in male} == {mark}
    polish = finder.find_slots(SlotQuery(case, language="polish")).slots
    assert polish and {s.counsellor_id for s in polish} == {cora}
    named = finder.find_slots(SlotQuery(case, counsellor_id=mark)).slots
    assert named and {s.counsellor_id for s in named} == {mark}
    # The client's own preferences apply when the query does not say.
    prefers = world.new_case(gender="male", language="English")
    assert {s.counsellor_id for s in finder.find_slots(SlotQuery(prefers)).slots} == {mark}
    # Male and Polish-speaking at once: nobody.
    both = finder.find_slots(SlotQuery(case, counsellor_gender="male", language="Polish"))
    assert both.ruled_out is not None
    assert both.ruled_out.reason == "no_counsellor_language_within"


def test_why_no_counsellor_fits(
    finder: BookingService, world: World, hub: Place, ashford: Place
) -> None:
    world.counsellor("Hana", at=hub)
    far = world.counsellor("Paulina", languages="English, Polish", at=ashford)
    case = world.new_case()
    reasons = {
        "language": (SlotQuery(case, language="Polish"), "no_counsellor_language_within"),
        "gender": (SlotQuery(case, counsellor_gender="male"), "no_counsellor_gender_within"),
        "named": (SlotQuery(case, counsellor_id=far), "named_counsellor_not_within"),
    }
    details = {}
    for name, (query, reason) in reasons.items():
        result = finder.find_slots(query)
        assert result.slots == () and result.ruled_out is not None, name
        assert result.ruled_out.reason == reason
        details[name] = result.ruled_out.detail
    # "No Polish-speaking counsellor within 15 km".
    assert details["language"] == {"language": "Polish", "km": 15.0}
    assert details["gender"] == {"gender": "male", "km": 15.0}
    assert details["named"] == {"counsellor_id": far, "km": 15.0}
    coaching = world.case(world.client(), service="coaching")
    result = finder.find_slots(SlotQuery(coaching))
    assert result.ruled_out is not None
    assert (result.ruled_out.reason, result.ruled_out.detail) == (
        "no_counsellor_for_service_within",
        {"service": "coaching", "km": 15.0},
    )
    wider = finder.find_slots(SlotQuery(case, language="Polish", max_distance_km=35)).slots
    assert wider and {s.counsellor_id for s in wider} == {far}


def test_leave_and_inactive_counsellors(
    finder: BookingService, world: World, hub: Place, cora: int
) -> None:
    world.leave(cora, WED, THU)
    world.counsellor("Gone", at=hub, active=False)
    slots = finder.find_slots(SlotQuery(world.new_case(), limit=40)).slots
    assert {s.counsellor_id for s in slots} == {cora}
    assert local(slots[0].starts_at) == (date(2026, 11, 27), time(9))
    whole = finder.find_slots(SlotQuery(world.new_case(), earliest=WED, weeks=1))
    world.leave(cora, date(2026, 11, 27), date(2026, 12, 31))
    everything = finder.find_slots(SlotQuery(world.new_case(), earliest=WED, weeks=1))
    assert whole.slots and everything.slots == ()
    assert everything.ruled_out is not None
    assert (everything.ruled_out.reason, everything.ruled_out.detail) == (
        "fully_booked",
        {"weeks": 1, "km": 15.0},
    )


def test_weekly_maximum_is_respected(finder: BookingService, world: World, hub: Place) -> None:
    busy = world.counsellor("Busy", at=hub, max_per_week=2)
    other = world.new_case(status="active")
    world.appointment(other, busy, hub, at(date(2026, 11, 30), 9))
    world.appointment(other, busy, hub, at(date(2026, 12, 3), 9))
    slots = finder.find_slots(
        SlotQuery(world.new_case(), earliest=date(2026, 11, 30), weeks=2, limit=500)
    ).slots
    days = {local(s.starts_at)[0] for s in slots}
    assert min(days) == date(2026, 12, 7)


def test_weekly_maximum_counts_later_bookings_in_the_last_week(
    finder: BookingService, world: World, hub: Place
) -> None:
    """A one-week search from a Wednesday ends on a Tuesday; that week's booking on Thursday
    already fills the counsellor's week, so Monday and Tuesday must not be offered."""
    one = world.counsellor("One A Week", at=hub, max_per_week=1)
    world.appointment(world.new_case(status="active"), one, hub, at(date(2026, 12, 3), 10))
    case = world.new_case()
    slots = finder.find_slots(SlotQuery(case, earliest=WED, weeks=1, limit=500)).slots
    days = sorted({local(s.starts_at)[0] for s in slots})
    assert days == [WED, THU, date(2026, 11, 27)]
    # The booking side agrees.
    monday = at(date(2026, 11, 30), 10)
    with pytest.raises(NotBookable) as caught:
        finder.book_assessment(case, slot_for(monday, one, hub))
    assert caught.value.reason == "counsellor_week_full"


# -- clashes and travel ----------------------------------------------------------------------------


def test_busy_rooms_counsellors_and_clients_are_avoided(
    finder: BookingService, world: World, hub: Place, cora: int, aylesford: Place
) -> None:
    ten = at(WED, 10)
    other = world.counsellor("Other", at=hub)
    # Room 1 taken at 10:00 by someone else: Cora gets Room 2 then.
    world.appointment(world.new_case(status="active"), other, hub, ten, room=hub.rooms[0])
    query = SlotQuery(world.new_case(), counsellor_id=cora, earliest=WED, weeks=1, limit=15)
    slots = {s.starts_at: s for s in finder.find_slots(query).slots}
    assert slots[ten].room_id == hub.rooms[1]
    assert slots[at(WED, 11)].room_id == hub.rooms[0]
    # Both rooms taken 10:00-10:50: no 09:30 or 10:00 (60 minutes would overlap), 09:00 is fine.
    world.appointment(world.new_case(status="active"), cora, hub, ten, room=hub.rooms[1])
    times = {
        local(s.starts_at)[1] for s in finder.find_slots(query).slots if s.starts_at < at(THU, 0)
    }
    assert time(9, 30) not in times and time(10) not in times
    assert {time(9), time(11)} <= times
    # The client is busy elsewhere (another case, another counsellor, another venue).
    fay = world.counsellor("Fay", at=aylesford)
    client = world.client()
    world.appointment(world.case(client, status="active"), fay, aylesford, at(WED, 14))
    mine = world.case(client, service="coaching")
    world.counsellor("Coach", services="coaching", at=hub)
    times = {
        local(s.starts_at)[1]
        for s in finder.find_slots(SlotQuery(mine, earliest=WED, weeks=1, limit=15)).slots
        if local(s.starts_at)[0] == WED
    }
    assert time(13, 30) not in times and time(14) not in times and time(14, 30) not in times
    assert {time(13), time(15)} <= times


def test_travel_gap_between_two_venues(
    admin: Session, finder: BookingService, world: World, hub: Place, aylesford: Place
) -> None:
    roamer = world.counsellor("Roamer", at=(hub, aylesford), days=(2,))
    world.appointment(world.new_case(status="active"), roamer, aylesford, at(WED, 12))  # -12:50
    case = world.new_case()

    def offered(place: Place) -> list[time]:
        result = finder.find_slots(
            SlotQuery(case, earliest=WED, weeks=1, limit=200, venue_id=place.id)
        )
        return [local(s.starts_at)[1] for s in result.slots if local(s.starts_at)[0] == WED]

    # 30 minutes' travel (the default): at the hub, nothing from 11:00 (ends 12:00) to 13:00.
    assert offered(hub) == [time(9), time(9, 30), time(10), time(10, 30)] + [
        time(13, 30),
        time(14),
        time(14, 30),
        time(15),
        time(15, 30),
        time(16),
    ]
    # At the same venue no travel is needed.
    assert {time(11), time(13)} <= set(offered(aylesford))
    SettingsService(admin).update({"travel_gap_minutes": 0})
    assert {time(11), time(13)} <= set(offered(hub))


def test_a_booked_slot_is_not_offered_again(
    finder: BookingService, world: World, hub: Place, cora: int
) -> None:
    first = finder.find_slots(SlotQuery(world.new_case())).slots[0]
    case = world.new_case()
    finder.book_assessment(case, first)
    again = finder.find_slots(SlotQuery(world.new_case())).slots
    assert again[0].starts_at == first.starts_at + timedelta(hours=1)  # Cora is busy until 10:00
    assert first.starts_at not in {s.starts_at for s in again}
    assert datetime(2026, 11, 25, 9, tzinfo=UTC) == first.starts_at
