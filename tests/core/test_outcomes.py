"""NHS Talking Therapies outcome rules (issue 5), on hand-worked cases at every boundary.

Rules, as published for NHS Talking Therapies and restated here independently of the code:
caseness is PHQ-9 >= 10 or GAD-7 >= 8; a reliable change is 6 or more on PHQ-9 and 4 or more on
GAD-7; reliable improvement needs a reliable fall on at least one measure and no reliable rise on
the other; recovery is caseness at the start and on neither measure at the end; reliable
recovery is both; fewer than two attended sessions is not a finished course.
"""

from __future__ import annotations

import pytest

from supportline.measures import Outcome, talking_therapies_outcome


def scores(phq: float, gad: float) -> dict[str, float]:
    return {"PHQ-9": phq, "GAD-7": gad}


REC, RREC, IMP = Outcome.RECOVERY, Outcome.RELIABLE_RECOVERY, Outcome.RELIABLE_IMPROVEMENT
DET, NRC = Outcome.RELIABLE_DETERIORATION, Outcome.NO_RELIABLE_CHANGE

# (first PHQ-9, first GAD-7) -> (last PHQ-9, last GAD-7): the expected category and flags
# (caseness at start, at end, reliable improvement, reliable deterioration, recovery) as 1/0.
CASES = [
    # PHQ-9 caseness boundary: 10 is a case, 9 is not; a fall of 1 is not reliable.
    pytest.param((10, 0), (9, 0), REC, (1, 0, 0, 0, 1), id="phq-10-to-9"),
    pytest.param((10, 0), (10, 0), NRC, (1, 1, 0, 0, 0), id="phq-10-stays"),
    pytest.param((9, 7), (9, 7), NRC, (0, 0, 0, 0, 0), id="never-a-case"),
    # PHQ-9 falls of 5 (not reliable) and 6 (reliable), staying at caseness.
    pytest.param((20, 0), (15, 0), NRC, (1, 1, 0, 0, 0), id="phq-fall-5"),
    pytest.param((20, 0), (14, 0), IMP, (1, 1, 1, 0, 0), id="phq-fall-6"),
    # A fall of 5 out of caseness is recovery without reliable improvement; 6 is reliable recovery.
    pytest.param((14, 0), (9, 0), REC, (1, 0, 0, 0, 1), id="phq-fall-5-recovered"),
    pytest.param((15, 0), (9, 0), RREC, (1, 0, 1, 0, 1), id="phq-fall-6-recovered"),
    # GAD-7 caseness boundary: 8 is a case, 7 is not.
    pytest.param((0, 8), (0, 7), REC, (1, 0, 0, 0, 1), id="gad-8-to-7"),
    pytest.param((0, 8), (0, 8), NRC, (1, 1, 0, 0, 0), id="gad-8-stays"),
    # GAD-7 falls of 3 and 4 at caseness.
    pytest.param((0, 15), (0, 12), NRC, (1, 1, 0, 0, 0), id="gad-fall-3"),
    pytest.param((0, 15), (0, 11), IMP, (1, 1, 1, 0, 0), id="gad-fall-4"),
    pytest.param((0, 11), (0, 7), RREC, (1, 0, 1, 0, 1), id="gad-fall-4-recovered"),
    # Rises: PHQ-9 6 (reliable) and 5 (not); GAD-7 4 (reliable) and 3 (not).
    pytest.param((3, 0), (9, 0), DET, (0, 0, 0, 1, 0), id="phq-rise-6"),
    pytest.param((3, 0), (8, 0), NRC, (0, 0, 0, 0, 0), id="phq-rise-5"),
    pytest.param((0, 2), (0, 6), DET, (0, 0, 0, 1, 0), id="gad-rise-4"),
    pytest.param((0, 2), (0, 5), NRC, (0, 0, 0, 0, 0), id="gad-rise-3"),
    pytest.param((12, 9), (18, 9), DET, (1, 1, 0, 1, 0), id="phq-rise-6-at-caseness"),
    # Improvement on one measure with deterioration on the other is NOT improvement.
    pytest.param((20, 2), (14, 6), DET, (1, 1, 0, 1, 0), id="phq-down-gad-up"),
    pytest.param((3, 15), (9, 11), DET, (1, 1, 0, 1, 0), id="gad-down-phq-up"),
    # ...even when both end below caseness (recovered, but reliably worse on one measure).
    pytest.param((16, 3), (9, 7), DET, (1, 0, 0, 1, 1), id="recovered-but-gad-up"),
    # Improvement on one, non-reliable rise on the other: still improvement.
    pytest.param((20, 2), (14, 5), IMP, (1, 1, 1, 0, 0), id="phq-down-gad-up-3"),
    # Reliable improvement without ever being a case: improvement, never recovery.
    pytest.param((8, 7), (2, 1), IMP, (0, 0, 1, 0, 0), id="improved-non-case"),
    # Reliable recovery on both measures.
    pytest.param((18, 12), (6, 5), RREC, (1, 0, 1, 0, 1), id="reliable-recovery"),
    # Recovery without reliable improvement on either measure.
    pytest.param((11, 9), (7, 6), REC, (1, 0, 0, 0, 1), id="recovery-only"),
]


@pytest.mark.parametrize(("first", "last", "category", "flags"), CASES)
def test_hand_worked_outcomes(
    first: tuple[int, int],
    last: tuple[int, int],
    category: Outcome,
    flags: tuple[int, int, int, int, int],
) -> None:
    result = talking_therapies_outcome(scores(*first), scores(*last), attended_sessions=4)
    assert result.category is category
    assert (
        result.caseness_start,
        result.caseness_end,
        result.reliable_improvement,
        result.reliable_deterioration,
        result.recovery,
    ) == tuple(bool(f) for f in flags)
    assert result.reliable_recovery is (category is Outcome.RELIABLE_RECOVERY)


@pytest.mark.parametrize("attended", [0, 1])
def test_fewer_than_two_attended_sessions_is_not_a_finished_course(attended: int) -> None:
    # A reliable recovery on the scores, but one session is not a course of treatment.
    result = talking_therapies_outcome(scores(18, 12), scores(6, 5), attended)
    assert result.category is Outcome.NOT_FINISHED
    assert not (result.recovery or result.reliable_improvement or result.reliable_recovery)
    assert result.caseness_start is None and result.caseness_end is None


def test_two_attended_sessions_is_a_finished_course() -> None:
    result = talking_therapies_outcome(scores(18, 12), scores(6, 5), 2)
    assert result.category is Outcome.RELIABLE_RECOVERY


@pytest.mark.parametrize(
    ("first", "last"),
    [
        ({}, {}),
        ({"PHQ-9": 18}, {"PHQ-9": 6}),  # no GAD-7 at all
        ({"PHQ-9": 18, "GAD-7": 12}, {"PHQ-9": 6}),  # no last GAD-7
        ({"GAD-7": 12}, {"PHQ-9": 6, "GAD-7": 5}),  # no first PHQ-9
        ({"TEST-WB4": 1.5}, {"TEST-WB4": 4.5}),  # another measure does not stand in
    ],
)
def test_missing_measures_are_not_measured(first: dict[str, float], last: dict[str, float]) -> None:
    result = talking_therapies_outcome(first, last, 5)
    assert result.category is Outcome.NOT_MEASURED
    assert not (result.recovery or result.reliable_improvement or result.reliable_deterioration)


def test_outcome_categories_are_the_statistics_vocabulary() -> None:
    """The change categories DESIGN 6 lets through to statistics, and nothing else."""
    assert {o.value for o in Outcome} == {
        "not_finished_course",
        "not_measured",
        "reliable_recovery",
        "recovery",
        "reliable_improvement",
        "reliable_deterioration",
        "no_reliable_change",
    }
