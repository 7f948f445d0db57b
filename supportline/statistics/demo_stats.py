"""Statistical records for the demo: what the outbox would have drained, derived in bulk.

:func:`supportline.demo.create_demo` bulk-loads most of case.db without going through the
services, so nothing is sealed for statistics on the way. :func:`populate_stats` runs before the
demo counsellor's weeks are lived through the services (:mod:`supportline.demo_caseload`, whose
records go through the outbox) and makes the records the services would have sealed for the
bulk history, by the same coarsening rules (:mod:`.coarsen`), and folds them into stats.db's
counts by :func:`.store.fold`, the function ingest() counts every drained record with:

- one referral per case (the client's coarsened profile on the day the case opened, and the top
  categories of its presenting issues), in the quarter it opened;
- one session record per past appointment that was attended, missed or cancelled;
- one activity record per closed case. Demo cases have no outcome measures, so the ending, the
  outcome category and the PHQ-9/GAD-7 bands are drawn from ``rng`` (consistently with each
  other and with the attended sessions: fewer than two is never a finished course);
- one contact record per contact the intake service would have counted (its outcome is one of
  intake's outcomes; the calls that book an assessment and voicemails left are not);
- for about 30% of closed cases with at least two attended sessions, a first and (mostly) a last
  evaluation form with answers skewed positive and the odd bland comment, paired by a fresh pair
  code, in the quarters of the first and last attended sessions.

The counts are added up in memory and written once. The same case data and ``rng`` give the same
counts and keys (the records drained afterwards from the live caseload aside: their keys are
secret random keys).
"""

from __future__ import annotations

import random
from datetime import date, datetime
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, select

from ..audit import AuditAction
from ..calendar_uk import to_local
from ..db import schema
from ..roles import KeyName
from ..services.clinical import new_pair_code
from ..services.intake import OUTCOMES as INTAKE_OUTCOMES
from ..session import Session
from .coarsen import (
    age_band,
    count_band,
    district_of_postcode,
    gender_group,
    issue_categories,
    org_group_label,
    role_family,
    wait_band,
)
from .evaluation_questions import question_codes
from .freshness import record_drain
from .store import BANDS, CountBatch, _organisation, _token, fold, open_quarter

LONDON = ZoneInfo("Europe/London")
CANCELLED = ("cancelled_client", "cancelled_client_late", "cancelled_service")
PAST_STATUSES = ("attended", "dna", *CANCELLED)
EVALUATION_SHARE = 0.30

PHQ9_BANDS = ("Minimal", "Mild", "Moderate", "Moderately severe", "Severe")
GAD7_BANDS = ("Minimal", "Mild", "Moderate", "Severe")
# Counselling outcomes of a finished, measured course (NHS Talking Therapies-like proportions).
MEASURED_OUTCOMES = (
    ("reliable_recovery", 38),
    ("recovery", 8),
    ("reliable_improvement", 17),
    ("no_reliable_change", 32),
    ("reliable_deterioration", 5),
)
ANSWER_WEIGHTS = (2, 3, 9, 36, 50)  # 1 = strongly disagree ... 5 = strongly agree
COMMENTS = (
    "Thank you for the support.",
    "The sessions helped a lot.",
    "It would help to have evening appointments.",
    "Easy to arrange and the counsellor was very kind.",
    "The waiting room was a little noisy.",
    "I would recommend the service to colleagues.",
    "Parking at the venue was difficult.",
)


def _quarter(moment: datetime) -> str:
    local = moment.astimezone(LONDON)
    return f"{local.year}Q{(local.month - 1) // 3 + 1}"


def _local_date(moment: datetime) -> date:
    return moment.astimezone(LONDON).date()


@cache
def _role_family(job_role: str | None) -> str:
    return role_family(job_role)


@cache
def _district(postcode: str | None) -> str:
    return district_of_postcode(postcode)


@cache
def _issues(codes: str) -> tuple[str, ...]:
    return tuple(sorted({_token(c) for c in issue_categories(codes)}))


class _Writer:
    """Folds the demo's records into counts, by :func:`.store.fold` as ingest() does, with
    quarters moved past frozen ones; the counts are written once at the end."""

    def __init__(self, conn: Connection, rng: random.Random, stats_key: bytes) -> None:
        self.conn = conn
        self.stats_key = stats_key
        self.batch = CountBatch()
        self.records: dict[str, int] = {}
        self.quarters: dict[str, str] = {}
        # The records' secret keys: a generator seeded from ``rng`` without drawing from it, so
        # the same seed gives the same keys and the same records as before keys.
        self.keys = random.Random(str(rng.getstate()))

    def quarter(self, quarter: str) -> str:
        # ingest() sends a record for a frozen (released) quarter to the next open one.
        if quarter not in self.quarters:
            self.quarters[quarter] = open_quarter(self.conn, quarter)
        return self.quarters[quarter]

    def add(self, kind: str, moment: datetime, payload: dict[str, Any]) -> None:
        quarter = self.quarter(_quarter(moment))
        fold(
            self.conn, self.batch, kind, quarter, payload, self.stats_key, self.keys.getrandbits(32)
        )
        self.records[kind] = self.records.get(kind, 0) + 1

    def flush(self) -> None:
        self.batch.write(self.conn)


def populate_stats(session: Session, rng: random.Random) -> dict[str, int]:
    """Fill stats.db's counts from the demo's case data; returns the records folded per kind."""
    stats_key = session.key(KeyName.STATS, session.stats_generation)
    with session.case.connect() as case:
        orgs = {
            row.id: (row.name, org_group_label(row.org_group, row.phase))
            for row in case.execute(
                select(
                    schema.organisations.c.id,
                    schema.organisations.c.name,
                    schema.organisations.c.org_group,
                    schema.organisations.c.phase,
                )
            )
        }
        venues = dict(case.execute(select(schema.venues.c.id, schema.venues.c.district)).all())
        cl = schema.clients.c
        clients = {
            row.id: row
            for row in case.execute(
                select(
                    cl.id,
                    cl.date_of_birth,
                    cl.gender,
                    cl.job_role,
                    cl.home_postcode,
                    cl.work_postcode,
                    cl.venue_preference,
                    cl.organisation_id,
                )
            )
        }
        c = schema.cases.c
        cases = case.execute(
            select(
                c.id,
                c.client_id,
                c.service,
                c.referral_route,
                c.urgency,
                c.presenting_issues,
                c.status,
                c.opened_at,
                c.closed_at,
            ).order_by(c.id)
        ).all()
        a = schema.appointments.c
        appointments: dict[int, list[Any]] = {}
        for row in case.execute(
            select(a.case_id, a.venue_id, a.starts_at, a.kind, a.status).order_by(
                a.case_id, a.starts_at, a.id
            )
        ):
            appointments.setdefault(row.case_id, []).append(row)
        k = schema.contacts.c
        contacts = case.execute(
            select(
                k.direction,
                k.channel,
                k.purpose,
                k.outcome,
                k.signposted_to,
                k.client_id,
                k.started_at,
            ).order_by(k.id)
        ).all()

    profiles: dict[int, tuple[str, str, str, str, str, date | None]] = {}

    def profile(client_id: int) -> tuple[str, str, str, str, str, date | None]:
        """gender, role family, org group, organisation, district, date of birth."""
        found = profiles.get(client_id)
        if found is None:
            row = clients[client_id]
            name, group = orgs.get(row.organisation_id, ("not_stated", "other_employer"))
            postcode = row.work_postcode if row.venue_preference == "work" else row.home_postcode
            found = (
                gender_group(row.gender),
                _role_family(row.job_role),
                group,
                _organisation(name),
                _district(postcode),
                row.date_of_birth,
            )
            profiles[client_id] = found
        return found

    with session.stats_tx() as conn:
        out = _Writer(conn, rng, stats_key)
        for case_row in cases:
            gender, family, group, organisation, district, born = profile(case_row.client_id)
            opened = case_row.opened_at
            out.add(
                "referral",
                opened,
                {
                    "organisation": organisation,
                    "service": case_row.service,
                    "referral_route": case_row.referral_route,
                    "urgency": case_row.urgency,
                    "org_group": group,
                    "role_family": family,
                    "age_band": age_band(born, _local_date(opened)),
                    "gender": gender,
                    "district": district,
                    "issue_categories": list(_issues(case_row.presenting_issues)),
                },
            )
            booked = appointments.get(case_row.id, [])
            counts: dict[str, int] = {}
            for appt in booked:
                if appt.status not in PAST_STATUSES:
                    continue
                counts[appt.status] = counts.get(appt.status, 0) + 1
                out.add(
                    "session",
                    appt.starts_at,
                    {
                        "organisation": organisation,
                        "service": case_row.service,
                        "kind": appt.kind,
                        "status": appt.status,
                        "district": venues.get(appt.venue_id),
                        "org_group": group,
                    },
                )
            if case_row.status != "closed" or case_row.closed_at is None:
                continue
            _activity(
                out,
                rng,
                case_row,
                booked,
                counts,
                (gender, family, group, district, born),
                venues.get(booked[0].venue_id) if booked else None,
            )
            attended = [appt for appt in booked if appt.status == "attended"]
            if len(attended) >= 2 and rng.random() < EVALUATION_SHARE:
                code = new_pair_code()
                _evaluation(out, rng, "first", code, attended[0].starts_at)
                if rng.random() < 0.85:  # some last forms are never sent back
                    _evaluation(out, rng, "last", code, attended[-1].starts_at)
        for contact in contacts:
            if contact.outcome not in INTAKE_OUTCOMES:
                continue
            out.add(
                "contact",
                contact.started_at,
                {
                    "direction": contact.direction,
                    "channel": contact.channel,
                    "purpose": contact.purpose,
                    "outcome": contact.outcome,
                    "signposted_to": (
                        contact.signposted_to if contact.outcome == "signposted" else None
                    ),
                    "became_client": contact.client_id is not None,
                },
            )
        out.flush()
        session.audit_stats(conn, AuditAction.DEMO_CREATED, "store", "demo_stats")
        # Everything the history would have sealed is in: up to date as of the demo's making.
        record_drain(conn, to_local(session.clock()).date(), 0)
    return out.records


def _activity(
    out: _Writer,
    rng: random.Random,
    case_row: Any,
    booked: list[Any],
    counts: dict[str, int],
    who: tuple[str, str, str, str, date | None],
    first_district: str | None,
) -> None:
    gender, family, group, _, born = who
    attended = counts.get("attended", 0)
    seen = [appt for appt in booked if appt.status in ("attended", "dna")]
    waited = (seen[0].starts_at - case_row.opened_at).days if seen else None
    past = [appt for appt in booked if appt.status in PAST_STATUSES]
    if attended == 0:
        ending = "lost_contact" if rng.random() < 0.7 else "referred_on"
    elif attended == 1:
        ending = "referred_on" if rng.random() < 0.6 else "ended_early"
    elif past and past[-1].status == "dna":
        ending = "lost_contact"
    else:
        ending = "planned" if rng.random() < 0.8 else "ended_early"
    bands: dict[str, str | None] = dict.fromkeys(
        ("first_phq9", "last_phq9", "first_gad7", "last_gad7")
    )
    if attended < 2:
        outcome = "not_finished_course"
    elif case_row.service != "counselling" or rng.random() < 0.06:
        outcome = "not_measured"
    else:
        outcome = rng.choices(
            [name for name, _ in MEASURED_OUTCOMES], weights=[w for _, w in MEASURED_OUTCOMES]
        )[0]
        for measure, labels in (("phq9", PHQ9_BANDS), ("gad7", GAD7_BANDS)):
            first, last = _band_indexes(rng, outcome, len(labels))
            bands[f"first_{measure}"] = labels[first]
            bands[f"last_{measure}"] = labels[last]
    closed = case_row.closed_at
    out.add(
        "activity",
        closed,
        {
            "service": case_row.service,
            "referral_route": case_row.referral_route,
            "age_band": age_band(born, _local_date(closed)),
            "gender": gender,
            "role_family": family,
            "org_group": group,
            "district": first_district or "not_seen",
            "waiting_band": wait_band(waited),
            "sessions_attended": count_band(attended),
            "sessions_dna": count_band(counts.get("dna", 0)),
            "sessions_cancelled": count_band(sum(counts.get(s, 0) for s in CANCELLED)),
            "ending": ending,
            "outcome": outcome,
            # Demo cases have bands, not scores: moderate or worse on either counts as caseness.
            "caseness_start": (
                "not_measured"
                if bands["first_phq9"] is None
                else "yes"
                if bands["first_phq9"] in ("Moderate", "Moderately severe", "Severe")
                or bands["first_gad7"] in ("Moderate", "Severe")
                else "no"
            ),
            "bands": {BANDS[name]: value for name, value in bands.items() if value is not None},
        },
    )


def _band_indexes(rng: random.Random, outcome: str, n: int) -> tuple[int, int]:
    """First and last band positions that fit the outcome category."""
    if outcome in ("reliable_recovery", "recovery"):
        return rng.randint(2, n - 1), rng.randint(0, 1)
    if outcome == "reliable_improvement":
        first = rng.randint(3, n - 1)
        return first, first - 1
    if outcome == "reliable_deterioration":
        first = rng.randint(1, n - 2)
        return first, first + 1
    first = rng.randint(1, n - 1)
    return first, first


def _evaluation(out: _Writer, rng: random.Random, form: str, code: str, when: datetime) -> None:
    answers = {}
    for question in sorted(question_codes(form)):
        if rng.random() < 0.04:
            continue  # left blank
        answers[question] = rng.choices((1, 2, 3, 4, 5), weights=ANSWER_WEIGHTS)[0]
    comment = rng.choice(COMMENTS) if rng.random() < 0.12 else ""
    out.add(
        "evaluation",
        when,
        {"form": form, "pair_code": code, "answers": answers, "comment": comment},
    )
