"""Signing in: keyboard-only success, one generic failure message, countdown after failures."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from tests.conftest import ADMIN_PASSWORD
from tests.ui.conftest import FakeClock, run_on_db

GENERIC = "The username or password is not right."


@pytest.fixture
def make_dialog(qtbot: Any, runner: Any, fake_clock: FakeClock) -> Any:
    from ui.unlock_dialog import UnlockDialog

    opened: list[Any] = []

    def make(path: Path) -> UnlockDialog:
        dialog = UnlockDialog(path, runner, clock=fake_clock)
        qtbot.addWidget(dialog)
        dialog.unlocked.connect(opened.append)
        dialog.show()
        qtbot.waitExposed(dialog)
        dialog.activateWindow()
        return dialog

    yield make
    for session in opened:
        run_on_db(qtbot, runner, session.lock)


def _attempt(qtbot: Any, dialog: Any, username: str, password: str) -> None:
    dialog.username_edit.setText(username)
    dialog.password_edit.setText(password)
    qtbot.mouseClick(dialog.unlock_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.busy)


def test_unlock_by_keyboard_emits_the_session(qtbot: Any, make_dialog: Any, data_dir: Path) -> None:
    dialog = make_dialog(data_dir)
    dialog.username_edit.setFocus()
    qtbot.waitUntil(lambda: dialog.focusWidget() is dialog.username_edit)
    qtbot.keyClicks(dialog.username_edit, "admin")
    qtbot.keyClick(dialog.username_edit, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is dialog.password_edit
    qtbot.keyClicks(dialog.password_edit, ADMIN_PASSWORD)
    with qtbot.waitSignal(dialog.unlocked, timeout=10_000) as blocker:
        qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
    session = blocker.args[0]
    assert session.username == "admin"
    assert not session.closed
    assert dialog.result() == dialog.DialogCode.Accepted
    assert dialog.password_edit.text() == ""


@pytest.mark.parametrize("username", ["admin", "nobody"])
def test_wrong_credentials_give_one_generic_message(
    qtbot: Any, make_dialog: Any, data_dir: Path, username: str
) -> None:
    dialog = make_dialog(data_dir)
    emitted: list[Any] = []
    dialog.unlocked.connect(emitted.append)
    _attempt(qtbot, dialog, username, "not the password")
    assert dialog.message_label.text() == GENERIC
    assert emitted == []
    assert dialog.session is None
    assert dialog.unlock_button.isEnabled()
    assert dialog.password_edit.text() == ""
    assert dialog.isVisible()


def test_countdown_after_repeated_failures_disables_the_button(
    qtbot: Any, make_dialog: Any, data_dir: Path, fake_clock: FakeClock
) -> None:
    dialog = make_dialog(data_dir)
    for _ in range(2):
        _attempt(qtbot, dialog, "admin", "wrong password here")
        assert dialog.unlock_button.isEnabled()
    _attempt(qtbot, dialog, "admin", "wrong password here")
    # Third recent failure: the core asks for a pause before the next attempt.
    assert dialog.waiting
    assert not dialog.unlock_button.isEnabled()
    assert "Please wait 1 second" in dialog.message_label.text()
    assert dialog.message_label.text().startswith(GENERIC)
    # Enter does nothing while the countdown runs.
    dialog.password_edit.setText(ADMIN_PASSWORD)
    qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
    assert not dialog.busy and dialog.session is None

    fake_clock.advance(1.5)
    qtbot.waitUntil(lambda: dialog.unlock_button.isEnabled())
    assert "try again now" in dialog.message_label.text()
    dialog.password_edit.setText(ADMIN_PASSWORD)
    with qtbot.waitSignal(dialog.unlocked, timeout=10_000):
        qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)


def test_longer_countdown_after_more_failures(
    qtbot: Any, make_dialog: Any, data_dir: Path, fake_clock: FakeClock
) -> None:
    dialog = make_dialog(data_dir)
    for _ in range(3):
        _attempt(qtbot, dialog, "admin", "wrong password here")
        fake_clock.advance(2)
        qtbot.waitUntil(lambda: dialog.unlock_button.isEnabled())
    _attempt(qtbot, dialog, "admin", "wrong password here")
    assert "Please wait 2 second" in dialog.message_label.text()
    fake_clock.advance(1)
    dialog.countdown_timer.timeout.emit()
    assert not dialog.unlock_button.isEnabled()
    fake_clock.advance(1)
    qtbot.waitUntil(lambda: dialog.unlock_button.isEnabled())


def test_a_new_dialog_honours_an_outstanding_delay(
    qtbot: Any, make_dialog: Any, data_dir: Path
) -> None:
    first = make_dialog(data_dir)
    for _ in range(3):
        _attempt(qtbot, first, "admin", "wrong password here")
    first.close()
    # Closing the dialog (or restarting the app) does not skip the pause.
    second = make_dialog(data_dir)
    _attempt(qtbot, second, "admin", ADMIN_PASSWORD)
    assert second.session is None
    assert second.waiting
    assert not second.unlock_button.isEnabled()
    assert "Please wait" in second.message_label.text()


def test_missing_data_says_how_to_create_it(qtbot: Any, make_dialog: Any, tmp_path: Path) -> None:
    dialog = make_dialog(tmp_path / "nothing-here")
    text = dialog.message_label.text()
    assert "No SupportLine data found in" in text
    assert str(tmp_path / "nothing-here") in text
    assert "supportline init" in text and "supportline demo" in text
    assert not dialog.unlock_button.isEnabled()
    assert str(tmp_path / "nothing-here") in dialog.data_dir_label.text()


def test_corrupt_keystore_gives_a_clear_message(
    qtbot: Any, make_dialog: Any, data_dir: Path
) -> None:
    (data_dir / "keystore.json").write_text("{not json", encoding="utf-8")
    dialog = make_dialog(data_dir)
    _attempt(qtbot, dialog, "admin", ADMIN_PASSWORD)
    assert "damaged" in dialog.message_label.text()
    assert "Traceback" not in dialog.message_label.text()
    assert dialog.session is None


def test_every_input_has_an_accessible_name(qtbot: Any, make_dialog: Any, data_dir: Path) -> None:
    dialog = make_dialog(data_dir)
    for widget in (
        dialog.username_edit,
        dialog.password_edit,
        dialog.unlock_button,
        dialog.message_label,
    ):
        assert widget.accessibleName()


def test_a_key_store_that_breaks_its_schema_gives_the_same_clear_message(
    qtbot: Any, make_dialog: Any, data_dir: Path
) -> None:
    import json

    doc = json.loads((data_dir / "keystore.json").read_text())
    doc["slots"][0]["kdf"]["memory_kib"] = 2 * 1024 * 1024  # an edited slot asking for 2 GiB
    (data_dir / "keystore.json").write_text(json.dumps(doc), encoding="utf-8")
    dialog = make_dialog(data_dir)
    _attempt(qtbot, dialog, "admin", ADMIN_PASSWORD)
    assert "damaged" in dialog.message_label.text()
    assert dialog.session is None


def test_a_store_its_anchor_does_not_vouch_for_is_refused_clearly(
    qtbot: Any, make_dialog: Any, data_dir: Path
) -> None:
    import json

    doc = json.loads((data_dir / "keystore.json").read_text())
    del doc["anchors"]["case"]
    (data_dir / "keystore.json").write_text(json.dumps(doc))
    dialog = make_dialog(data_dir)
    _attempt(qtbot, dialog, "admin", ADMIN_PASSWORD)
    assert "may have been tampered with" in dialog.message_label.text()
    assert "Traceback" not in dialog.message_label.text()
