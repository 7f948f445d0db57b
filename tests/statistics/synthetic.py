"""Synthetic drained records of every kind, as the case side seals them, from a seed.

Categories only, each drawn from the field's real categories (with the odd value that is not one,
which the store must turn into "other"), over a few quarters and a few organisations, one of them
small. Evaluation forms come in pairs by pair code, some first forms without their last form.
"""

from __future__ import annotations

import random
from typing import Any

from supportline.measures import builtin_measures
from supportline.statistics.evaluation_questions import question_codes

QUARTERS = ("2025Q3", "2025Q4", "2026Q1")
ORGANISATIONS = (
    ("Kent County Council Growth", "kcc_directorate"),
    ("Zqx Valley Secondary School", "school_secondary"),
    ("Zqx Meadow Primary School", "school_primary"),
    ("Zqx Housing Trust", "other_employer"),
)
SMALL_ORGANISATION = ("Zqx Tiny Special School", "school_special")
SERVICES = ("counselling", "counselling", "counselling", "coaching", "mediation")
ROUTES = ("self", "self", "manager", "hr", "occupational_health", "other", "by_post")
ROLE_FAMILIES = ("senior_leadership", "teaching_professional", "support_admin", "frontline", "")
AGE_BANDS = ("<=24", "25-34", "35-44", "45-54", "55+", None)
GENDERS = ("female", "female", "male", "other_or_not_stated")
DISTRICTS = ("Maidstone", "Canterbury", "Tunbridge Wells", "Dover", "outside_kent", "not_seen")
ISSUES = ("work", "mood", "relationships", "bereavement", "health", "trauma", "other")
STATUSES = ("attended", "attended", "attended", "dna", "cancelled_client", "cancelled_service")
WAITS = ("<2w", "2-4w", "4-8w", "8w+", "not_seen")
ENDINGS = ("planned", "planned", "ended_early", "lost_contact", "referred_on")
OUTCOMES = (
    "reliable_recovery",
    "recovery",
    "reliable_improvement",
    "no_reliable_change",
    "reliable_deterioration",
    "not_measured",
    "not_finished_course",
)
BANDS = ("0", "1", "2-3", "4-6", "7+")
CHANNELS = ("phone", "phone", "voicemail", "email", "letter")
CONTACT_OUTCOMES = ("counselling", "coaching", "mediation", "signposted", "no_further_action")

Record = tuple[str, str, dict[str, Any]]


def _organisation(rng: random.Random) -> tuple[str, str]:
    return SMALL_ORGANISATION if rng.random() < 0.02 else rng.choice(ORGANISATIONS)


def _profile(rng: random.Random) -> dict[str, Any]:
    name, group = _organisation(rng)
    return {
        "organisation": name,
        "org_group": group,
        "role_family": rng.choice(ROLE_FAMILIES),
        "age_band": rng.choice(AGE_BANDS),
        "gender": rng.choice(GENDERS),
        "district": rng.choice(DISTRICTS),
    }


def records(seed: int, referrals: int) -> list[Record]:
    """About ``referrals`` referrals and, in proportion, every other kind of record."""
    rng = random.Random(seed)
    phq9 = [band.label for band in builtin_measures()["PHQ-9"].bands]
    gad7 = [band.label for band in builtin_measures()["GAD-7"].bands]
    out: list[Record] = []
    for index in range(referrals):
        quarter = rng.choice(QUARTERS)
        profile = _profile(rng)
        service = rng.choice(SERVICES)
        out.append(
            (
                "referral",
                quarter,
                {
                    **profile,
                    "service": service,
                    "referral_route": rng.choice(ROUTES),
                    "urgency": rng.choice(("routine", "soon", "urgent")),
                    "issue_categories": rng.sample(ISSUES, rng.randint(0, 3)),
                },
            )
        )
        for _ in range(rng.randint(0, 4)):
            out.append(
                (
                    "session",
                    rng.choice(QUARTERS),
                    {
                        "service": service,
                        "kind": rng.choice(("assessment", "session")),
                        "status": rng.choice(STATUSES),
                        "district": rng.choice(DISTRICTS),
                        "organisation": profile["organisation"],
                        "org_group": profile["org_group"],
                    },
                )
            )
        if rng.random() < 0.6:
            out.append(
                (
                    "activity",
                    rng.choice(QUARTERS),
                    {
                        **{k: v for k, v in profile.items() if k != "organisation"},
                        "service": service,
                        "referral_route": rng.choice(ROUTES),
                        "waiting_band": rng.choice(WAITS),
                        "sessions_attended": rng.choice(BANDS),
                        "sessions_dna": rng.choice(BANDS),
                        "sessions_cancelled": rng.choice(BANDS),
                        "ending": rng.choice(ENDINGS),
                        "outcome": rng.choice(OUTCOMES),
                        "caseness_start": rng.choice(("yes", "yes", "no", "not_measured")),
                        "bands": {
                            "first_PHQ-9": rng.choice(phq9),
                            "last_PHQ-9": rng.choice(phq9),
                            "first_GAD-7": rng.choice(gad7),
                            "last_GAD-7": rng.choice(gad7),
                        },
                    },
                )
            )
        if rng.random() < 0.5:
            outcome = rng.choice(CONTACT_OUTCOMES)
            out.append(
                (
                    "contact",
                    rng.choice(QUARTERS),
                    {
                        "direction": rng.choice(("in", "out")),
                        "channel": rng.choice(CHANNELS),
                        "purpose": rng.choice(("new_referral", "enquiry", "rebooking")),
                        "outcome": outcome,
                        "signposted_to": "gp" if outcome == "signposted" else None,
                        "became_client": rng.random() < 0.5,
                    },
                )
            )
        if rng.random() < 0.3:
            code = f"ZQ{seed:03d}{index:05d}"
            first_quarter = rng.choice(QUARTERS)
            out.append(("evaluation", first_quarter, _form(rng, "first", code)))
            if rng.random() < 0.8:
                later = QUARTERS.index(first_quarter) + rng.randint(0, 1)
                last_quarter = QUARTERS[min(later, len(QUARTERS) - 1)]
                out.append(("evaluation", last_quarter, _form(rng, "last", code)))
    return out


def _form(rng: random.Random, form: str, code: str) -> dict[str, Any]:
    answers = {
        question: rng.choice((1, 2, 3, 4, 4, 5, 5, 5))
        for question in sorted(question_codes(form))
        if rng.random() > 0.05
    }
    return {"form": form, "pair_code": code, "answers": answers}
