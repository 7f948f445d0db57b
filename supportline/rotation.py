"""Key rotation: new store keys after a user is disabled (or a compromise is suspected).

Deleting a slot is not revocation: a copy of the old key store would still open the stores. So
every key the departing user held is replaced, and the stores are re-encrypted under the new keys.

The rotation survives being interrupted at any point, because each step leaves the stores
openable by the remaining users with either the old or the new keys, never neither:

1. ``prepare``: the new keys are generated and granted, together with the old ones, to every
   remaining slot; the departing slot is removed; the plan is written into the key store.
2. ``case``: case.db is exported under the new case key into a side file, its encrypted fields are
   re-encrypted under the new notes key and its outbox re-sealed to the new statistics public key;
   the side file then replaces case.db in one ``os.replace``.
3. ``stats``: the same for stats.db.
4. ``finish``: only the new generations stay granted; the plan is removed from the key store.

An administrator who unlocks while a plan is in the key store resumes it (:func:`resume`).
Anybody can edit keystore.json, so the plan is signed by the administrator who wrote it last
(their certified signing key, a slot with the administrator role) and checked before anything
acts on it: a forged plan is refused (:class:`RotationPlanForged`) and changes nothing.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, delete, select, update

from . import audit, case_keys, crypto, integrity, work_lock
from .audit import AnchorState, AuditAction
from .db import engine as dbengine
from .db import schema
from .errors import (
    Interrupted,
    KeystoreForged,
    NotesKeyConflict,
    RotationInProgress,
    RotationPlanForged,
    StoreBusy,
    StoreUnreadable,
    UnknownUser,
)
from .keystore import Anchor, Keystore
from .outbox import OUTBOX_AAD
from .paths import file_lock, fsync_file
from .roles import KeyName, Op, Role, keys_for
from .session import Session, audit_table

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
    # Case notes keys are re-wrapped inside case.db to the new clinical-lead key.
    if KeyName.NOTES in names or KeyName.LEAD in names:
        names.add(KeyName.CASE)
    return names


def _plan_payload(store_id: str, plan: dict[str, Any]) -> bytes:
    body = {k: v for k, v in plan.items() if k not in ("signer", "signature")}
    return crypto.canonical({"v": 1, "kind": "rotation_plan", "store_id": store_id, "plan": body})


def sign_plan(session: Session, keystore: Keystore, plan: dict[str, Any]) -> dict[str, Any]:
    """The plan as this administrator writes it: signed with their own signing key."""
    body = {k: v for k, v in plan.items() if k not in ("signer", "signature")}
    signature = session.opened.sign(_plan_payload(keystore.store_id, body))
    return {**body, "signer": session.username, "signature": crypto.b64e(signature)}


def check_plan(keystore: Keystore, trusted: bytes) -> dict[str, Any]:
    """The key store's rotation plan, refused unless a certified administrator signed it."""
    plan = keystore.rotation
    if plan is None:
        raise ValueError("no plan")
    try:
        if not isinstance(plan, dict):
            raise TypeError("plan")
        signer = str(plan["signer"])
        signature = crypto.b64d(str(plan["signature"]))
        slot = keystore.certified_slot(signer, trusted)
        if Role.ADMINISTRATOR not in slot.roles:
            raise RotationPlanForged("rotation")
        crypto.check_signature(slot.signing_key, _plan_payload(keystore.store_id, plan), signature)
        # The shape of what will be acted on: every value read below is of the right kind.
        {KeyName(n) for n in plan["keys"]}
        {KeyName(k): int(v) for k, v in plan["old"].items()}
        {KeyName(k): int(v) for k, v in plan["new"].items()}
        crypto.b64d(plan["stats_public_key"])
        list(plan["done"])
    except RotationPlanForged:
        raise
    except (
        KeystoreForged,
        UnknownUser,
        KeyError,
        TypeError,
        ValueError,
        AttributeError,
        crypto.CryptoError,
    ) as exc:
        raise RotationPlanForged("rotation") from exc
    return plan


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


@contextlib.contextmanager
def _alone(session: Session) -> Iterator[None]:
    """The work lock, exclusively (:mod:`.work_lock`): the rotation starts only when no other
    copy of the app is in the middle of a write, and no write starts until it has finished;
    other copies then reopen the stores under their new keys (Session.follow_changes)."""
    with contextlib.ExitStack() as stack:
        try:
            stack.enter_context(work_lock.exclusive(session.data.path))
        except work_lock.LockTimeout:
            raise StoreBusy() from None
        yield


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
        names &= set(keystore.generations)
        new_keys: dict[KeyName, bytes] = {}
        new_public = keystore.stats_public_key
        for name in sorted(names):
            if name is KeyName.STATS_PRIVATE:
                private, new_public = crypto.generate_keypair()
                new_keys[name] = private
            elif name is KeyName.LEAD:
                new_keys[name] = crypto.generate_keypair()[0]
            elif name is KeyName.AUTHORITY:
                new_keys[name] = crypto.generate_signing_keypair()[0]
            else:
                new_keys[name] = crypto.random_key()
        old_generations = dict(keystore.generations)
        new_generations = {name: old_generations[name] + 1 for name in names}
        granted: dict[KeyName, dict[int, bytes]] = {}
        for name in old_generations:
            granted[name] = {old_generations[name]: session.key(name, old_generations[name])}
            if name in new_keys:
                granted[name][new_generations[name]] = new_keys[name]
        if departing is not None:
            del keystore.slots[departing]
        for username, slot in list(keystore.slots.items()):
            keystore.slots[username] = keystore.regrant(slot, granted)
        keystore.regrant_recovery(granted)
        plan = {
            "departing": departing,
            "keys": sorted(name.value for name in names),
            "old": {name.value: old_generations[name] for name in names},
            "new": {name.value: new_generations[name] for name in names},
            "stats_public_key": crypto.b64e(new_public),
            "done": ["prepare"],
        }
        keystore.rotation = sign_plan(session, keystore, plan)
        # From now on everyone seals to the new public keys (the case stage re-seals what was
        # sealed to the old ones): the statement names them, signed by the current authority.
        clinical = keystore.statement.clinical_public_key
        if KeyName.NOTES in new_keys:
            clinical = crypto.clinical_keypair(new_keys[KeyName.NOTES])[1]
        authority = session.key(KeyName.AUTHORITY, old_generations[KeyName.AUTHORITY])
        leads = dict(keystore.statement.lead_public_keys)
        if KeyName.LEAD in new_keys:
            # Both clinical-lead keys while the case stage re-wraps: new wraps go to the new.
            new_lead = crypto.public_from_private(new_keys[KeyName.LEAD])
            leads[new_generations[KeyName.LEAD]] = new_lead
        keystore.statement = replace(
            keystore.statement,
            stats_public_key=new_public,
            clinical_public_key=clinical,
            # The new generations, stated now: a statement from before this rotation is then
            # older than the keys every remaining user holds, and refused.
            generations={**old_generations, **new_generations},
            lead_public_keys=leads,
        ).signed(keystore.store_id, authority)
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
    if keystore.rotation is None:
        return
    plan = check_plan(keystore, session.opened.authority)
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
        _rewrite_case(session, names, key, new, new_public, progress, plan)
        _mark_done(session, "case")
        _after_stage("case")
    if cancelled is not None and cancelled():
        raise Interrupted()
    if "stats" not in plan["done"]:
        progress(0.6, "stats")
        if KeyName.STATS in names:
            _rekey_file(
                session,
                data.stats_db,
                "stats",
                key(KeyName.STATS, "old"),
                key(KeyName.STATS, "new"),
            )
        _mark_done(session, "stats")
        _after_stage("stats")
    progress(0.9, "finish")
    _finish(session, names, old, new, new_public)
    removed = remove_old_copies(data.path)
    session.open_stores()
    with session.case_tx() as conn:
        session.audit_case(conn, AuditAction.KEYS_ROTATED, "keys", ".".join(sorted(plan["keys"])))
        if removed:
            session.audit_case(conn, AuditAction.OLD_COPIES_REMOVED, "copies", removed)
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


OLD_COPY_DIRS = ("replaced-*", "pre-migration")


def remove_old_copies(data_path: Path) -> int:
    """Remove the store copies kept in ``backups/`` (the files a restore replaced, the copies
    taken before a migration): they are encrypted under keys this rotation revoked, and with
    their own copy of the key store a revoked user's old password still opens them. Returns how
    many were removed. Backups written with ``supportline backup`` are files the service keeps
    elsewhere; they are not touched."""
    import shutil

    backups = data_path / "backups"
    removed = 0
    for pattern in OLD_COPY_DIRS:
        for copy in sorted(backups.glob(pattern)):
            if copy.is_dir() and not copy.is_symlink():
                shutil.rmtree(copy)
            else:
                copy.unlink()
            removed += 1
    return removed


def _mark_done(session: Session, stage: str) -> None:
    with file_lock(session.data.lock):
        keystore = Keystore.load(session.data.keystore)
        plan = check_plan(keystore, session.opened.authority)
        plan = {**plan, "done": [*plan["done"], stage]}
        keystore.rotation = sign_plan(session, keystore, plan)
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


def _export(path: Path, store: str, old_key: bytes, new_key: bytes) -> Path:
    """Write the store re-encrypted under ``new_key`` into a private side file."""
    side = path.with_name(path.name + ".rotating")
    for leftover in (side, side.with_name(side.name + "-wal"), side.with_name(side.name + "-shm")):
        with contextlib.suppress(FileNotFoundError):
            leftover.unlink()
    conn = dbengine.connect(path, old_key, store=store)
    try:
        dbengine.checkpoint(conn)
        side.touch(mode=0o600)
        conn.execute("ATTACH DATABASE ? AS rotated KEY ?", (str(side), f"x'{new_key.hex()}'"))
        conn.execute("SELECT sqlcipher_export('rotated')").fetchall()
        conn.execute("DETACH DATABASE rotated")
    finally:
        conn.close()
    return side


def _swap_in(side: Path, path: Path) -> None:
    fsync_file(side)
    for stale in (path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        # Connections are closed and the WAL was checkpointed empty: these belong to the old
        # file and would corrupt the new one if SQLite replayed them.
        with contextlib.suppress(FileNotFoundError):
            stale.unlink()
    side.replace(path)


def _rekey_file(session: Session, path: Path, store: str, old_key: bytes, new_key: bytes) -> None:
    current = _which_key_opens(path, store, [new_key, old_key])
    if current == new_key:
        return  # already done before an interruption
    side = _export(path, store, old_key, new_key)
    engine = dbengine.make_engine(side, new_key, store=store)
    try:
        with engine.begin() as conn:
            state = _redigest(conn, store)
        with engine.connect() as conn:
            dbengine.checkpoint(conn.connection.driver_connection)
    finally:
        engine.dispose()
    _anchor_before_swap(session, store, state)
    _swap_in(side, path)


def _redigest(conn: Any, store: str) -> AnchorState:
    """The digests are keyed from the store key: recompute them under the new one."""
    raw = dbengine.driver(conn.connection)
    tracker = integrity.tracker(raw)
    assert tracker is not None
    integrity.install(raw, tracker)
    head = audit.head(conn, audit_table(store))
    return AnchorState(head.seq, head.hash, integrity.current_digest(raw))


def _anchor_before_swap(session: Session, store: str, state: AnchorState) -> None:
    """Anchor the re-encrypted store before it replaces the old one; the old one stays the
    anchor's prior state, so an interruption on either side of the swap leaves a sound store."""
    with file_lock(session.data.lock):
        keystore = Keystore.load(session.data.keystore)
        current = keystore.anchors.get(store)
        if current is not None and current.state == state:
            return  # anchored by an attempt interrupted before its swap
        keystore.anchors[store] = Anchor.make(
            session.signer, store, state, None if current is None else current.state
        )
        keystore.save()
        session.keystore = keystore


def _rewrite_case(
    session: Session,
    names: set[KeyName],
    key: Callable[[KeyName, str], bytes],
    new: dict[KeyName, int],
    new_public: bytes,
    progress: Progress,
    plan: dict[str, Any],
) -> None:
    path = session.data.case_db
    old_case, new_case = key(KeyName.CASE, "old"), key(KeyName.CASE, "new")
    current = _which_key_opens(path, "case", [new_case, old_case])
    if current == new_case and KeyName.CASE in names:
        return  # swapped in before an interruption: the side file carried everything
    side = _export(path, "case", current, new_case)
    engine = dbengine.make_engine(side, new_case, store="case")
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
                        if crypto.field_version(blob) == crypto.CASE_FIELD_VERSION:
                            continue  # under its case's own key: re-wrapped below, not here
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
            _rewrap_case_keys(session, conn, names, plan)
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
            state = _redigest(conn, "case")
        with engine.connect() as conn:
            dbengine.checkpoint(conn.connection.driver_connection)
    finally:
        engine.dispose()
    _anchor_before_swap(session, "case", state)
    _swap_in(side, path)


def _rewrap_case_keys(
    session: Session,
    conn: Connection,
    names: set[KeyName],
    plan: dict[str, Any],
) -> None:
    """The departing user's copies of case notes keys go; with a new clinical-lead key, every
    case gets a new notes key (its text re-encrypted), wrapped to the new group key and to the
    allocated counsellor under the new pair."""
    w = schema.case_key_wraps.c
    if plan["departing"]:
        conn.execute(
            delete(schema.case_key_wraps).where(
                w.recipient == case_keys.user_recipient(plan["departing"])
            )
        )
    if KeyName.LEAD not in names:
        return
    # The statement names the new clinical-lead key beside the old one until the finish.
    keys = case_keys.CaseKeys(session, Keystore.load(session.data.keystore))
    for case_id in conn.execute(select(w.case_id).distinct()).scalars().all():
        try:
            found = keys.key(conn, case_id)
        except NotesKeyConflict:
            continue  # never re-wrap a doubtful key; verify reports the case
        if found is not None:
            # A lead or administrator is leaving, or a lead's grant was withdrawn: they could
            # have copied any case's key, so every case gets a new one.
            keys.rekey(conn, case_id)


def _current_lead_public(
    keystore: Keystore, current: dict[KeyName, dict[int, bytes]]
) -> dict[int, bytes]:
    """Only the clinical-lead key now in use: the old one opens nothing any more."""
    if KeyName.LEAD not in keystore.generations:
        return {}
    generation = keystore.generations[KeyName.LEAD]
    return {generation: crypto.public_from_private(current[KeyName.LEAD][generation])}


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
        for name in keystore.generations:
            generation = new.get(name, keystore.generations[name])
            current[name] = {generation: session.key(name, generation)}
            keystore.generations[name] = generation
        for username, slot in list(keystore.slots.items()):
            keystore.slots[username] = keystore.regrant(slot, current)
        keystore.regrant_recovery(current)
        # The statement everyone seals to names the new public keys and generations, signed by
        # the authority; when the authority itself changes, the old one hands over to the new.
        notes = current[KeyName.NOTES][keystore.generations[KeyName.NOTES]]
        keystore.statement = replace(
            keystore.statement,
            stats_public_key=new_public,
            clinical_public_key=crypto.clinical_keypair(notes)[1],
            generations=dict(keystore.generations),
            lead_public_keys=_current_lead_public(keystore, current),
        )
        authority_new = current[KeyName.AUTHORITY][keystore.generations[KeyName.AUTHORITY]]
        if KeyName.AUTHORITY in names:
            authority_old = session.key(KeyName.AUTHORITY, old[KeyName.AUTHORITY])
            keystore.hand_over(authority_old, authority_new)
        else:
            keystore.statement = keystore.statement.signed(keystore.store_id, authority_new)
        keystore.rotation = None
        keystore.save()
    for name in names:
        session.opened.keys[name] = {new[name]: session.key(name, new[name])}
    session.opened.authority = keystore.authority
    session.keystore = keystore
