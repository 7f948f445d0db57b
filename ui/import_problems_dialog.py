"""Why a CSV import was refused: every problem with its line in the file."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from supportline.errors import RowProblem

from .admin_messages import import_rejected_message
from .import_problem_table_model import ImportProblemTableModel


class ImportProblemsDialog(QDialog):
    def __init__(self, title: str, problems: Sequence[RowProblem],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("import_problems_dialog")
        self.setWindowTitle(title)
        self.resize(760, 420)
        intro = QLabel(import_rejected_message(len(problems)) + " " + self.tr(
            "Correct these lines in the file and import it again."))
        intro.setObjectName("import_problems_intro_label")
        intro.setWordWrap(True)
        self.model = ImportProblemTableModel(self)
        self.model.set_rows(problems)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(ImportProblemTableModel.SortRole)
        self.table = QTableView()
        self.table.setObjectName("import_problems_table")
        self.table.setAccessibleName(self.tr("Import problems"))
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(ImportProblemTableModel.COLUMN_LINE, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(ImportProblemTableModel.COLUMN_REASON,
                                    QHeaderView.ResizeMode.Stretch)
        # A reason with suggested names runs over several lines.
        self.table.verticalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)

    @classmethod
    def ask(cls, parent: QWidget | None, title: str, problems: Sequence[RowProblem]) -> None:
        dialog = cls(title, problems, parent)
        try:
            dialog.exec()
        finally:
            dialog.deleteLater()
