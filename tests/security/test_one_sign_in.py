"""One sign-in for every entry point: verify and the restore check wait and are counted like the
desktop app and every command; attempts on one data directory are serialised by a lock held
across the key derivation; nothing in the program checks a password any other way."""

from __future__ import annotations

import fcntl
import os
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from supportline import cli, crypto, signin
from supportline.backup import check_backup, create_backup, discard
from supportline.errors import AuthenticationFailed, SignInBusy
from supportline.keystore import Keystore
from supportline.session import unlock
from supportline.verify import verify
from tests.conftest import ADMIN_PASSWORD

ROOT = Path(__file__).resolve().parents[2]


class Waits:
    """Stands in for ``time.sleep`` (no real pause) and records every wait asked for."""

    def __init__(self) -> None:
        self.calls: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.calls.append(seconds)

    def sign_in_waits(self) -> list[float]:
        return [s for s in self.calls if s > 0.05]  # not the lock's short polling pauses


@pytest.fixture
def waits(monkeypatch: pytest.MonkeyPatch) -> Waits:
    recorder = Waits()
    monkeypatch.setattr(time, "sleep", recorder)
    return recorder


def _failures(path: Path) -> list[str]:
    return [f.username for f in Keystore.load(path / "keystore.json").failed_sign_ins]


def test_verify_counts_failures_and_waits_like_any_sign_in(data_dir: Path, waits: Waits) -> None:
    for _ in range(3):
        with pytest.raises(AuthenticationFailed):
            verify(data_dir, "admin", "a guess at the password")
    assert _failures(data_dir) == ["admin"] * 3
    assert waits.sign_in_waits() == []
    # The fourth attempt, right or wrong, waits its turn first.
    assert verify(data_dir, "admin", ADMIN_PASSWORD).sound
    assert len(waits.sign_in_waits()) == 1


@pytest.fixture
def backup_file(data_dir: Path, tmp_path: Path) -> Path:
    out = tmp_path / "backup.slb"
    admin = unlock(data_dir, "admin", ADMIN_PASSWORD)
    try:
        create_backup(admin, out)
    finally:
        admin.close()
    return out


def test_the_restore_check_counts_failures_and_waits(
    data_dir: Path, backup_file: Path, waits: Waits
) -> None:
    for _ in range(3):
        with pytest.raises(AuthenticationFailed):
            check_backup(data_dir, backup_file, "admin", "a guess at the password")
    assert _failures(data_dir) == ["admin"] * 3
    plan = check_backup(data_dir, backup_file, "admin", ADMIN_PASSWORD)
    discard(plan)
    assert len(waits.sign_in_waits()) == 1


def test_the_command_line_restore_and_verify_are_counted(
    data_dir: Path, backup_file: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    monkeypatch.setenv(cli.PASSWORD_ENV, "a guess at the password")
    user = ["--data-dir", str(data_dir), "--user", "admin"]
    assert cli.main(["verify", *user]) == 1
    assert cli.main(["restore", str(backup_file), *user]) == 1
    assert cli.main(["users", "list", *user]) == 1
    capsys.readouterr()
    assert _failures(data_dir) == ["admin"] * 3


def _lock_is_free(path: Path) -> bool:
    """Asked from another process, as a second copy of the app would."""
    probe = (
        "import fcntl, sys\n"
        "f = open(sys.argv[1], 'a+b')\n"
        "try:\n"
        "    fcntl.flock(f.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)\n"
        "except OSError:\n"
        "    sys.exit(1)\n"
    )
    return subprocess.run([sys.executable, "-c", probe, str(path)], check=False).returncode == 0


@pytest.mark.skipif(os.name == "nt", reason="the probe uses flock")
@pytest.mark.parametrize("username", ["admin", "nobody"])
def test_the_sign_in_lock_is_held_across_the_key_derivation(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, username: str
) -> None:
    real = crypto.hash_secret_raw
    seen: list[bool] = []

    def derive(**kwargs: Any) -> bytes:
        seen.append(_lock_is_free(signin.lock_path(data_dir)))
        return real(**kwargs)

    monkeypatch.setattr(crypto, "hash_secret_raw", derive)
    with pytest.raises(AuthenticationFailed):
        unlock(data_dir, username, "a guess at the password")
    assert seen == [False]
    assert _lock_is_free(signin.lock_path(data_dir))  # and released afterwards
    assert signin.lock_path(data_dir).stat().st_mode & 0o077 == 0


@pytest.mark.skipif(os.name == "nt", reason="holds the lock with flock")
def test_an_attempt_queued_too_long_is_refused_in_one_line(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    monkeypatch.setattr(signin, "LOCK_TIMEOUT_S", 0.2)
    unlock(data_dir, "admin", ADMIN_PASSWORD).close()  # creates the lock file
    with open(signin.lock_path(data_dir), "a+b") as other_process:
        fcntl.flock(other_process.fileno(), fcntl.LOCK_EX)
        with pytest.raises(SignInBusy):
            unlock(data_dir, "admin", ADMIN_PASSWORD)
        monkeypatch.setenv(cli.PASSWORD_ENV, ADMIN_PASSWORD)
        code = cli.main(["verify", "--data-dir", str(data_dir), "--user", "admin"])
        _, err = capsys.readouterr()
        assert code == 1 and err.startswith("supportline: other sign-in attempts")
    assert _failures(data_dir) == []  # a refused attempt made no guess


# -- nothing checks a password any other way -------------------------------------------------------


def _sources() -> list[Path]:
    return sorted([*(ROOT / "supportline").rglob("*.py"), *(ROOT / "ui").rglob("*.py")])


def test_only_the_sign_in_module_opens_slots_and_derives_keys() -> None:
    allowed = {
        r"(?<!signin)\.open_slot\(": {
            "supportline/keystore.py",
            "supportline/signin.py",
            # Changing one's own password proves the old one inside a signed-in session.
            "supportline/services/users.py",
            # Opening the slot init has just made, and re-pinning the authority with the
            # password the one sign-in has just proven.
            "supportline/session.py",
        },
        r"derive_key\(": {
            "supportline/crypto.py",
            "supportline/keystore.py",
            "supportline/signin.py",
        },
        r"enforce_delay": {"supportline/session.py"},
    }
    for path in _sources():
        text = path.read_text(encoding="utf-8")
        name = path.relative_to(ROOT).as_posix()
        for needle, files in allowed.items():
            if re.search(needle, text) and name not in files:
                pytest.fail(f"{name} uses {needle} outside the one sign-in")
    users = (ROOT / "supportline/services/users.py").read_text(encoding="utf-8")
    assert users.count(".open_slot(") == 2  # the old password, then the new slot
