"""Counsellors for Administration > Counsellors."""

from __future__ import annotations

from typing import Any

from supportline.services.counsellors import CounsellorInfo

from .admin_labels import yes_no_label
from .labels import gender_label, service_label
from .row_table_model import RowTableModel


class CounsellorTableModel(RowTableModel):
    COLUMN_NAME = 0
    COLUMN_GENDER = 1
    COLUMN_LANGUAGES = 2
    COLUMN_SERVICES = 3
    COLUMN_MAX_PER_WEEK = 4
    COLUMN_CLINICAL_LEAD = 5
    COLUMN_SIGN_IN = 6

    def headers(self) -> list[str]:
        return [self.tr("Name"), self.tr("Gender"), self.tr("Languages"), self.tr("Services"),
                self.tr("Per week"), self.tr("Clinical lead"), self.tr("Sign-in")]

    def display(self, row: CounsellorInfo, column: int) -> str:
        if column == self.COLUMN_NAME:
            return row.display_name
        if column == self.COLUMN_GENDER:
            return gender_label(row.gender)
        if column == self.COLUMN_LANGUAGES:
            return ", ".join(row.languages)
        if column == self.COLUMN_SERVICES:
            return ", ".join(service_label(service) for service in row.services)
        if column == self.COLUMN_MAX_PER_WEEK:
            return str(row.max_per_week)
        if column == self.COLUMN_CLINICAL_LEAD:
            return yes_no_label(row.is_clinical_lead)
        if column == self.COLUMN_SIGN_IN:
            return row.username or ""
        return ""

    def sort_key(self, row: CounsellorInfo, column: int) -> Any:
        if column == self.COLUMN_MAX_PER_WEEK:
            return row.max_per_week
        if column == self.COLUMN_CLINICAL_LEAD:
            return int(row.is_clinical_lead)
        return super().sort_key(row, column)
