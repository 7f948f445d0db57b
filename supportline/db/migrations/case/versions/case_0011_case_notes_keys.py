"""each case's clinical text under its own notes key, kept sealed to its readers

Revision ID: case_0011
Revises: case_0010
Create Date: 2026-12-02 03:00:00

The migration makes the table only: re-encrypting existing notes needs keys, so the first
administrator or counsellor to sign in does it (supportline.case_keys.after_sign_in).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "case_0011"
down_revision = "case_0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "case_key_wraps",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("generation", sa.Integer(), nullable=False),
        sa.Column("recipient", sa.String(length=80), nullable=False),
        sa.Column("recipient_generation", sa.Integer(), server_default="0", nullable=False),
        sa.Column("recipient_key", sa.LargeBinary(), nullable=False),
        sa.Column("sealed", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["cases.id"],
            name=op.f("fk_case_key_wraps_case_id_cases"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_key_wraps")),
        sa.UniqueConstraint(
            "case_id",
            "generation",
            "recipient",
            "recipient_key",
            name=op.f("uq_case_key_wraps_case_id"),
        ),
    )
    with op.batch_alter_table("case_key_wraps", schema=None) as batch_op:
        batch_op.create_index("ix_case_key_wraps_recipient", ["recipient", "case_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("case_key_wraps", schema=None) as batch_op:
        batch_op.drop_index("ix_case_key_wraps_recipient")
    op.drop_table("case_key_wraps")
