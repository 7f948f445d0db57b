"""Sessions an organisation has purchased: used and left per agreement, and an administrator's
recorded authorisation to go past them.

Sessions are counted against an agreement as ``eligibility.sessions_used`` says (the allowance
setting decides whether did-not-attends and late cancellations count). An authorisation adds
sessions to one agreement, with a reason, audited; it never lapses while the agreement runs.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import insert, select

from ..db import schema
from ..db.engine import inserted_id
from ..errors import SupportLineError
from ..roles import Op, allowed
from ..session import Session
from .eligibility import Agreement, agreement_rows, authorised_extra, block_on, sessions_used
from .settings import SettingsService

MAX_EXTRA = 500  # one authorisation; a bigger package is a new agreement
MIN_REASON = 5


@dataclass(frozen=True)
class AgreementUsage:
    agreement: Agreement
    used: int
    authorised_extra: int = 0

    @property
    def purchased(self) -> int | None:
        return self.agreement.purchased_sessions

    @property
    def allowed(self) -> int | None:
        """Purchased plus authorised; None for an agreement without a limit."""
        if self.purchased is None:
            return None
        return self.purchased + self.authorised_extra

    @property
    def left(self) -> int | None:
        allowed = self.allowed
        return None if allowed is None else max(0, allowed - self.used)

    @property
    def over(self) -> int:
        """Sessions used beyond what was purchased and authorised (older bookings)."""
        allowed = self.allowed
        return 0 if allowed is None else max(0, self.used - allowed)


class PurchasedSessionsExceeded(SupportLineError):
    """Booking would use more sessions than the organisation purchased under the agreement
    covering the session's date; an administrator may authorise more."""

    code = "purchased_sessions_exceeded"

    def __init__(self, usage: AgreementUsage, wanted: int) -> None:
        super().__init__(f"agreement {usage.agreement.id}: {usage.left} left, {wanted} wanted")
        self.usage = usage
        self.wanted = wanted


class InvalidPackageAuthorisation(SupportLineError):
    code = "invalid_package_authorisation"

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason  # agreement | not_purchased | extra_sessions | reason_required


class PackageService:
    def __init__(self, session: Session) -> None:
        self._session = session

    def usage(self, organisation_id: int) -> list[AgreementUsage]:
        """Every agreement of the organisation, by service then start, with its sessions used
        (and for purchased blocks, authorised and left)."""
        self._session.require(Op.ORGANISATIONS_VIEW)
        dna_counts = bool(SettingsService(self._session).all()["dna_counts"])
        a = schema.service_agreements.c
        with self._session.case.connect() as conn:
            agreements = [
                Agreement(*row)
                for row in conn.execute(
                    select(
                        a.id,
                        a.organisation_id,
                        a.service,
                        a.starts_on,
                        a.ends_on,
                        a.purchased_sessions,
                    )
                    .where(a.organisation_id == organisation_id)
                    .order_by(a.service, a.starts_on, a.id)
                )
            ]
            return [
                AgreementUsage(
                    agreement,
                    sessions_used(
                        conn,
                        organisation_id,
                        agreement.service,
                        agreement.starts_on,
                        agreement.ends_on,
                        dna_counts,
                    ),
                    authorised_extra(conn, agreement.id),
                )
                for agreement in agreements
            ]

    def usage_for_case(self, case_id: int, on: date) -> AgreementUsage | None:
        """The purchased block a session of the case on ``on`` would use; None when the
        client's organisation has no purchased block covering that day."""
        self._session.require(Op.ORGANISATIONS_VIEW)
        c, cl = schema.cases.c, schema.clients.c
        with self._session.case.connect() as conn:
            row = conn.execute(
                select(c.service, cl.organisation_id)
                .select_from(schema.cases.join(schema.clients, cl.id == c.client_id))
                .where(c.id == case_id)
            ).first()
            if row is None or row.organisation_id is None:
                return None
            block = block_on(agreement_rows(conn, row.organisation_id), row.service, on)
        if block is None:
            return None
        return next(u for u in self.usage(row.organisation_id) if u.agreement.id == block.id)

    def may_authorise(self) -> bool:
        """Whether the signed-in user may authorise sessions past those purchased."""
        return allowed(self._session.roles, Op.PACKAGES_AUTHORISE)

    def authorise(self, agreement_id: int, extra_sessions: int, reason: str) -> int:
        """Sessions past those purchased under one agreement: administrators, with a reason."""
        self._session.require(Op.PACKAGES_AUTHORISE)
        if extra_sessions < 1 or extra_sessions > MAX_EXTRA:
            raise InvalidPackageAuthorisation("extra_sessions")
        if len(reason.strip()) < MIN_REASON:
            raise InvalidPackageAuthorisation("reason_required")
        a = schema.service_agreements.c
        with self._session.case_tx() as conn:
            row = conn.execute(
                select(a.organisation_id, a.purchased_sessions).where(a.id == agreement_id)
            ).first()
            if row is None:
                raise InvalidPackageAuthorisation("agreement")
            if row.purchased_sessions is None:
                raise InvalidPackageAuthorisation("not_purchased")
            auth_id = inserted_id(
                conn.execute(
                    insert(schema.package_authorisations).values(
                        agreement_id=agreement_id,
                        extra_sessions=extra_sessions,
                        authorised_by=self._session.username,
                        authorised_at=self._session.clock(),
                        reason=reason.strip(),
                    )
                )
            )
            self._session.audit_case(conn, "package.authorised", "agreement", agreement_id)
        return int(auth_id)
