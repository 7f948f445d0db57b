"""Client organisations, their service agreements, and whether a caller is eligible.

Sessions used against an agreement's purchased sessions (``sessions_used``): agreements hold
no rule of their own, so they follow the allowance setting: attended and booked sessions always
count (booked ones are committed); did-not-attends and late cancellations by the client count
when the allowance counts them (``dna_counts``); other cancellations never do. A session counts
for the organisation its client belongs to, on its London date inside the agreement's dates.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import Connection, func, insert, select, update

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
    authorised_extra: int = 0  # sessions authorised past those purchased

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

    def check(
        self, organisation_id: int | None, service: str, on: date, conn: Connection | None = None
    ) -> Eligibility:
        """Eligible, not eligible (with the reason), or agreement expired, on the given day."""
        self._session.require(Op.ORGANISATIONS_VIEW)
        from .settings import SettingsService

        dna_counts = bool(SettingsService(self._session).all(conn)["dna_counts"])
        with self._session.case_read(conn) as conn:
            return check_in(conn, organisation_id, service, on, dna_counts)


def check_in(
    conn: Connection,
    organisation_id: int | None,
    service: str,
    on: date,
    dna_counts: bool,
    ignoring: Collection[int] = (),
    count_purchased: bool = True,
) -> Eligibility:
    """The check itself, on the caller's connection (bookings check inside their transaction,
    leaving out the appointments ``ignoring`` that they are moving). Without
    ``count_purchased`` a purchased block is taken as eligible (bookings count it themselves)."""
    if organisation_id is None:
        return Eligibility(Status.NOT_ELIGIBLE, Reason.NO_ORGANISATION)
    o = schema.organisations.c
    org = conn.execute(select(o.name, o.active).where(o.id == organisation_id)).first()
    if org is None:
        return Eligibility(Status.NOT_ELIGIBLE, Reason.NO_ORGANISATION)
    name = org.name
    if not org.active:
        return Eligibility(Status.NOT_ELIGIBLE, Reason.INACTIVE, name)
    rows = agreement_rows(conn, organisation_id)
    if not rows:
        return Eligibility(Status.NOT_ELIGIBLE, Reason.NO_AGREEMENT, name)
    covering = [r for r in rows if r.service == service]
    if not covering:
        return Eligibility(Status.NOT_ELIGIBLE, Reason.SERVICE_NOT_COVERED, name)
    current = [r for r in covering if _covers(r, on)]
    if not current:
        if all(r.starts_on > on for r in covering):
            return Eligibility(Status.NOT_ELIGIBLE, Reason.NOT_STARTED, name)
        latest = max((r.ends_on for r in covering if r.ends_on), default=None)
        return Eligibility(Status.EXPIRED, Reason.EXPIRED, name, agreement_ends=latest)
    block = purchased_block(current)
    if block is None or not count_purchased:
        unlimited = [r for r in current if r.purchased_sessions is None]
        ends = max((r.ends_on for r in unlimited if r.ends_on), default=None)
        return Eligibility(Status.ELIGIBLE, None, name, agreement_ends=ends)
    used = sessions_used(
        conn, organisation_id, service, block.starts_on, block.ends_on, dna_counts, ignoring
    )
    extra = authorised_extra(conn, block.id)
    status, reason = (
        (Status.NOT_ELIGIBLE, Reason.SESSIONS_USED)
        if used >= block.purchased_sessions + extra
        else (Status.ELIGIBLE, None)
    )
    return Eligibility(status, reason, name, block.ends_on, block.purchased_sessions, used, extra)


def _covers(row: Any, on: date) -> bool:
    return bool(row.starts_on <= on and (row.ends_on is None or on <= row.ends_on))


def agreement_rows(conn: Connection, organisation_id: int) -> list[Any]:
    a = schema.service_agreements.c
    return list(
        conn.execute(
            select(a.id, a.service, a.starts_on, a.ends_on, a.purchased_sessions).where(
                a.organisation_id == organisation_id
            )
        )
    )


def purchased_block(current: Sequence[Any]) -> Any | None:
    """Of the agreements covering a day, the one whose purchased sessions a session that day
    uses; None when an unlimited agreement covers it (unlimited wins over purchased blocks)."""
    if not current or any(r.purchased_sessions is None for r in current):
        return None
    return max(current, key=lambda r: (r.starts_on, r.id))


def block_on(rows: Sequence[Any], service: str, on: date) -> Any | None:
    return purchased_block([r for r in rows if r.service == service and _covers(r, on)])


def counted_for_packages(dna_counts: bool) -> tuple[str, ...]:
    return ("attended", "booked") + (("dna", "cancelled_client_late") if dna_counts else ())


def sessions_used(
    conn: Connection,
    organisation_id: int,
    service: str,
    start: date,
    end: date | None,
    dna_counts: bool,
    ignoring: Collection[int] = (),
) -> int:
    """Sessions used against an agreement of ``organisation_id`` running from ``start`` to
    ``end`` (inclusive London dates; None: open-ended). See the module's note for the rule."""
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
            ap.status.in_(counted_for_packages(dna_counts)),
            ap.starts_at >= _london_midnight(start),
        )
    )
    if end is not None:
        stmt = stmt.where(ap.starts_at < _london_midnight(end + timedelta(days=1)))
    if ignoring:
        stmt = stmt.where(ap.id.not_in(list(ignoring)))
    return int(conn.execute(stmt).scalar_one())


def authorised_extra(conn: Connection, agreement_id: int) -> int:
    p = schema.package_authorisations.c
    return int(
        conn.execute(
            select(func.coalesce(func.sum(p.extra_sessions), 0)).where(
                p.agreement_id == agreement_id
            )
        ).scalar_one()
    )
