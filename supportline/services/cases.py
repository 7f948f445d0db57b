"""Cases and the waiting list.

A referral opens a case (service, referral route, coded presenting issues, urgency). Status runs
waiting -> assessment booked -> active -> closed; every change is recorded with who and when.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, Connection, and_, func, insert, or_, select, update

from .. import outbox
from ..calendar_uk import LONDON, to_local
from ..db import schema
from ..db.engine import inserted_id
from ..errors import SupportLineError
from ..reference import centroid_for, presenting_issues
from ..roles import Op
from ..session import Session
from ..statistics.coarsen import client_profile, issue_categories
from ..validation import InvalidInput

SERVICES = ("counselling", "coaching", "mediation")
ROUTES = ("self", "manager", "occupational_health", "hr", "other")
URGENCIES = ("urgent", "soon", "routine")
STATUSES = ("waiting", "assessment_booked", "active", "closed")
TRANSITIONS = {
    "waiting": {"assessment_booked", "closed"},
    "assessment_booked": {"waiting", "active", "closed"},
    "active": {"closed"},
    "closed": {"waiting"},  # re-opened after a new referral
}
# Where a case stands, as every screen names it: the status refined by whether a counsellor has
# taken the case on and whether sessions are booked ahead (see :func:`case_stage`).
CASE_STAGES = (
    "waiting_assessment",
    "assessment_booked",
    "awaiting_counsellor",
    "sessions_to_book",
    "in_sessions",
    "closed",
)


def case_stage(status: str, allocated: bool, sessions: int) -> str:
    """The one place a case's stage is decided. ``allocated``: a counsellor has the case;
    ``sessions``: its sessions after the assessment, booked or held (not cancelled)."""
    if status == "waiting":
        return "waiting_assessment"
    if status == "active":
        if not allocated:
            return "awaiting_counsellor"
        return "in_sessions" if sessions else "sessions_to_book"
    return status  # assessment_booked, closed


def counts_as_session() -> ColumnElement[bool]:
    """An appointment after the assessment, booked or held (not cancelled)."""
    a = schema.appointments.c
    return and_(a.kind == "session", a.status.in_(("booked", "attended", "dna")))


class InvalidCase(SupportLineError):
    code = "invalid_case"

    def __init__(self, problems: list[InvalidInput]) -> None:
        super().__init__(", ".join(f"{p.field}:{p.reason}" for p in problems))
        self.problems = tuple(problems)


class CaseNotFound(SupportLineError):
    code = "case_not_found"


class BadTransition(SupportLineError):
    code = "bad_transition"

    def __init__(self, current: str, wanted: str) -> None:
        super().__init__(f"{current}->{wanted}")
        self.current = current
        self.wanted = wanted


@dataclass(frozen=True)
class CaseInput:
    service: str
    referral_route: str
    presenting_issues: tuple[str, ...]
    urgency: str = "routine"


@dataclass(frozen=True)
class CaseInfo:
    id: int
    client_id: int
    service: str
    referral_route: str
    presenting_issues: tuple[str, ...]
    urgency: str
    status: str
    opened_at: datetime
    closed_at: datetime | None
    history: tuple[tuple[str, str, datetime], ...]
    counsellor_id: int | None = None
    sessions: int = 0  # after the assessment, booked or held

    @property
    def stage(self) -> str:
        return case_stage(self.status, self.counsellor_id is not None, self.sessions)


@dataclass(frozen=True)
class WaitingItem:
    case_id: int
    client_id: int
    reference: str
    initials: str
    service: str
    urgency: str
    status: str
    waiting_since: datetime
    waited_days: int
    district: str | None
    pref_counsellor_gender: str | None
    pref_language: str | None
    risk_level: str = "none"  # the client's current level

    @property
    def stage(self) -> str:
        # The waiting list holds only cases no counsellor has taken on (see waiting_list).
        return case_stage(self.status, False, 0)


def validate_case(data: CaseInput) -> None:
    problems = []
    if data.service not in SERVICES:
        problems.append(InvalidInput("service", "not_a_choice"))
    if data.referral_route not in ROUTES:
        problems.append(InvalidInput("referral_route", "not_a_choice"))
    if data.urgency not in URGENCIES:
        problems.append(InvalidInput("urgency", "not_a_choice"))
    known = {issue.code for issue in presenting_issues()}
    if not data.presenting_issues:
        problems.append(InvalidInput("presenting_issues", "required"))
    elif any(code not in known for code in data.presenting_issues):
        problems.append(InvalidInput("presenting_issues", "unknown_code"))
    if problems:
        raise InvalidCase(problems)


class CaseService:
    def __init__(self, session: Session) -> None:
        self._session = session

    def open_case(self, client_id: int, data: CaseInput, contact_id: int | None = None) -> int:
        self._session.require(Op.CASES_OPEN)
        with self._session.case_tx() as conn:
            return self.open_case_in(conn, client_id, data, contact_id)

    def open_case_in(
        self, conn: Connection, client_id: int, data: CaseInput, contact_id: int | None = None
    ) -> int:
        """Open a case inside the caller's transaction (intake opens it with the contact)."""
        from .urgency import at_least, client_floor, record_in

        self._session.require(Op.CASES_OPEN)
        validate_case(data)
        now = self._session.clock()
        # A client at high or immediate risk is never opened below urgent (the core's rule, not
        # the form's); the handler's choice stands when it is more urgent still.
        urgency = at_least(data.urgency, client_floor(conn, client_id))
        case_id = int(
            inserted_id(
                conn.execute(
                    insert(schema.cases).values(
                        client_id=client_id,
                        service=data.service,
                        referral_route=data.referral_route,
                        presenting_issues=",".join(data.presenting_issues),
                        urgency=urgency,
                        status="waiting",
                        opened_at=now,
                        contact_id=contact_id,
                    )
                )
            )
        )
        conn.execute(
            insert(schema.case_status_history).values(
                case_id=case_id, status="waiting", changed_by=self._session.username, changed_at=now
            )
        )
        if urgency == data.urgency:
            record_in(conn, self._session, case_id, urgency, None, "opened")
        else:
            record_in(conn, self._session, case_id, urgency, data.urgency, "risk")
        self._session.audit_case(conn, "case.opened", "case", case_id)
        # One anonymous referral record for statistics, in the same transaction.
        profile = client_profile(conn, client_id, now.astimezone(LONDON).date())
        outbox.seal_record_in(
            conn,
            self._session,
            "referral",
            quarter_of(now),
            {
                **profile,
                "service": data.service,
                "referral_route": data.referral_route,
                "urgency": urgency,
                "issue_categories": issue_categories(",".join(data.presenting_issues)),
            },
        )
        return case_id

    def change_status(self, case_id: int, status: str) -> None:
        self._session.require(Op.CASES_UPDATE)
        with self._session.case_tx() as conn:
            self.change_status_in(conn, case_id, status)

    def change_status_in(self, conn: Connection, case_id: int, status: str) -> None:
        current = conn.execute(
            select(schema.cases.c.status).where(schema.cases.c.id == case_id)
        ).scalar()
        if current is None:
            raise CaseNotFound(str(case_id))
        if status not in TRANSITIONS.get(current, set()):
            raise BadTransition(current, status)
        now = self._session.clock()
        values: dict[str, object] = {"status": status}
        if status == "closed":
            values["closed_at"] = now
        elif current == "closed":
            values["closed_at"] = None
        conn.execute(update(schema.cases).where(schema.cases.c.id == case_id).values(values))
        conn.execute(
            insert(schema.case_status_history).values(
                case_id=case_id, status=status, changed_by=self._session.username, changed_at=now
            )
        )
        self._session.audit_case(conn, f"case.{status}", "case", case_id)

    def get(self, case_id: int) -> CaseInfo:
        self._session.require(Op.CLIENTS_VIEW)
        c = schema.cases.c
        h = schema.case_status_history.c
        with self._session.case.connect() as conn:
            row = conn.execute(select(schema.cases).where(c.id == case_id)).first()
            if row is None:
                raise CaseNotFound(str(case_id))
            history = tuple(
                (r.status, r.changed_by, r.changed_at)
                for r in conn.execute(
                    select(h.status, h.changed_by, h.changed_at)
                    .where(h.case_id == case_id)
                    .order_by(h.id)
                )
            )
            sessions = conn.execute(
                select(func.count()).where(
                    schema.appointments.c.case_id == case_id, counts_as_session()
                )
            ).scalar_one()
        return CaseInfo(
            row.id,
            row.client_id,
            row.service,
            row.referral_route,
            tuple(code for code in row.presenting_issues.split(",") if code),
            row.urgency,
            row.status,
            row.opened_at,
            row.closed_at,
            history,
            row.counsellor_id,
            int(sessions),
        )

    def cases_for_client(self, client_id: int) -> list[CaseInfo]:
        self._session.require(Op.CLIENTS_VIEW)
        with self._session.case.connect() as conn:
            ids = (
                conn.execute(
                    select(schema.cases.c.id)
                    .where(schema.cases.c.client_id == client_id)
                    .order_by(schema.cases.c.id)
                )
                .scalars()
                .all()
            )
        return [self.get(case_id) for case_id in ids]

    def waiting_list(
        self,
        service: str | None = None,
        district: str | None = None,
        pref_gender: str | None = None,
        pref_language: str | None = None,
    ) -> list[WaitingItem]:
        """Cases waiting for an assessment or a counsellor: most urgent first, then longest
        waiting. Shows a reference and initials; the name is one audited click away."""
        self._session.require(Op.WAITING_LIST_VIEW)
        c, cl = schema.cases.c, schema.clients.c
        stmt = (
            select(
                c.id,
                c.client_id,
                cl.reference,
                cl.first_name,
                cl.last_name,
                c.service,
                c.urgency,
                c.status,
                c.opened_at,
                cl.home_postcode,
                cl.work_postcode,
                cl.venue_preference,
                cl.pref_counsellor_gender,
                cl.pref_language,
                cl.risk_level,
            )
            .select_from(schema.cases.join(schema.clients, cl.id == c.client_id))
            # Waiting for an assessment, or assessed and waiting for a counsellor to be allocated.
            .where(
                or_(c.status == "waiting", and_(c.status == "active", c.counsellor_id.is_(None)))
            )
        )
        if service:
            stmt = stmt.where(c.service == service)
        if pref_gender:
            stmt = stmt.where(cl.pref_counsellor_gender == pref_gender)
        if pref_language:
            stmt = stmt.where(cl.pref_language == pref_language)
        now = self._session.clock()
        items = []
        with self._session.case.connect() as conn:
            for row in conn.execute(stmt):
                postcode = (
                    row.work_postcode if row.venue_preference == "work" else row.home_postcode
                )
                centroid = centroid_for(postcode) if postcode else None
                where = centroid.local_authority if centroid else None
                if district and where != district:
                    continue
                items.append(
                    WaitingItem(
                        case_id=row.id,
                        client_id=row.client_id,
                        reference=row.reference,
                        initials=f"{row.first_name[:1]}{row.last_name[:1]}".upper(),
                        service=row.service,
                        urgency=row.urgency,
                        status=row.status,
                        waiting_since=row.opened_at,
                        waited_days=(now - row.opened_at).days,
                        district=where,
                        pref_counsellor_gender=row.pref_counsellor_gender,
                        pref_language=row.pref_language,
                        risk_level=row.risk_level,
                    )
                )
        items.sort(
            key=lambda item: (URGENCIES.index(item.urgency), item.waiting_since, item.case_id)
        )
        return items


def quarter_of(moment: datetime) -> str:
    local = to_local(moment)
    return f"{local.year}Q{(local.month - 1) // 3 + 1}"
