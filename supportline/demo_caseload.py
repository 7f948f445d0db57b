"""The demo counsellor's live caseload, lived through the services.

:func:`supportline.demo.create_demo` bulk-loads years of history, but not the demo counsellor's
last :data:`~supportline.demo.LIVE_WEEKS` weeks nor the weeks booked ahead. Those are played
here in time order, with the sessions' clock set to each moment, by the call handler and the
counsellor through the services the desktop app calls: the handler takes the referral call
(client record, contact, case), books the assessment with the slot finder and then the weekly
series; the counsellor records attendance, the assessment, PHQ-9 and GAD-7 session by session,
the notes (which lock after 24 hours; some get an amendment), the evaluation forms, the mediation
parties and each party's notes, and closes finished courses. Nothing after the demo's ``now`` is
lived: it stays booked.

So signing in as ``counsellor`` shows a caseload with history, a diary about 70% full this week
and next, and every statistical record those steps seal goes through the outbox, which
``create_demo`` drains afterwards. Everything is drawn from ``rng`` and the store's own state, so
the same seed and ``today`` give the same caseload.
"""

from __future__ import annotations

import heapq
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select

from . import calendar_uk, reference
from .calendar_uk import local_datetime
from .db import schema
from .services.booking import (
    BookingService,
    NotBookable,
    PlannedOccurrence,
    SeriesPlan,
    Slot,
    SlotQuery,
    SlotTaken,
)
from .services.cases import CaseInput
from .services.clients import ClientInput, ClientService, LikelyDuplicate
from .services.clinical import AssessmentInput, ClinicalService, RiskAssessment
from .services.intake import ContactInput, IntakeService
from .session import Session

LONDON = ZoneInfo("Europe/London")


@dataclass(frozen=True)
class Course:
    """One client's course with the demo counsellor, relative to the demo's current week."""

    service: str
    week: int  # the assessment's week: 0 is this week, -1 last week, 1 next week
    sessions: int  # booked after the assessment
    issues: tuple[str, ...]
    goals: str
    phq9: tuple[int, int] = (0, 0)  # PHQ-9 at the assessment, and where the course heads
    gad7: tuple[int, int] = (0, 0)
    risk: str = "none"
    dna: tuple[int, ...] = ()  # sessions (1 = the first after the assessment) not attended
    cancelled: int | None = None  # a session the client cancels a few days before
    stop_after: int | None = None  # the client stops after this session; the rest is cancelled
    ending: str | None = None  # the course is closed with this ending once it is over
    route: str = "self"


# About 17 of the counsellor's 24 weekly hours are taken this week and next (next week's new
# assessments make up for the series this week's assessments have not booked yet); a course
# nearing the end of its allowance; finished courses closed; one mediation case.
# fmt: off
COURSES: tuple[Course, ...] = (
    Course("counselling", -9, 6, ("W01", "M02"), "Manage work pressure; sleep better.",
           (17, 5), (15, 4), ending="planned", route="manager"),
    Course("counselling", -8, 6, ("B01",), "Make sense of the loss; return to work gradually.",
           (15, 12), (11, 9), stop_after=3, ending="ended_early"),
    Course("counselling", -6, 6, ("M01", "W02"), "Lift mood; set limits on working hours.",
           (19, 8), (13, 6), dna=(3,)),
    Course("coaching", -6, 5, ("W09",), "Decide on a career step and plan it.",
           ending="planned"),
    Course("counselling", -5, 6, ("M02", "H04"), "Understand and reduce anxiety at work.",
           (14, 7), (16, 8), route="occupational_health"),
    Course("counselling", -5, 6, ("R02", "M03"), "Cope with the separation; keep routines.",
           (12, 11), (10, 10), cancelled=2),
    Course("counselling", -4, 6, ("T01", "M01"), "Feel safe again after the incident.",
           (18, 11), (17, 10), risk="medium"),
    Course("counselling", -4, 6, ("W05", "M05"), "Rebuild confidence with the line manager.",
           (11, 6), (12, 6), route="hr"),
    Course("coaching", -4, 5, ("W06",), "Lead the team through the restructure."),
    Course("counselling", -3, 6, ("R03", "R04"), "Balance caring for a parent with work.",
           (13, 9), (14, 9), dna=(2,)),
    Course("counselling", -3, 6, ("M03", "W02"), "Find a sustainable pace.",
           (10, 5), (9, 5)),
    Course("mediation", -3, 3, ("W04",), "Agree how the two colleagues will work together.",
           route="manager"),
    Course("counselling", -2, 6, ("B02",), "Grieve at their own pace; return to work.",
           (16, 10), (12, 8)),
    Course("counselling", -2, 6, ("W03", "M02"), "Respond to the bullying; feel less anxious.",
           (13, 8), (15, 9)),
    Course("coaching", -2, 5, ("W09", "M05"), "Prepare for a first leadership role."),
    Course("counselling", -1, 6, ("M01",), "Understand the low mood; plan small steps.",
           (15, 9), (9, 6)),
    Course("counselling", -1, 6, ("H01", "M03"), "Adjust to a health condition at work.",
           (11, 8), (12, 7)),
    Course("counselling", 0, 6, ("W07",), "Process the critical incident.",
           (14, 9), (13, 8)),
    Course("counselling", 0, 6, ("R01", "M02"), "Understand the rows at home and their effect.",
           (12, 8), (11, 7)),
    Course("coaching", 0, 5, ("W02", "M05"), "Prioritise and delegate with confidence."),
    Course("counselling", 1, 6, ("W01",), "To be agreed at assessment."),
    Course("counselling", 1, 6, ("M02", "R03"), "To be agreed at assessment."),
    Course("counselling", 1, 6, ("H04",), "To be agreed at assessment."),
    Course("coaching", 1, 5, ("W09",), "To be agreed at assessment."),
)
# fmt: on

# The clients those courses bring: one each, and a second party for each mediation.
LIVE_CLIENTS = len(COURSES) + sum(course.service == "mediation" for course in COURSES)

ROUTES = {
    "self": "Self-referred.",
    "manager": "Referred by their line manager, with their consent.",
    "occupational_health": "Referred by occupational health.",
    "hr": "Referred through HR, with their consent.",
}
NARRATIVES = {
    "counselling": "Has tried to manage alone for some months; open to weekly sessions.",
    "coaching": "Wants structured time to think about their role and next steps.",
    "mediation": (
        "Two colleagues whose working relationship has broken down; both willing to meet, "
        "separately first and then together."
    ),
}
SESSION_NOTES = (
    "Reviewed the week and the goals agreed at assessment.",
    "Client reports sleeping a little better.",
    "Explored what makes the hardest days hard.",
    "Practised a grounding exercise together.",
    "Looked at support at home and at work.",
    "Client to keep a short diary before next time.",
    "Talked through a conversation with the line manager.",
    "Client noticed more good days than last week.",
    "Agreed to continue weekly.",
    "No new risk identified.",
)
COACHING_NOTES = (
    "Mapped strengths and what the client wants more of.",
    "Worked on a plan for the next three months.",
    "Rehearsed a conversation with the manager.",
    "Client has taken the first agreed step.",
    "Reviewed progress against the coaching goals.",
)
# Each party's own note, by session (0 is the assessment) and party (0 is Party A).
MEDIATION_NOTES = {
    (0, 0): "Heard Party A's account of the disagreement over the rota and what they want.",
    (1, 1): "Heard Party B's account: feels decisions are made without them. Willing to meet.",
    (2, 0): "Joint: Party A listened to B's account; offered to share the rota plan earlier.",
    (2, 1): "Joint: Party B acknowledged the pressure A is under; asked for a weekly check-in.",
    (3, 0): "Joint: agreed the arrangements written up together; review in six weeks.",
    (3, 1): "Joint: agreed the written arrangements; the manager to be told only that it ended.",
}
AMENDMENTS = (
    "Correction: the next session was moved at the client's request.",
    "Addendum: client phoned afterwards to say the exercise helped.",
    "Correction: the manager's meeting is next month, not next week.",
)


@dataclass
class _Clock:
    at: datetime = field(default_factory=lambda: datetime.now(UTC))

    def __call__(self) -> datetime:
        return self.at


@dataclass
class _Live:
    course: Course
    client_id: int = 0
    case_id: int = 0
    slot: Slot | None = None
    parties: list[int] = field(default_factory=list)
    attended: int = 0


@dataclass(frozen=True)
class CaseloadSummary:
    clients: int
    cases: int
    appointments: int


class _Caseload:
    def __init__(
        self,
        handler: Session,
        counsellor: Session,
        counsellor_id: int,
        rng: random.Random,
        now: datetime,
        people: Callable[[random.Random, int | None], ClientInput],
    ) -> None:
        self.clock = _Clock(now)
        handler.clock = self.clock
        counsellor.clock = self.clock
        self.clients = ClientService(handler)
        self.intake = IntakeService(handler)
        self.booking = BookingService(handler)
        self.attendance = BookingService(counsellor)
        self.clinical = ClinicalService(counsellor)
        self.handler = handler
        self.counsellor_id = counsellor_id
        self.rng = rng
        self.now = now
        today = now.astimezone(LONDON).date()
        self.monday = today - timedelta(days=today.weekday())
        self.people = people
        self.queue: list[tuple[datetime, int, Callable[..., None], tuple[Any, ...]]] = []
        self.order = 0
        # (weekday, hour) -> weeks taken, so each course keeps its own weekly time.
        self.grid: dict[tuple[int, int], set[int]] = {}
        self.counts = {"clients": 0}
        self.case_ids: list[int] = []

    # -- time -------------------------------------------------------------------------------------

    def at(self, when: datetime, action: Callable[..., None], *args: Any) -> None:
        self.order += 1
        # Time only goes forward: a step planned for a moment already past happens next.
        when = max(when, self.clock.at + timedelta(minutes=1))
        heapq.heappush(self.queue, (when, self.order, action, args))

    def office(self, day: date, earliest: int = 9) -> datetime:
        """A time on the first working day from ``day``, while the line is staffed."""
        while not calendar_uk.is_working_day(day):
            day += timedelta(days=1)
        minute = self.rng.randint(earliest * 60, 16 * 60 + 30)
        return datetime.combine(day, time(minute // 60, minute % 60), LONDON).astimezone(UTC)

    def run(self) -> None:
        self.clock.at = datetime.combine(
            self.monday - timedelta(weeks=20), time(0), LONDON
        ).astimezone(UTC)
        for course in COURSES:
            live = _Live(course)
            week_start = self.monday + timedelta(weeks=course.week)
            called = self.office(week_start - timedelta(days=self.rng.randint(9, 16)))
            self.at(called, self.referral, live)
        while self.queue:
            when, _, action, args = heapq.heappop(self.queue)
            if when >= self.now:
                continue  # the future is booked, not yet lived
            self.clock.at = when
            action(*args)
        self.messages_overnight()

    def messages_overnight(self) -> None:
        """What came in since the line last closed: voicemails and e-mails in the call-back
        queue, as a handler finds them in the morning (fictional names, drama-range numbers)."""
        for hours_ago, channel, name, phone, purpose in OVERNIGHT:
            received = self.now - timedelta(hours=hours_ago)
            self.clock.at = received
            self.intake.record_received(channel, received, purpose, name, phone)

    # -- the handler ------------------------------------------------------------------------------

    def new_client(self, organisation_id: int | None) -> int:
        data = self.people(self.rng, organisation_id)
        try:
            record = self.clients.create(data)
        except LikelyDuplicate as exc:
            # Shared demo phone numbers: the handler checks the matches and goes on.
            record = self.clients.create(data, [c.id for c in exc.candidates])
        self.counts["clients"] += 1
        return record.id

    def referral(self, live: _Live) -> None:
        course = live.course
        organisation = self.organisation_for(course.service)
        live.client_id = self.new_client(organisation)
        if course.service == "mediation":
            live.parties.append(live.client_id)
            live.parties.append(self.new_client(organisation))
        started = self.clock.at - timedelta(minutes=self.rng.randint(8, 25))
        result = self.intake.finish_call(
            ContactInput(
                direction="in",
                channel="phone",
                purpose="new_referral",
                outcome=course.service,
                started_at=started,
                ended_at=self.clock.at,
                client_id=live.client_id,
                eligibility="eligible",
                case=CaseInput(course.service, course.route, course.issues),
            )
        )
        if result.case_id is None:
            return
        live.case_id = result.case_id
        self.case_ids.append(result.case_id)
        booked = self.office(self.clock.at.astimezone(LONDON).date() + timedelta(days=1))
        self.at(booked, self.book_assessment, live)

    def organisation_for(self, service: str) -> int | None:
        o, a = schema.organisations.c, schema.service_agreements.c
        on = self.clock.at.astimezone(LONDON).date()
        with self.handler.case.connect() as conn:
            ids = list(
                conn.execute(
                    select(o.id)
                    .join(schema.service_agreements, a.organisation_id == o.id)
                    .where(
                        a.service == service,
                        a.starts_on <= on,
                        (a.ends_on.is_(None)) | (a.ends_on >= on),
                        # Mediation between colleagues: an employer with teams, not a school.
                        o.org_group != "school" if service == "mediation" else o.id > 0,
                        # The bulk history may already have used up a school's purchased block
                        # (the organisation page shows it over); a live course must be bookable.
                        a.purchased_sessions.is_(None),
                    )
                    .order_by(o.id)
                ).scalars()
            )
        return self.rng.choice(ids) if ids else None

    def book_assessment(self, live: _Live) -> None:
        course = live.course
        week_start = self.monday + timedelta(weeks=course.week)
        found = self.booking.find_slots(
            SlotQuery(
                case_id=live.case_id,
                earliest=max(week_start, self.clock.at.astimezone(LONDON).date()),
                weeks=1,
                max_distance_km=None,
                counsellor_id=self.counsellor_id,
                kind="assessment",
                limit=400,
                step_minutes=60,
            )
        ).slots
        span = range(course.week, course.week + course.sessions + 1)
        free = [s for s in found if not (self.grid.get(self.key(s), set()) & set(span))]
        if course.service == "mediation":
            # Mediation on Thursdays, when the counsellor keeps the longer room.
            free = [s for s in free if s.local_start.weekday() == 3] or free
        if not free:
            return  # stays on the waiting list
        load = {
            day: sum(1 for (d, _), weeks in self.grid.items() if d == day and course.week in weeks)
            for day in {s.local_start.weekday() for s in free}
        }
        lightest = min(load.values())
        choices = [s for s in free if load[s.local_start.weekday()] == lightest]
        slot = self.rng.choice(choices)
        self.grid.setdefault(self.key(slot), set()).update(span)
        appointment = self.booking.book_assessment(live.case_id, slot)
        live.slot = slot
        self.at(slot.ends_at + timedelta(minutes=10), self.assessed, live, appointment)

    @staticmethod
    def key(slot: Slot) -> tuple[int, int]:
        return slot.local_start.weekday(), slot.local_start.hour

    def book_series(self, live: _Live) -> None:
        slot = live.slot
        assert slot is not None
        # The weekly time the assessment took is kept free for the course (``grid``), so the
        # series is booked as it stands; the planner's alternatives are asked for only when a
        # week does not work (a room taken by another counsellor, a closure).
        first = slot.starts_at.astimezone(LONDON)
        weekly = tuple(
            PlannedOccurrence(
                local_datetime(
                    first.date() + timedelta(weeks=n), first.time().replace(tzinfo=None)
                ).astimezone(UTC),
                slot.room_id,
                None,
            )
            for n in range(1, live.course.sessions + 1)
        )
        plan = SeriesPlan(live.case_id, slot.counsellor_id, slot.venue_id, slot.room_id, weekly)
        try:
            self.booking.book_series(plan)
        except (NotBookable, SlotTaken):
            plan = self.booking.plan_series(
                live.case_id,
                weekly[0].starts_at,
                slot.counsellor_id,
                slot.venue_id,
                slot.room_id,
                count=live.course.sessions,
            )
            self.booking.book_series(plan)
        a = schema.appointments.c
        with self.handler.case.connect() as conn:
            rows = conn.execute(
                select(a.id, a.starts_at, a.ends_at)
                .where(a.case_id == live.case_id, a.kind == "session", a.status == "booked")
                .order_by(a.starts_at)
            ).all()
        for number, row in enumerate(rows, start=1):
            if number == live.course.cancelled:
                when = self.office(row.starts_at.astimezone(LONDON).date() - timedelta(days=3))
                self.at(when, self.cancelled, row.id)
            else:
                self.at(row.ends_at + timedelta(minutes=5), self.session, live, row.id, number)

    def cancelled(self, appointment_id: int) -> None:
        self.booking.cancel(appointment_id, by="client")

    def stop(self, live: _Live) -> None:
        """The client phones to stop: the rest of the series is cancelled, then closed."""
        a = schema.appointments.c
        with self.handler.case.connect() as conn:
            following = conn.execute(
                select(a.id)
                .where(a.case_id == live.case_id, a.status == "booked", a.starts_at > self.clock.at)
                .order_by(a.starts_at)
                .limit(1)
            ).scalar()
        if following is not None:
            self.booking.cancel(following, by="client", with_following=True)
        self.at(self.clock.at + timedelta(days=1), self.close, live)

    # -- the counsellor ---------------------------------------------------------------------------

    def assessed(self, live: _Live, appointment_id: int) -> None:
        course = live.course
        clinical = self.clinical
        party_ids = []
        if course.service == "mediation":
            for label, client_id in zip(("Party A", "Party B"), live.parties, strict=True):
                party_ids.append(clinical.add_party(live.case_id, client_id, label))
            live.parties = party_ids
            clinical.set_session_parties(appointment_id, party_ids[:1])
        self.attendance.record_attendance(appointment_id, "attended")
        action = "Agreed a safety plan; GP informed with consent." if course.risk != "none" else ""
        clinical.save_assessment(
            live.case_id,
            AssessmentInput(
                presenting_issues=course.issues,
                narrative=self.narrative(course),
                risk=RiskAssessment(
                    self_harm_thoughts=course.risk != "none",
                    level=course.risk,
                    action_taken=action,
                ),
                consent_recorded=True,
                confidentiality_agreed=True,
                goals=course.goals,
                plan=course.service,
                plan_sessions=course.sessions,
                appointment_id=appointment_id,
            ),
        )
        self.measures(live, appointment_id, 0)
        self.notes(live, appointment_id, 0)
        clinical.issue_evaluation_form(live.case_id, "first")
        self.at(self.clock.at + timedelta(minutes=30), self.book_series, live)

    def session(self, live: _Live, appointment_id: int, number: int) -> None:
        course = live.course
        a = schema.appointments.c
        with self.handler.case.connect() as conn:
            status = conn.execute(select(a.status).where(a.id == appointment_id)).scalar()
        if status != "booked":
            return  # cancelled since (the client stopped, or the case closed)
        missed = number in course.dna
        self.attendance.record_attendance(appointment_id, "dna" if missed else "attended")
        if missed:
            return
        live.attended += 1
        if course.service == "mediation":
            present = live.parties[1:] if number == 1 else live.parties
            self.clinical.set_session_parties(appointment_id, present)
        self.measures(live, appointment_id, number)
        self.notes(live, appointment_id, number)
        if self.rng.random() < 0.2:
            later = self.clock.at + timedelta(days=self.rng.randint(2, 4), hours=1)
            self.at(later, self.amend, appointment_id, self.rng.choice(AMENDMENTS))
        if course.stop_after == number:
            self.at(self.office(self.clock.at.astimezone(LONDON).date()), self.stop, live)
        elif number == course.sessions and course.ending is not None:
            self.clinical.issue_evaluation_form(live.case_id, "last")
            closing = self.clock.at.astimezone(LONDON).date() + timedelta(days=2)
            self.at(self.office(closing), self.close, live)

    def measures(self, live: _Live, appointment_id: int, number: int) -> None:
        course = live.course
        if course.service != "counselling":
            return
        progress = number / max(1, course.sessions)
        for measure, (first, last), items in (
            ("PHQ-9", course.phq9, 9),
            ("GAD-7", course.gad7, 7),
        ):
            total = round(first + (last - first) * progress) + self.rng.choice((-1, 0, 0, 1))
            risk_item = measure == "PHQ-9" and course.risk != "none" and number < 2
            answers = self.answers(max(0, min(items * 3, total)), items, risk_item)
            self.clinical.record_measure(live.case_id, measure, answers, appointment_id)

    def answers(self, total: int, items: int, risk_item: bool) -> dict[int, int]:
        values = dict.fromkeys(range(1, items + 1), 0)
        # PHQ-9 item 9 (thoughts of self-harm) stays 0 except where the assessment found risk.
        open_items = [n for n in values if not (items == 9 and n == 9)]
        if risk_item:
            values[9] = 1
            total -= 1
        for _ in range(max(0, total)):
            candidates = [n for n in open_items if values[n] < 3]
            if not candidates:
                break
            values[self.rng.choice(candidates)] += 1
        return values

    def notes(self, live: _Live, appointment_id: int, number: int) -> None:
        course = live.course
        if course.service == "mediation":
            for (session, party), text in MEDIATION_NOTES.items():
                if session == number:
                    self.clinical.write_note(appointment_id, text, party_id=live.parties[party])
            return
        pool = COACHING_NOTES if course.service == "coaching" else SESSION_NOTES
        if number == 0:
            text = f"Assessment. {self.narrative(course)} Goals: {course.goals}"
        else:
            text = f"Session {number + 1}. " + " ".join(self.rng.sample(pool, 3))
        self.clinical.write_note(appointment_id, text)

    @staticmethod
    def narrative(course: Course) -> str:
        labels = {issue.code: issue.label for issue in reference.presenting_issues()}
        issues = " and ".join(labels[code].lower() for code in course.issues)
        return f"{ROUTES[course.route]} Presents with {issues}. {NARRATIVES[course.service]}"

    def amend(self, appointment_id: int, text: str) -> None:
        self.clinical.amend_note(appointment_id, text)

    def close(self, live: _Live) -> None:
        ending = live.course.ending or "planned"
        summary = {
            "planned": "Course completed as planned; goals reviewed together.",
            "ended_early": "Client chose to end early; knows how to come back.",
        }.get(ending, "Case closed.")
        self.clinical.close_case(live.case_id, ending, summary)


# Messages waiting for a call-back when the demo opens: hours before "now", channel, the name
# and number left, and what the caller wanted.
OVERNIGHT = (
    (15, "voicemail", "Rowena Quillby", "07700 900871", "new_referral"),
    (13, "email", "Tobias Ferncastle", "", "enquiry"),
    (4, "voicemail", "Marisol Oakenbrook", "01632 960418", "rebooking"),
)


def build_caseload(
    handler: Session,
    counsellor: Session,
    counsellor_id: int,
    rng: random.Random,
    now: datetime,
    people: Callable[[random.Random, int | None], ClientInput],
) -> CaseloadSummary:
    """Live the demo counsellor's recent weeks through the services (see the module text).
    ``people`` makes a fictional client of the given organisation."""
    caseload = _Caseload(handler, counsellor, counsellor_id, rng, now, people)
    caseload.run()
    a = schema.appointments.c
    with handler.case.connect() as conn:
        appointments = len(conn.execute(select(a.id).where(a.case_id.in_(caseload.case_ids))).all())
    return CaseloadSummary(caseload.counts["clients"], len(caseload.case_ids), appointments)


def nearest_outward(lat: float, lon: float) -> str:
    """The postcode district whose centre is nearest a point (the demo counsellor's venue)."""
    return min(
        reference.postcode_districts().items(),
        key=lambda item: reference.haversine_km(lat, lon, item[1].lat, item[1].lon),
    )[0]
