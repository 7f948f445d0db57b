"""Issue 10 item 6: notes readable by the allocated counsellor and the clinical leads only, against
an insider with their own password and raw SQL (supportline.case_keys).

Each attacker opens their own slot from keystore.json with their own password, reads case.db with
the case key it holds, and tries every key it has, and every key it can get out of the wrapped
case notes keys, on every clinical record. The same attack with the allocated counsellor's slot
opens them (tests/security/test_clinical_confidentiality.py::test_the_attack_is_not_blind).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, update

from supportline import case_keys, crypto
from supportline.case_keys import CaseKeys, user_recipient
from supportline.db import engine as dbengine
from supportline.db import schema
from supportline.errors import (
    AuthenticationFailed,
    KeystoreForged,
    NotesHandoverPending,
    PermissionDenied,
)
from supportline.keystore import Keystore, OpenedSlot
from supportline.messages import describe
from supportline.roles import KeyName, Role
from supportline.services.clinical import ClinicalService
from supportline.services.staff import is_clinical_lead
from supportline.services.subject_access import SubjectAccessService
from supportline.services.users import UserService, change_own_password
from supportline.session import Session
from tests.core.test_clinical import (
    ADMIN_PASSWORD,
    CASE_ID,
    CLIENT_ID,
    MEDIATION_CASE_ID,
    PASSWORDS,
    PHQ_FIRST,
    Clinic,
    assessment_input,
    build_clinic,
    copy_clinic,
)
from tests.security.helpers import (
    attacker_reanchor,
    candidate_case_keys,
    opens_clinical_blob,
    raw_wraps,
)

NOTE = "Zqxcasekeynote: talked about the tribunal."
LATER_NOTE = "Zqxlaternote: written after the attack."
NARRATIVE = "Zqxcasekeynarrative: the restructure."


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Clinic:
    clinic = build_clinic(tmp_path_factory.mktemp("case-keys"))
    session = clinic.unlock("alloc")
    try:
        service = ClinicalService(session)
        service.save_assessment(CASE_ID, replace(assessment_input(), narrative=NARRATIVE))
        service.record_measure(CASE_ID, "PHQ-9", PHQ_FIRST, clinic.appointments["s3"])
        service.write_note(clinic.appointments["s3"], NOTE)
    finally:
        session.close()
    return clinic


@pytest.fixture
def clinic(written: Clinic, tmp_path: Path) -> Clinic:
    return copy_clinic(written, tmp_path)


@pytest.fixture
def signed_in(clinic: Clinic) -> Iterator[Callable[[str], Session]]:
    sessions: list[Session] = []

    def sign_in(username: str) -> Session:
        if username == "admin":
            from supportline.session import unlock

            sessions.append(unlock(clinic.path, "admin", ADMIN_PASSWORD, clock=clinic.clock))
        else:
            sessions.append(clinic.unlock(username))
        return sessions[-1]

    yield sign_in
    for session in sessions:
        session.close()


# -- the attacker -------------------------------------------------------------------------------


def own_slot(clinic: Clinic, username: str) -> tuple[Keystore, OpenedSlot]:
    keystore = Keystore.load(clinic.path / "keystore.json")
    return keystore, keystore.open_slot(username, PASSWORDS[username])


def raw_case_db(clinic: Clinic, opened: OpenedSlot) -> Any:
    """case.db opened with the attacker's own case key, outside the services."""
    return dbengine.connect(clinic.path / "case.db", opened.key(KeyName.CASE), store="case")


def cover_tracks(clinic: Clinic, opened: OpenedSlot) -> None:
    """After raw writes, the insider re-anchors the store as it now is with their own signing
    key (the integrity digests would otherwise refuse the next sign-in): the strongest position
    a holder of the case key can reach, from which the notes attacks below are made."""
    attacker_reanchor(
        clinic.path, "case", opened.slot.username, opened.signing_private, opened.key(KeyName.CASE)
    )


def clinical_blobs(conn: Any) -> list[tuple[int, str, int, bytes]]:
    """(case id, table, row id, blob) of every clinical record, by raw SQL."""
    rows = []
    for case_id, row_id, blob in conn.execute(
        "SELECT a.case_id, n.id, n.body FROM session_notes n "
        "JOIN appointments a ON a.id = n.appointment_id"
    ):
        rows.append((case_id, "session_notes", row_id, bytes(blob)))
    for table in ("assessments", "measure_responses"):
        for case_id, row_id, blob in conn.execute(f"SELECT case_id, id, body FROM {table}"):
            rows.append((case_id, table, row_id, bytes(blob)))
    return rows


def sqlite_wraps(conn: Any) -> list[Any]:
    cursor = conn.execute(
        "SELECT id, case_id, generation, recipient, recipient_generation, recipient_key, sealed "
        "FROM case_key_wraps"
    )
    names = [d[0] for d in cursor.description]

    class Row:
        def __init__(self, values: tuple[Any, ...]) -> None:
            for name, value in zip(names, values, strict=True):
                setattr(
                    self, name, bytes(value) if isinstance(value, bytes | memoryview) else value
                )

    return [Row(values) for values in cursor.fetchall()]


def stolen_texts(clinic: Clinic, username: str) -> list[str]:
    """Every clinical text the attacker recovers with their own slot and raw SQL."""
    keystore, opened = own_slot(clinic, username)
    conn = raw_case_db(clinic, opened)
    try:
        blobs = clinical_blobs(conn)
        wraps = sqlite_wraps(conn)
    finally:
        conn.close()
    assert blobs, "nothing to attack"
    held = [key for generations in opened.keys.values() for key in generations.values()]
    keys = [*held, opened.private_key, *candidate_case_keys(opened, keystore, wraps)]
    found = []
    for case_id, table, row_id, blob in blobs:
        plain = opens_clinical_blob(keys, case_id, table, row_id, "body", blob)
        if plain is not None:
            found.append(plain)
    return found


# -- a counsellor who is not allocated, and a call handler ------------------------------------


def test_a_non_lead_counsellor_decrypts_no_note_of_another_counsellors_case(
    clinic: Clinic,
) -> None:
    keystore, opened = own_slot(clinic, "other")
    assert KeyName.NOTES in opened.keys  # they hold the old shared notes key, and it opens nothing
    assert stolen_texts(clinic, "other") == []
    # Not blind: the allocated counsellor's slot, attacked the same way, gives up everything.
    texts = "\n".join(stolen_texts(clinic, "alloc"))
    assert NOTE in texts and NARRATIVE in texts


def test_a_handler_gets_nothing(clinic: Clinic) -> None:
    assert stolen_texts(clinic, "handler") == []


def test_setting_the_lead_flags_with_raw_sql_gives_nothing(
    clinic: Clinic, signed_in: Callable[[str], Session]
) -> None:
    _keystore, opened = own_slot(clinic, "other")
    conn = raw_case_db(clinic, opened)
    try:
        conn.execute("UPDATE users SET is_clinical_lead = 1 WHERE username = 'other'")
        conn.execute(
            "UPDATE counsellors SET is_clinical_lead = 1 WHERE user_id = "
            "(SELECT id FROM users WHERE username = 'other')"
        )
        conn.commit()
    finally:
        conn.close()
    cover_tracks(clinic, opened)
    other = signed_in("other")
    assert not is_clinical_lead(other)
    service = ClinicalService(other)
    with pytest.raises(PermissionDenied):
        service.notes(clinic.appointments["s3"])
    with pytest.raises(PermissionDenied):
        service.assessment(CASE_ID)
    with pytest.raises(PermissionDenied):
        SubjectAccessService(other).record(CLIENT_ID)
    assert stolen_texts(clinic, "other") == []


def test_a_self_granted_lead_role_does_not_open(clinic: Clinic) -> None:
    """The counsellor adds the lead role to their own slot, granting it a key pair of their own
    (they can seal to their own public key): the slot no longer opens."""
    keystore, opened = own_slot(clinic, "other")
    fake, _ = crypto.generate_keypair()
    slot = replace(
        keystore.slots["other"], roles=keystore.slots["other"].roles | {Role.CLINICAL_LEAD}
    )
    lead_generation = keystore.generations[KeyName.LEAD]
    keystore.slots["other"] = keystore.regrant(
        slot, {**opened.keys, KeyName.LEAD: {lead_generation: fake}}
    )
    keystore.save()
    with pytest.raises(AuthenticationFailed):
        Keystore.load(clinic.path / "keystore.json").open_slot("other", PASSWORDS["other"])


def test_a_swapped_lead_public_key_is_refused_before_anything_is_sealed_to_it(
    clinic: Clinic,
) -> None:
    """The attacker puts a clinical-lead key pair of their own into the store statement (so new
    case keys would be wrapped to it): the statement is the authority's, signed, so every
    sign-in refuses the key store and nothing is sealed to the forged key."""
    keystore = Keystore.load(clinic.path / "keystore.json")
    _fake, fake_public = crypto.generate_keypair()
    generation = keystore.generations[KeyName.LEAD]
    keystore.statement = replace(keystore.statement, lead_public_keys={generation: fake_public})
    keystore.save()
    reloaded = Keystore.load(clinic.path / "keystore.json")
    for name, password in (
        ("alloc", PASSWORDS["alloc"]),
        ("lead", PASSWORDS["lead"]),
        ("admin", ADMIN_PASSWORD),
    ):
        with pytest.raises((KeystoreForged, AuthenticationFailed)):
            reloaded.open_slot(name, password)


# -- planting a key -----------------------------------------------------------------------------


def _plant(clinic: Clinic, attacker: str, case_id: int, generation: int) -> bytes:
    """The attacker writes key rows for ``case_id``, as this code would, with a key they chose:
    sealed for the allocated counsellor and for the leads under every secret they can compute."""
    keystore, opened = own_slot(clinic, attacker)
    planted = crypto.random_key()
    group_generation, group_public = keystore.lead_group_key(opened.authority)
    alloc_public = keystore.public_key_of("alloc", opened.authority)
    conn = raw_case_db(clinic, opened)
    try:
        for recipient, recipient_key, peer in (
            (user_recipient("alloc"), alloc_public, group_public),
            (case_keys.LEADS, group_public, group_public),
        ):
            secret = crypto.pair_secret(opened.private_key, peer)
            values = case_keys._wrap_values(
                keystore.store_id,
                secret,
                case_id,
                generation,
                planted,
                recipient,
                group_generation,
                recipient_key,
            )
            conn.execute(
                "INSERT INTO case_key_wraps (case_id, generation, recipient, "
                "recipient_generation, recipient_key, sealed) VALUES (?, ?, ?, ?, ?, ?)",
                (case_id, generation, recipient, group_generation, recipient_key, values["sealed"]),
            )
        conn.commit()
    finally:
        conn.close()
    cover_tracks(clinic, opened)
    return planted


@pytest.mark.parametrize("attacker", ["other", "handler"])
def test_a_planted_newer_key_is_not_used_for_new_notes(
    clinic: Clinic, signed_in: Callable[[str], Session], attacker: str
) -> None:
    planted = _plant(clinic, attacker, CASE_ID, generation=2)
    alloc = signed_in("alloc")
    note_id = ClinicalService(alloc).amend_note(clinic.appointments["s3"], LATER_NOTE)
    with alloc.case.connect() as conn:
        blob = conn.execute(
            select(schema.session_notes.c.body).where(schema.session_notes.c.id == note_id)
        ).scalar_one()
    assert opens_clinical_blob([planted], CASE_ID, "session_notes", note_id, "body", blob) is None
    assert stolen_texts(clinic, attacker) == []
    assert LATER_NOTE in [n.text for n in ClinicalService(alloc).notes(clinic.appointments["s3"])]


@pytest.mark.parametrize("attacker", ["other", "handler"])
def test_a_key_planted_before_the_first_note_is_thrown_away(
    clinic: Clinic, signed_in: Callable[[str], Session], attacker: str
) -> None:
    """The mediation case has no clinical text yet: rows planted there decide nothing."""
    planted = _plant(clinic, attacker, MEDIATION_CASE_ID, generation=1)
    alloc = signed_in("alloc")
    ClinicalService(alloc).amend_note(clinic.appointments["m1"], LATER_NOTE)
    assert LATER_NOTE not in stolen_texts(clinic, attacker)
    with alloc.case.connect() as conn:
        found = CaseKeys(alloc).key(conn, MEDIATION_CASE_ID)
    assert found is not None and found[1] != planted


# -- hand-over ------------------------------------------------------------------------------


def _reallocate(session: Session, clinic: Clinic, to: str) -> bool:
    with session.case_tx() as conn:
        conn.execute(
            update(schema.cases)
            .where(schema.cases.c.id == CASE_ID)
            .values(counsellor_id=clinic.counsellors[to])
        )
        return CaseKeys(session).hand_over(conn, CASE_ID)


def test_a_handlers_reallocation_waits_for_a_lead_and_the_ui_says_so(
    clinic: Clinic, signed_in: Callable[[str], Session]
) -> None:
    handler = signed_in("handler")
    assert _reallocate(handler, clinic, "other") is False
    other = signed_in("other")
    with pytest.raises(NotesHandoverPending) as info:
        ClinicalService(other).notes(clinic.appointments["s3"])
    assert "handed over" in describe(info.value)
    with other.case.connect() as conn:
        assert CaseKeys(other).handover_pending(conn, CASE_ID)
    signed_in("lead")  # completes it
    assert NOTE in [n.text for n in ClinicalService(other).notes(clinic.appointments["s3"])]
    with other.case.connect() as conn:
        recipients = {w.recipient for w in raw_wraps(conn) if w.case_id == CASE_ID}
    # The previous counsellor's copy is gone; the new one's and the leads' are there.
    assert recipients == {user_recipient("other"), case_keys.LEADS}
    a = schema.case_audit.c
    with other.case.connect() as conn:
        actions = set(conn.execute(select(a.action).where(a.record_id == str(CASE_ID))).scalars())
    assert "case.notes_handed_over" in actions


def _copied_case_keys(clinic: Clinic, username: str) -> list[bytes]:
    """The case keys ``username`` can get out of the wraps now, as they might keep them."""
    keystore, opened = own_slot(clinic, username)
    conn = raw_case_db(clinic, opened)
    try:
        keys = candidate_case_keys(opened, keystore, sqlite_wraps(conn))
        blobs = clinical_blobs(conn)
    finally:
        conn.close()
    # Not blind: today these keys open the case's note.
    assert NOTE in [opens_clinical_blob(keys, *blob[:3], "body", blob[3]) for blob in blobs]
    return keys


def _new_amendment_opens_with(
    clinic: Clinic, session: Session, keys: list[bytes]
) -> tuple[bool, str]:
    note_id = ClinicalService(session).amend_note(clinic.appointments["s3"], LATER_NOTE)
    with session.case.connect() as conn:
        blob = conn.execute(
            select(schema.session_notes.c.body).where(schema.session_notes.c.id == note_id)
        ).scalar_one()
    opened = opens_clinical_blob(keys, CASE_ID, "session_notes", note_id, "body", blob)
    return opened is not None, LATER_NOTE


def test_an_administrators_reallocation_hands_over_at_once(
    clinic: Clinic, signed_in: Callable[[str], Session]
) -> None:
    kept = _copied_case_keys(clinic, "alloc")  # what the first counsellor could have copied
    admin = signed_in("admin")
    assert _reallocate(admin, clinic, "other") is True
    other = signed_in("other")
    assert NOTE in [n.text for n in ClinicalService(other).notes(clinic.appointments["s3"])]
    with admin.case.connect() as conn:
        assert user_recipient("alloc") not in {w.recipient for w in raw_wraps(conn)}
    # The case got a new key at the hand-over: the copied one opens nothing written after it.
    opened, _ = _new_amendment_opens_with(clinic, other, kept)
    assert not opened
    assert LATER_NOTE in [n.text for n in ClinicalService(other).notes(clinic.appointments["s3"])]


# -- users: passwords, lead grant, disabling --------------------------------------------------


def test_a_password_change_and_a_reset_keep_the_counsellors_notes(
    clinic: Clinic, signed_in: Callable[[str], Session]
) -> None:
    alloc = signed_in("alloc")
    change_own_password(alloc, PASSWORDS["alloc"], "a brand new password 1")
    assert NOTE in [n.text for n in ClinicalService(alloc).notes(clinic.appointments["s3"])]
    admin = signed_in("admin")
    temporary = UserService(admin).reset_password("alloc", "a temporary password 1")
    from supportline.session import unlock

    again = unlock(clinic.path, "alloc", temporary, clock=clinic.clock)
    try:
        assert NOTE in [n.text for n in ClinicalService(again).notes(clinic.appointments["s3"])]
    finally:
        again.close()


def test_granting_and_withdrawing_lead(clinic: Clinic, signed_in: Callable[[str], Session]) -> None:
    admin = signed_in("admin")
    users = UserService(admin)
    info = users.set_roles("other", [Role.COUNSELLOR], is_clinical_lead=True)
    assert info.is_clinical_lead and Role.CLINICAL_LEAD in info.roles
    other = signed_in("other")
    assert is_clinical_lead(other)
    assert NOTE in [n.text for n in ClinicalService(other).notes(clinic.appointments["s3"])]
    _keystore, as_lead = own_slot(clinic, "other")
    kept = _copied_case_keys(clinic, "other")
    generation = Keystore.load(clinic.path / "keystore.json").generations[KeyName.LEAD]
    users.set_roles("other", [Role.COUNSELLOR], is_clinical_lead=False)
    keystore = Keystore.load(clinic.path / "keystore.json")
    assert keystore.generations[KeyName.LEAD] == generation + 1  # the group key rotated
    with admin.case.connect() as conn:
        wraps = raw_wraps(conn)
    # The group key they held as a lead opens none of the case keys' wraps now.
    assert (
        candidate_case_keys(
            OpenedSlot(as_lead.slot, {KeyName.LEAD: as_lead.keys[KeyName.LEAD]}, b"\x01" * 32),
            keystore,
            wraps,
        )
        == []
    )
    again = signed_in("other")
    assert not is_clinical_lead(again)
    # A case key copied while lead opens nothing written after the grant was withdrawn.
    opened, _ = _new_amendment_opens_with(clinic, signed_in("alloc"), kept)
    assert not opened
    with pytest.raises(PermissionDenied):
        ClinicalService(again).notes(clinic.appointments["s3"])
    lead = signed_in("lead")
    assert NOTE in [n.text for n in ClinicalService(lead).notes(clinic.appointments["s3"])]


def test_lead_is_granted_only_with_the_counsellor_role(
    clinic: Clinic, signed_in: Callable[[str], Session]
) -> None:
    from supportline.errors import NotACounsellorForLead

    users = UserService(signed_in("admin"))
    with pytest.raises(NotACounsellorForLead):
        users.set_roles("handler", [Role.CALL_HANDLER], is_clinical_lead=True)


def test_disabling_a_counsellor_removes_their_copies(
    clinic: Clinic, signed_in: Callable[[str], Session]
) -> None:
    admin = signed_in("admin")
    UserService(admin).disable_user("alloc")
    with admin.case.connect() as conn:
        assert user_recipient("alloc") not in {w.recipient for w in raw_wraps(conn)}
    lead = signed_in("lead")
    assert NOTE in [n.text for n in ClinicalService(lead).notes(clinic.appointments["s3"])]


def test_disabling_a_lead_rotates_the_group_key(
    clinic: Clinic, signed_in: Callable[[str], Session]
) -> None:
    _keystore, old_lead = own_slot(clinic, "lead")
    admin = signed_in("admin")
    UserService(admin).disable_user("lead")
    keystore = Keystore.load(clinic.path / "keystore.json")
    assert keystore.generations[KeyName.LEAD] == 2
    with admin.case.connect() as conn:
        wraps = raw_wraps(conn)
    assert wraps
    assert candidate_case_keys(old_lead, keystore, wraps) == []
    alloc = signed_in("alloc")
    assert NOTE in [n.text for n in ClinicalService(alloc).notes(clinic.appointments["s3"])]
    record = SubjectAccessService(admin).record(CLIENT_ID)
    assert any(note.text == NOTE for case in record.cases for note in case.notes)


# -- existing stores ----------------------------------------------------------------------------


def _make_legacy(clinic: Clinic) -> None:
    """Turn the store into one from before per-case keys: no clinical-lead key, the lead a row
    flag, and the clinical text under the shared notes key."""
    keystore = Keystore.load(clinic.path / "keystore.json")
    admin = keystore.open_slot("admin", ADMIN_PASSWORD)
    conn = dbengine.connect(clinic.path / "case.db", admin.key(KeyName.CASE), store="case")
    try:
        shared = admin.keys[KeyName.NOTES]
        generation = max(shared)
        wraps = sqlite_wraps(conn)
        lead_private = admin.keys[KeyName.LEAD]
        opener = OpenedSlot(admin.slot, {KeyName.LEAD: lead_private}, admin.private_key)
        for case_id, table, row_id, blob in clinical_blobs(conn):
            keys = candidate_case_keys(opener, keystore, [w for w in wraps if w.case_id == case_id])
            plain = opens_clinical_blob(keys, case_id, table, row_id, "body", blob)
            assert plain is not None
            legacy = crypto.encrypt_field(
                shared[generation], generation, table, row_id, "body", plain
            )
            conn.execute(f"UPDATE {table} SET body = ? WHERE id = ?", (legacy, row_id))
        conn.execute("DELETE FROM case_key_wraps")
        conn.execute("DELETE FROM settings WHERE key = ?", (case_keys.MIGRATED_SETTING,))
        conn.execute("UPDATE users SET is_clinical_lead = 1 WHERE username = 'lead'")
        conn.commit()
    finally:
        conn.close()
    cover_tracks(clinic, admin)
    keystore = Keystore.load(clinic.path / "keystore.json")
    # The key store as a store made before per-case keys has it: no clinical-lead key stated,
    # granted or named in any slot's certified roles.
    authority = admin.key(KeyName.AUTHORITY)
    del keystore.generations[KeyName.LEAD]
    keystore.statement = replace(
        keystore.statement, generations=dict(keystore.generations), lead_public_keys={}
    ).signed(keystore.store_id, authority)
    granted = {name: dict(admin.keys[name]) for name in keystore.generations}
    for username, slot in list(keystore.slots.items()):
        slot = keystore.certify(replace(slot, roles=slot.roles - {Role.CLINICAL_LEAD}), authority)
        keystore.slots[username] = keystore.regrant(slot, granted)
    keystore.regrant_recovery(granted)
    keystore.save()


def test_an_existing_store_moves_its_notes_under_case_keys(
    clinic: Clinic, signed_in: Callable[[str], Session]
) -> None:
    _make_legacy(clinic)
    # Before the upgrade, the shared notes key opens every note: the attack is not blind.
    assert NOTE in stolen_texts(clinic, "other")
    signed_in("admin")  # makes the clinical-lead key, grants it, re-encrypts
    keystore = Keystore.load(clinic.path / "keystore.json")
    assert KeyName.LEAD in keystore.generations
    assert Role.CLINICAL_LEAD in keystore.slots["lead"].roles  # the old flag, one last time
    assert stolen_texts(clinic, "other") == []
    alloc = signed_in("alloc")
    assert NOTE in [n.text for n in ClinicalService(alloc).notes(clinic.appointments["s3"])]
    lead = signed_in("lead")
    assert is_clinical_lead(lead)
    assert ClinicalService(lead).assessment(CASE_ID).narrative == NARRATIVE  # type: ignore[union-attr]


def test_the_raw_files_hold_no_wrapped_key_in_the_clear(clinic: Clinic) -> None:
    """The case notes keys never appear unwrapped anywhere in the data directory."""
    keystore, opened = own_slot(clinic, "alloc")
    conn = raw_case_db(clinic, opened)
    try:
        keys = candidate_case_keys(opened, keystore, sqlite_wraps(conn))
    finally:
        conn.close()
    assert keys
    for path in sorted(p for p in clinic.path.rglob("*") if p.is_file()):
        data = path.read_bytes()
        for key in keys:
            assert key not in data, path.name
            assert crypto.b64e(key).encode() not in data, path.name
    assert json.loads((clinic.path / "keystore.json").read_text())["statement"]["lead_public_keys"]


def test_the_command_line_grants_keeps_and_withdraws_lead(
    clinic: Clinic, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from supportline import cli

    monkeypatch.setenv(cli.PASSWORD_ENV, ADMIN_PASSWORD)
    user = ("--data-dir", str(clinic.path), "--user", "admin")

    def lead_of(name: str) -> bool:
        roles = Keystore.load(clinic.path / "keystore.json").slots[name].roles
        return Role.CLINICAL_LEAD in roles

    assert (
        cli.main(["users", "roles", "other", "--role", "counsellor", "--clinical-lead", *user]) == 0
    )
    assert lead_of("other")
    # Setting roles without the option keeps the grant.
    assert cli.main(["users", "roles", "other", "--role", "counsellor", *user]) == 0
    assert lead_of("other")
    capsys.readouterr()
    code = cli.main(
        ["users", "roles", "other", "--role", "counsellor", "--no-clinical-lead", *user]
    )
    assert code == 0 and not lead_of("other")
    code = cli.main(
        ["users", "roles", "handler", "--role", "call_handler", "--clinical-lead", *user]
    )
    _out, err = capsys.readouterr()
    assert code != 0
    assert len(err.strip().splitlines()) == 1
    assert "clinical lead is granted only with the counsellor role" in err
    assert "Traceback" not in err


# -- verify ---------------------------------------------------------------------------------


def test_verify_reports_planted_and_deleted_key_rows(clinic: Clinic) -> None:
    from supportline.verify import verify

    assert verify(clinic.path, "admin", ADMIN_PASSWORD).sound
    _plant(clinic, "other", MEDIATION_CASE_ID, generation=1)
    _keystore, opened = own_slot(clinic, "handler")
    conn = raw_case_db(clinic, opened)
    try:
        conn.execute("DELETE FROM case_key_wraps WHERE case_id = ?", (CASE_ID,))
        conn.commit()
    finally:
        conn.close()
    cover_tracks(clinic, opened)
    findings = {(f.kind, f.detail) for f in verify(clinic.path, "admin", ADMIN_PASSWORD).findings}
    assert ("notes_key_unopenable", str(MEDIATION_CASE_ID)) in findings
    assert ("notes_key_lost", str(CASE_ID)) in findings


class _Crash(Exception):
    pass


@pytest.mark.parametrize("stage", ["prepare", "case", "stats"])
def test_an_interrupted_lead_disable_loses_no_note(
    clinic: Clinic, monkeypatch: pytest.MonkeyPatch, stage: str
) -> None:
    from supportline import rotation
    from supportline.session import unlock
    from supportline.verify import verify

    def crash_after(name: str) -> None:
        if name == stage:
            raise _Crash(name)

    monkeypatch.setattr(rotation, "_after_stage", crash_after)
    admin = unlock(clinic.path, "admin", ADMIN_PASSWORD, clock=clinic.clock)
    try:
        with pytest.raises(_Crash):
            UserService(admin).disable_user("lead")
    finally:
        admin.close()
    monkeypatch.setattr(rotation, "_after_stage", lambda name: None)
    assert Keystore.load(clinic.path / "keystore.json").rotation is not None
    # Mid-rotation the allocated counsellor reads and writes; nothing written is lost after.
    alloc = clinic.unlock("alloc")
    try:
        service = ClinicalService(alloc)
        assert NOTE in [n.text for n in service.notes(clinic.appointments["s3"])]
        service.amend_note(clinic.appointments["s3"], LATER_NOTE)
        service.amend_note(clinic.appointments["m1"], LATER_NOTE)  # a case with a new key
    finally:
        alloc.close()
    admin = unlock(clinic.path, "admin", ADMIN_PASSWORD, clock=clinic.clock)  # finishes it
    try:
        assert Keystore.load(clinic.path / "keystore.json").rotation is None
        record = SubjectAccessService(admin).record(CLIENT_ID)
        texts = [note.text for case in record.cases for note in case.notes]
        assert NOTE in texts and LATER_NOTE in texts
    finally:
        admin.close()
    alloc = clinic.unlock("alloc")
    try:
        for appointment in ("s3", "m1"):
            texts = [n.text for n in ClinicalService(alloc).notes(clinic.appointments[appointment])]
            assert LATER_NOTE in texts
    finally:
        alloc.close()
    assert verify(clinic.path, "admin", ADMIN_PASSWORD).sound
