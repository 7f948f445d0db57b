"""Authorise extra sessions past a client's yearly allowance: service, how many, and why."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from supportline.services.allowance import SERVICES, AllowanceStatus

from .admin_labels import uk_date
from .labels import service_label

MIN_REASON = 5  # the core refuses shorter reasons


@dataclass(frozen=True)
class AllowanceAuthorisation:
    service: str
    extra_sessions: int
    reason: str


class AuthoriseAllowanceDialog(QDialog):
    def __init__(self, service: str, status: Sequence[AllowanceStatus],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("authorise_allowance_dialog")
        self.setWindowTitle(self.tr("Authorise extra sessions"))
        self._status = {item.service: item for item in status}
        self.service_combo = QComboBox()
        self.service_combo.setObjectName("authorise_service_combo")
        self.service_combo.setAccessibleName(self.tr("Service"))
        for code in SERVICES:
            self.service_combo.addItem(service_label(code), code)
        self.service_combo.setCurrentIndex(max(0, self.service_combo.findData(service)))
        self.status_label = QLabel()
        self.status_label.setObjectName("authorise_status_label")
        self.status_label.setWordWrap(True)
        self.extra_spin = QSpinBox()
        self.extra_spin.setObjectName("authorise_extra_spin")
        self.extra_spin.setAccessibleName(self.tr("Extra sessions"))
        self.extra_spin.setRange(1, 20)
        self.extra_spin.setValue(1)
        self.reason_edit = QPlainTextEdit()
        self.reason_edit.setObjectName("authorise_reason_edit")
        self.reason_edit.setAccessibleName(self.tr("Reason (required)"))
        self.reason_edit.setPlaceholderText(self.tr("Why this client needs more sessions "
                                                    "this year"))
        self.reason_edit.setTabChangesFocus(True)
        self.reason_edit.setFixedHeight(80)
        form = QFormLayout()
        form.addRow(self.tr("&Service:"), self.service_combo)
        form.addRow("", self.status_label)
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
        self._on_service_combo_current_index_changed()
        self._on_reason_edit_text_changed()

    def _connect_signals(self) -> None:
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.service_combo.currentIndexChanged.connect(
            self._on_service_combo_current_index_changed)
        self.reason_edit.textChanged.connect(self._on_reason_edit_text_changed)

    @Slot()
    def _on_service_combo_current_index_changed(self) -> None:
        status = self._status.get(self.service_combo.currentData())
        if status is None:
            self.status_label.setText("")
            return
        self.status_label.setText(self.tr(
            "{used} used, {booked} booked, {left} left of {allowed} in the year "
            "{start} to {end}.").format(
            used=status.used, booked=status.booked, left=status.left, allowed=status.allowed,
            start=uk_date(status.year_start), end=uk_date(status.year_end)))

    @Slot()
    def _on_reason_edit_text_changed(self) -> None:
        self.ok_button.setEnabled(len(self.reason_edit.toPlainText().strip()) >= MIN_REASON)

    def value(self) -> AllowanceAuthorisation:
        return AllowanceAuthorisation(
            service=self.service_combo.currentData(),
            extra_sessions=self.extra_spin.value(),
            reason=self.reason_edit.toPlainText().strip(),
        )

    @classmethod
    def ask(cls, parent: QWidget | None, service: str,
            status: Sequence[AllowanceStatus]) -> AllowanceAuthorisation | None:
        dialog = cls(service, status, parent)
        try:
            return dialog.value() if dialog.exec() == QDialog.DialogCode.Accepted else None
        finally:
            dialog.deleteLater()
