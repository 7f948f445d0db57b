"""England and Wales bank holidays, Europe/London time, and the line's staffed hours.

Bank holidays are computed by the rules in the Banking and Financial Dealings Act 1971 and the
annual proclamations (substitute days when a holiday falls at a weekend), with the one-off changes
proclaimed since 2012 listed explicitly. A service can add its own closure days as a setting.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")

# One-off proclamations: (moved from, moved to) and extra days.
_MOVED = {
    date(2012, 5, 28): date(2012, 6, 4),  # spring bank holiday moved for the Diamond Jubilee
    date(2020, 5, 4): date(2020, 5, 8),  # early May moved to VE Day
    date(2022, 5, 30): date(2022, 6, 2),  # spring bank holiday moved for the Platinum Jubilee
}
_EXTRA = {
    date(2012, 6, 5),  # Diamond Jubilee
    date(2022, 6, 3),  # Platinum Jubilee
    date(2022, 9, 19),  # State Funeral of Queen Elizabeth II
    date(2023, 5, 8),  # Coronation of King Charles III
}


def easter_sunday(year: int) -> date:
    """Gregorian Easter (the anonymous algorithm, "Meeus/Jones/Butcher")."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    el = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * el) // 451
    month, day = divmod(h + el - 7 * m + 114, 31)
    return date(year, month, day + 1)


def _first_monday(year: int, month: int) -> date:
    first = date(year, month, 1)
    return first + timedelta(days=(7 - first.weekday()) % 7)


def _last_monday(year: int, month: int) -> date:
    following = date(year + (month == 12), month % 12 + 1, 1)
    last = following - timedelta(days=1)
    return last - timedelta(days=last.weekday())


@cache
def bank_holidays(year: int) -> frozenset[date]:
    days: set[date] = set()
    new_year = date(year, 1, 1)
    days.add(new_year + timedelta(days={5: 2, 6: 1}.get(new_year.weekday(), 0)))
    easter = easter_sunday(year)
    days |= {easter - timedelta(days=2), easter + timedelta(days=1)}
    for fixed in (_first_monday(year, 5), _last_monday(year, 5), _last_monday(year, 8)):
        days.add(_MOVED.get(fixed, fixed))
    christmas, boxing = date(year, 12, 25), date(year, 12, 26)
    if christmas.weekday() == 5:  # Saturday: Mon 27 and Tue 28
        days |= {date(year, 12, 27), date(year, 12, 28)}
    elif christmas.weekday() == 6:  # Sunday: Boxing Day Mon 26, substitute Tue 27
        days |= {boxing, date(year, 12, 27)}
    elif christmas.weekday() == 4:  # Friday: Boxing Day Saturday, substitute Mon 28
        days |= {christmas, date(year, 12, 28)}
    else:
        days |= {christmas, boxing}
    days |= {d for d in _EXTRA if d.year == year}
    return frozenset(days)


def is_bank_holiday(day: date) -> bool:
    return day in bank_holidays(day.year)


def is_working_day(day: date, closures: Iterable[date] = ()) -> bool:
    return day.weekday() < 5 and not is_bank_holiday(day) and day not in set(closures)


def to_local(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise ValueError("naive datetime")
    return moment.astimezone(LONDON)


def local_datetime(day: date, at: time) -> datetime:
    """A wall-clock time in London as an aware datetime (fold=0 for the repeated autumn hour)."""
    return datetime.combine(day, at, tzinfo=LONDON)


def parse_hhmm(text: str) -> time:
    hours, minutes = text.split(":")
    return time(int(hours), int(minutes))


def is_staffed(moment: datetime, opens: time, closes: time, closures: Iterable[date] = ()) -> bool:
    local = to_local(moment)
    return is_working_day(local.date(), closures) and opens <= local.time() < closes


def next_staffed_start(
    moment: datetime, opens: time, closes: time, closures: Iterable[date] = ()
) -> datetime:
    """The start of the next staffed period at or after ``moment`` (itself if staffed now)."""
    closure_set = set(closures)
    if is_staffed(moment, opens, closes, closure_set):
        return moment
    local = to_local(moment)
    day = local.date()
    if local.time() >= opens:
        day += timedelta(days=1)
    while not is_working_day(day, closure_set):
        day += timedelta(days=1)
    return local_datetime(day, opens)
