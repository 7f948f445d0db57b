"""Idle auto-lock: any keyboard, mouse or touch input anywhere in the app resets the timer."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer, Signal, Slot

Clock = Callable[[], float]

DEFAULT_IDLE_MINUTES = 5
DEFAULT_POLL_MS = 5_000

_INPUT_EVENTS = frozenset({
    QEvent.Type.KeyPress,
    QEvent.Type.KeyRelease,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseButtonRelease,
    QEvent.Type.MouseButtonDblClick,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
    QEvent.Type.TouchUpdate,
    QEvent.Type.TabletPress,
    QEvent.Type.Shortcut,
})


class IdleMonitor(QObject):
    """Emits ``idle_timed_out`` once when no input arrived for the timeout.

    Time comes from ``clock`` (monotonic seconds) and is checked every ``poll_ms`` by a timer, so
    tests drive it with a fake clock and a short poll, or call :meth:`check` directly.
    """

    idle_timed_out = Signal()

    def __init__(self, clock: Clock = time.monotonic, poll_ms: int = DEFAULT_POLL_MS,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._clock = clock
        self._timeout_s = DEFAULT_IDLE_MINUTES * 60.0
        self._last_activity = clock()
        self._running = False
        self.poll_timer = QTimer(self)
        self.poll_timer.setObjectName("idle_poll_timer")
        self.poll_timer.setInterval(poll_ms)
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.poll_timer.timeout.connect(self._on_poll_timer_timeout)

    @property
    def running(self) -> bool:
        return self._running

    @property
    def timeout_minutes(self) -> float:
        return self._timeout_s / 60.0

    def set_timeout_minutes(self, minutes: float) -> None:
        self._timeout_s = max(1.0, float(minutes)) * 60.0

    def start(self, minutes: float | None = None) -> None:
        if minutes is not None:
            self.set_timeout_minutes(minutes)
        self.record_activity()
        if not self._running:
            app = QCoreApplication.instance()
            if app is not None:
                app.installEventFilter(self)
            self._running = True
        self.poll_timer.start()

    def stop(self) -> None:
        self.poll_timer.stop()
        if self._running:
            app = QCoreApplication.instance()
            if app is not None:
                app.removeEventFilter(self)
            self._running = False

    def record_activity(self) -> None:
        self._last_activity = self._clock()

    def idle_seconds(self, now: float | None = None) -> float:
        return (self._clock() if now is None else now) - self._last_activity

    def check(self, now: float | None = None) -> bool:
        """True (and ``idle_timed_out`` emitted, monitoring stopped) once the timeout passed."""
        if not self._running or self.idle_seconds(now) < self._timeout_s:
            return False
        self.stop()
        self.idle_timed_out.emit()
        return True

    @Slot()
    def _on_poll_timer_timeout(self) -> None:
        self.check()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _INPUT_EVENTS:
            self._last_activity = self._clock()
        return False
