"""The tables services use (``schema.py``) are the tables the migrations build: a change made to
one and not the other fails here, before it fails on someone's store."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from supportline.db import schema
from supportline.session import unlock
from tests.conftest import ADMIN_PASSWORD


def test_migrated_case_store_matches_the_schema(data_dir: Path) -> None:
    session = unlock(data_dir, "admin", ADMIN_PASSWORD)
    try:
        with session.case.connect() as conn:
            differences = compare_metadata(MigrationContext.configure(conn), schema.case_metadata)
    finally:
        session.close()
    assert differences == []


def test_migrated_stats_store_matches_the_schema(data_dir: Path) -> None:
    session = unlock(data_dir, "admin", ADMIN_PASSWORD)
    try:
        with session.stats.connect() as conn:
            differences = compare_metadata(MigrationContext.configure(conn), schema.stats_metadata)
    finally:
        session.close()
    assert differences == []
