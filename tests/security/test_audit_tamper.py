"""The audit tamper matrix (DESIGN 5): every edit an insider or a thief could make to the stores,
their audit chains or their anchors is reported by ``verify`` and by ``supportline verify``."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import sqlcipher3
from sqlalchemy import delete, update
from sqlalchemy.exc import DBAPIError

from supportline import cli
from supportline.db import engine as dbengine
from supportline.db import schema
from supportline.keystore import Keystore
from supportline.roles import KeyName
from supportline.session import unlock
from supportline.verify import verify
from tests.conftest import ADMIN_PASSWORD, PASSWORDS

STORES = ("case", "stats")


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store with some history in both chains (sign-ins of every role, settings changes)."""
    from supportline.roles import Role
    from supportline.services.settings import SettingsService
    from supportline.services.users import UserService
    from supportline.session import init_store

    path = tmp_path_factory.mktemp("tamper") / "data"
    init_store(path, "admin", ADMIN_PASSWORD)
    admin = unlock(path, "admin", ADMIN_PASSWORD)
    try:
        users = UserService(admin)
        users.add_user(
            "handler", "H", [Role.CALL_HANDLER], PASSWORDS["handler"], must_change_password=False
        )
        users.add_user(
            "manager", "M", [Role.SERVICE_MANAGER], PASSWORDS["manager"], must_change_password=False
        )
        for minutes in (6, 7, 8):
            SettingsService(admin).update({"idle_lock_minutes": minutes})
    finally:
        admin.close()
    for _ in range(2):
        for user in ("handler", "manager", "admin"):
            unlock(path, user, PASSWORDS[user]).close()
    return path


@pytest.fixture
def store(template: Path, tmp_path: Path) -> Path:
    path = tmp_path / "data"
    shutil.copytree(template, path)
    return path


def _key(path: Path, store: str) -> bytes:
    opened = Keystore.load(path / "keystore.json").open_slot("admin", ADMIN_PASSWORD)
    return opened.key(KeyName.CASE if store == "case" else KeyName.STATS)


def _insider(path: Path, store: str, *statements: str | tuple[str, tuple]) -> None:
    """A raw keyed connection, as an insider holding the store key would use: triggers dropped."""
    conn = dbengine.connect(path / f"{store}.db", _key(path, store), store=store)
    try:
        conn.execute("DROP TRIGGER IF EXISTS audit_no_update")
        conn.execute("DROP TRIGGER IF EXISTS audit_no_delete")
        for statement in statements:
            if isinstance(statement, tuple):
                conn.execute(*statement)
            else:
                conn.execute(statement)
        dbengine.checkpoint(conn)
    finally:
        conn.close()


def _max_seq(path: Path, store: str) -> int:
    conn = dbengine.connect(path / f"{store}.db", _key(path, store), store=store)
    try:
        return int(conn.execute("SELECT max(seq) FROM audit").fetchone()[0])
    finally:
        conn.close()


def _cli_verify(path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv(cli.PASSWORD_ENV, ADMIN_PASSWORD)
    code = cli.main(["verify", "--data-dir", str(path), "--user", "admin"])
    out, err = capsys.readouterr()
    return code, out, err


def _assert_detected(
    path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    store: str,
    kinds: set[str],
) -> None:
    report = verify(path, "admin", ADMIN_PASSWORD)
    assert not report.sound
    found = {(f.store, f.kind) for f in report.findings}
    assert found & {(store, kind) for kind in kinds}, report.findings
    code, out, err = _cli_verify(path, capsys, monkeypatch)
    assert code == 1
    text = out + err
    assert f"FAILED: {store}.db" in text
    assert "OK" not in text and "Traceback" not in text


# -- edits to the chain by an insider holding the key ---------------------------------------------

SWAP_COLUMNS = "at, actor, action, record_type, record_id, prev_hash, hash"


def _edit_entry(path: Path, store: str) -> None:
    _insider(path, store, "UPDATE audit SET actor = 'somebody' WHERE seq = 3")


def _edit_entry_and_rehash_it(path: Path, store: str) -> None:
    """Edit entry 3 and recompute its own hash: the next entry's link then breaks."""
    from datetime import UTC

    from supportline.audit import entry_hash

    engine = dbengine.make_engine(path / f"{store}.db", _key(path, store), store=store)
    table = schema.case_audit if store == "case" else schema.stats_audit
    try:
        with engine.begin() as conn:
            conn.exec_driver_sql("DROP TRIGGER IF EXISTS audit_no_update")
            row = conn.execute(table.select().where(table.c.seq == 3)).one()
            new_hash = entry_hash(
                row.prev_hash,
                row.seq,
                row.at.astimezone(UTC),
                row.actor,
                "auth.sign_out",
                row.record_type,
                row.record_id,
            )
            conn.execute(
                update(table).where(table.c.seq == 3).values(action="auth.sign_out", hash=new_hash)
            )
    finally:
        engine.dispose()


def _delete_middle(path: Path, store: str) -> None:
    _insider(path, store, "DELETE FROM audit WHERE seq = 4")


def _swap_two(path: Path, store: str) -> None:
    _insider(
        path,
        store,
        f"CREATE TEMP TABLE a AS SELECT {SWAP_COLUMNS} FROM audit WHERE seq = 3",
        f"CREATE TEMP TABLE b AS SELECT {SWAP_COLUMNS} FROM audit WHERE seq = 4",
        *[
            f"UPDATE audit SET {column} = (SELECT {column} FROM {src}) WHERE seq = {seq}"
            for seq, src in ((3, "b"), (4, "a"))
            for column in SWAP_COLUMNS.split(", ")
        ],
    )


def _truncate_tail(path: Path, store: str) -> None:
    last = _max_seq(path, store)
    _insider(path, store, ("DELETE FROM audit WHERE seq > ?", (last - 2,)))


def _truncate_tail_then_regrow(path: Path, store: str) -> None:
    """Cut the tail, then try to let ordinary sign-ins push the chain past the anchor's old
    position: sign-in checks the store against its anchor first and refuses it."""
    from supportline.errors import StoreTampered

    _truncate_tail(path, store)
    user = "handler" if store == "case" else "manager"
    for _ in range(4):
        with pytest.raises(StoreTampered):
            unlock(path, user, PASSWORDS[user]).close()


CHAIN_EDITS: dict[str, tuple[Callable[[Path, str], None], set[str]]] = {
    "edit an entry": (_edit_entry, {"edited"}),
    "edit an entry and rehash it": (_edit_entry_and_rehash_it, {"reordered", "missing", "edited"}),
    "delete a middle entry": (_delete_middle, {"missing"}),
    "swap two entries": (_swap_two, {"reordered", "missing", "edited"}),
    "truncate the tail": (_truncate_tail, {"truncated"}),
    "truncate the tail then regrow": (_truncate_tail_then_regrow, {"truncated", "rolled_back"}),
}


@pytest.mark.parametrize("store_name", STORES)
@pytest.mark.parametrize("edit", list(CHAIN_EDITS))
def test_chain_edits_are_detected(
    store: Path, capsys, monkeypatch, store_name: str, edit: str
) -> None:
    action, kinds = CHAIN_EDITS[edit]
    action(store, store_name)
    _assert_detected(store, capsys, monkeypatch, store_name, kinds)


# -- whole files replaced, damaged or truncated ---------------------------------------------------


@pytest.mark.parametrize("store_name", STORES)
def test_store_replaced_by_an_older_copy_of_itself(
    store: Path, tmp_path: Path, capsys, monkeypatch, store_name: str
) -> None:
    old = tmp_path / f"old-{store_name}.db"
    shutil.copyfile(store / f"{store_name}.db", old)
    for user in ("handler", "manager", "admin"):
        unlock(store, user, PASSWORDS[user]).close()
    for suffix in ("-wal", "-shm"):
        assert not (store / f"{store_name}.db{suffix}").exists()
    shutil.copyfile(old, store / f"{store_name}.db")
    _assert_detected(store, capsys, monkeypatch, store_name, {"truncated", "rolled_back"})


def _offsets(size: int) -> list[int]:
    page = 4096
    return sorted({0, 7, 15, 16, 100, page - 1, page, page + 500, size // 2, size - 80, size - 1})


@pytest.mark.parametrize("store_name", STORES)
def test_flipped_bytes_in_a_store_file(
    store: Path, tmp_path: Path, capsys, monkeypatch, store_name: str
) -> None:
    path = store / f"{store_name}.db"
    pristine = path.read_bytes()
    assert len(pristine) > 3 * 4096
    for offset in _offsets(len(pristine)):
        damaged = bytearray(pristine)
        damaged[offset] ^= 0x10
        path.write_bytes(bytes(damaged))
        report = verify(store, "admin", ADMIN_PASSWORD)
        assert not report.sound, offset
        assert {f.store for f in report.findings} == {store_name}, offset
    code, out, _ = _cli_verify(store, capsys, monkeypatch)
    assert code == 1 and f"FAILED: {store_name}.db" in out
    path.write_bytes(pristine)
    assert verify(store, "admin", ADMIN_PASSWORD).sound


@pytest.mark.parametrize("store_name", STORES)
@pytest.mark.parametrize(
    "keep", ["half", "one page", "page plus some", "all but one byte", "empty"]
)
def test_truncated_store_file(store: Path, capsys, monkeypatch, store_name: str, keep: str) -> None:
    path = store / f"{store_name}.db"
    size = path.stat().st_size
    length = {
        "half": size // 2,
        "one page": 4096,
        "page plus some": 4096 + 1000,
        "all but one byte": size - 1,
        "empty": 0,
    }[keep]
    with open(path, "r+b") as handle:
        handle.truncate(length)
    _assert_detected(store, capsys, monkeypatch, store_name, {"unreadable", "damaged"})


def test_deleted_store_file(store: Path, capsys, monkeypatch) -> None:
    os.unlink(store / "stats.db")
    _assert_detected(store, capsys, monkeypatch, "stats", {"unreadable"})


# -- the anchors in keystore.json -----------------------------------------------------------------


def _edit_anchor(path: Path, store: str, change: Callable[[dict], None]) -> None:
    doc = json.loads((path / "keystore.json").read_text())
    change(doc["anchors"][store])
    (path / "keystore.json").write_text(json.dumps(doc))


ANCHOR_EDITS: dict[str, Callable[[dict], None]] = {
    "signature": lambda a: a.update(
        signature=("A" if a["signature"][0] != "A" else "B") + a["signature"][1:]
    ),
    "signer": lambda a: a.update(signer="handler" if a["signer"] != "handler" else "admin"),
    "seq lowered": lambda a: a.update(seq=a["seq"] - 1),
    "seq raised": lambda a: a.update(seq=a["seq"] + 5),
    "head": lambda a: a.update(head=("0" if a["head"][0] != "0" else "1") + a["head"][1:]),
}


@pytest.mark.parametrize("store_name", STORES)
@pytest.mark.parametrize("edit", list(ANCHOR_EDITS))
def test_edited_anchor(store: Path, capsys, monkeypatch, store_name: str, edit: str) -> None:
    _edit_anchor(store, store_name, ANCHOR_EDITS[edit])
    _assert_detected(store, capsys, monkeypatch, store_name, {"anchor_forged"})


def test_removed_anchor(store: Path, capsys, monkeypatch) -> None:
    doc = json.loads((store / "keystore.json").read_text())
    del doc["anchors"]["case"]
    (store / "keystore.json").write_text(json.dumps(doc))
    _assert_detected(store, capsys, monkeypatch, "case", {"anchor_missing"})


# -- the untouched store, and the database's own refusal -----------------------------------------


def test_untouched_store_is_sound(store: Path, capsys, monkeypatch) -> None:
    report = verify(store, "admin", ADMIN_PASSWORD)
    assert report.sound, report.findings
    assert report.heads["case"] == _max_seq(store, "case") > 5
    assert report.heads["stats"] == _max_seq(store, "stats") > 5
    code, out, err = _cli_verify(store, capsys, monkeypatch)
    assert code == 0
    assert out.startswith("OK:") and err == ""


def test_verify_writes_nothing(store: Path) -> None:
    before = {p.name: p.read_bytes() for p in store.iterdir() if p.is_file()}
    verify(store, "admin", ADMIN_PASSWORD)
    after = {p.name: p.read_bytes() for p in store.iterdir() if p.is_file()}
    assert after == before


@pytest.mark.parametrize("store_name", STORES)
def test_append_only_triggers_refuse_update_and_delete(store: Path, store_name: str) -> None:
    user = "admin"
    session = unlock(store, user, ADMIN_PASSWORD)
    table = schema.case_audit if store_name == "case" else schema.stats_audit
    engine = session.case if store_name == "case" else session.stats
    try:
        for statement in (
            update(table).where(table.c.seq == 2).values(actor="somebody"),
            delete(table).where(table.c.seq == 2),
            delete(table),
        ):
            with (
                pytest.raises((DBAPIError, sqlcipher3.IntegrityError), match="append-only"),
                engine.begin() as conn,
            ):
                conn.execute(statement)
    finally:
        session.close()
    assert verify(store, "admin", ADMIN_PASSWORD).sound


def test_insider_rewriting_the_whole_chain_and_anchor_is_detected(store: Path) -> None:
    """Issue 10 item 3: a call handler with their own password and key drops the triggers,
    erases their own sign-ins from the middle of the chain, rehashes everything after, signs
    every entry and the anchor with their own signing key: the entries of other users that
    follow no longer carry their authors' signatures, and verify names them."""
    from datetime import UTC

    from supportline.audit import GENESIS, entry_hash, entry_payload
    from supportline.crypto import sign

    from .helpers import attacker_reanchor

    keystore = Keystore.load(store / "keystore.json")
    handler = keystore.open_slot("handler", PASSWORDS["handler"])
    key = handler.key(KeyName.CASE)
    engine = dbengine.make_engine(store / "case.db", key, store="case")
    table = schema.case_audit
    rewritten_others: list[int] = []
    try:
        with engine.begin() as conn:
            conn.exec_driver_sql("DROP TRIGGER audit_no_update")
            conn.exec_driver_sql("DROP TRIGGER audit_no_delete")
            rows = conn.execute(table.select().order_by(table.c.seq)).all()
            conn.execute(delete(table))
            prev, seq, changed = GENESIS, 0, False
            for row in rows:
                if row.action == "auth.sign_in" and row.actor == "handler":
                    changed = True
                    continue  # the handler erases their own sign-ins
                seq += 1
                digest = entry_hash(
                    prev,
                    seq,
                    row.at.astimezone(UTC),
                    row.actor,
                    row.action,
                    row.record_type,
                    row.record_id,
                )
                if digest != row.hash and row.signer != "handler":
                    rewritten_others.append(seq)
                # The best the handler can do: the old signature where the hash is unchanged,
                # their own otherwise (they hold no one else's signing key).
                signature = (
                    row.signature
                    if digest == row.hash
                    else sign(
                        handler.signing_private,
                        entry_payload(keystore.store_id, "case", seq, digest),
                    )
                )
                conn.execute(
                    table.insert().values(
                        seq=seq,
                        at=row.at,
                        actor=row.actor,
                        action=row.action,
                        record_type=row.record_type,
                        record_id=row.record_id,
                        prev_hash=prev,
                        hash=digest,
                        signer=row.signer if digest == row.hash else "handler",
                        signature=signature,
                    )
                )
                prev = digest
            conn.exec_driver_sql(
                "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit "
                "BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END"
            )
    finally:
        engine.dispose()
    assert changed and rewritten_others
    attacker_reanchor(store, "case", "handler", handler.signing_private, key)
    report = verify(store, "admin", ADMIN_PASSWORD)
    assert not report.sound
    # Every rewritten entry of another user is named: signed by the handler in their name.
    named = {int(f.detail.split()[-1]) for f in report.findings if f.kind == "misattributed"}
    assert set(rewritten_others) <= named, report.findings


@pytest.mark.parametrize("store_name", STORES)
def test_unlock_refuses_an_emptied_store_instead_of_recreating_it(
    store: Path, store_name: str
) -> None:
    from supportline.errors import StoreUnreadable

    path = store / f"{store_name}.db"
    path.write_bytes(b"")
    with pytest.raises(StoreUnreadable):
        unlock(store, "admin", ADMIN_PASSWORD)
    assert path.read_bytes() == b""  # not silently migrated into a fresh, empty store
