"""Booking: the assessment and the weekly series by keyboard only, ruled-out sentences, errors
shown without losing what the handler chose."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.ui.bookingwork import appointments, make_demo, services_for
from tests.ui.casework import press, tab_to, type_keys
from tests.ui.conftest import run_on_db


@pytest.fixture
def demo_dir(tmp_path: Path) -> Path:
    return make_demo(tmp_path)


@pytest.fixture
def handler(demo_dir: Path, open_session: Any, fake_clock: Any) -> Any:
    return services_for(open_session, demo_dir, "handler", fake_clock)


def _window(qtbot: Any, runner: Any, services: Any) -> Any:
    from ui.main_window import MainWindow

    window = MainWindow(services.session, services, runner)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window


def _dialog(qtbot: Any, runner: Any, services: Any, case_id: int, context: Any = None) -> Any:
    from ui.booking_dialog import BookingDialog

    dialog = BookingDialog(services, runner, case_id, context)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.waitUntil(lambda: dialog._loading == 0, timeout=10_000)
    return dialog


def _first_waiting(qtbot: Any, runner: Any, services: Any) -> Any:
    items = run_on_db(qtbot, runner, lambda: services.cases.waiting_list())
    return next(item for item in items if item.status == "waiting")


def test_assessment_then_series_by_keyboard_only(
    qtbot: Any, runner: Any, handler: Any, demo_dir: Path, open_session: Any, fake_clock: Any
) -> None:
    window = _window(qtbot, runner, handler)
    press(qtbot, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    waiting = window.pages["waiting_list"]
    assert window.current_page_id() == "waiting_list"
    qtbot.waitUntil(lambda: waiting.model.rowCount() > 0, timeout=10_000)

    tab_to(qtbot, waiting.table)
    press(qtbot, Qt.Key.Key_Down)
    item = waiting.selected_item()
    assert item is not None and item.status == "waiting"
    with qtbot.waitSignal(window.booking_opened, timeout=5000) as opened:
        press(qtbot, Qt.Key.Key_Return)
    dialog = opened.args[0]
    assert dialog.case_id == item.case_id
    qtbot.waitUntil(lambda: dialog._loading == 0, timeout=10_000)
    assert item.reference in dialog.header_label.text()
    assert QApplication.focusWidget() is dialog.earliest_edit

    tab_to(qtbot, dialog.weeks_spin)
    type_keys(qtbot, "4")
    tab_to(qtbot, dialog.distance_spin)
    type_keys(qtbot, "25")
    with qtbot.waitSignal(dialog.slots_loaded, timeout=10_000):
        press(qtbot, Qt.Key.Key_Return)
    assert dialog.weeks_spin.value() == 4 and dialog.distance_spin.value() == 25
    rows = dialog.slot_proxy.rowCount()
    assert rows >= 2 and not dialog.ruled_out_label.isVisible()
    assert QApplication.focusWidget() is dialog.results_table
    last_day = date(2025, 3, 4) + timedelta(weeks=4)
    for row in range(rows):
        slot = dialog.slot_proxy.index(row, 0).data(dialog.slot_model.RowObjectRole)
        assert slot.distance_km <= 25 and slot.local_start.date() <= last_day
    first_row = [dialog.slot_proxy.index(0, c).data() for c in range(6)]
    assert first_row[0][:3] in {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"}
    assert len(first_row[1]) == 5 and first_row[5].endswith(" km")

    press(qtbot, Qt.Key.Key_Down)
    chosen = dialog.selected_slot()
    assert chosen == dialog.slot_proxy.index(1, 0).data(dialog.slot_model.RowObjectRole)
    with qtbot.waitSignal(dialog.plan_loaded, timeout=10_000):
        press(qtbot, Qt.Key.Key_Return)
    assert dialog.assessment_id is not None
    assert dialog.stack.currentIndex() == 1
    assert dialog.plan_model.rowCount() == 6  # the rest of the 7-session allowance
    assert "Assessment booked for" in dialog.series_intro_label.text()

    # The venue closes on the third week: the plan shows it and proposes an alternative.
    admin = services_for(open_session, demo_dir, "admin", fake_clock)
    third = (chosen.local_start + timedelta(weeks=3)).date()
    run_on_db(
        qtbot, runner, lambda: admin.venues.add_closures(chosen.venue_id, [third], "Refurbishment")
    )
    tab_to(qtbot, dialog.count_spin)
    type_keys(qtbot, "4")
    assert dialog.plan_model.plan() is None  # a changed count needs a new plan
    with qtbot.waitSignal(dialog.plan_loaded, timeout=10_000):
        press(qtbot, Qt.Key.Key_Return)
    model = dialog.plan_model
    statuses = [dialog.plan_proxy.index(r, model.COLUMN_STATUS).data() for r in range(4)]
    assert statuses == ["OK", "OK", "The venue is closed that day", "OK"]
    assert QApplication.focusWidget() is dialog.plan_table
    current = dialog.plan_table.currentIndex()
    assert (current.row(), current.column()) == (2, model.COLUMN_ALTERNATIVE)
    has_alternative = model.plan().occurrences[2].alternative is not None
    if has_alternative:
        assert model.is_accepted(2)
        press(qtbot, Qt.Key.Key_Space)  # refuse the alternative
        assert not model.is_accepted(2)
    assert dialog.plan_summary_label.text() == "3 of 4 weekly sessions will be booked."

    with qtbot.waitSignal(dialog.series_booked, timeout=10_000) as booked:
        press(qtbot, Qt.Key.Key_Return)
    assert len(booked.args[0]) == 3
    qtbot.waitUntil(lambda: window.banner.text().startswith("Booked: 3 weekly session"))

    rows_in_db = appointments(qtbot, runner, handler, item.case_id)
    assert [(r.kind, r.status) for r in rows_in_db] == [("assessment", "booked")] + [
        ("session", "booked")
    ] * 3
    assert rows_in_db[0].starts_at == chosen.starts_at
    days = [r.starts_at.astimezone(chosen.local_start.tzinfo).date() for r in rows_in_db[1:]]
    assert third not in days
    assert all(r.counsellor_id == chosen.counsellor_id for r in rows_in_db)


def test_an_impossible_language_is_explained(qtbot: Any, runner: Any, handler: Any) -> None:
    item = _first_waiting(qtbot, runner, handler)
    dialog = _dialog(qtbot, runner, handler, item.case_id)
    dialog.earliest_edit.setFocus()
    tab_to(qtbot, dialog.language_combo)
    type_keys(qtbot, "Klingon")
    with qtbot.waitSignal(dialog.slots_loaded, timeout=10_000):
        press(qtbot, Qt.Key.Key_Return)
    assert dialog.slot_model.rowCount() == 0
    assert dialog.ruled_out_label.isVisible()
    assert dialog.ruled_out_label.text() == "No Klingon-speaking counsellor within 15 km."
    assert not dialog.book_button.isEnabled()


def test_a_taken_time_keeps_the_choices(qtbot: Any, runner: Any, handler: Any) -> None:
    from supportline.services.booking import SlotQuery

    item = _first_waiting(qtbot, runner, handler)
    dialog = _dialog(qtbot, runner, handler, item.case_id)
    dialog.weeks_spin.setValue(3)
    with qtbot.waitSignal(dialog.slots_loaded, timeout=10_000):
        qtbot.mouseClick(dialog.find_button, Qt.MouseButton.LeftButton)
    slot = dialog.selected_slot()
    # Someone else books the same room at that time for another waiting case meanwhile.
    others = run_on_db(qtbot, runner, lambda: handler.cases.waiting_list())
    other = next(o for o in others if o.case_id != item.case_id and o.status == "waiting")
    result = run_on_db(
        qtbot,
        runner,
        lambda: handler.booking.find_slots(
            SlotQuery(
                other.case_id,
                earliest=slot.local_start.date(),
                weeks=1,
                max_distance_km=None,
                counsellor_id=slot.counsellor_id,
                venue_id=slot.venue_id,
            )
        ),
    )
    clash = next(s for s in result.slots if s.starts_at == slot.starts_at)
    run_on_db(qtbot, runner, lambda: handler.booking.book_assessment(other.case_id, clash))

    with qtbot.waitSignal(dialog.operation_finished, timeout=10_000) as finished:
        press(qtbot, Qt.Key.Key_Return)
    assert finished.args == ["error"]
    assert dialog.banner.text() == "That time has just been taken; pick another."
    assert dialog.weeks_spin.value() == 3 and dialog.selected_slot() == slot
    assert dialog.stack.currentIndex() == 0
    assert appointments(qtbot, runner, handler, item.case_id) == []


def test_allowance_reached_is_explained(
    qtbot: Any, runner: Any, handler: Any, monkeypatch: Any
) -> None:
    from supportline.services.allowance import AllowanceExceeded, AllowanceStatus

    item = _first_waiting(qtbot, runner, handler)
    dialog = _dialog(qtbot, runner, handler, item.case_id)
    with qtbot.waitSignal(dialog.slots_loaded, timeout=10_000):
        qtbot.mouseClick(dialog.find_button, Qt.MouseButton.LeftButton)
    status = AllowanceStatus("counselling", date(2024, 4, 1), date(2025, 3, 31), 7, 0, 7, 0, False)

    def refuse(case_id: int, slot: Any) -> int:
        raise AllowanceExceeded(status, 1)

    monkeypatch.setattr(handler.booking, "book_assessment", refuse)
    with qtbot.waitSignal(dialog.operation_finished, timeout=10_000):
        qtbot.mouseClick(dialog.book_button, Qt.MouseButton.LeftButton)
    assert dialog.banner.text() == "Allowance reached: a clinical lead must authorise more."
    assert dialog.slot_model.rowCount() > 0 and dialog.book_button.isEnabled()


def test_tab_order_and_names(qtbot: Any, runner: Any, handler: Any) -> None:
    item = _first_waiting(qtbot, runner, handler)
    dialog = _dialog(qtbot, runner, handler, item.case_id)
    for widget in dialog.tab_order:
        assert widget.objectName() and widget.accessibleName(), widget
    expected = [w for w in dialog.tab_order if w.isVisibleTo(dialog) and w.isEnabled()]
    expected[0].setFocus()
    visited = [QApplication.focusWidget()]
    for _ in range(3 * len(expected)):
        if visited[-1] is expected[-1]:
            break
        press(qtbot, Qt.Key.Key_Tab)
        focus = QApplication.focusWidget()
        # An editable combo's line edit stands for its combo; Tab walks a date's sections.
        focus = focus.parent() if focus is dialog.language_combo.lineEdit() else focus
        if focus is not visited[-1]:
            visited.append(focus)
    assert [w.objectName() for w in visited] == [w.objectName() for w in expected]


def test_models_pass_the_model_tester(qtmodeltester: Any) -> None:
    from supportline.services.booking import PlannedOccurrence, SeriesPlan, Slot
    from ui.series_plan_table_model import SeriesPlanTableModel
    from ui.slot_table_model import SlotTableModel

    start = datetime(2025, 3, 4, 9, 0, tzinfo=UTC)
    slots = [
        Slot(
            start + timedelta(days=d),
            start + timedelta(days=d, hours=1),
            1,
            "Ann Bee",
            2,
            "Hall",
            3,
            "Room 1",
            3.24,
        )
        for d in (2, 0, 1)
    ]
    model = SlotTableModel()
    model.set_slots(slots)
    qtmodeltester.check(model)
    assert model.index(1, SlotTableModel.COLUMN_DATE).data() == "Tue 04/03/2025"
    assert model.index(1, SlotTableModel.COLUMN_TIME).data() == "09:00"
    assert model.index(1, SlotTableModel.COLUMN_DISTANCE).data() == "3.2 km"

    plan = SeriesPlan(
        1,
        1,
        2,
        3,
        (
            PlannedOccurrence(start, 3, None),
            PlannedOccurrence(start + timedelta(weeks=1), 3, "bank_holiday", slots[0]),
            PlannedOccurrence(start + timedelta(weeks=2), 3, "counsellor_on_leave", None),
        ),
    )
    plan_model = SeriesPlanTableModel()
    plan_model.set_plan(plan)
    qtmodeltester.check(plan_model)
    alt = plan_model.index(1, SeriesPlanTableModel.COLUMN_ALTERNATIVE)
    assert alt.data() == "Thu 06/03/2025 09:00, Room 1"
    assert alt.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    assert plan_model.index(2, SeriesPlanTableModel.COLUMN_STATUS).data() == (
        "The counsellor is on leave"
    )
    assert plan_model.bookable_count() == 2
    assert plan_model.setData(alt, Qt.CheckState.Unchecked, Qt.ItemDataRole.CheckStateRole)
    assert plan_model.bookable_count() == 1
    accepted = plan_model.accepted_plan()
    assert accepted.occurrences[1].alternative is None
    assert accepted.occurrences[0] == plan.occurrences[0]


def _counselling_case_at_a_school_with_its_sessions_used(
    qtbot: Any, runner: Any, services: Any
) -> Any:
    """The first waiting counselling case, its client now at a fictional school that bought as
    many sessions as its staff have already used (a colleague had one last month)."""
    from sqlalchemy import insert, select, update

    from supportline.db import schema

    item = next(
        i
        for i in run_on_db(qtbot, runner, lambda: services.cases.waiting_list())
        if i.status == "waiting" and i.service == "counselling"
    )
    today = services.today()
    now = services.session.clock()

    def seed() -> int:
        with services.session.case.begin() as conn:
            org = conn.execute(
                insert(schema.organisations).values(
                    name="Fictional Test Academy",
                    org_group="school",
                    phase="secondary",
                )
            ).inserted_primary_key[0]
            agreement = conn.execute(
                insert(schema.service_agreements).values(
                    organisation_id=org,
                    service="counselling",
                    starts_on=today - timedelta(days=60),
                    ends_on=today + timedelta(days=300),
                    purchased_sessions=1,
                )
            ).inserted_primary_key[0]
            client = conn.execute(
                select(schema.cases.c.client_id).where(schema.cases.c.id == item.case_id)
            ).scalar_one()
            conn.execute(
                update(schema.clients)
                .where(schema.clients.c.id == client)
                .values(organisation_id=org)
            )
            colleague = conn.execute(
                insert(schema.clients).values(
                    reference="SL-990002",
                    first_name="Col",
                    last_name="League",
                    organisation_id=org,
                    created_at=now,
                )
            ).inserted_primary_key[0]
            case = conn.execute(
                insert(schema.cases).values(
                    client_id=colleague,
                    service="counselling",
                    referral_route="self",
                    status="active",
                    opened_at=now,
                )
            ).inserted_primary_key[0]
            place = conn.execute(select(schema.rooms.c.venue_id, schema.rooms.c.id)).first()
            counsellor = conn.execute(select(schema.counsellors.c.id)).scalars().first()
            start = now - timedelta(days=30)
            conn.execute(
                insert(schema.appointments).values(
                    case_id=case,
                    client_id=colleague,
                    counsellor_id=counsellor,
                    venue_id=place.venue_id,
                    room_id=place.id,
                    starts_at=start,
                    ends_at=start + timedelta(minutes=50),
                    kind="session",
                    status="attended",
                )
            )
        (usage,) = services.packages.usage(org)
        with services.session.case.begin() as conn:
            conn.execute(
                update(schema.service_agreements)
                .where(schema.service_agreements.c.id == agreement)
                .values(purchased_sessions=usage.used)
            )
        return int(org)

    run_on_db(qtbot, runner, seed)
    return item


def test_a_handler_is_told_an_administrator_must_authorise_more_purchased_sessions(
    qtbot: Any, runner: Any, handler: Any
) -> None:
    item = _counselling_case_at_a_school_with_its_sessions_used(qtbot, runner, handler)
    dialog = _dialog(qtbot, runner, handler, item.case_id)
    with qtbot.waitSignal(dialog.slots_loaded, timeout=10_000):
        qtbot.mouseClick(dialog.find_button, Qt.MouseButton.LeftButton)
    slot = dialog.selected_slot()
    with qtbot.waitSignal(dialog.operation_finished, timeout=10_000) as finished:
        qtbot.mouseClick(dialog.book_button, Qt.MouseButton.LeftButton)
    assert finished.args == ["error"]
    text = dialog.banner.text()
    assert text.startswith("The organisation's purchased sessions are used up: ")
    assert "An administrator must authorise more sessions; nothing was booked." in text
    assert not dialog.authorise_package_button.isVisible()
    assert dialog.selected_slot() == slot and dialog.book_button.isEnabled()
    assert appointments(qtbot, runner, handler, item.case_id) == []


def test_an_administrator_authorises_more_purchased_sessions_from_the_booking(
    qtbot: Any, runner: Any, demo_dir: Path, open_session: Any, fake_clock: Any, monkeypatch: Any
) -> None:
    from ui.authorise_package_dialog import AuthorisePackageDialog, PackageAuthorisation

    admin = services_for(open_session, demo_dir, "admin", fake_clock)
    item = _counselling_case_at_a_school_with_its_sessions_used(qtbot, runner, admin)
    answers = [
        PackageAuthorisation(1, "Head teacher agreed an extra session"),
        PackageAuthorisation(10, "Block renewed early by the school"),
    ]
    asked: list[Any] = []

    def ask(cls: Any, parent: Any, usage: Any) -> PackageAuthorisation:
        asked.append(usage)
        return answers[len(asked) - 1]

    monkeypatch.setattr(AuthorisePackageDialog, "ask", classmethod(ask))
    dialog = _dialog(qtbot, runner, admin, item.case_id)
    with qtbot.waitSignal(dialog.slots_loaded, timeout=10_000):
        qtbot.mouseClick(dialog.find_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(dialog.operation_finished, timeout=10_000):
        qtbot.mouseClick(dialog.book_button, Qt.MouseButton.LeftButton)
    assert dialog.banner.text().startswith("The organisation's purchased sessions are used up")
    assert dialog.authorise_package_button.isVisible()

    # The assessment: one more session authorised, then booked.
    with qtbot.waitSignal(dialog.operation_finished, timeout=10_000) as finished:
        qtbot.mouseClick(dialog.authorise_package_button, Qt.MouseButton.LeftButton)
    assert finished.args == ["success"]
    assert asked[0].left == 0 and asked[0].purchased == asked[0].used
    assert dialog.banner.text() == "More purchased sessions authorised: 1. Book again."
    assert not dialog.authorise_package_button.isVisible()
    with qtbot.waitSignal(dialog.plan_loaded, timeout=10_000):
        qtbot.mouseClick(dialog.book_button, Qt.MouseButton.LeftButton)
    assert dialog.assessment_id is not None

    # The series: none left, so every week is marked and the administrator is offered more.
    weeks = dialog.plan_model.rowCount()
    assert weeks >= 1
    model = dialog.plan_model
    statuses = {dialog.plan_proxy.index(r, model.COLUMN_STATUS).data() for r in range(weeks)}
    assert statuses == {"Past the sessions the organisation purchased"}
    assert dialog.plan_proxy.index(0, model.COLUMN_ALTERNATIVE).data() == "Not booked"
    assert (
        f"Weeks past the sessions the organisation purchased: {weeks} (an administrator "
        "must authorise more)."
    ) in dialog.plan_summary_label.text()
    assert not dialog.confirm_button.isEnabled()
    assert dialog.authorise_package_button.isVisible()
    with qtbot.waitSignal(dialog.plan_loaded, timeout=10_000):
        qtbot.mouseClick(dialog.authorise_package_button, Qt.MouseButton.LeftButton)
    assert asked[1].authorised_extra == 1 and asked[1].left == 0
    statuses = [dialog.plan_proxy.index(r, model.COLUMN_STATUS).data() for r in range(weeks)]
    assert "Past the sessions the organisation purchased" not in statuses
    assert not dialog.authorise_package_button.isVisible()
    with qtbot.waitSignal(dialog.series_booked, timeout=10_000) as booked:
        qtbot.mouseClick(dialog.confirm_button, Qt.MouseButton.LeftButton)
    assert len(booked.args[0]) == model.bookable_count()
    (usage,) = [
        u
        for u in run_on_db(
            qtbot, runner, lambda: admin.packages.usage(asked[0].agreement.organisation_id)
        )
    ]
    assert usage.authorised_extra == 11 and usage.used == asked[0].used + 1 + len(booked.args[0])
