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
from dataclasses import dataclass, field
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
    """One process's hold on one data directory's lock, shared by its threads."""

    handle: BinaryIO
    exclusive_os: bool = False
    shared: dict[int, int] = field(default_factory=dict)  # thread -> depth
    owner: int | None = None  # the thread holding it exclusively
    owner_depth: int = 0


_holdings: dict[str, _Holding] = {}
# Guards the bookkeeping only; threads wait on it (bounded) while another thread of the process
# holds the lock exclusively, or while they wait for one.
_changed = threading.Condition()


def lock_path(data_dir: Path) -> Path:
    return Path(data_dir) / WORK_LOCK_FILE


def holds_exclusive(data_dir: Path) -> bool:
    """True in the thread that holds the lock exclusively (a rotation or restore running)."""
    with _changed:
        holding = _holdings.get(_key(data_dir))
        return holding is not None and holding.owner == threading.get_ident()


def _key(data_dir: Path) -> str:
    return str(Path(data_dir).resolve())


@contextlib.contextmanager
def shared(data_dir: Path, timeout_s: float | None = None) -> Iterator[None]:
    wait = WRITER_WAIT_S if timeout_s is None else timeout_s
    key, me = _key(data_dir), threading.get_ident()
    deadline = time.monotonic() + wait
    with _changed:
        while True:
            holding = _holdings.get(key)
            if holding is None or holding.owner in (None, me):
                break
            if not _changed.wait(max(0.0, deadline - time.monotonic())):
                raise LockTimeout()
        if holding is None:
            holding = _open(data_dir, exclusive=False, deadline=deadline)
            _holdings[key] = holding
        holding.shared[me] = holding.shared.get(me, 0) + 1
    try:
        yield
    finally:
        with _changed:
            holding.shared[me] -= 1
            if not holding.shared[me]:
                del holding.shared[me]
            _release_if_unused(key, holding)
            _changed.notify_all()


@contextlib.contextmanager
def exclusive(data_dir: Path, timeout_s: float | None = None) -> Iterator[None]:
    wait = ROTATION_WAIT_S if timeout_s is None else timeout_s
    key, me = _key(data_dir), threading.get_ident()
    deadline = time.monotonic() + wait
    with _changed:
        while True:
            holding = _holdings.get(key)
            others = holding is not None and any(t != me for t in holding.shared)
            if holding is None or (holding.owner in (None, me) and not others):
                break
            if not _changed.wait(max(0.0, deadline - time.monotonic())):
                raise LockTimeout()
        if holding is None:
            holding = _open(data_dir, exclusive=True, deadline=deadline)
            _holdings[key] = holding
        elif not holding.exclusive_os:
            # Only this thread holds it, shared: convert (Windows locks are exclusive already).
            if os.name != "nt":
                _acquire(holding.handle, True, max(0.0, deadline - time.monotonic()))
            holding.exclusive_os = True
        holding.owner, holding.owner_depth = me, holding.owner_depth + 1
    try:
        yield
    finally:
        with _changed:
            holding.owner_depth -= 1
            if not holding.owner_depth:
                holding.owner = None
                if holding.shared and os.name != "nt":
                    _acquire(holding.handle, False, WRITER_WAIT_S)
                    holding.exclusive_os = False
            _release_if_unused(key, holding)
            _changed.notify_all()


def _open(data_dir: Path, exclusive: bool, deadline: float) -> _Holding:
    handle = open_lock_file(lock_path(data_dir))
    try:
        _acquire(handle, exclusive, max(0.0, deadline - time.monotonic()))
    except BaseException:
        handle.close()
        raise
    return _Holding(handle, exclusive_os=exclusive or os.name == "nt")


def _release_if_unused(key: str, holding: _Holding) -> None:
    if holding.shared or holding.owner is not None:
        return
    del _holdings[key]
    try:
        _release(holding.handle)
    finally:
        holding.handle.close()


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
