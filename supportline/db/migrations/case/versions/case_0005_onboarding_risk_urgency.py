"""counsellor sign-in links (one each), risk reviews, urgency history

Revision ID: case_0005
Revises: case_0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import supportline.db.schema

revision = "case_0005"
down_revision = "case_0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A sign-in linked to two profiles was ambiguous ("mine" took whichever came first): keep
    # the oldest link, so the unique index can hold.
    op.execute(
        "UPDATE counsellors SET user_id = NULL WHERE user_id IS NOT NULL AND id NOT IN "
        "(SELECT MIN(id) FROM counsellors WHERE user_id IS NOT NULL GROUP BY user_id)"
    )
    op.create_index("uq_counsellors_user_id", "counsellors", ["user_id"], unique=True)
    with op.batch_alter_table("risk_alerts", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("kind", sa.String(length=8), server_default="raised", nullable=False)
        )
    op.create_table(
        "case_urgency_history",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("urgency", sa.String(length=8), nullable=False),
        sa.Column("previous", sa.String(length=8), nullable=True),
        sa.Column("cause", sa.String(length=8), nullable=False),
        sa.Column("reason", sa.String(length=500), nullable=True),
        sa.Column("changed_by", sa.String(length=64), nullable=False),
        sa.Column("changed_at", supportline.db.schema.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["cases.id"],
            name=op.f("fk_case_urgency_history_case_id_cases"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_urgency_history")),
    )
    op.create_index(
        "ix_case_urgency_history_case_id", "case_urgency_history", ["case_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_case_urgency_history_case_id", table_name="case_urgency_history")
    op.drop_table("case_urgency_history")
    with op.batch_alter_table("risk_alerts", schema=None) as batch_op:
        batch_op.drop_column("kind")
    op.drop_index("uq_counsellors_user_id", table_name="counsellors")
