"""Issue 10, items 3 and 5: the store authority, signed audit entries and authenticated keys.

Every attack here is done as the insider would do it: a call handler (or anyone who can write
the data directory) with their own password, raw SQL under their own case key, and edits to
``keystore.json`` by hand. Each must fail, or (forging entries in one's own name) be attributable.
"""

from __future__ import annotations

import json
from datetime import UTC
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import delete, select, update

from supportline import crypto, outbox
from supportline.audit import (
    COPIED_FROM_KEYSTORE,
    GENESIS,
    AuditAction,
    EntrySigner,
    entry_hash,
    entry_payload,
    sign_anchor,
)
from supportline.db import engine as dbengine
from supportline.db import schema
from supportline.errors import KeystoreForged, RotationPlanForged, SlotTampered
from supportline.keystore import Anchor, Keystore, OpenedSlot
from supportline.messages import describe
from supportline.roles import KeyName, Role
from supportline.services.intake import IntakeService
from supportline.services.settings import SettingsService
from supportline.session import DataDir, record_failed_sign_in, unlock
from supportline.verify import verify
from tests.conftest import ADMIN_PASSWORD, PASSWORDS
from tests.security.helpers import attacker_reanchor, dir_hashes, insert_appointment

# -- helpers -------------------------------------------------------------------------------------


def _keystore(path: Path) -> Keystore:
    return Keystore.load(path / "keystore.json")


def _opened(path: Path, user: str) -> OpenedSlot:
    return _keystore(path).open_slot(user, PASSWORDS[user])


def _edit_keystore(path: Path, change: Any) -> None:
    doc = json.loads((path / "keystore.json").read_text())
    change(doc)
    (path / "keystore.json").write_text(json.dumps(doc))


def _history(path: Path) -> None:
    """Some entries by the administrator after the handler's: what the handler wants to hide."""
    for user in ("handler", "admin", "handler"):
        unlock(path, user, PASSWORDS[user]).close()
    admin = unlock(path, "admin", ADMIN_PASSWORD)
    try:
        SettingsService(admin).update({"idle_lock_minutes": 9})
    finally:
        admin.close()
    unlock(path, "counsellor", PASSWORDS["counsellor"]).close()


def _rows(path: Path, key: bytes) -> list[Any]:
    engine = dbengine.make_engine(path / "case.db", key, store="case")
    try:
        with engine.connect() as conn:
            table = schema.case_audit
            return list(conn.execute(table.select().order_by(table.c.seq)).all())
    finally:
        engine.dispose()


def _rewrite_chain(path: Path, user: str, transform: Any) -> list[int]:
    """As ``user`` with raw SQL: drop the triggers, replace the chain by ``transform(rows)``
    (a list of dicts), rehash it, sign every changed entry with the user's own key and move the
    anchor, signed by them. Returns the seqs of other users' entries that had to be re-signed."""
    keystore = _keystore(path)
    opened = keystore.open_slot(user, PASSWORDS[user])
    key = opened.key(KeyName.CASE)
    rows = [dict(row._mapping) for row in _rows(path, key)]
    wanted = transform(rows)
    engine = dbengine.make_engine(path / "case.db", key, store="case")
    table = schema.case_audit
    resigned: list[int] = []
    prev, seq = GENESIS, 0
    try:
        with engine.begin() as conn:
            conn.exec_driver_sql("DROP TRIGGER IF EXISTS audit_no_update")
            conn.exec_driver_sql("DROP TRIGGER IF EXISTS audit_no_delete")
            conn.execute(delete(table))
            for row in wanted:
                seq += 1
                digest = entry_hash(
                    prev,
                    seq,
                    row["at"].astimezone(UTC),
                    row["actor"],
                    row["action"],
                    row["record_type"],
                    row["record_id"],
                )
                if digest != row["hash"] or row.get("signature") is None:
                    if row.get("signer") not in (user, None):
                        resigned.append(seq)
                    row["signer"] = user
                    row["signature"] = opened.sign(
                        entry_payload(keystore.store_id, "case", seq, digest)
                    )
                conn.execute(
                    table.insert().values(
                        {**row, "seq": seq, "prev_hash": prev, "hash": digest},
                    )
                )
                prev = digest
    finally:
        engine.dispose()
    attacker_reanchor(path, "case", user, opened.signing_private, key)
    return resigned


def _findings(path: Path) -> dict[str, set[int]]:
    report = verify(path, "admin", ADMIN_PASSWORD)
    found: dict[str, set[int]] = {}
    for finding in report.findings:
        seq = int(finding.detail.split()[-1]) if finding.detail.startswith("entry") else 0
        found.setdefault(finding.kind, set()).add(seq)
    return found


# -- item 3: audit entries are attributable -------------------------------------------------------


def test_every_entry_and_the_anchor_carry_their_authors_signature(staffed_dir: Path) -> None:
    _history(staffed_dir)
    rows = _rows(staffed_dir, _opened(staffed_dir, "admin").key(KeyName.CASE))
    assert {row.signer for row in rows} >= {"admin", "handler", "counsellor"}
    for row in rows:
        assert row.signature and (row.signer == row.actor), row
    report = verify(staffed_dir, "admin", ADMIN_PASSWORD)
    assert report.sound, report.findings
    assert _keystore(staffed_dir).anchors["case"].signer in {"admin", "handler", "counsellor"}


def test_handler_rewriting_an_administrators_entry_is_named(staffed_dir: Path) -> None:
    _history(staffed_dir)

    def hide_settings_change(rows: list[dict]) -> list[dict]:
        for row in rows:
            if row["action"] == AuditAction.SETTINGS_CHANGED:
                row["action"] = AuditAction.SIGN_IN
        return rows

    resigned = _rewrite_chain(staffed_dir, "handler", hide_settings_change)
    assert resigned
    found = _findings(staffed_dir)
    assert set(resigned) <= found.get("misattributed", set()), found


def test_handler_deleting_an_administrators_entry_is_named(staffed_dir: Path) -> None:
    _history(staffed_dir)

    def drop_settings_change(rows: list[dict]) -> list[dict]:
        return [row for row in rows if row["action"] != AuditAction.SETTINGS_CHANGED]

    resigned = _rewrite_chain(staffed_dir, "handler", drop_settings_change)
    assert resigned  # the counsellor's later sign-in had to be re-signed by the handler
    assert set(resigned) <= _findings(staffed_dir).get("misattributed", set())


def test_handler_inserting_an_entry_in_someone_elses_name_is_named(staffed_dir: Path) -> None:
    _history(staffed_dir)

    def blame_the_counsellor(rows: list[dict]) -> list[dict]:
        fake = {**rows[-1], "actor": "counsellor", "action": AuditAction.EXPORTED}
        fake.update(hash="", signer=None, signature=None)
        return [*rows, fake]

    _rewrite_chain(staffed_dir, "handler", blame_the_counsellor)
    last = len(_rows(staffed_dir, _opened(staffed_dir, "admin").key(KeyName.CASE)))
    assert last in _findings(staffed_dir).get("misattributed", set())


def test_a_signature_moved_to_another_name_or_left_off_is_named(staffed_dir: Path) -> None:
    _history(staffed_dir)
    key = _opened(staffed_dir, "handler").key(KeyName.CASE)
    conn = dbengine.connect(staffed_dir / "case.db", key, store="case")
    try:
        moved, bare = (
            seq
            for (seq,) in conn.execute(
                "SELECT seq FROM audit WHERE signer = 'handler' ORDER BY seq LIMIT 2"
            ).fetchall()
        )
        conn.execute("DROP TRIGGER audit_no_update")
        conn.execute("UPDATE audit SET signer = 'admin', actor = 'admin' WHERE seq = ?", (moved,))
        conn.execute("UPDATE audit SET signature = NULL WHERE seq = ?", (bare,))
        dbengine.checkpoint(conn)
    finally:
        conn.close()
    found = _findings(staffed_dir)
    assert moved in found.get("forged_signature", set()), found
    assert bare in found.get("unsigned", set()), found


def test_a_signing_key_planted_in_the_key_store_verifies_nothing(staffed_dir: Path) -> None:
    """Someone adds their own signing key as a 'signer' named admin and signs entries with it."""
    _history(staffed_dir)
    planted_private, planted_public = crypto.generate_signing_keypair()
    _edit_keystore(
        staffed_dir,
        lambda doc: doc["signers"].append(
            {
                "username": "admin",
                "signing_key": crypto.b64e(planted_public),
                "certificate": crypto.b64e(b"\0" * 64),
            }
        ),
    )
    keystore = _keystore(staffed_dir)
    assert keystore.certified_signing_keys("admin", keystore.authority) == [
        _keystore(staffed_dir).slots["admin"].signing_key
    ]
    key = _opened(staffed_dir, "handler").key(KeyName.CASE)
    conn = dbengine.connect(staffed_dir / "case.db", key, store="case")
    try:
        row = conn.execute("SELECT seq, hash FROM audit WHERE seq = 5").fetchone()
        signature = crypto.sign(planted_private, entry_payload(keystore.store_id, "case", *row))
        conn.execute("DROP TRIGGER audit_no_update")
        conn.execute("UPDATE audit SET signer = 'admin', signature = ? WHERE seq = 5", (signature,))
        dbengine.checkpoint(conn)
    finally:
        conn.close()
    assert 5 in _findings(staffed_dir).get("forged_signature", set())


def test_forging_entries_in_ones_own_name_is_attributable(staffed_dir: Path) -> None:
    """What signing cannot stop: the handler appends entries under their own name (raw SQL,
    their own key). verify accepts them, and every one of them is signed by the handler."""
    _history(staffed_dir)

    def claim(rows: list[dict]) -> list[dict]:
        fake = {**rows[-1], "actor": "handler", "action": AuditAction.PRINTED}
        fake.update(hash="", signer=None, signature=None)
        return [*rows, fake]

    _rewrite_chain(staffed_dir, "handler", claim)
    assert verify(staffed_dir, "admin", ADMIN_PASSWORD).sound
    last = _rows(staffed_dir, _opened(staffed_dir, "admin").key(KeyName.CASE))[-1]
    assert (last.actor, last.signer, last.action) == ("handler", "handler", AuditAction.PRINTED)


def test_failed_sign_ins_copied_from_the_key_store_are_signed_by_the_copier(
    staffed_dir: Path,
) -> None:
    """Anyone can write failed sign-ins into keystore.json (no key needed). They reach the
    chain only as what the next user to sign in copied from the key store, signed by that
    user: nobody without a key plants an entry of their own choosing."""
    record_failed_sign_in(DataDir(staffed_dir), "admin")
    _edit_keystore(
        staffed_dir,
        lambda doc: doc["failed_sign_ins"].extend(
            [
                {"username": "counsellor", "at": "2026-12-01T10:00:00+00:00", "audited": False},
                {"username": "=HYPERLINK(x)", "at": "2026-12-01T10:01:00+00:00"},
                {"username": "admin", "at": "not a date"},
            ]
        ),
    )
    unlock(staffed_dir, "handler", PASSWORDS["handler"]).close()
    rows = _rows(staffed_dir, _opened(staffed_dir, "admin").key(KeyName.CASE))
    copied = [row for row in rows if row.action == AuditAction.SIGN_IN_FAILED]
    assert {row.actor for row in copied} == {"admin", "counsellor", "unknown"}
    for row in copied:
        assert (row.signer, row.record_type) == ("handler", COPIED_FROM_KEYSTORE)
    assert verify(staffed_dir, "admin", ADMIN_PASSWORD).sound


def test_an_anchor_moved_by_someone_who_signs_as_another_is_refused(staffed_dir: Path) -> None:
    _history(staffed_dir)
    keystore = _keystore(staffed_dir)
    handler = keystore.open_slot("handler", PASSWORDS["handler"])
    anchor = keystore.anchors["case"]
    signer = EntrySigner("handler", handler.signing_private, keystore.store_id)
    keystore.anchors["case"] = Anchor(
        anchor.seq,
        anchor.head,
        "admin",
        sign_anchor(signer, "case", anchor.state, anchor.prior),
        anchor.digest,
        anchor.prior,
    )
    keystore.save()
    assert "anchor_forged" in _findings(staffed_dir)


# -- item 5: public keys are authenticated --------------------------------------------------------


def _client(path: Path) -> int:
    admin = unlock(path, "admin", ADMIN_PASSWORD)
    try:
        with admin.case_tx() as conn:
            insert_appointment(conn, "R1")
            return int(conn.execute(select(schema.clients.c.id)).scalars().first())
    finally:
        admin.close()


def _set_setting(path: Path, user: str, key: str, value: str) -> None:
    """Raw SQL with the user's own case key: insert or replace a settings row, then move the
    anchor over the edit with their own signing key (so the integrity check, which would refuse
    the edited store outright, is out of the way and the key substitution itself is tested)."""
    opened = _opened(path, user)
    case_key = opened.key(KeyName.CASE)
    engine = dbengine.make_engine(path / "case.db", case_key, store="case")
    try:
        with engine.begin() as conn:
            done = conn.execute(
                update(schema.settings).where(schema.settings.c.key == key).values(value=value)
            ).rowcount
            if not done:
                conn.execute(schema.settings.insert().values(key=key, value=value))
    finally:
        engine.dispose()
    attacker_reanchor(path, "case", user, opened.signing_private, case_key)


def test_a_substituted_clinical_key_does_not_receive_the_next_risk_detail(
    staffed_dir: Path,
) -> None:
    client_id = _client(staffed_dir)
    attacker_private, attacker_public = crypto.generate_keypair()
    _set_setting(staffed_dir, "handler", "clinical_public_key", crypto.b64e(attacker_public))
    handler = unlock(staffed_dir, "handler", PASSWORDS["handler"])
    try:
        IntakeService(handler).raise_risk(client_id, "high", "lives with the person who hurt her")
    finally:
        handler.close()
    case_key = _opened(staffed_dir, "handler").key(KeyName.CASE)
    engine = dbengine.make_engine(staffed_dir / "case.db", case_key, store="case")
    try:
        with engine.connect() as conn:
            sealed = conn.execute(select(schema.risk_alerts.c.detail)).scalars().one()
    finally:
        engine.dispose()
    with pytest.raises(crypto.CryptoError):
        crypto.open_sealed_to(attacker_private, sealed, crypto.CLINICAL_AAD)
    counsellor = unlock(staffed_dir, "counsellor", PASSWORDS["counsellor"])
    try:
        details = IntakeService(counsellor).risk_details(client_id)
    finally:
        counsellor.close()
    assert [text for _, _, text in details] == ["lives with the person who hurt her"]


def test_a_substituted_statistics_key_does_not_receive_outbox_records(staffed_dir: Path) -> None:
    attacker_private, attacker_public = crypto.generate_keypair()
    _set_setting(staffed_dir, "handler", "stats_public_key", crypto.b64e(attacker_public))
    handler = unlock(staffed_dir, "handler", PASSWORDS["handler"])
    try:
        outbox.seal_record(handler, "contact", "2026Q1", {"purpose": "information"})
        with handler.case.connect() as conn:
            sealed = conn.execute(select(schema.outbox.c.sealed)).scalars().one()
    finally:
        handler.close()
    with pytest.raises(crypto.CryptoError):
        crypto.open_sealed_to(attacker_private, sealed, outbox.OUTBOX_AAD)
    admin = unlock(staffed_dir, "admin", ADMIN_PASSWORD)
    try:
        result = outbox.drain(admin)
    finally:
        admin.close()
    assert (result.taken, result.rejected) == (1, 0)


def test_an_edited_statement_in_the_key_store_is_refused(staffed_dir: Path) -> None:
    """The statement names the statistics key: swapping it by hand breaks the authority's
    signature, and nothing is sealed to the swapped key."""
    _, attacker_public = crypto.generate_keypair()
    before = dir_hashes(staffed_dir, ("case.db", "stats.db"))
    _edit_keystore(
        staffed_dir,
        lambda doc: doc["statement"].update(stats_public_key=crypto.b64e(attacker_public)),
    )
    for user in ("handler", "admin"):
        with pytest.raises(KeystoreForged) as info:
            unlock(staffed_dir, user, PASSWORDS[user], enforce_delay=False)
        assert "nothing was changed" in describe(info.value)
    assert dir_hashes(staffed_dir, ("case.db", "stats.db")) == before


def test_the_statement_read_by_a_session_is_checked_each_time_the_file_changes(
    staffed_dir: Path,
) -> None:
    handler = unlock(staffed_dir, "handler", PASSWORDS["handler"])
    try:
        outbox.seal_record(handler, "contact", "2026Q1", {"purpose": "information"})
        _, attacker_public = crypto.generate_keypair()
        _edit_keystore(
            staffed_dir,
            lambda doc: doc["statement"].update(stats_public_key=crypto.b64e(attacker_public)),
        )
        with pytest.raises(KeystoreForged):
            outbox.seal_record(handler, "contact", "2026Q1", {"purpose": "information"})
        assert outbox.pending_count(handler) == 1
    finally:
        handler.close()


def test_a_whole_new_authority_written_into_the_key_store_is_refused(staffed_dir: Path) -> None:
    """The attacker re-signs everything (statement, certificates, signers) with an authority of
    their own: every slot pins the real one under its user's password."""
    keystore = _keystore(staffed_dir)
    fake_private, fake_public = crypto.generate_signing_keypair()
    _, attacker_stats = crypto.generate_keypair()
    keystore.authority = fake_public
    from dataclasses import replace

    keystore.statement = replace(keystore.statement, stats_public_key=attacker_stats).signed(
        keystore.store_id, fake_private
    )
    for name, slot in list(keystore.slots.items()):
        keystore.slots[name] = keystore.certify(slot, fake_private)
    keystore.save()
    for user in ("handler", "admin", "manager"):
        with pytest.raises(KeystoreForged):
            unlock(staffed_dir, user, PASSWORDS[user], enforce_delay=False)


def test_another_users_public_key_swapped_in_their_slot_is_refused(staffed_dir: Path) -> None:
    """Brief E seals per-case keys to counsellors' public keys: only through certified_slot."""
    _, attacker_public = crypto.generate_keypair()
    _edit_keystore(
        staffed_dir,
        lambda doc: next(s for s in doc["slots"] if s["username"] == "counsellor").update(
            public_key=crypto.b64e(attacker_public)
        ),
    )
    handler = unlock(staffed_dir, "handler", PASSWORDS["handler"])
    try:
        with pytest.raises(KeystoreForged):
            handler.certified_slot("counsellor")
        assert handler.certified_slot("admin").roles == frozenset({Role.ADMINISTRATOR})
    finally:
        handler.close()


def test_a_role_grant_without_a_certificate_is_refused(staffed_dir: Path) -> None:
    """A user who edits their own roles (even with their password) loses the certificate."""
    keystore = _keystore(staffed_dir)
    opened = keystore.open_slot("handler", PASSWORDS["handler"])
    from dataclasses import replace

    slot = replace(keystore.slots["handler"], roles=frozenset({Role.CALL_HANDLER, Role.COUNSELLOR}))
    keys = {**opened.keys, KeyName.NOTES: {1: crypto.random_key()}}
    keystore.slots["handler"] = keystore.regrant(slot, keys)
    keystore.save()
    with pytest.raises(SlotTampered):
        _keystore(staffed_dir).open_slot("handler", PASSWORDS["handler"])


def _forged_plan(doc: dict, signer: str | None, signature: str | None) -> None:
    _, public = crypto.generate_keypair()
    plan: dict[str, Any] = {
        "departing": "manager",
        "keys": ["stats", "stats_private"],
        "old": {"stats": 1, "stats_private": 1},
        "new": {"stats": 2, "stats_private": 2},
        "stats_public_key": crypto.b64e(public),
        "done": ["prepare", "case", "stats"],
    }
    if signer is not None:
        plan["signer"] = signer
    if signature is not None:
        plan["signature"] = signature
    doc["rotation"] = plan


@pytest.mark.parametrize(
    "forgery",
    ["unsigned", "signed by nobody", "names an administrator, bad signature", "by the handler"],
)
def test_a_forged_rotation_plan_is_refused_and_changes_nothing(
    staffed_dir: Path, forgery: str
) -> None:
    keystore = _keystore(staffed_dir)
    if forgery == "unsigned":
        _edit_keystore(staffed_dir, lambda doc: _forged_plan(doc, None, None))
    elif forgery == "signed by nobody":
        _edit_keystore(staffed_dir, lambda doc: _forged_plan(doc, "ghost", "AAAA"))
    elif forgery == "names an administrator, bad signature":
        _edit_keystore(staffed_dir, lambda doc: _forged_plan(doc, "admin", crypto.b64e(b"0" * 64)))
    else:
        # Signed properly, but by a call handler: only an administrator may plan a rotation.
        from supportline.rotation import _plan_payload

        handler = keystore.open_slot("handler", PASSWORDS["handler"])

        def by_handler(doc: dict) -> None:
            _forged_plan(doc, None, None)
            signature = handler.sign(_plan_payload(keystore.store_id, doc["rotation"]))
            doc["rotation"].update(signer="handler", signature=crypto.b64e(signature))

        _edit_keystore(staffed_dir, by_handler)
    before = dir_hashes(staffed_dir)
    with pytest.raises(RotationPlanForged) as info:
        unlock(staffed_dir, "admin", ADMIN_PASSWORD, enforce_delay=False)
    assert "rotation plan" in describe(info.value) and "nothing was changed" in describe(info.value)
    assert dir_hashes(staffed_dir) == before
    # The plan did not act: the statistics key is the same, the manager still works.
    assert _keystore(staffed_dir).statement == keystore.statement
    unlock(staffed_dir, "manager", PASSWORDS["manager"], enforce_delay=False).close()


def test_a_genuine_rotation_hands_the_authority_over_and_repins_each_slot(
    staffed_dir: Path, tmp_path: Path
) -> None:
    """An administrator leaves: the authority changes with the other keys. The remaining slots
    trust the new one through the old one's signed succession, and pin it at their next
    sign-in; the departed administrator's old entries still verify."""
    from supportline.services.users import UserService

    admin = unlock(staffed_dir, "admin", ADMIN_PASSWORD)
    try:
        UserService(admin).add_user(
            "boss", "B", [Role.ADMINISTRATOR], "boss password 1", must_change_password=False
        )
    finally:
        admin.close()
    unlock(staffed_dir, "boss", "boss password 1").close()
    old_authority = _keystore(staffed_dir).authority
    kept_by_boss = (
        _keystore(staffed_dir).open_slot("boss", "boss password 1").key(KeyName.AUTHORITY)
    )
    admin = unlock(staffed_dir, "admin", ADMIN_PASSWORD)
    try:
        UserService(admin).disable_user("boss")
    finally:
        admin.close()
    keystore = _keystore(staffed_dir)
    assert keystore.authority != old_authority
    assert [s.old for s in keystore.successions] == [old_authority]
    assert keystore.slots["handler"].authority == old_authority
    unlock(staffed_dir, "handler", PASSWORDS["handler"]).close()
    assert _keystore(staffed_dir).slots["handler"].authority == keystore.authority
    report = verify(staffed_dir, "admin", ADMIN_PASSWORD)
    assert report.sound, report.findings
    rows = _rows(staffed_dir, _opened(staffed_dir, "admin").key(KeyName.CASE))
    assert "boss" in {row.signer for row in rows}
    # The departed administrator kept the old authority key: a second succession signed with it
    # (a fork) is refused by the slots that still pin the old one.
    from supportline.keystore import Succession

    _, theirs = crypto.generate_signing_keypair()
    keystore = _keystore(staffed_dir)
    body = Succession.body(keystore.store_id, old_authority, theirs)
    keystore.successions.append(Succession(old_authority, theirs, crypto.sign(kept_by_boss, body)))
    keystore.save()
    with pytest.raises(KeystoreForged):
        _keystore(staffed_dir).trusted_authority(old_authority)
    # ...while a slot already re-pinned to the new authority is not affected.
    unlock(staffed_dir, "handler", PASSWORDS["handler"]).close()


def test_a_backup_of_a_rewritten_chain_is_refused(staffed_dir: Path, tmp_path: Path) -> None:
    """The backup check verifies every entry's signature too, with the backup's own key store."""
    from supportline.backup import check_backup, create_backup, discard
    from supportline.errors import BackupInvalid

    _history(staffed_dir)
    admin = unlock(staffed_dir, "admin", ADMIN_PASSWORD)
    try:
        create_backup(admin, tmp_path / "good.slbackup")
    finally:
        admin.close()
    discard(check_backup(staffed_dir, tmp_path / "good.slbackup", "admin", ADMIN_PASSWORD))

    def drop_settings_change(rows: list[dict]) -> list[dict]:
        return [row for row in rows if row["action"] != AuditAction.SETTINGS_CHANGED]

    _rewrite_chain(staffed_dir, "handler", drop_settings_change)
    admin = unlock(staffed_dir, "admin", ADMIN_PASSWORD)
    try:
        create_backup(admin, tmp_path / "bad.slbackup")
    finally:
        admin.close()
    with pytest.raises(BackupInvalid) as info:
        check_backup(staffed_dir, tmp_path / "bad.slbackup", "admin", ADMIN_PASSWORD)
    assert info.value.detail == "audit"


def test_a_key_store_from_before_the_authority_is_named_in_one_line(
    staffed_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from supportline import cli

    _edit_keystore(staffed_dir, lambda doc: doc.update(format=1))
    monkeypatch.setenv(cli.PASSWORD_ENV, ADMIN_PASSWORD)
    code = cli.main(["users", "list", "--data-dir", str(staffed_dir), "--user", "admin"])
    err = capsys.readouterr().err
    assert code == 1 and "earlier version" in err and len(err.strip().splitlines()) == 1


def test_deleting_signer_records_does_not_disown_current_users(staffed_dir: Path) -> None:
    """The signer records are in keystore.json, which anybody can edit: with them deleted, the
    current users' entries still verify through their slots' certificates."""
    _history(staffed_dir)
    _edit_keystore(staffed_dir, lambda doc: doc.update(signers=[]))
    report = verify(staffed_dir, "admin", ADMIN_PASSWORD)
    assert report.sound, report.findings


def test_certified_slots_leave_out_a_slot_with_a_swapped_key(staffed_dir: Path) -> None:
    """For sealing to several users at once (every clinical lead): only certified slots."""
    _, attacker_public = crypto.generate_keypair()
    _edit_keystore(
        staffed_dir,
        lambda doc: next(s for s in doc["slots"] if s["username"] == "counsellor").update(
            public_key=crypto.b64e(attacker_public)
        ),
    )
    keystore = _keystore(staffed_dir)
    trusted = _opened(staffed_dir, "admin").authority
    assert set(keystore.certified_slots(trusted)) == {"admin", "handler", "manager"}


def test_a_genuine_statement_from_before_a_rotation_is_refused(staffed_dir: Path) -> None:
    """A statement copied from an older key store carries the authority's genuine signature but
    names the clinical key of a counsellor who has since left: refused at sign-in and when a
    running session seals."""
    old_statement = json.loads((staffed_dir / "keystore.json").read_text())["statement"]
    admin = unlock(staffed_dir, "admin", ADMIN_PASSWORD)
    try:
        from supportline.services.users import UserService

        UserService(admin).disable_user("counsellor")
    finally:
        admin.close()
    client_id = _client(staffed_dir)
    handler = unlock(staffed_dir, "handler", PASSWORDS["handler"])
    try:
        _edit_keystore(staffed_dir, lambda doc: doc.update(statement=old_statement))
        with pytest.raises(KeystoreForged):
            IntakeService(handler).raise_risk(client_id, "high", "a detail for the old key")
    finally:
        handler.close()
    with pytest.raises(KeystoreForged):
        unlock(staffed_dir, "handler", PASSWORDS["handler"], enforce_delay=False)
    # ...and with the generations put back to match it as well.
    _edit_keystore(
        staffed_dir, lambda doc: doc.update(generations=dict(old_statement["generations"]))
    )
    with pytest.raises(KeystoreForged):
        unlock(staffed_dir, "handler", PASSWORDS["handler"], enforce_delay=False)
