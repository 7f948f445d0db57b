"""The counsellor's calendar export: valid RFC 5545, times right across both clock changes, and
nothing in it that identifies a client.

The file is read back with a small strict parser written here (not the exporter's own code):
CRLF only, physical lines at most 75 octets, folding undone, properties split at the first
unquoted colon, TEXT values unescaped.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from supportline.db import schema
from supportline.documents.calendar_ics import (
    CalendarEvent,
    escape_text,
    render_calendar,
)
from supportline.errors import PermissionDenied
from supportline.services.diary import DiaryService, InvalidDiaryRequest
from supportline.session import Session, unlock
from tests.core.test_diary import (
    DECLINED_FIRST,
    DECLINED_LAST,
    DECLINED_REFERENCE,
    FIRST,
    LAST,
    OTHER_COUNSELLOR,
    OWN_COUNSELLOR,
    PASSWORD,
    REFERENCE,
    ROOM_NAME,
    VENUE_NAME,
    Seeded,
    make_store,
)

YEAR = (date(2026, 1, 1), date(2026, 12, 31))


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Seeded]:
    path = tmp_path_factory.mktemp("ics") / "data"
    return path, make_store(path)


@pytest.fixture
def sign_in(store: tuple[Path, Seeded]) -> Iterator[object]:
    opened: list[Session] = []

    def open_as(username: str) -> Session:
        session = unlock(store[0], username, PASSWORD)
        session.clock = lambda: datetime(2026, 2, 1, 12, 30, 15, tzinfo=UTC)
        opened.append(session)
        return session

    yield open_as
    for session in opened:
        session.close()


# -- an independent, strict reader -----------------------------------------------------------------


def physical_lines(data: bytes) -> list[bytes]:
    assert data.endswith(b"\r\n")
    lines = data[:-2].split(b"\r\n")
    for line in lines:
        assert b"\n" not in line and b"\r" not in line, line  # no bare LF or CR anywhere
        assert len(line) <= 75, (len(line), line)
        line.decode("utf-8")  # a fold never splits a character
    return lines


def unfold(data: bytes) -> list[str]:
    logical: list[bytes] = []
    for line in physical_lines(data):
        if line.startswith((b" ", b"\t")):
            assert logical, "continuation before any line"
            logical[-1] += line[1:]
        else:
            logical.append(line)
    return [line.decode("utf-8") for line in logical]


def unescape(value: str) -> str:
    out, chars = [], iter(value)
    for char in chars:
        if char != "\\":
            assert char not in ",;", f"unescaped {char!r} in TEXT {value!r}"
            out.append(char)
            continue
        nxt = next(chars)
        out.append({"n": "\n", "N": "\n", "\\": "\\", ";": ";", ",": ","}[nxt])
    return "".join(out)


def parse(data: bytes) -> tuple[dict[str, str], list[dict[str, str]]]:
    """The calendar's own properties, and each event's properties (names unique per event)."""
    lines = unfold(data)
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
    calendar: dict[str, str] = {}
    events: list[dict[str, str]] = []
    current: dict[str, str] | None = None
    for line in lines[1:-1]:
        name, sep, value = line.partition(":")
        assert sep and re.fullmatch(r"[A-Z][A-Z0-9-]*", name), line
        if line == "BEGIN:VEVENT":
            assert current is None
            current = {}
        elif line == "END:VEVENT":
            assert current is not None
            events.append(current)
            current = None
        else:
            target = calendar if current is None else current
            assert name not in target, f"repeated {name}"
            target[name] = value
    assert current is None
    return calendar, events


def utc(value: str) -> datetime:
    assert re.fullmatch(r"\d{8}T\d{6}Z", value), value
    return datetime.strptime(value, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)


# -- the export ------------------------------------------------------------------------------------


def test_export_is_a_valid_calendar_with_one_event_per_active_appointment(
    sign_in, store: tuple[Path, Seeded]
) -> None:
    seeded = store[1]
    session = sign_in("counsellor")
    data = DiaryService(session).calendar_export(OWN_COUNSELLOR, *YEAR)
    calendar, events = parse(data)
    assert calendar["VERSION"] == "2.0"
    assert calendar["PRODID"] and calendar["CALSCALE"] == "GREGORIAN"

    a = schema.appointments.c
    with session.case.connect() as conn:
        expected = set(
            conn.execute(
                select(a.id).where(
                    a.counsellor_id == OWN_COUNSELLOR,
                    a.status.in_(("booked", "attended", "dna")),
                    a.starts_at >= datetime(2026, 1, 1, tzinfo=UTC),
                    a.starts_at < datetime(2027, 1, 1, tzinfo=UTC),
                )
            ).scalars()
        )
    uids = [event["UID"] for event in events]
    assert len(set(uids)) == len(uids)
    assert {int(re.fullmatch(r"appointment-(\d+)@supportline\.invalid", u)[1]) for u in uids} == (
        expected
    )
    assert seeded.cancelled not in expected and seeded.other not in expected
    for event in events:
        assert utc(event["DTSTAMP"]) == datetime(2026, 2, 1, 12, 30, 15, tzinfo=UTC)
        assert utc(event["DTEND"]) > utc(event["DTSTART"])
        assert unescape(event["SUMMARY"]) in {"Assessment", "Counselling session"}
        assert unescape(event["LOCATION"]) == f"{VENUE_NAME}, {ROOM_NAME}"
    # Commas and semicolons in the venue and room names arrive escaped.
    assert r"Oak & Ash Centre\; East Wing\, Room 1\, Blue" in "".join(unfold(data))


def test_utc_times_are_right_on_both_sides_of_both_clock_changes(
    sign_in, store: tuple[Path, Seeded]
) -> None:
    seeded = store[1]
    _, events = parse(DiaryService(sign_in("counsellor")).calendar_export(OWN_COUNSELLOR, *YEAR))
    by_id = {int(e["UID"].split("-")[1].split("@")[0]): e for e in events}
    expected = {
        seeded.assessment: ("20260312T100000Z", "20260312T110000Z", "Assessment"),
        seeded.series[1]: ("20260326T100000Z", "20260326T105000Z", "Counselling session"),
        seeded.series[2]: ("20260402T090000Z", "20260402T095000Z", "Counselling session"),
        seeded.autumn[0]: ("20261022T090000Z", "20261022T095000Z", "Counselling session"),
        seeded.autumn[1]: ("20261029T100000Z", "20261029T105000Z", "Counselling session"),
    }
    for appointment_id, (start, end, summary) in expected.items():
        event = by_id[appointment_id]
        assert (event["DTSTART"], event["DTEND"], event["SUMMARY"]) == (start, end, summary)


def test_nothing_in_the_file_identifies_a_client(sign_in, store: tuple[Path, Seeded]) -> None:
    session = sign_in("admin")
    exports = [
        DiaryService(session).calendar_export(counsellor, *YEAR)
        for counsellor in (OWN_COUNSELLOR, OTHER_COUNSELLOR)
    ]
    # Every client of either counsellor, from the demo history and the seeded rows.
    a, cl = schema.appointments.c, schema.clients.c
    with session.case.connect() as conn:
        clients = conn.execute(
            select(cl.first_name, cl.last_name, cl.reference, cl.phone, cl.home_postcode)
            .where(
                cl.id.in_(
                    select(a.client_id).where(
                        a.counsellor_id.in_((OWN_COUNSELLOR, OTHER_COUNSELLOR))
                    )
                )
            )
            .distinct()
        ).all()
    assert len(clients) > 5
    unfolded = "\n".join(line for data in exports for line in unfold(data)).lower()
    raw = b"".join(exports).decode("utf-8").lower()
    markers = {FIRST, LAST, REFERENCE, DECLINED_FIRST, DECLINED_LAST, DECLINED_REFERENCE}
    for first, last, reference, phone, postcode in clients:
        markers |= {first, last, reference, phone or "", postcode or ""}
    for marker in filter(None, markers):
        # Whole words: a short first name such as "Ian" is inside "GREGORIAN".
        word = re.compile(rf"(?<![a-z0-9]){re.escape(marker.lower())}(?![a-z0-9])")
        assert not word.search(raw) and not word.search(unfolded), marker
    # Initials could hide in any two letters, so look where they could be meant: no property
    # beyond the known ones, and no initials in the free-text values.
    for event in [event for data in exports for event in parse(data)[1]]:
        for initials in ("MQ", "PT"):
            assert initials not in event["SUMMARY"] + event["LOCATION"]
        assert set(event) <= {
            "UID",
            "DTSTAMP",
            "DTSTART",
            "DTEND",
            "SUMMARY",
            "LOCATION",
            "CLASS",
            "TRANSP",
        }


def test_export_is_audited_by_counsellor_id_only(sign_in) -> None:
    session = sign_in("counsellor")
    DiaryService(session).calendar_export(OWN_COUNSELLOR, *YEAR)
    c = schema.case_audit.c
    with session.case.connect() as conn:
        row = conn.execute(
            select(c.actor, c.action, c.record_type, c.record_id).order_by(c.seq.desc()).limit(1)
        ).one()
    assert tuple(row) == ("counsellor", "data.exported", "counsellor", str(OWN_COUNSELLOR))


def test_a_counsellor_exports_only_their_own_diary(sign_in) -> None:
    with pytest.raises(PermissionDenied):
        DiaryService(sign_in("counsellor")).calendar_export(OTHER_COUNSELLOR, *YEAR)


def test_call_handlers_and_managers_cannot_export(sign_in) -> None:
    for username in ("handler", "manager"):
        with pytest.raises(PermissionDenied):
            DiaryService(sign_in(username)).calendar_export(OWN_COUNSELLOR, *YEAR)


def test_administrators_may_export_any_counsellor(sign_in, store: tuple[Path, Seeded]) -> None:
    _, events = parse(DiaryService(sign_in("admin")).calendar_export(OTHER_COUNSELLOR, *YEAR))
    assert f"appointment-{store[1].other}@supportline.invalid" in {e["UID"] for e in events}


def test_ranges_are_checked(sign_in) -> None:
    service = DiaryService(sign_in("counsellor"))
    with pytest.raises(InvalidDiaryRequest) as backwards:
        service.calendar_export(OWN_COUNSELLOR, date(2026, 3, 2), date(2026, 3, 1))
    assert backwards.value.reason == "bad_range"
    with pytest.raises(InvalidDiaryRequest) as too_long:
        service.calendar_export(OWN_COUNSELLOR, date(2026, 1, 1), date(2028, 1, 1))
    assert too_long.value.reason == "range_too_long"


def test_end_date_is_included_and_start_date_is_local_midnight(
    sign_in, store: tuple[Path, Seeded]
) -> None:
    seeded = store[1]
    service = DiaryService(sign_in("counsellor"))
    _, events = parse(service.calendar_export(OWN_COUNSELLOR, date(2026, 4, 2), date(2026, 4, 9)))
    assert {e["UID"] for e in events} == {
        f"appointment-{seeded.series[2]}@supportline.invalid",
        f"appointment-{seeded.series[3]}@supportline.invalid",
    }


# -- the writer on its own -------------------------------------------------------------------------


def test_escaping_of_text_values() -> None:
    assert escape_text("a\\b;c,d\ne\r\nf") == "a\\\\b\\;c\\,d\\ne\\nf"
    assert escape_text("bell\x07here") == "bell here"
    assert unescape(escape_text("Room 3; back, left\\right\nline")) == (
        "Room 3; back, left\\right\nline"
    )


def test_long_multibyte_lines_fold_at_75_octets_without_splitting_characters() -> None:
    location = "Ünïcødé Çentre – Ŵelsh Ŷard, " * 12
    start = datetime(2026, 7, 1, 9, tzinfo=UTC)
    data = render_calendar(
        [CalendarEvent(42, start, start + timedelta(minutes=50), "Counselling session", location)],
        stamp=start,
    )
    lines = physical_lines(data)  # asserts <= 75 octets and whole UTF-8 characters per line
    assert any(line.startswith(b" ") for line in lines)
    assert max(len(line) for line in lines) >= 70  # folded near the limit, not needlessly short
    _, events = parse(data)
    assert unescape(events[0]["LOCATION"]) == location
    assert events[0]["UID"] == "appointment-42@supportline.invalid"
