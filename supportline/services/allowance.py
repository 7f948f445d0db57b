"""The yearly allowance: sessions used and left in a client's current year, and authorisations
to go past it.

The year is a setting: the council's financial year (April to March) or a rolling 12 months
ending on the day asked about. The limit per service and whether did-not-attend sessions count
are settings too. Booked future sessions in the year are counted as committed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Connection, and_, func, insert, or_, select

from ..calendar_uk import local_datetime
from ..db import schema
from ..db.engine import inserted_id
from ..errors import PermissionDenied, SupportLineError
from ..roles import Op, Role
from ..session import Session
from .settings import SettingsService
from .staff import is_clinical_lead

SERVICES = ("counselling", "coaching", "mediation")


class AllowanceExceeded(SupportLineError):
    code = "allowance_exceeded"

    def __init__(self, status: AllowanceStatus, wanted: int) -> None:
        super().__init__(f"{status.service}: {status.left} left, {wanted} wanted")
        self.status = status
        self.wanted = wanted


class InvalidAuthorisation(SupportLineError):
    code = "invalid_authorisation"

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class AllowanceStatus:
    service: str
    year_start: date
    year_end: date  # inclusive
    limit: int
    authorised_extra: int
    used: int  # attended (and did-not-attend when they count)
    booked: int  # booked and still to come
    dna_counts: bool

    @property
    def allowed(self) -> int:
        return self.limit + self.authorised_extra

    @property
    def left(self) -> int:
        return max(0, self.allowed - self.used - self.booked)

    @property
    def over_limit(self) -> bool:
        return self.used + self.booked >= self.allowed


def year_bounds(kind: str, on: date) -> tuple[date, date]:
    if kind == "rolling":
        return on - timedelta(days=364), on
    start_year = on.year if on.month >= 4 else on.year - 1
    return date(start_year, 4, 1), date(start_year + 1, 3, 31)


def _utc_start(day: date) -> datetime:
    """Midnight at the start of ``day`` in London, as UTC."""
    return local_datetime(day, time(0)).astimezone(UTC)


class AllowanceService:
    def __init__(self, session: Session) -> None:
        self._session = session

    def _settings(self, conn: Connection | None = None) -> dict[str, Any]:
        return SettingsService(self._session).all(conn)

    def status(
        self, client_id: int, service: str, on: date, conn: Connection | None = None
    ) -> AllowanceStatus:
        self._session.require(Op.ALLOWANCE_VIEW)
        if service not in SERVICES:
            raise InvalidAuthorisation("service")
        settings = self._settings(conn)
        start, end = year_bounds(settings["allowance_year"], on)
        limit = int(settings[f"{service}_limit"])
        dna_counts = bool(settings["dna_counts"])
        ap, ca = schema.appointments.c, schema.cases.c
        window = and_(
            ap.starts_at >= _utc_start(start), ap.starts_at < _utc_start(end + timedelta(days=1))
        )
        # A late cancellation by the client counts as a did-not-attend does.
        counted = ["attended"] + (["dna", "cancelled_client_late"] if dna_counts else [])
        now = self._session.clock()
        with self._session.case_read(conn) as conn:
            base = (
                select(func.count())
                .select_from(schema.appointments.join(schema.cases, ca.id == ap.case_id))
                .where(ap.client_id == client_id, ca.service == service, window)
            )
            used = conn.execute(
                base.where(
                    or_(ap.status.in_(counted), and_(ap.status == "booked", ap.starts_at < now))
                )
            ).scalar_one()
            booked = conn.execute(
                base.where(ap.status == "booked", ap.starts_at >= now)
            ).scalar_one()
            a = schema.allowance_authorisations.c
            extra = conn.execute(
                select(func.coalesce(func.sum(a.extra_sessions), 0)).where(
                    a.client_id == client_id, a.service == service, a.year_start == start
                )
            ).scalar_one()
        return AllowanceStatus(
            service, start, end, limit, int(extra), int(used), int(booked), dna_counts
        )

    def require_room(
        self,
        client_id: int,
        service: str,
        on: date,
        wanted: int = 1,
        conn: Connection | None = None,
    ) -> AllowanceStatus:
        """Raise :class:`AllowanceExceeded` unless ``wanted`` more sessions fit the allowance."""
        status = self.status(client_id, service, on, conn)
        if status.left < wanted:
            raise AllowanceExceeded(status, wanted)
        return status

    def authorise(
        self, client_id: int, service: str, on: date, extra_sessions: int, reason: str
    ) -> int:
        """Extra sessions this year, by a clinical lead or an administrator, with a reason."""
        self._session.require(Op.ALLOWANCE_AUTHORISE)
        if not self.may_authorise():
            raise PermissionDenied("allowance.authorise.not_clinical_lead")
        if service not in SERVICES:
            raise InvalidAuthorisation("service")
        if extra_sessions < 1 or extra_sessions > 20:
            raise InvalidAuthorisation("extra_sessions")
        if len(reason.strip()) < 5:
            raise InvalidAuthorisation("reason_required")
        settings = self._settings()
        start, _ = year_bounds(settings["allowance_year"], on)
        with self._session.case_tx() as conn:
            auth_id = inserted_id(
                conn.execute(
                    insert(schema.allowance_authorisations).values(
                        client_id=client_id,
                        service=service,
                        year_start=start,
                        extra_sessions=extra_sessions,
                        authorised_by=self._session.username,
                        authorised_at=self._session.clock(),
                        reason=reason.strip(),
                    )
                )
            )
            self._session.audit_case(conn, "allowance.authorised", "client", client_id)
        return int(auth_id)

    def may_authorise(self) -> bool:
        """Whether the signed-in user may authorise sessions past the limit."""
        return self._session.has_role(Role.ADMINISTRATOR) or is_clinical_lead(self._session)
