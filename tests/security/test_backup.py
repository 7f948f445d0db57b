"""Backups (DESIGN 3, 5): round trip; anything damaged, foreign or older is refused before a single
current file changes; only an administrator's password restores; nothing readable inside."""

from __future__ import annotations

import os
import shutil
import stat
import struct
from pathlib import Path

import pytest
from sqlalchemy import select

from supportline.backup import (
    MAGIC,
    check_backup,
    create_backup,
    record_restore,
    restore,
)
from supportline.db import schema
from supportline.errors import (
    AuthenticationFailed,
    BackupInvalid,
    BackupOlderThanStore,
    ForeignBackup,
    PermissionDenied,
    RecoveryNeeded,
)
from supportline.roles import Role
from supportline.services.users import UserService
from supportline.session import init_store, unlock
from supportline.verify import verify
from tests.conftest import ADMIN_PASSWORD, PASSWORDS
from tests.security.helpers import dir_hashes, insert_appointment

MARKER = "Backupmarkerqz"


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A store with a handler and a client, and a backup of it; each test works on copies."""
    root = tmp_path_factory.mktemp("backup")
    path = root / "data"
    (root / "recovery-secret").write_text(init_store(path, "admin", ADMIN_PASSWORD))
    admin = unlock(path, "admin", ADMIN_PASSWORD)
    try:
        UserService(admin).add_user(
            "handler", "H", [Role.CALL_HANDLER], PASSWORDS["handler"], must_change_password=False
        )
        with admin.case_tx() as conn:
            insert_appointment(conn, "B1", first_name=MARKER)
        backup = root / "store.slb"
        create_backup(admin, backup)
    finally:
        admin.close()
    return path, backup


@pytest.fixture
def store(template: tuple[Path, Path], tmp_path: Path) -> tuple[Path, Path]:
    path, backup = template
    shutil.copytree(path, tmp_path / "data")
    shutil.copyfile(backup, tmp_path / "store.slb")
    shutil.copyfile(backup.with_name("recovery-secret"), tmp_path / "recovery-secret")
    return tmp_path / "data", tmp_path / "store.slb"


def _recovery_secret(backup: Path) -> str:
    """The secret init printed for the store the backup was made of (kept offline)."""
    return backup.with_name("recovery-secret").read_text()


def _clients(path: Path) -> list[str]:
    session = unlock(path, "admin", ADMIN_PASSWORD)
    try:
        with session.case.connect() as conn:
            return sorted(conn.execute(select(schema.clients.c.first_name)).scalars())
    finally:
        session.close()


def _add_client(path: Path, name: str) -> None:
    session = unlock(path, "admin", ADMIN_PASSWORD)
    try:
        with session.case_tx() as conn:
            insert_appointment(conn, name[:6], first_name=name)
    finally:
        session.close()


def _refused(
    path: Path,
    backup: Path,
    *errors: type[Exception],
    user: str = "admin",
    password: str = ADMIN_PASSWORD,
    allow_older: bool = True,
) -> Exception:
    before = dir_hashes(path)
    with pytest.raises(errors) as info:
        plan = check_backup(path, backup, user, password)
        restore(plan, path, allow_older=allow_older)
    assert dir_hashes(path) == before
    assert not (path / ".restore-staging").exists()
    return info.value


def test_round_trip_with_allow_older(store: tuple[Path, Path]) -> None:
    path, backup = store
    _add_client(path, "Laterclient")
    assert _clients(path) == sorted(["Laterclient", MARKER])
    plan = check_backup(path, backup, "admin", ADMIN_PASSWORD)
    assert plan.older_than_current and not plan.foreign
    kept = restore(plan, path, allow_older=True)
    assert kept is not None and (kept / "case.db").exists()
    assert _clients(path) == [MARKER]
    session = unlock(path, "admin", ADMIN_PASSWORD)
    try:
        record_restore(session, plan)
    finally:
        session.close()
    unlock(path, "handler", PASSWORDS["handler"]).close()
    report = verify(path, "admin", ADMIN_PASSWORD)
    assert report.sound, report.findings


def test_restore_into_an_empty_directory(store: tuple[Path, Path], tmp_path: Path) -> None:
    _, backup = store
    target = tmp_path / "elsewhere"
    with pytest.raises(RecoveryNeeded):
        check_backup(target, backup, "admin", ADMIN_PASSWORD)
    plan = check_backup(
        target, backup, "admin", ADMIN_PASSWORD, recovery_secret=_recovery_secret(backup)
    )
    assert not plan.older_than_current and not plan.foreign
    assert restore(plan, target) is None
    assert _clients(target) == [MARKER]
    assert verify(target, "admin", ADMIN_PASSWORD).sound


def test_older_backup_without_allow_older_changes_nothing(store: tuple[Path, Path]) -> None:
    path, backup = store
    _add_client(path, "Laterclient")
    error = _refused(path, backup, BackupOlderThanStore, allow_older=False)
    assert error.current_seq > error.backup_seq
    assert _clients(path) == sorted(["Laterclient", MARKER])


def _body_offsets(raw: bytes) -> tuple[int, list[int]]:
    (header_length,) = struct.unpack(">I", raw[len(MAGIC) : len(MAGIC) + 4])
    start = len(MAGIC) + 4 + header_length
    size = len(raw)
    body = sorted(
        {
            start,
            start + 1,
            start + 3,
            start + 4,
            start + 20,
            start + 4 + 12,
            (start + size) // 2,
            size - 40,
            size - 17,
            size - 1,
        }
    )
    return start, body


def test_flipped_byte_anywhere_in_the_body_is_refused(store: tuple[Path, Path]) -> None:
    path, backup = store
    pristine = backup.read_bytes()
    _, offsets = _body_offsets(pristine)
    for offset in offsets:
        damaged = bytearray(pristine)
        damaged[offset] ^= 0x04
        backup.write_bytes(bytes(damaged))
        _refused(path, backup, BackupInvalid)


def test_flipped_byte_in_the_header_is_refused(store: tuple[Path, Path]) -> None:
    path, backup = store
    pristine = backup.read_bytes()
    start, _ = _body_offsets(pristine)
    # A sample of every region, plus the field names and numbers a careless parser trips over.
    targeted = [
        pristine.index(b'"format"', len(MAGIC)) + 3,
        pristine.index(b'"created_at"') + 3,
        pristine.index(b'"case":', pristine.index(b'"generations":{')) + len(b'"case":'),
    ]
    for offset in [*range(0, start, 37), *targeted]:
        damaged = bytearray(pristine)
        damaged[offset] ^= 0x01
        backup.write_bytes(bytes(damaged))
        # A flip inside the backup's copy of the admin's slot fails as a sign-in would.
        _refused(path, backup, BackupInvalid, AuthenticationFailed)


@pytest.mark.parametrize("keep", [0, 5, 12, 200, "header", "header+3", "half", "all but 1"])
def test_truncated_backup_is_refused(store: tuple[Path, Path], keep: int | str) -> None:
    path, backup = store
    raw = backup.read_bytes()
    start, _ = _body_offsets(raw)
    length = {
        "header": start,
        "header+3": start + 3,
        "half": len(raw) // 2,
        "all but 1": len(raw) - 1,
    }.get(keep, keep)  # type: ignore[arg-type]
    backup.write_bytes(raw[: int(length)])
    _refused(path, backup, BackupInvalid)


@pytest.mark.parametrize("extra", [b"\0", b"garbage", b"\0\0\0\0", b"x" * 5000])
def test_backup_with_trailing_bytes_is_refused(store: tuple[Path, Path], extra: bytes) -> None:
    path, backup = store
    backup.write_bytes(backup.read_bytes() + extra)
    error = _refused(path, backup, BackupInvalid)
    assert error.detail in {"trailing_data", "truncated", "bad_chunk", "tampered"}


def test_two_backups_spliced_are_refused(store: tuple[Path, Path], tmp_path: Path) -> None:
    path, backup = store
    admin = unlock(path, "admin", ADMIN_PASSWORD)
    try:
        second = tmp_path / "second.slb"
        create_backup(admin, second)
    finally:
        admin.close()
    a, b = backup.read_bytes(), second.read_bytes()
    start_a, _ = _body_offsets(a)
    start_b, _ = _body_offsets(b)
    backup.write_bytes(a[:start_a] + b[start_b:])  # header of one, body of the other
    _refused(path, backup, BackupInvalid)


def test_foreign_backup_is_refused(store: tuple[Path, Path], tmp_path: Path) -> None:
    path, _ = store
    other = tmp_path / "other"
    init_store(other, "admin", ADMIN_PASSWORD)  # same admin name and password, another store
    admin = unlock(other, "admin", ADMIN_PASSWORD)
    try:
        foreign = tmp_path / "foreign.slb"
        create_backup(admin, foreign)
    finally:
        admin.close()
    _refused(path, foreign, ForeignBackup)
    _refused(path, foreign, ForeignBackup, allow_older=False)


def test_wrong_password_is_refused(store: tuple[Path, Path]) -> None:
    path, backup = store
    for password in ("", "wrong password", ADMIN_PASSWORD + " ", ADMIN_PASSWORD.upper()):
        error = _refused(path, backup, AuthenticationFailed, password=password)
        assert type(error) is AuthenticationFailed
    error = _refused(path, backup, AuthenticationFailed, user="nobody")
    assert type(error) is AuthenticationFailed


def test_non_admin_cannot_restore(store: tuple[Path, Path]) -> None:
    path, backup = store
    error = _refused(path, backup, PermissionDenied, user="handler", password=PASSWORDS["handler"])
    assert error.operation == "backup.restore"


def test_non_admin_cannot_create_a_backup(store: tuple[Path, Path], tmp_path: Path) -> None:
    path, _ = store
    handler = unlock(path, "handler", PASSWORDS["handler"])
    try:
        with pytest.raises(PermissionDenied):
            create_backup(handler, tmp_path / "h.slb")
    finally:
        handler.close()
    assert not (tmp_path / "h.slb").exists()


def test_backup_holds_nothing_readable(store: tuple[Path, Path]) -> None:
    _, backup = store
    raw = backup.read_bytes()
    assert raw.startswith(MAGIC)
    assert b"SQLite format 3\x00" not in raw
    lowered = raw.lower()
    for needle in (
        MARKER.lower().encode(),
        MARKER.lower().encode("utf-16-le"),
        b"create table",
        b"ustar",
    ):
        assert needle not in lowered


@pytest.mark.skipif(os.name == "nt", reason="POSIX permissions")
def test_restored_files_are_private(store: tuple[Path, Path], tmp_path: Path) -> None:
    path, backup = store
    fresh = tmp_path / "new-home" / "data"
    for target, allow_older in ((path, True), (fresh, False)):
        secret = _recovery_secret(backup)
        plan = check_backup(target, backup, "admin", ADMIN_PASSWORD, recovery_secret=secret)
        restore(plan, target, allow_older=allow_older)
        assert stat.S_IMODE(target.stat().st_mode) == 0o700, target
        for name in ("case.db", "stats.db", "keystore.json"):
            mode = stat.S_IMODE((target / name).stat().st_mode)
            assert mode & 0o077 == 0, f"{target / name}: {oct(mode)}"


def test_a_disabled_administrator_cannot_roll_the_store_back(
    data_dir: Path, tmp_path: Path
) -> None:
    """A second administrator takes a backup, is disabled, then tries to restore it with their
    old password: refused, and the live files are untouched."""
    from supportline.backup import check_backup, create_backup
    from supportline.errors import AuthenticationFailed
    from supportline.roles import Role
    from supportline.services.users import UserService
    from supportline.session import unlock
    from tests.conftest import ADMIN_PASSWORD

    session = unlock(data_dir, "admin", ADMIN_PASSWORD)
    UserService(session).add_user(
        "ex", "Ex Admin", [Role.ADMINISTRATOR], "ex admin password", must_change_password=False
    )
    session.close()
    ex = unlock(data_dir, "ex", "ex admin password")
    backup = tmp_path / "old.slb"
    create_backup(ex, backup)
    ex.close()
    session = unlock(data_dir, "admin", ADMIN_PASSWORD)
    UserService(session).disable_user("ex")
    session.close()
    before = {p.name: p.read_bytes() for p in data_dir.iterdir() if p.is_file()}
    with pytest.raises(AuthenticationFailed):
        check_backup(data_dir, backup, "ex", "ex admin password")
    after = {p.name: p.read_bytes() for p in data_dir.iterdir() if p.is_file()}
    assert before == after
    # The remaining administrator can still check (and so restore) that backup.
    plan = check_backup(data_dir, backup, "admin", ADMIN_PASSWORD)
    assert plan.older_than_current
    from supportline.backup import discard

    discard(plan)
