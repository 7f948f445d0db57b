"""signed audit entries: each entry's signer and their Ed25519 signature

Revision ID: stats_0004
Revises: stats_0003
Create Date: 2026-12-02 03:00:00

Issue 10 item 3: each entry is signed by its author's own signing key (in their key slot,
certified by the store authority), so an insider holding the store key can write entries only in
their own name. Plain column additions (no table rebuild), so the append-only triggers stay.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "stats_0004"
down_revision = "stats_0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("audit", sa.Column("signer", sa.String(length=64), nullable=True))
    op.add_column("audit", sa.Column("signature", sa.LargeBinary(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("audit", schema=None) as batch_op:
        batch_op.drop_column("signature")
        batch_op.drop_column("signer")
