"""Change a case's urgency after it was opened: more urgent freely, less urgent with a reason.

Shows the urgency's history (who changed it, when, from what and why). The core enforces the
reason; this dialog only keeps OK off until one is given.
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
    QLineEdit,
    QListWidget,
    QVBoxLayout,
    QWidget,
)

from supportline.services.cases import URGENCIES
from supportline.services.urgency import MIN_REASON, UrgencyChange, more_urgent, urgency_floor

from .labels import risk_level_label, urgency_label
from .uk_format import format_date_time


@dataclass(frozen=True)
class UrgencyRequest:
    urgency: str
    reason: str


class UrgencyDialog(QDialog):
    def __init__(self, current: str, risk_level: str, history: Sequence[UrgencyChange],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("urgency_dialog")
        self.setWindowTitle(self.tr("Change urgency"))
        self._current = current
        floor = urgency_floor(risk_level)
        self.now_label = QLabel(
            self.tr("Now: {urgency}. Client's risk level: {risk}.").format(
                urgency=urgency_label(current), risk=risk_level_label(risk_level))
            + ("" if floor is None else " " + self.tr(
                "At this risk level a case is {floor} unless you give a reason.").format(
                floor=urgency_label(floor).lower())))
        self.now_label.setObjectName("urgency_now_label")
        self.now_label.setWordWrap(True)
        self.urgency_combo = QComboBox()
        self.urgency_combo.setObjectName("urgency_combo")
        self.urgency_combo.setAccessibleName(self.tr("Urgency"))
        for code in URGENCIES:
            self.urgency_combo.addItem(urgency_label(code), code)
        self.urgency_combo.setCurrentIndex(max(0, self.urgency_combo.findData(current)))
        self.reason_edit = QLineEdit()
        self.reason_edit.setObjectName("urgency_reason_edit")
        self.reason_edit.setAccessibleName(self.tr("Reason"))
        self.reason_edit.setPlaceholderText(self.tr("Needed to make it less urgent"))
        self.hint_label = QLabel()
        self.hint_label.setObjectName("urgency_hint_label")
        self.hint_label.setWordWrap(True)
        self.history_list = QListWidget()
        self.history_list.setObjectName("urgency_history_list")
        self.history_list.setAccessibleName(self.tr("Urgency history"))
        self.history_list.setMaximumHeight(110)
        for change in history:
            self.history_list.addItem(self.history_text(change))
        if not history:
            self.history_list.addItem(self.tr("No changes recorded."))
        form = QFormLayout()
        urgency_caption = QLabel(self.tr("&Urgency:"))
        urgency_caption.setBuddy(self.urgency_combo)
        form.addRow(urgency_caption, self.urgency_combo)
        reason_caption = QLabel(self.tr("&Reason:"))
        reason_caption.setBuddy(self.reason_edit)
        form.addRow(reason_caption, self.reason_edit)
        form.addRow("", self.hint_label)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setObjectName("ok_button")
        self.ok_button.setText(self.tr("&Change"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.now_label)
        layout.addLayout(form)
        layout.addWidget(QLabel(self.tr("History:")))
        layout.addWidget(self.history_list)
        layout.addWidget(self.buttons)
        self._connect_signals()
        self._refresh()

    def _connect_signals(self) -> None:
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.urgency_combo.currentIndexChanged.connect(self._on_choice_changed)
        self.reason_edit.textChanged.connect(self._on_choice_changed)

    def history_text(self, change: UrgencyChange) -> str:
        when = format_date_time(change.changed_at)
        if change.cause == "opened":
            text = self.tr("{when} {who}: opened as {urgency}").format(
                when=when, who=change.changed_by, urgency=urgency_label(change.urgency))
        elif change.cause == "risk":
            text = self.tr("{when}: {previous} → {urgency} because of the risk level").format(
                when=when, previous=urgency_label(change.previous or ""),
                urgency=urgency_label(change.urgency))
        else:
            text = self.tr("{when} {who}: {previous} → {urgency}").format(
                when=when, who=change.changed_by, previous=urgency_label(change.previous or ""),
                urgency=urgency_label(change.urgency))
        return text + (f" ({change.reason})" if change.reason else "")

    def lowering(self) -> bool:
        chosen = self.urgency_combo.currentData()
        return self._current in URGENCIES and more_urgent(self._current, chosen)

    @Slot()
    def _on_choice_changed(self) -> None:
        self._refresh()

    def _refresh(self) -> None:
        changed = self.urgency_combo.currentData() != self._current
        reason_given = len(self.reason_edit.text().strip()) >= MIN_REASON
        lowering = self.lowering()
        self.hint_label.setText(
            self.tr("Making it less urgent needs a reason (a few words).") if lowering
            and not reason_given else "")
        self.ok_button.setEnabled(changed and (reason_given or not lowering))

    def value(self) -> UrgencyRequest:
        return UrgencyRequest(self.urgency_combo.currentData(), self.reason_edit.text().strip())

    @classmethod
    def ask(cls, parent: QWidget | None, current: str, risk_level: str,
            history: Sequence[UrgencyChange]) -> UrgencyRequest | None:
        dialog = cls(current, risk_level, history, parent)
        try:
            return dialog.value() if dialog.exec() == QDialog.DialogCode.Accepted else None
        finally:
            dialog.deleteLater()
