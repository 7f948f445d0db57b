"""Service settings: every change validated before anything is written, and audited."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from supportline.audit import AuditAction
from supportline.db import schema
from supportline.services.settings import SPECS, InvalidSetting, SettingsService
from supportline.session import Session


def _audited(session: Session) -> list[str]:
    with session.case.connect() as conn:
        return list(
            conn.execute(
                select(schema.case_audit.c.record_id)
                .where(schema.case_audit.c.action == AuditAction.SETTINGS_CHANGED)
                .order_by(schema.case_audit.c.seq)
            ).scalars()
        )


def _stored(session: Session) -> dict[str, str]:
    with session.case.connect() as conn:
        return dict(conn.execute(select(schema.settings.c.key, schema.settings.c.value)).all())


def test_defaults_are_returned_before_anything_is_saved(admin_session: Session) -> None:
    assert SettingsService(admin_session).all() == {k: s.default for k, s in SPECS.items()}


@pytest.mark.parametrize(
    ("key", "value", "reason"),
    [
        ("idle_lock_minutes", 0, "out_of_range"),
        ("idle_lock_minutes", 121, "out_of_range"),
        ("idle_lock_minutes", "five", "not_integer"),
        ("idle_lock_minutes", None, "not_integer"),
        ("disclosure_threshold", 7, "out_of_range"),
        ("late_cancel_hours", -1, "out_of_range"),
        ("counselling_limit", 53, "out_of_range"),
        ("line_opens", "25:00", "not_a_time"),
        ("line_opens", "08:60", "not_a_time"),
        ("line_closes", "5pm", "not_a_time"),
        ("line_closes", "17", "not_a_time"),
        ("line_closes", "-1:30", "not_a_time"),
        ("allowance_year", "calendar", "not_a_choice"),
        ("dna_counts", "perhaps", "not_boolean"),
        ("no_such_setting", 1, "unknown"),
        ("stats_public_key", "AAAA", "unknown"),
        ("store_id", "other", "unknown"),
    ],
)
def test_invalid_settings_are_refused_and_nothing_is_written(
    admin_session: Session, key: str, value: Any, reason: str
) -> None:
    service = SettingsService(admin_session)
    stored, audited = _stored(admin_session), _audited(admin_session)
    with pytest.raises(InvalidSetting) as info:
        # A valid change in the same call is not written either: all or nothing.
        service.update({"travel_gap_minutes": 45, key: value})
    assert (info.value.key, info.value.reason) == (key, reason)
    assert _stored(admin_session) == stored
    assert _audited(admin_session) == audited


def test_valid_settings_are_saved_normalised_and_audited(admin_session: Session, data_dir) -> None:
    service = SettingsService(admin_session)
    result = service.update(
        {
            "idle_lock_minutes": "15",
            "line_opens": "8:05",
            "dna_counts": "no",
            "allowance_year": "rolling",
        }
    )
    assert result["idle_lock_minutes"] == 15
    assert result["line_opens"] == "08:05"
    assert result["dna_counts"] is False
    assert result["allowance_year"] == "rolling"
    assert sorted(_audited(admin_session)) == sorted(
        ["idle_lock_minutes", "line_opens", "dna_counts", "allowance_year"]
    )
    # Saved in the store, not just in memory: a new session reads the same values.
    from supportline.session import unlock
    from tests.conftest import ADMIN_PASSWORD

    other = unlock(data_dir, "admin", ADMIN_PASSWORD)
    try:
        assert SettingsService(other).all() == result
    finally:
        other.close()


def test_boundaries_are_inclusive(admin_session: Session) -> None:
    service = SettingsService(admin_session)
    assert service.update({"idle_lock_minutes": 1})["idle_lock_minutes"] == 1
    assert service.update({"idle_lock_minutes": 120})["idle_lock_minutes"] == 120
    assert service.update({"disclosure_threshold": 8})["disclosure_threshold"] == 8


def test_a_damaged_stored_value_falls_back_to_the_default(admin_session: Session) -> None:
    from sqlalchemy import insert

    with admin_session.case_tx() as conn:
        conn.execute(insert(schema.settings).values(key="idle_lock_minutes", value="9999"))
    assert SettingsService(admin_session).get("idle_lock_minutes") == 5


def test_the_disclosure_threshold_reaches_the_statistics_side(admin_session: Session) -> None:
    """The setting is kept in case.db but the statistics side, which has no case key, reads it
    from stats.db: an administrator's change must reach it, for the quarter in progress."""
    from supportline.calendar_uk import to_local
    from supportline.statistics.catalogue import StatisticsService
    from supportline.statistics.thresholds import quarter_containing

    session = admin_session
    now = session.clock()
    session.clock = lambda: now  # one quarter in progress throughout
    quarter = quarter_containing(to_local(now).date())
    statistics = StatisticsService(session)
    assert statistics.threshold(quarter) == 10
    SettingsService(session).update({"disclosure_threshold": 12})
    assert statistics.threshold(quarter) == 12
    assert statistics.output("outcomes", quarter).table.threshold == 12
