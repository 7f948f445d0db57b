from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from supportline.validation import (
    InvalidInput,
    normalise_email,
    normalise_name,
    normalise_phone,
    normalise_postcode,
    normalise_postcode_district,
    parse_uk_date,
)


def _reason(call: object, *args: object, **kwargs: object) -> str:
    assert callable(call)
    with pytest.raises(InvalidInput) as caught:
        call(*args, **kwargs)
    assert isinstance(caught.value, ValueError)
    return caught.value.reason


# --- postcodes --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ME19 4BY", "ME19 4BY"),
        ("me194by", "ME19 4BY"),
        ("  me19   4by ", "ME19 4BY"),
        ("ct9 1re", "CT9 1RE"),
        ("M1 1AE", "M1 1AE"),
        ("B33 8TH", "B33 8TH"),
        ("CR2 6XH", "CR2 6XH"),
        ("DN55 1PT", "DN55 1PT"),
        ("W1A 0AX", "W1A 0AX"),
        ("EC1A 1BB", "EC1A 1BB"),
        ("SW1A 2AA", "SW1A 2AA"),
        ("gir0aa", "GIR 0AA"),
        ("TN23\t1AX", "TN23 1AX"),
    ],
)
def test_normalise_postcode_accepts(text: str, expected: str) -> None:
    assert normalise_postcode(text) == expected


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "required"),
        ("   ", "required"),
        ("ME19", "postcode_format"),
        ("ME19 4B", "postcode_format"),
        ("ME19 4BYY", "postcode_format"),
        ("ME194 4BY", "postcode_format"),
        ("QE1 1AA", "postcode_format"),  # Q never starts a postcode
        ("AI1 1AA", "postcode_format"),  # I never second
        ("ME19 4CY", "postcode_format"),  # C never in the inward code
        ("ME19 4BI", "postcode_format"),
        ("W1I 0AX", "postcode_format"),  # I not allowed after the digit in A9A
        ("EC1C 1BB", "postcode_format"),  # C not allowed after the digit in AA9A
        ("GIR 1AA", "postcode_format"),
        ("12345", "postcode_format"),
        ("ME19-4BY", "postcode_format"),
    ],
)
def test_normalise_postcode_rejects(text: str, reason: str) -> None:
    assert _reason(normalise_postcode, text) == reason


def test_invalid_input_carries_field() -> None:
    with pytest.raises(InvalidInput) as caught:
        normalise_postcode("nope", field="home_postcode")
    assert caught.value.field == "home_postcode"
    assert caught.value.reason == "postcode_format"


_LETTER_1 = "ABCDEFGHIJKLMNOPRSTUWYZ"
_INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
postcodes = st.builds(
    lambda a, b, n, d, e, f, spaces, lower: (
        (a + b + str(n) + spaces + str(d) + e + f).lower()
        if lower
        else a + b + str(n) + spaces + str(d) + e + f
    ),
    st.sampled_from("ABCDEFGHJKLMNOPRSTUWYZ"),
    st.sampled_from(["", *"ABCDEFGHKLMNOPRSTUWY"]),
    st.integers(min_value=1, max_value=99),
    st.integers(min_value=0, max_value=9),
    st.sampled_from(_INWARD_LETTERS),
    st.sampled_from(_INWARD_LETTERS),
    st.sampled_from(["", " ", "  ", "\t"]),
    st.booleans(),
)


@given(postcodes)
def test_normalise_postcode_is_idempotent(text: str) -> None:
    once = normalise_postcode(text)
    assert normalise_postcode(once) == once
    outward, inward = once.split(" ")
    assert once == once.upper() and len(inward) == 3
    assert normalise_postcode_district(once) == outward


@given(st.text(max_size=12))
def test_normalise_postcode_never_crashes(text: str) -> None:
    try:
        result = normalise_postcode(text)
    except InvalidInput as error:
        assert error.reason in {"required", "postcode_format"}
    else:
        assert normalise_postcode(result) == result


def test_normalise_postcode_district() -> None:
    assert normalise_postcode_district("me19") == "ME19"
    assert normalise_postcode_district("me19 4by") == "ME19"
    assert normalise_postcode_district("EC1A") == "EC1A"
    assert _reason(normalise_postcode_district, "") == "required"
    assert _reason(normalise_postcode_district, "GIR") == "postcode_format"
    assert _reason(normalise_postcode_district, "19ME") == "postcode_format"


# --- telephone numbers ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("01732 526910", "01732 526910"),
        ("01732526910", "01732 526910"),
        ("+44 1732 526910", "01732 526910"),
        ("+44 (0)1732 526910", "01732 526910"),
        ("+44 01732 526910", "01732 526910"),
        ("0044 1732 526910", "01732 526910"),
        ("(01732) 526-910", "01732 526910"),
        ("01732-526-910", "01732 526910"),
        ("07700 900123", "07700 900123"),
        ("+447700900123", "07700 900123"),
        ("020 7946 0000", "020 7946 0000"),
        ("02079460000", "020 7946 0000"),
        ("029 2018 0000", "029 2018 0000"),
        ("0113 496 0000", "0113 496 0000"),
        ("01134960000", "0113 496 0000"),
        ("0121 496 0000", "0121 496 0000"),
        ("0800 123 4567", "0800 123 4567"),
        ("0800 123456", "0800 123456"),
        ("016977 4567", "016977 4567"),
        ("0300 123 4567", "0300 123 4567"),
        ("03001234567", "0300 123 4567"),
        (" 0845.123.4567 ", "0845 123 4567"),
    ],
)
def test_normalise_phone_accepts(text: str, expected: str) -> None:
    assert normalise_phone(text) == expected


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "required"),
        ("  ", "required"),
        ("01732 52691", "phone_format"),  # too short
        ("01732 5269100", "phone_format"),  # too long
        ("07700 90012", "phone_format"),
        ("020 7946 000", "phone_format"),
        ("+1 415 555 0100", "phone_format"),  # not UK
        ("0033 1 23 45 67 89", "phone_format"),
        ("01732 52691O", "phone_format"),  # letter O
        ("call 01732 526910", "phone_format"),
        ("1732 526910", "phone_format"),  # no trunk prefix
        ("04123 456789", "phone_format"),  # unassigned range
        ("06123 456789", "phone_format"),
        ("07700+900123", "phone_format"),
        ("0800 12345", "phone_format"),
    ],
)
def test_normalise_phone_rejects(text: str, reason: str) -> None:
    assert _reason(normalise_phone, text) == reason


@given(st.text(alphabet="0123456789 +-()", max_size=20))
def test_normalise_phone_outputs_are_fixed_points(text: str) -> None:
    try:
        result = normalise_phone(text)
    except InvalidInput as error:
        assert error.reason in {"required", "phone_format"}
    else:
        assert normalise_phone(result) == result
        assert result.startswith("0")
        assert len(result.replace(" ", "")) in {10, 11}


# --- dates ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("04/03/2024", dt.date(2024, 3, 4)),
        ("4/3/2024", dt.date(2024, 3, 4)),
        ("04.03.2024", dt.date(2024, 3, 4)),
        ("04-03-2024", dt.date(2024, 3, 4)),
        ("2024-03-04", dt.date(2024, 3, 4)),
        (" 29/02/2024 ", dt.date(2024, 2, 29)),
        ("31/12/1960", dt.date(1960, 12, 31)),
    ],
)
def test_parse_uk_date_accepts(text: str, expected: dt.date) -> None:
    assert parse_uk_date(text) == expected


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "required"),
        ("29/02/2023", "date_format"),  # not a leap year
        ("31/04/2024", "date_format"),
        ("00/01/2024", "date_format"),
        ("01/13/2024", "date_format"),
        ("12/31/2024", "date_format"),  # US order
        ("01/02/24", "date_format"),  # two-digit year
        ("2024/03/04", "date_format"),
        ("04/03-2024", "date_format"),  # mixed separators
        ("2024-3-4", "date_format"),
        ("4th March 2024", "date_format"),
        ("01/01/1066", "date_range"),
    ],
)
def test_parse_uk_date_rejects(text: str, reason: str) -> None:
    assert _reason(parse_uk_date, text) == reason


def test_parse_uk_date_future() -> None:
    today = dt.date(2024, 6, 1)
    assert parse_uk_date("02/06/2024", today=today) == dt.date(2024, 6, 2)
    assert parse_uk_date("01/06/2024", allow_future=False, today=today) == today
    assert _reason(parse_uk_date, "02/06/2024", allow_future=False, today=today) == "future_date"
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    assert _reason(parse_uk_date, tomorrow.isoformat(), allow_future=False) == "future_date"


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(9999, 12, 31)))
def test_parse_uk_date_round_trips(value: dt.date) -> None:
    assert parse_uk_date(value.strftime("%d/%m/%Y")) == value
    assert parse_uk_date(value.isoformat()) == value


# --- e-mail -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("supportline@kent.gov.uk", "supportline@kent.gov.uk"),
        ("  Jane.Smith@KENT.GOV.UK ", "Jane.Smith@kent.gov.uk"),
        ("head+support@school.kent.sch.uk", "head+support@school.kent.sch.uk"),
        ("o'brien@example.org", "o'brien@example.org"),
        ("a@b-c.co.uk", "a@b-c.co.uk"),
        ("zoë@example.com", "zoë@example.com"),
    ],
)
def test_normalise_email_accepts(text: str, expected: str) -> None:
    assert normalise_email(text) == expected


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "required"),
        ("plainaddress", "email_format"),
        ("@kent.gov.uk", "email_format"),
        ("jane@", "email_format"),
        ("jane@kent", "email_format"),
        ("jane@@kent.gov.uk", "email_format"),
        ("jane smith@kent.gov.uk", "email_format"),
        ("jane..smith@kent.gov.uk", "email_format"),
        (".jane@kent.gov.uk", "email_format"),
        ("jane@-kent.gov.uk", "email_format"),
        ("jane@kent..gov.uk", "email_format"),
        ("jane@kent_council.gov.uk", "email_format"),
        ("jane@kent.gov.u", "email_format"),
        ("jane@127.0.0.1", "email_format"),
        ("a" * 65 + "@kent.gov.uk", "email_format"),
        ("jane@kent.gov.uk>", "email_format"),
    ],
)
def test_normalise_email_rejects(text: str, reason: str) -> None:
    assert _reason(normalise_email, text) == reason


# --- names ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Zoë O'Brien-Łukasiewicz", "Zoë O'Brien-Łukasiewicz"),
        ("  Jane   Smith ", "Jane Smith"),
        ("Jane\tSmith\n", "Jane Smith"),
        ("Siobhán Ní Bhriain", "Siobhán Ní Bhriain"),
        ("O\u2019Neill", "O'Neill"),
        ("St. John Smythe", "St. John Smythe"),
        ("Zo\u0065\u0308", "Zo\u00eb"),  # decomposed e + diaeresis becomes NFC
        ("Nguyễn Văn An", "Nguyễn Văn An"),
        ("李 小龍", "李 小龍"),
    ],
)
def test_normalise_name_accepts(text: str, expected: str) -> None:
    assert normalise_name(text) == expected


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "required"),
        ("   \t", "required"),
        ("Jane Smith 2", "name_format"),
        ("Jane <b>Smith</b>", "name_format"),
        ("Robert'); DROP TABLE clients;--", "name_format"),
        ("---", "name_format"),
        ("J" * 101, "too_long"),
    ],
)
def test_normalise_name_rejects(text: str, reason: str) -> None:
    assert _reason(normalise_name, text) == reason


@given(st.text(max_size=40))
def test_normalise_name_is_idempotent(text: str) -> None:
    try:
        once = normalise_name(text)
    except InvalidInput:
        return
    assert normalise_name(once) == once
    assert once == once.strip() and "  " not in once
