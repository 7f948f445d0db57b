"""Intake: every contact logged and counted anonymously, call-backs, triage, sealed risk details."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from supportline import crypto, outbox
from supportline.db import schema
from supportline.errors import PermissionDenied
from supportline.roles import Role
from supportline.services.cases import CaseInput, CaseService
from supportline.services.clients import ClientInput, ClientService
from supportline.services.intake import (
    CLINICAL_AAD,
    ContactInput,
    IntakeService,
    InvalidContact,
    NotPending,
    assess_risk,
    quarter_of,
)
from supportline.session import Session
from tests.core.support import FakeClock

NOW = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)  # a Tuesday, staffed
REFERRAL = CaseInput("counselling", "self", ("W01",), "soon")
SECRET = "MARKER-7f3a she has pills saved at home"


@pytest.fixture
def client_id(handler: Session) -> int:
    return (
        ClientService(handler)
        .create(
            ClientInput(
                first_name="Jo", last_name="Smith", phone="07700 900123", home_postcode="ME19 4AA"
            )
        )
        .id
    )


def enquiry(started_at: datetime, **changes: Any) -> ContactInput:
    base = ContactInput(
        direction="in",
        channel="phone",
        purpose="enquiry",
        outcome="signposted",
        started_at=started_at,
        signposted_to="occupational_health",
    )
    return replace(base, **changes)


def referral(started_at: datetime, client: int, **changes: Any) -> ContactInput:
    base = ContactInput(
        direction="in",
        channel="phone",
        purpose="new_referral",
        outcome="counselling",
        started_at=started_at,
        client_id=client,
        eligibility="eligible",
        case=REFERRAL,
    )
    return replace(base, **changes)


def contact_row(session: Session, contact_id: int) -> Any:
    with session.case.connect() as conn:
        return conn.execute(select(schema.contacts).where(schema.contacts.c.id == contact_id)).one()


def outbox_rows(session: Session) -> int:
    with session.case.connect() as conn:
        return conn.execute(select(func.count()).select_from(schema.outbox)).scalar_one()


# -- every contact logged --------------------------------------------------------------------------


def test_call_is_logged_with_its_duration(handler: Session, clock: FakeClock) -> None:
    intake = IntakeService(handler)
    draft = intake.start_call()
    assert draft.started_at == NOW
    clock.now = NOW + timedelta(minutes=7, seconds=30)
    result = intake.finish_call(enquiry(draft.started_at))
    row = contact_row(handler, result.contact_id)
    with handler.case.connect() as conn:
        handler_id = conn.execute(
            select(schema.users.c.id).where(schema.users.c.username == "handler")
        ).scalar_one()
    assert (row.direction, row.channel, row.purpose, row.outcome, row.signposted_to) == (
        "in",
        "phone",
        "enquiry",
        "signposted",
        "occupational_health",
    )
    assert row.handler_id == handler_id
    assert row.started_at == NOW
    assert row.duration_s == 450
    assert row.client_id is None and row.case_id is None
    assert (row.callback_state, row.callback_name, row.callback_phone) == ("none", None, None)
    assert (result.case_id, result.risk_level, result.escalate) == (None, "none", False)


def _stat_counts(admin: Session) -> list[tuple[Any, ...]]:
    c = schema.stat_counts.c
    with admin.stats.connect() as conn:
        return [
            tuple(r) for r in conn.execute(select(c.table_code, c.quarter, c.row, c.column, c.n))
        ]


def test_enquiry_is_counted_without_identity(
    handler: Session, admin: Session, clock: FakeClock
) -> None:
    intake = IntakeService(handler)
    before = outbox_rows(handler)
    draft = intake.start_call()
    clock.now = NOW + timedelta(minutes=3)
    intake.finish_call(enquiry(draft.started_at))
    assert outbox_rows(handler) == before + 1
    # The case side cannot read what it sealed.
    with handler.case.connect() as conn:
        sealed = conn.execute(select(schema.outbox.c.sealed)).scalars().all()
    assert all(b"enquiry" not in blob for blob in sealed)

    assert outbox.drain(admin).taken == before + 1
    # Counted in contacts_by_outcome, its one table, in the call's quarter; nothing else kept.
    assert _stat_counts(admin) == [("contacts_by_outcome", "2026Q4", "signposted", "phone", 1)]
    assert outbox_rows(handler) == 0


def test_referral_counted_without_the_client(
    handler: Session, admin: Session, client_id: int, clock: FakeClock
) -> None:
    clock.now = datetime(2027, 1, 5, 9, 0, tzinfo=UTC)
    IntakeService(handler).finish_call(referral(clock.now - timedelta(minutes=10), client_id))
    outbox.drain(admin)
    contacts = [cell for cell in _stat_counts(admin) if cell[0] == "contacts_by_outcome"]
    assert [(quarter, n) for _, quarter, _, _, n in contacts] == [("2027Q1", 1)]
    text = repr(_stat_counts(admin)).lower()
    for identity in ("smith", "07700", "sl-", "client_id", "case", "handler"):
        assert identity not in text


def test_quarter_uses_london_time() -> None:
    # 23:30 UTC on 30 Sept is 00:30 BST on 1 Oct.
    assert quarter_of(datetime(2026, 9, 30, 23, 30, tzinfo=UTC)) == "2026Q4"
    assert quarter_of(datetime(2026, 9, 30, 22, 30, tzinfo=UTC)) == "2026Q3"
    assert quarter_of(datetime(2026, 1, 1, 0, 0, tzinfo=UTC)) == "2026Q1"


# -- triage outcomes -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "problems"),
    [
        ({"outcome": ""}, {("outcome", "required")}),
        ({"outcome": "therapy"}, {("outcome", "not_a_choice")}),
        (
            {"direction": "sideways", "channel": "fax", "purpose": ""},
            {("direction", "not_a_choice"), ("channel", "not_a_choice"), ("purpose", "required")},
        ),
        ({"signposted_to": ""}, {("signposted_to", "required")}),
        ({"signposted_to": "the pub"}, {("signposted_to", "required")}),
        (
            {"outcome": "counselling", "signposted_to": ""},
            {("client", "required_for_referral"), ("case", "required_for_referral")},
        ),
        ({"ended_at": NOW - timedelta(minutes=1)}, {("ended_at", "before_start")}),
    ],
)
def test_contact_validation(
    handler: Session, changes: dict[str, Any], problems: set[tuple[str, str]]
) -> None:
    with pytest.raises(InvalidContact) as caught:
        IntakeService(handler).finish_call(enquiry(NOW, **changes))
    assert {(p.field, p.reason) for p in caught.value.problems} == problems
    assert outbox_rows(handler) == 0
    with handler.case.connect() as conn:
        assert conn.execute(select(func.count()).select_from(schema.contacts)).scalar_one() == 0


@pytest.mark.parametrize("outcome", ["no_further_action", "signposted"])
def test_non_service_outcomes_need_no_client(handler: Session, outcome: str) -> None:
    result = IntakeService(handler).finish_call(enquiry(NOW, outcome=outcome))
    assert contact_row(handler, result.contact_id).outcome == outcome


@pytest.mark.parametrize("service", ["counselling", "coaching", "mediation"])
def test_service_outcome_opens_a_waiting_case(
    handler: Session, client_id: int, clock: FakeClock, service: str
) -> None:
    draft = IntakeService(handler).start_call()
    clock.now = NOW + timedelta(minutes=12)
    result = IntakeService(handler).finish_call(
        referral(
            draft.started_at, client_id, outcome=service, case=replace(REFERRAL, service=service)
        )
    )
    assert result.case_id is not None
    case = CaseService(handler).get(result.case_id)
    assert (case.client_id, case.service, case.status, case.urgency) == (
        client_id,
        service,
        "waiting",
        "soon",
    )
    assert case.history == (("waiting", "handler", clock.now),)
    row = contact_row(handler, result.contact_id)
    assert (row.case_id, row.client_id, row.eligibility, row.duration_s) == (
        result.case_id,
        client_id,
        "eligible",
        720,
    )
    with handler.case.connect() as conn:
        link = conn.execute(
            select(schema.cases.c.contact_id).where(schema.cases.c.id == result.case_id)
        ).scalar_one()
    assert link == result.contact_id


@pytest.mark.parametrize("eligibility", ["not_eligible", "expired"])
def test_ineligible_referral_needs_an_override_reason(
    handler: Session, client_id: int, eligibility: str
) -> None:
    intake = IntakeService(handler)
    for reason in ("", "  ok  "):
        with pytest.raises(InvalidContact) as caught:
            intake.finish_call(
                referral(
                    NOW, client_id, eligibility=eligibility, eligibility_override_reason=reason
                )
            )
        assert [(p.field, p.reason) for p in caught.value.problems] == [
            ("eligibility_override_reason", "required")
        ]
    result = intake.finish_call(
        referral(
            NOW,
            client_id,
            eligibility=eligibility,
            eligibility_override_reason=" Renewal agreed by HR ",
        )
    )
    row = contact_row(handler, result.contact_id)
    assert (row.eligibility, row.eligibility_override_reason) == (
        eligibility,
        "Renewal agreed by HR",
    )
    assert result.case_id is not None


def test_a_bad_case_rolls_back_the_contact(handler: Session, client_id: int) -> None:
    with pytest.raises(Exception):  # noqa: B017 - InvalidCase, from the case service
        IntakeService(handler).finish_call(
            referral(NOW, client_id, case=CaseInput("counselling", "self", ()))
        )
    with handler.case.connect() as conn:
        assert conn.execute(select(func.count()).select_from(schema.contacts)).scalar_one() == 0
        assert conn.execute(select(func.count()).select_from(schema.cases)).scalar_one() == 0
    assert outbox_rows(handler) == 0


# -- risk ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("answers", "level"),
    [
        ({}, "none"),
        ({"immediate_danger": False, "self_harm_thoughts": False}, "none"),
        ({"immediate_danger": True}, "immediate"),
        ({"self_harm_thoughts": True, "plans_or_means": True}, "immediate"),
        ({"self_harm_thoughts": True}, "high"),
        ({"plans_or_means": True}, "none"),
        ({"harm_to_others": True}, "high"),
        ({"harm_to_others": True, "safeguarding": True}, "high"),
        ({"safeguarding": True}, "medium"),
    ],
)
def test_assess_risk(answers: dict[str, bool], level: str) -> None:
    assert assess_risk(answers) == level


def test_assess_risk_refuses_unknown_questions() -> None:
    with pytest.raises(ValueError):
        assess_risk({"feeling_sad": True})


def test_immediate_risk_escalates_and_sets_the_clients_level(
    handler: Session, client_id: int
) -> None:
    intake = IntakeService(handler)
    result = intake.finish_call(
        referral(
            NOW,
            client_id,
            risk_answers={"self_harm_thoughts": True, "plans_or_means": True},
            risk_detail=SECRET,
        )
    )
    assert (result.risk_level, result.escalate) == ("immediate", True)
    assert contact_row(handler, result.contact_id).risk_level == "immediate"
    assert ClientService(handler).open(client_id).risk_level == "immediate"
    # A later, lower alert does not lower the client's level.
    later = intake.finish_call(
        enquiry(NOW, client_id=client_id, risk_answers={"safeguarding": True})
    )
    assert (later.risk_level, later.escalate) == ("medium", False)
    assert ClientService(handler).open(client_id).risk_level == "immediate"
    with handler.case.connect() as conn:
        levels = (
            conn.execute(select(schema.risk_alerts.c.level).order_by(schema.risk_alerts.c.id))
            .scalars()
            .all()
        )
    assert levels == ["immediate", "medium"]


def test_high_risk_does_not_escalate(handler: Session, client_id: int) -> None:
    result = IntakeService(handler).finish_call(
        enquiry(NOW, client_id=client_id, risk_answers={"harm_to_others": True})
    )
    assert (result.risk_level, result.escalate) == ("high", False)
    assert ClientService(handler).open(client_id).risk_level == "high"


def test_risk_detail_is_sealed_from_the_handler(
    handler: Session, open_as: Callable[..., Session], client_id: int
) -> None:
    intake = IntakeService(handler)
    intake.finish_call(
        enquiry(
            NOW,
            client_id=client_id,
            risk_answers={"self_harm_thoughts": True},
            risk_detail=f"  {SECRET}  ",
        )
    )
    # By permission...
    with pytest.raises(PermissionDenied):
        intake.risk_details(client_id)
    # ...and cryptographically: no text in the stored bytes, and no key of the handler's opens them.
    with handler.case.connect() as conn:
        (blob,) = conn.execute(select(schema.risk_alerts.c.detail)).scalars().all()
    assert SECRET.encode() not in blob
    assert b"MARKER-7f3a" not in blob
    candidates = [handler.opened.private_key]
    for generations in handler.opened.keys.values():
        candidates.extend(generations.values())
    assert candidates and all(len(k) == 32 for k in candidates)
    for key in candidates:
        for private in (key, crypto.clinical_keypair(key)[0]):
            with pytest.raises(crypto.CryptoError):
                crypto.open_sealed_to(private, blob, CLINICAL_AAD)
    # A counsellor reads it, and the reading is audited.
    counsellor = open_as("counsellor")
    ((when, level, text),) = IntakeService(counsellor).risk_details(client_id)
    assert (when, level, text) == (NOW, "high", SECRET)
    with counsellor.case.connect() as conn:
        viewed = (
            conn.execute(
                select(schema.case_audit.c.actor).where(schema.case_audit.c.action == "risk.viewed")
            )
            .scalars()
            .all()
        )
    assert viewed == ["counsellor"]


def test_raise_risk_later(
    handler: Session, open_as: Callable[..., Session], client_id: int
) -> None:
    IntakeService(handler).raise_risk(client_id, "low", "")
    assert ClientService(handler).open(client_id).risk_level == "low"
    IntakeService(handler).raise_risk(client_id, "high", "worried")
    assert ClientService(handler).open(client_id).risk_level == "high"
    details = IntakeService(open_as("counsellor")).risk_details(client_id)
    assert [(level, text) for _, level, text in details] == [("low", ""), ("high", "worried")]


# -- out of hours and the call-back queue ----------------------------------------------------------


@pytest.mark.parametrize(
    ("received", "due"),
    [
        # Friday 17:30 GMT -> Monday 08:30 London.
        (datetime(2026, 11, 27, 17, 30, tzinfo=UTC), datetime(2026, 11, 30, 8, 30, tzinfo=UTC)),
        # Thursday 24 Dec 2026 18:00 -> Tuesday 29 Dec (25th and the substitute 28th are holidays).
        (datetime(2026, 12, 24, 18, 0, tzinfo=UTC), datetime(2026, 12, 29, 8, 30, tzinfo=UTC)),
        # Easter Saturday 2027 -> Tuesday after Easter Monday (29 March), 08:30 BST.
        (datetime(2027, 3, 27, 11, 0, tzinfo=UTC), datetime(2027, 3, 30, 7, 30, tzinfo=UTC)),
        # Summer, before opening: 08:30 BST is 07:30 UTC.
        (datetime(2026, 7, 1, 5, 0, tzinfo=UTC), datetime(2026, 7, 1, 7, 30, tzinfo=UTC)),
        # Summer evening: 16:30 UTC is 17:30 BST, closed -> next morning.
        (datetime(2026, 7, 1, 16, 30, tzinfo=UTC), datetime(2026, 7, 2, 7, 30, tzinfo=UTC)),
        # While staffed: due at once.
        (datetime(2026, 11, 24, 11, 0, tzinfo=UTC), datetime(2026, 11, 24, 11, 0, tzinfo=UTC)),
    ],
)
def test_received_message_is_due_at_the_next_staffed_period(
    handler: Session, received: datetime, due: datetime
) -> None:
    intake = IntakeService(handler)
    contact_id = intake.record_received(
        "voicemail", received, "new_referral", "Pat Caller", "07700 900555"
    )
    (item,) = intake.callback_queue()
    assert (item.contact_id, item.received_at, item.due_at) == (contact_id, received, due)
    assert (item.channel, item.purpose, item.callback_name, item.callback_phone) == (
        "voicemail",
        "new_referral",
        "Pat Caller",
        "07700 900555",
    )
    assert intake.is_staffed(due)


def test_line_hours_are_settings(admin: Session, handler: Session) -> None:
    from supportline.services.settings import SettingsService

    SettingsService(admin).update({"line_opens": "09:00", "line_closes": "16:00"})
    intake = IntakeService(handler)
    intake.record_received(
        "email", datetime(2026, 11, 24, 16, 30, tzinfo=UTC), callback_name="Pat Caller"
    )
    (item,) = intake.callback_queue()
    assert item.due_at == datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
    assert not intake.is_staffed(datetime(2026, 11, 24, 8, 45, tzinfo=UTC))


def test_queue_is_oldest_first_and_left_only_by_a_logged_callback(
    handler: Session, client_id: int, clock: FakeClock
) -> None:
    intake = IntakeService(handler)
    second = intake.record_received(
        "email", datetime(2026, 11, 21, 9, 0, tzinfo=UTC), "enquiry", "Sam Second", ""
    )
    first = intake.record_received(
        "voicemail",
        datetime(2026, 11, 20, 18, 0, tzinfo=UTC),
        "new_referral",
        "Fran First",
        "01732 526999",
    )
    third = intake.record_received(
        "letter", datetime(2026, 11, 22, 9, 0, tzinfo=UTC), "other", client_id=client_id
    )
    assert [i.contact_id for i in intake.callback_queue()] == [first, second, third]

    # An incoming call does not take anything out of the queue.
    intake.finish_call(enquiry(NOW))
    with pytest.raises(InvalidContact):
        intake.log_callback(first, enquiry(NOW))
    assert len(intake.callback_queue()) == 3

    draft = intake.start_call(direction="out")
    clock.now = NOW + timedelta(minutes=4)
    result = intake.log_callback(
        first, enquiry(draft.started_at, direction="out", outcome="no_further_action")
    )
    assert [i.contact_id for i in intake.callback_queue()] == [second, third]
    done = contact_row(handler, first)
    assert (done.callback_state, done.resolved_by_id) == ("done", result.contact_id)
    assert (done.callback_name, done.callback_phone) == (None, None)  # identity erased
    assert contact_row(handler, result.contact_id).direction == "out"
    with pytest.raises(NotPending):
        intake.log_callback(first, enquiry(NOW, direction="out"))

    # A call-back that turns the caller into a client links the message to them.
    result = intake.log_callback(second, referral(NOW, client_id, direction="out"))
    done = contact_row(handler, second)
    assert (done.client_id, done.callback_name, done.callback_state) == (client_id, None, "done")
    assert result.case_id is not None
    assert [i.contact_id for i in intake.callback_queue()] == [third]


@pytest.mark.parametrize(
    ("args", "problems"),
    [
        (("phone", "Pat Caller", "07700 900555"), {("channel", "not_a_choice")}),
        (("voicemail", "", "07700 900555"), {("callback_name", "required")}),
        (("voicemail", "Pat Caller", ""), {("callback_phone", "required")}),
        (("email", "Pat Caller", "12"), {("callback_phone", "phone_format")}),
    ],
)
def test_received_message_validation(
    handler: Session, args: tuple[str, str, str], problems: set[tuple[str, str]]
) -> None:
    channel, name, phone = args
    intake = IntakeService(handler)
    with pytest.raises(InvalidContact) as caught:
        intake.record_received(channel, NOW, "enquiry", name, phone)
    assert {(p.field, p.reason) for p in caught.value.problems} == problems
    assert intake.callback_queue() == []


# -- permissions -----------------------------------------------------------------------------------


def test_manager_is_refused_by_every_intake_service(
    open_as: Callable[..., Session], handler: Session, client_id: int
) -> None:
    pending = IntakeService(handler).record_received("email", NOW, callback_name="Pat Caller")
    manager = open_as("manager")
    assert Role.SERVICE_MANAGER in manager.roles
    intake = IntakeService(manager)
    calls: list[Callable[[], object]] = [
        lambda: intake.start_call(),
        lambda: intake.finish_call(enquiry(NOW)),
        lambda: intake.record_received("email", NOW, callback_name="Pat Caller"),
        lambda: intake.callback_queue(),
        lambda: intake.log_callback(pending, enquiry(NOW, direction="out")),
        lambda: intake.raise_risk(client_id, "high", "x"),
        lambda: intake.risk_details(client_id),
        lambda: intake.is_staffed(NOW),
        lambda: ClientService(manager).search("smith"),
        lambda: ClientService(manager).open(client_id),
        lambda: CaseService(manager).open_case(client_id, REFERRAL),
        lambda: CaseService(manager).waiting_list(),
    ]
    for call in calls:
        with pytest.raises(PermissionDenied):
            call()
    assert len(IntakeService(handler).callback_queue()) == 1


def test_counsellor_cannot_log_contacts(
    open_as: Callable[..., Session], handler: Session, client_id: int
) -> None:
    pending = IntakeService(handler).record_received("email", NOW, callback_name="Pat Caller")
    intake = IntakeService(open_as("counsellor"))
    for call in (
        lambda: intake.start_call(),
        lambda: intake.finish_call(enquiry(NOW)),
        lambda: intake.finish_call(referral(NOW, client_id)),
        lambda: intake.record_received("email", NOW, callback_name="Pat Caller"),
        lambda: intake.callback_queue(),
        lambda: intake.log_callback(pending, enquiry(NOW, direction="out")),
    ):
        with pytest.raises(PermissionDenied):
            call()
    with handler.case.connect() as conn:
        assert conn.execute(select(func.count()).select_from(schema.contacts)).scalar_one() == 1
    assert outbox_rows(handler) == 0
