"""The unlock screen: username and password, one generic failure message, slowed retries."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from supportline.errors import AuthenticationFailed, RetryLater
from supportline.keystore import Keystore
from supportline.session import DataDir, Session, retry_wait, unlock, utcnow

from . import messages
from .task_runner import TaskRunner

Clock = Callable[[], datetime]

COUNTDOWN_TICK_MS = 250


@dataclass(frozen=True)
class _Refused:
    """An attempt that failed on credentials; ``delay`` is the wait before the next one."""

    delay: float
    attempted: bool = True


class UnlockDialog(QDialog):
    """Emits ``unlocked(session)`` and accepts once the store is open.

    The unlock itself runs on the database thread (sessions belong to that thread). After
    repeated failures the button stays disabled for the delay the core asks for, counted on
    ``clock`` so tests can move time forward.
    """

    unlocked = Signal(object)

    def __init__(
        self,
        data_dir: Path,
        runner: TaskRunner,
        clock: Clock = utcnow,
        username: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._data_dir = Path(data_dir)
        self._runner = runner
        self._clock = clock
        self._busy = False
        self._retry_at: datetime | None = None
        self._countdown_for: str | None = None
        self._countdown_prefix = ""
        self.session: Session | None = None
        self.setObjectName("unlock_dialog")
        self.setWindowTitle(self.tr("SupportLine – Sign in"))
        self._build(username)
        self._connect_signals()
        self._check_data_dir()

    # -- building -------------------------------------------------------------------------------

    def _build(self, username: str) -> None:
        self.title_label = QLabel(self.tr("Sign in to SupportLine"))
        self.title_label.setObjectName("title_label")
        font = self.title_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.title_label.setFont(font)

        self.username_edit = QLineEdit(username)
        self.username_edit.setObjectName("username_edit")
        self.username_edit.setAccessibleName(self.tr("Username"))
        self.username_edit.setAutoFillBackground(False)
        self.username_edit.setInputMethodHints(Qt.InputMethodHint.ImhNoAutoUppercase)

        self.password_edit = QLineEdit()
        self.password_edit.setObjectName("password_edit")
        self.password_edit.setAccessibleName(self.tr("Password"))
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)

        form = QFormLayout()
        username_label = QLabel(self.tr("&Username:"))
        username_label.setBuddy(self.username_edit)
        password_label = QLabel(self.tr("&Password:"))
        password_label.setBuddy(self.password_edit)
        form.addRow(username_label, self.username_edit)
        form.addRow(password_label, self.password_edit)

        self.message_label = QLabel()
        self.message_label.setObjectName("message_label")
        self.message_label.setAccessibleName(self.tr("Sign-in message"))
        self.message_label.setWordWrap(True)
        self.message_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message_label.setStyleSheet("color: #a4262c;")

        self.data_dir_label = QLabel(self.tr("Data: {path}").format(path=self._data_dir))
        self.data_dir_label.setObjectName("data_dir_label")
        self.data_dir_label.setAccessibleName(self.tr("Data directory"))
        self.data_dir_label.setWordWrap(True)
        self.data_dir_label.setStyleSheet("color: palette(mid);")
        self.data_dir_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.unlock_button = QPushButton(self.tr("&Sign in"))
        self.unlock_button.setObjectName("unlock_button")
        self.unlock_button.setAccessibleName(self.tr("Sign in"))
        self.unlock_button.setDefault(True)
        self.unlock_button.setAutoDefault(True)

        self.quit_button = QPushButton(self.tr("&Quit"))
        self.quit_button.setObjectName("quit_button")
        self.quit_button.setAccessibleName(self.tr("Quit"))
        self.quit_button.setAutoDefault(False)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.quit_button)
        buttons.addWidget(self.unlock_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(12)
        layout.addWidget(self.title_label)
        layout.addLayout(form)
        layout.addWidget(self.message_label)
        layout.addLayout(buttons)
        layout.addWidget(self.data_dir_label)
        self.setMinimumWidth(420)

        self.setTabOrder(self.username_edit, self.password_edit)
        self.setTabOrder(self.password_edit, self.unlock_button)
        self.setTabOrder(self.unlock_button, self.quit_button)
        (self.password_edit if username else self.username_edit).setFocus()

        self.countdown_timer = QTimer(self)
        self.countdown_timer.setObjectName("countdown_timer")
        self.countdown_timer.setInterval(COUNTDOWN_TICK_MS)

    def _connect_signals(self) -> None:
        self.unlock_button.clicked.connect(self._on_unlock_button_clicked)
        self.quit_button.clicked.connect(self._on_quit_button_clicked)
        self.password_edit.returnPressed.connect(self._on_password_edit_return_pressed)
        self.username_edit.returnPressed.connect(self._on_username_edit_return_pressed)
        self.countdown_timer.timeout.connect(self._on_countdown_timer_timeout)

    def _check_data_dir(self) -> None:
        if DataDir(self._data_dir).exists():
            return
        self.message_label.setText(messages.no_data_found(str(self._data_dir)))
        for widget in (self.username_edit, self.password_edit, self.unlock_button):
            widget.setEnabled(False)
        self.quit_button.setDefault(True)

    # -- state ----------------------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        return self._busy

    @property
    def waiting(self) -> bool:
        return self._retry_at is not None

    def _refresh_enabled(self) -> None:
        self.unlock_button.setEnabled(not self._busy and self._retry_at is None)
        self.username_edit.setEnabled(not self._busy)
        self.password_edit.setEnabled(not self._busy)

    # -- attempts -------------------------------------------------------------------------------

    def attempt(self) -> None:
        if self._busy or self._retry_at is not None or not self.unlock_button.isEnabled():
            return
        username = self.username_edit.text().strip()
        password = self.password_edit.text()
        if not username or not password:
            self.message_label.setText(self.tr("Enter your username and password."))
            (self.password_edit if username else self.username_edit).setFocus()
            return
        self._busy = True
        self._refresh_enabled()
        self.message_label.setText(self.tr("Signing in…"))
        # The core decides whether this attempt may run now; when it must wait we count down
        # here instead of sleeping on the database thread.
        self._runner.submit(
            lambda: _attempt_unlock(self._data_dir, username, password, self._clock),
            self._on_runner_attempt_done,
            self._on_runner_attempt_failed,
        )

    def _start_countdown(self, delay: float, username: str, attempted: bool) -> None:
        self._countdown_prefix = messages.authentication_failed() + " " if attempted else ""
        self._retry_at = self._clock() + timedelta(seconds=delay)
        self._countdown_for = username
        self._update_countdown()
        self.countdown_timer.start()

    def _update_countdown(self) -> None:
        assert self._retry_at is not None
        remaining = (self._retry_at - self._clock()).total_seconds()
        if remaining <= 0:
            self._retry_at = None
            self.countdown_timer.stop()
            self.message_label.setText(
                self._countdown_prefix + self.tr("You can try again now.")
            )
            self._refresh_enabled()
            self.password_edit.setFocus()
            return
        seconds = math.ceil(remaining)
        self.message_label.setText(
            self._countdown_prefix
            + self.tr("Please wait %n second(s) before trying again.", "", seconds)
        )
        self._refresh_enabled()

    # -- slots ----------------------------------------------------------------------------------

    @Slot()
    def _on_unlock_button_clicked(self) -> None:
        self.attempt()

    @Slot()
    def _on_password_edit_return_pressed(self) -> None:
        self.attempt()

    @Slot()
    def _on_username_edit_return_pressed(self) -> None:
        if self.password_edit.text():
            self.attempt()
        else:
            self.password_edit.setFocus()

    @Slot()
    def _on_quit_button_clicked(self) -> None:
        self.reject()

    @Slot()
    def _on_countdown_timer_timeout(self) -> None:
        if self._retry_at is not None:
            self._update_countdown()

    def _on_runner_attempt_done(self, outcome: Session | _Refused) -> None:
        self._busy = False
        self.password_edit.clear()
        if isinstance(outcome, _Refused):
            self._refresh_enabled()
            self.password_edit.setFocus()
            if outcome.delay > 0:
                self._start_countdown(
                    outcome.delay, self.username_edit.text().strip(), outcome.attempted
                )
            else:
                self.message_label.setText(messages.authentication_failed())
            return
        self.session = outcome
        self.message_label.clear()
        self.unlocked.emit(outcome)
        self.accept()

    def _on_runner_attempt_failed(self, error: BaseException) -> None:
        self._busy = False
        self.password_edit.clear()
        self._refresh_enabled()
        self.message_label.setText(messages.error_message(error))

    # -- Qt overrides ---------------------------------------------------------------------------

    def reject(self) -> None:
        if self._busy:
            return  # a session is being opened on the database thread; let it land first
        self.countdown_timer.stop()
        super().reject()


def _attempt_unlock(
    data_dir: Path, username: str, password: str, clock: Clock
) -> Session | _Refused:
    """Runs on the database thread, through the one sign-in every entry point uses."""
    data = DataDir(data_dir)
    try:
        return unlock(data_dir, username, password, clock=clock, sleep=None)
    except RetryLater as wait:
        return _Refused(wait.seconds, attempted=False)
    except AuthenticationFailed:
        return _Refused(retry_wait(Keystore.load(data.keystore), username, clock()))
