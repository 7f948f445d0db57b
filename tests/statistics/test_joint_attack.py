"""Every referrals table of a financial year and its quarters, attacked together (issue 11).

``joint_attacker.py`` shares no code with the protector: it reads the exported CSVs, the
catalogue's public table definitions and the documented rules R1-R5 (see its docstring), and bounds
every hidden cell by LP and integer programming over the whole family at once. True counts come
from the store only to score the attack; nothing derived from them is written anywhere.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from supportline.statistics.catalogue import CATALOGUE
from tests.statistics.joint_attacker import (
    JointReport,
    PublishedTable,
    TableSpec,
    attack,
    catalogue_specs,
    from_mapping,
    read_csv,
)
from tests.statistics.stores import YEAR_PERIODS, build_year_store, export_tables, true_counts

THRESHOLD = 10
M = "Total"
SEEDS = (1, 2, 3)
REFERRAL_TABLES = tuple(
    code
    for code, definition in CATALOGUE.items()
    if definition.source in ("referral", "referral_issue")
)

# -- the attacker has teeth (hand-made publications, no store) ------------------------------------

ROUTE = TableSpec("t_route", "s_referrals", "route", None)
QUARTERS = ("2025Q2", "2025Q3", "2025Q4", "2026Q1")


def one_way(a: int | None, b: int | None, total: int | None) -> PublishedTable:
    return from_mapping(["a", "b"], None, {("a", M): a, ("b", M): b, (M, M): total})


def test_the_attacker_is_not_toothless() -> None:
    # FY minus quarters. True: 2025Q2 a=2, b=10; the other quarters a=0, b=22; FY2025 a=2, b=76.
    # Each figure published within +/-2, non-zero ones at least 10, zeros exact (R1).
    year = {
        ("t_route", "2025Q2"): one_way(None, 10, 10),
        **{("t_route", q): one_way(0, 20, 20) for q in QUARTERS[1:]},
        ("t_route", "FY2025"): one_way(None, 74, 80),
    }
    specs = {"t_route": ROUTE}
    truth = {("t_route", "2025Q2", "a", M): 2, ("t_route", "2025Q2", "b", M): 10}
    truth |= {("t_route", q, "b", M): 22 for q in QUARTERS[1:]}
    joint = attack(year, specs, THRESHOLD, truth=truth)
    assert joint.outside() == []
    for period in ("2025Q2", "FY2025"):
        cell = ("t_route", period, "a", M)
        assert joint.ranges[cell].exact and joint.ranges[cell].low == 2 == joint.truth[cell]
    # Not by either table alone: the quarter caps the cell at 2, only the year shows it is 2.
    alone_q2 = attack({k: v for k, v in year.items() if k[1] == "2025Q2"}, specs, THRESHOLD)
    alone_fy = attack({k: v for k, v in year.items() if k[1] == "FY2025"}, specs, THRESHOLD)
    assert (alone_q2.ranges[("t_route", "2025Q2", "a", M)].low, alone_q2.exact()) == (0, [])
    fy_alone = alone_fy.ranges[("t_route", "FY2025", "a", M)]
    assert (fy_alone.low, fy_alone.high) == (2, 10)

    # A shared service margin: the district table hides its whole coaching column, the role
    # table over the same records publishes it (R4). True coaching: A=3, B=7.
    services = ["counselling", "coaching"]
    districts = from_mapping(
        ["A", "B"],
        services,
        {("A", "counselling"): 20, ("A", "coaching"): None, ("A", M): None,
         ("B", "counselling"): 20, ("B", "coaching"): None, ("B", M): None,
         (M, "counselling"): 40, (M, "coaching"): None, (M, M): None},
    )  # fmt: skip
    roles = from_mapping(
        ["X", "Y"],
        services,
        {("X", "counselling"): 20, ("X", "coaching"): 10, ("X", M): 30,
         ("Y", "counselling"): 20, ("Y", "coaching"): 0, ("Y", M): 20,
         (M, "counselling"): 40, (M, "coaching"): 10, (M, M): 50},
    )  # fmt: skip
    pair = {("by_district", "2025Q2"): districts, ("by_role", "2025Q2"): roles}
    cell = ("by_district", "2025Q2", "A", "coaching")
    shared = {
        "by_district": TableSpec("by_district", "s_referrals", "district", "service"),
        "by_role": TableSpec("by_role", "s_referrals", "role", "service"),
    }
    jointly = attack(pair, shared, THRESHOLD).ranges[cell]
    assert (jointly.low, jointly.high) == (0, 12)  # coaching in all is 10 to 12
    # Not vacuous: without the role table, or with it counting other records, it is unbounded.
    alone = attack({("by_district", "2025Q2"): districts}, shared, THRESHOLD)
    assert alone.ranges[cell].high == float("inf")
    unrelated = {**shared, "by_role": TableSpec("by_role", "s_sessions", "role", "service")}
    assert attack(pair, unrelated, THRESHOLD).ranges[cell].high == float("inf")


def one_way_rows(rows: list[str], values: list[int | None], total: int | None) -> PublishedTable:
    cells: dict[tuple[str, str], int | None] = {(M, M): total}
    cells |= {(r, M): v for r, v in zip(rows, values, strict=True)}
    return from_mapping(rows, None, cells)


def test_a_filtered_table_counts_a_subset_of_the_unfiltered_one() -> None:
    # R4: outcomes_at_caseness adds a filter to outcomes, so its cells are at most outcomes'.
    specs = catalogue_specs(["outcomes", "outcomes_at_caseness"])
    rows = ["recovery", "not_measured"]
    every = one_way_rows(rows, [10, 0], 10)
    subset = one_way_rows(rows, [None, None], None)
    published = {("outcomes", "2025Q2"): every, ("outcomes_at_caseness", "2025Q2"): subset}
    ranges = attack(published, specs, THRESHOLD).ranges
    recovery = ranges[("outcomes_at_caseness", "2025Q2", "recovery", M)]
    assert (recovery.low, recovery.high) == (0, 12)
    assert ranges[("outcomes_at_caseness", "2025Q2", "not_measured", M)].exact
    # The other way round nothing is capped: the filtered table says nothing of the rest.
    published = {("outcomes", "2025Q2"): subset, ("outcomes_at_caseness", "2025Q2"): every}
    assert attack(published, specs, THRESHOLD).exact() == []


def test_published_csv_is_read_as_published() -> None:
    text = (
        "table,period,row,column,value\n"
        "t_route,2025Q2,a,Total,*\nt_route,2025Q2,b,Total,10\nt_route,2025Q2,Total,Total,10\n"
    )
    (key, table), *rest = read_csv([text]).items()
    assert (key, rest) == (("t_route", "2025Q2"), [])
    assert (table.rows, table.columns, table.hidden()) == (["a", "b"], [], [("a", M)])


# -- real stores: a year of referrals, exported by the manager after it ended ---------------------


@pytest.fixture(scope="module")
def attacked(tmp_path_factory: pytest.TempPathFactory) -> Callable[[int], JointReport]:
    """The joint attack on one seed's store, built and attacked once for the whole module."""
    reports: dict[int, JointReport] = {}
    specs = catalogue_specs(REFERRAL_TABLES)

    def report(seed: int) -> JointReport:
        if seed not in reports:
            store = build_year_store(tmp_path_factory.mktemp(f"year{seed}"), seed)
            published = read_csv(export_tables(store, REFERRAL_TABLES, YEAR_PERIODS))
            assert set(published) == {(c, p) for c in REFERRAL_TABLES for p in YEAR_PERIODS}
            reports[seed] = attack(published, specs, THRESHOLD, truth=true_counts(store, specs))
        return reports[seed]

    return report


def where(report: JointReport, cells: list[tuple[str, str, str, str]]) -> str:
    """Which cells, by table and period (labels only: no true count is printed)."""
    counts: dict[str, int] = {}
    for code, period, _, _ in cells:
        counts[f"{code}:{period}"] = counts.get(f"{code}:{period}", 0) + 1
    return f"{len(cells)} of {len(report.ranges)} hidden cells: {counts}"


@pytest.mark.parametrize("seed", SEEDS)
def test_the_joint_attacker_is_sound(attacked: Callable[[int], JointReport], seed: int) -> None:
    report = attacked(seed)
    # Something to attack, in the year and in its quarters ...
    periods = {period for _, period, _, _ in report.ranges}
    assert len(report.ranges) >= 100 and periods == set(YEAR_PERIODS), periods
    # ... and every true value inside what the attacker proved: the rules it assumes hold.
    assert report.outside() == [], where(report, report.outside())


@pytest.mark.parametrize("seed", SEEDS)
def test_no_hidden_cell_is_recovered_jointly(
    attacked: Callable[[int], JointReport], seed: int
) -> None:
    report = attacked(seed)
    assert report.exact() == [], where(report, report.exact())


@pytest.mark.parametrize("seed", SEEDS)
def test_no_small_hidden_count_is_narrower_than_the_threshold(
    attacked: Callable[[int], JointReport], seed: int
) -> None:
    """Every hidden count under the threshold keeps an interval at least the threshold wide
    (LP and integer bounds); a larger hidden count is only hidden to protect one, and the test
    above asserts it is never pinned."""
    report = attacked(seed)
    small = [cell for cell in report.ranges if report.truth.get(cell, 0) < THRESHOLD]
    assert len(small) >= 50  # the seeds give many small hidden counts: not vacuous
    assert report.small_narrow() == [], where(report, report.small_narrow())
