"""An independent attacker on published statistical tables.

It shares no code with the protector (``supportline.statistics.disclosure``): it reads a table as
published (tidy CSV rows or a plain mapping), writes down the linear constraints the margins
impose, and asks a linear-programming solver (scipy's HiGHS) for the smallest and largest value
each hidden cell can take. A hidden cell whose minimum equals its maximum is recovered exactly.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np
from scipy.optimize import linprog

MARGIN = "Total"
HIDDEN = "*"


@dataclass
class Published:
    """A table as an outsider sees it: labels in order and each cell's value, None if hidden."""

    rows: list[str]  # body rows, without the margin
    columns: list[str]  # body columns, without the margin ([] for a one-way table)
    values: dict[tuple[str, str], int | None]

    @property
    def one_way(self) -> bool:
        return not self.columns

    def hidden(self) -> list[tuple[str, str]]:
        return [key for key, value in self.values.items() if value is None]


def read_csv(text: str) -> dict[str, Published]:
    """Tidy CSV (table, period, row, column, value) -> one :class:`Published` per table."""
    tables: dict[str, Published] = {}
    for record in csv.DictReader(io.StringIO(text)):
        name = f"{record['table']}:{record['period']}"
        table = tables.setdefault(name, Published([], [], {}))
        row, column, value = record["row"], record["column"], record["value"]
        if row != MARGIN and row not in table.rows:
            table.rows.append(row)
        if column != MARGIN and column not in table.columns:
            table.columns.append(column)
        table.values[(row, column)] = None if value == HIDDEN else int(value)
    return tables


def from_mapping(
    rows: Iterable[str], columns: Iterable[str] | None, values: Mapping[tuple[str, str], int | None]
) -> Published:
    return Published(list(rows), list(columns or ()), dict(values))


def _equations(table: Published) -> list[list[tuple[str, str]]]:
    """Each equation as the cells that sum to zero, the margin cell taken negatively: returned as
    [margin, part, part, ...]."""
    cols = table.columns or []
    all_rows = [*table.rows, MARGIN]
    if table.one_way:
        return [[(MARGIN, MARGIN), *((r, MARGIN) for r in table.rows)]]
    all_cols = [*cols, MARGIN]
    equations = [[(r, MARGIN), *((r, c) for c in cols)] for r in all_rows]
    equations += [[(MARGIN, c), *((r, c) for r in table.rows)] for c in all_cols]
    return equations


@dataclass(frozen=True)
class Range:
    low: float
    high: float

    @property
    def exact(self) -> bool:
        return self.high - self.low < 1e-6


def attack(
    table: Published, lower: int = 0, rounding: int = 1, threshold: int | None = None
) -> dict[tuple[str, str], Range] | None:
    """The feasible range of every hidden cell, or None if the published figures are inconsistent
    with exact arithmetic.

    ``lower``: what the attacker knows a hidden cell is at least (1 when zeros are published).
    ``rounding``: 1 takes published figures as exact; 5 lets each published non-zero figure be
    anything that rounds to it (and, with ``threshold``, at least the threshold)."""
    hidden = table.hidden()
    if not hidden:
        return {}
    index = {key: i for i, key in enumerate(hidden)}
    cells = list(table.values)
    # Rounded tables: every published cell becomes a bounded variable too.
    variables = list(hidden)
    bounds: list[tuple[float, float | None]] = [(lower, None)] * len(hidden)
    fixed: dict[tuple[str, str], float] = {}
    if rounding > 1:
        half = rounding // 2
        for key in cells:
            value = table.values[key]
            if value is None:
                continue
            if value == 0:
                fixed[key] = 0.0
                continue
            low = max(value - half, threshold or 0, 0)
            index[key] = len(variables)
            variables.append(key)
            bounds.append((low, value + half))
    else:
        for key in cells:
            if table.values[key] is not None:
                fixed[key] = float(table.values[key])  # type: ignore[arg-type]
    a_eq, b_eq = [], []
    for margin, *parts in _equations(table):
        row = np.zeros(len(variables))
        constant = 0.0
        for key, sign in ((margin, -1.0), *((p, 1.0) for p in parts)):
            if key in index:
                row[index[key]] += sign
            else:
                constant += sign * fixed[key]
        if not row.any():
            if abs(constant) > 1e-9:
                return None
            continue
        a_eq.append(row)
        b_eq.append(-constant)
    result: dict[tuple[str, str], Range] = {}
    for key in hidden:
        ends = []
        for sign in (1.0, -1.0):
            objective = np.zeros(len(variables))
            objective[index[key]] = sign
            solved = linprog(
                objective,
                A_eq=np.array(a_eq) if a_eq else None,
                b_eq=np.array(b_eq) if b_eq else None,
                bounds=bounds,
                method="highs",
            )
            if solved.status == 2:
                return None
            ends.append(sign * (solved.fun if solved.status == 0 else -float("inf")))
        result[key] = Range(ends[0], ends[1])
    return result
