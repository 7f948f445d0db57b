"""Change a user's roles (and clinical-lead flag)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from supportline.roles import Role
from supportline.services.users import UserInfo

from .role_picker_widget import RolePickerWidget


@dataclass(frozen=True)
class RolesChange:
    roles: frozenset[Role]
    is_clinical_lead: bool


class RolesDialog(QDialog):
    def __init__(self, user: UserInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("roles_dialog")
        self.setWindowTitle(self.tr("Change roles"))
        intro = QLabel(
            self.tr("Roles for {name} ({username}). Removing a role changes the keys it "
                    "used, which can take a while.").format(
                name=user.display_name, username=user.username
            )
        )
        intro.setWordWrap(True)
        self.role_picker = RolePickerWidget(user.roles, user.is_clinical_lead)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setObjectName("ok_button")
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.role_picker)
        layout.addWidget(self.buttons)
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.role_picker.roles_changed.connect(self._on_role_picker_roles_changed)

    def value(self) -> RolesChange:
        return RolesChange(self.role_picker.roles(), self.role_picker.is_clinical_lead())

    @Slot()
    def _on_role_picker_roles_changed(self) -> None:
        self.ok_button.setEnabled(bool(self.role_picker.roles()))

    @classmethod
    def ask(cls, parent: QWidget | None, user: UserInfo) -> RolesChange | None:
        dialog = cls(user, parent)
        try:
            return dialog.value() if dialog.exec() == QDialog.DialogCode.Accepted else None
        finally:
            dialog.deleteLater()
