"""optimistic versions on every record edited in a form (lost updates between two users)

Revision ID: case_0010
Revises: case_0009
Create Date: 2026-12-02 03:00:00

Each row starts at version 1; ``supportline.versions`` refuses a save made from an older
reading. The lead re-chains ``down_revision`` at merge.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from supportline import integrity

revision = "case_0010"
down_revision = "case_0009"
branch_labels = None
depends_on = None

TABLES = (
    "settings",
    "organisations",
    "venues",
    "rooms",
    "counsellors",
    "clients",
    "contacts",
    "cases",
    "assessments",
)


def upgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(
                sa.Column("version", sa.Integer(), nullable=False, server_default="1")
            )


def downgrade() -> None:
    # The integrity triggers name every column; upgrading again regenerates them.
    integrity.drop_triggers(op.get_bind().connection.driver_connection)
    # Plain ALTER TABLE ... DROP COLUMN (SQLite 3.35+ and PostgreSQL): a batch rebuild would
    # drop and re-create tables that others reference, which foreign keys forbid.
    for table in reversed(TABLES):
        op.drop_column(table, "version")
