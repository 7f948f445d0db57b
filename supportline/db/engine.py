"""Keyed SQLCipher connections and SQLAlchemy engines over them.

Every connection is keyed with a raw 256-bit key (never a passphrase: our own KDF sits in front),
checks that SQLCipher is really loaded, and sets the pragmas DESIGN 3 asks for. Temp storage stays
in memory because a file temp store would write plaintext pages to disk.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import sqlcipher3
from sqlalchemy import CursorResult, Engine, create_engine, event
from sqlalchemy.pool import StaticPool

from .. import changes, integrity
from ..errors import SQLCipherUnavailable, StoreUnreadable

BUSY_TIMEOUT_MS = 10_000
CACHE_KIB = 64 * 1024

DatabaseError = sqlcipher3.DatabaseError


def key_pragma(key: bytes) -> str:
    if len(key) != 32:
        raise ValueError("store keys are 256-bit")
    # Built only from bytes.hex(): no user input ever reaches this statement.
    return f"PRAGMA key = \"x'{key.hex()}'\""


def rekey_pragma(key: bytes) -> str:
    return f"PRAGMA rekey = \"x'{key.hex()}'\""


def connect(path: Path, key: bytes, *, store: str, create: bool = False) -> Any:
    """A raw sqlcipher3 connection, keyed, checked and configured.

    Raises :class:`StoreUnreadable` if the file is missing (unless ``create``), corrupt, truncated
    or keyed with another key.
    """
    path = Path(path)
    if not create and not path.exists():
        raise StoreUnreadable(store, "missing")
    if create and not path.exists():
        # Created private from the start; SQLite gives the -wal and -shm files the same mode.
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
    try:
        conn = sqlcipher3.connect(
            str(path),
            isolation_level=None,
            check_same_thread=False,
            factory=integrity.StoreConnection,
        )
    except sqlcipher3.Error as exc:
        raise StoreUnreadable(store, "cannot open") from exc
    try:
        # SQLCipher logs decryption failures to stderr itself; we report them as typed errors.
        conn.execute("PRAGMA cipher_log_level = NONE").fetchall()
        conn.execute(key_pragma(key))
        version = conn.execute("PRAGMA cipher_version").fetchone()
        if not version or not version[0]:
            raise SQLCipherUnavailable()
        # Reading the schema is the first access that decrypts a page: a wrong key or a damaged
        # first page fails here rather than somewhere deep inside a service.
        tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        if not create and not tables[0]:
            # An empty (e.g. truncated to zero) file opens as a brand-new database under any key;
            # it must never be taken for the store (and silently re-created by a migration).
            raise StoreUnreadable(store, "empty")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
        conn.execute("PRAGMA temp_store = MEMORY")
        # Deleted content is overwritten, not left in free pages: destroying an evaluation pair
        # code, or a merged-away search term, really removes it from the file.
        conn.execute("PRAGMA secure_delete = ON")
        conn.execute("PRAGMA journal_mode = WAL").fetchone()
        conn.execute("PRAGMA synchronous = NORMAL")
        # Every table's triggers call this function: its digest moves with each write.
        integrity.register(conn, key)
    except (SQLCipherUnavailable, StoreUnreadable):
        conn.close()
        raise
    except sqlcipher3.Error as exc:
        conn.close()
        raise StoreUnreadable(store, "not a readable store or wrong key") from exc
    return conn


def make_engine(path: Path, key: bytes, *, store: str, create: bool = False) -> Engine:
    """One SQLAlchemy engine over one keyed connection.

    All database work runs on a single database thread (DESIGN 7), so one shared connection is
    both safe and fast: it avoids re-keying and re-running the pragmas for every statement, which
    ``NullPool`` would do.
    """
    first = connect(path, key, store=store, create=create)

    def creator() -> Any:
        return first

    # module=: SQLAlchemy wraps the driver's exceptions (IntegrityError, OperationalError) only
    # when it knows which DB-API module raises them.
    engine = create_engine(
        "sqlite://", creator=creator, poolclass=StaticPool, module=sqlcipher3.dbapi2
    )

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        # The driver's own implicit transactions are off (isolation_level=None); we begin
        # explicitly and take the write lock at once, so two copies of the app writing together
        # wait on the busy timeout instead of failing with a deadlock on upgrade.
        conn.exec_driver_sql("BEGIN IMMEDIATE")
        integrity.reset(driver(conn.connection))

    @event.listens_for(engine, "rollback")
    def _rollback(conn: Any) -> None:
        integrity.reset(driver(conn.connection))

    # Every write through any engine is reported to whoever ran the work (supportline.changes).
    changes.capture(engine)
    return engine


def check_integrity(path: Path, key: bytes, *, store: str) -> list[str]:
    """Return the problems found by SQLCipher's page HMAC check and SQLite's integrity check."""
    conn = connect(path, key, store=store)
    try:
        problems = [row[0] for row in conn.execute("PRAGMA cipher_integrity_check").fetchall()]
        result = conn.execute("PRAGMA integrity_check").fetchall()
        problems += [row[0] for row in result if row[0] != "ok"]
        return problems
    except sqlcipher3.Error as exc:
        return [str(exc)]
    finally:
        conn.close()


def checkpoint(conn: Any) -> None:
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()


def inserted_id(result: CursorResult[Any]) -> int:
    """The primary key of the row an INSERT just wrote."""
    key = result.inserted_primary_key
    if key is None or key[0] is None:
        raise RuntimeError("insert returned no primary key")
    return int(key[0])


def driver(raw: Any) -> Any:
    """The sqlcipher3 connection under a SQLAlchemy pool connection."""
    conn = raw.driver_connection
    if conn is None:
        raise RuntimeError("connection is closed")
    return conn
