"""Intake: every contact logged, the out-of-hours call-back queue, triage and risk screening.

A contact records direction, channel, handler, time and duration, purpose and outcome. Each
contact also sends one anonymous count (channel, purpose, outcome, quarter) into the statistics
outbox, so an enquiry that never becomes a client is counted without any identity.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from importlib import resources
from typing import Any

from sqlalchemy import Connection, insert, select, update

from .. import crypto, outbox
from ..calendar_uk import is_staffed, next_staffed_start, parse_hhmm
from ..db import schema
from ..db.engine import inserted_id
from ..errors import SupportLineError
from ..roles import KeyName, Op
from ..session import Session
from ..validation import InvalidInput, normalise_name, normalise_phone
from .cases import CaseInput, CaseService, InvalidCase, quarter_of, validate_case
from .clients import RISK_LEVELS
from .settings import SettingsService
from .urgency import raise_for_risk_in

DIRECTIONS = ("in", "out")
CHANNELS = ("phone", "voicemail", "email", "letter")
PURPOSES = ("new_referral", "rebooking", "cancellation", "enquiry", "complaint", "other")
OUTCOMES = ("counselling", "coaching", "mediation", "signposted", "no_further_action")
SERVICE_OUTCOMES = ("counselling", "coaching", "mediation")
SIGNPOSTS = (
    "occupational_health",
    "hr",
    "educational_psychology",
    "gp",
    "crisis_services",
    "other",
)
RISK_QUESTIONS = (
    "immediate_danger",
    "self_harm_thoughts",
    "plans_or_means",
    "harm_to_others",
    "safeguarding",
)

CLINICAL_AAD = crypto.CLINICAL_AAD


class InvalidContact(SupportLineError):
    code = "invalid_contact"

    def __init__(self, problems: list[InvalidInput]) -> None:
        super().__init__(", ".join(f"{p.field}:{p.reason}" for p in problems))
        self.problems = tuple(problems)


class NotPending(SupportLineError):
    code = "not_pending"


@cache
def risk_screening() -> dict[str, Any]:
    text = resources.files("resources").joinpath("intake/risk_screening.json").read_text("utf-8")
    return json.loads(text)


@cache
def signposting() -> dict[str, str]:
    text = resources.files("resources").joinpath("intake/signposting.json").read_text("utf-8")
    return {d["code"]: d["label"] for d in json.loads(text)["destinations"]}


def assess_risk(answers: dict[str, bool]) -> str:
    """The screening answers as a level. Immediate risk brings up the escalation steps."""
    unknown = set(answers) - set(RISK_QUESTIONS)
    if unknown:
        raise ValueError(f"unknown risk questions: {sorted(unknown)}")
    if answers.get("immediate_danger") or (
        answers.get("self_harm_thoughts") and answers.get("plans_or_means")
    ):
        return "immediate"
    if answers.get("self_harm_thoughts") or answers.get("harm_to_others"):
        return "high"
    if answers.get("safeguarding"):
        return "medium"
    return "none"


@dataclass(frozen=True)
class CallDraft:
    """A call in progress: the start time is taken when the form opens."""

    started_at: datetime
    direction: str = "in"
    channel: str = "phone"


@dataclass(frozen=True)
class ContactInput:
    direction: str
    channel: str
    purpose: str
    outcome: str
    started_at: datetime
    ended_at: datetime | None = None
    client_id: int | None = None
    signposted_to: str = ""
    eligibility: str = ""  # eligible | not_eligible | expired, as shown at intake
    eligibility_override_reason: str = ""
    risk_answers: dict[str, bool] = field(default_factory=dict)
    risk_detail: str = ""
    case: CaseInput | None = None


@dataclass(frozen=True)
class ContactResult:
    contact_id: int
    case_id: int | None
    risk_level: str
    escalate: bool


@dataclass(frozen=True)
class CallbackItem:
    contact_id: int
    received_at: datetime
    due_at: datetime
    channel: str
    purpose: str
    client_id: int | None
    callback_name: str | None
    callback_phone: str | None


class IntakeService:
    def __init__(self, session: Session) -> None:
        self._session = session

    # -- calls -----------------------------------------------------------------------------------

    def start_call(self, direction: str = "in", channel: str = "phone") -> CallDraft:
        self._session.require(Op.CONTACTS_LOG)
        return CallDraft(self._session.clock(), direction, channel)

    def _validate(self, data: ContactInput) -> None:
        problems: list[InvalidInput] = []
        for name, value, allowed in (
            ("direction", data.direction, DIRECTIONS),
            ("channel", data.channel, CHANNELS),
            ("purpose", data.purpose, PURPOSES),
            ("outcome", data.outcome, OUTCOMES),
        ):
            if value not in allowed:
                problems.append(InvalidInput(name, "required" if not value else "not_a_choice"))
        if data.outcome == "signposted" and data.signposted_to not in SIGNPOSTS:
            problems.append(InvalidInput("signposted_to", "required"))
        if data.outcome in SERVICE_OUTCOMES:
            if data.client_id is None:
                problems.append(InvalidInput("client", "required_for_referral"))
            if (
                data.eligibility in ("not_eligible", "expired")
                and len(data.eligibility_override_reason.strip()) < 5
            ):
                problems.append(InvalidInput("eligibility_override_reason", "required"))
            if data.case is None:
                problems.append(InvalidInput("case", "required_for_referral"))
            else:
                # Every problem in one round: the referral's fields with the contact's own.
                try:
                    validate_case(data.case)
                except InvalidCase as exc:
                    problems.extend(exc.problems)
        if data.eligibility not in ("", "eligible", "not_eligible", "expired"):
            problems.append(InvalidInput("eligibility", "not_a_choice"))
        if data.ended_at is not None and data.ended_at < data.started_at:
            problems.append(InvalidInput("ended_at", "before_start"))
        if data.risk_detail.strip() and data.client_id is None:
            # The detail is sealed onto a client's risk alert; without a client it would be lost.
            problems.append(InvalidInput("risk_detail", "needs_client"))
        if problems:
            raise InvalidContact(problems)

    def finish_call(self, data: ContactInput) -> ContactResult:
        """Log a contact (the duration runs from the draft's start to now), open the case a
        referral needs, set a risk alert, and count the contact anonymously: one transaction."""
        self._session.require(Op.CONTACTS_LOG)
        self._validate(data)
        with self._session.case_tx() as conn:
            return self._finish_in(conn, data)

    def _finish_in(self, conn: Connection, data: ContactInput) -> ContactResult:
        ended = data.ended_at or self._session.clock()
        level = assess_risk(data.risk_answers)
        case_id: int | None = None
        contact_id = self._insert_contact(conn, data, ended, level)
        if level != "none" and data.client_id is not None:
            # Before the case opens, so the case takes the urgency the risk level asks for.
            self._raise_alert(conn, data.client_id, level, data.risk_detail)
        if (
            data.outcome in SERVICE_OUTCOMES
            and data.case is not None
            and data.client_id is not None
        ):
            case_id = CaseService(self._session).open_case_in(
                conn, data.client_id, data.case, contact_id=contact_id
            )
            conn.execute(
                update(schema.contacts)
                .where(schema.contacts.c.id == contact_id)
                .values(case_id=case_id)
            )
        self._session.audit_case(conn, "contact.logged", "contact", contact_id)
        self._count(conn, data, ended)
        return ContactResult(contact_id, case_id, level, level == "immediate")

    def _insert_contact(
        self, conn: Connection, data: ContactInput, ended: datetime, level: str
    ) -> int:
        handler_id = self._session.user_id(conn)
        return int(
            inserted_id(
                conn.execute(
                    insert(schema.contacts).values(
                        client_id=data.client_id,
                        direction=data.direction,
                        channel=data.channel,
                        handler_id=handler_id,
                        started_at=data.started_at,
                        duration_s=max(0, int((ended - data.started_at).total_seconds())),
                        purpose=data.purpose,
                        outcome=data.outcome,
                        # A destination left over from an earlier choice is not kept.
                        signposted_to=(data.signposted_to or None)
                        if data.outcome == "signposted"
                        else None,
                        eligibility=data.eligibility or None,
                        eligibility_override_reason=data.eligibility_override_reason.strip()
                        or None,
                        risk_level=level,
                    )
                )
            )
        )

    def _count(self, conn: Connection, data: ContactInput, when: datetime) -> None:
        outbox.seal_record_in(
            conn,
            self._session,
            "contact",
            quarter_of(when),
            {
                "direction": data.direction,
                "channel": data.channel,
                "purpose": data.purpose,
                "outcome": data.outcome,
                "signposted_to": data.signposted_to if data.outcome == "signposted" else None,
                "became_client": data.client_id is not None,
            },
        )

    # -- risk ------------------------------------------------------------------------------------

    def _raise_alert(self, conn: Connection, client_id: int, level: str, detail: str) -> None:
        if level not in RISK_LEVELS or level == "none":
            return
        sealed = None
        if detail.strip():
            # As the store authority signed it, never a row the case key can write.
            public = self._session.statement().clinical_public_key
            sealed = crypto.seal_to(public, detail.strip().encode("utf-8"), CLINICAL_AAD)
        conn.execute(
            insert(schema.risk_alerts).values(
                client_id=client_id,
                level=level,
                detail=sealed,
                raised_by=self._session.username,
                raised_at=self._session.clock(),
            )
        )
        current = conn.execute(
            select(schema.clients.c.risk_level).where(schema.clients.c.id == client_id)
        ).scalar()
        if current is None or RISK_LEVELS.index(level) > RISK_LEVELS.index(current):
            conn.execute(
                update(schema.clients)
                .where(schema.clients.c.id == client_id)
                .values(risk_level=level)
            )
        self._session.audit_case(conn, "risk.raised", "client", client_id)
        raise_for_risk_in(conn, self._session, client_id)

    def raise_risk(self, client_id: int, level: str, detail: str = "") -> None:
        self._session.require(Op.RISK_RAISE)
        with self._session.case_tx() as conn:
            self._raise_alert(conn, client_id, level, detail)

    def risk_details(self, client_id: int) -> list[tuple[datetime, str, str]]:
        """(when, level, detail) for a counsellor: the notes key derives the clinical key."""
        self._session.require(Op.RISK_DETAIL_READ)
        private, _ = crypto.clinical_keypair(
            self._session.key(KeyName.NOTES, self._session.current_generation(KeyName.NOTES))
        )
        r = schema.risk_alerts.c
        out = []
        with self._session.case_tx() as conn:
            rows = conn.execute(
                select(r.raised_at, r.level, r.detail)
                .where(r.client_id == client_id)
                .order_by(r.raised_at)
            ).all()
            self._session.audit_case(conn, "risk.viewed", "client", client_id)
        for raised_at, level, sealed in rows:
            text = (
                crypto.open_sealed_to(private, sealed, CLINICAL_AAD).decode("utf-8")
                if sealed
                else ""
            )
            out.append((raised_at, level, text))
        return out

    # -- out of hours and call-backs -------------------------------------------------------------

    def _hours(self) -> tuple[Any, Any]:
        settings = SettingsService(self._session).all()
        return parse_hhmm(settings["line_opens"]), parse_hhmm(settings["line_closes"])

    def is_staffed(self, moment: datetime) -> bool:
        opens, closes = self._hours()
        return is_staffed(moment, opens, closes)

    def record_received(
        self,
        channel: str,
        received_at: datetime,
        purpose: str = "other",
        callback_name: str = "",
        callback_phone: str = "",
        client_id: int | None = None,
    ) -> int:
        """A voicemail, e-mail or letter that needs a call-back: it joins the queue, due at the
        next staffed period (or now, if it arrived while the line was staffed)."""
        self._session.require(Op.CONTACTS_LOG)
        problems = []
        if channel not in ("voicemail", "email", "letter"):
            problems.append(InvalidInput("channel", "not_a_choice"))
        if purpose not in PURPOSES:
            problems.append(InvalidInput("purpose", "not_a_choice"))
        name = ""
        phone = ""
        if client_id is None:
            try:
                name = normalise_name(callback_name, field="callback_name")
            except InvalidInput as exc:
                problems.append(exc)
            if channel in ("voicemail",) or callback_phone.strip():
                try:
                    phone = normalise_phone(callback_phone, field="callback_phone")
                except InvalidInput as exc:
                    problems.append(exc)
        if problems:
            raise InvalidContact(problems)
        opens, closes = self._hours()
        due = next_staffed_start(received_at, opens, closes)
        with self._session.case_tx() as conn:
            contact_id = int(
                inserted_id(
                    conn.execute(
                        insert(schema.contacts).values(
                            client_id=client_id,
                            direction="in",
                            channel=channel,
                            handler_id=self._session.user_id(conn),
                            started_at=received_at,
                            duration_s=0,
                            purpose=purpose,
                            outcome=None,
                            callback_state="pending",
                            callback_due_at=due,
                            callback_name=name or None,
                            callback_phone=phone or None,
                        )
                    )
                )
            )
            self._session.audit_case(conn, "contact.received", "contact", contact_id)
        return contact_id

    def callback_queue(self) -> list[CallbackItem]:
        """Pending call-backs, oldest first."""
        self._session.require(Op.CALLBACKS_VIEW)
        c = schema.contacts.c
        with self._session.case.connect() as conn:
            rows = conn.execute(
                select(
                    c.id,
                    c.started_at,
                    c.callback_due_at,
                    c.channel,
                    c.purpose,
                    c.client_id,
                    c.callback_name,
                    c.callback_phone,
                )
                .where(c.callback_state == "pending")
                .order_by(c.started_at, c.id)
            ).all()
        return [CallbackItem(*row) for row in rows]

    def log_callback(self, pending_id: int, data: ContactInput) -> ContactResult:
        """The only way out of the queue: a logged call-back. If the caller never became a
        client, the name and number kept for the call-back are erased."""
        self._session.require(Op.CONTACTS_LOG)
        if data.direction != "out":
            raise InvalidContact([InvalidInput("direction", "callback_is_outgoing")])
        self._validate(data)
        # One transaction, begun with the write lock: two handlers cannot both resolve an item,
        # and a crash cannot leave a logged call-back with its item still pending.
        with self._session.case_tx() as conn:
            state = conn.execute(
                select(schema.contacts.c.callback_state).where(schema.contacts.c.id == pending_id)
            ).scalar()
            if state != "pending":
                raise NotPending(str(pending_id))
            result = self._finish_in(conn, data)
            values: dict[str, Any] = {
                "callback_state": "done",
                "resolved_by_id": result.contact_id,
                "callback_name": None,
                "callback_phone": None,
            }
            if data.client_id is not None:
                values["client_id"] = data.client_id
            conn.execute(
                update(schema.contacts).where(schema.contacts.c.id == pending_id).values(values)
            )
            self._session.audit_case(conn, "callback.logged", "contact", pending_id)
        return result
