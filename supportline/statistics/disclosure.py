"""What disclosure control produces (DESIGN 6): a protected table, its cells, the threshold.

The rules and the protection itself are in :mod:`.protection` (one table, or a family of tables
protected together) and :mod:`.families` (the catalogue's tables of a period).
"""

from __future__ import annotations

from dataclasses import dataclass

MIN_THRESHOLD = 8
TOTAL = "Total"


class DisclosureError(ValueError):
    pass


@dataclass(frozen=True)
class Cell:
    value: int | None  # the published (perturbed) count; None when hidden
    suppressed: bool
    primary: bool = False  # suppressed because small (not to protect another cell)


@dataclass(frozen=True)
class ProtectedTable:
    rows: tuple[str, ...]
    columns: tuple[str, ...]  # ("Total",) only, for a one-way table
    cells: dict[tuple[str, str], Cell]  # includes the Total row and column
    threshold: int
    one_way: bool

    def value(self, row: str, column: str) -> int | None:
        return self.cells[(row, column)].value

    def suppressed(self) -> list[tuple[str, str]]:
        return [key for key, cell in self.cells.items() if cell.suppressed]

    def percent(
        self, row: str, column: str, of_row: str = TOTAL, of_column: str = TOTAL
    ) -> float | None:
        """A share from the published figures, only where the denominator reaches the threshold."""
        part = self.value(row, column)
        whole = self.value(of_row, of_column)
        if part is None or whole is None or whole < self.threshold or whole == 0:
            return None
        return round(100.0 * part / whole, 1)


def check_threshold(threshold: int) -> int:
    if threshold < MIN_THRESHOLD:
        raise DisclosureError("threshold_below_minimum")
    return threshold
