"""Brings the statistics up to date while someone who can is signed in.

Sealed records wait in case.db's outbox until a session holding the case key and both statistics
keys drains them (:func:`supportline.outbox.may_drain`: an administrator, or a service manager who
also holds a case role). For such a session this asks the core to drain when due
(:func:`supportline.outbox.drain_if_due`) just after sign-in and then every
:data:`INTERVAL_MS`, always on the database thread through the task runner. ``supportline stats
drain`` stays for automation.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from supportline.errors import PermissionDenied
from supportline.outbox import DrainResult, drain_if_due, may_drain
from supportline.session import Session

from . import messages
from .task_runner import TaskRunner

INTERVAL_MS = 15 * 60 * 1000


class StatsDrainScheduler(QObject):
    checked = Signal(object)  # the DrainResult of a drain, or None when none was due

    def __init__(self, session: Session, runner: TaskRunner, interval_ms: int = INTERVAL_MS,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._runner = runner
        self._busy = False
        self.timer = QTimer(self)
        self.timer.setObjectName("stats_drain_timer")
        self.timer.setInterval(interval_ms)
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.timer.timeout.connect(self._on_timer_timeout)

    @property
    def active(self) -> bool:
        return self.timer.isActive()

    def start(self) -> None:
        """For a session that can drain: a check as soon as the event loop runs, then the timer."""
        if not may_drain(self._session):
            return
        self.timer.start()
        QTimer.singleShot(0, self, self.check_now)

    def stop(self) -> None:
        self.timer.stop()

    def check_now(self) -> None:
        if self._busy or self._session.closed or self._runner.is_shut_down:
            return  # one check at a time; none after the session has locked
        self._busy = True
        session = self._session
        self._runner.submit(lambda: drain_if_due(session), self._on_runner_checked,
                            self._on_runner_failed)

    @Slot()
    def _on_timer_timeout(self) -> None:
        self.check_now()

    def _on_runner_checked(self, result: DrainResult | None) -> None:
        self._busy = False
        self.checked.emit(result)

    def _on_runner_failed(self, error: BaseException) -> None:
        self._busy = False
        # Locked meanwhile (the session refuses): nothing to say. Anything else is logged, never
        # shown: the manager's status line says how up to date the figures are.
        if not isinstance(error, PermissionDenied):
            messages.log_unexpected(error)
