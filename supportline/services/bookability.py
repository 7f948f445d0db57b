"""What a booking must satisfy besides a free time, checked for every session on its own date:

1. eligibility: the client's organisation covers the case's service that day (active, with an
   agreement for the service in force). A go-ahead the handler recorded at intake, with a
   reason, although the client was not eligible, is on the case and is honoured;
2. purchased sessions: where the agreement in force that day is a purchased block, the
   organisation's sessions under it (``eligibility.sessions_used``) stay within what it bought
   plus what an administrator authorised (``packages``);
3. the client's yearly allowance in the year (or, rolling, every year) the session falls in.

Sessions are taken in the order given and each one taken counts against the next, so a series
is checked session by session. ``problems`` says, per session, which rule it breaks;
``require`` raises the typed error of the first: ``NotEligible``,
``PurchasedSessionsExceeded`` or ``AllowanceExceeded``.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date

from sqlalchemy import Connection, select

from ..db import schema
from ..errors import SupportLineError
from ..session import Session
from .allowance import AllowanceExceeded, AllowanceLedger, AllowanceService, year_bounds
from .eligibility import (
    Agreement,
    Reason,
    agreement_rows,
    authorised_extra,
    block_on,
    check_in,
    sessions_used,
)
from .packages import AgreementUsage, PurchasedSessionsExceeded
from .settings import SettingsService

OVER_ALLOWANCE = "over_allowance"
PURCHASED_USED = Reason.SESSIONS_USED.value
# Every problem a rule gives a planned session (beside the diary's own NotBookable reasons).
RULE_PROBLEMS = frozenset(
    {OVER_ALLOWANCE, PURCHASED_USED} | {r.value for r in Reason if r is not Reason.SESSIONS_USED}
)


class NotEligible(SupportLineError):
    """The client's organisation does not cover the service on the session's date."""

    code = "not_eligible"

    def __init__(self, reason: str, on: date) -> None:
        super().__init__(f"{reason} on {on.isoformat()}")
        self.reason = reason  # an eligibility.Reason value
        self.on = on


class BookingRules:
    """The rules for one case's sessions, read on the booking's own connection."""

    def __init__(
        self, session: Session, conn: Connection, case_id: int, ignoring: Collection[int] = ()
    ) -> None:
        self._session = session
        self._conn = conn
        self._ignoring = tuple(ignoring)
        c, cl, ct = schema.cases.c, schema.clients.c, schema.contacts.c
        row = conn.execute(
            select(
                c.client_id,
                c.service,
                cl.organisation_id,
                ct.eligibility,
                ct.eligibility_override_reason,
            )
            .select_from(
                schema.cases.join(schema.clients, cl.id == c.client_id).outerjoin(
                    schema.contacts, ct.id == c.contact_id
                )
            )
            .where(c.id == case_id)
        ).one()
        self.client_id: int = row.client_id
        self.service: str = row.service
        self.organisation_id: int | None = row.organisation_id
        self.go_ahead = bool(
            row.eligibility in ("not_eligible", "expired")
            and (row.eligibility_override_reason or "").strip()
        )
        self._dna_counts = bool(SettingsService(session).all(conn)["dna_counts"])
        self._agreements = (
            agreement_rows(conn, self.organisation_id) if self.organisation_id is not None else []
        )
        self._used: dict[int, int] = {}  # agreement id: sessions used (before these)

    # -- the allowance --------------------------------------------------------------------------

    def _ledger(self, days: Sequence[date]) -> AllowanceLedger:
        return AllowanceService(self._session).ledger(
            self.client_id, self.service, min(days), max(days), self._conn, self._ignoring
        )

    def allowance_run(self, days: Sequence[date]) -> int:
        """The rest of the allowance of the first day's year, as sessions on ``days``: at most
        the room on the first day, and only as many as fit one after another."""
        if not days:
            return 0
        ledger = self._ledger(days)
        room = max(0, ledger.room(days[0]))
        run = list(days[:room])
        over = ledger.first_over(run)
        return len(run) if over is None else run.index(over)

    # -- every rule -----------------------------------------------------------------------------

    def _eligibility(self, day: date) -> str | None:
        if self.go_ahead:
            return None
        result = check_in(
            self._conn,
            self.organisation_id,
            self.service,
            day,
            self._dna_counts,
            self._ignoring,
            count_purchased=False,
        )
        return None if result.eligible or result.reason is None else result.reason.value

    def _block_used(self, agreement_id: int, starts_on: date, ends_on: date | None) -> int:
        if agreement_id not in self._used:
            assert self.organisation_id is not None
            self._used[agreement_id] = sessions_used(
                self._conn,
                self.organisation_id,
                self.service,
                starts_on,
                ends_on,
                self._dna_counts,
                self._ignoring,
            )
        return self._used[agreement_id]

    def _usage(self, block: object) -> AgreementUsage:
        agreement = Agreement(
            block.id,  # type: ignore[attr-defined]
            self.organisation_id or 0,
            self.service,
            block.starts_on,  # type: ignore[attr-defined]
            block.ends_on,  # type: ignore[attr-defined]
            block.purchased_sessions,  # type: ignore[attr-defined]
        )
        return AgreementUsage(
            agreement,
            self._block_used(agreement.id, agreement.starts_on, agreement.ends_on),
            authorised_extra(self._conn, agreement.id),
        )

    def problems(self, days: Sequence[date]) -> list[str | None]:
        """Per day, in order, the rule it breaks (None: it can be booked); each day that can
        be booked counts against the days after it."""
        if not days:
            return []
        ledger = self._ledger(days)
        taken: dict[int, int] = {}  # agreement id: sessions taken here
        usages: dict[int, AgreementUsage] = {}
        out: list[str | None] = []
        for day in days:
            problem = self._eligibility(day)
            block = block_on(self._agreements, self.service, day) if problem is None else None
            if block is not None:
                if block.id not in usages:
                    usages[block.id] = self._usage(block)
                usage = usages[block.id]
                assert usage.allowed is not None
                if usage.used + taken.get(block.id, 0) >= usage.allowed:
                    problem = PURCHASED_USED
            if problem is None and not ledger.fits(day):
                problem = OVER_ALLOWANCE
            if problem is None:
                ledger.add(day)
                if block is not None:
                    taken[block.id] = taken.get(block.id, 0) + 1
            out.append(problem)
        return out

    def require(self, days: Sequence[date]) -> None:
        """Raise the typed error of the first day that breaks a rule; nothing when all fit."""
        problems = self.problems(days)
        index = next((i for i, problem in enumerate(problems) if problem is not None), None)
        if index is None:
            return
        day, problem = days[index], problems[index]
        if problem == PURCHASED_USED:
            block = block_on(self._agreements, self.service, day)
            assert block is not None
            wanted = len(
                [
                    d
                    for d in days
                    if getattr(block_on(self._agreements, self.service, d), "id", None) == block.id
                ]
            )
            raise PurchasedSessionsExceeded(self._usage(block), wanted)
        if problem == OVER_ALLOWANCE:
            status = AllowanceService(self._session).status(
                self.client_id, self.service, day, self._conn
            )
            start, end = year_bounds(self._kind(), day)
            wanted = sum(1 for d in days if start <= d <= end)
            raise AllowanceExceeded(status, wanted)
        assert problem is not None
        raise NotEligible(problem, day)

    def _kind(self) -> str:
        return str(SettingsService(self._session).all(self._conn)["allowance_year"])
