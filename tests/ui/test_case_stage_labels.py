"""A case's stage reads the same, and true, wherever a case is shown: the waiting list, the client
record, the booking dialog, the caseload and the case workspace."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from supportline.services.cases import CASE_STAGES
from tests.ui.clinicalwork import copy_demo, counsellor_services, todays_session
from tests.ui.conftest import run_on_db


@pytest.fixture
def demo_dir(tmp_path_factory: pytest.TempPathFactory, tmp_path: Path) -> Path:
    return copy_demo(tmp_path_factory, tmp_path)


@pytest.fixture
def services(demo_dir: Path, open_session: Any, fake_clock: Any) -> Any:
    return counsellor_services(demo_dir, open_session, fake_clock)


@pytest.mark.parametrize("stage", CASE_STAGES)
def test_every_stage_has_its_own_label(stage: str) -> None:
    from ui.labels import case_stage_label

    label = case_stage_label(stage)
    assert label and label != stage
    others = {case_stage_label(s) for s in CASE_STAGES if s != stage}
    assert label not in others


def test_an_active_booked_case_reads_in_sessions_on_the_client_record(
    qtbot: Any, runner: Any, services: Any
) -> None:
    from ui.client_detail_view import ClientDetailView

    session = run_on_db(qtbot, runner, lambda: todays_session(services))
    record = run_on_db(qtbot, runner, lambda: services.clients.open(session.client_id))
    view = ClientDetailView(services, runner, record)
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.extras_loaded, timeout=10_000):
        view.show()
    cases = run_on_db(qtbot, runner, lambda: services.cases.cases_for_client(session.client_id))
    row = [c.id for c in cases].index(session.case_id)
    text = view.cases_list.item(row).text()
    assert "In sessions" in text, text
    assert "Waiting for a counsellor" not in text


def test_the_caseload_and_workspace_header_show_the_same_stage(
    qtbot: Any, runner: Any, services: Any
) -> None:
    from ui.caseload_table_model import CaseloadTableModel
    from ui.caseload_view import CaseloadView
    from ui.labels import case_stage_label

    view = CaseloadView(services, runner)
    qtbot.addWidget(view)
    qtbot.waitUntil(lambda: view.data is not None, timeout=10_000)
    session = run_on_db(qtbot, runner, lambda: todays_session(services))
    row = view.model.row_of(session.case_id)
    item = view.data.rows[row].item
    assert item.stage == "in_sessions"
    shown = view.model.index(row, CaseloadTableModel.COLUMN_STAGE).data()
    assert shown == case_stage_label("in_sessions") == "In sessions"
    workspace = view.open_case(item)
    assert "in sessions" in workspace.summary_label.text()
