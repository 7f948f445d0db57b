"""counts, not people: stats.db keeps the catalogue's counts and no record of anyone

Revision ID: stats_0007
Revises: stats_0006
Create Date: 2026-12-02 17:00:00

Issue 11 point 6: stats.db held one row per referral, session, closed case, contact and form,
98.7% of them unique on their quasi-identifiers. Every stored record is folded here into
``stat_counts`` (table, quarter, row, column: count and the sum of the records' cell keys), by the
catalogue's definitions as they stand at this revision, and the person-level tables are dropped.
A first or last form still waiting for the other form of its pair keeps only its answers, form and
quarter (``stat_pending_forms``); each form taken leaves an opaque hash (``stat_forms_seen``) so a
form sent again is still refused.

The downgrade recreates the person-level tables empty: the records are gone for good.
"""

from __future__ import annotations

import hashlib
import json
import secrets

import sqlalchemy as sa
from alembic import op

revision = "stats_0007"
down_revision = "stats_0006"
branch_labels = None
depends_on = None

MODULUS = 2**32
TOTAL = "Total"
# (table code, source table, row field, column field or None, where), as catalogue.py defines
# them at this revision; the migration keeps its own copy, so later catalogue changes do not
# change what it did.
DEFINITIONS: tuple[tuple[str, str, str, str | None, tuple[tuple[str, str], ...]], ...] = (
    ("referrals_by_org_group", "stat_referrals", "org_group", "service", ()),
    ("referrals_by_role_family", "stat_referrals", "role_family", "service", ()),
    ("referrals_by_age_gender", "stat_referrals", "age_band", "gender", ()),
    ("referrals_by_district", "stat_referrals", "district", "service", ()),
    ("referrals_by_route", "stat_referrals", "referral_route", None, ()),
    ("sessions_by_status", "stat_sessions", "service", "status", ()),
    ("waiting_time", "stat_activity", "waiting_band", "service", ()),
    ("endings", "stat_activity", "ending", "service", ()),
    ("outcomes", "stat_activity", "outcome", None, (("service", "counselling"),)),
    (
        "outcomes_at_caseness",
        "stat_activity",
        "outcome",
        None,
        (("service", "counselling"), ("caseness_start", "yes")),
    ),
    ("contacts_by_outcome", "stat_contacts", "outcome", "channel", ()),
    ("usage_by_organisation", "stat_referrals", "organisation", "service", ()),
    ("sessions_by_organisation", "stat_sessions", "organisation", "status", ()),
)
PERSON_TABLES = (
    "stat_referral_issues",
    "stat_evaluation_answers",
    "stat_evaluation_forms",
    "stat_referrals",
    "stat_sessions",
    "stat_activity",
    "stat_contacts",
    "stat_records",
)


def _create_new_tables() -> None:
    op.create_table(
        "stat_counts",
        sa.Column("table_code", sa.String(length=48), nullable=False),
        sa.Column("quarter", sa.String(length=7), nullable=False),
        sa.Column("row", sa.String(length=128), nullable=False),
        sa.Column("column", sa.String(length=48), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.Column("key_sum", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint(
            "table_code", "quarter", "row", "column", name=op.f("pk_stat_counts")
        ),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "stat_pending_forms",
        sa.Column("pair_key", sa.String(length=64), nullable=False),
        sa.Column("form", sa.String(length=8), nullable=False),
        sa.Column("quarter", sa.String(length=7), nullable=False),
        sa.Column("answers", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("pair_key", name=op.f("pk_stat_pending_forms")),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "stat_forms_seen",
        sa.Column("form_key", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("form_key", name=op.f("pk_stat_forms_seen")),
        sqlite_with_rowid=False,
    )


def _fold_counts(conn: sa.Connection) -> None:
    insert = 'INSERT INTO stat_counts (table_code, quarter, "row", "column", n, key_sum) '
    for code, source, row, column, where in DEFINITIONS:
        column_sql = f"CAST({column} AS TEXT)" if column else f"'{TOTAL}'"
        group = f"quarter, {row}" + (f", {column}" if column else "")
        conditions = "".join(f" AND {field} = :{field}" for field, _ in where)
        conn.execute(
            sa.text(
                f"{insert} SELECT :code, quarter, CAST({row} AS TEXT), {column_sql}, count(*), "
                f"sum(cell_key) % {MODULUS} FROM {source} WHERE 1 = 1{conditions} "
                f"GROUP BY {group}"
            ),
            {"code": code, **dict(where)},
        )
    # The organisation groups of the organisations named (statistics/families.py).
    conn.execute(
        sa.text(
            f"{insert} SELECT 'organisation_groups', quarter, organisation, org_group, count(*), "
            f"sum(cell_key) % {MODULUS} FROM (SELECT quarter, organisation, org_group, cell_key "
            "FROM stat_referrals UNION ALL SELECT quarter, organisation, org_group, cell_key "
            "FROM stat_sessions) GROUP BY quarter, organisation, org_group"
        )
    )
    conn.execute(
        sa.text(
            f"{insert} SELECT 'presenting_issues', r.quarter, i.category, '{TOTAL}', count(*), "
            f"sum(i.cell_key) % {MODULUS} FROM stat_referral_issues AS i "
            "JOIN stat_referrals AS r ON r.id = i.referral_id GROUP BY r.quarter, i.category"
        )
    )
    for form in ("first", "last"):
        conn.execute(
            sa.text(
                f"{insert} SELECT :code, f.quarter, a.question, CAST(a.value AS TEXT), count(*), "
                f"sum(a.cell_key) % {MODULUS} FROM stat_evaluation_answers AS a "
                "JOIN stat_evaluation_forms AS f ON f.id = a.form_id WHERE f.form = :form "
                "GROUP BY f.quarter, a.question, a.value"
            ),
            {"code": f"evaluation_{form}", "form": form},
        )


def _fold_forms(conn: sa.Connection) -> None:
    forms: dict[str, dict[str, tuple[int, str]]] = {}
    for form_id, pair_key, form, quarter in conn.execute(
        sa.text("SELECT id, pair_key, form, quarter FROM stat_evaluation_forms")
    ):
        forms.setdefault(pair_key, {})[form] = (form_id, quarter)
    answers: dict[int, dict[str, int]] = {}
    for form_id, question, value in conn.execute(
        sa.text("SELECT form_id, question, value FROM stat_evaluation_answers")
    ):
        answers.setdefault(form_id, {})[question] = value
    pairs: dict[str, list[int]] = {}
    pending = []
    seen = []
    for pair_key, by_form in forms.items():
        seen += [
            {"form_key": hashlib.sha256(f"{form}:{pair_key}".encode()).hexdigest()}
            for form in by_form
        ]
        if len(by_form) == 2:
            cell = pairs.setdefault(by_form["last"][1], [0, 0])
            cell[0] += 1
            cell[1] = (cell[1] + secrets.randbits(32)) % MODULUS
        else:
            ((form, (form_id, quarter)),) = by_form.items()
            pending.append(
                {
                    "pair_key": pair_key,
                    "form": form,
                    "quarter": quarter,
                    "answers": json.dumps(dict(sorted(answers.get(form_id, {}).items()))),
                }
            )
    if seen:
        conn.execute(sa.text("INSERT INTO stat_forms_seen (form_key) VALUES (:form_key)"), seen)
    if pending:
        conn.execute(
            sa.text(
                "INSERT INTO stat_pending_forms (pair_key, form, quarter, answers) "
                "VALUES (:pair_key, :form, :quarter, :answers)"
            ),
            pending,
        )
    if pairs:
        conn.execute(
            sa.text(
                'INSERT INTO stat_counts (table_code, quarter, "row", "column", n, key_sum) '
                f"VALUES ('evaluation_pairs', :quarter, 'paired', '{TOTAL}', :n, :key_sum)"
            ),
            [{"quarter": q, "n": n, "key_sum": k} for q, (n, k) in sorted(pairs.items())],
        )


def upgrade() -> None:
    conn = op.get_bind()
    _create_new_tables()
    _fold_counts(conn)
    _fold_forms(conn)
    for table in PERSON_TABLES:
        op.drop_table(table)


def _categories(*names: str) -> list[sa.Column[str]]:
    return [
        sa.Column(name, sa.String(length=48), server_default="not_stated", nullable=False)
        for name in names
    ]


def _cell_key() -> sa.Column[int]:
    return sa.Column("cell_key", sa.Integer(), nullable=False)


def downgrade() -> None:
    op.drop_table("stat_forms_seen")
    op.drop_table("stat_pending_forms")
    op.drop_table("stat_counts")
    op.create_table(
        "stat_records",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("quarter", sa.String(length=7), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stat_records")),
    )
    op.create_index("ix_stat_records_kind_quarter", "stat_records", ["kind", "quarter"])
    for table, names in (
        (
            "stat_referrals",
            (
                "service",
                "referral_route",
                "urgency",
                "org_group",
                "organisation",
                "role_family",
                "age_band",
                "gender",
                "district",
            ),
        ),
        ("stat_sessions", ("service", "kind", "status", "district", "organisation", "org_group")),
        (
            "stat_activity",
            (
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
                "first_phq9",
                "last_phq9",
                "first_gad7",
                "last_gad7",
            ),
        ),
        (
            "stat_contacts",
            ("direction", "channel", "purpose", "outcome", "signposted_to", "became_client"),
        ),
    ):
        op.create_table(
            table,
            sa.Column("id", sa.Integer(), nullable=False),
            sa.Column("quarter", sa.String(length=7), nullable=False),
            *_categories(*names),
            _cell_key(),
            sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}")),
        )
        op.create_index(f"ix_{table}_quarter", table, ["quarter"])
    op.create_table(
        "stat_evaluation_forms",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("quarter", sa.String(length=7), nullable=False),
        sa.Column("form", sa.String(length=8), nullable=False),
        sa.Column("pair_key", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stat_evaluation_forms")),
        sa.UniqueConstraint("pair_key", "form", name=op.f("uq_stat_evaluation_forms_pair_key")),
    )
    op.create_index("ix_stat_evaluation_forms_quarter", "stat_evaluation_forms", ["quarter"])
    op.create_table(
        "stat_evaluation_answers",
        sa.Column("form_id", sa.Integer(), nullable=False),
        sa.Column("question", sa.String(length=48), nullable=False),
        sa.Column("value", sa.Integer(), nullable=False),
        _cell_key(),
        sa.ForeignKeyConstraint(
            ["form_id"],
            ["stat_evaluation_forms.id"],
            name=op.f("fk_stat_evaluation_answers_form_id_stat_evaluation_forms"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("form_id", "question", name=op.f("pk_stat_evaluation_answers")),
    )
    op.create_table(
        "stat_referral_issues",
        sa.Column("referral_id", sa.Integer(), nullable=False),
        sa.Column("category", sa.String(length=48), nullable=False),
        _cell_key(),
        sa.ForeignKeyConstraint(
            ["referral_id"],
            ["stat_referrals.id"],
            name=op.f("fk_stat_referral_issues_referral_id_stat_referrals"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("referral_id", "category", name=op.f("pk_stat_referral_issues")),
    )
