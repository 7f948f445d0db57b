"""Add or edit a counsellor's profile: name, gender, languages, services, weekly maximum."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from supportline.services.counsellors import GENDERS, SERVICES, CounsellorInfo

from .labels import gender_label, service_label


@dataclass(frozen=True)
class CounsellorProfile:
    display_name: str
    gender: str
    languages: tuple[str, ...]
    services: tuple[str, ...]
    max_per_week: int
    is_clinical_lead: bool


class CounsellorDialog(QDialog):
    def __init__(self, counsellor: CounsellorInfo | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("counsellor_dialog")
        self.setWindowTitle(self.tr("Edit counsellor") if counsellor else
                            self.tr("Add counsellor"))
        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("counsellor_name_edit")
        self.name_edit.setAccessibleName(self.tr("Name"))
        self.gender_combo = QComboBox()
        self.gender_combo.setObjectName("counsellor_gender_combo")
        self.gender_combo.setAccessibleName(self.tr("Gender"))
        for gender in GENDERS:
            self.gender_combo.addItem(gender_label(gender), gender)
        self.languages_edit = QLineEdit()
        self.languages_edit.setObjectName("counsellor_languages_edit")
        self.languages_edit.setAccessibleName(self.tr("Languages"))
        self.languages_edit.setPlaceholderText(self.tr("e.g. English, Polish"))
        self.service_checks: dict[str, QCheckBox] = {}
        services_row = QHBoxLayout()
        for service in SERVICES:
            check = QCheckBox(service_label(service))
            check.setObjectName(f"counsellor_service_{service}_check")
            check.setAccessibleName(service_label(service))
            self.service_checks[service] = check
            services_row.addWidget(check)
        services_row.addStretch(1)
        self.max_spin = QSpinBox()
        self.max_spin.setObjectName("counsellor_max_spin")
        self.max_spin.setAccessibleName(self.tr("Sessions a week at most"))
        self.max_spin.setRange(1, 40)
        self.max_spin.setValue(10)
        self.lead_check = QCheckBox(self.tr("&Clinical lead"))
        self.lead_check.setObjectName("counsellor_lead_check")
        self.lead_check.setAccessibleName(self.tr("Clinical lead"))
        # Shown, not set here: clinical lead is a key grant to the sign-in (Users, Change roles).
        self.lead_check.setEnabled(False)
        self.lead_check.setToolTip(self.tr("Clinical lead is granted to the counsellor's sign-in "
                                           "under Administration > Users (Change roles…)."))
        if counsellor is not None:
            self.name_edit.setText(counsellor.display_name)
            self.gender_combo.setCurrentIndex(max(0, self.gender_combo.findData(
                counsellor.gender)))
            self.languages_edit.setText(", ".join(counsellor.languages))
            for service, check in self.service_checks.items():
                check.setChecked(service in counsellor.services)
            self.max_spin.setValue(counsellor.max_per_week)
            self.lead_check.setChecked(counsellor.is_clinical_lead)
        form = QFormLayout()
        form.addRow(self.tr("&Name:"), self.name_edit)
        form.addRow(self.tr("&Gender:"), self.gender_combo)
        form.addRow(self.tr("&Languages:"), self.languages_edit)
        form.addRow(self.tr("Services:"), services_row)
        form.addRow(self.tr("Sessions a &week at most:"), self.max_spin)
        form.addRow("", self.lead_check)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setObjectName("ok_button")
        self.ok_button.setText(self.tr("&Save"))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

    def value(self) -> CounsellorProfile:
        languages = tuple(part.strip() for part in self.languages_edit.text().split(",")
                          if part.strip())
        return CounsellorProfile(
            display_name=self.name_edit.text().strip(),
            gender=self.gender_combo.currentData(),
            languages=languages,
            services=tuple(s for s, check in self.service_checks.items() if check.isChecked()),
            max_per_week=self.max_spin.value(),
            is_clinical_lead=self.lead_check.isChecked(),
        )

    @classmethod
    def ask(cls, parent: QWidget | None,
            counsellor: CounsellorInfo | None) -> CounsellorProfile | None:
        dialog = cls(counsellor, parent)
        try:
            return dialog.value() if dialog.exec() == QDialog.DialogCode.Accepted else None
        finally:
            dialog.deleteLater()
