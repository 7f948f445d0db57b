"""Add a user: username, display name, roles, first password."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from supportline.roles import Role

from .role_picker_widget import RolePickerWidget


@dataclass(frozen=True)
class NewUser:
    username: str
    display_name: str
    roles: frozenset[Role]
    password: str
    is_clinical_lead: bool
    must_change_password: bool


class AddUserDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("add_user_dialog")
        self.setWindowTitle(self.tr("Add user"))
        self.username_edit = QLineEdit()
        self.username_edit.setObjectName("username_edit")
        self.username_edit.setAccessibleName(self.tr("Username"))
        self.username_edit.setPlaceholderText(self.tr("e.g. jsmith"))
        self.display_name_edit = QLineEdit()
        self.display_name_edit.setObjectName("display_name_edit")
        self.display_name_edit.setAccessibleName(self.tr("Full name"))
        self.password_edit = QLineEdit()
        self.password_edit.setObjectName("password_edit")
        self.password_edit.setAccessibleName(self.tr("First password"))
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.confirm_edit = QLineEdit()
        self.confirm_edit.setObjectName("confirm_edit")
        self.confirm_edit.setAccessibleName(self.tr("Repeat the password"))
        self.confirm_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.role_picker = RolePickerWidget()
        self.must_change_check = QCheckBox(self.tr("Must choose a new password at first sign-in"))
        self.must_change_check.setObjectName("must_change_check")
        self.must_change_check.setAccessibleName(self.tr("Must change password"))
        self.must_change_check.setChecked(True)
        self.message_label = QLabel()
        self.message_label.setObjectName("message_label")
        self.message_label.setWordWrap(True)
        self.message_label.setStyleSheet("color: #a4262c;")

        form = QFormLayout()
        form.addRow(self.tr("&Username:"), self.username_edit)
        form.addRow(self.tr("&Full name:"), self.display_name_edit)
        form.addRow(self.tr("&Password:"), self.password_edit)
        form.addRow(self.tr("&Repeat password:"), self.confirm_edit)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setObjectName("ok_button")
        self.ok_button.setText(self.tr("&Add user"))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.role_picker)
        layout.addWidget(self.must_change_check)
        layout.addWidget(self.message_label)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(420)
        self._connect_signals()
        self._refresh()

    def _connect_signals(self) -> None:
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        for edit in (self.username_edit, self.password_edit, self.confirm_edit):
            edit.textChanged.connect(self._on_edit_text_changed)
        self.role_picker.roles_changed.connect(self._on_role_picker_roles_changed)

    def _problem(self) -> str:
        if not self.username_edit.text().strip():
            return self.tr("Enter a username.")
        if not self.role_picker.roles():
            return self.tr("Choose at least one role.")
        if not self.password_edit.text():
            return self.tr("Enter a first password (at least 10 characters).")
        if self.password_edit.text() != self.confirm_edit.text():
            return self.tr("The two passwords are not the same.")
        return ""

    def _refresh(self) -> None:
        problem = self._problem()
        self.ok_button.setEnabled(not problem)
        self.message_label.setText(problem)

    def value(self) -> NewUser:
        return NewUser(
            username=self.username_edit.text().strip(),
            display_name=self.display_name_edit.text().strip(),
            roles=self.role_picker.roles(),
            password=self.password_edit.text(),
            is_clinical_lead=self.role_picker.is_clinical_lead(),
            must_change_password=self.must_change_check.isChecked(),
        )

    @Slot(str)
    def _on_edit_text_changed(self, _text: str) -> None:
        self._refresh()

    @Slot()
    def _on_role_picker_roles_changed(self) -> None:
        self._refresh()

    @classmethod
    def ask(cls, parent: QWidget | None) -> NewUser | None:
        dialog = cls(parent)
        try:
            return dialog.value() if dialog.exec() == QDialog.DialogCode.Accepted else None
        finally:
            dialog.deleteLater()
