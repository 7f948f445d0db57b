"""Link a sign-in and a counsellor profile (Administration > Users and > Counsellors).

One choice from a list, "Not linked" first; choices already linked to someone else are shown
but cannot be picked (the core refuses them too).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)


@dataclass(frozen=True)
class LinkChoice:
    value: Any  # a counsellor id or a username; None = not linked
    text: str
    available: bool = True


class LinkCounsellorDialog(QDialog):
    def __init__(self, title: str, prompt: str, choices: Sequence[LinkChoice], current: Any,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("link_counsellor_dialog")
        self.setWindowTitle(title)
        self.prompt_label = QLabel(prompt)
        self.prompt_label.setWordWrap(True)
        self.choice_combo = QComboBox()
        self.choice_combo.setObjectName("link_choice_combo")
        self.choice_combo.setAccessibleName(title)
        self.choice_combo.addItem(self.tr("Not linked"), None)
        model = self.choice_combo.model()
        for choice in choices:
            self.choice_combo.addItem(choice.text, choice.value)
            if not choice.available and isinstance(model, QStandardItemModel):
                item = model.item(self.choice_combo.count() - 1)
                if item is not None:
                    item.setEnabled(False)
        self.choice_combo.setCurrentIndex(max(0, self.choice_combo.findData(current)))
        self.prompt_label.setBuddy(self.choice_combo)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setObjectName("ok_button")
        self.ok_button.setText(self.tr("&Save link"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.prompt_label)
        layout.addWidget(self.choice_combo)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

    def value(self) -> LinkChoice:
        index = self.choice_combo.currentIndex()
        return LinkChoice(self.choice_combo.itemData(index), self.choice_combo.itemText(index))

    @classmethod
    def ask(cls, parent: QWidget | None, title: str, prompt: str,
            choices: Sequence[LinkChoice], current: Any) -> LinkChoice | None:
        dialog = cls(title, prompt, choices, current, parent)
        try:
            return dialog.value() if dialog.exec() == QDialog.DialogCode.Accepted else None
        finally:
            dialog.deleteLater()
