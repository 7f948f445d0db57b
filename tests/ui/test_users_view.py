"""Administration > Users through the dialog seams, on a real encrypted store."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from supportline.errors import AuthenticationFailed
from supportline.roles import Role
from tests.ui.conftest import run_on_db


@pytest.fixture
def view(qtbot: Any, runner: Any, staffed_admin_services: Any) -> Any:
    from ui.users_view import UsersView

    users_view = UsersView(staffed_admin_services, runner)
    qtbot.addWidget(users_view)
    users_view.show()
    qtbot.waitUntil(lambda: users_view.model.rowCount() == 4)
    return users_view


def _row(view: Any, username: str) -> dict[str, str]:
    from ui.user_table_model import UserTableModel

    for row in range(view.proxy.rowCount()):
        user = view.proxy.index(row, 0).data(UserTableModel.RowObjectRole)
        if user.username == username:
            return {
                "roles": view.proxy.index(row, UserTableModel.COLUMN_ROLES).data(),
                "status": view.proxy.index(row, UserTableModel.COLUMN_STATUS).data(),
                "name": view.proxy.index(row, UserTableModel.COLUMN_NAME).data(),
            }
    raise KeyError(username)


def _click(qtbot: Any, view: Any, button: Any, timeout: int = 20_000) -> str:
    with qtbot.waitSignal(view.operation_finished, timeout=timeout) as blocker:
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not view.busy)
    return blocker.args[0]


def _new_user(**overrides: Any) -> Any:
    from ui.add_user_dialog import NewUser

    values = dict(
        username="nina",
        display_name="Nina New",
        roles=frozenset({Role.COUNSELLOR}),
        password="nina password 1",
        is_clinical_lead=True,
        must_change_password=False,
    )
    values.update(overrides)
    return NewUser(**values)


def _answer_add(monkeypatch: Any, new_user: Any) -> None:
    from ui.add_user_dialog import AddUserDialog

    monkeypatch.setattr(AddUserDialog, "ask", classmethod(lambda cls, parent: new_user))


def _confirm(monkeypatch: Any, answers: list[str]) -> None:
    from ui.confirm_dialog import ConfirmDialog

    def ask(cls: Any, parent: Any, title: str, text: str, action: str) -> bool:
        answers.append(text)
        return True

    monkeypatch.setattr(ConfirmDialog, "ask", classmethod(ask))


def test_lists_users_and_guards_the_buttons(view: Any) -> None:
    assert _row(view, "handler") == {
        "roles": "Call handler",
        "status": "Active",
        "name": "Hal Handler",
    }
    assert not view.disable_button.isEnabled()  # nothing selected
    view.select_username("admin")
    assert view.roles_button.isEnabled()
    assert not view.disable_button.isEnabled()  # never yourself
    view.select_username("manager")
    assert view.disable_button.isEnabled()
    view.filter_edit.setText("counsell")
    assert view.proxy.rowCount() == 1


def test_add_a_user_through_the_dialog_seam(
    qtbot: Any, runner: Any, view: Any, staffed_dir: Path, monkeypatch: Any
) -> None:
    from supportline.session import unlock

    _answer_add(monkeypatch, _new_user())
    assert _click(qtbot, view, view.add_button) == "success"
    qtbot.waitUntil(lambda: view.model.rowCount() == 5)
    assert _row(view, "nina")["roles"] == "Counsellor (clinical lead)"
    assert view.banner.text() == "Nina New (nina) can now sign in."
    qtbot.waitUntil(lambda: view.selected_user() is not None)
    assert view.selected_user().username == "nina"
    session = run_on_db(qtbot, runner, lambda: unlock(staffed_dir, "nina", "nina password 1"))
    # Clinical lead is a grant in the slot (the clinical-lead key), not a row flag.
    assert session.roles == frozenset({Role.COUNSELLOR, Role.CLINICAL_LEAD})
    run_on_db(qtbot, runner, session.lock)


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"username": "handler"}, "That username is already taken."),
        ({"password": "short"}, "Passwords must be at least 10 characters long."),
        ({"username": "Not Valid"}, "Usernames are 2 to 32 characters"),
    ],
)
def test_add_user_errors_are_explained(
    qtbot: Any, view: Any, monkeypatch: Any, overrides: dict[str, str], expected: str
) -> None:
    _answer_add(monkeypatch, _new_user(**overrides))
    assert _click(qtbot, view, view.add_button) == "error"
    assert view.banner.kind == "error"
    assert view.banner.text().startswith(expected)
    qtbot.waitUntil(lambda: view.model.rowCount() == 4)


def test_cancelled_dialog_changes_nothing(qtbot: Any, view: Any, monkeypatch: Any) -> None:
    from ui.add_user_dialog import AddUserDialog

    monkeypatch.setattr(AddUserDialog, "ask", classmethod(lambda cls, parent: None))
    qtbot.mouseClick(view.add_button, Qt.MouseButton.LeftButton)
    assert not view.busy and view.banner.text() == ""


def test_change_roles(qtbot: Any, view: Any, monkeypatch: Any) -> None:
    from ui.roles_dialog import RolesChange, RolesDialog

    seen: list[Any] = []

    def ask(cls: Any, parent: Any, user: Any) -> RolesChange:
        seen.append(user)
        return RolesChange(frozenset({Role.CALL_HANDLER, Role.COUNSELLOR}), False)

    monkeypatch.setattr(RolesDialog, "ask", classmethod(ask))
    view.select_username("handler")
    assert _click(qtbot, view, view.roles_button) == "success"
    assert seen[0].username == "handler"
    qtbot.waitUntil(lambda: _row(view, "handler")["roles"] == "Call handler, Counsellor")
    assert view.banner.text() == "Roles changed for handler."


def test_the_last_administrator_cannot_lose_the_role(
    qtbot: Any, view: Any, monkeypatch: Any
) -> None:
    from ui.roles_dialog import RolesChange, RolesDialog

    monkeypatch.setattr(
        RolesDialog,
        "ask",
        classmethod(lambda cls, parent, user: RolesChange(frozenset({Role.COUNSELLOR}), False)),
    )
    view.select_username("admin")
    assert _click(qtbot, view, view.roles_button) == "error"
    assert "no administrator" in view.banner.text()
    qtbot.waitUntil(lambda: _row(view, "admin")["roles"] == "Administrator")


def test_reset_password_shows_the_temporary_password_once(
    qtbot: Any, runner: Any, view: Any, staffed_dir: Path, monkeypatch: Any
) -> None:
    from supportline.session import unlock
    from ui.temporary_password_dialog import TemporaryPasswordDialog

    questions: list[str] = []
    _confirm(monkeypatch, questions)
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(
        TemporaryPasswordDialog,
        "ask",
        classmethod(lambda cls, parent, username, password: shown.append((username, password))),
    )
    view.select_username("manager")
    assert _click(qtbot, view, view.reset_button) == "success"
    assert "manager" in questions[0]
    assert len(shown) == 1 and shown[0][0] == "manager"
    temporary = shown[0][1]
    assert len(temporary) >= 10
    assert temporary not in view.banner.text()
    qtbot.waitUntil(lambda: "must change password" in _row(view, "manager")["status"])
    session = run_on_db(qtbot, runner, lambda: unlock(staffed_dir, "manager", temporary))
    assert session.must_change_password is True
    run_on_db(qtbot, runner, session.lock)


def test_disable_a_user_rotates_keys_with_progress(
    qtbot: Any, runner: Any, view: Any, staffed_dir: Path, monkeypatch: Any
) -> None:
    from supportline.session import unlock

    _confirm(monkeypatch, [])
    view.select_username("counsellor")
    stages: list[tuple[float, str]] = []
    original_open = type(view)._run_rotation

    def spy(self: Any, title: str, fn: Any, success: Any) -> None:
        original_open(self, title, fn, success)
        self.progress_dialog.progress_bar.valueChanged.connect(
            lambda value: stages.append((value, self.progress_dialog.stage_label.text()))
        )

    monkeypatch.setattr(type(view), "_run_rotation", spy)
    assert _click(qtbot, view, view.disable_button, timeout=60_000) == "success"
    dialog = view.progress_dialog
    assert dialog.fraction == 1.0
    assert not dialog.isVisible()
    assert [value for value, _ in stages] == sorted(value for value, _ in stages)
    assert stages[-1] == (100, "Finishing…")
    assert any("Re-encrypting the case store" in text for _, text in stages)
    qtbot.waitUntil(lambda: _row(view, "counsellor")["status"] == "Disabled")
    assert "counsellor is disabled" in view.banner.text()
    with pytest.raises(AuthenticationFailed):
        run_on_db(qtbot, runner, lambda: unlock(staffed_dir, "counsellor", "counsellor password 1"))
    # Everyone else still gets in after the rotation.
    session = run_on_db(qtbot, runner, lambda: unlock(staffed_dir, "handler", "handler password 1"))
    run_on_db(qtbot, runner, session.lock)


def test_add_user_dialog_checks_its_fields(qtbot: Any) -> None:
    from ui.add_user_dialog import AddUserDialog

    dialog = AddUserDialog()
    qtbot.addWidget(dialog)
    assert not dialog.ok_button.isEnabled()
    qtbot.keyClicks(dialog.username_edit, "sam")
    assert dialog.message_label.text() == "Choose at least one role."
    dialog.role_picker.role_checks[Role.CALL_HANDLER].setChecked(True)
    assert not dialog.role_picker.clinical_lead_check.isEnabled()
    dialog.password_edit.setText("sam password 1")
    dialog.confirm_edit.setText("sam password 2")
    assert dialog.message_label.text() == "The two passwords are not the same."
    dialog.confirm_edit.setText("sam password 1")
    assert dialog.ok_button.isEnabled()
    value = dialog.value()
    assert value.username == "sam" and value.roles == frozenset({Role.CALL_HANDLER})
    assert value.must_change_password is True


def test_every_control_has_an_accessible_name(view: Any) -> None:
    for widget in (
        view.filter_edit,
        view.table,
        view.add_button,
        view.roles_button,
        view.reset_button,
        view.disable_button,
        view.rotate_button,
    ):
        assert widget.accessibleName(), widget.objectName()
