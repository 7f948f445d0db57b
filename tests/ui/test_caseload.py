"""Caseload: the demo counsellor's active cases and own sessions, the case workspace, the
assessment, closing a case, the evaluation forms and the models."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from supportline.db import schema
from supportline.services.clinical import ClinicalService
from tests.ui.casework import press
from tests.ui.clinicalwork import (
    appointments,
    copy_demo,
    counsellor_services,
    grab,
    my_active_cases,
    todays_session,
)
from tests.ui.conftest import run_on_db


@pytest.fixture
def demo_dir(tmp_path_factory: pytest.TempPathFactory, tmp_path: Path) -> Path:
    return copy_demo(tmp_path_factory, tmp_path)


@pytest.fixture
def services(demo_dir: Path, open_session: Any, fake_clock: Any) -> Any:
    return counsellor_services(demo_dir, open_session, fake_clock)


@pytest.fixture
def caseload(qtbot: Any, runner: Any, services: Any) -> Any:
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


def _new_case(caseload: Any) -> int:
    """A case whose assessment is still to come: nothing recorded yet (the demo's other cases
    have their assessments, scores and notes)."""
    return next(
        row.case_id for row in caseload.model.rows() if row.item.status == "assessment_booked"
    )


def _open(qtbot: Any, caseload: Any, case_id: int) -> Any:
    row = next(r for r in caseload.data.rows if r.case_id == case_id)
    workspace = caseload.open_case(row.item)
    qtbot.waitUntil(lambda: workspace.data is not None and workspace.forms.issued is not None)
    return workspace


def test_caseload_lists_the_counsellors_active_cases(
    qtbot: Any, runner: Any, services: Any, caseload: Any
) -> None:
    expected = run_on_db(qtbot, runner, lambda: my_active_cases(services))
    assert expected, "the demo counsellor has a live caseload"
    shown = {row.case_id for row in caseload.model.rows()}
    assert shown == expected
    assert caseload.count_label.text() == f"{len(expected)} active case(s)"
    # UK date and time of the next session, Europe/London (GMT in March).
    model = caseload.model
    for number, row in enumerate(model.rows()):
        item = row.item
        text = model.index(number, model.COLUMN_NEXT).data()
        if item.next_session is not None:
            assert text == item.next_session.strftime("%d/%m/%Y %H:%M")
        used = model.index(number, model.COLUMN_SESSIONS).data()
        assert used.endswith(f"of {row.allowance.allowed}")
    # Today's list: only 03/03/2025, only this counsellor's sessions, names shown.
    today = [
        caseload.today_model.index(r, 0).data() for r in range(caseload.today_model.rowCount())
    ]
    assert today and all(len(text) == 5 and text[2] == ":" for text in today)
    assert {e.starts_at_local.date().isoformat() for e in caseload.today_model.rows()} == {
        "2025-03-03"
    }
    week = caseload.week_model.rows()
    assert len(week) >= len(today)
    assert {e.starts_at_local.date().isoformat()[:7] for e in week} == {"2025-03"}
    assert {e.case_id for e in week} <= expected | {0}
    assert caseload.today_group.title() == "Today, 03/03/2025"
    assert caseload.table.accessibleName() and caseload.today_table.accessibleName()
    grab(caseload, "caseload")


def test_enter_opens_the_case_and_esc_comes_back(qtbot: Any, caseload: Any) -> None:
    caseload.table.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is caseload.table)
    chosen = caseload.selected_case()
    with qtbot.waitSignal(caseload.workspace_opened) as opened:
        press(qtbot, Qt.Key.Key_Return)
    workspace = opened.args[0]
    assert workspace.case.case_id == chosen.case_id
    assert workspace.title_label.text() == f"{chosen.item.reference} {chosen.item.client_name}"
    qtbot.waitUntil(lambda: workspace.data is not None)
    assert [workspace.tabs.tabText(i) for i in range(workspace.tabs.count())] == [
        "Assessment",
        "Sessions",
        "Measures",
        "Chart",
        "Evaluation forms",
    ]
    assert workspace.subject_access_button.isVisibleTo(caseload)  # the demo counsellor is a lead
    press(qtbot, Qt.Key.Key_3, Qt.KeyboardModifier.AltModifier)
    assert workspace.tabs.currentIndex() == 2
    press(qtbot, Qt.Key.Key_Escape)
    assert caseload.stack.currentWidget() is caseload.caseload_page
    assert QApplication.focusWidget() is caseload.table


def test_a_session_in_todays_list_opens_its_case_at_that_session(
    qtbot: Any, runner: Any, services: Any, caseload: Any
) -> None:
    caseload.today_table.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is caseload.today_table)
    caseload.today_table.setCurrentIndex(caseload.today_proxy.index(0, 0))
    entry = caseload.today_table.currentIndex().data(caseload.today_model.RowObjectRole)
    with qtbot.waitSignal(caseload.workspace_opened) as opened:
        press(qtbot, Qt.Key.Key_Return)
    workspace = opened.args[0]
    qtbot.waitUntil(lambda: workspace.session_record.context is not None)
    assert workspace.tabs.currentIndex() == 1
    assert workspace.session_record.context.appointment.id == entry.appointment_id
    # Not started yet (the fake clock says 10:00): attendance cannot be recorded.
    assert not workspace.session_record.attended_radio.isEnabled()


def test_the_assessment_shows_problems_and_keeps_what_was_typed(
    qtbot: Any, runner: Any, services: Any, caseload: Any
) -> None:
    case_id = _new_case(caseload)
    workspace = _open(qtbot, caseload, case_id)
    form = workspace.assessment
    qtbot.waitUntil(lambda: bool(form.baseline_buttons))
    form.narrative_edit.setPlainText("Stress at work since the restructure.")
    form.level_combo.setCurrentIndex(form.level_combo.findData("high"))
    assert "required" in form.action_label.text()
    with qtbot.waitSignal(form.save_finished) as finished:
        form.save_button.click()
    assert finished.args == ["error"]
    problems = form.visible_problems()
    assert set(problems) >= {
        "presenting_issues",
        "action_taken",
        "consent_recorded",
        "confidentiality_agreed",
    }
    assert form.narrative_edit.toPlainText() == "Stress at work since the restructure."

    form.issues_list.item(0).setCheckState(Qt.CheckState.Checked)
    form.action_edit.setPlainText("Safety plan agreed; GP informed with consent.")
    form.consent_check.setChecked(True)
    form.confidentiality_check.setChecked(True)
    form.goals_edit.setPlainText("Sleep better; return to full duties.")
    with qtbot.waitSignal(form.save_finished) as finished:
        form.save_button.click()
    assert finished.args == ["success"], form.banner.text()
    clinical = ClinicalService(services.session)
    saved = run_on_db(qtbot, runner, lambda: clinical.assessment(case_id))
    assert saved.risk.level == "high" and saved.plan == "counselling"
    assert saved.plan_sessions == 6 and saved.consent_recorded
    # The baseline buttons open the Measures tab at that measure's first item.
    form.baseline_buttons["GAD-7"].click()
    assert workspace.tabs.currentIndex() == 2
    assert workspace.case_measures.current().measure.id == "GAD-7"


def test_measures_and_the_chart(
    qtbot: Any,
    runner: Any,
    services: Any,
    caseload: Any,
    fake_clock: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from ui.risk_prompt_dialog import RiskPromptDialog

    monkeypatch.setattr(RiskPromptDialog, "show_prompt", classmethod(lambda *a: None))
    case_id = _new_case(caseload)
    workspace = _open(qtbot, caseload, case_id)
    weeks = (
        ([3, 3, 2, 2, 2, 2, 2, 1, 0], [2, 2, 2, 2, 2, 2, 2]),
        ([2, 2, 1, 1, 1, 1, 1, 1, 0], [1, 1, 1, 1, 1, 2, 2]),
        ([1, 1, 1, 0, 1, 0, 1, 0, 0], [1, 1, 0, 1, 0, 1, 0]),
    )
    for phq, gad in weeks:
        fake_clock.now += timedelta(days=7)
        for measure_id, answers in (("PHQ-9", phq), ("GAD-7", gad)):
            entry = workspace.case_measures.choose(measure_id)
            for number, value in enumerate(answers, start=1):
                entry.set_answer(number, value)
        with qtbot.waitSignal(workspace.measures_saved) as saved:
            workspace.record_measures_button.click()
        assert saved.args == ["success"], workspace.measures_banner.text()
    qtbot.waitUntil(lambda: set(workspace.chart.charts) == {"PHQ-9", "GAD-7"})
    workspace.show_tab(3)
    clinical = ClinicalService(services.session)
    history = run_on_db(qtbot, runner, lambda: clinical.measure_history(case_id))
    totals = [p.total for p in history["PHQ-9"]]
    assert totals == [17.0, 10.0, 5.0]
    assert [p.total for p in history["GAD-7"]] == [14.0, 9.0, 4.0]
    assert [y for _x, y in workspace.chart.series_points("PHQ-9")] == totals
    cutoff = workspace.chart.charts["PHQ-9"].chart().series()[1]
    assert {p.y() for p in cutoff.points()} == {10.0}
    assert workspace.chart.charts["PHQ-9"].accessibleDescription().count("/") == 6
    grab(workspace, "chart")


def test_closing_a_case_shows_the_outcome(
    qtbot: Any, runner: Any, services: Any, caseload: Any
) -> None:
    case_id = caseload.model.rows()[0].case_id
    workspace = _open(qtbot, caseload, case_id)
    with qtbot.waitSignal(workspace.closure_dialog_opened) as opened:
        workspace.close_case_button.click()
    dialog = opened.args[0]
    dialog.ending_combo.setCurrentIndex(dialog.ending_combo.findData("planned"))
    with qtbot.waitSignal(dialog.close_failed):
        dialog.close_case_button.click()  # no summary yet
    assert "Summary" in dialog.banner.text()
    dialog.summary_edit.setPlainText("Goals met; client feels able to manage.")
    with qtbot.waitSignal(dialog.case_closed) as closed:
        dialog.close_case_button.click()
    result = closed.args[0]
    assert dialog.outcome_label.isVisibleTo(dialog)
    text = dialog.outcome_label.text()
    assert text.startswith("Outcome: ")
    assert f"Sessions attended: {result.attended}" in text
    # Fewer than two attended sessions, or no PHQ-9/GAD-7 pair: the outcome says which.
    assert result.outcome in ("not_finished_course", "not_measured")
    assert dialog.close_case_button.text() == "&Done"
    assert not workspace.close_case_button.isEnabled()
    assert not workspace.forms.last_button.isEnabled()
    dialog.close_case_button.click()
    # The caseload behind the workspace refreshes itself when the counsellor goes back to it.
    qtbot.waitUntil(lambda: caseload.change_watch.stale)
    with qtbot.waitSignal(caseload.loaded, timeout=10_000):
        workspace.back_button.click()
    assert case_id not in {r.case_id for r in caseload.model.rows()}


def test_printing_the_last_form_warns_then_reports_the_code_destroyed(
    qtbot: Any, runner: Any, services: Any, caseload: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ui.confirm_dialog import ConfirmDialog
    from ui.letter_preview_dialog import LetterPreviewDialog

    previews: list[tuple[str, str, bytes]] = []
    monkeypatch.setattr(
        LetterPreviewDialog,
        "preview",
        classmethod(
            lambda cls, parent, title, filename, pdf: previews.append((title, filename, pdf))
        ),
    )
    answers = [False, True]
    asked: list[str] = []

    def ask(cls: Any, parent: Any, title: str, text: str, action: str) -> bool:
        asked.append(text)
        return answers.pop(0)

    monkeypatch.setattr(ConfirmDialog, "ask", classmethod(ask))
    case_id = caseload.model.rows()[0].case_id
    workspace = _open(qtbot, caseload, case_id)
    forms = workspace.forms
    workspace.show_tab(4)
    qtbot.waitUntil(lambda: forms.issued_label.text() != "")
    with qtbot.waitSignal(forms.form_made):
        forms.first_button.click()
    assert not asked  # the first form asks nothing
    assert previews[-1][1] == "evaluation-form-first.pdf" and previews[-1][2][:4] == b"%PDF"

    def codes() -> list[Any]:
        with services.session.case.connect() as conn:
            return list(
                conn.execute(
                    select(schema.evaluation_pair_codes).where(
                        schema.evaluation_pair_codes.c.case_id == case_id
                    )
                )
            )

    assert len(run_on_db(qtbot, runner, codes)) == 1
    forms.last_button.click()  # declined: nothing happens
    assert len(asked) == 1 and "destroys the pair code" in asked[0]
    assert len(previews) == 1 and len(run_on_db(qtbot, runner, codes)) == 1
    with qtbot.waitSignal(forms.form_made):
        forms.last_button.click()
    assert len(asked) == 2
    assert previews[-1][1] == "evaluation-form-last.pdf"
    assert "pair code has been destroyed" in forms.banner.text()
    assert "destroyed" in forms.issued_label.text()
    assert not forms.first_button.isEnabled() and not forms.last_button.isEnabled()
    assert run_on_db(qtbot, runner, codes) == []
    # The file name carries nothing that identifies the client.
    reference = workspace.case.reference
    assert all(reference not in name for _title, name, _pdf in previews)


def test_subject_access_previews_the_record(
    qtbot: Any, caseload: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ui.letter_preview_dialog import LetterPreviewDialog

    previews: list[bytes] = []
    monkeypatch.setattr(
        LetterPreviewDialog,
        "preview",
        classmethod(lambda cls, parent, title, filename, pdf: previews.append(pdf)),
    )
    workspace = _open(qtbot, caseload, caseload.model.rows()[0].case_id)
    with qtbot.waitSignal(workspace.subject_access_made, timeout=10_000):
        workspace.subject_access_button.click()
    assert previews and previews[0][:4] == b"%PDF"


def test_the_new_models_pass_qtmodeltester(
    qtmodeltester: Any, qtbot: Any, runner: Any, services: Any, caseload: Any
) -> None:
    from ui.case_appointment_table_model import CaseAppointment, CaseAppointmentTableModel

    assert caseload.model.rowCount() and caseload.week_model.rowCount()
    for model in (caseload.model, caseload.today_model, caseload.week_model):
        qtmodeltester.check(model, force_py=True)
    session = run_on_db(qtbot, runner, lambda: todays_session(services))
    rows = run_on_db(qtbot, runner, lambda: appointments(services, session.case_id))
    model = CaseAppointmentTableModel()
    model.set_rows([CaseAppointment.from_row(r) for r in rows])
    qtmodeltester.check(model, force_py=True)
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(model)
    proxy.setSortRole(model.SortRole)
    proxy.sort(model.COLUMN_WHEN, Qt.SortOrder.DescendingOrder)
    first = proxy.index(0, 0).data(model.RowObjectRole)
    assert first.starts_at == max(r.starts_at for r in rows)
