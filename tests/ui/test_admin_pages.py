"""Administration > Organisations, Venues and Counsellors, on a real encrypted demo store."""

from __future__ import annotations

from datetime import date, time
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QWidget,
)

from supportline.errors import RowProblem
from supportline.services.counsellors import Availability, CounsellorInfo, CounsellorService, Leave
from supportline.services.eligibility import Agreement, OrganisationInfo, Reason, Status
from supportline.services.packages import AgreementUsage
from supportline.services.venues import Room, VenueInfo, VenueService
from tests.ui.conftest import run_on_db

DEMO_PASSWORD = "demo password 1"

ORGANISATIONS_CSV = "name,group,phase,directorate\nTestbed Academy,school,secondary,\n"
BAD_VENUES_CSV = (
    "code,name,address,town,postcode,district,lat,lon,rooms,step_free,hearing_loop,parking,hours\n"
    "NEW1,New Place,1 Road,Ashford,TN23 1AA,Ashford,51.14,0.87,Room 1,yes,no,yes,"
    "Mon 09:00-17:00\n"
    "NEW2,Second Place,2 Road,Dover,NOT A POSTCODE,Dover,51.12,1.31,Room 1,yes,no,maybe,"
    "Mon 09:00-17:00\n"
    ",Third Place,3 Road,Deal,CT14 6AA,Nowhere,51.2,1.4,Room 1,no,no,no,Mon 17:00-09:00\n"
)


# -- fixtures ---------------------------------------------------------------------------------


@pytest.fixture
def demo_dir(tmp_path: Path) -> Path:
    from supportline.demo import create_demo

    path = tmp_path / "demo"
    create_demo(path, DEMO_PASSWORD, clients=40)
    return path


@pytest.fixture
def services(demo_dir: Path, open_session: Any) -> Any:
    from ui.services import Services

    return Services.for_session(open_session(demo_dir, "admin", DEMO_PASSWORD))


def _page(qtbot: Any, page: Any, loaded: Any) -> Any:
    qtbot.addWidget(page)
    page.resize(1280, 760)
    page.show()
    qtbot.waitUntil(lambda: page.model.rowCount() > 0, timeout=10_000)
    return page


@pytest.fixture
def organisations(qtbot: Any, runner: Any, services: Any) -> Any:
    from ui.organisations_view import OrganisationsView

    view = OrganisationsView(services, runner)
    return _page(qtbot, view, view.organisations_loaded)


@pytest.fixture
def venues(qtbot: Any, runner: Any, services: Any) -> Any:
    from ui.venues_view import VenuesView

    view = VenuesView(services, runner)
    return _page(qtbot, view, view.venues_loaded)


@pytest.fixture
def counsellors(qtbot: Any, runner: Any, services: Any) -> Any:
    from ui.counsellors_view import CounsellorsView

    view = CounsellorsView(services, runner)
    return _page(qtbot, view, view.counsellors_loaded)


def _click(qtbot: Any, view: Any, button: Any, timeout: int = 20_000) -> str:
    assert button.isEnabled(), button.objectName()
    with qtbot.waitSignal(view.operation_finished, timeout=timeout) as blocker:
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not view.busy)
    return blocker.args[0]


def _after_reload(qtbot: Any, signal: Any, action: Any) -> Any:
    with qtbot.waitSignal(signal, timeout=20_000):
        result = action()
    return result


def _venue(qtbot: Any, runner: Any, services: Any, venue_id: int) -> VenueInfo:
    return run_on_db(qtbot, runner, lambda: VenueService(services.session).get(venue_id))


# -- models ------------------------------------------------------------------------------------


def test_new_models_pass_qtmodeltester(qtmodeltester: Any) -> None:
    from ui.agreement_table_model import AgreementTableModel
    from ui.availability_table_model import AvailabilityTableModel
    from ui.counsellor_table_model import CounsellorTableModel
    from ui.import_problem_table_model import ImportProblemTableModel
    from ui.organisation_table_model import OrganisationTableModel
    from ui.room_table_model import RoomTableModel
    from ui.venue_table_model import VenueTableModel

    nine, five = time(9, 0), time(17, 0)
    room = Room(1, 1, "Room 1", True)
    venue = VenueInfo(
        1,
        "V1",
        "Hall",
        "1 Road",
        "Ashford",
        "TN23 1AA",
        "Ashford",
        51.1,
        0.8,
        True,
        False,
        True,
        False,
        {0: (nine, five)},
        (room,),
        frozenset({date(2025, 12, 25)}),
    )
    slot = Availability(1, 0, nine, five)
    rows = {
        OrganisationTableModel: [
            OrganisationInfo(1, "Oak School", "school", "primary", None, True),
            OrganisationInfo(2, "KCC", "kcc", None, "Children's", False),
        ],
        AgreementTableModel: [
            AgreementUsage(Agreement(1, 1, "counselling", date(2024, 4, 1), None, None), 4),
            AgreementUsage(
                Agreement(2, 1, "coaching", date(2024, 4, 1), date(2025, 3, 31), 20), 23, 2
            ),
        ],
        VenueTableModel: [venue],
        RoomTableModel: [room, Room(2, 1, "Room 2", False)],
        CounsellorTableModel: [
            CounsellorInfo(
                1,
                "Ann Larkwood",
                "female",
                ("English",),
                ("counselling",),
                10,
                True,
                True,
                None,
                (slot,),
                (Leave(date(2025, 8, 1), date(2025, 8, 8)),),
            )
        ],
        AvailabilityTableModel: [slot, Availability(2, 6, nine, five)],
        ImportProblemTableModel: [
            RowProblem(3, "postcode", "postcode_format", "NOT"),
            RowProblem(2, "", "column_count"),
        ],
    }
    for model_class, items in rows.items():
        model = model_class()
        model.set_rows(items)
        qtmodeltester.check(model, force_py=True)
        for row in range(model.rowCount()):
            for column in range(model.columnCount()):
                assert isinstance(model.index(row, column).data(), str)
        model.set_rows([])
        assert model.rowCount() == 0
    availability = AvailabilityTableModel()
    qtmodeltester.check(availability, force_py=True)
    availability.set_venue_names({1: "Hall"})
    availability.add(slot)
    assert availability.index(0, 0).data() == "Hall"
    assert availability.index(0, 1).data() == "Monday"
    availability.remove(slot)
    assert availability.rowCount() == 0


def test_administration_has_the_new_tabs(qtbot: Any, runner: Any, services: Any) -> None:
    from ui.administration_view import AdministrationView

    view = AdministrationView(services, runner)
    qtbot.addWidget(view)
    tabs = [view.tabs.tabText(i).replace("&", "") for i in range(view.tabs.count())]
    assert tabs == ["Users", "Settings", "Organisations", "Venues", "Counsellors"]
    qtbot.waitUntil(lambda: view.counsellors_view.model.rowCount() == 40, timeout=10_000)
    qtbot.waitUntil(lambda: view.venues_view.model.rowCount() == 71, timeout=10_000)


@pytest.mark.parametrize("fixture", ["organisations", "venues", "counsellors"])
def test_every_control_has_an_accessible_name(request: Any, fixture: str) -> None:
    view = request.getfixturevalue(fixture)
    kinds = (QAbstractButton, QLineEdit, QComboBox, QAbstractSpinBox, QAbstractItemView)
    unnamed = [
        (widget.objectName() or type(widget).__name__, type(widget.parent()).__name__)
        for widget in view.findChildren(QWidget)
        if isinstance(widget, kinds)
        # Parts Qt builds inside other controls: a spin box's line edit, a line edit's clear
        # button, a table's headers and corner button, a combo's popup (its own window).
        and not isinstance(
            widget.parent(), (QAbstractSpinBox, QComboBox, QAbstractItemView, QLineEdit)
        )
        and widget.window() is view.window()
        and widget.parent() is not None
        and "qt_" not in widget.objectName()
        and not widget.accessibleName()
    ]
    assert unnamed == []


# -- organisations -----------------------------------------------------------------------------


def test_import_then_add_agreement_makes_staff_eligible(
    qtbot: Any, runner: Any, services: Any, organisations: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    from ui.add_agreement_dialog import AddAgreementDialog, NewAgreement
    from ui.csv_file_dialog import CsvFileDialog

    csv_path = tmp_path / "organisations.csv"
    csv_path.write_text(ORGANISATIONS_CSV, encoding="utf-8")
    monkeypatch.setattr(CsvFileDialog, "ask", classmethod(lambda cls, parent, title: csv_path))
    before = organisations.model.rowCount()
    assert _click(qtbot, organisations, organisations.import_button) == "success"
    assert organisations.banner.text() == "Imported: 1 new and 0 updated organisations."
    qtbot.waitUntil(lambda: organisations.model.rowCount() == before + 1)

    organisations.filter_edit.setText("Testbed")
    assert organisations.proxy.rowCount() == 1
    organisations.table.selectRow(0)
    testbed = organisations.selected_organisation()
    assert testbed.name == "Testbed Academy" and testbed.org_group == "school"
    assert organisations.proxy.index(0, 1).data() == "School"
    qtbot.waitUntil(lambda: organisations.agreement_model.rowCount() == 0)
    today = services.today()
    check = services.eligibility.check
    before_check = run_on_db(qtbot, runner, lambda: check(testbed.id, "coaching", today))
    assert before_check.status is Status.NOT_ELIGIBLE
    assert before_check.reason is Reason.NO_AGREEMENT

    asked: list[Any] = []

    def ask(cls: Any, parent: Any, organisation: Any, day: date) -> NewAgreement:
        asked.append(organisation)
        return NewAgreement("coaching", date(today.year - 1, 4, 1), None, 30)

    monkeypatch.setattr(AddAgreementDialog, "ask", classmethod(ask))
    assert _click(qtbot, organisations, organisations.add_agreement_button) == "success"
    assert asked[0].id == testbed.id
    assert organisations.banner.text() == "Coaching agreement added for Testbed Academy."
    qtbot.waitUntil(lambda: organisations.agreement_model.rowCount() == 1)
    row = [organisations.agreement_proxy.index(0, c).data() for c in range(4)]
    assert row == ["Coaching", f"01/04/{today.year - 1}", "Open-ended", "30"]
    after = run_on_db(qtbot, runner, lambda: check(testbed.id, "coaching", today))
    assert after.status is Status.ELIGIBLE and after.purchased_sessions == 30
    still_not = run_on_db(qtbot, runner, lambda: check(testbed.id, "mediation", today))
    assert still_not.reason is Reason.SERVICE_NOT_COVERED


def _school_with_a_purchased_block(services: Any) -> tuple[int, int]:
    """A fictional school that bought 3 counselling sessions this year; one of its staff has
    had two, missed one, cancelled one in good time and has one booked: 4 used."""
    from datetime import UTC, datetime, timedelta

    from sqlalchemy import insert, select

    from supportline.db import schema

    today = services.today()
    now = datetime.now(UTC)
    with services.session.case.begin() as conn:
        org = conn.execute(
            insert(schema.organisations).values(
                name="Fictional Test Primary School",
                org_group="school",
                phase="primary",
            )
        ).inserted_primary_key[0]
        agreement = conn.execute(
            insert(schema.service_agreements).values(
                organisation_id=org,
                service="counselling",
                starts_on=today - timedelta(days=200),
                ends_on=today + timedelta(days=165),
                purchased_sessions=3,
            )
        ).inserted_primary_key[0]
        client = conn.execute(
            insert(schema.clients).values(
                reference="SL-990001",
                first_name="Test",
                last_name="Teacher",
                organisation_id=org,
                created_at=now,
            )
        ).inserted_primary_key[0]
        case = conn.execute(
            insert(schema.cases).values(
                client_id=client,
                service="counselling",
                referral_route="self",
                status="active",
                opened_at=now,
            )
        ).inserted_primary_key[0]
        place = conn.execute(select(schema.rooms.c.venue_id, schema.rooms.c.id).limit(1)).one()
        counsellor = conn.execute(select(schema.counsellors.c.id).limit(1)).scalar_one()
        base = datetime.combine(today, time(23, 0), UTC)
        for days, status in (
            (-90, "attended"),
            (-83, "attended"),
            (-76, "dna"),
            (-69, "cancelled_client"),
            (30, "booked"),
        ):
            start = base + timedelta(days=days)
            conn.execute(
                insert(schema.appointments).values(
                    case_id=case,
                    client_id=client,
                    counsellor_id=counsellor,
                    venue_id=place.venue_id,
                    room_id=place.id,
                    starts_at=start,
                    ends_at=start + timedelta(minutes=50),
                    kind="session",
                    status=status,
                )
            )
    return int(org), int(agreement)


def test_each_agreement_shows_purchased_used_and_left(
    qtbot: Any, runner: Any, services: Any, monkeypatch: Any
) -> None:
    from ui.authorise_package_dialog import AuthorisePackageDialog, PackageAuthorisation
    from ui.organisations_view import OrganisationsView

    org, agreement = run_on_db(qtbot, runner, lambda: _school_with_a_purchased_block(services))
    view = OrganisationsView(services, runner)
    organisations = _page(qtbot, view, view.organisations_loaded)
    organisations.filter_edit.setText("Fictional Test Primary")
    assert organisations.proxy.rowCount() == 1
    with qtbot.waitSignal(organisations.agreements_loaded, timeout=10_000):
        organisations.table.selectRow(0)
    model = organisations.agreement_model
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(6)][3:] == [
        "Purchased sessions",
        "Used",
        "Left",
    ]

    def row() -> list[str]:
        return [organisations.agreement_proxy.index(0, c).data() for c in range(3, 6)]

    assert row() == ["3", "4", "0 (1 over)"]
    assert not organisations.authorise_package_button.isEnabled()  # no agreement chosen
    organisations.agreements_table.selectRow(0)
    assert organisations.selected_agreement().agreement.id == agreement
    assert organisations.authorise_package_button.isVisible()
    assert organisations.authorise_package_button.isEnabled()

    asked: list[Any] = []

    def ask(cls: Any, parent: Any, usage: Any) -> PackageAuthorisation:
        asked.append(usage)
        return PackageAuthorisation(2, "Agreed with the school business manager")

    monkeypatch.setattr(AuthorisePackageDialog, "ask", classmethod(ask))
    assert _click(qtbot, organisations, organisations.authorise_package_button) == "success"
    assert (asked[0].used, asked[0].left, asked[0].over) == (4, 0, 1)
    assert organisations.banner.text() == (
        "Extra sessions authorised for Fictional Test Primary School: 2."
    )
    qtbot.waitUntil(lambda: row() == ["3 + 2 authorised", "4", "1"], timeout=10_000)
    assert organisations.selected_agreement().agreement.id == agreement
    (usage,) = run_on_db(qtbot, runner, lambda: services.packages.usage(org))
    assert (usage.allowed, usage.left) == (5, 1)


def test_the_authorise_dialog_needs_a_reason(qtbot: Any) -> None:
    from ui.authorise_package_dialog import AuthorisePackageDialog

    usage = AgreementUsage(Agreement(1, 1, "counselling", date(2025, 9, 1), None, 10), 12, 1)
    dialog = AuthorisePackageDialog(usage)
    qtbot.addWidget(dialog)
    assert "12 used of 11 (10 purchased, 1 authorised before), 0 left" in (
        dialog.status_label.text()
    )
    assert dialog.extra_spin.value() == 2  # enough to cover what is already over, and one more
    assert not dialog.ok_button.isEnabled()
    dialog.reason_edit.setPlainText("Agreed")
    assert dialog.ok_button.isEnabled()
    assert dialog.value().reason == "Agreed" and dialog.value().extra_sessions == 2


def test_bad_agreement_is_explained(qtbot: Any, organisations: Any, monkeypatch: Any) -> None:
    from ui.add_agreement_dialog import AddAgreementDialog, NewAgreement

    monkeypatch.setattr(
        AddAgreementDialog,
        "ask",
        classmethod(
            lambda cls, parent, org, day: NewAgreement(
                "counselling", date(2025, 4, 1), date(2025, 3, 1), None
            )
        ),
    )
    organisations.table.selectRow(0)
    assert _click(qtbot, organisations, organisations.add_agreement_button) == "error"
    assert organisations.banner.text() == (
        "The agreement cannot end before it starts; nothing was saved."
    )


def test_deactivate_an_organisation(
    qtbot: Any, runner: Any, services: Any, organisations: Any
) -> None:
    organisations.table.selectRow(0)
    chosen = organisations.selected_organisation()
    assert chosen.active and organisations.active_button.text() == "&Deactivate"
    assert _click(qtbot, organisations, organisations.active_button) == "success"
    qtbot.waitUntil(
        lambda: (
            organisations.selected_organisation() is not None
            and not organisations.selected_organisation().active
        )
    )
    assert organisations.active_button.text() == "Re&activate"
    check = run_on_db(
        qtbot,
        runner,
        lambda: services.eligibility.check(chosen.id, "counselling", services.today()),
    )
    assert check.reason is Reason.INACTIVE


# -- venues ------------------------------------------------------------------------------------


def test_venue_validation_error_is_shown_and_nothing_saved(
    qtbot: Any, runner: Any, services: Any, venues: Any
) -> None:
    venues.table.selectRow(0)
    venue = venues.selected_venue()
    assert venues.name_edit.text() == venue.name
    venues.name_edit.clear()
    venues.postcode_edit.setText("NOT A POSTCODE")
    venues.lat_spin.setValue(40.0)
    assert _click(qtbot, venues, venues.save_button) == "error"
    text = venues.banner.text()
    assert "Name: this is required." in text
    assert "Postcode: enter a UK postcode" in text
    assert "Coordinates: the latitude and longitude are not in Kent or Medway." in text
    assert venues.name_edit.text() == ""  # the user's edits stay for correcting
    stored = _venue(qtbot, runner, services, venue.id)
    assert stored == venue


def test_venue_edit_and_opening_hours_are_saved(
    qtbot: Any, runner: Any, services: Any, venues: Any
) -> None:
    from PySide6.QtCore import QTime

    venues.table.selectRow(0)
    venue = venues.selected_venue()
    venues.name_edit.setText("Renamed Rooms")
    sunday_open, sunday_opens, sunday_closes = venues.hours_editors[6]
    sunday_open.setChecked(True)
    sunday_opens.setTime(QTime(10, 0))
    sunday_closes.setTime(QTime(14, 30))
    venues.hearing_loop_check.setChecked(not venue.hearing_loop)
    assert _click(qtbot, venues, venues.save_button) == "success"
    assert venues.banner.text() == "Renamed Rooms saved."
    stored = _venue(qtbot, runner, services, venue.id)
    assert stored.name == "Renamed Rooms"
    assert stored.hours[6] == (time(10, 0), time(14, 30))
    assert stored.hearing_loop is not venue.hearing_loop
    qtbot.waitUntil(
        lambda: (
            venues.selected_venue() is not None and venues.selected_venue().name == "Renamed Rooms"
        )
    )


def test_bad_opening_hours_are_refused(qtbot: Any, runner: Any, services: Any, venues: Any) -> None:
    from PySide6.QtCore import QTime

    venues.table.selectRow(0)
    venue = venues.selected_venue()
    monday_open, monday_opens, monday_closes = venues.hours_editors[0]
    monday_open.setChecked(True)
    monday_opens.setTime(QTime(18, 0))
    monday_closes.setTime(QTime(9, 0))
    assert _click(qtbot, venues, venues.save_button) == "error"
    assert venues.banner.text().startswith("Opening hours: each day needs a closing time")
    assert _venue(qtbot, runner, services, venue.id).hours == venue.hours


def test_add_a_room_and_a_closure(qtbot: Any, runner: Any, services: Any, venues: Any) -> None:
    venues.table.selectRow(0)
    venue = venues.selected_venue()
    rooms_before = venues.room_model.rowCount()
    venues.room_name_edit.setText("Garden Room")
    assert _click(qtbot, venues, venues.add_room_button) == "success"
    assert venues.banner.text() == f"Room Garden Room added to {venue.name}."
    qtbot.waitUntil(lambda: venues.room_model.rowCount() == rooms_before + 1)
    assert venues.room_name_edit.text() == ""
    stored = _venue(qtbot, runner, services, venue.id)
    assert "Garden Room" in {room.name for room in stored.rooms if room.active}

    assert venues._select(venues.rooms_table, lambda room: room.name == "Garden Room")
    assert _click(qtbot, venues, venues.room_active_button) == "success"
    stored = _venue(qtbot, runner, services, venue.id)
    assert [room.active for room in stored.rooms if room.name == "Garden Room"] == [False]

    venues.closure_from_edit.set_value(date(2030, 12, 24))
    venues.closure_to_edit.set_value(date(2030, 12, 26))
    venues.closure_reason_edit.setText("Christmas")
    assert _click(qtbot, venues, venues.add_closure_button) == "success"
    assert venues.banner.text() == f"{venue.name} is closed from 24/12/2030 to 26/12/2030."
    stored = _venue(qtbot, runner, services, venue.id)
    assert {date(2030, 12, 24), date(2030, 12, 25), date(2030, 12, 26)} <= stored.closures
    qtbot.waitUntil(
        lambda: any(
            venues.closures_list.item(i).text() == "25/12/2030"
            for i in range(venues.closures_list.count())
        )
    )


def test_an_empty_room_name_is_refused(qtbot: Any, venues: Any) -> None:
    venues.table.selectRow(0)
    assert _click(qtbot, venues, venues.add_room_button) == "error"
    assert venues.banner.text() == "Room: this is required."


def test_bad_venues_csv_lists_every_problem_by_line_and_imports_nothing(
    qtbot: Any, runner: Any, services: Any, venues: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    from ui.csv_file_dialog import CsvFileDialog
    from ui.import_problem_table_model import ImportProblemTableModel
    from ui.import_problems_dialog import ImportProblemsDialog

    csv_path = tmp_path / "venues.csv"
    csv_path.write_text(BAD_VENUES_CSV, encoding="utf-8")
    monkeypatch.setattr(CsvFileDialog, "ask", classmethod(lambda cls, parent, title: csv_path))
    shown: list[Any] = []

    def ask(cls: Any, parent: Any, title: str, problems: Any) -> None:
        dialog = cls(title, problems, parent)
        shown.append(
            [
                [dialog.proxy.index(row, column).data() for column in range(3)]
                for row in range(dialog.proxy.rowCount())
            ]
        )
        shown.append(dialog.table.accessibleName())
        dialog.deleteLater()

    monkeypatch.setattr(ImportProblemsDialog, "ask", classmethod(ask))
    before = venues.model.rowCount()
    assert _click(qtbot, venues, venues.import_button) == "error"
    assert venues.banner.text() == "The file has 5 problems; nothing was imported."
    rows, accessible = shown
    assert accessible == "Import problems"
    assert [row[:2] for row in rows] == [
        ["3", "Parking"],
        ["3", "Postcode"],
        ["4", "Code"],
        ["4", "District"],
        ["4", "Opening hours"],
    ]
    assert rows[1][2] == "enter a UK postcode, for example ME19 4AB."
    assert rows[3][2] == "that is not a Kent or Medway district."
    assert ImportProblemTableModel.COLUMN_LINE == 0
    names = {v.name for v in run_on_db(qtbot, runner, VenueService(services.session).all)}
    assert "New Place" not in names and len(names) == before


def test_unreadable_csv_is_explained(qtbot: Any, venues: Any, tmp_path: Path) -> None:
    csv_path = tmp_path / "venues.csv"
    csv_path.write_text("code,name\nV1,Hall\n", encoding="utf-8")
    with qtbot.waitSignal(venues.operation_finished, timeout=20_000) as blocker:
        venues.import_file(csv_path)
    assert blocker.args == ["error"]
    assert venues.banner.text() == "The file has no “address” column; nothing was imported."


# -- counsellors -------------------------------------------------------------------------------


def _pick_counsellor_and_venue(counsellors: Any) -> tuple[Any, VenueInfo, int]:
    counsellors.table.selectRow(0)
    counsellor = counsellors.selected_counsellor()
    venue = next(v for v in counsellors._venues.values() if 0 in v.hours)
    counsellors.venue_combo.setCurrentIndex(counsellors.venue_combo.findData(venue.id))
    counsellors.weekday_combo.setCurrentIndex(0)
    return counsellor, venue, 0


def test_availability_outside_venue_hours_is_refused(
    qtbot: Any, runner: Any, services: Any, counsellors: Any
) -> None:
    from PySide6.QtCore import QTime

    counsellor, venue, monday = _pick_counsellor_and_venue(counsellors)
    opens, closes = venue.hours[monday]
    assert counsellors.hours_label.text() == (f"(venue open {opens:%H:%M}–{closes:%H:%M})")
    counsellors.starts_edit.setTime(QTime(6, 0))
    counsellors.ends_edit.setTime(QTime(23, 0))
    rows_before = counsellors.availability_model.rowCount()
    qtbot.mouseClick(counsellors.add_row_button, Qt.MouseButton.LeftButton)
    assert counsellors.availability_model.rowCount() == rows_before + 1
    assert _click(qtbot, counsellors, counsellors.save_availability_button) == "error"
    assert counsellors.banner.text() == (
        "Availability: the time is outside the venue's opening hours on that day."
    )
    stored = run_on_db(
        qtbot, runner, lambda: CounsellorService(services.session).get(counsellor.id)
    )
    assert stored.availability == counsellor.availability
    # The rejected row stays on screen to be corrected or removed.
    assert counsellors.availability_model.rowCount() == rows_before + 1


def test_availability_inside_hours_and_leave_are_saved(
    qtbot: Any, runner: Any, services: Any, counsellors: Any
) -> None:
    from PySide6.QtCore import QTime

    counsellor, venue, monday = _pick_counsellor_and_venue(counsellors)
    opens, _closes = venue.hours[monday]
    # Replace whatever was there with one Monday morning.
    while counsellors.availability_model.rowCount():
        counsellors.availability_table.selectRow(0)
        qtbot.mouseClick(counsellors.remove_row_button, Qt.MouseButton.LeftButton)
    counsellors.starts_edit.setTime(QTime(opens.hour, opens.minute))
    counsellors.ends_edit.setTime(QTime(opens.hour + 2, opens.minute))
    qtbot.mouseClick(counsellors.add_row_button, Qt.MouseButton.LeftButton)
    assert _click(qtbot, counsellors, counsellors.save_availability_button) == "success"
    wanted = Availability(venue.id, monday, opens, time(opens.hour + 2, opens.minute))
    get = CounsellorService(services.session).get
    assert run_on_db(qtbot, runner, lambda: get(counsellor.id)).availability == (wanted,)
    qtbot.waitUntil(lambda: counsellors.availability_model.rows() == [wanted])
    assert counsellors.availability_proxy.index(0, 0).data() == venue.name

    counsellors.leave_from_edit.set_value(date(2030, 8, 1))
    counsellors.leave_to_edit.set_value(date(2030, 8, 14))
    assert _click(qtbot, counsellors, counsellors.add_leave_button) == "success"
    assert counsellors.banner.text() == (
        f"Leave from 01/08/2030 to 14/08/2030 added for {counsellor.display_name}."
    )
    stored = run_on_db(qtbot, runner, lambda: get(counsellor.id))
    assert Leave(date(2030, 8, 1), date(2030, 8, 14)) in stored.leave
    qtbot.waitUntil(
        lambda: any(
            counsellors.leave_list.item(i).text() == "01/08/2030 to 14/08/2030"
            for i in range(counsellors.leave_list.count())
        )
    )


def test_leave_ending_before_it_starts_is_refused(qtbot: Any, counsellors: Any) -> None:
    counsellors.table.selectRow(0)
    counsellors.leave_from_edit.set_value(date(2030, 8, 14))
    counsellors.leave_to_edit.set_value(date(2030, 8, 1))
    assert _click(qtbot, counsellors, counsellors.add_leave_button) == "error"
    assert counsellors.banner.text() == "Leave: the end is before the start."


def test_edit_a_counsellor_profile(
    qtbot: Any, runner: Any, services: Any, counsellors: Any, monkeypatch: Any
) -> None:
    from ui.counsellor_dialog import CounsellorDialog, CounsellorProfile

    counsellors.table.selectRow(0)
    counsellor = counsellors.selected_counsellor()
    seen: list[Any] = []

    def ask(cls: Any, parent: Any, current: Any) -> CounsellorProfile:
        dialog = cls(current, parent)
        seen.append(dialog.value())
        dialog.deleteLater()
        return CounsellorProfile(
            "Renamed Counsellor",
            "non_binary",
            ("English", "Welsh"),
            ("coaching", "mediation"),
            12,
            True,
        )

    monkeypatch.setattr(CounsellorDialog, "ask", classmethod(ask))
    assert _click(qtbot, counsellors, counsellors.edit_button) == "success"
    assert seen[0].display_name == counsellor.display_name  # the dialog opened filled in
    assert seen[0].services == counsellor.services
    stored = run_on_db(
        qtbot, runner, lambda: CounsellorService(services.session).get(counsellor.id)
    )
    assert (
        stored.display_name,
        stored.gender,
        stored.languages,
        stored.services,
        stored.max_per_week,
        stored.is_clinical_lead,
        stored.user_id,
    ) == (
        "Renamed Counsellor",
        "non_binary",
        ("English", "Welsh"),
        ("coaching", "mediation"),
        12,
        True,
        counsellor.user_id,
    )
    qtbot.waitUntil(
        lambda: (
            counsellors.selected_counsellor() is not None
            and counsellors.selected_counsellor().display_name == "Renamed Counsellor"
        )
    )
    row = counsellors.table.selectionModel().selectedRows()[0].row()
    assert [counsellors.proxy.index(row, c).data() for c in range(1, 6)] == [
        "Non-binary",
        "English, Welsh",
        "Coaching, Mediation",
        "12",
        "Yes",
    ]


def test_a_counsellor_without_services_is_explained(
    qtbot: Any, counsellors: Any, monkeypatch: Any
) -> None:
    from ui.counsellor_dialog import CounsellorDialog, CounsellorProfile

    monkeypatch.setattr(
        CounsellorDialog,
        "ask",
        classmethod(
            lambda cls, parent, current: CounsellorProfile("New Person", "female", (), (), 5, False)
        ),
    )
    before = counsellors.model.rowCount()
    assert _click(qtbot, counsellors, counsellors.add_button) == "error"
    assert counsellors.banner.text() == (
        "Services: choose one of the listed options. Languages: this is required."
    )
    assert counsellors.model.rowCount() == before
