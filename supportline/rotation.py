"""Key rotation: new store keys after a user is disabled (or a compromise is suspected).

Deleting a slot is not revocation: a copy of the old key store would still open the stores. So
every key the departing user held is replaced, and the stores are re-encrypted under the new keys.

The rotation survives being interrupted at any point, because each step leaves the stores
openable by the remaining users with either the old or the new keys, never neither:

1. ``prepare``: the new keys are generated and granted, together with the old ones, to every
   remaining slot; the departing slot is removed; the plan is written into the key store.
2. ``case``: case.db's encrypted fields are re-encrypted under the new notes key and its outbox
   re-sealed to the new statistics public key in one transaction (rows already done are skipped),
   then the file is re-encrypted in place under the new case key (``PRAGMA rekey``, itself one
   transaction).
3. ``stats``: stats.db is re-encrypted in place the same way.
4. ``finish``: only the new generations stay granted; the plan is removed from the key store.

An administrator who unlocks while a plan is in the key store resumes it (:func:`resume`).

The whole rotation holds the data directory's work lock exclusively (:mod:`.work_lock`): it
starts only when no other copy of the app is in the middle of a write, and other copies' writes
wait for it (and are refused cleanly, KeysChanging, if it takes long). The files are re-encrypted
in place rather than replaced, so another copy's open connection never keeps writing into a file
that is no longer the store: its next access finds the store under a key it does not hold, and
the session picks up its new keys from its slot (:meth:`Session.follow_changes`).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import select, update

from . import audit, crypto, work_lock
from .audit import AuditAction
from .db import engine as dbengine
from .db import schema
from .errors import Interrupted, RotationInProgress, StoreBusy, StoreUnreadable, UnknownUser
from .keystore import Anchor, Keystore
from .outbox import OUTBOX_AAD
from .paths import file_lock
from .roles import KeyName, Op, keys_for
from .session import Session

Progress = Callable[[float, str], None]
Cancelled = Callable[[], bool]

STAGES = ("prepare", "case", "stats", "finish")

# Tests replace this to simulate a crash after a named stage (the process dies there).
_after_stage: Callable[[str], None] = lambda stage: None  # noqa: E731


def _noop_progress(fraction: float, stage: str) -> None:
    return None


def keys_to_rotate(departing_roles: Any) -> set[KeyName]:
    names = set(keys_for(departing_roles))
    # The statistics key pair travels with the statistics store key.
    if KeyName.STATS in names or KeyName.STATS_PRIVATE in names:
        names |= {KeyName.STATS, KeyName.STATS_PRIVATE}
    # Re-encrypting case.db is what makes the notes key change effective, and vice versa.
    if KeyName.NOTES in names:
        names.add(KeyName.CASE)
    return names


@contextlib.contextmanager
def _alone(session: Session) -> Iterator[None]:
    """The work lock, exclusively: no other copy of the app writes until the rotation is done."""
    with contextlib.ExitStack() as stack:
        try:
            stack.enter_context(work_lock.exclusive(session.data.path))
        except work_lock.LockTimeout:
            raise StoreBusy() from None
        yield


def start(
    session: Session,
    departing: str | None,
    progress: Progress = _noop_progress,
    cancelled: Cancelled | None = None,
) -> None:
    """Rotate every key ``departing`` held (all keys if ``departing`` is None), then finish."""
    session.require(Op.KEYS_ROTATE)
    with _alone(session):
        _start(session, departing, progress, cancelled)


def _start(
    session: Session,
    departing: str | None,
    progress: Progress,
    cancelled: Cancelled | None,
) -> None:
    data = session.data
    with file_lock(data.lock):
        keystore = Keystore.load(data.keystore)
        if keystore.rotation is not None:
            raise RotationInProgress()
        if departing is not None:
            slot = keystore.slots.get(departing)
            if slot is None:
                # Disabled meanwhile by another administrator, whose rotation this one waited for.
                raise UnknownUser(departing)
            names = keys_to_rotate(slot.roles)
        else:
            names = set(KeyName)
        new_keys: dict[KeyName, bytes] = {}
        new_public = keystore.stats_public_key
        for name in sorted(names):
            if name is KeyName.STATS_PRIVATE:
                private, new_public = crypto.generate_keypair()
                new_keys[name] = private
            else:
                new_keys[name] = crypto.random_key()
        old_generations = dict(keystore.generations)
        new_generations = {name: old_generations[name] + 1 for name in names}
        granted: dict[KeyName, dict[int, bytes]] = {}
        for name in KeyName:
            granted[name] = {old_generations[name]: session.key(name, old_generations[name])}
            if name in new_keys:
                granted[name][new_generations[name]] = new_keys[name]
        if departing is not None:
            del keystore.slots[departing]
        for username, slot in list(keystore.slots.items()):
            keystore.slots[username] = keystore.regrant(slot, granted)
        keystore.rotation = {
            "departing": departing,
            "keys": sorted(name.value for name in names),
            "old": {name.value: old_generations[name] for name in names},
            "new": {name.value: new_generations[name] for name in names},
            "stats_public_key": crypto.b64e(new_public),
            "done": ["prepare"],
        }
        keystore.save()
    # The administrator's own slot now holds both generations too.
    for name, key in new_keys.items():
        session.opened.keys.setdefault(name, {})[new_generations[name]] = key
    session.keystore = keystore
    progress(0.1, "prepare")
    _after_stage("prepare")
    resume(session, progress, cancelled)


def resume(
    session: Session, progress: Progress = _noop_progress, cancelled: Cancelled | None = None
) -> None:
    """Carry a rotation plan in the key store through to the end (idempotent)."""
    session.require(Op.KEYS_ROTATE)
    with _alone(session):
        _resume(session, progress, cancelled)


def _resume(session: Session, progress: Progress, cancelled: Cancelled | None) -> None:
    data = session.data
    keystore = Keystore.load(data.keystore)
    plan = keystore.rotation
    if plan is None:
        return
    names = {KeyName(n) for n in plan["keys"]}
    old = {KeyName(k): int(v) for k, v in plan["old"].items()}
    new = {KeyName(k): int(v) for k, v in plan["new"].items()}
    new_public = crypto.b64d(plan["stats_public_key"])

    def key(name: KeyName, which: str) -> bytes:
        generation = (new if which == "new" else old).get(name, keystore.generations[name])
        return session.key(name, generation)

    session.close_stores()
    if cancelled is not None and cancelled():
        raise Interrupted()

    if "case" not in plan["done"]:
        progress(0.15, "case")
        _rewrite_case(session, names, key, new, new_public, progress)
        _mark_done(session, "case")
        _after_stage("case")
    if cancelled is not None and cancelled():
        raise Interrupted()
    if "stats" not in plan["done"]:
        progress(0.6, "stats")
        if KeyName.STATS in names:
            _rekey_file(
                data.stats_db, "stats", key(KeyName.STATS, "old"), key(KeyName.STATS, "new")
            )
        _mark_done(session, "stats")
        _after_stage("stats")
    progress(0.9, "finish")
    _finish(session, names, old, new, new_public)
    session.open_stores()
    with session.case_tx() as conn:
        session.audit_case(conn, AuditAction.KEYS_ROTATED, "keys", ".".join(sorted(plan["keys"])))
        if plan["departing"]:
            conn.execute(
                update(schema.users)
                .where(schema.users.c.username == plan["departing"])
                .values(active=False, disabled_at=session.clock())
            )
            session.audit_case(conn, AuditAction.USER_DISABLED, "user", plan["departing"])
    with session.stats_tx() as conn:
        session.audit_stats(conn, AuditAction.KEYS_ROTATED, "keys", ".".join(sorted(plan["keys"])))
    progress(1.0, "finish")


def _mark_done(session: Session, stage: str) -> None:
    with file_lock(session.data.lock):
        keystore = Keystore.load(session.data.keystore)
        assert keystore.rotation is not None
        keystore.rotation["done"] = [*keystore.rotation["done"], stage]
        keystore.save()
        session.keystore = keystore


def _which_key_opens(path: Path, store: str, candidates: list[bytes]) -> bytes:
    for candidate in candidates:
        try:
            conn = dbengine.connect(path, candidate, store=store)
        except StoreUnreadable:
            continue
        conn.close()
        return candidate
    raise StoreUnreadable(store, "neither old nor new key opens the store")


def _rekey(conn: Any, new_key: bytes) -> None:
    """Re-encrypt every page of the open store under ``new_key``, in place and atomically."""
    conn.execute(dbengine.rekey_pragma(new_key))
    # The re-encrypted pages go from the WAL into the file itself.
    dbengine.checkpoint(conn)


def _rekey_file(path: Path, store: str, old_key: bytes, new_key: bytes) -> None:
    current = _which_key_opens(path, store, [new_key, old_key])
    if current == new_key:
        return  # already done before an interruption
    conn = dbengine.connect(path, old_key, store=store)
    try:
        _rekey(conn, new_key)
    finally:
        conn.close()


def _rewrite_case(
    session: Session,
    names: set[KeyName],
    key: Callable[[KeyName, str], bytes],
    new: dict[KeyName, int],
    new_public: bytes,
    progress: Progress,
) -> None:
    path = session.data.case_db
    old_case, new_case = key(KeyName.CASE, "old"), key(KeyName.CASE, "new")
    current = _which_key_opens(path, "case", [new_case, old_case])
    engine = dbengine.make_engine(path, current, store="case")
    try:
        # Rotation re-encrypts notes without reading them for anyone: it takes the keys from the
        # slot directly rather than through the counsellors-only Session.notes_keys().
        notes_all = {g: session.key(KeyName.NOTES, g) for g in session.opened.keys[KeyName.NOTES]}
        notes_new_id = new.get(KeyName.NOTES, max(notes_all))
        notes_new = key(KeyName.NOTES, "new")
        with engine.begin() as conn:
            if KeyName.NOTES in names:
                for table, column in schema.ENCRYPTED_COLUMNS:
                    pk = next(iter(table.primary_key.columns))
                    rows = conn.execute(select(pk, table.c[column])).fetchall()
                    for index, (row_id, blob) in enumerate(rows):
                        if crypto.field_key_id(blob) == notes_new_id:
                            continue
                        text = crypto.decrypt_field(notes_all, table.name, row_id, column, blob)
                        conn.execute(
                            update(table)
                            .where(pk == row_id)
                            .values(
                                {
                                    column: crypto.encrypt_field(
                                        notes_new, notes_new_id, table.name, row_id, column, text
                                    )
                                }
                            )
                        )
                        if index % 500 == 0 and rows:
                            progress(0.15 + 0.4 * index / len(rows), "case")
            if KeyName.NOTES in names:
                old_private, _ = crypto.clinical_keypair(key(KeyName.NOTES, "old"))
                new_private, new_clinical = crypto.clinical_keypair(notes_new)
                for table, column in schema.SEALED_CLINICAL_COLUMNS:
                    pk = next(iter(table.primary_key.columns))
                    sealed_rows = conn.execute(
                        select(pk, table.c[column]).where(table.c[column].is_not(None))
                    ).all()
                    for row_id, sealed in sealed_rows:
                        try:
                            plaintext = crypto.open_sealed_to(
                                old_private, sealed, crypto.CLINICAL_AAD
                            )
                        except crypto.CryptoError:
                            continue  # already under the new key before an interruption
                        conn.execute(
                            update(table)
                            .where(pk == row_id)
                            .values(
                                {
                                    column: crypto.seal_to(
                                        new_clinical, plaintext, crypto.CLINICAL_AAD
                                    )
                                }
                            )
                        )
                conn.execute(
                    update(schema.settings)
                    .where(schema.settings.c.key == "clinical_public_key")
                    .values(value=crypto.b64e(new_clinical))
                )
            if KeyName.STATS_PRIVATE in names:
                old_private = key(KeyName.STATS_PRIVATE, "old")
                sealed_rows = conn.execute(select(schema.outbox.c.id, schema.outbox.c.sealed)).all()
                for row_id, sealed in sealed_rows:
                    try:
                        plaintext = crypto.open_sealed_to(old_private, sealed, OUTBOX_AAD)
                    except crypto.CryptoError:
                        continue  # already sealed to the new key before an interruption
                    conn.execute(
                        update(schema.outbox)
                        .where(schema.outbox.c.id == row_id)
                        .values(sealed=crypto.seal_to(new_public, plaintext, OUTBOX_AAD))
                    )
                conn.execute(
                    update(schema.settings)
                    .where(schema.settings.c.key == "stats_public_key")
                    .values(value=crypto.b64e(new_public))
                )
        with engine.connect() as conn:
            raw = dbengine.driver(conn.connection)
            if current != new_case:
                _rekey(raw, new_case)
            else:
                dbengine.checkpoint(raw)
    finally:
        engine.dispose()


def _finish(
    session: Session,
    names: set[KeyName],
    old: dict[KeyName, int],
    new: dict[KeyName, int],
    new_public: bytes,
) -> None:
    data = session.data
    with file_lock(data.lock):
        keystore = Keystore.load(data.keystore)
        current: dict[KeyName, dict[int, bytes]] = {}
        for name in KeyName:
            generation = new.get(name, keystore.generations[name])
            current[name] = {generation: session.key(name, generation)}
            keystore.generations[name] = generation
        keystore.stats_public_key = new_public
        for username, slot in list(keystore.slots.items()):
            keystore.slots[username] = keystore.regrant(slot, current)
        # Anchors are MACed with a key derived from the store key: re-MAC under the new keys.
        for store, name in (("case", KeyName.CASE), ("stats", KeyName.STATS)):
            anchor = keystore.anchors.get(store)
            if anchor is not None:
                mac = audit.anchor_mac(
                    current[name][keystore.generations[name]],
                    keystore.store_id,
                    store,
                    anchor.seq,
                    anchor.head,
                )
                keystore.anchors[store] = Anchor(anchor.seq, anchor.head, mac)
        keystore.rotation = None
        keystore.save()
    for name in names:
        session.opened.keys[name] = {new[name]: session.key(name, new[name])}
    session.keystore = keystore
