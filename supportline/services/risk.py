"""Risk alerts over time: raised at intake or by anyone who hears of a risk, reviewed by a
counsellor who may lower the level, with a reason.

A review clears the alerts before it and adds one ``reviewed`` row at the new level, whose
detail is the reason, sealed to the clinical key pair like every alert's detail: call handlers
see that the level was lowered, by whom and when, but only counsellors read why. Nothing is
deleted, so the client's whole risk history stays.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, insert, select, update

from .. import crypto
from ..db import schema
from ..errors import PermissionDenied, SupportLineError
from ..roles import KeyName, Op, allowed
from ..session import Session
from ..validation import InvalidInput
from .clients import RISK_LEVELS, ClientNotFound
from .staff import is_clinical_lead

MIN_REASON = 5


class InvalidRiskReview(SupportLineError):
    code = "invalid_risk_review"

    def __init__(self, problems: Sequence[InvalidInput]) -> None:
        super().__init__(", ".join(f"{p.field}:{p.reason}" for p in problems))
        self.problems = tuple(problems)


@dataclass(frozen=True)
class RiskEvent:
    """One alert or review. ``detail`` is filled only for counsellors (the clinical key)."""

    at: datetime
    level: str
    kind: str  # raised | reviewed
    by: str
    cleared_at: datetime | None
    detail: str | None = None


class RiskService:
    def __init__(self, session: Session) -> None:
        self._session = session

    def history(self, client_id: int) -> list[RiskEvent]:
        """Who raised or lowered the level and when, oldest first. Counsellors also get each
        alert's detail and each review's reason (audited as a view of risk detail)."""
        self._session.require(Op.CLIENTS_VIEW)
        r = schema.risk_alerts.c
        reading = allowed(self._session.roles, Op.RISK_DETAIL_READ)
        with self._session.case_tx() as conn:
            self._client_level(conn, client_id)
            rows = conn.execute(
                select(r.raised_at, r.level, r.kind, r.raised_by, r.cleared_at, r.detail)
                .where(r.client_id == client_id)
                .order_by(r.raised_at, r.id)
            ).all()
            if reading and rows:
                self._session.audit_case(conn, "risk.viewed", "client", client_id)
        private = self._clinical_private() if reading else None
        return [
            RiskEvent(
                row.raised_at,
                row.level,
                row.kind,
                row.raised_by,
                row.cleared_at,
                _open(private, row.detail) if private is not None else None,
            )
            for row in rows
        ]

    def review(self, client_id: int, level: str, reason: str) -> str:
        """Lower the client's risk level to ``level`` (``none`` included), with the reason.
        Only a counsellor of the client's, or a clinical lead, may. Returns the new level."""
        self._session.require(Op.RISK_REVIEW)
        reason = reason.strip()
        problems = []
        if level not in RISK_LEVELS:
            problems.append(InvalidInput("risk_level", "not_a_choice"))
        if len(reason) < MIN_REASON:
            problems.append(InvalidInput("risk_reason", "required"))
        with self._session.case_tx() as conn:
            current = self._client_level(conn, client_id)
            if level in RISK_LEVELS and RISK_LEVELS.index(level) >= RISK_LEVELS.index(current):
                # Raising is not a review: it is an alert anyone may raise (RISK_RAISE).
                problems.append(InvalidInput("risk_level", "not_lower"))
            if problems:
                raise InvalidRiskReview(problems)
            self._require_own_or_lead(conn, client_id)
            now = self._session.clock()
            r = schema.risk_alerts.c
            conn.execute(
                update(schema.risk_alerts)
                .where(r.client_id == client_id, r.cleared_at.is_(None))
                .values(cleared_at=now, cleared_by=self._session.username)
            )
            conn.execute(
                insert(schema.risk_alerts).values(
                    client_id=client_id,
                    level=level,
                    kind="reviewed",
                    detail=self._seal(conn, reason),
                    raised_by=self._session.username,
                    raised_at=now,
                )
            )
            conn.execute(
                update(schema.clients)
                .where(schema.clients.c.id == client_id)
                .values(risk_level=level)
            )
            self._session.audit_case(conn, "risk.reviewed", "client", client_id)
        return level

    # -- helpers ---------------------------------------------------------------------------------

    def _client_level(self, conn: Connection, client_id: int) -> str:
        level = conn.execute(
            select(schema.clients.c.risk_level).where(schema.clients.c.id == client_id)
        ).scalar()
        if level is None:
            raise ClientNotFound(str(client_id))
        return str(level)

    def _require_own_or_lead(self, conn: Connection, client_id: int) -> None:
        if is_clinical_lead(self._session, conn):
            return
        u, co, c, a = (
            schema.users.c,
            schema.counsellors.c,
            schema.cases.c,
            schema.appointments.c,
        )
        me = conn.execute(
            select(co.id)
            .select_from(schema.counsellors.join(schema.users, u.id == co.user_id))
            .where(u.username == self._session.username)
        ).scalar()
        if me is not None:
            allocated = conn.execute(
                select(c.id).where(c.client_id == client_id, c.counsellor_id == me).limit(1)
            ).first()
            seen = conn.execute(
                select(a.id).where(a.client_id == client_id, a.counsellor_id == me).limit(1)
            ).first()
            if allocated or seen:
                return
        raise PermissionDenied("risk.review.not_own")

    def _seal(self, conn: Connection, text: str) -> bytes:
        # As the store authority signed it, never a row the case key can write.
        public = self._session.statement().clinical_public_key
        return crypto.seal_to(public, text.encode("utf-8"), crypto.CLINICAL_AAD)

    def _clinical_private(self) -> bytes:
        notes = self._session.key(KeyName.NOTES, self._session.current_generation(KeyName.NOTES))
        private, _ = crypto.clinical_keypair(notes)
        return private


def _open(private: bytes, sealed: bytes | None) -> str:
    if not sealed:
        return ""
    return crypto.open_sealed_to(private, sealed, crypto.CLINICAL_AAD).decode("utf-8")
