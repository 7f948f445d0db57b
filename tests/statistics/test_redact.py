from __future__ import annotations

import pytest

from supportline.services.clinical import new_pair_code
from supportline.statistics.evaluation import FormEntry, validate
from supportline.statistics.redact import redact

FINDING = (
    "Thanks to the counsellor, she was great. Call me on 07700 900123 or e-mail "
    "jo.bloggs@example.com, my name is Joanne Bloggs and I started on 12/03/2026."
)


def test_the_findings_comment_keeps_no_name_phone_email_or_date() -> None:
    stored = validate(FormEntry("first", new_pair_code(), {}, FINDING))["comment"]
    for detail in ("07700", "900123", "jo.bloggs", "example.com", "Joanne", "Bloggs", "12/03/2026"):
        assert detail not in str(stored)
    assert "[phone removed]" in str(stored)
    assert "[e-mail removed]" in str(stored)
    assert "[date removed]" in str(stored)
    assert "[name removed] [name removed]" in str(stored)
    assert str(stored).startswith("Thanks to the counsellor, she was great.")


@pytest.mark.parametrize(
    "phone", ["07700 900123", "+44 7700 900123", "01622 123456", "0800 123 4567"]
)
def test_uk_phone_numbers(phone: str) -> None:
    assert redact(f"ring {phone} please") == "ring [phone removed] please"


@pytest.mark.parametrize("date", ["12/03/2026", "12 March 2026", "2026-03-12", "March 12, 2026"])
def test_dates(date: str) -> None:
    assert redact(f"seen on {date} at home") == "seen on [date removed] at home"


def test_names_from_the_list_even_at_a_sentence_start() -> None:
    assert redact("Sarah listened. it helped") == "[name removed] listened. it helped"
    assert redact("I spoke to Bloggs. Next time") == "I spoke to [name removed]. Next time"


def test_plain_comment_is_unchanged() -> None:
    text = "It helped a lot. I would come again, 5 out of 5."
    assert redact(text) == text
