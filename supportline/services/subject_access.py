"""Subject access: everything the service holds about one person, and nothing about anyone else.

An administrator, or a counsellor who is a clinical lead, produces it for any client, with or
without a case. Each production is audited (``subject_access.produced``, by client id) in the
same transaction that reads the record.

What belongs to the person:
- every row that refers to their client record: the record itself (and earlier duplicates
  merged into it), contacts and call-backs, risk alerts and reviews, extra sessions authorised,
  follow-ups;
- their own cases, whole: details, status and urgency history, appointments and their changes,
  assessment, measures, notes and amendments, evaluation forms issued, closure;
- in a mediation, only their side. On their own mediation case the sessions held separately with
  another party, and other parties' notes, are left out. On someone else's mediation case they
  are a party to, they get the case's existence, the sessions they were in and their own notes
  (and the general note of a session held with them alone); the referral, assessment, measures,
  urgency, closure and general notes of joint sessions concern the other client.
What was left out is named in the record (``withheld``) so the cover can say so.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import fields
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, func, select

from .. import crypto
from ..audit import AuditAction
from ..db import schema
from ..documents.subject_access import subject_access_pdf
from ..documents.subject_access_record import (
    WITHHELD_OTHER_CLIENTS_CASE,
    WITHHELD_OTHER_PARTIES,
    Appointment,
    AppointmentChange,
    Assessment,
    Case,
    Closure,
    Contact,
    ExtraSessions,
    FollowUp,
    MeasureTaken,
    Note,
    RiskEntry,
    StatusChange,
    SubjectAccessRecord,
    UrgencyChange,
)
from ..errors import PermissionDenied
from ..roles import KeyName, Op, Role
from ..session import Session
from .cases import case_stage, counts_as_session
from .clients import ClientNotFound, ClientService
from .clinical import ClinicalService, RiskAssessment
from .staff import is_clinical_lead

RISK_QUESTIONS = tuple(
    f.name for f in fields(RiskAssessment) if f.name not in ("level", "action_taken")
)


class SubjectAccessService:
    def __init__(self, session: Session) -> None:
        self._session = session

    # -- who may ---------------------------------------------------------------------------------

    def _require(self, conn: Connection) -> str:
        """The producer's role for the cover: administrators, or clinical leads."""
        self._session.require(Op.SUBJECT_ACCESS)
        if self._session.has_role(Role.ADMINISTRATOR):
            return "administrator"
        if is_clinical_lead(self._session, conn):
            return "clinical_lead"
        raise PermissionDenied("subject_access.not_clinical_lead")

    # -- finding the person ----------------------------------------------------------------------

    def find(self, reference: str) -> int:
        """The client a ``SL-`` reference names (a merged record's leads to the live one)."""
        self._session.require(Op.SUBJECT_ACCESS)
        wanted = reference.strip().upper()
        c = schema.clients.c
        with self._session.case.connect() as conn:
            self._require(conn)
            row = (
                conn.execute(select(c.id, c.merged_into_id).where(c.reference == wanted)).first()
                if wanted
                else None
            )
            if row is None:
                raise ClientNotFound("reference")
            return self._live(conn, row.id)

    def _live(self, conn: Connection, client_id: int) -> int:
        c = schema.clients.c
        seen = set()
        while client_id not in seen:
            seen.add(client_id)
            merged_into = conn.execute(select(c.merged_into_id).where(c.id == client_id)).first()
            if merged_into is None:
                raise ClientNotFound(str(client_id))
            if merged_into[0] is None:
                return client_id
            client_id = int(merged_into[0])
        return client_id

    # -- producing -------------------------------------------------------------------------------

    def printout(self, client_id: int) -> bytes:
        return subject_access_pdf(self.record(client_id))

    def record(self, client_id: int) -> SubjectAccessRecord:
        """Everything held about the person, decrypted; the production is audited."""
        self._session.require(Op.SUBJECT_ACCESS)  # before the store: some roles have none
        with self._session.case_tx() as conn:
            role = self._require(conn)
            client_id = self._live(conn, client_id)
            gatherer = _Gatherer(self._session, conn, client_id)
            record = SubjectAccessRecord(
                person=ClientService(self._session).load_in(conn, client_id),
                produced_at=self._session.clock(),
                produced_by=gatherer.staff(self._session.username),
                producer_role=role,
                merged=gatherer.merged(),
                contacts=gatherer.contacts(),
                risk=gatherer.risk(),
                extra_sessions=gatherer.extra_sessions(),
                follow_ups=gatherer.follow_ups(),
                cases=gatherer.cases(),
                withheld=frozenset(gatherer.withheld),
                measures=ClinicalService(self._session).measures(),
            )
            self._session.audit_case(conn, AuditAction.SUBJECT_ACCESS, "client", client_id)
        return record


class _Gatherer:
    """Reads one person's rows on one connection (the audited transaction)."""

    def __init__(self, session: Session, conn: Connection, client_id: int) -> None:
        self.session = session
        self.conn = conn
        self.client_id = client_id
        self.withheld: set[str] = set()
        u = schema.users.c
        self._staff = dict(conn.execute(select(u.username, u.display_name)).all())
        co = schema.counsellors.c
        self._counsellors = dict(conn.execute(select(co.id, co.display_name)).all())
        self._notes_keys = session.notes_keys(Op.SUBJECT_ACCESS)
        self._clinical_private, _ = crypto.clinical_keypair(
            session.key(KeyName.NOTES, session.current_generation(KeyName.NOTES))
        )

    # -- helpers ---------------------------------------------------------------------------------

    def staff(self, username: str | None) -> str:
        if not username:
            return ""
        return str(self._staff.get(username) or username)

    def _text(self, table: str, row_id: int, blob: bytes, column: str = "body") -> str:
        return crypto.decrypt_field(self._notes_keys, table, row_id, column, blob)

    def _document(self, table: str, row_id: int, blob: bytes) -> dict[str, Any]:
        return dict(json.loads(self._text(table, row_id, blob)))

    # -- the person's own rows -------------------------------------------------------------------

    def merged(self) -> tuple[Any, ...]:
        c = schema.clients.c
        clients = ClientService(self.session)
        ids = self.conn.execute(
            select(c.id).where(c.merged_into_id == self.client_id).order_by(c.created_at, c.id)
        ).scalars()
        return tuple(clients.load_in(self.conn, merged_id) for merged_id in ids)

    def contacts(self) -> tuple[Contact, ...]:
        ct, ca, u = schema.contacts.c, schema.cases.c, schema.users.c
        rows = self.conn.execute(
            select(schema.contacts, u.username.label("handler"), ca.service.label("case_service"))
            .select_from(
                schema.contacts.outerjoin(schema.users, u.id == ct.handler_id).outerjoin(
                    schema.cases, ca.id == ct.case_id
                )
            )
            .where(ct.client_id == self.client_id)
            .order_by(ct.started_at, ct.id)
        )
        return tuple(
            Contact(
                started_at=r.started_at,
                direction=r.direction,
                channel=r.channel,
                purpose=r.purpose,
                outcome=r.outcome,
                duration_s=r.duration_s,
                taken_by=self.staff(r.handler) or None,
                signposted_to=r.signposted_to,
                eligibility=r.eligibility,
                eligibility_override_reason=r.eligibility_override_reason,
                risk_level=r.risk_level,
                callback_state=r.callback_state,
                callback_due_at=r.callback_due_at,
                callback_name=r.callback_name,
                callback_phone=r.callback_phone,
                opened_case=r.case_service,
            )
            for r in rows
        )

    def risk(self) -> tuple[RiskEntry, ...]:
        r = schema.risk_alerts.c
        rows = self.conn.execute(
            select(schema.risk_alerts)
            .where(r.client_id == self.client_id)
            .order_by(r.raised_at, r.id)
        )
        return tuple(
            RiskEntry(
                at=row.raised_at,
                kind=row.kind,
                level=row.level,
                by=self.staff(row.raised_by),
                detail=crypto.open_sealed_to(
                    self._clinical_private, row.detail, crypto.CLINICAL_AAD
                ).decode("utf-8")
                if row.detail
                else "",
                cleared_at=row.cleared_at,
            )
            for row in rows
        )

    def extra_sessions(self) -> tuple[ExtraSessions, ...]:
        a = schema.allowance_authorisations.c
        return tuple(
            ExtraSessions(
                r.authorised_at,
                r.service,
                r.extra_sessions,
                r.applies_on,
                self.staff(r.authorised_by),
                r.reason,
            )
            for r in self.conn.execute(
                select(schema.allowance_authorisations)
                .where(a.client_id == self.client_id)
                .order_by(a.authorised_at, a.id)
            )
        )

    def follow_ups(self) -> tuple[FollowUp, ...]:
        f, a = schema.follow_ups.c, schema.appointments.c
        return tuple(
            FollowUp(r.created_at, r.reason, r.starts_at, r.done_at, self.staff(r.done_by) or None)
            for r in self.conn.execute(
                select(f.created_at, f.reason, f.done_at, f.done_by, a.starts_at)
                .select_from(
                    schema.follow_ups.outerjoin(schema.appointments, a.id == f.appointment_id)
                )
                .where(f.client_id == self.client_id)
                .order_by(f.created_at, f.id)
            )
        )

    # -- cases -----------------------------------------------------------------------------------

    def cases(self) -> tuple[Case, ...]:
        ca, cp = schema.cases.c, schema.case_parties.c
        own = self.conn.execute(select(schema.cases).where(ca.client_id == self.client_id)).all()
        as_party = self.conn.execute(
            select(schema.cases)
            .select_from(schema.cases.join(schema.case_parties, cp.case_id == ca.id))
            .where(cp.client_id == self.client_id, ca.client_id != self.client_id)
        ).all()
        found = [self._case(row, own=True) for row in own]
        found += [self._case(row, own=False) for row in as_party]
        return tuple(sorted(found, key=lambda case: case.opened_at))

    def _stage(self, row: Any) -> str:
        a = schema.appointments.c
        sessions = self.conn.execute(
            select(func.count()).where(a.case_id == row.id, counts_as_session())
        ).scalar_one()
        return case_stage(row.status, row.counsellor_id is not None, int(sessions))

    def _case(self, row: Any, own: bool) -> Case:
        cp = schema.case_parties.c
        party = self.conn.execute(
            select(cp.id, cp.label).where(cp.case_id == row.id, cp.client_id == self.client_id)
        ).first()
        appointments, notes = self._sessions(row, own, party.id if party else None)
        common: dict[str, Any] = {
            "service": row.service,
            "opened_at": row.opened_at,
            "closed_at": row.closed_at,
            "status": row.status,
            "stage": self._stage(row),
            "own": own,
            "counsellor": self._counsellors.get(row.counsellor_id),
            "party_label": (party.label or None) if party else None,
            "appointments": appointments,
            "notes": notes,
        }
        if not own:
            self.withheld.add(WITHHELD_OTHER_CLIENTS_CASE)
            return Case(**common)
        return Case(
            **common,
            referral_route=row.referral_route,
            presenting_issues=tuple(c for c in row.presenting_issues.split(",") if c),
            urgency=row.urgency,
            status_history=self._status_history(row.id),
            urgency_history=self._urgency_history(row.id),
            assessment=self._assessment(row.id),
            measures=self._measures(row.id),
            closure=self._closure(row.id),
            forms_issued=self._forms(row.id),
        )

    def _sessions(
        self, case: Any, own: bool, party_id: int | None
    ) -> tuple[tuple[Appointment, ...], tuple[Note, ...]]:
        """The case's appointments and notes that are this person's (see the module text)."""
        a, n, ap = schema.appointments.c, schema.session_notes.c, schema.appointment_parties.c
        recorded: dict[int, set[int]] = defaultdict(set)
        for appointment_id, pid in self.conn.execute(
            select(ap.appointment_id, ap.party_id)
            .select_from(
                schema.appointment_parties.join(schema.appointments, a.id == ap.appointment_id)
            )
            .where(a.case_id == case.id)
        ):
            recorded[appointment_id].add(pid)
        note_rows = self.conn.execute(
            select(n.id, n.appointment_id, n.kind, n.author, n.written_at, n.body, n.party_id)
            .select_from(schema.session_notes.join(schema.appointments, a.id == n.appointment_id))
            .where(a.case_id == case.id)
            .order_by(n.written_at, n.id)
        ).all()
        with_own_note = {
            r.appointment_id for r in note_rows if party_id is not None and r.party_id == party_id
        }

        def is_mine(appointment_id: int) -> bool:
            parties = recorded.get(appointment_id, set())
            if own:
                # Not recorded: the case's own client's session; recorded: only if they were in it.
                return not parties or (party_id in parties)
            return (party_id in parties) or appointment_id in with_own_note

        rows = self.conn.execute(
            select(schema.appointments).where(a.case_id == case.id).order_by(a.starts_at, a.id)
        ).all()
        mine = [r for r in rows if is_mine(r.id)]
        if len(mine) < len(rows):
            self.withheld.add(WITHHELD_OTHER_PARTIES)
        starts = {r.id: r.starts_at for r in mine}
        notes = []
        for r in note_rows:
            if r.appointment_id not in starts:
                continue
            parties = recorded.get(r.appointment_id, set())
            alone = party_id is not None and parties == {party_id}
            if r.party_id is None:
                if not own and not alone:
                    continue  # a general note of a joint session of someone else's case
            elif r.party_id != party_id:
                self.withheld.add(WITHHELD_OTHER_PARTIES)
                continue
            notes.append(
                Note(
                    session_at=starts[r.appointment_id],
                    kind=r.kind,
                    written_at=r.written_at,
                    author=self.staff(r.author),
                    text=self._text("session_notes", r.id, r.body),
                    own_party_note=r.party_id is not None,
                )
            )
        notes.sort(key=lambda note: (note.session_at, note.written_at))
        appointments = tuple(self._appointment(r, recorded.get(r.id, set())) for r in mine)
        return appointments, tuple(notes)

    def _appointment(self, r: Any, parties: set[int]) -> Appointment:
        v, rm, e = schema.venues.c, schema.rooms.c, schema.appointment_events.c
        venue = self.conn.execute(select(v.name).where(v.id == r.venue_id)).scalar() or ""
        room = self.conn.execute(select(rm.name).where(rm.id == r.room_id)).scalar() or ""
        changes = tuple(
            AppointmentChange(c.at, c.event, self.staff(c.by), c.old_starts_at, c.new_starts_at)
            for c in self.conn.execute(
                select(schema.appointment_events)
                .where(e.appointment_id == r.id)
                .order_by(e.at, e.id)
            )
        )
        return Appointment(
            starts_at=r.starts_at,
            ends_at=r.ends_at,
            kind=r.kind,
            status=r.status,
            venue=venue,
            room=room,
            counsellor=self._counsellors.get(r.counsellor_id, ""),
            session_no=r.session_no,
            parties=("joint" if len(parties) > 1 else "separate") if parties else None,
            changes=changes,
        )

    def _status_history(self, case_id: int) -> tuple[StatusChange, ...]:
        h = schema.case_status_history.c
        return tuple(
            StatusChange(r.changed_at, r.status, self.staff(r.changed_by))
            for r in self.conn.execute(
                select(schema.case_status_history)
                .where(h.case_id == case_id)
                .order_by(h.changed_at, h.id)
            )
        )

    def _urgency_history(self, case_id: int) -> tuple[UrgencyChange, ...]:
        h = schema.case_urgency_history.c
        return tuple(
            UrgencyChange(
                r.changed_at, r.urgency, r.previous, r.cause, r.reason, self.staff(r.changed_by)
            )
            for r in self.conn.execute(
                select(schema.case_urgency_history)
                .where(h.case_id == case_id)
                .order_by(h.changed_at, h.id)
            )
        )

    def _assessment(self, case_id: int) -> Assessment | None:
        s = schema.assessments.c
        row = self.conn.execute(select(schema.assessments).where(s.case_id == case_id)).first()
        if row is None:
            return None
        doc = self._document("assessments", row.id, row.body)
        risk: Mapping[str, Any] = doc.get("risk") or {}
        return Assessment(
            written_at=row.written_at,
            author=self.staff(row.author),
            presenting_issues=tuple(doc.get("presenting_issues") or ()),
            narrative=doc.get("narrative") or "",
            risk_answers={q: bool(risk.get(q)) for q in RISK_QUESTIONS},
            risk_level=risk.get("level") or "none",
            action_taken=risk.get("action_taken") or "",
            consent_recorded=bool(doc.get("consent_recorded")),
            confidentiality_agreed=bool(doc.get("confidentiality_agreed")),
            goals=doc.get("goals") or "",
            plan=doc.get("plan") or "",
            plan_sessions=doc.get("plan_sessions"),
            referral_to=doc.get("referral_to") or "",
        )

    def _measures(self, case_id: int) -> tuple[MeasureTaken, ...]:
        m = schema.measure_responses.c
        taken = []
        for row in self.conn.execute(
            select(schema.measure_responses).where(m.case_id == case_id).order_by(m.taken_at, m.id)
        ):
            doc = self._document("measure_responses", row.id, row.body)
            answers = {
                int(k): int(v) for k, v in (doc.get("answers") or {}).items() if v is not None
            }
            taken.append(
                MeasureTaken(
                    taken_at=row.taken_at,
                    measure_id=row.measure_id,
                    author=self.staff(row.author),
                    total=doc.get("total"),
                    band=doc.get("band"),
                    answers=answers,
                    missing=int(doc.get("missing") or 0),
                    prorated=bool(doc.get("prorated")),
                )
            )
        return tuple(taken)

    def _closure(self, case_id: int) -> Closure | None:
        c = schema.closures.c
        row = self.conn.execute(select(schema.closures).where(c.case_id == case_id)).first()
        if row is None:
            return None
        doc = self._document("closures", row.id, row.body)
        return Closure(
            closed_at=row.closed_at,
            closed_by=self.staff(row.closed_by),
            ending=row.ending,
            summary=doc.get("summary") or "",
            outcome=doc.get("outcome") or "",
            attended=int(doc.get("attended") or 0),
            first=dict(doc.get("first") or {}),
            last=dict(doc.get("last") or {}),
        )

    def _forms(self, case_id: int) -> tuple[tuple[str, datetime], ...]:
        f = schema.evaluation_forms_issued.c
        rows: Iterable[Any] = self.conn.execute(
            select(f.form, f.issued_at).where(f.case_id == case_id).order_by(f.issued_at, f.id)
        )
        return tuple((r.form, r.issued_at) for r in rows)
