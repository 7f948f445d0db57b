"""Add a service agreement to an organisation: service, dates, purchased sessions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from supportline.services.eligibility import SERVICES, OrganisationInfo

from .labels import service_label
from .uk_date_edit import UkDateEdit


@dataclass(frozen=True)
class NewAgreement:
    service: str
    starts_on: date
    ends_on: date | None
    purchased_sessions: int | None


class AddAgreementDialog(QDialog):
    def __init__(self, organisation: OrganisationInfo, today: date,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("add_agreement_dialog")
        self.setWindowTitle(self.tr("Add agreement"))
        intro = QLabel(self.tr("A service agreement for {name}.").format(name=organisation.name))
        intro.setWordWrap(True)
        self.service_combo = QComboBox()
        self.service_combo.setObjectName("agreement_service_combo")
        self.service_combo.setAccessibleName(self.tr("Service"))
        for service in SERVICES:
            self.service_combo.addItem(service_label(service), service)
        self.starts_edit = UkDateEdit(today)
        self.starts_edit.setObjectName("agreement_starts_edit")
        self.starts_edit.setAccessibleName(self.tr("Agreement starts on"))
        self.open_ended_check = QCheckBox(self.tr("&Open-ended (no end date)"))
        self.open_ended_check.setObjectName("agreement_open_ended_check")
        self.open_ended_check.setAccessibleName(self.tr("Open-ended"))
        self.ends_edit = UkDateEdit(date(today.year + 1, 3, 31))
        self.ends_edit.setObjectName("agreement_ends_edit")
        self.ends_edit.setAccessibleName(self.tr("Agreement ends on"))
        self.sessions_spin = QSpinBox()
        self.sessions_spin.setObjectName("agreement_sessions_spin")
        self.sessions_spin.setAccessibleName(self.tr("Purchased sessions"))
        self.sessions_spin.setRange(0, 100_000)
        self.sessions_spin.setSpecialValueText(self.tr("No limit"))
        self.sessions_spin.setMinimumWidth(120)
        form = QFormLayout()
        form.addRow(self.tr("&Service:"), self.service_combo)
        form.addRow(self.tr("&From:"), self.starts_edit)
        form.addRow("", self.open_ended_check)
        form.addRow(self.tr("&To:"), self.ends_edit)
        form.addRow(self.tr("&Purchased sessions:"), self.sessions_spin)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setObjectName("ok_button")
        self.ok_button.setText(self.tr("&Add agreement"))
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.open_ended_check.toggled.connect(self._on_open_ended_check_toggled)

    @Slot(bool)
    def _on_open_ended_check_toggled(self, checked: bool) -> None:
        self.ends_edit.setEnabled(not checked)

    def value(self) -> NewAgreement:
        sessions = self.sessions_spin.value()
        return NewAgreement(
            service=self.service_combo.currentData(),
            starts_on=self.starts_edit.value(),
            ends_on=None if self.open_ended_check.isChecked() else self.ends_edit.value(),
            purchased_sessions=sessions or None,
        )

    @classmethod
    def ask(cls, parent: QWidget | None, organisation: OrganisationInfo,
            today: date) -> NewAgreement | None:
        dialog = cls(organisation, today, parent)
        try:
            return dialog.value() if dialog.exec() == QDialog.DialogCode.Accepted else None
        finally:
            dialog.deleteLater()
