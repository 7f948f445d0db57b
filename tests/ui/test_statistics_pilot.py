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
                    ingest(conn, "referral", QUARTER,
                           {"org_group": "school_primary", "service": "counselling",
                            "organisation": organisation}, key)

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
    monkeypatch.setattr(OrganisationChoice, "ask", staticmethod(
        lambda _parent, organisations: offered.append(organisations)))
    monkeypatch.setattr(LetterPreviewDialog, "preview", classmethod(
        lambda cls, parent, title, filename, pdf: None))
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
    monkeypatch.setattr(OrganisationChoice, "ask", staticmethod(
        lambda _parent, organisations: asked.append(organisations)))
    view = _view(qtbot, runner, manager_session)
    with qtbot.waitSignal(view.operation_finished, timeout=10_000):
        view.usage_button.click()
    assert asked == []
    assert "shown on their own" in view.banner.text() and TINY not in view.banner.text()
