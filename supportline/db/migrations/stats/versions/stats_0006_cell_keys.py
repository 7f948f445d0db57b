"""cell keys: a secret random key on every statistical record, for the ONS cell-key method

Revision ID: stats_0006
Revises: stats_0005
Create Date: 2026-12-02 16:00:00

Issue 11: disclosure control perturbs each cell by its cell key, the sum modulo 2**32 of its
records' keys (statistics/cells.py). Records already stored get a key each here, drawn like a new
record's: a column default would give them all the same key, and every cell of old records the
same perturbation.
"""

from __future__ import annotations

import secrets

import sqlalchemy as sa
from alembic import op

revision = "stats_0006"
down_revision = "stats_0005"
branch_labels = None
depends_on = None

TABLES = (
    "stat_referrals",
    "stat_referral_issues",
    "stat_sessions",
    "stat_activity",
    "stat_contacts",
    "stat_evaluation_answers",
)


def upgrade() -> None:
    conn = op.get_bind()
    for table in TABLES:
        op.add_column(table, sa.Column("cell_key", sa.Integer(), nullable=True))
        rowids = conn.exec_driver_sql(f"SELECT rowid FROM {table}").scalars().all()
        if rowids:
            conn.execute(
                sa.text(f"UPDATE {table} SET cell_key = :key WHERE rowid = :rowid"),
                [{"key": secrets.randbits(32), "rowid": rowid} for rowid in rowids],
            )
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column("cell_key", existing_type=sa.Integer(), nullable=False)


def downgrade() -> None:
    for table in reversed(TABLES):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("cell_key")
