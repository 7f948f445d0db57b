"""The statistics store's counts: what the catalogue shows for drained records.

The expected outputs are worked out here from the synthetic records themselves (an independent
count in Python, put through the catalogue's own disclosure control in memory), and compared
with what the store gives after the same records are drained through the real outbox.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from sqlalchemy import create_engine, func, select, text

from supportline import outbox
from supportline.db import engine as dbengine
from supportline.db import migrate, schema
from supportline.keystore import Keystore
from supportline.roles import KeyName
from supportline.session import DataDir, unlock
from supportline.statistics import catalogue
from supportline.statistics import store as store_module
from supportline.statistics.catalogue import CATALOGUE, _counts, build_output, parse_period
from supportline.statistics.cells import CellCount
from supportline.statistics.disclosure import TOTAL
from supportline.statistics.store import (
    EVALUATION_PAIRS,
    RecordRejected,
    ingest,
    record_uniqueness,
)
from tests.conftest import ADMIN_PASSWORD, anchor_store_as_it_is
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


def expected_csv(conn: Any, drained: list[Record], code: str, period: str, threshold: int) -> str:
    """The output the catalogue makes of the expected counts, in memory. Every record's cell
    key is 0 here: the drained store's records are keyed 0 too (drained_store), so the cell-key
    perturbation is the same on both sides."""
    original = catalogue._counts
    try:
        catalogue._counts = lambda conn, definition, quarters: {  # type: ignore[assignment]
            cell: CellCount(n, 0)
            for cell, n in expected_counts(drained, definition.code, tuple(quarters)).items()
        }
        return build_output(conn, code, parse_period(period), threshold).csv()
    finally:
        catalogue._counts = original


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
    with pytest.MonkeyPatch.context() as patch:
        # Every record keyed 0, as the expected outputs are: only the counts can differ.
        patch.setattr(store_module.secrets, "randbits", lambda bits: 0)
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
                    expected = expected_csv(conn, synthetic, code, period, threshold)
                    assert output.csv() == expected, (
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


# -- no record of anyone ---------------------------------------------------------------------------

# Any of these beside a quarter on a row would make the row one person's record.
PERSONAL = {
    "age_band",
    "gender",
    "role_family",
    "org_group",
    "organisation",
    "district",
    "service",
    "referral_route",
    "status",
    "outcome",
    "waiting_band",
    "channel",
    "question",
}


def _tables(conn: Any) -> dict[str, set[str]]:
    names = conn.exec_driver_sql(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%'"
    ).scalars()
    return {
        name: {row[1] for row in conn.exec_driver_sql(f'PRAGMA table_info("{name}")')}
        for name in list(names)
    }


def test_stats_db_has_no_table_with_a_row_per_person(
    drained_store: tuple[Store, list[Record]],
) -> None:
    store, synthetic = drained_store
    admin = store.unlock("admin")
    try:
        with admin.stats.connect() as conn:
            tables = _tables(conn)
            uniqueness = record_uniqueness(conn)
            pending = conn.execute(select(schema.stat_pending_forms)).all()
            counted = conn.execute(select(func.sum(schema.stat_counts.c.n))).scalar_one()
    finally:
        admin.close()
    assert "stat_counts" in tables and counted > len(synthetic)
    for name, columns in tables.items():
        assert not (columns & PERSONAL), (name, columns & PERSONAL)
        assert "cell_key" not in columns and "pair_code" not in columns, name
    assert uniqueness is None
    # Forms waiting for their pair keep their answers, form and quarter only.
    assert tables["stat_pending_forms"] == {"pair_key", "form", "quarter", "answers"}
    firsts = Counter(p["pair_code"] for kind, _, p in synthetic if kind == "evaluation")
    assert len(pending) == sum(1 for n in firsts.values() if n == 1) > 0


def test_record_uniqueness_measures_person_level_records() -> None:
    engine = create_engine("sqlite://")
    with engine.begin() as conn:
        assert record_uniqueness(conn) is None  # nothing at all
        conn.exec_driver_sql(
            "CREATE TABLE legacy (id INTEGER PRIMARY KEY, quarter TEXT, age_band TEXT, "
            "gender TEXT, organisation TEXT)"
        )
        assert record_uniqueness(conn) is None  # no records
        rows = [("2026Q1", "25-34", "female", "A")] * 3 + [
            ("2026Q1", "55+", "male", "Zqx School"),
            ("2026Q2", "25-34", "female", "A"),
        ]
        for row in rows:
            conn.exec_driver_sql(
                "INSERT INTO legacy (quarter, age_band, gender, organisation) VALUES (?, ?, ?, ?)",
                row,
            )
        assert record_uniqueness(conn) == pytest.approx(2 / 5)
        # Counts are not records, however small.
        schema.stats_metadata.create_all(conn)
        conn.execute(
            schema.stat_counts.insert().values(
                table_code="usage_by_organisation",
                quarter="2026Q1",
                row="Zqx School",
                column="counselling",
                n=1,
                key_sum=5,
            )
        )
        assert record_uniqueness(conn) == pytest.approx(2 / 5)
    engine.dispose()


def test_a_form_waits_for_its_pair_and_is_never_taken_twice(memory_conn: Any) -> None:
    first = {"form": "first", "pair_code": "ZQPAIR1", "answers": {"hopeful": 4}}
    last = {"form": "last", "pair_code": "ZQPAIR1", "answers": {"helpful": 5}}
    ingest(memory_conn, "evaluation", "2025Q3", first, STATS_KEY)
    waiting = memory_conn.execute(select(schema.stat_pending_forms)).all()
    assert [(w.form, w.quarter, w.answers) for w in waiting] == [
        ("first", "2025Q3", '{"hopeful": 4}')
    ]
    ingest(memory_conn, "evaluation", "2025Q4", last, STATS_KEY)
    assert memory_conn.execute(select(schema.stat_pending_forms)).all() == []
    for form in (first, last):
        with pytest.raises(RecordRejected) as refused:
            ingest(memory_conn, "evaluation", "2026Q1", form, STATS_KEY)
        assert refused.value.reason == "duplicate_form"
    c = schema.stat_counts.c
    cells = memory_conn.execute(select(c.table_code, c.quarter, c.row, c.column, c.n)).all()
    assert sorted(tuple(cell) for cell in cells) == [
        ("evaluation_first", "2025Q3", "hopeful", "4", 1),
        ("evaluation_last", "2025Q4", "helpful", "5", 1),
        (EVALUATION_PAIRS, "2025Q4", "paired", TOTAL, 1),
    ]


# -- the migration from person-level records -------------------------------------------------------


def _old_rows(conn: Any, synthetic: list[Record]) -> None:
    """The synthetic records as the person-level store (stats_0006) kept them."""
    rng = random.Random(1)
    ids = Counter[str]()

    def add(table: str, values: dict[str, Any]) -> int:
        ids[table] += 1
        values = {"id": ids[table], **values}
        if table != "stat_evaluation_forms":
            values["cell_key"] = rng.getrandbits(32)
        if table in ("stat_referral_issues", "stat_evaluation_answers"):
            del values["id"]
        names = ", ".join(f'"{name}"' for name in values)
        marks = ", ".join(f":{name}" for name in values)
        conn.execute(text(f"INSERT INTO {table} ({names}) VALUES ({marks})"), values)
        return ids[table]

    for kind, quarter, payload in synthetic:
        fields = {k: _category(v) for k, v in payload.items() if not isinstance(v, dict | list)}
        if kind == "referral":
            referral = add("stat_referrals", {"quarter": quarter, **fields})
            for category in set(payload["issue_categories"]):
                add("stat_referral_issues", {"referral_id": referral, "category": category})
        elif kind == "session":
            add("stat_sessions", {"quarter": quarter, **fields})
        elif kind == "activity":
            bands = {k.replace("-", "").lower(): v for k, v in payload["bands"].items()}
            add("stat_activity", {"quarter": quarter, **fields, **bands})
        elif kind == "contact":
            add("stat_contacts", {"quarter": quarter, **fields})
        else:
            form = add(
                "stat_evaluation_forms",
                {"quarter": quarter, "form": payload["form"], "pair_key": payload["pair_code"]},
            )
            for question, value in payload["answers"].items():
                add(
                    "stat_evaluation_answers",
                    {"form_id": form, "question": question, "value": value},
                )


def test_stats_0007_folds_every_stored_record_into_the_same_tables(data_dir: Path) -> None:
    synthetic = records(seed=9, referrals=120)
    opened = Keystore.load(DataDir(data_dir).keystore).open_slot("admin", ADMIN_PASSWORD)
    key = opened.key(KeyName.STATS)
    engine = dbengine.make_engine(data_dir / "stats.db", key, store="stats")
    try:
        with engine.connect() as conn:
            config = migrate.alembic_config("stats")
            config.attributes["connection"] = conn
            command.downgrade(config, "stats_0006")
            conn.commit()
        migrate.install_integrity(engine)
        with engine.begin() as conn:
            _old_rows(conn, synthetic)
            before = record_uniqueness(conn)
            r = "stat_referrals"
            dover = conn.execute(
                text(
                    f"SELECT count(*), sum(cell_key) % 4294967296 FROM {r} WHERE quarter = "
                    "'2025Q4' AND district = 'Dover' AND service = 'counselling'"
                )
            ).one()
    finally:
        engine.dispose()
    anchor_store_as_it_is(data_dir, "stats", "admin", opened.signing_private, key)
    assert before is not None and before > 0.5  # the old store: mostly unique records

    session = unlock(data_dir, "admin", ADMIN_PASSWORD)
    try:
        assert migrate.current_revision(session.stats) == migrate.head_revision("stats")
        with session.stats.connect() as conn:
            assert record_uniqueness(conn) is None
            tables = _tables(conn)
            assert not any(name in tables for name in ("stat_referrals", "stat_activity"))
            for code, definition in CATALOGUE.items():
                for period in PERIODS:
                    quarters = parse_period(period).quarters
                    found = {k: c.n for k, c in _counts(conn, definition, quarters).items()}
                    assert found == expected_counts(synthetic, code, quarters), (code, period)
            cell = _counts(conn, CATALOGUE["referrals_by_district"], ("2025Q4",))
            assert (cell[("Dover", "counselling")].n, cell[("Dover", "counselling")].key) == tuple(
                dover
            )
            pending = conn.execute(select(func.count()).select_from(schema.stat_pending_forms))
            forms = Counter(p["pair_code"] for kind, _, p in synthetic if kind == "evaluation")
            assert pending.scalar_one() == sum(1 for n in forms.values() if n == 1)
    finally:
        session.close()


def test_migrated_stats_store_matches_the_schema(data_dir: Path) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    session = unlock(data_dir, "admin", ADMIN_PASSWORD)
    try:
        with session.stats.connect() as conn:
            differences = compare_metadata(MigrationContext.configure(conn), schema.stats_metadata)
    finally:
        session.close()
    assert differences == []
