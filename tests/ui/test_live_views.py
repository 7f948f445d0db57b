"""Open views follow what the task runner changed: no Refresh needed, selection kept, forms spared.

Each test builds the views it needs on one runner and one session, changes something through
one view (or straight through a service on the runner, as another page would), and waits for
the other view to show it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from supportline.changes import Changes
from supportline.roles import Role
from tests.ui.bookingwork import make_demo, services_for
from tests.ui.casework import Seeded, seed
from tests.ui.conftest import run_on_db


@pytest.fixture
def seeded(staffed_dir: Path) -> Seeded:
    return seed(staffed_dir)


@pytest.fixture
def handler_services(staffed_dir: Path, seeded: Seeded, open_session: Any, fake_clock: Any) -> Any:
    from ui.services import Services

    return Services.for_session(open_session(staffed_dir, "handler", clock=fake_clock))


def _shown(qtbot: Any, widget: Any) -> Any:
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def _waiting_list(qtbot: Any, runner: Any, services: Any, rows: int) -> Any:
    from ui.waiting_list_view import WaitingListView

    view = _shown(qtbot, WaitingListView(services, runner))
    qtbot.waitUntil(lambda: view.model.rowCount() == rows and runner.pending == 0)
    return view


def _save_new_referral(qtbot: Any, runner: Any, services: Any, client_id: int) -> None:
    """A call through the Calls view: a new counselling referral for an existing client."""
    from ui.calls_view import CallsView

    calls = _shown(qtbot, CallsView(services, runner))
    form = calls.open_form()
    qtbot.waitUntil(lambda: form.draft is not None)
    form.purpose_combo.setCurrentIndex(form.purpose_combo.findData("new_referral"))
    with qtbot.waitSignal(form.client_loaded, timeout=5000):
        form.choose_client(client_id)
    qtbot.waitUntil(lambda: runner.pending == 0)
    form.outcome_combo.setCurrentIndex(form.outcome_combo.findData("counselling"))
    form.route_combo.setCurrentIndex(form.route_combo.findData("self"))
    form.issues_list.item(0).setCheckState(Qt.CheckState.Checked)
    form.urgency_combo.setCurrentIndex(form.urgency_combo.findData("soon"))
    with qtbot.waitSignal(calls.operation_finished, timeout=10_000) as finished:
        form.save_button.click()
    assert finished.args == ["success"], calls.banner.text()


def test_a_saved_call_shows_on_the_waiting_list_without_refresh(
    qtbot: Any, runner: Any, handler_services: Any, seeded: Seeded
) -> None:
    waiting = _waiting_list(qtbot, runner, handler_services, rows=3)
    loads: list[int] = []
    waiting.list_loaded.connect(lambda: loads.append(waiting.model.rowCount()))
    _save_new_referral(qtbot, runner, handler_services, seeded.alice)
    qtbot.waitUntil(lambda: waiting.model.rowCount() == 4, timeout=5000)
    assert waiting.count_label.text() == "4 waiting"
    assert loads == [4]  # one reload for the whole call, however many tables it wrote


def test_a_hidden_view_is_refreshed_when_it_is_next_shown(
    qtbot: Any, runner: Any, handler_services: Any, seeded: Seeded
) -> None:
    waiting = _waiting_list(qtbot, runner, handler_services, rows=3)
    waiting.hide()
    _save_new_referral(qtbot, runner, handler_services, seeded.alice)
    qtbot.waitUntil(lambda: runner.pending == 0)
    assert waiting.model.rowCount() == 3  # nothing loaded for a view nobody sees
    assert waiting.change_watch.stale
    with qtbot.waitSignal(waiting.list_loaded, timeout=5000):
        waiting.show()
    assert waiting.model.rowCount() == 4 and not waiting.change_watch.stale


def test_a_refresh_keeps_the_selection_and_the_scroll_position(
    qtbot: Any, runner: Any, handler_services: Any, seeded: Seeded
) -> None:
    waiting = _waiting_list(qtbot, runner, handler_services, rows=3)
    waiting.resize(900, 140)  # room for about one row: the table scrolls
    qtbot.waitUntil(lambda: waiting.table.verticalScrollBar().maximum() > 0)
    waiting.table.selectRow(2)
    chosen = waiting.selected_item()
    scrolled = waiting.table.verticalScrollBar().value()
    assert scrolled > 0
    _save_new_referral(qtbot, runner, handler_services, seeded.alice)
    qtbot.waitUntil(lambda: waiting.model.rowCount() == 4, timeout=5000)
    assert waiting.selected_item().case_id == chosen.case_id
    assert waiting.table.verticalScrollBar().value() == scrolled


def test_unrelated_changes_reload_nothing(
    qtbot: Any, runner: Any, handler_services: Any, seeded: Seeded
) -> None:
    waiting = _waiting_list(qtbot, runner, handler_services, rows=3)
    with qtbot.assertNotEmitted(waiting.list_loaded, wait=200):
        runner.changes_made.emit(Changes.of("venue_hours", "audit"))


def test_the_users_list_follows_users_added_and_passwords_reset(
    qtbot: Any, runner: Any, staffed_admin_services: Any
) -> None:
    from ui.users_view import UsersView

    view = _shown(qtbot, UsersView(staffed_admin_services, runner))
    qtbot.waitUntil(lambda: view.model.rowCount() == 4)
    users = staffed_admin_services.users
    run_on_db(
        qtbot,
        runner,
        lambda: users.add_user(
            "nina", "Nina New", [Role.COUNSELLOR], "nina password 1", must_change_password=False
        ),
    )
    qtbot.waitUntil(lambda: view.model.rowCount() == 5, timeout=5000)
    assert view.select_username("nina")
    run_on_db(qtbot, runner, lambda: users.reset_password("nina"))  # only the key store changes
    qtbot.waitUntil(
        lambda: view.model.status_text(view.selected_user()) == "Active (must change password)",
        timeout=5000,
    )


@pytest.fixture
def demo_handler(tmp_path: Path, open_session: Any, fake_clock: Any) -> Any:
    return services_for(open_session, make_demo(tmp_path), "handler", fake_clock)


def test_booking_an_assessment_updates_the_headers_that_said_waiting(
    qtbot: Any, runner: Any, demo_handler: Any
) -> None:
    from ui.booking_dialog import BookingDialog
    from ui.client_detail_view import ClientDetailView

    services = demo_handler
    item = next(
        i for i in run_on_db(qtbot, runner, services.cases.waiting_list) if i.status == "waiting"
    )
    record = run_on_db(qtbot, runner, lambda: services.clients.open(item.client_id))
    detail = _shown(qtbot, ClientDetailView(services, runner, record))
    qtbot.waitUntil(lambda: detail.cases_list.count() > 0 and runner.pending == 0)
    case_rows = [detail.cases_list.item(r).text() for r in range(detail.cases_list.count())]
    assert any("Waiting for assessment" in text for text in case_rows)
    detail.form.phone_alt_edit.setText("07700 900999")  # being edited: must survive

    dialog = _shown(qtbot, BookingDialog(services, runner, item.case_id))
    qtbot.waitUntil(lambda: dialog._loading == 0, timeout=10_000)
    assert "Waiting for assessment" in dialog.header_label.text()
    with qtbot.waitSignal(dialog.slots_loaded, timeout=10_000):
        dialog.find()
    dialog.results_table.selectRow(0)
    with qtbot.waitSignal(dialog.assessment_booked, timeout=10_000):
        dialog.book_selected()
    qtbot.waitUntil(lambda: "Assessment booked" in dialog.header_label.text(), timeout=5000)
    assert "Waiting for assessment" not in dialog.header_label.text()
    qtbot.waitUntil(
        lambda: any(
            "Assessment booked" in detail.cases_list.item(r).text()
            for r in range(detail.cases_list.count())
        ),
        timeout=5000,
    )
    assert detail.form.phone_alt_edit.text() == "07700 900999"


def _venue_input(code: str, name: str) -> Any:
    from supportline.services.venues import VenueInput

    return VenueInput(
        code=code,
        name=name,
        address="1 Fictional Road",
        town="Ashford",
        postcode="TN23 1AA",
        district="Ashford",
        lat=51.15,
        lon=0.87,
    )


def test_an_admin_page_never_reloads_over_unsaved_edits(
    qtbot: Any, runner: Any, admin_services: Any
) -> None:
    from supportline.services.venues import VenueService
    from ui.venues_view import VenuesView

    venues = VenueService(admin_services.session)
    first = run_on_db(qtbot, runner, lambda: venues.save(_venue_input("V1", "First Hall")))
    view = _shown(qtbot, VenuesView(admin_services, runner))
    qtbot.waitUntil(lambda: view.model.rowCount() == 1 and runner.pending == 0)
    assert view.select_venue(first)
    view.name_edit.setText("First Hall, renamed")
    with qtbot.assertNotEmitted(view.venues_loaded, wait=200):
        run_on_db(qtbot, runner, lambda: venues.save(_venue_input("V2", "Second Hall")))
    assert view.change_watch.stale
    assert view.name_edit.text() == "First Hall, renamed" and view.model.rowCount() == 1
    with qtbot.waitSignal(view.venues_loaded, timeout=5000):
        view.save_button.click()
    assert view.model.rowCount() == 2 and not view.change_watch.stale
    assert view.name_edit.text() == "First Hall, renamed"
    assert view.selected_venue().id == first


def test_an_open_client_record_shows_changes_above_the_form_it_leaves_alone(
    qtbot: Any, runner: Any, handler_services: Any, seeded: Seeded
) -> None:
    from dataclasses import replace

    from ui.client_detail_view import ClientDetailView

    clients = handler_services.clients
    record = run_on_db(qtbot, runner, lambda: clients.open(seeded.alice))
    detail = _shown(qtbot, ClientDetailView(handler_services, runner, record))
    qtbot.waitUntil(lambda: detail.cases_list.count() > 0 and runner.pending == 0)
    detail.form.phone_alt_edit.setText("07700 900999")  # being typed, not saved
    renamed = replace(record.data, last_name="Smithson-Reed")
    run_on_db(qtbot, runner, lambda: clients.update(seeded.alice, renamed))  # elsewhere
    qtbot.waitUntil(lambda: "Smithson-Reed" in detail.title_label.text(), timeout=5000)
    assert detail.form.phone_alt_edit.text() == "07700 900999"
    assert detail.form.last_name_edit.text() == "Smithson"  # the form is the user's
