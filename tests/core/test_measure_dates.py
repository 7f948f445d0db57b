"""Outcome measures carry the date they were taken, not the moment they were typed in: the
session's date inside a session record, the chosen date (by default today) outside one. The
chart, the first-and-last outcome and the history all go by that date."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, insert, select

from supportline.db import schema
from supportline.services.clinical import ClinicalService, InvalidClinical
from supportline.session import Session, unlock
from tests.core.test_clinical import (
    CASE_ID,
    GAD_FIRST,
    GAD_LAST,
    OPENED,
    PHQ_FIRST,
    PHQ_LAST,
    Clinic,
    build_clinic,
    copy_clinic,
)

TODAY = date(2026, 2, 23)  # the clinic's clock: the day of session 3


@pytest.fixture(scope="module")
def clinic_template(tmp_path_factory: pytest.TempPathFactory) -> Clinic:
    return build_clinic(tmp_path_factory.mktemp("measure-dates"))


@pytest.fixture
def clinic(clinic_template: Clinic, tmp_path: Path) -> Clinic:
    return copy_clinic(clinic_template, tmp_path)


@pytest.fixture
def alloc(clinic: Clinic) -> Iterator[Session]:
    session = clinic.unlock("alloc")
    yield session
    session.close()


def test_a_measure_entered_later_in_a_session_record_takes_the_sessions_date(
    clinic: Clinic, alloc: Session
) -> None:
    # Typed in on the day of session 3, for the assessment two weeks before.
    service = ClinicalService(alloc)
    service.record_measure(CASE_ID, "PHQ-9", PHQ_FIRST, clinic.appointments["assessment"])
    (point,) = service.measure_history(CASE_ID)["PHQ-9"]
    assert point.taken_on == clinic.starts["assessment"].date() == date(2026, 2, 9)
    assert point.recorded_at == clinic.clock.now


def test_a_measure_outside_a_session_keeps_the_date_it_was_taken(
    clinic: Clinic, alloc: Session
) -> None:
    service = ClinicalService(alloc)
    service.record_measure(CASE_ID, "PHQ-9", PHQ_LAST, clinic.appointments["s3"])
    # The baseline, filled in on paper on 5 February and typed in today, after session 3.
    service.record_measure(CASE_ID, "PHQ-9", PHQ_FIRST, taken_on=date(2026, 2, 5))
    points = service.measure_history(CASE_ID)["PHQ-9"]
    assert [(p.taken_on, p.total) for p in points] == [(date(2026, 2, 5), 16), (TODAY, 7)]
    assert points[0].appointment_id is None


def test_a_measure_outside_a_session_defaults_to_today(clinic: Clinic, alloc: Session) -> None:
    service = ClinicalService(alloc)
    service.record_measure(CASE_ID, "GAD-7", GAD_FIRST)
    (point,) = service.measure_history(CASE_ID)["GAD-7"]
    assert point.taken_on == TODAY


@pytest.mark.parametrize(
    ("taken_on", "reason"),
    [
        (TODAY + timedelta(days=1), "in_future"),
        (OPENED.date() - timedelta(days=1), "before_case_opened"),
    ],
)
def test_a_date_in_the_future_or_before_the_case_opened_is_refused(
    alloc: Session, taken_on: date, reason: str
) -> None:
    with pytest.raises(InvalidClinical) as info:
        ClinicalService(alloc).record_measure(CASE_ID, "PHQ-9", PHQ_FIRST, taken_on=taken_on)
    assert [(p.field, p.reason) for p in info.value.problems] == [("taken_on", reason)]
    with alloc.case.connect() as conn:
        count = conn.execute(select(func.count()).select_from(schema.measure_responses))
        assert count.scalar_one() == 0


def test_the_outcome_goes_by_the_date_taken_not_the_order_typed(
    clinic: Clinic, alloc: Session
) -> None:
    service = ClinicalService(alloc)
    # The last measures are typed in first; the baseline (taken at the assessment) afterwards.
    service.record_measure(CASE_ID, "PHQ-9", PHQ_LAST, clinic.appointments["s3"])
    service.record_measure(CASE_ID, "GAD-7", GAD_LAST, clinic.appointments["s3"])
    clinic.clock.set(clinic.clock.now + timedelta(hours=1))
    service.record_measure(CASE_ID, "PHQ-9", PHQ_FIRST, taken_on=date(2026, 2, 9))
    service.record_measure(CASE_ID, "GAD-7", GAD_FIRST, taken_on=date(2026, 2, 9))
    result = service.close_case(CASE_ID, "planned", "Finished the planned course.")
    assert result.first == {"PHQ-9": 16.0, "GAD-7": 12.0}
    assert result.last == {"PHQ-9": 7.0, "GAD-7": 5.0}


def test_migrating_an_old_store_dates_its_measures_by_their_sessions(clinic: Clinic) -> None:
    from alembic import command

    from supportline.db import engine as dbengine
    from supportline.db import migrate
    from supportline.keystore import Keystore
    from supportline.roles import KeyName
    from supportline.session import DataDir
    from tests.conftest import anchor_as_an_older_app
    from tests.core.test_clinical import ADMIN_PASSWORD

    session = clinic.unlock("alloc")
    try:
        service = ClinicalService(session)
        service.record_measure(CASE_ID, "PHQ-9", PHQ_FIRST, clinic.appointments["assessment"])
        service.record_measure(CASE_ID, "GAD-7", GAD_FIRST)
    finally:
        session.close()
    key = (
        Keystore.load(DataDir(clinic.path).keystore)
        .open_slot("admin", ADMIN_PASSWORD)
        .key(KeyName.CASE)
    )
    engine = dbengine.make_engine(clinic.path / "case.db", key, store="case")
    try:
        with engine.connect() as conn:
            # Going back past case_0011 drops the case notes keys: keep them to put back.
            wraps = [dict(row._mapping) for row in conn.execute(select(schema.case_key_wraps))]
            config = migrate.alembic_config("case")
            config.attributes["connection"] = conn
            command.downgrade(config, "case_0006")
            conn.commit()
        anchor_as_an_older_app(clinic.path, "case", "admin", ADMIN_PASSWORD)
        assert migrate.current_revision(engine) == "case_0006"
    finally:
        engine.dispose()

    admin = unlock(clinic.path, "admin", ADMIN_PASSWORD, clock=clinic.clock)  # unlocking migrates
    try:
        assert migrate.current_revision(admin.case) == migrate.head_revision("case")
        with admin.case.begin() as conn:
            conn.execute(insert(schema.case_key_wraps), wraps)
    finally:
        admin.close()
    migrated = clinic.unlock("alloc")
    try:
        history = ClinicalService(migrated).measure_history(CASE_ID)
        # Entered with the assessment: its date. Entered on its own: the day it was recorded.
        assert [p.taken_on for p in history["PHQ-9"]] == [date(2026, 2, 9)]
        assert [p.taken_on for p in history["GAD-7"]] == [TODAY]
    finally:
        migrated.close()
