"""Evaluation-form entry: keyed in without a mouse, one-way (nothing entered is shown again),
sealed for the statistics side by a call handler and counted there once drained, a mistyped
pair code caught by its check symbol, and a second form of the same type refused."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QPlainTextEdit, QWidget
from sqlalchemy import func, select

from supportline import outbox
from supportline.db import schema
from supportline.services.clinical import PAIR_ALPHABET, new_pair_code
from supportline.statistics.catalogue import StatisticsService
from supportline.statistics.evaluation_questions import question_texts
from tests.ui.conftest import run_on_db

QUARTER = "2025Q1"  # the fake clock's 3 March 2025
COMMENT = "Thank you zq-entry-marker-4410"


def _services(open_session: Any, path: Path, username: str, clock: Any) -> Any:
    from ui.services import Services

    return Services.for_session(open_session(path, username, clock=clock))


def _view(qtbot: Any, runner: Any, services: Any) -> Any:
    from ui.evaluation_entry_view import EvaluationEntryView

    view = EvaluationEntryView(services, runner)
    qtbot.addWidget(view)
    view.resize(1100, 760)
    view.show()
    qtbot.waitExposed(view)
    return view


def _wrong_check(code: str) -> str:
    last = code[-1]
    return code[:-1] + next(c for c in PAIR_ALPHABET if c != last)


def _key(qtbot: Any, key: Qt.Key) -> None:
    widget = QApplication.focusWidget()
    assert widget is not None
    qtbot.keyClick(widget, key)


def _visible_text(view: QWidget) -> str:
    parts = [w.text() for w in view.findChildren(QLineEdit)]
    parts += [w.toPlainText() for w in view.findChildren(QPlainTextEdit)]
    parts += [w.text() for w in view.findChildren(QLabel)]
    return "\n".join(parts)


def _stats_forms(qtbot: Any, runner: Any, services: Any) -> list[tuple[str, str]]:
    """The forms counted, as (form, quarter): stats.db keeps their answers' counts only."""

    def read() -> list[tuple[str, str]]:
        c = schema.stat_counts.c
        with services.session.stats.connect() as conn:
            rows = conn.execute(
                select(c.table_code, c.quarter)
                .where(c.table_code.in_(("evaluation_first", "evaluation_last")))
                .distinct()
                .order_by(c.table_code, c.quarter)
            )
            return [(code.removeprefix("evaluation_"), quarter) for code, quarter in rows]

    return run_on_db(qtbot, runner, read)


def test_handler_keys_in_a_form_by_keyboard_and_it_reaches_statistics(
    qtbot: Any, runner: Any, staffed_dir: Path, open_session: Any, fake_clock: Any
) -> None:
    handler = _services(open_session, staffed_dir, "handler", fake_clock)
    view = _view(qtbot, runner, handler)
    code = new_pair_code()
    questions = [c for c, _ in question_texts("first")]
    # Form type (already "first"), then Tab into the pair code.
    view.first_radio.setFocus(Qt.FocusReason.OtherFocusReason)
    qtbot.waitUntil(lambda: view.first_radio.hasFocus())
    _key(qtbot, Qt.Key.Key_Tab)
    assert view.pair_code_edit.hasFocus()
    qtbot.keyClicks(view.pair_code_edit, code.lower())  # typed in lower case: shown in upper
    assert view.pair_code_edit.text() == code
    _key(qtbot, Qt.Key.Key_Tab)
    # Digits answer and move on; 0 leaves a question blank; arrows work as in any radio group.
    assert view.row(questions[0]).focus_button().hasFocus()
    for digit in (Qt.Key.Key_4, Qt.Key.Key_5, Qt.Key.Key_0, Qt.Key.Key_3):
        _key(qtbot, digit)
    for _ in range(2):
        _key(qtbot, Qt.Key.Key_Right)  # blank -> 1 -> 2
    _key(qtbot, Qt.Key.Key_Tab)
    for digit in (Qt.Key.Key_5, Qt.Key.Key_4):
        _key(qtbot, digit)
    assert view.comment_edit.hasFocus()
    qtbot.keyClicks(view.comment_edit, COMMENT)
    _key(qtbot, Qt.Key.Key_Tab)
    assert view.save_button.hasFocus()
    expected = dict(zip(questions, (4, 5, None, 3, 2, 5, 4), strict=True))
    assert view.entry().answers == expected
    with qtbot.waitSignal(view.form_saved, timeout=10_000) as saved:
        _key(qtbot, Qt.Key.Key_Space)
    assert saved.args == ["sealed"]  # a handler cannot write statistics: sealed to them
    # Cleared for the next paper form, and nothing of this one is left to see.
    assert view.banner.text() == "Form recorded." and view.banner.kind == "success"
    assert view.pair_code_edit.text() == "" and view.comment_edit.toPlainText() == ""
    assert all(view.row(q).value() is None for q in questions)
    assert view.pair_code_edit.hasFocus()
    assert view.form() == "first"
    shown = _visible_text(view)
    assert code not in shown and "zq-entry-marker" not in shown
    assert "1" in view.recorded_label.text()

    # The statistics side opens it when the outbox is drained, and counts it.
    admin = _services(open_session, staffed_dir, "admin", fake_clock)
    assert _stats_forms(qtbot, runner, admin) == []
    drained = run_on_db(qtbot, runner, lambda: outbox.drain(admin.session))
    assert drained.taken == 1
    forms = _stats_forms(qtbot, runner, admin)
    assert forms == [("first", QUARTER)]

    def answers_and_comments() -> tuple[dict[str, int], list[str]]:
        a, c = schema.stat_counts.c, schema.evaluation_comments.c
        with admin.session.stats.connect() as conn:
            answers = {
                q: int(v)
                for q, v in conn.execute(
                    select(a.row, a.column).where(a.table_code == "evaluation_first")
                )
            }
            comments = list(conn.execute(select(c.text)).scalars())
        return answers, comments

    answers, comments = run_on_db(qtbot, runner, answers_and_comments)
    assert answers == {q: v for q, v in expected.items() if v is not None}
    assert comments == [COMMENT]
    statistics = StatisticsService(admin.session)
    table = run_on_db(qtbot, runner, lambda: statistics.output("evaluation_first", QUARTER))
    # Every question of the form is a row, every period, answered or not; one form's counts are
    # all hidden.
    from supportline.statistics.evaluation_questions import question_codes

    assert set(table.table.rows) == question_codes("first")
    assert set(answers) <= set(table.table.rows)
    assert any(cell.suppressed for cell in table.table.cells.values())
    assert all(cell.suppressed or cell.value == 0 for cell in table.table.cells.values())


def test_a_second_form_of_the_same_type_and_code_is_refused(
    qtbot: Any, runner: Any, staffed_dir: Path, open_session: Any, fake_clock: Any
) -> None:
    manager = _services(open_session, staffed_dir, "manager", fake_clock)
    view = _view(qtbot, runner, manager)
    code = new_pair_code()
    first_question = question_texts("first")[0][0]

    def fill(form: str) -> None:
        (view.first_radio if form == "first" else view.last_radio).setChecked(True)
        view.pair_code_edit.setText(code)
        view.rows[0].buttons[3].setChecked(True)

    fill("first")
    with qtbot.waitSignal(view.form_saved, timeout=10_000) as saved:
        view.save_button.click()
    assert saved.args == ["stored"]  # a manager holds the statistics key
    fill("first")
    with qtbot.waitSignal(view.form_failed, timeout=10_000) as failed:
        view.save_button.click()
    assert failed.args == ["A form of this type with this code has already been entered."]
    assert view.banner.kind == "error"
    # What was typed stays, to be checked against the paper.
    assert view.pair_code_edit.text() == code and view.rows[0].value() == 3
    assert view.rows[0].code == first_question
    # The last form with the same code is its pair, and goes in.
    fill("last")
    with qtbot.waitSignal(view.form_saved, timeout=10_000):
        view.save_button.click()
    assert [form for form, _ in _stats_forms(qtbot, runner, manager)] == ["first", "last"]


def test_a_mistyped_pair_code_is_caught_by_its_check_symbol(
    qtbot: Any, runner: Any, staffed_dir: Path, open_session: Any, fake_clock: Any
) -> None:
    handler = _services(open_session, staffed_dir, "handler", fake_clock)
    view = _view(qtbot, runner, handler)
    view.pair_code_edit.setText(_wrong_check(new_pair_code()))
    view.pair_code_edit.editingFinished.emit()
    assert view.pair_code_error_label.isVisible()  # told on leaving the field
    assert "check symbol" in view.pair_code_error_label.text()
    view.rows[0].buttons[5].setChecked(True)
    with qtbot.waitSignal(view.form_failed, timeout=10_000) as failed:
        view.save_button.click()
    assert "typing mistake" in failed.args[0]
    assert view.pair_code_error_label.isVisible()
    assert view.pair_code_edit.accessibleDescription() == view.pair_code_error_label.text()
    # Correcting it clears the message; a blank form is refused in words.
    view.pair_code_edit.setText(new_pair_code())
    qtbot.keyClicks(view.pair_code_edit, "")
    view.pair_code_edit.textEdited.emit(view.pair_code_edit.text())
    assert not view.pair_code_error_label.isVisible()
    view.rows[0].buttons[0].setChecked(True)
    with qtbot.waitSignal(view.form_failed, timeout=10_000) as failed:
        view.save_button.click()
    assert failed.args == ["The form is blank: enter at least one answer or the comments."]

    def outbox_rows() -> int:
        with handler.session.case.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(schema.outbox)).scalar())

    assert run_on_db(qtbot, runner, outbox_rows) == 0  # nothing was sealed


def test_every_control_is_named_and_tab_order_follows_the_paper(
    qtbot: Any, runner: Any, staffed_dir: Path, open_session: Any, fake_clock: Any
) -> None:
    from PySide6.QtWidgets import QAbstractButton

    handler = _services(open_session, staffed_dir, "handler", fake_clock)
    view = _view(qtbot, runner, handler)
    for widget in view.findChildren(QAbstractButton) + [view.pair_code_edit, view.comment_edit]:
        assert widget.accessibleName(), widget.objectName()
    assert view.rows[0].buttons[4].accessibleName() == "Question 1: Agree"
    # Tab visits the form type, the code, one stop per question, the comments, then Save.
    view.first_radio.setFocus(Qt.FocusReason.OtherFocusReason)
    qtbot.waitUntil(lambda: view.first_radio.hasFocus())
    visited = []
    for _ in range(len(view.rows) + 3):
        _key(qtbot, Qt.Key.Key_Tab)
        visited.append(QApplication.focusWidget())
    assert visited == [
        view.pair_code_edit,
        *[r.focus_button() for r in view.rows],
        view.comment_edit,
        view.save_button,
    ]
    # The last form has its own questions.
    view.last_radio.setChecked(True)
    assert [r.code for r in view.rows] == [c for c, _ in question_texts("last")]


@pytest.mark.parametrize(
    "username,has_page", [("handler", True), ("manager", True), ("counsellor", False)]
)
def test_the_page_is_offered_to_whoever_opens_the_post(
    qtbot: Any,
    runner: Any,
    staffed_dir: Path,
    open_session: Any,
    fake_clock: Any,
    username: str,
    has_page: bool,
) -> None:
    from ui.evaluation_entry_view import EvaluationEntryView
    from ui.main_window import MainWindow

    services = _services(open_session, staffed_dir, username, fake_clock)
    window = MainWindow(services.session, services, runner)
    qtbot.addWidget(window)
    assert ("evaluation_entry" in window.page_ids()) == has_page
    assert bool(window.findChildren(EvaluationEntryView)) == has_page
    shots = os.environ.get("SUPPORTLINE_SCREENSHOTS")
    if shots and username == "handler":
        window.resize(1280, 800)
        window.show()
        qtbot.waitExposed(window)
        window.show_page("evaluation_entry")
        page = window.pages["evaluation_entry"]
        page.pair_code_edit.setText(_wrong_check(new_pair_code()))
        page.pair_code_edit.editingFinished.emit()
        for row, value in zip(page.rows, (4, 5, 0, 3, 2), strict=False):
            row.buttons[value].setChecked(True)
        page.comment_edit.setPlainText("The counsellor was very kind.")
        QApplication.processEvents()
        window.grab().save(str(Path(shots) / "evaluation_entry.png"))


def test_the_comment_preview_shows_what_will_be_stored(
    qtbot: Any, runner: Any, staffed_dir: Path, open_session: Any, fake_clock: Any
) -> None:
    handler = _services(open_session, staffed_dir, "handler", fake_clock)
    view = _view(qtbot, runner, handler)
    assert not view.comment_preview_label.isVisible()
    view.comment_edit.setPlainText("Ring 07700 900123, thanks to Sarah")
    preview = view.comment_preview_label
    assert preview.isVisible() and preview.wordWrap()
    assert preview.text() == "Will be stored as: Ring [phone removed], thanks to [name removed]"
    view.clear_form()
    assert not preview.isVisible() and preview.text() == ""
