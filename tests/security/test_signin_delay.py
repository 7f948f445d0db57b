"""The sign-in slowdown cannot be reset by somebody else and does not reveal usernames."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from supportline.errors import AuthenticationFailed
from supportline.keystore import Keystore
from supportline.session import DataDir, retry_delay, unlock
from tests.conftest import PASSWORDS


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


def _fail(data_dir: Path, username: str, clock: Clock, times: int) -> None:
    for _ in range(times):
        with pytest.raises(AuthenticationFailed):
            unlock(data_dir, username, "not the password", clock=clock, sleep=lambda s: None)
        clock.now += timedelta(seconds=5)


def _delay(data_dir: Path, username: str, clock: Clock) -> float:
    return retry_delay(Keystore.load(DataDir(data_dir).keystore), username, clock())


def test_another_users_sign_in_does_not_reset_the_delay(staffed_dir: Path) -> None:
    clock = Clock()
    _fail(staffed_dir, "handler", clock, 5)
    before = _delay(staffed_dir, "handler", clock)
    assert before >= 4
    unlock(staffed_dir, "manager", PASSWORDS["manager"], clock=clock, sleep=lambda s: None).close()
    assert _delay(staffed_dir, "handler", clock) == before
    # The failures were still moved into the audit chain (the manager holds the stats key).
    ks = Keystore.load(DataDir(staffed_dir).keystore)
    assert all(f.audited for f in ks.failed_sign_ins)


def test_own_success_resets_and_the_window_expires(staffed_dir: Path) -> None:
    clock = Clock()
    _fail(staffed_dir, "handler", clock, 4)
    clock.now -= timedelta(seconds=5)  # the next attempt comes straight after the last failure
    assert _delay(staffed_dir, "handler", clock) > 0
    slept: list[float] = []
    unlock(staffed_dir, "handler", PASSWORDS["handler"], clock=clock, sleep=slept.append).close()
    assert slept and slept[0] > 0  # the successful attempt still waited its turn
    assert _delay(staffed_dir, "handler", clock) == 0
    _fail(staffed_dir, "counsellor", clock, 4)
    clock.now += timedelta(minutes=16)
    assert _delay(staffed_dir, "counsellor", clock) == 0


def test_unknown_usernames_share_one_count(staffed_dir: Path) -> None:
    clock = Clock()
    for name in ("alice", "bob", "carol", "dave"):
        _fail(staffed_dir, name, clock, 1)
    # Four failures on four different made-up names slow down any made-up name alike...
    assert _delay(staffed_dir, "zed", clock) == _delay(staffed_dir, "alice", clock) > 0
    # ...and none of the typed names is written anywhere.
    text = DataDir(staffed_dir).keystore.read_text()
    assert "alice" not in text and "carol" not in text
