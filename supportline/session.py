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
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import NoReturn

from sqlalchemy import Connection, Engine, insert, select, update
from sqlalchemy.exc import DBAPIError

from . import audit, crypto, work_lock
from .audit import AuditAction
from .db import engine as dbengine
from .db import migrate, schema
from .errors import (
    AccessRevoked,
    AuthenticationFailed,
    DataDirExists,
    InvalidUsername,
    KeysChanging,
    KeystoreMissing,
    PermissionDenied,
    SlotTampered,
    StoreUnreadable,
    UnknownUser,
    WeakPassword,
)
from .keystore import Anchor, FailedSignIn, Keystore, OpenedSlot, default_kdf_params
from .paths import CASE_DB, KEYSTORE, LOCK_FILE, STATS_DB, ensure_private_dir, file_lock
from .roles import KeyName, Op, Role, require

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


def init_store(
    path: Path,
    admin_username: str,
    admin_password: str,
    display_name: str | None = None,
    kdf: tuple[int, int, int] | None = None,
    clock: Clock = utcnow,
) -> None:
    """Create ``keystore.json``, ``case.db`` and ``stats.db`` with one administrator."""
    check_username(admin_username)
    check_password(admin_password)
    data = DataDir(Path(path))
    if data.exists() or data.case_db.exists() or data.stats_db.exists():
        raise DataDirExists(str(data.path))
    ensure_private_dir(data.path)
    stats_private, stats_public = crypto.generate_keypair()
    keys = {
        KeyName.CASE: {1: crypto.random_key()},
        KeyName.NOTES: {1: crypto.random_key()},
        KeyName.STATS: {1: crypto.random_key()},
        KeyName.STATS_PRIVATE: {1: stats_private},
    }
    keystore = Keystore.new(data.keystore, stats_public)
    roles = frozenset({Role.ADMINISTRATOR})
    keystore.slots[admin_username] = keystore.make_slot(
        admin_username, roles, admin_password, keys, kdf=kdf
    )
    now = clock()
    for store, key in (("case", keys[KeyName.CASE][1]), ("stats", keys[KeyName.STATS][1])):
        engine = dbengine.make_engine(data.store_path(store), key, store=store, create=True)
        try:
            migrate.upgrade(engine, store, data.store_path(store))
            table = schema.case_audit if store == "case" else schema.stats_audit
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
                    conn.execute(
                        insert(schema.settings).values(
                            key="stats_public_key", value=crypto.b64e(stats_public)
                        )
                    )
                    conn.execute(
                        insert(schema.settings).values(key="store_id", value=keystore.store_id)
                    )
                    conn.execute(
                        insert(schema.settings).values(
                            key="clinical_public_key",
                            value=crypto.b64e(crypto.clinical_keypair(keys[KeyName.NOTES][1])[1]),
                        )
                    )
                audit.append(
                    conn, table, admin_username, AuditAction.STORE_CREATED, "store", store, at=now
                )
                head = audit.head(conn, table)
            keystore.anchors[store] = Anchor(
                head.seq,
                head.hash,
                audit.anchor_mac(key, keystore.store_id, store, head.seq, head.hash),
            )
        finally:
            engine.dispose()
    keystore.save()


def retry_delay(keystore: Keystore, username: str, now: datetime) -> float:
    """Seconds to wait before the next attempt: doubling after the third recent failure.

    Unknown usernames share one count, so the delay does not reveal which usernames exist.
    """
    bucket = username if username in keystore.slots else "unknown"
    window = now - timedelta(minutes=15)
    recent = 0
    for failure in keystore.failed_sign_ins:
        with contextlib.suppress(ValueError):
            if failure.username == bucket and datetime.fromisoformat(failure.at) >= window:
                recent += 1
    if recent < 3:
        return 0.0
    return float(min(2 ** (recent - 3), 30))


_DUMMY_PARAMS: crypto.KdfParams | None = None


def _burn_kdf(password: str) -> None:
    """Spend the same time on an unknown username as on a known one."""
    global _DUMMY_PARAMS
    if _DUMMY_PARAMS is None:
        memory, iterations, parallelism = default_kdf_params()
        _DUMMY_PARAMS = crypto.KdfParams.new(memory, iterations, parallelism)
    crypto.derive_key(password, _DUMMY_PARAMS)


def record_failed_sign_in(data: DataDir, username: str, clock: Clock = utcnow) -> None:
    with file_lock(data.lock):
        keystore = Keystore.load(data.keystore)
        # Only known usernames are kept: a password typed into the username box must not be
        # written down anywhere.
        who = username if username in keystore.slots else "unknown"
        keystore.failed_sign_ins.append(
            FailedSignIn(who, clock().replace(microsecond=0).isoformat())
        )
        keystore.failed_sign_ins = keystore.failed_sign_ins[-200:]
        keystore.save()


def unlock(
    path: Path,
    username: str,
    password: str,
    clock: Clock = utcnow,
    sleep: Callable[[float], None] = time.sleep,
    enforce_delay: bool = True,
) -> Session:
    """Open the data directory as ``username``. Any credential failure is AuthenticationFailed."""
    data = DataDir(Path(path))
    if not data.exists():
        raise KeystoreMissing(str(data.path))
    keystore = Keystore.load(data.keystore)
    if enforce_delay:
        delay = retry_delay(keystore, username, clock())
        if delay:
            sleep(delay)
    try:
        opened = keystore.open_slot(username, password)
    except UnknownUser:
        _burn_kdf(password)
        record_failed_sign_in(data, username, clock)
        raise AuthenticationFailed() from None
    except AuthenticationFailed:
        record_failed_sign_in(data, username, clock)
        raise AuthenticationFailed() from None
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
    except BaseException:
        session.close()
        raise
    return session


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
    _listeners: list[Callable[[str], None]] = field(default_factory=list)
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
        """The notes keys, for reading or writing clinical text: counsellors only (the role
        matrix), even though an administrator's slot holds them for key rotation."""
        # A subject access request is the one other purpose: the client's whole record.
        if op not in (Op.NOTES_READ, Op.NOTES_WRITE, Op.SUBJECT_ACCESS):
            raise ValueError(op)
        self.require(op)
        if self.closed or KeyName.NOTES not in self.opened.keys:
            raise PermissionDenied("key:notes")
        return dict(self.opened.keys[KeyName.NOTES])

    def current_generation(self, name: KeyName) -> int:
        return self.keystore.generations[name]

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
            self.case_engine, self.case_generation = self._open_with_any("case", KeyName.CASE)
            self._store_files["case"] = _file_identity(self.data.case_db)
            before = migrate.upgrade(self.case_engine, "case", self.data.case_db)
            if before != migrate.head_revision("case"):
                with self.case_tx() as conn:
                    self.audit_case(conn, AuditAction.STORE_MIGRATED, "store", "case")
            if self.holds(KeyName.NOTES):
                self._publish_clinical_key()
        if self.holds(KeyName.STATS):
            self.stats_engine, self.stats_generation = self._open_with_any("stats", KeyName.STATS)
            self._store_files["stats"] = _file_identity(self.data.stats_db)
            before = migrate.upgrade(self.stats_engine, "stats", self.data.stats_db)
            if before != migrate.head_revision("stats"):
                with self.stats_tx() as conn:
                    self.audit_stats(conn, AuditAction.STORE_MIGRATED, "store", "stats")

    def _publish_clinical_key(self) -> None:
        """Keep case.db's clinical public key in step with the current notes key, so call
        handlers seal risk details to a key only notes-key holders can open."""
        notes = self.key(KeyName.NOTES, self.keystore.generations[KeyName.NOTES])
        public = crypto.b64e(crypto.clinical_keypair(notes)[1])
        with self.case.begin() as conn:
            current = conn.execute(
                select(schema.settings.c.value).where(
                    schema.settings.c.key == "clinical_public_key"
                )
            ).scalar()
            if current == public:
                return
            if current is None:
                conn.execute(
                    insert(schema.settings).values(key="clinical_public_key", value=public)
                )
            else:
                conn.execute(
                    update(schema.settings)
                    .where(schema.settings.c.key == "clinical_public_key")
                    .values(value=public)
                )

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
                opened = keystore.reopen_slot(self.username, self.opened.private_key)
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
        """A write transaction on case.db; its audit entries are anchored after commit. Both run
        under the shared work lock, so a key rotation never catches a write half-done."""
        with self.work():
            with self.case.begin() as conn:
                yield conn
            self.anchor("case")

    @contextlib.contextmanager
    def stats_tx(self) -> Iterator[Connection]:
        with self.work():
            with self.stats.begin() as conn:
                yield conn
            self.anchor("stats")

    def audit_case(
        self, conn: Connection, action: str, record_type: str = "", record_id: str | int = ""
    ) -> None:
        audit.append(
            conn, schema.case_audit, self.username, action, record_type, record_id, self.clock()
        )

    def audit_stats(
        self, conn: Connection, action: str, record_type: str = "", record_id: str | int = ""
    ) -> None:
        audit.append(
            conn, schema.stats_audit, self.username, action, record_type, record_id, self.clock()
        )

    def audit_all(self, action: str, record_type: str = "", record_id: str | int = "") -> None:
        """One entry in every store this user can write (sign-in, lock, password change)."""
        if self.case_engine is not None:
            with self.case_tx() as conn:
                self.audit_case(conn, action, record_type, record_id)
        if self.stats_engine is not None:
            with self.stats_tx() as conn:
                self.audit_stats(conn, action, record_type, record_id)

    def anchor(self, store: str) -> None:
        """Move the key store's anchor for ``store`` to the chain's current head."""
        engine = self.case_engine if store == "case" else self.stats_engine
        if engine is None:
            return
        table = schema.case_audit if store == "case" else schema.stats_audit
        name = KeyName.CASE if store == "case" else KeyName.STATS
        generation = self.case_generation if store == "case" else self.stats_generation
        with engine.connect() as conn:
            head = audit.head(conn, table)
        key = self.opened.keys[name][generation or max(self.opened.keys[name])]
        mac = audit.anchor_mac(key, self.keystore.store_id, store, head.seq, head.hash)
        with file_lock(self.data.lock):
            keystore = Keystore.load(self.data.keystore)
            current = keystore.anchors.get(store)
            if current is not None and current.seq > head.seq:
                return  # another copy of the app is further along; never move an anchor back
            if current is not None:
                with engine.connect() as conn:
                    off_chain = audit.check_against_anchor(
                        conn, table, store, current.seq, current.head
                    )
                if off_chain:
                    # The chain no longer passes through the anchored entry (its tail was cut and
                    # regrown, or the file was replaced by an older copy): moving the anchor would
                    # launder that. Leave it where it is for `verify` to report.
                    return
            keystore.anchors[store] = Anchor(head.seq, head.hash, mac)
            keystore.save()
            if keystore.slots.get(self.username) == self.opened.slot:
                # Our own write of the key store is nothing to catch up with.
                self._keystore_seen = _file_signature(self.data.keystore)
            self.keystore = keystore

    def after_sign_in(self) -> None:
        keystore = Keystore.load(self.data.keystore)
        pending = [f for f in keystore.failed_sign_ins if not f.audited]
        if not (self.case_engine or self.stats_engine):
            pending = []
        for failure in pending:
            # Moved into the chains now that a key is at hand; the key store kept them meanwhile.
            at = datetime.fromisoformat(failure.at)
            if self.case_engine is not None:
                with self.case.begin() as conn:
                    audit.append(
                        conn, schema.case_audit, failure.username, AuditAction.SIGN_IN_FAILED, at=at
                    )
            elif self.stats_engine is not None:
                with self.stats.begin() as conn:
                    audit.append(
                        conn,
                        schema.stats_audit,
                        failure.username,
                        AuditAction.SIGN_IN_FAILED,
                        at=at,
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
                kept.append(FailedSignIn(failure.username, failure.at, audited))
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
