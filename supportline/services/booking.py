"""Booking across the venues: the slot finder, assessments, weekly series, moves, cancellations,
attendance and the did-not-attend follow-up list.

Times: appointments are stored in UTC and planned in Europe/London wall-clock time, so a weekly
series at 10:00 stays at 10:00 across the clock changes. The database itself refuses clashes
(triggers in migration case_0003); the finder avoids them in the first place.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Connection, func, insert, or_, select, update
from sqlalchemy.exc import IntegrityError

from ..calendar_uk import LONDON, is_bank_holiday, local_datetime
from ..case_keys import CaseKeys
from ..db import schema
from ..db.engine import inserted_id
from ..errors import PermissionDenied, SupportLineError
from ..reference import centroid_for, haversine_km
from ..roles import Op, Role
from ..session import Session
from .bookability import BookingRules
from .cases import CaseService
from .counsellors import CounsellorInfo, load_counsellors
from .settings import SettingsService
from .venues import VenueInfo, load_venues

ACTIVE = schema.ACTIVE_APPOINTMENT_STATUSES
MAX_SERIES_WEEKS = 52  # a default series runs at most a year
ASSESSMENT_MINUTES = 60
SESSION_MINUTES = 50


# -- errors -------------------------------------------------------------------------------------


class SlotTaken(SupportLineError):
    """The room, the counsellor or the client is already booked then (refused by the database)."""

    code = "slot_taken"

    def __init__(self, what: str, when: datetime | None = None) -> None:
        super().__init__(what)
        self.what = what  # room | counsellor | client
        self.when = when


class NotBookable(SupportLineError):
    """The time cannot be booked: venue closed, bank holiday, leave, outside hours, past..."""

    code = "not_bookable"

    def __init__(self, reason: str, when: datetime | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.when = when


class AppointmentNotFound(SupportLineError):
    code = "appointment_not_found"


# -- the slot finder --------------------------------------------------------------------------


@dataclass(frozen=True)
class ClientWindow:
    """When the client can come: a weekday and a span of wall-clock time."""

    weekday: int
    start: time
    end: time


@dataclass(frozen=True)
class SlotQuery:
    case_id: int
    earliest: date | None = None  # default: tomorrow
    weeks: int = 12
    windows: tuple[ClientWindow, ...] = ()  # empty: any time the venue and counsellor allow
    max_distance_km: float | None = 15.0
    origin: str | None = None  # "home" | "work"; default: the client's own preference
    counsellor_gender: str | None = None
    language: str | None = None
    counsellor_id: int | None = None
    kind: str = "assessment"  # assessment | session
    limit: int = 20
    step_minutes: int = 30
    venue_id: int | None = None  # keep to one venue (series alternatives)


@dataclass(frozen=True)
class Slot:
    starts_at: datetime  # aware UTC
    ends_at: datetime
    counsellor_id: int
    counsellor_name: str
    venue_id: int
    venue_name: str
    room_id: int
    room_name: str
    distance_km: float

    @property
    def local_start(self) -> datetime:
        return self.starts_at.astimezone(LONDON)


@dataclass(frozen=True)
class RuledOut:
    """Why nothing fits: the first constraint that removed every candidate."""

    reason: str
    detail: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class SlotResult:
    slots: tuple[Slot, ...]
    ruled_out: RuledOut | None = None


@dataclass
class _Busy:
    """Sorted intervals per key, for overlap checks by bisection."""

    starts: dict[Any, list[datetime]] = field(default_factory=lambda: defaultdict(list))
    items: dict[Any, list[tuple[datetime, datetime, int]]] = field(
        default_factory=lambda: defaultdict(list)
    )

    def add(self, key: Any, start: datetime, end: datetime, venue_id: int) -> None:
        index = bisect.bisect(self.starts[key], start)
        self.starts[key].insert(index, start)
        self.items[key].insert(index, (start, end, venue_id))

    def clashes(
        self,
        key: Any,
        start: datetime,
        end: datetime,
        gap: timedelta = timedelta(0),
        venue_id: int | None = None,
    ) -> bool:
        starts = self.starts.get(key)
        if not starts:
            return False
        # Appointments last under 12 hours; look only at those that could touch this interval.
        low = bisect.bisect_left(starts, start - timedelta(hours=12) - gap)
        high = bisect.bisect_right(starts, end + gap)
        for other_start, other_end, other_venue in self.items[key][low:high]:
            margin = gap if (venue_id is not None and other_venue != venue_id) else timedelta(0)
            if other_start < end + margin and other_end + margin > start:
                return True
        return False


def _london_day(moment: datetime) -> date:
    return moment.astimezone(LONDON).date()


def _duration(kind: str) -> timedelta:
    return timedelta(minutes=ASSESSMENT_MINUTES if kind == "assessment" else SESSION_MINUTES)


def _iso_week(moment: datetime) -> tuple[int, int]:
    year, week, _ = moment.astimezone(LONDON).isocalendar()
    return year, week


def _times(start: time, end: time, step: int, duration: timedelta) -> list[time]:
    out = []
    minutes = start.hour * 60 + start.minute
    # Start on the step grid (on the hour and half hour by default).
    if minutes % step:
        minutes += step - minutes % step
    last = end.hour * 60 + end.minute - int(duration.total_seconds() // 60)
    while minutes <= last:
        out.append(time(minutes // 60, minutes % 60))
        minutes += step
    return out


def _overlap(a: tuple[time, time], b: tuple[time, time]) -> tuple[time, time] | None:
    start, end = max(a[0], b[0]), min(a[1], b[1])
    return (start, end) if start < end else None


class BookingService:
    def __init__(self, session: Session) -> None:
        self._session = session

    # -- context --------------------------------------------------------------------------------

    def _allocate(self, conn: Connection, case_id: int, counsellor_id: int) -> None:
        c = schema.cases.c
        before = conn.execute(select(c.counsellor_id).where(c.id == case_id)).scalar()
        conn.execute(
            update(schema.cases).where(c.id == case_id).values(counsellor_id=counsellor_id)
        )
        if before != counsellor_id:
            # The notes follow the allocation: at once if this user holds the clinical-lead
            # key, else at the next sign-in of someone who does (supportline.case_keys).
            CaseKeys(self._session).hand_over(conn, case_id)

    def _case_context(self, conn: Connection, case_id: int) -> Any:
        c, cl = schema.cases.c, schema.clients.c
        row = conn.execute(
            select(
                c.id,
                c.client_id,
                c.service,
                c.status,
                cl.home_postcode,
                cl.work_postcode,
                cl.venue_preference,
                cl.needs_step_free,
                cl.needs_hearing_loop,
                cl.needs_parking,
                cl.pref_counsellor_gender,
                cl.pref_language,
            )
            .select_from(schema.cases.join(schema.clients, cl.id == c.client_id))
            .where(c.id == case_id)
        ).first()
        if row is None:
            from .cases import CaseNotFound

            raise CaseNotFound(str(case_id))
        return row

    def _settings(self) -> dict[str, Any]:
        return SettingsService(self._session).all()

    # -- finding --------------------------------------------------------------------------------

    def find_slots(self, query: SlotQuery) -> SlotResult:
        self._session.require(Op.BOOKING)
        settings = self._settings()
        gap = timedelta(minutes=int(settings["travel_gap_minutes"]))
        now = self._session.clock()
        with self._session.case.connect() as conn:
            case = self._case_context(conn, query.case_id)
            venues = load_venues(conn, include_inactive=False)
            counsellors = load_counsellors(conn)
            origin_kind = query.origin or case.venue_preference
            postcode = case.work_postcode if origin_kind == "work" else case.home_postcode
            origin = centroid_for(postcode) if postcode else None
            if origin is None:
                return SlotResult((), RuledOut("no_origin", {"origin": origin_kind}))
            km = query.max_distance_km
            gender = (
                query.counsellor_gender
                if query.counsellor_gender is not None
                else case.pref_counsellor_gender
            )
            language = query.language if query.language is not None else case.pref_language

            # 1. Venues: open, with rooms, near enough, accessible enough.
            distances = {v.id: haversine_km(origin.lat, origin.lon, v.lat, v.lon) for v in venues}
            near = [v for v in venues if any(r.active for r in v.rooms)]
            if query.venue_id is not None:
                near = [v for v in near if v.id == query.venue_id]
            near = [v for v in near if km is None or distances[v.id] <= km]
            if not near:
                return SlotResult((), RuledOut("no_venue_within", {"km": km}))
            needs = [
                ("step_free", case.needs_step_free),
                ("hearing_loop", case.needs_hearing_loop),
                ("parking", case.needs_parking),
            ]
            for need, wanted in needs:
                if wanted:
                    near = [v for v in near if getattr(v, need)]
                    if not near:
                        return SlotResult(
                            (), RuledOut("no_accessible_venue_within", {"need": need, "km": km})
                        )
            venue_by_id = {v.id: v for v in near}

            # 2. Counsellors who offer the service and work at one of those venues.
            def works_near(c: CounsellorInfo) -> bool:
                return any(a.venue_id in venue_by_id for a in c.availability)

            pool = [c for c in counsellors if case.service in c.services and works_near(c)]
            if not pool:
                return SlotResult(
                    (),
                    RuledOut(
                        "no_counsellor_for_service_within", {"service": case.service, "km": km}
                    ),
                )
            if query.counsellor_id is not None:
                pool = [c for c in pool if c.id == query.counsellor_id]
                if not pool:
                    return SlotResult(
                        (),
                        RuledOut(
                            "named_counsellor_not_within",
                            {"counsellor_id": query.counsellor_id, "km": km},
                        ),
                    )
            if gender:
                pool = [c for c in pool if c.gender == gender]
                if not pool:
                    return SlotResult(
                        (), RuledOut("no_counsellor_gender_within", {"gender": gender, "km": km})
                    )
            if language:
                pool = [c for c in pool if c.speaks(language)]
                if not pool:
                    return SlotResult(
                        (),
                        RuledOut("no_counsellor_language_within", {"language": language, "km": km}),
                    )

            # 3. Their availability against the client's times and the venues' hours.
            duration = _duration(query.kind)
            windows_by_day: dict[int, list[tuple[time, time]]] = defaultdict(list)
            for w in query.windows:
                windows_by_day[w.weekday].append((w.start, w.end))
            plans: list[tuple[CounsellorInfo, VenueInfo, int, tuple[time, time]]] = []
            for counsellor in pool:
                for item in counsellor.availability:
                    venue = venue_by_id.get(item.venue_id)
                    if venue is None:
                        continue
                    hours = venue.hours.get(item.weekday)
                    if hours is None:
                        continue
                    span = _overlap((item.starts, item.ends), hours)
                    if span is None:
                        continue
                    spans = [span]
                    if query.windows:
                        spans = [
                            s
                            for w in windows_by_day.get(item.weekday, [])
                            if (s := _overlap(span, w))
                        ]
                    for s in spans:
                        if _times(s[0], s[1], query.step_minutes, duration):
                            plans.append((counsellor, venue, item.weekday, s))
            if not plans:
                return SlotResult((), RuledOut("no_times_match", {"km": km}))

            # 4. What is already booked, in one pass over the horizon.
            first_day = query.earliest or (now.astimezone(LONDON).date() + timedelta(days=1))
            last_day = first_day + timedelta(weeks=query.weeks)
            window_start = local_datetime(first_day - timedelta(days=7), time(0)).astimezone(UTC)
            # To the end of the last day's week: later bookings that week count towards its maximum.
            window_end = local_datetime(last_day + timedelta(days=7), time(0)).astimezone(UTC)
            counsellor_ids = {c.id for c, _, _, _ in plans}
            room_ids = {r.id for v in near for r in v.rooms if r.active}
            busy_counsellor, busy_room, busy_client = _Busy(), _Busy(), _Busy()
            per_week: dict[tuple[int, tuple[int, int]], int] = defaultdict(int)
            a = schema.appointments.c
            rows = conn.execute(
                select(
                    a.counsellor_id, a.room_id, a.client_id, a.venue_id, a.starts_at, a.ends_at
                ).where(
                    a.status.in_(ACTIVE),
                    a.starts_at >= window_start,
                    a.starts_at < window_end,
                    or_(
                        a.counsellor_id.in_(counsellor_ids),
                        a.room_id.in_(room_ids),
                        a.client_id == case.client_id,
                    ),
                )
            )
            for row in rows:
                if row.counsellor_id in counsellor_ids:
                    busy_counsellor.add(row.counsellor_id, row.starts_at, row.ends_at, row.venue_id)
                    per_week[(row.counsellor_id, _iso_week(row.starts_at))] += 1
                if row.room_id in room_ids:
                    busy_room.add(row.room_id, row.starts_at, row.ends_at, row.venue_id)
                if row.client_id == case.client_id:
                    busy_client.add(row.client_id, row.starts_at, row.ends_at, row.venue_id)

        # 5. Walk the days in order; stop once a whole day has brought the list to the limit.
        by_weekday: dict[int, list[tuple[CounsellorInfo, VenueInfo, tuple[time, time]]]] = (
            defaultdict(list)
        )
        for counsellor, venue, weekday, span in plans:
            by_weekday[weekday].append((counsellor, venue, span))
        found: list[Slot] = []
        day = first_day
        while day < last_day and len(found) < query.limit:
            if not is_bank_holiday(day):
                for counsellor, venue, span in by_weekday.get(day.weekday(), []):
                    if day in venue.closures or counsellor.on_leave(day):
                        continue
                    for at in _times(span[0], span[1], query.step_minutes, duration):
                        start = local_datetime(day, at).astimezone(UTC)
                        end = start + duration
                        if start <= now:
                            continue
                        if per_week[(counsellor.id, _iso_week(start))] >= counsellor.max_per_week:
                            break
                        if busy_counsellor.clashes(counsellor.id, start, end, gap, venue.id):
                            continue
                        if busy_client.clashes(case.client_id, start, end):
                            continue
                        room = next(
                            (
                                r
                                for r in venue.rooms
                                if r.active and not busy_room.clashes(r.id, start, end)
                            ),
                            None,
                        )
                        if room is None:
                            continue
                        found.append(
                            Slot(
                                start,
                                end,
                                counsellor.id,
                                counsellor.display_name,
                                venue.id,
                                venue.name,
                                room.id,
                                room.name,
                                round(distances[venue.id], 2),
                            )
                        )
            day += timedelta(days=1)
        found.sort(key=lambda s: (s.starts_at, s.distance_km, s.counsellor_name, s.room_name))
        if not found:
            return SlotResult((), RuledOut("fully_booked", {"weeks": query.weeks, "km": km}))
        return SlotResult(tuple(found[: query.limit]))

    # -- booking --------------------------------------------------------------------------------

    def _check_bookable(
        self,
        conn: Connection,
        venue_id: int,
        room_id: int,
        counsellor_id: int,
        start: datetime,
        end: datetime,
        moving: int | None = None,
    ) -> None:
        if start <= self._session.clock():
            raise NotBookable("in_the_past", start)
        local_start, local_end = start.astimezone(LONDON), end.astimezone(LONDON)
        day = local_start.date()
        if is_bank_holiday(day):
            raise NotBookable("bank_holiday", start)
        venue = next((v for v in load_venues(conn) if v.id == venue_id), None)
        if venue is None or not venue.active:
            raise NotBookable("venue_inactive", start)
        if day in venue.closures:
            raise NotBookable("venue_closed", start)
        if not venue.open_between(day, local_start.time(), local_end.time()):
            raise NotBookable("outside_venue_hours", start)
        room = next((r for r in venue.rooms if r.id == room_id), None)
        if room is None or not room.active:
            raise NotBookable("room_unavailable", start)
        counsellor = next((c for c in load_counsellors(conn) if c.id == counsellor_id), None)
        if counsellor is None:
            raise NotBookable("counsellor_inactive", start)
        if counsellor.on_leave(day):
            raise NotBookable("counsellor_on_leave", start)
        if not any(
            a.venue_id == venue_id
            and a.weekday == day.weekday()
            and a.starts <= local_start.time()
            and local_end.time() <= a.ends
            for a in counsellor.availability
        ):
            raise NotBookable("outside_counsellor_availability", start)
        a = schema.appointments.c
        week_start = local_datetime(day - timedelta(days=day.weekday()), time(0)).astimezone(UTC)
        booked = conn.execute(
            select(func.count()).where(
                a.counsellor_id == counsellor_id,
                a.status.in_(ACTIVE),
                a.starts_at >= week_start,
                a.starts_at < week_start + timedelta(days=7),
                # An appointment being moved does not count against its own new week.
                a.id != (moving if moving is not None else -1),
            )
        ).scalar_one()
        if booked >= counsellor.max_per_week:
            raise NotBookable("counsellor_week_full", start)

    def _insert(
        self,
        conn: Connection,
        case: Any,
        kind: str,
        counsellor_id: int,
        venue_id: int,
        room_id: int,
        start: datetime,
        series_id: int | None = None,
    ) -> int:
        end = start + _duration(kind)
        self._check_bookable(conn, venue_id, room_id, counsellor_id, start, end)
        try:
            with conn.begin_nested():
                appointment_id = inserted_id(
                    conn.execute(
                        insert(schema.appointments).values(
                            case_id=case.id,
                            client_id=case.client_id,
                            counsellor_id=counsellor_id,
                            venue_id=venue_id,
                            room_id=room_id,
                            starts_at=start,
                            ends_at=end,
                            kind=kind,
                            status="booked",
                            series_id=series_id,
                            session_no=self._session_number(conn, case.id, start),
                        )
                    )
                )
        except IntegrityError as exc:
            raise SlotTaken(_clash_kind(exc), start) from exc
        self._event(conn, appointment_id, "booked", new=start)
        return appointment_id

    @staticmethod
    def _session_number(conn: Connection, case_id: int, start: datetime) -> int:
        """The session's place in the case's course: the assessment is session 1."""
        a = schema.appointments.c
        before = conn.execute(
            select(func.count()).where(
                a.case_id == case_id, a.status.in_(ACTIVE), a.starts_at < start
            )
        ).scalar_one()
        return int(before) + 1

    def _event(
        self,
        conn: Connection,
        appointment_id: int,
        event: str,
        old: datetime | None = None,
        new: datetime | None = None,
    ) -> None:
        conn.execute(
            insert(schema.appointment_events).values(
                appointment_id=appointment_id,
                event=event,
                at=self._session.clock(),
                by=self._session.username,
                old_starts_at=old,
                new_starts_at=new,
            )
        )
        self._session.audit_case(conn, f"appointment.{event}", "appointment", appointment_id)

    def book_assessment(self, case_id: int, slot: Slot) -> int:
        """Book the first session, the assessment; the case moves to 'assessment booked'."""
        self._session.require(Op.BOOKING)
        with self._session.case_tx() as conn:
            case = self._case_context(conn, case_id)
            if case.status == "closed":
                raise NotBookable("case_closed", slot.starts_at)
            BookingRules(self._session, conn, case_id).require([slot.local_start.date()])
            appointment_id = self._insert(
                conn,
                case,
                "assessment",
                slot.counsellor_id,
                slot.venue_id,
                slot.room_id,
                slot.starts_at,
            )
            if case.status == "waiting":
                CaseService(self._session).change_status_in(conn, case_id, "assessment_booked")
            self._allocate(conn, case_id, slot.counsellor_id)
        return appointment_id

    # -- series ---------------------------------------------------------------------------------

    def plan_series(
        self,
        case_id: int,
        first: datetime,
        counsellor_id: int,
        venue_id: int,
        room_id: int,
        count: int | None = None,
    ) -> SeriesPlan:
        """A weekly series at ``first``'s wall-clock time. ``count`` defaults to the rest of the
        yearly allowance: the weeks from the first that fit it. Occurrences that cannot be booked
        get a proposed alternative; those past a booking rule (eligibility, purchased sessions,
        the allowance of their own year) are marked with it and not booked."""
        self._session.require(Op.BOOKING)
        local = first.astimezone(LONDON)
        with self._session.case.connect() as conn:
            case = self._case_context(conn, case_id)
            if count is None:
                weeks = [local.date() + timedelta(weeks=week) for week in range(MAX_SERIES_WEEKS)]
                count = BookingRules(self._session, conn, case_id).allowance_run(weeks)
        occurrences: list[PlannedOccurrence] = []
        taken: set[datetime] = set()
        for week in range(max(0, count)):
            day = local.date() + timedelta(weeks=week)
            start = local_datetime(day, local.time().replace(tzinfo=None)).astimezone(UTC)
            problem = self._problem(case, counsellor_id, venue_id, room_id, start)
            alternative = None
            if problem is not None:
                alternative = self._alternative(
                    case_id, counsellor_id, venue_id, day, taken, local.time().replace(tzinfo=None)
                )
            if alternative is not None:
                taken.add(alternative.starts_at)
            occurrences.append(PlannedOccurrence(start, room_id, problem, alternative))
        # Weeks with no alternative nearby are offered at the end of the series instead.
        last = local.date() + timedelta(weeks=max(0, count - 1))
        for index, occurrence in enumerate(occurrences):
            if occurrence.problem is not None and occurrence.alternative is None:
                extra = self._after(case_id, counsellor_id, venue_id, last, local.time(), taken)
                if extra is not None:
                    taken.add(extra.starts_at)
                    last = extra.local_start.date()
                    occurrences[index] = replace(occurrence, alternative=extra)
        self._apply_rules(case_id, occurrences)
        return SeriesPlan(case_id, counsellor_id, venue_id, room_id, tuple(occurrences))

    def _apply_rules(self, case_id: int, occurrences: list[PlannedOccurrence]) -> None:
        """Mark the weeks that would be booked but break a booking rule, in date order."""
        booked = sorted(
            (o.starts_at if o.alternative is None else o.alternative.starts_at, index)
            for index, o in enumerate(occurrences)
            if o.problem is None or o.alternative is not None
        )
        with self._session.case.connect() as conn:
            problems = BookingRules(self._session, conn, case_id).problems(
                [start.astimezone(LONDON).date() for start, _ in booked]
            )
        for (_, index), problem in zip(booked, problems, strict=True):
            if problem is not None:
                occurrences[index] = replace(occurrences[index], problem=problem, alternative=None)

    def _after(
        self,
        case_id: int,
        counsellor_id: int,
        venue_id: int,
        last: date,
        at: time,
        taken: set[datetime],
    ) -> Slot | None:
        result = self.find_slots(
            SlotQuery(
                case_id=case_id,
                earliest=last + timedelta(days=1),
                weeks=6,
                max_distance_km=None,
                counsellor_id=counsellor_id,
                venue_id=venue_id,
                kind="session",
                limit=200,
            )
        )
        free = [s for s in result.slots if s.starts_at not in taken]
        if not free:
            return None
        # The earliest week with a free time, and in it the time closest to the series' time.
        first_week = _iso_week(free[0].starts_at)
        same_week = [s for s in free if _iso_week(s.starts_at) == first_week]
        target = at.hour * 60 + at.minute
        return min(
            same_week,
            key=lambda s: abs(s.local_start.hour * 60 + s.local_start.minute - target),
        )

    def _problem(
        self, case: Any, counsellor_id: int, venue_id: int, room_id: int, start: datetime
    ) -> str | None:
        with self._session.case.connect() as conn:
            try:
                self._check_bookable(
                    conn, venue_id, room_id, counsellor_id, start, start + _duration("session")
                )
            except NotBookable as exc:
                return exc.reason
            a = schema.appointments.c
            end = start + _duration("session")
            for column, value, what in (
                (a.room_id, room_id, "room_clash"),
                (a.counsellor_id, counsellor_id, "counsellor_clash"),
                (a.client_id, case.client_id, "client_clash"),
            ):
                clash = conn.execute(
                    select(a.id)
                    .where(
                        column == value,
                        a.status.in_(ACTIVE),
                        a.starts_at < end,
                        a.ends_at > start,
                        a.starts_at >= start - timedelta(hours=12),
                    )
                    .limit(1)
                ).first()
                if clash:
                    return what
        return None

    def _alternative(
        self,
        case_id: int,
        counsellor_id: int,
        venue_id: int,
        day: date,
        taken: set[datetime],
        at: time = time(12),
    ) -> Slot | None:
        """The bookable time nearest the series' own time, with the same counsellor at the same
        venue, within a few days of the one that does not work."""
        result = self.find_slots(
            SlotQuery(
                case_id=case_id,
                earliest=day - timedelta(days=2),
                weeks=1,
                max_distance_km=None,
                counsellor_id=counsellor_id,
                venue_id=venue_id,
                kind="session",
                limit=50,
            )
        )
        free = [s for s in result.slots if s.starts_at not in taken]
        if not free:
            return None
        target = local_datetime(day, at).astimezone(UTC)
        return min(free, key=lambda s: abs(s.starts_at - target))

    def book_series(self, plan: SeriesPlan, take_alternatives: bool = True) -> list[int]:
        """Book every occurrence that works (and the accepted alternatives) in one transaction."""
        self._session.require(Op.BOOKING)
        ids: list[int] = []
        with self._session.case_tx() as conn:
            case = self._case_context(conn, plan.case_id)
            # The assessment comes first; a closed case takes no more sessions.
            if case.status in ("waiting", "closed"):
                raise NotBookable("assessment_first" if case.status == "waiting" else "case_closed")
            first_local = (
                plan.occurrences[0].starts_at.astimezone(LONDON) if plan.occurrences else None
            )
            series_id = inserted_id(
                conn.execute(
                    insert(schema.appointment_series).values(
                        case_id=plan.case_id,
                        counsellor_id=plan.counsellor_id,
                        venue_id=plan.venue_id,
                        weekday=first_local.weekday() if first_local else 0,
                        local_time=(
                            first_local.time().replace(tzinfo=None) if first_local else time(9)
                        ),
                        duration_min=SESSION_MINUTES,
                        created_by=self._session.username,
                        created_at=self._session.clock(),
                    )
                )
            )
            targets: list[tuple[int, int, int, datetime]] = []
            for occurrence in plan.occurrences:
                if occurrence.problem is None:
                    target = (
                        plan.counsellor_id,
                        plan.venue_id,
                        occurrence.room_id,
                        occurrence.starts_at,
                    )
                elif take_alternatives and occurrence.alternative is not None:
                    alt = occurrence.alternative
                    target = (alt.counsellor_id, alt.venue_id, alt.room_id, alt.starts_at)
                else:
                    continue
                targets.append(target)
            BookingRules(self._session, conn, plan.case_id).require(
                sorted(target[3].astimezone(LONDON).date() for target in targets)
            )
            for target in targets:
                ids.append(self._insert(conn, case, "session", *target, series_id=series_id))
            if case.status in ("waiting", "assessment_booked"):
                CaseService(self._session).change_status_in(conn, plan.case_id, "active")
            self._allocate(conn, plan.case_id, plan.counsellor_id)
        return ids

    # -- changing -------------------------------------------------------------------------------

    def _appointment(self, conn: Connection, appointment_id: int) -> Any:
        row = conn.execute(
            select(schema.appointments).where(schema.appointments.c.id == appointment_id)
        ).first()
        if row is None:
            raise AppointmentNotFound(str(appointment_id))
        return row

    def _following(self, conn: Connection, row: Any) -> list[Any]:
        """This appointment and the booked ones after it in the same series."""
        if row.series_id is None:
            return [row]
        a = schema.appointments.c
        return list(
            conn.execute(
                select(schema.appointments)
                .where(
                    a.series_id == row.series_id, a.status == "booked", a.starts_at >= row.starts_at
                )
                .order_by(a.starts_at)
            )
        )

    def move(
        self,
        appointment_id: int,
        new_start: datetime,
        room_id: int | None = None,
        with_following: bool = False,
    ) -> list[int]:
        """Move one appointment (or it and every later one in its series, by the same number of
        days and to the same wall-clock time); all or nothing."""
        self._session.require(Op.BOOKING)
        moved = []
        with self._session.case_tx() as conn:
            row = self._appointment(conn, appointment_id)
            if row.status != "booked":
                raise NotBookable("not_booked")
            targets = self._following(conn, row) if with_following else [row]
            old_local = row.starts_at.astimezone(LONDON)
            new_local = new_start.astimezone(LONDON)
            day_shift = new_local.date() - old_local.date()

            def moved_to(item: Any) -> datetime:
                if item.id == row.id:
                    return new_start.astimezone(UTC)
                return local_datetime(
                    item.starts_at.astimezone(LONDON).date() + day_shift,
                    new_local.time().replace(tzinfo=None),
                ).astimezone(UTC)

            # Sessions that change day are checked again on their new day, as new bookings.
            new_days = {
                item.id: _london_day(moved_to(item))
                for item in targets
                if _london_day(moved_to(item)) != _london_day(item.starts_at)
            }
            if new_days:
                BookingRules(self._session, conn, row.case_id, ignoring=new_days).require(
                    sorted(new_days.values())
                )
            # Moving later, the last goes first, so none lands on a later one not yet moved.
            later = new_start > row.starts_at
            for item in reversed(targets) if later else targets:
                start = moved_to(item)
                room = (
                    room_id
                    if (room_id is not None and item.id == row.id)
                    or (room_id is not None and with_following)
                    else item.room_id
                )
                end = start + (item.ends_at - item.starts_at)
                self._check_bookable(
                    conn, item.venue_id, room, item.counsellor_id, start, end, moving=item.id
                )
                try:
                    with conn.begin_nested():
                        conn.execute(
                            update(schema.appointments)
                            .where(schema.appointments.c.id == item.id)
                            .values(starts_at=start, ends_at=end, room_id=room)
                        )
                except IntegrityError as exc:
                    raise SlotTaken(_clash_kind(exc), start) from exc
                self._event(conn, item.id, "moved", old=item.starts_at, new=start)
                moved.append(item.id)
        return moved[::-1] if later else moved

    def cancel(self, appointment_id: int, by: str, with_following: bool = False) -> list[int]:
        """Cancel by the client (late when under the setting's hours before) or by the service."""
        self._session.require(Op.BOOKING)
        if by not in ("client", "service"):
            raise NotBookable("cancelled_by")
        late_hours = int(self._settings()["late_cancel_hours"])
        now = self._session.clock()
        cancelled = []
        with self._session.case_tx() as conn:
            row = self._appointment(conn, appointment_id)
            if row.status != "booked":
                raise NotBookable("not_booked")
            for item in self._following(conn, row) if with_following else [row]:
                status = "cancelled_service"
                if by == "client":
                    late = item.starts_at - now < timedelta(hours=late_hours)
                    status = "cancelled_client_late" if late else "cancelled_client"
                conn.execute(
                    update(schema.appointments)
                    .where(schema.appointments.c.id == item.id)
                    .values(status=status, cancelled_at=now, cancelled_by=self._session.username)
                )
                self._event(conn, item.id, status, old=item.starts_at)
                seal_session_record(self._session, conn, item, status)
                cancelled.append(item.id)
            if row.kind == "assessment":
                case = conn.execute(
                    select(schema.cases.c.status).where(schema.cases.c.id == row.case_id)
                ).scalar()
                if case == "assessment_booked":
                    CaseService(self._session).change_status_in(conn, row.case_id, "waiting")
        return cancelled

    def record_attendance(self, appointment_id: int, status: str) -> None:
        """Attended or did not attend. A did-not-attend puts a follow-up on the handlers' list."""
        self._session.require(Op.ATTENDANCE_RECORD)
        if status not in ("attended", "dna"):
            raise NotBookable("attendance_status")
        with self._session.case_tx() as conn:
            row = self._appointment(conn, appointment_id)
            if not (
                self._session.has_role(Role.CALL_HANDLER)
                or self._session.has_role(Role.ADMINISTRATOR)
            ):
                # A counsellor records attendance for their own sessions only.
                user_id = self._session.user_id(conn)
                owner = conn.execute(
                    select(schema.counsellors.c.user_id).where(
                        schema.counsellors.c.id == row.counsellor_id
                    )
                ).scalar()
                if user_id is None or owner != user_id:
                    raise PermissionDenied("attendance.not_own")
            if row.status not in ("booked", "attended", "dna"):
                raise NotBookable("not_booked")
            if row.starts_at > self._session.clock():
                raise NotBookable("not_yet_happened")
            conn.execute(
                update(schema.appointments)
                .where(schema.appointments.c.id == appointment_id)
                .values(status=status)
            )
            self._event(conn, appointment_id, status)
            if row.status == "booked":
                seal_session_record(self._session, conn, row, status)
            if status == "dna" and row.status != "dna":
                conn.execute(
                    insert(schema.follow_ups).values(
                        client_id=row.client_id,
                        case_id=row.case_id,
                        appointment_id=appointment_id,
                        reason="dna",
                        created_at=self._session.clock(),
                    )
                )
            elif row.kind == "assessment":
                case = conn.execute(
                    select(schema.cases.c.status).where(schema.cases.c.id == row.case_id)
                ).scalar()
                if case == "assessment_booked":
                    CaseService(self._session).change_status_in(conn, row.case_id, "active")

    # -- follow-ups -----------------------------------------------------------------------------

    def follow_ups(self) -> list[FollowUp]:
        self._session.require(Op.FOLLOW_UPS)
        f, cl, a = schema.follow_ups.c, schema.clients.c, schema.appointments.c
        with self._session.case.connect() as conn:
            rows = conn.execute(
                select(
                    f.id,
                    f.client_id,
                    f.case_id,
                    f.reason,
                    f.created_at,
                    cl.reference,
                    cl.first_name,
                    cl.last_name,
                    a.starts_at,
                )
                .select_from(
                    schema.follow_ups.join(schema.clients, cl.id == f.client_id).outerjoin(
                        schema.appointments, a.id == f.appointment_id
                    )
                )
                .where(f.done_at.is_(None))
                .order_by(f.created_at, f.id)
            ).all()
        return [
            FollowUp(
                r.id,
                r.client_id,
                r.case_id,
                r.reason,
                r.created_at,
                r.reference,
                f"{r.first_name[:1]}{r.last_name[:1]}".upper(),
                r.starts_at,
            )
            for r in rows
        ]

    def complete_follow_up(self, follow_up_id: int) -> None:
        self._session.require(Op.FOLLOW_UPS)
        with self._session.case_tx() as conn:
            conn.execute(
                update(schema.follow_ups)
                .where(
                    schema.follow_ups.c.id == follow_up_id, schema.follow_ups.c.done_at.is_(None)
                )
                .values(done_at=self._session.clock(), done_by=self._session.username)
            )
            self._session.audit_case(conn, "follow_up.done", "follow_up", follow_up_id)

    def appointments_for_case(self, case_id: int) -> list[Any]:
        self._session.require(Op.CLIENTS_VIEW)
        a = schema.appointments.c
        with self._session.case.connect() as conn:
            return list(
                conn.execute(
                    select(schema.appointments).where(a.case_id == case_id).order_by(a.starts_at)
                )
            )


@dataclass(frozen=True)
class PlannedOccurrence:
    starts_at: datetime
    room_id: int
    problem: str | None  # None when it can be booked as planned
    alternative: Slot | None = None


@dataclass(frozen=True)
class SeriesPlan:
    case_id: int
    counsellor_id: int
    venue_id: int
    room_id: int
    occurrences: tuple[PlannedOccurrence, ...]


@dataclass(frozen=True)
class FollowUp:
    id: int
    client_id: int
    case_id: int
    reason: str
    created_at: datetime
    reference: str
    initials: str
    appointment_at: datetime | None


def _clash_kind(exc: IntegrityError) -> str:
    text = str(exc.orig) if exc.orig is not None else str(exc)
    for what in ("room", "counsellor", "client"):
        if f"{what}_clash" in text:
            return what
    if "bad_times" in text:
        return "times"
    raise exc


def seal_session_record(session: Session, conn: Connection, appointment: Any, status: str) -> None:
    """One anonymous session record for statistics (attended, did not attend, cancelled)."""
    from .. import outbox
    from ..statistics.coarsen import client_profile
    from .cases import quarter_of

    c, v = schema.cases.c, schema.venues.c
    service = conn.execute(select(c.service).where(c.id == appointment.case_id)).scalar()
    district = conn.execute(select(v.district).where(v.id == appointment.venue_id)).scalar()
    profile = client_profile(
        conn, appointment.client_id, appointment.starts_at.astimezone(LONDON).date()
    )
    outbox.seal_record_in(
        conn,
        session,
        "session",
        quarter_of(appointment.starts_at),
        {
            "service": service,
            "kind": appointment.kind,
            "status": status,
            "district": district,
            "organisation": profile["organisation"],
            "org_group": profile["org_group"],
        },
    )
