"""The waiting list shows risk; a handler changes urgency (a reason to lower it); a counsellor
reviews a risk alert and lowers the level with a reason. Through the dialogs' seams, on a real
encrypted store."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSortFilterProxyModel, Qt
from sqlalchemy import update

from supportline.db import schema
from supportline.services.cases import WaitingItem
from supportline.services.counsellor_links import CounsellorLinkService
from supportline.services.counsellors import CounsellorService
from supportline.services.intake import IntakeService
from supportline.services.urgency import UrgencyService
from tests.ui.casework import Seeded, seed
from tests.ui.conftest import run_on_db

DETAIL = "Said she has thought about ending her life this week"
REASON = "Seen today: safety plan in place, GP aware"


@pytest.fixture
def seeded(staffed_dir: Path) -> Seeded:
    return seed(staffed_dir)


@pytest.fixture
def handler(staffed_dir: Path, seeded: Seeded, open_session: Any, fake_clock: Any) -> Any:
    from ui.services import Services

    return Services.for_session(open_session(staffed_dir, "handler", clock=fake_clock))


def _raise(qtbot: Any, runner: Any, services: Any, client_id: int, level: str) -> None:
    intake = IntakeService(services.session)
    run_on_db(qtbot, runner, lambda: intake.raise_risk(client_id, level, DETAIL))


def _waiting_list(qtbot: Any, runner: Any, services: Any, read_only: bool = False) -> Any:
    from ui.waiting_list_view import WaitingListView

    view = WaitingListView(services, runner, read_only=read_only)
    qtbot.addWidget(view)
    view.resize(1100, 400)
    view.show()
    qtbot.waitUntil(lambda: view.model.rowCount() == 3)
    return view


def _column(view: Any, column: int) -> list[str]:
    return [view.proxy.index(row, column).data() for row in range(view.proxy.rowCount())]


def _select(view: Any, case_id: int) -> None:
    from ui.waiting_list_table_model import WaitingListTableModel

    for row in range(view.proxy.rowCount()):
        item = view.proxy.index(row, 0).data(WaitingListTableModel.RowObjectRole)
        if item.case_id == case_id:
            view.table.selectRow(row)
            return
    raise KeyError(case_id)


def _finished(qtbot: Any, actions: Any, button: Any) -> tuple[str, str]:
    with qtbot.waitSignal(actions.finished, timeout=10_000) as blocker:
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    return blocker.args[0], blocker.args[1]


def test_the_most_at_risk_caller_is_at_the_top_with_their_risk_shown(
    qtbot: Any, runner: Any, handler: Any, seeded: Seeded
) -> None:
    from ui.waiting_list_table_model import WaitingListTableModel as M

    _raise(qtbot, runner, handler, seeded.bob, "high")  # the oldest routine case
    view = _waiting_list(qtbot, runner, handler)
    qtbot.waitUntil(lambda: view.model.rowCount() == 3)

    # High risk made Bob's case urgent: urgent first, then the longest wait.
    assert _column(view, M.COLUMN_REFERENCE) == ["SL-000002", "SL-000003", "SL-000001"]
    assert _column(view, M.COLUMN_URGENCY) == ["Urgent", "Urgent", "Routine"]
    assert _column(view, M.COLUMN_RISK) == ["High", "", ""]
    assert view.proxy.index(0, M.COLUMN_RISK).data(Qt.ItemDataRole.FontRole).bold()
    view.table.sortByColumn(M.COLUMN_RISK, Qt.SortOrder.AscendingOrder)
    assert _column(view, M.COLUMN_RISK)[0] == "High"


def test_risk_column_sorts_highest_first_then_longest_wait(qtmodeltester: Any) -> None:
    from ui.waiting_list_table_model import WaitingListTableModel as M

    def item(case_id: int, risk: str, days_ago: int) -> WaitingItem:
        since = datetime(2025, 3, 1, tzinfo=UTC) - timedelta(days=days_ago)
        return WaitingItem(
            case_id,
            case_id,
            f"SL-{case_id:06d}",
            "AB",
            "counselling",
            "routine",
            "waiting",
            since,
            days_ago,
            "Maidstone",
            None,
            None,
            risk,
        )

    model = M()
    qtmodeltester.check(model, force_py=True)
    model.set_items(
        [item(1, "none", 50), item(2, "medium", 3), item(3, "immediate", 1), item(4, "medium", 9)]
    )
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(model)
    proxy.setSortRole(M.SortRole)
    proxy.sort(M.COLUMN_RISK, Qt.SortOrder.AscendingOrder)
    assert [proxy.index(r, M.COLUMN_REFERENCE).data() for r in range(4)] == [
        "SL-000003",
        "SL-000004",
        "SL-000002",
        "SL-000001",
    ]
    assert [proxy.index(r, M.COLUMN_RISK).data() for r in range(4)] == [
        "Immediate",
        "Medium",
        "Medium",
        "",
    ]
    qtmodeltester.check(proxy, force_py=True)


def test_a_handler_changes_urgency_and_lowering_asks_for_a_reason(
    qtbot: Any, runner: Any, handler: Any, seeded: Seeded, monkeypatch: Any
) -> None:
    from ui.urgency_dialog import UrgencyDialog, UrgencyRequest

    view = _waiting_list(qtbot, runner, handler)
    assert view.urgency_button.isVisible() and not view.review_risk_button.isVisible()
    carol = seeded.waiting["carol_urgent_new"]
    _select(view, carol)
    seen: dict[str, Any] = {}

    def ask(cls: Any, parent: Any, current: str, risk: str, history: Any) -> UrgencyRequest:
        dialog = cls(current, risk, history, parent)
        dialog.urgency_combo.setCurrentIndex(dialog.urgency_combo.findData("routine"))
        seen["ok_without_reason"] = dialog.ok_button.isEnabled()
        seen["hint"] = dialog.hint_label.text()
        dialog.reason_edit.setText("Caller asked to wait until after half term")
        seen["ok_with_reason"] = dialog.ok_button.isEnabled()
        seen["history"] = [
            dialog.history_list.item(i).text() for i in range(dialog.history_list.count())
        ]
        value = dialog.value()
        dialog.deleteLater()
        return value

    monkeypatch.setattr(UrgencyDialog, "ask", classmethod(ask))
    with qtbot.waitSignal(view.list_loaded, timeout=10_000):
        assert _finished(qtbot, view.actions, view.urgency_button) == (
            "success",
            "Urgency is now routine.",
        )

    assert (seen["ok_without_reason"], seen["ok_with_reason"]) == (False, True)
    assert seen["hint"] == "Making it less urgent needs a reason (a few words)."
    assert seen["history"] == ["20/02/2025 10:00 admin: opened as Urgent"]
    assert all(text == "Routine" for text in _column(view, 0))
    history = run_on_db(qtbot, runner, lambda: UrgencyService(handler.session).history(carol))
    assert [(h.urgency, h.reason) for h in history][-1] == (
        "routine",
        "Caller asked to wait until after half term",
    )


def test_client_record_changes_a_cases_urgency(
    qtbot: Any, runner: Any, handler: Any, seeded: Seeded, monkeypatch: Any
) -> None:
    from ui.client_detail_view import ClientDetailView
    from ui.urgency_dialog import UrgencyDialog, UrgencyRequest

    record = run_on_db(qtbot, runner, lambda: handler.clients.open(seeded.bob))
    view = ClientDetailView(handler, runner, record)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitUntil(lambda: view.cases_list.count() == 1 and bool(view.cases))
    assert view.urgency_button.isVisible() and not view.urgency_button.isEnabled()
    view.cases_list.setCurrentRow(0)
    assert view.urgency_button.isEnabled()
    monkeypatch.setattr(
        UrgencyDialog,
        "ask",
        classmethod(lambda cls, parent, current, risk, history: UrgencyRequest("soon", "")),
    )
    with qtbot.waitSignal(view.extras_loaded, timeout=10_000):
        assert _finished(qtbot, view.actions, view.urgency_button)[0] == "success"
    assert "Soon" in view.cases_list.item(0).text()
    assert view.banner.text() == "Urgency is now soon."


@pytest.fixture
def lead(
    qtbot: Any,
    runner: Any,
    staffed_dir: Path,
    staffed_admin_services: Any,
    open_session: Any,
    fake_clock: Any,
) -> Any:
    """The "counsellor" user, granted clinical lead and linked to a lead's profile."""
    from supportline.roles import Role
    from supportline.services.users import UserService
    from ui.services import Services

    admin = staffed_admin_services.session

    def make() -> int:
        profile = CounsellorService(admin).save(
            "Cora Counsellor", "female", ["English"], ["counselling"], 10, is_clinical_lead=True
        )
        CounsellorLinkService(admin).link_counsellor("counsellor", profile)
        # The grant decides, not the profile's flag.
        UserService(admin).set_roles("counsellor", [Role.COUNSELLOR], is_clinical_lead=True)
        return profile

    run_on_db(qtbot, runner, make)
    return Services.for_session(open_session(staffed_dir, "counsellor", clock=fake_clock))


def test_a_clinical_lead_reviews_a_risk_alert_from_the_waiting_list(
    qtbot: Any, runner: Any, handler: Any, lead: Any, seeded: Seeded, monkeypatch: Any
) -> None:
    from ui.risk_review_dialog import RiskReviewDialog, RiskReviewRequest
    from ui.waiting_list_table_model import WaitingListTableModel as M

    _raise(qtbot, runner, handler, seeded.alice, "immediate")
    view = _waiting_list(qtbot, runner, lead, read_only=True)
    assert view.review_risk_button.isVisible() and not view.urgency_button.isVisible()
    _select(view, seeded.waiting["bob_routine_old"])
    assert not view.review_risk_button.isEnabled()  # nothing to review
    _select(view, seeded.waiting["alice_routine_new"])
    assert view.review_risk_button.isEnabled()
    seen: dict[str, Any] = {}

    def ask(cls: Any, parent: Any, current: str, history: Any) -> RiskReviewRequest:
        dialog = cls(current, history, parent)
        seen["alerts"] = [
            dialog.history_list.item(i).text() for i in range(dialog.history_list.count())
        ]
        seen["levels"] = [dialog.level_combo.itemData(i) for i in range(dialog.level_combo.count())]
        seen["ok_before"] = dialog.ok_button.isEnabled()
        dialog.level_combo.setCurrentIndex(dialog.level_combo.findData("low"))
        dialog.reason_edit.setPlainText(REASON)
        seen["ok_after"] = dialog.ok_button.isEnabled()
        value = dialog.value()
        dialog.deleteLater()
        return value

    monkeypatch.setattr(RiskReviewDialog, "ask", classmethod(ask))
    with qtbot.waitSignal(view.list_loaded, timeout=10_000):
        kind, text = _finished(qtbot, view.actions, view.review_risk_button)

    assert kind == "success" and text.startswith("Risk level lowered to low")
    assert seen["alerts"] == [f"03/03/2025 10:00 handler: Immediate risk raised: {DETAIL}"]
    assert seen["levels"] == ["high", "medium", "low", "none"]
    assert (seen["ok_before"], seen["ok_after"]) == (False, True)
    risks = dict(zip(_column(view, M.COLUMN_REFERENCE), _column(view, M.COLUMN_RISK), strict=True))
    assert risks["SL-000001"] == "Low"
    # Lowering the risk leaves the urgency the risk set; that is the handler's to change.
    assert (
        dict(zip(_column(view, M.COLUMN_REFERENCE), _column(view, M.COLUMN_URGENCY), strict=True))[
            "SL-000001"
        ]
        == "Urgent"
    )


def test_a_counsellor_who_is_not_the_clients_is_told_why_not(
    qtbot: Any,
    runner: Any,
    handler: Any,
    staffed_dir: Path,
    staffed_admin_services: Any,
    seeded: Seeded,
    open_session: Any,
    fake_clock: Any,
    monkeypatch: Any,
) -> None:
    from ui.risk_review_dialog import RiskReviewDialog, RiskReviewRequest
    from ui.services import Services

    _raise(qtbot, runner, handler, seeded.alice, "high")
    counsellor = Services.for_session(open_session(staffed_dir, "counsellor", clock=fake_clock))
    view = _waiting_list(qtbot, runner, counsellor, read_only=True)
    _select(view, seeded.waiting["alice_routine_new"])
    monkeypatch.setattr(
        RiskReviewDialog,
        "ask",
        classmethod(lambda cls, parent, current, history: RiskReviewRequest("low", REASON)),
    )
    assert _finished(qtbot, view.actions, view.review_risk_button) == (
        "error",
        "Only the client's own counsellor or a clinical lead can lower their risk level.",
    )


def test_the_case_workspace_reviews_the_clients_risk(
    qtbot: Any,
    runner: Any,
    handler: Any,
    lead: Any,
    seeded: Seeded,
    staffed_admin_services: Any,
    monkeypatch: Any,
) -> None:
    from ui.caseload_view import CaseloadView
    from ui.risk_review_dialog import RiskReviewDialog, RiskReviewRequest

    admin = staffed_admin_services.session
    case_id = seeded.waiting["carol_urgent_new"]

    def allocate() -> None:
        profile = CounsellorService(admin).all()[0].id
        with admin.case_tx() as conn:
            conn.execute(
                update(schema.cases)
                .where(schema.cases.c.id == case_id)
                .values(counsellor_id=profile, status="active")
            )

    run_on_db(qtbot, runner, allocate)
    _raise(qtbot, runner, handler, seeded.carol, "high")
    caseload = CaseloadView(lead, runner)
    qtbot.addWidget(caseload)
    caseload.show()
    qtbot.waitUntil(lambda: caseload.data is not None and runner.pending == 0)
    (row,) = caseload.data.rows
    workspace = caseload.open_case(row.item)
    qtbot.waitUntil(lambda: workspace.data is not None and runner.pending == 0)
    assert workspace.review_risk_button.isEnabled()
    assert "risk: high" in workspace.summary_label.text()
    monkeypatch.setattr(
        RiskReviewDialog,
        "ask",
        classmethod(lambda cls, parent, current, history: RiskReviewRequest("medium", REASON)),
    )

    assert _finished(qtbot, workspace.actions, workspace.review_risk_button)[0] == "success"

    assert "risk: medium" in workspace.summary_label.text()
    assert workspace.banner.text().startswith("Risk level lowered to medium")


def test_the_intake_form_shows_that_high_risk_makes_the_case_urgent(
    qtbot: Any, runner: Any, handler: Any
) -> None:
    from ui.calls_view import CallsView

    calls = CallsView(handler, runner)
    qtbot.addWidget(calls)
    calls.show()
    with qtbot.waitSignal(calls.form_opened) as opened:
        calls.open_form()
    form = opened.args[0]
    assert form.urgency_combo.currentData() == "routine"
    form.risk_checks["safeguarding"].setChecked(True)  # medium: no change
    assert form.urgency_combo.currentData() == "routine"
    form.risk_checks["self_harm_thoughts"].setChecked(True)  # high
    assert form.urgency_combo.currentData() == "urgent"
