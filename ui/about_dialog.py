"""Help > About: version and data directory."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from supportline import __version__


class AboutDialog(QDialog):
    def __init__(self, data_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("about_dialog")
        self.setWindowTitle(self.tr("About SupportLine"))
        self.text_label = QLabel(
            self.tr(
                "<h3>SupportLine {version}</h3>"
                "<p>Confidential case management for the Support Line counselling service.</p>"
                "<p>Data directory:<br><code>{path}</code></p>"
            ).format(version=__version__, path=str(data_dir))
        )
        self.text_label.setObjectName("about_text_label")
        self.text_label.setWordWrap(True)
        self.text_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text_label)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(400)
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.buttons.rejected.connect(self.reject)

    @classmethod
    def ask(cls, parent: QWidget | None, data_dir: Path) -> None:
        dialog = cls(data_dir, parent)
        try:
            dialog.exec()
        finally:
            dialog.deleteLater()
