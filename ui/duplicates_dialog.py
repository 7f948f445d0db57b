"""Possible existing records for a new client: use one of them, or save a new record anyway."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QSortFilterProxyModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from supportline.services.clients import ClientSummary

from .client_table_model import ClientTableModel


@dataclass(frozen=True)
class DuplicateDecision:
    """Either an existing record to use, or ``save_anyway`` having seen every candidate."""

    use_client_id: int | None = None
    save_anyway: bool = False


class DuplicatesDialog(QDialog):
    def __init__(self, candidates: Sequence[ClientSummary], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("duplicates_dialog")
        self.setWindowTitle(self.tr("This person may already have a record"))
        self.decision: DuplicateDecision | None = None
        self.explanation_label = QLabel(self.tr(
            "These records have the same name and date of birth, phone number or e-mail "
            "address. Use the right one if this is the same person; save a new record only if "
            "it is not."))
        self.explanation_label.setWordWrap(True)
        self.model = ClientTableModel(self)
        self.model.set_clients(candidates)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setObjectName("duplicates_table")
        self.table.setAccessibleName(self.tr("Possible matches"))
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents)
        self.table.selectRow(0)
        self.use_button = QPushButton(self.tr("&Use this record"))
        self.use_button.setObjectName("use_existing_button")
        self.use_button.setAccessibleName(self.tr("Use this record"))
        self.use_button.setDefault(True)
        self.save_button = QPushButton(self.tr("&Save a new record anyway"))
        self.save_button.setObjectName("save_anyway_button")
        self.save_button.setAccessibleName(self.tr("Save a new record anyway"))
        self.back_button = QPushButton(self.tr("&Back to the form"))
        self.back_button.setObjectName("back_button")
        self.back_button.setAccessibleName(self.tr("Back to the form"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.use_button)
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)
        buttons.addWidget(self.back_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.explanation_label)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.resize(760, 320)
        self.use_button.clicked.connect(self._on_use_button_clicked)
        self.save_button.clicked.connect(self._on_save_button_clicked)
        self.back_button.clicked.connect(self.reject)

    def _on_use_button_clicked(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return
        client = rows[0].data(ClientTableModel.RowObjectRole)
        self.decision = DuplicateDecision(use_client_id=client.id)
        self.accept()

    def _on_save_button_clicked(self) -> None:
        self.decision = DuplicateDecision(save_anyway=True)
        self.accept()

    @classmethod
    def ask(cls, parent: QWidget | None,
            candidates: Sequence[ClientSummary]) -> DuplicateDecision | None:
        dialog = cls(candidates, parent)
        try:
            dialog.exec()
            return dialog.decision
        finally:
            dialog.deleteLater()
