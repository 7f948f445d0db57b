"""What a subject access printout holds: plain data, gathered by
:mod:`supportline.services.subject_access` and printed by :mod:`.subject_access`.

Codes stay codes and times stay aware datetimes here; the document words and formats them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from ..measures import Measure
from ..services.clients import ClientRecord


@dataclass(frozen=True)
class Contact:
    started_at: datetime
    direction: str
    channel: str
    purpose: str
    outcome: str | None
    duration_s: int | None = None
    taken_by: str | None = None
    signposted_to: str | None = None
    eligibility: str | None = None
    eligibility_override_reason: str | None = None
    risk_level: str | None = None
    callback_state: str = "none"
    callback_due_at: datetime | None = None
    callback_name: str | None = None
    callback_phone: str | None = None
    opened_case: str | None = None  # the service of the case this contact opened


@dataclass(frozen=True)
class RiskEntry:
    at: datetime
    kind: str  # raised | reviewed
    level: str
    by: str
    detail: str
    cleared_at: datetime | None = None


@dataclass(frozen=True)
class ExtraSessions:
    authorised_at: datetime
    service: str
    extra_sessions: int
    applies_on: date
    authorised_by: str
    reason: str


@dataclass(frozen=True)
class FollowUp:
    created_at: datetime
    reason: str
    session_at: datetime | None
    done_at: datetime | None
    done_by: str | None


@dataclass(frozen=True)
class AppointmentChange:
    at: datetime
    event: str
    by: str
    old_starts_at: datetime | None = None
    new_starts_at: datetime | None = None


@dataclass(frozen=True)
class Appointment:
    starts_at: datetime
    ends_at: datetime
    kind: str
    status: str
    venue: str
    room: str
    counsellor: str
    session_no: int | None = None
    parties: str | None = None  # mediation: joint | separate
    changes: tuple[AppointmentChange, ...] = ()


@dataclass(frozen=True)
class Note:
    session_at: datetime
    kind: str  # note | amendment
    written_at: datetime
    author: str
    text: str
    own_party_note: bool = False  # a mediation party's own note, apart from the general one


@dataclass(frozen=True)
class Assessment:
    written_at: datetime
    author: str
    presenting_issues: tuple[str, ...]
    narrative: str
    risk_answers: Mapping[str, bool]
    risk_level: str
    action_taken: str
    consent_recorded: bool
    confidentiality_agreed: bool
    goals: str
    plan: str
    plan_sessions: int | None
    referral_to: str


@dataclass(frozen=True)
class MeasureTaken:
    taken_at: datetime
    measure_id: str
    author: str
    total: float | None
    band: str | None
    answers: Mapping[int, int]
    missing: int = 0
    prorated: bool = False


@dataclass(frozen=True)
class Closure:
    closed_at: datetime
    closed_by: str
    ending: str
    summary: str
    outcome: str
    attended: int
    first: Mapping[str, float] = field(default_factory=dict)
    last: Mapping[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class StatusChange:
    at: datetime
    status: str
    by: str


@dataclass(frozen=True)
class UrgencyChange:
    at: datetime
    urgency: str
    previous: str | None
    cause: str
    reason: str | None
    by: str


@dataclass(frozen=True)
class Case:
    """One case the person is part of. ``own`` is false for a mediation of someone else's that
    they are a party to: then only their part is filled in (the case's existence, the sessions
    they were in and their own notes) and the fields about the other client are ``None``."""

    service: str
    opened_at: datetime
    status: str
    own: bool
    stage: str = ""  # supportline.services.cases.case_stage: what the screens call it now
    closed_at: datetime | None = None
    counsellor: str | None = None
    party_label: str | None = None
    referral_route: str | None = None
    presenting_issues: tuple[str, ...] = ()
    urgency: str | None = None
    status_history: tuple[StatusChange, ...] = ()
    urgency_history: tuple[UrgencyChange, ...] = ()
    assessment: Assessment | None = None
    measures: tuple[MeasureTaken, ...] = ()
    closure: Closure | None = None
    forms_issued: tuple[tuple[str, datetime], ...] = ()
    appointments: tuple[Appointment, ...] = ()
    notes: tuple[Note, ...] = ()


# What was left out, and why: each code has its sentence on the cover.
WITHHELD_OTHER_PARTIES = "other_parties"  # another mediation party's notes and sessions
WITHHELD_OTHER_CLIENTS_CASE = "other_clients_case"  # the rest of someone else's mediation case


@dataclass(frozen=True)
class SubjectAccessRecord:
    person: ClientRecord
    produced_at: datetime
    produced_by: str  # the member of staff's name
    producer_role: str  # administrator | clinical_lead
    merged: tuple[ClientRecord, ...] = ()  # earlier duplicate records merged into this one
    contacts: tuple[Contact, ...] = ()
    risk: tuple[RiskEntry, ...] = ()
    extra_sessions: tuple[ExtraSessions, ...] = ()
    follow_ups: tuple[FollowUp, ...] = ()
    cases: tuple[Case, ...] = ()
    withheld: frozenset[str] = frozenset()
    measures: Mapping[str, Measure] = field(default_factory=dict)
