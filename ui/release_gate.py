"""Whether the statistics workspace's period may be released, as the core decides it.

The core refuses a release of a period that is still open (:mod:`supportline.statistics.
release_rule`); the page asks the same question ahead, so the Release button is enabled only
when the core would accept, and says why not.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from supportline.errors import PeriodNotReleasable
from supportline.statistics.catalogue import StatisticsService

from . import messages
from .guard import alive_only
from .task_runner import TaskRunner


class ReleaseGate(QObject):
    checked = Signal()

    def __init__(self, statistics: StatisticsService, runner: TaskRunner,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._statistics = statistics
        self._runner = runner
        self._request = 0
        self._period = ""  # the period last answered for
        self._blocker: PeriodNotReleasable | None = None

    def check(self, period: str) -> None:
        self._request += 1
        request = self._request
        statistics = self._statistics
        self._runner.submit(lambda: statistics.release_blocker(period),
                            alive_only(self, self._answered(request, period)),
                            alive_only(self, self._on_runner_failed))

    def _answered(self, request: int, period: str) -> Callable[[object], None]:
        def done(blocker: object) -> None:
            if request != self._request:
                return  # a newer question is on its way
            self._period = period
            self._blocker = blocker if isinstance(blocker, PeriodNotReleasable) else None
            self.checked.emit()

        return done

    def releasable(self, period: str) -> bool:
        return self._period == period and self._blocker is None

    def blocker(self, period: str) -> PeriodNotReleasable | None:
        """Why ``period`` cannot be released, once that has been checked."""
        return self._blocker if self._period == period else None

    def _on_runner_failed(self, error: BaseException) -> None:
        messages.log_unexpected(error)
