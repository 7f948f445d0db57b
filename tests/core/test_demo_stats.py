"""The demo's statistical records: every catalogue table has figures, stats.db holds no identifier,
and the same seed gives the same records."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Table, func, select

from supportline.db import schema
from supportline.demo import create_demo
from supportline.session import Session, unlock
from supportline.statistics.catalogue import CATALOGUE, StatisticsService
from supportline.statistics.disclosure import TOTAL

PASSWORD = "demo password 1"
TODAY = date(2026, 2, 10)  # FY2025 (April 2025 to March 2026) is the current financial year
PERIOD = "FY2025"
STATS_TABLES = (
    schema.stat_counts,
    schema.stat_pending_forms,
    schema.stat_forms_seen,
    schema.evaluation_comments,
)


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo_stats") / "data"
    create_demo(path, PASSWORD, seed=7, clients=200, today=TODAY)
    return path


@pytest.fixture
def admin(demo_dir: Path) -> Iterator[Session]:
    session = unlock(demo_dir, "admin", PASSWORD)
    yield session
    session.close()


@pytest.fixture
def manager(demo_dir: Path) -> Iterator[Session]:
    session = unlock(demo_dir, "manager", PASSWORD)
    yield session
    session.close()


def _rows(session: Session, table: Table) -> list[tuple[object, ...]]:
    # Pair keys are keyed with the store's random statistics key, and the cell keys of records
    # drained afterwards through the outbox are secret random keys.
    columns = [c for c in table.c if c.name not in ("pair_key", "form_key", "key_sum", "id")]
    with session.stats.connect() as conn:
        if not columns:  # opaque hashes only: how many
            return [(conn.execute(select(func.count()).select_from(table)).scalar_one(),)]
        return sorted(tuple(row) for row in conn.execute(select(*columns)))


def _total(conn: Any, table_code: str) -> int:
    c = schema.stat_counts.c
    return int(conn.execute(select(func.sum(c.n)).where(c.table_code == table_code)).scalar() or 0)


def _cells(conn: Any, table_code: str) -> dict[tuple[str, str], int]:
    c = schema.stat_counts.c
    rows = conn.execute(
        select(c.row, c.column, func.sum(c.n))
        .where(c.table_code == table_code)
        .group_by(c.row, c.column)
    )
    return {(r, col): int(n) for r, col, n in rows}


def test_every_catalogue_table_has_data_for_the_current_year_and_exports(
    manager: Session,
) -> None:
    service = StatisticsService(manager)
    for code in CATALOGUE:
        output = service.output(code, PERIOD)
        total = output.table.cells[(TOTAL, TOTAL)]
        assert total.suppressed or (total.value or 0) > 0, code
        assert output.table.rows, code
        text = service.export_csv(code, PERIOD)
        lines = text.splitlines()
        assert lines[0] == "table,period,row,column,value"
        assert len(lines) > 2 and all(line.startswith(f"{code},{PERIOD},") for line in lines[1:])


def test_one_record_per_case_session_closure_and_contact(admin: Session) -> None:
    a, c, k = schema.appointments.c, schema.cases.c, schema.contacts.c
    with admin.case.connect() as conn:
        cases = conn.execute(select(func.count()).select_from(schema.cases)).scalar_one()
        closed = conn.execute(select(func.count()).where(c.status == "closed")).scalar_one()
        past = conn.execute(select(func.count()).where(a.status != "booked")).scalar_one()
        counted = conn.execute(
            select(func.count()).where(
                k.outcome.in_(
                    ("counselling", "coaching", "mediation", "signposted", "no_further_action")
                )
            )
        ).scalar_one()
    with admin.stats.connect() as conn:
        assert _total(conn, "referrals_by_route") == cases
        assert _total(conn, "endings") == closed
        assert _total(conn, "sessions_by_status") == past
        assert _total(conn, "contacts_by_outcome") == counted
        pairs = _total(conn, "evaluation_pairs")
        waiting = conn.execute(select(func.count()).select_from(schema.stat_pending_forms))
        forms = 2 * pairs + waiting.scalar_one()
        assert 0.1 * closed < forms < 0.8 * closed and pairs > 0
        outcomes = {row for row, _ in _cells(conn, "outcomes")}
        assert {"reliable_recovery", "no_reliable_change", "not_finished_course"} <= outcomes
        assert _cells(conn, "outcomes_at_caseness")
        answers = {**_cells(conn, "evaluation_first"), **_cells(conn, "evaluation_last")}
        assert {value for _, value in answers} <= {"1", "2", "3", "4", "5"}
        positive = sum(n for (_, value), n in answers.items() if value in ("4", "5"))
        assert positive > 0.6 * sum(answers.values())  # skewed positive


def test_every_demo_cell_has_a_key(admin: Session) -> None:
    c = schema.stat_counts.c
    with admin.stats.connect() as conn:
        rows = conn.execute(select(c.table_code, c.quarter, c.key_sum)).all()
    assert rows and all(0 <= key < 2**32 for *_, key in rows)
    single = ("referrals_by_district", "sessions_by_status", "endings", "contacts_by_outcome")
    for code in single:
        for quarter in {q for t, q, _ in rows if t == code}:
            keys = [k for t, q, k in rows if (t, q) == (code, quarter)]
            assert len(set(keys)) == len(keys), (code, quarter)


def test_no_identifier_reaches_stats_db(admin: Session) -> None:
    cl = schema.clients.c
    with admin.case.connect() as conn:
        clients = conn.execute(
            select(
                cl.reference,
                cl.first_name,
                cl.last_name,
                cl.email,
                cl.phone,
                cl.phone_alt,
                cl.home_postcode,
                cl.work_postcode,
                cl.address,
                cl.date_of_birth,
            )
        ).all()
    full_names = {f"{row.first_name} {row.last_name}".lower() for row in clients}
    exact = {
        str(value).lower()
        for row in clients
        for value in (row.reference, row.email, row.phone, row.phone_alt, row.address)
        if value
    }
    postcodes = {p.lower() for row in clients for p in (row.home_postcode, row.work_postcode) if p}
    births = {row.date_of_birth.isoformat() for row in clients}
    date_like = re.compile(r"\d{4}-\d{2}-\d{2}|\d{2}/\d{2}/\d{4}")
    seen = 0
    with admin.stats.connect() as conn:
        for table in STATS_TABLES:
            text_columns = [
                c for c in table.c if c.name not in ("id", "pair_key") and not c.foreign_keys
            ]
            for row in conn.execute(select(*text_columns)):
                for column, value in zip(text_columns, row, strict=True):
                    if value is None or isinstance(value, int):
                        continue
                    text = str(value).lower()
                    seen += 1
                    assert text not in exact, (table.name, column.name)
                    assert not any(name in text for name in full_names), (table.name, value)
                    assert not any(postcode in text for postcode in postcodes), (table.name, value)
                    assert not any(born in text for born in births), (table.name, value)
                    assert not date_like.search(text), (table.name, column.name, value)
                    assert "@" not in text and "07700" not in text and "sl-0" not in text
    assert seen > 1000


def test_the_same_seed_gives_the_same_records(tmp_path: Path) -> None:
    def records(path: Path) -> dict[str, list[tuple[object, ...]]]:
        create_demo(path, PASSWORD, seed=3, clients=80, today=TODAY)
        session = unlock(path, "admin", PASSWORD)
        try:
            return {table.name: _rows(session, table) for table in STATS_TABLES}
        finally:
            session.close()

    first, second = records(tmp_path / "one"), records(tmp_path / "two")
    assert first == second
    assert len(first["stat_counts"]) > 200 and first["stat_pending_forms"]
