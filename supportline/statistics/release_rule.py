"""When a period may be released.

Releasing records a table in the release register and freezes its quarters for ever: records for
a frozen quarter that reach statistics afterwards count in the next open quarter (late data,
:func:`.store.open_quarter`). So a period is released only once

1. it has ended: its last day (in Europe/London) is over, so nothing more can happen in it; and
2. the statistics were brought up to date on a later day: the outbox was drained after the end,
   so every record sealed during the period (a session, a closure, a form keyed in) had its
   chance to count in it rather than be pushed into the next one by the freeze.

There is no further waiting time: records that are sealed after that drain (an attendance
recorded weeks late, say) are the late data the freezing rule is for.
"""

from __future__ import annotations

import calendar
from datetime import date
from typing import TYPE_CHECKING

from ..errors import PeriodNotEnded, PeriodNotReleasable, PeriodNotUpToDate, PeriodStillOpen

if TYPE_CHECKING:
    from .catalogue import Period


def last_day(period: Period) -> date:
    """The period's last day: 30 September 2026 for 2026Q3, 31 March 2027 for FY2026."""
    last = period.quarters[-1]
    year, month = int(last[:4]), 3 * int(last[-1])
    return date(year, month, calendar.monthrange(year, month)[1])


def release_blocker(
    period: Period, today: date, drained_on: date | None
) -> PeriodNotReleasable | None:
    """Why ``period`` cannot be released ``today``, or ``None`` when it can."""
    ends = last_day(period)
    if today <= ends:
        return PeriodNotEnded(period.code, ends)
    if drained_on is None or drained_on <= ends:
        return PeriodNotUpToDate(period.code, ends, drained_on)
    return None


def require_ended(period: Period, today: date) -> None:
    """Refuse (:class:`PeriodStillOpen`) any output that leaves the app (an export, a printed
    report) for a period whose last day is today or still to come."""
    ends = last_day(period)
    if today <= ends:
        raise PeriodStillOpen(period.code, ends)
