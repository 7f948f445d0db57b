"""Eligibility: organisations, their service agreements, dates, purchased sessions."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import insert

from supportline.db import schema
from supportline.errors import PermissionDenied
from supportline.services.eligibility import (
    EligibilityService,
    InvalidAgreement,
    Reason,
    Status,
)
from supportline.session import Session

NOW = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)


def add_org(
    admin: Session, name: str, group: str = "kcc", phase: str | None = None, active: bool = True
) -> int:
    with admin.case_tx() as conn:
        return int(
            conn.execute(
                insert(schema.organisations).values(
                    name=name, org_group=group, phase=phase, active=active
                )
            ).inserted_primary_key[0]
        )


@pytest.fixture
def kcc(admin: Session) -> int:
    org = add_org(admin, "Kent County Council - Adult Social Care and Health")
    EligibilityService(admin).add_agreement(org, "counselling", date(2026, 4, 1), date(2027, 3, 31))
    return org


def test_eligible_inside_the_agreement_inclusive(handler: Session, kcc: int) -> None:
    service = EligibilityService(handler)
    for day in (date(2026, 4, 1), date(2026, 11, 24), date(2027, 3, 31)):
        result = service.check(kcc, "counselling", day)
        assert result.status is Status.ELIGIBLE and result.eligible, day
        assert result.reason is None
        assert result.agreement_ends == date(2027, 3, 31)
        assert result.organisation == "Kent County Council - Adult Social Care and Health"


def test_before_the_agreement_starts(handler: Session, kcc: int) -> None:
    result = EligibilityService(handler).check(kcc, "counselling", date(2026, 3, 31))
    assert (result.status, result.reason) == (Status.NOT_ELIGIBLE, Reason.NOT_STARTED)
    assert not result.eligible


def test_after_the_agreement_ends_is_expired(handler: Session, kcc: int) -> None:
    result = EligibilityService(handler).check(kcc, "counselling", date(2027, 4, 1))
    assert (result.status, result.reason) == (Status.EXPIRED, Reason.EXPIRED)
    assert result.agreement_ends == date(2027, 3, 31)
    assert not result.eligible


def test_renewed_agreement_wins_over_the_expired_one(
    admin: Session, handler: Session, kcc: int
) -> None:
    EligibilityService(admin).add_agreement(kcc, "counselling", date(2027, 4, 1), date(2028, 3, 31))
    result = EligibilityService(handler).check(kcc, "counselling", date(2027, 4, 1))
    assert result.status is Status.ELIGIBLE
    assert result.agreement_ends == date(2028, 3, 31)


def test_service_not_covered(handler: Session, kcc: int) -> None:
    result = EligibilityService(handler).check(kcc, "coaching", date(2026, 11, 24))
    assert (result.status, result.reason) == (Status.NOT_ELIGIBLE, Reason.SERVICE_NOT_COVERED)


def test_no_agreement(admin: Session, handler: Session) -> None:
    org = add_org(admin, "Acme Ltd", "other")
    result = EligibilityService(handler).check(org, "counselling", date(2026, 11, 24))
    assert (result.status, result.reason) == (Status.NOT_ELIGIBLE, Reason.NO_AGREEMENT)
    assert result.organisation == "Acme Ltd"


def test_no_organisation(handler: Session) -> None:
    service = EligibilityService(handler)
    assert service.check(None, "counselling", date(2026, 11, 24)).reason is Reason.NO_ORGANISATION
    assert service.check(9999, "counselling", date(2026, 11, 24)).reason is Reason.NO_ORGANISATION


def test_inactive_organisation(admin: Session, handler: Session, kcc: int) -> None:
    EligibilityService(admin).set_active(kcc, False)
    result = EligibilityService(handler).check(kcc, "counselling", date(2026, 11, 24))
    assert (result.status, result.reason) == (Status.NOT_ELIGIBLE, Reason.INACTIVE)
    assert [o.id for o in EligibilityService(handler).organisations()] == []
    assert [o.id for o in EligibilityService(handler).organisations(include_inactive=True)] == [kcc]
    EligibilityService(admin).set_active(kcc, True)
    assert EligibilityService(handler).check(kcc, "counselling", date(2026, 11, 24)).eligible


def test_open_ended_agreement(admin: Session, handler: Session) -> None:
    org = add_org(admin, "Kent County Council - Growth, Environment and Transport")
    EligibilityService(admin).add_agreement(org, "mediation", date(2020, 1, 1))
    service = EligibilityService(handler)
    result = service.check(org, "mediation", date(2040, 1, 1))
    assert result.eligible
    assert result.agreement_ends is None
    assert service.check(org, "mediation", date(2019, 12, 31)).reason is Reason.NOT_STARTED


# -- schools buying blocks of sessions -------------------------------------------------------------


@pytest.fixture
def school(admin: Session) -> dict[str, int]:
    """A primary school with 3 purchased counselling sessions from Sept 2026 to Aug 2027."""
    org = add_org(admin, "Oakfield Primary School, Ashford", "school", "primary")
    other = add_org(admin, "Willow Brook Primary School, Ashford", "school", "primary")
    EligibilityService(admin).add_agreement(
        org, "counselling", date(2026, 9, 1), date(2027, 8, 31), purchased_sessions=3
    )
    with admin.case_tx() as conn:
        counsellor = conn.execute(
            insert(schema.counsellors).values(display_name="Cora", gender="female")
        ).inserted_primary_key[0]
        venue = conn.execute(
            insert(schema.venues).values(
                code="ASH1",
                name="Ashford venue",
                address="1 High Street",
                town="Ashford",
                postcode="TN23 1AA",
                district="Ashford",
                lat=51.14,
                lon=0.87,
            )
        ).inserted_primary_key[0]
        room = conn.execute(
            insert(schema.rooms).values(venue_id=venue, name="Room 1")
        ).inserted_primary_key[0]
    return {"org": org, "other": other, "counsellor": counsellor, "venue": venue, "room": room}


def add_session(
    admin: Session,
    school: dict[str, int],
    org: int,
    starts_at: datetime,
    status: str,
    service: str = "counselling",
) -> None:
    with admin.case_tx() as conn:
        client = conn.execute(
            insert(schema.clients).values(
                reference=f"T{starts_at:%m%d%H%M}{status[:2]}{org}",
                first_name="Pat",
                last_name="Teacher",
                organisation_id=org,
                created_at=NOW,
            )
        ).inserted_primary_key[0]
        case = conn.execute(
            insert(schema.cases).values(
                client_id=client,
                service=service,
                referral_route="self",
                status="active",
                opened_at=NOW,
            )
        ).inserted_primary_key[0]
        conn.execute(
            insert(schema.appointments).values(
                case_id=case,
                client_id=client,
                counsellor_id=school["counsellor"],
                venue_id=school["venue"],
                room_id=school["room"],
                starts_at=starts_at,
                ends_at=starts_at + timedelta(minutes=50),
                kind="session",
                status=status,
            )
        )


def test_purchased_sessions_counted_and_used_up(
    admin: Session, handler: Session, school: dict[str, int]
) -> None:
    service = EligibilityService(handler)
    org = school["org"]
    on = date(2026, 11, 24)
    fresh = service.check(org, "counselling", on)
    assert fresh.eligible
    assert (fresh.purchased_sessions, fresh.sessions_used) == (3, 0)
    assert fresh.agreement_ends == date(2027, 8, 31)

    # Not counted: before the block, cancelled, another school, another service.
    add_session(admin, school, org, datetime(2026, 8, 31, 10, tzinfo=UTC), "attended")
    add_session(admin, school, org, datetime(2026, 10, 1, 10, tzinfo=UTC), "cancelled_client")
    add_session(admin, school, school["other"], datetime(2026, 10, 2, 10, tzinfo=UTC), "attended")
    add_session(
        admin, school, org, datetime(2026, 10, 3, 10, tzinfo=UTC), "attended", service="coaching"
    )
    assert service.check(org, "counselling", on).sessions_used == 0

    # Counted: attended, did not attend, and booked (committed).
    add_session(admin, school, org, datetime(2026, 10, 5, 10, tzinfo=UTC), "attended")
    add_session(admin, school, org, datetime(2026, 10, 12, 10, tzinfo=UTC), "dna")
    partly = service.check(org, "counselling", on)
    assert partly.eligible and partly.sessions_used == 2
    add_session(admin, school, org, datetime(2026, 12, 1, 10, tzinfo=UTC), "booked")
    used_up = service.check(org, "counselling", on)
    assert (used_up.status, used_up.reason) == (Status.NOT_ELIGIBLE, Reason.SESSIONS_USED)
    assert (used_up.purchased_sessions, used_up.sessions_used) == (3, 3)


def test_unlimited_agreement_wins_over_a_used_block(
    admin: Session, handler: Session, school: dict[str, int]
) -> None:
    org = school["org"]
    for day in (5, 6, 7):
        add_session(admin, school, org, datetime(2026, 10, day, 10, tzinfo=UTC), "attended")
    assert not EligibilityService(handler).check(org, "counselling", date(2026, 11, 24)).eligible
    EligibilityService(admin).add_agreement(org, "counselling", date(2026, 11, 1))
    assert EligibilityService(handler).check(org, "counselling", date(2026, 11, 24)).eligible


# -- agreements and permissions --------------------------------------------------------------------


def test_agreement_validation(admin: Session, kcc: int) -> None:
    service = EligibilityService(admin)
    with pytest.raises(InvalidAgreement) as caught:
        service.add_agreement(kcc, "counselling", date(2026, 4, 1), date(2026, 3, 31))
    assert caught.value.reason == "ends_before_start"
    with pytest.raises(InvalidAgreement) as caught:
        service.add_agreement(kcc, "therapy", date(2026, 4, 1))
    assert caught.value.reason == "service"
    with pytest.raises(InvalidAgreement) as caught:
        service.add_agreement(kcc, "coaching", date(2026, 4, 1), purchased_sessions=0)
    assert caught.value.reason == "purchased_sessions"
    assert [a.service for a in service.agreements(kcc)] == ["counselling"]


def test_only_an_administrator_manages_agreements(
    open_as: Callable[..., Session], kcc: int
) -> None:
    for username in ("handler", "counsellor", "manager"):
        service = EligibilityService(open_as(username))
        with pytest.raises(PermissionDenied):
            service.add_agreement(kcc, "coaching", date(2026, 4, 1))
        with pytest.raises(PermissionDenied):
            service.set_active(kcc, False)


def test_manager_cannot_check_eligibility(open_as: Callable[..., Session], kcc: int) -> None:
    service = EligibilityService(open_as("manager"))
    with pytest.raises(PermissionDenied):
        service.check(kcc, "counselling", date(2026, 11, 24))
    with pytest.raises(PermissionDenied):
        service.organisations()


def test_block_boundaries_are_london_dates(
    admin: Session, handler: Session, school: dict[str, int]
) -> None:
    org = school["org"]
    service = EligibilityService(handler)
    on = date(2026, 11, 24)
    # 00:30 BST on 1 Sept 2026 (23:30 UTC on 31 Aug) is inside the block that starts that day.
    add_session(admin, school, org, datetime(2026, 8, 31, 23, 30, tzinfo=UTC), "attended")
    assert service.check(org, "counselling", on).sessions_used == 1
    # 23:30 BST on 31 Aug 2026 (22:30 UTC) is before the block.
    add_session(admin, school, org, datetime(2026, 8, 31, 22, 30, tzinfo=UTC), "attended")
    assert service.check(org, "counselling", on).sessions_used == 1
    # 00:30 BST on 1 Sept 2027 (23:30 UTC on 31 Aug) is after it.
    add_session(admin, school, org, datetime(2027, 8, 31, 23, 30, tzinfo=UTC), "booked")
    assert service.check(org, "counselling", on).sessions_used == 1
    # 23:30 BST on 31 Aug 2027 (22:30 UTC), the block's last day, is inside.
    add_session(admin, school, org, datetime(2027, 8, 31, 22, 30, tzinfo=UTC), "booked")
    assert service.check(org, "counselling", on).sessions_used == 2
