"""The counsellor's workspace: caseload, assessment, outcome measures, session notes with
locking and amendments, closure with the outcome, evaluation-form pair codes, mediation parties.

Every clinical record is an encrypted JSON document (notes key, bound to its table, row and
column). Notes are readable only by the case's allocated counsellor and by counsellors who are
clinical leads; a call handler's keys cannot decrypt them at all.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field, fields
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, and_, case, delete, func, insert, select, update

from .. import outbox, versions
from ..calendar_uk import LONDON
from ..case_keys import CaseKeys
from ..db import schema
from ..db.engine import checkpoint, driver, inserted_id
from ..documents.evaluation_form import evaluation_form_pdf
from ..errors import EditConflict, PermissionDenied, SupportLineError
from ..measures import Measure, Score, load_measures, score, talking_therapies_outcome
from ..reference import presenting_issues
from ..roles import Op
from ..session import Session
from ..statistics.coarsen import (
    age_band,
    count_band,
    gender_group,
    org_group_label,
    role_family,
    wait_band,
)
from ..validation import InvalidInput
from .cases import CaseService, case_stage, counts_as_session, quarter_of
from .staff import is_clinical_lead
from .urgency import raise_for_risk_in

NOTE_LOCK = timedelta(hours=24)
ENDINGS = ("planned", "ended_early", "lost_contact", "referred_on")
PLAN_KINDS = ("counselling", "coaching", "mediation", "referral")
RISK_LEVELS = ("none", "low", "medium", "high", "immediate")
PAIR_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I: read off paper reliably
_NO_COUNTS: tuple[datetime | None, int, int, int] = (None, 0, 0, 0)


class ClinicalError(SupportLineError):
    code = "clinical_error"

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class InvalidClinical(SupportLineError):
    code = "invalid_clinical"

    def __init__(self, problems: list[InvalidInput]) -> None:
        super().__init__(", ".join(f"{p.field}:{p.reason}" for p in problems))
        self.problems = tuple(problems)


@dataclass(frozen=True)
class RiskAssessment:
    self_harm_thoughts: bool = False
    plans: bool = False
    harm_to_others: bool = False
    safeguarding_children: bool = False
    safeguarding_adults: bool = False
    level: str = "none"
    action_taken: str = ""


class Unchecked:
    """The caller did not read the record first (an import, a script): no version check."""


UNCHECKED = Unchecked()


@dataclass(frozen=True)
class AssessmentInput:
    presenting_issues: tuple[str, ...]
    narrative: str
    risk: RiskAssessment
    consent_recorded: bool
    confidentiality_agreed: bool
    goals: str
    plan: str  # counselling | coaching | mediation | referral
    plan_sessions: int | None = None
    referral_to: str = ""
    appointment_id: int | None = None


@dataclass(frozen=True)
class NoteView:
    id: int
    kind: str  # note | amendment
    author: str
    written_at: datetime
    text: str
    locked: bool
    party_id: int | None = None


@dataclass(frozen=True)
class CaseloadItem:
    case_id: int
    client_id: int
    reference: str
    client_name: str
    service: str
    status: str
    next_session: datetime | None
    attended: int
    booked: int
    risk_level: str
    opened_at: datetime | None = None
    closed_at: datetime | None = None
    sessions: int = 0  # after the assessment, booked or held
    notes_waiting: bool = False  # allocated, but the notes key not yet handed over

    @property
    def stage(self) -> str:
        return case_stage(self.status, True, self.sessions)  # my caseload: allocated


@dataclass(frozen=True)
class MeasurePoint:
    taken_on: date  # the day the client filled it in (London)
    total: float | None
    band: str | None
    appointment_id: int | None
    recorded_at: datetime  # when it was typed in


@dataclass(frozen=True)
class ClosureResult:
    case_id: int
    outcome: str
    attended: int
    first: dict[str, float] = field(default_factory=dict)
    last: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class IssuedForm:
    form: str
    pair_code: str
    code_destroyed: bool


def new_pair_code() -> str:
    """Ten symbols from a 32-letter alphabet (50 bits) plus a check symbol, grouped for reading."""
    body = "".join(secrets.choice(PAIR_ALPHABET) for _ in range(10))
    check = PAIR_ALPHABET[sum((i + 1) * PAIR_ALPHABET.index(ch) for i, ch in enumerate(body)) % 32]
    return f"{body[:4]}-{body[4:8]}-{body[8:]}{check}"


def valid_pair_code(code: str) -> bool:
    raw = code.replace("-", "").replace(" ", "").upper()
    if len(raw) != 11 or any(ch not in PAIR_ALPHABET for ch in raw):
        return False
    body, check = raw[:10], raw[10]
    return (
        PAIR_ALPHABET[sum((i + 1) * PAIR_ALPHABET.index(ch) for i, ch in enumerate(body)) % 32]
        == check
    )


class ClinicalService:
    def __init__(self, session: Session) -> None:
        self._session = session
        self._measures: dict[str, Measure] | None = None

    # -- who may do what --------------------------------------------------------------------------

    def measures(self) -> dict[str, Measure]:
        if self._measures is None:
            self._measures = load_measures(self._session.data.path / "measures")
        return self._measures

    def _me(self, conn: Connection) -> tuple[int | None, bool]:
        """(my counsellor id, am I a clinical lead)."""
        u, c = schema.users.c, schema.counsellors.c
        user_id = conn.execute(select(u.id).where(u.username == self._session.username)).scalar()
        if user_id is None:
            return None, False
        counsellor = conn.execute(select(c.id).where(c.user_id == user_id)).scalar()
        return counsellor, is_clinical_lead(self._session, conn)

    def _case_row(self, conn: Connection, case_id: int) -> Any:
        row = conn.execute(select(schema.cases).where(schema.cases.c.id == case_id)).first()
        if row is None:
            from .cases import CaseNotFound

            raise CaseNotFound(str(case_id))
        return row

    def _require_read(self, conn: Connection, case_id: int) -> Any:
        self._session.require(Op.NOTES_READ)
        case = self._case_row(conn, case_id)
        mine, lead = self._me(conn)
        if not lead and (mine is None or case.counsellor_id != mine):
            raise PermissionDenied("notes.read.not_allocated")
        return case

    def _require_write(self, conn: Connection, case_id: int) -> Any:
        self._session.require(Op.NOTES_WRITE)
        case = self._case_row(conn, case_id)
        mine, lead = self._me(conn)
        if mine is None or (case.counsellor_id != mine and not lead):
            raise PermissionDenied("notes.write.not_allocated")
        return case

    # -- encryption -------------------------------------------------------------------------------

    def _seal_text(
        self, conn: Connection, case_id: int, table: str, row_id: int, column: str, text: str
    ) -> bytes:
        """Under the case's own notes key (supportline.case_keys)."""
        self._session.require(Op.NOTES_WRITE)
        return CaseKeys(self._session).seal_text(conn, case_id, table, row_id, column, text)

    def _open_text(
        self,
        conn: Connection,
        case_id: int,
        table: str,
        row_id: int,
        column: str,
        blob: bytes,
        op: Op = Op.NOTES_READ,
    ) -> str:
        self._session.require(op)
        return CaseKeys(self._session).open_text(conn, case_id, table, row_id, column, blob)

    def _seal(
        self,
        conn: Connection,
        case_id: int,
        table: str,
        row_id: int,
        column: str,
        document: Mapping[str, Any],
    ) -> bytes:
        """A clinical record: one JSON document, sealed like a note."""
        text = json.dumps(document, sort_keys=True, default=str)
        return self._seal_text(conn, case_id, table, row_id, column, text)

    def _open(
        self,
        conn: Connection,
        case_id: int,
        table: str,
        row_id: int,
        column: str,
        blob: bytes,
        op: Op = Op.NOTES_READ,
    ) -> dict[str, Any]:
        return dict(json.loads(self._open_text(conn, case_id, table, row_id, column, blob, op)))

    def _insert_text(
        self,
        conn: Connection,
        case_id: int,
        table: Any,
        values: dict[str, Any],
        column: str,
        text: str,
    ) -> int:
        # The row id is part of the associated data: insert a placeholder, then seal with the id.
        row_id = inserted_id(conn.execute(insert(table).values(**values, **{column: b"\0"})))
        conn.execute(
            update(table)
            .where(next(iter(table.primary_key.columns)) == row_id)
            .values({column: self._seal_text(conn, case_id, table.name, row_id, column, text)})
        )
        return row_id

    def _insert_sealed(
        self,
        conn: Connection,
        case_id: int,
        table: Any,
        values: dict[str, Any],
        column: str,
        document: Mapping[str, Any],
    ) -> int:
        text = json.dumps(document, sort_keys=True, default=str)
        return self._insert_text(conn, case_id, table, values, column, text)

    # -- caseload -------------------------------------------------------------------------------

    def caseload(self, include_closed: bool = False) -> list[CaseloadItem]:
        """My cases: the open ones by name, then (``include_closed``) the closed ones, most
        recently closed first."""
        self._session.require(Op.NOTES_READ)
        c, cl = schema.cases.c, schema.clients.c
        with self._session.case.connect() as conn:
            mine, _ = self._me(conn)
            if mine is None:
                return []
            columns = select(
                c.id,
                c.client_id,
                cl.reference,
                cl.first_name,
                cl.last_name,
                c.service,
                c.status,
                cl.risk_level,
                c.opened_at,
                c.closed_at,
            ).select_from(schema.cases.join(schema.clients, cl.id == c.client_id))
            rows = list(
                conn.execute(
                    columns.where(
                        c.counsellor_id == mine, c.status.in_(("assessment_booked", "active"))
                    ).order_by(cl.last_name, cl.first_name, c.id)
                )
            )
            if include_closed:
                rows += conn.execute(
                    columns.where(c.counsellor_id == mine, c.status == "closed").order_by(
                        c.closed_at.desc(), c.id.desc()
                    )
                ).all()
            counts = self._appointment_counts(conn, [row.id for row in rows])
            keys = CaseKeys(self._session)
            waiting = {row.id for row in rows if keys.handover_pending(conn, row.id)}
        items = []
        for row in rows:
            next_session, attended, booked, sessions = counts.get(row.id, _NO_COUNTS)
            items.append(
                CaseloadItem(
                    row.id,
                    row.client_id,
                    row.reference,
                    f"{row.first_name} {row.last_name}",
                    row.service,
                    row.status,
                    next_session,
                    attended,
                    booked,
                    row.risk_level,
                    row.opened_at,
                    row.closed_at,
                    sessions,
                    row.id in waiting,
                )
            )
        return items

    def _appointment_counts(
        self, conn: Connection, case_ids: Sequence[int]
    ) -> dict[int, tuple[datetime | None, int, int, int]]:
        """Per case, in one query: next booked start, attended, booked ahead, sessions (after
        the assessment, booked or held)."""
        if not case_ids:
            return {}
        a = schema.appointments.c
        ahead = and_(a.status == "booked", a.starts_at >= self._session.clock())
        session = counts_as_session()
        return {
            row.case_id: (row.next_session, int(row.attended), int(row.booked), int(row.sessions))
            for row in conn.execute(
                select(
                    a.case_id,
                    func.min(case((ahead, a.starts_at))).label("next_session"),
                    func.sum(case((a.status == "attended", 1), else_=0)).label("attended"),
                    func.sum(case((ahead, 1), else_=0)).label("booked"),
                    func.sum(case((session, 1), else_=0)).label("sessions"),
                )
                .where(a.case_id.in_(case_ids))
                .group_by(a.case_id)
            )
        }

    # -- assessment -----------------------------------------------------------------------------

    def save_assessment(
        self,
        case_id: int,
        data: AssessmentInput,
        seen: AssessmentInput | None | Unchecked = UNCHECKED,
    ) -> int:
        """Save the case's assessment. ``seen`` is the assessment the form was filled from
        (None: there was none yet); if someone saved a different one since, the save is
        refused with EditConflict naming what they changed."""
        problems = []
        known = {issue.code for issue in presenting_issues()}
        if not data.presenting_issues or any(code not in known for code in data.presenting_issues):
            problems.append(InvalidInput("presenting_issues", "required"))
        if data.risk.level not in RISK_LEVELS:
            problems.append(InvalidInput("risk_level", "not_a_choice"))
        if data.risk.level in ("high", "immediate") and not data.risk.action_taken.strip():
            problems.append(InvalidInput("action_taken", "required_for_risk"))
        if not data.consent_recorded:
            problems.append(InvalidInput("consent_recorded", "required"))
        if not data.confidentiality_agreed:
            problems.append(InvalidInput("confidentiality_agreed", "required"))
        if data.plan not in PLAN_KINDS:
            problems.append(InvalidInput("plan", "not_a_choice"))
        if data.plan == "counselling" and not (
            data.plan_sessions and 1 <= data.plan_sessions <= 20
        ):
            problems.append(InvalidInput("plan_sessions", "required"))
        if data.plan == "referral" and not data.referral_to.strip():
            problems.append(InvalidInput("referral_to", "required"))
        if problems:
            raise InvalidClinical(problems)
        document = asdict(data)
        with self._session.case_tx() as conn:
            if self._require_write(conn, case_id).status == "closed":
                raise ClinicalError("case_closed")
            stored = conn.execute(
                select(schema.assessments.c.id, schema.assessments.c.body).where(
                    schema.assessments.c.case_id == case_id
                )
            ).first()
            existing = None if stored is None else stored.id
            if not isinstance(seen, Unchecked):
                current = None if stored is None else self._assessment_from(conn, case_id, stored)
                if current != seen:
                    names = [f.name for f in fields(AssessmentInput)]
                    raise (
                        EditConflict("assessment", case_id, names)
                        if current is None or seen is None
                        else versions.conflict_of("assessment", case_id, seen, current, names)
                    )
            if existing is None:
                row_id = self._insert_sealed(
                    conn,
                    case_id,
                    schema.assessments,
                    {
                        "case_id": case_id,
                        "appointment_id": data.appointment_id,
                        "author": self._session.username,
                        "written_at": self._session.clock(),
                    },
                    "body",
                    document,
                )
            else:
                row_id = existing
                conn.execute(
                    update(schema.assessments)
                    .where(schema.assessments.c.id == row_id)
                    .values(
                        body=self._seal(conn, case_id, "assessments", row_id, "body", document),
                        written_at=self._session.clock(),
                        author=self._session.username,
                    )
                )
            if data.risk.level != "none":
                client_id = self._case_row(conn, case_id).client_id
                current = conn.execute(
                    select(schema.clients.c.risk_level).where(schema.clients.c.id == client_id)
                ).scalar()
                if RISK_LEVELS.index(data.risk.level) > RISK_LEVELS.index(current or "none"):
                    conn.execute(
                        update(schema.clients)
                        .where(schema.clients.c.id == client_id)
                        .values(risk_level=data.risk.level)
                    )
                    raise_for_risk_in(conn, self._session, client_id)
            self._session.audit_case(conn, "assessment.saved", "case", case_id)
        return row_id

    def assessment(self, case_id: int) -> AssessmentInput | None:
        with self._session.case_tx() as conn:
            self._require_read(conn, case_id)
            row = conn.execute(
                select(schema.assessments.c.id, schema.assessments.c.body).where(
                    schema.assessments.c.case_id == case_id
                )
            ).first()
            self._session.audit_case(conn, "assessment.viewed", "case", case_id)
            if row is None:
                return None
            return self._assessment_from(conn, case_id, row)

    def _assessment_from(self, conn: Connection, case_id: int, row: Any) -> AssessmentInput:
        doc = self._open(conn, case_id, "assessments", row.id, "body", row.body)
        return AssessmentInput(
            presenting_issues=tuple(doc["presenting_issues"]),
            narrative=doc["narrative"],
            risk=RiskAssessment(**doc["risk"]),
            consent_recorded=doc["consent_recorded"],
            confidentiality_agreed=doc["confidentiality_agreed"],
            goals=doc["goals"],
            plan=doc["plan"],
            plan_sessions=doc["plan_sessions"],
            referral_to=doc["referral_to"],
            appointment_id=doc.get("appointment_id"),
        )

    # -- measures -------------------------------------------------------------------------------

    def record_measure(
        self,
        case_id: int,
        measure_id: str,
        answers: Mapping[int, int | None],
        appointment_id: int | None = None,
        taken_on: date | None = None,
    ) -> Score:
        """Score and keep one completed measure. ``Score.risk_items`` non-empty means the UI must
        raise the measure's risk prompt now.

        ``taken_on`` is the day the client filled it in: by default the session's date when it
        is entered with one, else today. Not in the future, not before the case opened."""
        measure = self.measures().get(measure_id)
        if measure is None:
            raise ClinicalError("unknown_measure")
        result = score(measure, answers)
        now = self._session.clock()
        with self._session.case_tx() as conn:
            case = self._require_write(conn, case_id)
            if case.status == "closed":
                raise ClinicalError("case_closed")
            moment = now
            if appointment_id is not None:
                appointment = self._appointment(conn, appointment_id)
                if appointment.case_id != case_id:
                    raise ClinicalError("no_appointment")
                moment = appointment.starts_at
            if taken_on is None:
                taken_on = moment.astimezone(LONDON).date()
            if taken_on > now.astimezone(LONDON).date():
                raise InvalidClinical([InvalidInput("taken_on", "in_future")])
            if taken_on < case.opened_at.astimezone(LONDON).date():
                raise InvalidClinical([InvalidInput("taken_on", "before_case_opened")])
            self._insert_sealed(
                conn,
                case_id,
                schema.measure_responses,
                {
                    "case_id": case_id,
                    "appointment_id": appointment_id,
                    "measure_id": measure_id,
                    "taken_at": now,
                    "taken_on": taken_on,
                    "author": self._session.username,
                },
                "body",
                {
                    "answers": {str(k): v for k, v in result.answers.items()},
                    "total": result.total,
                    "band": result.band,
                    "missing": result.missing,
                    "prorated": result.prorated,
                    "risk_items": list(result.risk_items),
                },
            )
            self._session.audit_case(conn, "measure.recorded", "case", case_id)
        return result

    def measure_history(self, case_id: int) -> dict[str, list[MeasurePoint]]:
        """Each measure's totals by the date taken, oldest first (for the chart)."""
        m = schema.measure_responses.c
        with self._session.case.connect() as conn:
            self._require_read(conn, case_id)
            rows = conn.execute(
                select(m.id, m.measure_id, m.taken_on, m.taken_at, m.appointment_id, m.body)
                .where(m.case_id == case_id)
                .order_by(m.taken_on, m.taken_at, m.id)
            ).all()
            history: dict[str, list[MeasurePoint]] = {}
            for row in rows:
                doc = self._open(conn, case_id, "measure_responses", row.id, "body", row.body)
                history.setdefault(row.measure_id, []).append(
                    MeasurePoint(
                        row.taken_on, doc["total"], doc["band"], row.appointment_id, row.taken_at
                    )
                )
        return history

    # -- session notes --------------------------------------------------------------------------

    def _appointment(self, conn: Connection, appointment_id: int) -> Any:
        row = conn.execute(
            select(schema.appointments).where(schema.appointments.c.id == appointment_id)
        ).first()
        if row is None:
            raise ClinicalError("no_appointment")
        return row

    def note_locked(self, appointment_starts: datetime) -> bool:
        return self._session.clock() >= appointment_starts + NOTE_LOCK

    def write_note(self, appointment_id: int, text: str, party_id: int | None = None) -> int:
        """The session note: written and edited freely until it locks 24 hours after the
        session; after that, only :meth:`amend_note`."""
        if not text.strip():
            raise InvalidClinical([InvalidInput("note", "required")])
        with self._session.case_tx() as conn:
            appointment = self._appointment(conn, appointment_id)
            self._require_write(conn, appointment.case_id)
            self._check_party(conn, appointment.case_id, party_id)
            if self.note_locked(appointment.starts_at):
                raise ClinicalError("note_locked")
            n = schema.session_notes.c
            existing = conn.execute(
                select(n.id).where(
                    n.appointment_id == appointment_id,
                    n.kind == "note",
                    n.party_id.is_(None) if party_id is None else n.party_id == party_id,
                )
            ).scalar()
            if existing is None:
                note_id = self._insert_note(
                    conn, appointment.case_id, appointment_id, "note", party_id, text.strip()
                )
            else:
                note_id = existing
                conn.execute(
                    update(schema.session_notes)
                    .where(n.id == note_id)
                    .values(
                        body=self._seal_text(
                            conn,
                            appointment.case_id,
                            "session_notes",
                            note_id,
                            "body",
                            text.strip(),
                        ),
                        written_at=self._session.clock(),
                    )
                )
            self._session.audit_case(conn, "note.written", "appointment", appointment_id)
        return note_id

    def amend_note(self, appointment_id: int, text: str, party_id: int | None = None) -> int:
        """A dated amendment, appended; the locked note itself is never overwritten."""
        if not text.strip():
            raise InvalidClinical([InvalidInput("amendment", "required")])
        with self._session.case_tx() as conn:
            appointment = self._appointment(conn, appointment_id)
            self._require_write(conn, appointment.case_id)
            self._check_party(conn, appointment.case_id, party_id)
            note_id = self._insert_note(
                conn, appointment.case_id, appointment_id, "amendment", party_id, text.strip()
            )
            self._session.audit_case(conn, "note.amended", "appointment", appointment_id)
        return note_id

    def _insert_note(
        self,
        conn: Connection,
        case_id: int,
        appointment_id: int,
        kind: str,
        party_id: int | None,
        text: str,
    ) -> int:
        """Session notes are plain text under the notes key (bound to their row id)."""
        values = {
            "appointment_id": appointment_id,
            "author": self._session.username,
            "written_at": self._session.clock(),
            "kind": kind,
            "party_id": party_id,
        }
        return self._insert_text(conn, case_id, schema.session_notes, values, "body", text)

    def notes(self, appointment_id: int) -> list[NoteView]:
        n = schema.session_notes.c
        with self._session.case_tx() as conn:
            appointment = self._appointment(conn, appointment_id)
            self._require_read(conn, appointment.case_id)
            rows = conn.execute(
                select(n.id, n.kind, n.author, n.written_at, n.body, n.party_id)
                .where(n.appointment_id == appointment_id)
                .order_by(n.written_at, n.id)
            ).all()
            self._session.audit_case(conn, "note.viewed", "appointment", appointment_id)
            locked = self.note_locked(appointment.starts_at)
            return [
                NoteView(
                    r.id,
                    r.kind,
                    r.author,
                    r.written_at,
                    self._open_text(
                        conn, appointment.case_id, "session_notes", r.id, "body", r.body
                    ),
                    locked or r.kind == "amendment",
                    r.party_id,
                )
                for r in rows
            ]

    # -- closure --------------------------------------------------------------------------------

    def _first_and_last(
        self, conn: Connection, case_id: int
    ) -> tuple[dict[str, float], dict[str, float]]:
        m = schema.measure_responses.c
        first: dict[str, float] = {}
        last: dict[str, float] = {}
        for row in conn.execute(
            select(m.id, m.measure_id, m.body)
            .where(m.case_id == case_id)
            .order_by(m.taken_on, m.taken_at, m.id)
        ):
            doc = self._open(conn, case_id, "measure_responses", row.id, "body", row.body)
            if doc["total"] is None:
                continue
            first.setdefault(row.measure_id, float(doc["total"]))
            last[row.measure_id] = float(doc["total"])
        return first, last

    def close_case(self, case_id: int, ending: str, summary: str) -> ClosureResult:
        """Close with the ending and a summary; the outcome is computed from the first and last
        scores; exactly one anonymised activity record goes into the statistics outbox; the
        evaluation pair code, if any, is destroyed."""
        if ending not in ENDINGS:
            raise InvalidClinical([InvalidInput("ending", "not_a_choice")])
        if not summary.strip():
            raise InvalidClinical([InvalidInput("summary", "required")])
        a = schema.appointments.c
        with self._session.case_tx() as conn:
            case = self._require_write(conn, case_id)
            if case.status == "closed":
                raise ClinicalError("already_closed")
            counts: dict[str, int] = {
                status: int(n)
                for status, n in conn.execute(
                    select(a.status, func.count()).where(a.case_id == case_id).group_by(a.status)
                )
            }
            attended = int(counts.get("attended", 0))
            first, last = self._first_and_last(conn, case_id)
            result = talking_therapies_outcome(first, last, attended)
            now = self._session.clock()
            self._insert_sealed(
                conn,
                case_id,
                schema.closures,
                {
                    "case_id": case_id,
                    "ending": ending,
                    "closed_by": self._session.username,
                    "closed_at": now,
                },
                "body",
                {
                    "summary": summary.strip(),
                    "outcome": result.category.value,
                    "first": first,
                    "last": last,
                    "attended": attended,
                },
            )
            # Booked sessions still to come are cancelled by the service.
            conn.execute(
                update(schema.appointments)
                .where(a.case_id == case_id, a.status == "booked", a.starts_at > now)
                .values(
                    status="cancelled_service",
                    cancelled_at=now,
                    cancelled_by=self._session.username,
                )
            )
            CaseService(self._session).change_status_in(conn, case_id, "closed")
            self._destroy_pair_code(conn, case_id)
            record = self._activity_record(
                conn, case, counts, ending, result.category.value, first, last
            )
            outbox.seal_record_in(conn, self._session, "activity", quarter_of(now), record)
            self._session.audit_case(conn, "case.closure", "case", case_id)
        self._wipe_free_pages()
        return ClosureResult(case_id, result.category.value, attended, first, last)

    def _activity_record(
        self,
        conn: Connection,
        case: Any,
        counts: Mapping[str, int],
        ending: str,
        outcome: str,
        first: Mapping[str, float],
        last: Mapping[str, float],
    ) -> dict[str, Any]:
        """Bands and categories only: no identifier, no date finer than the quarter (DESIGN 6)."""
        cl, o, a, v = (
            schema.clients.c,
            schema.organisations.c,
            schema.appointments.c,
            schema.venues.c,
        )
        client = conn.execute(
            select(cl.date_of_birth, cl.gender, cl.job_role, o.org_group, o.phase)
            .select_from(schema.clients.outerjoin(schema.organisations, o.id == cl.organisation_id))
            .where(cl.id == case.client_id)
        ).one()
        first_seen = conn.execute(
            select(func.min(a.starts_at)).where(
                a.case_id == case.id, a.status.in_(("attended", "dna"))
            )
        ).scalar()
        district = conn.execute(
            select(v.district)
            .select_from(schema.appointments.join(schema.venues, v.id == a.venue_id))
            .where(a.case_id == case.id)
            .order_by(a.starts_at)
            .limit(1)
        ).scalar()
        issues = {issue.code: issue.category for issue in presenting_issues()}
        categories = sorted(
            {issues.get(code, "other") for code in case.presenting_issues.split(",") if code}
        )
        measures = self.measures()
        bands = {}
        for name, scores in (("first", first), ("last", last)):
            for measure_id, total in scores.items():
                if measure_id in measures:
                    bands[f"{name}_{measure_id}"] = measures[measure_id].band(total)
        waited = (first_seen - case.opened_at).days if first_seen else None
        return {
            "service": case.service,
            "referral_route": case.referral_route,
            "age_band": age_band(
                client.date_of_birth, self._session.clock().astimezone(LONDON).date()
            ),
            "gender": gender_group(client.gender),
            "role_family": role_family(client.job_role, client.org_group),
            "org_group": org_group_label(client.org_group, client.phase),
            "district": district or "not_seen",
            "issue_categories": categories,
            "waiting_band": wait_band(waited),
            "sessions_attended": count_band(int(counts.get("attended", 0))),
            "sessions_dna": count_band(int(counts.get("dna", 0))),
            "sessions_cancelled": count_band(
                sum(
                    int(counts.get(s, 0))
                    for s in ("cancelled_client", "cancelled_client_late", "cancelled_service")
                )
            ),
            "ending": ending,
            "outcome": outcome,
            # Recovery rates are over cases at caseness at the start (PHQ-9 >= 10 or GAD-7 >= 8),
            # which the bands alone cannot tell: the case side, which has the scores, says.
            "caseness_start": (
                "not_measured"
                if not ({"PHQ-9", "GAD-7"} <= set(first))
                else "yes"
                if first["PHQ-9"] >= 10 or first["GAD-7"] >= 8
                else "no"
            ),
            "bands": bands,
        }

    # -- evaluation forms -----------------------------------------------------------------------

    def issue_evaluation_form(self, case_id: int, form: str) -> IssuedForm:
        """Record that a form was issued and return the pair code to print on it. Printing the
        last form destroys the code: after that nothing can link a returned form to the case."""
        if form not in ("first", "last"):
            raise InvalidClinical([InvalidInput("form", "not_a_choice")])
        p, f = schema.evaluation_pair_codes.c, schema.evaluation_forms_issued.c
        with self._session.case_tx() as conn:
            case = self._require_write(conn, case_id)
            if case.status == "closed":
                raise ClinicalError("case_closed")
            issued = set(conn.execute(select(f.form).where(f.case_id == case_id)).scalars())
            if "last" in issued:
                raise ClinicalError("pair_code_destroyed")
            row = conn.execute(select(p.code).where(p.case_id == case_id)).first()
            if row is None:
                code = new_pair_code()
                conn.execute(
                    insert(schema.evaluation_pair_codes).values(case_id=case_id, code=b"\0")
                )
                conn.execute(
                    update(schema.evaluation_pair_codes)
                    .where(p.case_id == case_id)
                    .values(
                        code=self._seal(
                            conn,
                            case_id,
                            "evaluation_pair_codes",
                            case_id,
                            "code",
                            {"code": code},
                        )
                    )
                )
            else:
                code = self._open(
                    conn, case_id, "evaluation_pair_codes", case_id, "code", row.code
                )["code"]
            if form not in issued:
                conn.execute(
                    insert(schema.evaluation_forms_issued).values(
                        case_id=case_id, form=form, issued_at=self._session.clock()
                    )
                )
            destroyed = form == "last"
            if destroyed:
                self._destroy_pair_code(conn, case_id)
            self._session.audit_case(conn, f"evaluation.{form}_issued", "case", case_id)
        if destroyed:
            self._wipe_free_pages()
        return IssuedForm(form, code, destroyed)

    def forms_issued(self, case_id: int) -> list[str]:
        f = schema.evaluation_forms_issued.c
        with self._session.case.connect() as conn:
            return list(
                conn.execute(select(f.form).where(f.case_id == case_id).order_by(f.id)).scalars()
            )

    def _destroy_pair_code(self, conn: Connection, case_id: int) -> None:
        conn.execute(
            delete(schema.evaluation_pair_codes).where(
                schema.evaluation_pair_codes.c.case_id == case_id
            )
        )

    def _wipe_free_pages(self) -> None:
        """With secure_delete on, deleted rows are zeroed in their pages; checkpointing moves
        those pages out of the write-ahead log too."""
        raw = self._session.case.raw_connection()
        try:
            checkpoint(driver(raw))
        finally:
            raw.close()

    def evaluation_form(self, case_id: int, form: str) -> bytes:
        """Issue the form and return its PDF (the code is on the paper and nowhere else once
        the last form is printed)."""
        issued = self.issue_evaluation_form(case_id, form)
        return evaluation_form_pdf(form, issued.pair_code)

    # -- mediation --------------------------------------------------------------------------------

    def add_party(self, case_id: int, client_id: int, label: str = "") -> int:
        with self._session.case_tx() as conn:
            case = self._require_write(conn, case_id)
            if case.service != "mediation":
                raise ClinicalError("not_mediation")
            cp = schema.case_parties.c
            taken = conn.execute(
                select(cp.id).where(cp.case_id == case_id, cp.client_id == client_id)
            ).first()
            if taken:
                raise ClinicalError("party_exists")
            party_id = inserted_id(
                conn.execute(
                    insert(schema.case_parties).values(
                        case_id=case_id, client_id=client_id, label=label[:64]
                    )
                )
            )
            self._session.audit_case(conn, "mediation.party_added", "case", case_id)
        return party_id

    def parties(self, case_id: int) -> list[tuple[int, int, str]]:
        with self._session.case.connect() as conn:
            self._require_read(conn, case_id)
            return self.parties_in(conn, case_id)

    def session_parties(self, appointment_id: int) -> list[int]:
        """Which parties a mediation session is for (all: joint; one: separate)."""
        with self._session.case.connect() as conn:
            appointment = self._appointment(conn, appointment_id)
            self._require_read(conn, appointment.case_id)
            ap = schema.appointment_parties.c
            return list(
                conn.execute(
                    select(ap.party_id)
                    .where(ap.appointment_id == appointment_id)
                    .order_by(ap.party_id)
                ).scalars()
            )

    def set_session_parties(self, appointment_id: int, party_ids: Sequence[int]) -> None:
        """Joint (every party) or separate (one party) mediation sessions."""
        if not party_ids:
            raise InvalidClinical([InvalidInput("parties", "required")])
        with self._session.case_tx() as conn:
            appointment = self._appointment(conn, appointment_id)
            case = self._require_write(conn, appointment.case_id)
            if case.service != "mediation":
                raise ClinicalError("not_mediation")
            known = {p[0] for p in self.parties_in(conn, appointment.case_id)}
            if not set(party_ids) <= known:
                raise InvalidClinical([InvalidInput("parties", "not_in_case")])
            conn.execute(
                delete(schema.appointment_parties).where(
                    schema.appointment_parties.c.appointment_id == appointment_id
                )
            )
            conn.execute(
                insert(schema.appointment_parties),
                [{"appointment_id": appointment_id, "party_id": pid} for pid in party_ids],
            )
            self._session.audit_case(
                conn, "mediation.session_parties", "appointment", appointment_id
            )

    def parties_in(self, conn: Connection, case_id: int) -> list[tuple[int, int, str]]:
        cp = schema.case_parties.c
        return [
            (r.id, r.client_id, r.label)
            for r in conn.execute(
                select(cp.id, cp.client_id, cp.label).where(cp.case_id == case_id).order_by(cp.id)
            )
        ]

    def _check_party(self, conn: Connection, case_id: int, party_id: int | None) -> None:
        if party_id is not None and party_id not in {p[0] for p in self.parties_in(conn, case_id)}:
            raise InvalidClinical([InvalidInput("party", "not_in_case")])
