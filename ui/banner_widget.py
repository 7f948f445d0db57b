"""A one-line message above a page: information, success or a problem."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

_STYLES = {
    "info": "background: #eef4fb; color: #1b3a5c; border: 1px solid #b6cde6;",
    "success": "background: #edf7ed; color: #1e4620; border: 1px solid #a8d5a8;",
    "error": "background: #fdecea; color: #611a15; border: 1px solid #f1aeb5;",
}


class BannerWidget(QLabel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.kind = ""
        self.clear_message()

    def show_message(self, text: str, kind: str = "info") -> None:
        self.kind = kind
        self.setText(text)
        self.setStyleSheet(_STYLES[kind] + " border-radius: 4px; padding: 6px 10px;")
        self.setAccessibleDescription(text)
        self.setVisible(True)

    def clear_message(self) -> None:
        self.kind = ""
        self.setText("")
        self.setVisible(False)
