"""The statistics workspace's line saying when the figures were last brought up to date.

The records a drain brings in come from case.db, which a service manager cannot open: the line
says what the last drain (or automatic check) recorded in stats.db, and for someone who can look
at the outbox, how many records are waiting now.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QWidget

from supportline.statistics.catalogue import StatisticsService
from supportline.statistics.freshness import Freshness

from . import messages, stats_messages
from .guard import alive_only
from .task_runner import TaskRunner


class FreshnessWidget(QLabel):
    loaded = Signal()

    def __init__(self, statistics: StatisticsService, runner: TaskRunner,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("freshness_label")
        self.setAccessibleName(self.tr("How up to date the figures are"))
        self.setWordWrap(True)
        self.setStyleSheet("color: #57606a;")
        self._statistics = statistics
        self._runner = runner
        self.freshness: Freshness | None = None

    def reload(self) -> None:
        self._runner.submit(self._statistics.freshness, alive_only(self, self._on_runner_loaded),
                            alive_only(self, self._on_runner_failed))

    def _on_runner_loaded(self, fresh: Freshness) -> None:
        self.freshness = fresh
        self.setText(self.describe(fresh))
        self.loaded.emit()

    def describe(self, fresh: Freshness) -> str:
        """When the figures were last brought up to date and how many records are waiting."""
        day = stats_messages.day_text
        if fresh.drained_on is None:
            parts = [self.tr("The figures have not yet been brought up to date from the case "
                             "records.")]
        else:
            parts = [self.tr("Figures last brought up to date on {day}.").format(
                day=day(fresh.drained_on))]
        if fresh.live_waiting is not None:
            parts.append(self.tr("%n new record(s) waiting now.", "", fresh.live_waiting)
                         if fresh.live_waiting else self.tr("No new records waiting."))
        elif fresh.checked_on is not None and fresh.waiting:
            parts.append(self.tr("%n new record(s) were waiting on {day}.", "",
                                 fresh.waiting).format(day=day(fresh.checked_on)))
        if fresh.unreadable:
            parts.append(self.tr("%n record(s) could not be read and are left for an "
                                 "administrator.", "", fresh.unreadable))
        if fresh.live_waiting is None:
            # The manager cannot look at the case side: say who brings the records in.
            parts.append(self.tr("New records come in automatically while an administrator is "
                                 "signed in."))
        return " ".join(parts)

    def _on_runner_failed(self, error: BaseException) -> None:
        self.setText(stats_messages.error_message(error))
        messages.log_unexpected(error)
