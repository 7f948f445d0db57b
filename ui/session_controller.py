"""The unlock → work → lock cycle: the one place that builds a session's windows and services."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal, Slot
from PySide6.QtWidgets import QApplication

from supportline.errors import PermissionDenied
from supportline.roles import Op, allowed
from supportline.session import Session, utcnow

from . import messages
from .idle_monitor import DEFAULT_IDLE_MINUTES, DEFAULT_POLL_MS, IdleMonitor
from .main_window import MainWindow
from .services import Services
from .task_runner import TaskRunner
from .unlock_dialog import UnlockDialog


class SessionController(QObject):
    """Shows the unlock dialog, then a fresh main window; locking throws the window away.

    ``finished`` means the user chose to quit. Nothing here is global: the application, or a
    test, owns the controller and the task runner and shuts both down.
    """

    unlocked = Signal(object)
    locked = Signal()
    finished = Signal()

    def __init__(
        self,
        data_dir: Path,
        runner: TaskRunner,
        clock: Callable[[], datetime] = utcnow,
        idle_clock: Callable[[], float] = time.monotonic,
        idle_poll_ms: int = DEFAULT_POLL_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._data_dir = Path(data_dir)
        self._runner = runner
        self._clock = clock
        self.session: Session | None = None
        self.main_window: MainWindow | None = None
        self.unlock_dialog: UnlockDialog | None = None
        self.idle_monitor = IdleMonitor(idle_clock, idle_poll_ms, self)
        self._last_username = ""
        self._finished = False
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.idle_monitor.idle_timed_out.connect(self._on_idle_monitor_idle_timed_out)
        self._runner.access_revoked.connect(self._on_runner_access_revoked)

    # -- cycle ----------------------------------------------------------------------------------

    def start(self) -> None:
        self._show_unlock_dialog()

    def _show_unlock_dialog(self) -> None:
        dialog = UnlockDialog(self._data_dir, self._runner, self._clock, self._last_username)
        dialog.unlocked.connect(self._on_unlock_dialog_unlocked)
        dialog.rejected.connect(self._on_unlock_dialog_rejected)
        self.unlock_dialog = dialog
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()

    def lock(self) -> None:
        """Lock now: stop the idle timer, throw the window away, lock on the database thread."""
        session = self.session
        if session is None:
            return
        self.idle_monitor.stop()
        self._close_modal_dialogs()
        self._discard_main_window()
        self.session = None
        self._runner.submit(session.lock, self._on_runner_locked, self._on_runner_lock_failed)
        self._show_unlock_dialog()

    def shutdown(self) -> None:
        """Close every window and the session (queued before the runner stops)."""
        self._finished = True
        self.idle_monitor.stop()
        self._close_modal_dialogs()
        self._discard_main_window()
        if self.unlock_dialog is not None:
            self.unlock_dialog.blockSignals(True)
            self.unlock_dialog.close()
            self.unlock_dialog.deleteLater()
            self.unlock_dialog = None
        if self.session is not None and not self._runner.is_shut_down:
            self._runner.submit(self.session.lock)
        self.session = None

    def _discard_main_window(self) -> None:
        window = self.main_window
        self.main_window = None
        if window is not None:
            window.close_quietly()
            window.deleteLater()

    def _close_modal_dialogs(self) -> None:
        # A modal dialog (e.g. Add user) open when the idle lock fires must not survive it.
        for _ in range(10):
            modal = QApplication.activeModalWidget()
            if modal is None or modal is self.unlock_dialog:
                return
            modal.close()

    # -- slots ----------------------------------------------------------------------------------

    @Slot(object)
    def _on_unlock_dialog_unlocked(self, session: Session) -> None:
        dialog = self.unlock_dialog
        self.unlock_dialog = None
        if dialog is not None:
            dialog.deleteLater()
        self.session = session
        self._last_username = session.username
        window = MainWindow(session, Services.for_session(session), self._runner, self._clock)
        window.lock_requested.connect(self._on_main_window_lock_requested)
        window.quit_requested.connect(self._on_main_window_quit_requested)
        self.main_window = window
        window.show()
        window.raise_()
        window.activateWindow()
        self._start_idle_monitor(session)
        self.unlocked.emit(session)
        if session.must_change_password:
            QTimer.singleShot(0, window, window.prompt_password_change_if_needed)

    def _start_idle_monitor(self, session: Session) -> None:
        self.idle_monitor.start(DEFAULT_IDLE_MINUTES)
        if not (allowed(session.roles, Op.SETTINGS_READ) and session.case_engine is not None):
            return  # e.g. the service manager holds no case key: the default applies
        settings = Services.for_session(session).settings
        self._runner.submit(lambda: settings.get("idle_lock_minutes"),
                            self._on_runner_idle_minutes_loaded, self._on_runner_settings_failed)

    @Slot()
    def _on_unlock_dialog_rejected(self) -> None:
        self.unlock_dialog = None
        self._finish()

    @Slot()
    def _on_main_window_lock_requested(self) -> None:
        self.lock()

    @Slot()
    def _on_main_window_quit_requested(self) -> None:
        window = self.main_window  # already closing: it must not be closed a second time
        self.main_window = None
        if window is not None:
            window.deleteLater()
        self._finish()

    @Slot()
    def _on_idle_monitor_idle_timed_out(self) -> None:
        self.lock()

    def _on_runner_idle_minutes_loaded(self, minutes: int) -> None:
        if self.session is not None:
            self.idle_monitor.set_timeout_minutes(minutes)

    def _on_runner_settings_failed(self, error: BaseException) -> None:
        if not isinstance(error, PermissionDenied):
            messages.log_unexpected(error)

    @Slot()
    def _on_runner_access_revoked(self) -> None:
        # The session closed itself (its keys are gone): back to the sign-in.
        self.lock()

    def _on_runner_locked(self, _result: object) -> None:
        self.locked.emit()

    def _on_runner_lock_failed(self, error: BaseException) -> None:
        messages.log_unexpected(error)
        self.locked.emit()

    def _finish(self) -> None:
        if self._finished:
            return
        self.shutdown()
        self.finished.emit()
