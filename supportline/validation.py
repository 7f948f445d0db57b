"""UK input validation and normalisation for forms and importers.

Pure functions: each returns the canonical form of a value or raises :class:`InvalidInput` with
a machine-readable ``reason``; the words shown to a user belong to ``ui``.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from supportline.errors import SupportLineError

__all__ = [
    "InvalidInput",
    "normalise_email",
    "normalise_name",
    "normalise_phone",
    "normalise_postcode",
    "normalise_postcode_district",
    "parse_uk_date",
]


class InvalidInput(SupportLineError, ValueError):
    """A value a user typed (or an importer read) is unusable.

    ``field`` names the input, ``reason`` is a short code such as ``"postcode_format"``.
    """

    code = "invalid_input"

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason


# --- postcodes --------------------------------------------------------------------------------

# The Royal Mail grammar: the letters allowed depend on the position, and the inward code never
# uses C, I, K, M, O or V (they look like other characters when handwritten).
_A1 = "[A-PR-UWYZ]"  # first letter: not Q, V, X
_A2 = "[A-HK-Y]"  # second letter: not I, J, Z
_A3 = "[A-HJKPSTUW]"  # letter after the digit in A9A
_A4 = "[ABEHMNPRVWXY]"  # letter after the digit in AA9A
_OUTWARD = f"(?:{_A1}[0-9]{{1,2}}|{_A1}{_A2}[0-9]{{1,2}}|{_A1}[0-9]{_A3}|{_A1}{_A2}[0-9]{_A4}|GIR)"
_INWARD = "[0-9][ABD-HJLNP-UW-Z]{2}"
_POSTCODE_RE = re.compile(f"({_OUTWARD})({_INWARD})")
_OUTWARD_RE = re.compile(_OUTWARD)


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text).upper()


def normalise_postcode(text: str, *, field: str = "postcode") -> str:
    """Return a full UK postcode in canonical form, e.g. ``"me194ab"`` -> ``"ME19 4AB"``."""
    squashed = _squash(text or "")
    if not squashed:
        raise InvalidInput(field, "required")
    match = _POSTCODE_RE.fullmatch(squashed)
    if match is None:
        raise InvalidInput(field, "postcode_format")
    outward, inward = match.groups()
    if outward == "GIR" and inward != "0AA":
        raise InvalidInput(field, "postcode_format")
    return f"{outward} {inward}"


def normalise_postcode_district(text: str, *, field: str = "postcode") -> str:
    """Return the outward code (postcode district) of a full postcode or of an outward code alone.

    ``"me19 4ab"`` -> ``"ME19"``; ``" tn23 "`` -> ``"TN23"``.
    """
    squashed = _squash(text or "")
    if not squashed:
        raise InvalidInput(field, "required")
    if _OUTWARD_RE.fullmatch(squashed) and squashed != "GIR":
        return squashed
    return normalise_postcode(squashed, field=field).split(" ")[0]


# --- telephone numbers ------------------------------------------------------------------------

_PHONE_ALLOWED_RE = re.compile(r"\+?[0-9 ()\-.]+")


def _group_national(digits: str) -> str | None:
    """Group a national number (leading 0) the way Ofcom's numbering plan writes it."""
    n = len(digits)
    if n == 11:
        if digits.startswith("02"):  # 020 7946 0000
            return f"{digits[:3]} {digits[3:7]} {digits[7:]}"
        if digits.startswith("01") and (digits[3] == "1" or digits[2] == "1"):
            # 0113 496 0000 (011x) and 0121 496 0000 (01x1)
            return f"{digits[:4]} {digits[4:7]} {digits[7:]}"
        if digits.startswith(("01", "07")):  # 01732 526910, 07700 900123
            return f"{digits[:5]} {digits[5:]}"
        if digits.startswith(("03", "05", "08", "09")):  # 0300 123 4567, 0800 123 4567
            return f"{digits[:4]} {digits[4:7]} {digits[7:]}"
        return None
    if n == 10:
        # Ten digits: legacy freephone, and Brampton's 016977 xxxx. A few other areas have
        # scattered ten-digit numbers; refusing them is safer than accepting every mistyped
        # eleven-digit number one digit short.
        if digits.startswith("0800"):
            return f"{digits[:4]} {digits[4:]}"
        if digits.startswith("016977"):
            return f"{digits[:6]} {digits[6:]}"
    return None


def normalise_phone(text: str, *, field: str = "phone") -> str:
    """Return a UK telephone number in national format with standard grouping.

    Accepts ``01732 526910``, ``+44 (0)1732 526910``, ``0044 1732-526910`` and similar; rejects
    letters, other countries' numbers and wrong lengths.
    """
    stripped = (text or "").strip()
    if not stripped:
        raise InvalidInput(field, "required")
    if not _PHONE_ALLOWED_RE.fullmatch(stripped) or "+" in stripped[1:]:
        raise InvalidInput(field, "phone_format")
    international = stripped.startswith("+") or stripped.startswith("00")
    if international:
        # "+44 (0)1732 ..." is a common way to write the optional trunk prefix.
        stripped = re.sub(r"\(\s*0\s*\)", "", stripped)
    digits = re.sub(r"[^0-9]", "", stripped)
    if international:
        if stripped.startswith("+"):
            digits = "00" + digits
        if not digits.startswith("0044"):
            raise InvalidInput(field, "phone_format")
        digits = "0" + digits[4:].removeprefix("0")
    elif not digits.startswith("0"):
        raise InvalidInput(field, "phone_format")
    if digits[:2] in {"00", "04", "06"}:
        raise InvalidInput(field, "phone_format")
    grouped = _group_national(digits)
    if grouped is None:
        raise InvalidInput(field, "phone_format")
    return grouped


# --- dates ------------------------------------------------------------------------------------

_UK_DATE_RE = re.compile(r"([0-9]{1,2})([/.\-])([0-9]{1,2})\2([0-9]{4})")
_ISO_DATE_RE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_EARLIEST_YEAR = 1900


def parse_uk_date(
    text: str,
    *,
    allow_future: bool = True,
    today: dt.date | None = None,
    field: str = "date",
) -> dt.date:
    """Parse ``DD/MM/YYYY`` (also ``-`` or ``.`` separators) or ISO ``YYYY-MM-DD``.

    Two-digit years are refused: ``01/02/24`` is ambiguous for a date of birth.
    ``today`` exists so callers and tests can pin the clock for ``allow_future=False``.
    """
    stripped = (text or "").strip()
    if not stripped:
        raise InvalidInput(field, "required")
    if match := _ISO_DATE_RE.fullmatch(stripped):
        year, month, day = (int(g) for g in match.groups())
    elif match := _UK_DATE_RE.fullmatch(stripped):
        day, month, year = int(match.group(1)), int(match.group(3)), int(match.group(4))
    else:
        raise InvalidInput(field, "date_format")
    try:
        value = dt.date(year, month, day)
    except ValueError:
        raise InvalidInput(field, "date_format") from None
    if year < _EARLIEST_YEAR:
        raise InvalidInput(field, "date_range")
    if not allow_future and value > (today or dt.date.today()):
        raise InvalidInput(field, "future_date")
    return value


# --- e-mail -----------------------------------------------------------------------------------

_LOCAL_ATOM_RE = re.compile(r"[\w!#$%&'*+/=?^`{|}~\-]+")
_DOMAIN_LABEL_RE = re.compile(r"(?!-)[\w\-]{1,63}(?<!-)")


def normalise_email(text: str, *, field: str = "email") -> str:
    """Trim, lower-case the domain and check the address is plausibly deliverable.

    The local part keeps its case: RFC 5321 lets a mail server treat it as case-sensitive.
    Quoted local parts and IP-literal domains are refused; nobody types them into this form.
    """
    stripped = (text or "").strip()
    if not stripped:
        raise InvalidInput(field, "required")
    if stripped.count("@") != 1 or any(ch.isspace() for ch in stripped):
        raise InvalidInput(field, "email_format")
    local, domain = stripped.split("@")
    domain = domain.lower().removesuffix(".")
    if not local or len(local) > 64 or not domain or len(domain) > 253:
        raise InvalidInput(field, "email_format")
    if not all(_LOCAL_ATOM_RE.fullmatch(atom) for atom in local.split(".")):
        raise InvalidInput(field, "email_format")
    labels = domain.split(".")
    if len(labels) < 2 or not all(_DOMAIN_LABEL_RE.fullmatch(label) for label in labels):
        raise InvalidInput(field, "email_format")
    if "_" in domain or labels[-1].isdigit() or len(labels[-1]) < 2:
        raise InvalidInput(field, "email_format")
    return f"{local}@{domain}"


# --- personal names ---------------------------------------------------------------------------

# Typographic apostrophes are folded to ASCII so "O’Brien" and "O'Brien" match in searches.
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u02bc": "'", "\u2018": "'"})
_NAME_PUNCTUATION = frozenset("'-.\u2010")
_NAME_MAX = 100


def normalise_name(text: str, *, field: str = "name") -> str:
    """NFC-normalise, collapse whitespace and strip a personal name.

    Letters of any script, combining marks, spaces, apostrophes, hyphens and full stops are
    allowed (``"Zoë O'Brien-Łukasiewicz"``, ``"St. John"``); digits and other symbols are not.
    """
    normalised = unicodedata.normalize("NFC", text or "").translate(_APOSTROPHES)
    collapsed = " ".join(normalised.split())
    if not collapsed:
        raise InvalidInput(field, "required")
    if len(collapsed) > _NAME_MAX:
        raise InvalidInput(field, "too_long")
    for ch in collapsed:
        if ch == " " or ch in _NAME_PUNCTUATION:
            continue
        if unicodedata.category(ch)[0] not in {"L", "M"}:
            raise InvalidInput(field, "name_format")
    if not any(unicodedata.category(ch).startswith("L") for ch in collapsed):
        raise InvalidInput(field, "name_format")
    return collapsed
