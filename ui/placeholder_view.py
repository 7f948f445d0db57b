"""An honest page for a workspace a later release fills: no invented data."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget


class PlaceholderView(QWidget):
    def __init__(self, title: str, purpose: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title_label = QLabel(title)
        self.title_label.setObjectName("title_label")
        font = self.title_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.title_label.setFont(font)
        self.purpose_label = QLabel(purpose)
        self.purpose_label.setObjectName("purpose_label")
        self.purpose_label.setWordWrap(True)
        self.notice_label = QLabel(self.tr("This workspace is coming in a later release."))
        self.notice_label.setObjectName("placeholder_label")
        self.notice_label.setStyleSheet(
            "background: palette(alternate-base); border: 1px solid palette(mid);"
            " border-radius: 4px; padding: 12px;"
        )
        self.notice_label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 24, 24, 24)
        layout.setSpacing(12)
        layout.addWidget(self.title_label)
        layout.addWidget(self.purpose_label)
        layout.addWidget(self.notice_label)
        layout.addStretch(1)
        self.setAccessibleName(title)
        self.setAccessibleDescription(self.notice_label.text())
        self.title_label.setAlignment(Qt.AlignmentFlag.AlignLeft)
