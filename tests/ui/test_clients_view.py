"""Clients: find as you type, an audited open, edit with per-field errors, merge."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from supportline.db import schema
from tests.ui.casework import Seeded, seed
from tests.ui.conftest import run_on_db


@pytest.fixture
def seeded(staffed_dir: Path) -> Seeded:
    return seed(staffed_dir)


@pytest.fixture
def services(staffed_dir: Path, seeded: Seeded, open_session: Any, fake_clock: Any) -> Any:
    from ui.services import Services

    return Services.for_session(open_session(staffed_dir, "handler", clock=fake_clock))


@pytest.fixture
def view(qtbot: Any, runner: Any, services: Any) -> Any:
    from ui.clients_view import ClientsView

    clients_view = ClientsView(services, runner)
    qtbot.addWidget(clients_view)
    clients_view.resize(1100, 700)
    clients_view.show()
    qtbot.waitExposed(clients_view)
    return clients_view


def _audit(qtbot: Any, runner: Any, services: Any) -> list[tuple[str, str]]:
    def read() -> list[tuple[str, str]]:
        a = schema.case_audit.c
        with services.session.case.connect() as conn:
            return [
                (row.action, str(row.record_id))
                for row in conn.execute(select(a.action, a.record_id).order_by(a.seq))
            ]

    return run_on_db(qtbot, runner, read)


def _search(qtbot: Any, view: Any, text: str) -> None:
    with qtbot.waitSignal(view.search.results_loaded, timeout=5000):
        qtbot.keyClicks(view.search.search_edit, text)


def test_find_as_you_type_is_debounced(
    qtbot: Any, runner: Any, view: Any, services: Any, seeded: Seeded
) -> None:
    from ui.client_table_model import ClientTableModel

    calls: list[str] = []
    original = services.clients.search
    object.__setattr__(
        services.clients, "search", lambda q, limit=50: (calls.append(q), original(q, limit))[1]
    )
    _search(qtbot, view, "smiths")
    assert calls == ["smiths"]  # one search for six key presses
    assert view.search.proxy.rowCount() == 1
    row = [view.search.proxy.index(0, c).data() for c in range(ClientTableModel.COLUMN_COUNT)]
    assert row == [
        "SL-000001",
        "Alice Smithson",
        "01/02/1980",
        "ME19 4AB",
        "Kent County Council - Children's Services",
        "",
    ]
    view.search.search_edit.clear()
    _search(qtbot, view, "07700 900002")
    assert view.search.proxy.index(0, ClientTableModel.COLUMN_NAME).data() == "Bob Jonesworth"
    assert ("client.viewed", str(seeded.bob)) not in _audit(qtbot, runner, services)


def test_opening_a_record_is_audited_and_edits_are_saved(
    qtbot: Any, runner: Any, view: Any, services: Any, seeded: Seeded
) -> None:
    view.activateWindow()
    qtbot.waitUntil(view.isActiveWindow)
    view.search.search_edit.setFocus()
    _search(qtbot, view, "smithson")
    qtbot.keyClick(view.search.search_edit, Qt.Key.Key_Down)
    with qtbot.waitSignal(view.record_opened, timeout=5000) as opened:
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    detail = opened.args[0]
    assert ("client.viewed", str(seeded.alice)) in _audit(qtbot, runner, services)
    qtbot.waitUntil(lambda: detail.cases_list.count() > 0)
    assert detail.title_label.text() == "Alice Smithson (SL-000001)"
    assert detail.form.organisation_combo.currentData() == seeded.kcc
    assert detail.form.voicemail_check.isChecked()
    assert detail.allowance_list.item(0).text() == ("Counselling: 0 used, 0 booked, 7 left of 7")
    assert "Counselling, Routine: Waiting for assessment" in detail.cases_list.item(0).text()

    detail.form.home_postcode_edit.setText("not a postcode")
    detail.form.email_ok_check.setChecked(True)
    with qtbot.waitSignal(detail.save_finished, timeout=5000) as failed:
        qtbot.mouseClick(detail.save_button, Qt.MouseButton.LeftButton)
    assert failed.args == ["error"]
    assert detail.form.visible_problems()["home_postcode"].startswith("Enter a UK postcode")
    assert detail.form.home_postcode_edit.text() == "not a postcode"
    detail.form.home_postcode_edit.setText("me14 1xx")
    with qtbot.waitSignal(detail.save_finished, timeout=5000) as saved:
        qtbot.mouseClick(detail.save_button, Qt.MouseButton.LeftButton)
    assert saved.args == ["success"]
    assert detail.form.home_postcode_edit.text() == "ME14 1XX"
    assert detail.form.visible_problems() == {}
    record = run_on_db(qtbot, runner, lambda: services.clients.open(seeded.alice))
    assert record.data.home_postcode == "ME14 1XX" and record.data.email_ok is True
    qtbot.mouseClick(detail.back_button, Qt.MouseButton.LeftButton)
    assert view.stack.currentWidget() is view.results_page and view.detail is None


def test_merge_two_records_through_the_ui(
    qtbot: Any, runner: Any, view: Any, services: Any, seeded: Seeded, monkeypatch: Any
) -> None:
    from supportline.services.clients import ClientInput
    from ui.confirm_dialog import ConfirmDialog
    from ui.merge_dialog import MergeDialog

    twin = run_on_db(
        qtbot,
        runner,
        lambda: services.clients.create(
            ClientInput(
                "Alice",
                "Smithson",
                date_of_birth="01/02/1980",
                phone="07700 900777",
                home_postcode="ME19 4AB",
            ),
            acknowledged_duplicates=(seeded.alice,),
        ),
    )
    _search(qtbot, view, "alice smithson")
    qtbot.waitUntil(lambda: view.search.proxy.rowCount() == 2)
    assert not view.merge_button.isEnabled()
    view.search.results_table.selectAll()
    assert view.merge_button.isEnabled() and not view.open_button.isEnabled()

    offered: list[Any] = []

    def ask(cls: Any, parent: Any, first: Any, second: Any) -> Any:
        offered.append({first.id, second.id})
        keep, remove = (first, second) if first.id == seeded.alice else (second, first)
        return keep, remove

    questions: list[str] = []
    monkeypatch.setattr(MergeDialog, "ask", classmethod(ask))
    monkeypatch.setattr(
        ConfirmDialog,
        "ask",
        classmethod(lambda cls, parent, title, text, action: questions.append(text) or True),
    )
    with qtbot.waitSignal(view.operation_finished, timeout=10_000) as blocker:
        qtbot.mouseClick(view.merge_button, Qt.MouseButton.LeftButton)
    assert blocker.args == ["success"]
    assert offered == [{seeded.alice, twin.id}]
    assert questions == [
        f"Merge {twin.reference} into SL-000001? Everything recorded against "
        f"{twin.reference} moves to SL-000001."
    ]
    assert view.banner.text() == "Records merged into SL-000001."
    qtbot.waitUntil(lambda: view.search.proxy.rowCount() == 1)
    merged = run_on_db(qtbot, runner, lambda: services.clients.open(seeded.alice))
    assert merged.data.phone_alt == "07700 900777"  # the twin's number was kept
    gone = run_on_db(qtbot, runner, lambda: services.clients.open(twin.id))
    assert gone.merged_into_id == seeded.alice


def test_merge_dialog_returns_keep_then_remove(qtbot: Any, seeded: Seeded) -> None:
    from datetime import date

    from supportline.services.clients import ClientSummary
    from ui.merge_dialog import MergeDialog

    a = ClientSummary(
        1, "SL-000001", "Alice", "Smithson", None, date(1980, 2, 1), "ME19 4AB", None, "none"
    )
    b = ClientSummary(2, "SL-000002", "Alice", "Smithson", None, None, None, None, "none")
    dialog = MergeDialog(a, b)
    qtbot.addWidget(dialog)
    assert dialog.value() == (a, b)
    dialog.second_radio.setChecked(True)
    assert dialog.value() == (b, a)
    assert "01/02/1980" in dialog.first_radio.text()


def test_every_control_has_an_accessible_name(view: Any) -> None:
    for widget in (
        view.search.search_edit,
        view.search.results_table,
        view.open_button,
        view.merge_button,
    ):
        assert widget.accessibleName() and widget.objectName()


def test_a_second_saver_is_shown_what_changed_and_keeps_their_typing(
    qtbot: Any,
    runner: Any,
    view: Any,
    services: Any,
    seeded: Seeded,
    staffed_dir: Path,
    open_session: Any,
    fake_clock: Any,
) -> None:
    from dataclasses import replace

    from supportline.services.clients import ClientService

    with qtbot.waitSignal(view.record_opened, timeout=5000) as opened:
        view.open_client(seeded.alice)
    detail = opened.args[0]
    qtbot.waitUntil(lambda: detail.cases_list.count() > 0)
    detail.form.email_edit.setText("alice.new@example.org")

    # Meanwhile another handler, at another workstation, saves a new phone number.
    other = ClientService(open_session(staffed_dir, "handler", clock=fake_clock))

    def change_phone() -> None:
        record = other.open(seeded.alice)
        other.update(seeded.alice, replace(record.data, phone="07700 900999"), seen=record)

    run_on_db(qtbot, runner, change_phone)

    with qtbot.waitSignal(detail.save_finished, timeout=5000) as refused:
        qtbot.mouseClick(detail.save_button, Qt.MouseButton.LeftButton)
    assert refused.args == ["error"]
    assert detail.banner.text().startswith("Not saved: someone else saved this record")
    assert "changed Phone." in detail.banner.text()
    assert detail.form.email_edit.text() == "alice.new@example.org"  # their typing is kept
    stored = run_on_db(qtbot, runner, lambda: services.clients.open(seeded.alice))
    assert stored.data.phone == "07700 900999"  # the other change is kept too
    assert stored.data.email != "alice.new@example.org"
