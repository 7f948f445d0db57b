"""Joint disclosure control: every table of a period protected together with every table it
shares a margin with and every period it nests in or contains (DESIGN 6; issue 11).

The rules, as the README and the on-screen note state them:

1. **Lines under the threshold are hidden whole.** A table whose grand total is under the
   threshold T is hidden entirely; a row or column whose total is under T is hidden whole, its
   zeros and its total included, so a small group's attributes are never readable.
2. **Small counts are hidden**: every other count from 1 to T-1.
3. **Every published count is perturbed** by the ONS cell-key method: a count n published as
   n + p, where p, from -2 to +2, is fixed by the cell's key (the sum of secret random keys drawn
   once per record, :mod:`.cells`) and n; a published count is never below T, and 0 stays 0.
   The same records always give the same figure, wherever they appear; totals are perturbed in
   their own right, so adding up cells undoes nothing.
4. **Secondary hiding, verified by linear programming over everything released together.** The
   attacker's knowledge is written down as constraints on the true counts (the *atoms*: each
   table's cells, quarter by quarter): every published figure is within 2 of the truth and, if
   not 0, at least T; hidden counts are at least 0; cells add up to their margins; tables
   counting the same records share their margins; a financial year is the sum of its quarters.
   For every hidden count the smallest and largest values these constraints allow are found
   (HiGHS). A hidden count under T must be left an interval at least T wide (a count under 10
   can never be shown to lie in [1, 3]); a larger one, hidden only to protect a small one, must
   never be recovered exactly. While any is not, a further published count next to it is
   hidden (in its own row or column, or the year's cell over a quarter's), and the check runs
   again. Tables already released
   (or, for a financial year, its quarters) enter as they were published and never change.

Everything here is deterministic: the same counts and keys always give the same output.
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .cells import CellCount, total
from .disclosure import TOTAL, Cell, DisclosureError, ProtectedTable, check_threshold

PERTURBATION = 2  # every published count is within this of the truth
POOL = 256  # feasible points kept between audit rounds
STRIKES = 3  # rounds a count may stay exposed before its group's tables are hidden whole

Key = tuple[str, str]


def perturbed(cell: CellCount, threshold: int) -> int:
    """The published figure for a count that is shown: n + p, p in [-2, 2] fixed by the cell
    key and n, never below the threshold; 0 stays 0."""
    if cell.n == 0:
        return 0
    if cell.n < threshold:
        raise ValueError("a count under the threshold is never published")
    low = max(-PERTURBATION, threshold - cell.n)
    digest = hashlib.blake2b(
        f"{cell.key}:{cell.n}".encode(), digest_size=8, person=b"sl-cellkey"
    ).digest()
    return cell.n + low + int.from_bytes(digest, "big") % (PERTURBATION - low + 1)


@dataclass
class TableInput:
    """One table of one period, as the family sees it.

    ``cells`` maps every body cell to the atoms (indices into :attr:`Family.atoms`) whose sum it
    is. ``released`` holds its published figures (margins included) when it is already out:
    it is then taken as it is and never changed."""

    name: str
    rows: tuple[str, ...]
    columns: tuple[str, ...] | None  # None: one-way (cells keyed (row, TOTAL))
    cells: dict[Key, frozenset[int]]
    released: dict[Key, int | None] | None = None
    # Tables of one period counting the same records share a group: where hiding in a table's
    # own lines cannot help, the cells of its group's tables with the same labels can.
    group: str = ""
    _margins: dict[Key, frozenset[int]] = field(default_factory=dict, repr=False, compare=False)

    @property
    def one_way(self) -> bool:
        return self.columns is None

    def positions(self) -> list[Key]:
        """Every published position, margins included, in table order."""
        if self.columns is None:
            return [*((r, TOTAL) for r in self.rows), (TOTAL, TOTAL)]
        cols = [*self.columns, TOTAL]
        return [(r, c) for r in (*self.rows, TOTAL) for c in cols]

    def atoms_of(self, key: Key) -> frozenset[int]:
        if key in self.cells:
            return self.cells[key]
        cached = self._margins.get(key)
        if cached is None:
            row, column = key
            found: set[int] = set()
            for (r, c), atoms in self.cells.items():
                if (row == TOTAL or r == row) and (column == TOTAL or c == column):
                    found |= atoms
            cached = self._margins[key] = frozenset(found)
        return cached


@dataclass
class Family:
    """Tables released together, over atoms whose true counts are known to the protector."""

    atoms: list[CellCount]
    tables: list[TableInput]
    equal: list[tuple[frozenset[int], frozenset[int]]] = field(default_factory=list)
    at_most: list[tuple[frozenset[int], frozenset[int]]] = field(default_factory=list)


@dataclass
class _Plan:
    table: TableInput
    counts: dict[Key, CellCount]
    published: dict[Key, int]  # the figure each position would show
    hidden: set[Key]
    primary: set[Key]


class Unprotectable(RuntimeError):
    """Never expected: hiding everything that may still be hidden left a count exposed."""


def protect_family(family: Family, threshold: int) -> dict[str, ProtectedTable]:
    """Protect every table of the family not yet released; returns every table by name."""
    check_threshold(threshold)
    plans = [_initial_plan(table, family.atoms, threshold) for table in family.tables]
    # Hiding more only takes constraints away, so a count that passed stays passed and a
    # feasible point stays feasible: each round checks what failed and what was newly hidden,
    # starting from every point found so far (the truth among them).
    points = [np.array([atom.n for atom in family.atoms], dtype=float)]
    pending: set[tuple[int, Key]] | None = None
    strikes: dict[tuple[int, Key], int] = {}
    for _round in range(10_000):
        failing = _Audit(family, plans, threshold, points[0]).failing(pending, points)
        if not failing:
            break
        before = {(i, key) for i, plan in enumerate(plans) for key in plan.hidden}
        stubborn = []
        for cell in failing:
            strikes[cell] = strikes.get(cell, 0) + 1
            if strikes[cell] > STRIKES:
                stubborn.append(cell)
        grew = bool(stubborn) and _hide_groups(stubborn, plans)
        if not grew and not _hide_more(failing, plans):
            break  # nothing left that may be hidden (only released tables involved)
        after = {(i, key) for i, plan in enumerate(plans) for key in plan.hidden}
        pending = set(failing) | (after - before)
    else:  # pragma: no cover - the loop always ends: every round hides at least one more count
        raise Unprotectable("secondary hiding did not converge")
    return {plan.table.name: _result(plan, threshold) for plan in plans}


def _hide_groups(stubborn: Sequence[tuple[int, Key]], plans: list[_Plan]) -> bool:
    """Hiding next to these counts has not helped (a quarter already out, narrowed through the
    year's tables): the tables still to be released that count the same records are hidden
    whole, which takes away everything they said. Each such step hides a whole group of
    tables, so protection ends. Whether anything more was hidden."""
    groups = {plans[i].table.group or plans[i].table.name for i, _ in stubborn}
    grew = False
    for plan in plans:
        if plan.table.released is None and (plan.table.group or plan.table.name) in groups:
            missing = set(plan.table.positions()) - plan.hidden
            if missing:
                plan.hidden |= missing
                grew = True
    return grew


def _initial_plan(table: TableInput, atoms: Sequence[CellCount], threshold: int) -> _Plan:
    counts = {key: total(atoms[i] for i in table.atoms_of(key)) for key in table.positions()}
    if table.released is not None:
        hidden = {key for key, value in table.released.items() if value is None}
        published = {k: v for k, v in table.released.items() if v is not None}
        return _Plan(table, counts, published, hidden, set())
    published = {
        key: perturbed(cell, threshold)
        for key, cell in counts.items()
        if cell.n == 0 or cell.n >= threshold
    }
    primary = {key for key, cell in counts.items() if 0 < cell.n < threshold}
    hidden = set(primary)
    if 0 < counts[(TOTAL, TOTAL)].n < threshold:
        hidden |= set(counts)  # a table under the threshold is hidden whole
    elif table.columns is not None:
        # A row or column with 1 to T-1 records is hidden whole, its zeros included: what the
        # zeros would say ("none of them was coaching") is an attribute of a small group.
        for (row, column), cell in counts.items():
            if not 0 < cell.n < threshold or (row == TOTAL) == (column == TOTAL):
                continue
            if column == TOTAL:
                hidden |= {k for k in counts if k[0] == row}
            else:
                hidden |= {k for k in counts if k[1] == column}
    return _Plan(table, counts, published, hidden, primary)


def _result(plan: _Plan, threshold: int) -> ProtectedTable:
    table = plan.table
    # A position no record could ever reach (a total of no rows) is 0 by its shape, which
    # anyone can see: hiding it would hide nothing.
    cells = {
        key: Cell(None, True, key in plan.primary)
        if key in plan.hidden and (table.released is not None or table.atoms_of(key))
        else Cell(plan.published.get(key, 0), False)
        for key in table.positions()
    }
    columns = (TOTAL,) if table.columns is None else tuple(table.columns)
    return ProtectedTable(tuple(table.rows), columns, cells, threshold, table.one_way)


def _hide_more(failing: Sequence[tuple[int, Key]], plans: list[_Plan]) -> bool:
    """For each exposed hidden count, hide one more published count of a table still to be
    released, the nearest first: its own row or column, or a cell over the same records (a
    financial year's over a quarter's); then the same category in a table counting the same
    records; then anywhere in its table or group; then anywhere."""
    added = False
    touched: set[tuple[int, Key]] = set()
    for plan_index, key in failing:
        plan = plans[plan_index]
        atoms = plan.table.atoms_of(key)
        best: tuple[tuple[int, int, int, int], int, Key] | None = None
        labels = {label for label in key if label != TOTAL}
        for other_index, other in enumerate(plans):
            if other.table.released is not None:
                continue
            same_group = bool(plan.table.group) and other.table.group == plan.table.group
            for candidate in other.table.positions():
                if candidate in other.hidden:
                    continue
                if other_index == plan_index and (candidate[0] == key[0] or candidate[1] == key[1]):
                    tier = 0  # its own row or column
                elif other_index != plan_index and other.table.atoms_of(candidate) & atoms:
                    tier = 0  # the year's cell over a quarter's
                elif same_group and labels & set(candidate):
                    tier = 1  # the same category in a table counting the same records
                elif same_group or other_index == plan_index:
                    tier = 2  # anywhere in its own table or a table counting the same records
                else:
                    tier = 3  # any table still to be released: nothing is left exposed
                # Body cells before margins, counts before published zeros (a zero is hidden
                # only when nothing else will do: a year's 0 would say its quarters' are 0 too),
                # then the smallest.
                margin = 1 if TOTAL in candidate else 0
                n = other.counts[candidate].n
                score = (tier, margin, 1 if n == 0 else 0, n)
                if best is None or score < best[0]:
                    best = (score, other_index, candidate)
        if best is None:
            continue
        _, other_index, candidate = best
        if (other_index, candidate) in touched:
            continue
        touched.add((other_index, candidate))
        plans[other_index].hidden.add(candidate)
        added = True
    return added


_solver_lock = threading.Lock()
_banner_silenced = False


def _new_solver():  # type: ignore[no-untyped-def]
    """A silent HiGHS instance. Its library prints a banner on stdout the first time one is
    made, which would land in the middle of a CSV the command line writes there."""
    global _banner_silenced
    import highspy

    with _solver_lock:
        solver = None
        if not _banner_silenced:
            _banner_silenced = True
            try:
                saved = os.dup(1)
            except OSError:
                saved = None  # no standard output at all (a windowed app): nothing to protect
            if saved is not None:
                try:
                    with open(os.devnull, "w") as devnull:
                        os.dup2(devnull.fileno(), 1)
                        solver = highspy.Highs()
                finally:
                    os.dup2(saved, 1)
                    os.close(saved)
        if solver is None:
            solver = highspy.Highs()
    solver.setOptionValue("output_flag", False)
    return solver


class _Audit:
    """The attacker's linear programme over the family, as it would be published."""

    def __init__(
        self, family: Family, plans: list[_Plan], threshold: int, truth: np.ndarray
    ) -> None:
        import highspy

        self._inf = highspy.kHighsInf
        self._atoms = len(family.atoms)
        self._threshold = threshold
        self._hidden: list[tuple[int, Key, np.ndarray]] = []
        self._statuses = highspy.HighsModelStatus
        rows: list[tuple[np.ndarray, np.ndarray, float, float]] = []
        seen_rows: set[tuple[frozenset[int], int, int]] = set()
        for plan_index, plan in enumerate(plans):
            for key in plan.table.positions():
                atoms = plan.table.atoms_of(key)
                if key in plan.hidden:
                    if atoms:
                        self._hidden.append((plan_index, key, _indices(atoms)))
                    continue
                value = plan.published[key]
                low, high = (
                    (0, 0)
                    if value == 0
                    else (max(threshold, value - PERTURBATION), value + PERTURBATION)
                )
                if not atoms:
                    continue
                signature = (atoms, low, high)
                if signature in seen_rows:
                    continue
                seen_rows.add(signature)
                index = _indices(atoms)
                rows.append((index, np.ones(len(index)), float(low), float(high)))
        for left, right in family.equal:
            rows.extend(_difference(left, right, 0.0, 0.0))
        for left, right in family.at_most:
            rows.extend(_difference(left, right, -self._inf, 0.0))
        # Separate programmes for separate parts (tables of unrelated records share nothing):
        # each is far smaller than the whole, and a solution of one leaves the rest as it was.
        parent = list(range(self._atoms))

        def find(i: int) -> int:
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        for index in [row[0] for row in rows] + [hidden[2] for hidden in self._hidden]:
            first = find(int(index[0]))
            for i in index[1:]:
                other = find(int(i))
                if other != first:
                    parent[other] = first
        roots = np.array([find(i) for i in range(self._atoms)], dtype=np.int64)
        self._roots = roots
        self._parts: dict[int, tuple[Any, np.ndarray, np.ndarray]] = {}
        for root in sorted({int(r) for r in roots}):
            members = np.flatnonzero(roots == root).astype(np.int32)
            local = np.full(self._atoms, -1, dtype=np.int32)
            local[members] = np.arange(len(members), dtype=np.int32)
            self._parts[root] = (None, members, local)
        self._part_rows: dict[int, list[tuple[np.ndarray, np.ndarray, float, float]]] = {}
        for row in rows:
            self._part_rows.setdefault(int(roots[row[0][0]]), []).append(row)
        self._truth = truth

    def _solver_for(self, root: int) -> tuple[Any, np.ndarray, np.ndarray]:
        solver, members, local = self._parts[root]
        if solver is None:
            solver = _new_solver()
            count = len(members)
            solver.addVars(count, np.zeros(count), np.full(count, self._inf))
            for index, coefficients, low, high in self._part_rows.get(root, []):
                solver.addRow(low, high, len(index), local[index], coefficients)
            self._parts[root] = (solver, members, local)
        return solver, members, local

    def failing(
        self, only: set[tuple[int, Key]] | None, points: list[np.ndarray]
    ) -> list[tuple[int, Key]]:
        """Hidden counts (of ``only``, or all) whose provable interval is too narrow.

        ``points``: feasible points found so far; the ones found here are added (the most
        recent :data:`POOL` kept). A count whose values across them already differ enough
        needs no programme solved."""
        chosen = [
            position
            for position, (plan_index, key, _) in enumerate(self._hidden)
            if only is None or (plan_index, key) in only
        ]
        if not chosen:
            return []
        # Every chosen count at once at a point: its atoms, flattened, summed per count.
        flat = np.concatenate([self._hidden[position][2] for position in chosen])
        starts = np.cumsum([0] + [len(self._hidden[p][2]) for p in chosen[:-1]])

        def valued(point: np.ndarray) -> np.ndarray:
            return np.add.reduceat(point[flat], starts)

        low_seen = valued(points[0])
        high_seen = low_seen.copy()
        for point in points[1:]:
            found = valued(point)
            np.minimum(low_seen, found, out=low_seen)
            np.maximum(high_seen, found, out=high_seen)
        truth = valued(self._truth)
        # A count under the threshold must stay as uncertain as the threshold is wide; a larger
        # one, hidden only to protect a small one, must not be recovered exactly.
        needed = np.where(truth < self._threshold, float(self._threshold), 1.0)
        failing: list[tuple[int, Key]] = []
        for row, position in enumerate(chosen):
            plan_index, key, index = self._hidden[position]
            solver, members, local = self._solver_for(int(self._roots[index[0]]))
            costs = np.zeros(len(members))
            columns = np.arange(len(members), dtype=np.int32)
            for sense in (1.0, -1.0):  # the largest value, then the smallest
                if high_seen[row] - low_seen[row] >= needed[row]:
                    break
                costs[:] = 0.0
                costs[local[index]] = -sense  # HiGHS minimises
                solver.changeColsCost(len(members), columns, costs)
                solver.run()
                status = solver.getModelStatus()
                if status == self._statuses.kUnbounded:
                    high_seen[row] = float("inf")
                    continue
                if status != self._statuses.kOptimal:
                    continue  # never expected (the truth is feasible): no conclusion drawn
                point = self._truth.copy()
                point[members] = np.asarray(solver.getSolution().col_value, dtype=float)
                points.append(point)
                if len(points) > POOL:
                    del points[1]  # keep the truth
                found = valued(point)
                np.minimum(low_seen, found, out=low_seen)
                np.maximum(high_seen, found, out=high_seen)
            if high_seen[row] - low_seen[row] < needed[row] - 1e-6:
                failing.append((plan_index, key))
        return failing


def _difference(
    left: Iterable[int], right: Iterable[int], low: float, high: float
) -> list[tuple[np.ndarray, np.ndarray, float, float]]:
    """low <= sum(left) - sum(right) <= high, as one row (none if the sides cancel)."""
    coefficients: dict[int, float] = {}
    for i in left:
        coefficients[i] = coefficients.get(i, 0.0) + 1.0
    for i in right:
        coefficients[i] = coefficients.get(i, 0.0) - 1.0
    items = sorted((i, c) for i, c in coefficients.items() if c)
    if not items:
        return []
    index = np.array([i for i, _ in items], dtype=np.int32)
    return [(index, np.array([c for _, c in items]), low, high)]


def _indices(atoms: Iterable[int]) -> np.ndarray:
    return np.array(sorted(atoms), dtype=np.int32)


def protect_table(
    rows: Sequence[str],
    columns: Sequence[str] | None,
    counts: Mapping[Key, CellCount | int],
    threshold: int = 10,
) -> ProtectedTable:
    """One table on its own, by the same rules (the catalogue protects each period's tables
    together: :mod:`.families`). ``counts`` maps body cells to counts (a plain int has cell key
    0); a one-way table's cells are keyed ``(row, TOTAL)``."""

    body_columns = [TOTAL] if columns is None else list(columns)
    if len(set(rows)) != len(rows) or len(set(body_columns)) != len(body_columns):
        raise DisclosureError("bad_labels")
    if TOTAL in rows or (columns is not None and TOTAL in columns):
        raise DisclosureError("bad_labels")
    atoms: list[CellCount] = []
    cells: dict[Key, frozenset[int]] = {}
    for row in rows:
        for column in body_columns:
            value = counts.get((row, column), 0)
            cell = value if isinstance(value, CellCount) else CellCount(int(value), 0)
            if cell.n < 0:
                raise DisclosureError("negative_count")
            cells[(row, column)] = frozenset({len(atoms)})
            atoms.append(cell)
    table = TableInput("table", tuple(rows), None if columns is None else tuple(columns), cells)
    return protect_family(Family(atoms, [table]), threshold)["table"]
