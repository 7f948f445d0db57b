"""CSV import of venues, organisations and clients (``supportline import``).

Files are UTF-8 (a byte-order mark is tolerated, as Excel writes one) with a header row. The first
three problems are reported as :class:`~supportline.errors.BadCsv` with a short ``detail`` code:
``encoding`` (not UTF-8), ``csv_format`` (not parseable as CSV), ``empty`` (no header),
``missing_header:<name>``, ``unknown_header:<name>`` and ``duplicate_header:<name>``.

Every row is then validated before anything is written. If any row is bad, nothing is imported
and :class:`~supportline.errors.ImportRejected` lists every problem as
``RowProblem(line, field, reason, value)``: ``line`` is the physical line in the file (the header
is line 1; a quoted value spanning several lines is reported at its first line) and ``reason`` a
code (``required``, ``postcode_format``, ``phone_format``, ``date_format``, ``email_format``,
``unknown_organisation``, ``duplicate_in_file``, ``already_exists``, ``bad_hours``,
``bad_coordinates``, ``bad_boolean`` ...). For client files ``value`` is always empty: a client's
personal data must not travel in error messages, logs or screenshots of them. For venues and
organisations the offending value is given. An ``unknown_organisation`` carries in
``suggestions`` the registered names nearest to the one written (registered names only, best
first, at most five; see :mod:`supportline.name_match`).

Good files are written in one transaction with one ``data.imported`` audit entry (record type
``venues``, ``organisations`` or ``clients``; record id the number of rows).

Existing records:

- venues are matched by ``code`` and updated (upsert): their details and opening hours are
  replaced; rooms named in the file are added or re-activated, rooms no longer named are
  deactivated (never deleted: appointments refer to them);
- organisations are matched by name, case-insensitively, and updated (upsert); a service
  agreement with the same service and start date is updated, otherwise one is added;
- clients are never updated: a client with the same name and date of birth as an existing client
  is refused (``already_exists``), and so is a second row for the same person in the file
  (``duplicate_in_file``).

Nothing read from a file is written anywhere but the encrypted store: no temporary files and no
logging of rows.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, CursorResult, func, select, update

from .audit import AuditAction
from .db import schema
from .errors import BadCsv, ImportRejected, RowProblem
from .name_match import NameMatcher
from .paths import read_regular_file
from .reference import KENT_DISTRICTS, SCHOOL_PHASES, BadHours, parse_hours
from .roles import Op
from .services.clients import fold, search_name, terms_for_values
from .session import Session
from .validation import (
    InvalidInput,
    normalise_email,
    normalise_name,
    normalise_phone,
    normalise_postcode,
    parse_uk_date,
)

CLIENT_HEADERS: tuple[str, ...] = (
    "first_name",
    "last_name",
    "date_of_birth",
    "phone",
    "email",
    "home_postcode",
    "work_postcode",
    "organisation",
    "job_role",
)
CLIENT_OPTIONAL_HEADERS: tuple[str, ...] = ("preferred_name", "gender", "phone_alt", "address")
VENUE_HEADERS: tuple[str, ...] = (
    "code",
    "name",
    "address",
    "town",
    "postcode",
    "district",
    "lat",
    "lon",
    "rooms",
    "step_free",
    "hearing_loop",
    "parking",
    "hours",
)
ORGANISATION_HEADERS: tuple[str, ...] = ("name", "group", "phase", "directorate")
ORGANISATION_OPTIONAL_HEADERS: tuple[str, ...] = (
    "services",
    "agreement_from",
    "agreement_to",
    "purchased_sessions",
)

CLIENT_GENDERS: tuple[str, ...] = ("female", "male", "non_binary", "other", "not_stated")
_GENDER_SPELLINGS = {
    "f": "female",
    "female": "female",
    "woman": "female",
    "m": "male",
    "male": "male",
    "man": "male",
    "non-binary": "non_binary",
    "non binary": "non_binary",
    "nonbinary": "non_binary",
    "non_binary": "non_binary",
    "other": "other",
    "not stated": "not_stated",
    "not_stated": "not_stated",
    "prefer not to say": "not_stated",
}
ORGANISATION_GROUPS: tuple[str, ...] = ("kcc", "school", "other")
SERVICES: tuple[str, ...] = ("counselling", "coaching", "mediation")
REFERENCE_PREFIX = "SL-"
_REFERENCE_RE = re.compile(r"SL-([0-9]+)")
_BOOLEANS = {
    "yes": True,
    "y": True,
    "true": True,
    "1": True,
    "no": False,
    "n": False,
    "false": False,
    "0": False,
}
# A generous box around Kent and Medway: a venue outside it is a typing mistake.
_LAT_RANGE = (50.7, 51.7)
_LON_RANGE = (-0.2, 1.7)
_VALUE_MAX = 80
_IN_CHUNK = 500


def fold_search_name(text: str) -> str:
    """The ``clients.search_name`` key, folded exactly as the client service folds it."""
    return " ".join(fold(text).split())


def client_search_name(first: str, last: str) -> str:
    return search_name(first, last)


@dataclass(frozen=True)
class ImportSummary:
    kind: str  # venues | organisations | clients
    created: int
    updated: int


# -- reading ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Row:
    line: int
    values: dict[str, str]


def _read(path: Path, required: tuple[str, ...], optional: tuple[str, ...] = ()) -> list[_Row]:
    """The data rows of a CSV file, with the physical line each starts on. Blank lines skipped."""
    try:
        text = read_regular_file(path).decode("utf-8-sig")
    except UnicodeDecodeError:
        raise BadCsv("encoding") from None
    if "\x00" in text:
        raise BadCsv("encoding")
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader, None)
        while header is not None and not any(cell.strip() for cell in header):
            header = next(reader, None)
        if header is None:
            raise BadCsv("empty")
        names = [cell.strip().lower() for cell in header]
        seen: set[str] = set()
        for name in names:
            if name in seen:
                raise BadCsv(f"duplicate_header:{name}")
            seen.add(name)
        for name in required:
            if name not in seen:
                raise BadCsv(f"missing_header:{name}")
        for name in names:
            if name not in required and name not in optional:
                raise BadCsv(f"unknown_header:{name}" if name else "unknown_header:")
        rows: list[_Row] = []
        line = reader.line_num + 1
        for cells in reader:
            start, line = line, reader.line_num + 1
            if not any(cell.strip() for cell in cells):
                continue
            if len(cells) != len(names):
                rows.append(_Row(start, {"": "column_count"}))
                continue
            values = {name: cell.strip() for name, cell in zip(names, cells, strict=True)}
            rows.append(_Row(start, values))
    except csv.Error:
        raise BadCsv("csv_format") from None
    return rows


class _Problems:
    def __init__(self, show_values: bool) -> None:
        self.items: list[RowProblem] = []
        self.show_values = show_values

    def add(
        self, line: int, field: str, reason: str, value: str = "", suggestions: Sequence[str] = ()
    ) -> None:
        shown = value[:_VALUE_MAX] if self.show_values else ""
        self.items.append(RowProblem(line, field, reason, shown, tuple(suggestions)))

    def check(self, line: int, field: str, value: str, parse: Callable[[str], Any]) -> Any:
        """``parse(value)``, or ``None`` with a problem recorded."""
        try:
            return parse(value)
        except InvalidInput as exc:
            self.add(line, field, exc.reason, value)
        except BadHours:
            self.add(line, field, "bad_hours", value)
        return None

    def raise_if_any(self) -> None:
        if self.items:
            raise ImportRejected(sorted(self.items, key=lambda p: (p.line, p.field)))


def _column_count_problems(rows: list[_Row], problems: _Problems) -> list[_Row]:
    good = []
    for row in rows:
        if "" in row.values:
            problems.add(row.line, "", "column_count")
        else:
            good.append(row)
    return good


def _required(problems: _Problems, row: _Row, field: str, max_length: int) -> str | None:
    value = row.values.get(field, "")
    if not value:
        problems.add(row.line, field, "required")
        return None
    if len(value) > max_length:
        problems.add(row.line, field, "too_long", value)
        return None
    return value


def _boolean(problems: _Problems, row: _Row, field: str) -> bool | None:
    value = row.values.get(field, "")
    if value.lower() not in _BOOLEANS:
        problems.add(row.line, field, "bad_boolean", value)
        return None
    return _BOOLEANS[value.lower()]


def _inserted_id(result: CursorResult[Any]) -> int:
    key = result.inserted_primary_key
    assert key is not None
    return int(key[0])


def _key(name: str) -> str:
    return " ".join(name.casefold().split())


def _chunks(values: list[Any], size: int = _IN_CHUNK) -> Iterable[list[Any]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


# -- venues -------------------------------------------------------------------------------------


def import_venues(session: Session, path: Path) -> ImportSummary:
    """Import or update venues (see the module docstring); headers :data:`VENUE_HEADERS`."""
    session.require(Op.IMPORT_VENUES)
    rows = _read(path, VENUE_HEADERS)
    problems = _Problems(show_values=True)
    rows = _column_count_problems(rows, problems)
    districts = {district.casefold(): district for district in KENT_DISTRICTS}
    parsed: list[tuple[_Row, dict[str, Any], list[str], dict[int, Any]]] = []
    first_line: dict[str, int] = {}
    for row in rows:
        values = row.values
        before = len(problems.items)
        code = _required(problems, row, "code", 16)
        if code is not None:
            if code.upper() in first_line:
                problems.add(row.line, "code", "duplicate_in_file", code)
            else:
                first_line[code.upper()] = row.line
        name = _required(problems, row, "name", 200)
        address = _required(problems, row, "address", 300)
        town = _required(problems, row, "town", 100)
        postcode = problems.check(row.line, "postcode", values["postcode"], normalise_postcode)
        district = districts.get(values["district"].casefold())
        if district is None:
            problems.add(
                row.line,
                "district",
                "required" if not values["district"] else "unknown_district",
                values["district"],
            )
        lat = lon = None
        try:
            lat, lon = float(values["lat"]), float(values["lon"])
        except ValueError:
            lat = lon = None
        if (
            lat is None
            or lon is None
            or not (_LAT_RANGE[0] <= lat <= _LAT_RANGE[1] and _LON_RANGE[0] <= lon <= _LON_RANGE[1])
        ):
            problems.add(row.line, "lat", "bad_coordinates", f"{values['lat']},{values['lon']}")
        rooms = [room.strip() for room in values["rooms"].split("|") if room.strip()]
        if not rooms:
            problems.add(row.line, "rooms", "required")
        elif len({room.casefold() for room in rooms}) != len(rooms):
            problems.add(row.line, "rooms", "duplicate_room", values["rooms"])
        elif any(len(room) > 100 for room in rooms):
            problems.add(row.line, "rooms", "too_long", values["rooms"])
        flags = {
            field: _boolean(problems, row, field)
            for field in ("step_free", "hearing_loop", "parking")
        }
        hours = problems.check(row.line, "hours", values["hours"], parse_hours)
        if len(problems.items) == before:
            record = {
                "code": code,
                "name": name,
                "address": address,
                "town": town,
                "postcode": postcode,
                "district": district,
                "lat": lat,
                "lon": lon,
                **flags,
            }
            parsed.append((row, record, rooms, hours))
    problems.raise_if_any()

    created = updated = 0
    with session.case_tx() as conn:
        existing = {
            code.upper(): venue_id
            for venue_id, code in conn.execute(select(schema.venues.c.id, schema.venues.c.code))
        }
        for _row, record, rooms, hours in parsed:
            venue_id = existing.get(record["code"].upper())
            if venue_id is None:
                inserted = conn.execute(schema.venues.insert().values(**record, active=True))
                venue_id = _inserted_id(inserted)
                created += 1
            else:
                conn.execute(
                    update(schema.venues)
                    .where(schema.venues.c.id == venue_id)
                    .values({k: v for k, v in record.items() if k != "code"})
                )
                conn.execute(
                    schema.venue_hours.delete().where(schema.venue_hours.c.venue_id == venue_id)
                )
                updated += 1
            conn.execute(
                schema.venue_hours.insert(),
                [
                    {"venue_id": venue_id, "weekday": day, "opens": span[0], "closes": span[1]}
                    for day, span in hours.items()
                ],
            )
            _sync_rooms(conn, venue_id, rooms)
        session.audit_case(conn, AuditAction.IMPORTED, "venues", len(parsed))
    return ImportSummary("venues", created, updated)


def _sync_rooms(conn: Connection, venue_id: int, names: list[str]) -> None:
    rooms = schema.rooms
    current = {
        name.casefold(): (room_id, active)
        for room_id, name, active in conn.execute(
            select(rooms.c.id, rooms.c.name, rooms.c.active).where(rooms.c.venue_id == venue_id)
        )
    }
    wanted = {name.casefold() for name in names}
    for name in names:
        found = current.get(name.casefold())
        if found is None:
            conn.execute(rooms.insert().values(venue_id=venue_id, name=name, active=True))
        elif not found[1]:
            conn.execute(update(rooms).where(rooms.c.id == found[0]).values(active=True))
    for folded, (room_id, active) in current.items():
        if folded not in wanted and active:
            conn.execute(update(rooms).where(rooms.c.id == room_id).values(active=False))


# -- organisations ------------------------------------------------------------------------------


def import_organisations(session: Session, path: Path) -> ImportSummary:
    """Import or update organisations and their service agreements; see the module docstring."""
    session.require(Op.IMPORT_ORGANISATIONS)
    rows = _read(path, ORGANISATION_HEADERS, ORGANISATION_OPTIONAL_HEADERS)
    problems = _Problems(show_values=True)
    rows = _column_count_problems(rows, problems)
    parsed: list[tuple[dict[str, Any], list[tuple[str, date, date | None, int | None]]]] = []
    first_line: dict[str, int] = {}
    for row in rows:
        values = row.values
        before = len(problems.items)
        name = _required(problems, row, "name", 200)
        if name is not None:
            name = " ".join(name.split())
            if _key(name) in first_line:
                problems.add(row.line, "name", "duplicate_in_file", name)
            else:
                first_line[_key(name)] = row.line
        group = values["group"].lower()
        if group not in ORGANISATION_GROUPS:
            reason = "required" if not group else "bad_group"
            problems.add(row.line, "group", reason, values["group"])
        phase = values["phase"].lower().replace(" ", "_").replace("-", "_") or None
        if group == "school":
            if phase is None:
                problems.add(row.line, "phase", "required")
            elif phase not in SCHOOL_PHASES:
                problems.add(row.line, "phase", "bad_phase", values["phase"])
        elif phase is not None:
            problems.add(row.line, "phase", "not_applicable", values["phase"])
        directorate = values["directorate"] or None
        if group == "kcc" and directorate is None:
            problems.add(row.line, "directorate", "required")
        elif group != "kcc" and directorate is not None:
            problems.add(row.line, "directorate", "not_applicable", values["directorate"])
        elif directorate is not None and len(directorate) > 200:
            problems.add(row.line, "directorate", "too_long", directorate)
        agreements = _agreements(problems, row)
        if len(problems.items) == before:
            record = {"name": name, "org_group": group, "phase": phase, "directorate": directorate}
            parsed.append((record, agreements))
    problems.raise_if_any()

    organisations, service_agreements = schema.organisations, schema.service_agreements
    created = updated = 0
    with session.case_tx() as conn:
        existing = {
            _key(name): org_id
            for org_id, name in conn.execute(select(organisations.c.id, organisations.c.name))
        }
        for record, agreements in parsed:
            org_id = existing.get(_key(str(record["name"])))
            if org_id is None:
                inserted = conn.execute(organisations.insert().values(**record, active=True))
                org_id = _inserted_id(inserted)
                created += 1
            else:
                conn.execute(
                    update(organisations).where(organisations.c.id == org_id).values(record)
                )
                updated += 1
            for service, starts_on, ends_on, purchased in agreements:
                same = conn.execute(
                    select(service_agreements.c.id).where(
                        service_agreements.c.organisation_id == org_id,
                        service_agreements.c.service == service,
                        service_agreements.c.starts_on == starts_on,
                    )
                ).first()
                changes: dict[str, Any] = {"ends_on": ends_on, "purchased_sessions": purchased}
                if same is None:
                    conn.execute(
                        service_agreements.insert().values(
                            organisation_id=org_id, service=service, starts_on=starts_on, **changes
                        )
                    )
                else:
                    conn.execute(
                        update(service_agreements)
                        .where(service_agreements.c.id == same[0])
                        .values(changes)
                    )
        session.audit_case(conn, AuditAction.IMPORTED, "organisations", len(parsed))
    return ImportSummary("organisations", created, updated)


def _agreements(problems: _Problems, row: _Row) -> list[tuple[str, date, date | None, int | None]]:
    values = row.values
    services_text = values.get("services", "")
    from_text = values.get("agreement_from", "")
    to_text = values.get("agreement_to", "")
    sessions_text = values.get("purchased_sessions", "")
    if not services_text:
        if from_text or to_text or sessions_text:
            problems.add(row.line, "services", "required")
        return []
    services = [part.strip().lower() for part in services_text.split("|") if part.strip()]
    if not services or any(service not in SERVICES for service in services):
        problems.add(row.line, "services", "bad_service", services_text)
        return []
    if len(set(services)) != len(services):
        problems.add(row.line, "services", "duplicate_service", services_text)
        return []
    starts_on = problems.check(
        row.line,
        "agreement_from",
        from_text,
        lambda text: parse_uk_date(text, field="agreement_from"),
    )
    ends_on = None
    if to_text:
        ends_on = problems.check(
            row.line,
            "agreement_to",
            to_text,
            lambda text: parse_uk_date(text, field="agreement_to"),
        )
        if starts_on is not None and ends_on is not None and ends_on < starts_on:
            problems.add(row.line, "agreement_to", "date_order", to_text)
    purchased = None
    if sessions_text:
        if not (sessions_text.isascii() and sessions_text.isdigit()) or len(sessions_text) > 6:
            problems.add(row.line, "purchased_sessions", "bad_number", sessions_text)
        else:
            purchased = int(sessions_text)
    if starts_on is None:
        return []
    return [(service, starts_on, ends_on, purchased) for service in services]


# -- clients ------------------------------------------------------------------------------------


def import_clients(session: Session, path: Path, today: date | None = None) -> ImportSummary:
    """Import new clients; headers :data:`CLIENT_HEADERS` (+ :data:`CLIENT_OPTIONAL_HEADERS`).

    Contact preferences start at the most cautious setting (no voicemail, letters, e-mail or work
    contact; ``safe_phone`` is the main phone) until someone asks the client.
    """
    session.require(Op.IMPORT_CLIENTS)
    rows = _read(path, CLIENT_HEADERS, CLIENT_OPTIONAL_HEADERS)
    # Client data never appears in problems: only line, field and reason.
    problems = _Problems(show_values=False)
    rows = _column_count_problems(rows, problems)
    with session.case.connect() as conn:
        registered = conn.execute(
            select(schema.organisations.c.id, schema.organisations.c.name)
        ).all()
    organisations = {_key(name): org_id for org_id, name in registered}
    nearest = _NearestOrganisations([name for _, name in registered])
    parsed: list[tuple[int, dict[str, Any]]] = []
    first_line: dict[tuple[str, date], int] = {}
    for row in rows:
        values = row.values
        line = row.line
        before = len(problems.items)

        def optional(
            field: str,
            parse: Callable[[str], Any],
            line: int = line,
            values: dict[str, str] = values,
        ) -> Any:
            text = values.get(field, "")
            return problems.check(line, field, text, parse) if text else None

        first = problems.check(
            line,
            "first_name",
            values["first_name"],
            lambda t: normalise_name(t, field="first_name"),
        )
        last = problems.check(
            line, "last_name", values["last_name"], lambda t: normalise_name(t, field="last_name")
        )
        preferred = optional("preferred_name", lambda t: normalise_name(t, field="preferred_name"))
        born = problems.check(
            line,
            "date_of_birth",
            values["date_of_birth"],
            lambda t: parse_uk_date(t, allow_future=False, today=today, field="date_of_birth"),
        )
        phone = optional("phone", normalise_phone)
        phone_alt = optional("phone_alt", lambda t: normalise_phone(t, field="phone_alt"))
        email = optional("email", normalise_email)
        if not values["phone"] and not values["email"]:
            problems.add(line, "phone", "phone_or_email_required")
        if email is not None and len(email) > 200:
            problems.add(line, "email", "too_long")
        home = problems.check(
            line,
            "home_postcode",
            values["home_postcode"],
            lambda t: normalise_postcode(t, field="home_postcode"),
        )
        work = optional("work_postcode", lambda t: normalise_postcode(t, field="work_postcode"))
        org_id = None
        if not values["organisation"]:
            problems.add(line, "organisation", "required")
        else:
            org_id = organisations.get(_key(values["organisation"]))
            if org_id is None:
                problems.add(
                    line,
                    "organisation",
                    "unknown_organisation",
                    suggestions=nearest(values["organisation"]),
                )
        job_role = _required(problems, row, "job_role", 100)
        gender = None
        if values.get("gender"):
            gender = _GENDER_SPELLINGS.get(_key(values["gender"]))
            if gender is None:
                problems.add(line, "gender", "bad_gender")
        address = " ".join(values.get("address", "").split()) or None
        if address is not None and len(address) > 300:
            problems.add(line, "address", "too_long")
        if first is not None and last is not None and born is not None:
            identity = (fold_search_name(f"{first} {last}"), born)
            if identity in first_line:
                problems.add(line, "first_name", "duplicate_in_file")
            else:
                first_line[identity] = line
        if len(problems.items) == before:
            parsed.append(
                (
                    line,
                    {
                        "first_name": first,
                        "last_name": last,
                        "preferred_name": preferred,
                        "search_name": client_search_name(first, last),
                        "date_of_birth": born,
                        "gender": gender,
                        "phone": phone,
                        "phone_alt": phone_alt,
                        "email": email,
                        "address": address,
                        "home_postcode": home,
                        "work_postcode": work,
                        "organisation_id": org_id,
                        "job_role": job_role,
                        # The most cautious contact preferences until the client says otherwise.
                        "safe_phone": "phone" if phone else "none",
                        "voicemail_ok": False,
                        "letters_ok": False,
                        "email_ok": False,
                        "work_contact_ok": False,
                    },
                )
            )
    with session.case.connect() as conn:
        for line in _already_known(conn, first_line):
            problems.add(line, "first_name", "already_exists")
    problems.raise_if_any()

    clients = schema.clients
    with session.case_tx() as conn:
        # Ids are assigned here (the write lock is held) so search terms need no round-trips.
        client_id = conn.execute(select(func.max(clients.c.id))).scalar() or 0
        number = _last_reference_number(conn)
        now = session.clock()
        records = []
        terms: list[dict[str, Any]] = []
        for _line, record in parsed:
            number += 1
            client_id += 1
            records.append(
                {
                    **record,
                    "id": client_id,
                    "reference": f"{REFERENCE_PREFIX}{number:06d}",
                    "created_at": now,
                }
            )
            terms.extend(
                {"client_id": client_id, "term": term}
                for term in sorted(terms_for_values(records[-1]))
            )
        for chunk in _chunks(records, 5_000):
            conn.execute(clients.insert(), chunk)
        for chunk in _chunks(terms, 5_000):
            conn.execute(schema.client_search_terms.insert(), chunk)
        session.audit_case(conn, AuditAction.IMPORTED, "clients", len(records))
    return ImportSummary("clients", len(records), 0)


class _NearestOrganisations:
    """Registered names like an unknown one; the matcher is built only if a name is unknown."""

    def __init__(self, names: list[str]) -> None:
        self._names = names
        self._matcher: NameMatcher | None = None
        self._found: dict[str, tuple[str, ...]] = {}

    def __call__(self, typed: str) -> tuple[str, ...]:
        key = _key(typed)
        if key not in self._found:
            if self._matcher is None:
                self._matcher = NameMatcher(self._names)
            self._found[key] = tuple(self._matcher.nearest(typed))
        return self._found[key]


def _already_known(conn: Connection, identities: dict[tuple[str, date], int]) -> list[int]:
    """Lines whose folded name and date of birth match a client already in the store."""
    clients = schema.clients
    lines = []
    births = sorted({born for _, born in identities})
    for chunk in _chunks(births):
        for first, last, born in conn.execute(
            select(clients.c.first_name, clients.c.last_name, clients.c.date_of_birth).where(
                clients.c.date_of_birth.in_(chunk)
            )
        ):
            line = identities.get((fold_search_name(f"{first} {last}"), born))
            if line is not None:
                lines.append(line)
    return lines


def _last_reference_number(conn: Connection) -> int:
    clients = schema.clients
    # Longest first, then greatest: "SL-1000000" follows "SL-999999".
    row = conn.execute(
        select(clients.c.reference)
        .where(clients.c.reference.like(f"{REFERENCE_PREFIX}%"))
        .order_by(func.length(clients.c.reference).desc(), clients.c.reference.desc())
        .limit(1)
    ).first()
    if row is None:
        return 0
    match = _REFERENCE_RE.fullmatch(row[0])
    return int(match.group(1)) if match else 0
