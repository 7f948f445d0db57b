"""Statistics workspace: protected tables with hidden cells marked, periods checked, the CSV
export identical to the core's, a chart that does not draw hidden figures, releases and the
manager-only comments, and reports previewed before saving."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from supportline.audit import AuditAction
from supportline.calendar_uk import to_local
from supportline.db import schema
from supportline.roles import KeyName
from supportline.statistics.catalogue import StatisticsService
from supportline.statistics.disclosure import TOTAL
from supportline.statistics.freshness import record_drain
from supportline.statistics.store import ingest
from tests.ui.conftest import run_on_db

QUARTER = "2024Q4"  # the quarter before the fake clock's 3 March 2025: the page's default
TABLE = "referrals_by_org_group"
# Enough referrals for published cells, a few small ones (hidden) and one over a thousand.
REFERRALS = {
    ("kcc_directorate", "counselling"): 1003,
    ("kcc_directorate", "coaching"): 22,
    ("kcc_directorate", "mediation"): 3,
    ("school_primary", "counselling"): 25,
    ("school_primary", "coaching"): 12,
    ("school_secondary", "counselling"): 18,
    ("school_secondary", "coaching"): 4,
    ("school_secondary", "mediation"): 11,
    ("other_employer", "counselling"): 30,
    ("other_employer", "coaching"): 15,
    ("other_employer", "mediation"): 2,
}
COMMENT_MARKER = "zq-comment-marker-7731"


def seed(qtbot: Any, runner: Any, session: Any, quarter: str = QUARTER) -> None:
    """Referrals (and one commented evaluation form) straight into the session's stats.db."""

    def write() -> None:
        key = session.key(KeyName.STATS, session.stats_generation)
        with session.stats_tx() as conn:
            for (org_group, service), count in REFERRALS.items():
                for _ in range(count):
                    ingest(
                        conn,
                        "referral",
                        quarter,
                        {
                            "org_group": org_group,
                            "service": service,
                            "organisation": "Maidstone Grammar School",
                        },
                        key,
                    )
            ingest(
                conn,
                "evaluation",
                quarter,
                {
                    "form": "first",
                    "pair_code": "TEST-CODE-001",
                    "answers": {"hopeful": 4},
                    "comment": f"Very kind {COMMENT_MARKER}",
                },
                key,
            )
            # As a drain would: the figures are up to date today (so the ended quarter may be
            # released).
            record_drain(conn, to_local(session.clock()).date(), 0)

    run_on_db(qtbot, runner, write)


@pytest.fixture
def manager(qtbot: Any, runner: Any, staffed_dir: Path, open_session: Any, fake_clock: Any) -> Any:
    from ui.services import Services

    session = open_session(staffed_dir, "manager", clock=fake_clock)
    seed(qtbot, runner, session)
    return Services.for_session(session)


def _view(qtbot: Any, runner: Any, services: Any, **kwargs: Any) -> Any:
    from ui.statistics_view import StatisticsView

    view = StatisticsView(services, runner, **kwargs)
    qtbot.addWidget(view)
    view.resize(1100, 760)
    view.show()
    qtbot.waitUntil(lambda: view.output is not None, timeout=10_000)
    qtbot.waitUntil(lambda: runner.pending == 0, timeout=10_000)
    return view


def _expected(
    qtbot: Any, runner: Any, services: Any, code: str = TABLE, period: str = QUARTER
) -> Any:
    statistics = StatisticsService(services.session)
    return run_on_db(qtbot, runner, lambda: statistics.output(code, period))


def _cell(view: Any, row: str, column: str) -> Any:
    model = view.model
    index = view.proxy.index(model.row_codes().index(row), model.column_codes().index(column))
    return index


def test_table_shows_protected_figures_with_hidden_cells_marked(
    qtbot: Any, runner: Any, manager: Any
) -> None:
    from ui.stats_table_model import StatsTableModel as M

    view = _view(qtbot, runner, manager)
    assert view.table_code() == TABLE and view.period() == QUARTER
    expected = _expected(qtbot, runner, manager)
    hidden = [key for key in expected.table.suppressed()]
    published = [key for key, cell in expected.table.cells.items() if not cell.suppressed]
    assert hidden and published  # the seed gives both, so the checks below are not vacuous
    assert ("kcc_directorate", "mediation") in hidden  # 3 referrals: under the threshold
    for row, column in hidden:
        index = _cell(view, row, column)
        assert index.data() == "*"
        assert index.data(Qt.ItemDataRole.ToolTipRole) == "Hidden to protect confidentiality"
        assert index.data(M.SuppressedRole) is True
        assert index.data(Qt.ItemDataRole.BackgroundRole) is not None  # a distinct style
    for row, column in published:
        index = _cell(view, row, column)
        value = expected.table.cells[(row, column)].value
        assert index.data() == f"{value:,}"  # UK grouping: 1,005
        assert index.data(M.SuppressedRole) is False
    big = expected.table.value("kcc_directorate", "counselling")
    assert big is not None and big >= 1000
    assert _cell(view, "kcc_directorate", "counselling").data() == f"{big:,}"  # "1,003"
    # Totals are emphasised; ordinary cells are not.
    assert _cell(view, TOTAL, TOTAL).data(Qt.ItemDataRole.FontRole).bold()
    assert _cell(view, "kcc_directorate", TOTAL).data(Qt.ItemDataRole.FontRole).bold()
    assert _cell(view, "kcc_directorate", "counselling").data(Qt.ItemDataRole.FontRole) is None
    # Rows and columns are named for people, and the note says how figures are protected.
    headers = [
        view.proxy.headerData(c, Qt.Orientation.Horizontal) for c in range(view.proxy.columnCount())
    ]
    assert headers == ["Counselling", "Coaching", "Mediation", "Total"]
    assert view.proxy.headerData(0, Qt.Orientation.Vertical) == "KCC directorate"
    note = view.note_label.text()
    for phrase in (
        "under 10",
        "fewer than 10 in all, zeros included",
        "moved by up to 2 either way",
        "may not add up",
        "less than a range 10 wide",
        "No individual can be identified",
    ):
        assert phrase in note
    assert "October to December 2024" in view.title_label.text()


def test_period_is_checked_and_financial_years_work(qtbot: Any, runner: Any, manager: Any) -> None:
    view = _view(qtbot, runner, manager)
    for bad in ("2026Q5", "2026-Q3", "FY26", "Q3 2026", ""):
        assert not view.show_period(bad)
        assert view.period() == QUARTER  # the last good period stays
        assert view.banner.kind == "error"
        assert "2026Q3" in view.banner.text() and "FY2026" in view.banner.text()
    # Typed into the code box: refused, and the box goes back to the period shown.
    view.period_picker.code_edit.setText("2024Q9")
    view.period_picker.code_edit.editingFinished.emit()
    assert view.period() == QUARTER and view.period_picker.code_edit.text() == QUARTER
    # A financial year by the picker: April 2024 to March 2025 includes the seeded quarter.
    with qtbot.waitSignal(view.output_loaded, timeout=10_000):
        view.period_picker.kind_combo.setCurrentIndex(1)
    assert view.period() == "FY2024"
    assert not view.period_picker.quarter_combo.isVisible()
    assert view.output.period == "FY2024"
    assert "April 2024 to March 2025" in view.title_label.text()
    assert view.output.csv() == _expected(qtbot, runner, manager, period="FY2024").csv()
    # And a quarter typed as a code.
    with qtbot.waitSignal(view.output_loaded, timeout=10_000):
        view.period_picker.code_edit.setText("2025q1")
        view.period_picker.code_edit.editingFinished.emit()
    assert view.period() == "2025Q1" and view.period_picker.quarter_combo.currentIndex() == 0
    # Nothing was seeded there: every count is zero, published as 0.
    assert _cell(view, TOTAL, TOTAL).data() == "0"


def test_export_writes_exactly_the_services_csv(
    qtbot: Any, runner: Any, manager: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    from ui.statistics_view import StatsFiles

    target = tmp_path / "out" / "table.csv"
    asked: list[str] = []

    def choose(_parent: Any, suggested: str) -> Path:
        asked.append(suggested)
        return target

    monkeypatch.setattr(
        StatsFiles,
        "save_csv_path",
        classmethod(lambda cls, parent, suggested: choose(parent, suggested)),
    )
    view = _view(qtbot, runner, manager)
    with qtbot.waitSignal(view.operation_finished, timeout=10_000) as finished:
        qtbot.mouseClick(view.export_button, Qt.MouseButton.LeftButton)
    assert finished.args == ["success"]
    assert asked == [f"{TABLE}-{QUARTER}.csv"]
    written = target.read_bytes()
    assert written == _expected(qtbot, runner, manager).csv().encode("utf-8")
    assert b"*" in written  # the hidden cells are hidden in the file too
    assert COMMENT_MARKER.encode() not in written
    assert not list(target.parent.glob(".*.tmp"))  # the atomic write left no temp file
    assert os.stat(target).st_mode & 0o077 == 0  # private from birth

    def exported() -> list[str]:
        a = schema.stats_audit.c
        with manager.session.stats.connect() as conn:
            return list(
                conn.execute(select(a.record_id).where(a.action == AuditAction.EXPORTED)).scalars()
            )

    assert run_on_db(qtbot, runner, exported) == [f"{TABLE}:{QUARTER}"]


def test_an_open_period_is_marked_provisional_and_none_of_it_leaves_the_page(
    qtbot: Any, runner: Any, manager: Any, monkeypatch: Any
) -> None:
    from ui.statistics_view import StatsFiles

    asked: list[str] = []
    monkeypatch.setattr(
        StatsFiles,
        "save_csv_path",
        classmethod(lambda cls, parent, suggested: asked.append(suggested)),
    )
    view = _view(qtbot, runner, manager)
    buttons = (view.export_button, view.quarterly_button, view.usage_button)

    def ended() -> None:
        assert view.provisional_label.isHidden()
        for button in buttons:
            assert button.isEnabled() and button.toolTip() == "", button.objectName()

    ended()  # 2024Q4 ended before the clock's 3 March 2025
    # The clock's own quarter, and the financial year it ends: both run to 31 March 2025.
    for period, words in (
        ("2025Q1", "January to March 2025"),
        ("FY2024", "April 2024 to March 2025"),
    ):
        with qtbot.waitSignal(view.output_loaded, timeout=10_000):
            assert view.show_period(period)
        assert view.provisional_label.isVisible()
        mark = view.provisional_label.text()
        for phrase in (
            "Provisional",
            f"{words} ({period}) has not ended",
            "it ends on 31/03/2025",
            "will change",
            "not exported, printed or released",
        ):
            assert phrase in mark, phrase
        for button in buttons:
            assert not button.isEnabled(), button.objectName()
            assert "has not ended yet" in button.toolTip() and "31/03/2025" in button.toolTip()
        assert "exported" in view.export_button.toolTip()
        assert "quarterly report" in view.quarterly_button.toolTip()
        assert "usage report" in view.usage_button.toolTip()
        qtbot.mouseClick(view.export_button, Qt.MouseButton.LeftButton)  # disabled: no effect
        assert view.output.period == period and view.model.rowCount() > 0  # shown on screen
    assert asked == []
    with qtbot.waitSignal(view.output_loaded, timeout=10_000):
        assert view.show_period(QUARTER)
    ended()


def test_an_output_the_core_refuses_as_still_open_says_why(
    qtbot: Any, runner: Any, manager: Any, fake_clock: Any, monkeypatch: Any, tmp_path: Path
) -> None:
    """The page and the core disagree (the clock moved while a dialog was open): the core's
    refusal is shown in words, nothing is written, and no report is previewed."""
    from ui.letter_preview_dialog import LetterPreviewDialog
    from ui.statistics_view import OrganisationChoice, StatsFiles

    page_saw = fake_clock.now
    before_the_end = datetime(2024, 12, 20, 10, 0, tzinfo=UTC)  # 2024Q4 still running

    def choose_file(_parent: Any, _suggested: str) -> Path:
        fake_clock.now = before_the_end
        return tmp_path / "table.csv"

    def choose_organisation(_parent: Any, organisations: list[str]) -> str:
        fake_clock.now = before_the_end
        return organisations[0]

    previews: list[str] = []
    monkeypatch.setattr(
        StatsFiles, "save_csv_path", classmethod(lambda cls, p, s: choose_file(p, s))
    )
    monkeypatch.setattr(OrganisationChoice, "ask", staticmethod(choose_organisation))
    monkeypatch.setattr(
        LetterPreviewDialog,
        "preview",
        classmethod(lambda cls, parent, title, filename, pdf: previews.append(title)),
    )
    view = _view(qtbot, runner, manager)
    refusals = []
    # The export and the usage report: the page let them start; the core refuses.
    for act in (view.export_csv, view.usage_report):
        fake_clock.now = page_saw
        with qtbot.waitSignal(view.operation_finished, timeout=30_000) as finished:
            act()
        assert finished.args == ["error"]
        refusals.append(view.banner.text())
    # Asked for while the clock says the period is running (a click on a button not yet
    # brought up to date): refused too.
    with qtbot.waitSignal(view.operation_finished, timeout=30_000) as finished:
        view.quarterly_report()
    assert finished.args == ["error"]
    refusals.append(view.banner.text())
    for text in refusals:
        assert "October to December 2024 (2024Q4) has not ended yet" in text
        assert "it ends on 31/12/2024" in text
    assert not (tmp_path / "table.csv").exists() and previews == []


def test_chart_draws_published_figures_and_lists_hidden_ones(
    qtbot: Any, runner: Any, manager: Any
) -> None:
    from PySide6.QtCharts import QHorizontalBarSeries

    view = _view(qtbot, runner, manager)
    series = view.chart.series()
    assert isinstance(series, QHorizontalBarSeries)
    assert [s.label() for s in series.barSets()] == ["Counselling", "Coaching", "Mediation"]
    expected = _expected(qtbot, runner, manager)
    bars = view.chart.bar_values()
    assert len(bars) == len(expected.table.rows) * len(expected.table.columns)  # no totals
    assert bars[("KCC directorate", "Counselling")] == float(
        expected.table.value("kcc_directorate", "counselling")  # type: ignore[arg-type]
    )
    assert bars[("KCC directorate", "Mediation")] == 0.0  # hidden: not drawn...
    hidden = {key for key in expected.table.suppressed() if TOTAL not in key}
    assert set(view.chart.omitted) == hidden
    assert view.chart.omitted_label.isVisible()  # ...and said so under the chart
    assert "not zero" in view.chart.omitted_label.text()
    assert "KCC directorate (Mediation)" in view.chart.omitted_label.text()
    description = view.chart.chart_view.accessibleDescription()
    big = expected.table.value("kcc_directorate", "counselling")
    assert f"KCC directorate, Counselling: {big:,}" in description
    # A one-way table: one bar set, no legend.
    with qtbot.waitSignal(view.output_loaded, timeout=10_000):
        view.show_table("referrals_by_route")
    assert len(view.chart.series().barSets()) == 1
    assert not view.chart.chart.legend().isVisible()
    assert view.proxy.headerData(0, Qt.Orientation.Horizontal) == "Number"


def test_models_pass_qtmodeltester(
    qtbot: Any, runner: Any, manager: Any, qtmodeltester: Any
) -> None:
    from supportline.statistics.catalogue import Release
    from ui.release_table_model import ReleaseTableModel
    from ui.stats_table_model import StatsTableModel

    empty = StatsTableModel()
    qtmodeltester.check(empty, force_py=True)
    two_way = StatsTableModel()
    two_way.set_output(_expected(qtbot, runner, manager))
    qtmodeltester.check(two_way, force_py=True)
    one_way = StatsTableModel()
    one_way.set_output(_expected(qtbot, runner, manager, code="presenting_issues"))
    qtmodeltester.check(one_way, force_py=True)
    # The tester stays connected: a reset to another table, and to nothing, is checked too.
    two_way.set_output(_expected(qtbot, runner, manager, code="evaluation_first"))
    two_way.set_output(None)
    releases = ReleaseTableModel()
    releases.set_rows([Release(TABLE, QUARTER, manager.session.clock(), "manager", "ab" * 32)])
    qtmodeltester.check(releases, force_py=True)


def test_release_freezes_the_period_after_confirming(
    qtbot: Any, runner: Any, manager: Any, monkeypatch: Any
) -> None:
    from ui.confirm_dialog import ConfirmDialog

    answers = iter([False, True])
    questions: list[str] = []

    def ask(_parent: Any, _title: str, text: str, _action: str) -> bool:
        questions.append(text)
        return next(answers)

    monkeypatch.setattr(ConfirmDialog, "ask", staticmethod(ask))
    view = _view(qtbot, runner, manager)
    assert view.release_state_label.text() == "Not released"
    view.release_button.click()  # declined: nothing happens
    assert "frozen" not in view.release_state_label.text()
    assert "freezes the period" in questions[0]
    with qtbot.waitSignal(view.releases_loaded, timeout=10_000):
        view.release_button.click()
    assert view.banner.kind == "success"
    assert view.release_model.rowCount() == 1
    release = view.release_model.rows()[0]
    assert (release.table_code, release.period, release.released_by) == (TABLE, QUARTER, "manager")
    assert "Released" in view.release_state_label.text()
    assert not view.release_button.isEnabled()  # once is enough


def test_comments_are_for_the_manager_only_and_marked_never_exported(
    qtbot: Any, runner: Any, manager: Any, staffed_dir: Path, open_session: Any
) -> None:
    view = _view(qtbot, runner, manager)
    assert view.comments_list.count() == 0  # not read until the manager opens them
    with qtbot.waitSignal(view.comments_loaded, timeout=10_000):
        view.tabs.setCurrentWidget(view.comments_tab)
    texts = [view.comments_list.item(r).text() for r in range(view.comments_list.count())]
    assert len(texts) == 1 and COMMENT_MARKER in texts[0]
    assert "never exported" in view.comments_warning_label.text()
    assert not view.comments_list.item(0).flags() & Qt.ItemFlag.ItemIsEditable
    # An administrator reads statistics but not comments: no tab at all.
    from ui.services import Services

    admin = _view(qtbot, runner, Services.for_session(open_session(staffed_dir, "admin")))
    tabs = [admin.tabs.tabText(i) for i in range(admin.tabs.count())]
    assert not any("Comments" in t for t in tabs)
    assert admin.release_button.isVisible()


def test_reports_are_previewed_before_saving(
    qtbot: Any, runner: Any, manager: Any, monkeypatch: Any
) -> None:
    from ui.letter_preview_dialog import LetterPreviewDialog
    from ui.statistics_view import OrganisationChoice

    previews: list[tuple[str, str, bytes]] = []
    monkeypatch.setattr(
        LetterPreviewDialog,
        "preview",
        classmethod(
            lambda cls, parent, title, filename, pdf: previews.append((title, filename, pdf))
        ),
    )
    offered: list[list[str]] = []

    def choose(_parent: Any, organisations: list[str]) -> str:
        offered.append(organisations)
        return organisations[0]

    monkeypatch.setattr(OrganisationChoice, "ask", staticmethod(choose))
    view = _view(qtbot, runner, manager)
    with qtbot.waitSignal(view.operation_finished, timeout=30_000):
        view.quarterly_button.click()
    title, filename, pdf = previews[-1]
    assert pdf.startswith(b"%PDF") and filename == f"supportline-report-{QUARTER}.pdf"
    assert "October to December 2024" in title
    with qtbot.waitSignal(view.operation_finished, timeout=30_000):
        view.usage_button.click()
    assert offered == [["Maidstone Grammar School"]]
    title, filename, pdf = previews[-1]
    assert pdf.startswith(b"%PDF") and "Maidstone Grammar School" in title
    assert "Maidstone" not in filename  # the file name carries no organisation


def test_a_call_handler_gets_no_statistics_page(
    qtbot: Any, runner: Any, staffed_dir: Path, open_session: Any
) -> None:
    from ui.main_window import MainWindow
    from ui.services import Services
    from ui.statistics_view import StatisticsView

    session = open_session(staffed_dir, "handler")
    window = MainWindow(session, Services.for_session(session), runner)
    qtbot.addWidget(window)
    assert "statistics" not in window.page_ids()
    assert not window.findChildren(StatisticsView)
    assert "evaluation_entry" in window.page_ids()


def test_manager_main_window_statistics_page(qtbot: Any, runner: Any, manager: Any) -> None:
    from ui.main_window import MainWindow
    from ui.statistics_view import StatisticsView

    window = MainWindow(manager.session, manager, runner)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    page = window.pages["statistics"]
    assert isinstance(page, StatisticsView)
    qtbot.waitUntil(lambda: page.output is not None, timeout=10_000)
    qtbot.waitUntil(lambda: runner.pending == 0, timeout=10_000)
    assert page.model.rowCount() == 7 and page.chart.series() is not None
    shots = os.environ.get("SUPPORTLINE_SCREENSHOTS")
    if shots:
        _grab(window, Path(shots) / "statistics.png")
        with qtbot.waitSignal(page.output_loaded, timeout=10_000):
            page.show_table("sessions_by_status")
        with qtbot.waitSignal(page.output_loaded, timeout=10_000):
            page.show_table("outcomes")
        _grab(window, Path(shots) / "statistics_one_way.png")


def _grab(window: Any, path: Path) -> None:
    from PySide6.QtCore import QCoreApplication, QEvent

    # Let replaced chart items be deleted and the layout settle before the picture is taken.
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    QCoreApplication.processEvents()
    window.grab().save(str(path))
