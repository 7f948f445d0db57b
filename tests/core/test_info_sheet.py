"""The self-referral information sheet: the blank fillable PDF, and reading a filled one back."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader, PdfWriter
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from supportline.documents.info_sheet import (
    CHECKBOXES,
    FORM_ID,
    MAX_BYTES,
    TEXT_FIELDS,
    UnreadableSheet,
    blank_info_sheet_pdf,
    read_info_sheet,
)

FILLED = {
    "first_name": "Zoë",
    "last_name": "O'Brien",
    "date_of_birth": "01/02/1980",
    "phone": "07700 900123",
    "email": "zoe@example.org",
    "address": "1 Mill Lane,   West Malling",
    "home_postcode": "ME19 4AA",
    "organisation": "Oakfield Primary School, Ashford",
    "job_role": "Teacher",
    "best_times": "Weekday mornings",
}


@pytest.fixture(scope="module")
def blank() -> bytes:
    return blank_info_sheet_pdf()


def fill(pdf: bytes, values: dict[str, str]) -> bytes:
    writer = PdfWriter(clone_from=io.BytesIO(pdf))
    writer.update_page_form_field_values(writer.pages[0], values, auto_regenerate=False)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_blank_sheet_has_the_named_fields(blank: bytes) -> None:
    reader = PdfReader(io.BytesIO(blank))
    fields = reader.get_fields()
    assert fields is not None
    expected = {"sl_form", "service"} | {n for n, _, _ in TEXT_FIELDS} | {n for n, _ in CHECKBOXES}
    assert set(fields) == expected
    assert {"first_name", "last_name", "date_of_birth", "phone", "email", "home_postcode"} <= set(
        fields
    )
    assert fields["sl_form"]["/V"] == FORM_ID
    assert fields["voicemail_ok"]["/_States_"] == ["/Off", "/Yes"]
    assert fields["service"]["/_States_"] == [
        "/counselling",
        "/coaching",
        "/mediation",
        "/not_sure",
    ]
    assert len(reader.pages) == 1
    assert reader.metadata is not None and reader.metadata.subject == FORM_ID


def test_blank_sheet_text(blank: bytes) -> None:
    text = PdfReader(io.BytesIO(blank)).pages[0].extract_text()
    assert "PRIVATE AND CONFIDENTIAL" in text
    assert "Park House" in text
    assert "01732 526910" in text


def test_filled_sheet_reads_back(blank: bytes) -> None:
    filled = fill(
        blank, {**FILLED, "voicemail_ok": "/Yes", "email_ok": "/Yes", "service": "/not_sure"}
    )
    sheet = read_info_sheet(filled)
    assert sheet.get("first_name") == "Zoë"
    assert sheet.get("last_name") == "O'Brien"
    assert sheet.get("address") == "1 Mill Lane, West Malling"  # whitespace collapsed
    for name in (
        "date_of_birth",
        "phone",
        "email",
        "home_postcode",
        "organisation",
        "job_role",
        "best_times",
    ):
        assert sheet.get(name) == FILLED[name]
    assert sheet.get("preferred_name") == ""
    assert sheet.get("no_such_field") == ""
    assert sheet.flags == {
        "voicemail_ok": True,
        "letters_ok": False,
        "email_ok": True,
        "work_contact_ok": False,
        "prefer_work_venue": False,
    }
    assert sheet.service == "not sure"


def test_unknown_service_choice_is_ignored(blank: bytes) -> None:
    sheet = read_info_sheet(fill(blank, {"first_name": "Jo", "service": "/therapy"}))
    assert sheet.service == ""
    assert sheet.get("first_name") == "Jo"


def _reason(data: bytes) -> str:
    with pytest.raises(UnreadableSheet) as caught:
        read_info_sheet(data)
    assert str(caught.value)
    return caught.value.reason


def test_not_a_pdf() -> None:
    assert _reason(b"") == "not_pdf"
    assert _reason(b"PK\x03\x04 a zip file, not a sheet") == "not_pdf"
    assert _reason(b"Dear Support Line, please call me") == "not_pdf"
    assert _reason(b"%PDF-1.7 and then nothing sensible") == "not_pdf"


def test_encrypted_pdf(blank: bytes) -> None:
    writer = PdfWriter(clone_from=io.BytesIO(fill(blank, FILLED)))
    writer.encrypt("owner-and-user", algorithm="AES-128")
    out = io.BytesIO()
    writer.write(out)
    assert _reason(out.getvalue()) == "encrypted"


def test_pdf_without_our_marker() -> None:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pdf.drawString(72, 720, "Some other organisation's referral form")
    pdf.acroForm.textfield(name="first_name", value="Jo", x=72, y=650, width=200, height=20)
    pdf.acroForm.textfield(
        name="sl_form", value="someone-elses-form", x=72, y=600, width=200, height=20
    )
    pdf.showPage()
    pdf.save()
    assert _reason(buffer.getvalue()) == "not_our_form"


def test_pdf_without_any_form() -> None:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pdf.drawString(72, 720, "first_name: Jo")
    pdf.showPage()
    pdf.save()
    assert _reason(buffer.getvalue()) == "not_our_form"


def test_empty_sheet(blank: bytes) -> None:
    assert _reason(blank) == "empty"
    # Ticked boxes alone are not a referral either.
    assert _reason(fill(blank, {"voicemail_ok": "/Yes", "service": "/coaching"})) == "empty"
    assert _reason(fill(blank, {"first_name": "   "})) == "empty"


@pytest.mark.parametrize("keep", [0.02, 0.5, 0.9, 0.99])
def test_truncated_file(blank: bytes, keep: float) -> None:
    filled = fill(blank, FILLED)
    assert _reason(filled[: int(len(filled) * keep)]) == "not_pdf"


def test_too_large() -> None:
    assert _reason(b"%PDF-1.7\n" + b"0" * MAX_BYTES) == "too_large"
