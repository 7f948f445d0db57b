"""Seed data for the casework tests (Calls, Clients, Waiting list), written through the core."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from sqlalchemy import insert

from supportline.db import schema
from supportline.services.cases import CaseInput, CaseService
from supportline.services.clients import ClientInput, ClientService
from supportline.services.eligibility import EligibilityService
from supportline.session import unlock
from tests.conftest import ADMIN_PASSWORD

KCC = "Kent County Council - Children's Services"
OLD_SCHOOL = "Oakwood Primary School"


@dataclass(frozen=True)
class Seeded:
    kcc: int
    old_school: int
    alice: int  # eligible (KCC, agreement current)
    bob: int  # no organisation: not eligible
    carol: int  # school whose agreement has ended
    waiting: dict[str, int]  # label -> case id


ALICE = ClientInput(
    first_name="Alice",
    last_name="Smithson",
    date_of_birth="01/02/1980",
    gender="female",
    phone="07700 900001",
    email="alice@example.org",
    address="1 High Street, West Malling",
    home_postcode="ME19 4AB",
    safe_phone="phone",
    voicemail_ok=True,
    letters_ok=False,
    pref_counsellor_gender="female",
    pref_language="Polish",
)
BOB = ClientInput(
    first_name="Bob",
    last_name="Jonesworth",
    date_of_birth="03/04/1975",
    phone="07700 900002",
    home_postcode="CT1 1AA",
)
CAROL = ClientInput(
    first_name="Carol",
    last_name="Expiry",
    date_of_birth="05/06/1990",
    phone="07700 900003",
    home_postcode="TN23 1AA",
)


def _clock(moment: datetime) -> Any:
    return lambda: moment


def seed(path: Path) -> Seeded:
    """Two organisations and three clients; three waiting cases opened at different times."""
    session = unlock(path, "admin", ADMIN_PASSWORD)
    try:
        with session.case_tx() as conn:
            kcc = int(
                conn.execute(
                    insert(schema.organisations).values(name=KCC, org_group="kcc", active=True)
                ).inserted_primary_key[0]
            )
            old = int(
                conn.execute(
                    insert(schema.organisations).values(
                        name=OLD_SCHOOL, org_group="school", phase="primary", active=True
                    )
                ).inserted_primary_key[0]
            )
        eligibility = EligibilityService(session)
        eligibility.add_agreement(kcc, "counselling", date(2024, 4, 1), date(2026, 3, 31))
        eligibility.add_agreement(old, "counselling", date(2023, 4, 1), date(2024, 3, 31))
        clients = ClientService(session)
        from dataclasses import replace

        alice = clients.create(replace(ALICE, organisation_id=kcc)).id
        bob = clients.create(BOB).id
        carol = clients.create(replace(CAROL, organisation_id=old)).id
    finally:
        session.close()
    waiting: dict[str, int] = {}
    for label, client_id, urgency, when in (
        ("bob_routine_old", bob, "routine", datetime(2025, 1, 1, 10, 0, tzinfo=UTC)),
        ("carol_urgent_new", carol, "urgent", datetime(2025, 2, 20, 10, 0, tzinfo=UTC)),
        ("alice_routine_new", alice, "routine", datetime(2025, 2, 1, 10, 0, tzinfo=UTC)),
    ):
        opener = unlock(path, "admin", ADMIN_PASSWORD, clock=_clock(when))
        try:
            waiting[label] = CaseService(opener).open_case(
                client_id, CaseInput("counselling", "self", ("W01",), urgency)
            )
        finally:
            opener.close()
    return Seeded(kcc, old, alice, bob, carol, waiting)


def focus_widget() -> QWidget | None:
    return QApplication.focusWidget()


def tab_to(qtbot: Any, target: QWidget, limit: int = 40) -> int:
    """Press Tab (only the keyboard) until ``target`` has focus; returns the presses needed."""
    for presses in range(limit):
        current = QApplication.focusWidget()
        if current is target:
            return presses
        assert current is not None, "nothing has keyboard focus"
        qtbot.keyClick(current, Qt.Key.Key_Tab)
    raise AssertionError(f"Tab never reached {target.objectName()}")


def type_keys(qtbot: Any, text: str) -> None:
    widget = QApplication.focusWidget()
    assert widget is not None
    qtbot.keyClicks(widget, text)


def press(
    qtbot: Any, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
) -> None:
    widget = QApplication.focusWidget()
    assert widget is not None
    qtbot.keyClick(widget, key, modifier)
