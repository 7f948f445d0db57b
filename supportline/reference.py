"""Reference data shipped in ``resources/reference``: postcode districts, venues, organisations,
job roles and presenting issues.

Each loader reads its CSV once (``functools.cache``) and returns frozen dataclasses, so callers
may share the results freely. See ``resources/reference/SOURCES.md`` for where the data comes
from and how precise it is.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from types import MappingProxyType

from supportline.errors import SupportLineError
from supportline.validation import normalise_postcode, normalise_postcode_district

__all__ = [
    "KENT_DISTRICTS",
    "BadHours",
    "JobRole",
    "Organisation",
    "PostcodeDistrict",
    "PresentingIssue",
    "ReferenceDataError",
    "Venue",
    "centroid_for",
    "district_of",
    "haversine_km",
    "job_roles",
    "organisations",
    "parse_hours",
    "postcode_districts",
    "presenting_issues",
    "venues",
]

KENT_DISTRICTS: tuple[str, ...] = (
    "Ashford",
    "Canterbury",
    "Dartford",
    "Dover",
    "Folkestone and Hythe",
    "Gravesham",
    "Maidstone",
    "Sevenoaks",
    "Swale",
    "Thanet",
    "Tonbridge and Malling",
    "Tunbridge Wells",
    "Medway",
)

ORGANISATION_GROUPS: tuple[str, ...] = ("kcc", "school", "other")
SCHOOL_PHASES: tuple[str, ...] = ("early_years", "primary", "secondary", "special")
JOB_FAMILIES: tuple[str, ...] = (
    "senior_leadership",
    "teaching_professional",
    "support_admin",
    "frontline",
)
ISSUE_CATEGORIES: tuple[str, ...] = (
    "work",
    "mood",
    "relationships",
    "bereavement",
    "health",
    "trauma",
    "other",
)

WEEKDAYS: tuple[str, ...] = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")

# Mean Earth radius (IUGG); the error of a spherical model is well under 0.5 % at Kent's scale.
EARTH_RADIUS_KM = 6371.0088


class BadHours(SupportLineError, ValueError):
    """An opening-hours string does not follow ``Mon 09:00-17:00;Tue ...``."""

    code = "bad_hours"

    def __init__(self, reason: str, text: str = "") -> None:
        super().__init__(f"{reason}: {text!r}" if text else reason)
        self.reason = reason
        self.text = text


class ReferenceDataError(SupportLineError, ValueError):
    """A shipped reference file is malformed (a packaging or editing mistake)."""

    code = "reference_data"

    def __init__(self, resource: str, line: int, reason: str) -> None:
        super().__init__(f"{resource}:{line}: {reason}")
        self.resource = resource
        self.line = line
        self.reason = reason


@dataclass(frozen=True)
class PostcodeDistrict:
    district: str
    lat: float
    lon: float
    local_authority: str


@dataclass(frozen=True)
class Venue:
    code: str
    name: str
    address: str
    town: str
    postcode: str
    district: str
    lat: float
    lon: float
    rooms: tuple[str, ...]
    step_free: bool
    hearing_loop: bool
    parking: bool
    # Read-only mapping (weekday 0=Mon -> (opens, closes)); excluded from hashing because
    # mappings are unhashable.
    hours: Mapping[int, tuple[dt.time, dt.time]] = field(hash=False, compare=True)

    @property
    def postcode_district(self) -> str:
        return self.postcode.split(" ")[0]

    def is_open(self, when: dt.datetime) -> bool:
        span = self.hours.get(when.weekday())
        return span is not None and span[0] <= when.time() < span[1]


@dataclass(frozen=True)
class Organisation:
    name: str
    group: str
    phase: str | None
    directorate: str | None


@dataclass(frozen=True)
class JobRole:
    role: str
    family: str


@dataclass(frozen=True)
class PresentingIssue:
    code: str
    label: str
    category: str


# --- helpers ----------------------------------------------------------------------------------


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres between two WGS84 points."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    d_phi = phi2 - phi1
    d_lambda = math.radians(lon2 - lon1)
    h = math.sin(d_phi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(d_lambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def district_of(postcode: str) -> str:
    """Outward code of a postcode (``"me19 4ab"`` -> ``"ME19"``); an outward code alone is
    accepted too. Raises :class:`supportline.validation.InvalidInput` if it is not a postcode."""
    return normalise_postcode_district(postcode)


def centroid_for(postcode: str) -> PostcodeDistrict | None:
    """The centroid of the postcode's district, or ``None`` outside Kent and Medway."""
    return postcode_districts().get(district_of(postcode))


def _parse_time(text: str, whole: str) -> dt.time:
    hours, sep, minutes = text.partition(":")
    if (
        not sep
        or len(hours) != 2
        or len(minutes) != 2
        or not (hours.isascii() and hours.isdigit() and minutes.isascii() and minutes.isdigit())
    ):
        raise BadHours("time_format", whole)
    try:
        return dt.time(int(hours), int(minutes))
    except ValueError:
        raise BadHours("time_range", whole) from None


def parse_hours(text: str) -> dict[int, tuple[dt.time, dt.time]]:
    """Parse ``"Mon 09:00-17:00;Tue 09:00-20:00"`` into ``{0: (09:00, 17:00), 1: ...}``.

    Days may come in any order but not twice; each span must close after it opens.
    """
    entries = [entry.strip() for entry in (text or "").split(";")]
    if not any(entries):
        raise BadHours("empty", text)
    result: dict[int, tuple[dt.time, dt.time]] = {}
    for entry in entries:
        if not entry:
            continue  # tolerate a trailing ";"
        day, _, span = entry.partition(" ")
        day_key = day.strip().title()
        if day_key not in WEEKDAYS:
            raise BadHours("unknown_day", text)
        weekday = WEEKDAYS.index(day_key)
        if weekday in result:
            raise BadHours("duplicate_day", text)
        opens_text, dash, closes_text = span.strip().partition("-")
        if not dash:
            raise BadHours("time_format", text)
        opens = _parse_time(opens_text.strip(), text)
        closes = _parse_time(closes_text.strip(), text)
        if closes <= opens:
            raise BadHours("closes_before_opens", text)
        result[weekday] = (opens, closes)
    return dict(sorted(result.items()))


def _rows(filename: str) -> Iterator[tuple[int, dict[str, str]]]:
    text = (files("resources") / "reference" / filename).read_text(encoding="utf-8")
    reader = csv.DictReader(io.StringIO(text))
    for row in reader:
        if None in row or any(value is None for value in row.values()):
            raise ReferenceDataError(filename, reader.line_num, "column_count")
        yield reader.line_num, {key: value.strip() for key, value in row.items()}


def _float(filename: str, line: int, value: str) -> float:
    try:
        return float(value)
    except ValueError:
        raise ReferenceDataError(filename, line, "number") from None


def _flag(filename: str, line: int, value: str) -> bool:
    if value not in {"yes", "no"}:
        raise ReferenceDataError(filename, line, "yes_no")
    return value == "yes"


def _one_of(filename: str, line: int, value: str, allowed: tuple[str, ...]) -> str:
    if value not in allowed:
        raise ReferenceDataError(filename, line, "unknown_value")
    return value


# --- loaders ----------------------------------------------------------------------------------


@cache
def postcode_districts() -> dict[str, PostcodeDistrict]:
    """Kent and Medway postcode districts keyed by outward code (``"ME19"``).

    Cached and shared: treat the returned dict as read-only.
    """
    name = "postcode_districts.csv"
    result: dict[str, PostcodeDistrict] = {}
    for line, row in _rows(name):
        district = row["district"].upper()
        if district in result:
            raise ReferenceDataError(name, line, "duplicate")
        result[district] = PostcodeDistrict(
            district=district,
            lat=_float(name, line, row["lat"]),
            lon=_float(name, line, row["lon"]),
            local_authority=_one_of(name, line, row["local_authority"], KENT_DISTRICTS),
        )
    return result


@cache
def venues() -> list[Venue]:
    """Counselling venues in file order. Cached and shared: treat the list as read-only."""
    name = "venues.csv"
    result: list[Venue] = []
    seen: set[str] = set()
    for line, row in _rows(name):
        code = row["code"]
        if not code or code in seen:
            raise ReferenceDataError(name, line, "duplicate")
        seen.add(code)
        try:
            postcode = normalise_postcode(row["postcode"])
        except ValueError:
            raise ReferenceDataError(name, line, "postcode") from None
        try:
            hours = parse_hours(row["hours"])
        except BadHours:
            raise ReferenceDataError(name, line, "hours") from None
        rooms = tuple(room.strip() for room in row["rooms"].split("|") if room.strip())
        if not rooms:
            raise ReferenceDataError(name, line, "rooms")
        result.append(
            Venue(
                code=code,
                name=row["name"],
                address=row["address"],
                town=row["town"],
                postcode=postcode,
                district=_one_of(name, line, row["district"], KENT_DISTRICTS),
                lat=_float(name, line, row["lat"]),
                lon=_float(name, line, row["lon"]),
                rooms=rooms,
                step_free=_flag(name, line, row["step_free"]),
                hearing_loop=_flag(name, line, row["hearing_loop"]),
                parking=_flag(name, line, row["parking"]),
                hours=MappingProxyType(hours),
            )
        )
    return result


@cache
def organisations() -> list[Organisation]:
    """Client organisations: KCC directorates, schools and other Kent employers."""
    name = "organisations.csv"
    result: list[Organisation] = []
    for line, row in _rows(name):
        group = _one_of(name, line, row["group"], ORGANISATION_GROUPS)
        phase = row["phase"] or None
        directorate = row["directorate"] or None
        if (group == "school") != (phase is not None):
            raise ReferenceDataError(name, line, "phase")
        if phase is not None:
            _one_of(name, line, phase, SCHOOL_PHASES)
        if (group == "kcc") != (directorate is not None):
            raise ReferenceDataError(name, line, "directorate")
        result.append(Organisation(row["name"], group, phase, directorate))
    return result


@cache
def job_roles() -> list[JobRole]:
    name = "job_roles.csv"
    return [
        JobRole(row["role"], _one_of(name, line, row["family"], JOB_FAMILIES))
        for line, row in _rows(name)
    ]


@cache
def presenting_issues() -> list[PresentingIssue]:
    name = "presenting_issues.csv"
    return [
        PresentingIssue(
            row["code"], row["label"], _one_of(name, line, row["category"], ISSUE_CATEGORIES)
        )
        for line, row in _rows(name)
    ]
