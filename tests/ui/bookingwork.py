"""Seed data and helpers for the booking and diary tests: a small demo store per test."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select

from supportline.db import schema
from tests.ui.conftest import run_on_db

DEMO_PASSWORD = "demo password 1"
DEMO_TODAY = date(2025, 3, 3)  # the Monday of the tests' fake clock
CLIENTS = 100  # enough for several cases waiting for an assessment beside the live caseload


def make_demo(tmp_path: Path) -> Path:
    """A fresh small demo whose 'today' matches the fake clock."""
    from supportline.demo import create_demo

    path = tmp_path / "demo"
    create_demo(path, DEMO_PASSWORD, clients=CLIENTS, today=DEMO_TODAY)
    return path


def services_for(open_session: Callable[..., Any], path: Path, username: str, clock: Any) -> Any:
    from ui.services import Services

    return Services.for_session(open_session(path, username, DEMO_PASSWORD, clock=clock))


def appointments(qtbot: Any, runner: Any, services: Any, case_id: int) -> list[Any]:
    def read() -> list[Any]:
        a = schema.appointments.c
        with services.session.case.connect() as conn:
            return list(
                conn.execute(
                    select(schema.appointments).where(a.case_id == case_id).order_by(a.starts_at)
                )
            )

    return run_on_db(qtbot, runner, read)


def book_case(qtbot: Any, runner: Any, services: Any, count: int = 4) -> tuple[Any, Any, list[int]]:
    """Book the first waiting case's assessment and a weekly series; returns (item, slot, ids)
    where ids are the assessment's then the sessions' appointment ids."""
    from datetime import timedelta

    from supportline.services.booking import SlotQuery

    def book() -> tuple[Any, Any, list[int]]:
        item = next(i for i in services.cases.waiting_list() if i.status == "waiting")
        booking = services.booking
        slot = booking.find_slots(SlotQuery(item.case_id)).slots[0]
        assessment = booking.book_assessment(item.case_id, slot)
        plan = booking.plan_series(
            item.case_id,
            slot.starts_at + timedelta(weeks=1),
            slot.counsellor_id,
            slot.venue_id,
            slot.room_id,
            count,
        )
        return item, slot, [assessment, *booking.book_series(plan)]

    return run_on_db(qtbot, runner, book)


def client_names(qtbot: Any, runner: Any, services: Any, client_id: int) -> tuple[str, str]:
    def read() -> tuple[str, str]:
        c = schema.clients.c
        with services.session.case.connect() as conn:
            row = conn.execute(select(c.first_name, c.last_name).where(c.id == client_id)).one()
        return row.first_name, row.last_name

    return run_on_db(qtbot, runner, read)
