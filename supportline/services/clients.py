"""Clients: find as you type, create and edit, likely duplicates, merge, audited views.

Search goes through ``client_search_terms``: one row per folded name word, and prefixed rows for
phone digits, e-mail, postcode, reference and date of birth, so every kind of query is an index
range scan and names match in either order.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field, fields, replace
from datetime import date, datetime
from functools import cache
from typing import Any

from sqlalchemy import (
    Column,
    Connection,
    Select,
    and_,
    bindparam,
    delete,
    func,
    insert,
    intersect,
    or_,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError

from .. import versions
from ..audit import AuditAction
from ..db import schema
from ..db.engine import driver, inserted_id
from ..errors import SupportLineError
from ..roles import Op
from ..session import Session
from ..validation import (
    InvalidInput,
    normalise_email,
    normalise_name,
    normalise_phone,
    normalise_postcode,
    parse_uk_date,
)
from .urgency import raise_for_risk_in

GENDERS = ("female", "male", "non_binary", "other", "not_stated")
SAFE_PHONES = ("phone", "alt", "none")
VENUE_PREFERENCES = ("home", "work")
RISK_LEVELS = ("none", "low", "medium", "high", "immediate")

_REFERENCE = re.compile(r"^sl-?\d{1,6}$", re.IGNORECASE)
_PHONEISH = re.compile(r"^\+?[\d ()\-]{3,}$")
_PARTIAL_POSTCODE = re.compile(r"^[a-z]{1,2}\d[a-z\d]?\s+\d[a-z]{0,2}$", re.IGNORECASE)
_POSTCODEISH = re.compile(r"^[a-z]{1,2}\d[a-z\d]?(\d[a-z]{0,2})?$", re.IGNORECASE)


class InvalidClient(SupportLineError):
    """One or more fields are wrong; ``problems`` lists every one."""

    code = "invalid_client"

    def __init__(self, problems: Sequence[InvalidInput]) -> None:
        super().__init__(", ".join(f"{p.field}:{p.reason}" for p in problems))
        self.problems = tuple(problems)


class LikelyDuplicate(SupportLineError):
    """A new client looks like an existing one; save again acknowledging them to go on."""

    code = "likely_duplicate"

    def __init__(self, candidates: Sequence[ClientSummary]) -> None:
        super().__init__(",".join(str(c.id) for c in candidates))
        self.candidates = tuple(candidates)


class ClientNotFound(SupportLineError):
    code = "client_not_found"


@dataclass(frozen=True)
class ClientInput:
    """What a handler types; validated and normalised by :meth:`ClientService.validate`."""

    first_name: str
    last_name: str
    preferred_name: str = ""
    date_of_birth: str | date | None = None
    gender: str = "not_stated"
    phone: str = ""
    phone_alt: str = ""
    email: str = ""
    address: str = ""
    home_postcode: str = ""
    work_postcode: str = ""
    organisation_id: int | None = None
    job_role: str = ""
    safe_phone: str = "phone"
    voicemail_ok: bool = False
    letters_ok: bool = False
    email_ok: bool = False
    work_contact_ok: bool = False
    venue_preference: str = "home"
    needs_step_free: bool = False
    needs_hearing_loop: bool = False
    needs_parking: bool = False
    pref_counsellor_gender: str = ""
    pref_language: str = ""


@dataclass(frozen=True)
class ClientSummary:
    id: int
    reference: str
    first_name: str
    last_name: str
    preferred_name: str | None
    date_of_birth: date | None
    home_postcode: str | None
    organisation: str | None
    risk_level: str

    @property
    def display_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def initials(self) -> str:
        return f"{self.first_name[:1]}{self.last_name[:1]}".upper()


@dataclass(frozen=True)
class ClientRecord:
    id: int
    reference: str
    data: ClientInput
    organisation: str | None
    risk_level: str
    created_at: datetime
    updated_at: datetime | None
    merged_into_id: int | None = None
    cases: tuple[int, ...] = field(default_factory=tuple)
    # The row's optimistic version when it was read (supportline.versions).
    version: int = 1

    @property
    def display_name(self) -> str:
        return f"{self.data.first_name} {self.data.last_name}"


@dataclass(frozen=True)
class ContactPrompt:
    """What a handler may do to reach this client, from their safe-contact preferences."""

    number: str | None  # the one number that may be called, if any
    voicemail_ok: bool
    letters_ok: bool
    email: str | None
    work_contact_ok: bool


# -- folding and terms --------------------------------------------------------------------------


# Letters that Unicode does not decompose into a base letter and a mark; apostrophes dropped.
_FOLD_EXTRA = str.maketrans(
    {
        "ł": "l",
        "ø": "o",
        "æ": "ae",
        "œ": "oe",
        "ß": "ss",
        "đ": "d",
        "ð": "d",
        "þ": "th",
        "ı": "i",
        "'": None,
        "\u2019": None,
        "\u2018": None,
        "\u02bc": None,
    }
)


def fold(text: str) -> str:
    """Lower-case, accents removed, apostrophes dropped: "Zoë O'Brien" -> "zoe obrien"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_FOLD_EXTRA))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def name_words(*names: str | None) -> set[str]:
    words: set[str] = set()
    for name in names:
        if name:
            words |= {w for w in re.split(r"[^0-9a-z]+", fold(name)) if w}
    return words


def search_terms(
    first_name: str,
    last_name: str,
    preferred_name: str | None = None,
    phones: Iterable[str | None] = (),
    email: str | None = None,
    postcodes: Iterable[str | None] = (),
    reference: str = "",
    date_of_birth: date | None = None,
) -> set[str]:
    terms = {f"n:{w}" for w in name_words(first_name, last_name, preferred_name)}
    for phone in phones:
        if phone:
            terms.add("t:" + re.sub(r"\D", "", phone))
    if email:
        terms.add("e:" + email.lower())
    for postcode in postcodes:
        if postcode:
            terms.add("p:" + postcode.replace(" ", "").lower())
    if reference:
        terms.add("r:" + reference.replace("-", "").lower())
    if date_of_birth:
        terms.add("d:" + date_of_birth.isoformat())
    return terms


def search_name(first_name: str, last_name: str) -> str:
    return " ".join(fold(f"{first_name} {last_name}").split())


def terms_for_values(values: Any) -> set[str]:
    """Terms for a client given as a mapping of column values (bulk loads: demo, import)."""
    dob = values.get("date_of_birth")
    return search_terms(
        values["first_name"],
        values["last_name"],
        values.get("preferred_name"),
        (values.get("phone"), values.get("phone_alt")),
        values.get("email"),
        (values.get("home_postcode"), values.get("work_postcode")),
        values.get("reference", ""),
        dob if isinstance(dob, date) else None,
    )


def write_terms(conn: Connection, client_id: int, terms: set[str]) -> None:
    conn.execute(
        delete(schema.client_search_terms).where(
            schema.client_search_terms.c.client_id == client_id
        )
    )
    if terms:
        conn.execute(
            insert(schema.client_search_terms),
            [{"client_id": client_id, "term": term} for term in sorted(terms)],
        )


def _token_ranges(query: str) -> list[tuple[str, str]]:
    """Each token of the query becomes a [low, high) range of terms."""
    text = query.strip()
    if not text:
        return []
    # A whole postcode or phone number typed with spaces is one token.
    squashed = text.replace(" ", "")
    if (
        _POSTCODEISH.match(squashed)
        and re.search(r"\d[a-z]{1,2}$", squashed, re.IGNORECASE)
        and " " in text
    ) or _PARTIAL_POSTCODE.match(text):
        # "ME19 4AB", or one typed as far as the inward digit ("CT1 2").
        tokens = [squashed]
    elif _PHONEISH.match(text) and sum(ch.isdigit() for ch in text) >= 3:
        tokens = [text]
    else:
        tokens = text.split()
    ranges = []
    for token in tokens:
        prefix = _classify(token)
        if prefix:
            ranges.append((prefix, prefix + "\uffff"))
    return ranges


def _classify(token: str) -> str | None:
    lowered = token.lower()
    parsed = _as_date(token)
    if parsed is not None:
        return "d:" + parsed.isoformat()
    if "@" in lowered:
        return "e:" + lowered
    if _REFERENCE.match(lowered):
        # References are stored zero-padded (SL-000001): "sl1" and "SL-1" mean that one.
        return "r:sl" + f"{int(lowered.removeprefix('sl').lstrip('-')):06d}"
    if _PHONEISH.match(token) and sum(ch.isdigit() for ch in token) >= 3:
        try:  # a whole number in any format ("0044 1732 ...", "+44 (0)1732 ...")
            return "t:" + re.sub(r"\D", "", normalise_phone(token))
        except InvalidInput:
            pass
        digits = re.sub(r"\D", "", token)
        if digits.startswith("44") and token.strip().startswith("+"):
            digits = "0" + digits[2:]
        return "t:" + digits
    if _POSTCODEISH.match(lowered):
        return "p:" + lowered
    words = name_words(token)
    if not words:
        return None
    return "n:" + "".join(sorted(words, key=len, reverse=True)[:1])


def _as_date(token: str) -> date | None:
    if not re.match(r"^\d{1,4}[/\-.]\d{1,2}[/\-.]\d{1,4}$", token):
        return None
    try:
        return parse_uk_date(token)
    except InvalidInput:
        return None


def _statement_for(token_count: int) -> Select[Any]:
    """The find-as-you-type query for ``token_count`` tokens, with bound parameters
    ``lo0, hi0, lo1, ...`` and ``limit``: each token an index range on the terms, intersected."""
    t = schema.client_search_terms.c
    selects = [
        select(t.client_id).where(and_(t.term >= bindparam(f"lo{i}"), t.term < bindparam(f"hi{i}")))
        for i in range(token_count)
    ]
    ids = selects[0] if token_count == 1 else intersect(*selects)
    ids_sq = ids.subquery()
    c = schema.clients.c
    o = schema.organisations.c
    return (
        select(
            c.id,
            c.reference,
            c.first_name,
            c.last_name,
            c.preferred_name,
            c.date_of_birth,
            c.home_postcode,
            o.name.label("organisation"),
            c.risk_level,
        )
        .select_from(schema.clients.outerjoin(schema.organisations, o.id == c.organisation_id))
        .where(c.id.in_(select(ids_sq.c[0])), c.merged_into_id.is_(None))
        .order_by(c.last_name, c.first_name, c.id)
        .limit(bindparam("limit"))
        .offset(bindparam("offset"))
    )


def search_parameters(query: str, limit: int = 50) -> dict[str, Any] | None:
    ranges = _token_ranges(query)
    if not ranges:
        return None
    params: dict[str, Any] = {"limit": limit, "offset": 0}
    for i, (low, high) in enumerate(ranges):
        params[f"lo{i}"] = low
        params[f"hi{i}"] = high
    return params


@cache
def _compiled_search(token_count: int, dialect_name: str) -> tuple[str, tuple[str, ...]]:
    from sqlalchemy.dialects import registry

    dialect = registry.load(dialect_name)()
    compiled = _statement_for(token_count).compile(dialect=dialect)
    return str(compiled), tuple(compiled.positiontup or ())


def _summary(row: Sequence[Any]) -> ClientSummary:
    born = row[5]
    if isinstance(born, str):
        born = date.fromisoformat(born)
    return ClientSummary(row[0], row[1], row[2], row[3], row[4], born, row[6], row[7], row[8])


# -- merging ------------------------------------------------------------------------------------


def client_references() -> list[Column[Any]]:
    """Every column of the case store with a foreign key to ``clients.id``, from the schema
    itself, so a table added later is covered by merge without anyone remembering it."""
    found = []
    for table in schema.case_metadata.sorted_tables:
        for column in table.columns:
            if any(fk.column is schema.clients.c.id for fk in column.foreign_keys):
                found.append(column)
    return found


def _repoint_client_references(conn: Connection, keep_id: int, remove_id: int) -> None:
    for column in client_references():
        table = column.table
        if table is schema.client_search_terms:
            # Derived from the record itself; the kept record's terms are rewritten afterwards.
            conn.execute(delete(table).where(column == remove_id))
        elif column is schema.clients.c.merged_into_id:
            # Records merged earlier into the removed one now lead to the live record.
            conn.execute(
                update(table)
                .where(column == remove_id, table.c.id != remove_id)
                .values({column.name: keep_id})
            )
        else:
            conn.execute(update(table).where(column == remove_id).values({column.name: keep_id}))


def _refuse_shared_mediation(conn: Connection, keep_id: int, remove_id: int) -> None:
    """Two parties of one mediation are two people: merging them would leave the case with one
    party (and break the one-row-per-party rule), so it is refused before anything moves."""
    cp = schema.case_parties.c
    kept = select(cp.case_id).where(cp.client_id == keep_id)
    if conn.execute(
        select(cp.id).where(cp.client_id == remove_id, cp.case_id.in_(kept)).limit(1)
    ).first():
        raise InvalidClient([InvalidInput("merge", "parties_of_one_mediation")])


# -- the service --------------------------------------------------------------------------------


class ClientService:
    def __init__(self, session: Session) -> None:
        self._session = session

    # -- validation ------------------------------------------------------------------------------

    def validate(self, data: ClientInput) -> ClientInput:
        problems: list[InvalidInput] = []

        def attempt(name: str, func: Any, value: Any, **kwargs: Any) -> Any:
            try:
                return func(value, field=name, **kwargs)
            except InvalidInput as exc:
                problems.append(exc)
                return value

        first = attempt("first_name", normalise_name, data.first_name)
        last = attempt("last_name", normalise_name, data.last_name)
        preferred = (
            attempt("preferred_name", normalise_name, data.preferred_name)
            if data.preferred_name.strip()
            else ""
        )
        dob: date | None = None
        if isinstance(data.date_of_birth, date):
            dob = data.date_of_birth
        elif data.date_of_birth and str(data.date_of_birth).strip():
            dob = attempt(
                "date_of_birth", parse_uk_date, str(data.date_of_birth), allow_future=False
            )
            if not isinstance(dob, date):
                dob = None
        phone = attempt("phone", normalise_phone, data.phone) if data.phone.strip() else ""
        phone_alt = (
            attempt("phone_alt", normalise_phone, data.phone_alt) if data.phone_alt.strip() else ""
        )
        email = attempt("email", normalise_email, data.email) if data.email.strip() else ""
        home = (
            attempt("home_postcode", normalise_postcode, data.home_postcode)
            if data.home_postcode.strip()
            else ""
        )
        work = (
            attempt("work_postcode", normalise_postcode, data.work_postcode)
            if data.work_postcode.strip()
            else ""
        )
        for name, value, allowed in (
            ("gender", data.gender, GENDERS),
            ("safe_phone", data.safe_phone, SAFE_PHONES),
            ("venue_preference", data.venue_preference, VENUE_PREFERENCES),
        ):
            if value not in allowed:
                problems.append(InvalidInput(name, "not_a_choice"))
        if not phone and not email:
            problems.append(InvalidInput("phone", "phone_or_email_required"))
        if data.safe_phone == "alt" and not phone_alt:
            problems.append(InvalidInput("safe_phone", "no_such_number"))
        if data.safe_phone == "phone" and not phone and email:
            pass  # nothing to call: the prompt will say so
        if data.email_ok and not email:
            problems.append(InvalidInput("email_ok", "no_email"))
        if data.venue_preference == "work" and not work:
            problems.append(InvalidInput("work_postcode", "required_for_work_venue"))
        if data.venue_preference == "home" and not home:
            problems.append(InvalidInput("home_postcode", "required_for_home_venue"))
        if data.letters_ok and not (data.address.strip() and home):
            problems.append(InvalidInput("letters_ok", "no_home_address"))
        if problems:
            raise InvalidClient(problems)
        return replace(
            data,
            first_name=first,
            last_name=last,
            preferred_name=preferred,
            date_of_birth=dob,
            phone=phone,
            phone_alt=phone_alt,
            email=email,
            address=" ".join(data.address.split()),
            home_postcode=home,
            work_postcode=work,
            job_role=data.job_role.strip(),
            pref_counsellor_gender=data.pref_counsellor_gender.strip(),
            pref_language=data.pref_language.strip(),
        )

    # -- search ----------------------------------------------------------------------------------

    def search(self, query: str, limit: int = 50) -> list[ClientSummary]:
        self._session.require(Op.CLIENTS_VIEW)
        params = search_parameters(query, limit)
        if params is None:
            return []
        engine = self._session.case
        # Find-as-you-type runs on every keystroke: the statement is compiled once per token
        # count and run on the DB-API connection, so a query costs what SQLite costs.
        sql, order = _compiled_search((len(params) - 2) // 2, engine.dialect.name)
        raw = engine.raw_connection()
        try:
            rows = driver(raw).execute(sql, [params[name] for name in order]).fetchall()
        finally:
            raw.close()
        return [_summary(row) for row in rows]

    def find_duplicates(
        self, data: ClientInput, exclude_id: int | None = None
    ) -> list[ClientSummary]:
        """Same name and date of birth, or the same phone number or e-mail address."""
        self._session.require(Op.CLIENTS_VIEW)
        c = schema.clients.c
        conditions = []
        if data.date_of_birth and isinstance(data.date_of_birth, date):
            conditions.append(
                and_(
                    c.search_name == search_name(data.first_name, data.last_name),
                    c.date_of_birth == data.date_of_birth,
                )
            )
        phones = [p for p in (data.phone, data.phone_alt) if p]
        if phones:
            conditions.append(or_(c.phone.in_(phones), c.phone_alt.in_(phones)))
        if data.email:
            conditions.append(func.lower(c.email) == data.email.lower())
        if not conditions:
            return []
        o = schema.organisations.c
        stmt = (
            select(
                c.id,
                c.reference,
                c.first_name,
                c.last_name,
                c.preferred_name,
                c.date_of_birth,
                c.home_postcode,
                o.name.label("organisation"),
                c.risk_level,
            )
            .select_from(schema.clients.outerjoin(schema.organisations, o.id == c.organisation_id))
            .where(or_(*conditions), c.merged_into_id.is_(None))
            .order_by(c.id)
        )
        if exclude_id is not None:
            stmt = stmt.where(c.id != exclude_id)
        with self._session.case.connect() as conn:
            return [ClientSummary(*row) for row in conn.execute(stmt)]

    # -- reading one -----------------------------------------------------------------------------

    def open(self, client_id: int) -> ClientRecord:
        """Open a client's record: audited as a view of an identifiable record."""
        self._session.require(Op.CLIENTS_VIEW)
        with self._session.case_tx() as conn:
            record = self._load(conn, client_id)
            self._session.audit_case(conn, AuditAction.CLIENT_VIEWED, "client", client_id)
        return record

    def load_in(self, conn: Connection, client_id: int) -> ClientRecord:
        """The record, read on the caller's connection, for a service that has already checked
        and audited its own access (subject access); :meth:`open` is the ordinary way."""
        return self._load(conn, client_id)

    def _load(self, conn: Connection, client_id: int) -> ClientRecord:
        c = schema.clients.c
        row = conn.execute(select(schema.clients).where(c.id == client_id)).first()
        if row is None:
            raise ClientNotFound(str(client_id))
        organisation = None
        if row.organisation_id is not None:
            organisation = conn.execute(
                select(schema.organisations.c.name).where(
                    schema.organisations.c.id == row.organisation_id
                )
            ).scalar()
        cases = tuple(
            conn.execute(
                select(schema.cases.c.id)
                .where(schema.cases.c.client_id == client_id)
                .order_by(schema.cases.c.id)
            ).scalars()
        )
        values = {f.name: getattr(row, f.name) for f in fields(ClientInput)}
        for key in (
            "preferred_name",
            "phone",
            "phone_alt",
            "email",
            "address",
            "home_postcode",
            "work_postcode",
            "job_role",
            "pref_counsellor_gender",
            "pref_language",
        ):
            values[key] = values[key] or ""
        values["gender"] = values["gender"] or "not_stated"
        return ClientRecord(
            id=row.id,
            reference=row.reference,
            data=ClientInput(**values),
            organisation=organisation,
            risk_level=row.risk_level,
            created_at=row.created_at,
            updated_at=row.updated_at,
            merged_into_id=row.merged_into_id,
            cases=cases,
            version=row.version,
        )

    # -- writing ---------------------------------------------------------------------------------

    def create(
        self, data: ClientInput, acknowledged_duplicates: Iterable[int] = ()
    ) -> ClientRecord:
        """Validate, check for likely duplicates, then save. Raises :class:`LikelyDuplicate`
        unless every candidate was shown to the handler and acknowledged."""
        self._session.require(Op.CLIENTS_EDIT)
        clean = self.validate(data)
        candidates = self.find_duplicates(clean)
        unacknowledged = [c for c in candidates if c.id not in set(acknowledged_duplicates)]
        if unacknowledged:
            raise LikelyDuplicate(unacknowledged)
        now = self._session.clock()
        with self._session.case_tx() as conn:
            client_id = inserted_id(
                conn.execute(
                    insert(schema.clients).values(
                        reference="pending",
                        created_at=now,
                        updated_at=now,
                        **self._columns(clean),
                    )
                )
            )
            reference = f"SL-{client_id:06d}"
            conn.execute(
                update(schema.clients)
                .where(schema.clients.c.id == client_id)
                .values(reference=reference)
            )
            write_terms(conn, client_id, self._terms(clean, reference))
            self._session.audit_case(conn, "client.created", "client", client_id)
            record = self._load(conn, client_id)
        return record

    def update(
        self, client_id: int, data: ClientInput, seen: ClientRecord | None = None
    ) -> ClientRecord:
        """Save ``data``. With ``seen`` (the record the form was filled from), the save is
        refused with EditConflict if anyone saved the client since (:mod:`..versions`)."""
        self._session.require(Op.CLIENTS_EDIT)
        clean = self.validate(data)
        with self._session.case_tx() as conn:
            existing = self._load(conn, client_id)
            values = {"updated_at": self._session.clock(), **self._columns(clean)}
            seen_version = None if seen is None else seen.version
            if not versions.write_if_unchanged(
                conn, schema.clients, client_id, seen_version, values
            ):
                assert seen is not None
                raise versions.conflict(
                    "client", client_id, asdict(seen.data), asdict(existing.data)
                )
            write_terms(conn, client_id, self._terms(clean, existing.reference))
            self._session.audit_case(conn, "client.updated", "client", client_id)
            return self._load(conn, client_id)

    @staticmethod
    def _columns(clean: ClientInput) -> dict[str, Any]:
        values = {f.name: getattr(clean, f.name) for f in fields(ClientInput)}
        for key in (
            "preferred_name",
            "phone",
            "phone_alt",
            "email",
            "address",
            "home_postcode",
            "work_postcode",
            "job_role",
            "pref_counsellor_gender",
            "pref_language",
        ):
            values[key] = values[key] or None
        values["search_name"] = search_name(clean.first_name, clean.last_name)
        return values

    @staticmethod
    def _terms(clean: ClientInput, reference: str) -> set[str]:
        dob = clean.date_of_birth if isinstance(clean.date_of_birth, date) else None
        return search_terms(
            clean.first_name,
            clean.last_name,
            clean.preferred_name,
            (clean.phone, clean.phone_alt),
            clean.email,
            (clean.home_postcode, clean.work_postcode),
            reference,
            dob,
        )

    def merge(self, keep_id: int, remove_id: int) -> ClientRecord:
        """Merge ``remove_id`` into ``keep_id``: every row of every table that refers to a client
        (found from the schema's foreign keys) moves over; blank fields of the kept record are
        filled from the other; the other record stays, marked as merged, so nothing is lost and
        the merge is traceable."""
        self._session.require(Op.CLIENTS_MERGE)
        if keep_id == remove_id:
            raise InvalidClient([InvalidInput("merge", "same_client")])
        with self._session.case_tx() as conn:
            keep = self._load(conn, keep_id)
            gone = self._load(conn, remove_id)
            if keep.merged_into_id or gone.merged_into_id:
                raise InvalidClient([InvalidInput("merge", "already_merged")])
            filled = {}
            for f in fields(ClientInput):
                mine, theirs = getattr(keep.data, f.name), getattr(gone.data, f.name)
                if (mine in ("", None, "not_stated")) and theirs not in ("", None, "not_stated"):
                    filled[f.name] = theirs
            # Numbers: the kept record's stay where they are; its empty slots take the other
            # record's numbers it does not already have, so a second number is kept, not lost,
            # and never copied into both slots.
            filled.pop("phone", None)
            filled.pop("phone_alt", None)
            have = (keep.data.phone, keep.data.phone_alt)
            theirs = dict.fromkeys((gone.data.phone, gone.data.phone_alt))
            spare = [n for n in theirs if n and n not in have]
            for slot in ("phone", "phone_alt"):
                if not getattr(keep.data, slot) and spare:
                    filled[slot] = spare.pop(0)
            if filled:
                conn.execute(
                    update(schema.clients).where(schema.clients.c.id == keep_id).values(**filled)
                )
            # Safety first: a risk alert on either record stays visible on the merged one.
            levels = [keep.risk_level, gone.risk_level]
            conn.execute(
                update(schema.clients)
                .where(schema.clients.c.id == keep_id)
                .values(
                    risk_level=max(levels, key=RISK_LEVELS.index), updated_at=self._session.clock()
                )
            )
            _refuse_shared_mediation(conn, keep_id, remove_id)
            # Every reference either record answered to (its own and earlier merges') still
            # finds the merged client.
            t = schema.client_search_terms.c
            old_references = set(
                conn.execute(
                    select(t.term).where(t.client_id.in_((keep_id, remove_id)), t.term.like("r:%"))
                ).scalars()
            )
            try:
                _repoint_client_references(conn, keep_id, remove_id)
            except IntegrityError as exc:
                # Both records had an appointment at the same time (the database refuses two).
                if "client_clash" not in str(exc.orig):
                    raise
                raise InvalidClient([InvalidInput("merge", "appointments_overlap")]) from exc
            conn.execute(
                update(schema.clients)
                .where(schema.clients.c.id == remove_id)
                .values(merged_into_id=keep_id)
            )
            # The merged record carries the higher risk level: its open cases follow it.
            raise_for_risk_in(conn, self._session, keep_id)
            merged = self._load(conn, keep_id)
            terms = self._terms(merged.data, merged.reference) | old_references
            write_terms(conn, keep_id, terms)
            self._session.audit_case(conn, "client.merged", "client", f"{remove_id}:{keep_id}")
        return merged

    # -- safe contact ----------------------------------------------------------------------------

    @staticmethod
    def contact_prompt(record: ClientRecord) -> ContactPrompt:
        data = record.data
        number = {"phone": data.phone, "alt": data.phone_alt, "none": ""}.get(data.safe_phone, "")
        return ContactPrompt(
            number=number or None,
            voicemail_ok=bool(number) and data.voicemail_ok,
            letters_ok=data.letters_ok and bool(data.address and data.home_postcode),
            email=data.email if data.email_ok and data.email else None,
            work_contact_ok=data.work_contact_ok,
        )
