"""The yearly allowance: sessions used and left in a client's current year, and authorisations
to go past it.

The year is a setting: the council's financial year (April to March) or a rolling 12 months
ending on the day asked about. The limit per service and whether did-not-attend sessions count
are settings too. Booked future sessions in the year are counted as committed.

Every session must fit the allowance of the year it falls in: for the financial year, the year
that contains it; for the rolling year, the 12 months ending on it. Under a rolling year a new
session also falls in the year of every session in the 12 months after it, so room on a day is
the tightest of those years (``AllowanceLedger``). An authorisation applies from a fixed day and
counts in every year that covers that day.
"""

from __future__ import annotations

import bisect
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Connection, and_, func, insert, or_, select

from ..calendar_uk import LONDON, local_datetime
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
    # Sessions that still fit on the day asked about, in every year a session then falls in;
    # None: the plain count of this year (allowed - used - booked).
    room: int | None = None

    @property
    def allowed(self) -> int:
        return self.limit + self.authorised_extra

    @property
    def left(self) -> int:
        if self.room is not None:
            return max(0, self.room)
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


def counted_statuses(dna_counts: bool) -> tuple[str, ...]:
    """Appointment statuses that use a session, besides booked ones (committed, or past and not
    yet recorded). A late cancellation by the client counts as a did-not-attend does."""
    return ("attended",) + (("dna", "cancelled_client_late") if dna_counts else ())


@dataclass
class AllowanceLedger:
    """One client's counted sessions of one service, by London date, and the authorisations,
    around the days being checked. ``add`` takes a session in; ``room`` says what still fits."""

    kind: str  # financial | rolling
    limit: int
    days: list[date] = field(default_factory=list)  # sorted
    grants: list[tuple[date, int]] = field(default_factory=list)  # (applies_on, extra)

    def bounds(self, day: date) -> tuple[date, date]:
        return year_bounds(self.kind, day)

    def allowed(self, day: date) -> int:
        start, end = self.bounds(day)
        return self.limit + sum(extra for on, extra in self.grants if start <= on <= end)

    def count(self, day: date) -> int:
        start, end = self.bounds(day)
        return bisect.bisect_right(self.days, end) - bisect.bisect_left(self.days, start)

    def _years_of(self, day: date) -> list[date]:
        """Days whose allowance year a session on ``day`` falls in (one day stands for each)."""
        if self.kind != "rolling":
            return [day]
        later = self.days[
            bisect.bisect_right(self.days, day) : bisect.bisect_right(
                self.days, day + timedelta(days=364)
            )
        ]
        return [day, *later]

    def room(self, day: date) -> int:
        return min(self.allowed(c) - self.count(c) for c in self._years_of(day))

    def fits(self, day: date) -> bool:
        return self.room(day) >= 1

    def add(self, day: date) -> None:
        bisect.insort(self.days, day)

    def first_over(self, days: Sequence[date]) -> date | None:
        """Take ``days`` in order; the first that does not fit (the rest are not taken)."""
        for day in days:
            if not self.fits(day):
                return day
            self.add(day)
        return None


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
        dna_counts = bool(settings["dna_counts"])
        with self._session.case_read(conn) as conn:
            ledger = self._ledger(conn, settings, client_id, service, on, on)
            start, end = year_bounds(settings["allowance_year"], on)
            # Committed: booked sessions still to come in the year; under a rolling year, also
            # those in the 12 months after the day, whose years a session on the day falls in.
            booked_end = end if ledger.kind != "rolling" else on + timedelta(days=364)
            ap, ca = schema.appointments.c, schema.cases.c
            now = self._session.clock()
            base = (
                select(func.count())
                .select_from(schema.appointments.join(schema.cases, ca.id == ap.case_id))
                .where(ap.client_id == client_id, ca.service == service)
            )
            used = conn.execute(
                base.where(
                    ap.starts_at >= _utc_start(start),
                    ap.starts_at < _utc_start(end + timedelta(days=1)),
                    or_(
                        ap.status.in_(counted_statuses(dna_counts)),
                        and_(ap.status == "booked", ap.starts_at < now),
                    ),
                )
            ).scalar_one()
            booked = conn.execute(
                base.where(
                    ap.status == "booked",
                    ap.starts_at >= now,
                    ap.starts_at >= _utc_start(start),
                    ap.starts_at < _utc_start(booked_end + timedelta(days=1)),
                )
            ).scalar_one()
        allowed = ledger.allowed(on)
        return AllowanceStatus(
            service,
            start,
            end,
            ledger.limit,
            allowed - ledger.limit,
            int(used),
            int(booked),
            dna_counts,
            ledger.room(on),
        )

    def ledger(
        self,
        client_id: int,
        service: str,
        first: date,
        last: date,
        conn: Connection | None = None,
        ignoring: Collection[int] = (),
    ) -> AllowanceLedger:
        """Everything needed to check sessions between ``first`` and ``last`` (London dates),
        leaving out the appointments ``ignoring`` (those being moved)."""
        self._session.require(Op.ALLOWANCE_VIEW)
        if service not in SERVICES:
            raise InvalidAuthorisation("service")
        settings = self._settings(conn)
        with self._session.case_read(conn) as conn:
            return self._ledger(conn, settings, client_id, service, first, last, ignoring)

    @staticmethod
    def _ledger(
        conn: Connection,
        settings: dict[str, Any],
        client_id: int,
        service: str,
        first: date,
        last: date,
        ignoring: Collection[int] = (),
    ) -> AllowanceLedger:
        # A year reaches at most 366 days either side of a day checked.
        low, high = first - timedelta(days=366), last + timedelta(days=367)
        ap, ca = schema.appointments.c, schema.cases.c
        counted = (*counted_statuses(bool(settings["dna_counts"])), "booked")
        stmt = (
            select(ap.starts_at)
            .select_from(schema.appointments.join(schema.cases, ca.id == ap.case_id))
            .where(
                ap.client_id == client_id,
                ca.service == service,
                ap.status.in_(counted),
                ap.starts_at >= _utc_start(low),
                ap.starts_at < _utc_start(high),
            )
        )
        if ignoring:
            stmt = stmt.where(ap.id.not_in(list(ignoring)))
        days = sorted(start.astimezone(LONDON).date() for start in conn.execute(stmt).scalars())
        a = schema.allowance_authorisations.c
        grants = [
            (row.applies_on, int(row.extra_sessions))
            for row in conn.execute(
                select(a.applies_on, a.extra_sessions).where(
                    a.client_id == client_id,
                    a.service == service,
                    a.applies_on >= low,
                    a.applies_on < high,
                )
            )
        ]
        return AllowanceLedger(
            settings["allowance_year"], int(settings[f"{service}_limit"]), days, grants
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
        """Extra sessions from ``on``, by a clinical lead or an administrator, with a reason: they
        count in the financial year of ``on``, or in each rolling 12 months that include it."""
        self._session.require(Op.ALLOWANCE_AUTHORISE)
        if not self.may_authorise():
            raise PermissionDenied("allowance.authorise.not_clinical_lead")
        if service not in SERVICES:
            raise InvalidAuthorisation("service")
        if extra_sessions < 1 or extra_sessions > 20:
            raise InvalidAuthorisation("extra_sessions")
        if len(reason.strip()) < 5:
            raise InvalidAuthorisation("reason_required")
        with self._session.case_tx() as conn:
            auth_id = inserted_id(
                conn.execute(
                    insert(schema.allowance_authorisations).values(
                        client_id=client_id,
                        service=service,
                        applies_on=on,
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
