"""Python's cyclic garbage collector, run on the GUI thread only, while worker threads exist.

CPython runs a collection in whichever thread happens to allocate when a generation's threshold
is crossed. If that is the database thread (:mod:`ui.task_runner`) or a job thread
(:mod:`ui.job_runner`) and the garbage holds a Qt object, Qt destroys the object on the wrong
thread and the process dies with a segmentation fault (seen in a SQLAlchemy statement compile on
the database thread). So while any worker is running the automatic collector is off and a timer
on the GUI thread collects instead, with the same thresholds (the pattern of calibre's and
Anki's ``GarbageCollector``). Reference counting still frees everything that is not a cycle at
once, on whichever thread drops the last reference.

``acquire()`` and ``release()`` are counted: the first acquire takes the collector over, the
last release gives it back as it was (and collects once, here on the GUI thread).
"""

from __future__ import annotations

import gc
import threading

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 250


class _GuiThreadCollector(QObject):
    def __init__(self) -> None:
        super().__init__()
        self._timer = QTimer(self)
        self._timer.setInterval(INTERVAL_MS)
        self._timer.timeout.connect(self.check)

    def start(self) -> None:
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def check(self) -> None:
        """Collect the generations whose counts have passed their thresholds."""
        first, second, third = gc.get_threshold()
        count0, count1, count2 = gc.get_count()
        if count0 > first:
            gc.collect(0)
            if count1 > second:
                gc.collect(1)
                if count2 > third:
                    gc.collect(2)


_lock = threading.Lock()
_users = 0
_was_enabled = True
_collector: _GuiThreadCollector | None = None


def acquire() -> None:
    """Call on the GUI thread before starting a worker thread that runs Python code."""
    global _users, _was_enabled, _collector
    with _lock:
        _users += 1
        if _users > 1:
            return
        _was_enabled = gc.isenabled()
        gc.disable()
        if _collector is None:
            _collector = _GuiThreadCollector()
        _collector.start()


def release() -> None:
    """Call on the GUI thread once that worker has stopped; the last release restores gc."""
    global _users
    with _lock:
        if _users == 0:
            return
        _users -= 1
        if _users:
            return
        if _collector is not None:
            _collector.stop()
        if _was_enabled:
            gc.enable()
    gc.collect()


def active() -> bool:
    return _users > 0
