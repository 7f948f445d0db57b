"""Locking: Ctrl+L and the idle timer close the session, drop keys and show the unlock screen."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import Qt

from tests.conftest import PASSWORDS
from tests.ui.conftest import FakeClock, FakeMonotonic, run_on_db


@pytest.fixture
def controller(
    qtbot: Any, runner: Any, staffed_dir: Path, fake_clock: FakeClock, fake_monotonic: FakeMonotonic
) -> Any:
    from ui.session_controller import SessionController

    session_controller = SessionController(
        staffed_dir, runner, clock=fake_clock, idle_clock=fake_monotonic, idle_poll_ms=20
    )
    session_controller.start()
    yield session_controller
    session_controller.shutdown()  # queues the session's lock before the runner stops


def sign_in(qtbot: Any, controller: Any, username: str, password: str | None = None) -> Any:
    dialog = controller.unlock_dialog
    assert dialog is not None and dialog.isVisible()
    dialog.username_edit.setText(username)
    dialog.password_edit.setText(password or PASSWORDS[username])
    with qtbot.waitSignal(controller.unlocked, timeout=10_000):
        qtbot.mouseClick(dialog.unlock_button, Qt.MouseButton.LeftButton)
    window = controller.main_window
    qtbot.waitExposed(window)
    return window


def test_ctrl_l_locks_and_shows_the_unlock_screen(qtbot: Any, controller: Any) -> None:
    window = sign_in(qtbot, controller, "handler")
    session = controller.session
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    with qtbot.waitSignal(controller.locked, timeout=10_000):
        qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert session.closed is True
    assert session.opened.keys == {}
    assert session.case_engine is None
    assert controller.session is None
    assert controller.main_window is None
    # The window holding case data is gone, not merely hidden.
    assert not shiboken6.isValid(window) or not window.isVisible()
    qtbot.waitUntil(lambda: not shiboken6.isValid(window))
    assert controller.unlock_dialog is not None and controller.unlock_dialog.isVisible()
    # The next person is offered the last username, never the password.
    assert controller.unlock_dialog.username_edit.text() == "handler"
    assert controller.unlock_dialog.password_edit.text() == ""


def test_unlocking_as_someone_else_rebuilds_the_window(qtbot: Any, controller: Any) -> None:
    first = sign_in(qtbot, controller, "admin")
    assert "administration" in first.page_ids()
    with qtbot.waitSignal(controller.locked, timeout=10_000):
        first.lock_action.trigger()
    second = sign_in(qtbot, controller, "counsellor")
    assert second is not first
    assert second.page_ids() == ["waiting_list", "diary", "caseload"]
    qtbot.waitUntil(lambda: not shiboken6.isValid(first))  # thrown away, not reused
    assert controller.session.username == "counsellor"


def _set_idle_minutes(qtbot: Any, runner: Any, staffed_dir: Path, minutes: int) -> None:
    from supportline.services.settings import SettingsService
    from supportline.session import unlock

    def change() -> None:
        session = unlock(staffed_dir, "admin", PASSWORDS["admin"])
        try:
            SettingsService(session).update({"idle_lock_minutes": minutes})
        finally:
            session.close()

    run_on_db(qtbot, runner, change)


def test_idle_auto_lock_after_the_configured_minutes(
    qtbot: Any, runner: Any, staffed_dir: Path, controller: Any, fake_monotonic: FakeMonotonic
) -> None:
    _set_idle_minutes(qtbot, runner, staffed_dir, 2)
    sign_in(qtbot, controller, "handler")
    session = controller.session
    monitor = controller.idle_monitor
    qtbot.waitUntil(lambda: monitor.timeout_minutes == 2)
    fake_monotonic.advance(119)
    assert monitor.check() is False
    assert controller.session is session
    with qtbot.waitSignal(controller.locked, timeout=10_000):
        fake_monotonic.advance(2)  # the 20 ms poll timer notices
    assert session.closed is True
    assert controller.unlock_dialog.isVisible()
    assert not monitor.running


def test_activity_resets_the_idle_timer(
    qtbot: Any, runner: Any, staffed_dir: Path, controller: Any, fake_monotonic: FakeMonotonic
) -> None:
    _set_idle_minutes(qtbot, runner, staffed_dir, 2)
    window = sign_in(qtbot, controller, "admin")
    monitor = controller.idle_monitor
    qtbot.waitUntil(lambda: monitor.timeout_minutes == 2)
    fake_monotonic.advance(100)
    qtbot.keyClick(window.navigation_list, Qt.Key.Key_Down)
    assert monitor.idle_seconds() == 0
    fake_monotonic.advance(100)  # 200 s since sign-in, but only 100 s since the key press
    assert monitor.check() is False
    qtbot.mouseClick(window.navigation_list.viewport(), Qt.MouseButton.LeftButton)
    fake_monotonic.advance(100)
    assert monitor.check() is False
    assert controller.session is not None and not controller.session.closed
    with qtbot.waitSignal(controller.locked, timeout=10_000):
        fake_monotonic.advance(30)


def test_roles_that_cannot_read_settings_use_five_minutes(
    qtbot: Any, runner: Any, staffed_dir: Path, controller: Any, fake_monotonic: FakeMonotonic
) -> None:
    _set_idle_minutes(qtbot, runner, staffed_dir, 30)
    sign_in(qtbot, controller, "manager")
    monitor = controller.idle_monitor
    assert monitor.running and monitor.timeout_minutes == 5
    fake_monotonic.advance(5 * 60 - 1)
    assert monitor.check() is False
    with qtbot.waitSignal(controller.locked, timeout=10_000):
        fake_monotonic.advance(2)


def test_a_reset_password_must_be_changed_after_sign_in(
    qtbot: Any, runner: Any, staffed_dir: Path, controller: Any, monkeypatch: Any
) -> None:
    from supportline.services.users import UserService
    from supportline.session import unlock
    from ui.change_password_dialog import ChangePasswordDialog, PasswordChange

    def reset() -> str:
        session = unlock(staffed_dir, "admin", PASSWORDS["admin"])
        try:
            return UserService(session).reset_password("handler")
        finally:
            session.close()

    temporary = run_on_db(qtbot, runner, reset)
    asked: list[bool] = []

    def ask(cls: Any, parent: Any, forced: bool = False) -> PasswordChange:
        asked.append(forced)
        return PasswordChange(temporary, "my own new password")

    monkeypatch.setattr(ChangePasswordDialog, "ask", classmethod(ask))
    window = sign_in(qtbot, controller, "handler", temporary)
    with qtbot.waitSignal(window.password_changed, timeout=10_000):
        pass
    assert asked == [True]
    session = run_on_db(
        qtbot, runner, lambda: unlock(staffed_dir, "handler", "my own new password")
    )
    assert session.must_change_password is False
    run_on_db(qtbot, runner, session.lock)


def test_refusing_the_forced_password_change_locks(
    qtbot: Any, runner: Any, staffed_dir: Path, controller: Any, monkeypatch: Any
) -> None:
    from supportline.services.users import UserService
    from supportline.session import unlock
    from ui.change_password_dialog import ChangePasswordDialog

    def reset() -> str:
        session = unlock(staffed_dir, "admin", PASSWORDS["admin"])
        try:
            return UserService(session).reset_password("counsellor")
        finally:
            session.close()

    temporary = run_on_db(qtbot, runner, reset)
    monkeypatch.setattr(
        ChangePasswordDialog, "ask", classmethod(lambda cls, parent, forced=False: None)
    )
    with qtbot.waitSignal(controller.locked, timeout=10_000):
        sign_in(qtbot, controller, "counsellor", temporary)
    assert controller.session is None
    assert controller.unlock_dialog.isVisible()


def test_a_user_disabled_elsewhere_is_signed_out_on_their_next_action(
    qtbot: Any, runner: Any, controller: Any, staffed_dir: Path
) -> None:
    from supportline.services.clients import ClientService
    from supportline.services.users import UserService
    from supportline.session import unlock

    window = sign_in(qtbot, controller, "handler")
    assert window is not None
    session = controller.session

    def disable_elsewhere() -> None:
        admin = unlock(staffed_dir, "admin", PASSWORDS["admin"])  # another copy of the app
        try:
            UserService(admin).disable_user("handler")
        finally:
            admin.close()

    run_on_db(qtbot, runner, disable_elsewhere)
    failures: list[BaseException] = []
    with qtbot.waitSignal(controller.locked, timeout=10_000):
        runner.submit(lambda: ClientService(session).search("smith"), None, failures.append)
    assert [type(error).__name__ for error in failures] == ["AccessRevoked"]
    assert session.closed and session.opened.keys == {}
    assert controller.session is None and controller.main_window is None
    assert controller.unlock_dialog is not None and controller.unlock_dialog.isVisible()
