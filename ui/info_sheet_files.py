"""File choosers for information sheets: seams the tests replace."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog, QWidget

_CONTEXT = "InfoSheetFiles"


def _tr(text: str) -> str:
    return QCoreApplication.translate(_CONTEXT, text)


class InfoSheetFiles:
    @classmethod
    def open_path(cls, parent: QWidget | None) -> Path | None:
        name, _ = QFileDialog.getOpenFileName(
            parent, _tr("Import information sheet"), "", _tr("PDF files (*.pdf)"))
        return Path(name) if name else None

    @classmethod
    def save_path(cls, parent: QWidget | None) -> Path | None:
        name, _ = QFileDialog.getSaveFileName(
            parent, _tr("Save blank information sheet"), "information-sheet.pdf",
            _tr("PDF files (*.pdf)"))
        return Path(name) if name else None
