"""Immediate risk: the escalation steps, prominent and modal, before the call is saved."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget


class EscalationDialog(QDialog):
    def __init__(self, title: str, steps: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("escalation_dialog")
        self.setWindowTitle(self.tr("Immediate risk"))
        self.title_label = QLabel(title)
        self.title_label.setObjectName("escalation_title_label")
        self.title_label.setWordWrap(True)
        self.title_label.setStyleSheet(
            "background: #a4262c; color: white; font-size: 15pt; font-weight: bold;"
            " padding: 10px; border-radius: 4px;")
        self.steps_label = QLabel(
            "<ol>" + "".join(f"<li style='margin-bottom:6px'>{_escape(step)}</li>"
                             for step in steps) + "</ol>")
        self.steps_label.setObjectName("escalation_steps_label")
        self.steps_label.setWordWrap(True)
        self.steps_label.setStyleSheet("font-size: 12pt;")
        self.steps_label.setAccessibleName(self.tr("Escalation steps"))
        self.steps_label.setAccessibleDescription(" ".join(steps))
        buttons = QDialogButtonBox()
        self.done_button = buttons.addButton(self.tr("I have read the steps"),
                                             QDialogButtonBox.ButtonRole.AcceptRole)
        self.done_button.setObjectName("escalation_done_button")
        layout = QVBoxLayout(self)
        layout.addWidget(self.title_label)
        layout.addWidget(self.steps_label, 1)
        layout.addWidget(buttons)
        buttons.accepted.connect(self.accept)
        self.resize(640, 460)

    @classmethod
    def show_steps(cls, parent: QWidget | None, steps: Sequence[str], title: str = "") -> None:
        dialog = cls(title or dialog_title(), steps, parent)
        try:
            dialog.exec()
        finally:
            dialog.deleteLater()


def dialog_title() -> str:
    from supportline.services.intake import risk_screening

    return str(risk_screening()["escalation"]["title"])


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
