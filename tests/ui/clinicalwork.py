"""Seed for the counsellor workspace tests: the demo data set, made once and copied per test.

The demo is built for a fixed ``today`` (Monday 03/03/2025, the day ``FakeClock`` starts on) with
one year of history, so that the demo counsellor's caseload has sessions that very day.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QWidget
from sqlalchemy import select

from supportline.db import schema

DEMO_PASSWORD = "demo password 1"
DEMO_TODAY = date(2025, 3, 3)
_TEMPLATE: dict[str, Path] = {}


def demo_template(factory: pytest.TempPathFactory) -> Path:
    if "path" not in _TEMPLATE:
        from supportline.demo import create_demo

        path = factory.mktemp("demo-template") / "data"
        create_demo(path, DEMO_PASSWORD, clients=80, today=DEMO_TODAY, years=1)
        _TEMPLATE["path"] = path
    return _TEMPLATE["path"]


def copy_demo(factory: pytest.TempPathFactory, tmp_path: Path) -> Path:
    target = tmp_path / "demo"
    shutil.copytree(demo_template(factory), target)
    return target


def counsellor_services(path: Path, open_session: Callable[..., Any], clock: Any) -> Any:
    from ui.services import Services

    return Services.for_session(open_session(path, "counsellor", DEMO_PASSWORD, clock=clock))


def my_active_cases(services: Any) -> set[int]:
    """Straight from the tables (not through ClinicalService): the demo counsellor's live cases."""
    c, co, u = schema.cases.c, schema.counsellors.c, schema.users.c
    with services.session.case.connect() as conn:
        return set(
            conn.execute(
                select(c.id)
                .select_from(
                    schema.cases.join(schema.counsellors, co.id == c.counsellor_id).join(
                        schema.users, u.id == co.user_id
                    )
                )
                .where(u.username == "counsellor", c.status.in_(("assessment_booked", "active")))
            ).scalars()
        )


def appointments(services: Any, case_id: int) -> list[Any]:
    a = schema.appointments.c
    with services.session.case.connect() as conn:
        return list(
            conn.execute(
                select(schema.appointments).where(a.case_id == case_id).order_by(a.starts_at)
            )
        )


def todays_session(services: Any) -> Any:
    """A booked session (not an assessment) of an active case of mine, today at noon or later."""
    mine = my_active_cases(services)
    a = schema.appointments.c
    start = datetime(2025, 3, 3, 0, 0, tzinfo=UTC)
    end = datetime(2025, 3, 4, 0, 0, tzinfo=UTC)
    with services.session.case.connect() as conn:
        rows = conn.execute(
            select(schema.appointments)
            .where(
                a.starts_at >= start, a.starts_at < end, a.status == "booked", a.kind == "session"
            )
            .order_by(a.starts_at)
        ).all()
    chosen = [row for row in rows if row.case_id in mine]
    assert chosen, "the demo counsellor should have a session today"
    return chosen[0]


def grab(widget: QWidget, name: str) -> Path | None:
    """Offscreen screenshot at 1280x800 when SUPPORTLINE_SCREENSHOTS names a folder."""
    folder = os.environ.get("SUPPORTLINE_SCREENSHOTS")
    if not folder:
        return None
    path = Path(folder) / f"{name}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    window = widget.window()
    window.resize(1280, 800)
    assert window.grab().save(str(path))
    return path
