"""Choose a CSV file to import (a seam: tests replace ``ask``)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog, QWidget


class CsvFileDialog:
    @classmethod
    def ask(cls, parent: QWidget | None, title: str) -> Path | None:
        name, _filter = QFileDialog.getOpenFileName(
            parent, title, "",
            QCoreApplication.translate("CsvFileDialog", "CSV files (*.csv);;All files (*)"))
        return Path(name) if name else None
