"""When the statistics were last brought up to date from the case side.

Sealed records wait in case.db's outbox until a user holding both stores' keys drains them. The
service manager holds only the statistics keys and cannot look at the outbox, so every drain, and
every automatic check that decided a drain could wait, writes here (``stat_settings`` in stats.db)
the day it ran and what it found. The manager is then told how fresh the figures are and how
many records were waiting when last counted; only someone holding the case key sees the live
count. Days only, never times, and nothing about any record.

Releases use it too: a period is released only once the statistics were brought up to date on a
day after it ended (:mod:`.release_rule`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from sqlalchemy import Connection, insert, select, update

from ..db import schema

DRAINED_ON = "outbox_drained_on"
UNREADABLE = "outbox_unreadable"
CHECKED_ON = "outbox_checked_on"
WAITING = "outbox_waiting"


@dataclass(frozen=True)
class Freshness:
    drained_on: date | None  # the last day the outbox was drained: figures up to date then
    unreadable: int  # records that drain left in the outbox because they would not open
    checked_on: date | None  # the last day the outbox was looked at (a drain or a check)
    waiting: int  # new records waiting then (the unreadable ones not counted)
    live_waiting: int | None = None  # waiting now: only for a session holding the case key


def read_freshness(conn: Connection) -> Freshness:
    c = schema.stat_settings.c
    stored = dict(
        conn.execute(
            select(c.key, c.value).where(c.key.in_((DRAINED_ON, UNREADABLE, CHECKED_ON, WAITING)))
        ).all()
    )

    def day(key: str) -> date | None:
        try:
            return date.fromisoformat(json.loads(stored[key]))
        except (KeyError, TypeError, ValueError):
            return None

    def count(key: str) -> int:
        try:
            return max(0, int(json.loads(stored[key])))
        except (KeyError, TypeError, ValueError):
            return 0

    return Freshness(day(DRAINED_ON), count(UNREADABLE), day(CHECKED_ON), count(WAITING))


def record_drain(conn: Connection, today: date, unreadable: int) -> None:
    """A drain ran today: everything that would open is in."""
    _write(
        conn,
        replace(
            read_freshness(conn),
            drained_on=today,
            unreadable=unreadable,
            checked_on=today,
            waiting=0,
        ),
    )


def record_check(conn: Connection, today: date, waiting: int) -> None:
    """Counted today without draining: ``waiting`` new records are in the outbox."""
    _write(conn, replace(read_freshness(conn), checked_on=today, waiting=waiting))


def _write(conn: Connection, fresh: Freshness) -> None:
    values: dict[str, Any] = {
        DRAINED_ON: fresh.drained_on.isoformat() if fresh.drained_on else None,
        UNREADABLE: fresh.unreadable,
        CHECKED_ON: fresh.checked_on.isoformat() if fresh.checked_on else None,
        WAITING: fresh.waiting,
    }
    c = schema.stat_settings.c
    current = dict(conn.execute(select(c.key, c.value).where(c.key.in_(values))).all())
    for key, value in values.items():
        if value is None:
            continue
        encoded = json.dumps(value)
        if key not in current:
            conn.execute(insert(schema.stat_settings).values(key=key, value=encoded))
        elif current[key] != encoded:  # only on a change: checks run every few minutes
            conn.execute(update(schema.stat_settings).where(c.key == key).values(value=encoded))
