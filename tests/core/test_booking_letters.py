"""Appointment letters: what they say, to whom, and who may print them.

Read back with pypdf. The store is the demo store with seeded rows (see ``test_diary``); the
cancellation and move go through the real booking service.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import func, insert, select

from supportline.db import schema
from supportline.documents.booking_letters import (
    LetterAppointment,
    LetterNotApplicable,
    confirmation_letter,
    series_letter,
)
from supportline.documents.letters import LettersDeclined, long_when
from supportline.errors import PermissionDenied
from supportline.services.booking import BookingService
from supportline.services.clients import ClientInput, ClientRecord
from supportline.services.letters import LetterService
from supportline.services.venues import VenueInfo
from supportline.session import Session, unlock
from tests.core.test_diary import (
    FIRST,
    LAST,
    OWN_COUNSELLOR,
    PASSWORD,
    REFERENCE,
    VENUE_NAME,
    Seeded,
    at,
    make_store,
)

CLOCK = datetime(2026, 3, 2, 9, tzinfo=UTC)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Seeded]:
    path = tmp_path_factory.mktemp("letters") / "data"
    seeded = make_store(path)
    # Opening hours and the counsellor's Thursdays at the seeded venue, so the real booking
    # service can move appointments there.
    admin = unlock(path, "admin", PASSWORD)
    try:
        with admin.case_tx() as conn:
            conn.execute(
                insert(schema.venue_hours),
                [
                    {
                        "venue_id": seeded.venue_id,
                        "weekday": d,
                        "opens": time(8),
                        "closes": time(20),
                    }
                    for d in range(5)
                ],
            )
            conn.execute(
                insert(schema.counsellor_availability).values(
                    counsellor_id=OWN_COUNSELLOR,
                    venue_id=seeded.venue_id,
                    weekday=3,
                    starts=time(9),
                    ends=time(17),
                )
            )
    finally:
        admin.close()
    return path, seeded


@pytest.fixture
def seeded(store: tuple[Path, Seeded]) -> Seeded:
    return store[1]


@pytest.fixture
def sign_in(store: tuple[Path, Seeded]) -> Iterator[object]:
    opened: list[Session] = []

    def open_as(username: str) -> Session:
        session = unlock(store[0], username, PASSWORD)
        session.clock = lambda: CLOCK
        opened.append(session)
        return session

    yield open_as
    for session in opened:
        session.close()


def text_of(pdf: bytes) -> str:
    """The PDF's text with every run of white space as one space (cells wrap their lines)."""
    pages = PdfReader(io.BytesIO(pdf)).pages
    return " ".join(" ".join(page.extract_text() for page in pages).split())


def printed(session: Session) -> list[tuple[str, str, str]]:
    a = schema.case_audit.c
    with session.case.connect() as conn:
        return [
            tuple(row)
            for row in conn.execute(
                select(a.actor, a.record_type, a.record_id)
                .where(a.action == "document.printed")
                .order_by(a.seq)
            )
        ]


def assert_venue_block(text: str) -> None:
    assert VENUE_NAME in text
    assert "1 High Street" in text and "Upper Floor" in text
    assert "Tonbridge" in text and "TN9 1AA" in text
    assert "Step-free access, hearing loop, no parking." in text


def assert_addressed_privately(text: str) -> None:
    assert "PRIVATE AND CONFIDENTIAL" in text and "Private and Confidential" in text
    assert f"{FIRST} {LAST}" in text and "12 Demo Street" in text and "ME14 1XQ" in text
    assert "Park House" in text and REFERENCE in text
    assert "2 March 2026" in text  # the letter's date, from the session's clock


# -- through the service ---------------------------------------------------------------------------


def test_confirmation_says_when_and_where_in_london_time(sign_in, seeded: Seeded) -> None:
    session = sign_in("handler")
    filename, pdf = LetterService(session).confirmation(seeded.series[2])
    text = text_of(pdf)
    assert_addressed_privately(text)
    assert_venue_block(text)
    assert "Thursday 2 April 2026 at 10:00" in text  # 09:00 UTC, in summer time
    assert "(until 10:50)" in text
    assert "Room 1, Blue" in text and "counselling session" in text
    assert "at least 24 hours before" in text
    assert filename == f"appointment-{seeded.series[2]}-confirmation.pdf"
    assert printed(session)[-1] == ("handler", "appointment", str(seeded.series[2]))


def test_series_schedule_lists_every_booked_session(sign_in, seeded: Seeded) -> None:
    filename, pdf = LetterService(sign_in("handler")).series_schedule(seeded.series[1])
    text = text_of(pdf)
    assert_addressed_privately(text)
    assert_venue_block(text)
    rows = [
        "2 Thursday 19 March 2026 10:00 to 10:50",
        "3 Thursday 26 March 2026 10:00 to 10:50",
        "4 Thursday 2 April 2026 10:00 to 10:50",  # after the clocks went forward
        "5 Thursday 9 April 2026 10:00 to 10:50",
    ]
    for row in rows:
        assert row in text, row
    positions = [text.index(row) for row in rows]
    assert positions == sorted(positions)
    assert "following 4 counselling sessions" in text
    assert filename.endswith("-schedule.pdf") and FIRST not in filename


def test_cancellation_by_the_service_apologises(sign_in, seeded: Seeded) -> None:
    session = sign_in("handler")
    BookingService(session).cancel(seeded.autumn[1], by="service")
    _, pdf = LetterService(session).cancellation(seeded.autumn[1])
    text = text_of(pdf)
    assert_addressed_privately(text)
    assert "sorry" in text and "Thursday 29 October 2026 at 10:00" in text
    assert VENUE_NAME in text


def test_cancellation_by_the_client_confirms_it(sign_in, seeded: Seeded) -> None:
    _, pdf = LetterService(sign_in("handler")).cancellation(seeded.cancelled)
    text = text_of(pdf)
    assert "As you asked" in text and "Tuesday 24 March 2026 at 14:00" in text


def test_rescheduling_gives_the_old_and_the_new_time(sign_in, seeded: Seeded) -> None:
    session = sign_in("handler")
    # Moved by the real booking service, across the autumn clock change: 10:00 BST to 11:00 GMT.
    BookingService(session).move(seeded.autumn[0], at(date(2026, 10, 29), 11))
    _, pdf = LetterService(session).rescheduling(seeded.autumn[0])
    text = text_of(pdf)
    assert_addressed_privately(text)
    assert_venue_block(text)
    assert "Thursday 22 October 2026 at 10:00" in text  # the old time
    assert "Thursday 29 October 2026 at 11:00" in text  # the new time
    assert text.index("22 October") < text.index("29 October")


def test_rescheduling_uses_the_latest_move(sign_in, seeded: Seeded) -> None:
    _, pdf = LetterService(sign_in("handler")).rescheduling(seeded.series[3])
    text = text_of(pdf)
    assert long_when(seeded.moved_from) in text and "Wednesday 8 April 2026 at 15:00" in text
    assert "Thursday 9 April 2026 at 10:00" in text


def test_no_letter_for_a_client_who_declined_letters(sign_in, seeded: Seeded) -> None:
    session = sign_in("handler")
    before = printed(session)
    with pytest.raises(LettersDeclined) as caught:
        LetterService(session).confirmation(seeded.other)
    assert caught.value.reason == "declined" and caught.value.code == "letters_declined"
    assert printed(session) == before  # nothing was printed, so nothing is audited as printed


@pytest.mark.parametrize(
    ("method", "pick", "reason"),
    [
        ("cancellation", "booked", "not_cancelled"),
        ("confirmation", "cancelled", "not_booked"),
        ("rescheduling", "booked", "not_moved"),
        ("series_schedule", "assessment", "not_in_series"),
    ],
)
def test_letters_that_do_not_fit_the_appointment_are_refused(
    sign_in, seeded: Seeded, method: str, pick: str, reason: str
) -> None:
    target = {
        "booked": seeded.series[0],
        "cancelled": seeded.cancelled,
        "assessment": seeded.assessment,
    }[pick]
    with pytest.raises(LetterNotApplicable) as caught:
        getattr(LetterService(sign_in("handler")), method)(target)
    assert caught.value.reason == reason


@pytest.mark.parametrize("username", ["counsellor", "manager"])
def test_only_handlers_and_administrators_print_letters(sign_in, seeded, username) -> None:
    with pytest.raises(PermissionDenied):
        LetterService(sign_in(username)).confirmation(seeded.series[0])


def test_administrators_may_print(sign_in, seeded: Seeded) -> None:
    session = sign_in("admin")
    LetterService(session).confirmation(seeded.series[0])
    assert printed(session)[-1] == ("admin", "appointment", str(seeded.series[0]))


def test_the_audit_never_names_the_client(sign_in, seeded: Seeded) -> None:
    session = sign_in("handler")
    LetterService(session).confirmation(seeded.series[0])
    a = schema.case_audit.c
    with session.case.connect() as conn:
        rows = conn.execute(select(a.actor, a.action, a.record_type, a.record_id)).all()
        count = conn.execute(
            select(func.count()).where(a.action == "document.printed")
        ).scalar_one()
    assert count >= 1
    flat = " ".join(str(value) for row in rows for value in row)
    assert FIRST not in flat and LAST not in flat and "Demo Street" not in flat


# -- the pure functions ----------------------------------------------------------------------------


def _record() -> ClientRecord:
    return ClientRecord(
        id=1,
        reference="SL-000001",
        data=ClientInput(
            first_name="Zoë",
            last_name="Ångström",
            address="3 Demo Lane, Sevenoaks",
            home_postcode="TN13 1AA",
            letters_ok=True,
        ),
        organisation=None,
        risk_level="none",
        created_at=datetime(2026, 1, 1, tzinfo=UTC),
        updated_at=None,
    )


def _venue(**changes: object) -> VenueInfo:
    venue = VenueInfo(
        id=9,
        code="V9",
        name="The Old Library",
        address="Market Square",
        town="Sevenoaks",
        postcode="TN13 1AB",
        district="Sevenoaks",
        lat=51.27,
        lon=0.19,
        step_free=False,
        hearing_loop=False,
        parking=True,
        active=True,
    )
    return replace(venue, **changes)  # type: ignore[arg-type]


def _appointment(start: datetime, number: int, venue: VenueInfo | None = None) -> LetterAppointment:
    return LetterAppointment(
        appointment_id=number,
        starts_at=start,
        ends_at=start + timedelta(minutes=50),
        kind="session",
        service="coaching",
        venue=venue or _venue(),
        room_name="Room A",
        counsellor_name="Jo Larkwood",
        session_no=number,
    )


def test_a_long_series_runs_over_pages_each_marked_private() -> None:
    first = datetime(2026, 1, 5, 16, 30, tzinfo=UTC)
    items = [_appointment(first + timedelta(weeks=n), n + 1) for n in range(30)]
    items[5] = _appointment(items[5].starts_at, 6, _venue(id=10, name="Hythe Hub", town="Hythe"))
    pdf = series_letter(_record(), date(2026, 1, 2), items)
    pages = PdfReader(io.BytesIO(pdf)).pages
    assert len(pages) >= 2
    for page in pages:
        assert "Private and Confidential" in page.extract_text()
    text = text_of(pdf)
    assert "1 Monday 5 January 2026 16:30 to 17:20" in text
    assert "30 Monday 27 July 2026 17:30 to 18:20" in text  # same instant each week is 17:30 BST
    assert "Hythe Hub" in text and "The Old Library" in text  # two venues, both described
    assert "No step-free access, parking." in text


def test_dates_are_written_out_in_full() -> None:
    start = datetime(2026, 11, 23, 10, tzinfo=UTC)  # 10:00 GMT
    text = text_of(confirmation_letter(_record(), date(2026, 11, 2), _appointment(start, 1)))
    assert "Monday 23 November 2026 at 10:00" in text
    assert "coaching session" in text


def test_a_series_letter_needs_appointments() -> None:
    with pytest.raises(LetterNotApplicable):
        series_letter(_record(), date(2026, 1, 2), [])


def test_declined_before_anything_is_drawn() -> None:
    record = _record()
    declined = replace(record, data=replace(record.data, letters_ok=False))
    with pytest.raises(LettersDeclined):
        confirmation_letter(declined, date(2026, 1, 2), _appointment(CLOCK, 1))
