"""The one-way statistics outbox.

The case side (which never holds the stats key) seals each anonymised record to the statistics
X25519 public key and appends it to ``case.db``'s outbox. The statistics side opens the sealed
records with its private key, writes them into ``stats.db`` in shuffled batches and deletes what
it took. Case roles can contribute statistics but never read them back.
"""

from __future__ import annotations

import random
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Connection, delete, func, insert, select

from . import crypto
from .audit import AuditAction
from .calendar_uk import to_local
from .db import schema
from .errors import PermissionDenied
from .roles import KeyName, Op, allowed
from .session import Session

OUTBOX_AAD = b"supportline-outbox-v1"
QUARTER = re.compile(r"^\d{4}Q[1-4]$")
KIND = re.compile(r"^[a-z_]{1,32}$")


@dataclass(frozen=True)
class DrainResult:
    taken: int
    rejected: int
    refused: int = 0


def seal_record(session: Session, kind: str, quarter: str, payload: Mapping[str, Any]) -> None:
    """Append one sealed record. ``payload`` holds bands and categories only (checked later)."""
    session.require(Op.OUTBOX_SEAL)
    with session.work(), session.case.begin() as conn:
        seal_record_in(conn, session, kind, quarter, payload)


def seal_record_in(
    conn: Connection, session: Session, kind: str, quarter: str, payload: Mapping[str, Any]
) -> None:
    """As :func:`seal_record`, inside the caller's transaction (same commit as its source)."""
    session.require(Op.OUTBOX_SEAL)
    if not KIND.match(kind) or not QUARTER.match(quarter):
        raise ValueError("bad kind or quarter")
    # The statistics public key as the store authority signed it: never a settings row, which
    # anyone holding the case key could replace with a key of their own.
    public = session.statement().stats_public_key
    # A random pad hides the record's length; nothing else about it is visible on the case side.
    body = crypto.canonical(
        {"kind": kind, "quarter": quarter, "payload": dict(payload), "pad": secrets.token_hex(8)}
    )
    sealed = crypto.seal_to(public, body, OUTBOX_AAD)
    conn.execute(insert(schema.outbox).values(sealed=sealed))


def pending_count(session: Session) -> int:
    with session.case.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(schema.outbox)).scalar() or 0)


DRAIN_KEYS = (KeyName.CASE, KeyName.STATS, KeyName.STATS_PRIVATE)


def may_drain(session: Session) -> bool:
    """Whether this session can drain: its roles allow it and it holds the case key (the outbox)
    and both statistics keys (to open the records and store them). An administrator, or a
    service manager who also holds a case role; a service manager alone cannot."""
    return (
        not session.closed
        and allowed(session.roles, Op.OUTBOX_DRAIN)
        and all(session.holds(name) for name in DRAIN_KEYS)
    )


def drain(session: Session, batch_size: int = 500, rng: random.Random | None = None) -> DrainResult:
    """Move sealed records into stats.db's statistical tables, in shuffled batches, and delete
    what was taken. Needs the case key to reach the outbox and the stats keys to open and store
    the records (:func:`may_drain`).

    A record that will not open, or is not a known kind, stays in the outbox for an
    administrator to look at (``rejected``). A duplicate evaluation form (same pair code and
    form) is refused and removed (``refused``). The day of the drain and what it left are
    recorded in stats.db, for the service manager (:mod:`.statistics.freshness`).
    """
    # Both stores in step: a key rotation (which re-seals the outbox) never falls in between.
    with session.work():
        return _drain(session, batch_size, rng)


def _drain(session: Session, batch_size: int, rng: random.Random | None) -> DrainResult:
    from .statistics.freshness import record_drain
    from .statistics.store import RecordRejected, ingest, payload_of

    session.require(Op.OUTBOX_DRAIN)
    for name in DRAIN_KEYS:
        if not session.holds(name):
            raise PermissionDenied(f"key:{name.value}")
    private = session.key(KeyName.STATS_PRIVATE)
    stats_key = session.key(KeyName.STATS, session.stats_generation)
    rng = rng or random.SystemRandom()
    taken = rejected = refused = 0
    after = 0
    while True:
        with session.case.connect() as conn:
            rows = conn.execute(
                select(schema.outbox.c.id, schema.outbox.c.sealed)
                .where(schema.outbox.c.id > after)
                .order_by(schema.outbox.c.id)
                .limit(batch_size)
            ).all()
        if not rows:
            break
        after = rows[-1][0]
        opened: list[tuple[int, str, str, dict[str, Any]]] = []
        keep: set[int] = set()
        for row_id, sealed in rows:
            try:
                kind, quarter, payload = payload_of(
                    crypto.open_sealed_to(private, sealed, OUTBOX_AAD)
                )
                opened.append((row_id, kind, quarter, payload))
            except (crypto.CryptoError, ValueError, KeyError, TypeError):
                keep.add(row_id)
        rejected += len(keep)
        if not opened:
            continue  # only records that will not open: nothing to store or to audit
        # Shuffled so that insertion order in stats.db says nothing about the order of events.
        rng.shuffle(opened)
        done: list[int] = []
        with session.stats_tx() as sconn:
            stored = 0
            for row_id, kind, quarter, payload in opened:
                try:
                    with sconn.begin_nested():
                        ingest(sconn, kind, quarter, payload, stats_key)
                    stored += 1
                    done.append(row_id)
                except RecordRejected as exc:
                    if exc.reason == "duplicate_form":
                        refused += 1
                        done.append(row_id)
                    else:
                        rejected += 1
            # Counts only: no record, organisation or person is named in the audit.
            session.audit_stats(sconn, AuditAction.OUTBOX_DRAINED, "batch", stored)
        with session.case.begin() as conn:
            if done:
                conn.execute(delete(schema.outbox).where(schema.outbox.c.id.in_(done)))
        taken += stored
    with session.stats.begin() as sconn:
        record_drain(sconn, _today(session), rejected)
    return DrainResult(taken, rejected, refused)


# -- automatic draining ------------------------------------------------------------------------

# An automatic drain waits for at least this many new records: stats.db rows are numbered in the
# order they are stored, so a drain of one or two records would date them to within minutes.
# A batch this size is shuffled together and dates none of its records more closely than the
# time it took to gather them.
AUTO_DRAIN_MIN_RECORDS = 20
# ...but the figures are never left further behind than this, nor across the end of a quarter
# (an ended quarter can be released only once the records sealed in it are in).
AUTO_DRAIN_MAX_DAYS = 7


def drain_if_due(session: Session) -> DrainResult | None:
    """The automatic drain, for the desktop app after sign-in and on a timer: drains when the
    session :func:`may_drain` and a drain is due, otherwise records in stats.db how many
    records are waiting. Returns what a drain did, or ``None`` when none ran (including for a
    session that cannot drain at all).

    Due: nothing new is waiting (a drain then only notes the figures are up to date), at least
    :data:`AUTO_DRAIN_MIN_RECORDS` new records are waiting, the last drain is
    :data:`AUTO_DRAIN_MAX_DAYS` days old or in an earlier quarter, or there has been none.
    """
    from .statistics.freshness import read_freshness, record_check

    if not may_drain(session):
        return None
    today = _today(session)
    with session.stats.connect() as sconn:
        fresh = read_freshness(sconn)
    waiting = max(0, pending_count(session) - fresh.unreadable)
    last = fresh.drained_on
    due = (
        waiting == 0
        or waiting >= AUTO_DRAIN_MIN_RECORDS
        or last is None
        or (today - last).days >= AUTO_DRAIN_MAX_DAYS
        or _quarter(last) != _quarter(today)
    )
    if due:
        return drain(session)
    with session.work(), session.stats.begin() as sconn:
        record_check(sconn, today, waiting)
    return None


def _today(session: Session) -> date:
    return to_local(session.clock()).date()


def _quarter(day: date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3
