"""A keyed multiset hash over every row of every table, kept in the same transaction as each write.

SQLCipher authenticates each page on its own, so a page copied from an older copy of the same
store (written under the same key) passes every page check and silently reverts the rows it
holds. This module makes such a replay visible:

- the **digest of a table** is the sum, modulo 2^256, of HMAC-SHA256(k, row) over its rows
  (MSet-Add-Hash), together with the row count; ``k`` is derived from the store key, so only a
  key holder can compute it. A sum can be updated row by row: add a new row's hash, subtract a
  deleted row's;
- the ``integrity`` table holds each table's digest. SQLite triggers on every table (generated
  from the live schema, every column) call the function :data:`FUNCTION`, registered on every
  connection the engine makes, so the digest moves inside the writing transaction itself;
- the **store digest** (a hash of the whole ``integrity`` table) is anchored outside the store,
  beside the audit head (``keystore.json``, backup manifests): a replayed ``integrity`` page no
  longer matches the anchor, and a replayed row no longer matches its table's digest.

This is SQLite-only machinery and it all lives here (the seam of DESIGN 11): server mode keeps
the same digests with its own means. A connection that lacks the function cannot write at all
("no such function"), so a write through some other path cannot slip past unnoticed.
"""

from __future__ import annotations

import hashlib
import hmac
import struct
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import sqlcipher3

from . import crypto

TABLE = "integrity"
FUNCTION = "sl_integrity"
TRIGGER_PREFIX = "integrity__"
#: Tables outside the digests: this one, and Alembic's record of the schema version (checked
#: against the program's own migrations instead).
EXCLUDED = frozenset({TABLE, "alembic_version"})
MODULUS = 1 << 256
EMPTY = "0" * 64
_LABEL = b"supportline-integrity-v1"
_OPS = ("insert", "update", "delete")


@dataclass(frozen=True)
class TableDigest:
    digest: str  # 64 hex digits: the sum of the rows' hashes modulo 2^256
    rows: int


@dataclass(frozen=True)
class Mismatch:
    table: str
    kind: str  # rows_differ | uncovered | unknown_table | triggers


class Tracker:
    """Per connection: the row hash function, and the digests as they were before the open
    transaction first touched each table (for the anchor's "from" state)."""

    def __init__(self, store_key: bytes) -> None:
        self._mac = hmac.new(crypto.hkdf(store_key, _LABEL), digestmod=hashlib.sha256)
        self.before: dict[str, TableDigest] = {}

    def row_hash(self, table: str, values: Iterable[Any]) -> int:
        mac = self._mac.copy()
        mac.update(_encode(table, values))
        return int.from_bytes(mac.digest(), "big")

    def digest_rows(self, table: str, rows: Iterable[Iterable[Any]]) -> TableDigest:
        total = 0
        count = 0
        for row in rows:
            total += self.row_hash(table, row)
            count += 1
        return TableDigest(f"{total % MODULUS:064x}", count)

    def step(self, table: str, digest: str, rows: int, sign: int, *values: Any) -> str:
        """The SQL function the triggers call: ``digest`` moved by one row in or out."""
        if table not in self.before:
            self.before[table] = TableDigest(digest, rows)
        moved = int(digest, 16) + sign * self.row_hash(table, values)
        return f"{moved % MODULUS:064x}"

    def reset(self) -> None:
        self.before = {}


class StoreConnection(sqlcipher3.Connection):  # type: ignore[misc]
    """A sqlcipher3 connection that carries its integrity tracker."""

    integrity: Tracker | None = None


def _encode(table: str, values: Iterable[Any]) -> bytes:
    """One unambiguous spelling of a row: type tag, length and bytes of each value."""
    out = bytearray()
    for value in (table, *values):
        if value is None:
            tag, data = b"n", b""
        elif isinstance(value, bool | int):
            tag, data = b"i", str(int(value)).encode()
        elif isinstance(value, float):
            tag, data = b"f", value.hex().encode()
        elif isinstance(value, str):
            tag, data = b"s", value.encode("utf-8", "surrogatepass")
        else:
            tag, data = b"b", bytes(value)
        out += tag + struct.pack(">I", len(data)) + data
    return bytes(out)


def register(conn: Any, store_key: bytes) -> Tracker:
    """Give a freshly keyed connection the function the triggers call."""
    tracker = Tracker(store_key)
    conn.create_function(FUNCTION, -1, tracker.step)
    # A REPLACE that deletes a conflicting row fires its delete trigger only with this on.
    conn.execute("PRAGMA recursive_triggers = ON")
    if isinstance(conn, StoreConnection):
        conn.integrity = tracker
    return tracker


def tracker(conn: Any) -> Tracker | None:
    return getattr(conn, "integrity", None)


def reset(conn: Any) -> None:
    found = tracker(conn)
    if found is not None:
        found.reset()


# -- the schema ----------------------------------------------------------------------------------


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def has_table(conn: Any) -> bool:
    row = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (TABLE,)
    ).fetchone()
    return row is not None


def covered_tables(conn: Any) -> dict[str, list[str]]:
    """Every table of the live schema the digests cover, with its columns in order."""
    names = [
        row[0]
        for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "ORDER BY name"
        ).fetchall()
        if row[0] not in EXCLUDED
    ]
    return {
        name: [row[1] for row in conn.execute(f"PRAGMA table_info({_quote(name)})").fetchall()]
        for name in names
    }


def trigger_sql(table: str, columns: list[str]) -> dict[str, str]:
    """The three triggers that keep ``table``'s digest, by name."""

    def values(row: str) -> str:
        return ", ".join(f"{row}.{_quote(column)}" for column in columns)

    where = f"WHERE table_name = {_literal(table)}"
    step = f"{FUNCTION}(table_name, digest, row_count"
    target = _quote(table)
    bodies = {
        "insert": f"UPDATE {TABLE} SET digest = {step}, 1, {values('NEW')}), "
        f"row_count = row_count + 1 {where};",
        "delete": f"UPDATE {TABLE} SET digest = {step}, -1, {values('OLD')}), "
        f"row_count = row_count - 1 {where};",
        "update": f"UPDATE {TABLE} SET digest = {FUNCTION}(table_name, "
        f"{step}, -1, {values('OLD')}), row_count, 1, {values('NEW')}) {where};",
    }
    return {
        _trigger_name(table, op): f"CREATE TRIGGER {_quote(_trigger_name(table, op))} "
        f"AFTER {op.upper()} ON {target} FOR EACH ROW BEGIN {bodies[op]} END"
        for op in _OPS
    }


def _trigger_name(table: str, op: str) -> str:
    return f"{TRIGGER_PREFIX}{table}__{op}"


def drop_triggers(conn: Any) -> None:
    """Remove every integrity trigger (migrations run without them, then :func:`install`)."""
    names = [
        row[0]
        for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall()
    ]
    for name in names:
        if name.startswith(TRIGGER_PREFIX):
            conn.execute(f"DROP TRIGGER IF EXISTS {_quote(name)}")


def install(conn: Any, tracker_: Tracker) -> dict[str, TableDigest]:
    """(Re)create the triggers of every table and recompute every digest from the rows.

    Run inside the caller's transaction, after any migration: tables and columns added later are
    covered without anyone writing a trigger by hand.
    """
    drop_triggers(conn)
    tables = covered_tables(conn)
    conn.execute(f"DELETE FROM {TABLE}")
    digests: dict[str, TableDigest] = {}
    for table, columns in tables.items():
        digests[table] = _recompute(conn, tracker_, table, columns)
        conn.execute(
            f"INSERT INTO {TABLE} (table_name, digest, row_count) VALUES (?, ?, ?)",
            (table, digests[table].digest, digests[table].rows),
        )
        for sql in trigger_sql(table, columns).values():
            conn.execute(sql)
    return digests


def _recompute(conn: Any, tracker_: Tracker, table: str, columns: list[str]) -> TableDigest:
    selected = ", ".join(_quote(column) for column in columns)
    cursor = conn.execute(f"SELECT {selected} FROM {_quote(table)}")
    return tracker_.digest_rows(table, iter(cursor.fetchone, None))


def stored(conn: Any) -> dict[str, TableDigest] | None:
    """The digests as the ``integrity`` table holds them (None: a store from before it)."""
    if not has_table(conn):
        return None
    return {
        row[0]: TableDigest(str(row[1]), int(row[2]))
        for row in conn.execute(f"SELECT table_name, digest, row_count FROM {TABLE}").fetchall()
    }


def store_digest(digests: Mapping[str, TableDigest]) -> str:
    """One hash of every table's digest: what the anchor carries."""
    material = crypto.canonical(
        [[name, digests[name].digest, digests[name].rows] for name in sorted(digests)]
    )
    return hashlib.sha256(b"supportline-store-digest-v1\n" + material).hexdigest()


def current_digest(conn: Any) -> str | None:
    digests = stored(conn)
    return None if digests is None else store_digest(digests)


def digest_before(conn: Any) -> str | None:
    """The store digest as it was when the open transaction began, if it changed any row."""
    found = tracker(conn)
    if found is None or not found.before:
        return None
    digests = stored(conn)
    if digests is None:
        return None
    return store_digest({**digests, **found.before})


def check(conn: Any, tracker_: Tracker) -> list[Mismatch]:
    """The full recomputation: every table's rows against its recorded digest, and every table
    and column covered by its triggers."""
    digests = stored(conn)
    tables = covered_tables(conn)
    if digests is None:
        return [Mismatch(TABLE, "uncovered")]
    problems: list[Mismatch] = []
    triggers = {
        row[0]: row[1]
        for row in conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"
        ).fetchall()
    }
    for table, columns in tables.items():
        recorded = digests.get(table)
        if recorded is None:
            problems.append(Mismatch(table, "uncovered"))
            continue
        if _recompute(conn, tracker_, table, columns) != recorded:
            problems.append(Mismatch(table, "rows_differ"))
        expected = trigger_sql(table, columns)
        if any(triggers.get(name) != sql for name, sql in expected.items()):
            problems.append(Mismatch(table, "triggers"))
    for table in sorted(set(digests) - set(tables)):
        problems.append(Mismatch(table, "unknown_table"))
    return problems
