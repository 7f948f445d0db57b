"""Every table and every column of both stores is under the integrity digests, tables that later
migrations add are covered without anyone writing a trigger, and the digests move in the same
transaction as the write (a rolled-back write leaves them as they were)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from supportline import integrity
from supportline.db import engine as dbengine
from supportline.db import migrate, schema
from supportline.keystore import Keystore
from supportline.roles import KeyName
from supportline.session import unlock
from supportline.verify import verify
from tests.conftest import ADMIN_PASSWORD

STORES = {"case": schema.case_metadata, "stats": schema.stats_metadata}


def _raw(data_dir: Path, store: str):  # noqa: ANN202 - a sqlcipher3 connection
    opened = Keystore.load(data_dir / "keystore.json").open_slot("admin", ADMIN_PASSWORD)
    key = opened.key(KeyName.CASE if store == "case" else KeyName.STATS)
    return dbengine.connect(data_dir / f"{store}.db", key, store=store)


@pytest.mark.parametrize("store", list(STORES))
def test_every_table_and_column_is_covered(data_dir: Path, store: str) -> None:
    conn = _raw(data_dir, store)
    try:
        tables = integrity.covered_tables(conn)
        declared = {t.name for t in STORES[store].sorted_tables} - integrity.EXCLUDED
        assert declared <= set(tables)
        recorded = integrity.stored(conn)
        assert recorded is not None and set(recorded) == set(tables)
        triggers = dict(
            conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").fetchall()
        )
        for table, columns in tables.items():
            declared_columns = {c.name for c in STORES[store].tables[table].columns}
            assert declared_columns <= set(columns), table
            for name, sql in integrity.trigger_sql(table, columns).items():
                assert triggers.get(name) == sql, name
                for column in columns:
                    if "insert" in name:
                        assert f'NEW."{column}"' in sql, (table, column)
                    elif "delete" in name:
                        assert f'OLD."{column}"' in sql, (table, column)
                    else:
                        assert f'OLD."{column}"' in sql and f'NEW."{column}"' in sql
        assert integrity.check(conn, integrity.tracker(conn)) == []
    finally:
        conn.close()


def test_changing_any_column_of_a_row_moves_its_table_digest(data_dir: Path) -> None:
    conn = _raw(data_dir, "case")
    try:
        columns = integrity.covered_tables(conn)["users"]
        for column in columns:
            before = integrity.stored(conn)["users"]
            conn.execute("BEGIN")
            new = "999" if column == "id" else f"'changed ' || coalesce(\"{column}\", '')"
            conn.execute(f'UPDATE users SET "{column}" = {new} WHERE id = 1')
            moved = integrity.stored(conn)["users"]
            conn.execute("ROLLBACK")
            assert moved != before, column
            assert integrity.stored(conn)["users"] == before  # same transaction as the write
    finally:
        conn.close()


def test_a_table_added_by_a_later_migration_is_covered(data_dir: Path) -> None:
    """What ``migrate.upgrade`` runs after any migration: the new table gets its triggers and
    its digest without a line of integrity code in the migration."""
    opened = Keystore.load(data_dir / "keystore.json").open_slot("admin", ADMIN_PASSWORD)
    engine = dbengine.make_engine(data_dir / "case.db", opened.key(KeyName.CASE), store="case")
    try:
        with engine.begin() as conn:
            conn.execute(text("CREATE TABLE later_feature (id INTEGER PRIMARY KEY, note TEXT)"))
            conn.execute(text("INSERT INTO later_feature (note) VALUES ('a')"))
            conn.execute(text("ALTER TABLE users ADD COLUMN later_column TEXT"))
        migrate.install_integrity(engine)
        with engine.begin() as conn:
            conn.execute(text("INSERT INTO later_feature (note) VALUES ('b')"))
            conn.execute(text("UPDATE users SET later_column = 'x'"))
        with engine.connect() as conn:
            raw = dbengine.driver(conn.connection)
            assert integrity.stored(raw)["later_feature"].rows == 2
            assert integrity.check(raw, integrity.tracker(raw)) == []
            triggers = [
                row[0]
                for row in raw.execute(
                    "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE "
                    "'integrity__users__%'"
                ).fetchall()
            ]
            assert triggers and all('"later_column"' in sql for sql in triggers)
    finally:
        engine.dispose()


def test_a_dropped_trigger_or_an_uncovered_table_is_reported(data_dir: Path) -> None:
    conn = _raw(data_dir, "case")
    try:
        conn.execute('DROP TRIGGER "integrity__clients__update"')
        conn.execute("CREATE TABLE smuggled (id INTEGER PRIMARY KEY)")
        dbengine.checkpoint(conn)
    finally:
        conn.close()
    kinds = {(f.kind, f.detail) for f in verify(data_dir, "admin", ADMIN_PASSWORD).findings}
    assert ("integrity_triggers", "table clients") in kinds
    assert ("integrity_uncovered", "table smuggled") in kinds


def test_a_connection_without_the_function_cannot_write(data_dir: Path) -> None:
    """A write through any other path than the engine's connections fails instead of slipping
    past the digests."""
    import sqlcipher3

    opened = Keystore.load(data_dir / "keystore.json").open_slot("admin", ADMIN_PASSWORD)
    conn = sqlcipher3.connect(str(data_dir / "case.db"), isolation_level=None)
    try:
        conn.execute(dbengine.key_pragma(opened.key(KeyName.CASE)))
        with pytest.raises(sqlcipher3.OperationalError, match=integrity.FUNCTION):
            conn.execute("UPDATE users SET display_name = 'x'")
    finally:
        conn.close()
    session = unlock(data_dir, "admin", ADMIN_PASSWORD)
    session.close()
