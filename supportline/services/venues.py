"""Venues, rooms, opening hours and closures; nearest venues to a client.

Distances run from the centroid of the client's home or work postcode district (as the client
prefers) to each venue's coordinates. Inactive venues, and venues closed on the day asked about,
are never offered.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from datetime import date, time

from sqlalchemy import Connection, delete, insert, select, update

from .. import versions
from ..db import schema
from ..db.engine import inserted_id
from ..errors import SupportLineError
from ..reference import centroid_for, haversine_km
from ..roles import Op
from ..session import Session
from ..validation import InvalidInput, normalise_postcode


class InvalidVenue(SupportLineError):
    code = "invalid_venue"

    def __init__(self, problems: list[InvalidInput]) -> None:
        super().__init__(", ".join(f"{p.field}:{p.reason}" for p in problems))
        self.problems = tuple(problems)


class VenueNotFound(SupportLineError):
    code = "venue_not_found"


@dataclass(frozen=True)
class Room:
    id: int
    venue_id: int
    name: str
    active: bool


@dataclass(frozen=True)
class VenueInfo:
    id: int
    code: str
    name: str
    address: str
    town: str
    postcode: str
    district: str
    lat: float
    lon: float
    step_free: bool
    hearing_loop: bool
    parking: bool
    active: bool
    hours: dict[int, tuple[time, time]] = field(default_factory=dict)
    rooms: tuple[Room, ...] = ()
    closures: frozenset[date] = frozenset()
    version: int = 1  # optimistic version when read (supportline.versions)

    def open_between(self, day: date, start: time, end: time) -> bool:
        hours = self.hours.get(day.weekday())
        return (
            self.active
            and day not in self.closures
            and hours is not None
            and hours[0] <= start
            and end <= hours[1]
        )

    @property
    def access_text(self) -> str:
        parts = []
        parts.append("step-free access" if self.step_free else "no step-free access")
        if self.hearing_loop:
            parts.append("hearing loop")
        parts.append("parking" if self.parking else "no parking")
        return ", ".join(parts)


@dataclass(frozen=True)
class NearVenue:
    venue: VenueInfo
    distance_km: float


@dataclass(frozen=True)
class VenueInput:
    code: str
    name: str
    address: str
    town: str
    postcode: str
    district: str
    lat: float
    lon: float
    step_free: bool = False
    hearing_loop: bool = False
    parking: bool = False
    hours: dict[int, tuple[time, time]] = field(default_factory=dict)


def load_venues(conn: Connection, include_inactive: bool = True) -> list[VenueInfo]:
    v, h, r, c = (
        schema.venues.c,
        schema.venue_hours.c,
        schema.rooms.c,
        schema.venue_closures.c,
    )
    hours: dict[int, dict[int, tuple[time, time]]] = {}
    for row in conn.execute(select(h.venue_id, h.weekday, h.opens, h.closes)):
        hours.setdefault(row.venue_id, {})[row.weekday] = (row.opens, row.closes)
    rooms: dict[int, list[Room]] = {}
    for row in conn.execute(select(r.id, r.venue_id, r.name, r.active).order_by(r.name)):
        rooms.setdefault(row.venue_id, []).append(Room(row.id, row.venue_id, row.name, row.active))
    closures: dict[int, set[date]] = {}
    for closure in conn.execute(select(c.venue_id, c.on_date)):
        closures.setdefault(closure.venue_id, set()).add(closure.on_date)
    stmt = select(schema.venues).order_by(v.name)
    if not include_inactive:
        stmt = stmt.where(v.active.is_(True))
    return [
        VenueInfo(
            row.id,
            row.code,
            row.name,
            row.address,
            row.town,
            row.postcode,
            row.district,
            row.lat,
            row.lon,
            row.step_free,
            row.hearing_loop,
            row.parking,
            row.active,
            hours.get(row.id, {}),
            tuple(rooms.get(row.id, [])),
            frozenset(closures.get(row.id, set())),
            row.version,
        )
        for row in conn.execute(stmt)
    ]


class VenueService:
    def __init__(self, session: Session) -> None:
        self._session = session

    def all(self, include_inactive: bool = True) -> list[VenueInfo]:
        self._session.require(Op.VENUES_VIEW)
        with self._session.case.connect() as conn:
            return load_venues(conn, include_inactive)

    def get(self, venue_id: int) -> VenueInfo:
        for venue in self.all():
            if venue.id == venue_id:
                return venue
        raise VenueNotFound(str(venue_id))

    def nearest(
        self,
        postcode: str,
        max_km: float | None = None,
        step_free: bool = False,
        hearing_loop: bool = False,
        parking: bool = False,
        on: date | None = None,
    ) -> list[NearVenue]:
        """Active venues by distance from the postcode district's centroid, filtered by access
        needs; a venue closed on ``on`` is left out."""
        self._session.require(Op.VENUES_VIEW)
        origin = centroid_for(postcode)
        if origin is None:
            return []
        found = []
        for venue in self.all(include_inactive=False):
            if step_free and not venue.step_free:
                continue
            if hearing_loop and not venue.hearing_loop:
                continue
            if parking and not venue.parking:
                continue
            if on is not None and on in venue.closures:
                continue
            if not any(room.active for room in venue.rooms):
                continue
            km = haversine_km(origin.lat, origin.lon, venue.lat, venue.lon)
            if max_km is None or km <= max_km:
                found.append(NearVenue(venue, round(km, 2)))
        found.sort(key=lambda near: (near.distance_km, near.venue.name))
        return found

    # -- administration -----------------------------------------------------------------------

    def _validate(self, data: VenueInput) -> VenueInput:
        problems = []
        for name in ("code", "name", "address", "town", "district"):
            if not str(getattr(data, name)).strip():
                problems.append(InvalidInput(name, "required"))
        postcode = data.postcode
        try:
            postcode = normalise_postcode(data.postcode)
        except InvalidInput as exc:
            problems.append(exc)
        if not (49.8 <= data.lat <= 61.0 and -8.7 <= data.lon <= 2.0):
            problems.append(InvalidInput("lat", "bad_coordinates"))
        for weekday, (opens, closes) in data.hours.items():
            if not 0 <= weekday <= 6 or closes <= opens:
                problems.append(InvalidInput("hours", "bad_hours"))
        if problems:
            raise InvalidVenue(problems)
        return VenueInput(**{**data.__dict__, "postcode": postcode, "code": data.code.strip()})

    def save(
        self, data: VenueInput, venue_id: int | None = None, seen: VenueInfo | None = None
    ) -> int:
        """Create, or update ``venue_id``. With ``seen`` (the venue the form was filled from),
        refused with EditConflict if anyone saved the venue since."""
        self._session.require(Op.VENUES_MANAGE)
        clean = self._validate(data)
        values = {k: v for k, v in clean.__dict__.items() if k != "hours"}
        with self._session.case_tx() as conn:
            if venue_id is None:
                venue_id = inserted_id(conn.execute(insert(schema.venues).values(**values)))
            elif not versions.write_if_unchanged(
                conn, schema.venues, venue_id, None if seen is None else seen.version, values
            ):
                current = {v.id: v for v in load_venues(conn)}.get(venue_id)
                if current is None or seen is None:
                    raise VenueNotFound(str(venue_id))
                raise versions.conflict_of(
                    "venue", venue_id, seen, current, (f.name for f in fields(VenueInput))
                )
            conn.execute(
                delete(schema.venue_hours).where(schema.venue_hours.c.venue_id == venue_id)
            )
            if clean.hours:
                conn.execute(
                    insert(schema.venue_hours),
                    [
                        {"venue_id": venue_id, "weekday": d, "opens": o, "closes": c}
                        for d, (o, c) in sorted(clean.hours.items())
                    ],
                )
            self._session.audit_case(conn, "venue.saved", "venue", venue_id)
        return venue_id

    def set_active(self, venue_id: int, active: bool) -> None:
        self._session.require(Op.VENUES_MANAGE)
        with self._session.case_tx() as conn:
            conn.execute(
                update(schema.venues).where(schema.venues.c.id == venue_id).values(active=active)
            )
            self._session.audit_case(
                conn, "venue.active" if active else "venue.inactive", "venue", venue_id
            )

    def add_room(self, venue_id: int, name: str) -> int:
        self._session.require(Op.VENUES_MANAGE)
        if not name.strip():
            raise InvalidVenue([InvalidInput("room", "required")])
        with self._session.case_tx() as conn:
            room_id = inserted_id(
                conn.execute(insert(schema.rooms).values(venue_id=venue_id, name=name.strip()))
            )
            self._session.audit_case(conn, "room.added", "venue", venue_id)
        return room_id

    def set_room_active(self, room_id: int, active: bool) -> None:
        self._session.require(Op.VENUES_MANAGE)
        with self._session.case_tx() as conn:
            conn.execute(
                update(schema.rooms).where(schema.rooms.c.id == room_id).values(active=active)
            )
            self._session.audit_case(conn, "room.changed", "room", room_id)

    def add_closures(self, venue_id: int, days: Iterable[date], reason: str = "") -> None:
        self._session.require(Op.VENUES_MANAGE)
        with self._session.case_tx() as conn:
            existing = set(
                conn.execute(
                    select(schema.venue_closures.c.on_date).where(
                        schema.venue_closures.c.venue_id == venue_id
                    )
                ).scalars()
            )
            rows = [
                {"venue_id": venue_id, "on_date": day, "reason": reason.strip()[:200]}
                for day in sorted(set(days) - existing)
            ]
            if rows:
                conn.execute(insert(schema.venue_closures), rows)
            self._session.audit_case(conn, "venue.closures", "venue", venue_id)
