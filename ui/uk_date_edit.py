"""A date editor in UK form (DD/MM/YYYY) with a calendar, giving plain ``datetime.date``."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDateEdit, QWidget

UK_DATE_FORMAT = "dd/MM/yyyy"


class UkDateEdit(QDateEdit):
    def __init__(self, value: date | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDisplayFormat(UK_DATE_FORMAT)
        self.setCalendarPopup(True)
        self.setMinimumDate(QDate(1990, 1, 1))
        if value is not None:
            self.set_value(value)

    def value(self) -> date:
        picked = self.date()
        return date(picked.year(), picked.month(), picked.day())

    def set_value(self, value: date) -> None:
        self.setDate(QDate(value.year, value.month, value.day))
