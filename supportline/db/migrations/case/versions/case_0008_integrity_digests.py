"""every table's rows under a keyed multiset hash (the integrity table)

Revision ID: case_0008
Revises: case_0007
Create Date: 2026-12-02 03:00:00

Only the table is created here. Its rows and the triggers that keep them are generated from the
live schema by ``supportline.integrity.install``, which ``migrate.upgrade`` runs after every
upgrade, so tables and columns that later migrations add are covered too.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "case_0008"
down_revision = "case_0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "integrity",
        sa.Column("table_name", sa.String(length=128), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("row_count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("table_name", name=op.f("pk_integrity")),
    )


def downgrade() -> None:
    from supportline import integrity

    integrity.drop_triggers(op.get_bind().connection.driver_connection)
    op.drop_table("integrity")
