"""What a piece of work changed in the stores, so that whoever shows that data can refresh it.

Capture happens at the root, not in each service: every engine :func:`capture`s the INSERT,
UPDATE and DELETE statements executed through it (SQLAlchemy constructs and raw SQL alike) and
records their target tables against the database connection's open transaction. A commit moves
them to the changes of the thread that did the work; a rollback drops them. Whoever ran the work
on that thread (the GUI's task runner, after each task) calls :func:`take`. So a new service
method cannot forget to report what it wrote.

What is reported is a superset of what was committed, never less: a savepoint rolled back inside
a committed transaction still counts, and a write whose target cannot be read from its SQL
reports ``everything``. A needless refresh is harmless; a missed one shows stale data.

Server mode (DESIGN 11) will feed the same :class:`Changes` from PostgreSQL ``LISTEN/NOTIFY``
with the tables other workstations wrote.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine, event

#: Not a table: the users' slots in the key store (roles, "must change password", who exists).
KEY_SLOTS = "key_slots"

_WRITE = re.compile(
    r"""^\s*(?:INSERT(?:\s+OR\s+\w+)?\s+INTO|REPLACE\s+INTO|UPDATE(?:\s+OR\s+\w+)?|DELETE\s+FROM)
        \s+(?:["`\[]?\w+["`\]]?\.)?["`\[]?(\w+)""",
    re.IGNORECASE | re.VERBOSE,
)
_MAY_WRITE = re.compile(r"\b(INSERT|UPDATE|DELETE|REPLACE)\b", re.IGNORECASE)
_SKIPPED = re.compile(
    r"^\s*(SELECT|PRAGMA|BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE|EXPLAIN)\b", re.IGNORECASE
)


@dataclass(frozen=True)
class Changes:
    """The tables some work changed (``everything`` when that could not be told)."""

    tables: frozenset[str] = field(default_factory=frozenset)
    everything: bool = False

    @classmethod
    def of(cls, *tables: str) -> Changes:
        return cls(frozenset(tables))

    def __bool__(self) -> bool:
        return self.everything or bool(self.tables)

    def __or__(self, other: Changes) -> Changes:
        return Changes(self.tables | other.tables, self.everything or other.everything)

    def touches(self, tables: Iterable[str]) -> bool:
        """Whether data read from any of ``tables`` may have changed."""
        return self.everything or not self.tables.isdisjoint(tables)


class _ThreadChanges(threading.local):
    def __init__(self) -> None:
        self.committed: set[str] = set()
        self.everything = False
        # By DB-API connection: one open transaction each.
        self.pending: dict[int, set[str]] = {}


_local = _ThreadChanges()
_EVERYTHING = "*"


def take() -> Changes:
    """What work on this thread has committed since the last call, and forget it."""
    made = Changes(frozenset(_local.committed), _local.everything)
    _local.committed = set()
    _local.everything = False
    return made


def record(*tables: str) -> None:
    """Report a change made outside the databases' transactions (the key store file)."""
    _local.committed.update(tables)


def written_table(statement: str) -> str | None:
    """The table an SQL statement writes, ``None`` if it writes none, ``"*"`` if unknown."""
    match = _WRITE.match(statement)
    if match:
        return match.group(1)
    if _SKIPPED.match(statement) or not _MAY_WRITE.search(statement):
        return None
    if re.match(r"^\s*(CREATE|DROP|ALTER)\b", statement, re.IGNORECASE):
        return None  # schema changes happen in migrations, before any view exists
    return _EVERYTHING


def _connection_key(conn: Any) -> int:
    return id(conn.connection.dbapi_connection)


def _on_before_cursor_execute(
    conn: Any, _cursor: Any, statement: str, _parameters: Any, context: Any, _executemany: bool
) -> None:
    compiled = getattr(context, "compiled", None)
    target = getattr(getattr(compiled, "statement", None), "table", None)
    name = getattr(target, "name", None)
    is_dml = context is not None and (context.isinsert or context.isupdate or context.isdelete)
    # A compiled INSERT/UPDATE/DELETE names its table; anything else is read from its SQL.
    table = str(name) if is_dml and name else written_table(statement)
    if table is not None:
        _local.pending.setdefault(_connection_key(conn), set()).add(table)


def _on_commit(conn: Any) -> None:
    written = _local.pending.pop(_connection_key(conn), set())
    if _EVERYTHING in written:
        _local.everything = True
        written.discard(_EVERYTHING)
    _local.committed |= written


def _on_rollback(conn: Any) -> None:
    _local.pending.pop(_connection_key(conn), None)


def capture(engine: Engine) -> None:
    """Record every write executed through ``engine`` (done for every store engine)."""
    event.listen(engine, "before_cursor_execute", _on_before_cursor_execute)
    event.listen(engine, "commit", _on_commit)
    event.listen(engine, "rollback", _on_rollback)


def known_tables() -> frozenset[str]:
    """Every name a :class:`Changes` can hold: the tables of both stores and :data:`KEY_SLOTS`."""
    from .db import schema

    names = {
        table.name
        for metadata in (schema.case_metadata, schema.stats_metadata)
        for table in metadata.sorted_tables
    }
    return frozenset(names | {KEY_SLOTS})
