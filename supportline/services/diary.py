"""Diaries: a counsellor's, a venue's or a room's appointments for a day or a week, the
counsellor's printable day list and their calendar export.

Who sees what. Call handlers and administrators see every diary, with each client as reference
and initials; full names only when the service turns on the ``diary_full_names`` setting.
A counsellor (who is not also a handler or an administrator) sees only their own diary, with
their own clients' names. Names a viewer may not see never leave the database: the query itself
selects initials instead (see :func:`entries_statement`).

Speed: one query per diary, a range on the ``(counsellor_id | venue_id | room_id, starts_at)``
index with the names joined by primary key, so a week stays fast at a million appointments.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, Literal, get_args

from sqlalchemy import Connection, Select, case, func, literal, select

from ..audit import AuditAction
from ..calendar_uk import LONDON, local_datetime
from ..db import schema
from ..documents.calendar_ics import event_from_entry, render_calendar
from ..documents.day_list import render_day_list
from ..errors import PermissionDenied, SupportLineError
from ..roles import Op, Role
from ..session import Session
from .settings import SettingsService

DiaryKind = Literal["counsellor", "venue", "room"]
DIARY_KINDS: tuple[str, ...] = get_args(DiaryKind)
CANCELLED_STATUSES = ("cancelled_client", "cancelled_client_late", "cancelled_service")
MAX_EXPORT_DAYS = 400


class DiaryNotFound(SupportLineError):
    """No counsellor, venue or room with that id."""

    code = "diary_not_found"

    def __init__(self, kind: str, target_id: int) -> None:
        super().__init__(f"{kind}:{target_id}")
        self.kind = kind
        self.target_id = target_id


class InvalidDiaryRequest(SupportLineError):
    code = "invalid_diary_request"

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason  # unknown_kind | bad_range | range_too_long


@dataclass(frozen=True)
class DiaryEntry:
    appointment_id: int
    starts_at_local: datetime  # aware, Europe/London
    ends_at_local: datetime
    counsellor_name: str
    venue_name: str
    room_name: str
    client_label: str  # "First Last" where the viewer may see names, else initials ("AB")
    client_reference: str
    kind: str  # assessment | session
    status: str
    session_no: int | None
    counsellor_id: int = 0
    venue_id: int = 0
    room_id: int = 0
    case_id: int = 0
    names_shown: bool = False

    @property
    def cancelled(self) -> bool:
        return self.status in CANCELLED_STATUSES


@dataclass(frozen=True)
class Diary:
    kind: str
    id: int
    title: str
    days: list[date]
    entries: list[DiaryEntry] = field(default_factory=list)

    def on(self, day: date) -> list[DiaryEntry]:
        return [entry for entry in self.entries if entry.starts_at_local.date() == day]


@dataclass(frozen=True)
class NamePolicy:
    """Which client details a diary query may select.

    ``client_data=False``: nothing about the client at all (calendar export). Otherwise the
    reference and initials always, and names for every row (``all_names``) or only for the rows
    of one counsellor (``names_for_counsellor``, a counsellor's own clients).
    """

    client_data: bool = True
    all_names: bool = False
    names_for_counsellor: int | None = None


def utc_bounds(first_day: date, days: int) -> tuple[datetime, datetime]:
    """The UTC instants of local midnight at the start of ``first_day`` and after ``days`` days;
    a day across a clock change is 23 or 25 hours long."""
    start = local_datetime(first_day, time(0)).astimezone(UTC)
    end = local_datetime(first_day + timedelta(days=days), time(0)).astimezone(UTC)
    return start, end


def entries_statement(
    kind: str,
    target_id: int,
    start_utc: datetime,
    end_utc: datetime,
    *,
    include_cancelled: bool = False,
    names: NamePolicy = NamePolicy(),  # noqa: B008 (frozen, immutable)
) -> Select[Any]:
    """The one query behind every diary: an index range, names joined by primary key.

    Public so that the benchmarks time exactly what the service runs.
    """
    a, c, v, r, cl = (
        schema.appointments.c,
        schema.counsellors.c,
        schema.venues.c,
        schema.rooms.c,
        schema.clients.c,
    )
    if kind == "counsellor":
        target = a.counsellor_id
    elif kind == "venue":
        target = a.venue_id
    elif kind == "room":
        target = a.room_id
    else:
        raise InvalidDiaryRequest("unknown_kind")
    columns: list[Any] = [
        a.id,
        a.starts_at,
        a.ends_at,
        a.kind,
        a.status,
        a.session_no,
        a.counsellor_id,
        a.venue_id,
        a.room_id,
        a.case_id,
        c.display_name.label("counsellor_name"),
        v.name.label("venue_name"),
        r.name.label("room_name"),
    ]
    source = (
        schema.appointments.join(schema.counsellors, c.id == a.counsellor_id)
        .join(schema.venues, v.id == a.venue_id)
        .join(schema.rooms, r.id == a.room_id)
    )
    if names.client_data:
        source = source.join(schema.clients, cl.id == a.client_id)
        columns += [
            cl.reference.label("client_reference"),
            func.substr(cl.first_name, 1, 1).label("first_initial"),
            func.substr(cl.last_name, 1, 1).label("last_initial"),
        ]
        if names.all_names:
            columns += [cl.first_name, cl.last_name]
        elif names.names_for_counsellor is not None:
            own = a.counsellor_id == names.names_for_counsellor
            columns += [
                case((own, cl.first_name), else_=None).label("first_name"),
                case((own, cl.last_name), else_=None).label("last_name"),
            ]
        else:
            columns += [literal(None).label("first_name"), literal(None).label("last_name")]
    stmt = (
        select(*columns)
        .select_from(source)
        .where(target == target_id, a.starts_at >= start_utc, a.starts_at < end_utc)
        .order_by(a.starts_at, r.name, a.id)
    )
    if not include_cancelled:
        stmt = stmt.where(a.status.in_(schema.ACTIVE_APPOINTMENT_STATUSES))
    return stmt


def _entry(row: Any, client_data: bool) -> DiaryEntry:
    label, reference, shown = "", "", False
    if client_data:
        reference = row.client_reference
        if row.first_name is not None and row.last_name is not None:
            label, shown = f"{row.first_name} {row.last_name}", True
        else:
            label = f"{row.first_initial or ''}{row.last_initial or ''}".upper()
    return DiaryEntry(
        appointment_id=row.id,
        starts_at_local=row.starts_at.astimezone(LONDON),
        ends_at_local=row.ends_at.astimezone(LONDON),
        counsellor_name=row.counsellor_name,
        venue_name=row.venue_name,
        room_name=row.room_name,
        client_label=label,
        client_reference=reference,
        kind=row.kind,
        status=row.status,
        session_no=row.session_no,
        counsellor_id=row.counsellor_id,
        venue_id=row.venue_id,
        room_id=row.room_id,
        case_id=row.case_id,
        names_shown=shown,
    )


class DiaryService:
    def __init__(self, session: Session) -> None:
        self._session = session

    # -- who is looking ---------------------------------------------------------------------------

    def _only_own(self) -> bool:
        """A counsellor who is not also a handler or an administrator: their own diary only."""
        roles = self._session.roles
        return Role.COUNSELLOR in roles and not roles & {Role.ADMINISTRATOR, Role.CALL_HANDLER}

    def _own_counsellor_id(self, conn: Connection) -> int | None:
        if not self._session.has_role(Role.COUNSELLOR):
            return None
        c, u = schema.counsellors.c, schema.users.c
        return conn.execute(
            select(c.id)
            .select_from(schema.counsellors.join(schema.users, u.id == c.user_id))
            .where(u.username == self._session.username)
            .order_by(c.id)
            .limit(1)
        ).scalar()

    def _check_may_view(self, conn: Connection, kind: str, target_id: int) -> int | None:
        """Raises PermissionDenied when a counsellor asks for someone else's diary; returns the
        viewer's own counsellor id, if they are one."""
        own = self._own_counsellor_id(conn)
        if self._only_own() and (kind != "counsellor" or own is None or own != target_id):
            raise PermissionDenied(f"{Op.DIARY_VIEW.value}.not_own")
        return own

    def _name_policy(self, conn: Connection, own: int | None) -> NamePolicy:
        if SettingsService(self._session).all(conn)["diary_full_names"]:
            return NamePolicy(all_names=True)
        return NamePolicy(names_for_counsellor=own)

    def _title(self, conn: Connection, kind: str, target_id: int) -> str:
        if kind == "counsellor":
            c = schema.counsellors.c
            title = conn.execute(select(c.display_name).where(c.id == target_id)).scalar()
        elif kind == "venue":
            v = schema.venues.c
            title = conn.execute(select(v.name).where(v.id == target_id)).scalar()
        else:
            v, r = schema.venues.c, schema.rooms.c
            row = conn.execute(
                select(v.name, r.name.label("room"))
                .select_from(schema.rooms.join(schema.venues, v.id == r.venue_id))
                .where(r.id == target_id)
            ).first()
            title = f"{row.name}, {row.room}" if row is not None else None
        if title is None:
            raise DiaryNotFound(kind, target_id)
        return str(title)

    # -- diaries ----------------------------------------------------------------------------------

    def day(self, kind: DiaryKind, id: int, day: date, include_cancelled: bool = False) -> Diary:
        return self._diary(kind, id, day, 1, include_cancelled)

    def week(
        self, kind: DiaryKind, id: int, week_start: date, include_cancelled: bool = False
    ) -> Diary:
        """Seven days from ``week_start`` (the caller chooses the first day, usually Monday)."""
        return self._diary(kind, id, week_start, 7, include_cancelled)

    def _diary(
        self, kind: str, target_id: int, first_day: date, days: int, include_cancelled: bool
    ) -> Diary:
        self._session.require(Op.DIARY_VIEW)
        if kind not in DIARY_KINDS:
            raise InvalidDiaryRequest("unknown_kind")
        start, end = utc_bounds(first_day, days)
        with self._session.case.connect() as conn:
            own = self._check_may_view(conn, kind, target_id)
            title = self._title(conn, kind, target_id)
            policy = self._name_policy(conn, own)
            rows = conn.execute(
                entries_statement(
                    kind, target_id, start, end, include_cancelled=include_cancelled, names=policy
                )
            ).all()
        return Diary(
            kind=kind,
            id=target_id,
            title=title,
            days=[first_day + timedelta(days=n) for n in range(days)],
            entries=[_entry(row, True) for row in rows],
        )

    # -- printing and exporting -------------------------------------------------------------------

    def day_list_pdf(self, counsellor_id: int, day: date) -> bytes:
        """The counsellor's printable list for one day, audited as a print. The client details
        follow the same rules as the diary on screen."""
        diary = self.day("counsellor", counsellor_id, day)
        pdf = render_day_list(diary.title, day, diary.entries, self._session.clock())
        with self._session.case_tx() as conn:
            self._session.audit_case(
                conn, AuditAction.PRINTED, "counsellor_day", f"{counsellor_id}:{day.isoformat()}"
            )
        return pdf

    def calendar_export(self, counsellor_id: int, start: date, end: date) -> bytes:
        """The counsellor's active appointments from ``start`` to ``end`` (both included) as an
        iCalendar file. Nothing about any client goes into it, not even initials."""
        self._session.require(Op.CALENDAR_EXPORT)
        if end < start:
            raise InvalidDiaryRequest("bad_range")
        days = (end - start).days + 1
        if days > MAX_EXPORT_DAYS:
            raise InvalidDiaryRequest("range_too_long")
        lower, upper = utc_bounds(start, days)
        with self._session.case.connect() as conn:
            if not self._session.has_role(Role.ADMINISTRATOR):
                own = self._own_counsellor_id(conn)
                if own is None or own != counsellor_id:
                    raise PermissionDenied(f"{Op.CALENDAR_EXPORT.value}.not_own")
            self._title(conn, "counsellor", counsellor_id)  # DiaryNotFound for a wrong id
            rows = conn.execute(
                entries_statement(
                    "counsellor", counsellor_id, lower, upper, names=NamePolicy(client_data=False)
                )
            ).all()
        entries: Sequence[DiaryEntry] = [_entry(row, False) for row in rows]
        stamp = self._session.clock()
        data = render_calendar([event_from_entry(entry) for entry in entries], stamp)
        with self._session.case_tx() as conn:
            self._session.audit_case(conn, AuditAction.EXPORTED, "counsellor", counsellor_id)
        return data
