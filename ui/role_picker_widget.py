"""A check box per role, plus the clinical-lead flag for counsellors."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QCheckBox, QGroupBox, QVBoxLayout, QWidget

from supportline.roles import Role

from .labels import ROLE_ORDER, role_label


class RolePickerWidget(QGroupBox):
    roles_changed = Signal()

    def __init__(self, roles: Iterable[Role] = (), clinical_lead: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Roles"), parent)
        self.setObjectName("role_picker")
        self.setAccessibleName(self.tr("Roles"))
        held = set(roles)
        layout = QVBoxLayout(self)
        self.role_checks: dict[Role, QCheckBox] = {}
        for role in ROLE_ORDER:
            check = QCheckBox(role_label(role))
            check.setObjectName(f"role_{role.value}_check")
            check.setAccessibleName(role_label(role))
            check.setChecked(role in held)
            layout.addWidget(check)
            self.role_checks[role] = check
        self.clinical_lead_check = QCheckBox(self.tr("Clinical lead (counsellors only)"))
        self.clinical_lead_check.setObjectName("clinical_lead_check")
        self.clinical_lead_check.setAccessibleName(self.tr("Clinical lead"))
        self.clinical_lead_check.setChecked(clinical_lead)
        layout.addWidget(self.clinical_lead_check)
        self._connect_signals()
        self._refresh_clinical_lead()

    def _connect_signals(self) -> None:
        for check in self.role_checks.values():
            check.toggled.connect(self._on_role_check_toggled)

    def roles(self) -> frozenset[Role]:
        return frozenset(role for role, check in self.role_checks.items() if check.isChecked())

    def is_clinical_lead(self) -> bool:
        return self.clinical_lead_check.isEnabled() and self.clinical_lead_check.isChecked()

    def _refresh_clinical_lead(self) -> None:
        self.clinical_lead_check.setEnabled(self.role_checks[Role.COUNSELLOR].isChecked())

    @Slot(bool)
    def _on_role_check_toggled(self, _checked: bool) -> None:
        self._refresh_clinical_lead()
        self.roles_changed.emit()
