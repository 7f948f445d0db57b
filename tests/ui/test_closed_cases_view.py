"""The caseload can show closed cases again ("Show closed cases"), most recently closed first;
a closed case opens read-only, with its notes still readable by its counsellor."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from supportline.db import schema
from tests.ui.casework import press
from tests.ui.clinicalwork import copy_demo, counsellor_services, grab
from tests.ui.conftest import run_on_db


@pytest.fixture
def demo_dir(tmp_path_factory: pytest.TempPathFactory, tmp_path: Path) -> Path:
    return copy_demo(tmp_path_factory, tmp_path)


@pytest.fixture
def services(demo_dir: Path, open_session: Any, fake_clock: Any) -> Any:
    return counsellor_services(demo_dir, open_session, fake_clock)


def _closed_with_a_note(services: Any) -> tuple[int, int]:
    """(case id, appointment id): a closed case of the demo counsellor with a session note."""
    c, co, u = schema.cases.c, schema.counsellors.c, schema.users.c
    a, n = schema.appointments.c, schema.session_notes.c
    with services.session.case.connect() as conn:
        row = conn.execute(
            select(c.id, a.id.label("appointment_id"))
            .select_from(
                schema.cases.join(schema.counsellors, co.id == c.counsellor_id)
                .join(schema.users, u.id == co.user_id)
                .join(schema.appointments, a.case_id == c.id)
                .join(schema.session_notes, n.appointment_id == a.id)
            )
            .where(u.username == "counsellor", c.status == "closed")
            .order_by(c.closed_at.desc())
        ).first()
    assert row is not None, "the demo counsellor should have a closed case with a note"
    return row.id, row.appointment_id


def test_closed_cases_can_be_shown_and_opened_read_only(
    qtbot: Any, runner: Any, services: Any
) -> None:
    from ui.caseload_table_model import CaseloadTableModel
    from ui.caseload_view import CaseloadView

    case_id, appointment_id = run_on_db(qtbot, runner, lambda: _closed_with_a_note(services))
    view = CaseloadView(services, runner)
    qtbot.addWidget(view)
    view.resize(1280, 800)
    view.show()
    qtbot.waitExposed(view)
    view.activateWindow()
    qtbot.waitUntil(view.isActiveWindow)
    qtbot.waitUntil(lambda: view.data is not None and runner.pending == 0)
    assert view.model.row_of(case_id) < 0  # closed: not on the caseload by default
    open_count = view.model.rowCount()

    with qtbot.waitSignal(view.loaded, timeout=10_000):
        view.show_closed_check.setChecked(True)
    row = view.model.row_of(case_id)
    assert row >= 0
    stage = view.model.index(row, CaseloadTableModel.COLUMN_STAGE)
    assert stage.data() == "Closed"
    assert stage.data(Qt.ItemDataRole.ForegroundRole) is not None  # drawn dimmed
    assert view.model.index(row, CaseloadTableModel.COLUMN_NEXT).data().startswith("Closed ")
    # Open cases first, then the closed ones, most recently closed first.
    proxy_rows = [
        view.proxy.index(r, 0).data(CaseloadTableModel.RowObjectRole)
        for r in range(view.proxy.rowCount())
    ]
    statuses = [r.item.status for r in proxy_rows]
    assert statuses[:open_count] == [s for s in statuses if s != "closed"]
    closed = [r.item.closed_at for r in proxy_rows if r.item.status == "closed"]
    assert closed == sorted(closed, reverse=True)
    assert "closed" in view.count_label.text()
    grab(view, "caseload_with_closed")

    view.table.setFocus()
    index = view.proxy.mapFromSource(view.model.index(row, 0))
    view.table.setCurrentIndex(index)
    with qtbot.waitSignal(view.workspace_opened) as opened:
        press(qtbot, Qt.Key.Key_Return)
    workspace = opened.args[0]
    qtbot.waitUntil(lambda: workspace.data is not None and runner.pending == 0)
    assert workspace.read_only
    assert "closed" in workspace.banner.text().lower()
    assert not workspace.close_case_button.isEnabled()
    assert not workspace.assessment.save_button.isEnabled()
    assert workspace.assessment.narrative_edit.isReadOnly()
    assert not workspace.record_measures_button.isEnabled()
    assert not workspace.case_measures.isEnabled()

    record = workspace.session_record
    workspace.show_tab(1)
    assert workspace.select_appointment(appointment_id)
    qtbot.waitUntil(
        lambda: (
            record.context is not None
            and record.context.appointment.id == appointment_id
            and not record.busy
        )
    )
    assert record.note_edit.toPlainText().strip()  # the note is still there to read
    assert record.note_edit.isReadOnly()
    assert not record.attended_radio.isEnabled() and not record.dna_radio.isEnabled()
    assert not record.measures_group.isVisibleTo(record)
    assert not record.save_button.isEnabled()  # the note has locked: nothing left to save
    grab(workspace, "closed_case_workspace")

    press(qtbot, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: view.workspace is None)
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        view.show_closed_check.setChecked(False)
    assert view.model.row_of(case_id) < 0
    assert QApplication.focusWidget() is not None
