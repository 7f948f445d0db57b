"""How urgent a case is, and why.

The rule: a client whose risk level is high or immediate has cases that are at least urgent.
The rule applies when a case is opened and whenever the client's risk level rises, to every
case still open. A handler may make a case more urgent at any time; making it less urgent needs
a reason, which is kept. Every change is in ``case_urgency_history`` (who, when, from what, why)
and in the audit log (by case id).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, insert, select, update

from .. import versions
from ..db import schema
from ..roles import Op
from ..session import Session
from ..validation import InvalidInput
from .cases import URGENCIES, CaseNotFound, InvalidCase

# The risk levels that make a case urgent, and how urgent at least.
RISK_FLOOR = {"high": "urgent", "immediate": "urgent"}
MIN_REASON = 5


@dataclass(frozen=True)
class UrgencyChange:
    urgency: str
    previous: str | None
    cause: str  # opened | risk | changed
    reason: str | None
    changed_by: str
    changed_at: datetime


def urgency_floor(risk_level: str | None) -> str | None:
    """The least urgency a case may have for a client at ``risk_level`` (None: no floor)."""
    return RISK_FLOOR.get(risk_level or "none")


def more_urgent(first: str, second: str) -> bool:
    return URGENCIES.index(first) < URGENCIES.index(second)


def at_least(urgency: str, floor: str | None) -> str:
    return floor if floor is not None and more_urgent(floor, urgency) else urgency


def record_in(
    conn: Connection,
    session: Session,
    case_id: int,
    urgency: str,
    previous: str | None,
    cause: str,
    reason: str | None = None,
) -> None:
    conn.execute(
        insert(schema.case_urgency_history).values(
            case_id=case_id,
            urgency=urgency,
            previous=previous,
            cause=cause,
            reason=reason,
            changed_by=session.username,
            changed_at=session.clock(),
        )
    )


def client_floor(conn: Connection, client_id: int) -> str | None:
    level = conn.execute(
        select(schema.clients.c.risk_level).where(schema.clients.c.id == client_id)
    ).scalar()
    return urgency_floor(level)


def raise_for_risk_in(conn: Connection, session: Session, client_id: int) -> list[int]:
    """After the client's risk level changed: every open case below the floor is raised to it.
    Returns the cases raised."""
    floor = client_floor(conn, client_id)
    if floor is None:
        return []
    c = schema.cases.c
    raised = []
    for case_id, current in conn.execute(
        select(c.id, c.urgency).where(c.client_id == client_id, c.status != "closed")
    ).all():
        if current in URGENCIES and not more_urgent(floor, current):
            continue
        conn.execute(update(schema.cases).where(c.id == case_id).values(urgency=floor))
        record_in(conn, session, case_id, floor, current, "risk")
        session.audit_case(conn, "case.urgency_raised", "case", case_id)
        raised.append(case_id)
    return raised


class UrgencyService:
    def __init__(self, session: Session) -> None:
        self._session = session

    def set_urgency(
        self, case_id: int, urgency: str, reason: str = "", seen: str | None = None
    ) -> str:
        """Change an open case's urgency. Lowering it (even below what the client's risk level
        asks for) needs a reason of a few words; raising it does not. Returns the urgency.
        With ``seen`` (the urgency the user was shown), refused with EditConflict if someone
        changed it since."""
        self._session.require(Op.CASES_SET_URGENCY)
        if urgency not in URGENCIES:
            raise InvalidCase([InvalidInput("urgency", "not_a_choice")])
        c = schema.cases.c
        with self._session.case_tx() as conn:
            row = conn.execute(select(c.urgency, c.status).where(c.id == case_id)).first()
            if row is None:
                raise CaseNotFound(str(case_id))
            if row.status == "closed":
                raise InvalidCase([InvalidInput("urgency", "case_closed")])
            if seen is not None and seen != row.urgency:
                raise versions.conflict(
                    "case", case_id, {"urgency": seen}, {"urgency": row.urgency}
                )
            if urgency == row.urgency:
                return urgency
            lowering = row.urgency in URGENCIES and more_urgent(row.urgency, urgency)
            reason = " ".join(reason.split())
            if lowering and len(reason) < MIN_REASON:
                raise InvalidCase([InvalidInput("urgency_reason", "required_to_lower")])
            conn.execute(update(schema.cases).where(c.id == case_id).values(urgency=urgency))
            record_in(
                conn, self._session, case_id, urgency, row.urgency, "changed", reason[:500] or None
            )
            self._session.audit_case(
                conn, "case.urgency_lowered" if lowering else "case.urgency_raised", "case", case_id
            )
        return urgency

    def history(self, case_id: int) -> list[UrgencyChange]:
        self._session.require(Op.CLIENTS_VIEW)
        h = schema.case_urgency_history.c
        with self._session.case.connect() as conn:
            known = conn.execute(select(schema.cases.c.id).where(schema.cases.c.id == case_id))
            if known.first() is None:
                raise CaseNotFound(str(case_id))
            return [
                UrgencyChange(r.urgency, r.previous, r.cause, r.reason, r.changed_by, r.changed_at)
                for r in conn.execute(
                    select(h.urgency, h.previous, h.cause, h.reason, h.changed_by, h.changed_at)
                    .where(h.case_id == case_id)
                    .order_by(h.id)
                )
            ]
