"""One-file encrypted backups of a data directory, and restoring them safely.

File layout::

    b"SLBACKUP1\\n"
    u32 header length, header JSON (format, store id, creation time, the key store at the time,
                                    the backup key wrapped under the store keys)
    chunks: u32 length, AES-256-GCM(backup key, nonce, chunk, AAD = header hash, index, final)

The chunks carry a tar stream of ``manifest.json``, ``case.db``, ``stats.db`` and
``keystore.json``. The databases inside are SQLCipher files (encrypted with their own keys) and
the whole stream is encrypted again with a random backup key. The manifest records each file's
SHA-256 and the audit anchors; a truncated, reordered or edited file fails authentication.

Restoring checks everything (every chunk, the final marker, checksums, both stores opening with
the backup's keys, both audit chains reaching their anchors) in a staging directory before any
current file is replaced, and keeps the replaced files in ``backups/replaced-<time>``.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import shutil
import struct
import tarfile
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from . import audit, crypto, integrity, signin, work_lock
from .audit import AuditAction
from .db import engine as dbengine
from .db import migrate, schema
from .errors import (
    AuthenticationFailed,
    BackupInvalid,
    BackupOlderThanStore,
    ForeignBackup,
    KeystoreCorrupt,
    KeystoreForged,
    KeystoreMissing,
    PermissionDenied,
    RecoveryNeeded,
    StoreBusy,
    StoreTampered,
    StoreUnreadable,
    UnknownUser,
)
from .keystore import Anchor, Keystore, OpenedSlot
from .paths import (
    atomic_output,
    ensure_private_dir,
    file_lock,
    fsync_file,
    open_regular_file,
    private_workdir,
)
from .roles import KeyName, Op, Role
from .session import DataDir, Session, anchor_problem

MAGIC = b"SLBACKUP1\n"
CHUNK = 1024 * 1024
MAX_HEADER = 4 * 1024 * 1024
FILES = ("case.db", "stats.db", "keystore.json")

Progress = Callable[[float, str], None]


def _noop(fraction: float, stage: str) -> None:
    return None


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    created_at: str
    store_id: str
    anchors: dict[str, int]
    size: int


@dataclass(frozen=True)
class RestorePlan:
    """What a checked backup would restore; :func:`restore` acts on it."""

    backup: Path
    created_at: str
    store_id: str
    anchors: dict[str, int]
    current_anchors: dict[str, int]
    older_than_current: bool
    foreign: bool
    staging: Path


def _wrap_key(keys: dict[str, bytes], store_id: str) -> bytes:
    return crypto.hkdf(keys["case"] + keys["stats"], f"supportline-backup-v1:{store_id}".encode())


# -- writing ------------------------------------------------------------------------------------


class _ChunkWriter(io.RawIOBase):
    """A write-only stream that encrypts in authenticated chunks."""

    def __init__(self, out: IO[bytes], key: bytes, header_hash: bytes) -> None:
        self._out = out
        self._key = key
        self._header_hash = header_hash
        self._buffer = bytearray()
        self._index = 0

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        self._buffer += bytes(data)
        while len(self._buffer) > CHUNK:
            self._emit(bytes(self._buffer[:CHUNK]), final=False)
            del self._buffer[:CHUNK]
        return len(data)

    def finish(self) -> None:
        self._emit(bytes(self._buffer), final=True)
        self._buffer.clear()

    def _emit(self, chunk: bytes, final: bool) -> None:
        aad = self._header_hash + struct.pack(">Q?", self._index, final)
        sealed = crypto.seal(self._key, chunk, aad)
        self._out.write(struct.pack(">I", len(sealed)))
        self._out.write(sealed)
        self._index += 1


def _snapshot(session: Session, store: str, target: Path) -> None:
    """A consistent copy of a live store, still encrypted with the store key."""
    engine = session.case if store == "case" else session.stats
    name = KeyName.CASE if store == "case" else KeyName.STATS
    generation = session.case_generation if store == "case" else session.stats_generation
    key = session.key(name, generation)
    raw = engine.raw_connection()
    try:
        conn = dbengine.driver(raw)
        target.touch(mode=0o600)
        # sqlcipher_export runs as one statement, so it reads one consistent snapshot.
        conn.execute("ATTACH DATABASE ? AS snapshot KEY ?", (str(target), f"x'{key.hex()}'"))
        try:
            conn.execute("SELECT sqlcipher_export('snapshot')").fetchall()
        finally:
            conn.execute("DETACH DATABASE snapshot")
    finally:
        raw.close()


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(CHUNK), b""):
            digest.update(block)
    return digest.hexdigest()


def _checked_snapshots(session: Session, staging: Path, attempts: int = 3) -> Keystore:
    """Snapshot both stores, then recompute every digest of the snapshots and check them
    against the anchors: a backup never carries a tampered store on as if it were sound.

    Another copy of the app may commit between a snapshot and reading the anchors; that is
    tried again a few times, tampering never goes away.
    """
    for attempt in range(attempts):
        for store in ("case", "stats"):
            for suffix in ("", "-wal", "-shm"):
                with contextlib.suppress(FileNotFoundError):
                    (staging / f"{store}.db{suffix}").unlink()
            _snapshot(session, store, staging / f"{store}.db")
        keystore = Keystore.load(session.data.keystore)
        problems = [
            (store, kind)
            for store in ("case", "stats")
            if (kind := _snapshot_problem(session, keystore, store, staging / f"{store}.db"))
        ]
        if not problems:
            return keystore
        if attempt == attempts - 1 or any(kind != "integrity" for _, kind in problems):
            store, kind = problems[0]
            raise StoreTampered(store, kind)
    raise AssertionError("unreachable")


def _snapshot_problem(session: Session, keystore: Keystore, store: str, path: Path) -> str | None:
    name = KeyName.CASE if store == "case" else KeyName.STATS
    generation = session.case_generation if store == "case" else session.stats_generation
    engine = dbengine.make_engine(path, session.key(name, generation), store=store)
    try:
        with engine.connect() as conn:
            raw = dbengine.driver(conn.connection)
            tracker = integrity.tracker(raw)
            assert tracker is not None
            if integrity.check(raw, tracker):
                return "rows"
            return anchor_problem(
                conn,
                keystore.anchors.get(store),
                session.signing_keys(keystore),
                keystore.store_id,
                store,
            )
    finally:
        engine.dispose()
        for suffix in ("-wal", "-shm"):
            with contextlib.suppress(FileNotFoundError):
                (path.with_name(path.name + suffix)).unlink()


def create_backup(session: Session, out: Path, progress: Progress = _noop) -> BackupInfo:
    # Under the shared work lock: a key rotation in another copy of the app cannot re-encrypt
    # the stores between the snapshot and the keys wrapped for it.
    with session.work():
        return _create_backup(session, out, progress)


def _create_backup(session: Session, out: Path, progress: Progress) -> BackupInfo:
    session.require(Op.BACKUP_CREATE)
    out = Path(out)
    with session.case_tx() as conn:
        session.audit_case(conn, AuditAction.BACKUP_CREATED, "backup", "")
    with session.stats_tx() as conn:
        session.audit_stats(conn, AuditAction.BACKUP_CREATED, "backup", "")
    # Each backup stages in its own private directory: two at once do not disturb each other.
    with private_workdir(session.data.path, ".backup-staging-") as staging:
        progress(0.05, "snapshot")
        keystore = _checked_snapshots(session, staging)
        (staging / "keystore.json").write_bytes(keystore.to_bytes())
        anchors = {name: anchor.to_json() for name, anchor in keystore.anchors.items()}
        created = datetime.now(UTC).replace(microsecond=0).isoformat()
        manifest = {
            "format": 1,
            "store_id": keystore.store_id,
            "created_at": created,
            "files": {name: _sha256(staging / name) for name in FILES},
            "anchors": anchors,
            "schema": {
                "case": migrate.head_revision("case"),
                "stats": migrate.head_revision("stats"),
            },
            "generations": {k.value: v for k, v in keystore.generations.items()},
        }
        backup_key = crypto.random_key()
        keys = {
            "case": session.key(KeyName.CASE, keystore.generations[KeyName.CASE]),
            "stats": session.key(KeyName.STATS, keystore.generations[KeyName.STATS]),
        }
        header_core = {
            "format": 1,
            "store_id": keystore.store_id,
            "created_at": created,
            "keystore": keystore.to_json(),
        }
        wrapped = crypto.seal(
            _wrap_key(keys, keystore.store_id), backup_key, crypto.canonical(header_core)
        )
        header = crypto.canonical({**header_core, "wrapped_key": crypto.b64e(wrapped)})
        header_hash = hashlib.sha256(header).digest()
        progress(0.5, "write")
        with atomic_output(out) as tmp, open(tmp, "wb") as handle:
            handle.write(MAGIC)
            handle.write(struct.pack(">I", len(header)))
            handle.write(header)
            writer = _ChunkWriter(handle, backup_key, header_hash)
            with tarfile.open(fileobj=writer, mode="w|", format=tarfile.PAX_FORMAT) as tar:
                data = json.dumps(manifest, indent=1, sort_keys=True).encode()
                info = tarfile.TarInfo("manifest.json")
                info.size = len(data)
                tar.addfile(info, io.BytesIO(data))
                for name in FILES:
                    tar.add(staging / name, arcname=name, recursive=False)
            writer.finish()
            handle.flush()
        progress(1.0, "done")
    return BackupInfo(
        path=out,
        created_at=created,
        store_id=keystore.store_id,
        anchors={name: anchor.seq for name, anchor in keystore.anchors.items()},
        size=out.stat().st_size,
    )


# -- reading ------------------------------------------------------------------------------------


def _read_header(handle: IO[bytes]) -> tuple[dict[str, Any], bytes]:
    if handle.read(len(MAGIC)) != MAGIC:
        raise BackupInvalid("not_a_backup")
    raw_len = handle.read(4)
    if len(raw_len) != 4:
        raise BackupInvalid("truncated")
    (length,) = struct.unpack(">I", raw_len)
    if length > MAX_HEADER:
        raise BackupInvalid("bad_header")
    header = handle.read(length)
    if len(header) != length:
        raise BackupInvalid("truncated")
    try:
        return json.loads(header), header
    except ValueError as exc:
        raise BackupInvalid("bad_header") from exc


def _chunks(handle: IO[bytes], key: bytes, header_hash: bytes) -> Iterator[bytes]:
    index = 0
    while True:
        raw_len = handle.read(4)
        if len(raw_len) != 4:
            raise BackupInvalid("truncated")
        (length,) = struct.unpack(">I", raw_len)
        if length > CHUNK + 64:
            raise BackupInvalid("bad_chunk")
        sealed = handle.read(length)
        if len(sealed) != length:
            raise BackupInvalid("truncated")
        for final in (False, True):
            try:
                chunk = crypto.open_sealed(
                    key, sealed, header_hash + struct.pack(">Q?", index, final)
                )
            except crypto.CryptoError:
                continue
            yield chunk
            if final:
                if handle.read(1):
                    raise BackupInvalid("trailing_data")
                return
            break
        else:
            raise BackupInvalid("tampered")
        index += 1


class _ChunkReader(io.RawIOBase):
    def __init__(self, chunks: Iterator[bytes]) -> None:
        self._chunks = chunks
        self._buffer = b""

    def readable(self) -> bool:
        return True

    def readinto(self, target: Any) -> int:
        while not self._buffer:
            try:
                self._buffer = next(self._chunks)
            except StopIteration:
                return 0
        size = min(len(target), len(self._buffer))
        target[:size] = self._buffer[:size]
        self._buffer = self._buffer[size:]
        return size


def _current_admin(data: DataDir, username: str, password: str) -> OpenedSlot | None:
    """The current administrator's opened slot, or None when there is no usable live key store
    (disaster recovery: then only the recovery secret made at init will do)."""
    try:
        # The one sign-in (its delay, its lock, its record of failures), as every entry point.
        opened = signin.sign_in(data.path, username, password).opened
    except (KeystoreMissing, KeystoreCorrupt):
        return None
    except KeystoreForged:
        return None  # edited by hand: no more usable than a missing one
    if Role.ADMINISTRATOR not in opened.slot.roles:
        raise PermissionDenied(Op.BACKUP_RESTORE.value)
    return opened


@contextlib.contextmanager
def _sign_in_lock(data: DataDir) -> Iterator[None]:
    """The data directory's sign-in lock, when there is a directory to hold one (a disaster
    recovery may restore into a directory that does not exist yet)."""
    if not data.path.is_dir():
        yield
        return
    with signin.attempt_lock(data.path):
        yield


def _backup_signing_keys(
    data: DataDir, keystore: Keystore, opened: OpenedSlot | None, recovered: bool
) -> audit.SigningKeys:
    """The certified signing keys of the backup's own key store, to check its audit entries.

    Its authority is trusted when the recovery secret opened its key, when the backup's own slot
    (opened with the password) pins it, or, when only the live key store's slot opened, when the
    live authority descends from it by signed hand-overs (keys rotated since the backup)."""
    if recovered:
        trusted = keystore.authority
    elif opened is not None:
        trusted = opened.authority
    else:
        try:
            current = Keystore.load(data.keystore)
            current.trusted_authority(keystore.authority)
        except (KeystoreCorrupt, KeystoreForged) as exc:
            raise BackupInvalid("tampered") from exc
        trusted = keystore.authority
    cache: dict[str, list[bytes]] = {}

    def lookup(username: str) -> list[bytes]:
        if username not in cache:
            try:
                cache[username] = keystore.certified_signing_keys(username, trusted)
            except KeystoreForged:
                cache[username] = []
        return cache[username]

    return lookup


def check_backup(
    data_dir: Path,
    backup: Path,
    username: str,
    password: str,
    progress: Progress = _noop,
    recovery_secret: str | None = None,
) -> RestorePlan:
    """Decrypt and check the whole backup into a staging directory; replace nothing.

    Over a live key store, ``username`` must be one of its administrators. Where there is no
    usable key store (lost, damaged or edited), the recovery secret made at init is needed
    instead: an administrator's slot inside the backup is not enough, or anyone disabled since
    could delete the key store and bring their old slot back with the backup.
    """
    data = DataDir(Path(data_dir))
    try:
        handle = open_regular_file(backup)
    except OSError as exc:
        raise BackupInvalid("unreadable") from exc
    with handle:
        header, header_bytes = _read_header(handle)
        try:
            keystore = Keystore.from_json(header["keystore"])
            store_id = str(header["store_id"])
            created = str(header["created_at"])
            wrapped = crypto.b64d(header["wrapped_key"])
        except (KeyError, ValueError, TypeError, crypto.CryptoError) as exc:
            raise BackupInvalid("bad_header") from exc
        if keystore.store_id != store_id:
            raise BackupInvalid("bad_header")
        # Whoever restores over live data must be an administrator of the live data now: a
        # user disabled since the backup, holding it and their old password, must not be able
        # to roll the service back to a time when their slot and keys still worked.
        current_opened = _current_admin(data, username, password)
        opened: OpenedSlot | None = None
        recovered: dict[KeyName, dict[int, bytes]] | None = None
        if current_opened is None:
            if recovery_secret is None:
                raise RecoveryNeeded()
            try:
                recovered = keystore.open_recovery(recovery_secret)
            except KeystoreForged as exc:
                raise BackupInvalid("tampered") from exc
        else:
            try:
                with _sign_in_lock(data):
                    opened = signin.open_slot(keystore, username, password)
            except KeystoreForged as exc:
                raise BackupInvalid("tampered") from exc
            except (AuthenticationFailed, UnknownUser):
                opened = None  # the password has changed since; the current keys may still fit
            if opened is not None and Role.ADMINISTRATOR not in opened.slot.roles:
                raise PermissionDenied(Op.BACKUP_RESTORE.value)
        try:
            header_core = {k: header[k] for k in ("format", "store_id", "created_at", "keystore")}
        except KeyError as exc:
            raise BackupInvalid("bad_header") from exc
        backup_key = None
        key_sets = [c.keys for c in (opened, current_opened) if c is not None]
        if recovered is not None:
            key_sets.append(recovered)
        for key_set in key_sets:
            try:
                # An edited header can name a generation the slot holds no key for.
                keys = {
                    "case": key_set[KeyName.CASE][keystore.generations[KeyName.CASE]],
                    "stats": key_set[KeyName.STATS][keystore.generations[KeyName.STATS]],
                }
            except KeyError:
                continue
            try:
                backup_key = crypto.open_sealed(
                    _wrap_key(keys, store_id), wrapped, crypto.canonical(header_core)
                )
                break
            except crypto.CryptoError:
                continue
        if backup_key is None:
            if opened is None and recovered is None:
                # Keys rotated and the password changed since the backup: the backup's own slot
                # needs the password that was current when it was made.
                raise AuthenticationFailed()
            raise BackupInvalid("tampered")
        signing_keys = _backup_signing_keys(data, keystore, opened, recovered is not None)
        signatures = (keystore.store_id, signing_keys)
        ensure_private_dir(data.path)
        _sweep_old_restore_stagings(data.path)
        staging = Path(tempfile.mkdtemp(prefix=RESTORE_STAGING, dir=data.path))
        try:
            reader = io.BufferedReader(
                _ChunkReader(_chunks(handle, backup_key, hashlib.sha256(header_bytes).digest()))
            )
            progress(0.1, "decrypt")
            seen: set[str] = set()
            try:
                with tarfile.open(fileobj=reader, mode="r|") as tar:
                    for member in tar:
                        if member.name not in (*FILES, "manifest.json") or not member.isfile():
                            raise BackupInvalid("unexpected_entry")
                        source = tar.extractfile(member)
                        assert source is not None
                        # Private from birth: these become the live store and key store.
                        fd = os.open(
                            staging / member.name,
                            os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0),
                            0o600,
                        )
                        with os.fdopen(fd, "wb") as target:
                            shutil.copyfileobj(source, target, CHUNK)
                        seen.add(member.name)
                # Drain to the final chunk so truncation after the tar's end is caught too.
                while reader.read(CHUNK):
                    pass
            except tarfile.TarError as exc:
                raise BackupInvalid("tampered") from exc
            if seen != {*FILES, "manifest.json"}:
                raise BackupInvalid("incomplete")
            manifest = json.loads((staging / "manifest.json").read_text())
            if manifest.get("store_id") != store_id:
                raise BackupInvalid("tampered")
            for name in FILES:
                if _sha256(staging / name) != manifest["files"].get(name):
                    raise BackupInvalid("checksum")
            progress(0.6, "check")
            anchors = {name: int(value["seq"]) for name, value in manifest["anchors"].items()}
            for store, table in (("case", schema.case_audit), ("stats", schema.stats_audit)):
                try:
                    conn = dbengine.connect(staging / f"{store}.db", keys[store], store=store)
                except StoreUnreadable as exc:
                    raise BackupInvalid("store_unreadable") from exc
                conn.close()
                engine = dbengine.make_engine(staging / f"{store}.db", keys[store], store=store)
                try:
                    with engine.connect() as sconn:
                        problems, _ = audit.verify_chain(sconn, table, store, signatures)
                        anchor = manifest["anchors"][store]
                        problems += audit.check_against_anchor(
                            sconn, table, store, int(anchor["seq"]), str(anchor["head"])
                        )
                    if problems:
                        raise BackupInvalid("audit")
                    with engine.connect() as sconn:
                        if _staged_integrity_problem(sconn, anchor):
                            raise BackupInvalid("integrity")
                finally:
                    engine.dispose()
                for suffix in ("-wal", "-shm"):
                    with contextlib.suppress(FileNotFoundError):
                        (staging / f"{store}.db{suffix}").unlink()
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
    current_anchors: dict[str, int] = {}
    foreign = False
    if data.keystore.exists():
        try:
            current = Keystore.load(data.keystore)
            current_anchors = {name: a.seq for name, a in current.anchors.items()}
            foreign = current.store_id != store_id
        except Exception:  # noqa: BLE001 - a damaged current key store must not block recovery
            current_anchors = {}
    older = any(anchors.get(name, 0) < seq for name, seq in current_anchors.items())
    progress(0.8, "checked")
    return RestorePlan(
        backup=Path(backup),
        created_at=created,
        store_id=store_id,
        anchors=anchors,
        current_anchors=current_anchors,
        older_than_current=older and not foreign,
        foreign=foreign,
        staging=staging,
    )


RESTORE_STAGING = ".restore-staging-"


def _sweep_old_restore_stagings(directory: Path, older_than_s: float = 24 * 3600) -> None:
    """A checked restore waits in its staging until it is restored or discarded; one left by a
    killed process for a day is removed (each holds only encrypted stores and a key store)."""
    import time

    for leftover in directory.glob(f"{RESTORE_STAGING}*"):
        with contextlib.suppress(OSError):
            if leftover.is_dir() and time.time() - leftover.stat().st_mtime > older_than_s:
                shutil.rmtree(leftover, ignore_errors=True)


def _staged_integrity_problem(conn: Any, anchored: dict[str, Any]) -> bool:
    """Rows recomputed against the digests, and the digests against the manifest's anchor."""
    raw = dbengine.driver(conn.connection)
    tracker = integrity.tracker(raw)
    assert tracker is not None
    if not integrity.has_table(raw):
        return False  # a backup from before the digests
    if integrity.check(raw, tracker):
        return True
    try:
        anchor = Anchor.from_json(anchored)
    except (KeyError, TypeError, ValueError):
        return True
    digests = {state.digest for state in anchor.states()}
    return anchor.digest is not None and integrity.current_digest(raw) not in digests


def restore(
    plan: RestorePlan, data_dir: Path, allow_older: bool = False, actor: str = "admin"
) -> Path | None:
    """Replace the current files by the checked ones. Returns where the old files were kept."""
    data = DataDir(Path(data_dir))
    try:
        if plan.foreign:
            raise ForeignBackup(plan.store_id)
        if plan.older_than_current and not allow_older:
            store = next(
                name
                for name, seq in plan.current_anchors.items()
                if plan.anchors.get(name, 0) < seq
            )
            raise BackupOlderThanStore(
                plan.anchors.get(store, 0), plan.current_anchors[store], store
            )
        kept: Path | None = None
        ensure_private_dir(data.path)  # restoring into a new directory: private like `init`
        with _exclusive_work(data.path), file_lock(data.lock):
            if any(data.path.joinpath(name).exists() for name in FILES):
                stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
                kept = data.path / "backups" / f"replaced-{stamp}"
                ensure_private_dir(kept)
                for name in FILES:
                    for suffix in ("", "-wal", "-shm"):
                        source = data.path / f"{name}{suffix}"
                        if source.exists():
                            shutil.copy2(source, kept / source.name)
            for name in ("case.db", "stats.db", "keystore.json"):
                for suffix in ("-wal", "-shm"):
                    with contextlib.suppress(FileNotFoundError):
                        (data.path / f"{name}{suffix}").unlink()
                staged = plan.staging / name
                fsync_file(staged)
                os.replace(staged, data.path / name)
        return kept
    finally:
        shutil.rmtree(plan.staging, ignore_errors=True)


@contextlib.contextmanager
def _exclusive_work(data_dir: Path) -> Iterator[None]:
    """No other copy of the app writes while the files are replaced (:mod:`.work_lock`)."""
    with contextlib.ExitStack() as stack:
        try:
            stack.enter_context(work_lock.exclusive(data_dir))
        except work_lock.LockTimeout:
            raise StoreBusy() from None
        yield


def discard(plan: RestorePlan) -> None:
    shutil.rmtree(plan.staging, ignore_errors=True)


def record_restore(session: Session, plan: RestorePlan) -> None:
    """Audit the restore in the restored stores (called after unlocking them)."""
    with session.case_tx() as conn:
        session.audit_case(
            conn, AuditAction.STORE_RESTORED, "backup", plan.created_at.replace("+00:00", "Z")
        )
    with session.stats_tx() as conn:
        session.audit_stats(
            conn, AuditAction.STORE_RESTORED, "backup", plan.created_at.replace("+00:00", "Z")
        )
