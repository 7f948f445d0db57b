"""Merge two client records: choose which one to keep."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from supportline.services.clients import ClientSummary

from .client_table_model import ClientTableModel


def _describe(client: ClientSummary) -> str:
    dob = client.date_of_birth.strftime("%d/%m/%Y") if client.date_of_birth else "–"
    return f"{client.reference}  {ClientTableModel.name_text(client)}  {dob}  " \
           f"{client.home_postcode or ''}"


class MergeDialog(QDialog):
    def __init__(self, first: ClientSummary, second: ClientSummary,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("merge_dialog")
        self.setWindowTitle(self.tr("Merge two client records"))
        self._clients = (first, second)
        self.explanation_label = QLabel(self.tr(
            "Choose the record to keep. Contacts, cases, appointments and risk alerts of the "
            "other record move to it, and its blank fields are filled from the other. The other "
            "record stays, marked as merged."))
        self.explanation_label.setWordWrap(True)
        self.first_radio = QRadioButton(_describe(first))
        self.first_radio.setObjectName("keep_first_radio")
        self.first_radio.setAccessibleName(self.tr("Keep {reference}").format(
            reference=first.reference))
        self.first_radio.setChecked(True)
        self.second_radio = QRadioButton(_describe(second))
        self.second_radio.setObjectName("keep_second_radio")
        self.second_radio.setAccessibleName(self.tr("Keep {reference}").format(
            reference=second.reference))
        group = QButtonGroup(self)
        group.addButton(self.first_radio)
        group.addButton(self.second_radio)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.merge_button = buttons.addButton(self.tr("Merge"),
                                              QDialogButtonBox.ButtonRole.AcceptRole)
        self.merge_button.setObjectName("merge_button")
        layout = QVBoxLayout(self)
        layout.addWidget(self.explanation_label)
        layout.addWidget(QLabel(self.tr("Keep:")))
        layout.addWidget(self.first_radio)
        layout.addWidget(self.second_radio)
        layout.addWidget(buttons)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

    def value(self) -> tuple[ClientSummary, ClientSummary]:
        """(keep, remove)."""
        first, second = self._clients
        return (first, second) if self.first_radio.isChecked() else (second, first)

    @classmethod
    def ask(cls, parent: QWidget | None, first: ClientSummary,
            second: ClientSummary) -> tuple[ClientSummary, ClientSummary] | None:
        dialog = cls(first, second, parent)
        try:
            return dialog.value() if dialog.exec() == QDialog.DialogCode.Accepted else None
        finally:
            dialog.deleteLater()
