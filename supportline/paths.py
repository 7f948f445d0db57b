"""Where data lives, and how files outside the databases are written (atomically)."""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from platformdirs import user_data_dir

from .errors import NotARegularFile

APP_NAME = "SupportLine"
APP_AUTHOR = "KentCountyCouncil"

CASE_DB = "case.db"
STATS_DB = "stats.db"
KEYSTORE = "keystore.json"
LOCK_FILE = ".supportline.lock"


def default_data_dir() -> Path:
    return Path(user_data_dir(APP_NAME, APP_AUTHOR))


def resolve_data_dir(data_dir: str | os.PathLike[str] | None) -> Path:
    env = os.environ.get("SUPPORTLINE_DATA_DIR")
    if data_dir is not None:
        return Path(data_dir).expanduser().resolve()
    if env:
        return Path(env).expanduser().resolve()
    return default_data_dir()


def ensure_private_dir(path: Path) -> None:
    """Create ``path`` and any missing parents as 0700 (``backups/`` as much as the leaf)."""
    path = Path(path)
    missing: list[Path] = []
    for candidate in (path, *path.parents):
        if candidate.exists():
            break
        missing.append(candidate)
    for directory in reversed(missing):
        with contextlib.suppress(FileExistsError):
            directory.mkdir(mode=0o700)
        _make_private(directory)
    _make_private(path)


def _make_private(directory: Path) -> None:
    # Not meaningful on Windows; ACLs there come from the profile.
    with contextlib.suppress(OSError):
        os.chmod(directory, 0o700)


def open_regular_file(path: str | os.PathLike[str]) -> BinaryIO:
    """Open an input (an import, a backup to restore) for reading, refusing anything but a
    regular file: a FIFO would block the app for ever, a device would never end.

    The file is opened without blocking first and checked through its descriptor, so what is
    checked is what is read.
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except IsADirectoryError:
        raise NotARegularFile(str(path)) from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise NotARegularFile(str(path))
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_regular_file(path: str | os.PathLike[str]) -> bytes:
    with open_regular_file(path) as handle:
        return handle.read()


def fsync_dir(directory: Path) -> None:
    if os.name == "nt":
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write(path: Path, data: bytes) -> None:
    """Temp file in the same directory (0600 from birth), fsync, ``os.replace``, fsync the dir."""
    path = Path(path)
    directory = path.parent
    if not directory.exists():
        ensure_private_dir(directory)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise
    fsync_dir(directory)


@contextlib.contextmanager
def atomic_output(path: Path) -> Iterator[Path]:
    """Yields a private temp path beside ``path``; on success it replaces ``path`` atomically."""
    path = Path(path)
    if not path.parent.exists():
        ensure_private_dir(path.parent)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        with open(tmp, "rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp, path)
        fsync_dir(path.parent)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def fsync_file(path: Path) -> None:
    with open(path, "rb+") as handle:
        os.fsync(handle.fileno())


@contextlib.contextmanager
def private_workdir(parent: Path, prefix: str) -> Iterator[Path]:
    """A private (0700) directory in ``parent`` for one job, removed when the job ends.

    A lock beside it is held while the job runs, so that what a killed job left behind (same
    prefix, lock free) is removed by the next job, and a job still running is left alone.
    """
    parent = Path(parent)
    parent.mkdir(parents=True, exist_ok=True)
    sweep_abandoned(parent, prefix)
    work = Path(tempfile.mkdtemp(prefix=prefix, dir=parent))
    lock = work.with_name(work.name + ".lock")
    try:
        # The OS lock itself, not file_lock: that one is re-entrant within the process, and a
        # job on another thread must see this one as running.
        with _os_lock(lock, timeout_s=0):
            yield work
    finally:
        shutil.rmtree(work, ignore_errors=True)
        with contextlib.suppress(OSError):
            lock.unlink()


def sweep_abandoned(parent: Path, prefix: str) -> None:
    for leftover in Path(parent).glob(f"{prefix}*"):
        if not leftover.is_dir():
            continue
        lock = leftover.with_name(leftover.name + ".lock")
        try:
            with _os_lock(lock, timeout_s=0):
                shutil.rmtree(leftover, ignore_errors=True)
        except OSError:
            continue  # its job is still running
        with contextlib.suppress(OSError):
            lock.unlink()


_held: dict[str, int] = {}
_held_guard = threading.RLock()


@contextlib.contextmanager
def file_lock(path: Path, timeout_s: float = 30.0) -> Iterator[None]:
    """An advisory inter-process lock (key store read-modify-write from two copies of the app).

    Re-entrant within one process: a service holding the lock may call code that takes it again.
    """
    key = str(Path(path).resolve())
    with _held_guard:
        if _held.get(key):
            _held[key] += 1
            try:
                yield
            finally:
                _held[key] -= 1
            return
        with _os_lock(Path(path), timeout_s):
            _held[key] = 1
            try:
                yield
            finally:
                _held[key] = 0


def open_lock_file(path: Path) -> BinaryIO:
    """The lock file, created 0600 like every other file of the data directory."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0), 0o600)
    with contextlib.suppress(OSError):
        os.chmod(path, 0o600)  # a lock file left 0644 by an older version
    return os.fdopen(fd, "r+b")


@contextlib.contextmanager
def _os_lock(path: Path, timeout_s: float) -> Iterator[None]:
    import time

    if not path.parent.exists():
        ensure_private_dir(path.parent)
    handle = open_lock_file(path)
    deadline = time.monotonic() + timeout_s
    try:
        while True:
            try:
                if os.name == "nt":
                    import msvcrt

                    handle.seek(0)
                    msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
                else:
                    import fcntl

                    fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.02)
        yield
    finally:
        try:
            if os.name == "nt":
                import msvcrt

                handle.seek(0)
                msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)  # type: ignore[attr-defined]
            else:
                import fcntl

                fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
        finally:
            handle.close()
