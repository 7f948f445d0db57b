"""Letters honour the client's safe-contact preferences and say what they must."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import UTC, date, datetime

import pytest
from pypdf import PdfReader

from supportline.documents.letters import LettersDeclined, recipient, referral_acknowledgement
from supportline.services.clients import ClientInput, ClientRecord


def _record(**changes: object) -> ClientRecord:
    data = ClientInput(
        first_name="Zoë",
        last_name="O'Brien-Ångström",
        preferred_name="Zo",
        phone="07700 900123",
        address="12 Demo Street, Maidstone",
        home_postcode="ME14 1XQ",
        letters_ok=True,
    )
    return ClientRecord(
        id=7,
        reference="SL-000007",
        data=replace(data, **changes),  # type: ignore[arg-type]
        organisation=None,
        risk_level="none",
        created_at=datetime(2026, 1, 1, tzinfo=UTC),
        updated_at=None,
    )


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_no_letter_when_the_client_declined_letters() -> None:
    with pytest.raises(LettersDeclined) as caught:
        referral_acknowledgement(_record(letters_ok=False), date(2026, 11, 23), "counselling")
    assert caught.value.reason == "declined"


def test_no_letter_without_a_home_address() -> None:
    with pytest.raises(LettersDeclined) as caught:
        recipient(_record(address=""))
    assert caught.value.reason == "no_address"


def test_letter_is_private_addressed_home_and_carries_the_return_address() -> None:
    text = _text(referral_acknowledgement(_record(), date(2026, 11, 23), "counselling"))
    assert "PRIVATE AND CONFIDENTIAL" in text
    assert "Zo O'Brien-Ångström" in text  # the name the client asked to be called
    assert "12 Demo Street" in text and "ME14 1XQ" in text
    assert "Park House" in text and "East Malling" in text and "01732 526910" in text
    assert "23 November 2026" in text and "SL-000007" in text
    # Nothing about the client's difficulties or risk goes on paper that may be seen at home.
    assert "risk" not in text.lower()
