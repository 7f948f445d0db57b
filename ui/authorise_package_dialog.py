"""Authorise sessions past those an organisation purchased under one agreement: how many, and
why. Administrators only (the core refuses anyone else)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from supportline.services.packages import MAX_EXTRA, MIN_REASON, AgreementUsage

from .admin_labels import uk_date
from .labels import service_label


@dataclass(frozen=True)
class PackageAuthorisation:
    extra_sessions: int
    reason: str


class AuthorisePackageDialog(QDialog):
    def __init__(self, usage: AgreementUsage, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("authorise_package_dialog")
        self.setWindowTitle(self.tr("Authorise more purchased sessions"))
        agreement = usage.agreement
        period = (self.tr("{service} agreement from {start} to {end}") if agreement.ends_on
                  else self.tr("{service} agreement from {start}, open-ended")).format(
            service=service_label(agreement.service), start=uk_date(agreement.starts_on),
            end=uk_date(agreement.ends_on))
        self.status_label = QLabel(self.tr(
            "{period}: {used} used of {allowed} ({purchased} purchased, {extra} authorised "
            "before), {left} left.").format(
            period=period, used=usage.used, allowed=usage.allowed, purchased=usage.purchased,
            extra=usage.authorised_extra, left=usage.left))
        self.status_label.setObjectName("authorise_package_status_label")
        self.status_label.setWordWrap(True)
        self.extra_spin = QSpinBox()
        self.extra_spin.setObjectName("authorise_package_extra_spin")
        self.extra_spin.setAccessibleName(self.tr("Extra sessions"))
        self.extra_spin.setRange(1, MAX_EXTRA)
        self.extra_spin.setValue(max(1, usage.over + 1))
        self.reason_edit = QPlainTextEdit()
        self.reason_edit.setObjectName("authorise_package_reason_edit")
        self.reason_edit.setAccessibleName(self.tr("Reason (required)"))
        self.reason_edit.setPlaceholderText(self.tr("Who agreed the extra sessions, and why"))
        self.reason_edit.setTabChangesFocus(True)
        self.reason_edit.setFixedHeight(80)
        form = QFormLayout()
        form.addRow(self.status_label)
        form.addRow(self.tr("&Extra sessions:"), self.extra_spin)
        reason_label = QLabel(self.tr("&Reason (required):"))
        reason_label.setBuddy(self.reason_edit)
        form.addRow(reason_label, self.reason_edit)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setObjectName("ok_button")
        self.ok_button.setText(self.tr("&Authorise"))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self._connect_signals()
        self._on_reason_edit_text_changed()

    def _connect_signals(self) -> None:
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.reason_edit.textChanged.connect(self._on_reason_edit_text_changed)

    @Slot()
    def _on_reason_edit_text_changed(self) -> None:
        self.ok_button.setEnabled(len(self.reason_edit.toPlainText().strip()) >= MIN_REASON)

    def value(self) -> PackageAuthorisation:
        return PackageAuthorisation(self.extra_spin.value(),
                                    self.reason_edit.toPlainText().strip())

    @classmethod
    def ask(cls, parent: QWidget | None, usage: AgreementUsage) -> PackageAuthorisation | None:
        dialog = cls(usage, parent)
        try:
            return dialog.value() if dialog.exec() == QDialog.DialogCode.Accepted else None
        finally:
            dialog.deleteLater()
