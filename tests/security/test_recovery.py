"""Issue 10, item 4: revocation is not undone by deleting the key store.

Disaster recovery over a lost key store needs the recovery secret made at ``init`` (printed
once, kept offline), not any administrator found inside the backup; and a rotation removes the
old store copies in ``backups/`` that the revoked keys still open.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from sqlalchemy import select

from supportline import cli
from supportline.backup import check_backup, create_backup, record_restore, restore
from supportline.db import engine as dbengine
from supportline.db import schema
from supportline.errors import (
    AuthenticationFailed,
    RecoveryNeeded,
    RecoverySecretWrong,
    StoreUnreadable,
)
from supportline.keystore import Keystore, normalise_recovery_secret
from supportline.messages import describe
from supportline.roles import KeyName, Role
from supportline.services.users import UserService
from supportline.session import init_store, unlock
from supportline.verify import verify
from tests.conftest import ADMIN_PASSWORD, PASSWORDS
from tests.security.helpers import dir_hashes, insert_appointment

EX_PASSWORD = "ex admin password"


@pytest.fixture
def recoverable(tmp_path: Path) -> tuple[Path, str, Path]:
    """A store with a second administrator, ``ex``, who takes a backup and is then disabled.
    Returns the data directory, its recovery secret and ex's backup."""
    path = tmp_path / "data"
    secret = init_store(path, "admin", ADMIN_PASSWORD, display_name="Ada Admin")
    admin = unlock(path, "admin", ADMIN_PASSWORD)
    try:
        UserService(admin).add_user(
            "ex", "Ex", [Role.ADMINISTRATOR], EX_PASSWORD, must_change_password=False
        )
        UserService(admin).add_user(
            "handler", "H", [Role.CALL_HANDLER], PASSWORDS["handler"], must_change_password=False
        )
        with admin.case_tx() as conn:
            insert_appointment(conn, "K1", first_name="Keptclient")
    finally:
        admin.close()
    ex = unlock(path, "ex", EX_PASSWORD)
    backup = tmp_path / "ex.slb"
    try:
        create_backup(ex, backup)
    finally:
        ex.close()
    admin = unlock(path, "admin", ADMIN_PASSWORD)
    try:
        UserService(admin).disable_user("ex")
    finally:
        admin.close()
    return path, secret, backup


def _clients(path: Path, user: str = "admin", password: str = ADMIN_PASSWORD) -> list[str]:
    session = unlock(path, user, password)
    try:
        with session.case.connect() as conn:
            return sorted(conn.execute(select(schema.clients.c.first_name)).scalars())
    finally:
        session.close()


LOST = {
    "deleted": lambda p: p.unlink(),
    "emptied": lambda p: p.write_bytes(b""),
    "garbage": lambda p: p.write_text("{not json"),
    "statement edited": lambda p: p.write_text(
        json.dumps(
            {
                **json.loads(p.read_text()),
                "statement": {
                    **json.loads(p.read_text())["statement"],
                    "stats_public_key": "A" * 43 + "=",
                },
            }
        )
    ),
}


@pytest.mark.parametrize("how", list(LOST))
def test_a_disabled_administrator_cannot_restore_over_a_lost_key_store(
    recoverable: tuple[Path, str, Path], how: str
) -> None:
    """The attack of issue 10: keystore.json deleted, then `restore --allow-older` with the
    disabled administrator's old password and their old backup."""
    path, _, backup = recoverable
    LOST[how](path / "keystore.json")
    before = {p.name: p.read_bytes() for p in path.iterdir() if p.is_file()}
    # An edited key store that still names the live slots refuses ex as a stranger; one that
    # cannot be used at all asks for the recovery secret, which ex does not have.
    expected = AuthenticationFailed if how == "statement edited" else RecoveryNeeded
    with pytest.raises(expected) as info:
        check_backup(path, backup, "ex", EX_PASSWORD)
    if expected is RecoveryNeeded:
        assert "recovery secret" in describe(info.value)
        assert "nothing was changed" in describe(info.value)
    with pytest.raises((RecoverySecretWrong, AuthenticationFailed)):
        check_backup(path, backup, "ex", EX_PASSWORD, recovery_secret="WRONG-" * 7 + "WRONG")
    if how == "statement edited":
        # The administrators themselves, whose slots the edit broke, need the secret too.
        with pytest.raises(RecoveryNeeded):
            check_backup(path, backup, "admin", ADMIN_PASSWORD)
    assert {p.name: p.read_bytes() for p in path.iterdir() if p.is_file()} == before
    assert not (path / ".restore-staging").exists()


def test_the_recovery_secret_restores_over_a_lost_key_store(
    recoverable: tuple[Path, str, Path],
) -> None:
    path, secret, backup = recoverable
    (path / "keystore.json").unlink()
    # As typed back from paper: lower case, spaces instead of dashes.
    typed = secret.lower().replace("-", " ")
    assert normalise_recovery_secret(typed) == normalise_recovery_secret(secret)
    plan = check_backup(path, backup, "admin", ADMIN_PASSWORD, recovery_secret=typed)
    restore(plan, path, allow_older=True)
    session = unlock(path, "admin", ADMIN_PASSWORD)
    try:
        record_restore(session, plan)
    finally:
        session.close()
    assert _clients(path) == ["Keptclient"]
    assert verify(path, "admin", ADMIN_PASSWORD).sound


def test_the_recovery_grants_follow_every_rotation(recoverable: tuple[Path, str, Path]) -> None:
    """After the rotation that disabled ex, the recovery secret holds only the new keys, and a
    new backup restores with it over a lost key store."""
    path, secret, _ = recoverable
    keystore = Keystore.load(path / "keystore.json")
    recovered = keystore.open_recovery(secret)
    assert {name: set(gens) for name, gens in recovered.items()} == {
        name: {keystore.generations[name]} for name in KeyName
    }
    assert all(keystore.generations[name] == 2 for name in KeyName)
    admin = unlock(path, "admin", ADMIN_PASSWORD)
    try:
        assert recovered[KeyName.CASE][2] == admin.key(KeyName.CASE, 2)
        create_backup(admin, path.parent / "after.slb")
    finally:
        admin.close()
    (path / "keystore.json").unlink()
    plan = check_backup(
        path, path.parent / "after.slb", "admin", ADMIN_PASSWORD, recovery_secret=secret
    )
    restore(plan, path)
    assert _clients(path) == ["Keptclient"]


def test_a_rotation_removes_the_old_copies_the_revoked_keys_open(
    recoverable: tuple[Path, str, Path],
) -> None:
    path, _, backup = recoverable
    # A restore keeps the files it replaced, with their own key store; a migration keeps a copy
    # of the file it migrated.
    plan = check_backup(path, backup, "admin", ADMIN_PASSWORD)
    kept = restore(plan, path, allow_older=True)
    assert kept is not None
    pre_migration = path / "backups" / "pre-migration"
    pre_migration.mkdir(parents=True)
    shutil.copyfile(kept / "case.db", pre_migration / "case-case_0007.db")
    # Today's weakness: the handler's slot in the kept key store opens the kept case.db.
    handler_then = Keystore.load(kept / "keystore.json").open_slot("handler", PASSWORDS["handler"])
    dbengine.connect(kept / "case.db", handler_then.key(KeyName.CASE), store="case").close()
    admin = unlock(path, "admin", ADMIN_PASSWORD)
    try:
        record_restore(admin, plan)
        UserService(admin).disable_user("handler")
    finally:
        admin.close()
    assert not kept.exists() and not pre_migration.exists()
    assert not list((path / "backups").glob("replaced-*"))
    with pytest.raises(AuthenticationFailed):
        unlock(path, "handler", PASSWORDS["handler"], enforce_delay=False)
    for store in ("case.db", "stats.db"):
        with pytest.raises(StoreUnreadable):
            dbengine.connect(path / store, handler_then.key(KeyName.CASE), store="case").close()
    session = unlock(path, "admin", ADMIN_PASSWORD)
    try:
        with session.case.connect() as conn:
            removed = conn.execute(
                select(schema.case_audit.c.record_id).where(
                    schema.case_audit.c.action == "store.old_copies_removed"
                )
            ).scalars()
            assert list(removed) == ["2"]
    finally:
        session.close()
    assert verify(path, "admin", ADMIN_PASSWORD).sound


def test_cli_init_prints_the_recovery_secret_once_and_restore_asks_for_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv(cli.PASSWORD_ENV, ADMIN_PASSWORD)
    monkeypatch.delenv(cli.RECOVERY_ENV, raising=False)
    data = tmp_path / "data"
    assert cli.main(["init", "--data-dir", str(data), "--admin", "admin"]) == 0
    out = capsys.readouterr().out
    assert "Recovery secret" in out and "keep it offline" in out
    secret = out.strip().splitlines()[-1].strip()
    assert len(normalise_recovery_secret(secret)) == 40
    assert secret not in (data / "keystore.json").read_text()
    backup = tmp_path / "b.slb"
    assert (
        cli.main(["backup", "--data-dir", str(data), "--user", "admin", "--out", str(backup)]) == 0
    )
    capsys.readouterr()
    elsewhere = tmp_path / "elsewhere"
    code = cli.main(["restore", str(backup), "--data-dir", str(elsewhere), "--user", "admin"])
    err = capsys.readouterr().err
    assert code == 1 and "recovery secret" in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
    assert not (elsewhere / "keystore.json").exists()
    monkeypatch.setenv(cli.RECOVERY_ENV, secret)
    code = cli.main(["restore", str(backup), "--data-dir", str(elsewhere), "--user", "admin"])
    assert code == 0, capsys.readouterr().err
    assert verify(elsewhere, "admin", ADMIN_PASSWORD).sound
    before = dir_hashes(elsewhere)
    monkeypatch.setenv(cli.RECOVERY_ENV, "ABCDE-" * 7 + "ABCDE")
    (elsewhere / "keystore.json").unlink()
    code = cli.main(["restore", str(backup), "--data-dir", str(elsewhere), "--user", "admin"])
    err = capsys.readouterr().err
    assert code == 1 and "does not fit" in err
    assert dir_hashes(elsewhere, ("case.db", "stats.db")) == {
        k: v for k, v in before.items() if k != "keystore.json"
    }
