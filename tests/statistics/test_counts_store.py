"""The statistics store's counts: what the catalogue shows for drained records.

The expected outputs are worked out here from the synthetic records themselves (an independent
count in Python, put through the catalogue's own disclosure control in memory), and compared
with what the store gives after the same records are drained through the real outbox.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import create_engine

from supportline import outbox
from supportline.db import schema
from supportline.statistics import catalogue
from supportline.statistics.catalogue import CATALOGUE, _counts, build_output, parse_period
from supportline.statistics.disclosure import TOTAL
from supportline.statistics.store import ingest
from tests.statistics.stores import Store, make_store
from tests.statistics.synthetic import Record, records

STATS_KEY = bytes(range(32))
PERIODS = ("2025Q3", "2025Q4", "2026Q1", "FY2025")
# The synthetic records' values that are not categories, as the store must keep them.
NOT_CATEGORIES = {"by_post": "other", "": "not_stated", None: "not_stated"}


def _category(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return NOT_CATEGORIES.get(value, value)


def expected_counts(
    drained: list[Record], code: str, quarters: tuple[str, ...]
) -> dict[tuple[str, str], int]:
    """The table's counts, worked out from the records as the catalogue defines the table."""
    definition = CATALOGUE[code]
    kind = "referral" if definition.source == "referral_issue" else definition.source
    counts: Counter[tuple[str, str]] = Counter()
    for record_kind, quarter, payload in drained:
        if record_kind != kind or quarter not in quarters:
            continue
        if kind == "evaluation":
            if payload["form"] == dict(definition.where)["form"]:
                for question, value in payload["answers"].items():
                    counts[(question, str(value))] += 1
            continue
        if definition.source == "referral_issue":
            for category in set(payload["issue_categories"]):
                counts[(category, TOTAL)] += 1
            continue
        if any(_category(payload.get(k)) != v for k, v in definition.where):
            continue
        row = _category(payload.get(definition.row_field))
        column = TOTAL if definition.col_field is None else _category(payload[definition.col_field])
        counts[(row, column)] += 1
    return dict(counts)


def expected_csv(drained: list[Record], code: str, period: str, threshold: int) -> str:
    """The output the catalogue makes of the expected counts, in memory."""
    original = catalogue._counts
    try:
        catalogue._counts = lambda conn, definition, quarters: {  # type: ignore[assignment]
            cell: _FixedCell(n)
            for cell, n in expected_counts(drained, definition.code, tuple(quarters)).items()
        }
        return build_output(None, code, parse_period(period), threshold).csv()  # type: ignore[arg-type]
    finally:
        catalogue._counts = original


class _FixedCell:
    """A cell count without a cell key, for the expected output (keys are random)."""

    def __init__(self, n: int) -> None:
        self.n = n
        self.key = 0

    def __add__(self, other: _FixedCell) -> _FixedCell:
        return _FixedCell(self.n + other.n)


@pytest.fixture(scope="module")
def drained_store(tmp_path_factory: pytest.TempPathFactory) -> tuple[Store, list[Record]]:
    store = make_store(tmp_path_factory.mktemp("counts"))
    synthetic = records(seed=5, referrals=240)
    admin = store.unlock("admin")
    try:
        for kind, quarter, payload in synthetic:
            outbox.seal_record(admin, kind, quarter, payload)
    finally:
        admin.close()
    result = store.drain()
    assert (result.taken, result.rejected, result.refused) == (len(synthetic), 0, 0)
    return store, synthetic


@pytest.mark.parametrize("threshold", [8, 10])
def test_every_catalogue_table_shows_what_was_drained(
    drained_store: tuple[Store, list[Record]], threshold: int
) -> None:
    store, synthetic = drained_store
    manager = store.unlock("manager")
    try:
        with manager.stats.connect() as conn:
            for code in CATALOGUE:
                for period in PERIODS:
                    output = build_output(conn, code, parse_period(period), threshold)
                    assert output.csv() == expected_csv(synthetic, code, period, threshold), (
                        code,
                        period,
                    )
    finally:
        manager.close()


def test_every_table_has_figures_to_compare(drained_store: tuple[Store, list[Record]]) -> None:
    """The comparison above is not of empty tables: every table counts something each period."""
    _, synthetic = drained_store
    for code in CATALOGUE:
        for period in PERIODS:
            counts = expected_counts(synthetic, code, parse_period(period).quarters)
            assert sum(counts.values()) >= 5, (code, period)


@pytest.fixture
def memory_conn() -> Iterator[Any]:
    engine = create_engine("sqlite://")
    schema.stats_metadata.create_all(engine)
    with engine.begin() as conn:
        yield conn
    engine.dispose()


def test_cases_at_caseness_at_the_start_are_counted(memory_conn: Any) -> None:
    """The closing counsellor's "caseness at the start" reaches outcomes_at_caseness."""
    for caseness, outcome in (
        ("yes", "recovery"),
        ("yes", "no_reliable_change"),
        ("no", "recovery"),
    ):
        ingest(
            memory_conn,
            "activity",
            "2025Q3",
            {"service": "counselling", "outcome": outcome, "caseness_start": caseness},
            STATS_KEY,
        )
    counts = _counts(memory_conn, CATALOGUE["outcomes_at_caseness"], ("2025Q3",))
    assert {cell: c.n for cell, c in counts.items()} == {
        ("recovery", TOTAL): 1,
        ("no_reliable_change", TOTAL): 1,
    }
