"""Taking identifying details out of a free-text evaluation comment before it is stored.

A comment goes to stats.db, where the manager reads it apart from any case. Whatever a client
wrote, the stored text carries no e-mail address, UK phone number, date or name: each is
replaced by a bracketed marker. Names are found two ways: a title-case word that does not start
a sentence, and any word in the shipped list of common first names and surnames.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

EMAIL_REMOVED = "[e-mail removed]"
PHONE_REMOVED = "[phone removed]"
DATE_REMOVED = "[date removed]"
NAME_REMOVED = "[name removed]"

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_EMAIL = re.compile(r"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+", re.IGNORECASE)
_DATES = (
    re.compile(r"\b\d{1,4}[/.\-]\d{1,2}[/.\-]\d{1,4}\b"),
    re.compile(rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}\b(?:,?\s+\d{{4}})?", re.I),
    re.compile(rf"\b{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?:,?\s+\d{{4}})?", re.I),
)
# +44 or a leading 0, then ten (or nine) more digits with optional spaces or hyphens between.
_PHONE = re.compile(r"(?:\+44\s?(?:\(0\)\s?)?|\b0)\d(?:[\s\-]?\d){8,9}\b")
_WORD = re.compile(r"\b[A-Za-z][a-z]*(?:['\-][A-Za-z][a-z]+)*\b")
_SENTENCE_END = re.compile(r"(?:^|[.!?:;]\s*|\]\s*)$")


@cache
def common_names() -> frozenset[str]:
    path = resources.files("resources").joinpath("evaluation", "common_names.txt")
    text = path.read_text("utf-8")
    lines = (line.strip().lower() for line in text.splitlines())
    return frozenset(line for line in lines if line and not line.startswith("#"))


def _name_or_word(text: str, match: re.Match[str]) -> str:
    word = match.group(0)
    if word.lower() in common_names():
        return NAME_REMOVED
    title_case = word[0].isupper() and len(word) > 1 and not word.isupper()
    if title_case and not _SENTENCE_END.search(text[: match.start()]):
        return NAME_REMOVED
    return word


def redact(text: str) -> str:
    """The comment as it will be stored: same words, identifying details replaced."""
    text = _EMAIL.sub(EMAIL_REMOVED, text)
    for pattern in _DATES:
        text = pattern.sub(DATE_REMOVED, text)
    text = _PHONE.sub(PHONE_REMOVED, text)
    return _WORD.sub(lambda m: _name_or_word(text, m), text)
