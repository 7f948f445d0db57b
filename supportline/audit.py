"""The hash-chained, append-only audit log kept in each store.

Each entry's hash covers its own fields and the previous entry's hash, so an edited, deleted or
reordered entry breaks the chain. The head of the chain is anchored outside the store (the key
store, every backup manifest) with a MAC under a key derived from the store key, so a truncated
log or a whole store replaced by an older copy is detected too.

Entries record who, when, what and which record by id: never a name or any other client detail.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Connection, Table, func, insert, select

from . import crypto
from .errors import AuditProblem

GENESIS = "0" * 64

# Record ids and actions are identifiers, never free text: this keeps names out of the log.
_TOKEN = re.compile(r"^[A-Za-z0-9_.:\-]{0,64}$")


class AuditAction:
    SIGN_IN = "auth.sign_in"
    SIGN_IN_FAILED = "auth.sign_in_failed"
    SIGN_OUT = "auth.sign_out"
    LOCK = "auth.lock"
    PASSWORD_CHANGED = "auth.password_changed"
    USER_ADDED = "user.added"
    USER_ROLES_CHANGED = "user.roles_changed"
    USER_PASSWORD_RESET = "user.password_reset"
    USER_DISABLED = "user.disabled"
    KEYS_ROTATED = "keys.rotated"
    STORE_CREATED = "store.created"
    STORE_MIGRATED = "store.migrated"
    STORE_RESTORED = "store.restored"
    SETTINGS_CHANGED = "settings.changed"
    BACKUP_CREATED = "backup.created"
    CLIENT_VIEWED = "client.viewed"
    PRINTED = "document.printed"
    SUBJECT_ACCESS = "subject_access.produced"  # the person's whole record, by client id
    EXPORTED = "data.exported"
    IMPORTED = "data.imported"
    DEMO_CREATED = "demo.created"
    OUTBOX_DRAINED = "outbox.drained"


@dataclass(frozen=True)
class Head:
    seq: int
    hash: str


def entry_hash(
    prev_hash: str,
    seq: int,
    at: datetime,
    actor: str,
    action: str,
    record_type: str,
    record_id: str,
) -> str:
    material = crypto.canonical(
        {
            "prev": prev_hash,
            "seq": seq,
            "at": at.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="microseconds"),
            "actor": actor,
            "action": action,
            "type": record_type,
            "id": record_id,
        }
    )
    return hashlib.sha256(material).hexdigest()


def append(
    conn: Connection,
    table: Table,
    actor: str,
    action: str,
    record_type: str = "",
    record_id: str | int = "",
    at: datetime | None = None,
) -> Head:
    """Append one entry inside the caller's transaction (same commit as the change it records)."""
    record_id = str(record_id)
    for token in (actor, action, record_type, record_id):
        if not _TOKEN.match(token):
            raise ValueError("audit fields are identifiers only")
    at = (at or datetime.now(UTC)).astimezone(UTC)
    last = conn.execute(
        select(table.c.seq, table.c.hash).order_by(table.c.seq.desc()).limit(1)
    ).first()
    seq, prev = (last[0] + 1, last[1]) if last else (1, GENESIS)
    digest = entry_hash(prev, seq, at, actor, action, record_type, record_id)
    conn.execute(
        insert(table).values(
            seq=seq,
            at=at,
            actor=actor,
            action=action,
            record_type=record_type,
            record_id=record_id,
            prev_hash=prev,
            hash=digest,
        )
    )
    return Head(seq, digest)


def head(conn: Connection, table: Table) -> Head:
    last = conn.execute(
        select(table.c.seq, table.c.hash).order_by(table.c.seq.desc()).limit(1)
    ).first()
    return Head(last[0], last[1]) if last else Head(0, GENESIS)


def count(conn: Connection, table: Table) -> int:
    return int(conn.execute(select(func.count()).select_from(table)).scalar_one())


def verify_chain(conn: Connection, table: Table, store: str) -> tuple[list[AuditProblem], Head]:
    """Walk the whole chain; return the problems found and the head as stored."""
    problems: list[AuditProblem] = []
    expected_seq = 1
    prev = GENESIS
    current = Head(0, GENESIS)
    rows = conn.execute(select(table).order_by(table.c.seq))
    for row in rows:
        if row.seq != expected_seq:
            problems.append(AuditProblem(store, "missing", expected_seq))
        if row.prev_hash != prev:
            kind = "reordered" if row.seq == expected_seq else "missing"
            problems.append(AuditProblem(store, kind, row.seq))
        recomputed = entry_hash(
            row.prev_hash, row.seq, row.at, row.actor, row.action, row.record_type, row.record_id
        )
        if recomputed != row.hash:
            problems.append(AuditProblem(store, "edited", row.seq))
        prev = row.hash
        expected_seq = row.seq + 1
        current = Head(row.seq, row.hash)
        if len(problems) > 20:
            break
    return problems, current


# -- anchors ------------------------------------------------------------------------------------


def anchor_key(store_key: bytes, store_id: str, store: str) -> bytes:
    return crypto.hkdf(store_key, f"supportline-audit-anchor-v1:{store_id}:{store}".encode())


@dataclass(frozen=True)
class AnchorState:
    """One state of a store as anchored: its audit head and its integrity digest."""

    seq: int
    head: str
    digest: str | None = None  # None: a store from before the integrity digests


def anchor_payload(
    store_id: str, store: str, state: AnchorState, prior: AnchorState | None = None
) -> bytes:
    """The anchored content, in the one spelling that is MACed (and only here).

    ``prior`` is the state the store was in when the anchor last moved: the anchor is written
    just before each commit, so a crash between the two leaves the store in ``prior``.
    """
    if state.digest is None and prior is None:
        return f"{state.seq}:{state.head}".encode()  # anchors written before the digests
    material: dict[str, object] = {
        "v": 2,
        "store_id": store_id,
        "store": store,
        "seq": state.seq,
        "head": state.head,
        "digest": state.digest,
        "prior": None
        if prior is None
        else {"seq": prior.seq, "head": prior.head, "digest": prior.digest},
    }
    return crypto.canonical(material)


def anchor_mac(
    store_key: bytes,
    store_id: str,
    store: str,
    seq: int,
    head_hash: str,
    digest: str | None = None,
    prior: AnchorState | None = None,
) -> str:
    key = anchor_key(store_key, store_id, store)
    payload = anchor_payload(store_id, store, AnchorState(seq, head_hash, digest), prior)
    return hmac.new(key, payload, hashlib.sha256).hexdigest()


def check_against_anchor(
    conn: Connection,
    table: Table,
    store: str,
    anchor_seq: int,
    anchor_head: str,
) -> list[AuditProblem]:
    """The stored chain must reach the anchor and pass through the anchored entry."""
    current = head(conn, table)
    if current.seq < anchor_seq:
        kind = "truncated"
        # Either the tail was cut or the whole store was replaced by an older copy of itself;
        # both look the same from here, and both are reported as the store being behind.
        return [AuditProblem(store, kind, current.seq)]
    if anchor_seq == 0:
        return []
    row = conn.execute(select(table.c.hash).where(table.c.seq == anchor_seq)).first()
    if row is None or row[0] != anchor_head:
        return [AuditProblem(store, "rolled_back", anchor_seq)]
    return []
