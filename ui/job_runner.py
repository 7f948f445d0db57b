"""Long jobs that do not touch the stores (PDFs, exports) on a ``QThreadPool``.

A job is a core function taking ``progress(fraction, stage)`` and ``cancelled()`` callbacks.
Database work never runs here: it belongs on :class:`ui.task_runner.TaskRunner`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from . import gui_collector
from .task_runner import ProgressReporter

JobFunction = Callable[..., Any]


class _JobSignals(QObject):
    finished = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, fn: JobFunction, reporter: ProgressReporter, signals: _JobSignals) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._fn = fn
        self._reporter = reporter
        self._signals = signals

    def run(self) -> None:
        try:
            result = self._fn(progress=self._reporter.report, cancelled=self._reporter.cancelled)
        except BaseException as exc:  # noqa: BLE001 - handed to the GUI thread
            self._signals.failed.emit(exc)
        else:
            self._signals.finished.emit(result)


class JobRunner(QObject):
    """Starts jobs on a private thread pool; ``shutdown`` cancels them and waits."""

    def __init__(self, max_threads: int = 2, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max_threads)
        self._running: list[tuple[ProgressReporter, _JobSignals]] = []
        self._shut_down = False
        gui_collector.acquire()  # no cyclic collection on the pool's threads

    def start(
        self,
        fn: JobFunction,
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        on_progress: Callable[[float, str], None] | None = None,
    ) -> ProgressReporter:
        """Run ``fn(progress=..., cancelled=...)``; returns the reporter (``cancel()`` stops it)."""
        reporter = ProgressReporter(self)
        signals = _JobSignals(self)
        entry = (reporter, signals)
        self._running.append(entry)
        if on_progress is not None:
            reporter.progress_changed.connect(on_progress)

        @Slot(object)
        def finished(result: Any) -> None:
            self._forget(entry)
            if on_done is not None and _alive(on_done):
                on_done(result)

        @Slot(object)
        def failed(error: Any) -> None:
            self._forget(entry)
            if on_error is not None and _alive(on_error):
                on_error(error)

        signals.finished.connect(finished)
        signals.failed.connect(failed)
        self._pool.start(_Job(fn, reporter, signals))
        return reporter

    @property
    def active(self) -> int:
        return len(self._running)

    def shutdown(self) -> None:
        for reporter, _signals in self._running:
            reporter.cancel()
        self._pool.waitForDone()
        self._running.clear()
        if not self._shut_down:
            self._shut_down = True
            gui_collector.release()

    def _forget(self, entry: tuple[ProgressReporter, _JobSignals]) -> None:
        if entry in self._running:
            self._running.remove(entry)


def _alive(callback: Callable[..., Any]) -> bool:
    owner = getattr(callback, "__self__", None)
    return not isinstance(owner, QObject) or shiboken6.isValid(owner)
