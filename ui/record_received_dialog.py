"""A voicemail, e-mail or letter that needs a call-back: what came in, when, and from whom."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from PySide6.QtCore import QDateTime
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from supportline.services.intake import PURPOSES

from .labels import channel_label, purpose_label, received_channel_choices
from .uk_format import to_london


@dataclass(frozen=True)
class ReceivedItem:
    channel: str
    received_at: datetime
    purpose: str
    callback_name: str
    callback_phone: str


class RecordReceivedDialog(QDialog):
    def __init__(self, now: datetime, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("record_received_dialog")
        self.setWindowTitle(self.tr("Record voicemail, e-mail or letter"))
        self.note_label = QLabel(self.tr(
            "It joins the call-back queue, due when the line is next staffed."))
        self.note_label.setWordWrap(True)
        self.channel_combo = QComboBox()
        self.channel_combo.setObjectName("received_channel_combo")
        self.channel_combo.setAccessibleName(self.tr("What came in"))
        for code in received_channel_choices():
            self.channel_combo.addItem(channel_label(code), code)
        self.received_edit = QDateTimeEdit(to_london(now))
        self.received_edit.setObjectName("received_at_edit")
        self.received_edit.setAccessibleName(self.tr("Received at"))
        self.received_edit.setDisplayFormat("dd/MM/yyyy HH:mm")
        self.received_edit.setCalendarPopup(True)
        self.purpose_combo = QComboBox()
        self.purpose_combo.setObjectName("received_purpose_combo")
        self.purpose_combo.setAccessibleName(self.tr("Purpose"))
        for code in PURPOSES:
            self.purpose_combo.addItem(purpose_label(code), code)
        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("callback_name_edit")
        self.name_edit.setAccessibleName(self.tr("Name to call back"))
        self.phone_edit = QLineEdit()
        self.phone_edit.setObjectName("callback_phone_edit")
        self.phone_edit.setAccessibleName(self.tr("Number to call back"))
        form = QFormLayout()
        form.addRow(self.tr("&What came in"), self.channel_combo)
        form.addRow(self.tr("&Received at"), self.received_edit)
        form.addRow(self.tr("&Purpose"), self.purpose_combo)
        form.addRow(self.tr("&Name"), self.name_edit)
        form.addRow(self.tr("N&umber to call"), self.phone_edit)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(self.note_label)
        layout.addLayout(form)
        layout.addWidget(buttons)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

    def value(self) -> ReceivedItem:
        moment: QDateTime = self.received_edit.dateTime()
        received = datetime.fromtimestamp(moment.toSecsSinceEpoch(), tz=UTC)
        return ReceivedItem(
            channel=self.channel_combo.currentData(),
            received_at=received,
            purpose=self.purpose_combo.currentData(),
            callback_name=self.name_edit.text(),
            callback_phone=self.phone_edit.text(),
        )

    @classmethod
    def ask(cls, parent: QWidget | None, now: datetime) -> ReceivedItem | None:
        dialog = cls(now, parent)
        try:
            if dialog.exec() == QDialog.DialogCode.Accepted:
                return dialog.value()
            return None
        finally:
            dialog.deleteLater()
