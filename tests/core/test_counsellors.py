"""Counsellors: profiles, availability inside venue hours, leave, and who may edit what."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from datetime import date, time
from pathlib import Path

import pytest

from supportline.errors import PermissionDenied
from supportline.services.booking import BookingService, NotBookable, SlotQuery
from supportline.services.counsellors import (
    Availability,
    CounsellorService,
    InvalidCounsellor,
    Leave,
)
from supportline.session import Session, unlock
from tests.conftest import PASSWORDS
from tests.core.test_booking import NOW, FakeClock, Place, World, at, build_template, slot_for


@pytest.fixture(scope="module")
def template_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_template(tmp_path_factory.mktemp("template") / "data")


@pytest.fixture
def open_as(template_dir: Path, tmp_path: Path) -> Iterator[Callable[[str], Session]]:
    store = tmp_path / "data"
    shutil.copytree(template_dir, store)
    opened: list[Session] = []

    def _open(username: str) -> Session:
        session = unlock(store, username, PASSWORDS[username], clock=FakeClock(NOW))
        opened.append(session)
        return session

    yield _open
    for session in opened:
        session.close()


@pytest.fixture
def admin(open_as: Callable[[str], Session]) -> Session:
    return open_as("admin")


@pytest.fixture
def world(admin: Session) -> World:
    return World(admin)


@pytest.fixture
def hub(world: World) -> Place:
    """Open Monday to Friday 09:00-17:00 and Saturday 09:00-12:30."""
    hours = {d: (time(9), time(17)) for d in range(5)} | {5: (time(9), time(12, 30))}
    return world.venue("Hub", 51.2870, 0.5370, rooms=2, hours=hours)


@pytest.fixture
def pair(world: World, hub: Place) -> tuple[int, int]:
    """Cora belongs to the ``counsellor`` user; Mark to nobody who can sign in."""
    return world.counsellor("Cora", user="counsellor", at=()), world.counsellor("Mark", at=())


def test_availability_must_sit_inside_the_venue_hours(
    admin: Session, hub: Place, pair: tuple[int, int]
) -> None:
    cora = pair[0]
    service = CounsellorService(admin)
    good = [
        Availability(hub.id, 0, time(9), time(17)),
        Availability(hub.id, 5, time(9, 30), time(12, 30)),
    ]
    service.set_availability(cora, good)
    assert service.get(cora).availability == tuple(good)
    for bad, reason in (
        (Availability(hub.id, 1, time(8, 30), time(12)), "outside_venue_hours"),
        (Availability(hub.id, 5, time(9), time(13)), "outside_venue_hours"),
        (Availability(hub.id, 6, time(10), time(11)), "outside_venue_hours"),  # shut on Sundays
        (Availability(hub.id, 2, time(14), time(13)), "ends_before_start"),
    ):
        with pytest.raises(InvalidCounsellor) as caught:
            service.set_availability(cora, [*good, bad])
        assert [p.reason for p in caught.value.problems] == [reason]
        assert service.get(cora).availability == tuple(good)  # unchanged
    service.set_availability(cora, [])
    assert service.get(cora).availability == ()


def test_a_counsellor_edits_only_their_own_availability_and_leave(
    open_as: Callable[[str], Session], hub: Place, pair: tuple[int, int]
) -> None:
    cora, mark = pair
    own = CounsellorService(open_as("counsellor"))
    mine = own.mine()
    assert mine is not None and mine.id == cora
    slot = [Availability(hub.id, 2, time(10), time(16))]
    own.set_availability(cora, slot)
    own.add_leave(cora, date(2026, 12, 21), date(2026, 12, 24))
    with pytest.raises(PermissionDenied):
        own.set_availability(mark, slot)
    with pytest.raises(PermissionDenied):
        own.add_leave(mark, date(2026, 12, 21), date(2026, 12, 24))
    with pytest.raises(PermissionDenied):
        own.save("Cora", "female", ["English"], ["counselling"], 40, counsellor_id=cora)
    handler = CounsellorService(open_as("handler"))
    with pytest.raises(PermissionDenied):
        handler.set_availability(cora, [])
    assert handler.get(mark).availability == () and handler.get(mark).leave == ()
    assert handler.get(cora).availability == tuple(slot)
    assert handler.get(cora).leave == (Leave(date(2026, 12, 21), date(2026, 12, 24)),)
    assert handler.mine() is None
    with pytest.raises(PermissionDenied):
        CounsellorService(open_as("manager")).all()


def test_profile_validation(admin: Session) -> None:
    service = CounsellorService(admin)
    new = service.save(" Dee ", "non_binary", ["English", " Urdu "], ["coaching"], 10)
    info = service.get(new)
    assert (info.display_name, info.languages, info.services, info.max_per_week) == (
        "Dee",
        ("English", "Urdu"),
        ("coaching",),
        10,
    )
    assert info.speaks("urdu") and not info.speaks("Polish")
    for kwargs, field in (
        ({"display_name": " "}, "display_name"),
        ({"gender": "robot"}, "gender"),
        ({"languages": []}, "languages"),
        ({"services": ["therapy"]}, "services"),
        ({"max_per_week": 0}, "max_per_week"),
        ({"max_per_week": 41}, "max_per_week"),
    ):
        values = {
            "display_name": "Eve",
            "gender": "female",
            "languages": ["English"],
            "services": ["counselling"],
            "max_per_week": 10,
            **kwargs,
        }
        with pytest.raises(InvalidCounsellor) as caught:
            service.save(**values)
        assert [p.field for p in caught.value.problems] == [field]
    with pytest.raises(InvalidCounsellor):
        service.add_leave(new, date(2026, 12, 2), date(2026, 12, 1))


def test_leave_and_availability_govern_booking(
    open_as: Callable[[str], Session], world: World, hub: Place, pair: tuple[int, int]
) -> None:
    cora = pair[0]
    own = CounsellorService(open_as("counsellor"))
    own.set_availability(cora, [Availability(hub.id, 3, time(13), time(17))])  # Thursdays
    own.add_leave(cora, date(2026, 11, 26), date(2026, 11, 26))
    booking = BookingService(open_as("handler"))
    case = world.new_case()
    slots = booking.find_slots(SlotQuery(case, counsellor_id=cora, limit=4)).slots
    assert [s.local_start.replace(tzinfo=None).isoformat() for s in slots] == [
        "2026-12-03T13:00:00",
        "2026-12-03T13:30:00",
        "2026-12-03T14:00:00",
        "2026-12-03T14:30:00",
    ]
    for start, reason in (
        (at(date(2026, 11, 26), 14), "counsellor_on_leave"),
        (at(date(2026, 12, 3), 10), "outside_counsellor_availability"),
        (at(date(2026, 12, 2), 14), "outside_counsellor_availability"),
    ):
        with pytest.raises(NotBookable) as caught:
            booking.book_assessment(case, slot_for(start, cora, hub))
        assert caught.value.reason == reason
    booking.book_assessment(case, slots[0])
