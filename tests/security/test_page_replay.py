"""Page replay and rollback (issue 10, items 1 and 2), done as an attacker would.

SQLCipher authenticates every page on its own: a page copied from an older copy of the same
store, written under the same key, passes every page check. The attacker here copies single 4 KiB
pages of an older ``case.db`` into the current one (using their own key only to find the page
that holds a client's safe-contact choices and to see that the attack took), deletes anchors
from ``keystore.json``, and puts whole older stores back.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from supportline import cli
from supportline.backup import create_backup
from supportline.db import engine as dbengine
from supportline.errors import StoreTampered
from supportline.keystore import Keystore
from supportline.roles import KeyName
from supportline.services.clients import ClientInput, ClientService
from supportline.session import unlock
from supportline.verify import verify
from tests.conftest import ADMIN_PASSWORD, PASSWORDS

PAGE = 4096
REFUGE = "Flat 2, Women's Refuge, 1 Hidden Lane, Maidstone"
SAFE_NOW = "12 New Road, Maidstone"


def _client(**changes: object) -> ClientInput:
    values: dict[str, object] = {
        "first_name": "Rhea",
        "last_name": "Replay",
        "phone": "01732 526910",
        "home_postcode": "ME14 1XX",
        "address": REFUGE,
        "letters_ok": True,
        "voicemail_ok": True,
        **changes,
    }
    return ClientInput(**values)  # type: ignore[arg-type]


@pytest.fixture
def replay(staffed_dir: Path, tmp_path: Path) -> tuple[Path, Path, int]:
    """A client who allowed letters and voicemail at the refuge's address, an older copy of
    case.db taken then, and the same client now: no letters, no voicemail, a new address."""
    handler = unlock(staffed_dir, "handler", PASSWORDS["handler"])
    try:
        client_id = ClientService(handler).create(_client()).id
    finally:
        handler.close()
    old = tmp_path / "old-case.db"
    shutil.copyfile(staffed_dir / "case.db", old)  # as backups/replaced-* would hold it
    handler = unlock(staffed_dir, "handler", PASSWORDS["handler"])
    try:
        ClientService(handler).update(
            client_id, _client(address=SAFE_NOW, letters_ok=False, voicemail_ok=False)
        )
    finally:
        handler.close()
    for suffix in ("-wal", "-shm"):
        assert not (staffed_dir / f"case.db{suffix}").exists()
    return staffed_dir, old, client_id


def _attacker_key(data_dir: Path) -> bytes:
    """Any case key holder's own key (here the call handler's)."""
    opened = Keystore.load(data_dir / "keystore.json").open_slot("handler", PASSWORDS["handler"])
    return opened.key(KeyName.CASE)


def _read(path: Path, key: bytes, sql: str, args: tuple = ()) -> object:
    conn = dbengine.connect(path, key, store="case")
    try:
        assert [row[0] for row in conn.execute("PRAGMA cipher_integrity_check")] == []
        return conn.execute(sql, args).fetchone()
    finally:
        conn.close()


def _with_page(current: bytes, old: bytes, page: int) -> bytes:
    start = page * PAGE
    return current[:start] + old[start : start + PAGE] + current[start + PAGE :]


def _find_page(data_dir: Path, old: Path, tmp_path: Path, sql: str, wanted: object) -> int:
    """The page of the older copy that, put into the current file alone, makes ``sql`` read
    ``wanted``: found by trying every page that differs, as an attacker would."""
    key = _attacker_key(data_dir)
    current = (data_dir / "case.db").read_bytes()
    before = old.read_bytes()
    trial = tmp_path / "trial" / "case.db"
    trial.parent.mkdir(exist_ok=True)
    for page in range(min(len(current), len(before)) // PAGE):
        start = page * PAGE
        if current[start : start + PAGE] == before[start : start + PAGE]:
            continue
        trial.write_bytes(_with_page(current, before, page))
        try:
            if _read(trial, key, sql) == wanted:
                return page
        except (AssertionError, StoreTampered, Exception):  # noqa: BLE001 - not this page
            continue
        finally:
            for suffix in ("-wal", "-shm"):
                trial.with_name(trial.name + suffix).unlink(missing_ok=True)
    raise AssertionError("no single page reverts it")


def _replay(data_dir: Path, old: Path, *pages: int) -> None:
    current = (data_dir / "case.db").read_bytes()
    before = old.read_bytes()
    for page in pages:
        current = _with_page(current, before, page)
    (data_dir / "case.db").write_bytes(current)


def _safe_contact(client_id: int) -> str:
    return f"SELECT letters_ok, voicemail_ok, address FROM clients WHERE id = {client_id}"


def _cli(data_dir: Path, capsys, monkeypatch, *args: str) -> tuple[int, str]:
    monkeypatch.setenv(cli.PASSWORD_ENV, ADMIN_PASSWORD)
    code = cli.main([*args, "--data-dir", str(data_dir), "--user", "admin"])
    out, err = capsys.readouterr()
    return code, out + err


def test_replayed_client_page_is_found_by_verify_and_refused_by_backup(
    replay: tuple[Path, Path, int], tmp_path: Path, capsys, monkeypatch
) -> None:
    data_dir, old, client_id = replay
    reverted = (1, 1, REFUGE)
    page = _find_page(data_dir, old, tmp_path, _safe_contact(client_id), reverted)
    _replay(data_dir, old, page)
    # The attack took, and SQLCipher's page checks see nothing wrong.
    assert _read(data_dir / "case.db", _attacker_key(data_dir), _safe_contact(client_id)) == (
        reverted
    )

    report = verify(data_dir, "admin", ADMIN_PASSWORD)
    assert ("case", "integrity_rows_differ") in {(f.store, f.kind) for f in report.findings}
    assert any(f.detail == "table clients" for f in report.findings)
    code, text = _cli(data_dir, capsys, monkeypatch, "verify")
    assert code == 1
    assert "FAILED: case.db" in text and "clients" in text
    assert "OK" not in text and "Traceback" not in text

    # The full recomputation runs before every backup: a tampered store is not carried on.
    admin = unlock(data_dir, "admin", ADMIN_PASSWORD)
    try:
        with pytest.raises(StoreTampered):
            create_backup(admin, tmp_path / "after-replay.slbackup")
    finally:
        admin.close()
    assert not (tmp_path / "after-replay.slbackup").exists()
    assert not list(data_dir.glob(".backup-staging*"))


def test_replaying_the_integrity_page_too_is_refused_at_sign_in(
    replay: tuple[Path, Path, int], tmp_path: Path, capsys, monkeypatch
) -> None:
    """The careful attacker also puts back the page of the integrity table, so that the
    clients table's recorded digest matches its reverted rows again."""
    data_dir, old, client_id = replay
    key = _attacker_key(data_dir)
    old_digest = _read(old, key, "SELECT digest FROM integrity WHERE table_name = 'clients'")
    clients_page = _find_page(data_dir, old, tmp_path, _safe_contact(client_id), (1, 1, REFUGE))
    integrity_page = _find_page(
        data_dir,
        old,
        tmp_path,
        "SELECT digest FROM integrity WHERE table_name = 'clients'",
        old_digest,
    )
    assert integrity_page != clients_page
    _replay(data_dir, old, clients_page, integrity_page)
    before = (data_dir / "keystore.json").read_bytes()

    for user in ("admin", "handler", "counsellor"):
        with pytest.raises(StoreTampered) as caught:
            unlock(data_dir, user, PASSWORDS[user])
        assert caught.value.kind == "integrity"
    assert (data_dir / "keystore.json").read_bytes() == before  # nothing re-anchored

    code, text = _cli(data_dir, capsys, monkeypatch, "users", "list")
    assert code == 1
    assert "case.db may have been tampered with" in text and "Traceback" not in text

    kinds = {(f.store, f.kind) for f in verify(data_dir, "admin", ADMIN_PASSWORD).findings}
    assert ("case", "anchor_mismatch") in kinds


def test_an_older_store_with_its_anchor_deleted_is_refused_not_re_anchored(
    replay: tuple[Path, Path, int], capsys, monkeypatch
) -> None:
    """Item 2: an old case.db put back and the case anchor deleted from keystore.json; an
    ordinary sign-in used to write a fresh anchor over it and verify then said OK."""
    data_dir, old, _ = replay
    shutil.copyfile(old, data_dir / "case.db")
    doc = json.loads((data_dir / "keystore.json").read_text())
    del doc["anchors"]["case"]
    (data_dir / "keystore.json").write_text(json.dumps(doc))
    before = (data_dir / "keystore.json").read_bytes()

    for user in ("handler", "counsellor", "admin"):
        with pytest.raises(StoreTampered) as caught:
            unlock(data_dir, user, PASSWORDS[user])
        assert caught.value.kind == "anchor_missing"
    assert (data_dir / "keystore.json").read_bytes() == before
    code, text = _cli(data_dir, capsys, monkeypatch, "verify")
    assert code == 1 and "no audit anchor" in text
    code, text = _cli(data_dir, capsys, monkeypatch, "users", "list")
    assert code == 1 and "holds no anchor" in text and "Traceback" not in text


def test_an_older_store_put_back_whole_is_refused_at_sign_in(
    replay: tuple[Path, Path, int],
) -> None:
    data_dir, old, _ = replay
    shutil.copyfile(old, data_dir / "case.db")
    with pytest.raises(StoreTampered):
        unlock(data_dir, "handler", PASSWORDS["handler"])
    assert not verify(data_dir, "admin", ADMIN_PASSWORD).sound


def test_an_older_key_store_put_back_is_refused_at_sign_in(staffed_dir: Path) -> None:
    """The anchors roll back with the key store; the stores' digests no longer match them."""
    old = (staffed_dir / "keystore.json").read_bytes()
    handler = unlock(staffed_dir, "handler", PASSWORDS["handler"])
    try:
        ClientService(handler).create(_client())
    finally:
        handler.close()
    (staffed_dir / "keystore.json").write_bytes(old)
    with pytest.raises(StoreTampered):
        unlock(staffed_dir, "handler", PASSWORDS["handler"])


def test_sound_store_keeps_working_and_verifies(replay: tuple[Path, Path, int]) -> None:
    data_dir, _, client_id = replay
    for user in ("admin", "handler", "counsellor", "manager"):
        unlock(data_dir, user, PASSWORDS[user]).close()
    report = verify(data_dir, "admin", ADMIN_PASSWORD)
    assert report.sound, report.findings
    assert _read(data_dir / "case.db", _attacker_key(data_dir), _safe_contact(client_id)) == (
        0,
        0,
        SAFE_NOW,
    )


def test_a_store_changed_behind_an_open_session_refuses_its_next_write(
    replay: tuple[Path, Path, int],
) -> None:
    """Someone edits a row with their own key while the app is open; the app's next write would
    anchor that edit as if it were its own, so it is refused and nothing of it is committed."""
    data_dir, _, client_id = replay
    handler = unlock(data_dir, "handler", PASSWORDS["handler"])
    try:
        conn = dbengine.connect(data_dir / "case.db", _attacker_key(data_dir), store="case")
        try:
            conn.execute("UPDATE clients SET letters_ok = 1 WHERE id = ?", (client_id,))
        finally:
            conn.close()
        before = (data_dir / "keystore.json").read_bytes()
        with pytest.raises(StoreTampered):
            ClientService(handler).update(client_id, _client(address="3 Other Street"))
        assert (data_dir / "keystore.json").read_bytes() == before
        with pytest.raises(StoreTampered):  # viewing a client is audited: a write too
            ClientService(handler).open(client_id)
        # The refused write left nothing behind.
        assert _read(data_dir / "case.db", _attacker_key(data_dir), _safe_contact(client_id)) == (
            1,
            0,
            SAFE_NOW,
        )
    finally:
        handler.close()
    assert not verify(data_dir, "admin", ADMIN_PASSWORD).sound


def test_restoring_a_good_backup_is_the_way_back(staffed_dir: Path, tmp_path: Path) -> None:
    from supportline.backup import check_backup, record_restore, restore

    admin = unlock(staffed_dir, "admin", ADMIN_PASSWORD)
    try:
        create_backup(admin, tmp_path / "good.slbackup")
    finally:
        admin.close()
    doc = json.loads((staffed_dir / "keystore.json").read_text())
    del doc["anchors"]["case"]
    (staffed_dir / "keystore.json").write_text(json.dumps(doc))
    with pytest.raises(StoreTampered):
        unlock(staffed_dir, "admin", ADMIN_PASSWORD)

    plan = check_backup(staffed_dir, tmp_path / "good.slbackup", "admin", ADMIN_PASSWORD)
    restore(plan, staffed_dir, allow_older=True)
    admin = unlock(staffed_dir, "admin", ADMIN_PASSWORD)
    try:
        record_restore(admin, plan)
    finally:
        admin.close()
    assert verify(staffed_dir, "admin", ADMIN_PASSWORD).sound
