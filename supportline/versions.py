"""Optimistic versions: a save made from an older reading of a record is refused, never lost.

Every table in :data:`supportline.db.schema.VERSIONED_TABLES` has a ``version`` column that each
Core UPDATE of a row raises by one (the column's ``onupdate``). A form keeps the version it read;
its save is ``UPDATE ... WHERE id = :id AND version = :seen``. If another user (another
workstation, another copy of the app) saved the record in between, no row matches, nothing is
written, and :class:`~supportline.errors.EditConflict` names the fields they changed, so the
second saver is shown what changed and keeps what they typed.

This is the one place the mechanism lives; server mode uses the same statements on PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import Connection, Table, select, update

from .errors import EditConflict


def current_version(conn: Connection, table: Table, row_id: Any) -> int | None:
    pk = _primary_key(table)
    return conn.execute(select(table.c.version).where(pk == row_id)).scalar()


def write_if_unchanged(
    conn: Connection,
    table: Table,
    row_id: Any,
    seen_version: int | None,
    values: Mapping[str, Any],
) -> bool:
    """Write ``values`` to the row if it is still at ``seen_version`` (any version when None, for
    writers that did not read it through a form). False if the row moved on or is gone."""
    pk = _primary_key(table)
    statement = update(table).where(pk == row_id)
    if seen_version is not None:
        statement = statement.where(table.c.version == seen_version)
    return conn.execute(statement.values(dict(values))).rowcount == 1


def changed_fields(seen: Mapping[str, Any], current: Mapping[str, Any]) -> tuple[str, ...]:
    """The fields whose stored value is no longer what the editor read."""
    return tuple(name for name in seen if name in current and seen[name] != current[name])


def conflict(
    record: str, row_id: Any, seen: Mapping[str, Any], current: Mapping[str, Any]
) -> EditConflict:
    return EditConflict(record, row_id, changed_fields(seen, current))


def conflict_of(
    record: str, row_id: Any, seen: object, current: object, names: Iterable[str]
) -> EditConflict:
    """EditConflict from two readings of one record (dataclasses), compared on ``names``."""
    return EditConflict(
        record,
        row_id,
        tuple(name for name in names if getattr(seen, name) != getattr(current, name)),
    )


def _primary_key(table: Table) -> Any:
    return next(iter(table.primary_key.columns))
