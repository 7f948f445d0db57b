"""Disclosure control under attack (issue 6, DESIGN 6).

The protector's output is attacked by ``attacker.py``, which shares no code with it: the margins
become linear equations and a linear-programming solver bounds every hidden cell. Zeros are
published, so the attacker also knows that a hidden cell is at least 1. "Recovered" means the
smallest and largest feasible values coincide.

With ``rounding_base=1`` the published figures are exact, which attacks the suppression pattern
itself; with the default rounding to 5 the attacker tries both "the figures are exact" and "each
figure is anything that rounds to it".
"""

from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from supportline.statistics.disclosure import DisclosureError, ProtectedTable, protect
from tests.statistics.attacker import Published, Range, attack, from_mapping

THRESHOLD = 10
M = "Total"


def nearest5(n: int) -> int:
    """Our own rounding: the multiple of 5 nearest to n (an integer never ties)."""
    return 5 * ((n + 2) // 5)


def true_table(
    rows: list[str], cols: list[str] | None, counts: dict[tuple[str, str], int]
) -> dict[tuple[str, str], int]:
    """Every true figure, margins included, summed here independently."""
    body_cols = cols or [M]
    full = {(r, c): counts.get((r, c), 0) for r in rows for c in body_cols}
    if cols:
        for r in rows:
            full[(r, M)] = sum(full[(r, c)] for c in cols)
        for c in cols:
            full[(M, c)] = sum(full[(r, c)] for r in rows)
    full[(M, M)] = sum(counts.get((r, c), 0) for r in rows for c in body_cols)
    return full


def published(table: ProtectedTable, rows: list[str], cols: list[str] | None) -> Published:
    return from_mapping(rows, cols, {key: cell.value for key, cell in table.cells.items()})


def recovered(
    view: Published, truth: dict[tuple[str, str], int], rounding: int
) -> dict[tuple[str, str], Range]:
    """Hidden cells the attacker pins down. Taking rounded figures as exact can pin a cell to a
    wrong value; only a pin on the true value is a disclosure."""
    found: dict[tuple[str, str], Range] = {}
    attacks = [attack(view, lower=1)]
    if rounding > 1:
        attacks.append(attack(view, lower=1, rounding=rounding, threshold=THRESHOLD))
    for ranges in attacks:
        if ranges is None:
            continue
        for key, span in ranges.items():
            if span.exact and abs(span.low - truth[key]) < 1e-6:
                found[key] = span
    return found


def check_table(
    rows: list[str], cols: list[str] | None, counts: dict[tuple[str, str], int], base: int
) -> None:
    table = protect(rows, cols, counts, threshold=THRESHOLD, rounding_base=base)
    truth = true_table(rows, cols, counts)
    assert set(table.cells) == set(truth)
    for key, n in truth.items():
        cell = table.cells[key]
        if 0 < n < THRESHOLD:
            assert cell.suppressed, (key, n)
        if n == 0:
            assert not cell.suppressed and cell.value == 0, key  # zeros are published
        if not cell.suppressed:
            # Totals too: from the unrounded data, then rounded.
            assert cell.value == (nearest5(n) if base == 5 else n), (key, n, cell.value)
            if base == 5:
                assert cell.value % 5 == 0
    view = published(table, rows, cols)
    assert not recovered(view, truth, base), counts


def random_table(rng: random.Random) -> tuple[list[str], list[str] | None, dict]:
    n_rows = rng.randint(1, 6)
    one_way = rng.random() < 0.3
    cols = None if one_way else [f"c{j}" for j in range(rng.randint(1, 5))]
    rows = [f"r{i}" for i in range(n_rows)]
    counts = {}
    for r in rows:
        for c in cols or [M]:
            k = rng.random()
            counts[(r, c)] = (
                0 if k < 0.25 else rng.randint(1, 9) if k < 0.6 else rng.randint(10, 70)
            )
    return rows, cols, counts


@pytest.mark.parametrize("base", [1, 5])
def test_random_tables_resist_the_attacker(base: int) -> None:
    rng = random.Random(20260 + base)
    for _ in range(110):
        check_table(*random_table(rng), base=base)


cell_values = st.one_of(st.just(0), st.integers(1, 9), st.integers(10, 60))


@settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(
    shape=st.tuples(st.integers(1, 5), st.integers(0, 4)),
    data=st.data(),
    base=st.sampled_from([1, 5]),
)
def test_hypothesis_tables_resist_the_attacker(shape, data, base) -> None:
    n_rows, n_cols = shape
    rows = [f"r{i}" for i in range(n_rows)]
    cols = [f"c{j}" for j in range(n_cols)] or None
    counts = {(r, c): data.draw(cell_values, label=f"{r},{c}") for r in rows for c in (cols or [M])}
    check_table(rows, cols, counts, base)


# -- the attacker is not blind ------------------------------------------------------------------


def test_the_attacker_recovers_what_primary_suppression_alone_leaves() -> None:
    """Hiding only the small cell of a row with a published total gives it away."""
    rows, cols = ["a", "b"], ["x", "y", "z"]
    counts = {("a", "x"): 3, ("a", "y"): 40, ("a", "z"): 50}
    counts.update({("b", "x"): 20, ("b", "y"): 30, ("b", "z"): 40})
    truth = true_table(rows, cols, counts)
    naive = {key: (None if 0 < n < THRESHOLD else n) for key, n in truth.items()}
    ranges = attack(from_mapping(rows, cols, naive), lower=0)
    assert ranges is not None and ranges[("a", "x")].exact and ranges[("a", "x")].low == 3


def test_the_attacker_uses_the_fact_that_zeros_are_published() -> None:
    """Two hidden 1s that are a row's only hidden cells: a cycle, yet each must be 1."""
    rows, cols = ["a", "b", "c"], ["x", "y", "z"]
    counts = {("a", "x"): 1, ("a", "y"): 1, ("a", "z"): 30}
    counts.update({("b", "x"): 1, ("b", "y"): 1, ("b", "z"): 30})
    counts.update({("c", "x"): 40, ("c", "y"): 40, ("c", "z"): 40})
    truth = true_table(rows, cols, counts)
    naive = from_mapping(
        rows, cols, {key: (None if 0 < n < THRESHOLD else n) for key, n in truth.items()}
    )
    loose = attack(naive, lower=0)
    tight = attack(naive, lower=1)
    assert loose is not None and not loose[("a", "x")].exact
    assert tight is not None and tight[("a", "x")].exact and tight[("a", "x")].low == 1
    # The protector does not leave it there.
    check_table(rows, cols, counts, base=1)


# -- the named cases ----------------------------------------------------------------------------


@pytest.mark.parametrize("base", [1, 5])
def test_a_row_with_one_small_cell_and_a_published_total(base: int) -> None:
    rows, cols = ["a", "b", "c"], ["x", "y", "z"]
    counts = {("a", "x"): 3, ("a", "y"): 40, ("a", "z"): 50}
    counts.update({("b", "x"): 20, ("b", "y"): 30, ("b", "z"): 40})
    counts.update({("c", "x"): 25, ("c", "y"): 35, ("c", "z"): 45})
    table = protect(rows, cols, counts, rounding_base=base)
    assert table.cells[("a", "x")].suppressed and table.cells[("a", "x")].primary
    assert not table.cells[("a", M)].suppressed  # the row total is published
    assert len([k for k in table.suppressed() if k[0] == "a"]) >= 2
    check_table(rows, cols, counts, base)
    # One-way: the small cell and the total.
    one = {("a", M): 3, ("b", M): 40, ("c", M): 50}
    one_way = protect(rows, None, one, rounding_base=base)
    assert one_way.cells[("a", M)].suppressed and not one_way.cells[(M, M)].suppressed
    assert len(one_way.suppressed()) == 2
    check_table(rows, None, one, base)


def test_two_cycles_joined_by_a_bridge() -> None:
    """Every row and column of small cells has two hidden cells, yet the bridge between the two
    4-cycles is recovered from the margins unless the protector hides more."""
    rows, cols = ["r0", "r1", "r2", "r3"], ["c0", "c1", "c2", "c3"]
    small = {
        ("r0", "c0"): 2,
        ("r0", "c1"): 3,
        ("r1", "c0"): 4,
        ("r1", "c1"): 5,
        ("r2", "c2"): 6,
        ("r2", "c3"): 2,
        ("r3", "c2"): 3,
        ("r3", "c3"): 4,
        ("r1", "c2"): 7,  # the bridge
    }
    counts = {
        (r, c): small.get((r, c), 30 + 7 * i + j)
        for i, r in enumerate(rows)
        for j, c in enumerate(cols)
    }
    truth = true_table(rows, cols, counts)
    primaries = {key for key, n in truth.items() if 0 < n < THRESHOLD}
    assert primaries == set(small)
    for line in rows[:4]:
        assert len([k for k in primaries if k[0] == line]) >= 2
    for line in cols:
        assert len([k for k in primaries if k[1] == line]) >= 2
    naive = from_mapping(rows, cols, {k: (None if k in primaries else n) for k, n in truth.items()})
    ranges = attack(naive, lower=0)
    assert ranges is not None and ranges[("r1", "c2")].exact and ranges[("r1", "c2")].low == 7
    table = protect(rows, cols, counts, rounding_base=1)
    assert set(table.suppressed()) > primaries  # the protector fixed it
    for base in (1, 5):
        check_table(rows, cols, counts, base)


def test_a_column_of_zeros_with_one_suppressed_cell() -> None:
    rows, cols = ["a", "b", "c", "d"], ["x", "y", "z"]
    counts = {(r, c): 20 + 3 * i + j for i, r in enumerate(rows) for j, c in enumerate(cols)}
    for r in rows:
        counts[(r, "y")] = 0
    counts[("c", "y")] = 4
    table = protect(rows, cols, counts, rounding_base=1)
    assert table.cells[("c", "y")].suppressed and table.cells[(M, "y")].suppressed
    for r in ("a", "b", "d"):
        assert table.value(r, "y") == 0  # zeros stay published
    for base in (1, 5):
        check_table(rows, cols, counts, base)
    # The same column alone (one-way): the cell equals the total, both hidden.
    one = {(r, M): counts[(r, "y")] for r in rows}
    one_way = protect(rows, None, one, rounding_base=1)
    assert one_way.cells[("c", M)].suppressed and one_way.cells[(M, M)].suppressed
    check_table(rows, None, one, 1)


def test_one_way_hidden_ones_are_not_pinned_by_the_total() -> None:
    rows = ["a", "b", "c", "d"]
    counts = {("a", M): 1, ("b", M): 1, ("c", M): 30, ("d", M): 40}
    for base in (1, 5):
        check_table(rows, None, counts, base)


def test_output_is_deterministic() -> None:
    rng = random.Random(7)
    for _ in range(20):
        rows, cols, counts = random_table(rng)
        first = protect(rows, cols, counts)
        second = protect(rows, cols, dict(reversed(list(counts.items()))))
        assert first == second


# -- threshold and percentages --------------------------------------------------------------------


@pytest.mark.parametrize("threshold", [7, 5, 1, 0, -3])
def test_threshold_below_8_is_refused(threshold: int) -> None:
    with pytest.raises(DisclosureError):
        protect(["a"], None, {("a", M): 50}, threshold=threshold)


def test_threshold_8_is_the_floor_and_is_applied() -> None:
    counts = {("a", M): 8, ("b", M): 7, ("c", M): 6, ("d", M): 30}
    table = protect(["a", "b", "c", "d"], None, counts, threshold=8)
    assert not table.cells[("a", M)].suppressed and table.value("a", M) == 10
    assert table.cells[("b", M)].suppressed and table.cells[("c", M)].suppressed
    assert protect(["a", "b", "c", "d"], None, counts).cells[("a", M)].suppressed  # default 10


def test_percentages_only_where_the_count_reaches_the_threshold() -> None:
    rows, cols = ["a", "b", "c"], ["x", "y", "z"]
    counts = {("a", "x"): 3, ("a", "y"): 44, ("a", "z"): 21}
    counts.update({("b", "x"): 26, ("b", "y"): 13, ("b", "z"): 31})
    counts.update({("c", "x"): 17, ("c", "y"): 0, ("c", "z"): 9})
    table = protect(rows, cols, counts, threshold=12)
    shares = 0
    for r in rows:
        for c in cols:
            part, whole = table.value(r, c), table.value(r, M)
            got = table.percent(r, c, r, M)
            if part is None or whole is None or whole < 12:
                assert got is None, (r, c)
            else:
                # From the rounded figures, never the true ones.
                assert got == round(100 * part / whole, 1), (r, c)
                shares += 1
    assert shares >= 3
    assert table.percent("a", "x", "a", M) is None  # the hidden 3
    # A published denominator below the threshold gives no share.
    low = protect(["p", "q"], None, {("p", M): 12, ("q", M): 0}, threshold=12)
    assert low.value(M, M) == 10  # 12 rounds to 10, below 12
    assert low.percent("p", M) is None
    zero = protect(["p"], None, {("p", M): 0})
    assert zero.percent("p", M) is None
