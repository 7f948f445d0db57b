"""What work changed is captured at the root: every write through any engine, committed only."""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, insert, select, text, update

from supportline import changes
from supportline.changes import KEY_SLOTS, Changes
from supportline.db import schema
from supportline.demo import create_demo
from supportline.roles import Role
from supportline.services.cases import CaseService
from supportline.services.clients import ClientInput, ClientService
from supportline.services.settings import SettingsService
from supportline.services.users import UserService, change_own_password
from supportline.session import Session, unlock
from tests.conftest import PASSWORDS

NEW_CLIENT = ClientInput(
    first_name="Fern",
    last_name="Fictional",
    date_of_birth="02/03/1981",
    phone="07700 900123",
    home_postcode="ME19 4AB",
)


def test_a_service_write_is_reported_by_its_tables(handler: Session) -> None:
    changes.take()  # signing in (the fixture) is not this test's work
    ClientService(handler).create(NEW_CLIENT)
    made = changes.take()
    assert {"clients", "client_search_terms", "audit"} <= made.tables
    assert made.touches({"clients"}) and not made.touches({"appointments"})
    assert changes.take() == Changes()  # taken once


def test_a_read_reports_nothing(handler: Session) -> None:
    changes.take()  # signing in (the fixture) is not this test's work
    CaseService(handler).waiting_list()
    assert not changes.take()


def test_rolled_back_work_is_not_reported(admin: Session) -> None:
    changes.take()  # signing in (the fixture) is not this test's work
    with pytest.raises(RuntimeError), admin.case_tx() as conn:
        conn.execute(
            update(schema.settings).where(schema.settings.c.key == "store_id").values(value="x")
        )
        raise RuntimeError("changed my mind")
    with admin.case.connect() as conn:  # never committed: closing rolls back
        conn.execute(insert(schema.organisations).values(name="Never", org_group="other"))
    assert not changes.take()
    with admin.case.connect() as conn:
        assert conn.execute(select(func.count()).select_from(schema.organisations)).scalar() == 0
    with admin.case.begin() as conn:  # the next commit on the connection carries none of it
        conn.execute(update(schema.users).values(display_name=schema.users.c.display_name))
    assert changes.take() == Changes.of("users")


def test_raw_sql_writes_are_reported_and_unknown_ones_report_everything(admin: Session) -> None:
    changes.take()  # signing in (the fixture) is not this test's work
    with admin.case.begin() as conn:
        conn.exec_driver_sql("UPDATE settings SET value = value WHERE key = 'store_id'")
        conn.execute(
            text(
                'INSERT INTO "organisations" (name, org_group, active) '
                "VALUES ('Raw Ltd', 'other', 1)"
            )
        )
    assert changes.take() == Changes.of("settings", "organisations")
    with admin.case.begin() as conn:
        conn.exec_driver_sql(
            "WITH x AS (SELECT 1) UPDATE settings SET value = value WHERE key = 'store_id'"
        )
    made = changes.take()
    assert made.everything and made.touches({"anything at all"})


def test_user_slots_are_reported_but_anchor_moves_are_not(admin: Session, store: Path) -> None:
    changes.take()  # signing in (the fixture) is not this test's work
    SettingsService(admin).update({"idle_lock_minutes": 7})  # moves the audit anchor
    assert KEY_SLOTS not in changes.take().tables
    UserService(admin).reset_password("manager")  # only the slot and an audit entry change
    assert changes.take() == Changes.of("audit", KEY_SLOTS)
    UserService(admin).add_user("nina", "Nina New", [Role.COUNSELLOR], "nina password 1")
    assert {"users", KEY_SLOTS} <= changes.take().tables
    handler = unlock(store, "handler", PASSWORDS["handler"])
    try:
        changes.take()
        change_own_password(handler, PASSWORDS["handler"], "a new password 1")
        assert KEY_SLOTS in changes.take().tables
    finally:
        handler.close()


def test_changes_belong_to_the_thread_that_made_them(handler: Session) -> None:
    changes.take()  # signing in (the fixture) is not this test's work
    taken: list[Changes] = []

    def elsewhere() -> None:
        ClientService(handler).create(NEW_CLIENT)
        taken.append(changes.take())

    worker = threading.Thread(target=elsewhere)
    worker.start()
    worker.join()
    assert "clients" in taken[0].tables
    assert not changes.take()


def test_every_table_the_demo_fills_is_reported(tmp_path: Path) -> None:
    """The demo writes through services and in bulk into both stores: whatever path a write
    takes, if a table ends up with rows, its name was captured."""
    path = tmp_path / "demo"
    create_demo(path, "demo password 1", clients=20, today=date(2025, 3, 3))
    made = changes.take()
    assert not made.everything
    session = unlock(path, "admin", "demo password 1")
    try:
        filled = set()
        for engine, metadata in (
            (session.case, schema.case_metadata),
            (session.stats, schema.stats_metadata),
        ):
            with engine.connect() as conn:
                for table in metadata.sorted_tables:
                    if conn.execute(select(func.count()).select_from(table)).scalar():
                        filled.add(table.name)
    finally:
        session.close()
    # The integrity table is written by triggers alongside every write, and no view shows it.
    filled.discard("integrity")
    assert len(filled) > 20
    assert filled <= made.tables, filled - made.tables
    assert KEY_SLOTS in made.tables


def test_known_tables_are_the_schema_and_the_key_store() -> None:
    known = changes.known_tables()
    assert {"clients", "cases", "users", "stat_counts", KEY_SLOTS} <= known
    assert "client" not in known
