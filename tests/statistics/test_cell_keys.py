"""Every statistical record carries a secret random key, and each cell's key is the sum of its
records' keys modulo 2**32 (the ONS cell-key method, statistics/cells.py): the same records give
the same cell key however often they are counted, one more record gives an unrelated one."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import Connection, create_engine, func, select, text

from supportline.db import engine as dbengine
from supportline.db import migrate, schema
from supportline.keystore import Keystore
from supportline.roles import KeyName
from supportline.session import DataDir, unlock
from supportline.statistics.catalogue import CATALOGUE, _counts, parse_period
from supportline.statistics.cells import KEY_MODULUS, CellCount
from supportline.statistics.store import ingest
from tests.conftest import ADMIN_PASSWORD, anchor_store_as_it_is
from tests.statistics.synthetic import records

STATS_KEY = bytes(range(32))
KEYED = (
    schema.stat_referrals,
    schema.stat_referral_issues,
    schema.stat_sessions,
    schema.stat_activity,
    schema.stat_contacts,
    schema.stat_evaluation_answers,
)
FY = parse_period("FY2025")


@pytest.fixture
def conn() -> Iterator[Connection]:
    engine = create_engine("sqlite://")
    schema.stats_metadata.create_all(engine)
    with engine.begin() as connection:
        for kind, quarter, payload in records(seed=3, referrals=150):
            ingest(connection, kind, quarter, payload, STATS_KEY)
        yield connection
    engine.dispose()


def _all_counts(conn: Connection) -> dict[str, dict[tuple[str, str], CellCount]]:
    return {code: _counts(conn, table, FY.quarters) for code, table in CATALOGUE.items()}


def test_every_stored_record_has_its_own_key(conn: Connection) -> None:
    for table in KEYED:
        keys = conn.execute(select(table.c.cell_key)).scalars().all()
        assert keys, table.name
        assert all(key is not None and 0 <= key < KEY_MODULUS for key in keys), table.name
        # Drawn per record, not a default: (nearly) all different, and not all 0.
        assert len(set(keys)) > 0.95 * len(keys), table.name
        assert any(keys), table.name


def test_a_cell_key_is_the_sum_of_its_records_keys(conn: Connection) -> None:
    r = schema.stat_referrals.c
    n, key_sum = conn.execute(
        select(func.count(), func.sum(r.cell_key)).where(
            r.quarter.in_(FY.quarters), r.service == "counselling", r.district == "Maidstone"
        )
    ).one()
    cell = _counts(conn, CATALOGUE["referrals_by_district"], FY.quarters)[
        ("Maidstone", "counselling")
    ]
    assert cell == CellCount(n, key_sum % KEY_MODULUS)
    assert cell.n > 1 and cell.key != 0


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
    counts = _all_counts(conn)

    def grand(code: str) -> CellCount:
        cells = counts[code].values()
        return CellCount(sum(c.n for c in cells), sum(c.key for c in cells) % KEY_MODULUS)

    referral_tables = [
        code for code, t in CATALOGUE.items() if t.source is schema.stat_referrals and not t.where
    ]
    assert len(referral_tables) >= 5
    assert len({grand(code) for code in referral_tables}) == 1
    assert grand("sessions_by_status") == grand("sessions_by_organisation")
    assert grand("waiting_time") == grand("endings")


def test_records_stored_before_keys_each_get_a_random_key(data_dir: Path) -> None:
    """stats_0006 gives every existing record a key of its own: a column default would give all
    old records one key, and every cell of them the same perturbation."""
    opened = Keystore.load(DataDir(data_dir).keystore).open_slot("admin", ADMIN_PASSWORD)
    key = opened.key(KeyName.STATS)
    engine = dbengine.make_engine(data_dir / "stats.db", key, store="stats")
    try:
        with engine.connect() as c:
            config = migrate.alembic_config("stats")
            config.attributes["connection"] = c
            command.downgrade(config, "stats_0004")
            c.commit()
        migrate.install_integrity(engine)
        with engine.begin() as c:
            for i in range(40):
                c.execute(
                    text("INSERT INTO stat_referrals (id, quarter, service) VALUES (:i, :q, :s)"),
                    {"i": i + 1, "q": "2025Q3", "s": "counselling"},
                )
                c.execute(
                    text("INSERT INTO stat_referral_issues VALUES (:i, 'work')"), {"i": i + 1}
                )
                c.execute(text("INSERT INTO stat_contacts (quarter) VALUES ('2025Q3')"))
    finally:
        engine.dispose()
    anchor_store_as_it_is(data_dir, "stats", "admin", opened.signing_private, key)

    session = unlock(data_dir, "admin", ADMIN_PASSWORD)
    try:
        assert migrate.current_revision(session.stats) == migrate.head_revision("stats")
        with session.stats.connect() as c:
            for table in (schema.stat_referrals, schema.stat_referral_issues, schema.stat_contacts):
                keys = c.execute(select(table.c.cell_key)).scalars().all()
                assert len(keys) == 40 and len(set(keys)) > 35, table.name
                assert all(0 <= k < KEY_MODULUS for k in keys)
            assert c.execute(text("PRAGMA foreign_key_check")).all() == []
    finally:
        session.close()
