"""A yes/no question whose safe answer is the default."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget


class ConfirmDialog(QMessageBox):
    def __init__(self, title: str, text: str, action: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("confirm_dialog")
        self.setIcon(QMessageBox.Icon.Warning)
        self.setWindowTitle(title)
        self.setText(text)
        self.action_button = self.addButton(action, QMessageBox.ButtonRole.AcceptRole)
        self.action_button.setObjectName("action_button")
        self.cancel_button = self.addButton(QMessageBox.StandardButton.Cancel)
        self.setDefaultButton(self.cancel_button)

    @classmethod
    def ask(cls, parent: QWidget | None, title: str, text: str, action: str) -> bool:
        dialog = cls(title, text, action, parent)
        try:
            dialog.exec()
            return dialog.clickedButton() is dialog.action_button
        finally:
            dialog.deleteLater()
