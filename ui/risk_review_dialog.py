"""A counsellor reviews a client's risk alerts and lowers the level, giving the reason.

The alerts' details and earlier reasons are shown (counsellors hold the clinical key); the new
reason is sealed the same way by the core, so call handlers see only that it was lowered.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QListWidget,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from supportline.services.clients import RISK_LEVELS
from supportline.services.risk import MIN_REASON, RiskEvent

from .labels import risk_level_label
from .uk_format import format_date_time


@dataclass(frozen=True)
class RiskReviewRequest:
    level: str
    reason: str


class RiskReviewDialog(QDialog):
    def __init__(self, current: str, history: Sequence[RiskEvent],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("risk_review_dialog")
        self.setWindowTitle(self.tr("Review risk"))
        self.now_label = QLabel(self.tr("Risk level now: {level}.").format(
            level=risk_level_label(current)))
        self.now_label.setObjectName("risk_now_label")
        self.history_list = QListWidget()
        self.history_list.setObjectName("risk_history_list")
        self.history_list.setAccessibleName(self.tr("Risk alerts"))
        self.history_list.setWordWrap(True)
        for event in history:
            self.history_list.addItem(self.event_text(event))
        if not history:
            self.history_list.addItem(self.tr("No alerts recorded."))
        self.level_combo = QComboBox()
        self.level_combo.setObjectName("risk_review_level_combo")
        self.level_combo.setAccessibleName(self.tr("New risk level"))
        lower = RISK_LEVELS[: RISK_LEVELS.index(current)] if current in RISK_LEVELS else ()
        for code in reversed(lower):
            self.level_combo.addItem(risk_level_label(code), code)
        self.reason_edit = QPlainTextEdit()
        self.reason_edit.setObjectName("risk_review_reason_edit")
        self.reason_edit.setAccessibleName(self.tr("Reason (required)"))
        self.reason_edit.setPlaceholderText(self.tr("What you assessed, and why the risk is "
                                                    "lower now"))
        self.reason_edit.setTabChangesFocus(True)
        self.reason_edit.setFixedHeight(80)
        form = QFormLayout()
        level_caption = QLabel(self.tr("&Lower to:"))
        level_caption.setBuddy(self.level_combo)
        form.addRow(level_caption, self.level_combo)
        reason_caption = QLabel(self.tr("&Reason (required):"))
        reason_caption.setBuddy(self.reason_edit)
        form.addRow(reason_caption, self.reason_edit)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setObjectName("ok_button")
        self.ok_button.setText(self.tr("&Lower the level"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.now_label)
        alerts_caption = QLabel(self.tr("&Alerts and reviews:"))
        alerts_caption.setBuddy(self.history_list)
        layout.addWidget(alerts_caption)
        layout.addWidget(self.history_list, 1)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.resize(520, 380)
        self._connect_signals()
        self._on_reason_edit_text_changed()

    def _connect_signals(self) -> None:
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.reason_edit.textChanged.connect(self._on_reason_edit_text_changed)

    def event_text(self, event: RiskEvent) -> str:
        when = format_date_time(event.at)
        if event.kind == "reviewed":
            text = self.tr("{when} {who}: reviewed, lowered to {level}").format(
                when=when, who=event.by, level=risk_level_label(event.level))
        else:
            text = self.tr("{when} {who}: {level} risk raised").format(
                when=when, who=event.by, level=risk_level_label(event.level))
        return text + (f": {event.detail}" if event.detail else "")

    @Slot()
    def _on_reason_edit_text_changed(self) -> None:
        self.ok_button.setEnabled(self.level_combo.count() > 0 and
                                  len(self.reason_edit.toPlainText().strip()) >= MIN_REASON)

    def value(self) -> RiskReviewRequest:
        return RiskReviewRequest(self.level_combo.currentData(),
                                 self.reason_edit.toPlainText().strip())

    @classmethod
    def ask(cls, parent: QWidget | None, current: str,
            history: Sequence[RiskEvent]) -> RiskReviewRequest | None:
        dialog = cls(current, history, parent)
        try:
            return dialog.value() if dialog.exec() == QDialog.DialogCode.Accepted else None
        finally:
            dialog.deleteLater()
