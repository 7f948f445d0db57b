"""Clinical confidentiality (issue 5, DESIGN 4): a call handler's key store slot cannot decrypt
any clinical record, whatever is tried with the keys it holds; the service refuses handlers,
managers and counsellors who are neither allocated nor clinical leads; a clinical lead may read.
(The attacks of a counsellor who is not allocated are in test_case_notes_keys.py.)

The attacker here works from the files, not through the services: it opens the handler's slot
with :meth:`Keystore.open_slot` and attacks the raw blobs read straight out of case.db.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from supportline import crypto
from supportline.db import schema
from supportline.errors import NotesHandoverPending, PermissionDenied
from supportline.keystore import Keystore
from supportline.roles import KeyName
from supportline.services.clinical import ClinicalService
from supportline.services.subject_access import SubjectAccessService
from supportline.session import Session
from tests.core.test_clinical import (
    CASE_ID,
    CLIENT_ID,
    GAD_FIRST,
    PASSWORDS,
    PHQ_FIRST,
    Clinic,
    assessment_input,
    build_clinic,
    copy_clinic,
)
from tests.security.helpers import candidate_case_keys, opens_clinical_blob, raw_wraps

NOTE_TEXT = "Zqxnotetext: spoke about the grievance hearing."
AMENDMENT_TEXT = "Zqxamendtext: date of hearing corrected."
SUMMARY_TEXT = "Zqxclosuretext: ended as planned."
NARRATIVE = "Zqxnarrative: workload since the restructure."
# Every encrypted clinical column; the schema's own list must not have grown past this.
CLINICAL_TABLES = ("session_notes", "assessments", "measure_responses", "closures")


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Clinic:
    """A store with one of every clinical record, written by the allocated counsellor."""
    clinic = build_clinic(tmp_path_factory.mktemp("confidential"))
    session = clinic.unlock("alloc")
    try:
        service = ClinicalService(session)
        service.save_assessment(CASE_ID, assessment_input())
        service.record_measure(CASE_ID, "PHQ-9", PHQ_FIRST, clinic.appointments["s3"])
        service.record_measure(CASE_ID, "GAD-7", GAD_FIRST, clinic.appointments["s3"])
        service.write_note(clinic.appointments["s3"], NOTE_TEXT)
        service.amend_note(clinic.appointments["s3"], AMENDMENT_TEXT)
        service.close_case(CASE_ID, "planned", SUMMARY_TEXT)
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
        sessions.append(clinic.unlock(username))
        return sessions[-1]

    yield sign_in
    for session in sessions:
        session.close()


def raw_blobs(clinic: Clinic) -> list[tuple[str, int, bytes]]:
    """(table, row id, ciphertext) of every clinical record, read with the case key only."""
    handler = clinic.unlock("handler")
    try:
        found = []
        with handler.case.connect() as conn:
            for name in CLINICAL_TABLES:
                table = schema.case_metadata.tables[name]
                for row_id, body in conn.execute(select(table.c.id, table.c.body)):
                    found.append((name, int(row_id), bytes(body)))
    finally:
        handler.close()
    return found


def raw_wraps_of(clinic: Clinic) -> list[Any]:
    handler = clinic.unlock("handler")
    try:
        with handler.case.connect() as conn:
            return raw_wraps(conn)
    finally:
        handler.close()


def _attempts(key: bytes, table: str, row_id: int, blob: bytes) -> list[Callable[[], Any]]:
    """Everything one might try with one key: as the field key under its own and every other key
    id, as a raw AES-GCM key with and without the header, via the clinical key pair derived
    from it, and as an X25519 private key."""
    key_id = int.from_bytes(blob[1:5], "big")
    tries: list[Callable[[], Any]] = [
        lambda: crypto.decrypt_field({key_id: key}, table, row_id, "body", blob),
        lambda: crypto.decrypt_case_field(key, CASE_ID, table, row_id, "body", blob),
        lambda: crypto.open_sealed(key, blob[5:], crypto.field_aad(table, row_id, "body", key_id)),
        lambda: crypto.open_sealed(
            key, blob[5:], crypto.case_field_aad(CASE_ID, table, row_id, "body", key_id)
        ),
        lambda: crypto.open_sealed(key, blob[5:], b""),
        lambda: crypto.open_sealed(key, blob, b""),
    ]
    clinical_private, _ = crypto.clinical_keypair(key)
    tries += [
        lambda: crypto.decrypt_field({key_id: clinical_private}, table, row_id, "body", blob),
        lambda: crypto.open_sealed_to(clinical_private, blob, crypto.CLINICAL_AAD),
        lambda: crypto.open_sealed_to(clinical_private, blob[5:], crypto.CLINICAL_AAD),
        lambda: crypto.open_sealed_to(key, blob, crypto.CLINICAL_AAD),
        lambda: crypto.open_sealed_to(key, blob[5:], crypto.CLINICAL_AAD),
    ]
    for derived in (crypto.hkdf(key, b"supportline-notes"), clinical_private):
        tries.append(
            lambda derived=derived: crypto.open_sealed(
                derived, blob[5:], crypto.field_aad(table, row_id, "body", key_id)
            )
        )
    return tries


def _opens(attempt: Callable[[], Any]) -> bool:
    try:
        attempt()
    except (crypto.CryptoError, ValueError):
        return False
    return True


def _all_keys(opened: Any, keystore: Keystore, wraps: list[Any]) -> list[bytes]:
    """The slot's own keys and whatever case notes keys they get out of the wraps."""
    keys = [key for generations in opened.keys.values() for key in generations.values()]
    return [*keys, opened.private_key, *candidate_case_keys(opened, keystore, wraps)]


def test_the_handlers_slot_cannot_decrypt_any_clinical_record(clinic: Clinic) -> None:
    keystore = Keystore.load(clinic.path / "keystore.json")
    handler = keystore.open_slot("handler", PASSWORDS["handler"])
    assert set(handler.keys) == {KeyName.CASE}  # the slot holds no notes key at all
    blobs = raw_blobs(clinic)
    # One of every record was written (note + amendment), so the attack has something to chew.
    assert sorted({t for t, _, _ in blobs}) == sorted(CLINICAL_TABLES)
    assert len(blobs) == 6
    wraps = raw_wraps_of(clinic)
    assert wraps  # the case's notes key is there, wrapped
    for table, row_id, blob in blobs:
        for key in _all_keys(handler, keystore, wraps):
            for attempt in _attempts(key, table, row_id, blob):
                assert not _opens(attempt), (table, row_id)


def test_the_attack_is_not_blind(clinic: Clinic) -> None:
    """The same attempts with the allocated counsellor's slot do open every record, and the
    plaintext is what was written: the failures above are the keys', not the attack's."""
    keystore = Keystore.load(clinic.path / "keystore.json")
    counsellor = keystore.open_slot("alloc", PASSWORDS["alloc"])
    wraps = raw_wraps_of(clinic)
    texts = []
    for table, row_id, blob in raw_blobs(clinic):
        opened = [
            attempt
            for key in _all_keys(counsellor, keystore, wraps)
            for attempt in _attempts(key, table, row_id, blob)
        ]
        assert any(_opens(a) for a in opened), (table, row_id)
        text = opens_clinical_blob(
            candidate_case_keys(counsellor, keystore, wraps), CASE_ID, table, row_id, "body", blob
        )
        assert text is not None
        texts.append(text)
    joined = "\n".join(texts)
    for text in (NOTE_TEXT, AMENDMENT_TEXT, SUMMARY_TEXT, NARRATIVE):
        assert text in joined


def test_raw_bytes_do_not_contain_the_text(clinic: Clinic) -> None:
    needles = []
    # Whole markers only: a three-letter fragment turns up by chance in random bytes (base64 in
    # keystore.json matched "zqx" once in a few thousand runs).
    for text in (
        NOTE_TEXT,
        AMENDMENT_TEXT,
        SUMMARY_TEXT,
        NARRATIVE,
        "Zqxnotetext",
        "Zqxamendtext",
        "Zqxclosuretext",
        "Zqxnarrative",
    ):
        for encoding in ("utf-8", "utf-16-le", "utf-16-be"):
            needles.append(text.encode(encoding))
    blobs = raw_blobs(clinic)
    assert blobs
    for table, row_id, blob in blobs:
        for needle in needles:
            assert needle not in blob, (table, row_id, needle)
    for path in sorted(p for p in clinic.path.rglob("*") if p.is_file()):
        data = path.read_bytes()
        for needle in needles:
            assert needle not in data, (path.name, needle)


def _every_clinical_call(
    service: ClinicalService, appointment: int, session: Session
) -> list[tuple[Callable[..., Any], tuple[Any, ...]]]:
    return [
        (service.notes, (appointment,)),
        (service.assessment, (CASE_ID,)),
        (service.measure_history, (CASE_ID,)),
        (service.write_note, (appointment, "Forged.")),
        (service.amend_note, (appointment, "Forged.")),
        (service.record_measure, (CASE_ID, "PHQ-9", PHQ_FIRST)),
        (service.save_assessment, (CASE_ID, assessment_input())),
        (service.close_case, (CASE_ID, "planned", "Forged.")),
        (service.issue_evaluation_form, (CASE_ID, "first")),
        (SubjectAccessService(session).printout, (CLIENT_ID,)),
    ]


def test_handler_and_manager_are_refused_by_the_service(
    clinic: Clinic, signed_in: Callable[[str], Session]
) -> None:
    appointment = clinic.appointments["s3"]
    for name in ("handler", "manager"):
        session = signed_in(name)
        for method, args in _every_clinical_call(ClinicalService(session), appointment, session):
            with pytest.raises(PermissionDenied):
                method(*args)


def test_a_counsellor_neither_allocated_nor_lead_is_refused(
    clinic: Clinic, signed_in: Callable[[str], Session]
) -> None:
    other = signed_in("other")
    # The other counsellor holds the notes key (it is a counsellor): only the service stands
    # between them and the notes, so every route must refuse.
    assert other.holds(KeyName.NOTES)
    service = ClinicalService(other)
    appointment = clinic.appointments["s3"]
    for method, args in _every_clinical_call(service, appointment, other):
        with pytest.raises(PermissionDenied):
            method(*args)
    assert service.caseload() == []
    # Nothing was written by the refused calls.
    n = schema.session_notes.c
    with other.case.connect() as conn:
        authors = set(conn.execute(select(n.author)).scalars())
    assert authors == {"alloc"}


def test_a_clinical_lead_may_read(clinic: Clinic, signed_in: Callable[[str], Session]) -> None:
    lead = signed_in("lead")
    service = ClinicalService(lead)
    notes = service.notes(clinic.appointments["s3"])
    assert [(n.kind, n.text) for n in notes] == [("note", NOTE_TEXT), ("amendment", AMENDMENT_TEXT)]
    assessment = service.assessment(CASE_ID)
    assert assessment is not None and assessment.narrative == NARRATIVE
    assert [p.total for p in service.measure_history(CASE_ID)["PHQ-9"]] == [16]
    # Reading is audited, by record id and never by name.
    a = schema.case_audit.c
    with lead.case.connect() as conn:
        rows = conn.execute(
            select(a.action, a.record_type, a.record_id).where(a.actor == "lead")
        ).all()
    assert ("note.viewed", "appointment", str(clinic.appointments["s3"])) in rows
    assert ("assessment.viewed", "case", str(CASE_ID)) in rows


def test_the_allocated_counsellor_reads_after_reallocation_only_if_still_allocated(
    clinic: Clinic, signed_in: Callable[[str], Session]
) -> None:
    """Allocation is checked on every read, not remembered: moving the case to another
    counsellor moves the access with it, once a clinical lead has handed the notes key over."""
    alloc, other = signed_in("alloc"), signed_in("other")
    appointment = clinic.appointments["s3"]
    assert ClinicalService(alloc).notes(appointment)
    with alloc.case.begin() as conn:
        conn.execute(
            schema.cases.update()
            .where(schema.cases.c.id == CASE_ID)
            .values(counsellor_id=clinic.counsellors["other"])
        )
    with pytest.raises(PermissionDenied):
        ClinicalService(alloc).notes(appointment)
    with pytest.raises(NotesHandoverPending):
        ClinicalService(other).notes(appointment)
    signed_in("lead")  # the hand-over completes at a clinical lead's sign-in
    assert [n.text for n in ClinicalService(other).notes(appointment)][0] == NOTE_TEXT
