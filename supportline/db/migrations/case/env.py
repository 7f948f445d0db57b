"""Alembic environment for case.db: runs only programmatically, on an open keyed connection."""

from __future__ import annotations

from alembic import context

from supportline.db.schema import case_metadata

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=case_metadata,
    render_as_batch=True,
    transactional_ddl=True,
)
with context.begin_transaction():
    context.run_migrations()
