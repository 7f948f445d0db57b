"""The nearest registered organisation names for an unknown one, against the real register."""

from __future__ import annotations

import pytest

from supportline import reference
from supportline.name_match import NameMatcher, words

REGISTER = [organisation.name for organisation in reference.organisations()]
KCC = sorted(o.name for o in reference.organisations() if o.group == "kcc")


@pytest.fixture(scope="module")
def matcher() -> NameMatcher:
    return NameMatcher(REGISTER)


def test_the_council_suggests_its_directorates(matcher: NameMatcher) -> None:
    assert len(KCC) == 5
    assert sorted(matcher.nearest("Kent County Council")) == KCC
    assert sorted(matcher.nearest("kent county council")) == KCC
    assert sorted(matcher.nearest("KCC")) == KCC


@pytest.mark.parametrize(
    ("typed", "first"),
    [
        ("KCC Adult Social Care", "Kent County Council - Adult Social Care and Health"),
        (
            "Kent County Council Children Young People",
            "Kent County Council - Children, Young People and Education",
        ),
        ("Oakfeld Primary School", "Oakfield Primary School, Ashford"),
        (
            "St Martins CofE Primary Canterbury",
            "St Martin's Church of England Primary School, Canterbury",
        ),
        ("Kent Fire & Rescue", "Kent Fire and Rescue Service"),
        ("Maidstone Borough Counsil", "Maidstone Borough Council"),
    ],
)
def test_a_near_miss_puts_the_intended_name_first(
    matcher: NameMatcher, typed: str, first: str
) -> None:
    assert matcher.nearest(typed)[0] == first


def test_a_common_word_alone_is_not_a_match(matcher: NameMatcher) -> None:
    # "school" is in most names: sharing it says nothing about which school was meant.
    assert matcher.nearest("Nowhere School Ltd") == []
    assert matcher.nearest("Nowhere Ltd") == []
    assert matcher.nearest("") == []
    assert matcher.nearest("-- ,") == []


def test_at_most_five_names_are_suggested(matcher: NameMatcher) -> None:
    ashford = matcher.nearest("Ashford")
    assert len(ashford) == 5
    assert all("Ashford" in name for name in ashford)


def test_words_fold_case_accents_and_apostrophes() -> None:
    assert words("St Martin’s Église of the KCC") == (
        "st",
        "martins",
        "eglise",
        "kent",
        "county",
        "council",
    )


def test_an_empty_register_suggests_nothing() -> None:
    assert NameMatcher([]).nearest("Kent County Council") == []
