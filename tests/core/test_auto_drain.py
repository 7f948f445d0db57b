"""Statistics reflect work done in the app without anyone running a command (issue 9, item 4).

The desktop app asks :func:`outbox.drain_if_due` after sign-in and on a timer, for a session that
holds both stores' keys. Each drain and each check writes to stats.db the day it ran and what it
found, so the service manager, who cannot open the outbox, is told how fresh the figures are.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, insert, select

from supportline import cli, outbox
from supportline.db import schema
from supportline.errors import PermissionDenied
from supportline.messages import describe
from supportline.roles import Role
from supportline.services.users import UserService
from supportline.session import Session
from supportline.statistics.catalogue import StatisticsService
from tests.conftest import PASSWORDS
from tests.core.support import FakeClock

NOW = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)
TODAY = date(2026, 11, 24)


def _seal(session: Session, count: int, quarter: str = "2026Q4") -> None:
    for _ in range(count):
        outbox.seal_record(session, "contact", quarter, {"channel": "phone", "purpose": "enquiry"})


def _stat_contacts(session: Session) -> int:
    with session.stats.connect() as conn:
        c = schema.stat_counts.c
        counted = select(func.sum(c.n)).where(c.table_code == "contacts_by_outcome")
        return int(conn.execute(counted).scalar() or 0)


def _drain_audit(session: Session) -> list[tuple[str, str, str, str]]:
    a = schema.stats_audit.c
    with session.stats.connect() as conn:
        rows = conn.execute(
            select(a.actor, a.action, a.record_type, a.record_id)
            .where(a.action == "outbox.drained")
            .order_by(a.seq)
        ).all()
    return [tuple(row) for row in rows]


def test_only_a_session_holding_both_keys_drains(
    open_as: Callable[..., Session], admin: Session
) -> None:
    handler = open_as("handler")
    manager = open_as("manager")
    _seal(handler, 3)
    assert not outbox.may_drain(handler) and not outbox.may_drain(manager)
    assert outbox.drain_if_due(handler) is None and outbox.drain_if_due(manager) is None
    with pytest.raises(PermissionDenied) as info:
        outbox.drain(manager)  # allowed for the role, but no case key: it cannot reach the outbox
    assert info.value.operation == "key:case"
    assert "case key" in describe(info.value)
    assert outbox.pending_count(handler) == 3
    # A service manager who also takes calls holds both: the figures come in at their sign-in.
    UserService(admin).add_user(
        "both",
        "Both Roles",
        [Role.SERVICE_MANAGER, Role.CALL_HANDLER],
        "both password 1",
        must_change_password=False,
    )
    both = open_as("both", "both password 1")
    assert outbox.may_drain(both)
    result = outbox.drain_if_due(both)
    assert result is not None and result.taken == 3
    assert outbox.pending_count(handler) == 0 and _stat_contacts(manager) == 3


def test_the_first_check_drains_and_tells_the_manager_when(
    open_as: Callable[..., Session], admin: Session
) -> None:
    manager = open_as("manager")
    never = StatisticsService(manager).freshness()
    assert never.drained_on is None and never.live_waiting is None
    _seal(admin, 3)
    result = outbox.drain_if_due(admin)  # never drained before: due whatever the count
    assert result is not None and result.taken == 3
    fresh = StatisticsService(manager).freshness()
    assert (fresh.drained_on, fresh.checked_on, fresh.waiting, fresh.unreadable) == (
        TODAY,
        TODAY,
        0,
        0,
    )
    assert fresh.live_waiting is None  # the manager cannot count the outbox
    assert StatisticsService(admin).freshness().live_waiting == 0


def test_a_few_new_records_wait_for_a_batch_and_the_manager_sees_how_many(
    open_as: Callable[..., Session], admin: Session, clock: FakeClock
) -> None:
    outbox.drain(admin)  # up to date today
    _seal(admin, 5)
    assert outbox.drain_if_due(admin) is None  # 5 records would be dated to within minutes
    assert outbox.pending_count(admin) == 5
    manager = open_as("manager")
    fresh = StatisticsService(manager).freshness()
    assert (fresh.drained_on, fresh.checked_on, fresh.waiting) == (TODAY, TODAY, 5)
    assert StatisticsService(admin).freshness().live_waiting == 5
    _seal(admin, outbox.AUTO_DRAIN_MIN_RECORDS - 5)
    result = outbox.drain_if_due(admin)
    assert result is not None and result.taken == outbox.AUTO_DRAIN_MIN_RECORDS
    assert StatisticsService(manager).freshness().waiting == 0


def test_the_figures_are_never_a_week_behind(admin: Session, clock: FakeClock) -> None:
    outbox.drain(admin)
    _seal(admin, 2)
    clock.now = NOW + timedelta(days=outbox.AUTO_DRAIN_MAX_DAYS - 1)
    assert outbox.drain_if_due(admin) is None
    clock.now = NOW + timedelta(days=outbox.AUTO_DRAIN_MAX_DAYS)
    result = outbox.drain_if_due(admin)
    assert result is not None and result.taken == 2


def test_the_first_check_of_a_quarter_brings_the_last_one_in(
    admin: Session, clock: FakeClock
) -> None:
    clock.now = datetime(2026, 9, 29, 10, 0, tzinfo=UTC)
    outbox.drain(admin)
    _seal(admin, 1, "2026Q3")
    assert outbox.drain_if_due(admin) is None
    clock.now = datetime(2026, 10, 1, 9, 0, tzinfo=UTC)  # two days on, but a new quarter
    result = outbox.drain_if_due(admin)
    assert result is not None and result.taken == 1
    # ...so the ended quarter can now be released.
    assert StatisticsService(admin).release_blocker("2026Q3") is None


def test_records_that_will_not_open_are_counted_apart_and_cause_no_churn(
    open_as: Callable[..., Session], admin: Session
) -> None:
    with admin.case.begin() as conn:
        conn.execute(insert(schema.outbox).values(sealed=b"garbage"))
    _seal(admin, 1)
    assert outbox.drain_if_due(admin).taken == 1  # type: ignore[union-attr]
    fresh = StatisticsService(open_as("manager")).freshness()
    assert fresh.unreadable == 1 and fresh.waiting == 0
    assert StatisticsService(admin).freshness().live_waiting == 0  # the garbage is not "new"
    audited = len(_drain_audit(admin))
    for _ in range(3):  # the timer: nothing new, so nothing stored and nothing audited
        result = outbox.drain_if_due(admin)
        assert result is not None and (result.taken, result.rejected) == (0, 1)
    assert len(_drain_audit(admin)) == audited
    assert outbox.pending_count(admin) == 1


def test_the_drain_audit_and_the_status_hold_no_record_content(
    open_as: Callable[..., Session], admin: Session
) -> None:
    outbox.seal_record(
        admin,
        "referral",
        "2026Q4",
        {
            "organisation": "Zqx Marker Academy",
            "service": "counselling",
            "age_band": "25-34",
        },
    )
    _seal(admin, 1)
    outbox.drain_if_due(admin)
    entries = _drain_audit(admin)
    assert entries and all(
        (actor, record_type) == ("admin", "batch") and record_id.isdigit()
        for actor, _, record_type, record_id in entries
    )
    c = schema.stat_settings.c
    with admin.stats.connect() as conn:
        status = dict(conn.execute(select(c.key, c.value).where(c.key.like("outbox_%"))).all())
    assert set(status) == {
        "outbox_drained_on",
        "outbox_unreadable",
        "outbox_checked_on",
        "outbox_waiting",
    }
    assert status["outbox_drained_on"] == '"2026-11-24"'  # a day, never a time
    assert all("Zqx" not in value for value in status.values())


def test_the_command_is_kept_for_automation_and_records_the_day(
    store: Path,
    open_as: Callable[..., Session],
    admin: Session,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _seal(admin, 2)
    monkeypatch.setenv(cli.PASSWORD_ENV, PASSWORDS["admin"])
    code = cli.main(["stats", "drain", "--data-dir", str(store), "--user", "admin"])
    out, _ = capsys.readouterr()
    assert code == 0 and out.startswith("Moved 2 record(s)")
    drained_on = StatisticsService(open_as("manager")).freshness().drained_on
    # The command line runs on the real clock (and London's date may be a day off UTC's).
    assert drained_on is not None and abs((drained_on - datetime.now(UTC).date()).days) <= 1
    monkeypatch.setenv(cli.PASSWORD_ENV, PASSWORDS["manager"])
    code = cli.main(["stats", "drain", "--data-dir", str(store), "--user", "manager"])
    _, err = capsys.readouterr()
    assert code == 1 and len(err.strip().splitlines()) == 1 and "case key" in err
