"""A week's diary (one counsellor, one venue) at 1,000,000 appointments.

The demo generator builds an encrypted store with ``scale`` synthetic clients over ten years; the
benchmark then tops it up to 1,000,000 appointments with synthetic ones spread over the same ten
years (every counsellor at the venue and hours of their weekly availability, every room, one hour
on the hour, never overlapping for a counsellor, a room or a client; mostly attended), inserted
in chunks of 50,000 with ``executemany``.

The line is the median over ~20 random counsellor-weeks (and venue-weeks) of each week's median
view time, and the first view of each week (its pages not yet in SQLCipher's page cache). The
floor is the same statements, captured at the cursor, replayed on a plain SQLite copy of the
synthetic store made with ``sqlcipher_export`` into a temporary directory that is deleted
afterwards (benchmark data only, all fictional).

What is timed is ``DiaryService.week`` as a call handler sees it (settings, title, and the one
entries query: an index range on ``(counsellor_id | venue_id, starts_at)`` with names joined by
primary key); the floor replays every statement it sent.
"""

from __future__ import annotations

import os
import random
import sqlite3
import statistics
import sys
import tempfile
import time as clock
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, time, timedelta
from functools import partial
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, event, func, insert, select, text

from supportline.calendar_uk import LONDON, is_bank_holiday, local_datetime
from supportline.db import schema
from supportline.db.engine import driver
from supportline.demo import create_demo
from supportline.keystore import KDF_ENV
from supportline.services.counsellors import load_counsellors
from supportline.services.diary import DiaryKind, DiaryService
from supportline.services.venues import load_venues
from supportline.session import Session, unlock

from .common import Result

PASSWORD = "benchmark password"
TARGET = 1_000_000
COUNSELLORS = 150  # DESIGN 10
YEARS = 10
CHUNK = 50_000
WEEKS = 20
REPEAT = 5
SEED = 11
ACTIVE = schema.ACTIVE_APPOINTMENT_STATUSES
PAST_STATUSES = ("attended", "dna", "cancelled_client", "cancelled_service")
PAST_WEIGHTS = (82, 8, 7, 3)


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


# -- the world ------------------------------------------------------------------------------------


def _key(kind: int, ident: int, ordinal: int, hour: int) -> int:
    return ((kind * 1_000_000 + ident) * 10_000_000 + ordinal) * 24 + hour


def top_up(
    session: Session, rng: random.Random, target: int, first_day: date, last_day: date
) -> int:
    """Add synthetic appointments until the store holds ``target``; returns how many were added."""
    a, c = schema.appointments.c, schema.cases.c
    with session.case.connect() as conn:
        have = conn.execute(select(func.count()).select_from(schema.appointments)).scalar_one()
        if have >= target:
            return 0
        venues = {v.id: v for v in load_venues(conn, include_inactive=False)}
        counsellors = load_counsellors(conn)
        cases = conn.execute(select(c.id, c.client_id)).all()
        busy: set[int] = set()
        for row in conn.execute(
            select(a.counsellor_id, a.room_id, a.client_id, a.starts_at).where(a.status.in_(ACTIVE))
        ):
            local = row.starts_at.astimezone(LONDON)
            ordinal, hour = local.toordinal(), local.hour
            busy.add(_key(0, row.counsellor_id, ordinal, hour))
            busy.add(_key(1, row.room_id, ordinal, hour))
            busy.add(_key(2, row.client_id, ordinal, hour))
    # Every free counsellor-hour of the availability over the years, then a random share of them.
    free: list[tuple[int, int, int, int]] = []  # (ordinal, hour, counsellor, venue)
    day = first_day
    while day < last_day:
        ordinal = day.toordinal()
        if not is_bank_holiday(day):
            for counsellor in counsellors:
                for item in counsellor.availability:
                    if item.weekday != day.weekday():
                        continue
                    venue = venues.get(item.venue_id)
                    if venue is None or day in venue.closures or not venue.rooms:
                        continue
                    hour = item.starts.hour + (1 if item.starts.minute else 0)
                    while hour + 1 <= item.ends.hour:
                        if _key(0, counsellor.id, ordinal, hour) not in busy:
                            free.append((ordinal, hour, counsellor.id, venue.id))
                        hour += 1
        day += timedelta(days=1)
    wanted = target - have
    rng.shuffle(free)
    rooms = {vid: [r.id for r in v.rooms if r.active] for vid, v in venues.items()}
    now = session.clock()
    rows: list[dict[str, Any]] = []
    for ordinal, hour, counsellor_id, venue_id in free:
        if len(rows) >= wanted:
            break
        room_id = next((r for r in rooms[venue_id] if _key(1, r, ordinal, hour) not in busy), None)
        if room_id is None:
            continue
        for _ in range(20):
            case_id, client_id = rng.choice(cases)
            if _key(2, client_id, ordinal, hour) not in busy:
                break
        else:
            continue
        busy.add(_key(0, counsellor_id, ordinal, hour))
        busy.add(_key(1, room_id, ordinal, hour))
        busy.add(_key(2, client_id, ordinal, hour))
        kind = "assessment" if rng.random() < 0.15 else "session"
        starts = local_datetime(date.fromordinal(ordinal), time(hour)).astimezone(UTC)
        status = "booked" if starts > now else rng.choices(PAST_STATUSES, weights=PAST_WEIGHTS)[0]
        rows.append(
            {
                "case_id": case_id,
                "client_id": client_id,
                "counsellor_id": counsellor_id,
                "venue_id": venue_id,
                "room_id": room_id,
                "starts_at": starts,
                "ends_at": starts + timedelta(minutes=60 if kind == "assessment" else 50),
                "kind": kind,
                "status": status,
                "session_no": 1 if kind == "assessment" else 2,
            }
        )
    if len(rows) < wanted:
        raise RuntimeError(f"room for only {len(rows):,} of {wanted:,} more appointments")
    rows.sort(key=lambda row: row["starts_at"])  # inserted in time order, as bookings mostly are
    with session.case.begin() as conn:
        # Benchmark's private, throw-away store only: the clash triggers look up three indexes
        # per inserted row, and the rows above are already free of clashes by construction, so
        # they are dropped for the bulk load and created again, from their own stored SQL, in the
        # same transaction. Never do this to a real store.
        triggers = conn.execute(
            text(
                "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
                "AND tbl_name = 'appointments' AND name LIKE '%clash%'"
            )
        ).all()
        for name, _ in triggers:
            conn.execute(text(f'DROP TRIGGER "{name}"'))
        for start in range(0, len(rows), CHUNK):
            conn.execute(insert(schema.appointments), rows[start : start + CHUNK])
        for _, sql in triggers:
            conn.execute(text(sql))
    return len(rows)


# -- the view -----------------------------------------------------------------------------------


def _weeks(
    conn: Connection, rng: random.Random, kind: str, first: date, last: date
) -> list[tuple[int, date]]:
    if kind == "counsellor":
        ids = [row[0] for row in conn.execute(select(schema.counsellors.c.id))]
    else:
        ids = [row[0] for row in conn.execute(select(schema.venues.c.id))]
    mondays = (last - first).days // 7
    monday = first - timedelta(days=first.weekday())
    return [
        (rng.choice(ids), monday + timedelta(weeks=rng.randrange(1, mondays))) for _ in range(WEEKS)
    ]


def _replay(plain: sqlite3.Connection, statements: list[tuple[str, Any]]) -> None:
    for sql, params in statements:
        # The service's transaction control (BEGIN IMMEDIATE, ROLLBACK) is not replayed.
        if sql.lstrip().upper().startswith(("SELECT", "WITH")):
            plain.execute(sql, params).fetchall()


def _time(action: Callable[[], object]) -> float:
    start = clock.perf_counter()
    action()
    return (clock.perf_counter() - start) * 1000


def run(scale: int, repeat: int = REPEAT) -> list[Result]:
    os.environ.setdefault(KDF_ENV, "8192,1,1")
    os.environ.setdefault("SUPPORTLINE_TEST_MODE", "1")  # which the cheap cost needs
    rng = random.Random(SEED)
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        started = clock.perf_counter()
        create_demo(data, PASSWORD, seed=1, clients=scale, years=YEARS, counsellors=COUNSELLORS)
        session = unlock(data, "handler", PASSWORD)
        try:
            today = session.clock().astimezone(LONDON).date()
            first = today - timedelta(days=365 * YEARS)
            last = today + timedelta(days=28)
            added = top_up(session, rng, TARGET, first, last)
            with session.case.connect() as conn:
                total = conn.execute(
                    select(func.count()).select_from(schema.appointments)
                ).scalar_one()
                picks = {
                    kind: _weeks(conn, rng, kind, first, today) for kind in ("counsellor", "venue")
                }
            built = clock.perf_counter() - started
            plain_path = Path(tmp) / "plain.db"
            _plain_copy(session, plain_path)
            # A fresh session: the views start from an empty page cache, as after unlocking.
            session.close()
            session = unlock(data, "handler", PASSWORD)
            plain = sqlite3.connect(plain_path)
            plain.execute("PRAGMA cache_size=-65536")
            view = DiaryService(session).week
            kind: DiaryKind
            for kind, weeks in (("counsellor", picks["counsellor"]), ("venue", picks["venue"])):
                first_ours, first_floor, ours, floors, shown = [], [], [], [], []
                for ident, monday in weeks:
                    show = partial(view, kind, ident, monday)
                    with capture_sql(session.case) as statements:
                        first_ours.append(_time(show))
                    floor = partial(_replay, plain, list(statements))
                    first_floor.append(_time(floor))
                    ours.append(statistics.median(_time(show) for _ in range(repeat)))
                    floors.append(statistics.median(_time(floor) for _ in range(repeat)))
                    shown.append(len(show().entries))
                label = (
                    f"diary week ({kind}, {statistics.median(shown):.0f} appointments shown) "
                    f"at {total:,} appointments"
                )
                results.append(Result(label, statistics.median(ours), statistics.median(floors)))
                results.append(
                    Result(
                        f"diary week ({kind}), first view, at {total:,} appointments",
                        statistics.median(first_ours),
                        statistics.median(first_floor),
                    )
                )
            plain.close()
        finally:
            session.close()
    print(
        f"(diary: store of {total:,} appointments ({added:,} added to the demo's) built in "
        f"{built:.0f} s)",
        file=sys.stderr,
        flush=True,
    )
    return results
