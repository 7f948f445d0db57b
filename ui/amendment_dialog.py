"""Add a dated amendment to a locked session note; the note itself is never changed."""

from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)


class AmendmentDialog(QDialog):
    def __init__(self, note_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("amendment_dialog")
        self.setWindowTitle(self.tr("Add an amendment"))
        self.explain_label = QLabel(self.tr(
            "The note locked 24 hours after the session. An amendment is added below it with "
            "today's date and your name; the note stays as it was written."))
        self.explain_label.setWordWrap(True)
        self.note_view = QPlainTextEdit(note_text)
        self.note_view.setObjectName("amendment_note_view")
        self.note_view.setAccessibleName(self.tr("The locked note"))
        self.note_view.setReadOnly(True)
        self.note_view.setTabChangesFocus(True)
        self.amendment_edit = QPlainTextEdit()
        self.amendment_edit.setObjectName("amendment_edit")
        self.amendment_edit.setAccessibleName(self.tr("Amendment"))
        self.amendment_edit.setTabChangesFocus(True)
        self.error_label = QLabel()
        self.error_label.setObjectName("amendment_error_label")
        self.error_label.setStyleSheet("color: #a4262c;")
        self.error_label.setVisible(False)
        buttons = QDialogButtonBox()
        self.add_button = buttons.addButton(self.tr("&Add amendment"),
                                            QDialogButtonBox.ButtonRole.AcceptRole)
        self.add_button.setObjectName("add_amendment_button")
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        label = QLabel(self.tr("&Amendment"))
        label.setBuddy(self.amendment_edit)
        layout = QVBoxLayout(self)
        layout.addWidget(self.explain_label)
        layout.addWidget(self.note_view, 1)
        layout.addWidget(label)
        layout.addWidget(self.amendment_edit, 1)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        buttons.accepted.connect(self._on_buttons_accepted)
        buttons.rejected.connect(self.reject)
        self.amendment_edit.setFocus()
        self.resize(560, 420)

    def text(self) -> str:
        return self.amendment_edit.toPlainText().strip()

    @Slot()
    def _on_buttons_accepted(self) -> None:
        if not self.text():
            self.error_label.setText(self.tr("Write the amendment first."))
            self.error_label.setVisible(True)
            return
        self.accept()

    @classmethod
    def ask(cls, parent: QWidget | None, note_text: str) -> str | None:
        """Modal; the seam tests replace. The amendment text, or None if cancelled."""
        dialog = cls(note_text, parent)
        try:
            return dialog.text() if dialog.exec() == QDialog.DialogCode.Accepted else None
        finally:
            dialog.deleteLater()
