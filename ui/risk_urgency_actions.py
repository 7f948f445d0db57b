"""Change a case's urgency, or review a client's risk, from whichever view shows them.

Each is: load the history on the database thread, ask through the dialog's seam, run the one
core call, then report. The waiting list, the client's record and the case workspace share it,
so the three say the same thing and none of them holds the logic.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from supportline.services.risk import RiskEvent, RiskService
from supportline.services.urgency import UrgencyChange, UrgencyService

from . import messages
from .guard import alive_only
from .labels import risk_level_label, urgency_label
from .risk_review_dialog import RiskReviewDialog
from .services import Services
from .task_runner import TaskRunner


class RiskUrgencyActions(QObject):
    finished = Signal(str, str)  # kind ("success" or "error"), the sentence to show
    urgency_changed = Signal(int, str)  # case id, new urgency
    risk_lowered = Signal(int, str)  # client id, new level

    def __init__(self, services: Services, runner: TaskRunner, parent: QWidget) -> None:
        super().__init__(parent)
        self._widget = parent
        self._runner = runner
        self._urgency = UrgencyService(services.session)
        self._risk = RiskService(services.session)
        self.busy = False

    # -- urgency --------------------------------------------------------------------------------

    def change_urgency(self, case_id: int, current: str, risk_level: str) -> None:
        if self.busy:
            return
        urgency = self._urgency
        self._start(lambda: urgency.history(case_id),
                    lambda history: self._ask_urgency(case_id, current, risk_level, history))

    def _ask_urgency(self, case_id: int, current: str, risk_level: str,
                     history: list[UrgencyChange]) -> None:
        from .urgency_dialog import UrgencyDialog

        request = UrgencyDialog.ask(self._widget, current, risk_level, history)
        if request is None:
            self.busy = False
            return
        urgency = self._urgency

        def done(level: str) -> None:
            self.busy = False
            self.urgency_changed.emit(case_id, level)
            self.finished.emit("success", self.tr("Urgency is now {urgency}.").format(
                urgency=urgency_label(level).lower()))

        self._runner.submit(lambda: urgency.set_urgency(case_id, request.urgency,
                                                        request.reason, seen=current),
                            alive_only(self, done), alive_only(self, self._failed))

    # -- risk -----------------------------------------------------------------------------------

    def review_risk(self, client_id: int, current: str) -> None:
        if self.busy:
            return
        risk = self._risk
        self._start(lambda: risk.history(client_id),
                    lambda history: self._ask_risk(client_id, current, history))

    def _ask_risk(self, client_id: int, current: str, history: list[RiskEvent]) -> None:
        request = RiskReviewDialog.ask(self._widget, current, history)
        if request is None:
            self.busy = False
            return
        risk = self._risk

        def done(level: str) -> None:
            self.busy = False
            self.risk_lowered.emit(client_id, level)
            self.finished.emit("success", self.tr(
                "Risk level lowered to {level}; your reason is kept with the alerts.").format(
                level=risk_level_label(level).lower()))

        self._runner.submit(lambda: risk.review(client_id, request.level, request.reason),
                            alive_only(self, done), alive_only(self, self._failed))

    # -- running --------------------------------------------------------------------------------

    def _start(self, load: Callable[[], Any], then: Callable[[Any], None]) -> None:
        self.busy = True
        self._runner.submit(load, alive_only(self, then), alive_only(self, self._failed))

    def _failed(self, error: BaseException) -> None:
        self.busy = False
        self.finished.emit("error", messages.error_message(error))
