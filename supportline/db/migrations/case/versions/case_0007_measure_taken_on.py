"""measures keep the date they were taken (taken_on), apart from when they were typed in

Revision ID: case_0007
Revises: case_0006
Create Date: 2026-12-01 10:00:00

``taken_at`` stays what it always was, the moment the measure was recorded. Existing rows get
the date of their session where they were entered with one, else the London date they were
recorded on (the best that is known of them).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import supportline.db.schema
from supportline.calendar_uk import LONDON

revision = "case_0007"
down_revision = "case_0006"
branch_labels = None
depends_on = None

_responses = sa.table(
    "measure_responses",
    sa.column("id", sa.Integer()),
    sa.column("appointment_id", sa.Integer()),
    sa.column("taken_at", supportline.db.schema.UTCDateTime()),
    sa.column("taken_on", sa.Date()),
)
_appointments = sa.table(
    "appointments",
    sa.column("id", sa.Integer()),
    sa.column("starts_at", supportline.db.schema.UTCDateTime()),
)


def upgrade() -> None:
    with op.batch_alter_table("measure_responses", schema=None) as batch_op:
        batch_op.add_column(sa.Column("taken_on", sa.Date(), nullable=True))

    conn = op.get_bind()
    m, a = _responses.c, _appointments.c
    rows = conn.execute(
        sa.select(m.id, m.taken_at, a.starts_at).select_from(
            _responses.outerjoin(_appointments, a.id == m.appointment_id)
        )
    ).all()
    for row in rows:
        moment = row.starts_at if row.starts_at is not None else row.taken_at
        conn.execute(
            sa.update(_responses)
            .where(m.id == row.id)
            .values(taken_on=moment.astimezone(LONDON).date())
        )

    with op.batch_alter_table("measure_responses", schema=None) as batch_op:
        batch_op.alter_column("taken_on", existing_type=sa.Date(), nullable=False)
        batch_op.drop_index("ix_measure_responses_case")
        batch_op.create_index(
            "ix_measure_responses_case", ["case_id", "taken_on", "taken_at"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("measure_responses", schema=None) as batch_op:
        batch_op.drop_index("ix_measure_responses_case")
        batch_op.create_index("ix_measure_responses_case", ["case_id", "taken_at"], unique=False)
        batch_op.drop_column("taken_on")
