"""Shows a reset password once, so the administrator can pass it on."""

from __future__ import annotations

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)


class TemporaryPasswordDialog(QDialog):
    def __init__(self, username: str, password: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("temporary_password_dialog")
        self.setWindowTitle(self.tr("Temporary password"))
        intro = QLabel(
            self.tr("The temporary password for {username} is below. It is shown only once: "
                    "give it to them privately. They must choose a new one when they sign in.")
            .format(username=username)
        )
        intro.setWordWrap(True)
        self.password_edit = QLineEdit(password)
        self.password_edit.setObjectName("temporary_password_edit")
        self.password_edit.setAccessibleName(self.tr("Temporary password"))
        self.password_edit.setReadOnly(True)
        self.password_edit.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.password_edit.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.copy_button = QPushButton(self.tr("&Copy"))
        self.copy_button.setObjectName("copy_button")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.password_edit)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(380)
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.buttons.rejected.connect(self.reject)
        self.copy_button.clicked.connect(self._on_copy_button_clicked)

    @Slot()
    def _on_copy_button_clicked(self) -> None:
        QGuiApplication.clipboard().setText(self.password_edit.text())

    @classmethod
    def ask(cls, parent: QWidget | None, username: str, password: str) -> None:
        dialog = cls(username, password, parent)
        try:
            dialog.exec()
        finally:
            dialog.password_edit.clear()
            dialog.deleteLater()
