"""Schema migrations run on the keyed connection, after an encrypted copy of the store is kept."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from alembic import command
from sqlalchemy import insert, inspect, select

from supportline.db import engine as dbengine
from supportline.db import migrate, schema
from supportline.keystore import Keystore
from supportline.roles import KeyName
from supportline.session import DataDir, unlock
from tests.conftest import ADMIN_PASSWORD, anchor_as_an_older_app


def _downgrade_case_to_first_revision(data_dir: Path) -> bytes:
    keystore = Keystore.load(DataDir(data_dir).keystore)
    key = keystore.open_slot("admin", ADMIN_PASSWORD).key(KeyName.CASE)
    engine = dbengine.make_engine(data_dir / "case.db", key, store="case")
    try:
        with engine.connect() as conn:
            config = migrate.alembic_config("case")
            config.attributes["connection"] = conn
            command.downgrade(config, "case_0001")
            conn.commit()
        anchor_as_an_older_app(data_dir, "case", "admin", ADMIN_PASSWORD)
        with engine.begin() as conn:
            conn.execute(
                insert(schema.organisations).values(
                    id=1, name="Migration Test School", org_group="school"
                )
            )
            # A row written at the old revision must survive the table rebuilds of batch mode.
            conn.execute(
                schema.clients.insert().values(
                    id=1,
                    reference="SL-000001",
                    first_name="Mig",
                    last_name="Ration",
                    created_at=datetime(2026, 1, 5, tzinfo=UTC),
                    organisation_id=1,
                )
            )
    finally:
        engine.dispose()
    return key


def test_unlock_migrates_an_old_store_and_keeps_an_encrypted_copy(data_dir: Path) -> None:
    key = _downgrade_case_to_first_revision(data_dir)
    engine = dbengine.make_engine(data_dir / "case.db", key, store="case")
    assert migrate.current_revision(engine) == "case_0001"
    engine.dispose()

    session = unlock(data_dir, "admin", ADMIN_PASSWORD)
    try:
        assert migrate.current_revision(session.case) == migrate.head_revision("case")
        with session.case.connect() as conn:
            columns = {c["name"] for c in inspect(conn).get_columns("clients")}
            assert {"venue_preference", "merged_into_id"} <= columns
            row = conn.execute(
                select(schema.clients.c.first_name, schema.clients.c.organisation_id)
            ).one()
            assert tuple(row) == ("Mig", 1)
            actions = [r.action for r in conn.execute(select(schema.case_audit))]
            assert "store.migrated" in actions
            # foreign keys are back on after the migration
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    finally:
        session.close()

    copies = list((data_dir / "backups" / "pre-migration").glob("case-case_0001-*.db"))
    assert len(copies) == 1
    assert not copies[0].read_bytes().startswith(b"SQLite format 3")
    # The copy is the old store, still openable with the store key, still at the old revision.
    old = dbengine.make_engine(copies[0], key, store="case")
    try:
        assert migrate.current_revision(old) == "case_0001"
    finally:
        old.dispose()


def test_new_store_needs_no_pre_migration_copy(data_dir: Path) -> None:
    assert not (data_dir / "backups").exists()


def test_allowance_authorisations_get_the_day_they_apply_from(data_dir: Path) -> None:
    """Rows stored against a year start (before case_0006) keep applying: from the day they
    were given, whether that year start was a financial year's or a rolling window's."""
    keystore = Keystore.load(DataDir(data_dir).keystore)
    key = keystore.open_slot("admin", ADMIN_PASSWORD).key(KeyName.CASE)
    engine = dbengine.make_engine(data_dir / "case.db", key, store="case")
    given = datetime(2026, 11, 24, 10, tzinfo=UTC)
    try:
        with engine.connect() as conn:
            config = migrate.alembic_config("case")
            config.attributes["connection"] = conn
            command.downgrade(config, "case_0005")
            conn.commit()
        anchor_as_an_older_app(data_dir, "case", "admin", ADMIN_PASSWORD)
        with engine.begin() as conn:
            conn.exec_driver_sql(
                "INSERT INTO clients (id, reference, first_name, last_name, created_at) "
                "VALUES (1, 'SL-000001', 'Mig', 'Ration', '2026-01-05 00:00:00.000000')"
            )
            for year_start, at in (
                ("2026-04-01", given),  # financial year, given in it
                ("2025-11-25", given),  # rolling window ending on the day given
                ("2027-04-01", given),  # financial year ahead of the day given
            ):
                conn.exec_driver_sql(
                    "INSERT INTO allowance_authorisations (client_id, service, year_start, "
                    "extra_sessions, authorised_by, authorised_at, reason) "
                    "VALUES (1, 'counselling', ?, 2, 'admin', ?, 'Continuity')",
                    (year_start, at.strftime("%Y-%m-%d %H:%M:%S.%f")),
                )
    finally:
        engine.dispose()

    session = unlock(data_dir, "admin", ADMIN_PASSWORD)
    try:
        with session.case.connect() as conn:
            a = schema.allowance_authorisations.c
            days = conn.execute(select(a.applies_on).order_by(a.id)).scalars().all()
            assert "package_authorisations" in inspect(conn).get_table_names()
    finally:
        session.close()
    assert [d.isoformat() for d in days] == ["2026-11-24", "2026-11-24", "2027-04-01"]
