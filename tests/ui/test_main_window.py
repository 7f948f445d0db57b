"""The main window offers each role only its workspaces, and says who is signed in."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from tests.conftest import PASSWORDS
from tests.ui.conftest import run_on_db

EXPECTED_PAGES = {
    "handler": ["calls", "clients", "waiting_list", "diary", "evaluation_entry"],
    "counsellor": ["waiting_list", "diary", "caseload"],
    "manager": ["statistics", "evaluation_entry"],
    "admin": [
        "calls",
        "clients",
        "waiting_list",
        "diary",
        "statistics",
        "evaluation_entry",
        "administration",
    ],
}


def _window(qtbot: Any, runner: Any, session: Any) -> Any:
    from ui.main_window import MainWindow
    from ui.services import Services

    window = MainWindow(session, Services.for_session(session), runner)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


@pytest.mark.parametrize("username", sorted(EXPECTED_PAGES))
def test_only_the_pages_a_role_may_use(
    qtbot: Any, runner: Any, staffed_dir: Path, open_session: Any, username: str
) -> None:
    session = open_session(staffed_dir, username)
    window = _window(qtbot, runner, session)
    assert window.page_ids() == EXPECTED_PAGES[username]
    assert window.page_stack.count() == len(EXPECTED_PAGES[username])
    assert set(window.pages) == set(EXPECTED_PAGES[username])
    from PySide6.QtWidgets import QWidget

    from ui.administration_view import AdministrationView

    administration = window.findChild(QWidget, "page_administration")
    assert isinstance(administration, AdministrationView) == (username == "admin")
    titles = [
        window.navigation_list.item(row).text() for row in range(window.navigation_list.count())
    ]
    assert ("Administration" in titles) == (username == "admin")


def test_pages_are_real_and_admins_have_no_caseload(
    qtbot: Any, runner: Any, staffed_dir: Path, open_session: Any
) -> None:
    from ui.caseload_view import CaseloadView
    from ui.diary_view import DiaryView

    window = _window(qtbot, runner, open_session(staffed_dir, "counsellor"))
    assert isinstance(window.pages["diary"], DiaryView)
    assert isinstance(window.pages["caseload"], CaseloadView)
    # An administrator holds the notes key only for key rotation and may not read notes: there
    # is no caseload page for them at all.
    admin = _window(qtbot, runner, open_session(staffed_dir, "admin"))
    assert "caseload" not in admin.pages


def test_status_bar_names_the_user_and_roles(
    qtbot: Any, runner: Any, staffed_dir: Path, open_session: Any
) -> None:
    window = _window(qtbot, runner, open_session(staffed_dir, "admin"))
    qtbot.waitUntil(lambda: "Ada Admin" in window.signed_in_label.text())
    assert window.signed_in_label.text() == "Signed in as Ada Admin (Administrator)"
    assert str(staffed_dir) in window.data_dir_label.text()
    # Every role sees its own name, not only the administrator who may list users.
    counsellor = _window(qtbot, runner, open_session(staffed_dir, "counsellor"))
    qtbot.waitUntil(lambda: "Cora Counsellor" in counsellor.signed_in_label.text())
    assert counsellor.signed_in_label.text() == "Signed in as Cora Counsellor (Counsellor)"
    # The service manager has no case store to read a name from: the username stands.
    manager = _window(qtbot, runner, open_session(staffed_dir, "manager"))
    qtbot.waitUntil(lambda: runner.pending == 0)
    assert manager.signed_in_label.text() == "Signed in as manager (Service manager)"


def test_keyboard_switches_pages(
    qtbot: Any, runner: Any, staffed_dir: Path, open_session: Any
) -> None:
    window = _window(qtbot, runner, open_session(staffed_dir, "handler"))
    assert window.current_page_id() == "calls"
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page_id() == "waiting_list"
    assert window.page_stack.currentWidget() is window.pages["waiting_list"]


def test_about_shows_version_and_data_dir(
    qtbot: Any, runner: Any, staffed_dir: Path, open_session: Any, monkeypatch: Any
) -> None:
    from ui.about_dialog import AboutDialog

    window = _window(qtbot, runner, open_session(staffed_dir, "manager"))
    shown: list[Path] = []
    monkeypatch.setattr(
        AboutDialog, "ask", classmethod(lambda cls, parent, path: shown.append(path))
    )
    window.about_action.trigger()
    assert shown == [staffed_dir]
    dialog = AboutDialog(staffed_dir)
    qtbot.addWidget(dialog)
    from supportline import __version__

    assert __version__ in dialog.text_label.text() and str(staffed_dir) in dialog.text_label.text()


def test_change_my_password(
    qtbot: Any, runner: Any, staffed_dir: Path, open_session: Any, monkeypatch: Any
) -> None:
    from supportline.session import unlock
    from ui.change_password_dialog import ChangePasswordDialog, PasswordChange

    window = _window(qtbot, runner, open_session(staffed_dir, "handler"))
    monkeypatch.setattr(
        ChangePasswordDialog,
        "ask",
        classmethod(
            lambda cls, parent, forced=False: PasswordChange(PASSWORDS["handler"], "a brand new pw")
        ),
    )
    with qtbot.waitSignal(window.password_changed, timeout=10_000):
        window.change_password_action.trigger()
    assert window.banner.text() == "Your password has been changed."
    session = run_on_db(qtbot, runner, lambda: unlock(staffed_dir, "handler", "a brand new pw"))
    run_on_db(qtbot, runner, session.lock)


def test_wrong_current_password_is_reported(
    qtbot: Any, runner: Any, staffed_dir: Path, open_session: Any, monkeypatch: Any
) -> None:
    from ui.change_password_dialog import ChangePasswordDialog, PasswordChange

    window = _window(qtbot, runner, open_session(staffed_dir, "handler"))
    monkeypatch.setattr(
        ChangePasswordDialog,
        "ask",
        classmethod(
            lambda cls, parent, forced=False: PasswordChange("not my password", "a brand new pw")
        ),
    )
    window.change_password_action.trigger()
    qtbot.waitUntil(lambda: window.banner.kind == "error")
    assert "current password is not right" in window.banner.text()


def test_change_password_dialog_checks_its_fields(qtbot: Any) -> None:
    from ui.change_password_dialog import ChangePasswordDialog

    dialog = ChangePasswordDialog(forced=True)
    qtbot.addWidget(dialog)
    assert not dialog.ok_button.isEnabled()
    dialog.old_edit.setText("old password 1")
    dialog.new_edit.setText("short")
    assert "at least 10" in dialog.message_label.text()
    dialog.new_edit.setText("long enough now")
    dialog.confirm_edit.setText("different one!!")
    assert "not the same" in dialog.message_label.text()
    dialog.confirm_edit.setText("long enough now")
    assert dialog.ok_button.isEnabled()
    assert dialog.value().new_password == "long enough now"
