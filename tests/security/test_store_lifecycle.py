"""Issue 10, item 9: two backups at once, interrupted ``init`` and ``demo``, and a ``verify``
that writes nothing to the directory it checks."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
from datetime import date
from pathlib import Path

import pytest

from supportline import backup, demo
from supportline.backup import check_backup, create_backup, discard
from supportline.errors import DataDirExists, KeystoreMissing
from supportline.services.clients import ClientInput, ClientService
from supportline.session import init_store, unlock
from supportline.verify import verify
from tests.conftest import ADMIN_PASSWORD, PASSWORDS

ROOT = Path(__file__).resolve().parents[2]


def test_two_backups_at_once_both_succeed(
    data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Both backups are inside their staging at the same moment (a barrier holds each one at
    its first snapshot until the other is there too)."""
    together = threading.Barrier(2, timeout=60)
    real = backup._snapshot
    waited: set[int] = set()

    def snapshot(session, store, target):  # noqa: ANN001, ANN202 - the wrapped function's own
        if threading.get_ident() not in waited:
            waited.add(threading.get_ident())
            together.wait()
        return real(session, store, target)

    monkeypatch.setattr(backup, "_snapshot", snapshot)
    sessions = [unlock(data_dir, "admin", ADMIN_PASSWORD) for _ in range(2)]
    outcomes: dict[int, object] = {}

    def run(index: int) -> None:
        try:
            outcomes[index] = create_backup(sessions[index], tmp_path / f"b{index}.slbackup")
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            outcomes[index] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(2)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(120)
    finally:
        for session in sessions:
            session.close()
    assert all(isinstance(outcomes.get(i), backup.BackupInfo) for i in range(2)), outcomes
    for index in range(2):
        plan = check_backup(data_dir, tmp_path / f"b{index}.slbackup", "admin", ADMIN_PASSWORD)
        discard(plan)
    assert not [p for p in data_dir.iterdir() if "staging" in p.name]


def _no_store_and_no_leftovers(path: Path) -> None:
    assert not path.exists()
    assert not [p for p in path.parent.iterdir() if p.name.startswith(f".{path.name}.")]


def test_init_failing_midway_leaves_no_half_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from supportline import session as session_module

    path = tmp_path / "data"
    real = session_module.migrate.upgrade

    def upgrade(engine, store, db_path):  # noqa: ANN001, ANN202
        result = real(engine, store, db_path)
        if store == "stats":
            raise OSError(28, "No space left on device")
        return result

    monkeypatch.setattr(session_module.migrate, "upgrade", upgrade)
    with pytest.raises(OSError):
        init_store(path, "admin", ADMIN_PASSWORD)
    _no_store_and_no_leftovers(path)
    monkeypatch.undo()
    init_store(path, "admin", ADMIN_PASSWORD)
    assert verify(path, "admin", ADMIN_PASSWORD).sound


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="kill -9 is a POSIX signal")
def test_init_killed_midway_leaves_no_half_store(tmp_path: Path) -> None:
    path = tmp_path / "data"
    script = (
        "import os, signal, sys\n"
        "from supportline import session\n"
        "real = session.migrate.upgrade\n"
        "def upgrade(engine, store, db_path):\n"
        "    result = real(engine, store, db_path)\n"
        "    if store == 'stats':\n"
        "        os.kill(os.getpid(), signal.SIGKILL)\n"
        "    return result\n"
        "session.migrate.upgrade = upgrade\n"
        f"session.init_store(sys.argv[1], 'admin', {ADMIN_PASSWORD!r})\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(path)], cwd=ROOT, env=dict(os.environ), timeout=120
    )
    assert done.returncode == -signal.SIGKILL
    assert not path.exists()
    with pytest.raises(KeystoreMissing):
        unlock(path, "admin", ADMIN_PASSWORD)
    # What the killed build left beside the directory is swept by the next init, which works.
    init_store(path, "admin", ADMIN_PASSWORD)
    assert verify(path, "admin", ADMIN_PASSWORD).sound
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".data.")]


def test_init_into_an_existing_empty_directory_and_never_over_a_store(tmp_path: Path) -> None:
    path = tmp_path / "data"
    path.mkdir()
    init_store(path, "admin", ADMIN_PASSWORD)
    assert verify(path, "admin", ADMIN_PASSWORD).sound
    assert (path.stat().st_mode & 0o777) == 0o700 or os.name == "nt"
    with pytest.raises(DataDirExists):
        init_store(path, "admin", ADMIN_PASSWORD)


def test_demo_failing_midway_leaves_no_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("interrupted while generating")

    monkeypatch.setattr(demo, "populate_stats", broken)
    path = tmp_path / "demo"
    with pytest.raises(RuntimeError):
        demo.create_demo(path, "demo password 1", clients=20, today=date(2025, 3, 3))
    _no_store_and_no_leftovers(path)


@pytest.mark.parametrize("wal", ["live", "left behind"])
def test_verify_leaves_every_file_as_it_was_even_a_wal(
    staffed_dir: Path, tmp_path: Path, wal: str
) -> None:
    """``live``: the app is open beside it. ``left behind``: the app was killed with unsaved
    pages in the WAL (here a copy taken while it ran); SQLite would checkpoint and delete that
    WAL on closing the last connection, destroying the evidence."""
    handler = unlock(staffed_dir, "handler", PASSWORDS["handler"])
    try:
        ClientService(handler).create(
            ClientInput(
                first_name="Wal",
                last_name="Evidence",
                phone="01732 526910",
                home_postcode="ME14 1XX",
            )
        )
        assert (staffed_dir / "case.db-wal").stat().st_size > 0
        if wal == "left behind":
            target = tmp_path / "suspect"
            shutil.copytree(staffed_dir, target)
        else:
            target = staffed_dir
        _assert_verify_writes_nothing(target)
    finally:
        handler.close()


def _assert_verify_writes_nothing(target: Path) -> None:
    def state() -> dict[str, tuple[bytes, int]]:
        return {
            str(p.relative_to(target)): (p.read_bytes(), p.stat().st_mtime_ns)
            for p in sorted(target.rglob("*"))
            if p.is_file()
        }

    entries = sorted(target.rglob("*"))
    before = state()
    assert "case.db-wal" in before
    report = verify(target, "admin", ADMIN_PASSWORD)
    assert report.sound, report.findings
    assert state() == before
    assert sorted(target.rglob("*")) == entries  # nothing added, nothing deleted
