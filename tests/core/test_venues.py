"""Venues: nearest to a client across 50+ venues (checked against an independent distance),
access needs, inactive and closed venues, rooms, closures, validation and permissions."""

from __future__ import annotations

import math
import random
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, time
from pathlib import Path

import pytest

from supportline.errors import PermissionDenied
from supportline.services.venues import InvalidVenue, VenueInput, VenueService
from supportline.session import Session, unlock
from tests.conftest import PASSWORDS
from tests.core.test_booking import NOW, FakeClock, build_template

CENTROIDS = {"ME14": (51.2850, 0.5350), "TN23": (51.1400, 0.8650)}  # postcode_districts.csv
CLOSED_DAY = date(2026, 12, 2)
HOURS = {d: (time(9), time(17)) for d in range(5)}


def great_circle_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Haversine written out independently of the app, mean Earth radius."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0088 * math.asin(math.sqrt(h))


@dataclass(frozen=True)
class Made:
    id: int
    code: str
    name: str
    lat: float
    lon: float
    step_free: bool
    hearing_loop: bool
    parking: bool
    active: bool
    has_room: bool
    closed_on: frozenset[date]


@pytest.fixture(scope="module")
def template_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_template(tmp_path_factory.mktemp("template") / "data")


@pytest.fixture(scope="module")
def county(tmp_path_factory: pytest.TempPathFactory, template_dir: Path) -> tuple[Path, list[Made]]:
    """56 venues across Kent, made through the service once for the module: random (seeded)
    places and access, some inactive, some with no active room, some closed on one day."""
    path = tmp_path_factory.mktemp("county") / "data"
    shutil.copytree(template_dir, path)
    rng = random.Random(20261124)
    session = unlock(path, "admin", PASSWORDS["admin"], clock=FakeClock(NOW))
    made = []
    try:
        venues = VenueService(session)
        for n in range(56):
            lat, lon = round(rng.uniform(51.05, 51.45), 4), round(rng.uniform(0.15, 1.35), 4)
            flags = [rng.random() < 0.5 for _ in range(3)]
            data = VenueInput(
                code=f"K{n:03d}",
                name=f"Venue {n:03d}",
                address=f"{n} Church Road",
                town="Somewhere",
                postcode="me14 1ab",
                district="Maidstone",
                lat=lat,
                lon=lon,
                step_free=flags[0],
                hearing_loop=flags[1],
                parking=flags[2],
                hours=HOURS,
            )
            venue_id = venues.save(data)
            active = n % 9 != 4
            has_room = n % 11 != 3
            room = venues.add_room(venue_id, "Room 1")
            if not has_room:
                venues.set_room_active(room, False)
            if not active:
                venues.set_active(venue_id, False)
            closed = frozenset({CLOSED_DAY}) if n % 7 == 2 else frozenset()
            if closed:
                venues.add_closures(venue_id, closed, "Boiler")
            made.append(
                Made(venue_id, data.code, data.name, lat, lon, *flags, active, has_room, closed)
            )
    finally:
        session.close()
    return path, made


@pytest.fixture
def open_as(county: tuple[Path, list[Made]], tmp_path: Path) -> Iterator[Callable[[str], Session]]:
    store = tmp_path / "data"
    shutil.copytree(county[0], store)
    opened: list[Session] = []

    def _open(username: str) -> Session:
        session = unlock(store, username, PASSWORDS[username], clock=FakeClock(NOW))
        opened.append(session)
        return session

    yield _open
    for session in opened:
        session.close()


@pytest.fixture
def made(county: tuple[Path, list[Made]]) -> list[Made]:
    return county[1]


def expected(
    made: list[Made],
    district: str,
    max_km: float | None = None,
    on: date | None = None,
    **needs: bool,
) -> list[tuple[str, float]]:
    out = []
    for venue in made:
        if not (venue.active and venue.has_room) or (on is not None and on in venue.closed_on):
            continue
        if any(wanted and not getattr(venue, need) for need, wanted in needs.items()):
            continue
        km = great_circle_km(CENTROIDS[district], (venue.lat, venue.lon))
        if max_km is None or km <= max_km:
            out.append((venue.code, km))
    return sorted(out, key=lambda item: (round(item[1], 2), item[0]))


def test_the_county_has_over_fifty_venues(open_as: Callable[[str], Session]) -> None:
    venues = VenueService(open_as("handler"))
    assert len(venues.all()) == 56
    assert 45 <= len(venues.all(include_inactive=False)) < 56


@pytest.mark.parametrize(
    ("postcode", "district", "max_km", "on", "needs"),
    [
        ("ME14 1AA", "ME14", None, None, {}),
        ("me141aa", "ME14", 20.0, None, {}),
        ("TN23 7QQ", "TN23", 25.0, None, {"step_free": True}),
        ("ME14 1AA", "ME14", None, None, {"hearing_loop": True, "parking": True}),
        ("ME14 1AA", "ME14", 30.0, CLOSED_DAY, {}),
        ("TN23 7QQ", "TN23", None, date(2026, 12, 3), {"step_free": True, "hearing_loop": True}),
    ],
)
def test_nearest_matches_an_independent_ranking(
    open_as: Callable[[str], Session],
    made: list[Made],
    postcode: str,
    district: str,
    max_km: float | None,
    on: date | None,
    needs: dict[str, bool],
) -> None:
    found = VenueService(open_as("handler")).nearest(postcode, max_km=max_km, on=on, **needs)
    want = expected(made, district, max_km, on, **needs)
    assert len(want) >= 3  # the case says something
    assert [near.venue.code for near in found] == [code for code, _ in want]
    for near, (_, km) in zip(found, want, strict=True):
        assert near.distance_km == pytest.approx(km, abs=0.01)
    distances = [near.distance_km for near in found]
    assert distances == sorted(distances)
    for near in found:
        assert near.venue.active and any(room.active for room in near.venue.rooms)
        assert all(getattr(near.venue, need) for need in needs)
        assert on is None or on not in near.venue.closures


def test_nearest_leaves_out_inactive_roomless_and_closed_venues(
    open_as: Callable[[str], Session], made: list[Made]
) -> None:
    venues = VenueService(open_as("handler"))
    everywhere = {near.venue.code for near in venues.nearest("ME14 1AA")}
    assert {v.code for v in made if not v.active}.isdisjoint(everywhere)
    assert {v.code for v in made if not v.has_room}.isdisjoint(everywhere)
    closed = {v.code for v in made if v.closed_on and v.active and v.has_room}
    assert closed and closed <= everywhere
    assert closed.isdisjoint(
        {near.venue.code for near in venues.nearest("ME14 1AA", on=CLOSED_DAY)}
    )
    assert venues.nearest("SW1A 1AA") == []  # no centroid outside Kent and Medway


def test_deactivating_a_venue_removes_it_at_once(
    open_as: Callable[[str], Session], made: list[Made]
) -> None:
    admin = VenueService(open_as("admin"))
    first = admin.nearest("ME14 1AA")[0].venue
    admin.set_active(first.id, False)
    assert first.id not in {near.venue.id for near in admin.nearest("ME14 1AA")}
    assert admin.get(first.id).active is False
    admin.set_active(first.id, True)
    assert admin.nearest("ME14 1AA")[0].venue.id == first.id


def test_save_validates_and_replaces_hours(open_as: Callable[[str], Session]) -> None:
    venues = VenueService(open_as("admin"))
    good = VenueInput(
        "  NEW1 ", "New Place", "1 Road", "Town", "ct1 1aa", "Canterbury", 51.28, 1.08, hours=HOURS
    )
    venue_id = venues.save(good)
    saved = venues.get(venue_id)
    assert (saved.code, saved.postcode, saved.hours) == ("NEW1", "CT1 1AA", HOURS)
    venues.save(good.__class__(**{**good.__dict__, "hours": {5: (time(9), time(12))}}), venue_id)
    assert venues.get(venue_id).hours == {5: (time(9), time(12))}
    bad = [
        ({"name": "  "}, "name"),
        ({"postcode": "not one"}, "postcode"),
        ({"lat": 40.0}, "lat"),
        ({"hours": {0: (time(17), time(9))}}, "hours"),
        ({"hours": {7: (time(9), time(17))}}, "hours"),
    ]
    for change, field in bad:
        with pytest.raises(InvalidVenue) as caught:
            venues.save(good.__class__(**{**good.__dict__, **change, "code": "X"}))
        assert field in {p.field for p in caught.value.problems}, change
    assert "X" not in {v.code for v in venues.all()}


def test_rooms_and_closures(open_as: Callable[[str], Session], made: list[Made]) -> None:
    venues = VenueService(open_as("admin"))
    target = next(v for v in made if v.active and v.has_room and not v.closed_on)
    venues.add_room(target.id, " Room 2 ")
    assert [r.name for r in venues.get(target.id).rooms] == ["Room 1", "Room 2"]
    with pytest.raises(InvalidVenue):
        venues.add_room(target.id, "   ")
    days = [date(2026, 12, 24), date(2026, 12, 31)]
    venues.add_closures(target.id, days, "Holiday")
    venues.add_closures(target.id, [*days, date(2027, 1, 4)])  # repeats are ignored
    assert venues.get(target.id).closures == frozenset({*days, date(2027, 1, 4)})
    assert target.id not in {n.venue.id for n in venues.nearest("ME14 1AA", on=days[0])}
    assert target.id in {n.venue.id for n in venues.nearest("ME14 1AA", on=date(2026, 12, 23))}


def test_only_administrators_manage_venues_and_managers_see_none(
    open_as: Callable[[str], Session], made: list[Made]
) -> None:
    handler = VenueService(open_as("handler"))
    data = VenueInput("H1", "Nope", "1 Road", "Town", "ME14 1AA", "Maidstone", 51.28, 0.53)
    for attempt in (
        lambda: handler.save(data),
        lambda: handler.set_active(made[0].id, False),
        lambda: handler.add_room(made[0].id, "Room 9"),
        lambda: handler.add_closures(made[0].id, [CLOSED_DAY]),
    ):
        with pytest.raises(PermissionDenied):
            attempt()
    manager = VenueService(open_as("manager"))
    with pytest.raises(PermissionDenied):
        manager.nearest("ME14 1AA")
    assert len(handler.all()) == 56 and handler.get(made[0].id).active == made[0].active
