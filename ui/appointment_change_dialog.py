"""Move or cancel one diary appointment (alone or with the later ones in its series).

``MoveAppointmentDialog.ask`` and ``CancelAppointmentDialog.ask`` are the seams tests replace.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from PySide6.QtCore import QDate, QDateTime, QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from supportline.calendar_uk import local_datetime
from supportline.services.diary import DiaryEntry

from .booking_format import format_day, format_wall_clock


@dataclass(frozen=True)
class MoveRequest:
    new_start: datetime  # aware UTC
    with_following: bool


@dataclass(frozen=True)
class CancelRequest:
    by: str  # client | service
    with_following: bool


def _describe(entry: DiaryEntry) -> str:
    return f"{format_day(entry.starts_at_local.date())} {format_wall_clock(entry.starts_at_local)}"\
           f" · {entry.client_reference} ({entry.client_label}) · {entry.venue_name}, " \
           f"{entry.room_name}"


class MoveAppointmentDialog(QDialog):
    def __init__(self, entry: DiaryEntry, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("move_appointment_dialog")
        self.setWindowTitle(self.tr("Move appointment"))
        self.entry_label = QLabel(_describe(entry))
        self.entry_label.setObjectName("move_entry_label")
        local = entry.starts_at_local
        self.start_edit = QDateTimeEdit(QDateTime(QDate(local.year, local.month, local.day),
                                                  QTime(local.hour, local.minute)))
        self.start_edit.setObjectName("move_start_edit")
        self.start_edit.setAccessibleName(self.tr("New date and time"))
        self.start_edit.setDisplayFormat("dd/MM/yyyy HH:mm")
        self.start_edit.setCalendarPopup(True)
        self.following_check = QCheckBox(self.tr("Move the &later sessions in the series too"))
        self.following_check.setObjectName("move_following_check")
        self.following_check.setAccessibleName(self.tr("Move the later sessions too"))
        self.following_check.setEnabled(entry.kind == "session")
        form = QFormLayout()
        form.addRow(self.tr("&New date and time"), self.start_edit)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("&Move"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.entry_label)
        layout.addLayout(form)
        layout.addWidget(self.following_check)
        layout.addWidget(buttons)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

    def value(self) -> MoveRequest:
        moment = self.start_edit.dateTime()
        day, at = moment.date(), moment.time()
        local = local_datetime(date(day.year(), day.month(), day.day()),
                               time(at.hour(), at.minute()))
        return MoveRequest(local.astimezone(UTC), self.following_check.isChecked())

    @classmethod
    def ask(cls, parent: QWidget | None, entry: DiaryEntry) -> MoveRequest | None:
        dialog = cls(entry, parent)
        try:
            return dialog.value() if dialog.exec() == QDialog.DialogCode.Accepted else None
        finally:
            dialog.deleteLater()


class CancelAppointmentDialog(QDialog):
    def __init__(self, entry: DiaryEntry, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("cancel_appointment_dialog")
        self.setWindowTitle(self.tr("Cancel appointment"))
        self.entry_label = QLabel(_describe(entry))
        self.entry_label.setObjectName("cancel_entry_label")
        self.by_client_radio = QRadioButton(self.tr("Cancelled by the &client"))
        self.by_client_radio.setObjectName("cancel_by_client_radio")
        self.by_client_radio.setAccessibleName(self.tr("Cancelled by the client"))
        self.by_client_radio.setChecked(True)
        self.by_service_radio = QRadioButton(self.tr("Cancelled by the &service"))
        self.by_service_radio.setObjectName("cancel_by_service_radio")
        self.by_service_radio.setAccessibleName(self.tr("Cancelled by the service"))
        self.following_check = QCheckBox(self.tr("Cancel the &later sessions in the series too"))
        self.following_check.setObjectName("cancel_following_check")
        self.following_check.setAccessibleName(self.tr("Cancel the later sessions too"))
        self.following_check.setEnabled(entry.kind == "session")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Cancel &appointment"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("&Keep it"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.entry_label)
        layout.addWidget(self.by_client_radio)
        layout.addWidget(self.by_service_radio)
        layout.addWidget(self.following_check)
        layout.addWidget(buttons)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

    def value(self) -> CancelRequest:
        by = "client" if self.by_client_radio.isChecked() else "service"
        return CancelRequest(by, self.following_check.isChecked())

    @classmethod
    def ask(cls, parent: QWidget | None, entry: DiaryEntry) -> CancelRequest | None:
        dialog = cls(entry, parent)
        try:
            return dialog.value() if dialog.exec() == QDialog.DialogCode.Accepted else None
        finally:
            dialog.deleteLater()
