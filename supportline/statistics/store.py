"""Writing drained records into stats.db's normalised tables.

The case side already coarsens what it seals; this side checks again and replaces anything that
is not one of the allowed categories by "other", so no free text, date or identifier can reach a
statistics table through a record. Records for a frozen (released) quarter go to the next open
quarter instead: released figures never change.
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

from sqlalchemy import Connection, insert, select

from .. import crypto
from ..db import schema
from ..db.engine import inserted_id
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


def ingest(
    conn: Connection, kind: str, quarter: str, payload: Mapping[str, Any], stats_key: bytes
) -> None:
    """Insert one drained record; raises :class:`RecordRejected` for a bad or duplicate one."""
    if not QUARTER.match(quarter):
        raise RecordRejected("bad_quarter")
    quarter = open_quarter(conn, quarter)
    if kind == "referral":
        referral_id = inserted_id(
            conn.execute(
                insert(schema.stat_referrals).values(
                    quarter=quarter,
                    cell_key=secrets.randbits(32),
                    organisation=_organisation(payload.get("organisation")),
                    **{
                        name: _token(payload.get(name), name, kind)
                        for name in (
                            "service",
                            "referral_route",
                            "urgency",
                            "org_group",
                            "role_family",
                            "age_band",
                            "gender",
                            "district",
                        )
                    },
                )
            )
        )
        categories = sorted(
            {_token(c, "issue_category", kind) for c in payload.get("issue_categories", [])}
        )
        if categories:
            conn.execute(
                insert(schema.stat_referral_issues),
                [
                    {"referral_id": referral_id, "category": c, "cell_key": secrets.randbits(32)}
                    for c in categories
                ],
            )
    elif kind == "session":
        conn.execute(
            insert(schema.stat_sessions).values(
                quarter=quarter,
                cell_key=secrets.randbits(32),
                organisation=_organisation(payload.get("organisation")),
                **{
                    name: _token(payload.get(name), name, kind)
                    for name in ("service", "kind", "status", "district", "org_group")
                },
            )
        )
    elif kind == "activity":
        bands = payload.get("bands", {}) or {}
        conn.execute(
            insert(schema.stat_activity).values(
                quarter=quarter,
                cell_key=secrets.randbits(32),
                first_phq9=_token(bands.get("first_PHQ-9"), "first_phq9", kind),
                last_phq9=_token(bands.get("last_PHQ-9"), "last_phq9", kind),
                first_gad7=_token(bands.get("first_GAD-7"), "first_gad7", kind),
                last_gad7=_token(bands.get("last_GAD-7"), "last_gad7", kind),
                **{
                    name: _token(payload.get(name), name, kind)
                    for name in (
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
                    )
                },
            )
        )
    elif kind == "contact":
        conn.execute(
            insert(schema.stat_contacts).values(
                quarter=quarter,
                cell_key=secrets.randbits(32),
                **{
                    name: _token(payload.get(name), name, kind)
                    for name in (
                        "direction",
                        "channel",
                        "purpose",
                        "outcome",
                        "signposted_to",
                        "became_client",
                    )
                },
            )
        )
    elif kind == "evaluation":
        form = payload.get("form")
        code = str(payload.get("pair_code", ""))
        if form not in ("first", "last") or not code:
            raise RecordRejected("bad_evaluation")
        key = pair_key(stats_key, code)
        taken = conn.execute(
            select(schema.stat_evaluation_forms.c.id).where(
                schema.stat_evaluation_forms.c.pair_key == key,
                schema.stat_evaluation_forms.c.form == form,
            )
        ).first()
        if taken:
            raise RecordRejected("duplicate_form")
        form_id = inserted_id(
            conn.execute(
                insert(schema.stat_evaluation_forms).values(
                    quarter=quarter, form=form, pair_key=key
                )
            )
        )
        from .evaluation_questions import question_codes

        answers = payload.get("answers", {}) or {}
        known = question_codes(form)
        rows = []
        for question, value in sorted(answers.items()):
            # Only the form's own questions: any other key would become a row of a published
            # table, whatever text it carried.
            if type(value) is int and 1 <= value <= 5 and str(question) in known:
                rows.append(
                    {
                        "form_id": form_id,
                        "question": str(question),
                        "value": value,
                        "cell_key": secrets.randbits(32),
                    }
                )
        if rows:
            conn.execute(insert(schema.stat_evaluation_answers), rows)
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
    else:
        raise RecordRejected("unknown_kind")


def payload_of(body: bytes) -> tuple[str, str, dict[str, Any]]:
    data = json.loads(body)
    return str(data["kind"]), str(data["quarter"]), dict(data["payload"])
