"""Client organisations, their service agreements, and whether a caller is eligible."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum

from sqlalchemy import func, insert, select, update

from ..calendar_uk import local_datetime
from ..db import schema
from ..db.engine import inserted_id
from ..errors import SupportLineError
from ..roles import Op
from ..session import Session

SERVICES = ("counselling", "coaching", "mediation")


class Status(StrEnum):
    ELIGIBLE = "eligible"
    NOT_ELIGIBLE = "not_eligible"
    EXPIRED = "expired"


class Reason(StrEnum):
    NO_ORGANISATION = "no_organisation"
    INACTIVE = "organisation_inactive"
    NO_AGREEMENT = "no_agreement"
    SERVICE_NOT_COVERED = "service_not_covered"
    NOT_STARTED = "not_started"
    EXPIRED = "expired"
    SESSIONS_USED = "purchased_sessions_used"


class InvalidAgreement(SupportLineError):
    code = "invalid_agreement"

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Eligibility:
    status: Status
    reason: Reason | None = None
    organisation: str | None = None
    agreement_ends: date | None = None
    purchased_sessions: int | None = None
    sessions_used: int | None = None

    @property
    def eligible(self) -> bool:
        return self.status is Status.ELIGIBLE


@dataclass(frozen=True)
class Agreement:
    id: int
    organisation_id: int
    service: str
    starts_on: date
    ends_on: date | None
    purchased_sessions: int | None


@dataclass(frozen=True)
class OrganisationInfo:
    id: int
    name: str
    org_group: str
    phase: str | None
    directorate: str | None
    active: bool


def _london_midnight(day: date) -> datetime:
    """The start of ``day`` in London, as UTC: agreements run in local dates."""
    return local_datetime(day, time(0)).astimezone(UTC)


class EligibilityService:
    def __init__(self, session: Session) -> None:
        self._session = session

    def organisations(self, include_inactive: bool = False) -> list[OrganisationInfo]:
        self._session.require(Op.ORGANISATIONS_VIEW)
        o = schema.organisations.c
        stmt = select(o.id, o.name, o.org_group, o.phase, o.directorate, o.active).order_by(o.name)
        if not include_inactive:
            stmt = stmt.where(o.active.is_(True))
        with self._session.case.connect() as conn:
            return [OrganisationInfo(*row) for row in conn.execute(stmt)]

    def agreements(self, organisation_id: int) -> list[Agreement]:
        self._session.require(Op.ORGANISATIONS_VIEW)
        a = schema.service_agreements.c
        with self._session.case.connect() as conn:
            rows = conn.execute(
                select(
                    a.id, a.organisation_id, a.service, a.starts_on, a.ends_on, a.purchased_sessions
                )
                .where(a.organisation_id == organisation_id)
                .order_by(a.service, a.starts_on)
            )
            return [Agreement(*row) for row in rows]

    def add_agreement(
        self,
        organisation_id: int,
        service: str,
        starts_on: date,
        ends_on: date | None = None,
        purchased_sessions: int | None = None,
    ) -> int:
        self._session.require(Op.ORGANISATIONS_MANAGE)
        if service not in SERVICES:
            raise InvalidAgreement("service")
        if ends_on is not None and ends_on < starts_on:
            raise InvalidAgreement("ends_before_start")
        if purchased_sessions is not None and purchased_sessions < 1:
            raise InvalidAgreement("purchased_sessions")
        with self._session.case_tx() as conn:
            agreement_id = inserted_id(
                conn.execute(
                    insert(schema.service_agreements).values(
                        organisation_id=organisation_id,
                        service=service,
                        starts_on=starts_on,
                        ends_on=ends_on,
                        purchased_sessions=purchased_sessions,
                    )
                )
            )
            self._session.audit_case(conn, "agreement.added", "organisation", organisation_id)
        return int(agreement_id)

    def set_active(self, organisation_id: int, active: bool) -> None:
        self._session.require(Op.ORGANISATIONS_MANAGE)
        with self._session.case_tx() as conn:
            conn.execute(
                update(schema.organisations)
                .where(schema.organisations.c.id == organisation_id)
                .values(active=active)
            )
            self._session.audit_case(conn, "organisation.changed", "organisation", organisation_id)

    def check(self, organisation_id: int | None, service: str, on: date) -> Eligibility:
        """Eligible, not eligible (with the reason), or agreement expired, on the given day."""
        self._session.require(Op.ORGANISATIONS_VIEW)
        if organisation_id is None:
            return Eligibility(Status.NOT_ELIGIBLE, Reason.NO_ORGANISATION)
        o = schema.organisations.c
        a = schema.service_agreements.c
        with self._session.case.connect() as conn:
            org = conn.execute(select(o.name, o.active).where(o.id == organisation_id)).first()
            if org is None:
                return Eligibility(Status.NOT_ELIGIBLE, Reason.NO_ORGANISATION)
            name = org.name
            if not org.active:
                return Eligibility(Status.NOT_ELIGIBLE, Reason.INACTIVE, name)
            rows = conn.execute(
                select(a.service, a.starts_on, a.ends_on, a.purchased_sessions).where(
                    a.organisation_id == organisation_id
                )
            ).all()
            if not rows:
                return Eligibility(Status.NOT_ELIGIBLE, Reason.NO_AGREEMENT, name)
            covering = [r for r in rows if r.service == service]
            if not covering:
                return Eligibility(Status.NOT_ELIGIBLE, Reason.SERVICE_NOT_COVERED, name)
            current = [
                r for r in covering if r.starts_on <= on and (r.ends_on is None or on <= r.ends_on)
            ]
            if not current:
                if all(r.starts_on > on for r in covering):
                    return Eligibility(Status.NOT_ELIGIBLE, Reason.NOT_STARTED, name)
                latest = max((r.ends_on for r in covering if r.ends_on), default=None)
                return Eligibility(Status.EXPIRED, Reason.EXPIRED, name, agreement_ends=latest)
            # Unlimited agreements win over purchased blocks when both apply.
            unlimited = [r for r in current if r.purchased_sessions is None]
            if unlimited:
                ends = max((r.ends_on for r in unlimited if r.ends_on), default=None)
                return Eligibility(Status.ELIGIBLE, None, name, agreement_ends=ends)
            block = max(current, key=lambda r: r.starts_on)
            used = self._sessions_used(
                conn, organisation_id, service, block.starts_on, block.ends_on
            )
            if used >= block.purchased_sessions:
                return Eligibility(
                    Status.NOT_ELIGIBLE,
                    Reason.SESSIONS_USED,
                    name,
                    block.ends_on,
                    block.purchased_sessions,
                    used,
                )
            return Eligibility(
                Status.ELIGIBLE, None, name, block.ends_on, block.purchased_sessions, used
            )

    @staticmethod
    def _sessions_used(
        conn, organisation_id: int, service: str, start: date, end: date | None
    ) -> int:  # noqa: ANN001
        ap, ca, cl = schema.appointments.c, schema.cases.c, schema.clients.c
        stmt = (
            select(func.count())
            .select_from(
                schema.appointments.join(schema.cases, ca.id == ap.case_id).join(
                    schema.clients, cl.id == ap.client_id
                )
            )
            .where(
                cl.organisation_id == organisation_id,
                ca.service == service,
                ap.status.in_(("attended", "dna", "booked")),
                ap.starts_at >= _london_midnight(start),
            )
        )
        if end is not None:
            stmt = stmt.where(ap.starts_at < _london_midnight(end + timedelta(days=1)))
        return int(conn.execute(stmt).scalar_one())
