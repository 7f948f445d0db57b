"""allowance authorisations apply from a fixed day; authorisations past purchased sessions;
clients indexed by organisation (sessions used against a purchased block are counted by it)

Revision ID: case_0006
Revises: case_0005
Create Date: 2026-11-24 10:00:00

Allowance authorisations were stored against the start of the year they were given in. Under
the rolling-year setting that start moves every day, so an authorisation vanished the next day.
They now carry the day they apply from (``applies_on``); each year that covers that day counts
them, whatever the year setting.

Existing rows get the day they were given where that lies inside the year they were stored
against (the app always authorised for the day it was given); otherwise, for a rolling year,
the last day of that window (the day asked about), and for a financial year, its first day.
"""

from __future__ import annotations

from datetime import date, timedelta

import sqlalchemy as sa
from alembic import op

import supportline.db.schema
from supportline.calendar_uk import LONDON

revision = "case_0006"
down_revision = "case_0005"
branch_labels = None
depends_on = None


def _financial_end(start: date) -> date:
    return date(start.year + 1, 3, 31)


def _applies_on(year_start: date, authorised_at: object) -> date:
    given = authorised_at.astimezone(LONDON).date()  # type: ignore[attr-defined]
    financial = (year_start.month, year_start.day) == (4, 1)
    end = _financial_end(year_start) if financial else year_start + timedelta(days=364)
    if year_start <= given <= end:
        return given
    return year_start if financial else end


def upgrade() -> None:
    with op.batch_alter_table("allowance_authorisations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("applies_on", sa.Date(), nullable=True))
    rows = sa.table(
        "allowance_authorisations",
        sa.column("id", sa.Integer()),
        sa.column("year_start", sa.Date()),
        sa.column("authorised_at", supportline.db.schema.UTCDateTime()),
        sa.column("applies_on", sa.Date()),
    )
    conn = op.get_bind()
    for row in conn.execute(sa.select(rows.c.id, rows.c.year_start, rows.c.authorised_at)).all():
        conn.execute(
            sa.update(rows)
            .where(rows.c.id == row.id)
            .values(applies_on=_applies_on(row.year_start, row.authorised_at))
        )
    with op.batch_alter_table("allowance_authorisations", schema=None) as batch_op:
        batch_op.alter_column("applies_on", existing_type=sa.Date(), nullable=False)
        batch_op.drop_column("year_start")

    op.create_table(
        "package_authorisations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agreement_id", sa.Integer(), nullable=False),
        sa.Column("extra_sessions", sa.Integer(), nullable=False),
        sa.Column("authorised_by", sa.String(length=64), nullable=False),
        sa.Column("authorised_at", supportline.db.schema.UTCDateTime(), nullable=False),
        sa.Column("reason", sa.String(length=500), nullable=False),
        sa.CheckConstraint(
            "extra_sessions > 0", name=op.f("ck_package_authorisations_extra_positive")
        ),
        sa.ForeignKeyConstraint(
            ["agreement_id"],
            ["service_agreements.id"],
            name=op.f("fk_package_authorisations_agreement_id_service_agreements"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_package_authorisations")),
    )
    with op.batch_alter_table("package_authorisations", schema=None) as batch_op:
        batch_op.create_index(
            "ix_package_authorisations_agreement_id", ["agreement_id"], unique=False
        )
    with op.batch_alter_table("clients", schema=None) as batch_op:
        batch_op.create_index("ix_clients_organisation_id", ["organisation_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("clients", schema=None) as batch_op:
        batch_op.drop_index("ix_clients_organisation_id")
    with op.batch_alter_table("package_authorisations", schema=None) as batch_op:
        batch_op.drop_index("ix_package_authorisations_agreement_id")
    op.drop_table("package_authorisations")

    with op.batch_alter_table("allowance_authorisations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("year_start", sa.Date(), nullable=True))
    rows = sa.table(
        "allowance_authorisations",
        sa.column("id", sa.Integer()),
        sa.column("year_start", sa.Date()),
        sa.column("applies_on", sa.Date()),
    )
    conn = op.get_bind()
    for row in conn.execute(sa.select(rows.c.id, rows.c.applies_on)).all():
        day = row.applies_on
        start = date(day.year if day.month >= 4 else day.year - 1, 4, 1)
        conn.execute(sa.update(rows).where(rows.c.id == row.id).values(year_start=start))
    with op.batch_alter_table("allowance_authorisations", schema=None) as batch_op:
        batch_op.alter_column("year_start", existing_type=sa.Date(), nullable=False)
        batch_op.drop_column("applies_on")
