"""The service agreements of one organisation, with the sessions used and left of each."""

from __future__ import annotations

from typing import Any

from supportline.services.packages import AgreementUsage

from .admin_labels import uk_date
from .labels import service_label
from .row_table_model import RowTableModel

NO_LIMIT = 10**7  # sorts agreements without a limit after every purchased block


class AgreementTableModel(RowTableModel):
    COLUMN_SERVICE = 0
    COLUMN_FROM = 1
    COLUMN_TO = 2
    COLUMN_PURCHASED = 3
    COLUMN_USED = 4
    COLUMN_LEFT = 5

    def headers(self) -> list[str]:
        return [self.tr("Service"), self.tr("From"), self.tr("To"),
                self.tr("Purchased sessions"), self.tr("Used"), self.tr("Left")]

    def display(self, row: AgreementUsage, column: int) -> str:
        agreement = row.agreement
        if column == self.COLUMN_SERVICE:
            return service_label(agreement.service)
        if column == self.COLUMN_FROM:
            return uk_date(agreement.starts_on)
        if column == self.COLUMN_TO:
            return uk_date(agreement.ends_on) if agreement.ends_on else self.tr("Open-ended")
        if column == self.COLUMN_PURCHASED:
            if row.purchased is None:
                return self.tr("No limit")
            if row.authorised_extra:
                return self.tr("{purchased} + {extra} authorised").format(
                    purchased=row.purchased, extra=row.authorised_extra)
            return str(row.purchased)
        if column == self.COLUMN_USED:
            return str(row.used)
        if column == self.COLUMN_LEFT:
            if row.left is None:
                return self.tr("No limit")
            if row.over:
                return self.tr("0 ({over} over)").format(over=row.over)
            return str(row.left)
        return ""

    def sort_key(self, row: AgreementUsage, column: int) -> Any:
        agreement = row.agreement
        if column == self.COLUMN_FROM:
            return agreement.starts_on.toordinal()
        if column == self.COLUMN_TO:
            return agreement.ends_on.toordinal() if agreement.ends_on else NO_LIMIT
        if column == self.COLUMN_PURCHASED:
            return row.allowed if row.allowed is not None else NO_LIMIT
        if column == self.COLUMN_USED:
            return row.used
        if column == self.COLUMN_LEFT:
            return row.left - row.over if row.left is not None else NO_LIMIT
        return super().sort_key(row, column)

    def dimmed(self, row: AgreementUsage) -> bool:
        return False
