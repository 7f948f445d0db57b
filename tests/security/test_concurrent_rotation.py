"""Disabling a user while another copy of the app is writing loses nothing (issue 10, item 7).

The rotation holds the data directory's work lock exclusively; the other copy's writes wait for
it (or are refused cleanly, before anything is written), then carry on under the new keys taken
from the handler's own slot, without signing in again.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import select

from supportline import rotation, work_lock
from supportline.db import schema
from supportline.errors import KeysChanging, StoreBusy
from supportline.services.clients import ClientInput, ClientService
from supportline.services.users import UserService
from supportline.session import unlock
from supportline.verify import verify
from tests.conftest import ADMIN_PASSWORD, PASSWORDS

REPO = Path(__file__).resolve().parents[2]


def _client(last_name: str) -> ClientInput:
    first, phone = {"Before": ("Ann", "07700 900111"), "During": ("Bea", "07700 900222")}[last_name]
    return ClientInput(first_name=first, last_name=last_name, phone=phone, home_postcode="ME19 4AA")


def _created(out: Path) -> list[tuple[int, str]]:
    if not out.exists():
        return []
    rows = []
    for line in out.read_text(encoding="utf-8").splitlines():
        client_id, reference = line.split()
        rows.append((int(client_id), reference))
    return rows


def _wait_for(condition, what: str, process: subprocess.Popen[str], limit_s: float = 120) -> None:
    """Wait on a condition (the writer's progress), failing if the writer died first."""
    deadline = time.monotonic() + limit_s
    while not condition():
        if process.poll() is not None:
            raise AssertionError(f"the writer stopped before {what}: {process.communicate()}")
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


def test_disabling_a_user_while_another_copy_creates_clients_loses_none(
    staffed_dir: Path, tmp_path: Path
) -> None:
    out, stop = tmp_path / "created.txt", tmp_path / "stop"
    writer = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.security.client_writer",
            str(staffed_dir),
            str(out),
            str(stop),
        ],
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        _wait_for(lambda: len(_created(out)) >= 15, "creating clients", writer)
        admin = unlock(staffed_dir, "admin", ADMIN_PASSWORD)
        try:
            UserService(admin).disable_user("counsellor")
        finally:
            admin.close()
        after_rotation = len(_created(out))
        _wait_for(lambda: len(_created(out)) >= after_rotation + 15, "writing again", writer)
    finally:
        stop.touch()
        stdout, stderr = writer.communicate(timeout=120)
    assert writer.returncode == 0, stderr
    assert "Traceback" not in stderr
    # The writer followed the rotation: its store key is the new generation, no new sign-in.
    assert "case_generation=2" in stdout, stdout

    reported = _created(out)
    admin = unlock(staffed_dir, "admin", ADMIN_PASSWORD)
    try:
        with admin.case.connect() as conn:
            rows = conn.execute(select(schema.clients.c.id, schema.clients.c.reference)).all()
        stored = {int(row[0]): row[1] for row in rows}
        users = {user.username: user for user in UserService(admin).list_users()}
    finally:
        admin.close()
    missing = [(cid, ref) for cid, ref in reported if stored.get(cid) != ref]
    assert not missing, f"{len(missing)} of {len(reported)} reported clients are gone"
    assert not users["counsellor"].active
    report = verify(staffed_dir, "admin", ADMIN_PASSWORD)
    assert report.sound, report.findings


def test_a_write_during_a_rotation_is_refused_cleanly_and_succeeds_after(
    staffed_dir: Path, monkeypatch
) -> None:
    handler = unlock(staffed_dir, "handler", PASSWORDS["handler"])
    try:
        clients = ClientService(handler)
        before = clients.create(_client("Before"))
        monkeypatch.setattr(work_lock, "WRITER_WAIT_S", 0.2)
        # Another copy of the app holds the lock exclusively (a rotation in progress there).
        blocker = subprocess.Popen(
            [
                sys.executable,
                "-c",
                "import sys, time; from pathlib import Path; from supportline import work_lock\n"
                "with work_lock.exclusive(Path(sys.argv[1])):\n"
                "    print('held', flush=True); sys.stdin.readline()",
                str(staffed_dir),
            ],
            cwd=REPO,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        try:
            assert blocker.stdout is not None and blocker.stdout.readline().strip() == "held"
            try:
                clients.create(_client("During"))
            except KeysChanging:
                pass
            else:
                raise AssertionError("a write went ahead while the keys were changing")
        finally:
            assert blocker.stdin is not None
            blocker.stdin.write("\n")
            blocker.stdin.flush()
            blocker.wait(timeout=60)
        after = clients.create(_client("During"))
        with handler.case.connect() as conn:
            names = set(conn.execute(select(schema.clients.c.last_name)).scalars())
        assert {"Before", "During"} <= names
        assert after.id > before.id
        assert len([n for n in names if n == "During"]) == 1
    finally:
        handler.close()


def test_a_rotation_waits_for_a_write_in_flight_and_gives_up_cleanly(
    staffed_dir: Path, monkeypatch
) -> None:
    blocker = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys; from pathlib import Path; from supportline import work_lock\n"
            "with work_lock.shared(Path(sys.argv[1])):\n"
            "    print('held', flush=True); sys.stdin.readline()",
            str(staffed_dir),
        ],
        cwd=REPO,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    admin = unlock(staffed_dir, "admin", ADMIN_PASSWORD)
    try:
        assert blocker.stdout is not None and blocker.stdout.readline().strip() == "held"
        monkeypatch.setattr(work_lock, "ROTATION_WAIT_S", 0.2)
        try:
            UserService(admin).disable_user("counsellor")
        except StoreBusy:
            pass
        else:
            raise AssertionError("the rotation ran while another copy was writing")
        from supportline.keystore import Keystore

        keystore = Keystore.load(staffed_dir / "keystore.json")
        assert keystore.rotation is None and "counsellor" in keystore.slots  # nothing started
    finally:
        assert blocker.stdin is not None
        blocker.stdin.write("\n")
        blocker.stdin.flush()
        blocker.wait(timeout=60)
        admin.close()


def test_two_administrators_disabling_one_user_at_once(staffed_dir: Path) -> None:
    """The second waited for the first's rotation; it then finds the user gone: one clear error,
    no second rotation, nothing half-done."""
    from supportline.errors import UnknownUser

    first = unlock(staffed_dir, "admin", ADMIN_PASSWORD)
    second = unlock(staffed_dir, "admin", ADMIN_PASSWORD)
    try:
        users_seen_by_second = UserService(second)
        UserService(first).disable_user("counsellor")

        try:
            rotation.start(second, "counsellor")  # what disable_user does after its own checks
        except UnknownUser:
            pass
        else:
            raise AssertionError("a second rotation ran for a user already disabled")
        assert not {u.username: u for u in users_seen_by_second.list_users()}["counsellor"].active
    finally:
        first.close()
        second.close()
    report = verify(staffed_dir, "admin", ADMIN_PASSWORD)
    assert report.sound, report.findings


def test_a_session_open_during_a_restore_writes_into_the_restored_store(
    staffed_dir: Path, tmp_path: Path
) -> None:
    from supportline import backup

    handler = unlock(staffed_dir, "handler", PASSWORDS["handler"])
    try:
        clients = ClientService(handler)
        clients.create(_client("Before"))
        admin = unlock(staffed_dir, "admin", ADMIN_PASSWORD)  # another copy of the app
        try:
            out = tmp_path / "backup.slbk"
            backup.create_backup(admin, out)
        finally:
            admin.close()
        plan = backup.check_backup(staffed_dir, out, "admin", ADMIN_PASSWORD)
        backup.restore(plan, staffed_dir, allow_older=True)
        # The handler's engine was on the replaced file: its next write must not go there.
        after = clients.create(_client("During"))
    finally:
        handler.close()
    admin = unlock(staffed_dir, "admin", ADMIN_PASSWORD)
    try:
        with admin.case.connect() as conn:
            stored = set(conn.execute(select(schema.clients.c.id)).scalars())
    finally:
        admin.close()
    assert after.id in stored
    report = verify(staffed_dir, "admin", ADMIN_PASSWORD)
    assert report.sound, report.findings


def test_threads_of_one_process_share_the_lock_and_rotation_waits_for_them(
    tmp_path: Path, monkeypatch
) -> None:
    import threading

    inside, leave = threading.Event(), threading.Event()

    def writer() -> None:
        with work_lock.shared(tmp_path):
            inside.set()
            leave.wait(30)

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        assert inside.wait(30)
        with work_lock.shared(tmp_path, timeout_s=1):  # another writer thread: no waiting
            pass
        try:
            with work_lock.exclusive(tmp_path, timeout_s=0.2):
                raise AssertionError("a rotation started during another thread's write")
        except work_lock.LockTimeout:
            pass
    finally:
        leave.set()
        thread.join(30)
    with work_lock.exclusive(tmp_path, timeout_s=5):
        assert work_lock.holds_exclusive(tmp_path)
        with work_lock.shared(tmp_path):  # the rotation's own writes do not wait on it
            pass
    assert not work_lock.holds_exclusive(tmp_path)
