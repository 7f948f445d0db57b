"""Key rotation (DESIGN 4): after a user is disabled, an old copy of keystore.json opens nothing;
the remaining users and their data carry on; an interrupted rotation leaves everyone able to
work and the administrator able to finish it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import select

from supportline import crypto, outbox, rotation
from supportline.db import engine as dbengine
from supportline.db import schema
from supportline.errors import AuthenticationFailed, StoreUnreadable
from supportline.keystore import Keystore, OpenedSlot
from supportline.roles import KeyName
from supportline.services.users import UserService
from supportline.session import Session, unlock
from tests.conftest import ADMIN_PASSWORD, PASSWORDS
from tests.security.helpers import insert_appointment, note_blob, read_note, write_note

NOTE = "Client reported sleeping better; plan reviewed."


class Crash(Exception):
    """The process 'dies' here."""


def _open_all(path: Path, keystore_file: Path) -> dict[str, OpenedSlot]:
    keystore = Keystore.load(keystore_file)
    return {
        name: keystore.open_slot(name, PASSWORDS[name])
        for name in PASSWORDS
        if name in keystore.slots
    }


def _opens(path: Path, key: bytes, store: str) -> bool:
    try:
        dbengine.connect(path / f"{store}.db", key, store=store).close()
    except StoreUnreadable:
        return False
    return True


def _every_key(slots: dict[str, OpenedSlot]) -> list[tuple[str, KeyName, bytes]]:
    return [
        (user, name, key)
        for user, opened in slots.items()
        for name, generations in opened.keys.items()
        for key in generations.values()
    ]


def _assert_old_keys_open_nothing(path: Path, old_keystore: Path, note_id: int | None) -> None:
    old = _open_all(path, old_keystore)
    keys = _every_key(old)
    assert {name for _, name, _ in keys} == set(KeyName)
    for user, name, key in keys:
        for store in ("case", "stats"):
            assert not _opens(path, key, store), f"{user}'s old {name} key opens {store}.db"
    if note_id is not None:
        # The old notes key cannot decrypt the re-encrypted note, even told the new key id.
        admin = unlock(path, "admin", ADMIN_PASSWORD)
        try:
            blob = note_blob(admin, note_id)
        finally:
            admin.close()
        new_id = crypto.field_key_id(blob)
        for _user, name, key in keys:
            if name is KeyName.NOTES:
                with pytest.raises(crypto.CryptoError):
                    crypto.decrypt_field({new_id: key}, "session_notes", note_id, "body", blob)


def _write_note(path: Path) -> int:
    counsellor = unlock(path, "counsellor", PASSWORDS["counsellor"])
    try:
        with counsellor.case_tx() as conn:
            appointment = insert_appointment(conn, "R1")
        note_id = write_note(counsellor, appointment, NOTE)
        assert read_note(counsellor, note_id) == NOTE
        return note_id
    finally:
        counsellor.close()


# Only real categories survive the drain, and only counted ones are kept: each marker travels as
# a distinct real channel, a column of contacts_by_outcome.
CHANNEL_OF = {
    "before": "phone",
    "during": "voicemail",
    "later": "email",
    "after": "letter",
}
MARKER_OF = {channel: marker for marker, channel in CHANNEL_OF.items()}


def _seal(path: Path, user: str, marker: str) -> None:
    session = unlock(path, user, PASSWORDS[user])
    try:
        outbox.seal_record(session, "contact", "2026Q1", {"channel": CHANNEL_OF[marker]})
    finally:
        session.close()


def _drained_markers(path: Path) -> set[str]:
    admin = unlock(path, "admin", ADMIN_PASSWORD)
    try:
        result = outbox.drain(admin)
        assert result.rejected == 0
        with admin.stats.connect() as conn:
            c = schema.stat_counts.c
            channels = (
                conn.execute(select(c.column).where(c.table_code == "contacts_by_outcome"))
                .scalars()
                .all()
            )
    finally:
        admin.close()
    return {MARKER_OF[channel] for channel in channels}


def _assert_everyone_works(path: Path, remaining: set[str], note_id: int | None) -> None:
    for user in remaining:
        session = unlock(path, user, PASSWORDS[user])
        try:
            if session.case_engine is not None:
                with session.case.connect() as conn:
                    assert conn.execute(select(schema.users.c.username)).all()
            if session.stats_engine is not None:
                with session.stats.connect() as conn:
                    conn.execute(select(schema.stat_counts.c.n)).all()
            if user == "counsellor" and note_id is not None:
                assert read_note(session, note_id) == NOTE
        finally:
            session.close()


def test_disabling_users_makes_an_old_keystore_copy_useless(
    staffed_dir: Path, tmp_path: Path
) -> None:
    note_id = _write_note(staffed_dir)
    _seal(staffed_dir, "handler", "before")
    old_copy = tmp_path / "keystore-copy.json"
    shutil.copyfile(staffed_dir / "keystore.json", old_copy)
    old_notes_id = crypto.field_key_id(_blob(staffed_dir, note_id))

    admin = unlock(staffed_dir, "admin", ADMIN_PASSWORD)
    try:
        UserService(admin).disable_user("counsellor")
        UserService(admin).disable_user("manager")
        users = {u.username: u for u in UserService(admin).list_users()}
    finally:
        admin.close()
    assert not users["counsellor"].has_slot and not users["counsellor"].active
    assert not users["manager"].has_slot and not users["manager"].active

    _assert_old_keys_open_nothing(staffed_dir, old_copy, note_id)
    for user in ("counsellor", "manager"):
        with pytest.raises(AuthenticationFailed):
            unlock(staffed_dir, user, PASSWORDS[user], enforce_delay=False)
    _assert_everyone_works(staffed_dir, {"admin", "handler"}, None)
    # The note was re-encrypted under the new notes key and only that key is held now.
    admin = unlock(staffed_dir, "admin", ADMIN_PASSWORD)
    try:
        notes = admin.opened.keys[KeyName.NOTES]
        blob = note_blob(admin, note_id)
        assert list(notes) == [crypto.field_key_id(blob)] != [old_notes_id]
        assert crypto.decrypt_field(notes, "session_notes", note_id, "body", blob) == NOTE
    finally:
        admin.close()
    # A record sealed before the rotation (re-sealed by it) and one after both drain.
    _seal(staffed_dir, "handler", "after")
    assert _drained_markers(staffed_dir) == {"before", "after"}


def _blob(path: Path, note_id: int) -> bytes:
    admin = unlock(path, "admin", ADMIN_PASSWORD)
    try:
        return note_blob(admin, note_id)
    finally:
        admin.close()


def test_counsellor_keeps_reading_notes_after_a_handler_leaves(staffed_dir: Path) -> None:
    note_id = _write_note(staffed_dir)
    admin = unlock(staffed_dir, "admin", ADMIN_PASSWORD)
    try:
        UserService(admin).disable_user("handler")
    finally:
        admin.close()
    _assert_everyone_works(staffed_dir, {"admin", "counsellor", "manager"}, note_id)


def test_disable_reports_increasing_progress_to_one(staffed_dir: Path) -> None:
    _write_note(staffed_dir)
    seen: list[tuple[float, str]] = []
    admin = unlock(staffed_dir, "admin", ADMIN_PASSWORD)
    try:
        UserService(admin).disable_user("counsellor", progress=lambda f, s: seen.append((f, s)))
    finally:
        admin.close()
    fractions = [f for f, _ in seen]
    assert len(fractions) >= 4
    assert all(0.0 < f <= 1.0 for f in fractions)
    assert fractions == sorted(fractions)
    assert len(set(fractions)) >= 4
    assert fractions[-1] == 1.0 and fractions.count(1.0) == 1
    assert {stage for _, stage in seen} >= {"prepare", "case", "stats", "finish"}


@pytest.mark.parametrize("stage", ["prepare", "case", "stats"])
@pytest.mark.parametrize("departing", ["counsellor", "manager"])
def test_interrupted_rotation_leaves_everyone_working_and_resumes(
    staffed_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, stage: str, departing: str
) -> None:
    note_id = _write_note(staffed_dir)
    _seal(staffed_dir, "handler", "before")
    old_copy = tmp_path / "keystore-copy.json"
    shutil.copyfile(staffed_dir / "keystore.json", old_copy)

    def crash_after(name: str) -> None:
        if name == stage:
            raise Crash(name)

    monkeypatch.setattr(rotation, "_after_stage", crash_after)
    admin = unlock(staffed_dir, "admin", ADMIN_PASSWORD)
    try:
        with pytest.raises(Crash):
            UserService(admin).disable_user(departing)
    finally:
        admin.close()  # the process died: nothing of this session survives
    monkeypatch.setattr(rotation, "_after_stage", lambda name: None)

    assert Keystore.load(staffed_dir / "keystore.json").rotation is not None
    remaining = {"admin", "handler", "counsellor", "manager"} - {departing}
    # Mid-rotation: the departing user is already out, everyone else can work and write.
    with pytest.raises(AuthenticationFailed):
        unlock(staffed_dir, departing, PASSWORDS[departing], enforce_delay=False)
    _assert_everyone_works(staffed_dir, remaining - {"admin"}, note_id)
    _seal(staffed_dir, "handler", "during")
    assert Keystore.load(staffed_dir / "keystore.json").rotation is not None

    # The first administrator to sign in finishes the rotation without being asked.
    admin = unlock(staffed_dir, "admin", ADMIN_PASSWORD)
    try:
        assert admin.keystore.rotation is None
        rotation.resume(admin)  # and resuming again is harmless
        assert Keystore.load(staffed_dir / "keystore.json").rotation is None
        users = {u.username: u for u in UserService(admin).list_users()}
        assert not users[departing].active
    finally:
        admin.close()

    _assert_everyone_works(staffed_dir, remaining, note_id)
    # Only one generation of each key is granted once finished.
    for user, opened in _open_all(staffed_dir, staffed_dir / "keystore.json").items():
        assert all(len(generations) == 1 for generations in opened.keys.values()), user
    # The keys the departing user held are dead wherever old copies survive.
    old = _open_all(staffed_dir, old_copy)
    for _user, name, key in _every_key({departing: old[departing]}):
        for store in ("case", "stats"):
            assert not _opens(staffed_dir, key, store), name
    if departing == "manager":
        # The old statistics private key cannot open what is sealed from now on.
        _seal(staffed_dir, "handler", "later")
        session = unlock(staffed_dir, "admin", ADMIN_PASSWORD)
        try:
            with session.case.connect() as conn:
                sealed = (
                    conn.execute(select(schema.outbox.c.sealed).order_by(schema.outbox.c.id.desc()))
                    .scalars()
                    .first()
                )
        finally:
            session.close()
        with pytest.raises(crypto.CryptoError):
            crypto.open_sealed_to(
                old[departing].key(KeyName.STATS_PRIVATE), sealed, outbox.OUTBOX_AAD
            )
    expected = {"before", "during"} | ({"later"} if departing == "manager" else set())
    assert _drained_markers(staffed_dir) == expected
    _assert_verify_sound(staffed_dir)


def _assert_verify_sound(path: Path) -> None:
    from supportline.verify import verify

    report = verify(path, "admin", ADMIN_PASSWORD)
    assert report.sound, report.findings


def test_resume_with_no_plan_is_a_no_op(admin_session: Session, data_dir: Path) -> None:
    before = (data_dir / "keystore.json").read_bytes()
    rotation.resume(admin_session)
    assert (data_dir / "keystore.json").read_bytes() == before


def test_rotate_all_keys_kills_every_old_key(staffed_dir: Path, tmp_path: Path) -> None:
    note_id = _write_note(staffed_dir)
    old_copy = tmp_path / "keystore-copy.json"
    shutil.copyfile(staffed_dir / "keystore.json", old_copy)
    admin = unlock(staffed_dir, "admin", ADMIN_PASSWORD)
    try:
        UserService(admin).rotate_all_keys()
    finally:
        admin.close()
    _assert_old_keys_open_nothing(staffed_dir, old_copy, note_id)
    _assert_everyone_works(staffed_dir, {"admin", "handler", "counsellor", "manager"}, note_id)
    _assert_verify_sound(staffed_dir)
