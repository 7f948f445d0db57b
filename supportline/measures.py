"""Outcome measures as data, their scoring, and the NHS Talking Therapies outcome rules.

A measure (``resources/measures/*.json``, format in that folder's README) defines its items,
response options, reverse-scored and risk items, the missing-item and prorating rule, bands, the
clinical cut-off and the reliable-change threshold. Scoring follows those rules exactly; no
measure's logic is written in code.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from .errors import SupportLineError


class MeasureError(SupportLineError):
    code = "measure_error"

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


@dataclass(frozen=True)
class Option:
    value: int
    label: str


@dataclass(frozen=True)
class Item:
    number: int
    text: str
    options: tuple[Option, ...]
    reverse: bool = False
    risk: bool = False


@dataclass(frozen=True)
class Band:
    min: float
    max: float
    label: str


@dataclass(frozen=True)
class Measure:
    id: str
    name: str
    licence: str
    instructions: str
    items: tuple[Item, ...]
    extra_items: tuple[Item, ...]
    method: str
    total_min: float
    total_max: float
    max_missing: int
    prorate: str
    bands: tuple[Band, ...]
    clinical_cutoff: float
    reliable_change: float
    higher_is_worse: bool
    risk_prompt: str

    def band(self, total: float) -> str:
        for band in self.bands:
            if band.min <= total <= band.max:
                return band.label
        raise MeasureError("no_band", f"{self.id} {total}")

    def is_case(self, total: float) -> bool:
        return (
            total >= self.clinical_cutoff if self.higher_is_worse else total <= self.clinical_cutoff
        )


@dataclass(frozen=True)
class Score:
    measure_id: str
    total: float | None  # None: too many items missing to score
    band: str | None
    missing: int
    prorated: bool
    risk_items: tuple[int, ...]  # risk items answered above their lowest option
    answers: dict[int, int]

    @property
    def valid(self) -> bool:
        return self.total is not None


def _parse(data: Mapping[str, Any]) -> Measure:
    try:
        shared = tuple(Option(int(o["value"]), str(o["label"])) for o in data.get("options", []))

        def item(raw: Mapping[str, Any]) -> Item:
            options = (
                tuple(Option(int(o["value"]), str(o["label"])) for o in raw.get("options", []))
                or shared
            )
            if not options:
                raise MeasureError("no_options", str(raw.get("number")))
            return Item(
                int(raw["number"]),
                str(raw["text"]),
                options,
                bool(raw.get("reverse")),
                bool(raw.get("risk")),
            )

        scoring = data["scoring"]
        measure = Measure(
            id=str(data["id"]),
            name=str(data["name"]),
            licence=str(data.get("licence", "")),
            instructions=str(data.get("instructions", "")),
            items=tuple(item(raw) for raw in data["items"]),
            extra_items=tuple(item(raw) for raw in data.get("extra_items", [])),
            method=str(scoring["method"]),
            total_min=float(scoring["min"]),
            total_max=float(scoring["max"]),
            max_missing=int(scoring.get("max_missing", 0)),
            prorate=str(scoring.get("prorate", "none")),
            bands=tuple(
                Band(float(b["min"]), float(b["max"]), str(b["label"])) for b in data["bands"]
            ),
            clinical_cutoff=float(data["clinical_cutoff"]),
            reliable_change=float(data["reliable_change"]),
            higher_is_worse=bool(data.get("higher_is_worse", True)),
            risk_prompt=str(data.get("risk_prompt", "")),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise MeasureError("bad_definition", str(data.get("id", "?"))) from exc
    if measure.method not in ("sum", "mean") or measure.prorate not in (
        "none",
        "mean_of_answered_round_half_up",
    ):
        raise MeasureError("bad_definition", measure.id)
    numbers = [i.number for i in (*measure.items, *measure.extra_items)]
    if len(set(numbers)) != len(numbers):
        raise MeasureError("bad_definition", f"{measure.id} duplicate items")
    return measure


@cache
def builtin_measures() -> dict[str, Measure]:
    folder = resources.files("resources").joinpath("measures")
    found = {}
    for entry in folder.iterdir():
        if entry.name.endswith(".json"):
            measure = _parse(json.loads(entry.read_text("utf-8")))
            found[measure.id] = measure
    return found


def load_measures(extra_dir: Path | None = None) -> dict[str, Measure]:
    """The built-in measures and any the service added under its own licence."""
    measures = dict(builtin_measures())
    if extra_dir is not None and extra_dir.is_dir():
        for path in sorted(extra_dir.glob("*.json")):
            try:
                measure = _parse(json.loads(path.read_text("utf-8")))
            except ValueError as exc:
                raise MeasureError("bad_definition", path.name) from exc
            measures[measure.id] = measure
    return measures


def parse_definition(data: Mapping[str, Any]) -> Measure:
    return _parse(data)


def _round_half_up(value: float, places: int = 0) -> float:
    quantum = Decimal(1).scaleb(-places)
    return float(Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_UP))


def score(measure: Measure, answers: Mapping[int, int | None]) -> Score:
    """Score item by item. Unanswered items are ``None`` or absent; beyond the measure's
    ``max_missing`` the total is invalid (None); within it, the prorating rule applies."""
    clean: dict[int, int] = {}
    # Extra items (asked, not scored) are checked and kept like the others: only the scoring
    # loop below, over ``measure.items``, leaves them out of the total.
    item_by_number = {item.number: item for item in (*measure.items, *measure.extra_items)}
    for number, value in answers.items():
        if value is None:
            continue
        item = item_by_number.get(number)
        if item is None:
            raise MeasureError("unknown_item", f"{measure.id} {number}")
        if value not in {o.value for o in item.options}:
            raise MeasureError("bad_answer", f"{measure.id} {number}={value}")
        clean[number] = value
    scored = []
    risk = []
    for item in measure.items:
        if item.number not in clean:
            continue
        values = [o.value for o in item.options]
        value = clean[item.number]
        scored.append(min(values) + max(values) - value if item.reverse else value)
        if item.risk and value > min(values):
            risk.append(item.number)
    missing = len(measure.items) - len(scored)
    if missing > measure.max_missing or not scored:
        return Score(measure.id, None, None, missing, False, tuple(risk), clean)
    prorated = False
    if measure.method == "sum":
        total: float = float(sum(scored))
        if missing and measure.prorate == "mean_of_answered_round_half_up":
            total = _round_half_up(total * len(measure.items) / len(scored))
            prorated = True
    else:
        total = _round_half_up(sum(scored) / len(scored), 2)
    return Score(measure.id, total, measure.band(total), missing, prorated, tuple(risk), clean)


# -- NHS Talking Therapies outcomes ---------------------------------------------------------------


class Outcome(StrEnum):
    NOT_FINISHED = "not_finished_course"  # fewer than two attended sessions
    NOT_MEASURED = "not_measured"  # no paired PHQ-9 and GAD-7 scores
    RELIABLE_RECOVERY = "reliable_recovery"
    RECOVERY = "recovery"  # recovered without reliable improvement
    RELIABLE_IMPROVEMENT = "reliable_improvement"  # improved, not recovered
    RELIABLE_DETERIORATION = "reliable_deterioration"
    NO_RELIABLE_CHANGE = "no_reliable_change"


@dataclass(frozen=True)
class OutcomeResult:
    category: Outcome
    caseness_start: bool | None
    caseness_end: bool | None
    reliable_improvement: bool
    reliable_deterioration: bool
    recovery: bool
    reliable_recovery: bool


PHQ9_CASENESS = 10
GAD7_CASENESS = 8
PHQ9_RELIABLE = 6
GAD7_RELIABLE = 4


def talking_therapies_outcome(
    first: Mapping[str, float], last: Mapping[str, float], attended_sessions: int
) -> OutcomeResult:
    """The case-side outcome from the first and last PHQ-9 and GAD-7 totals.

    Caseness: PHQ-9 >= 10 or GAD-7 >= 8. Reliable improvement: PHQ-9 falls by 6 or more or GAD-7
    by 4 or more, with no reliable deterioration on the other. Reliable deterioration: PHQ-9 rises
    by 6 or more or GAD-7 by 4 or more. Recovery: caseness at the start, neither measure at
    caseness at the end. Reliable recovery: recovery and reliable improvement. Fewer than two
    attended sessions: not a finished course.
    """
    if attended_sessions < 2:
        return OutcomeResult(Outcome.NOT_FINISHED, None, None, False, False, False, False)
    try:
        p1, g1 = first["PHQ-9"], first["GAD-7"]
        p2, g2 = last["PHQ-9"], last["GAD-7"]
    except KeyError:
        return OutcomeResult(Outcome.NOT_MEASURED, None, None, False, False, False, False)
    case_start = p1 >= PHQ9_CASENESS or g1 >= GAD7_CASENESS
    case_end = p2 >= PHQ9_CASENESS or g2 >= GAD7_CASENESS
    phq_up, gad_up = p2 - p1 >= PHQ9_RELIABLE, g2 - g1 >= GAD7_RELIABLE
    phq_down, gad_down = p1 - p2 >= PHQ9_RELIABLE, g1 - g2 >= GAD7_RELIABLE
    deterioration = phq_up or gad_up
    improvement = (phq_down and not gad_up) or (gad_down and not phq_up)
    recovery = case_start and not case_end
    reliable_recovery = recovery and improvement
    if reliable_recovery:
        category = Outcome.RELIABLE_RECOVERY
    elif deterioration:
        category = Outcome.RELIABLE_DETERIORATION
    elif improvement:
        category = Outcome.RELIABLE_IMPROVEMENT
    elif recovery:
        category = Outcome.RECOVERY
    else:
        category = Outcome.NO_RELIABLE_CHANGE
    return OutcomeResult(
        category, case_start, case_end, improvement, deterioration, recovery, reliable_recovery
    )
