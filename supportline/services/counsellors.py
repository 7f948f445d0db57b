"""Counsellors: profile, languages, services, venues and weekly availability, leave, and the
weekly maximum of sessions."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, time

from sqlalchemy import Connection, delete, insert, select

from .. import versions
from ..db import schema
from ..db.engine import inserted_id
from ..errors import PermissionDenied, SupportLineError, UnknownUser
from ..roles import Op, Role
from ..session import Session
from ..validation import InvalidInput

SERVICES = ("counselling", "coaching", "mediation")
GENDERS = ("female", "male", "non_binary", "other", "not_stated")


class InvalidCounsellor(SupportLineError):
    code = "invalid_counsellor"

    def __init__(self, problems: list[InvalidInput]) -> None:
        super().__init__(", ".join(f"{p.field}:{p.reason}" for p in problems))
        self.problems = tuple(problems)


class CounsellorNotFound(SupportLineError):
    code = "counsellor_not_found"


@dataclass(frozen=True)
class Availability:
    venue_id: int
    weekday: int
    starts: time
    ends: time


@dataclass(frozen=True)
class Leave:
    starts_on: date
    ends_on: date


@dataclass(frozen=True)
class CounsellorInfo:
    id: int
    display_name: str
    gender: str
    languages: tuple[str, ...]
    services: tuple[str, ...]
    max_per_week: int
    is_clinical_lead: bool
    active: bool
    user_id: int | None
    availability: tuple[Availability, ...] = ()
    leave: tuple[Leave, ...] = ()
    username: str | None = None  # the sign-in linked to this profile
    version: int = 1  # optimistic version when read (supportline.versions)

    def speaks(self, language: str) -> bool:
        return language.strip().lower() in {lang.lower() for lang in self.languages}

    def on_leave(self, day: date) -> bool:
        return any(item.starts_on <= day <= item.ends_on for item in self.leave)


def _split(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.replace("|", ",").split(",") if part.strip())


def load_counsellors(conn: Connection, include_inactive: bool = False) -> list[CounsellorInfo]:
    c, a, lv = schema.counsellors.c, schema.counsellor_availability.c, schema.counsellor_leave.c
    availability: dict[int, list[Availability]] = {}
    for row in conn.execute(
        select(a.counsellor_id, a.venue_id, a.weekday, a.starts, a.ends).order_by(
            a.weekday, a.starts
        )
    ):
        availability.setdefault(row.counsellor_id, []).append(
            Availability(row.venue_id, row.weekday, row.starts, row.ends)
        )
    leave: dict[int, list[Leave]] = {}
    for leave_row in conn.execute(select(lv.counsellor_id, lv.starts_on, lv.ends_on)):
        leave.setdefault(leave_row.counsellor_id, []).append(
            Leave(leave_row.starts_on, leave_row.ends_on)
        )
    u = schema.users.c
    stmt = (
        select(schema.counsellors, u.username)
        .select_from(schema.counsellors.outerjoin(schema.users, u.id == c.user_id))
        .order_by(c.display_name)
    )
    if not include_inactive:
        stmt = stmt.where(c.active.is_(True))
    return [
        CounsellorInfo(
            row.id,
            row.display_name,
            row.gender,
            _split(row.languages),
            _split(row.services),
            row.max_per_week,
            row.is_clinical_lead,
            row.active,
            row.user_id,
            tuple(availability.get(row.id, [])),
            tuple(leave.get(row.id, [])),
            row.username,
            row.version,
        )
        for row in conn.execute(stmt)
    ]


class CounsellorService:
    def __init__(self, session: Session) -> None:
        self._session = session

    def all(self, include_inactive: bool = False) -> list[CounsellorInfo]:
        self._session.require(Op.COUNSELLORS_VIEW)
        with self._session.case.connect() as conn:
            return load_counsellors(conn, include_inactive)

    def get(self, counsellor_id: int) -> CounsellorInfo:
        for counsellor in self.all(include_inactive=True):
            if counsellor.id == counsellor_id:
                return counsellor
        raise CounsellorNotFound(str(counsellor_id))

    def mine(self) -> CounsellorInfo | None:
        """The counsellor record of the signed-in user, if any."""
        with self._session.case.connect() as conn:
            user_id = self._session.user_id(conn)
        for counsellor in self.all(include_inactive=True):
            if user_id is not None and counsellor.user_id == user_id:
                return counsellor
        return None

    def _may_edit(self, counsellor_id: int) -> None:
        self._session.require(Op.COUNSELLORS_MANAGE)
        if self._session.has_role(Role.ADMINISTRATOR):
            return
        mine = self.mine()
        if mine is None or mine.id != counsellor_id:
            raise PermissionDenied("counsellors.manage.not_own")

    def save(
        self,
        display_name: str,
        gender: str,
        languages: Iterable[str],
        services: Iterable[str],
        max_per_week: int,
        is_clinical_lead: bool = False,
        user_id: int | None = None,
        counsellor_id: int | None = None,
        seen: CounsellorInfo | None = None,
    ) -> int:
        """Add or edit a profile. Saving never clears its link to a sign-in; ``user_id`` links
        it, with every check of :func:`counsellor_links.link_in`. With ``seen`` (the profile
        the form was filled from), refused with EditConflict if anyone saved it since."""
        self._session.require(Op.COUNSELLORS_MANAGE)
        if not self._session.has_role(Role.ADMINISTRATOR):
            raise PermissionDenied("counsellors.manage.profile")
        langs = tuple(lang.strip() for lang in languages if lang.strip())
        servs = tuple(s.strip() for s in services if s.strip())
        problems = []
        if not display_name.strip():
            problems.append(InvalidInput("display_name", "required"))
        if gender not in GENDERS:
            problems.append(InvalidInput("gender", "not_a_choice"))
        if not servs or any(s not in SERVICES for s in servs):
            problems.append(InvalidInput("services", "not_a_choice"))
        if not langs:
            problems.append(InvalidInput("languages", "required"))
        if not 1 <= max_per_week <= 40:
            problems.append(InvalidInput("max_per_week", "out_of_range"))
        if problems:
            raise InvalidCounsellor(problems)
        values = {
            "display_name": display_name.strip(),
            "gender": gender,
            "languages": ",".join(langs),
            "services": ",".join(servs),
            "max_per_week": max_per_week,
            "is_clinical_lead": is_clinical_lead,
        }
        with self._session.case_tx() as conn:
            if counsellor_id is None:
                counsellor_id = inserted_id(
                    conn.execute(insert(schema.counsellors).values(**values))
                )
            elif not versions.write_if_unchanged(
                conn,
                schema.counsellors,
                counsellor_id,
                None if seen is None else seen.version,
                values,
            ):
                current = {c.id: c for c in load_counsellors(conn, True)}.get(counsellor_id)
                if current is None or seen is None:
                    raise CounsellorNotFound(str(counsellor_id))
                raise versions.conflict_of(
                    "counsellor", counsellor_id, seen, current, (*values, "active")
                )
            self._session.audit_case(conn, "counsellor.saved", "counsellor", counsellor_id)
            if user_id is not None:
                from .counsellor_links import link_in

                username = conn.execute(
                    select(schema.users.c.username).where(schema.users.c.id == user_id)
                ).scalar()
                if username is None:
                    raise UnknownUser(str(user_id))
                link_in(self._session, conn, username, counsellor_id)
        return counsellor_id

    def set_availability(self, counsellor_id: int, slots: Iterable[Availability]) -> None:
        """Replace the weekly availability; each slot must sit inside the venue's hours."""
        self._may_edit(counsellor_id)
        items = list(slots)
        h = schema.venue_hours.c
        with self._session.case_tx() as conn:
            hours = {
                (row.venue_id, row.weekday): (row.opens, row.closes)
                for row in conn.execute(select(h.venue_id, h.weekday, h.opens, h.closes))
            }
            problems = []
            for item in items:
                opening = hours.get((item.venue_id, item.weekday))
                if item.ends <= item.starts:
                    problems.append(InvalidInput("availability", "ends_before_start"))
                elif opening is None or not (opening[0] <= item.starts and item.ends <= opening[1]):
                    problems.append(InvalidInput("availability", "outside_venue_hours"))
            if problems:
                raise InvalidCounsellor(problems)
            conn.execute(
                delete(schema.counsellor_availability).where(
                    schema.counsellor_availability.c.counsellor_id == counsellor_id
                )
            )
            if items:
                conn.execute(
                    insert(schema.counsellor_availability),
                    [
                        {
                            "counsellor_id": counsellor_id,
                            "venue_id": i.venue_id,
                            "weekday": i.weekday,
                            "starts": i.starts,
                            "ends": i.ends,
                        }
                        for i in items
                    ],
                )
            self._session.audit_case(conn, "counsellor.availability", "counsellor", counsellor_id)

    def add_leave(self, counsellor_id: int, starts_on: date, ends_on: date) -> None:
        self._may_edit(counsellor_id)
        if ends_on < starts_on:
            raise InvalidCounsellor([InvalidInput("leave", "ends_before_start")])
        with self._session.case_tx() as conn:
            conn.execute(
                insert(schema.counsellor_leave).values(
                    counsellor_id=counsellor_id, starts_on=starts_on, ends_on=ends_on
                )
            )
            self._session.audit_case(conn, "counsellor.leave", "counsellor", counsellor_id)
