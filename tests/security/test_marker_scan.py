"""The marker scan (STYLE: adversarial tests): a whole scripted workflow runs with identifiable
marker data, then an independent scan reads every byte of every file it could have touched, the
data directories, the backup and the temp directory, looking for the marker or a plaintext SQLite
file. Encryption that works leaves nothing to find."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from sqlalchemy import select, update

from supportline import outbox
from supportline.backup import check_backup, create_backup, record_restore, restore
from supportline.db import schema
from supportline.roles import Role
from supportline.services.settings import SettingsService
from supportline.services.users import UserService
from supportline.session import init_store, unlock
from supportline.verify import verify
from tests.conftest import ADMIN_PASSWORD, PASSWORDS
from tests.security.helpers import files_under, insert_appointment, read_note, write_note

MARKERS = ["Zqxmarker", "zqxmarker@example.org", "07700 900777", "Zqxnotemarker"]
SQLITE_HEADER = b"SQLite format 3\x00"


def _needles(markers: list[str]) -> list[bytes]:
    needles = []
    for marker in markers:
        for variant in {marker, marker.replace(" ", "")}:
            needles.append(variant.lower().encode("utf-8"))
            needles.append(variant.lower().encode("utf-16-le"))
            needles.append(variant.lower().encode("utf-16-be"))
    return needles


def _scan(roots: list[Path], markers: list[str]) -> tuple[int, list[str]]:
    needles = _needles(markers)
    findings = []
    files = files_under(*roots)
    for path in files:
        data = path.read_bytes()
        if data.startswith(SQLITE_HEADER):
            findings.append(f"{path}: plaintext SQLite file")
        lowered = data.lower()
        for needle in needles:
            if needle in lowered:
                findings.append(f"{path}: contains {needle!r}")
    return len(files), findings


@pytest.fixture
def private_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every temp file anything creates during the workflow lands here, to be scanned."""
    temp = tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setenv("TMPDIR", str(temp))
    monkeypatch.setenv("TEMP", str(temp))
    monkeypatch.setenv("TMP", str(temp))
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    return temp


def test_the_scan_finds_planted_markers(tmp_path: Path) -> None:
    """The scanner is not blind: a marker in any encoding and a plaintext SQLite file are found."""
    import sqlite3

    (tmp_path / "a.txt").write_text("x ZQXMARKER@example.ORG y")
    (tmp_path / "b.bin").write_bytes("07700 900777".encode("utf-16-le"))
    plain = sqlite3.connect(tmp_path / "plain.db")
    plain.execute("CREATE TABLE t (x)")
    plain.commit()
    plain.close()
    count, findings = _scan([tmp_path], MARKERS)
    assert count == 3
    assert any("a.txt" in f for f in findings)
    assert any("b.bin" in f for f in findings)
    assert any("plain.db" in f and "plaintext SQLite" in f for f in findings)


def test_workflow_leaves_no_marker_anywhere(tmp_path: Path, private_tmp: Path) -> None:
    data = tmp_path / "data"
    second = tmp_path / "restored"
    backup = tmp_path / "backups" / "store.slb"

    recovery_secret = init_store(data, "admin", ADMIN_PASSWORD, display_name="Ada Admin")
    admin = unlock(data, "admin", ADMIN_PASSWORD)
    try:
        users = UserService(admin)
        for name, role in (
            ("handler", Role.CALL_HANDLER),
            ("counsellor", Role.COUNSELLOR),
            ("manager", Role.SERVICE_MANAGER),
        ):
            users.add_user(name, name.title(), [role], PASSWORDS[name], must_change_password=False)
        SettingsService(admin).update({"idle_lock_minutes": 9})
    finally:
        admin.close()

    handler = unlock(data, "handler", PASSWORDS["handler"])
    try:
        with handler.case_tx() as conn:
            appointment = insert_appointment(
                conn,
                "M1",
                first_name="Zqxmarker",
                last_name="Zqxmarker",
                email="zqxmarker@example.org",
                phone="07700 900777",
                search_name="zqxmarker zqxmarker",
            )
        outbox.seal_record(handler, "contact", "2026Q1", {"purpose": "enquiry"})
    finally:
        handler.close()

    counsellor = unlock(data, "counsellor", PASSWORDS["counsellor"])
    try:
        note = write_note(counsellor, appointment, "Zqxnotemarker said things were better.")
        assert read_note(counsellor, note).startswith("Zqxnotemarker")
        with counsellor.case_tx() as conn:
            conn.execute(update(schema.clients).values(address="1 Zqxmarker Road"))
        outbox.seal_record(
            counsellor, "activity", "2026Q1", {"outcome": "recovery", "age_band": "25-34"}
        )
    finally:
        counsellor.close()

    admin = unlock(data, "admin", ADMIN_PASSWORD)
    try:
        assert outbox.drain(admin).taken == 2
        create_backup(admin, backup)
    finally:
        admin.close()

    # A directory with no key store: disaster recovery, with the secret init printed.
    plan = check_backup(second, backup, "admin", ADMIN_PASSWORD, recovery_secret=recovery_secret)
    restore(plan, second)
    restored = unlock(second, "admin", ADMIN_PASSWORD)
    try:
        record_restore(restored, plan)
        with restored.case.connect() as conn:  # the data really is in there, encrypted
            assert conn.execute(select(schema.clients.c.email)).scalar_one() == MARKERS[1]
    finally:
        restored.close()
    assert verify(second, "admin", ADMIN_PASSWORD).sound
    assert verify(data, "admin", ADMIN_PASSWORD).sound

    admin = unlock(data, "admin", ADMIN_PASSWORD)
    try:
        UserService(admin).disable_user("counsellor")  # rotation: re-encryption and side files
    finally:
        admin.close()
    unlock(data, "handler", PASSWORDS["handler"]).close()  # works on under the new keys

    count, findings = _scan([data, second, backup, private_tmp], MARKERS)
    assert count >= 7  # keystores, stores, the backup, kept copies from the restore/migration
    assert findings == []


def test_client_import_leaves_no_marker(tmp_path: Path, private_tmp: Path) -> None:
    importer = pytest.importorskip("supportline.importer")
    if not hasattr(importer, "import_clients"):
        pytest.skip("no client import yet")
    from sqlalchemy import insert

    data = tmp_path / "data"
    init_store(data, "admin", ADMIN_PASSWORD)
    admin = unlock(data, "admin", ADMIN_PASSWORD)
    try:
        with admin.case_tx() as conn:
            conn.execute(
                insert(schema.organisations).values(name="Kent County Council", org_group="kcc")
            )
    finally:
        admin.close()
    source = tmp_path / "input" / "clients.csv"
    source.parent.mkdir()
    source.write_text(
        "first_name,last_name,date_of_birth,phone,email,home_postcode,work_postcode,"
        "organisation,job_role\n"
        "Zqxmarker,Zqxmarker,01/02/1980,07700 900777,zqxmarker@example.org,ME14 1XX,"
        "ME14 1XX,Kent County Council,Teacher\n",
        encoding="utf-8",
    )
    admin = unlock(data, "admin", ADMIN_PASSWORD)
    try:
        importer.import_clients(admin, source)
        with admin.case.connect() as conn:
            assert conn.execute(select(schema.clients.c.email)).scalar_one() == MARKERS[1]
    finally:
        admin.close()
    source.unlink()  # the input file is the user's own plaintext, not ours to judge
    count, findings = _scan([data, private_tmp], MARKERS)
    assert count >= 3
    assert findings == []
