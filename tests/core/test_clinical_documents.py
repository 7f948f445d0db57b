"""Evaluation forms and their pair code (issue 5, DESIGN 6 and 8); the subject access printout
is tested in ``test_subject_access.py``.

The pair code must be unrecoverable once the last form is printed. The attacker here holds the
case key (an administrator's or a stolen slot's) and decrypts every page of case.db and its
write-ahead log itself, with AES-256-CBC as SQLCipher 4 lays pages out, looking for the code and
for the encrypted code blob it copied while the code still existed: secure delete and the
checkpoint must have left neither. PDFs are checked by extracting their text with pypdf; the QR
code is rebuilt module by module from the page's drawing and matched against an independent
encoder (``qrcode``).
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

import pytest
import qrcode
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from pypdf import PdfReader
from sqlalchemy import func, select

from supportline import crypto
from supportline.case_keys import CaseKeys
from supportline.db import schema
from supportline.errors import PermissionDenied
from supportline.roles import KeyName
from supportline.services.clinical import (
    ClinicalError,
    ClinicalService,
    InvalidClinical,
    valid_pair_code,
)
from supportline.session import Session
from tests.core.test_clinical import (
    CASE_ID,
    CLIENT,
    CLIENT_ID,
    Clinic,
    build_clinic,
    copy_clinic,
)

PAGE = 4096
RESERVE = 80  # SQLCipher 4: 16-byte IV + 64-byte HMAC-SHA512 at the end of every page
WAL_HEADER, FRAME_HEADER = 32, 24


@pytest.fixture(scope="module")
def clinic_template(tmp_path_factory: pytest.TempPathFactory) -> Clinic:
    return build_clinic(tmp_path_factory.mktemp("documents"))


@pytest.fixture
def clinic(clinic_template: Clinic, tmp_path: Path) -> Clinic:
    return copy_clinic(clinic_template, tmp_path)


@pytest.fixture
def alloc(clinic: Clinic) -> Iterator[Session]:
    session = clinic.unlock("alloc")
    yield session
    session.close()


# -- the independent attacker ---------------------------------------------------------------------


def _decrypt_page(key: bytes, page: bytes, first: bool) -> bytes:
    iv = page[PAGE - RESERVE : PAGE - RESERVE + 16]
    body = page[16 if first else 0 : PAGE - RESERVE]  # page 1 starts with the file's salt
    decryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).decryptor()
    return decryptor.update(body) + decryptor.finalize()


def decrypted_pages(data_dir: Path, case_key: bytes) -> bytes:
    """Every page of case.db and every frame of case.db-wal, decrypted with the case key."""
    plain = []
    main = (data_dir / "case.db").read_bytes()
    for index in range(len(main) // PAGE):
        plain.append(_decrypt_page(case_key, main[index * PAGE : (index + 1) * PAGE], index == 0))
    wal = data_dir / "case.db-wal"
    if wal.exists():
        data = wal.read_bytes()
        offset = WAL_HEADER
        while offset + FRAME_HEADER + PAGE <= len(data):
            number = int.from_bytes(data[offset : offset + 4], "big")
            page = data[offset + FRAME_HEADER : offset + FRAME_HEADER + PAGE]
            plain.append(_decrypt_page(case_key, page, number == 1))
            offset += FRAME_HEADER + PAGE
    return b"".join(plain)


def code_needles(code: str) -> list[bytes]:
    needles = []
    for variant in {code, code.replace("-", ""), code.lower(), code.replace("-", "").lower()}:
        for encoding in ("utf-8", "utf-16-le", "utf-16-be"):
            needles.append(variant.encode(encoding))
    return needles


def every_file(data_dir: Path) -> list[Path]:
    return sorted(p for p in data_dir.rglob("*") if p.is_file())


def case_key(clinic: Clinic) -> bytes:
    admin = clinic.unlock("admin")
    try:
        return admin.key(KeyName.CASE)
    finally:
        admin.close()


def pair_code_blob(clinic: Clinic) -> bytes:
    """What an attacker with the case key copies while the code exists: its encrypted row."""
    handler = clinic.unlock("handler")
    try:
        with handler.case.connect() as conn:
            return bytes(
                conn.execute(
                    select(schema.evaluation_pair_codes.c.code).where(
                        schema.evaluation_pair_codes.c.case_id == CASE_ID
                    )
                ).scalar_one()
            )
    finally:
        handler.close()


def assert_code_gone(clinic: Clinic, code: str, blob: bytes) -> None:
    needles = code_needles(code)
    files = every_file(clinic.path)
    assert {"case.db", "stats.db", "keystore.json"} <= {p.name for p in files}
    for path in files:
        data = path.read_bytes()
        for needle in needles:
            assert needle not in data, (path.name, needle)
    plain = decrypted_pages(clinic.path, case_key(clinic))
    assert b"CREATE TABLE" in plain  # the decryption really works
    for needle in needles:
        assert needle not in plain, needle
    # The ciphertext (nonce and sealed body) of the code's row: gone from every page.
    assert blob[5:40] not in plain
    assert blob[-24:] not in plain


def pdf_text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return "\n".join(page.extract_text() for page in reader.pages)


def flat(text: str) -> str:
    return " ".join(text.split())


# -- pair code lifecycle --------------------------------------------------------------------------


def test_the_attacker_finds_a_code_that_still_exists(clinic: Clinic, alloc: Session) -> None:
    """Before the last form the code's encrypted row is in the pages, and the case's notes key
    opens it: the scan that later finds nothing is not blind."""
    issued = ClinicalService(alloc).issue_evaluation_form(CASE_ID, "first")
    assert valid_pair_code(issued.pair_code) and not issued.code_destroyed
    blob = pair_code_blob(clinic)
    plain = decrypted_pages(clinic.path, case_key(clinic))
    assert blob[5:40] in plain
    with alloc.case.connect() as conn:
        found = CaseKeys(alloc).key(conn, CASE_ID)
    assert found is not None
    opened = crypto.decrypt_case_field(
        found[1], CASE_ID, "evaluation_pair_codes", CASE_ID, "code", blob
    )
    assert json.loads(opened) == {"code": issued.pair_code}


def test_the_pair_code_is_gone_after_the_last_form(clinic: Clinic, alloc: Session) -> None:
    service = ClinicalService(alloc)
    first = service.issue_evaluation_form(CASE_ID, "first")
    blob = pair_code_blob(clinic)
    again = service.issue_evaluation_form(CASE_ID, "first")  # a reprint: the same code
    assert again.pair_code == first.pair_code and not again.code_destroyed
    last = service.issue_evaluation_form(CASE_ID, "last")
    assert last.pair_code == first.pair_code
    assert last.code_destroyed
    with alloc.case.connect() as conn:
        assert (
            conn.execute(
                select(func.count()).select_from(schema.evaluation_pair_codes)
            ).scalar_one()
            == 0
        )
        issued = conn.execute(select(schema.evaluation_forms_issued)).all()
    # The case records only that the forms were issued.
    assert set(schema.evaluation_forms_issued.c.keys()) == {"id", "case_id", "form", "issued_at"}
    assert sorted((r.case_id, r.form) for r in issued) == [(CASE_ID, "first"), (CASE_ID, "last")]
    assert service.forms_issued(CASE_ID) == ["first", "last"]
    for form in ("first", "last"):
        with pytest.raises(ClinicalError) as info:
            service.issue_evaluation_form(CASE_ID, form)
        assert info.value.reason == "pair_code_destroyed"
    with pytest.raises(ClinicalError):
        service.evaluation_form(CASE_ID, "last")
    # Gone while the app is still open (write-ahead log and all), and after it closes.
    assert_code_gone(clinic, first.pair_code, blob)
    alloc.close()
    assert_code_gone(clinic, first.pair_code, blob)


def test_closing_destroys_a_code_whose_last_form_was_never_printed(
    clinic: Clinic, alloc: Session
) -> None:
    service = ClinicalService(alloc)
    first = service.issue_evaluation_form(CASE_ID, "first")
    blob = pair_code_blob(clinic)
    service.close_case(CASE_ID, "ended_early", "Stopped attending.")
    with alloc.case.connect() as conn:
        assert (
            conn.execute(
                select(func.count()).select_from(schema.evaluation_pair_codes)
            ).scalar_one()
            == 0
        )
    with pytest.raises(ClinicalError) as info:
        service.issue_evaluation_form(CASE_ID, "last")
    assert info.value.reason == "case_closed"
    assert service.forms_issued(CASE_ID) == ["first"]
    assert_code_gone(clinic, first.pair_code, blob)
    alloc.close()
    assert_code_gone(clinic, first.pair_code, blob)


def test_each_case_gets_its_own_well_formed_code(clinic: Clinic, alloc: Session) -> None:
    from supportline.services.clinical import new_pair_code

    codes = {new_pair_code() for _ in range(300)}
    assert len(codes) == 300
    for code in codes:
        assert re.fullmatch(r"[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{3}", code)
        assert valid_pair_code(code) and valid_pair_code(code.replace("-", "").lower())
    code = next(iter(codes))
    # One mistyped symbol is caught by the check symbol.
    wrong = ("3" if code[0] != "3" else "4") + code[1:]
    assert not valid_pair_code(wrong)
    with pytest.raises(InvalidClinical):
        ClinicalService(alloc).issue_evaluation_form(CASE_ID, "middle")


def test_only_the_allocated_counsellor_or_a_lead_issues_forms(clinic: Clinic) -> None:
    for name in ("other", "handler"):
        session = clinic.unlock(name)
        try:
            with pytest.raises(PermissionDenied):
                ClinicalService(session).evaluation_form(CASE_ID, "first")
        finally:
            session.close()


# -- the evaluation form PDF ----------------------------------------------------------------------


def _questions() -> dict:
    text = resources.files("resources").joinpath("evaluation/questions.json").read_text("utf-8")
    return json.loads(text)


def qr_modules(pdf: bytes) -> list[list[bool]]:
    """The QR code's dark modules, rebuilt from the black filled rectangles on the page."""
    content = PdfReader(io.BytesIO(pdf)).pages[0].get_contents().get_data().decode("latin-1")
    rects = [
        tuple(float(v) for v in m.groups())
        for m in re.finditer(
            r"0 0 0 rg\s+(?:[^\n]*\n){0,4}?n ([\d.]+) ([\d.]+) ([\d.]+) ([\d.]+) re f\*", content
        )
    ]
    assert len(rects) > 40, "no QR drawing on the page"
    module = min(h for _, _, _, h in rects)
    left = min(x for x, _, _, _ in rects)
    top = max(y + h for _, y, _, h in rects)
    size = round((max(x + w for x, _, w, _ in rects) - left) / module)
    grid = [[False] * size for _ in range(size)]
    for x, y, w, h in rects:
        row = round((top - y - h) / module)
        for col in range(round((x - left) / module), round((x + w - left) / module)):
            for r in range(row, row + round(h / module)):
                grid[r][col] = True
    return grid


def qr_matches(grid: list[list[bool]], data: str) -> bool:
    """Does ``grid`` encode ``data`` at error correction M (with any of the eight masks)?"""
    for mask in range(8):
        encoder = qrcode.QRCode(
            error_correction=qrcode.constants.ERROR_CORRECT_M, border=0, mask_pattern=mask
        )
        encoder.add_data(data)
        encoder.make(fit=True)
        if encoder.get_matrix() == grid:
            return True
    return False


@pytest.mark.parametrize("form", ["first", "last"])
def test_evaluation_form_pdf(clinic: Clinic, alloc: Session, form: str) -> None:
    service = ClinicalService(alloc)
    if form == "last":
        code = service.issue_evaluation_form(CASE_ID, "first").pair_code
    pdf = service.evaluation_form(CASE_ID, form)
    assert pdf.startswith(b"%PDF")
    text = flat(pdf_text(pdf))
    issued = re.search(r"Form code: ([2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{3})", text)
    assert issued and valid_pair_code(issued.group(1))
    if form == "last":
        assert issued.group(1) == code  # the same code as on the first form
    for question in _questions()["forms"][form]["questions"]:
        assert flat(question["text"]) in text, question["code"]
    for line in ("Park House", "East Malling"):
        assert line in text
    # Anonymous: nothing about the client, the case or the counsellor.
    for value in (*CLIENT.values(), str(CLIENT_ID), str(CASE_ID), "Alloc Counsellor"):
        needle = str(value)
        assert needle.lower() not in text.lower(), needle
    assert b"Zqx" not in pdf and b"SL-ZQX" not in pdf
    grid = qr_modules(pdf)
    assert qr_matches(grid, issued.group(1))
    assert not qr_matches(grid, "2222-2222-222")  # the matcher can say no
