"""Organisations for Administration > Organisations."""

from __future__ import annotations

from typing import Any

from supportline.services.eligibility import OrganisationInfo

from .admin_labels import active_label, org_group_label, phase_label
from .row_table_model import RowTableModel


class OrganisationTableModel(RowTableModel):
    COLUMN_NAME = 0
    COLUMN_GROUP = 1
    COLUMN_PHASE = 2
    COLUMN_ACTIVE = 3

    def headers(self) -> list[str]:
        return [self.tr("Name"), self.tr("Group"), self.tr("Phase or directorate"),
                self.tr("Status")]

    def display(self, row: OrganisationInfo, column: int) -> str:
        if column == self.COLUMN_NAME:
            return row.name
        if column == self.COLUMN_GROUP:
            return org_group_label(row.org_group)
        if column == self.COLUMN_PHASE:
            return phase_label(row.phase) if row.phase else (row.directorate or "")
        if column == self.COLUMN_ACTIVE:
            return active_label(row.active)
        return ""

    def sort_key(self, row: OrganisationInfo, column: int) -> Any:
        if column == self.COLUMN_ACTIVE:
            return int(row.active)
        return super().sort_key(row, column)
