"""Measures are dated by the day they were taken: the session's day in a session record, a
chosen "taken on" day (DD/MM/YYYY, not in the future, not before the case opened) on the
Measures tab; the chart draws them on those days. Ctrl+S saves from inside the items."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication

from supportline.calendar_uk import LONDON
from supportline.services.clinical import ClinicalService
from tests.ui.clinicalwork import copy_demo, counsellor_services, grab, todays_session
from tests.ui.conftest import run_on_db

PHQ = [2, 2, 1, 1, 1, 1, 1, 1, 0]  # 10, moderate
GAD = [1, 1, 1, 1, 1, 2, 2]  # 9, mild


@pytest.fixture
def demo_dir(tmp_path_factory: pytest.TempPathFactory, tmp_path: Path) -> Path:
    return copy_demo(tmp_path_factory, tmp_path)


@pytest.fixture
def services(demo_dir: Path, open_session: Any, fake_clock: Any) -> Any:
    return counsellor_services(demo_dir, open_session, fake_clock)


@pytest.fixture(autouse=True)
def no_risk_prompt(monkeypatch: pytest.MonkeyPatch) -> None:
    from ui.risk_prompt_dialog import RiskPromptDialog

    monkeypatch.setattr(RiskPromptDialog, "show_prompt", classmethod(lambda *a: None))


def _workspace(qtbot: Any, runner: Any, services: Any, case_id: int) -> Any:
    from ui.caseload_view import CaseloadView

    view = CaseloadView(services, runner)
    qtbot.addWidget(view)
    view.resize(1280, 800)
    view.show()
    qtbot.waitExposed(view)
    view.activateWindow()
    qtbot.waitUntil(view.isActiveWindow)
    qtbot.waitUntil(lambda: view.data is not None and runner.pending == 0)
    row = next(r for r in view.data.rows if r.case_id == case_id)
    workspace = view.open_case(row.item)
    qtbot.waitUntil(lambda: workspace.data is not None and runner.pending == 0)
    return view, workspace


def _noon(day: date) -> float:
    moment = datetime(day.year, day.month, day.day, 12, 0, tzinfo=LONDON)
    return float(moment.timestamp() * 1000)


def _answer(qtbot: Any, entry: Any, answers: list[int]) -> None:
    entry.first_item().setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is entry.first_item())
    for value in answers:
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key(Qt.Key.Key_0 + value))


def test_a_measure_typed_in_days_later_is_dated_and_charted_on_the_session_day(
    qtbot: Any, runner: Any, services: Any, fake_clock: Any
) -> None:
    session = run_on_db(qtbot, runner, lambda: todays_session(services))
    session_day = session.starts_at.astimezone(LONDON).date()
    fake_clock.now = session.starts_at + timedelta(days=3)  # written up three days later
    _view, workspace = _workspace(qtbot, runner, services, session.case_id)
    record = workspace.session_record
    workspace.show_tab(1)
    assert workspace.select_appointment(session.id)
    qtbot.waitUntil(
        lambda: (
            record.context is not None
            and record.context.appointment.id == session.id
            and not record.busy
        )
    )
    assert session_day.strftime("%d/%m/%Y") in record.measures_group.title()
    phq9 = record.measures.entries["PHQ-9"]
    _answer(qtbot, phq9, PHQ)
    item = phq9.items[10]
    assert QApplication.focusWidget() is item
    with qtbot.waitSignal(record.save_finished, timeout=10_000) as finished:
        qtbot.keyClick(item, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert finished.args == ["success"], record.banner.text()

    clinical = ClinicalService(services.session)
    history = run_on_db(qtbot, runner, lambda: clinical.measure_history(session.case_id))
    latest = history["PHQ-9"][-1]
    assert (latest.taken_on, latest.total) == (session_day, 10.0)
    qtbot.waitUntil(lambda: "PHQ-9" in workspace.chart.charts)
    assert workspace.chart.series_points("PHQ-9")[-1] == (_noon(session_day), 10.0)


def test_the_measures_tab_asks_the_day_taken_and_ctrl_s_saves_from_an_item(
    qtbot: Any, runner: Any, services: Any, fake_clock: Any
) -> None:
    session = run_on_db(qtbot, runner, lambda: todays_session(services))
    case = run_on_db(qtbot, runner, lambda: services.cases.get(session.case_id))
    today = fake_clock.now.astimezone(LONDON).date()
    opened = case.opened_at.astimezone(LONDON).date()
    _view, workspace = _workspace(qtbot, runner, services, session.case_id)
    workspace.show_tab(2)
    edit = workspace.taken_on_edit
    assert edit.displayFormat() == "dd/MM/yyyy"
    assert edit.value() == today  # by default, today
    assert edit.maximumDate() == QDate(today.year, today.month, today.day)  # never the future
    assert edit.minimumDate() == QDate(opened.year, opened.month, opened.day)
    taken = today - timedelta(days=12)
    edit.set_value(taken)
    gad7 = workspace.case_measures.choose("GAD-7")
    _answer(qtbot, gad7, GAD)
    grab(workspace, "measures_taken_on")
    item = gad7.items[3]
    item.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is item)
    with qtbot.waitSignal(workspace.measures_saved, timeout=10_000) as saved:
        qtbot.keyClick(item, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert saved.args == ["success"], workspace.measures_banner.text()

    clinical = ClinicalService(services.session)
    history = run_on_db(qtbot, runner, lambda: clinical.measure_history(session.case_id))
    point = next(p for p in history["GAD-7"] if p.total == 9.0)
    assert (point.taken_on, point.appointment_id) == (taken, None)
    qtbot.waitUntil(lambda: "GAD-7" in workspace.chart.charts)
    assert (_noon(taken), 9.0) in workspace.chart.series_points("GAD-7")
    assert edit.value() == today  # ready for the next one


def test_the_chart_draws_each_point_on_its_day(qtbot: Any) -> None:
    from supportline.measures import load_measures
    from supportline.services.clinical import MeasurePoint
    from ui.measure_chart_widget import MeasureChartWidget

    measures = load_measures()
    recorded = datetime(2025, 3, 20, 9, 0, tzinfo=LONDON)
    points = [
        MeasurePoint(date(2025, 3, 3), 16.0, "Moderately severe", None, recorded),
        MeasurePoint(date(2025, 3, 17), 9.0, "Mild", 7, recorded),
    ]
    chart = MeasureChartWidget()
    qtbot.addWidget(chart)
    chart.set_history({"PHQ-9": points}, measures)
    assert chart.series_points("PHQ-9") == [
        (_noon(date(2025, 3, 3)), 16.0),
        (_noon(date(2025, 3, 17)), 9.0),
    ]
    assert "03/03/2025 16" in chart.charts["PHQ-9"].accessibleDescription()


@pytest.mark.parametrize("reason", ["in_future", "before_case_opened"])
def test_a_refused_date_is_worded(qapp: Any, reason: str) -> None:
    from supportline.services.clinical import InvalidClinical
    from supportline.validation import InvalidInput
    from ui import clinical_messages

    text = clinical_messages.error_message(InvalidClinical([InvalidInput("taken_on", reason)]))
    assert text.startswith("Taken on: the day a measure was taken cannot be")
    assert "not valid" not in text


def test_tab_runs_from_the_measure_through_the_day_taken_into_the_items(
    qtbot: Any, runner: Any, services: Any
) -> None:
    session = run_on_db(qtbot, runner, lambda: todays_session(services))
    _view, workspace = _workspace(qtbot, runner, services, session.case_id)
    workspace.show_tab(2)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is workspace.case_measures.measure_combo)
    seen = []
    for _ in range(5):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        seen.append(QApplication.focusWidget())
    edit = workspace.taken_on_edit
    first = workspace.case_measures.current().first_item()
    assert seen[:3] == [edit, edit, edit]  # day, month, year
    assert seen[3] is first
