"""Alembic migrations, run programmatically on the keyed connection.

Before a store that already holds data is migrated, a copy of its (encrypted) file is kept in
``backups/pre-migration`` beside it, so a failed or regretted migration loses nothing.
"""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect

from .. import integrity
from ..errors import SchemaTooNew, StoreUnreadable
from ..paths import ensure_private_dir, fsync_file
from .engine import driver

MIGRATIONS = Path(__file__).parent / "migrations"
PRE_MIGRATION_DIR = Path("backups") / "pre-migration"


def alembic_config(store: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS / store))
    return config


def head_revision(store: str) -> str:
    head = ScriptDirectory.from_config(alembic_config(store)).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def known_revisions(store: str) -> set[str]:
    return {
        rev.revision for rev in ScriptDirectory.from_config(alembic_config(store)).walk_revisions()
    }


def upgrade(engine: Engine, store: str, db_path: Path) -> str | None:
    """Bring the store to the newest schema; returns the revision it was at before (or None)."""
    before = current_revision(engine)
    head = head_revision(store)
    if before == head:
        return before
    if before is not None and before not in known_revisions(store):
        raise SchemaTooNew(store)
    with engine.connect() as conn:
        has_tables = bool(inspect(conn).get_table_names())
    if has_tables:
        _backup_before_migration(engine, store, db_path, before)
    raw = engine.raw_connection()
    try:
        # Batch migrations rebuild tables; with foreign keys on, dropping the old table would
        # cascade deletes. Keys are switched off for the migration and checked afterwards.
        driver(raw).execute("PRAGMA foreign_keys = OFF")
        # Migrations run without the integrity triggers (a trigger naming a column would stop
        # SQLite dropping it); they are regenerated for the new schema below.
        integrity.drop_triggers(driver(raw))
    finally:
        raw.close()
    try:
        with engine.connect() as conn:
            config = alembic_config(store)
            config.attributes["connection"] = conn
            command.upgrade(config, "head")
            conn.commit()
        with engine.connect() as conn:
            broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            if broken:
                raise StoreUnreadable(store, "foreign keys broken by migration")
        install_integrity(engine)
    finally:
        raw = engine.raw_connection()
        try:
            driver(raw).execute("PRAGMA foreign_keys = ON")
        finally:
            raw.close()
    return before


def install_integrity(engine: Engine) -> None:
    """Regenerate the integrity triggers from the live schema and recompute every digest."""
    with engine.begin() as conn:
        raw = driver(conn.connection)
        tracker = integrity.tracker(raw)
        if tracker is None:
            raise RuntimeError("connection made without the integrity function")
        integrity.install(raw, tracker)


def _backup_before_migration(
    engine: Engine, store: str, db_path: Path, revision: str | None
) -> Path:
    raw = engine.raw_connection()
    try:
        driver(raw).execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
    finally:
        raw.close()
    directory = db_path.parent / PRE_MIGRATION_DIR
    ensure_private_dir(directory)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = directory / f"{store}-{revision or 'none'}-{stamp}.db"
    # The store file is already encrypted with its key; the copy stays encrypted.
    shutil.copyfile(db_path, target)
    fsync_file(target)
    return target
