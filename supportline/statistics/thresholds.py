"""The disclosure threshold in force for a period.

The threshold is the service's setting, changed only by an administrator. stats.db keeps its
history (``threshold_history``): each change applies from the quarter in progress on the day it is
made, the first quarter after the latest one that has ended. A quarter that has ended may already
have been exported, printed or released, so it keeps the threshold it had: no ended period can be
produced at two thresholds and the two versions compared. A period over several quarters (a
financial year) takes the largest threshold in force over its quarters.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import Connection, insert, select, update

from ..db import schema
from .disclosure import MIN_THRESHOLD

if TYPE_CHECKING:
    from .catalogue import Period

DEFAULT_THRESHOLD = 10
# Sorts before every real quarter: a threshold set before the history existed (stats_0005) has
# applied from the beginning.
BEGINNING = "0000Q1"


def quarter_containing(day: date) -> str:
    return f"{day.year}Q{(day.month - 1) // 3 + 1}"


def threshold_for(conn: Connection, period: Period) -> int:
    """The threshold in force for ``period``: the largest over its quarters, 10 with no history."""
    h = schema.threshold_history.c
    history = conn.execute(select(h.effective_from, h.threshold).order_by(h.effective_from)).all()

    def in_force(quarter: str) -> int:
        value = DEFAULT_THRESHOLD
        for effective_from, threshold in history:
            if effective_from > quarter:
                break
            value = threshold
        # A damaged value never lowers protection below the floor.
        return max(MIN_THRESHOLD, int(value))

    return max(in_force(quarter) for quarter in period.quarters)


def record_change(conn: Connection, threshold: int, today: date) -> str:
    """Put ``threshold`` in force from the quarter in progress ``today``; returns that quarter.

    A second change in the same quarter replaces the first: neither applied to a quarter that
    has ended."""
    quarter = quarter_containing(today)
    h = schema.threshold_history.c
    changed = conn.execute(
        update(schema.threshold_history)
        .where(h.effective_from == quarter)
        .values(threshold=threshold, changed_on=today)
    )
    if changed.rowcount == 0:
        conn.execute(
            insert(schema.threshold_history).values(
                effective_from=quarter, threshold=threshold, changed_on=today
            )
        )
    return quarter
