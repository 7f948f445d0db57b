"""the disclosure threshold's history: each value and the quarter it applies from

Revision ID: stats_0005
Revises: stats_0004
Create Date: 2026-12-02 16:00:00

Issue 11: the threshold is the administrator's setting and a change applies from the quarter in
progress, never to a quarter that has ended (``supportline.statistics.thresholds``). The value
kept until now in ``stat_settings`` becomes the first row, in force from the beginning; the day
it was set is not known.
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

revision = "stats_0005"
down_revision = "stats_0004"
branch_labels = None
depends_on = None

KEY = "disclosure_threshold"
BEGINNING = "0000Q1"


def upgrade() -> None:
    history = op.create_table(
        "threshold_history",
        sa.Column("effective_from", sa.String(length=7), nullable=False),
        sa.Column("threshold", sa.Integer(), nullable=False),
        sa.Column("changed_on", sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint("effective_from", name=op.f("pk_threshold_history")),
    )
    settings = sa.table("stat_settings", sa.column("key", sa.String), sa.column("value", sa.Text))
    conn = op.get_bind()
    raw = conn.execute(sa.select(settings.c.value).where(settings.c.key == KEY)).scalar()
    try:
        threshold = int(json.loads(raw)) if raw is not None else None
    except (TypeError, ValueError):
        threshold = None  # a damaged value: the default applies, as it did
    if threshold is not None:
        conn.execute(sa.insert(history).values(effective_from=BEGINNING, threshold=threshold))
    conn.execute(sa.delete(settings).where(settings.c.key == KEY))


def downgrade() -> None:
    history = sa.table(
        "threshold_history", sa.column("effective_from", sa.String), sa.column("threshold")
    )
    settings = sa.table("stat_settings", sa.column("key", sa.String), sa.column("value", sa.Text))
    conn = op.get_bind()
    latest = conn.execute(
        sa.select(history.c.threshold).order_by(history.c.effective_from.desc()).limit(1)
    ).scalar()
    if latest is not None:
        conn.execute(sa.insert(settings).values(key=KEY, value=json.dumps(int(latest))))
    op.drop_table("threshold_history")
