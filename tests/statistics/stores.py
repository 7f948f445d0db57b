"""Stores for the statistics tests, filled through the real services.

:func:`build_referral_store` opens a case for each of many clients as a call handler (each
opening seals one coarsened referral record) and drains the outbox as an administrator. One of the
clients is unique: the only man aged 55 or over, the only headteacher, and the only person from
his school.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, func, insert, select, text

from supportline import outbox
from supportline.db import schema
from supportline.roles import Role
from supportline.services.cases import CaseInput, CaseService
from supportline.services.users import UserService
from supportline.session import Session, init_store, unlock

PASSWORDS = {
    "admin": "admin password 1",
    "handler": "handler password 1",
    "counsellor": "counsellor password 1",
    "manager": "manager password 1",
}
WHEN = datetime(2026, 2, 10, 10, 0, tzinfo=UTC)  # 2026Q1
# 2026Q1 and FY2025 have ended: only ended periods may be exported (issue 11).
ENDED = datetime(2026, 4, 2, 9, 0, tzinfo=UTC)
UNIQUE_SCHOOL = "Zqxunique Little Primary School"
UNIQUE_NAME = ("Zqxhead", "Zqxunique")
POSTCODES = ("ME19 4QZ", "ME14 1XQ", "CT1 2AA", "TN1 1AA", "DA1 1AA", "ME7 1AA")
ROLES = ("Teacher", "Teaching assistant", "Administrator", "Social worker", "Council officer")
ISSUES = ("W01", "W02", "M01", "R01", "B01", "H01", "T01", "O01")


class FakeClock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@dataclass
class Store:
    path: Path
    clock: FakeClock
    referrals: int

    def unlock(self, username: str, clock: FakeClock | None = None) -> Session:
        return unlock(self.path, username, PASSWORDS[username], clock=clock or self.clock)

    def drain(self) -> outbox.DrainResult:
        admin = self.unlock("admin")
        try:
            return outbox.drain(admin)
        finally:
            admin.close()


def make_store(root: Path) -> Store:
    clock = FakeClock(WHEN)
    path = root / "data"
    init_store(path, "admin", PASSWORDS["admin"], display_name="Ada Admin", clock=clock)
    admin = unlock(path, "admin", PASSWORDS["admin"], clock=clock)
    try:
        users = UserService(admin)
        for name, role in (
            ("handler", Role.CALL_HANDLER),
            ("counsellor", Role.COUNSELLOR),
            ("manager", Role.SERVICE_MANAGER),
        ):
            users.add_user(name, name.title(), [role], PASSWORDS[name], must_change_password=False)
    finally:
        admin.close()
    return Store(path, clock, 0)


def add_referrals(store: Store, count: int, seed: int, unique: bool = False) -> list[int]:
    """Clients and their cases, opened by the call handler; returns the case ids."""
    rng = random.Random(seed)
    handler = store.unlock("handler")
    try:
        with handler.case_tx() as conn:
            orgs = dict(
                conn.execute(select(schema.organisations.c.name, schema.organisations.c.id)).all()
            )
            for name, group, phase in (
                ("Kent County Council Growth", "kcc", None),
                ("Kent County Council Children", "kcc", None),
                ("Zqx Valley Secondary School", "school", "secondary"),
                ("Zqx Meadow Primary School", "school", "primary"),
                ("Zqx Housing Trust", "other", None),
                (UNIQUE_SCHOOL, "school", "primary"),
            ):
                if name not in orgs:
                    orgs[name] = int(
                        conn.execute(
                            insert(schema.organisations).values(
                                name=name, org_group=group, phase=phase
                            )
                        ).inserted_primary_key[0]
                    )
            common = [n for n in orgs if n != UNIQUE_SCHOOL]
            base = conn.execute(select(text("count(*)")).select_from(schema.clients)).scalar_one()
            clients = []
            for i in range(count):
                is_unique = unique and i == count - 1
                if is_unique:
                    gender, born, role, org, postcode = (
                        "male",
                        date(1964, 6, 1),
                        "Headteacher",
                        UNIQUE_SCHOOL,
                        "CT20 1AA",
                    )
                else:
                    gender = rng.choice(["female", "female", "male", "other", None])
                    # Nobody else is a man of 55 or over.
                    top = 1972 if gender == "male" else 1965
                    born = date(rng.randint(top - 25, top + 30), rng.randint(1, 12), 1)
                    if gender == "male" and born.year < 1972:
                        born = date(1975, 1, 1)
                    role = rng.choice(ROLES)
                    org = rng.choice(common)
                    postcode = rng.choice(POSTCODES)
                number = base + i + 1
                clients.append(
                    int(
                        conn.execute(
                            insert(schema.clients).values(
                                reference=f"SL-ZQ{number:05d}",
                                first_name=UNIQUE_NAME[0] if is_unique else f"Zqxfirst{number}",
                                last_name=UNIQUE_NAME[1] if is_unique else f"Zqxlast{number}",
                                date_of_birth=born,
                                gender=gender,
                                home_postcode=postcode,
                                organisation_id=orgs[org],
                                job_role=role,
                                created_at=store.clock(),
                            )
                        ).inserted_primary_key[0]
                    )
                )
        cases = CaseService(handler)
        ids = []
        for client_id in clients:
            ids.append(
                cases.open_case(
                    client_id,
                    CaseInput(
                        service=rng.choice(["counselling"] * 4 + ["coaching", "mediation"]),
                        referral_route=rng.choice(["self", "self", "manager", "hr"]),
                        presenting_issues=tuple(sorted(set(rng.sample(ISSUES, 2)))),
                    ),
                )
            )
    finally:
        handler.close()
    store.referrals += count
    return ids


def build_referral_store(root: Path, count: int = 90) -> Store:
    store = make_store(root)
    add_referrals(store, count, seed=11, unique=True)
    result = store.drain()
    assert (result.taken, result.rejected) == (count, 0)
    return store


def counted(
    conn: Connection, table_code: str, quarters: tuple[str, ...] | None = None
) -> dict[tuple[str, str], int]:
    """A catalogue table's counts as stats.db holds them, summed over ``quarters`` (all when
    None), without disclosure control."""
    c = schema.stat_counts.c
    stmt = select(c.row, c.column, func.sum(c.n)).where(c.table_code == table_code)
    if quarters is not None:
        stmt = stmt.where(c.quarter.in_(quarters))
    return {(r, col): int(n) for r, col, n in conn.execute(stmt.group_by(c.row, c.column))}


def counted_by_quarter(conn: Connection, table_code: str) -> dict[str, int]:
    """A table's total count in each quarter."""
    c = schema.stat_counts.c
    stmt = select(c.quarter, func.sum(c.n)).where(c.table_code == table_code).group_by(c.quarter)
    return {q: int(n) for q, n in conn.execute(stmt)}


# -- a financial year of referrals, quarter by quarter (issue 11's joint attack) ----------------

YEAR = 2025  # FY2025: 2025Q2 to 2026Q1, ended by ENDED
YEAR_PERIODS = ("FY2025", "2025Q2", "2025Q3", "2025Q4", "2026Q1")
YEAR_QUARTER_DAYS = (
    datetime(2025, 5, 13, 10, 0, tzinfo=UTC),
    datetime(2025, 8, 12, 10, 0, tzinfo=UTC),
    datetime(2025, 11, 11, 10, 0, tzinfo=UTC),
    datetime(2026, 2, 10, 10, 0, tzinfo=UTC),
)


def build_year_store(root: Path, seed: int) -> Store:
    """Referrals in each quarter of FY2025 (between 50 and 80 a quarter, ``seed`` choosing how
    many and who), opened with the clock in that quarter, then drained."""
    rng = random.Random(seed)
    store = make_store(root)
    for index, moment in enumerate(YEAR_QUARTER_DAYS):
        store.clock.now = moment
        add_referrals(store, rng.randint(50, 80), seed=seed * 10 + index)
    result = store.drain()
    assert (result.taken, result.rejected) == (store.referrals, 0)
    return store


def export_tables(store: Store, codes: Iterable[str], periods: Iterable[str]) -> list[str]:
    """Every table of every period as the manager exports it, after the periods have ended."""
    from supportline.statistics.catalogue import StatisticsService

    manager = store.unlock("manager", FakeClock(ENDED))
    try:
        service = StatisticsService(manager)
        return [service.export_csv(code, period) for code in codes for period in periods]
    finally:
        manager.close()


def true_counts(store: Store, specs: Mapping[str, Any]) -> dict[tuple[str, str, str, str], int]:
    """The true counts behind each table, per (code, quarter, row value, column value; "Total"
    for a one-way table), read from stats.db: for scoring an attack, never written anywhere."""
    manager = store.unlock("manager")
    out: dict[tuple[str, str, str, str], int] = {}
    try:
        with manager.stats.connect() as conn:
            c = schema.stat_counts.c
            for code in specs:
                stmt = (
                    select(c.quarter, c.row, c.column, func.sum(c.n))
                    .where(c.table_code == code)
                    .group_by(c.quarter, c.row, c.column)
                )
                for quarter, row, col, n in conn.execute(stmt):
                    out[(code, quarter, str(row), str(col))] = int(n)
    finally:
        manager.close()
    return out
