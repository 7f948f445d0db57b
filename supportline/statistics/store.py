"""Counting drained records into stats.db: counts, not people (issue 11).

The case side already coarsens what it seals; this side checks again and replaces anything that
is not one of the allowed categories by "other", so no free text, date or identifier can reach a
statistics table through a record. Each record is then folded into the catalogue cells it
contributes to (``stat_counts``: a count and the sum of the records' secret random keys per table,
quarter, row and column) and discarded. Records for a frozen (released) quarter go to the next
open quarter instead: released figures never change.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import secrets
from collections.abc import Mapping
from functools import cache
from typing import Any

from sqlalchemy import Connection, delete, insert, inspect, select, text
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from .. import crypto
from ..db import schema
from .cells import KEY_MODULUS
from .disclosure import TOTAL
from .redact import redact

QUARTER = re.compile(r"^(\d{4})Q([1-4])$")
TOKEN = re.compile(r"^[a-z0-9_<=+\-]{1,48}$")
MAX_COMMENT = 2000
EMAIL_OR_DATE = re.compile(r"@|\d{1,4}[/.\-]\d{1,2}[/.\-]\d{1,4}")


def stored_comment(text: str) -> str:
    """The comment exactly as stats.db keeps it: spacing collapsed, identifying details out."""
    return redact(" ".join(text.split()))[:MAX_COMMENT]


class RecordRejected(ValueError):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def next_quarter(quarter: str) -> str:
    match = QUARTER.match(quarter)
    if not match:
        raise RecordRejected("bad_quarter")
    year, q = int(match.group(1)), int(match.group(2))
    return f"{year + 1}Q1" if q == 4 else f"{year}Q{q + 1}"


def open_quarter(conn: Connection, quarter: str) -> str:
    frozen = set(conn.execute(select(schema.frozen_quarters.c.quarter)).scalars())
    while quarter in frozen:
        quarter = next_quarter(quarter)
    return quarter


COUNT_BANDS = ("0", "1", "2-3", "4-6", "7+")


@cache
def _allowed() -> dict[tuple[str, str], frozenset[str]]:
    """Every category each field of each kind of record may hold. Checked against full lists:
    a pattern would let a surname, a date or a case reference through as if it were a code."""
    from ..measures import Outcome, builtin_measures
    from ..reference import ISSUE_CATEGORIES, JOB_FAMILIES, KENT_DISTRICTS, SCHOOL_PHASES
    from ..services.cases import ROUTES, SERVICES, URGENCIES
    from ..services.clinical import ENDINGS
    from ..services.intake import CHANNELS, DIRECTIONS, OUTCOMES, PURPOSES, SIGNPOSTS
    from .catalogue import SESSION_STATUSES, WAIT_BANDS
    from .coarsen import AGE_BANDS, GENDER_GROUPS

    bands = {band.label for m in builtin_measures().values() for band in m.bands}
    common = {
        "service": SERVICES,
        "referral_route": ROUTES,
        "urgency": URGENCIES,
        "org_group": (
            "kcc_directorate",
            "other_employer",
            "school_unknown",
            *(f"school_{phase}" for phase in SCHOOL_PHASES),
        ),
        "role_family": (*JOB_FAMILIES, "not_stated"),
        "age_band": AGE_BANDS,
        "gender": GENDER_GROUPS,
        "district": (*KENT_DISTRICTS, "outside_kent", "not_seen"),
    }
    by_kind: dict[str, dict[str, tuple[str, ...] | set[str]]] = {
        "referral": {**common, "issue_category": ISSUE_CATEGORIES},
        "session": {
            **common,
            "kind": ("assessment", "session"),
            "status": SESSION_STATUSES,
        },
        "activity": {
            **common,
            "waiting_band": WAIT_BANDS,
            "sessions_attended": COUNT_BANDS,
            "sessions_dna": COUNT_BANDS,
            "sessions_cancelled": COUNT_BANDS,
            "ending": ENDINGS,
            "outcome": tuple(o.value for o in Outcome),
            # Without this list every case's "yes" became "other": outcomes_at_caseness was empty.
            "caseness_start": ("yes", "no", "not_measured"),
            **{name: bands for name in ("first_phq9", "last_phq9", "first_gad7", "last_gad7")},
        },
        "contact": {
            "direction": DIRECTIONS,
            "channel": CHANNELS,
            "purpose": PURPOSES,
            "outcome": OUTCOMES,
            "signposted_to": SIGNPOSTS,
            "became_client": ("yes", "no"),
        },
    }
    return {
        (kind, name): frozenset(values)
        for kind, fields in by_kind.items()
        for name, values in fields.items()
    }


def _token(value: Any, field: str = "", kind: str | None = None) -> str:
    """The field's category, "not_stated" when empty, or "other" for anything that is not one
    of its categories. Without ``kind`` (callers writing values read from case.db's own
    constrained columns), a field known under any kind is checked against those lists and any
    other value must at least look like a code."""
    if value is None or value == "":
        return "not_stated"
    if isinstance(value, bool):
        value = "yes" if value else "no"
    lists = _allowed()
    if kind is not None:
        allowed = lists.get((kind, field), frozenset())
    else:
        allowed = frozenset().union(*(v for (_, name), v in lists.items() if name == field))
    if str(value) in allowed:
        return str(value)
    text = str(value).strip().lower()
    if text in allowed:
        return text
    return text if kind is None and not allowed and TOKEN.match(text) else "other"


def _organisation(value: Any) -> str:
    # Organisation names are published only in the per-organisation usage report, under the
    # same disclosure control; keep them to printable text of bounded length.
    text = " ".join(str(value or "").split())[:120]
    if EMAIL_OR_DATE.search(text):
        return "other"  # an organisation's name is never an address or a date
    return text or "not_stated"


def pair_key(stats_key: bytes, code: str) -> str:
    normalised = code.replace("-", "").replace(" ", "").upper()
    key = crypto.hkdf(stats_key, b"supportline-pair-key-v1")
    return hmac.new(key, normalised.encode(), hashlib.sha256).hexdigest()


# The fields each kind of record is counted by, as the case side seals them. Activity records
# carry their PHQ-9 and GAD-7 bands apart, under "bands".
RECORD_FIELDS: dict[str, tuple[str, ...]] = {
    "referral": (
        "service",
        "referral_route",
        "urgency",
        "org_group",
        "role_family",
        "age_band",
        "gender",
        "district",
    ),
    "session": ("service", "kind", "status", "district", "org_group"),
    "activity": (
        "service",
        "referral_route",
        "age_band",
        "gender",
        "role_family",
        "org_group",
        "district",
        "waiting_band",
        "sessions_attended",
        "sessions_dna",
        "sessions_cancelled",
        "ending",
        "outcome",
        "caseness_start",
    ),
    "contact": ("direction", "channel", "purpose", "outcome", "signposted_to", "became_client"),
}
BANDS = {
    "first_phq9": "first_PHQ-9",
    "last_phq9": "last_PHQ-9",
    "first_gad7": "first_GAD-7",
    "last_gad7": "last_GAD-7",
}
# Not catalogue tables. First and last forms paired, counted in the quarter of the second; and
# the organisation groups of the organisations named in referrals and sessions (for joint
# protection, statistics/families.py: the public organisation list says each one's group).
EVALUATION_PAIRS = "evaluation_pairs"
PAIRED = "paired"
ORGANISATION_GROUPS = "organisation_groups"


def record_of(kind: str, payload: Mapping[str, Any]) -> dict[str, Any]:
    """The record as the store counts it: each field one of its categories (or "other"), the
    organisation's name checked, a referral's issue categories as a sorted set."""
    if kind not in RECORD_FIELDS:
        raise RecordRejected("unknown_kind")
    record: dict[str, Any] = {
        name: _token(payload.get(name), name, kind) for name in RECORD_FIELDS[kind]
    }
    if kind in ("referral", "session"):
        record["organisation"] = _organisation(payload.get("organisation"))
    if kind == "referral":
        record["issue_categories"] = sorted(
            {_token(c, "issue_category", kind) for c in payload.get("issue_categories", [])}
        )
    if kind == "activity":
        bands = payload.get("bands", {}) or {}
        for name, measure in BANDS.items():
            record[name] = _token(bands.get(measure), name, kind)
    return record


@cache
def _tables_counting(kind: str) -> tuple[Any, ...]:
    from .catalogue import CATALOGUE

    sources = {"referral": ("referral", "referral_issue")}.get(kind, (kind,))
    return tuple(t for t in CATALOGUE.values() if t.source in sources)


def contributions(kind: str, record: Mapping[str, Any]) -> list[tuple[str, str, str]]:
    """Every catalogue cell, as (table, row, column), the record is counted in: its row and
    column fields, for each table whose ``where`` it meets. An evaluation record is
    ``{"form": ..., "answers": {question: value}}``, counted once per answer."""
    cells = []
    if kind in ("referral", "session"):
        cells.append((ORGANISATION_GROUPS, str(record["organisation"]), str(record["org_group"])))
    for table in _tables_counting(kind):
        if any(record.get(field) != value for field, value in table.where):
            continue
        if table.source == "referral_issue":
            cells += [(table.code, category, TOTAL) for category in record["issue_categories"]]
        elif table.source == "evaluation":
            cells += [(table.code, q, str(v)) for q, v in sorted(record["answers"].items())]
        else:
            column = TOTAL if table.col_field is None else str(record[table.col_field])
            cells.append((table.code, str(record[table.row_field]), column))
    return cells


class CountBatch:
    """Additions to ``stat_counts``: for each cell, the records counted and their keys' sum."""

    def __init__(self) -> None:
        self._cells: dict[tuple[str, str, str, str], list[int]] = {}

    def add(self, quarter: str, cells: list[tuple[str, str, str]], key: int) -> None:
        """Count one record, whose secret key is ``key``, in each of ``cells``."""
        for table, row, column in cells:
            cell = self._cells.setdefault((table, quarter, row, column), [0, 0])
            cell[0] += 1
            cell[1] = (cell[1] + key) % KEY_MODULUS

    def write(self, conn: Connection) -> None:
        if not self._cells:
            return
        c = schema.stat_counts.c
        stmt = sqlite_insert(schema.stat_counts)
        stmt = stmt.on_conflict_do_update(
            index_elements=[c.table_code, c.quarter, c.row, c.column],
            set_={
                "n": c.n + stmt.excluded.n,
                "key_sum": (c.key_sum + stmt.excluded.key_sum) % KEY_MODULUS,
            },
        )
        rows = [
            {"table_code": t, "quarter": q, "row": r, "column": col, "n": n, "key_sum": k}
            for (t, q, r, col), (n, k) in sorted(self._cells.items())
        ]
        for start in range(0, len(rows), 10_000):
            conn.execute(stmt, rows[start : start + 10_000])
        self._cells.clear()


def ingest(
    conn: Connection, kind: str, quarter: str, payload: Mapping[str, Any], stats_key: bytes
) -> None:
    """Count one drained record into stats.db and keep nothing else of it; raises
    :class:`RecordRejected` for a bad or duplicate one."""
    if not QUARTER.match(quarter):
        raise RecordRejected("bad_quarter")
    batch = CountBatch()
    fold(conn, batch, kind, open_quarter(conn, quarter), payload, stats_key, secrets.randbits(32))
    batch.write(conn)


def fold(
    conn: Connection,
    batch: CountBatch,
    kind: str,
    quarter: str,
    payload: Mapping[str, Any],
    stats_key: bytes,
    key: int,
) -> None:
    """Add one record, whose secret random key is ``key``, to ``batch`` in ``quarter`` (an open
    one): the one way records become counts, for ingest() and the demo alike."""
    if kind == "evaluation":
        _fold_form(conn, batch, quarter, payload, stats_key, key)
        return
    batch.add(quarter, contributions(kind, record_of(kind, payload)), key)


def _form_key(pair: str, form: str) -> str:
    return hashlib.sha256(f"{form}:{pair}".encode()).hexdigest()


def _fold_form(
    conn: Connection,
    batch: CountBatch,
    quarter: str,
    payload: Mapping[str, Any],
    stats_key: bytes,
    key: int,
) -> None:
    form = payload.get("form")
    code = str(payload.get("pair_code", ""))
    if form not in ("first", "last") or not code:
        raise RecordRejected("bad_evaluation")
    pair = pair_key(stats_key, code)
    seen = _form_key(pair, str(form))
    s = schema.stat_forms_seen.c
    if conn.execute(select(s.form_key).where(s.form_key == seen)).first():
        raise RecordRejected("duplicate_form")
    conn.execute(insert(schema.stat_forms_seen).values(form_key=seen))
    from .evaluation_questions import question_codes

    known = question_codes(form)
    # Only the form's own questions: any other key would become a row of a published table,
    # whatever text it carried.
    answers = {
        str(question): value
        for question, value in sorted((payload.get("answers", {}) or {}).items())
        if type(value) is int and 1 <= value <= 5 and str(question) in known
    }
    batch.add(quarter, contributions("evaluation", {"form": form, "answers": answers}), key)
    p = schema.stat_pending_forms.c
    other = conn.execute(select(p.form).where(p.pair_key == pair)).scalar()
    if other is None:
        conn.execute(
            insert(schema.stat_pending_forms).values(
                pair_key=pair, form=form, quarter=quarter, answers=json.dumps(answers)
            )
        )
    else:
        # Both forms are in: the pair is counted and the waiting form's answers go.
        conn.execute(delete(schema.stat_pending_forms).where(p.pair_key == pair))
        batch.add(quarter, [(EVALUATION_PAIRS, PAIRED, TOTAL)], key)
    # Again here: a record sealed by an older client was never redacted at entry.
    comment = stored_comment(str(payload.get("comment") or ""))
    if comment:
        # Kept apart and unlinked from the answers, for the manager to read; never exported. A
        # random id, so neither the id nor the row order tells which form a comment came with.
        conn.execute(
            insert(schema.evaluation_comments).values(
                id=secrets.randbits(62), quarter=quarter, form=form, text=comment
            )
        )


# Fields that, together, can single a person out of person-level records.
QUASI_IDENTIFIERS = (
    "quarter",
    "age_band",
    "gender",
    "role_family",
    "org_group",
    "organisation",
    "district",
    "service",
    "referral_route",
)


def record_uniqueness(conn: Connection) -> float | None:
    """The share of person-level records in stats.db that no other record shares on all their
    quasi-identifiers (issue 11 measured 98.7% on the old store), or ``None`` when stats.db
    holds no person-level records: no table with a row per record carrying any of them."""
    records = unique = 0
    for table in sorted(inspect(conn).get_table_names()):
        columns = {c["name"] for c in inspect(conn).get_columns(table)}
        named = [q for q in QUASI_IDENTIFIERS if q in columns]
        if not named or named == ["quarter"] or table == schema.stat_counts.name:
            continue
        fields = ", ".join(f'"{name}"' for name in named)
        total = conn.execute(text(f'SELECT count(*) FROM "{table}"')).scalar_one()
        alone = conn.execute(
            text(
                f'SELECT count(*) FROM (SELECT 1 FROM "{table}" GROUP BY {fields} '
                "HAVING count(*) = 1)"
            )
        ).scalar_one()
        records += int(total)
        unique += int(alone)
    return unique / records if records else None


def payload_of(body: bytes) -> tuple[str, str, dict[str, Any]]:
    data = json.loads(body)
    return str(data["kind"]), str(data["quarter"]), dict(data["payload"])
