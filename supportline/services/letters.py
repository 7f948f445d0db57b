"""Printing appointment letters: load what a letter needs by appointment id, render, audit.

Each method returns ``(filename, pdf_bytes)``; the file name carries the appointment id only,
never a name, because file names end up in print queues and recent-file lists. A client who has
not agreed to letters gets none: :class:`LettersDeclined` propagates and nothing is audited.
A letter that was made is audited as ``document.printed`` against the appointment (the app
cannot know whether the preview was then printed, so making it counts).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from sqlalchemy import Connection, Select, select

from ..audit import AuditAction
from ..calendar_uk import LONDON
from ..db import schema
from ..documents.booking_letters import (
    LetterAppointment,
    LetterNotApplicable,
    cancellation_letter,
    confirmation_letter,
    rescheduling_letter,
    series_letter,
)
from ..documents.letters import LettersDeclined
from ..roles import Op
from ..session import Session
from .booking import AppointmentNotFound
from .clients import ClientRecord, ClientService
from .settings import SettingsService
from .venues import VenueInfo

__all__ = ["LetterNotApplicable", "LetterService", "LettersDeclined"]

CANCELLED = ("cancelled_client", "cancelled_client_late", "cancelled_service")


def _statement() -> Select[Any]:
    a, cs, r, c, v = (
        schema.appointments.c,
        schema.cases.c,
        schema.rooms.c,
        schema.counsellors.c,
        schema.venues.c,
    )
    return select(
        a.id,
        a.client_id,
        a.series_id,
        a.starts_at,
        a.ends_at,
        a.kind,
        a.status,
        a.session_no,
        cs.service,
        r.name.label("room_name"),
        c.display_name.label("counsellor_name"),
        v.id.label("venue_id"),
        v.code.label("venue_code"),
        v.name.label("venue_name"),
        v.address,
        v.town,
        v.postcode,
        v.district,
        v.lat,
        v.lon,
        v.step_free,
        v.hearing_loop,
        v.parking,
        v.active.label("venue_active"),
    ).select_from(
        schema.appointments.join(schema.cases, cs.id == a.case_id)
        .join(schema.rooms, r.id == a.room_id)
        .join(schema.counsellors, c.id == a.counsellor_id)
        .join(schema.venues, v.id == a.venue_id)
    )


def _appointment(row: Any) -> LetterAppointment:
    venue = VenueInfo(
        id=row.venue_id,
        code=row.venue_code,
        name=row.venue_name,
        address=row.address,
        town=row.town,
        postcode=row.postcode,
        district=row.district,
        lat=row.lat,
        lon=row.lon,
        step_free=row.step_free,
        hearing_loop=row.hearing_loop,
        parking=row.parking,
        active=row.venue_active,
    )
    return LetterAppointment(
        appointment_id=row.id,
        starts_at=row.starts_at,
        ends_at=row.ends_at,
        kind=row.kind,
        service=row.service,
        venue=venue,
        room_name=row.room_name,
        counsellor_name=row.counsellor_name,
        session_no=row.session_no,
    )


class LetterService:
    def __init__(self, session: Session) -> None:
        self._session = session

    # -- loading ----------------------------------------------------------------------------------

    def _row(self, conn: Connection, appointment_id: int) -> Any:
        row = conn.execute(_statement().where(schema.appointments.c.id == appointment_id)).first()
        if row is None:
            raise AppointmentNotFound(str(appointment_id))
        return row

    def _client(self, conn: Connection, client_id: int) -> ClientRecord:
        # Read inside this connection; the print itself is the audited event.
        return ClientService(self._session)._load(conn, client_id)

    def _late_hours(self, conn: Connection) -> int:
        return int(SettingsService(self._session).all(conn)["late_cancel_hours"])

    def _make(
        self, appointment_id: int, name: str, build: Callable[[Connection], bytes]
    ) -> tuple[str, bytes]:
        self._session.require(Op.LETTERS_PRINT)
        with self._session.case.connect() as conn:
            pdf = build(conn)
        with self._session.case_tx() as conn:
            self._session.audit_case(conn, AuditAction.PRINTED, "appointment", appointment_id)
        return f"appointment-{appointment_id}-{name}.pdf", pdf

    # -- letters ----------------------------------------------------------------------------------

    def confirmation(self, appointment_id: int) -> tuple[str, bytes]:
        def build(conn: Connection) -> bytes:
            row = self._row(conn, appointment_id)
            if row.status != "booked":
                raise LetterNotApplicable("not_booked")
            return confirmation_letter(
                self._client(conn, row.client_id),
                self._today(),
                _appointment(row),
                self._late_hours(conn),
            )

        return self._make(appointment_id, "confirmation", build)

    def series_schedule(self, appointment_id: int) -> tuple[str, bytes]:
        """Every appointment still booked in the series this one belongs to."""

        def build(conn: Connection) -> bytes:
            row = self._row(conn, appointment_id)
            if row.series_id is None:
                raise LetterNotApplicable("not_in_series")
            a = schema.appointments.c
            rows = conn.execute(
                _statement()
                .where(a.series_id == row.series_id, a.status == "booked")
                .order_by(a.starts_at)
            ).all()
            if not rows:
                raise LetterNotApplicable("empty_series")
            return series_letter(
                self._client(conn, row.client_id),
                self._today(),
                [_appointment(item) for item in rows],
                self._late_hours(conn),
            )

        return self._make(appointment_id, "schedule", build)

    def cancellation(self, appointment_id: int) -> tuple[str, bytes]:
        def build(conn: Connection) -> bytes:
            row = self._row(conn, appointment_id)
            if row.status not in CANCELLED:
                raise LetterNotApplicable("not_cancelled")
            return cancellation_letter(
                self._client(conn, row.client_id),
                self._today(),
                _appointment(row),
                by_service=row.status == "cancelled_service",
            )

        return self._make(appointment_id, "cancellation", build)

    def rescheduling(self, appointment_id: int) -> tuple[str, bytes]:
        """The latest move of this appointment: its old time and where it is now."""

        def build(conn: Connection) -> bytes:
            row = self._row(conn, appointment_id)
            if row.status != "booked":
                raise LetterNotApplicable("not_booked")
            e = schema.appointment_events.c
            old = conn.execute(
                select(e.old_starts_at)
                .where(
                    e.appointment_id == appointment_id,
                    e.event == "moved",
                    e.old_starts_at.is_not(None),
                )
                .order_by(e.at.desc(), e.id.desc())
                .limit(1)
            ).scalar()
            if old is None:
                raise LetterNotApplicable("not_moved")
            return rescheduling_letter(
                self._client(conn, row.client_id),
                self._today(),
                old,
                _appointment(row),
                self._late_hours(conn),
            )

        return self._make(appointment_id, "rescheduled", build)

    def _today(self) -> date:
        return self._session.clock().astimezone(LONDON).date()
