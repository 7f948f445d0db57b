"""England and Wales bank holidays, Easter, London time and the line's staffed periods."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from supportline.calendar_uk import (
    LONDON,
    bank_holidays,
    easter_sunday,
    is_bank_holiday,
    is_staffed,
    is_working_day,
    next_staffed_start,
    parse_hhmm,
    to_local,
)

OPENS, CLOSES = time(8, 30), time(17, 0)


def _days(year: int, *day_months: tuple[int, int]) -> set[date]:
    return {date(year, month, day) for day, month in day_months}


# Copied by hand from https://www.gov.uk/bank-holidays (England and Wales), 2020 to 2027.
GOV_UK = {
    2020: _days(2020, (1, 1), (10, 4), (13, 4), (8, 5), (25, 5), (31, 8), (25, 12), (28, 12)),
    2021: _days(2021, (1, 1), (2, 4), (5, 4), (3, 5), (31, 5), (30, 8), (27, 12), (28, 12)),
    2022: _days(
        2022, (3, 1), (15, 4), (18, 4), (2, 5), (2, 6), (3, 6), (29, 8), (19, 9), (26, 12), (27, 12)
    ),
    2023: _days(
        2023, (2, 1), (7, 4), (10, 4), (1, 5), (8, 5), (29, 5), (28, 8), (25, 12), (26, 12)
    ),
    2024: _days(2024, (1, 1), (29, 3), (1, 4), (6, 5), (27, 5), (26, 8), (25, 12), (26, 12)),
    2025: _days(2025, (1, 1), (18, 4), (21, 4), (5, 5), (26, 5), (25, 8), (25, 12), (26, 12)),
    2026: _days(2026, (1, 1), (3, 4), (6, 4), (4, 5), (25, 5), (31, 8), (25, 12), (28, 12)),
    2027: _days(2027, (1, 1), (26, 3), (29, 3), (3, 5), (31, 5), (30, 8), (27, 12), (28, 12)),
}


@pytest.mark.parametrize("year", sorted(GOV_UK))
def test_bank_holidays_match_the_published_gov_uk_list(year: int) -> None:
    assert set(bank_holidays(year)) == GOV_UK[year]


@pytest.mark.parametrize(
    ("year", "easter"),
    [
        (1961, date(1961, 4, 2)),
        (2000, date(2000, 4, 23)),
        (2008, date(2008, 3, 23)),  # early
        (2011, date(2011, 4, 24)),  # late
        (2019, date(2019, 4, 21)),
        (2024, date(2024, 3, 31)),
        (2025, date(2025, 4, 20)),
        (2038, date(2038, 4, 25)),  # latest possible
        (2285, date(2285, 3, 22)),  # earliest possible
    ],
)
def test_easter_sunday(year: int, easter: date) -> None:
    assert easter_sunday(year) == easter
    assert easter_sunday(year).weekday() == 6


def test_working_days_exclude_weekends_holidays_and_closures() -> None:
    assert is_working_day(date(2026, 12, 24))  # Thursday
    assert not is_working_day(date(2026, 12, 25))  # Christmas
    assert not is_working_day(date(2026, 12, 26))  # Saturday
    assert not is_working_day(date(2026, 12, 28))  # substitute Boxing Day
    assert is_working_day(date(2026, 12, 29))
    assert not is_working_day(date(2026, 12, 29), closures=[date(2026, 12, 29)])
    assert is_bank_holiday(date(2026, 4, 6)) and not is_bank_holiday(date(2026, 4, 7))


def test_is_staffed_uses_london_wall_clock() -> None:
    # 1 July 2026 (BST): 07:30 UTC is 08:30 London, open; 07:29 UTC is closed.
    assert is_staffed(datetime(2026, 7, 1, 7, 30, tzinfo=UTC), OPENS, CLOSES)
    assert not is_staffed(datetime(2026, 7, 1, 7, 29, tzinfo=UTC), OPENS, CLOSES)
    # 15:59 UTC is 16:59 BST: still open; 16:00 UTC is 17:00 BST: closed.
    assert is_staffed(datetime(2026, 7, 1, 15, 59, tzinfo=UTC), OPENS, CLOSES)
    assert not is_staffed(datetime(2026, 7, 1, 16, 0, tzinfo=UTC), OPENS, CLOSES)
    # In winter London is UTC.
    assert not is_staffed(datetime(2026, 1, 7, 8, 29, tzinfo=UTC), OPENS, CLOSES)
    assert is_staffed(datetime(2026, 1, 7, 8, 30, tzinfo=UTC), OPENS, CLOSES)


def test_naive_datetimes_are_refused() -> None:
    with pytest.raises(ValueError):
        to_local(datetime(2026, 1, 1, 12, 0))


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        # Friday 17:30 GMT -> Monday 08:30.
        (datetime(2026, 11, 27, 17, 30, tzinfo=UTC), datetime(2026, 11, 30, 8, 30, tzinfo=UTC)),
        # Saturday morning -> Monday.
        (datetime(2026, 11, 28, 9, 0, tzinfo=UTC), datetime(2026, 11, 30, 8, 30, tzinfo=UTC)),
        # Early on a weekday -> the same day.
        (datetime(2026, 11, 25, 6, 0, tzinfo=UTC), datetime(2026, 11, 25, 8, 30, tzinfo=UTC)),
        # Exactly at closing time -> the next day.
        (datetime(2026, 11, 25, 17, 0, tzinfo=UTC), datetime(2026, 11, 26, 8, 30, tzinfo=UTC)),
        # Thursday 24 Dec 2026 18:00 -> Tuesday 29 Dec (25th and substitute 28th are holidays).
        (datetime(2026, 12, 24, 18, 0, tzinfo=UTC), datetime(2026, 12, 29, 8, 30, tzinfo=UTC)),
        # Maundy Thursday 2026 evening -> Tuesday after Easter Monday.
        (datetime(2026, 4, 2, 18, 0, tzinfo=UTC), datetime(2026, 4, 7, 7, 30, tzinfo=UTC)),
        # Summer: due at 08:30 BST, which is 07:30 UTC.
        (datetime(2026, 7, 3, 16, 30, tzinfo=UTC), datetime(2026, 7, 6, 7, 30, tzinfo=UTC)),
        # Across the spring clock change: Fri 27 Mar 2026 (GMT) -> Mon 30 Mar (BST).
        (datetime(2026, 3, 27, 20, 0, tzinfo=UTC), datetime(2026, 3, 30, 7, 30, tzinfo=UTC)),
        # Across the autumn clock change: Fri 23 Oct 2026 (BST) -> Mon 26 Oct (GMT).
        (datetime(2026, 10, 23, 19, 0, tzinfo=UTC), datetime(2026, 10, 26, 8, 30, tzinfo=UTC)),
    ],
)
def test_next_staffed_start(moment: datetime, expected: datetime) -> None:
    due = next_staffed_start(moment, OPENS, CLOSES)
    assert due == expected
    assert to_local(due).time() == OPENS
    assert is_staffed(due, OPENS, CLOSES)


def test_next_staffed_start_is_now_when_staffed() -> None:
    moment = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
    assert next_staffed_start(moment, OPENS, CLOSES) == moment


def test_next_staffed_start_skips_service_closures() -> None:
    moment = datetime(2026, 11, 27, 17, 30, tzinfo=UTC)
    due = next_staffed_start(moment, OPENS, CLOSES, closures=[date(2026, 11, 30)])
    assert due == datetime(2026, 12, 1, 8, 30, tzinfo=UTC)


def test_local_evening_just_after_midnight_utc_is_still_the_previous_local_day() -> None:
    # 23:30 UTC on Sunday 5 July 2026 is 00:30 BST on Monday: staffed from 08:30 that Monday.
    due = next_staffed_start(datetime(2026, 7, 5, 23, 30, tzinfo=UTC), OPENS, CLOSES)
    assert due.astimezone(LONDON) == datetime(2026, 7, 6, 8, 30, tzinfo=LONDON)


def test_parse_hhmm() -> None:
    assert parse_hhmm("08:30") == time(8, 30)
    assert parse_hhmm("17:05") == time(17, 5)
