"""The measure's risk prompt, raised at once: a risk item was answered above its lowest option."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget


class RiskPromptDialog(QMessageBox):
    def __init__(self, measure_name: str, prompt: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("risk_prompt_dialog")
        self.setIcon(QMessageBox.Icon.Warning)
        self.setWindowTitle(self.tr("Review risk now"))
        self.setText(prompt)
        self.setInformativeText(self.tr("Raised by {measure}.").format(measure=measure_name))
        self.setStandardButtons(QMessageBox.StandardButton.Ok)

    @classmethod
    def show_prompt(cls, parent: QWidget | None, measure_name: str, prompt: str) -> None:
        """Modal; the seam tests replace."""
        dialog = cls(measure_name, prompt, parent)
        try:
            dialog.exec()
        finally:
            dialog.deleteLater()
