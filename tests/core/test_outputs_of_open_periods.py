"""Only ended periods leave the app (issue 11, item 4).

An export or a printed report of a period that is still running could be produced again as data
arrives, and two copies differenced to pin a late record's cell. So every output that leaves the
app (a CSV export, each PDF report, from the service and from the command line) is refused until
the period's last day is over; the figures of an open period are only shown on screen.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from supportline import cli
from supportline.errors import PeriodStillOpen
from supportline.messages import describe
from supportline.session import Session
from supportline.statistics.catalogue import StatisticsService, parse_period
from supportline.statistics.release_rule import require_ended
from supportline.statistics.reports import ReportService
from tests.conftest import PASSWORDS
from tests.core.support import FakeClock

NOW = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)  # in 2026Q4, the running FY2026
TABLE = "referrals_by_route"
OPEN = ["2026Q4", "FY2026"]  # the current quarter and the current financial year
ENDED = "2026Q3"


@pytest.fixture
def manager(open_as: Callable[..., Session], clock: FakeClock) -> Session:
    clock.now = NOW
    return open_as("manager")


def test_the_core_check_names_the_period_and_its_end() -> None:
    with pytest.raises(PeriodStillOpen) as info:
        require_ended(parse_period("2026Q4"), date(2026, 12, 31))
    assert (info.value.period, info.value.ends_on) == ("2026Q4", date(2026, 12, 31))
    assert "2026Q4 has not ended (it ends on 31/12/2026)" in describe(info.value)
    require_ended(parse_period("2026Q4"), date(2027, 1, 1))  # the day after: allowed


@pytest.mark.parametrize("period", OPEN)
def test_exports_and_reports_of_open_periods_are_refused(period: str, manager: Session) -> None:
    stats, reports = StatisticsService(manager), ReportService(manager)
    for produce in (
        lambda: stats.export_csv(TABLE, period),
        lambda: reports.quarterly(period),
        lambda: reports.usage("Any Organisation", period),
    ):
        with pytest.raises(PeriodStillOpen) as info:
            produce()
        assert info.value.period == period
    stats.output(TABLE, period)  # still shown on screen


def test_exports_and_reports_of_an_ended_quarter_are_allowed(manager: Session) -> None:
    assert StatisticsService(manager).export_csv(TABLE, ENDED).startswith("table,")
    assert ReportService(manager).quarterly(ENDED).startswith(b"%PDF")


def _running_periods(today: date) -> list[str]:
    fy = today.year if today.month >= 4 else today.year - 1
    return [f"{today.year}Q{(today.month - 1) // 3 + 1}", f"FY{fy}"]


@pytest.mark.parametrize("which", [0, 1])
@pytest.mark.parametrize("command", ["export", "report", "usage report"])
def test_the_cli_refuses_open_periods_in_one_line(
    which: int,
    command: str,
    store: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # The command line runs on the real clock, so the periods are worked out from today.
    period = _running_periods(datetime.now(UTC).date())[which]
    out_file = tmp_path / "out"
    args = ["--data-dir", str(store), "--user", "manager", "--period", period,
            "--out", str(out_file)]  # fmt: skip
    if command == "export":
        args = ["stats", "export", *args, "--table", TABLE]
    elif command == "report":
        args = ["stats", "report", *args]
    else:
        args = ["stats", "report", *args, "--organisation", "Any Organisation"]
    monkeypatch.setenv(cli.PASSWORD_ENV, PASSWORDS["manager"])
    code = cli.main(args)
    out, err = capsys.readouterr()
    assert code != 0 and out == "" and not out_file.exists()
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert f"refused: {period} has not ended" in err
