"""The disclosure threshold is the service's setting (issue 11): changed only by an administrator,
audited, applying from the quarter in progress, never to a period that has ended, and offered
nowhere as a per-output choice. Outputs of one period at two thresholds could be compared to pin
the cells between them, so an ended period (which may have left the app) must keep its threshold.
"""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import insert, select

from supportline import cli
from supportline.audit import AuditAction
from supportline.db import engine as dbengine
from supportline.db import migrate, schema
from supportline.errors import PermissionDenied
from supportline.keystore import Keystore
from supportline.roles import KeyName
from supportline.services.settings import SettingsService, publish_threshold
from supportline.session import DataDir
from supportline.statistics.catalogue import CATALOGUE, StatisticsService, build_output
from supportline.statistics.catalogue import parse_period as parse
from supportline.statistics.thresholds import BEGINNING, threshold_for
from tests.conftest import anchor_as_an_older_app
from tests.statistics.stores import ENDED, PASSWORDS, FakeClock, Store, add_referrals, make_store

ENDED_PERIODS = ("2026Q1", "FY2025")  # ended by ENDED (2 April 2026, in 2026Q2)
IN_2026Q3 = datetime(2026, 8, 3, 9, 0, tzinfo=UTC)
IN_2026Q4 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Store:
    store = make_store(tmp_path_factory.mktemp("threshold"))
    add_referrals(store, 40, seed=5)  # in 2026Q1
    assert store.drain().taken == 40
    return store


@pytest.fixture
def store(template: Store, tmp_path: Path) -> Store:
    shutil.copytree(template.path, tmp_path / "data")
    return Store(tmp_path / "data", FakeClock(ENDED), template.referrals)


def _set_threshold(store: Store, value: int, when: datetime) -> None:
    admin = store.unlock("admin", FakeClock(when))
    try:
        SettingsService(admin).update({"disclosure_threshold": value})
    finally:
        admin.close()


def _thresholds(store: Store, *periods: str) -> dict[str, int]:
    manager = store.unlock("manager")
    try:
        statistics = StatisticsService(manager)
        return {period: statistics.threshold(period) for period in periods}
    finally:
        manager.close()


def _exports(store: Store) -> dict[tuple[str, str], str]:
    manager = store.unlock("manager")
    try:
        statistics = StatisticsService(manager)
        return {
            (code, period): statistics.export_csv(code, period)
            for code in CATALOGUE
            for period in ENDED_PERIODS
        }
    finally:
        manager.close()


def test_a_change_today_leaves_every_ended_period_as_exported(store: Store) -> None:
    before = _exports(store)
    # The comparison below can fail: at 12 these periods would not export the same.
    manager = store.unlock("manager")
    try:
        with manager.stats.connect() as conn:
            differ = [
                (code, period)
                for (code, period), text in before.items()
                if build_output(conn, code, parse(period), 12).csv() != text
            ]
    finally:
        manager.close()
    assert differ

    _set_threshold(store, 12, ENDED)

    assert _exports(store) == before
    assert _thresholds(store, "2026Q1", "FY2025") == {"2026Q1": 10, "FY2025": 10}


def test_a_change_takes_effect_from_the_quarter_in_progress(store: Store) -> None:
    _set_threshold(store, 12, ENDED)  # 2026Q2 is in progress
    assert _thresholds(store, "2026Q1", "2026Q2", "2026Q3", "FY2026") == {
        "2026Q1": 10,
        "2026Q2": 12,
        "2026Q3": 12,
        "FY2026": 12,
    }
    manager = store.unlock("manager")
    try:
        statistics = StatisticsService(manager)
        assert statistics.output("referrals_by_route", "2026Q2").table.threshold == 12
        assert statistics.output("referrals_by_route", "2026Q1").table.threshold == 10
    finally:
        manager.close()


def test_the_quarter_in_progress_gets_the_last_change_made_in_it(store: Store) -> None:
    _set_threshold(store, 11, IN_2026Q3)
    _set_threshold(store, 13, IN_2026Q3)
    assert _thresholds(store, "2026Q2", "2026Q3") == {"2026Q2": 10, "2026Q3": 13}


def test_a_financial_year_spanning_a_change_takes_the_larger(store: Store) -> None:
    _set_threshold(store, 12, ENDED)  # from 2026Q2, the first quarter of FY2026
    _set_threshold(store, 9, IN_2026Q3)
    assert _thresholds(store, "2026Q2", "2026Q3", "2027Q1", "FY2026", "FY2027") == {
        "2026Q2": 12,
        "2026Q3": 9,
        "2027Q1": 9,
        "FY2026": 12,
        "FY2027": 9,
    }
    _set_threshold(store, 15, IN_2026Q4)
    assert _thresholds(store, "2026Q3", "FY2026") == {"2026Q3": 9, "FY2026": 15}
    manager = store.unlock("manager")
    try:
        output = StatisticsService(manager).output("referrals_by_route", "FY2026")
    finally:
        manager.close()
    assert output.table.threshold == 15


def test_a_service_manager_cannot_change_the_threshold(store: Store) -> None:
    manager = store.unlock("manager")
    try:
        with pytest.raises(PermissionDenied):
            SettingsService(manager).update({"disclosure_threshold": 8})
        # Nor through the function that writes it into stats.db, which the manager can open.
        with pytest.raises(PermissionDenied):
            publish_threshold(manager, 8)
        with manager.stats.connect() as conn:
            assert conn.execute(select(schema.threshold_history)).all() == []
    finally:
        manager.close()
    assert _thresholds(store, "2026Q2") == {"2026Q2": 10}


def test_a_change_is_audited_on_both_sides(store: Store) -> None:
    _set_threshold(store, 12, ENDED)
    admin = store.unlock("admin")
    try:
        with admin.case.connect() as conn:
            a = schema.case_audit.c
            case_side = conn.execute(
                select(a.actor, a.record_id).where(a.action == AuditAction.SETTINGS_CHANGED)
            ).all()
        with admin.stats.connect() as conn:
            a = schema.stats_audit.c
            stats_side = conn.execute(
                select(a.actor, a.record_id).where(a.action == AuditAction.SETTINGS_CHANGED)
            ).all()
            h = schema.threshold_history.c
            history = conn.execute(select(h.effective_from, h.threshold, h.changed_on)).all()
    finally:
        admin.close()
    assert [tuple(row) for row in case_side] == [("admin", "disclosure_threshold")]
    assert [tuple(row) for row in stats_side] == [("admin", "disclosure_threshold:2026Q2")]
    # The day of the change, not its time: who made it is the audit's to say.
    assert [tuple(row) for row in history] == [("2026Q2", 12, ENDED.date())]


@pytest.mark.parametrize(
    "command_line",
    [
        ["stats", "export", "--table", "referrals_by_route", "--period", "2026Q1", "--out", "x"],
        ["stats", "release", "--table", "referrals_by_route", "--period", "2026Q1"],
        ["stats", "report", "--period", "2026Q1", "--out", "x.pdf"],
    ],
    ids=lambda args: args[1],
)
def test_the_command_line_offers_no_threshold(
    command_line: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = [*command_line, "--threshold", "12", "--user", "manager", "--data-dir", str(tmp_path)]
    with pytest.raises(SystemExit) as exited:
        cli.main(argv)
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert "unrecognized arguments: --threshold 12" in err
    assert "Traceback" not in err
    with pytest.raises(SystemExit):
        cli.main([*command_line[:2], "--help"])
    assert "--threshold" not in capsys.readouterr().out


def test_the_stored_threshold_becomes_the_first_of_the_history(store: Store) -> None:
    """stats_0005 moves the value stat_settings held into the history, from the beginning;
    going back puts it back."""
    keystore = Keystore.load(DataDir(store.path).keystore)
    key = keystore.open_slot("admin", PASSWORDS["admin"]).key(KeyName.STATS)
    engine = dbengine.make_engine(store.path / "stats.db", key, store="stats")
    config = migrate.alembic_config("stats")
    try:
        with engine.connect() as conn:
            config.attributes["connection"] = conn
            command.downgrade(config, "stats_0004")
            conn.commit()
        anchor_as_an_older_app(store.path, "stats", "admin", PASSWORDS["admin"])
        with engine.begin() as conn:
            conn.execute(
                insert(schema.stat_settings).values(key="disclosure_threshold", value="12")
            )
    finally:
        engine.dispose()

    assert _thresholds(store, "2024Q1", "2026Q1", "FY2026") == {
        "2024Q1": 12,
        "2026Q1": 12,
        "FY2026": 12,
    }
    engine = dbengine.make_engine(store.path / "stats.db", key, store="stats")
    try:
        with engine.connect() as conn:
            h = schema.threshold_history.c
            assert [tuple(r) for r in conn.execute(select(h.effective_from, h.threshold))] == [
                (BEGINNING, 12)
            ]
            assert threshold_for(conn, parse("2030Q1")) == 12
            settings = dict(conn.execute(select(schema.stat_settings)).all())
            assert "disclosure_threshold" not in settings
            config.attributes["connection"] = conn
            command.downgrade(config, "stats_0004")
            settings = dict(conn.execute(select(schema.stat_settings)).all())
            conn.rollback()
    finally:
        engine.dispose()
    assert settings["disclosure_threshold"] == "12"
