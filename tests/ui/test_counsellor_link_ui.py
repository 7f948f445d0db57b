"""Administration links a counsellor's sign-in to their profile, from the Users page or the
Counsellors page; the counsellor then signs in and sees their caseload."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import insert

from supportline.db import schema
from supportline.services.clients import ClientInput, ClientService
from supportline.services.counsellors import CounsellorService
from tests.ui.conftest import run_on_db

OPENED = datetime(2025, 2, 3, 10, 0, tzinfo=UTC)


def _make_profile_and_case(services: Any) -> tuple[int, int]:
    session = services.session
    profile = CounsellorService(session).save(
        "Cora Counsellor", "female", ["English"], ["counselling"], 10
    )
    client = ClientService(session).create(
        ClientInput(
            first_name="Pat", last_name="Linked", phone="07700 900321", home_postcode="ME19 4AA"
        )
    )
    with session.case_tx() as conn:
        case_id = conn.execute(
            insert(schema.cases).values(
                client_id=client.id,
                service="counselling",
                referral_route="self",
                status="active",
                counsellor_id=profile,
                opened_at=OPENED,
            )
        ).inserted_primary_key[0]
    return profile, int(case_id)


@pytest.fixture
def made(qtbot: Any, runner: Any, staffed_admin_services: Any) -> tuple[int, int]:
    return run_on_db(qtbot, runner, lambda: _make_profile_and_case(staffed_admin_services))


def _choose(monkeypatch: Any, pick: Any, seen: list[Any]) -> None:
    from ui.link_counsellor_dialog import LinkChoice, LinkCounsellorDialog

    def ask(
        cls: Any, parent: Any, title: str, prompt: str, choices: Any, current: Any
    ) -> LinkChoice:
        dialog = cls(title, prompt, choices, current, parent)
        seen.append(
            [
                (dialog.choice_combo.itemText(i), dialog.choice_combo.itemData(i))
                for i in range(dialog.choice_combo.count())
            ]
        )
        dialog.choice_combo.setCurrentIndex(dialog.choice_combo.findData(pick))
        value = dialog.value()
        dialog.deleteLater()
        return value

    monkeypatch.setattr(LinkCounsellorDialog, "ask", classmethod(ask))


def _click(qtbot: Any, view: Any, button: Any) -> str:
    with qtbot.waitSignal(view.operation_finished, timeout=20_000) as blocker:
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not view.busy)
    return blocker.args[0]


def _caseload(qtbot: Any, runner: Any, services: Any) -> Any:
    from ui.caseload_view import CaseloadView

    view = CaseloadView(services, runner)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitUntil(lambda: view.data is not None and runner.pending == 0)
    return view


def test_link_from_the_users_page_then_the_counsellor_sees_their_caseload(
    qtbot: Any,
    runner: Any,
    staffed_dir: Path,
    staffed_admin_services: Any,
    made: tuple[int, int],
    open_session: Any,
    fake_clock: Any,
    monkeypatch: Any,
) -> None:
    from ui.messages import not_linked_message
    from ui.services import Services
    from ui.user_table_model import UserTableModel
    from ui.users_view import UsersView

    profile, case_id = made
    counsellor = Services.for_session(open_session(staffed_dir, "counsellor", clock=fake_clock))
    before = _caseload(qtbot, runner, counsellor)
    assert before.model.rowCount() == 0
    assert before.banner.text() == not_linked_message()
    assert "Administration > Users" in before.banner.text()

    view = UsersView(staffed_admin_services, runner)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitUntil(lambda: view.model.rowCount() == 4)
    view.select_username("handler")
    assert not view.link_button.isEnabled()  # not a counsellor
    view.select_username("counsellor")
    assert view.link_button.isEnabled()
    seen: list[Any] = []
    _choose(monkeypatch, profile, seen)

    assert _click(qtbot, view, view.link_button) == "success"

    assert seen[0] == [("Not linked", None), ("Cora Counsellor", profile)]
    assert "linked to Cora Counsellor" in view.banner.text()
    qtbot.waitUntil(
        lambda: (
            view.selected_user() is not None
            and view.selected_user().counsellor_name == "Cora Counsellor"
        )
    )
    row = view.table.selectionModel().selectedRows()[0].row()
    assert view.proxy.index(row, UserTableModel.COLUMN_COUNSELLOR).data() == "Cora Counsellor"

    after = _caseload(qtbot, runner, counsellor)
    assert [row.case_id for row in after.model.rows()] == [case_id]
    assert after.banner.text() != not_linked_message()


def test_link_and_unlink_from_the_counsellors_page(
    qtbot: Any,
    runner: Any,
    staffed_admin_services: Any,
    made: tuple[int, int],
    monkeypatch: Any,
) -> None:
    from ui.counsellor_table_model import CounsellorTableModel
    from ui.counsellors_view import CounsellorsView

    profile, _case = made
    view = CounsellorsView(staffed_admin_services, runner)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitUntil(lambda: view.model.rowCount() == 1)
    assert view.link_button.isVisible() and not view.link_button.isEnabled()
    view.select_counsellor(profile)
    seen: list[Any] = []
    _choose(monkeypatch, "counsellor", seen)

    assert _click(qtbot, view, view.link_button) == "success"

    # Only sign-ins with the counsellor role are offered.
    assert seen[0] == [("Not linked", None), ("counsellor (Cora Counsellor)", "counsellor")]
    qtbot.waitUntil(
        lambda: (
            view.selected_counsellor() is not None
            and view.selected_counsellor().username == "counsellor"
        )
    )
    row = view.table.selectionModel().selectedRows()[0].row()
    assert view.proxy.index(row, CounsellorTableModel.COLUMN_SIGN_IN).data() == "counsellor"

    _choose(monkeypatch, None, seen)
    assert _click(qtbot, view, view.link_button) == "success"
    qtbot.waitUntil(
        lambda: (
            view.selected_counsellor() is not None and view.selected_counsellor().username is None
        )
    )
    assert view.proxy.index(row, CounsellorTableModel.COLUMN_SIGN_IN).data() == ""


def test_a_refused_link_says_why(
    qtbot: Any,
    runner: Any,
    staffed_admin_services: Any,
    made: tuple[int, int],
    monkeypatch: Any,
) -> None:
    from ui.users_view import UsersView

    profile, _case = made
    services = staffed_admin_services
    run_on_db(
        qtbot,
        runner,
        lambda: services.users.add_user(
            "nina",
            "Nina New",
            [next(iter(services.users.get("counsellor").roles))],
            "nina password 1",
            must_change_password=False,
        ),
    )
    view = UsersView(services, runner)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitUntil(lambda: view.model.rowCount() == 5)
    seen: list[Any] = []
    _choose(monkeypatch, profile, seen)
    view.select_username("counsellor")
    assert _click(qtbot, view, view.link_button) == "success"
    view.select_username("nina")
    assert _click(qtbot, view, view.link_button) == "error"
    # The profile taken by someone else is shown, but cannot be picked; the core refuses too.
    assert seen[1][1] == ("Cora Counsellor (linked to counsellor)", profile)
    assert view.banner.text() == "Cora Counsellor is already linked to counsellor: unlink it first."
