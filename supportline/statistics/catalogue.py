"""The fixed catalogue of statistical tables, over fixed periods, with disclosure control.

Periods are a calendar quarter (``2026Q3``) or a council financial year (``FY2026``: April 2026
to March 2027, the quarters 2026Q2 to 2027Q1). Nothing else is accepted, so periods never
overlap in ways that would let differences between tables reveal a small group.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import Connection, func, insert, select

from ..audit import AuditAction
from ..calendar_uk import to_local
from ..csv_out import csv_text
from ..db import schema
from ..errors import PeriodNotReleasable, SupportLineError
from ..reference import KENT_DISTRICTS
from ..roles import Op
from ..session import Session
from .cells import KEY_MODULUS, CellCount
from .coarsen import AGE_BANDS, GENDER_GROUPS
from .disclosure import TOTAL, ProtectedTable, check_threshold
from .freshness import Freshness, read_freshness
from .release_rule import release_blocker, require_ended
from .thresholds import threshold_for

# ASCII only: "\d" would also take other scripts' digits, making a second code for one period.
QUARTER = re.compile(r"^(\d{4})Q([1-4])$", re.ASCII)
FINANCIAL_YEAR = re.compile(r"^FY(\d{4})$", re.ASCII)


class InvalidPeriod(SupportLineError):
    code = "invalid_period"


class UnknownTable(SupportLineError):
    code = "unknown_table"


class ReleasedOutputChanged(SupportLineError):
    """A released table no longer reproduces: the released figures stand (never expected)."""

    code = "released_output_changed"


@dataclass(frozen=True)
class Period:
    code: str
    quarters: tuple[str, ...]


def parse_period(text: str) -> Period:
    text = text.strip().upper()
    match = QUARTER.match(text)
    if match:
        return Period(text, (text,))
    match = FINANCIAL_YEAR.match(text)
    if match:
        year = int(match.group(1))
        return Period(text, (f"{year}Q2", f"{year}Q3", f"{year}Q4", f"{year + 1}Q1"))
    raise InvalidPeriod(text)


SERVICES = ("counselling", "coaching", "mediation")
ORG_GROUPS = (
    "kcc_directorate",
    "school_early_years",
    "school_primary",
    "school_secondary",
    "school_special",
    "other_employer",
)
ROLE_FAMILIES = ("senior_leadership", "teaching_professional", "support_admin", "frontline")
DISTRICTS = (*KENT_DISTRICTS, "outside_kent")
SESSION_STATUSES = (
    "attended",
    "dna",
    "cancelled_client",
    "cancelled_client_late",
    "cancelled_service",
)
WAIT_BANDS = ("<2w", "2-4w", "4-8w", "8w+", "not_seen")
ENDINGS = ("planned", "ended_early", "lost_contact", "referred_on")
OUTCOMES = (
    "reliable_recovery",
    "recovery",
    "reliable_improvement",
    "no_reliable_change",
    "reliable_deterioration",
    "not_measured",
    "not_finished_course",
)
CONTACT_OUTCOMES = ("counselling", "coaching", "mediation", "signposted", "no_further_action")
CHANNELS = ("phone", "voicemail", "email", "letter")
ISSUE_CATEGORIES = ("work", "mood", "relationships", "bereavement", "health", "trauma", "other")
ANSWERS = ("1", "2", "3", "4", "5")


@dataclass(frozen=True)
class TableDef:
    code: str
    title: str
    # The kind of record counted: referral, referral_issue (a referral's issue categories),
    # session, activity, contact or evaluation (a form's answers).
    source: str
    row_field: str
    col_field: str | None
    rows: tuple[str, ...]
    columns: tuple[str, ...] = ()
    where: tuple[tuple[str, str], ...] = ()
    note: str = ""


def _t(*args: Any, **kwargs: Any) -> TableDef:
    return TableDef(*args, **kwargs)


CATALOGUE: dict[str, TableDef] = {
    t.code: t
    for t in (
        _t(
            "referrals_by_org_group",
            "Referrals by organisation group and service",
            "referral",
            "org_group",
            "service",
            ORG_GROUPS,
            SERVICES,
        ),
        _t(
            "referrals_by_role_family",
            "Referrals by role family and service",
            "referral",
            "role_family",
            "service",
            ROLE_FAMILIES,
            SERVICES,
        ),
        _t(
            "referrals_by_age_gender",
            "Referrals by age band and gender",
            "referral",
            "age_band",
            "gender",
            AGE_BANDS,
            GENDER_GROUPS,
        ),
        _t(
            "referrals_by_district",
            "Referrals by district and service",
            "referral",
            "district",
            "service",
            DISTRICTS,
            SERVICES,
        ),
        _t(
            "referrals_by_route",
            "Referrals by referral route",
            "referral",
            "referral_route",
            None,
            ("self", "manager", "occupational_health", "hr", "other"),
        ),
        _t(
            "sessions_by_status",
            "Sessions offered by service and what happened",
            "session",
            "service",
            "status",
            SERVICES,
            SESSION_STATUSES,
            note="Sessions offered = the Total column.",
        ),
        _t(
            "waiting_time",
            "Waiting time to the first session, by service (closed cases)",
            "activity",
            "waiting_band",
            "service",
            WAIT_BANDS,
            SERVICES,
        ),
        _t(
            "presenting_issues",
            "Presenting issues at referral (a referral may have several)",
            "referral_issue",
            "category",
            None,
            ISSUE_CATEGORIES,
        ),
        _t(
            "endings",
            "Endings by service (closed cases)",
            "activity",
            "ending",
            "service",
            ENDINGS,
            SERVICES,
        ),
        _t(
            "outcomes",
            "Counselling outcomes (NHS Talking Therapies definitions)",
            "activity",
            "outcome",
            None,
            OUTCOMES,
            where=(("service", "counselling"),),
            note="All closed counselling cases; recovery rates are in outcomes_at_caseness.",
        ),
        _t(
            "outcomes_at_caseness",
            "Outcomes of counselling cases at caseness at the start",
            "activity",
            "outcome",
            None,
            OUTCOMES,
            where=(("service", "counselling"), ("caseness_start", "yes")),
            note="Recovery rate = (recovery + reliable recovery) / the Total.",
        ),
        _t(
            "evaluation_first",
            "First-session evaluation: answers per question "
            "(1 = strongly disagree, 5 = strongly agree)",
            "evaluation",
            "question",
            "value",
            (),
            ANSWERS,
            where=(("form", "first"),),
        ),
        _t(
            "evaluation_last",
            "Last-session evaluation: answers per question "
            "(1 = strongly disagree, 5 = strongly agree)",
            "evaluation",
            "question",
            "value",
            (),
            ANSWERS,
            where=(("form", "last"),),
        ),
        _t(
            "contacts_by_outcome",
            "Contacts by outcome and channel",
            "contact",
            "outcome",
            "channel",
            CONTACT_OUTCOMES,
            CHANNELS,
        ),
        _t(
            "usage_by_organisation",
            "Referrals by client organisation and service",
            "referral",
            "organisation",
            "service",
            (),
            SERVICES,
        ),
        _t(
            "sessions_by_organisation",
            "Sessions by client organisation and what happened",
            "session",
            "organisation",
            "status",
            (),
            SESSION_STATUSES,
        ),
    )
}


@dataclass(frozen=True)
class TableOutput:
    code: str
    title: str
    period: str
    table: ProtectedTable
    note: str
    # Organisations that had records of this kind in the period but too few for a row of their
    # own: counted only within "other organisations". Never printed or exported; it lets a
    # usage report say "not shown" for them instead of a 0 the data contradicts.
    folded: frozenset[str] = frozenset()

    def tidy_rows(self) -> list[tuple[str, str, str, str, str]]:
        out = []
        for row in (*self.table.rows, TOTAL):
            for column in (
                self.table.columns if self.table.one_way else (*self.table.columns, TOTAL)
            ):
                cell = self.table.cells[(row, column)]
                value = "*" if cell.suppressed else str(cell.value)
                out.append((self.code, self.period, row, column, value))
        return out

    def csv(self) -> str:
        return csv_text(("table", "period", "row", "column", "value"), self.tidy_rows())


def _counts(
    conn: Connection, definition: TableDef, quarters: Sequence[str]
) -> dict[tuple[str, str], CellCount]:
    """Each cell's count and cell key (the sum of its records' keys, modulo 2**32), as ingest
    counted them into ``stat_counts``."""
    c = schema.stat_counts.c
    stmt = (
        select(c.row, c.column, func.sum(c.n), func.sum(c.key_sum))
        .where(c.table_code == definition.code, c.quarter.in_(quarters))
        .group_by(c.row, c.column)
    )
    return {(str(r), str(col)): _cell(n, k) for r, col, n, k in conn.execute(stmt)}


def _cell(n: int, key_sum: int | None) -> CellCount:
    # Each quarter's key sum is below 2**32: SQLite adds a few of them exactly.
    return CellCount(int(n), int(key_sum or 0) % KEY_MODULUS)


OTHER_ORGANISATIONS = "other_organisations"


def _cell_counts(
    conn: Connection, definition: TableDef, quarters: Sequence[str]
) -> dict[tuple[str, str], CellCount]:
    return {
        key: value if isinstance(value, CellCount) else CellCount(int(value), 0)
        for key, value in _counts(conn, definition, quarters).items()
    }


def build_output(conn: Connection, code: str, period: Period, threshold: int = 10) -> TableOutput:
    """The table for the period, protected jointly with every table it could be combined with
    (:mod:`.families`, :mod:`.protection`); a released table exactly as released."""
    from .families import protect_period  # families builds on this module's definitions

    definition = CATALOGUE.get(code)
    if definition is None:
        raise UnknownTable(code)
    r = schema.releases.c
    released = {
        (table_code, period_code): text
        for table_code, period_code, text in conn.execute(select(r.table_code, r.period, r.output))
    }
    tables = protect_period(
        conn, period, CATALOGUE, _cell_counts, check_threshold(threshold), parse_period, released
    )
    table = tables[code]
    return TableOutput(
        code, definition.title, period.code, table.protected, definition.note, table.folded
    )


@dataclass(frozen=True)
class Release:
    table_code: str
    period: str
    released_at: Any
    released_by: str
    output_sha256: str


class StatisticsService:
    """The service manager's statistics: released figures only, each through disclosure control."""

    def __init__(self, session: Session) -> None:
        self._session = session

    @staticmethod
    def tables() -> list[tuple[str, str]]:
        return [(t.code, t.title) for t in CATALOGUE.values()]

    def output(self, code: str, period_text: str) -> TableOutput:
        """The table for the period. A released table is returned exactly as released."""
        self._session.require(Op.STATS_READ)
        period = parse_period(period_text)
        with self._session.stats.connect() as conn:
            fresh = build_output(conn, code, period, threshold_for(conn, period))
            stored = conn.execute(
                select(schema.releases.c.output).where(
                    schema.releases.c.table_code == code, schema.releases.c.period == period.code
                )
            ).scalar()
        if stored is not None and stored != fresh.csv():
            # Late data went to the next period, so this cannot differ; if it ever does, the
            # released figures stand.
            raise ReleasedOutputChanged(f"{code}:{period.code}")
        return fresh

    def threshold(self, period_text: str) -> int:
        """The disclosure threshold in force for the period (:mod:`.thresholds`)."""
        self._session.require(Op.STATS_READ)
        period = parse_period(period_text)
        with self._session.stats.connect() as conn:
            return threshold_for(conn, period)

    def export_csv(self, code: str, period_text: str) -> str:
        """The table as CSV to leave the app: refused for a period that has not ended."""
        self.require_ended(period_text)
        output = self.output(code, period_text)
        with self._session.stats_tx() as conn:
            self._session.audit_stats(
                conn, AuditAction.EXPORTED, "stats_table", f"{code}:{output.period}"
            )
        return output.csv()

    def freshness(self) -> Freshness:
        """When the figures were last brought up to date from the case side, and how many
        records were waiting when last counted; the live count too for a session that can
        look at the outbox."""
        from .. import outbox

        self._session.require(Op.STATS_READ)
        with self._session.stats.connect() as conn:
            fresh = read_freshness(conn)
        if outbox.may_drain(self._session):
            live = max(0, outbox.pending_count(self._session) - fresh.unreadable)
            fresh = replace(fresh, live_waiting=live)
        return fresh

    def require_ended(self, period_text: str) -> None:
        """Refuse (:class:`.PeriodStillOpen`) an output leaving the app for an open period."""
        require_ended(parse_period(period_text), to_local(self._session.clock()).date())

    def release_blocker(self, period_text: str) -> PeriodNotReleasable | None:
        """Why the period cannot be released today (:mod:`.release_rule`), or ``None``."""
        self._session.require(Op.STATS_READ)
        period = parse_period(period_text)
        with self._session.stats.connect() as conn:
            drained_on = read_freshness(conn).drained_on
        return release_blocker(period, to_local(self._session.clock()).date(), drained_on)

    def release(self, code: str, period_text: str) -> Release:
        """Publish: record the output in the release register and freeze its quarters. Refused
        (:class:`PeriodNotReleasable`) for a period that is still open."""
        self._session.require(Op.STATS_RELEASE)
        blocker = self.release_blocker(period_text)
        if blocker is not None:
            raise blocker
        output = self.output(code, period_text)
        text = output.csv()
        digest = hashlib.sha256(text.encode()).hexdigest()
        period = parse_period(period_text)
        now = self._session.clock()
        with self._session.stats_tx() as conn:
            existing = conn.execute(
                select(schema.releases.c.output_sha256).where(
                    schema.releases.c.table_code == code, schema.releases.c.period == period.code
                )
            ).scalar()
            if existing is None:
                conn.execute(
                    insert(schema.releases).values(
                        table_code=code,
                        period=period.code,
                        released_at=now,
                        released_by=self._session.username,
                        output_sha256=digest,
                        output=text,
                    )
                )
            frozen = set(conn.execute(select(schema.frozen_quarters.c.quarter)).scalars())
            for quarter in period.quarters:
                if quarter not in frozen:
                    conn.execute(insert(schema.frozen_quarters).values(quarter=quarter))
            self._session.audit_stats(
                conn, "stats.released", "stats_table", f"{code}:{period.code}"
            )
        return Release(code, period.code, now, self._session.username, existing or digest)

    def releases(self) -> list[Release]:
        self._session.require(Op.STATS_READ)
        r = schema.releases.c
        with self._session.stats.connect() as conn:
            rows = conn.execute(
                select(
                    r.table_code, r.period, r.released_at, r.released_by, r.output_sha256
                ).order_by(r.released_at, r.id)
            ).all()
        return [Release(*row) for row in rows]

    def comments(self, period_text: str) -> list[tuple[str, str]]:
        """Evaluation-form comments for the manager to read; never exported or tabulated.

        Pooled over the period in the order of their random ids, which is not entry order."""
        self._session.require(Op.STATS_COMMENTS_READ)
        period = parse_period(period_text)
        c = schema.evaluation_comments.c
        with self._session.stats_tx() as conn:
            rows = conn.execute(
                select(c.form, c.text).where(c.quarter.in_(period.quarters)).order_by(c.id)
            ).all()
            self._session.audit_stats(conn, "stats.comments_viewed", "period", period.code)
        return [(form, text) for form, text in rows]
