"""The statistics audit says on which day something happened, never the time of day.

Its entries sit beside stats.db's anonymous counts: a drain or a keyed form stamped to the
second could be lined up with the case side's own audit (who printed or closed what, when) to
say whose records arrived. On the statistics side the day is enough to answer "who did what".
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from pathlib import Path

from sqlalchemy import select

from supportline.audit import verify_chain
from supportline.db import schema
from tests.statistics.stores import add_referrals, make_store


def test_every_statistics_audit_entry_is_stamped_with_its_day_only(tmp_path: Path) -> None:
    store = make_store(tmp_path)
    store.clock.now = datetime(2026, 2, 10, 14, 37, 21, tzinfo=UTC)
    add_referrals(store, 12, seed=3)
    store.clock.now += timedelta(minutes=5)
    assert store.drain().taken == 12
    admin = store.unlock("admin")
    try:
        with admin.stats.connect() as conn:
            a = schema.stats_audit.c
            rows = conn.execute(select(a.action, a.at).order_by(a.seq)).all()
            problems, _head = verify_chain(conn, schema.stats_audit, "stats")
        with admin.case.connect() as conn:
            c = schema.case_audit.c
            case_times = list(conn.execute(select(c.at)).scalars())
    finally:
        admin.close()
    assert any(action == "outbox.drained" for action, _ in rows)
    for action, at in rows:
        assert at.replace(tzinfo=UTC).timetz() == time(0, 0, tzinfo=UTC), (action, at)
    assert problems == []  # the chain still verifies
    # The case side keeps its exact times (nothing changed there).
    assert any(at.replace(tzinfo=UTC).time() != time(0, 0) for at in case_times)
