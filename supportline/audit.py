"""The hash-chained, append-only audit log kept in each store.

Each entry's hash covers its own fields and the previous entry's hash, so an edited, deleted or
reordered entry breaks the chain. Each entry is also signed by its author (``signer``) with the
Ed25519 signing key in their own slot, certified by the store authority: anyone holding the store
key can still rewrite rows, but only under their own name. Editing, deleting or inserting an
entry changes the hash of every later one, so every later entry written by somebody else fails its
signature. The head of the chain is anchored outside the store (the key store, every backup
manifest), signed by whoever moved it, so a truncated log or a whole store replaced by an older
copy is detected too.

What this does not stop: someone holding the store key can cut the chain back to any point and
continue it under their own name, re-anchoring it with their own signature. The entries they
write are attributable to them; what they cut is visible only against an older anchor kept
elsewhere (a backup manifest, the fingerprint an administrator noted).

Entries record who, when, what and which record by id: never a name or any other client detail.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

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
    OLD_COPIES_REMOVED = "store.old_copies_removed"  # copies under revoked keys, by count
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


@dataclass(frozen=True)
class EntrySigner:
    """Who signs the entries a session writes: the signed-in user's own signing key."""

    username: str
    private_key: bytes
    store_id: str


# An entry whose signer is not its actor: a failed sign-in copied out of keystore.json (anybody
# can write there) by the user who signed in next, who signs it as the copier.
COPIED_FROM_KEYSTORE = "keystore"


def entry_payload(store_id: str, store: str, seq: int, digest: str) -> bytes:
    return crypto.canonical(
        {
            "v": 1,
            "kind": "audit_entry",
            "store_id": store_id,
            "store": store,
            "seq": seq,
            "hash": digest,
        }
    )


def store_of(table: Table) -> str:
    from .db import schema

    return "case" if table is schema.case_audit else "stats"


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
    *,
    signer: EntrySigner,
) -> Head:
    """Append one entry inside the caller's transaction (same commit as the change it records),
    signed by ``signer``."""
    record_id = str(record_id)
    for token in (actor, action, record_type, record_id):
        if not _TOKEN.match(token):
            raise ValueError("audit fields are identifiers only")
    at = (at or datetime.now(UTC)).astimezone(UTC)
    if table.info.get("day_only"):
        at = at.replace(hour=0, minute=0, second=0, microsecond=0)
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
            signer=signer.username,
            signature=crypto.sign(
                signer.private_key, entry_payload(signer.store_id, store_of(table), seq, digest)
            ),
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


SigningKeys = Callable[[str], list[bytes]]


def signature_problem(row: Any, store_id: str, store: str, signing_keys: SigningKeys) -> str | None:
    """Why the entry's signature does not hold, or None: ``unsigned``, ``forged_signature``
    (no certified key of its signer made it), ``misattributed`` (signed by someone else than
    the actor it names, other than a copied failed sign-in)."""
    if not row.signer or not row.signature:
        return "unsigned"
    payload = entry_payload(store_id, store, row.seq, row.hash)
    if not any(
        crypto.signature_valid(key, payload, bytes(row.signature))
        for key in signing_keys(row.signer)
    ):
        return "forged_signature"
    copied = row.action == AuditAction.SIGN_IN_FAILED and row.record_type == COPIED_FROM_KEYSTORE
    if row.signer != row.actor and not copied:
        return "misattributed"
    return None


def verify_chain(
    conn: Connection,
    table: Table,
    store: str,
    signatures: tuple[str, SigningKeys] | None = None,
) -> tuple[list[AuditProblem], Head]:
    """Walk the whole chain; return the problems found and the head as stored.

    With ``signatures`` (the store id and a lookup of certified signing keys by username) every
    entry's signature is checked too.
    """
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
        if signatures is not None:
            unsigned = signature_problem(row, signatures[0], store, signatures[1])
            if unsigned is not None:
                problems.append(AuditProblem(store, unsigned, row.seq))
        prev = row.hash
        expected_seq = row.seq + 1
        current = Head(row.seq, row.hash)
        if len(problems) > 20:
            break
    return problems, current


# -- anchors ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AnchorState:
    """One state of a store as anchored: its audit head and its integrity digest."""

    seq: int
    head: str
    digest: str | None = None


def anchor_payload(
    store_id: str, store: str, state: AnchorState, prior: AnchorState | None = None
) -> bytes:
    """The anchored content, in the one spelling that is signed (and only here): the audit head,
    the integrity digest, and ``prior``, the state the store was in when the anchor last moved
    (the anchor is written just before each commit, so a crash between the two leaves the store
    in ``prior``)."""
    material: dict[str, object] = {
        "v": 2,
        "kind": "audit_anchor",
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


def sign_anchor(
    signer: EntrySigner, store: str, state: AnchorState, prior: AnchorState | None = None
) -> bytes:
    """The signature of the user who moves an anchor (replacing a MAC any store-key holder
    could have made)."""
    return crypto.sign(signer.private_key, anchor_payload(signer.store_id, store, state, prior))


def anchor_signed(
    store_id: str,
    store: str,
    state: AnchorState,
    prior: AnchorState | None,
    signer: str,
    signature: bytes,
    signing_keys: SigningKeys,
) -> bool:
    """Whether ``signature`` is ``signer``'s, by one of their certified signing keys."""
    payload = anchor_payload(store_id, store, state, prior)
    return any(crypto.signature_valid(k, payload, signature) for k in signing_keys(signer))


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
