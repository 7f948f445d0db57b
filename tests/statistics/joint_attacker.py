"""An independent attacker on a whole family of published tables at once (issue 11).

It shares no code with the protector (``supportline.statistics.disclosure`` or any protection
module). What it reads is what is public: the tidy CSV exports, each table's catalogue definition
(source, row field, column field, ``where`` filters) and the documented publication rules:

R1. A published count (body cell or total) ``v'`` has its true value within ``v' +/- 2``; a
    published non-zero count is at least the threshold ``T``; a published 0 is exact.
R2. A hidden cell ("*") is any integer >= 0.
R3. Within a table the body cells sum to the margins.
R4. Tables of the same period, source and ``where`` filters count the same records: equal grand
    totals and equal margins over a shared field; a table whose filters add to another's counts a
    subset of it (its margins are at most the other's).
R5. A financial year is the sum, cell by cell, of its four quarters.

The unknowns are the true body cells of every (table, quarter) in the family: a financial year's
cells and every margin are sums of them, so R3 and R5 hold by construction. A row published as
``other_organisations`` is the sum of the organisations not named in that period (an organisation
named nowhere is one latent "unnamed" row). Every hidden cell, in every quarter and financial
year, is then minimised and maximised by linear programming (HiGHS) and by integer programming.
True counts, when given, are used only to score the result.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, linprog, milp
from scipy.sparse import csr_matrix, vstack

MARGIN = "Total"
HIDDEN = "*"
FOLDED = "other_organisations"
UNNAMED = "\x00unnamed"  # a latent row: organisations never named in any published period
SLACK = 2  # R1: how far a published figure may be from the true one

Cell = tuple[str, str, str, str]  # (table code, period, row, column) as published
Latent = tuple[str, str, str, str]  # (table code, quarter, row, column): one unknown


@dataclass(frozen=True)
class TableSpec:
    """A table's public definition: what it counts and by which fields."""

    code: str
    source: str
    row_field: str
    col_field: str | None
    where: tuple[tuple[str, str], ...] = ()


def catalogue_specs(codes: Iterable[str] | None = None) -> dict[str, TableSpec]:
    """The public definitions from the catalogue (documentation, not protection code)."""
    from supportline.statistics.catalogue import CATALOGUE

    chosen = list(CATALOGUE) if codes is None else list(codes)
    return {
        code: TableSpec(
            code,
            CATALOGUE[code].source,
            CATALOGUE[code].row_field,
            CATALOGUE[code].col_field,
            tuple(CATALOGUE[code].where),
        )
        for code in chosen
    }


@dataclass
class PublishedTable:
    """One (table, period) as published: body labels in order and every cell, None if hidden."""

    rows: list[str]
    columns: list[str]  # [] for a one-way table (its only column is the margin)
    values: dict[tuple[str, str], int | None]

    def hidden(self) -> list[tuple[str, str]]:
        return [key for key, value in self.values.items() if value is None]


def read_csv(texts: Iterable[str]) -> dict[tuple[str, str], PublishedTable]:
    """Tidy CSV exports (table, period, row, column, value) -> {(code, period): table}."""
    tables: dict[tuple[str, str], PublishedTable] = {}
    for text in texts:
        for record in csv.DictReader(io.StringIO(text)):
            key = (record["table"], record["period"])
            table = tables.setdefault(key, PublishedTable([], [], {}))
            row, column, value = record["row"], record["column"], record["value"]
            if row != MARGIN and row not in table.rows:
                table.rows.append(row)
            if column != MARGIN and column not in table.columns:
                table.columns.append(column)
            table.values[(row, column)] = None if value == HIDDEN else int(value)
    return tables


def from_mapping(
    rows: Iterable[str], columns: Iterable[str] | None, values: Mapping[tuple[str, str], int | None]
) -> PublishedTable:
    return PublishedTable(list(rows), list(columns or ()), dict(values))


_QUARTER = re.compile(r"^(\d{4})Q([1-4])$", re.ASCII)
_YEAR = re.compile(r"^FY(\d{4})$", re.ASCII)


def quarters_of(period: str) -> tuple[str, ...]:
    """R5: FYyyyy is yyyyQ2, Q3, Q4 and yyyy+1Q1; a quarter is itself."""
    if _QUARTER.match(period):
        return (period,)
    match = _YEAR.match(period)
    if match is None:
        raise ValueError(f"not a quarter or financial year: {period!r}")
    year = int(match.group(1))
    return (f"{year}Q2", f"{year}Q3", f"{year}Q4", f"{year + 1}Q1")


class InconsistentPublication(ValueError):
    """No true counts satisfy the documented rules: the rules or the attacker are wrong."""


@dataclass(frozen=True)
class CellRange:
    """What the attacker proves about one hidden cell."""

    low: float  # integer programming (falls back to the rounded LP bound on a time-out)
    high: float
    lp_low: float
    lp_high: float
    timed_out: bool = False

    @property
    def width(self) -> float:
        return self.high - self.low

    @property
    def exact(self) -> bool:
        return self.width < 0.5


@dataclass
class JointReport:
    threshold: int
    ranges: dict[Cell, CellRange]
    truth: dict[Cell, int] = field(default_factory=dict)  # for scoring only

    def exact(self) -> list[Cell]:
        return [cell for cell, span in self.ranges.items() if span.exact]

    def narrow(self) -> list[Cell]:
        """Hidden cells proved to lie in an interval narrower than the threshold."""
        return [cell for cell, span in self.ranges.items() if span.width < self.threshold]

    def small_narrow(self) -> list[Cell]:
        """Hidden cells whose true count is under the threshold (the ones hiding protects)
        proved to lie in an interval narrower than the threshold. Needs the truth (scoring
        only); a larger hidden count narrowed but not pinned discloses no small count."""
        return [
            cell
            for cell in self.narrow()
            if cell in self.truth and self.truth[cell] < self.threshold
        ]

    def outside(self) -> list[Cell]:
        """Hidden cells whose true value the attacker excluded: never, if the rules hold."""
        eps = 1e-6
        return [
            cell
            for cell, value in self.truth.items()
            if not self.ranges[cell].low - eps <= value <= self.ranges[cell].high + eps
        ]

    def summary(self) -> dict[str, int]:
        exact = self.exact()
        return {
            "hidden": len(self.ranges),
            "exact": len(exact),
            "exact_true": sum(1 for c in exact if self.truth.get(c) == round(self.ranges[c].low)),
            "narrow": len(self.narrow()),
            "lp_exact": sum(1 for s in self.ranges.values() if s.lp_high - s.lp_low < 1e-6),
            "truth_inside": len(self.truth) - len(self.outside()),
            "truth_at_an_end": sum(
                1
                for c, v in self.truth.items()
                if abs(v - self.ranges[c].low) < 1e-6 or abs(v - self.ranges[c].high) < 1e-6
            ),
            "timed_out": sum(1 for s in self.ranges.values() if s.timed_out),
        }


class _Family:
    """The unknowns and the constraints R1-R5 over every published (table, period)."""

    def __init__(
        self,
        published: Mapping[tuple[str, str], PublishedTable],
        specs: Mapping[str, TableSpec],
        threshold: int,
        hidden_floor: int = 0,
    ) -> None:
        self.hidden_floor = hidden_floor
        self.published = published
        self.specs = specs
        self.threshold = threshold
        self.quarters: dict[str, list[str]] = {}
        self.row_labels: dict[str, list[str]] = {}
        self.col_labels: dict[str, list[str]] = {}
        for (code, period), table in published.items():
            if code not in specs:
                raise ValueError(f"no public definition for {code}")
            quarters = self.quarters.setdefault(code, [])
            quarters += [q for q in quarters_of(period) if q not in quarters]
            rows = self.row_labels.setdefault(code, [])
            rows += [r for r in table.rows if r != FOLDED and r not in rows]
            if FOLDED in table.rows and UNNAMED not in rows:
                rows.append(UNNAMED)
            cols = self.col_labels.setdefault(code, [])
            cols += [c for c in (table.columns or [MARGIN]) if c not in cols]
        for code in self.row_labels:
            labels = self.row_labels[code]
            if UNNAMED in labels:  # keep it last, whatever order periods came in
                labels.remove(UNNAMED)
                labels.append(UNNAMED)
        self.index: dict[Latent, int] = {}
        for code, quarters in self.quarters.items():
            for q in sorted(quarters):
                for r in self.row_labels[code]:
                    for c in self.col_labels[code]:
                        self.index[(code, q, r, c)] = len(self.index)
        n = len(self.index)
        self.upper = np.full(n, np.inf)
        self.rows: list[dict[int, float]] = []
        self.lb: list[float] = []
        self.ub: list[float] = []
        self._publication()
        self._shared_records()

    # -- expressions -------------------------------------------------------------------------

    def members(self, code: str, period: str, row: str, column: str) -> list[int]:
        """The unknowns whose sum is the true value of a published cell."""
        table = self.published[(code, period)]
        named = set(table.rows) - {FOLDED}
        if row == MARGIN:
            rows = self.row_labels[code]
        elif row == FOLDED:
            rows = [r for r in self.row_labels[code] if r not in named]
        else:
            rows = [row]
        cols = self.col_labels[code] if column == MARGIN else [column]
        return [
            self.index[(code, q, r, c)] for q in quarters_of(period) for r in rows for c in cols
        ]

    def _add(self, coeffs: Mapping[int, float], lb: float, ub: float) -> None:
        self.rows.append(dict(coeffs))
        self.lb.append(lb)
        self.ub.append(ub)

    def _publication(self) -> None:
        """R1 and R2, and: a label a period does not show had nothing in it (outputs list every
        category found), unless the period has a folded row that takes it."""
        for (code, period), table in self.published.items():
            shown_rows = set(table.rows)
            shown_cols = set(table.columns or [MARGIN])
            for q in quarters_of(period):
                for r in self.row_labels[code]:
                    for c in self.col_labels[code]:
                        absent_row = r not in shown_rows and FOLDED not in shown_rows
                        if absent_row or c not in shown_cols:
                            self.upper[self.index[(code, q, r, c)]] = 0.0
            for (row, column), value in table.values.items():
                members = {i: 1.0 for i in self.members(code, period, row, column)}
                if value is None:
                    # R2: the unknowns are already >= 0; a stronger floor only if asked for.
                    if self.hidden_floor > 0:
                        self._add(members, float(self.hidden_floor), np.inf)
                    continue
                if value == 0:
                    self._add(members, 0.0, 0.0)
                else:
                    self._add(members, max(value - SLACK, self.threshold), value + SLACK)

    def _margin(self, code: str, q: str, fld: str | None, value: str | None) -> list[int]:
        """The unknowns of one quarter of a table whose ``fld`` is ``value`` (all if None)."""
        spec = self.specs[code]
        out = []
        for r in self.row_labels[code]:
            for c in self.col_labels[code]:
                if fld is None or (
                    (spec.row_field == fld and r == value) or (spec.col_field == fld and c == value)
                ):
                    out.append(self.index[(code, q, r, c)])
        return out

    def _fields(self, code: str) -> dict[str, list[str]]:
        spec = self.specs[code]
        out = {}
        if UNNAMED not in self.row_labels[code]:
            out[spec.row_field] = self.row_labels[code]
        if spec.col_field is not None:
            out[spec.col_field] = self.col_labels[code]
        return out

    def _shared_records(self) -> None:
        """R4, quarter by quarter (which implies it for financial years too)."""
        codes = list(self.quarters)
        for i, first in enumerate(codes):
            for second in codes[i + 1 :]:
                sa, sb = self.specs[first], self.specs[second]
                if sa.source != sb.source:
                    continue
                wa, wb = set(sa.where), set(sb.where)
                if not (wa <= wb or wb <= wa):
                    continue  # neither filter contains the other: nothing shared is known
                equal = wa == wb
                # a counts the larger set of records (or the same), b a subset of it.
                a, b = (second, first) if wb < wa else (first, second)
                fa, fb = self._fields(a), self._fields(b)
                for q in set(self.quarters[a]) & set(self.quarters[b]):
                    pairs: list[tuple[str | None, str | None]] = [(None, None)]
                    for fld in set(fa) & set(fb):
                        for value in dict.fromkeys([*fa[fld], *fb[fld]]):
                            pairs.append((fld, value))
                    for fld, value in pairs:
                        coeffs: dict[int, float] = {}
                        for k in self._margin(a, q, fld, value):
                            coeffs[k] = coeffs.get(k, 0.0) + 1.0
                        for k in self._margin(b, q, fld, value):
                            coeffs[k] = coeffs.get(k, 0.0) - 1.0
                        if any(coeffs.values()):
                            self._add(coeffs, 0.0, 0.0 if equal else np.inf)


def attack(
    published: Mapping[tuple[str, str], PublishedTable],
    specs: Mapping[str, TableSpec],
    threshold: int = 10,
    truth: Mapping[Latent, int] | None = None,
    time_limit: float = 5.0,
    hidden_floor: int = 0,
) -> JointReport:
    """Bound every hidden cell of every published (table, period) using all of them together.

    ``truth``: true counts per (code, quarter, row value, column value; ``Total`` for a one-way
    table), used only to score the report. A row value the family never names is an
    organisation counted in ``other_organisations``. ``hidden_floor``: what a hidden cell is
    known to be at least beyond R2 (1 where zeros are always published, as before issue 11)."""
    family = _Family(published, specs, threshold, hidden_floor)
    latent_truth = _latent_truth(family, truth) if truth is not None else None
    components = _Components(family, time_limit)
    ranges: dict[Cell, CellRange] = {}
    scored: dict[Cell, int] = {}
    for (code, period), table in published.items():
        for row, column in table.hidden():
            cell = (code, period, row, column)
            members = family.members(code, period, row, column)
            ranges[cell] = components.bound(members)
            if latent_truth is not None:
                scored[cell] = int(sum(latent_truth[k] for k in members))
    return JointReport(threshold, ranges, scored)


class _Components:
    """The constraints without the unknowns they force to zero, split into independent parts
    (a hidden cell is bounded within its own part only: the same answer, much faster)."""

    def __init__(self, family: _Family, time_limit: float) -> None:
        n = len(family.index)
        zero = family.upper == 0
        for coeffs, lb, ub in zip(family.rows, family.lb, family.ub, strict=True):
            if lb == ub == 0 and all(v > 0 for v in coeffs.values()):
                zero[list(coeffs)] = True  # a published 0: every part of it is 0
        parent = list(range(n))

        def find(i: int) -> int:
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        kept: list[tuple[dict[int, float], float, float]] = []
        for coeffs, lb, ub in zip(family.rows, family.lb, family.ub, strict=True):
            live = {k: v for k, v in coeffs.items() if not zero[k] and v}
            if not live:
                if not lb <= 0 <= ub:
                    raise InconsistentPublication("a non-zero figure made only of zeros")
                continue
            kept.append((live, lb, ub))
            first, *rest = live
            for k in rest:
                parent[find(k)] = find(first)
        self.zero = zero
        self.part_of = {k: find(k) for k in range(n) if not zero[k]}
        self.parts: dict[int, _Part] = {}
        by_root: dict[int, list[tuple[dict[int, float], float, float]]] = {}
        for row in kept:
            by_root.setdefault(self.part_of[next(iter(row[0]))], []).append(row)
        for root in set(self.part_of.values()):
            variables = [k for k, r in self.part_of.items() if r == root]
            self.parts[root] = _Part(variables, by_root.get(root, []), time_limit)

    def bound(self, members: Sequence[int]) -> CellRange:
        live = [k for k in members if not self.zero[k]]
        if not live:
            return CellRange(0.0, 0.0, 0.0, 0.0)
        # A cell's unknowns may fall in several parts: bound each part's share and add them.
        shares: dict[int, list[int]] = {}
        for k in live:
            shares.setdefault(self.part_of[k], []).append(k)
        low = high = lp_low = lp_high = 0.0
        slow = False
        for root, share in shares.items():
            part = self.parts[root]
            a, b, c, d, e = part.bound(share)
            low, high, lp_low, lp_high, slow = low + a, high + b, lp_low + c, lp_high + d, slow or e
        return CellRange(round(low, 6) + 0.0, round(high, 6) + 0.0, lp_low, lp_high, slow)


class _Part:
    """One independent set of unknowns and constraints, solved by LP and integer programming."""

    def __init__(
        self,
        variables: list[int],
        rows: list[tuple[dict[int, float], float, float]],
        time_limit: float,
    ) -> None:
        self.local = {k: i for i, k in enumerate(variables)}
        n = self.n = len(variables)
        data, indices, indptr = [], [], [0]
        for coeffs, _, _ in rows:
            for k, v in coeffs.items():
                indices.append(self.local[k])
                data.append(v)
            indptr.append(len(indices))
        a = csr_matrix((data, indices, indptr), shape=(len(rows), n))
        lb = np.array([r[1] for r in rows], dtype=float)
        ub = np.array([r[2] for r in rows], dtype=float)
        eq = lb == ub
        has_ub = ~eq & np.isfinite(ub)
        has_lb = ~eq & np.isfinite(lb)
        self.a_eq = a[eq] if eq.any() else None
        self.b_eq = lb[eq] if eq.any() else None
        a_ub = vstack([a[has_ub], -a[has_lb]]).tocsr()
        self.a_ub = a_ub if a_ub.shape[0] else None
        self.b_ub = np.concatenate([ub[has_ub], -lb[has_lb]]) if a_ub.shape[0] else None
        self.constraints = [LinearConstraint(a, lb, ub)] if len(rows) else []
        self.options = {"time_limit": time_limit}
        self.sums = [
            (set(coeffs), ub)
            for coeffs, _, ub in rows
            if np.isfinite(ub) and all(v == 1 for v in coeffs.values())
        ]
        self.pool: list[np.ndarray] = []  # integer points known to satisfy every constraint

    def bound(self, share: Sequence[int]) -> tuple[float, float, float, float, bool]:
        """(low, high, LP low, LP high, timed out) of the sum of these unknowns."""
        objective = np.zeros(self.n)
        objective[[self.local[k] for k in share]] = 1.0
        ceiling = self._ceiling(share)
        if any(abs(objective @ x - ceiling) < 1e-9 for x in self.pool):
            # A published figure the cell is part of caps it; a feasible point reaching the cap
            # proves both maxima without solving.
            lp_neg = neg = -ceiling
            slow_high = False
        else:
            lp_neg, neg, slow_high = self._minimum(-objective)
        if any(abs(objective @ x) < 1e-9 for x in self.pool):
            # Every unknown is >= 0, so a feasible point where the cell is 0 proves both
            # minima are 0 without solving.
            return 0.0, -neg, 0.0, -lp_neg, slow_high
        lp_low, low, slow_low = self._minimum(objective)
        return low, -neg, lp_low, -lp_neg, slow_low or slow_high

    def _ceiling(self, share: Sequence[int]) -> float:
        """The smallest upper bound of a published sum of unknowns that includes all of these."""
        wanted = set(share)
        caps = [ub for support, ub in self.sums if wanted <= support]
        return min(caps, default=math.inf)

    def _minimum(self, objective: np.ndarray) -> tuple[float, float, bool]:
        """min of objective @ x: LP value, integer value, whether the integer search ran out
        of time (then the LP bound rounded inwards, still a proved bound, stands)."""
        lp = linprog(
            objective,
            A_ub=self.a_ub,
            b_ub=self.b_ub,
            A_eq=self.a_eq,
            b_eq=self.b_eq,
            bounds=(0, None),
            method="highs",
            options=self.options,
        )
        if lp.status == 2:
            raise InconsistentPublication("the published figures break the documented rules")
        if lp.status == 3:
            return -math.inf, -math.inf, False
        if lp.status != 0:
            raise RuntimeError(f"LP failed: {lp.message}")
        if np.all(np.abs(lp.x - np.round(lp.x)) < 1e-7):
            self.pool.append(np.round(lp.x))
            return lp.fun, lp.fun, False  # an integral LP optimum is the integer optimum too
        # The integer minimum is at least the LP minimum rounded up; an integer point already
        # found that attains that is the integer minimum.
        rounded_up = math.ceil(lp.fun - 1e-7)
        if any(abs(objective @ x - rounded_up) < 1e-9 for x in self.pool):
            return lp.fun, float(rounded_up), False
        ip = milp(
            objective,
            integrality=np.ones(self.n),
            bounds=Bounds(0, np.inf),
            constraints=self.constraints,
            options=self.options,
        )
        if ip.status == 0:
            self.pool.append(np.round(ip.x))
            return lp.fun, ip.fun, False
        if ip.status == 2:
            raise InconsistentPublication("no integer counts satisfy the documented rules")
        return lp.fun, float(rounded_up), True


def _latent_truth(family: _Family, truth: Mapping[Latent, int]) -> np.ndarray:
    values = np.zeros(len(family.index), dtype=np.int64)
    for (code, q, r, c), n in truth.items():
        if code not in family.row_labels or q not in family.quarters[code]:
            continue
        if r not in family.row_labels[code]:
            if UNNAMED not in family.row_labels[code]:
                raise ValueError(f"{code}: a true row the outputs never show")
            r = UNNAMED
        values[family.index[(code, q, r, c)]] += n
    return values


def periods_of_year(year: int) -> Sequence[str]:
    """A financial year and its quarters, the family this attacker is meant for."""
    return (f"FY{year}", *quarters_of(f"FY{year}"))
