"""Ctrl+S saves from wherever the keyboard is inside a form: every focusable widget of the
session record, the Measures tab and the assessment (the questionnaire items among them)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from tests.ui.clinicalwork import copy_demo, counsellor_services, todays_session
from tests.ui.conftest import run_on_db


@pytest.fixture
def demo_dir(tmp_path_factory: pytest.TempPathFactory, tmp_path: Path) -> Path:
    return copy_demo(tmp_path_factory, tmp_path)


@pytest.fixture
def services(demo_dir: Path, open_session: Any, fake_clock: Any) -> Any:
    return counsellor_services(demo_dir, open_session, fake_clock)


def _focusable(form: QWidget) -> list[QWidget]:
    return [
        w
        for w in form.findChildren(QWidget)
        if w.focusPolicy() & Qt.FocusPolicy.TabFocus and w.isVisible() and w.isEnabled()
    ]


def _sweep(qtbot: Any, runner: Any, form: QWidget, shortcut: Any) -> list[str]:
    """Names of the widgets from which Ctrl+S did not reach the form's save."""
    fired: list[int] = []
    shortcut.activated.connect(lambda: fired.append(1))
    widgets = _focusable(form)
    assert len(widgets) > 5
    missed = []
    for widget in widgets:
        widget.setFocus(Qt.FocusReason.OtherFocusReason)
        # A widget with a focus proxy (the date editor's line edit) hands focus on.
        qtbot.waitUntil(lambda w=widget: QApplication.focusWidget() in (w, w.focusProxy()))
        before = len(fired)
        qtbot.keyClick(
            QApplication.focusWidget(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier
        )
        if len(fired) != before + 1:
            missed.append(widget.objectName() or type(widget).__name__)
        qtbot.waitUntil(lambda: runner.pending == 0 and not getattr(form, "busy", False))
        qtbot.wait(0)  # the save's reply re-enables its buttons
    return missed


def test_ctrl_s_saves_from_every_item_and_field_of_the_case_forms(
    qtbot: Any, runner: Any, services: Any, fake_clock: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ui.caseload_view import CaseloadView
    from ui.risk_prompt_dialog import RiskPromptDialog

    monkeypatch.setattr(RiskPromptDialog, "show_prompt", classmethod(lambda *a: None))
    session = run_on_db(qtbot, runner, lambda: todays_session(services))
    fake_clock.now = session.starts_at + timedelta(hours=1)
    view = CaseloadView(services, runner)
    qtbot.addWidget(view)
    view.resize(1280, 800)
    view.show()
    qtbot.waitExposed(view)
    view.activateWindow()
    qtbot.waitUntil(view.isActiveWindow)
    qtbot.waitUntil(lambda: view.data is not None and runner.pending == 0)
    row = next(r for r in view.data.rows if r.case_id == session.case_id)
    workspace = view.open_case(row.item, session.id)
    record = workspace.session_record
    qtbot.waitUntil(lambda: record.context is not None and not record.busy)

    workspace.show_tab(1)
    items = record.measures.entries["PHQ-9"].items.values()
    assert all(item in _focusable(record) for item in items)
    assert _sweep(qtbot, runner, record, record.save_shortcut) == []
    qtbot.waitUntil(lambda: runner.pending == 0 and not record.busy)

    workspace.show_tab(2)
    page = workspace.tabs.widget(2)
    assert workspace.case_measures.entries["PHQ-9"].first_item() in _focusable(page)
    assert _sweep(qtbot, runner, page, workspace.measures_save_shortcut) == []
    qtbot.waitUntil(lambda: runner.pending == 0)

    workspace.show_tab(0)
    assert _sweep(qtbot, runner, workspace.assessment, workspace.assessment.save_shortcut) == []
    qtbot.waitUntil(lambda: runner.pending == 0)
