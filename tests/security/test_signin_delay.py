"""The sign-in slowdown cannot be reset by somebody else and does not reveal usernames."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from supportline.errors import AuthenticationFailed
from supportline.keystore import Keystore
from supportline.session import DataDir, retry_delay, unlock
from supportline.signin import name_bucket
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


def _share(path: Path, name: str) -> str:
    return name_bucket(Keystore.load(DataDir(path).keystore), name)


def _names_in_share(path: Path, share: str, count: int) -> list[str]:
    keystore = Keystore.load(DataDir(path).keystore)
    names = (f"user{i}" for i in range(10_000))
    return [name for name in names if name_bucket(keystore, name) == share][:count]


def test_made_up_names_are_counted_by_share_and_never_written(staffed_dir: Path) -> None:
    clock = Clock()
    share = _share(staffed_dir, "alice")
    typed = _names_in_share(staffed_dir, share, 4)
    for name in typed:
        _fail(staffed_dir, name, clock, 1)
    clock.now -= timedelta(seconds=5)
    # Four failures on four different made-up names in one share slow that share down...
    (other,) = _names_in_share(staffed_dir, share, 5)[4:]
    assert _delay(staffed_dir, other, clock) == _delay(staffed_dir, typed[0], clock) > 0
    # ...and none of the typed names is written anywhere.
    text = DataDir(staffed_dir).keystore.read_text()
    assert not any(name in text for name in typed)


@pytest.mark.parametrize("existing", [True, False])
def test_the_delay_does_not_tell_whether_a_username_exists(
    staffed_dir: Path, existing: bool
) -> None:
    """Fail one name four times, then see which other names must wait: the same ones whether
    that name is a user or not (before, only a made-up name's failures slowed made-up names)."""
    from supportline.services.users import UserService

    if not existing:
        admin = unlock(staffed_dir, "admin", PASSWORDS["admin"])
        try:
            UserService(admin).disable_user("handler")
        finally:
            admin.close()
    clock = Clock()
    _fail(staffed_dir, "handler", clock, 4)
    clock.now -= timedelta(seconds=5)
    probes = ["admin", "manager", "counsellor", *(f"probe{i}" for i in range(40))]
    waiting = {name for name in probes if _delay(staffed_dir, name, clock) > 0}
    keystore = Keystore.load(DataDir(staffed_dir).keystore)
    share = name_bucket(keystore, "handler")
    assert waiting == {name for name in probes if name_bucket(keystore, name) == share}
    assert _delay(staffed_dir, "handler", clock) > 0
