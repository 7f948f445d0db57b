"""A fictional, deterministic demo data set: ``supportline demo`` and the scale benchmarks.

Everything generated here is obviously demo data, so that nobody mistakes it for a real person:

- client names combine a fixed list of common first names and surnames;
- e-mail addresses are at ``example.org`` (RFC 2606), telephone numbers come from Ofcom's ranges
  reserved for drama (07700 900000-900999 and 01632 960000-960999);
- addresses are ``NN Demo Street``-style streets in real Kent towns, with postcodes in a real
  Kent or Medway district and a made-up inward code;
- counsellors have invented surnames ("Larkwood", "Thistlemere"); the ``counsellor`` account is
  the profile :data:`DEMO_COUNSELLOR_NAME`.

The same ``seed`` and ``today`` give the same rows. Only random numbers from ``random.Random(seed)``
and ``today`` decide the content: no wall clock, no set or dict ordering by hash. Session-note
ciphertexts differ between runs (AES-GCM nonces are random); their plaintexts do not.
``supportline demo`` passes no ``today``: the real date, so that "this week" is this week.

How the history is built: clients are generated in the order of their first contact over the
``years`` before ``today``, in chunks of :data:`CHUNK` clients, each chunk written in its own
transaction with primary keys assigned here. Bookings only ever go forward in time, so the
occupancy of counsellors and rooms (one-hour slots on the hour, Europe/London wall clock) is
forgotten for days before the current chunk: memory stays bounded whatever the number of clients.
A counsellor is never in two places at once, no room holds two appointments at once, and no
counsellor takes more than ``max_per_week`` appointments in an ISO week.

Capacity is real: with many clients per year, some cases stay on the waiting list or are closed
without being seen, as they would in a service that is over-subscribed. The scale benchmarks
(100,000 clients over ten years, DESIGN 10) pass ``years=10``.

What is not bulk-loaded: the demo counsellor's last :data:`LIVE_WEEKS` weeks and the weeks
booked ahead are lived through the services by :mod:`supportline.demo_caseload`. The bulk
history's statistical records are derived by :func:`.statistics.demo_stats.populate_stats`;
those of the lived weeks go through the outbox, which is drained at the end.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, Table, bindparam, select, update

from . import calendar_uk, crypto, reference
from .audit import AuditAction
from .db import schema
from .demo_caseload import LIVE_CLIENTS, CaseloadSummary, build_caseload, nearest_outward
from .importer import CLIENT_GENDERS
from .outbox import drain
from .roles import KeyName, Role
from .services.clients import ClientInput, fold, terms_for_values
from .services.clients import search_name as fold_client_name
from .services.urgency import urgency_floor
from .services.users import UserService
from .session import Session, build_in_place, create_store_in, refuse_existing, unlock
from .statistics.demo_stats import populate_stats

LONDON = ZoneInfo("Europe/London")
CHUNK = 5_000
REFERENCE_PREFIX = "SL-"
DEMO_EMAIL_DOMAIN = "example.org"
DEMO_MOBILE_PREFIX = "07700 900"  # Ofcom drama range 07700 900000-900999
DEMO_LANDLINE_PREFIX = "01632 960"  # Ofcom drama range 01632 960000-960999

Progress = Callable[[float, str], None]
# The ``stage`` codes passed to ``progress``, in order (the front end words them).
STAGES: tuple[str, ...] = (
    "users",
    "reference",
    "clients",
    "audit",
    "caseload",
    "statistics",
    "done",
)

SERVICES = ("counselling", "coaching", "mediation")
KCC_AGREEMENTS_FROM = date(2020, 4, 1)

# Case lifecycle values written by the generator (and expected of the case services).
CASE_WAITING = "waiting"
CASE_ASSESSMENT_BOOKED = "assessment_booked"
CASE_ACTIVE = "active"
CASE_CLOSED = "closed"

APPOINTMENT_BOOKED = "booked"
APPOINTMENT_PAST_STATUSES = ("attended", "dna", "cancelled_client", "cancelled_service")
ASSESSMENT_MINUTES = 60
SESSION_MINUTES = 50
MAX_SESSIONS = 7  # the assessment is session 1 (DOMAIN: at most 7 a year)
BOOKING_WINDOW_DAYS = 42
FUTURE_HORIZON_DAYS = 28
# About 1,000 referrals a quarter: a busy county-wide service, and enough that the manager's
# tables for a quarter publish most of their cells at the default disclosure threshold.
DEFAULT_CLIENTS = 10_000
# The service a referral asks for, where the client's organisation has an agreement for it.
SERVICE_WEIGHTS = {"counselling": 70, "coaching": 18, "mediation": 12}
# The counsellor profile the ``counsellor`` account is linked to, with a fixed, fictional name.
DEMO_COUNSELLOR_NAME = "Imogen Fernbrook"
DEMO_COUNSELLOR_DAYS = (0, 1, 2, 3)  # Monday to Thursday
DEMO_COUNSELLOR_HOURS = 6  # one block a day, on the hour
DEMO_COUNSELLOR_MAX_PER_WEEK = 20
# The demo counsellor's last weeks (and the weeks booked ahead) are not bulk-loaded: they are
# lived through the services by :mod:`supportline.demo_caseload`.
LIVE_WEEKS = 10

FIRST_NAMES_F = (
    "Amelia",
    "Olivia",
    "Emily",
    "Sophie",
    "Jessica",
    "Charlotte",
    "Hannah",
    "Lucy",
    "Grace",
    "Chloe",
    "Ellie",
    "Rachel",
    "Sarah",
    "Laura",
    "Emma",
    "Rebecca",
    "Katie",
    "Helen",
    "Joanne",
    "Claire",
    "Nicola",
    "Amy",
    "Gemma",
    "Priya",
    "Aisha",
    "Agnieszka",
    "Maria",
    "Fatima",
    "Zoë",
    "Siobhan",
    "Bethany",
    "Megan",
    "Ruth",
    "Alison",
    "Susan",
    "Karen",
    "Julie",
    "Dawn",
    "Tracey",
)
FIRST_NAMES_M = (
    "Oliver",
    "Jack",
    "Harry",
    "George",
    "Thomas",
    "James",
    "William",
    "Daniel",
    "Samuel",
    "Joseph",
    "David",
    "Matthew",
    "Michael",
    "Andrew",
    "Christopher",
    "Mark",
    "Paul",
    "Richard",
    "Stephen",
    "Peter",
    "Gareth",
    "Ryan",
    "Liam",
    "Connor",
    "Arjun",
    "Mohammed",
    "Tomasz",
    "Kamal",
    "Ioan",
    "Darren",
    "Lee",
    "Craig",
    "Simon",
    "Neil",
    "Ian",
    "Graham",
    "Kevin",
    "Rhys",
)
SURNAMES = (
    "Smith",
    "Jones",
    "Taylor",
    "Brown",
    "Williams",
    "Wilson",
    "Johnson",
    "Davies",
    "Robinson",
    "Wright",
    "Thompson",
    "Evans",
    "Walker",
    "White",
    "Roberts",
    "Green",
    "Hall",
    "Wood",
    "Jackson",
    "Clarke",
    "Patel",
    "Khan",
    "Lewis",
    "Harris",
    "Martin",
    "Cooper",
    "King",
    "Lee",
    "Baker",
    "Turner",
    "Hill",
    "Moore",
    "Ward",
    "Morris",
    "Hughes",
    "Edwards",
    "Kaur",
    "Singh",
    "Nowak",
    "Kowalski",
    "Popescu",
    "Gurung",
    "O'Brien",
    "Murphy",
    "Kelly",
    "Price",
    "Bennett",
    "Gray",
    "Mills",
    "Fisher",
    "Shaw",
    "Lloyd",
    "Ellis",
    "Marsh",
    "Page",
    "Hunt",
    "Webb",
)
PREFERRED = {
    "Christopher": "Chris",
    "Matthew": "Matt",
    "Michael": "Mike",
    "Rebecca": "Becky",
    "Samuel": "Sam",
    "Thomas": "Tom",
    "William": "Will",
    "Daniel": "Dan",
    "Jessica": "Jess",
    "Charlotte": "Charlie",
    "Joseph": "Joe",
    "Richard": "Rich",
}
STREETS = (
    "Demo Street",
    "Example Road",
    "Sample Lane",
    "Fictional Close",
    "Test Avenue",
    "Placeholder Way",
    "Specimen Gardens",
    "Mock Terrace",
)
COUNSELLOR_FIRST = (
    "Harriet",
    "Samir",
    "Joanna",
    "Bernadette",
    "Rowan",
    "Imogen",
    "Declan",
    "Ingrid",
    "Tobias",
    "Marguerite",
    "Anouk",
    "Felix",
    "Hyacinth",
    "Lorcan",
    "Pilar",
    "Ottilie",
    "Bartholomew",
    "Wilhelmina",
    "Crispin",
    "Perpetua",
    "Jolyon",
    "Araminta",
    "Ignatius",
    "Clementine",
)
COUNSELLOR_SURNAMES = (
    "Larkwood",
    "Thistlemere",
    "Fernbrook",
    "Marchbank",
    "Hollowell",
    "Brightwater",
    "Kestrelton",
    "Oakhurst",
    "Rowanby",
    "Quillfeather",
    "Ambergate",
    "Wrenfield",
    "Mosscombe",
    "Heronsgate",
    "Bramblecote",
    "Cinderford",
    "Duskwater",
    "Emberley",
    "Foxglove",
    "Gorsemoor",
    "Hazelwick",
    "Ivybridge-Fane",
    "Juniperdale",
    "Kingfisher-Moss",
    "Lindenholt",
    "Meadowsweet",
)
EXTRA_LANGUAGES = ("Polish", "Urdu", "Punjabi", "Nepali", "Romanian", "BSL")

# (job role, relative frequency) by kind of organisation: a school has one head and many staff.
SCHOOL_ROLES = (
    ("Headteacher", 4),
    ("Executive headteacher", 1),
    ("Deputy headteacher", 3),
    ("Assistant headteacher", 3),
    ("School business manager", 2),
    ("Teacher", 30),
    ("SENCO", 4),
    ("Teaching assistant", 20),
    ("School office staff", 6),
    ("Lunchtime supervisor", 4),
    ("Site manager", 2),
)
EARLY_YEARS_ROLES = (
    ("Headteacher", 2),
    ("Early years manager", 3),
    ("Early years teacher", 6),
    ("Early years practitioner", 12),
    ("School office staff", 2),
)
KCC_ROLES = (
    ("Director", 1),
    ("Head of service", 3),
    ("Team manager", 8),
    ("Educational psychologist", 3),
    ("Social worker", 18),
    ("Occupational therapist", 4),
    ("Council officer", 20),
    ("Administrator", 10),
    ("Finance officer", 4),
    ("IT support officer", 4),
    ("Care worker", 10),
    ("Highways operative", 5),
    ("Librarian", 3),
    ("Youth worker", 4),
    ("Family support worker", 8),
)
OTHER_ROLES = (
    ("Director", 1),
    ("Head of service", 2),
    ("Team manager", 6),
    ("Council officer", 12),
    ("Administrator", 8),
    ("Finance officer", 3),
    ("IT support officer", 3),
    ("Care worker", 12),
    ("Youth worker", 4),
    ("Family support worker", 5),
    ("Site manager", 2),
)

NOTE_SENTENCES = (
    "Client attended on time.",
    "We reviewed the goals agreed at assessment.",
    "Discussed strategies for managing workload.",
    "Client reports sleeping a little better this week.",
    "Explored sources of support at home and at work.",
    "Agreed to continue with weekly sessions.",
    "Practised a short breathing exercise together.",
    "Client to keep a brief diary before the next session.",
    "Reviewed progress towards the agreed goals.",
    "No new risk identified.",
)


SIGNPOSTS = (
    "occupational_health",
    "hr",
    "educational_psychology",
    "gp",
    "crisis_services",
    "other",
)


def _outcome(rng: random.Random, signpost_share: float) -> dict[str, Any]:
    if rng.random() < signpost_share:
        return {"outcome": "signposted", "signposted_to": rng.choice(SIGNPOSTS)}
    return {"outcome": "no_further_action", "signposted_to": None}


@dataclass(frozen=True)
class DemoSummary:
    clients: int
    cases: int
    appointments: int
    venues: int
    counsellors: int
    organisations: int
    recovery_secret: str = ""  # what init printed: the demo shows it too, to try a recovery


def _noop(fraction: float, stage: str) -> None:
    return None


def default_counsellor_count(clients: int) -> int:
    """About 40 counsellors for a small demo, up to DESIGN 10's 150 at 100,000 clients."""
    return max(40, min(150, clients // 650))


# -- helpers ------------------------------------------------------------------------------------


def _local(day: date, hour: int, minute: int = 0) -> datetime:
    """A Europe/London wall-clock time as an aware UTC datetime."""
    return datetime.combine(day, time(hour, minute), LONDON).astimezone(UTC)


def _next_weekday(day: date) -> date:
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def _ceil_hour(value: time) -> int:
    return value.hour + (1 if value.minute or value.second else 0)


# Columns some generated rows leave out; one executemany needs the same keys in every row.
_ROW_DEFAULTS: dict[str, dict[str, Any]] = {
    "contacts": {"signposted_to": None, "callback_state": "none", "resolved_by_id": None},
}


def _insert(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    defaults = _ROW_DEFAULTS.get(table.name)
    if defaults:
        rows = [{**defaults, **row} for row in rows]
    for start in range(0, len(rows), CHUNK):
        conn.execute(table.insert(), rows[start : start + CHUNK])


def _demo_postcode(rng: random.Random, outward: str) -> str:
    letters = "ABDEFGHJLNPQRSTUWXYZ"
    return f"{outward} {rng.randint(1, 9)}{rng.choice(letters)}{rng.choice(letters)}"


def _ascii(text: str) -> str:
    return "".join(ch for ch in fold(text) if ch.isascii() and ch.isalnum())


# -- the generator ------------------------------------------------------------------------------


@dataclass
class _Counsellor:
    id: int
    services: frozenset[str]
    max_per_week: int
    # weekday -> (venue id, first hour, end hour): one block per day, on the hour
    blocks: dict[int, tuple[int, int, int]]
    leave: set[int]  # date ordinals


@dataclass
class _Booking:
    counsellor: int
    day: int  # date ordinal
    hour: int
    venue: int
    room: int


class _Generator:
    def __init__(
        self,
        session: Session,
        seed: int,
        clients: int,
        counsellors: int,
        years: int,
        today: date,
        progress: Progress,
    ) -> None:
        self.session = session
        self.rng = random.Random(seed)
        # Contact outcomes draw from their own stream so the rest of the demo is unchanged.
        self.outcome_rng = random.Random(seed * 7919 + 1)
        self.n_clients = clients
        self.n_counsellors = counsellors
        self.today = today
        self.start = today - timedelta(days=365 * years)
        self.now = _local(today, 12)
        self.progress = progress
        self.horizon = today.toordinal() + FUTURE_HORIZON_DAYS
        # From this Monday on, the demo counsellor's diary belongs to demo_caseload.
        self.live_from = today.toordinal() - today.weekday() - 7 * LIVE_WEEKS
        self.ids: dict[str, int] = {}
        self.venue_ids: dict[str, int] = {}
        self.venue_rooms: dict[int, list[int]] = {}
        self.venue_by_id: dict[int, reference.Venue] = {}
        self.orgs: list[tuple[int, reference.Organisation, float]] = []
        self.agreements: dict[int, list[tuple[str, date, date | None]]] = {}
        self.counsellors: list[_Counsellor] = []
        self.by_venue: dict[int, list[int]] = {}
        self.near_counsellors: dict[str, list[int]] = {}
        self.closures: set[tuple[int, int]] = set()  # (venue id, date ordinal)
        self.bank_holidays: set[int] = set()
        self.counsellor_busy: dict[int, set[int]] = {}
        self.room_busy: dict[int, set[int]] = {}
        self.week_load: dict[tuple[int, int], int] = {}
        self.user_ids: dict[str, int] = {}
        self.linked_counsellor = 1
        self.live_names: set[tuple[str, str]] = set()
        self.rota: dict[tuple[int, int, int], int] = {}  # (venue, weekday, hour) -> counsellors
        self.towns: dict[str, list[str]] = {}
        self.districts = sorted(reference.postcode_districts())
        self.issue_codes = [issue.code for issue in reference.presenting_issues()]
        known_roles = {role.role for role in reference.job_roles()}
        for roles in (SCHOOL_ROLES, EARLY_YEARS_ROLES, KCC_ROLES, OTHER_ROLES):
            missing = {role for role, _ in roles} - known_roles
            if missing:
                raise ValueError(f"job roles not in reference data: {sorted(missing)}")
        self.counts = {"clients": 0, "cases": 0, "appointments": 0}
        generation = session.current_generation(KeyName.NOTES)
        self.notes_generation = generation
        self.notes_key = session.key(KeyName.NOTES, generation)

    def next_id(self, table: str) -> int:
        self.ids[table] = self.ids.get(table, 0) + 1
        return self.ids[table]

    # -- reference data --------------------------------------------------------------------------

    def load_users(self, conn: Connection) -> None:
        for row in conn.execute(select(schema.users.c.id, schema.users.c.username)):
            self.user_ids[row.username] = row.id

    def write_venues(self, conn: Connection) -> None:
        venue_rows: list[dict[str, Any]] = []
        hour_rows: list[dict[str, Any]] = []
        room_rows: list[dict[str, Any]] = []
        closure_rows: list[dict[str, Any]] = []
        span = (self.today - self.start).days + FUTURE_HORIZON_DAYS
        for venue in reference.venues():
            venue_id = self.next_id("venues")
            self.venue_ids[venue.code] = venue_id
            self.venue_by_id[venue_id] = venue
            self.towns.setdefault(venue.district, [])
            if venue.town not in self.towns[venue.district]:
                self.towns[venue.district].append(venue.town)
            venue_rows.append(
                {
                    "id": venue_id,
                    "code": venue.code,
                    "name": venue.name,
                    "address": venue.address,
                    "town": venue.town,
                    "postcode": venue.postcode,
                    "district": venue.district,
                    "lat": venue.lat,
                    "lon": venue.lon,
                    "step_free": venue.step_free,
                    "hearing_loop": venue.hearing_loop,
                    "parking": venue.parking,
                    "active": True,
                }
            )
            for weekday, (opens, closes) in venue.hours.items():
                hour_rows.append(
                    {"venue_id": venue_id, "weekday": weekday, "opens": opens, "closes": closes}
                )
            rooms = []
            for name in venue.rooms:
                room_id = self.next_id("rooms")
                rooms.append(room_id)
                room_rows.append(
                    {"id": room_id, "venue_id": venue_id, "name": name, "active": True}
                )
            self.venue_rooms[venue_id] = rooms
            closed = {
                self.start + timedelta(days=self.rng.randint(0, span))
                for _ in range(self.rng.randint(0, 3))
            }
            for day in sorted(closed):
                closure_rows.append(
                    {
                        "id": self.next_id("venue_closures"),
                        "venue_id": venue_id,
                        "on_date": day,
                        "reason": self.rng.choice(
                            ("maintenance", "staff_training", "building_use")
                        ),
                    }
                )
                self.closures.add((venue_id, day.toordinal()))
        _insert(conn, schema.venues, venue_rows)
        _insert(conn, schema.venue_hours, hour_rows)
        _insert(conn, schema.rooms, room_rows)
        _insert(conn, schema.venue_closures, closure_rows)
        # Venues are closed on bank holidays too, with no closure row of their own.
        for year in range(self.start.year, self.today.year + 2):
            self.bank_holidays.update(day.toordinal() for day in calendar_uk.bank_holidays(year))

    def write_organisations(self, conn: Connection) -> None:
        org_rows: list[dict[str, Any]] = []
        agreement_rows: list[dict[str, Any]] = []
        rng = self.rng
        for org in reference.organisations():
            org_id = self.next_id("organisations")
            org_rows.append(
                {
                    "id": org_id,
                    "name": org.name,
                    "org_group": org.group,
                    "phase": org.phase,
                    "directorate": org.directorate,
                    "active": True,
                }
            )
            agreements: list[tuple[str, date, date | None, int | None]] = []
            if org.group == "kcc":
                weight = 12.0
                # Open-ended since April 2020, or since the start of a longer demo history.
                since = min(KCC_AGREEMENTS_FROM, self.start)
                agreements = [(service, since, None, None) for service in SERVICES]
            elif org.group == "school":
                weight = 1.0
                starts = date(rng.choice((2019, 2020, 2021, 2022)), rng.choice((4, 9)), 1)
                ends: date | None = None
                purchased: int | None = None
                if rng.random() < 0.3:
                    purchased = rng.choice((10, 20, 30, 50))
                if rng.random() < 0.12:
                    ends = self.today - timedelta(days=rng.randint(60, 300))
                agreements = [("counselling", starts, ends, purchased)]
            else:
                weight = 3.0
                starts = date(rng.choice((2020, 2021, 2022, 2023)), 4, 1)
                services = ["counselling"]
                if rng.random() < 0.5:
                    services.append("coaching")
                if rng.random() < 0.6:
                    services.append("mediation")
                agreements = [(service, starts, None, None) for service in services]
            for service, starts_on, ends_on, purchased in agreements:
                agreement_rows.append(
                    {
                        "id": self.next_id("service_agreements"),
                        "organisation_id": org_id,
                        "service": service,
                        "starts_on": starts_on,
                        "ends_on": ends_on,
                        "purchased_sessions": purchased,
                    }
                )
            self.orgs.append((org_id, org, weight))
            self.agreements[org_id] = [(s, a, b) for s, a, b, _ in agreements]
        _insert(conn, schema.organisations, org_rows)
        _insert(conn, schema.service_agreements, agreement_rows)

    def write_counsellors(self, conn: Connection) -> None:
        rng = self.rng
        venue_ids = list(self.venue_by_id)
        rotation = venue_ids[:]
        rng.shuffle(rotation)
        rotation_at = 0
        counsellor_rows: list[dict[str, Any]] = []
        availability_rows: list[dict[str, Any]] = []
        leave_rows: list[dict[str, Any]] = []
        names: set[str] = {DEMO_COUNSELLOR_NAME}
        for index in range(self.n_counsellors):
            counsellor_id = self.next_id("counsellors")
            linked = counsellor_id == self.linked_counsellor
            if linked:
                counsellor_rows.append(
                    self.write_demo_counsellor(
                        counsellor_id, rotation, availability_rows, leave_rows
                    )
                )
                rotation_at += 1
                continue
            while True:
                name = f"{rng.choice(COUNSELLOR_FIRST)} {rng.choice(COUNSELLOR_SURNAMES)}"
                if name not in names or len(names) > 500:
                    break
            names.add(name)
            roll = rng.random()
            gender = "female" if roll < 0.7 else "male" if roll < 0.97 else "non_binary"
            languages = ["English"]
            if rng.random() < 0.2:
                languages.append(rng.choice(EXTRA_LANGUAGES))
            services = ["counselling"]
            if rng.random() < 0.4:
                services.append("coaching")
            if rng.random() < 0.35:
                services.append("mediation")
            # Home venue in rotation so every venue gets counsellors; the others nearby.
            home = rotation[rotation_at % len(rotation)]
            rotation_at += 1
            nearest = self.nearest_venues(home)
            mine = [home, *rng.sample(nearest[:5], rng.randint(1, 3) - 1)]
            max_per_week = rng.randint(10, 18)
            blocks: dict[int, tuple[int, int, int]] = {}
            days = sorted(rng.sample(range(5), rng.randint(2, 4)))
            if rng.random() < 0.1:
                days.append(5)
            for weekday in days:
                options = [v for v in mine if weekday in self.venue_by_id[v].hours]
                if not options:
                    continue
                venue_id = rng.choice(options)
                opens, closes = self.venue_by_id[venue_id].hours[weekday]
                first, last = _ceil_hour(opens), closes.hour
                if last - first < 1:
                    continue
                length = min(last - first, rng.randint(3, 8))
                begin = first + rng.randint(0, last - first - length)
                venue_id, begin = self.fit_rota(options, venue_id, weekday, begin, length)
                blocks[weekday] = (venue_id, begin, begin + length)
                self.take_rota(venue_id, weekday, begin, begin + length)
                availability_rows.append(
                    {
                        "id": self.next_id("counsellor_availability"),
                        "counsellor_id": counsellor_id,
                        "venue_id": venue_id,
                        "weekday": weekday,
                        "starts": time(begin),
                        "ends": time(begin + length),
                    }
                )
                self.by_venue.setdefault(venue_id, []).append(counsellor_id)
            leave: set[int] = set()
            span = (self.today - self.start).days + FUTURE_HORIZON_DAYS
            for _ in range(rng.randint(0, 2 + span // 365)):
                first_day = self.start + timedelta(days=rng.randint(0, span))
                last_day = first_day + timedelta(days=rng.randint(2, 13))
                leave_rows.append(
                    {
                        "id": self.next_id("counsellor_leave"),
                        "counsellor_id": counsellor_id,
                        "starts_on": first_day,
                        "ends_on": last_day,
                    }
                )
                leave.update(range(first_day.toordinal(), last_day.toordinal() + 1))
            counsellor_rows.append(
                {
                    "id": counsellor_id,
                    "user_id": None,
                    "display_name": name,
                    "gender": gender,
                    "languages": ",".join(languages),
                    "services": ",".join(services),
                    "max_per_week": max_per_week,
                    "is_clinical_lead": index % 25 == 7,
                    "active": True,
                }
            )
            self.counsellors.append(
                _Counsellor(counsellor_id, frozenset(services), max_per_week, blocks, leave)
            )
        _insert(conn, schema.counsellors, counsellor_rows)
        _insert(conn, schema.counsellor_availability, availability_rows)
        _insert(conn, schema.counsellor_leave, leave_rows)
        # Counsellors working at the venues nearest each postcode district, nearest first.
        for outward, centroid in reference.postcode_districts().items():
            ordered = sorted(
                self.venue_by_id,
                key=lambda v: reference.haversine_km(
                    centroid.lat, centroid.lon, self.venue_by_id[v].lat, self.venue_by_id[v].lon
                ),
            )
            seen: list[int] = []
            for venue_id in ordered[:8]:
                for counsellor_id in self.by_venue.get(venue_id, []):
                    if counsellor_id not in seen:
                        seen.append(counsellor_id)
            self.near_counsellors[outward] = seen

    def fit_rota(
        self, options: list[int], venue_id: int, weekday: int, begin: int, length: int
    ) -> tuple[int, int]:
        """The drawn block, or the nearest change to it that does not put more counsellors in a
        venue at once than it has rooms (as a rota would not): another start, another venue."""

        def fits(venue: int, start: int) -> bool:
            rooms = len(self.venue_rooms[venue])
            return all(
                self.rota.get((venue, weekday, hour), 0) < rooms
                for hour in range(start, start + length)
            )

        for venue in (venue_id, *[v for v in options if v != venue_id]):
            opens, closes = self.venue_by_id[venue].hours[weekday]
            first, last = _ceil_hour(opens), closes.hour
            starts = sorted(range(first, last - length + 1), key=lambda h: (abs(h - begin), h))
            for start in starts:
                if fits(venue, start):
                    return venue, start
        return venue_id, begin

    def take_rota(self, venue_id: int, weekday: int, begin: int, end: int) -> None:
        for hour in range(begin, end):
            key = (venue_id, weekday, hour)
            self.rota[key] = self.rota.get(key, 0) + 1

    def nearest_venues(self, home: int) -> list[int]:
        here = self.venue_by_id[home]
        return sorted(
            (v for v in self.venue_by_id if v != home),
            key=lambda v: reference.haversine_km(
                here.lat, here.lon, self.venue_by_id[v].lat, self.venue_by_id[v].lon
            ),
        )

    def write_demo_counsellor(
        self,
        counsellor_id: int,
        rotation: list[int],
        availability_rows: list[dict[str, Any]],
        leave_rows: list[dict[str, Any]],
    ) -> dict[str, Any]:
        """The profile the ``counsellor`` account is linked to: every service, two venues near
        each other with no closure in the weeks the demo shows, one block a day Monday to
        Thursday, and no leave in those weeks."""
        live = range(self.live_from, self.horizon + 8)

        def fits(venue_id: int, weekday: int) -> bool:
            hours = self.venue_by_id[venue_id].hours.get(weekday)
            return hours is not None and (
                hours[1].hour - _ceil_hour(hours[0]) >= DEMO_COUNSELLOR_HOURS
            )

        def usable(venue_id: int) -> bool:
            return len(self.venue_rooms[venue_id]) >= 2 and not any(
                (venue_id, day) in self.closures for day in live
            )

        home = next((v for v in rotation if usable(v) and fits(v, 0) and fits(v, 2)), rotation[0])
        second = next(
            (v for v in self.nearest_venues(home)[:8] if usable(v) and fits(v, 1) and fits(v, 3)),
            home,
        )
        blocks: dict[int, tuple[int, int, int]] = {}
        for weekday in DEMO_COUNSELLOR_DAYS:
            preferred = (home, second) if weekday % 2 == 0 else (second, home)
            venue_id = next((v for v in preferred if fits(v, weekday)), None)
            if venue_id is None:
                continue
            opens, closes = self.venue_by_id[venue_id].hours[weekday]
            first, last = _ceil_hour(opens), closes.hour
            begin = min(max(first, 10), last - DEMO_COUNSELLOR_HOURS)
            blocks[weekday] = (venue_id, begin, begin + DEMO_COUNSELLOR_HOURS)
            self.take_rota(venue_id, weekday, begin, begin + DEMO_COUNSELLOR_HOURS)
            availability_rows.append(
                {
                    "id": self.next_id("counsellor_availability"),
                    "counsellor_id": counsellor_id,
                    "venue_id": venue_id,
                    "weekday": weekday,
                    "starts": time(begin),
                    "ends": time(begin + DEMO_COUNSELLOR_HOURS),
                }
            )
            self.by_venue.setdefault(venue_id, []).append(counsellor_id)
        leave: set[int] = set()
        # A fortnight each summer and a week after Christmas, none of it in the weeks shown.
        for year in range(self.start.year, self.today.year + 1):
            for first_day, days in ((date(year, 8, 3), 14), (date(year, 12, 28), 7)):
                span = range(first_day.toordinal(), first_day.toordinal() + days)
                if first_day < self.start or any(day in live for day in span):
                    continue
                leave_rows.append(
                    {
                        "id": self.next_id("counsellor_leave"),
                        "counsellor_id": counsellor_id,
                        "starts_on": first_day,
                        "ends_on": first_day + timedelta(days=days - 1),
                    }
                )
                leave.update(span)
        services = frozenset(SERVICES)
        self.counsellors.append(
            _Counsellor(counsellor_id, services, DEMO_COUNSELLOR_MAX_PER_WEEK, blocks, leave)
        )
        return {
            "id": counsellor_id,
            "user_id": self.user_ids.get("counsellor"),
            "display_name": DEMO_COUNSELLOR_NAME,
            "gender": "female",
            "languages": "English",
            "services": ",".join(SERVICES),
            "max_per_week": DEMO_COUNSELLOR_MAX_PER_WEEK,
            "is_clinical_lead": True,
            "active": True,
        }

    # -- booking ---------------------------------------------------------------------------------

    def _forget_before(self, day: int) -> None:
        for busy in (self.counsellor_busy, self.room_busy):
            for old in [d for d in busy if d < day]:
                del busy[old]
        week = day // 7
        for key in [k for k in self.week_load if k[1] < week - 1]:
            del self.week_load[key]

    def find_slot(
        self,
        candidates: list[_Counsellor],
        first_day: int,
        last_day: int,
        venue: int | None = None,
        room: int | None = None,
    ) -> _Booking | None:
        hour_offset = self.rng.randint(0, 7)
        for day in range(first_day, last_day):
            if day in self.bank_holidays:
                continue
            weekday = (day - 1) % 7  # date.fromordinal(1) is a Monday
            week = (day - 1) // 7
            counsellor_busy = self.counsellor_busy.get(day, ())
            room_busy = self.room_busy.get(day, ())
            for counsellor in candidates:
                block = counsellor.blocks.get(weekday)
                if block is None or (venue is not None and block[0] != venue):
                    continue
                if day in counsellor.leave:
                    continue
                if counsellor.id == self.linked_counsellor and day >= self.live_from:
                    continue  # demo_caseload books these weeks through the services
                if self.week_load.get((counsellor.id, week), 0) >= counsellor.max_per_week:
                    continue
                venue_id, begin, end = block
                if (venue_id, day) in self.closures:
                    continue
                hours = list(range(begin, end))
                shift = hour_offset % len(hours)
                for hour in hours[shift:] + hours[:shift]:
                    if counsellor.id * 24 + hour in counsellor_busy:
                        continue
                    for room_id in (room,) if room is not None else self.venue_rooms[venue_id]:
                        if room_id * 24 + hour not in room_busy:
                            return _Booking(counsellor.id, day, hour, venue_id, room_id)
        return None

    def take(self, booking: _Booking) -> None:
        self.counsellor_busy.setdefault(booking.day, set()).add(
            booking.counsellor * 24 + booking.hour
        )
        self.room_busy.setdefault(booking.day, set()).add(booking.room * 24 + booking.hour)
        key = (booking.counsellor, (booking.day - 1) // 7)
        self.week_load[key] = self.week_load.get(key, 0) + 1

    # -- clients ---------------------------------------------------------------------------------

    def contact_times(self, count: int, chunk_start: date, chunk_days: float) -> list[datetime]:
        """``count`` first-contact times in the chunk's period, in order, in staffed hours."""
        rng = self.rng
        result = []
        for _ in range(count):
            day = chunk_start + timedelta(days=int(rng.random() * chunk_days))
            while not calendar_uk.is_working_day(day):
                day -= timedelta(days=1)  # the working day before: never after today
            minute = 8 * 60 + 30 + rng.randint(0, 8 * 60 + 15)
            result.append(datetime.combine(day, time(minute // 60, minute % 60), LONDON))
        result.sort()
        return result

    def pick_organisation(self, on: date) -> tuple[int, reference.Organisation] | None:
        live = [
            (org_id, org, weight)
            for org_id, org, weight in self.orgs
            if any(s <= on and (e is None or on <= e) for _, s, e in self.agreements[org_id])
        ]
        if not live:
            return None
        org_id, org, _ = self.rng.choices(live, weights=[w for _, _, w in live])[0]
        return org_id, org

    def generate_chunk(
        self, conn: Connection, count: int, chunk_start: date, chunk_days: float
    ) -> None:
        rng = self.rng
        rows: dict[str, list[dict[str, Any]]] = {
            "clients": [],
            "contacts": [],
            "cases": [],
            "history": [],
            "appointments": [],
            "notes": [],
            "terms": [],
            "links": [],
        }
        times = self.contact_times(count, chunk_start, chunk_days)
        if times:
            self._forget_before(times[0].date().toordinal())
        for first_contact in times:
            picked = self.pick_organisation(first_contact.date())
            if picked is None:
                continue
            self.client(rows, first_contact, *picked)
            if rng.random() < 0.08:
                self.enquiry(rows, first_contact + timedelta(minutes=rng.randint(5, 90)))
        _insert(conn, schema.clients, rows["clients"])
        _insert(
            conn,
            schema.client_search_terms,
            [
                {"client_id": row["id"], "term": term}
                for row in rows["clients"]
                for term in sorted(terms_for_values(row))
            ],
        )
        _insert(conn, schema.contacts, rows["contacts"])
        _insert(conn, schema.cases, rows["cases"])
        contacts = schema.contacts
        link = (
            update(contacts)
            .where(contacts.c.id == bindparam("contact"))
            .values(case_id=bindparam("case"))
        )
        for start in range(0, len(rows["links"]), CHUNK):
            conn.execute(link, rows["links"][start : start + CHUNK])
        _insert(conn, schema.case_status_history, rows["history"])
        _insert(conn, schema.appointments, rows["appointments"])
        _insert(conn, schema.session_notes, rows["notes"])
        self.counts["clients"] += len(rows["clients"])
        self.counts["cases"] += len(rows["cases"])
        self.counts["appointments"] += len(rows["appointments"])

    def enquiry(self, rows: dict[str, list[dict[str, Any]]], when: datetime) -> None:
        if when.astimezone(UTC) >= self.now:
            return
        rows["contacts"].append(
            {
                "id": self.next_id("contacts"),
                "client_id": None,
                "direction": "in",
                "channel": "phone",
                "handler_id": self.user_ids.get("handler"),
                "started_at": when.astimezone(UTC),
                "duration_s": self.rng.randint(60, 600),
                "purpose": "enquiry",
                "case_id": None,
                **_outcome(self.outcome_rng, signpost_share=0.5),
                "callback_state": "none",
                "resolved_by_id": None,
            }
        )

    def client(
        self,
        rows: dict[str, list[dict[str, Any]]],
        first_contact: datetime,
        org_id: int,
        org: reference.Organisation,
    ) -> None:
        rng = self.rng
        client_id = self.next_id("clients")
        roll = rng.random()
        gender = (
            "female" if roll < 0.68 else "male" if roll < 0.96 else rng.choice(CLIENT_GENDERS[2:])
        )
        names = FIRST_NAMES_F if gender == "female" else FIRST_NAMES_M
        if gender not in ("female", "male"):
            names = rng.choice((FIRST_NAMES_F, FIRST_NAMES_M))
        first = rng.choice(names)
        last = rng.choice(SURNAMES)
        age_days = rng.randint(20 * 365 + 5, 66 * 365 + 360)
        outward = rng.choice(self.districts)
        local_authority = reference.postcode_districts()[outward].local_authority
        town = rng.choice(self.towns.get(local_authority) or ["Maidstone"])
        has_email = rng.random() < 0.85
        has_phone = not has_email or rng.random() < 0.92
        phone = f"{DEMO_MOBILE_PREFIX}{rng.randint(0, 999):03d}" if has_phone else None
        phone_alt = (
            f"{DEMO_LANDLINE_PREFIX}{rng.randint(0, 999):03d}" if rng.random() < 0.3 else None
        )
        email = (
            f"{_ascii(first)}.{_ascii(last)}{rng.randint(1, 999)}@{DEMO_EMAIL_DOMAIN}"
            if has_email
            else None
        )
        roles: tuple[tuple[str, int], ...]
        if org.group == "school":
            roles = EARLY_YEARS_ROLES if org.phase == "early_years" else SCHOOL_ROLES
        else:
            roles = KCC_ROLES if org.group == "kcc" else OTHER_ROLES
        job_role = rng.choices([r for r, _ in roles], weights=[w for _, w in roles])[0]
        safe_roll = rng.random()
        safe_phone = "phone" if phone and safe_roll < 0.75 else "alt" if phone_alt else "none"
        risk_roll = rng.random()
        risk = (
            "none"
            if risk_roll < 0.9
            else "low"
            if risk_roll < 0.97
            else "medium"
            if risk_roll < 0.995
            else "high"
        )
        channel_roll = rng.random()
        channel = (
            "phone" if channel_roll < 0.75 else "voicemail" if channel_roll < 0.87 else "email"
        )
        handler = self.user_ids.get("handler")
        contacts = rows["contacts"]
        first_contact_row = len(contacts)
        if channel == "voicemail":
            # Left out of hours; the call-back in the next staffed period opens the case.
            left = first_contact - timedelta(hours=rng.randint(15, 16), minutes=rng.randint(0, 59))
            contacts.append(
                {
                    "id": self.next_id("contacts"),
                    "client_id": client_id,
                    "direction": "in",
                    "channel": "voicemail",
                    "handler_id": None,
                    "started_at": left.astimezone(UTC),
                    "duration_s": rng.randint(20, 120),
                    "purpose": "new_referral",
                    "outcome": None,
                    "signposted_to": None,
                    "case_id": None,
                    "callback_state": "done",
                    "resolved_by_id": None,
                }
            )
        opened = first_contact.astimezone(UTC)
        becomes_case = rng.random() < 0.85
        intake_id = self.next_id("contacts")
        contacts.append(
            {
                "id": intake_id,
                "client_id": client_id,
                "case_id": None,
                "direction": "out" if channel == "voicemail" else "in",
                "channel": "email" if channel == "email" else "phone",
                "handler_id": handler,
                "started_at": opened,
                "duration_s": None if channel == "email" else rng.randint(300, 1500),
                "purpose": "new_referral",
                # A case's contact gets the case's service as its outcome once the case exists.
                **(
                    {"outcome": "counselling", "signposted_to": None}
                    if becomes_case
                    else _outcome(self.outcome_rng, signpost_share=1.0)
                ),
                "callback_state": "none",
                "resolved_by_id": None,
            }
        )
        if channel == "voicemail":
            pass  # resolved by the call-back below (ids are linked only in live data)
        preferred = PREFERRED.get(first) if rng.random() < 0.3 else None
        rows["clients"].append(
            {
                "id": client_id,
                "reference": f"{REFERENCE_PREFIX}{client_id:06d}",
                "first_name": first,
                "last_name": last,
                "preferred_name": preferred,
                "search_name": fold_client_name(first, last),
                "date_of_birth": first_contact.date() - timedelta(days=age_days),
                "gender": gender,
                "phone": phone,
                "phone_alt": phone_alt,
                "email": email,
                "address": f"{rng.randint(1, 199)} {rng.choice(STREETS)}, {town}",
                "home_postcode": _demo_postcode(rng, outward),
                "work_postcode": (
                    _demo_postcode(rng, rng.choice(self.districts)) if rng.random() < 0.6 else None
                ),
                "organisation_id": org_id,
                "job_role": job_role,
                "safe_phone": safe_phone,
                "voicemail_ok": rng.random() < 0.5,
                "letters_ok": rng.random() < 0.4,
                "email_ok": has_email and rng.random() < 0.6,
                "work_contact_ok": rng.random() < 0.15,
                "risk_level": risk,
                "created_at": opened,
            }
        )
        if becomes_case:
            services = [
                s
                for s, a, e in self.agreements[org_id]
                if a <= first_contact.date() and (e is None or first_contact.date() <= e)
            ]
            case_id = self.case(
                rows, client_id, intake_id, outward, opened, services, channel, risk
            )
            rows["links"].extend(
                {"contact": contact["id"], "case": case_id}
                for contact in contacts[first_contact_row:]
            )

    def case(
        self,
        rows: dict[str, list[dict[str, Any]]],
        client_id: int,
        intake_id: int,
        outward: str,
        opened: datetime,
        services: list[str],
        channel: str,
        risk: str = "none",
    ) -> int:
        rng = self.rng
        case_id = self.next_id("cases")
        service = rng.choices(services, weights=[SERVICE_WEIGHTS[s] for s in services])[0]
        # The service's rule: a caller at high risk is urgent (supportline.services.urgency).
        urgent = rng.random() < 0.08 or urgency_floor(risk) == "urgent"
        history: list[tuple[str, datetime, str]] = [(CASE_WAITING, opened, "handler")]
        case_row: dict[str, Any] = {
            "id": case_id,
            "client_id": client_id,
            "service": service,
            "referral_route": self.outcome_rng.choices(
                ("self", "manager", "occupational_health", "hr", "other"), weights=(70, 12, 8, 5, 5)
            )[0],
            "presenting_issues": ",".join(sorted(rng.sample(self.issue_codes, rng.randint(1, 3)))),
            "urgency": "urgent" if urgent else "routine",
            "status": CASE_WAITING,
            "counsellor_id": None,
            "opened_at": opened,
            "closed_at": None,
            "contact_id": intake_id,
        }
        rows["cases"].append(case_row)
        list_days = rng.randint(1, 5) if urgent else rng.randint(5, 40)
        booked_at = datetime.combine(
            _next_weekday(opened.astimezone(LONDON).date() + timedelta(days=list_days)),
            time(rng.randint(9, 15), rng.randint(0, 59)),
            LONDON,
        ).astimezone(UTC)

        def finish() -> None:
            for status, at, _ in history:
                case_row["status"] = status
                if status == CASE_CLOSED:
                    case_row["closed_at"] = at
            for status, at, who in history:
                rows["history"].append(
                    {
                        "id": self.next_id("case_status_history"),
                        "case_id": case_id,
                        "status": status,
                        "changed_by": who,
                        "changed_at": at,
                    }
                )

        if booked_at >= self.now:
            finish()
            return case_id
        near = self.near_counsellors.get(outward, [])
        candidates = [
            self.counsellors[c - 1] for c in near if service in self.counsellors[c - 1].services
        ][:6]
        rng.shuffle(candidates)
        first_day = booked_at.astimezone(LONDON).date().toordinal() + rng.randint(2, 7)
        # The demo counsellor's older history: courses that end before the weeks she lives
        # through the services (demo_caseload).
        if first_day + 9 * 7 < self.live_from and rng.random() < 0.15:
            candidates.insert(0, self.counsellors[self.linked_counsellor - 1])
        slot = self.find_slot(candidates, first_day, first_day + BOOKING_WINDOW_DAYS)
        if slot is None:
            if (self.now - opened).days > 120:
                history.append(
                    (CASE_CLOSED, booked_at + timedelta(days=rng.randint(20, 60)), "handler")
                )
                if history[-1][1] >= self.now:
                    history.pop()
            finish()
            return case_id
        counsellor = self.counsellors[slot.counsellor - 1]
        case_row["counsellor_id"] = counsellor.id
        history.append((CASE_ASSESSMENT_BOOKED, booked_at, "handler"))
        rows["contacts"].append(
            {
                "id": self.next_id("contacts"),
                "client_id": client_id,
                "direction": "out",
                "channel": "phone",
                "handler_id": self.user_ids.get("handler"),
                "started_at": booked_at,
                "duration_s": rng.randint(120, 600),
                "purpose": "other",  # the call that books the assessment
                "outcome": "assessment_booked",
                "case_id": None,
            }
        )
        planned = {"counselling": MAX_SESSIONS, "coaching": 6, "mediation": 4}[service]
        sessions_wanted = 1 + rng.randint(2, planned - 1)
        session_no = 1
        assessment_tries = 0
        dna_in_row = 0
        booking: _Booking | None = slot
        while booking is not None:
            self.take(booking)
            kind = "assessment" if session_no == 1 else "session"
            starts = _local(date.fromordinal(booking.day), booking.hour)
            ends = starts + timedelta(
                minutes=ASSESSMENT_MINUTES if kind == "assessment" else SESSION_MINUTES
            )
            if starts >= self.now:
                status = APPOINTMENT_BOOKED
            else:
                status = rng.choices(
                    APPOINTMENT_PAST_STATUSES,
                    weights=(88, 6, 4, 2) if kind == "assessment" else (82, 8, 7, 3),
                )[0]
            appointment_id = self.next_id("appointments")
            rows["appointments"].append(
                {
                    "id": appointment_id,
                    "case_id": case_id,
                    "client_id": client_id,
                    "counsellor_id": booking.counsellor,
                    "venue_id": booking.venue,
                    "room_id": booking.room,
                    "starts_at": starts,
                    "ends_at": ends,
                    "kind": kind,
                    "status": status,
                    "session_no": session_no,
                }
            )
            if status == "attended" and counsellor.id == self.linked_counsellor:
                self.note(rows, appointment_id, ends)
            if status == APPOINTMENT_BOOKED:
                if kind == "assessment":
                    break  # the weekly series is booked once the assessment has happened
                session_no += 1  # the rest of the series is booked ahead, week by week
            elif kind == "assessment":
                assessment_tries += 1
                if status == "attended":
                    session_no += 1
                    history.append((CASE_ACTIVE, ends, "counsellor"))
                    if rng.random() < 0.08:  # the assessment found another service fits better
                        history.append((CASE_CLOSED, ends + timedelta(days=1), "counsellor"))
                        break
                elif assessment_tries >= 2:
                    history.append((CASE_CLOSED, ends + timedelta(days=7), "handler"))
                    break
            else:
                if status in ("attended", "dna"):
                    session_no += 1
                dna_in_row = dna_in_row + 1 if status == "dna" else 0
                if dna_in_row >= 2:
                    history.append((CASE_CLOSED, ends + timedelta(days=14), "counsellor"))
                    break
            if session_no > sessions_wanted:
                history.append(
                    (CASE_CLOSED, ends + timedelta(days=rng.randint(1, 14)), "counsellor")
                )
                break
            next_day = booking.day + 7
            if next_day > self.horizon:
                break
            booking = self.find_slot(
                [counsellor], next_day, next_day + 14, venue=booking.venue, room=booking.room
            ) or self.find_slot([counsellor], next_day, next_day + 21, venue=booking.venue)
            if booking is None:
                # No room in the counsellor's diary: the case ends early, by agreement.
                history.append((CASE_CLOSED, ends + timedelta(days=21), "counsellor"))
        # Only what has happened by now is history.
        history[:] = [entry for entry in history if entry[1] < self.now]
        finish()
        return case_id

    def person(self, rng: random.Random, organisation_id: int | None) -> ClientInput:
        """A fictional client living near the demo counsellor's venues (for demo_caseload)."""
        blocks = self.counsellors[self.linked_counsellor - 1].blocks
        venue = self.venue_by_id[min(blocks.values())[0]]
        outward = nearest_outward(venue.lat, venue.lon)
        while True:
            gender = "female" if rng.random() < 0.68 else "male"
            first = rng.choice(FIRST_NAMES_F if gender == "female" else FIRST_NAMES_M)
            last = rng.choice(SURNAMES)
            if (first, last) not in self.live_names:
                break
        self.live_names.add((first, last))
        org = next((o for i, o, _ in self.orgs if i == organisation_id), None)
        roles: tuple[tuple[str, int], ...] = OTHER_ROLES
        if org is not None and org.group == "school":
            roles = EARLY_YEARS_ROLES if org.phase == "early_years" else SCHOOL_ROLES
        elif org is not None and org.group == "kcc":
            roles = KCC_ROLES
        return ClientInput(
            first_name=first,
            last_name=last,
            date_of_birth=self.today - timedelta(days=rng.randint(22 * 365, 63 * 365)),
            gender=gender,
            phone=f"{DEMO_MOBILE_PREFIX}{rng.randint(0, 999):03d}",
            email=f"{_ascii(first)}.{_ascii(last)}{rng.randint(1, 999)}@{DEMO_EMAIL_DOMAIN}",
            address=f"{rng.randint(1, 199)} {rng.choice(STREETS)}, {venue.town}",
            home_postcode=_demo_postcode(rng, outward),
            organisation_id=organisation_id,
            job_role=rng.choices([r for r, _ in roles], weights=[w for _, w in roles])[0],
            safe_phone="phone",
            voicemail_ok=rng.random() < 0.6,
            letters_ok=rng.random() < 0.4,
            email_ok=rng.random() < 0.6,
        )

    def note(
        self, rows: dict[str, list[dict[str, Any]]], appointment_id: int, at: datetime
    ) -> None:
        if self.rng.random() >= 0.5:
            return
        note_id = self.next_id("session_notes")
        text = " ".join(self.rng.sample(NOTE_SENTENCES, 3))
        rows["notes"].append(
            {
                "id": note_id,
                "appointment_id": appointment_id,
                "author": "counsellor",
                "written_at": at + timedelta(minutes=20),
                "body": crypto.encrypt_field(
                    self.notes_key, self.notes_generation, "session_notes", note_id, "body", text
                ),
            }
        )


def create_demo(
    path: Path,
    password: str,
    seed: int = 1,
    clients: int = DEFAULT_CLIENTS,
    progress: Progress | None = None,
    today: date | None = None,
    *,
    years: int = 2,
    counsellors: int | None = None,
) -> DemoSummary:
    """Create a new data directory at ``path`` filled with fictional demo data.

    Users ``admin`` (administrator), ``handler`` (call handler), ``counsellor`` (counsellor and
    clinical lead, linked to the counsellor profile :data:`DEMO_COUNSELLOR_NAME`) and
    ``manager`` (service manager) all get ``password``. ``years`` of history end at ``today``
    (the real date by default); ``counsellors`` defaults to :func:`default_counsellor_count`.
    The demo counsellor's recent weeks are lived through the services
    (:mod:`supportline.demo_caseload`), and the statistics outbox is drained at the end.
    """
    report = progress or _noop
    refuse_existing(Path(path))
    # Built beside ``path`` and moved there only when complete: an interrupted demo leaves no
    # store (a half-filled one would verify as sound and look like real, if odd, data).
    with build_in_place(Path(path)) as work:
        summary = _build(
            work, password, seed, clients, report, today or date.today(), years, counsellors
        )
    report(1.0, "done")
    return summary


def _build(
    path: Path,
    password: str,
    seed: int,
    clients: int,
    report: Progress,
    today: date,
    years: int,
    counsellors: int | None,
) -> DemoSummary:
    report(0.0, "users")
    recovery_secret = create_store_in(path, "admin", password, display_name="Demo Administrator")
    session = unlock(path, "admin", password)
    try:
        users = UserService(session)
        users.add_user(
            "handler",
            "Demo Call Handler",
            [Role.CALL_HANDLER],
            password,
            must_change_password=False,
        )
        users.add_user(
            "counsellor",
            DEMO_COUNSELLOR_NAME,
            [Role.COUNSELLOR],
            password,
            is_clinical_lead=True,
            must_change_password=False,
        )
        users.add_user(
            "manager",
            "Demo Service Manager",
            [Role.SERVICE_MANAGER],
            password,
            must_change_password=False,
        )
        report(0.05, "reference")
        generator = _Generator(
            session,
            seed,
            clients,
            counsellors or default_counsellor_count(clients),
            years,
            today,
            report,
        )
        with session.case.begin() as conn:
            generator.load_users(conn)
            generator.write_venues(conn)
            generator.write_organisations(conn)
            generator.write_counsellors(conn)
        # The demo counsellor's clients of the last weeks are among ``clients``.
        bulk = max(0, clients - LIVE_CLIENTS)
        chunks = max(1, math.ceil(bulk / CHUNK))
        total_days = (today - generator.start).days
        for index in range(chunks):
            count = min(CHUNK, bulk - index * CHUNK)
            chunk_days = total_days / chunks
            chunk_start = generator.start + timedelta(days=index * chunk_days)
            report(0.1 + 0.7 * index / chunks, "clients")
            with session.case.begin() as conn:
                generator.generate_chunk(conn, count, chunk_start, chunk_days)
        report(0.8, "audit")
        with session.case_tx() as conn:
            # A referral's contact records the service its case was opened for.
            conn.execute(
                update(schema.contacts)
                .where(schema.contacts.c.case_id.is_not(None))
                .values(
                    outcome=select(schema.cases.c.service)
                    .where(schema.cases.c.id == schema.contacts.c.case_id)
                    .scalar_subquery()
                )
            )
            session.audit_case(conn, AuditAction.DEMO_CREATED, "store", "demo")
        # The statistical records the services would have sealed for this history.
        populate_stats(session, random.Random(seed * 104_729 + 3))
        report(0.85, "caseload")
        live = _live_caseload(path, password, generator, random.Random(seed * 7_919 + 11))
        report(0.95, "statistics")
        # What the handler's and the counsellor's steps sealed, into the statistics store.
        drain(session, rng=random.Random(seed * 15_485_863 + 5))
        summary = DemoSummary(
            clients=generator.counts["clients"] + live.clients,
            cases=generator.counts["cases"] + live.cases,
            appointments=generator.counts["appointments"] + live.appointments,
            venues=len(generator.venue_ids),
            counsellors=len(generator.counsellors),
            organisations=len(generator.orgs),
            recovery_secret=recovery_secret,
        )
    finally:
        session.close()
    return summary


def _live_caseload(
    path: Path, password: str, generator: _Generator, rng: random.Random
) -> CaseloadSummary:
    """The demo counsellor's recent weeks, lived as the call handler and the counsellor."""
    handler = unlock(path, "handler", password)
    try:
        counsellor = unlock(path, "counsellor", password)
        try:
            # Every write transaction moves the key store's audit anchor (the key store file
            # rewritten with fsync): hundreds of times here, in a store nobody can open yet.
            # The anchor is moved once instead, to the same head, when the steps are done.
            for user in (handler, counsellor):
                user.anchoring = False
            try:
                summary = build_caseload(
                    handler,
                    counsellor,
                    generator.linked_counsellor,
                    rng,
                    generator.now,
                    generator.person,
                )
            finally:
                for user in (handler, counsellor):
                    user.anchoring = True
            counsellor.anchor_now("case")
            return summary
        finally:
            counsellor.close()
    finally:
        handler.close()
