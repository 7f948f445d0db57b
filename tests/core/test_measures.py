"""Outcome measures as data (issue 5): known-answer scoring, bands, prorating, risk items, the
published PHQ-9 and GAD-7 wording, and a synthetic licensed-style measure loaded from a folder.

Every expected total below is worked by hand from the published scoring rules, not computed with
the code under test.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from supportline.measures import (
    Measure,
    MeasureError,
    builtin_measures,
    load_measures,
    parse_definition,
    score,
)

OPTIONS_0_3 = ["Not at all", "Several days", "More than half the days", "Nearly every day"]

# The published wording (Spitzer, Williams, Kroenke et al.; reproduction needs no permission),
# typed out here independently of resources/measures/*.json.
PHQ9_INSTRUCTIONS = (
    "Over the last 2 weeks, how often have you been bothered by any of the following problems?"
)
PHQ9_ITEMS = {
    1: "Little interest or pleasure in doing things",
    2: "Feeling down, depressed, or hopeless",
    3: "Trouble falling or staying asleep, or sleeping too much",
    4: "Feeling tired or having little energy",
    5: "Poor appetite or overeating",
    6: "Feeling bad about yourself \u2014 or that you are a failure or have let yourself or your "
    "family down",
    7: "Trouble concentrating on things, such as reading the newspaper or watching television",
    8: "Moving or speaking so slowly that other people could have noticed? Or the opposite "
    "\u2014 being so fidgety or restless that you have been moving around a lot more than usual",
    9: "Thoughts that you would be better off dead or of hurting yourself in some way",
}
PHQ9_ITEM_10 = (
    "If you checked off any problems, how difficult have these problems made it for you to do "
    "your work, take care of things at home, or get along with other people?"
)
GAD7_INSTRUCTIONS = (
    "Over the last 2 weeks, how often have you been bothered by the following problems?"
)
GAD7_ITEMS = {
    1: "Feeling nervous, anxious, or on edge",
    2: "Not being able to stop or control worrying",
    3: "Worrying too much about different things",
    4: "Trouble relaxing",
    5: "Being so restless that it is hard to sit still",
    6: "Becoming easily annoyed or irritable",
    7: "Feeling afraid, as if something awful might happen",
}
DIFFICULTY = ["Not difficult at all", "Somewhat difficult", "Very difficult", "Extremely difficult"]


@pytest.fixture(scope="module")
def phq9() -> Measure:
    return builtin_measures()["PHQ-9"]


@pytest.fixture(scope="module")
def gad7() -> Measure:
    return builtin_measures()["GAD-7"]


def summing_to(total: int, items: int, skip: tuple[int, ...] = ()) -> dict[int, int | None]:
    """Answers (0-3) to items 1..items summing to ``total``, filled from item 1 upward; the
    numbers in ``skip`` are left unanswered."""
    answers: dict[int, int | None] = {}
    left = total
    for number in range(1, items + 1):
        if number in skip:
            answers[number] = None
            continue
        answers[number] = min(3, left)
        left -= answers[number]
    assert left == 0, "test data: total out of reach"
    return answers


# -- PHQ-9 ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("total", "band", "case"),
    [
        (0, "Minimal", False),
        (4, "Minimal", False),
        (5, "Mild", False),
        (9, "Mild", False),
        (10, "Moderate", True),
        (14, "Moderate", True),
        (15, "Moderately severe", True),
        (19, "Moderately severe", True),
        (20, "Severe", True),
        (27, "Severe", True),
    ],
)
def test_phq9_totals_and_bands_at_every_boundary(
    phq9: Measure, total: int, band: str, case: bool
) -> None:
    # Fill from item 1 so item 9 (the risk item) stays 0 except at 27, where it must be 3.
    result = score(phq9, summing_to(total, 9))
    assert result.total == total
    assert result.band == band
    assert result.valid and result.missing == 0 and not result.prorated
    assert phq9.is_case(total) is case
    assert result.risk_items == ((9,) if total > 24 else ())


def test_phq9_one_missing_item_is_prorated(phq9: Measure) -> None:
    # 8 answered summing 16: 16 * 9 / 8 = 18.
    result = score(phq9, summing_to(16, 9, skip=(4,)))
    assert (result.total, result.band, result.missing, result.prorated) == (
        18,
        "Moderately severe",
        1,
        True,
    )
    # An absent key counts as missing exactly like None.
    answers = {n: v for n, v in summing_to(16, 9, skip=(4,)).items() if v is not None}
    assert score(phq9, answers).total == 18


def test_prorating_rounds_half_up_not_to_even(phq9: Measure, gad7: Measure) -> None:
    # PHQ-9: 8 answered summing 4 -> 4.5 -> 5 (banker's rounding would give 4, another band).
    result = score(phq9, summing_to(4, 9, skip=(9,)))
    assert (result.total, result.band) == (5, "Mild")
    # GAD-7: 6 answered summing 9 -> 10.5 -> 11 (banker's: 10).
    assert score(gad7, summing_to(9, 7, skip=(7,))).total == 11
    # 8 answered summing 15 -> 16.875 -> 17.
    assert score(phq9, summing_to(15, 9, skip=(1,))).total == 17


def test_phq9_two_missing_items_is_invalid(phq9: Measure) -> None:
    result = score(phq9, summing_to(16, 9, skip=(2, 5)))
    assert result.total is None and result.band is None
    assert not result.valid
    assert result.missing == 2
    assert score(phq9, {}).total is None


def test_phq9_item_9_above_zero_raises_the_risk_item(phq9: Measure) -> None:
    quiet = summing_to(0, 9)
    assert score(phq9, quiet).risk_items == ()
    for value in (1, 2, 3):
        result = score(phq9, {**quiet, 9: value})
        assert result.risk_items == (9,)
        assert result.total == value
    # Other items at their maximum raise nothing.
    assert score(phq9, {**summing_to(24, 9)}).risk_items == ()
    # A risk answer is raised even when the total cannot be scored: risk never waits on scoring.
    invalid = score(phq9, {1: None, 2: None, 9: 2})
    assert not invalid.valid and invalid.risk_items == (9,)
    assert phq9.risk_prompt  # the counsellor is told what to do


def test_phq9_item_10_is_asked_but_not_scored(phq9: Measure) -> None:
    result = score(phq9, {**summing_to(7, 9), 10: 3})
    assert result.total == 7
    assert [i.number for i in phq9.extra_items] == [10]


@pytest.mark.parametrize("number", [0, 11, -1, 99])
def test_unknown_items_are_rejected(phq9: Measure, number: int) -> None:
    with pytest.raises(MeasureError) as info:
        score(phq9, {**summing_to(3, 9), number: 1})
    assert info.value.reason == "unknown_item"


@pytest.mark.parametrize("value", [4, -1, 7, "2", 1.5])
def test_answers_outside_the_options_are_rejected(phq9: Measure, value: object) -> None:
    with pytest.raises(MeasureError) as info:
        score(phq9, {**summing_to(3, 9), 5: value})  # type: ignore[dict-item]
    assert info.value.reason == "bad_answer"


@pytest.mark.parametrize("value", [4, -1, 9])
def test_extra_item_answers_outside_their_options_are_rejected(phq9: Measure, value: int) -> None:
    with pytest.raises(MeasureError) as info:
        score(phq9, {**summing_to(3, 9), 10: value})
    assert info.value.reason == "bad_answer"


def test_extra_item_answer_is_kept_with_the_response(phq9: Measure) -> None:
    """Item 10 is asked so that its answer is recorded: dropping it would lose the answer."""
    result = score(phq9, {**summing_to(3, 9), 10: 2})
    assert result.answers[10] == 2
    assert result.total == 3


def test_phq9_wording_is_the_published_wording(phq9: Measure) -> None:
    assert phq9.id == "PHQ-9"
    assert phq9.instructions == PHQ9_INSTRUCTIONS
    assert {i.number: i.text for i in phq9.items} == PHQ9_ITEMS
    for item in phq9.items:
        assert [(o.value, o.label) for o in item.options] == list(enumerate(OPTIONS_0_3))
        assert item.risk is (item.number == 9)
        assert not item.reverse
    (extra,) = phq9.extra_items
    assert extra.text == PHQ9_ITEM_10
    assert [o.label for o in extra.options] == DIFFICULTY
    assert "No permission required" in phq9.licence
    assert (phq9.clinical_cutoff, phq9.reliable_change, phq9.higher_is_worse) == (10, 6, True)
    assert (phq9.total_min, phq9.total_max, phq9.max_missing) == (0, 27, 1)


# -- GAD-7 ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("total", "band", "case"),
    [
        (0, "Minimal", False),
        (4, "Minimal", False),
        (5, "Mild", False),
        (7, "Mild", False),
        (8, "Mild", True),
        (9, "Mild", True),
        (10, "Moderate", True),
        (14, "Moderate", True),
        (15, "Severe", True),
        (21, "Severe", True),
    ],
)
def test_gad7_totals_and_bands_at_every_boundary(
    gad7: Measure, total: int, band: str, case: bool
) -> None:
    result = score(gad7, summing_to(total, 7))
    assert (result.total, result.band, result.missing) == (total, band, 0)
    assert result.risk_items == ()
    assert gad7.is_case(total) is case


def test_gad7_missing_items(gad7: Measure) -> None:
    # 6 answered summing 12: 12 * 7 / 6 = 14 (Moderate); two missing: invalid.
    assert score(gad7, summing_to(12, 7, skip=(3,))).total == 14
    assert score(gad7, summing_to(12, 7, skip=(3, 6))).total is None
    with pytest.raises(MeasureError):
        score(gad7, {**summing_to(1, 7), 8: 7})
    with pytest.raises(MeasureError):
        score(gad7, {**summing_to(1, 7), 9: 0})


def test_gad7_wording_is_the_published_wording(gad7: Measure) -> None:
    assert gad7.instructions == GAD7_INSTRUCTIONS
    assert {i.number: i.text for i in gad7.items} == GAD7_ITEMS
    for item in gad7.items:
        assert [(o.value, o.label) for o in item.options] == list(enumerate(OPTIONS_0_3))
        assert not item.risk and not item.reverse
    assert [o.label for o in gad7.extra_items[0].options] == DIFFICULTY
    assert (gad7.clinical_cutoff, gad7.reliable_change, gad7.higher_is_worse) == (8, 4, True)
    assert (gad7.total_min, gad7.total_max) == (0, 21)


def test_builtin_bands_cover_every_possible_total_without_overlap() -> None:
    for measure in builtin_measures().values():
        for total in range(int(measure.total_min), int(measure.total_max) + 1):
            labels = [b.label for b in measure.bands if b.min <= total <= b.max]
            assert len(labels) == 1, (measure.id, total, labels)


# -- a synthetic measure in the licensed-measure format ------------------------------------------

# Invented wording, NOT any real licensed measure: a 1-5 scale, items 2 and 4 reverse scored,
# scored as the mean, higher is better (like WEMWBS), caseness at or below 2.5.
SYNTHETIC = {
    "format": 1,
    "id": "TEST-WB4",
    "name": "Synthetic wellbeing check (test only)",
    "licence": "Test fixture; not a real measure.",
    "instructions": "Think about the last week.",
    "options": [
        {"value": 1, "label": "Never"},
        {"value": 2, "label": "Rarely"},
        {"value": 3, "label": "Sometimes"},
        {"value": 4, "label": "Often"},
        {"value": 5, "label": "Always"},
    ],
    "items": [
        {"number": 1, "text": "I felt like a teapot"},
        {"number": 2, "text": "I felt like a saucepan", "reverse": True},
        {"number": 3, "text": "I felt like a kettle"},
        {"number": 4, "text": "I felt like a colander", "reverse": True},
    ],
    "scoring": {"method": "mean", "min": 1, "max": 5, "max_missing": 1, "prorate": "none"},
    "bands": [
        {"min": 1, "max": 2.5, "label": "Low"},
        {"min": 2.51, "max": 3.5, "label": "Middle"},
        {"min": 3.51, "max": 5, "label": "High"},
    ],
    "clinical_cutoff": 2.5,
    "reliable_change": 0.5,
    "higher_is_worse": False,
}


@pytest.fixture
def synthetic() -> Measure:
    return parse_definition(SYNTHETIC)


def test_reverse_scored_items_score_min_plus_max_minus_value(synthetic: Measure) -> None:
    # Reverse items: 1 -> 5, 2 -> 4, 5 -> 1 on a 1-5 scale.
    assert score(synthetic, {1: 1, 2: 1, 3: 1, 4: 1}).total == 3.0  # (1 + 5 + 1 + 5) / 4
    assert score(synthetic, {1: 5, 2: 5, 3: 5, 4: 5}).total == 3.0  # (5 + 1 + 5 + 1) / 4
    assert score(synthetic, {1: 5, 2: 1, 3: 5, 4: 1}).total == 5.0
    assert score(synthetic, {1: 1, 2: 5, 3: 1, 4: 5}).total == 1.0
    assert score(synthetic, {1: 3, 2: 2, 3: 3, 4: 4}).total == 3.0  # (3 + 4 + 3 + 2) / 4
    # The stored answers are what was ticked, not the reversed scores.
    assert score(synthetic, {1: 1, 2: 1, 3: 1, 4: 1}).answers == {1: 1, 2: 1, 3: 1, 4: 1}


def test_mean_bands_and_caseness_direction(synthetic: Measure) -> None:
    # Low is worse on this scale: caseness is at or BELOW the cut-off.
    low = score(synthetic, {1: 2, 2: 4, 3: 2, 4: 3})  # 2, 2, 2, 3 -> 2.25
    assert (low.total, low.band) == (2.25, "Low")
    assert synthetic.is_case(2.25) and synthetic.is_case(2.5)
    edge = score(synthetic, {1: 2, 2: 3, 3: 3, 4: 4})  # 2, 3, 3, 2 -> 2.5
    assert (edge.total, edge.band) == (2.5, "Low") and synthetic.is_case(edge.total)
    above = score(synthetic, {1: 3, 2: 3, 3: 3, 4: 4})  # 3, 3, 3, 2 -> 2.75
    assert (above.total, above.band) == (2.75, "Middle")
    assert not synthetic.is_case(above.total)
    high = score(synthetic, {1: 4, 2: 2, 3: 4, 4: 3})  # 4, 4, 4, 3 -> 3.75
    assert (high.total, high.band) == (3.75, "High") and not synthetic.is_case(3.75)


def test_mean_with_a_missing_item_and_rounding(synthetic: Measure) -> None:
    # One missing (allowed): the mean of the three answered, to two places, half up.
    result = score(synthetic, {1: 4, 2: 2, 3: 5})  # 4, 4, 5 -> 4.333.. -> 4.33
    assert (result.total, result.missing, result.band) == (4.33, 1, "High")
    assert score(synthetic, {1: 5, 2: 1, 4: 2}).total == 4.67  # 5, 5, 4 -> 4.666.. -> 4.67
    assert score(synthetic, {1: 5, 3: None}).total is None  # two missing: invalid
    with pytest.raises(MeasureError):
        score(synthetic, {1: 0, 2: 1, 3: 1, 4: 1})  # 0 is not an option on a 1-5 scale
    with pytest.raises(MeasureError):
        score(synthetic, {1: 6, 2: 1, 3: 1, 4: 1})


def test_load_measures_picks_up_a_licensed_measure_from_a_folder(tmp_path: Path) -> None:
    folder = tmp_path / "measures"
    folder.mkdir()
    (folder / "wb4.json").write_text(json.dumps(SYNTHETIC), "utf-8")
    (folder / "notes.txt").write_text("not a measure", "utf-8")
    measures = load_measures(folder)
    assert set(measures) == {"PHQ-9", "GAD-7", "TEST-WB4"}
    loaded = measures["TEST-WB4"]
    assert [i.reverse for i in loaded.items] == [False, True, False, True]
    assert loaded.method == "mean" and loaded.higher_is_worse is False
    assert score(loaded, {1: 5, 2: 1, 3: 5, 4: 1}).total == 5.0
    # Without the folder (or with a missing one) only the published measures are there.
    assert set(load_measures(None)) == {"PHQ-9", "GAD-7"}
    assert set(load_measures(tmp_path / "nowhere")) == {"PHQ-9", "GAD-7"}


@pytest.mark.parametrize(
    "broken",
    [
        "{not json",
        json.dumps({**SYNTHETIC, "scoring": {**SYNTHETIC["scoring"], "method": "median"}}),
        json.dumps({**SYNTHETIC, "scoring": {**SYNTHETIC["scoring"], "prorate": "guess"}}),
        json.dumps({k: v for k, v in SYNTHETIC.items() if k != "bands"}),
        json.dumps({**SYNTHETIC, "items": SYNTHETIC["items"] + [SYNTHETIC["items"][0]]}),
    ],
)
def test_a_broken_definition_is_refused_not_half_loaded(tmp_path: Path, broken: str) -> None:
    folder = tmp_path / "measures"
    folder.mkdir()
    (folder / "bad.json").write_text(broken, "utf-8")
    with pytest.raises(MeasureError) as info:
        load_measures(folder)
    assert info.value.reason == "bad_definition"
