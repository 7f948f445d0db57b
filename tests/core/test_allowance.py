"""The yearly allowance: financial or rolling year, limits, did-not-attend, authorisations."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import insert, select

from supportline.db import schema
from supportline.errors import PermissionDenied
from supportline.roles import Role
from supportline.services.allowance import (
    AllowanceExceeded,
    AllowanceService,
    InvalidAuthorisation,
    year_bounds,
)
from supportline.services.settings import SettingsService
from supportline.services.users import UserService
from supportline.session import Session
from tests.core.support import FakeClock

NOW = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)
TODAY = date(2026, 11, 24)
LEAD_PASSWORD = "lead password 1"


class Chain:
    """A client with a case per service, and a counsellor, venue and room to book them into."""

    def __init__(self, admin: Session) -> None:
        self.admin = admin
        with admin.case_tx() as conn:
            self.client = conn.execute(
                insert(schema.clients).values(
                    reference="SL-000001", first_name="Jo", last_name="Smith", created_at=NOW
                )
            ).inserted_primary_key[0]
            self.counsellor = conn.execute(
                insert(schema.counsellors).values(display_name="Cora", gender="female")
            ).inserted_primary_key[0]
            self.venue = conn.execute(
                insert(schema.venues).values(
                    code="V1",
                    name="Venue",
                    address="1 High Street",
                    town="Maidstone",
                    postcode="ME14 1XX",
                    district="Maidstone",
                    lat=51.27,
                    lon=0.52,
                )
            ).inserted_primary_key[0]
            self.room = conn.execute(
                insert(schema.rooms).values(venue_id=self.venue, name="Room 1")
            ).inserted_primary_key[0]
            self.cases = {
                service: conn.execute(
                    insert(schema.cases).values(
                        client_id=self.client,
                        service=service,
                        referral_route="self",
                        status="active",
                        opened_at=NOW,
                    )
                ).inserted_primary_key[0]
                for service in ("counselling", "coaching", "mediation")
            }

    def book(
        self, starts_at: datetime, status: str = "attended", service: str = "counselling"
    ) -> None:
        with self.admin.case_tx() as conn:
            conn.execute(
                insert(schema.appointments).values(
                    case_id=self.cases[service],
                    client_id=self.client,
                    counsellor_id=self.counsellor,
                    venue_id=self.venue,
                    room_id=self.room,
                    starts_at=starts_at,
                    ends_at=starts_at + timedelta(minutes=50),
                    kind="session",
                    status=status,
                )
            )


@pytest.fixture
def chain(admin: Session) -> Chain:
    return Chain(admin)


def weekly(first: datetime, count: int) -> list[datetime]:
    return [first + timedelta(weeks=n) for n in range(count)]


def test_year_bounds() -> None:
    assert year_bounds("financial", date(2026, 11, 24)) == (date(2026, 4, 1), date(2027, 3, 31))
    assert year_bounds("financial", date(2027, 3, 31)) == (date(2026, 4, 1), date(2027, 3, 31))
    assert year_bounds("financial", date(2027, 4, 1)) == (date(2027, 4, 1), date(2028, 3, 31))
    assert year_bounds("rolling", date(2026, 11, 24)) == (date(2025, 11, 25), date(2026, 11, 24))


def test_financial_year_counts_attended_dna_and_committed(handler: Session, chain: Chain) -> None:
    chain.book(datetime(2026, 3, 31, 10, tzinfo=UTC))  # last financial year
    chain.book(datetime(2026, 5, 1, 10, tzinfo=UTC))
    chain.book(datetime(2026, 5, 8, 10, tzinfo=UTC), "dna")
    chain.book(datetime(2026, 5, 15, 10, tzinfo=UTC), "cancelled_client")
    chain.book(datetime(2026, 11, 23, 10, tzinfo=UTC), "booked")  # past but not yet recorded
    chain.book(datetime(2026, 12, 1, 10, tzinfo=UTC), "booked")  # future: committed
    chain.book(datetime(2027, 4, 1, 10, tzinfo=UTC), "booked")  # next financial year
    status = AllowanceService(handler).status(chain.client, "counselling", TODAY)
    assert (status.year_start, status.year_end) == (date(2026, 4, 1), date(2027, 3, 31))
    assert status.limit == 7
    assert status.dna_counts is True
    assert (status.used, status.booked) == (3, 1)
    assert status.left == 3
    assert not status.over_limit


def test_dna_not_counted_when_the_setting_says_so(
    admin: Session, handler: Session, chain: Chain
) -> None:
    chain.book(datetime(2026, 5, 1, 10, tzinfo=UTC))
    chain.book(datetime(2026, 5, 8, 10, tzinfo=UTC), "dna")
    assert AllowanceService(handler).status(chain.client, "counselling", TODAY).used == 2
    SettingsService(admin).update({"dna_counts": False})
    status = AllowanceService(handler).status(chain.client, "counselling", TODAY)
    assert status.used == 1 and status.dna_counts is False


def test_limit_is_a_setting(admin: Session, handler: Session, chain: Chain) -> None:
    SettingsService(admin).update({"counselling_limit": 10})
    status = AllowanceService(handler).status(chain.client, "counselling", TODAY)
    assert (status.limit, status.left) == (10, 10)


def test_financial_year_boundary_in_london_time(handler: Session, chain: Chain) -> None:
    # BST began on 28 March 2027: 22:30 UTC on 31 March is 23:30 on 31 March in London (old year);
    # 23:30 UTC on 31 March is 00:30 BST on 1 April (new year).
    chain.book(datetime(2027, 3, 31, 22, 30, tzinfo=UTC))
    chain.book(datetime(2027, 3, 31, 23, 30, tzinfo=UTC))
    chain.book(datetime(2027, 4, 1, 9, 0, tzinfo=UTC))
    service = AllowanceService(handler)
    old = service.status(chain.client, "counselling", date(2027, 3, 31))
    new = service.status(chain.client, "counselling", date(2027, 4, 1))
    assert (old.year_start, old.used) == (date(2026, 4, 1), 1)
    assert (new.year_start, new.used) == (date(2027, 4, 1), 2)


def test_rolling_twelve_months_spans_the_financial_year(
    admin: Session, handler: Session, chain: Chain
) -> None:
    SettingsService(admin).update({"allowance_year": "rolling"})
    chain.book(datetime(2025, 11, 24, 12, tzinfo=UTC))  # 366 days before: out
    chain.book(datetime(2025, 11, 25, 12, tzinfo=UTC))  # first day of the window
    chain.book(datetime(2026, 2, 1, 12, tzinfo=UTC))  # previous financial year, same rolling year
    chain.book(datetime(2026, 11, 24, 9, tzinfo=UTC))  # today, before now
    status = AllowanceService(handler).status(chain.client, "counselling", TODAY)
    assert (status.year_start, status.year_end) == (date(2025, 11, 25), TODAY)
    assert status.used == 3
    financial = year_bounds("financial", TODAY)
    assert status.year_start < financial[0]


def test_require_room_refuses_past_the_limit(handler: Session, chain: Chain) -> None:
    for moment in weekly(datetime(2026, 9, 1, 10, tzinfo=UTC), 5):
        chain.book(moment)
    chain.book(datetime(2026, 12, 1, 10, tzinfo=UTC), "booked")
    service = AllowanceService(handler)
    assert service.require_room(chain.client, "counselling", TODAY).left == 1
    with pytest.raises(AllowanceExceeded) as caught:
        service.require_room(chain.client, "counselling", TODAY, wanted=2)
    assert caught.value.wanted == 2
    chain.book(datetime(2026, 12, 8, 10, tzinfo=UTC), "booked")
    with pytest.raises(AllowanceExceeded) as caught:
        service.require_room(chain.client, "counselling", TODAY)
    assert caught.value.status.left == 0
    assert caught.value.status.over_limit


def test_coaching_and_mediation_have_their_own_limits(handler: Session, chain: Chain) -> None:
    for moment in weekly(datetime(2026, 5, 1, 10, tzinfo=UTC), 7):
        chain.book(moment)  # counselling used up
    chain.book(datetime(2026, 6, 1, 10, tzinfo=UTC), service="coaching")
    service = AllowanceService(handler)
    with pytest.raises(AllowanceExceeded):
        service.require_room(chain.client, "counselling", TODAY)
    coaching = service.require_room(chain.client, "coaching", TODAY)
    assert (coaching.limit, coaching.used, coaching.left) == (6, 1, 5)
    mediation = service.require_room(chain.client, "mediation", TODAY, wanted=4)
    assert (mediation.limit, mediation.used, mediation.left) == (4, 0, 4)
    with pytest.raises(AllowanceExceeded):
        service.require_room(chain.client, "mediation", TODAY, wanted=5)
    with pytest.raises(InvalidAuthorisation):
        service.status(chain.client, "therapy", TODAY)


# -- authorising extra sessions --------------------------------------------------------------------


@pytest.fixture
def lead(admin: Session, open_as: Callable[..., Session]) -> Session:
    UserService(admin).add_user(
        "lead",
        "Lee Lead",
        [Role.COUNSELLOR],
        LEAD_PASSWORD,
        is_clinical_lead=True,
        must_change_password=False,
    )
    return open_as("lead", LEAD_PASSWORD)


@pytest.fixture
def used_up(chain: Chain) -> Chain:
    for moment in weekly(datetime(2026, 5, 1, 10, tzinfo=UTC), 7):
        chain.book(moment)
    return chain


def test_clinical_lead_authorises_extra_sessions(
    handler: Session, lead: Session, used_up: Chain, clock: FakeClock
) -> None:
    service = AllowanceService(handler)
    with pytest.raises(AllowanceExceeded):
        service.require_room(used_up.client, "counselling", TODAY)
    auth_id = AllowanceService(lead).authorise(
        used_up.client, "counselling", TODAY, 3, "  Risk: needs continuity  "
    )
    status = service.require_room(used_up.client, "counselling", TODAY, wanted=3)
    assert (status.authorised_extra, status.allowed, status.left) == (3, 10, 3)
    with handler.case.connect() as conn:
        row = conn.execute(
            select(schema.allowance_authorisations).where(
                schema.allowance_authorisations.c.id == auth_id
            )
        ).one()
        audit = (
            conn.execute(
                select(schema.case_audit.c.actor).where(
                    schema.case_audit.c.action == "allowance.authorised"
                )
            )
            .scalars()
            .all()
        )
    assert (row.authorised_by, row.reason, row.applies_on, row.authorised_at) == (
        "lead",
        "Risk: needs continuity",
        TODAY,
        clock.now,
    )
    assert audit == ["lead"]
    # The extra belongs to this financial year only, from its first day to its last.
    assert service.status(used_up.client, "counselling", date(2026, 4, 1)).authorised_extra == 3
    assert service.status(used_up.client, "counselling", date(2027, 3, 31)).authorised_extra == 3
    nxt = service.status(used_up.client, "counselling", date(2027, 4, 1))
    assert nxt.authorised_extra == 0
    # ...and to this service only.
    assert service.status(used_up.client, "coaching", TODAY).authorised_extra == 0


def test_administrator_may_authorise(admin: Session, handler: Session, used_up: Chain) -> None:
    AllowanceService(admin).authorise(used_up.client, "counselling", TODAY, 1, "Agreed at review")
    assert AllowanceService(handler).status(used_up.client, "counselling", TODAY).left == 1


def test_authorisation_needs_a_clinical_lead(
    open_as: Callable[..., Session], used_up: Chain
) -> None:
    for username in ("counsellor", "handler", "manager"):
        with pytest.raises(PermissionDenied):
            AllowanceService(open_as(username)).authorise(
                used_up.client, "counselling", TODAY, 2, "Good reason"
            )
    admin = open_as("admin")
    with admin.case.connect() as conn:
        assert conn.execute(select(schema.allowance_authorisations)).all() == []


def test_authorisation_needs_a_reason_and_a_sensible_number(lead: Session, used_up: Chain) -> None:
    service = AllowanceService(lead)
    for reason in ("", "   ", "ok"):
        with pytest.raises(InvalidAuthorisation) as caught:
            service.authorise(used_up.client, "counselling", TODAY, 2, reason)
        assert caught.value.reason == "reason_required"
    for extra in (0, -1, 21):
        with pytest.raises(InvalidAuthorisation) as caught:
            service.authorise(used_up.client, "counselling", TODAY, extra, "Clinical need")
        assert caught.value.reason == "extra_sessions"
    with pytest.raises(InvalidAuthorisation) as caught:
        service.authorise(used_up.client, "therapy", TODAY, 2, "Clinical need")
    assert caught.value.reason == "service"


def test_manager_cannot_see_allowance(open_as: Callable[..., Session], chain: Chain) -> None:
    service = AllowanceService(open_as("manager"))
    with pytest.raises(PermissionDenied):
        service.status(chain.client, "counselling", TODAY)
    with pytest.raises(PermissionDenied):
        service.require_room(chain.client, "counselling", TODAY)


# -- the rolling year ------------------------------------------------------------------------------


def test_rolling_year_authorisation_stays_in_force_until_the_window_passes_it(
    admin: Session, handler: Session, used_up: Chain, clock: FakeClock
) -> None:
    SettingsService(admin).update({"allowance_year": "rolling"})
    service = AllowanceService(handler)
    assert service.status(used_up.client, "counselling", TODAY).left == 0
    AllowanceService(admin).authorise(used_up.client, "counselling", TODAY, 2, "Continuity")
    assert service.status(used_up.client, "counselling", TODAY).authorised_extra == 2
    # The next day the window has moved on by one day; the authorisation has not gone with it.
    clock.now = NOW + timedelta(days=1)
    tomorrow = service.status(used_up.client, "counselling", TODAY + timedelta(days=1))
    assert (tomorrow.authorised_extra, tomorrow.allowed, tomorrow.left) == (2, 9, 2)
    service.require_room(used_up.client, "counselling", TODAY + timedelta(days=1), wanted=2)
    # In force while the rolling window still covers the day it was given, and not after.
    last = service.status(used_up.client, "counselling", TODAY + timedelta(days=364))
    assert last.authorised_extra == 2
    after = service.status(used_up.client, "counselling", TODAY + timedelta(days=365))
    assert after.authorised_extra == 0
    # Nor does it reach back to a day before it was given.
    before = service.status(used_up.client, "counselling", TODAY - timedelta(days=1))
    assert before.authorised_extra == 0


def test_switching_the_year_setting_keeps_authorisations(
    admin: Session, handler: Session, used_up: Chain
) -> None:
    AllowanceService(admin).authorise(used_up.client, "counselling", TODAY, 1, "Continuity")
    service = AllowanceService(handler)
    assert service.status(used_up.client, "counselling", TODAY).authorised_extra == 1
    SettingsService(admin).update({"allowance_year": "rolling"})
    assert service.status(used_up.client, "counselling", TODAY).authorised_extra == 1
    SettingsService(admin).update({"allowance_year": "financial"})
    assert service.status(used_up.client, "counselling", date(2027, 3, 31)).authorised_extra == 1


def test_rolling_year_counts_sessions_booked_after_the_day_asked_about(
    admin: Session, handler: Session, chain: Chain
) -> None:
    """A session today shares a rolling year with every session in the next 12 months: seven
    already booked early next year leave no room today."""
    SettingsService(admin).update({"allowance_year": "rolling"})
    for moment in weekly(datetime(2027, 1, 5, 10, tzinfo=UTC), 7):
        chain.book(moment, "booked")
    service = AllowanceService(handler)
    status = service.status(chain.client, "counselling", TODAY)
    assert (status.booked, status.left) == (7, 0)
    with pytest.raises(AllowanceExceeded):
        service.require_room(chain.client, "counselling", TODAY)
    # A year after the last of them, there is room again.
    assert service.status(chain.client, "counselling", date(2028, 2, 17)).left == 7


def test_rolling_room_is_the_tightest_of_the_years_a_session_falls_in(
    admin: Session, handler: Session, chain: Chain
) -> None:
    """Three sessions a year ago and five booked over the next two months: a session today
    falls in its own year (three used: room 4) and in the year of each later booking; the year
    ending on the fifth booking holds all five (room 2), so there is room for 2, not 4 and not
    7 - 3 - 5 = 0."""
    SettingsService(admin).update({"allowance_year": "rolling"})
    for moment in weekly(datetime(2025, 11, 25, 10, tzinfo=UTC), 3):
        chain.book(moment)
    for moment in weekly(datetime(2026, 12, 15, 10, tzinfo=UTC), 5):
        chain.book(moment, "booked")
    service = AllowanceService(handler)
    status = service.status(chain.client, "counselling", TODAY)
    assert (status.used, status.booked, status.left) == (3, 5, 2)
    service.require_room(chain.client, "counselling", TODAY, wanted=2)
    with pytest.raises(AllowanceExceeded):
        service.require_room(chain.client, "counselling", TODAY, wanted=3)
