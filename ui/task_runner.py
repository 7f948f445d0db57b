"""One database thread: every call into the core's stores runs here, in submission order.

sqlcipher3 connections belong to the thread that uses them, so the whole application talks to
the stores through this one worker (the Anki ``taskman`` pattern, without a global main window).
Results and errors come back to the GUI thread by queued signal, where the callbacks run.

After each task the runner takes what it changed (:mod:`supportline.changes`, captured at the
engines) and, once the task's callback has run, emits ``changes_made``: views that show those
tables refresh themselves (:mod:`ui.change_watch`).
"""

from __future__ import annotations

import itertools
import logging
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QThread, Signal, Slot

from supportline import changes
from supportline.changes import Changes
from supportline.errors import AccessRevoked

from . import gui_collector

log = logging.getLogger(__name__)

DoneCallback = Callable[[Any], None]
ErrorCallback = Callable[[BaseException], None]


@dataclass(frozen=True)
class _Task:
    task_id: int
    fn: Callable[[], Any]


class _DatabaseThread(QThread):
    task_finished = Signal(int, object, object, object)  # id, result, error, Changes

    def __init__(self, tasks: queue.SimpleQueue[_Task | None]) -> None:
        super().__init__()
        self._tasks = tasks
        self.setObjectName("supportline-database")

    def run(self) -> None:
        while True:
            task = self._tasks.get()
            if task is None:
                return
            # The GUI thread keeps the task's callable too (TaskRunner._callbacks) and drops it
            # last, so whatever Qt objects a closure holds are never freed on this thread.
            task_id, fn = task.task_id, task.fn
            del task
            result: Any = None
            error: BaseException | None = None
            try:
                result = fn()
            except BaseException as exc:  # noqa: BLE001 - handed to the GUI thread, never lost
                # What a failed task committed before it failed is reported all the same.
                error = exc
            del fn
            self.task_finished.emit(task_id, result, error, changes.take())
            del result, error


def _receiver_alive(callback: Callable[..., Any] | None) -> bool:
    """False when the callback is a method of a Qt object that has been deleted meanwhile."""
    owner = getattr(callback, "__self__", None)
    return not isinstance(owner, QObject) or shiboken6.isValid(owner)


class TaskRunner(QObject):
    """Runs callables one after another on the database thread."""

    task_failed = Signal(object)  # an error no on_error callback took
    changes_made = Signal(object)  # Changes: after the callback of the task that made them
    # An administrator disabled this user or reset their password while they were signed in
    # (in another copy of the app): the session has ended and the app must lock.
    access_revoked = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._tasks: queue.SimpleQueue[_Task | None] = queue.SimpleQueue()
        # id -> (on_done, on_error, the task's callable, kept so the GUI thread frees it)
        self._callbacks: dict[
            int, tuple[DoneCallback | None, ErrorCallback | None, Callable[[], Any]]
        ] = {}
        self._ids = itertools.count(1)
        self._closed = False
        self._thread = _DatabaseThread(self._tasks)
        self._connect_signals()
        gui_collector.acquire()  # no cyclic collection on the database thread
        self._thread.start()

    def _connect_signals(self) -> None:
        self._thread.task_finished.connect(self._on_thread_task_finished)

    @property
    def pending(self) -> int:
        """Tasks submitted whose callbacks have not run yet."""
        return len(self._callbacks)

    @property
    def is_shut_down(self) -> bool:
        return self._closed

    def is_database_thread(self) -> bool:
        return QThread.currentThread() is self._thread

    def submit(
        self,
        fn: Callable[[], Any],
        on_done: DoneCallback | None = None,
        on_error: ErrorCallback | None = None,
    ) -> int:
        """Queue ``fn``; ``on_done(result)`` or ``on_error(exc)`` later runs on the GUI thread."""
        if self._closed:
            raise RuntimeError("the task runner has been shut down")
        task_id = next(self._ids)
        self._callbacks[task_id] = (on_done, on_error, fn)
        self._tasks.put(_Task(task_id, fn))
        return task_id

    def shutdown(self) -> None:
        """Run what is already queued, then stop and join the thread. Callbacks are dropped."""
        if self._closed:
            return
        self._closed = True
        self._tasks.put(None)
        self._thread.wait()
        self._callbacks.clear()
        gui_collector.release()

    @Slot(int, object, object, object)
    def _on_thread_task_finished(self, task_id: int, result: Any, error: Any,
                                 made: Changes) -> None:
        on_done, on_error, _fn = self._callbacks.pop(task_id, (None, None, None))
        if self._closed:
            return
        try:
            self._deliver(result, error, on_done, on_error)
        finally:
            if made:
                self.changes_made.emit(made)
            if isinstance(error, AccessRevoked):
                self.access_revoked.emit()

    def _deliver(self, result: Any, error: Any, on_done: DoneCallback | None,
                 on_error: ErrorCallback | None) -> None:
        if error is None:
            if on_done is not None and _receiver_alive(on_done):
                on_done(result)
            return
        if on_error is not None and _receiver_alive(on_error):
            on_error(error)
        else:
            self.task_failed.emit(error)


class ProgressReporter(QObject):
    """Passed into a long core call as its ``progress``/``cancelled`` callbacks.

    ``report`` may be called from any thread; ``progress_changed`` reaches GUI-thread receivers
    through a queued connection.
    """

    progress_changed = Signal(float, str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._cancel = threading.Event()

    def report(self, fraction: float, stage: str) -> None:
        self.progress_changed.emit(float(fraction), stage)

    def cancel(self) -> None:
        self._cancel.set()

    def cancelled(self) -> bool:
        return self._cancel.is_set()
