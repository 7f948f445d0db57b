"""Signing in: the one function every entry point uses to check a password.

The desktop app, every command, ``verify`` and the restore check all come here, so they share
the same defences:

- the retry delay: after three recent failures for one name, each attempt must wait (doubling,
  at most 30 s) from the last failure; the desktop app counts down, the command line waits;
- serialisation: attempts on one data directory take its sign-in lock and hold it across the
  delay and the key derivation, so parallel attempts queue instead of multiplying the rate;
- the same cost for every failure: an unknown username, or a slot refused before deriving,
  still spends one Argon2id derivation at the parameters the store's slots use.

What it cannot do: the failure counter lives in ``keystore.json``, which anyone who can write
the data directory may empty without any key. Against someone holding the files, Argon2id (the
cost of each guess), not the counter, is the defence.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from . import crypto
from .errors import AuthenticationFailed, KeystoreMissing, RetryLater, SignInBusy, UnknownUser
from .keystore import FailedSignIn, Keystore, OpenedSlot, default_kdf_params
from .paths import KEYSTORE, LOCK_FILE, file_lock

SIGN_IN_LOCK = ".supportline-signin.lock"
# Long enough to queue behind a few attempts that each wait the longest delay.
LOCK_TIMEOUT_S = 120.0
WINDOW = timedelta(minutes=15)
FREE_ATTEMPTS = 3
MAX_DELAY_S = 30.0
# A failure stamped further ahead than this is ignored: an edited key store must not be able
# to push the next attempt years into the future.
CLOCK_SKEW = timedelta(minutes=1)
KEEP_FAILURES = 200

Clock = Callable[[], datetime]
Sleep = Callable[[float], None]


def utcnow() -> datetime:
    return datetime.now(UTC)


def wait(seconds: float) -> None:
    """The real pause (looked up when called, so a test can stand in for ``time.sleep``)."""
    time.sleep(seconds)


@dataclass
class SignedIn:
    keystore: Keystore
    opened: OpenedSlot


# -- the delay -------------------------------------------------------------------------------------


def name_bucket(keystore: Keystore, name: str) -> str:
    """Which of 16 shares of all typable names ``name`` falls in (per store).

    Failures are counted per share, for known and unknown names alike, so the delay one name
    gets says nothing about whether another name exists (one count for every unknown name and
    one per known name would: fail a name four times, then see whether a made-up name waits).
    Only this one hex digit is kept of an unknown name: a password typed into the username box
    is never written down.
    """
    digest = hashlib.sha256(f"supportline-signin-v1:{keystore.store_id}:{name}".encode())
    return digest.hexdigest()[0]


def _failure_bucket(keystore: Keystore, failure: FailedSignIn) -> str:
    if failure.username == "unknown":
        return failure.bucket
    return name_bucket(keystore, failure.username)


def _recent_failures(keystore: Keystore, username: str, now: datetime) -> list[datetime]:
    bucket = name_bucket(keystore, username)
    times = []
    for failure in keystore.failed_sign_ins:
        if _failure_bucket(keystore, failure) != bucket:
            continue
        at = datetime.fromisoformat(failure.at)  # well formed: checked when loaded
        if now - WINDOW <= at <= now + CLOCK_SKEW:
            times.append(at)
    return times


def retry_delay(keystore: Keystore, username: str, now: datetime) -> float:
    """The pause the recent failures in this name's share call for: doubling after the third."""
    recent = len(_recent_failures(keystore, username, now))
    if recent < FREE_ATTEMPTS:
        return 0.0
    return float(min(2 ** (recent - FREE_ATTEMPTS), MAX_DELAY_S))


def retry_wait(keystore: Keystore, username: str, now: datetime) -> float:
    """Seconds still to wait before the next attempt: the delay, counted from the last failure."""
    recent = _recent_failures(keystore, username, now)
    delay = retry_delay(keystore, username, now)
    if not delay:
        return 0.0
    elapsed = (now - max(recent)).total_seconds()
    return max(0.0, min(delay, delay - elapsed))


def record_failed_sign_in(data_dir: Any, username: str, clock: Clock = utcnow) -> None:
    """``data_dir``: the directory, or a ``session.DataDir``."""
    data_dir = Path(getattr(data_dir, "path", data_dir))
    with file_lock(Path(data_dir) / LOCK_FILE):
        keystore = Keystore.load(Path(data_dir) / KEYSTORE)
        # Only known usernames are kept: a password typed into the username box must not be
        # written down anywhere (of an unknown name, only its share).
        known = username in keystore.slots
        keystore.failed_sign_ins.append(
            FailedSignIn(
                username if known else "unknown",
                clock().isoformat(),  # to the microsecond: the wait is counted from here
                bucket="" if known else name_bucket(keystore, username),
            )
        )
        keystore.failed_sign_ins = keystore.failed_sign_ins[-KEEP_FAILURES:]
        keystore.save()


# -- the same cost for every attempt ---------------------------------------------------------------


def typical_kdf(keystore: Keystore) -> crypto.KdfParams:
    """Fresh salt, and the cost most of the store's usable slots have (the highest on a tie)."""
    costs = Counter(
        (slot.kdf.memory_kib, slot.kdf.iterations, slot.kdf.parallelism)
        for slot in keystore.slots.values()
        if keystore.slot_is_usable(slot)
    )
    if costs:
        top = max(costs.values())
        memory, iterations, parallelism = max(cost for cost, n in costs.items() if n == top)
    else:
        memory, iterations, parallelism = default_kdf_params(keystore.test_mode)
    return crypto.KdfParams.new(memory, iterations, parallelism, keystore.test_mode)


def open_slot(keystore: Keystore, username: str, password: str) -> OpenedSlot:
    """Open ``username``'s slot; every failure is AuthenticationFailed after one derivation."""
    slot = keystore.slots.get(username)
    if slot is None or not keystore.slot_is_usable(slot):
        crypto.derive_key(password, typical_kdf(keystore))
        raise AuthenticationFailed()
    try:
        return keystore.open_slot(username, password)
    except (AuthenticationFailed, UnknownUser):
        raise AuthenticationFailed() from None


# -- one attempt at a time -------------------------------------------------------------------------


def lock_path(data_dir: Path) -> Path:
    return Path(data_dir) / SIGN_IN_LOCK


@contextlib.contextmanager
def attempt_lock(data_dir: Path) -> Iterator[None]:
    """The data directory's sign-in lock (across processes); SignInBusy if it stays taken."""
    path = lock_path(data_dir)
    with contextlib.suppress(FileExistsError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    acquired = False
    try:
        with file_lock(path, timeout_s=LOCK_TIMEOUT_S):
            acquired = True
            yield
    except OSError:
        if acquired:
            raise
        raise SignInBusy() from None


def sign_in(
    data_dir: Path,
    username: str,
    password: str,
    clock: Clock = utcnow,
    sleep: Sleep | None = wait,
) -> SignedIn:
    """Check ``password`` for ``username`` in ``data_dir``: the only way in.

    With ``sleep=None`` an attempt that must wait raises RetryLater instead of waiting (the
    desktop app shows a countdown and tries again). Every credential failure, of whatever
    kind, is one AuthenticationFailed, recorded in the key store.
    """
    data_dir = Path(data_dir)
    if not (data_dir / KEYSTORE).exists():
        raise KeystoreMissing(str(data_dir))
    with attempt_lock(data_dir):
        keystore = Keystore.load(data_dir / KEYSTORE)
        wait = retry_wait(keystore, username, clock())
        if wait > 0:
            if sleep is None:
                raise RetryLater(wait)
            sleep(wait)
        try:
            opened = open_slot(keystore, username, password)
        except AuthenticationFailed:
            record_failed_sign_in(data_dir, username, clock)
            raise AuthenticationFailed() from None
    return SignedIn(keystore, opened)
