"""The slot finder over 150 counsellors and every venue, 12 weeks ahead, diaries about 70% full.

The demo generator builds an encrypted store with ``scale`` synthetic clients and 150
counsellors. The next 12 weeks of every counsellor's availability are then filled to about 70%
with booked appointments, bulk-inserted here (one hour each, on the hour, never overlapping for a
counsellor, a room or a client, so the clash triggers stay on and accept every row). The achieved
fill is printed. ``find_slots`` then runs for about 20 waiting cases from different postcode
districts; the line is the median over the cases of each case's median.

The floor is the busy-interval query the finder runs (active appointments of the candidate
counsellors and rooms, and of the client, over the horizon): the very statement and parameters
the finder sent, captured at the cursor, replayed on a plain SQLite copy of the synthetic store
made with ``sqlcipher_export`` into a temporary directory that is deleted afterwards (benchmark
data only, all fictional).
"""

from __future__ import annotations

import os
import random
import sqlite3
import statistics
import sys
import tempfile
import time as clock
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import partial
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, event, insert, select

from supportline.calendar_uk import LONDON, is_bank_holiday, local_datetime
from supportline.db import schema
from supportline.db.engine import driver
from supportline.demo import create_demo
from supportline.keystore import KDF_ENV
from supportline.reference import district_of
from supportline.services.booking import BookingService, SlotQuery
from supportline.services.counsellors import load_counsellors
from supportline.services.venues import load_venues
from supportline.session import Session, unlock

from .common import Result, median_ms

PASSWORD = "benchmark password"
COUNSELLORS = 150
WEEKS = 12
FILL = 0.70
CASES = 20
SEED = 7
ACTIVE = schema.ACTIVE_APPOINTMENT_STATUSES


def _plain_copy(session: Session, target: Path) -> None:
    raw = session.case.raw_connection()
    try:
        conn = driver(raw)
        conn.execute("ATTACH DATABASE ? AS plain KEY ''", (str(target),))
        conn.execute("SELECT sqlcipher_export('plain')").fetchall()
        conn.execute("DETACH DATABASE plain")
    finally:
        raw.close()


@contextmanager
def capture_sql(engine: Engine) -> Iterator[list[tuple[str, Any]]]:
    """Every statement (with its driver-level parameters) sent to the database meanwhile."""
    seen: list[tuple[str, Any]] = []

    def listener(conn, cursor, statement, parameters, context, executemany):  # noqa: ANN001
        seen.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", listener)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", listener)


@dataclass(frozen=True)
class Fill:
    hours: int  # bookable counsellor-hours in the horizon
    existing: int  # of which the demo had already booked
    added: int  # of which this benchmark booked
    weeks_at_max: float  # share of counsellor-weeks at or over the weekly maximum

    @property
    def share(self) -> float:
        return (self.existing + self.added) / self.hours if self.hours else 0.0


def _hours_of(start: datetime, end: datetime) -> Iterator[tuple[int, int]]:
    """(local date ordinal, local hour) of every wall-clock hour the interval touches."""
    local, local_end = start.astimezone(LONDON), end.astimezone(LONDON)
    at = local.replace(minute=0, second=0, microsecond=0)
    while at < local_end:
        yield at.date().toordinal(), at.hour
        at += timedelta(hours=1)


def fill_diaries(
    session: Session, rng: random.Random, first_day: date, weeks: int, share: float
) -> Fill:
    """Book ``share`` of every counsellor's available hours from ``first_day`` for ``weeks``."""
    last_day = first_day + timedelta(weeks=weeks)
    a, c = schema.appointments.c, schema.cases.c
    with session.case.connect() as conn:
        venues = {v.id: v for v in load_venues(conn, include_inactive=False)}
        counsellors = load_counsellors(conn)
        window_start = local_datetime(first_day, time(0)).astimezone(UTC) - timedelta(hours=12)
        window_end = local_datetime(last_day + timedelta(days=1), time(0)).astimezone(UTC)
        busy: set[tuple[str, int, int, int]] = set()
        for row in conn.execute(
            select(a.counsellor_id, a.room_id, a.client_id, a.starts_at, a.ends_at).where(
                a.status.in_(ACTIVE), a.starts_at >= window_start, a.starts_at < window_end
            )
        ):
            for ordinal, hour in _hours_of(row.starts_at, row.ends_at):
                busy.add(("counsellor", row.counsellor_id, ordinal, hour))
                busy.add(("room", row.room_id, ordinal, hour))
                busy.add(("client", row.client_id, ordinal, hour))
        # Closed cases lend their clients to the bookings; waiting cases stay free for the finder.
        cases = [
            (row.id, row.client_id)
            for row in conn.execute(select(c.id, c.client_id).where(c.status == "closed"))
        ]
    if not cases:
        raise RuntimeError("the demo store has no closed cases to book")

    # Every bookable hour: the counsellor's block that day, inside the venue's hours, not on a
    # bank holiday, a venue closure or the counsellor's leave.
    slots: list[tuple[Any, Any, date, int]] = []
    already = 0
    for counsellor in counsellors:
        day = first_day
        while day < last_day:
            if not is_bank_holiday(day) and not counsellor.on_leave(day):
                for item in counsellor.availability:
                    venue = venues.get(item.venue_id)
                    if item.weekday != day.weekday() or venue is None or day in venue.closures:
                        continue
                    hours = venue.hours.get(day.weekday())
                    if hours is None or not any(r.active for r in venue.rooms):
                        continue
                    begin, end = max(item.starts, hours[0]), min(item.ends, hours[1])
                    hour = begin.hour + (1 if begin.minute else 0)
                    while hour + 1 <= end.hour:
                        if ("counsellor", counsellor.id, day.toordinal(), hour) in busy:
                            already += 1
                        else:
                            slots.append((counsellor, venue, day, hour))
                        hour += 1
            day += timedelta(days=1)
    total = len(slots) + already
    wanted = max(0, round(total * share) - already)
    rng.shuffle(slots)
    rows: list[dict[str, Any]] = []
    for counsellor, venue, day, hour in slots:
        if len(rows) >= wanted:
            break
        ordinal = day.toordinal()
        if ("counsellor", counsellor.id, ordinal, hour) in busy:
            continue
        rooms = [r for r in venue.rooms if r.active and ("room", r.id, ordinal, hour) not in busy]
        if not rooms:
            continue
        room = rng.choice(rooms)
        for _ in range(20):
            case_id, client_id = rng.choice(cases)
            if ("client", client_id, ordinal, hour) not in busy:
                break
        else:
            continue
        kind = "assessment" if rng.random() < 0.15 else "session"
        starts = local_datetime(day, time(hour)).astimezone(UTC)
        ends = starts + timedelta(minutes=60 if kind == "assessment" else 50)
        busy.add(("counsellor", counsellor.id, ordinal, hour))
        busy.add(("room", room.id, ordinal, hour))
        busy.add(("client", client_id, ordinal, hour))
        rows.append(
            {
                "case_id": case_id,
                "client_id": client_id,
                "counsellor_id": counsellor.id,
                "venue_id": venue.id,
                "room_id": room.id,
                "starts_at": starts,
                "ends_at": ends,
                "kind": kind,
                "status": "booked",
                "session_no": 1 if kind == "assessment" else 2,
            }
        )
    with session.case.begin() as conn:
        for start in range(0, len(rows), 5_000):
            conn.execute(insert(schema.appointments), rows[start : start + 5_000])

    # Counsellor-weeks at their weekly maximum (the finder skips those weeks at once).
    per_week: dict[tuple[int, tuple[int, int]], int] = defaultdict(int)
    with session.case.connect() as conn:
        for counsellor_id, starts_at in conn.execute(
            select(a.counsellor_id, a.starts_at).where(
                a.status.in_(ACTIVE),
                a.starts_at >= local_datetime(first_day, time(0)).astimezone(UTC),
                a.starts_at < local_datetime(last_day, time(0)).astimezone(UTC),
            )
        ):
            year, week, _ = starts_at.astimezone(LONDON).isocalendar()
            per_week[(counsellor_id, (year, week))] += 1
    weeks_total = len(counsellors) * weeks
    maximum = {c.id: c.max_per_week for c in counsellors}
    at_max = sum(1 for (cid, _), n in per_week.items() if n >= maximum.get(cid, n + 1))
    return Fill(total, already, len(rows), at_max / weeks_total if weeks_total else 0.0)


def _fetch(plain: sqlite3.Connection, sql: str, params: Any) -> list[Any]:
    return plain.execute(sql, params).fetchall()


def waiting_cases(session: Session, rng: random.Random, limit: int) -> list[int]:
    """Waiting cases, one per postcode district of the client's home, in a seeded order."""
    c, cl = schema.cases.c, schema.clients.c
    with session.case.connect() as conn:
        rows = [
            (row.id, row.home_postcode)
            for row in conn.execute(
                select(c.id, cl.home_postcode)
                .select_from(schema.cases.join(schema.clients, cl.id == c.client_id))
                .where(c.status == "waiting")
                .order_by(c.id)
            )
        ]
    rng.shuffle(rows)
    chosen: dict[str, int] = {}
    for case_id, postcode in rows:
        district = district_of(postcode) if postcode else None
        if district and district not in chosen:
            chosen[district] = case_id
    return list(chosen.values())[:limit]


def run(scale: int, repeat: int = 5) -> list[Result]:
    os.environ.setdefault(KDF_ENV, "8192,1,1")
    os.environ.setdefault("SUPPORTLINE_TEST_MODE", "1")  # which the cheap cost needs
    rng = random.Random(SEED)
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        started = clock.perf_counter()
        create_demo(data, PASSWORD, seed=1, clients=scale, counsellors=COUNSELLORS)
        session = unlock(data, "handler", PASSWORD)
        try:
            first_day = session.clock().astimezone(LONDON).date() + timedelta(days=1)
            fill = fill_diaries(session, rng, first_day, WEEKS, FILL)
            built = clock.perf_counter() - started
            plain_path = Path(tmp) / "plain.db"
            _plain_copy(session, plain_path)
            plain = sqlite3.connect(plain_path)
            plain.execute("PRAGMA cache_size=-65536")
            service = BookingService(session)

            # ~20 waiting cases from different districts for which the finder has something to
            # offer (a case ruled out at once - no venue near, no counsellor speaking the
            # language - would flatter the median).
            ours: list[float] = []
            floors: list[float] = []
            found: list[int] = []
            busy_rows: list[int] = []
            for case_id in waiting_cases(session, rng, CASES * 3):
                query = SlotQuery(case_id=case_id, weeks=WEEKS)
                with capture_sql(session.case) as statements:
                    result = service.find_slots(query)
                if not result.slots:
                    continue
                busy = [
                    (sql, params)
                    for sql, params in statements
                    if "FROM appointments" in sql and "counsellor_id IN" in sql
                ]
                assert len(busy) == 1, busy
                sql, params = busy[0]
                ours.append(median_ms(partial(service.find_slots, query), repeat, warmup=1))
                floors.append(median_ms(partial(_fetch, plain, sql, params), repeat, warmup=1))
                found.append(len(result.slots))
                busy_rows.append(len(plain.execute(sql, params).fetchall()))
                if len(ours) >= CASES:
                    break
            plain.close()
        finally:
            session.close()
    if not ours:
        raise RuntimeError("no waiting case found any slot")
    name = (
        f"slot finder, {WEEKS} weeks, {COUNSELLORS} counsellors, diaries "
        f"{fill.share:.0%} full ({fill.weeks_at_max:.0%} of counsellor-weeks at their maximum), "
        f"{len(ours)} cases, {statistics.median(busy_rows):.0f} busy rows, "
        f"{statistics.median(found):.0f} slots shown, at {scale:,} clients"
    )
    results.append(Result(name, statistics.median(ours), statistics.median(floors)))
    slowest = max(range(len(ours)), key=ours.__getitem__)
    results.append(
        Result(f"slot finder, slowest of {len(ours)} cases", ours[slowest], floors[slowest])
    )
    print(
        f"(slot finder: store built and filled in {built:.0f} s; bookable counsellor-hours "
        f"{fill.hours:,}, booked by the demo {fill.existing:,}, added {fill.added:,})",
        file=sys.stderr,
        flush=True,
    )
    return results
