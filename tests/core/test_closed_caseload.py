"""Closed cases stay within the counsellor's reach: the caseload can include them, most recently
closed first, and their clinical record stays readable by the allocated counsellor only. A
closed case takes no new measures or assessment."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from supportline.services.clinical import ClinicalError, ClinicalService
from supportline.session import Session
from tests.core.test_clinical import (
    CASE_ID,
    MEDIATION_CASE_ID,
    PHQ_FIRST,
    Clinic,
    assessment_input,
    build_clinic,
    copy_clinic,
)


@pytest.fixture(scope="module")
def clinic_template(tmp_path_factory: pytest.TempPathFactory) -> Clinic:
    return build_clinic(tmp_path_factory.mktemp("closed-caseload"))


@pytest.fixture
def clinic(clinic_template: Clinic, tmp_path: Path) -> Clinic:
    return copy_clinic(clinic_template, tmp_path)


@pytest.fixture
def alloc(clinic: Clinic) -> Iterator[Session]:
    session = clinic.unlock("alloc")
    yield session
    session.close()


def _close_both(clinic: Clinic, service: ClinicalService) -> None:
    service.write_note(clinic.appointments["s3"], "Zqxnote: the last session went well.")
    service.close_case(CASE_ID, "planned", "Finished the planned course.")
    clinic.clock.set(clinic.clock.now + timedelta(hours=3))
    service.close_case(MEDIATION_CASE_ID, "ended_early", "The parties settled it themselves.")


def test_closed_cases_leave_the_caseload_but_can_be_listed_recent_first(
    clinic: Clinic, alloc: Session
) -> None:
    service = ClinicalService(alloc)
    _close_both(clinic, service)
    assert service.caseload() == []
    listed = service.caseload(include_closed=True)
    assert [i.case_id for i in listed] == [MEDIATION_CASE_ID, CASE_ID]  # most recent first
    item = listed[1]
    assert (item.status, item.stage, item.next_session) == ("closed", "closed", None)
    assert item.closed_at == clinic.clock.now - timedelta(hours=3)
    assert item.attended == 3 and item.booked == 0  # closure cancelled what was booked
    assert item.opened_at is not None


def test_open_cases_come_before_closed_ones(clinic: Clinic, alloc: Session) -> None:
    service = ClinicalService(alloc)
    service.close_case(MEDIATION_CASE_ID, "ended_early", "The parties settled it themselves.")
    assert [(i.case_id, i.status) for i in service.caseload(include_closed=True)] == [
        (CASE_ID, "active"),
        (MEDIATION_CASE_ID, "closed"),
    ]


def test_a_closed_case_stays_readable_by_its_counsellor_only(
    clinic: Clinic, alloc: Session
) -> None:
    service = ClinicalService(alloc)
    service.save_assessment(CASE_ID, assessment_input())
    _close_both(clinic, service)
    notes = service.notes(clinic.appointments["s3"])
    assert [n.text for n in notes] == ["Zqxnote: the last session went well."]
    assert service.assessment(CASE_ID) is not None
    other = clinic.unlock("other")
    try:
        assert ClinicalService(other).caseload(include_closed=True) == []
    finally:
        other.close()


def test_a_closed_case_takes_no_new_measure_or_assessment(clinic: Clinic, alloc: Session) -> None:
    service = ClinicalService(alloc)
    _close_both(clinic, service)
    with pytest.raises(ClinicalError) as measure:
        service.record_measure(CASE_ID, "PHQ-9", PHQ_FIRST)
    with pytest.raises(ClinicalError) as assessment:
        service.save_assessment(CASE_ID, assessment_input())
    assert measure.value.reason == assessment.value.reason == "case_closed"
