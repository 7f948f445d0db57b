"""Authorising extra sessions from a client's record: who sees the action, and what it does."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import func, select

from supportline.db import schema
from supportline.errors import PermissionDenied
from supportline.services.allowance import AllowanceStatus, InvalidAuthorisation
from tests.ui.conftest import run_on_db

DEMO_PASSWORD = "demo password 1"


@pytest.fixture
def demo_dir(tmp_path: Path) -> Path:
    from supportline.demo import create_demo

    path = tmp_path / "demo"
    create_demo(path, DEMO_PASSWORD, clients=40)
    return path


def _services(demo_dir: Path, open_session: Any, username: str) -> Any:
    from ui.services import Services

    return Services.for_session(open_session(demo_dir, username, DEMO_PASSWORD))


def _detail(qtbot: Any, runner: Any, services: Any) -> Any:
    from ui.client_detail_view import ClientDetailView

    def first_client() -> Any:
        with services.session.case.connect() as conn:
            client_id = conn.execute(select(func.min(schema.clients.c.id))).scalar_one()
        return services.clients.open(client_id)

    record = run_on_db(qtbot, runner, first_client)
    view = ClientDetailView(services, runner, record)
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.extras_loaded, timeout=20_000):
        view.show()
    return view


def _mediation(view: Any) -> tuple[AllowanceStatus, str]:
    row = [status.service for status in view.allowances].index("mediation")
    return view.allowances[row], view.allowance_list.item(row).text()


def test_an_administrator_authorises_and_the_allowance_grows(
    qtbot: Any, runner: Any, demo_dir: Path, open_session: Any, monkeypatch: Any
) -> None:
    from ui.authorise_allowance_dialog import AllowanceAuthorisation, AuthoriseAllowanceDialog

    services = _services(demo_dir, open_session, "admin")
    view = _detail(qtbot, runner, services)
    assert view.authorise_button.isVisible() and view.authorise_button.isEnabled()
    assert view.authorise_button.accessibleName() == "Authorise extra sessions"
    before, before_text = _mediation(view)
    assert f"{before.left} left of {before.allowed}" in before_text
    asked: list[Any] = []

    def ask(cls: Any, parent: Any, service: str, status: Any) -> AllowanceAuthorisation:
        asked.append((service, list(status)))
        return AllowanceAuthorisation("mediation", 3, "Complex mediation needs more time.")

    monkeypatch.setattr(AuthoriseAllowanceDialog, "ask", classmethod(ask))
    view.allowance_list.setCurrentRow(2)
    with (
        qtbot.waitSignal(view.extras_loaded, timeout=20_000),
        qtbot.waitSignal(view.authorisation_finished, timeout=20_000) as blocker,
    ):
        qtbot.mouseClick(view.authorise_button, Qt.MouseButton.LeftButton)
    assert blocker.args == ["success"]
    assert asked[0][0] == "mediation" and len(asked[0][1]) == 3
    assert view.banner.text() == "3 extra sessions authorised for mediation."
    after, after_text = _mediation(view)
    assert after.authorised_extra == before.authorised_extra + 3
    assert after.left == before.left + 3
    assert f"{after.left} left of {after.allowed}" in after_text
    assert after_text != before_text
    stored = run_on_db(
        qtbot,
        runner,
        lambda: services.allowance.status(view.record.id, "mediation", services.today()),
    )
    assert stored.left == after.left


def test_a_clinical_lead_counsellor_gets_the_action(
    qtbot: Any, runner: Any, demo_dir: Path, open_session: Any
) -> None:
    # The demo's "counsellor" user is a clinical lead with a counsellor profile.
    view = _detail(qtbot, runner, _services(demo_dir, open_session, "counsellor"))
    assert view.authorise_button.isVisible()


def test_a_handler_does_not_get_the_action_and_the_core_refuses(
    qtbot: Any, runner: Any, demo_dir: Path, open_session: Any
) -> None:
    from ui import admin_messages

    services = _services(demo_dir, open_session, "handler")
    view = _detail(qtbot, runner, services)
    assert not view.authorise_button.isVisible()
    assert view.allowance_list.count() == 3  # the allowance itself is still shown
    # Even past the hidden button the core says no, and the user reads why.
    with pytest.raises(PermissionDenied) as refused:
        run_on_db(
            qtbot,
            runner,
            lambda: services.allowance.authorise(
                view.record.id, "counselling", services.today(), 2, "Handler trying anyway"
            ),
        )
    assert admin_messages.error_message(refused.value) == (
        "Only a clinical lead or an administrator can authorise extra sessions."
    )


def test_a_counsellor_who_is_not_a_lead_is_refused_with_a_message(
    qtbot: Any, runner: Any, demo_dir: Path, open_session: Any, monkeypatch: Any
) -> None:
    from supportline.roles import Role
    from supportline.services.users import UserService
    from ui.authorise_allowance_dialog import AllowanceAuthorisation, AuthoriseAllowanceDialog

    admin = _services(demo_dir, open_session, "admin")
    run_on_db(
        qtbot,
        runner,
        lambda: UserService(admin.session).add_user(
            "plain",
            "Plain Counsellor",
            [Role.COUNSELLOR],
            "plain password 1",
            must_change_password=False,
        ),
    )
    from ui.services import Services

    services = Services.for_session(open_session(demo_dir, "plain", "plain password 1"))
    view = _detail(qtbot, runner, services)
    assert not view.authorise_button.isVisible()
    # Were the button reached anyway, the refusal is worded, not a traceback.
    monkeypatch.setattr(
        AuthoriseAllowanceDialog,
        "ask",
        classmethod(
            lambda cls, parent, service, status: AllowanceAuthorisation(
                "counselling", 1, "Trying without being a lead"
            )
        ),
    )
    with qtbot.waitSignal(view.authorisation_finished, timeout=20_000) as blocker:
        view._on_authorise_button_clicked()
    assert blocker.args == ["error"]
    assert view.banner.kind == "error"
    assert view.banner.text() == (
        "Only a clinical lead or an administrator can authorise extra sessions."
    )


def test_cancelling_the_dialog_changes_nothing(
    qtbot: Any, runner: Any, demo_dir: Path, open_session: Any, monkeypatch: Any
) -> None:
    from ui.authorise_allowance_dialog import AuthoriseAllowanceDialog

    view = _detail(qtbot, runner, _services(demo_dir, open_session, "admin"))
    monkeypatch.setattr(
        AuthoriseAllowanceDialog, "ask", classmethod(lambda cls, parent, service, status: None)
    )
    qtbot.mouseClick(view.authorise_button, Qt.MouseButton.LeftButton)
    assert not view.busy and view.banner.text() == ""


def test_the_dialog_needs_a_reason(qtbot: Any) -> None:
    from ui.authorise_allowance_dialog import AuthoriseAllowanceDialog

    status = AllowanceStatus("coaching", date(2025, 4, 1), date(2026, 3, 31), 7, 0, 5, 1, True)
    dialog = AuthoriseAllowanceDialog("coaching", [status])
    qtbot.addWidget(dialog)
    assert dialog.service_combo.currentData() == "coaching"
    assert dialog.status_label.text() == (
        "5 used, 1 booked, 1 left of 7 in the year 01/04/2025 to 31/03/2026."
    )
    assert not dialog.ok_button.isEnabled()
    dialog.reason_edit.setPlainText("ok")
    assert not dialog.ok_button.isEnabled()
    dialog.reason_edit.setPlainText("  Bereavement during treatment  ")
    dialog.extra_spin.setValue(4)
    assert dialog.ok_button.isEnabled()
    value = dialog.value()
    assert (value.service, value.extra_sessions, value.reason) == (
        "coaching",
        4,
        "Bereavement during treatment",
    )
    for widget in (dialog.service_combo, dialog.extra_spin, dialog.reason_edit):
        assert widget.accessibleName()


@pytest.mark.parametrize(
    ("reason", "expected"),
    [
        ("extra_sessions", "Authorise between 1 and 20 extra sessions at a time."),
        ("reason_required", "Give the reason for the extra sessions (at least a few words)."),
        ("service", "Choose counselling, coaching or mediation."),
    ],
)
def test_invalid_authorisations_are_worded(reason: str, expected: str) -> None:
    from ui import admin_messages

    assert admin_messages.error_message(InvalidAuthorisation(reason)) == expected
