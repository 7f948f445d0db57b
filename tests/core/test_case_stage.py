"""Where a case stands, decided once in the core from its status, its counsellor and its
bookings: every screen that shows a case's stage shows this one."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import update

from supportline.db import schema
from supportline.services.cases import CASE_STAGES, STATUSES, CaseService, case_stage
from supportline.services.clinical import ClinicalService
from supportline.session import Session
from tests.core.test_clinical import CASE_ID, Clinic, build_clinic, copy_clinic


@pytest.fixture(scope="module")
def clinic_template(tmp_path_factory: pytest.TempPathFactory) -> Clinic:
    return build_clinic(tmp_path_factory.mktemp("stages"))


@pytest.fixture
def clinic(clinic_template: Clinic, tmp_path: Path) -> Clinic:
    return copy_clinic(clinic_template, tmp_path)


@pytest.fixture
def alloc(clinic: Clinic) -> Iterator[Session]:
    session = clinic.unlock("alloc")
    yield session
    session.close()


@pytest.mark.parametrize("status", STATUSES)
@pytest.mark.parametrize("allocated", [False, True])
@pytest.mark.parametrize("sessions", [0, 2])
def test_every_status_and_fact_has_a_known_stage(
    status: str, allocated: bool, sessions: int
) -> None:
    assert case_stage(status, allocated, sessions) in CASE_STAGES


def test_the_stage_follows_the_real_state() -> None:
    assert case_stage("waiting", False, 0) == "waiting_assessment"
    assert case_stage("assessment_booked", True, 1) == "assessment_booked"
    assert case_stage("active", False, 0) == "awaiting_counsellor"
    assert case_stage("active", True, 0) == "sessions_to_book"
    assert case_stage("active", True, 3) == "in_sessions"
    assert case_stage("closed", True, 0) == "closed"


def test_an_active_booked_case_is_in_sessions_everywhere(clinic: Clinic, alloc: Session) -> None:
    # The clinic's case: active, its counsellor allocated, two sessions booked ahead.
    assert CaseService(alloc).get(CASE_ID).stage == "in_sessions"
    item = next(i for i in ClinicalService(alloc).caseload() if i.case_id == CASE_ID)
    assert item.stage == "in_sessions"

    # Still in sessions once the bookings have passed (the caseload says none is booked).
    clinic.clock.set(clinic.starts["future2"] + timedelta(days=1))
    assert CaseService(alloc).get(CASE_ID).stage == "in_sessions"


def test_an_assessed_case_with_no_sessions_waits_for_them(clinic: Clinic, alloc: Session) -> None:
    admin = clinic.unlock("admin")
    try:
        with admin.case_tx() as conn:
            a = schema.appointments.c
            conn.execute(
                update(schema.appointments)
                .where(a.case_id == CASE_ID, a.kind == "session")
                .values(status="cancelled_service")
            )
    finally:
        admin.close()
    assert CaseService(alloc).get(CASE_ID).stage == "sessions_to_book"
    item = next(i for i in ClinicalService(alloc).caseload() if i.case_id == CASE_ID)
    assert item.stage == "sessions_to_book"


def test_an_unallocated_active_case_waits_for_a_counsellor(clinic: Clinic, alloc: Session) -> None:
    admin = clinic.unlock("admin")
    try:
        with admin.case_tx() as conn:
            conn.execute(
                update(schema.cases).where(schema.cases.c.id == CASE_ID).values(counsellor_id=None)
            )
        assert CaseService(admin).get(CASE_ID).stage == "awaiting_counsellor"
        items = {i.case_id: i for i in CaseService(admin).waiting_list()}
        assert items[CASE_ID].stage == "awaiting_counsellor"
    finally:
        admin.close()
