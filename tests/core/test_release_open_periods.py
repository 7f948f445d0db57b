"""Only periods that have ended can be released (issue 9, item 3).

Releasing freezes a period for ever: records for it that reach statistics later count in the next
open period. So a period can be released only once it has ended (its last day is over, in
Europe/London) and the statistics have been brought up to date since (a drain of the outbox on a
later day), so that what was sealed during the period had its chance to count in it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from supportline import cli, outbox
from supportline.db import schema
from supportline.errors import PeriodNotEnded, PeriodNotReleasable, PeriodNotUpToDate
from supportline.messages import describe
from supportline.session import Session
from supportline.statistics.catalogue import StatisticsService
from tests.conftest import PASSWORDS
from tests.core.support import FakeClock

NOW = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)  # in 2026Q4, the running FY2026
TABLE = "referrals_by_route"


def _released(session: Session) -> tuple[int, int]:
    with session.stats.connect() as conn:
        releases = conn.execute(select(func.count()).select_from(schema.releases)).scalar()
        frozen = conn.execute(select(func.count()).select_from(schema.frozen_quarters)).scalar()
    return int(releases or 0), int(frozen or 0)


def _running_periods(today: date) -> tuple[str, str]:
    """The financial year running today and a quarter wholly in the future."""
    fy = today.year if today.month >= 4 else today.year - 1
    return f"FY{fy}", f"{today.year + 1}Q{(today.month - 1) // 3 + 1}"


@pytest.mark.parametrize("which", ["running financial year", "future quarter"])
def test_cli_refuses_to_release_an_open_period(
    which: str, store: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # The command line runs on the real clock, so the periods are worked out from today.
    running_fy, future_quarter = _running_periods(datetime.now(UTC).date())
    period = running_fy if which == "running financial year" else future_quarter
    monkeypatch.setenv(cli.PASSWORD_ENV, PASSWORDS["manager"])
    code = cli.main(["stats", "release", "--data-dir", str(store), "--user", "manager",
                     "--table", TABLE, "--period", period])  # fmt: skip
    out, err = capsys.readouterr()
    assert code == 1 and out == ""
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert f"refused: {period} has not ended" in err
    monkeypatch.setenv(cli.PASSWORD_ENV, PASSWORDS["admin"])
    from supportline.session import unlock

    admin = unlock(store, "admin", PASSWORDS["admin"])
    try:
        assert _released(admin) == (0, 0)  # nothing recorded, nothing frozen
    finally:
        admin.close()


@pytest.mark.parametrize("period", ["FY2026", "2026Q4", "2027Q1", "2030Q2", "FY2027"])
def test_the_service_refuses_periods_that_have_not_ended(
    period: str, open_as: Callable[..., Session]
) -> None:
    outbox.drain(open_as("admin"))  # brought up to date today: only the end is missing
    manager = open_as("manager")
    service = StatisticsService(manager)
    with pytest.raises(PeriodNotEnded) as info:
        service.release(TABLE, period)
    assert info.value.period == period
    assert service.release_blocker(period) is not None
    assert _released(manager) == (0, 0)


def test_an_ended_period_waits_until_the_statistics_are_brought_up_to_date(
    open_as: Callable[..., Session], clock: FakeClock
) -> None:
    manager = open_as("manager")
    service = StatisticsService(manager)
    with pytest.raises(PeriodNotUpToDate) as info:
        service.release(TABLE, "2026Q3")  # ended 30 September; never drained
    assert info.value.drained_on is None and info.value.ends_on == date(2026, 9, 30)
    # A drain on the period's last day is not enough: that day's records may still come.
    clock.now = datetime(2026, 9, 30, 21, 30, tzinfo=UTC)  # 22:30 in London, still 30/09
    outbox.drain(open_as("admin"))
    clock.now = NOW
    with pytest.raises(PeriodNotUpToDate) as info:
        service.release(TABLE, "2026Q3")
    assert info.value.drained_on == date(2026, 9, 30)
    assert _released(manager) == (0, 0)
    # 23:30 UTC on 30 September is 00:30 on 1 October in London: the quarter is over.
    clock.now = datetime(2026, 9, 30, 23, 30, tzinfo=UTC)
    outbox.drain(open_as("admin"))
    clock.now = NOW
    assert service.release_blocker("2026Q3") is None
    release = service.release(TABLE, "2026Q3")
    assert release.period == "2026Q3" and _released(manager) == (1, 1)
    assert service.release(TABLE, "FY2025").period == "FY2025"  # ended in March: fine too


def test_refusals_read_as_one_clear_line() -> None:
    not_ended = describe(PeriodNotEnded("FY2026", date(2027, 3, 31)))
    assert not_ended == (
        "refused: FY2026 has not ended (it ends on 31/03/2027); only a period that has ended "
        "can be released"
    )
    stale = describe(PeriodNotUpToDate("2026Q3", date(2026, 9, 30), date(2026, 9, 12)))
    assert "12/09/2026" in stale and "supportline stats drain" in stale
    never = describe(PeriodNotUpToDate("2026Q3", date(2026, 9, 30), None))
    assert "never" in never
    for error in (
        PeriodNotEnded("2026Q4", date(2026, 12, 31)),
        PeriodNotUpToDate("2026Q3", date(2026, 9, 30), None),
    ):
        assert isinstance(error, PeriodNotReleasable)
        assert "\n" not in describe(error)
