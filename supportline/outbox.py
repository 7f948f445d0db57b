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
from typing import Any

from sqlalchemy import Connection, delete, insert, select

from . import crypto
from .audit import AuditAction
from .db import schema
from .errors import PermissionDenied
from .roles import KeyName, Op
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
    with session.case.begin() as conn:
        seal_record_in(conn, session, kind, quarter, payload)


def seal_record_in(
    conn: Connection, session: Session, kind: str, quarter: str, payload: Mapping[str, Any]
) -> None:
    """As :func:`seal_record`, inside the caller's transaction (same commit as its source)."""
    session.require(Op.OUTBOX_SEAL)
    if not KIND.match(kind) or not QUARTER.match(quarter):
        raise ValueError("bad kind or quarter")
    public = conn.execute(
        select(schema.settings.c.value).where(schema.settings.c.key == "stats_public_key")
    ).scalar()
    if public is None:
        raise PermissionDenied("outbox.no_public_key")
    # A random pad hides the record's length; nothing else about it is visible on the case side.
    body = crypto.canonical(
        {"kind": kind, "quarter": quarter, "payload": dict(payload), "pad": secrets.token_hex(8)}
    )
    sealed = crypto.seal_to(crypto.b64d(public), body, OUTBOX_AAD)
    conn.execute(insert(schema.outbox).values(sealed=sealed))


def pending_count(session: Session) -> int:
    with session.case.connect() as conn:
        return len(conn.execute(select(schema.outbox.c.id)).all())


def drain(session: Session, batch_size: int = 500, rng: random.Random | None = None) -> DrainResult:
    """Move sealed records into stats.db's statistical tables, in shuffled batches, and delete
    what was taken. Needs the case key to reach the outbox and the stats keys to open and store
    the records (an administrator's session).

    A record that will not open, or is not a known kind, stays in the outbox for an
    administrator to look at (``rejected``). A duplicate evaluation form (same pair code and
    form) is refused and removed (``refused``).
    """
    from .statistics.store import RecordRejected, ingest, payload_of

    session.require(Op.OUTBOX_DRAIN)
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
                        keep.add(row_id)
            session.audit_stats(sconn, AuditAction.OUTBOX_DRAINED, "batch", stored)
        with session.case.begin() as conn:
            if done:
                conn.execute(delete(schema.outbox).where(schema.outbox.c.id.in_(done)))
        taken += stored
        rejected += len(keep)
    return DrainResult(taken, rejected, refused)
