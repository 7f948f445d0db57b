"""Every statistical record gets a secret random key, and each cell's key is the sum of its
records' keys modulo 2**32 (the ONS cell-key method, statistics/cells.py): the same records give
the same cell key however often they are counted, one more record gives an unrelated one."""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import Connection, create_engine, select, text

from supportline.db import engine as dbengine
from supportline.db import migrate, schema
from supportline.keystore import Keystore
from supportline.roles import KeyName
from supportline.session import DataDir
from supportline.statistics import store
from supportline.statistics.catalogue import CATALOGUE, _counts, parse_period
from supportline.statistics.cells import KEY_MODULUS, CellCount
from supportline.statistics.store import CountBatch, contributions, fold, ingest, record_of
from tests.conftest import ADMIN_PASSWORD
from tests.statistics.synthetic import records

STATS_KEY = bytes(range(32))
FY = parse_period("FY2025")


def _memory() -> Iterator[Connection]:
    engine = create_engine("sqlite://")
    schema.stats_metadata.create_all(engine)
    with engine.begin() as connection:
        yield connection
    engine.dispose()


@pytest.fixture
def conn() -> Iterator[Connection]:
    for connection in _memory():
        for kind, quarter, payload in records(seed=3, referrals=150):
            ingest(connection, kind, quarter, payload, STATS_KEY)
        yield connection


def _all_counts(conn: Connection) -> dict[str, dict[tuple[str, str], CellCount]]:
    return {code: _counts(conn, table, FY.quarters) for code, table in CATALOGUE.items()}


def test_every_cell_has_a_key_drawn_per_record(conn: Connection) -> None:
    c = schema.stat_counts.c
    sums = conn.execute(select(c.table_code, c.quarter, c.n, c.key_sum)).all()
    assert len(sums) > 100
    assert all(n >= 1 and 0 <= key < KEY_MODULUS for _, _, n, key in sums)
    assert any(key for *_, key in sums)
    # Drawn per record, not a default: the cells of one table and quarter count different
    # records, so their keys differ (tables where a record is counted once only).
    single = [
        code for code, t in CATALOGUE.items() if t.source not in ("referral_issue", "evaluation")
    ]
    by_table: dict[tuple[str, str], list[int]] = {}
    for code, quarter, _, key in sums:
        if code in single:
            by_table.setdefault((code, quarter), []).append(key)
    assert len(by_table) > 30
    assert all(len(set(keys)) == len(keys) for keys in by_table.values())


def test_a_cell_key_is_the_sum_of_its_records_keys() -> None:
    rng = random.Random(8)
    expected: dict[tuple[str, str, str, str], list[int]] = {}
    for connection in _memory():
        batch = CountBatch()
        for kind, quarter, payload in records(seed=4, referrals=60):
            key = rng.getrandbits(32)
            fold(connection, batch, kind, quarter, payload, STATS_KEY, key)
            if kind == "evaluation":
                continue
            for code, row, column in contributions(kind, record_of(kind, payload)):
                cell = expected.setdefault((code, quarter, row, column), [0, 0])
                cell[0] += 1
                cell[1] += key
        batch.write(connection)
        c = schema.stat_counts.c
        stored = {
            (t, q, r, col): (n, k)
            for t, q, r, col, n, k in connection.execute(
                select(c.table_code, c.quarter, c.row, c.column, c.n, c.key_sum)
            )
            if not t.startswith("evaluation")
        }
    assert stored == {cell: (n, k % KEY_MODULUS) for cell, (n, k) in expected.items()}
    assert any(n > 5 for n, _ in stored.values())


def test_the_same_records_give_the_same_keys_and_one_more_changes_them(
    conn: Connection,
) -> None:
    before = _all_counts(conn)
    assert before == _all_counts(conn)
    nonzero = [cell.key for table in before.values() for cell in table.values() if cell.n]
    assert nonzero and sum(1 for key in nonzero if key) > 0.99 * len(nonzero)

    referral = next(r for r in records(seed=3, referrals=150) if r[0] == "referral")
    ingest(conn, "referral", "2025Q3", referral[2], STATS_KEY)
    after = _all_counts(conn)
    cell = (str(referral[2]["district"]), str(referral[2]["service"]))
    old, new = before["referrals_by_district"][cell], after["referrals_by_district"][cell]
    assert new.n == old.n + 1
    assert new.key != old.key  # a different key for a different set of records
    # Every other cell of the table, counting the same records as before, keeps its key.
    unchanged = {k: v for k, v in after["referrals_by_district"].items() if k != cell}
    assert unchanged == {k: v for k, v in before["referrals_by_district"].items() if k != cell}
    assert after["sessions_by_status"] == before["sessions_by_status"]


def test_tables_counting_the_same_records_agree_on_the_total_key(conn: Connection) -> None:
    """A record has one key, added to every cell it is counted in, in every table."""
    counts = _all_counts(conn)

    def grand(code: str) -> CellCount:
        cells = counts[code].values()
        return CellCount(sum(c.n for c in cells), sum(c.key for c in cells) % KEY_MODULUS)

    referral_tables = [
        code for code, t in CATALOGUE.items() if t.source == "referral" and not t.where
    ]
    assert len(referral_tables) >= 5
    assert len({grand(code) for code in referral_tables}) == 1
    assert grand("sessions_by_status") == grand("sessions_by_organisation")
    assert grand("waiting_time") == grand("endings")


def test_each_record_drained_gets_a_fresh_secret_key(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    drawn: list[int] = []
    real = store.secrets.randbits

    def spy(bits: int) -> int:
        value = real(bits)
        drawn.append(value)
        return value

    monkeypatch.setattr(store.secrets, "randbits", spy)
    payload = {"service": "counselling", "district": "Dover", "referral_route": "self"}
    for connection in _memory():
        for _ in range(3):
            ingest(connection, "referral", "2025Q3", payload, STATS_KEY)
        cell = _counts(connection, CATALOGUE["referrals_by_district"], ("2025Q3",))
    assert len(drawn) == 3 and {b for b in drawn} == set(drawn)
    assert cell[("Dover", "counselling")] == CellCount(3, sum(drawn) % KEY_MODULUS)


def _at_revision(data_dir: Path, revision: str) -> tuple[object, bytes]:
    opened = Keystore.load(DataDir(data_dir).keystore).open_slot("admin", ADMIN_PASSWORD)
    key = opened.key(KeyName.STATS)
    engine = dbengine.make_engine(data_dir / "stats.db", key, store="stats")
    with engine.connect() as c:
        config = migrate.alembic_config("stats")
        config.attributes["connection"] = c
        command.downgrade(config, revision)
        c.commit()
    migrate.install_integrity(engine)
    return engine, key


def test_records_stored_before_keys_each_get_a_random_key(data_dir: Path) -> None:
    """stats_0006 gives every existing record a key of its own: a column default would give all
    old records one key, and every cell of them the same perturbation."""
    engine, _ = _at_revision(data_dir, "stats_0004")
    try:
        with engine.begin() as c:  # type: ignore[attr-defined]
            for i in range(40):
                c.execute(
                    text("INSERT INTO stat_referrals (id, quarter, service) VALUES (:i, :q, :s)"),
                    {"i": i + 1, "q": "2025Q3", "s": "counselling"},
                )
                c.execute(
                    text("INSERT INTO stat_referral_issues VALUES (:i, 'work')"), {"i": i + 1}
                )
                c.execute(text("INSERT INTO stat_contacts (quarter) VALUES ('2025Q3')"))
        raw = engine.raw_connection()  # type: ignore[attr-defined]
        dbengine.driver(raw).execute("PRAGMA foreign_keys = OFF")  # as migrate.upgrade() runs
        raw.close()
        with engine.connect() as c:  # type: ignore[attr-defined]
            config = migrate.alembic_config("stats")
            config.attributes["connection"] = c
            command.upgrade(config, "stats_0006")
            c.commit()
            for table in ("stat_referrals", "stat_referral_issues", "stat_contacts"):
                keys = c.execute(text(f"SELECT cell_key FROM {table}")).scalars().all()
                assert len(keys) == 40 and len(set(keys)) > 35, table
                assert all(0 <= k < KEY_MODULUS for k in keys)
            assert c.execute(text("PRAGMA foreign_key_check")).all() == []
    finally:
        engine.dispose()  # type: ignore[attr-defined]
