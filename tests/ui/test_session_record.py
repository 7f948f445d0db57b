"""Recording a session by keyboard: attendance, note, PHQ-9 item by item, Ctrl+S; the risk prompt;
the locked note and its amendments."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from supportline.calendar_uk import LONDON
from supportline.services.clinical import ClinicalService
from tests.ui.casework import press, tab_to, type_keys
from tests.ui.clinicalwork import (
    appointments,
    copy_demo,
    counsellor_services,
    grab,
    todays_session,
)
from tests.ui.conftest import run_on_db

NOTE = "Talked through the week at work; agreed a plan for the team meeting."


@pytest.fixture
def demo_dir(tmp_path_factory: pytest.TempPathFactory, tmp_path: Path) -> Path:
    return copy_demo(tmp_path_factory, tmp_path)


@pytest.fixture
def services(demo_dir: Path, open_session: Any, fake_clock: Any) -> Any:
    return counsellor_services(demo_dir, open_session, fake_clock)


@pytest.fixture
def risk_prompts(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    from ui.risk_prompt_dialog import RiskPromptDialog

    shown: list[str] = []
    monkeypatch.setattr(
        RiskPromptDialog,
        "show_prompt",
        classmethod(lambda cls, parent, name, prompt: shown.append(prompt)),
    )
    return shown


def _caseload(qtbot: Any, runner: Any, services: Any) -> Any:
    from ui.caseload_view import CaseloadView

    view = CaseloadView(services, runner)
    qtbot.addWidget(view)
    view.resize(1280, 800)
    view.show()
    qtbot.waitExposed(view)
    view.activateWindow()
    qtbot.waitUntil(view.isActiveWindow)
    qtbot.waitUntil(lambda: view.data is not None and runner.pending == 0)
    return view


def _open_by_keyboard(qtbot: Any, view: Any, case_id: int) -> Any:
    """Arrow keys to the case in the caseload table, then Enter."""
    view.table.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is view.table)
    press(qtbot, Qt.Key.Key_Home)
    for _ in range(view.proxy.rowCount()):
        row = view.selected_case()
        if row is not None and row.case_id == case_id:
            break
        press(qtbot, Qt.Key.Key_Down)
    assert view.selected_case().case_id == case_id
    with qtbot.waitSignal(view.workspace_opened) as opened:
        press(qtbot, Qt.Key.Key_Return)
    workspace = opened.args[0]
    qtbot.waitUntil(lambda: workspace.data is not None)
    return workspace


def _to_session(qtbot: Any, workspace: Any, appointment_id: int) -> Any:
    """Alt+2 for the Sessions tab; the latest session that has started is already chosen."""
    record = workspace.session_record
    press(qtbot, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)
    assert workspace.tabs.currentIndex() == 1
    assert QApplication.focusWidget() is workspace.appointments_table
    qtbot.waitUntil(
        lambda: (
            record.context is not None
            and record.context.appointment.id == appointment_id
            and not record.busy
        )
    )
    return record


def test_recording_a_session_by_keyboard(
    qtbot: Any, runner: Any, services: Any, fake_clock: Any, risk_prompts: list[str]
) -> None:
    session = run_on_db(qtbot, runner, lambda: todays_session(services))
    fake_clock.now = session.starts_at + timedelta(hours=1)
    view = _caseload(qtbot, runner, services)
    workspace = _open_by_keyboard(qtbot, view, session.case_id)
    record = _to_session(qtbot, workspace, session.id)
    assert "Session" in record.allowance_label.text()
    assert " of " in record.allowance_label.text()

    press(qtbot, Qt.Key.Key_Return)  # into the record: attendance first
    assert QApplication.focusWidget() is record.attended_radio
    press(qtbot, Qt.Key.Key_Space)
    assert record.attended_radio.isChecked()
    tab_to(qtbot, record.note_edit)
    type_keys(qtbot, NOTE)
    phq9 = record.measures.entries["PHQ-9"]
    assert record.measures.current() is phq9
    tab_to(qtbot, phq9.first_item())
    for digit in "121012100":  # one key an item: each moves on to the next
        press(qtbot, Qt.Key(Qt.Key.Key_0 + int(digit)))
    assert phq9.scored_answers() == {1: 1, 2: 2, 3: 1, 4: 0, 5: 1, 6: 2, 7: 1, 8: 0, 9: 0}
    assert "Total 8 of 27: Mild" in phq9.total_label.text()
    assert QApplication.focusWidget() is phq9.items[10]  # the unscored difficulty item
    assert not risk_prompts
    grab(workspace, "session_record")

    with qtbot.waitSignal(record.save_finished, timeout=10_000) as finished:
        press(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert finished.args == ["success"], record.banner.text()
    assert record.last_outcome is not None
    assert record.last_outcome.done == ["attendance", "note", "measure"]

    clinical = ClinicalService(services.session)
    notes = run_on_db(qtbot, runner, lambda: clinical.notes(session.id))
    assert [(n.kind, n.text) for n in notes] == [("note", NOTE)]
    history = run_on_db(qtbot, runner, lambda: clinical.measure_history(session.case_id))
    # The demo case has its earlier sessions' scores; this session's is the one just typed.
    assert [
        (p.total, p.band, p.appointment_id)
        for p in history["PHQ-9"]
        if p.appointment_id == session.id
    ] == [(8.0, "Mild", session.id)]
    rows = run_on_db(qtbot, runner, lambda: appointments(services, session.case_id))
    assert next(r for r in rows if r.id == session.id).status == "attended"
    qtbot.waitUntil(lambda: "PHQ-9" in workspace.chart.charts)
    assert not phq9.has_answers()  # a saved measure is cleared, so it cannot be saved twice


def test_a_raised_phq9_item_9_raises_the_risk_prompt_at_once(
    qtbot: Any, runner: Any, services: Any, fake_clock: Any, risk_prompts: list[str]
) -> None:
    session = run_on_db(qtbot, runner, lambda: todays_session(services))
    fake_clock.now = session.starts_at + timedelta(hours=1)
    view = _caseload(qtbot, runner, services)
    workspace = _open_by_keyboard(qtbot, view, session.case_id)
    record = _to_session(qtbot, workspace, session.id)
    phq9 = record.measures.entries["PHQ-9"]
    prompt = phq9.measure.risk_prompt
    assert prompt
    phq9.items[9].setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is phq9.items[9])
    press(qtbot, Qt.Key.Key_1)
    assert risk_prompts == [prompt]  # at once, before anything is saved
    assert phq9.risk_label.isVisibleTo(workspace) and phq9.risk_label.text() == prompt
    press(qtbot, Qt.Key.Key_Up)  # the answer moved focus on to item 10: Up twice, to item 8
    press(qtbot, Qt.Key.Key_Up)
    assert QApplication.focusWidget() is phq9.items[8]
    phq9.items[9].setFocus()
    press(qtbot, Qt.Key.Key_Delete)
    assert not phq9.risk_label.isVisibleTo(workspace)
    press(qtbot, Qt.Key.Key_3)
    assert risk_prompts == [prompt, prompt]  # raised again once it was cleared

    with qtbot.waitSignal(record.save_finished, timeout=10_000):
        press(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    # One item answered is too few to score, but the risk answer is kept and repeated.
    assert record.last_outcome is not None
    assert record.last_outcome.scores["PHQ-9"].risk_items == (9,)
    assert prompt in record.banner.text()


def test_a_locked_note_takes_amendments_only(
    qtbot: Any, runner: Any, services: Any, fake_clock: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ui.amendment_dialog import AmendmentDialog

    session = run_on_db(qtbot, runner, lambda: todays_session(services))
    clinical = ClinicalService(services.session)
    fake_clock.now = session.starts_at + timedelta(hours=1)
    run_on_db(qtbot, runner, lambda: clinical.write_note(session.id, NOTE))
    fake_clock.now = session.starts_at + timedelta(hours=25)  # the note has locked
    view = _caseload(qtbot, runner, services)
    workspace = _open_by_keyboard(qtbot, view, session.case_id)
    # Wait for this load: the opening load may already show the session's record, on a tab
    # not yet brought forward (this load brings the Sessions tab to the front).
    with qtbot.waitSignal(workspace.loaded, timeout=10_000):
        workspace.load(session.id)
    record = workspace.session_record
    qtbot.waitUntil(
        lambda: (
            record.context is not None
            and record.context.appointment.id == session.id
            and not record.busy
        )
    )
    assert record.context.locked
    assert record.note_edit.isReadOnly()
    assert record.note_edit.toPlainText() == NOTE
    assert record.amend_button.isVisibleTo(workspace) and record.amend_button.isEnabled()
    assert not record.amendments_list.isVisibleTo(workspace)

    asked: list[str] = []

    def ask(cls: Any, parent: Any, note_text: str) -> str:
        asked.append(note_text)
        return "Correction: the meeting is on Thursday."

    monkeypatch.setattr(AmendmentDialog, "ask", classmethod(ask))
    with qtbot.waitSignal(record.amendment_saved, timeout=10_000):
        record.amend_button.click()
    assert asked == [NOTE]
    qtbot.waitUntil(lambda: record.amendments_list.count() == 1 and not record.busy)
    amended = (session.starts_at + timedelta(hours=25)).astimezone(LONDON)
    assert (
        record.amendments_list.item(0).text().startswith(f"{amended:%d/%m/%Y %H:%M}, counsellor:")
    )
    assert "Thursday" in record.amendments_list.item(0).text()
    assert record.note_edit.toPlainText() == NOTE
    notes = run_on_db(qtbot, runner, lambda: clinical.notes(session.id))
    assert [(n.kind, n.text) for n in notes] == [
        ("note", NOTE),
        ("amendment", "Correction: the meeting is on Thursday."),
    ]


def test_an_amendment_dialog_refuses_an_empty_amendment(qtbot: Any) -> None:
    from ui.amendment_dialog import AmendmentDialog

    dialog = AmendmentDialog(NOTE)
    qtbot.addWidget(dialog)
    dialog.add_button.click()
    assert dialog.result() == 0 and dialog.error_label.isVisibleTo(dialog)
    dialog.amendment_edit.setPlainText("Added later.")
    dialog.add_button.click()
    assert dialog.result() == 1 and dialog.text() == "Added later."


def test_a_measure_entry_is_keyboard_operable(qtbot: Any, risk_prompts: list[str]) -> None:
    from supportline.measures import builtin_measures
    from ui.measure_entry_widget import MeasureEntryWidget

    gad7 = MeasureEntryWidget(builtin_measures()["GAD-7"])
    qtbot.addWidget(gad7)
    gad7.show()
    qtbot.waitExposed(gad7)
    gad7.activateWindow()
    gad7.first_item().setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is gad7.first_item())
    press(qtbot, Qt.Key.Key_Right)  # no answer yet: Right picks the first option
    assert gad7.items[1].value() == 0
    press(qtbot, Qt.Key.Key_Right)
    press(qtbot, Qt.Key.Key_Right)
    assert gad7.items[1].value() == 2
    assert gad7.items[1].accessibleDescription() == "Answer: 2 More than half the days"
    press(qtbot, Qt.Key.Key_9)  # not an option: ignored, no move
    assert QApplication.focusWidget() is gad7.items[1]
    press(qtbot, Qt.Key.Key_Down)
    for digit in "32123":  # items 2 to 6; item 7 left out (one missing is allowed)
        press(qtbot, Qt.Key(Qt.Key.Key_0 + int(digit)))
    result = gad7.score()
    assert result.missing == 1 and result.prorated and result.total == 15.0
    assert "prorated" in gad7.total_label.text()
    assert gad7.measure.licence and gad7.licence_label.text() == gad7.measure.licence
    gad7.items[2].buttons[0].click()  # the mouse works too
    assert gad7.items[2].value() == 0
    assert not risk_prompts  # GAD-7 has no risk item
