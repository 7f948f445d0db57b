"""Change my own password (also forced after a reset)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from supportline.session import MIN_PASSWORD_LENGTH


@dataclass(frozen=True)
class PasswordChange:
    old_password: str
    new_password: str


class ChangePasswordDialog(QDialog):
    def __init__(self, forced: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("change_password_dialog")
        self.setWindowTitle(self.tr("Change my password"))
        intro = QLabel(
            self.tr("Your password was set by an administrator. Please choose your own now.")
            if forced
            else self.tr("Choose a new password of at least {n} characters.").format(
                n=MIN_PASSWORD_LENGTH
            )
        )
        intro.setWordWrap(True)
        self.old_edit = self._password_edit("old_password_edit", self.tr("Current password"))
        self.new_edit = self._password_edit("new_password_edit", self.tr("New password"))
        self.confirm_edit = self._password_edit("confirm_edit", self.tr("Repeat new password"))
        self.message_label = QLabel()
        self.message_label.setObjectName("message_label")
        self.message_label.setWordWrap(True)
        self.message_label.setStyleSheet("color: #a4262c;")
        form = QFormLayout()
        form.addRow(self.tr("&Current password:"), self.old_edit)
        form.addRow(self.tr("&New password:"), self.new_edit)
        form.addRow(self.tr("&Repeat new password:"), self.confirm_edit)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setObjectName("ok_button")
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.message_label)
        layout.addWidget(self.buttons)
        self._connect_signals()
        self._refresh()

    def _password_edit(self, name: str, accessible: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setObjectName(name)
        edit.setAccessibleName(accessible)
        edit.setEchoMode(QLineEdit.EchoMode.Password)
        return edit

    def _connect_signals(self) -> None:
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        for edit in (self.old_edit, self.new_edit, self.confirm_edit):
            edit.textChanged.connect(self._on_edit_text_changed)

    def _problem(self) -> str:
        if not self.old_edit.text():
            return self.tr("Enter your current password.")
        if len(self.new_edit.text()) < MIN_PASSWORD_LENGTH:
            return self.tr("The new password must be at least {n} characters.").format(
                n=MIN_PASSWORD_LENGTH
            )
        if self.new_edit.text() != self.confirm_edit.text():
            return self.tr("The two new passwords are not the same.")
        return ""

    def _refresh(self) -> None:
        problem = self._problem()
        self.ok_button.setEnabled(not problem)
        self.message_label.setText(problem)

    def value(self) -> PasswordChange:
        return PasswordChange(self.old_edit.text(), self.new_edit.text())

    @Slot(str)
    def _on_edit_text_changed(self, _text: str) -> None:
        self._refresh()

    @classmethod
    def ask(cls, parent: QWidget | None, forced: bool = False) -> PasswordChange | None:
        dialog = cls(forced, parent)
        try:
            return dialog.value() if dialog.exec() == QDialog.DialogCode.Accepted else None
        finally:
            for edit in (dialog.old_edit, dialog.new_edit, dialog.confirm_edit):
                edit.clear()
            dialog.deleteLater()
