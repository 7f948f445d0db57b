"""The service agreements of one organisation."""

from __future__ import annotations

from typing import Any

from supportline.services.eligibility import Agreement

from .admin_labels import uk_date
from .labels import service_label
from .row_table_model import RowTableModel


class AgreementTableModel(RowTableModel):
    COLUMN_SERVICE = 0
    COLUMN_FROM = 1
    COLUMN_TO = 2
    COLUMN_PURCHASED = 3

    def headers(self) -> list[str]:
        return [self.tr("Service"), self.tr("From"), self.tr("To"),
                self.tr("Purchased sessions")]

    def display(self, row: Agreement, column: int) -> str:
        if column == self.COLUMN_SERVICE:
            return service_label(row.service)
        if column == self.COLUMN_FROM:
            return uk_date(row.starts_on)
        if column == self.COLUMN_TO:
            return uk_date(row.ends_on) if row.ends_on else self.tr("Open-ended")
        if column == self.COLUMN_PURCHASED:
            return str(row.purchased_sessions) if row.purchased_sessions else self.tr("No limit")
        return ""

    def sort_key(self, row: Agreement, column: int) -> Any:
        if column == self.COLUMN_FROM:
            return row.starts_on.toordinal()
        if column == self.COLUMN_TO:
            return row.ends_on.toordinal() if row.ends_on else 10**7
        if column == self.COLUMN_PURCHASED:
            return row.purchased_sessions if row.purchased_sessions else 10**7
        return super().sort_key(row, column)

    def dimmed(self, row: Agreement) -> bool:
        return False
