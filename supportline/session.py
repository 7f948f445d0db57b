"""Creating a data directory, unlocking it, and the unlocked :class:`Session`.

A session is the composition root of the core: it holds the signed-in user's keys and the engines
of the stores those keys open, and every service is built from it. Closing (or locking) it
disposes of the connections and drops the key material.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, NoReturn

from sqlalchemy import Connection, Engine, event, insert, select
from sqlalchemy.exc import DBAPIError

from . import audit, crypto, integrity, signin, work_lock
from .audit import AnchorState, AuditAction
from .db import engine as dbengine
from .db import migrate, schema
from .errors import (
    AccessRevoked,
    DataDirExists,
    InvalidUsername,
    KeysChanging,
    PermissionDenied,
    SlotTampered,
    StoreTampered,
    StoreUnreadable,
    UnknownUser,
    WeakPassword,
)
from .keystore import (
    TEST_MODE_ENV,
    Anchor,
    Keystore,
    OpenedSlot,
    Slot,
    StoreStatement,
    check_statement_current,
    generate_recovery_secret,
)
from .paths import (
    CASE_DB,
    KEYSTORE,
    LOCK_FILE,
    STATS_DB,
    ensure_private_dir,
    file_lock,
    fsync_dir,
    private_workdir,
)
from .roles import KeyName, Op, Role, require
from .signin import record_failed_sign_in, retry_delay, retry_wait  # noqa: F401 - re-exported

USERNAME = re.compile(r"^[a-z][a-z0-9_.\-]{1,31}$")
MIN_PASSWORD_LENGTH = 10
SYSTEM_ACTOR = "system"

Clock = Callable[[], datetime]


def utcnow() -> datetime:
    return datetime.now(UTC)


def check_username(username: str) -> str:
    if not USERNAME.match(username):
        raise InvalidUsername(username)
    return username


def check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH or not password.strip():
        raise WeakPassword()


@dataclass(frozen=True)
class DataDir:
    path: Path

    @property
    def keystore(self) -> Path:
        return self.path / KEYSTORE

    @property
    def case_db(self) -> Path:
        return self.path / CASE_DB

    @property
    def stats_db(self) -> Path:
        return self.path / STATS_DB

    @property
    def lock(self) -> Path:
        return self.path / LOCK_FILE

    def exists(self) -> bool:
        return self.keystore.exists()

    def store_path(self, store: str) -> Path:
        return self.case_db if store == "case" else self.stats_db


def audit_table(store: str) -> Any:
    return schema.case_audit if store == "case" else schema.stats_audit


def anchor_problem(
    conn: Connection,
    anchor: Anchor | None,
    signing_keys: audit.SigningKeys,
    store_id: str,
    store: str,
) -> str | None:
    """The cheap check of a store against its anchor: the kind of problem, or None.

    Cheap because it reads only the integrity table and the audit head: a replayed page of the
    integrity table (or a whole older store, or an older key store) no longer matches the
    anchored digest. The full recomputation of every row is :func:`integrity.check`.
    """
    if anchor is None:
        # A store is always created with its anchor: a missing one means keystore.json was
        # edited, typically to put back an older store unnoticed. Never write a fresh one.
        return "anchor_missing"
    if not anchor.genuine(signing_keys, store_id, store):
        return "anchor_forged"
    raw = dbengine.driver(conn.connection)
    digest = integrity.current_digest(raw)
    states = anchor.states()
    if digest is not None and anchor.digest is not None:
        matched = [state for state in states if state.digest == digest]
        if not matched:
            return "integrity"
        states = tuple(matched)
    elif digest is None and anchor.digest is not None:
        return "integrity"  # the integrity table itself was removed
    # (No digest anchored: a store from before the digests, or one upgraded just before a
    # crash; only the audit head can be checked, and the next anchor carries the digest.)
    table = audit_table(store)
    for state in states:
        if not audit.check_against_anchor(conn, table, store, state.seq, state.head):
            return None
    return "audit"


def init_store(
    path: Path,
    admin_username: str,
    admin_password: str,
    display_name: str | None = None,
    kdf: tuple[int, int, int] | None = None,
    clock: Clock = utcnow,
    test_mode: bool | None = None,
) -> str:
    """Create ``keystore.json``, ``case.db`` and ``stats.db`` with one administrator.

    ``test_mode`` (default: ``SUPPORTLINE_TEST_MODE=1`` in the environment) makes a store whose
    slots may use cheap key derivation (``SUPPORTLINE_KDF``): for tests, never for real data.

    Built in a private directory beside ``path`` and moved into place only when complete: an
    interruption (an error, a power cut, kill -9) leaves no half-made store behind.

    Returns the recovery secret: shown once (like a disk-encryption recovery key) and kept
    offline, it is what restores a backup where the key store has been lost (issue 10 item 4).
    """
    check_username(admin_username)
    check_password(admin_password)
    refuse_existing(Path(path))
    with build_in_place(Path(path)) as work:
        return create_store_in(
            work, admin_username, admin_password, display_name, kdf, clock, test_mode
        )


def refuse_existing(path: Path) -> None:
    data = DataDir(Path(path))
    if data.exists() or data.case_db.exists() or data.stats_db.exists():
        raise DataDirExists(str(data.path))


_BUILDING = ".building-"


@contextlib.contextmanager
def build_in_place(path: Path) -> Iterator[Path]:
    """A private, empty directory beside ``path`` to build a new data directory in; moved to
    ``path`` when the block completes, removed if it fails (or by the next build, if killed)."""
    path = Path(path).absolute()
    with private_workdir(path.parent, f".{path.name}{_BUILDING}") as work:
        yield work
        _move_into_place(work, path)


def _move_into_place(work: Path, path: Path) -> None:
    refuse_existing(path)  # someone else may have made one meanwhile
    if path.is_dir() and not any(path.iterdir()):
        path.rmdir()
    if not path.exists():
        os.rename(work, path)
    else:
        # A directory holding other things (never the store's own files): the files are moved
        # in one by one, the key store last, since it is what marks a store as there.
        for child in sorted(work.iterdir(), key=lambda p: p.name == KEYSTORE):
            os.replace(child, path / child.name)
    fsync_dir(path.parent)


def create_store_in(
    path: Path,
    admin_username: str,
    admin_password: str,
    display_name: str | None = None,
    kdf: tuple[int, int, int] | None = None,
    clock: Clock = utcnow,
    test_mode: bool | None = None,
) -> str:
    """The store's files, made in an empty directory (in place, not atomically: callers use
    :func:`build_in_place`); returns the recovery secret."""
    if test_mode is None:
        test_mode = os.environ.get(TEST_MODE_ENV) == "1"
    data = DataDir(Path(path))
    ensure_private_dir(data.path)
    stats_private, stats_public = crypto.generate_keypair()
    lead_private, lead_public = crypto.generate_keypair()
    authority_private, _ = crypto.generate_signing_keypair()
    keys = {
        KeyName.CASE: {1: crypto.random_key()},
        KeyName.NOTES: {1: crypto.random_key()},
        KeyName.STATS: {1: crypto.random_key()},
        KeyName.STATS_PRIVATE: {1: stats_private},
        KeyName.AUTHORITY: {1: authority_private},
        KeyName.LEAD: {1: lead_private},
    }
    clinical_public = crypto.clinical_keypair(keys[KeyName.NOTES][1])[1]
    keystore = Keystore.new(
        data.keystore,
        authority_private,
        stats_public,
        clinical_public,
        lead_public,
        test_mode=test_mode,
    )
    recovery_secret = generate_recovery_secret()
    keystore.make_recovery(recovery_secret, authority_private)
    keystore.regrant_recovery(keys)
    roles = frozenset({Role.ADMINISTRATOR})
    keystore.slots[admin_username] = keystore.make_slot(
        admin_username, roles, admin_password, keys, authority_private, kdf=kdf
    )
    opened = keystore.open_slot(admin_username, admin_password)
    signer = audit.EntrySigner(admin_username, opened.signing_private, keystore.store_id)
    now = clock()
    for store, key in (("case", keys[KeyName.CASE][1]), ("stats", keys[KeyName.STATS][1])):
        engine = dbengine.make_engine(data.store_path(store), key, store=store, create=True)
        try:
            migrate.upgrade(engine, store, data.store_path(store))
            table = audit_table(store)
            with engine.begin() as conn:
                if store == "case":
                    conn.execute(
                        insert(schema.users).values(
                            username=admin_username,
                            display_name=display_name or admin_username,
                            roles=Role.ADMINISTRATOR.value,
                            created_at=now,
                        )
                    )
                    # The public keys everyone seals to are in the key store's signed statement
                    # (not here, where anyone holding the case key could replace them).
                    conn.execute(
                        insert(schema.settings).values(key="store_id", value=keystore.store_id)
                    )
                audit.append(
                    conn,
                    table,
                    admin_username,
                    AuditAction.STORE_CREATED,
                    "store",
                    store,
                    at=now,
                    signer=signer,
                )
                head = audit.head(conn, table)
                digest = integrity.current_digest(dbengine.driver(conn.connection))
            keystore.anchors[store] = Anchor.make(
                signer, store, AnchorState(head.seq, head.hash, digest)
            )
        finally:
            engine.dispose()
    opened.wipe()
    keystore.save()
    return recovery_secret


def unlock(
    path: Path,
    username: str,
    password: str,
    clock: Clock = utcnow,
    sleep: Callable[[float], None] | None = signin.wait,
    enforce_delay: bool = True,
) -> Session:
    """Open the data directory as ``username`` (through :func:`signin.sign_in`, like every
    entry point). Any credential failure is AuthenticationFailed; with ``sleep=None`` an
    attempt that must wait raises RetryLater. ``enforce_delay=False`` is for tests only (it is
    ``sleep`` doing nothing); no entry point passes it."""
    data = DataDir(Path(path))
    signed_in = signin.sign_in(
        data.path, username, password, clock=clock, sleep=sleep if enforce_delay else _no_wait
    )
    keystore, opened = signed_in.keystore, signed_in.opened
    if keystore.rotation is not None and Role.ADMINISTRATOR in opened.slot.roles:
        # Anybody can write a plan into keystore.json: refuse a forged one before anything
        # (not even this sign-in) is written.
        from . import rotation

        rotation.check_plan(keystore, opened.authority)
    if opened.needs_repin:
        opened = _repin(data, opened, password)
    session = Session(data=data, keystore=keystore, opened=opened, clock=clock)
    try:
        with session.work():
            session.open_stores()
            session.after_sign_in()
        if keystore.rotation is not None and Role.ADMINISTRATOR in session.roles:
            # A key rotation was interrupted (power cut, crash): the first administrator to
            # sign in carries it through, so old keys stop working as soon as possible.
            from . import rotation

            rotation.resume(session)
        from . import case_keys

        case_keys.after_sign_in(session)
    except BaseException:
        session.close()
        raise
    return session


def _no_wait(seconds: float) -> None:
    return None


def _repin(data: DataDir, opened: OpenedSlot, password: str) -> OpenedSlot:
    """The authority handed over since this slot was made: pin the new one under the password
    now that the password is at hand (the user's slot then trusts it without the succession)."""
    with file_lock(data.lock):
        keystore = Keystore.load(data.keystore)
        current = keystore.slots.get(opened.slot.username)
        if current is None or current.wrap != opened.slot.wrap:
            return opened  # changed meanwhile by another copy of the app: leave it be
        keystore.slots[opened.slot.username] = keystore.rewrap(
            opened, password, opened.slot.must_change_password, new_salt=False
        )
        keystore.save()
        return keystore.open_slot(opened.slot.username, password)


@dataclass
class Session:
    data: DataDir
    keystore: Keystore
    opened: OpenedSlot
    clock: Clock = utcnow
    case_engine: Engine | None = None
    stats_engine: Engine | None = None
    case_generation: int | None = None
    stats_generation: int | None = None
    closed: bool = False
    # Off only while the demo builds a store nobody can reach yet (one anchor at the end).
    anchoring: bool = True
    _listeners: list[Callable[[str], None]] = field(default_factory=list)
    _statement: tuple[tuple[int, int, int], StoreStatement] | None = field(default=None, repr=False)
    # Case notes keys this session has unwrapped: (case id, generation) -> key; dropped on close.
    case_key_cache: dict[tuple[int, int], bytes] = field(default_factory=dict, repr=False)
    # What this session last saw of keystore.json and of the store files (see follow_changes).
    _keystore_seen: tuple[int, int, int, int] | None = None
    _store_files: dict[str, tuple[int, int]] = field(default_factory=dict)
    # Engines replaced after another copy rotated the keys: disposed when the session closes, so
    # a caller still holding one of their connections is not cut off mid-read.
    _retired: list[Engine] = field(default_factory=list)

    # -- identity --------------------------------------------------------------------------------

    @property
    def username(self) -> str:
        return self.opened.slot.username

    @property
    def roles(self) -> frozenset[Role]:
        return self.opened.slot.roles

    @property
    def must_change_password(self) -> bool:
        return self.opened.slot.must_change_password

    def has_role(self, role: Role) -> bool:
        return role in self.roles

    def require(self, op: Op) -> None:
        if self.closed:
            raise PermissionDenied(op.value)
        require(self.roles, op)

    def holds(self, name: KeyName) -> bool:
        return name in self.opened.keys

    def key(self, name: KeyName, generation: int | None = None) -> bytes:
        if self.closed or name not in self.opened.keys:
            raise PermissionDenied(f"key:{name.value}")
        return self.opened.key(name, generation)

    def notes_keys(self, op: Op = Op.NOTES_READ) -> dict[int, bytes]:
        """The shared notes keys (clinical text from before per-case keys; each case's own key
        is in supportline.case_keys): counsellors only (the role matrix), even though an
        administrator's slot holds them for key rotation."""
        # A subject access request is the one other purpose: the client's whole record.
        if op not in (Op.NOTES_READ, Op.NOTES_WRITE, Op.SUBJECT_ACCESS):
            raise ValueError(op)
        self.require(op)
        if self.closed or KeyName.NOTES not in self.opened.keys:
            raise PermissionDenied("key:notes")
        return dict(self.opened.keys[KeyName.NOTES])

    def current_generation(self, name: KeyName) -> int:
        return self.keystore.generations[name]

    # -- the authority: other users' keys and the keys everyone seals to ------------------------

    @property
    def signer(self) -> audit.EntrySigner:
        if self.closed:
            raise PermissionDenied("key:signing")
        return audit.EntrySigner(self.username, self.opened.signing_private, self.keystore.store_id)

    def statement(self) -> StoreStatement:
        """The statistics and clinical public keys, from the key store's statement as the store
        authority signed it (checked against the authority this user's slot pins). Everything
        that seals to a public key takes it from here."""
        stat = self.data.keystore.stat()
        token = (stat.st_ino, stat.st_mtime_ns, stat.st_size)
        if self._statement is None or self._statement[0] != token:
            keystore = Keystore.load(self.data.keystore)
            statement = keystore.verified_statement(self.opened.authority)
            check_statement_current(statement, self.opened.keys)
            self._statement = (token, statement)
        return self._statement[1]

    def certified_slot(self, username: str) -> Slot:
        """Another user's slot (roles, X25519 public key, signing key), certified by the store
        authority: the one way to use someone else's public key."""
        return Keystore.load(self.data.keystore).certified_slot(username, self.opened.authority)

    def signing_keys(self, keystore: Keystore | None = None) -> Callable[[str], list[bytes]]:
        """A lookup of the certified signing keys of any user, past or present."""
        keystore = keystore or Keystore.load(self.data.keystore)
        trusted = self.opened.authority
        cache: dict[str, list[bytes]] = {}

        def lookup(username: str) -> list[bytes]:
            if username not in cache:
                cache[username] = keystore.certified_signing_keys(username, trusted)
            return cache[username]

        return lookup

    # -- stores ----------------------------------------------------------------------------------

    def _open_with_any(self, store: str, name: KeyName) -> tuple[Engine, int]:
        """Open a store with whichever granted generation of its key fits, newest first.

        During an interrupted key rotation a user holds both the old and the new generation and
        the file is keyed with exactly one of them.
        """
        last_error: StoreUnreadable | None = None
        for generation in sorted(self.opened.keys[name], reverse=True):
            try:
                engine = dbengine.make_engine(
                    self.data.store_path(store), self.opened.keys[name][generation], store=store
                )
                return engine, generation
            except StoreUnreadable as exc:
                last_error = exc
        assert last_error is not None
        raise last_error

    def open_stores(self) -> None:
        with self.work():
            self._open_stores()

    def _open_stores(self) -> None:
        self._keystore_seen = _file_signature(self.data.keystore)
        if self.holds(KeyName.CASE):
            self._open_store("case", KeyName.CASE)
        if self.holds(KeyName.STATS):
            self._open_store("stats", KeyName.STATS)

    def _open_store(self, store: str, name: KeyName) -> None:
        engine, generation = self._open_with_any(store, name)
        if store == "case":
            self.case_engine, self.case_generation = engine, generation
        else:
            self.stats_engine, self.stats_generation = engine, generation
        self._store_files[store] = _file_identity(self.data.store_path(store))
        # The store as found is checked against its anchor before anything is written to it,
        # holding the store's write lock (BEGIN IMMEDIATE): another copy of the app moves the
        # anchor only while it holds that lock, just before its commit, so the digest read here
        # and the anchor read from keystore.json are of the same moment, whatever it commits.
        with engine.begin() as conn:
            keystore = Keystore.load(self.data.keystore)
            problem = anchor_problem(
                conn,
                keystore.anchors.get(store),
                self.signing_keys(keystore),
                keystore.store_id,
                store,
            )
        if problem is not None:
            raise StoreTampered(store, problem)
        self._anchor_every_commit(store, engine)
        before = migrate.upgrade(engine, store, self.data.store_path(store))
        upgraded = before != migrate.head_revision(store)
        anchor = keystore.anchors.get(store)
        if upgraded or (anchor is not None and anchor.digest is None):
            # Checked just above (an anchor from before the digests: by its audit head alone);
            # a migration recomputed the digests for the new schema.
            self.anchor_now(store)
        if upgraded:
            with self.case_tx() if store == "case" else self.stats_tx() as conn:
                audit.append(
                    conn,
                    audit_table(store),
                    self.username,
                    AuditAction.STORE_MIGRATED,
                    "store",
                    store,
                    self.clock(),
                    signer=self.signer,
                )

    def _anchor_every_commit(self, store: str, engine: Engine) -> None:
        @event.listens_for(engine, "commit")
        def _before_commit(conn: Connection) -> None:
            if self.anchoring:
                self._anchor_transaction(store, dbengine.driver(conn.connection))

    def close_stores(self) -> None:
        for engine in (self.case_engine, self.stats_engine, *self._retired):
            if engine is not None:
                engine.dispose()
        self.case_engine = None
        self.stats_engine = None
        self._retired = []

    @property
    def case(self) -> Engine:
        if self.closed or self.case_engine is None:
            raise PermissionDenied("store:case")
        self.follow_changes()
        if self.case_engine is None:
            raise PermissionDenied("store:case")
        return self.case_engine

    @property
    def stats(self) -> Engine:
        if self.closed or self.stats_engine is None:
            raise PermissionDenied("store:stats")
        self.follow_changes()
        if self.stats_engine is None:
            raise PermissionDenied("store:stats")
        return self.stats_engine

    # -- other copies of the app -----------------------------------------------------------------

    @contextlib.contextmanager
    def work(self) -> Iterator[None]:
        """Hold the data directory's shared work lock: no key rotation or restore can start
        while it is held (:mod:`supportline.work_lock`). A writer that cannot have it within a
        bounded wait is refused with KeysChanging before anything is written."""
        with contextlib.ExitStack() as stack:
            try:
                stack.enter_context(work_lock.shared(self.data.path))
            except work_lock.LockTimeout:
                raise KeysChanging() from None
            self.follow_changes()
            yield

    def follow_changes(self) -> None:
        """Catch up with what another copy of the app changed in the key store.

        After a key rotation this user's slot holds new keys: they are opened with the slot's
        private key from this sign-in (no password needed) and the stores reopened under them.
        A store file replaced by another copy (a restore) is reopened the same way. Changed
        roles take effect at once. If the slot is gone (disabled) or is another key pair (a
        password reset), or a replaced store does not open with this user's keys, the session
        ends: AccessRevoked.
        Cheap when nothing changed: one ``stat`` of keystore.json.
        """
        if self.closed or work_lock.holds_exclusive(self.data.path):
            return  # the rotation or restore in this process keeps the session up to date itself
        seen = _file_signature(self.data.keystore)
        if seen == self._keystore_seen:
            return
        keystore = Keystore.load(self.data.keystore)
        self._keystore_seen = seen
        slot = keystore.slots.get(self.username)
        if slot is None:
            self._revoke()
        if slot != self.opened.slot:
            try:
                opened = keystore.reopen_slot(
                    self.username, self.opened.private_key, self.opened.signing_private
                )
            except (UnknownUser, SlotTampered):
                self._revoke()
            self.opened.wipe()
            self.opened = opened
        self.keystore = keystore
        for store, name in (("case", KeyName.CASE), ("stats", KeyName.STATS)):
            self._follow_store(store, name)

    def _follow_store(self, store: str, name: KeyName) -> None:
        engine = self.case_engine if store == "case" else self.stats_engine
        if engine is None:
            return
        identity = _file_identity(self.data.store_path(store))
        replaced = identity != self._store_files.get(store)
        generation = self.case_generation if store == "case" else self.stats_generation
        if not replaced and generation in self.opened.keys.get(name, {}) and _still_opens(engine):
            return
        try:
            fresh, generation = self._open_with_any(store, name)
        except StoreUnreadable:
            # Replaced by a file this user's keys do not open (a restore of another time).
            self._revoke()
        self._store_files[store] = identity
        self._anchor_every_commit(store, fresh)
        self._retired.append(engine)
        if store == "case":
            self.case_engine, self.case_generation = fresh, generation
        else:
            self.stats_engine, self.stats_generation = fresh, generation

    def _revoke(self) -> NoReturn:
        self.close()
        raise AccessRevoked()

    @contextlib.contextmanager
    def case_read(self, conn: Connection | None = None) -> Iterator[Connection]:
        """The caller's connection when a service runs inside another's transaction (one shared
        connection cannot nest transactions), otherwise a fresh one."""
        if conn is not None:
            yield conn
            return
        with self.case.connect() as fresh:
            yield fresh

    @contextlib.contextmanager
    def case_tx(self) -> Iterator[Connection]:
        """A write transaction on case.db (anchored as it commits, like every transaction),
        under the shared work lock, so a key rotation never catches a write half-done."""
        with self.work(), self.case.begin() as conn:
            yield conn

    @contextlib.contextmanager
    def stats_tx(self) -> Iterator[Connection]:
        with self.work(), self.stats.begin() as conn:
            yield conn

    def audit_case(
        self, conn: Connection, action: str, record_type: str = "", record_id: str | int = ""
    ) -> None:
        audit.append(
            conn,
            schema.case_audit,
            self.username,
            action,
            record_type,
            record_id,
            self.clock(),
            signer=self.signer,
        )

    def audit_stats(
        self, conn: Connection, action: str, record_type: str = "", record_id: str | int = ""
    ) -> None:
        audit.append(
            conn,
            schema.stats_audit,
            self.username,
            action,
            record_type,
            record_id,
            self.clock(),
            signer=self.signer,
        )

    def audit_all(self, action: str, record_type: str = "", record_id: str | int = "") -> None:
        """One entry in every store this user can write (sign-in, lock, password change)."""
        if self.case_engine is not None:
            with self.case_tx() as conn:
                self.audit_case(conn, action, record_type, record_id)
        if self.stats_engine is not None:
            with self.stats_tx() as conn:
                self.audit_stats(conn, action, record_type, record_id)

    def _anchor_transaction(self, store: str, raw: Any) -> None:
        """Move the anchor to the state this transaction is about to commit.

        Called just before the commit, with the store's write lock held, so anchors move in the
        stores' own order across every copy of the app. The anchor keeps the state it moved from
        (``prior``): a crash before the commit leaves the store there, and that is sound. The
        state the transaction started from must be one the anchor vouches for; otherwise the
        store was changed behind the app's back and the write is refused (nothing is laundered
        into a fresh anchor).
        """
        before = integrity.digest_before(raw)
        if before is None:
            return  # nothing written
        after = integrity.current_digest(raw)
        row = raw.execute("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
        state = (
            AnchorState(int(row[0]), str(row[1]), after)
            if row
            else AnchorState(0, audit.GENESIS, after)
        )
        with file_lock(self.data.lock):
            keystore = Keystore.load(self.data.keystore)
            current = keystore.anchors.get(store)
            if current is None:
                raise StoreTampered(store, "anchor_missing")
            matched = next((s for s in current.states() if s.digest == before), None)
            if matched is None:
                raise StoreTampered(store, "integrity")
            if state == current.state:
                return
            keystore.anchors[store] = Anchor.make(self.signer, store, state, matched)
            keystore.save()
            if keystore.slots.get(self.username) == self.opened.slot:
                # Our own write of the key store is nothing to catch up with.
                self._keystore_seen = _file_signature(self.data.keystore)
            self.keystore = keystore

    def anchor_now(self, store: str) -> None:
        """Anchor ``store`` as it is now, whatever the anchor said: only for a store just
        checked (or built) by this session, such as after a migration."""
        engine = self.case_engine if store == "case" else self.stats_engine
        if engine is None:
            return
        with engine.begin() as conn:  # the store's write lock: no commit slips in between
            head = audit.head(conn, audit_table(store))
            digest = integrity.current_digest(dbengine.driver(conn.connection))
            with file_lock(self.data.lock):
                keystore = Keystore.load(self.data.keystore)
                current = keystore.anchors.get(store)
                keystore.anchors[store] = Anchor.make(
                    self.signer,
                    store,
                    AnchorState(head.seq, head.hash, digest),
                    None if current is None else current.state,
                )
                keystore.save()
                self.keystore = keystore

    def after_sign_in(self) -> None:
        keystore = Keystore.load(self.data.keystore)
        pending = [f for f in keystore.failed_sign_ins if not f.audited]
        if not (self.case_engine or self.stats_engine):
            pending = []
        for failure in pending:
            # Moved into the chains now that a key is at hand; the key store kept them meanwhile.
            # Anybody can write keystore.json, so each is signed by this user as what they copied
            # from it (record type "keystore"), never as an entry by the user it names.
            try:
                at = datetime.fromisoformat(failure.at)
            except ValueError:
                continue
            who = failure.username if USERNAME.match(failure.username) else "unknown"
            table = schema.case_audit if self.case_engine is not None else schema.stats_audit
            engine = self.case_engine if self.case_engine is not None else self.stats_engine
            assert engine is not None
            with engine.begin() as conn:
                audit.append(
                    conn,
                    table,
                    who,
                    AuditAction.SIGN_IN_FAILED,
                    audit.COPIED_FROM_KEYSTORE,
                    at=at,
                    signer=self.signer,
                )
        # Only now, with the failures in an audit chain, are they marked as audited; they stay
        # a day to count towards the delay, except this user's own, which success clears.
        now = self.clock()
        copied = {(f.username, f.at) for f in pending}
        with file_lock(self.data.lock):
            keystore = Keystore.load(self.data.keystore)
            kept = []
            for failure in keystore.failed_sign_ins:
                try:
                    fresh = now - datetime.fromisoformat(failure.at) < timedelta(days=1)
                except ValueError:
                    fresh = False
                done = failure.audited or (failure.username, failure.at) in copied
                if (failure.username == self.username or not fresh) and done:
                    continue
                audited = failure.audited or (failure.username, failure.at) in copied
                kept.append(replace(failure, audited=audited))
            keystore.failed_sign_ins = kept
            keystore.save()
            self.keystore = keystore
        self.audit_all(AuditAction.SIGN_IN, "user", self.username)

    # -- lifecycle -------------------------------------------------------------------------------

    def lock(self) -> None:
        """Close connections and drop keys (idle auto-lock and Lock now)."""
        if self.closed:
            return
        with contextlib.suppress(Exception):
            self.audit_all(AuditAction.LOCK, "user", self.username)
        self.close()

    def close(self) -> None:
        self.close_stores()
        self.opened.wipe()
        self.case_key_cache.clear()
        self.closed = True

    def user_id(self, conn: Connection) -> int | None:
        row = conn.execute(
            select(schema.users.c.id).where(schema.users.c.username == self.username)
        ).first()
        return row[0] if row else None


def _file_signature(path: Path) -> tuple[int, int, int, int]:
    """Changes whenever the file is rewritten (keystore.json is always replaced atomically)."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return (0, 0, 0, 0)
    return (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns)


def _file_identity(path: Path) -> tuple[int, int]:
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return (0, 0)
    return (info.st_dev, info.st_ino)


def _still_opens(engine: Engine) -> bool:
    """False once the file under the engine has been re-encrypted under another key."""
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("SELECT count(*) FROM sqlite_master").all()
    except DBAPIError:
        return False
    return True


def generate_password(words: int = 4) -> str:
    """A temporary password for a reset: easy to read out, long enough to be strong."""
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
    groups = ["".join(secrets.choice(alphabet) for _ in range(5)) for _ in range(words)]
    return "-".join(groups)
