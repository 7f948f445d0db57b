"""Disclosure control for every released table (DESIGN 6).

1. Primary suppression: a count of 1 to threshold-1 is suppressed (the threshold is a setting,
   default 10, never below 8). Zeros are published.
2. Secondary suppression by the cycle rule. A table with its margins is a bipartite graph: one
   node per row and per column (the totals row and column included); each suppressed cell is an
   edge between its row and its column. The margins make every row and column a linear
   constraint, so a suppressed cell can be recovered exactly from the published cells iff its
   edge lies on no cycle of suppressed cells, i.e. it is a bridge. While any bridge remains, the
   smallest non-zero published cell that closes a cycle through it is suppressed too.
   Zeros are published, so an outsider also knows every hidden cell is at least 1: a cycle
   whose cells would have to fall below 1 to move (two hidden 1s that are the only hidden cells
   of a row, say) does not protect. Such pinned cells get a further cell suppressed likewise.
3. Every published count is rounded to the nearest 5; totals are computed from the unrounded
   data and then rounded, so they need not equal the sum of the rounded cells.
4. Percentages and means are given only where the count reaches the threshold, and are computed
   from the rounded figures. No minimum or maximum is ever published.

Everything here is deterministic: the same counts always give the same output.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

MIN_THRESHOLD = 8
TOTAL = "Total"


class DisclosureError(ValueError):
    pass


@dataclass(frozen=True)
class Cell:
    value: int | None  # rounded count; None when suppressed
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
        """A share from the rounded figures, only where the denominator reaches the threshold."""
        part = self.value(row, column)
        whole = self.value(of_row, of_column)
        if part is None or whole is None or whole < self.threshold or whole == 0:
            return None
        return round(100.0 * part / whole, 1)


def round5(n: int, base: int = 5) -> int:
    """Nearest multiple of ``base`` (integers never tie for base 5)."""
    if base <= 1:
        return n
    return int(base * ((2 * n + base) // (2 * base)))


def check_threshold(threshold: int) -> int:
    if threshold < MIN_THRESHOLD:
        raise DisclosureError("threshold_below_minimum")
    return threshold


def _bridges(edges: Sequence[tuple[int, int]], node_count: int) -> set[int]:
    """Indexes of edges that are bridges (on no cycle), by Tarjan's algorithm, iteratively;
    parallel edges are handled (two parallel edges form a cycle)."""
    adjacency: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for index, (a, b) in enumerate(edges):
        adjacency[a].append((b, index))
        adjacency[b].append((a, index))
    order = [-1] * node_count
    low = [0] * node_count
    counter = 0
    bridges: set[int] = set()
    for root in range(node_count):
        if order[root] != -1 or root not in adjacency:
            continue
        order[root] = low[root] = counter
        counter += 1
        stack: list[tuple[int, int, int]] = [(root, -1, 0)]  # node, edge used to enter, next idx
        while stack:
            node, via, position = stack[-1]
            neighbours = adjacency[node]
            if position < len(neighbours):
                stack[-1] = (node, via, position + 1)
                nxt, edge = neighbours[position]
                if edge == via:
                    continue
                if order[nxt] == -1:
                    order[nxt] = low[nxt] = counter
                    counter += 1
                    stack.append((nxt, edge, 0))
                else:
                    low[node] = min(low[node], order[nxt])
            else:
                stack.pop()
                if stack:
                    parent = stack[-1][0]
                    low[parent] = min(low[parent], low[node])
                    if low[node] > order[parent]:
                        bridges.add(via)
    return bridges


def _component(edges: Sequence[tuple[int, int]], skip: int, start: int) -> set[int]:
    adjacency: dict[int, list[int]] = defaultdict(list)
    for index, (a, b) in enumerate(edges):
        if index != skip:
            adjacency[a].append(b)
            adjacency[b].append(a)
    seen = {start}
    todo = [start]
    while todo:
        node = todo.pop()
        for nxt in adjacency[node]:
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen


def protect(
    rows: Sequence[str],
    columns: Sequence[str] | None,
    counts: dict[tuple[str, str], int],
    threshold: int = 10,
    rounding_base: int = 5,
) -> ProtectedTable:
    """Protect a one-way (``columns`` None) or two-way table of counts."""
    check_threshold(threshold)
    one_way = columns is None
    cols = [TOTAL] if one_way else list(columns)  # type: ignore[arg-type]
    rows = list(rows)
    if len(set(rows)) != len(rows) or len(set(cols)) != len(cols) or TOTAL in rows:
        raise DisclosureError("bad_labels")
    raw: dict[tuple[str, str], int] = {}
    for r in rows:
        for c in cols:
            value = int(counts.get((r, c), 0))
            if value < 0:
                raise DisclosureError("negative_count")
            raw[(r, c)] = value
    # Margins from the unrounded data.
    if not one_way:
        for r in rows:
            raw[(r, TOTAL)] = sum(raw[(r, c)] for c in cols)
        for c in cols:
            raw[(TOTAL, c)] = sum(raw[(r, c)] for r in rows)
    raw[(TOTAL, TOTAL)] = sum(raw[(r, c)] for r in rows for c in cols)
    all_rows = [*rows, TOTAL]
    all_cols = cols if one_way else [*cols, TOTAL]
    if one_way:
        all_cols = [TOTAL]
    primary = {key for key, value in raw.items() if 0 < value < threshold}
    suppressed = set(primary)
    # Candidates for secondary suppression: smallest non-zero first, ties in table order.
    candidates = sorted(
        (key for key, value in raw.items() if value > 0),
        key=lambda key: (raw[key], all_rows.index(key[0]), all_cols.index(key[1])),
    )
    if one_way:
        _protect_one_way(suppressed, candidates, raw)
    else:
        _protect_two_way(suppressed, candidates, raw, all_rows, all_cols)
    cells = {}
    for r in all_rows:
        for c in all_cols:
            key = (r, c)
            if key not in raw:
                continue
            hidden = key in suppressed
            cells[key] = Cell(
                None if hidden else round5(raw[key], rounding_base), hidden, key in primary
            )
    return ProtectedTable(tuple(rows), tuple(cols), cells, threshold, one_way)


def _protect_one_way(
    suppressed: set[tuple[str, str]],
    candidates: list[tuple[str, str]],
    raw: dict[tuple[str, str], int],
) -> None:
    """One breakdown and a published total: one hidden cell is the total minus the rest, and
    hidden cells that are all 1 are pinned by the total (each is at least 1)."""
    cells = [key for key in suppressed if key[0] != TOTAL]
    exposed = len(cells) == 1 or (len(cells) > 1 and all(raw[key] == 1 for key in cells))
    if exposed and (TOTAL, TOTAL) not in suppressed:
        for key in candidates:
            if key not in suppressed and key[0] != TOTAL:
                suppressed.add(key)
                return
        suppressed.add((TOTAL, TOTAL))


def _protect_two_way(
    suppressed: set[tuple[str, str]],
    candidates: list[tuple[str, str]],
    raw: dict[tuple[str, str], int],
    all_rows: list[str],
    all_cols: list[str],
) -> None:
    """The cycle rule: suppress until no suppressed non-zero cell is a bridge."""
    row_index = {r: i for i, r in enumerate(all_rows)}
    col_index = {c: len(all_rows) + i for i, c in enumerate(all_cols)}
    node_count = len(all_rows) + len(all_cols)

    def edge(key: tuple[str, str]) -> tuple[int, int]:
        return row_index[key[0]], col_index[key[1]]

    def position(key: tuple[str, str]) -> tuple[int, int]:
        return all_rows.index(key[0]), all_cols.index(key[1])

    while True:
        keys = sorted(suppressed, key=position)
        edges = [edge(key) for key in keys]
        bridges = _bridges(edges, node_count)
        exposed = [i for i in sorted(bridges) if raw[keys[i]] > 0]
        if not exposed:
            pinned = _pinned(keys, edges, raw)
            if pinned is None:
                return
            chosen = _unpinning_cell(pinned, keys, edges, raw, candidates, suppressed, edge)
            if chosen is None:
                return  # every non-zero cell is already suppressed
            suppressed.add(chosen)
            continue
        index = exposed[0]
        a, b = edges[index]
        side_a = _component(edges, index, a)
        side_b = _component(edges, index, b)
        chosen = None
        for key in candidates:
            if key in suppressed:
                continue
            x, y = edge(key)
            if (x in side_a and y in side_b) or (x in side_b and y in side_a):
                chosen = key  # closes a cycle through the exposed cell
                break
        if chosen is None:
            # No single cell closes a cycle: grow the component from the exposed cell's ends
            # with the smallest neighbouring cell, and look again.
            for key in candidates:
                if key in suppressed:
                    continue
                x, y = edge(key)
                if {x, y} & (side_a | side_b):
                    chosen = key
                    break
        if chosen is None:
            return  # every non-zero cell is already suppressed
        suppressed.add(chosen)


def _arcs(
    key: tuple[str, str], end: tuple[int, int], value: int, lowest: int = 1
) -> list[tuple[int, int]]:
    """The directions a hidden cell can move in, as arcs between its row and column nodes.

    With the margins negated, every row and column of the extended table sums to zero, so a
    change that keeps the published figures is a circulation: +t on a cell is flow row->column.
    A cell at its lowest possible value can only rise; a margin cell is negated, so rising is
    flow column->row."""
    row, column = end
    if value > lowest:
        return [(row, column), (column, row)]
    negated = (key[0] == TOTAL) != (key[1] == TOTAL)
    return [(column, row)] if negated else [(row, column)]


def _reaches(arcs: list[tuple[int, int]], start: int, goal: int) -> bool:
    adjacency: dict[int, list[int]] = defaultdict(list)
    for a, b in arcs:
        adjacency[a].append(b)
    seen = {start}
    todo = [start]
    while todo:
        node = todo.pop()
        if node == goal:
            return True
        for nxt in adjacency[node]:
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return False


def _movable(
    target: int,
    keys: Sequence[tuple[str, str]],
    edges: Sequence[tuple[int, int]],
    raw: dict[tuple[str, str], int],
) -> bool:
    """Whether hidden cell ``target`` can change while every published figure stays put and
    every hidden cell stays at least 1: a directed cycle through one of its arcs."""
    others = [
        arc for i, key in enumerate(keys) if i != target for arc in _arcs(key, edges[i], raw[key])
    ]
    return any(
        _reaches(others, b, a) for a, b in _arcs(keys[target], edges[target], raw[keys[target]])
    )


def _pinned(
    keys: Sequence[tuple[str, str]],
    edges: Sequence[tuple[int, int]],
    raw: dict[tuple[str, str], int],
) -> int | None:
    """The first hidden non-zero cell (in table order) that cannot move, or None."""
    for i, key in enumerate(keys):
        if raw[key] > 0 and not _movable(i, keys, edges, raw):
            return i
    return None


def _unpinning_cell(
    pinned: int,
    keys: list[tuple[str, str]],
    edges: list[tuple[int, int]],
    raw: dict[tuple[str, str], int],
    candidates: list[tuple[str, str]],
    suppressed: set[tuple[str, str]],
    edge: Callable[[tuple[str, str]], tuple[int, int]],
) -> tuple[str, str] | None:
    """The smallest published non-zero cell whose suppression lets the pinned cell move; failing
    that, the smallest one in its row or column (the loop then looks again)."""
    for key in candidates:
        if key in suppressed:
            continue
        trial_keys = [*keys, key]
        trial_edges = [*edges, edge(key)]
        if _movable(pinned, trial_keys, trial_edges, raw):
            return key
    a, b = edges[pinned]
    for key in candidates:
        if key not in suppressed and {*edge(key)} & {a, b}:
            return key
    for key in candidates:
        if key not in suppressed:
            return key
    return None
