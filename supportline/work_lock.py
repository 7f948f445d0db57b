"""The data directory's work lock: ordinary writers share it, key rotation and restore hold it
alone.

Every write transaction of every copy of the app (another window, the command line) runs under
the shared lock, so a rotation, which takes the lock exclusively, starts only once no write is in
flight and no write starts until it has finished. A writer that cannot have the lock within a
bounded wait is refused before it writes anything (:class:`~supportline.errors.KeysChanging`),
so nothing is ever half-done.

POSIX: ``flock`` shared and exclusive locks on ``.supportline.work`` (0600). Windows has no
shared byte-range lock through ``msvcrt``: there every holder takes it exclusively, which still
excludes rotation and only serialises writers of different copies of the app, as SQLite's own
write lock does anyway.

Re-entrant within one process: the rotating administrator's own writes (the audit entries it
adds) and nested transactions do not wait on themselves.
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from .paths import open_lock_file

WORK_LOCK_FILE = ".supportline.work"
# How long a writer waits for a rotation or restore to finish before it is refused.
WRITER_WAIT_S = 10.0
# How long a rotation waits for writers in flight (each is one short transaction).
ROTATION_WAIT_S = 60.0
_POLL_S = 0.02


class LockTimeout(Exception):
    """Internal: the lock was not had in time (callers raise the typed error)."""


@dataclass
class _Holding:
    handle: BinaryIO
    exclusive: bool
    count: int


_holdings: dict[str, _Holding] = {}
# One thread of a process at a time holds or changes the process's lock; the database thread is
# the only writer in the app, so this never makes a user wait on themselves.
_guard = threading.RLock()


def lock_path(data_dir: Path) -> Path:
    return Path(data_dir) / WORK_LOCK_FILE


def holds_exclusive(data_dir: Path) -> bool:
    with _guard:
        holding = _holdings.get(_key(data_dir))
        return holding is not None and holding.exclusive


def _key(data_dir: Path) -> str:
    return str(Path(data_dir).resolve())


@contextlib.contextmanager
def shared(data_dir: Path, timeout_s: float | None = None) -> Iterator[None]:
    wait = WRITER_WAIT_S if timeout_s is None else timeout_s
    with _hold(Path(data_dir), exclusive=False, timeout_s=wait):
        yield


@contextlib.contextmanager
def exclusive(data_dir: Path, timeout_s: float | None = None) -> Iterator[None]:
    wait = ROTATION_WAIT_S if timeout_s is None else timeout_s
    with _hold(Path(data_dir), exclusive=True, timeout_s=wait):
        yield


@contextlib.contextmanager
def _hold(data_dir: Path, exclusive: bool, timeout_s: float) -> Iterator[None]:
    key = _key(data_dir)
    if not _guard.acquire(timeout=timeout_s):
        raise LockTimeout()
    try:
        holding = _holdings.get(key)
        if holding is None:
            handle = open_lock_file(lock_path(data_dir))
            try:
                _acquire(handle, exclusive, timeout_s)
            except BaseException:
                handle.close()
                raise
            holding = _holdings[key] = _Holding(handle, exclusive, 0)
        # Windows locks are always exclusive: nothing to convert there.
        upgraded = exclusive and not holding.exclusive and os.name != "nt"
        if upgraded:
            _acquire(holding.handle, True, timeout_s)
            holding.exclusive = True
        holding.count += 1
        try:
            yield
        finally:
            holding.count -= 1
            if upgraded:
                _acquire(holding.handle, False, timeout_s)
                holding.exclusive = False
            if holding.count == 0:
                del _holdings[key]
                try:
                    _release(holding.handle)
                finally:
                    holding.handle.close()
    finally:
        _guard.release()


def _acquire(handle: BinaryIO, exclusive: bool, timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            _try_lock(handle, exclusive)
            return
        except OSError:
            if time.monotonic() >= deadline:
                raise LockTimeout() from None
            time.sleep(_POLL_S)


def _try_lock(handle: BinaryIO, exclusive: bool) -> None:
    if os.name == "nt":
        import msvcrt

        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
        return
    import fcntl

    mode = fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH
    fcntl.flock(handle.fileno(), mode | fcntl.LOCK_NB)


def _release(handle: BinaryIO) -> None:
    if os.name == "nt":
        import msvcrt

        handle.seek(0)
        with contextlib.suppress(OSError):
            msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)  # type: ignore[attr-defined]
        return
    import fcntl

    fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
