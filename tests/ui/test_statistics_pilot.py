"""Statistics workspace, pilot-ready (issue 9): usage reports offered only for organisations
shown in their own right, releases refused for open periods, and the line that says when the
figures were last brought up to date."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from supportline.roles import KeyName
from supportline.statistics.store import ingest
from tests.ui.conftest import run_on_db

QUARTER = "2024Q4"  # the quarter before the fake clock's 3 March 2025: the page's default
BIG = "Maidstone Grammar School"
TINY = "Zqx Tiny Primary School"


def seed(qtbot: Any, runner: Any, session: Any, organisations: dict[str, int]) -> None:
    def write() -> None:
        key = session.key(KeyName.STATS, session.stats_generation)
        with session.stats_tx() as conn:
            for organisation, count in organisations.items():
                for _ in range(count):
                    ingest(
                        conn,
                        "referral",
                        QUARTER,
                        {
                            "org_group": "school_primary",
                            "service": "counselling",
                            "organisation": organisation,
                        },
                        key,
                    )

    run_on_db(qtbot, runner, write)


@pytest.fixture
def manager_session(staffed_dir: Path, open_session: Any, fake_clock: Any) -> Any:
    return open_session(staffed_dir, "manager", clock=fake_clock)


def _view(qtbot: Any, runner: Any, session: Any) -> Any:
    from ui.services import Services
    from ui.statistics_view import StatisticsView

    view = StatisticsView(Services.for_session(session), runner)
    qtbot.addWidget(view)
    view.resize(1100, 760)
    view.show()
    qtbot.waitUntil(lambda: view.output is not None, timeout=10_000)
    qtbot.waitUntil(lambda: runner.pending == 0, timeout=10_000)
    return view


# -- usage reports (item 2) -----------------------------------------------------------------------


def test_usage_reports_are_offered_only_for_organisations_shown_on_their_own(
    qtbot: Any, runner: Any, manager_session: Any, monkeypatch: Any
) -> None:
    from ui.letter_preview_dialog import LetterPreviewDialog
    from ui.statistics_view import OrganisationChoice

    seed(qtbot, runner, manager_session, {BIG: 40, TINY: 1})
    offered: list[list[str]] = []
    monkeypatch.setattr(
        OrganisationChoice,
        "ask",
        staticmethod(lambda _parent, organisations: offered.append(organisations)),
    )
    monkeypatch.setattr(
        LetterPreviewDialog, "preview", classmethod(lambda cls, parent, title, filename, pdf: None)
    )
    view = _view(qtbot, runner, manager_session)
    view.usage_button.click()
    qtbot.waitUntil(lambda: bool(offered), timeout=10_000)
    assert offered == [[BIG]]
    with qtbot.waitSignal(view.output_loaded, timeout=10_000):
        view.show_table("usage_by_organisation")
    rows = [view.proxy.headerData(r, Qt.Orientation.Vertical) for r in range(view.proxy.rowCount())]
    assert TINY not in rows and BIG in rows
    assert any(str(r).startswith("Other organisations") for r in rows)


def test_no_usage_report_when_every_organisation_is_too_small(
    qtbot: Any, runner: Any, manager_session: Any, monkeypatch: Any
) -> None:
    from ui.statistics_view import OrganisationChoice

    seed(qtbot, runner, manager_session, {TINY: 1, "Zqx Small Nursery": 3})
    asked: list[Any] = []
    monkeypatch.setattr(
        OrganisationChoice,
        "ask",
        staticmethod(lambda _parent, organisations: asked.append(organisations)),
    )
    view = _view(qtbot, runner, manager_session)
    with qtbot.waitSignal(view.operation_finished, timeout=10_000):
        view.usage_button.click()
    assert asked == []
    assert "shown on their own" in view.banner.text() and TINY not in view.banner.text()


def drained(qtbot: Any, runner: Any, session: Any, waiting: int = 0) -> None:
    """What a drain today, then a check finding ``waiting`` new records, leave in stats.db."""
    from supportline.calendar_uk import to_local
    from supportline.statistics.freshness import record_check, record_drain

    def write() -> None:
        today = to_local(session.clock()).date()
        with session.stats.begin() as conn:
            record_drain(conn, today, 0)
            if waiting:
                record_check(conn, today, waiting)

    run_on_db(qtbot, runner, write)


def _released_count(qtbot: Any, runner: Any, session: Any) -> int:
    from sqlalchemy import func, select

    from supportline.db import schema

    def count() -> int:
        with session.stats.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(schema.releases)).scalar())

    return run_on_db(qtbot, runner, count)


# -- releases of open periods (item 3) ------------------------------------------------------------


def test_the_running_quarter_cannot_be_released(
    qtbot: Any, runner: Any, manager_session: Any, monkeypatch: Any
) -> None:
    from ui.confirm_dialog import ConfirmDialog

    seed(qtbot, runner, manager_session, {BIG: 40})
    drained(qtbot, runner, manager_session)
    asked: list[str] = []
    monkeypatch.setattr(
        ConfirmDialog,
        "ask",
        staticmethod(lambda _parent, _title, text, _action: asked.append(text) or True),
    )
    view = _view(qtbot, runner, manager_session)
    assert view.release_button.isEnabled()  # 2024Q4 has ended and is up to date
    with qtbot.waitSignal(view.release_checked, timeout=10_000):
        assert view.show_period("2025Q1")  # the fake clock's 3 March 2025 is in it
    qtbot.waitUntil(
        lambda: view.output is not None and view.output.period == "2025Q1", timeout=10_000
    )
    assert not view.release_button.isEnabled()
    assert "has not ended" in view.release_button.toolTip()
    assert "31/03/2025" in view.release_button.toolTip()
    assert view.release_state_label.text().startswith("Open period")
    view.release()  # even asked directly, it refuses with the reason and asks nothing
    assert asked == [] and view.banner.kind == "error"
    assert "has not ended" in view.banner.text()
    with qtbot.waitSignal(view.release_checked, timeout=10_000):
        assert view.show_period("FY2024")  # April 2024 to March 2025: still running
    assert not view.release_button.isEnabled()
    assert _released_count(qtbot, runner, manager_session) == 0


def test_an_ended_quarter_waits_for_the_figures_to_be_brought_up_to_date(
    qtbot: Any, runner: Any, manager_session: Any
) -> None:
    seed(qtbot, runner, manager_session, {BIG: 40})  # straight in: never drained
    view = _view(qtbot, runner, manager_session)
    assert not view.release_button.isEnabled()
    assert "brought up to date" in view.release_button.toolTip()
    assert "waiting for the figures" in view.release_state_label.text()
    assert "not yet been brought up to date" in view.freshness_label.text()
    # A drain (here: what it records) makes the ended quarter releasable.
    drained(qtbot, runner, manager_session)
    with qtbot.waitSignal(view.release_checked, timeout=10_000):
        view.reload_freshness()
    assert view.release_button.isEnabled() and view.release_state_label.text() == "Not released"


def test_the_core_refusal_reaches_the_page_as_a_sentence(qapp: Any) -> None:
    from datetime import date

    from supportline.errors import PeriodNotEnded, PeriodNotUpToDate
    from ui.stats_messages import error_message

    text = error_message(PeriodNotEnded("FY2026", date(2027, 3, 31)))
    assert "April 2026 to March 2027 has not ended yet" in text and "31/03/2027" in text
    text = error_message(PeriodNotUpToDate("2026Q3", date(2026, 9, 30), None))
    assert "July to September 2026 has ended" in text and "administrator" in text


# -- how up to date the figures are, and the automatic drain (item 4) ----------------------------


def test_the_manager_is_told_when_the_figures_were_last_brought_up_to_date(
    qtbot: Any, runner: Any, manager_session: Any
) -> None:
    seed(qtbot, runner, manager_session, {BIG: 40})
    drained(qtbot, runner, manager_session, waiting=5)
    view = _view(qtbot, runner, manager_session)
    text = view.freshness_label.text()
    assert "Figures last brought up to date on 03/03/2025." in text
    assert "5 new record(s) were waiting on 03/03/2025." in text
    assert "automatically while an administrator is signed in" in text
    assert view.freshness_label.isVisible()


def _seal(qtbot: Any, runner: Any, session: Any, count: int) -> None:
    from supportline import outbox

    def write() -> None:
        for _ in range(count):
            outbox.seal_record(
                session, "contact", "2025Q1", {"channel": "phone", "purpose": "enquiry"}
            )

    run_on_db(qtbot, runner, write)


def _pending(qtbot: Any, runner: Any, session: Any) -> int:
    from supportline import outbox

    return run_on_db(qtbot, runner, lambda: outbox.pending_count(session))


def test_an_administrators_sign_in_brings_the_figures_up_to_date(
    qtbot: Any,
    runner: Any,
    staffed_dir: Path,
    open_session: Any,
    fake_clock: Any,
    monkeypatch: Any,
) -> None:
    import ui.stats_drain_scheduler as scheduler_module
    from supportline import outbox
    from ui.main_window import MainWindow
    from ui.services import Services

    handler = open_session(staffed_dir, "handler", clock=fake_clock)
    _seal(qtbot, runner, handler, 3)
    threads: list[bool] = []

    def recording(session: Any) -> Any:
        threads.append(runner.is_database_thread())
        return outbox.drain_if_due(session)

    monkeypatch.setattr(scheduler_module, "drain_if_due", recording)
    admin = open_session(staffed_dir, "admin", clock=fake_clock)
    window = MainWindow(admin, Services.for_session(admin), runner)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.drain_scheduler.checked, timeout=10_000) as blocker:
        window.show()
    assert blocker.args[0].taken == 3 and threads == [True]  # on the database thread
    assert _pending(qtbot, runner, handler) == 0
    page = window.pages["statistics"]
    qtbot.waitUntil(lambda: "No new records waiting" in page.freshness_label.text(), timeout=10_000)
    assert "brought up to date on 03/03/2025" in page.freshness_label.text()
    # Then on a timer, every 15 minutes, while signed in.
    timer = window.drain_scheduler.timer
    assert timer.isActive() and timer.interval() == 15 * 60 * 1000
    _seal(qtbot, runner, handler, outbox.AUTO_DRAIN_MIN_RECORDS)
    with qtbot.waitSignal(window.drain_scheduler.checked, timeout=10_000) as blocker:
        timer.timeout.emit()
    assert blocker.args[0].taken == outbox.AUTO_DRAIN_MIN_RECORDS
    assert threads == [True, True] and _pending(qtbot, runner, handler) == 0
    window.close_quietly()
    assert not timer.isActive()


def test_a_few_records_wait_and_the_administrator_sees_the_live_count(
    qtbot: Any, runner: Any, staffed_dir: Path, open_session: Any, fake_clock: Any
) -> None:
    from ui.main_window import MainWindow
    from ui.services import Services

    admin = open_session(staffed_dir, "admin", clock=fake_clock)
    window = MainWindow(admin, Services.for_session(admin), runner)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.drain_scheduler.checked, timeout=10_000):
        window.show()  # never drained: the first check drains (nothing waiting)
    _seal(qtbot, runner, admin, 2)
    with qtbot.waitSignal(window.drain_scheduler.checked, timeout=10_000) as blocker:
        window.drain_scheduler.timer.timeout.emit()
    assert blocker.args[0] is None and _pending(qtbot, runner, admin) == 2
    page = window.pages["statistics"]
    qtbot.waitUntil(
        lambda: "2 new record(s) waiting now" in page.freshness_label.text(), timeout=10_000
    )
    assert "administrator is signed in" not in page.freshness_label.text()


def test_no_drain_for_a_manager_or_after_locking(
    qtbot: Any, runner: Any, staffed_dir: Path, open_session: Any
) -> None:
    from ui.main_window import MainWindow
    from ui.services import Services
    from ui.stats_drain_scheduler import StatsDrainScheduler

    manager = open_session(staffed_dir, "manager")
    window = MainWindow(manager, Services.for_session(manager), runner)
    qtbot.addWidget(window)
    assert not window.drain_scheduler.active
    admin = open_session(staffed_dir, "admin")
    scheduler = StatsDrainScheduler(admin, runner)
    run_on_db(qtbot, runner, admin.lock)
    scheduler.start()
    scheduler.check_now()
    assert not scheduler.active and runner.pending == 0


def test_the_status_line_counts_unreadable_records_apart(
    qtbot: Any, manager_session: Any, runner: Any
) -> None:
    from datetime import date

    from supportline.statistics.catalogue import StatisticsService
    from supportline.statistics.freshness import Freshness
    from ui.freshness_widget import FreshnessWidget

    widget = FreshnessWidget(StatisticsService(manager_session), runner)
    qtbot.addWidget(widget)
    text = widget.describe(Freshness(date(2025, 3, 1), 2, date(2025, 3, 3), 0, live_waiting=0))
    assert text == (
        "Figures last brought up to date on 01/03/2025. No new records waiting. "
        "2 record(s) could not be read and are left for an administrator."
    )
