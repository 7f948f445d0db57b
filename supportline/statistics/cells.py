"""A cell's count as the statistics store gives it to disclosure control.

``key`` is the cell key of the ONS cell-key method: the sum, modulo 2**32, of a secret random
key drawn once for each record when it is stored. The same records always give the same cell
key, so a cell's perturbation is the same in every output that shows it (asking again, or in
another table with the same cell, averages nothing away), while cells that differ by even one
record get unrelated perturbations. Margins take the sum of their cells' keys.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

KEY_MODULUS = 2**32


@dataclass(frozen=True)
class CellCount:
    n: int
    key: int = 0

    def __add__(self, other: CellCount) -> CellCount:
        return CellCount(self.n + other.n, (self.key + other.key) % KEY_MODULUS)


ZERO = CellCount(0, 0)


def total(cells: Iterable[CellCount]) -> CellCount:
    n = key = 0
    for cell in cells:
        n += cell.n
        key += cell.key
    return CellCount(n, key % KEY_MODULUS)
