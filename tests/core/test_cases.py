"""Cases: the status workflow with its history, and the waiting list."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from supportline.db import schema
from supportline.errors import PermissionDenied
from supportline.services.cases import (
    BadTransition,
    CaseInput,
    CaseNotFound,
    CaseService,
    InvalidCase,
)
from supportline.services.clients import ClientInput, ClientService
from supportline.session import Session
from tests.core.support import FakeClock

NOW = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)
REFERRAL = CaseInput("counselling", "self", ("W01", "M02"))


@pytest.fixture
def counsellor(open_as: Callable[..., Session]) -> Session:
    return open_as("counsellor")


_phones = iter(range(900100, 900999))


def new_client(handler: Session, first: str, last: str, **extra: Any) -> int:
    values: dict[str, Any] = {
        "phone": f"07700 {next(_phones)}",
        "home_postcode": "ME19 4AA",
        **extra,
    }
    return ClientService(handler).create(ClientInput(first_name=first, last_name=last, **values)).id


def test_case_workflow_with_history(
    handler: Session, counsellor: Session, clock: FakeClock
) -> None:
    client = new_client(handler, "Jo", "Smith")
    cases = CaseService(handler)
    case_id = cases.open_case(client, REFERRAL)
    opened = cases.get(case_id)
    assert (opened.status, opened.service, opened.referral_route) == (
        "waiting",
        "counselling",
        "self",
    )
    assert opened.presenting_issues == ("W01", "M02")
    assert opened.urgency == "routine"
    assert opened.history == (("waiting", "handler", NOW),)

    steps = [(handler, "assessment_booked"), (counsellor, "active"), (counsellor, "closed")]
    for n, (session, status) in enumerate(steps, start=1):
        clock.now = NOW + timedelta(days=7 * n)
        CaseService(session).change_status(case_id, status)
    done = cases.get(case_id)
    assert done.status == "closed"
    assert done.closed_at == NOW + timedelta(days=21)
    assert done.history == (
        ("waiting", "handler", NOW),
        ("assessment_booked", "handler", NOW + timedelta(days=7)),
        ("active", "counsellor", NOW + timedelta(days=14)),
        ("closed", "counsellor", NOW + timedelta(days=21)),
    )
    with handler.case.connect() as conn:
        actions = (
            conn.execute(
                select(schema.case_audit.c.action).where(schema.case_audit.c.record_type == "case")
            )
            .scalars()
            .all()
        )
    assert actions == ["case.opened", "case.assessment_booked", "case.active", "case.closed"]
    # Re-opened after a new referral: back to waiting, closing date cleared.
    cases.change_status(case_id, "waiting")
    assert cases.get(case_id).closed_at is None
    assert [c.id for c in cases.cases_for_client(client)] == [case_id]


@pytest.mark.parametrize(
    ("path", "wanted"),
    [
        ((), "active"),  # waiting -> active skips the assessment
        ((), "waiting"),
        ((), "bogus"),
        (("assessment_booked", "active"), "waiting"),
        (("assessment_booked", "active"), "assessment_booked"),
        (("closed",), "active"),
        (("closed",), "assessment_booked"),
    ],
)
def test_invalid_transitions(handler: Session, path: tuple[str, ...], wanted: str) -> None:
    cases = CaseService(handler)
    case_id = cases.open_case(new_client(handler, "Jo", "Smith"), REFERRAL)
    for status in path:
        cases.change_status(case_id, status)
    before = cases.get(case_id)
    with pytest.raises(BadTransition) as caught:
        cases.change_status(case_id, wanted)
    assert (caught.value.current, caught.value.wanted) == (before.status, wanted)
    after = cases.get(case_id)
    assert after.status == before.status
    assert after.history == before.history


def test_unknown_case(handler: Session) -> None:
    with pytest.raises(CaseNotFound):
        CaseService(handler).change_status(999, "closed")
    with pytest.raises(CaseNotFound):
        CaseService(handler).get(999)


def test_case_input_is_validated(handler: Session) -> None:
    client = new_client(handler, "Jo", "Smith")
    with pytest.raises(InvalidCase) as caught:
        CaseService(handler).open_case(client, CaseInput("therapy", "friend", (), "whenever"))
    assert {(p.field, p.reason) for p in caught.value.problems} == {
        ("service", "not_a_choice"),
        ("referral_route", "not_a_choice"),
        ("urgency", "not_a_choice"),
        ("presenting_issues", "required"),
    }
    with pytest.raises(InvalidCase) as caught:
        CaseService(handler).open_case(client, CaseInput("counselling", "self", ("ZZ99",)))
    assert [p.reason for p in caught.value.problems] == ["unknown_code"]


def test_permissions(open_as: Callable[..., Session], handler: Session) -> None:
    case_id = CaseService(handler).open_case(new_client(handler, "Jo", "Smith"), REFERRAL)
    counsellor = CaseService(open_as("counsellor"))
    with pytest.raises(PermissionDenied):
        counsellor.open_case(1, REFERRAL)
    manager = CaseService(open_as("manager"))
    for call in (
        lambda: manager.open_case(1, REFERRAL),
        lambda: manager.change_status(case_id, "closed"),
        lambda: manager.waiting_list(),
        lambda: manager.get(case_id),
    ):
        with pytest.raises(PermissionDenied):
            call()


# -- the waiting list ------------------------------------------------------------------------------


@pytest.fixture
def waiting(handler: Session, clock: FakeClock) -> dict[str, int]:
    """Cases opened on different days with different urgencies, services and places."""
    cases = CaseService(handler)
    spec = [
        # key, first, last, days ago, urgency, service, client extras
        ("old_routine", "Ann", "Archer", 30, "routine", "counselling", {}),
        (
            "new_urgent",
            "Ben",
            "Baker",
            1,
            "urgent",
            "counselling",
            {"pref_counsellor_gender": "male"},
        ),
        ("old_urgent", "Cat", "Cole", 10, "urgent", "coaching", {"pref_language": "Polish"}),
        (
            "soon",
            "Dan",
            "Dale",
            20,
            "soon",
            "counselling",
            {"home_postcode": "CT1 2AB", "work_postcode": "TN23 1AA", "venue_preference": "work"},
        ),
        ("canterbury", "Eve", "Ede", 5, "routine", "mediation", {"home_postcode": "CT1 2AB"}),
    ]
    ids = {}
    for key, first, last, days, urgency, service, extra in spec:
        clock.now = NOW - timedelta(days=days)
        client = new_client(handler, first, last, **extra)
        ids[key] = cases.open_case(client, CaseInput(service, "self", ("W01",), urgency))
    clock.now = NOW
    # Not on the list: a booked assessment and a closed case.
    booked = cases.open_case(new_client(handler, "Fay", "Fox"), REFERRAL)
    cases.change_status(booked, "assessment_booked")
    closed = cases.open_case(new_client(handler, "Gus", "Gale"), REFERRAL)
    cases.change_status(closed, "closed")
    # On the list: assessed (active) but no counsellor allocated yet.
    clock.now = NOW - timedelta(days=40)
    active = cases.open_case(new_client(handler, "Hal", "Hill"), REFERRAL)
    cases.change_status(active, "assessment_booked")
    cases.change_status(active, "active")
    ids["active_unallocated"] = active
    clock.now = NOW
    return ids


def test_waiting_list_sorted_by_urgency_then_time_waited(
    handler: Session, waiting: dict[str, int]
) -> None:
    items = CaseService(handler).waiting_list()
    assert [i.case_id for i in items] == [
        waiting["old_urgent"],
        waiting["new_urgent"],
        waiting["soon"],
        waiting["active_unallocated"],
        waiting["old_routine"],
        waiting["canterbury"],
    ]
    first = items[0]
    assert (first.reference, first.initials, first.urgency, first.waited_days) == (
        "SL-000003",
        "CC",
        "urgent",
        10,
    )
    assert first.waiting_since == NOW - timedelta(days=10)
    # Initials and a reference only: no names anywhere in an item.
    for item in items:
        text = repr(item)
        for name in (
            "Ann",
            "Archer",
            "Ben",
            "Baker",
            "Cat",
            "Cole",
            "Dan",
            "Dale",
            "Eve",
            "Ede",
            "Hill",
        ):
            assert f"'{name}'" not in text


def test_waiting_list_filters(handler: Session, waiting: dict[str, int]) -> None:
    cases = CaseService(handler)
    assert [i.case_id for i in cases.waiting_list(service="coaching")] == [waiting["old_urgent"]]
    assert [i.case_id for i in cases.waiting_list(service="mediation")] == [waiting["canterbury"]]
    assert [i.case_id for i in cases.waiting_list(pref_gender="male")] == [waiting["new_urgent"]]
    assert [i.case_id for i in cases.waiting_list(pref_language="Polish")] == [
        waiting["old_urgent"]
    ]
    # District from the home postcode, or from the work one for a client preferring work.
    assert [i.case_id for i in cases.waiting_list(district="Canterbury")] == [waiting["canterbury"]]
    assert [i.case_id for i in cases.waiting_list(district="Ashford")] == [waiting["soon"]]
    tonbridge = cases.waiting_list(district="Tonbridge and Malling")
    assert [i.case_id for i in tonbridge] == [
        waiting["old_urgent"],
        waiting["new_urgent"],
        waiting["active_unallocated"],
        waiting["old_routine"],
    ]
    assert {i.district for i in tonbridge} == {"Tonbridge and Malling"}
    assert cases.waiting_list(district="Thanet") == []
    combined = cases.waiting_list(
        service="counselling", district="Tonbridge and Malling", pref_gender="male"
    )
    assert [i.case_id for i in combined] == [waiting["new_urgent"]]


def test_client_outside_kent_has_no_district(handler: Session) -> None:
    client = new_client(handler, "Ivy", "Ives", home_postcode="SW1A 1AA")
    case_id = CaseService(handler).open_case(client, REFERRAL)
    (item,) = CaseService(handler).waiting_list()
    assert (item.case_id, item.district) == (case_id, None)
    assert CaseService(handler).waiting_list(district="Maidstone") == []


def test_counsellor_sees_the_waiting_list(
    open_as: Callable[..., Session], handler: Session
) -> None:
    case_id = CaseService(handler).open_case(new_client(handler, "Jo", "Smith"), REFERRAL)
    (item,) = CaseService(open_as("counsellor")).waiting_list()
    assert (item.case_id, item.initials, item.district) == (case_id, "JS", "Tonbridge and Malling")
