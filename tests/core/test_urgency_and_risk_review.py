"""Risk reaches urgency and the waiting list; urgency changes after opening are recorded; a
counsellor reviews an alert and lowers the level with a reason, so levels do not only rise."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, update

from supportline.db import schema
from supportline.errors import PermissionDenied
from supportline.roles import Role
from supportline.services.cases import CaseInput, CaseService, InvalidCase
from supportline.services.clients import ClientInput, ClientService
from supportline.services.counsellor_links import CounsellorLinkService
from supportline.services.counsellors import CounsellorService
from supportline.services.intake import ContactInput, ContactResult, IntakeService
from supportline.services.risk import InvalidRiskReview, RiskService
from supportline.services.urgency import UrgencyService
from supportline.services.users import UserService
from supportline.session import Session
from tests.core.support import FakeClock

NOW = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)
HIGH = {"self_harm_thoughts": True}
IMMEDIATE = {"immediate_danger": True}
MEDIUM = {"safeguarding": True}
REASON = "Seen today: safety plan agreed, GP involved"


def new_client(handler: Session, first: str = "Jo", phone: str = "07700 900123") -> int:
    return (
        ClientService(handler)
        .create(
            ClientInput(
                first_name=first, last_name="Urgency", phone=phone, home_postcode="ME19 4AA"
            )
        )
        .id
    )


def referral(client_id: int, answers: dict[str, bool], urgency: str = "routine") -> ContactInput:
    return ContactInput(
        direction="in",
        channel="phone",
        purpose="new_referral",
        outcome="counselling",
        started_at=NOW,
        client_id=client_id,
        eligibility="eligible",
        risk_answers=answers,
        case=CaseInput("counselling", "self", ("W01",), urgency),
    )


def take_call(
    handler: Session, client_id: int, answers: dict[str, bool], urgency: str = "routine"
) -> ContactResult:
    return IntakeService(handler).finish_call(referral(client_id, answers, urgency))


def urgency_of(session: Session, case_id: int) -> str:
    return CaseService(session).get(case_id).urgency


def audit_actions(session: Session) -> list[tuple[str, str, str]]:
    a = schema.case_audit.c
    with session.case.connect() as conn:
        return [
            (r.action, r.record_type, r.record_id)
            for r in conn.execute(select(a.action, a.record_type, a.record_id).order_by(a.seq))
        ]


# -- risk sets urgency ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("answers", "chosen", "expected"),
    [
        (HIGH, "routine", "urgent"),
        (IMMEDIATE, "soon", "urgent"),
        (MEDIUM, "routine", "routine"),
        ({}, "soon", "soon"),
    ],
)
def test_high_or_immediate_risk_at_intake_makes_the_case_urgent(
    handler: Session, answers: dict[str, bool], chosen: str, expected: str
) -> None:
    result = take_call(handler, new_client(handler), answers, chosen)
    assert result.case_id is not None
    assert urgency_of(handler, result.case_id) == expected
    (opened,) = UrgencyService(handler).history(result.case_id)
    raised = expected != chosen
    assert (opened.urgency, opened.previous, opened.cause) == (
        expected,
        chosen if raised else None,
        "risk" if raised else "opened",
    )


def test_a_case_opened_for_a_client_already_at_high_risk_is_urgent(handler: Session) -> None:
    client_id = new_client(handler)
    IntakeService(handler).raise_risk(client_id, "high")
    case_id = CaseService(handler).open_case(
        client_id, CaseInput("coaching", "manager", ("W01",), "routine")
    )
    assert urgency_of(handler, case_id) == "urgent"


def test_risk_raised_later_raises_every_open_case(handler: Session) -> None:
    client_id = new_client(handler)
    cases = CaseService(handler)
    open_case = take_call(handler, client_id, {}).case_id
    closed_case = cases.open_case(client_id, CaseInput("coaching", "self", ("W01",), "routine"))
    cases.change_status(closed_case, "closed")
    assert open_case is not None

    IntakeService(handler).raise_risk(client_id, "immediate", "")

    assert urgency_of(handler, open_case) == "urgent"
    assert urgency_of(handler, closed_case) == "routine"
    assert UrgencyService(handler).history(open_case)[-1].cause == "risk"
    assert ("case.urgency_raised", "case", str(open_case)) in audit_actions(handler)


def test_waiting_list_shows_risk_and_puts_the_most_at_risk_caller_first(
    handler: Session, clock: FakeClock
) -> None:
    earlier = take_call(handler, new_client(handler, "Al", "07700 900111"), {})
    clock.now = NOW + timedelta(days=3)
    later = take_call(handler, new_client(handler, "Bea", "07700 900222"), HIGH)

    items = CaseService(handler).waiting_list()

    assert [(i.case_id, i.urgency, i.risk_level) for i in items] == [
        (later.case_id, "urgent", "high"),
        (earlier.case_id, "routine", "none"),
    ]


# -- urgency after opening ------------------------------------------------------------------------


def test_urgency_is_raised_freely_and_lowered_only_with_a_reason(
    handler: Session, clock: FakeClock
) -> None:
    case_id = take_call(handler, new_client(handler), {}).case_id
    assert case_id is not None
    urgency = UrgencyService(handler)

    clock.now = NOW + timedelta(hours=1)
    assert urgency.set_urgency(case_id, "urgent") == "urgent"
    with pytest.raises(InvalidCase) as info:
        urgency.set_urgency(case_id, "soon", "  ")
    assert [(p.field, p.reason) for p in info.value.problems] == [
        ("urgency_reason", "required_to_lower")
    ]
    assert urgency_of(handler, case_id) == "urgent"
    clock.now = NOW + timedelta(hours=2)
    urgency.set_urgency(case_id, "soon", "Caller says it can wait until next week")

    assert urgency_of(handler, case_id) == "soon"
    history = [
        (h.urgency, h.previous, h.cause, h.reason, h.changed_by, h.changed_at)
        for h in urgency.history(case_id)
    ]
    assert history == [
        ("routine", None, "opened", None, "handler", NOW),
        ("urgent", "routine", "changed", None, "handler", NOW + timedelta(hours=1)),
        (
            "soon",
            "urgent",
            "changed",
            "Caller says it can wait until next week",
            "handler",
            NOW + timedelta(hours=2),
        ),
    ]
    actions = audit_actions(handler)
    assert ("case.urgency_raised", "case", str(case_id)) in actions
    assert ("case.urgency_lowered", "case", str(case_id)) in actions


def test_lowering_below_what_the_risk_asks_needs_a_reason_and_is_kept(handler: Session) -> None:
    case_id = take_call(handler, new_client(handler), HIGH).case_id
    assert case_id is not None
    urgency = UrgencyService(handler)
    with pytest.raises(InvalidCase):
        urgency.set_urgency(case_id, "routine")
    urgency.set_urgency(case_id, "routine", "Crisis team already involved today")
    assert urgency_of(handler, case_id) == "routine"


def test_urgency_of_a_closed_case_cannot_change(handler: Session) -> None:
    case_id = take_call(handler, new_client(handler), {}).case_id
    assert case_id is not None
    CaseService(handler).change_status(case_id, "closed")
    with pytest.raises(InvalidCase) as info:
        UrgencyService(handler).set_urgency(case_id, "urgent")
    assert info.value.problems[0].reason == "case_closed"


def test_counsellors_do_not_set_urgency(handler: Session, open_as: Callable[..., Session]) -> None:
    case_id = take_call(handler, new_client(handler), {}).case_id
    assert case_id is not None
    with pytest.raises(PermissionDenied):
        UrgencyService(open_as("counsellor")).set_urgency(case_id, "urgent")


# -- reviewing a risk alert -----------------------------------------------------------------------


@pytest.fixture
def counsellor_profile(admin: Session) -> int:
    profile = CounsellorService(admin).save(
        "Cora Counsellor", "female", ["English"], ["counselling"], 10
    )
    CounsellorLinkService(admin).link_counsellor("counsellor", profile)
    return profile


def allocate(admin: Session, case_id: int, counsellor_id: int) -> None:
    with admin.case_tx() as conn:
        conn.execute(
            update(schema.cases)
            .where(schema.cases.c.id == case_id)
            .values(counsellor_id=counsellor_id, status="active")
        )


def level_of(session: Session, client_id: int) -> str:
    return ClientService(session).open(client_id).risk_level


def test_the_clients_counsellor_lowers_the_level_with_a_reason(
    handler: Session,
    admin: Session,
    open_as: Callable[..., Session],
    counsellor_profile: int,
    clock: FakeClock,
) -> None:
    client_id = new_client(handler)
    case_id = take_call(handler, client_id, HIGH).case_id
    assert case_id is not None
    allocate(admin, case_id, counsellor_profile)
    counsellor = open_as("counsellor")
    clock.now = NOW + timedelta(days=7)

    assert RiskService(counsellor).review(client_id, "low", REASON) == "low"

    assert level_of(handler, client_id) == "low"
    seen_by_counsellor = RiskService(counsellor).history(client_id)
    assert [(e.level, e.kind, e.by, e.detail) for e in seen_by_counsellor] == [
        ("high", "raised", "handler", ""),
        ("low", "reviewed", "counsellor", REASON),
    ]
    assert seen_by_counsellor[0].cleared_at == NOW + timedelta(days=7)
    assert seen_by_counsellor[1].cleared_at is None
    # The handler sees that it was lowered, by whom and when, not why.
    seen_by_handler = RiskService(handler).history(client_id)
    assert [(e.level, e.kind, e.by, e.detail) for e in seen_by_handler] == [
        ("high", "raised", "handler", None),
        ("low", "reviewed", "counsellor", None),
    ]
    with handler.case.connect() as conn:
        stored = conn.execute(select(schema.risk_alerts.c.detail)).scalars().all()
    assert not any(REASON.encode() in (blob or b"") for blob in stored)  # sealed, not plain
    assert ("risk.reviewed", "client", str(client_id)) in audit_actions(handler)
    # Urgency is the handler's: lowering the risk does not lower it.
    assert urgency_of(handler, case_id) == "urgent"
    # Levels rise again when a new risk is heard.
    take_call(handler, client_id, IMMEDIATE)
    assert level_of(handler, client_id) == "immediate"


def test_a_review_must_lower_the_level_and_give_a_reason(
    handler: Session,
    admin: Session,
    open_as: Callable[..., Session],
    counsellor_profile: int,
) -> None:
    client_id = new_client(handler)
    case_id = take_call(handler, client_id, HIGH).case_id
    assert case_id is not None
    allocate(admin, case_id, counsellor_profile)
    risk = RiskService(open_as("counsellor"))
    for level, reason, problem in (
        ("immediate", REASON, ("risk_level", "not_lower")),
        ("high", REASON, ("risk_level", "not_lower")),
        ("low", "ok", ("risk_reason", "required")),
        ("gone", REASON, ("risk_level", "not_a_choice")),
    ):
        with pytest.raises(InvalidRiskReview) as info:
            risk.review(client_id, level, reason)
        assert problem in [(p.field, p.reason) for p in info.value.problems]
    assert level_of(handler, client_id) == "high"


def test_only_the_clients_own_counsellor_or_a_lead_reviews(
    handler: Session, admin: Session, open_as: Callable[..., Session], counsellor_profile: int
) -> None:
    client_id = new_client(handler)
    take_call(handler, client_id, HIGH)  # waiting: no counsellor allocated yet
    counsellor = open_as("counsellor")
    with pytest.raises(PermissionDenied) as info:
        RiskService(counsellor).review(client_id, "low", REASON)
    assert info.value.operation == "risk.review.not_own"
    with pytest.raises(PermissionDenied):
        RiskService(handler).review(client_id, "low", REASON)
    with pytest.raises(PermissionDenied):
        RiskService(admin).review(client_id, "low", REASON)
    # The profile's clinical-lead flag is display only: it grants nothing.
    profile = CounsellorService(admin).get(counsellor_profile)
    CounsellorService(admin).save(
        profile.display_name,
        profile.gender,
        profile.languages,
        profile.services,
        profile.max_per_week,
        is_clinical_lead=True,
        counsellor_id=profile.id,
    )
    with pytest.raises(PermissionDenied):
        RiskService(open_as("counsellor")).review(client_id, "medium", REASON)
    # A clinical lead (the grant, by an administrator) may review any client (the waiting
    # list's high-risk callers).
    UserService(admin).set_roles("counsellor", [Role.COUNSELLOR], is_clinical_lead=True)
    counsellor = open_as("counsellor")
    RiskService(counsellor).review(client_id, "medium", REASON)
    assert level_of(handler, client_id) == "medium"


def test_a_second_urgency_change_from_an_older_view_is_refused(
    handler: Session, open_as: Callable[..., Session]
) -> None:
    from supportline.errors import EditConflict

    case_id = take_call(handler, new_client(handler), {}).case_id
    assert case_id is not None
    other = UrgencyService(open_as("handler"))
    # Both were shown "routine"; the first raises it, the second (still looking at "routine")
    # would have lowered nothing but overwritten the first with their own choice.
    UrgencyService(handler).set_urgency(case_id, "urgent", seen="routine")
    with pytest.raises(EditConflict) as refused:
        other.set_urgency(case_id, "soon", seen="routine")
    assert (refused.value.record, refused.value.changed) == ("case", ("urgency",))
    assert urgency_of(handler, case_id) == "urgent"
    assert other.set_urgency(case_id, "soon", "The caller can wait a week", seen="urgent") == "soon"
