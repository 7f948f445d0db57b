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
    assert (row.authorised_by, row.reason, row.year_start, row.authorised_at) == (
        "lead",
        "Risk: needs continuity",
        date(2026, 4, 1),
        clock.now,
    )
    assert audit == ["lead"]
    # The extra belongs to this year only.
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
