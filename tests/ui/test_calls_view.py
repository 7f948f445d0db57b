"""Calls: a whole intake call by keyboard, new clients, eligibility, risk, call-backs, sheets."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from sqlalchemy import select

from supportline.db import schema
from tests.ui.casework import Seeded, press, seed, tab_to, type_keys
from tests.ui.conftest import run_on_db


@pytest.fixture
def seeded(staffed_dir: Path) -> Seeded:
    return seed(staffed_dir)


@pytest.fixture
def handler_services(staffed_dir: Path, seeded: Seeded, open_session: Any, fake_clock: Any) -> Any:
    from ui.services import Services

    return Services.for_session(open_session(staffed_dir, "handler", clock=fake_clock))


@pytest.fixture
def calls(qtbot: Any, runner: Any, handler_services: Any) -> Any:
    from ui.calls_view import CallsView

    view = CallsView(handler_services, runner)
    qtbot.addWidget(view)
    view.resize(1280, 800)
    view.show()
    qtbot.waitExposed(view)
    view.activateWindow()
    qtbot.waitUntil(view.isActiveWindow)
    qtbot.waitUntil(
        lambda: view.queue_model.rowCount() == 0 and not view.banner.text() and runner.pending == 0
    )
    return view


def _open_form(qtbot: Any, calls: Any) -> Any:
    with qtbot.waitSignal(calls.form_opened) as opened:
        press(qtbot, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    form = opened.args[0]
    qtbot.waitUntil(lambda: form.draft is not None)
    return form


def _pick_client(qtbot: Any, form: Any, query: str) -> None:
    tab_to(qtbot, form.client_search.search_edit)
    with qtbot.waitSignal(form.client_search.results_loaded, timeout=5000):
        type_keys(qtbot, query)
    qtbot.waitUntil(lambda: form.client_search.proxy.rowCount() >= 1)
    press(qtbot, Qt.Key.Key_Down)
    assert QApplication.focusWidget() is form.client_search.results_table
    with qtbot.waitSignal(form.client_loaded, timeout=5000):
        press(qtbot, Qt.Key.Key_Return)


def _contacts(qtbot: Any, runner: Any, services: Any) -> list[Any]:
    def read() -> list[Any]:
        with services.session.case.connect() as conn:
            return conn.execute(select(schema.contacts).order_by(schema.contacts.c.id)).all()

    return run_on_db(qtbot, runner, read)


def _cases(qtbot: Any, runner: Any, services: Any, client_id: int) -> list[Any]:
    def read() -> list[Any]:
        with services.session.case.connect() as conn:
            return conn.execute(
                select(schema.cases)
                .where(schema.cases.c.client_id == client_id)
                .order_by(schema.cases.c.id)
            ).all()

    return run_on_db(qtbot, runner, read)


def test_a_whole_intake_call_by_keyboard_only(
    qtbot: Any, runner: Any, calls: Any, handler_services: Any, seeded: Seeded, fake_clock: Any
) -> None:
    form = _open_form(qtbot, calls)
    assert QApplication.focusWidget() is form.direction_combo
    tab_to(qtbot, form.purpose_combo)
    type_keys(qtbot, "New")
    assert form.purpose_combo.currentData() == "new_referral"

    _pick_client(qtbot, form, "smiths ali")
    assert form.context.record.id == seeded.alice
    assert form.eligibility_label.text().startswith("Eligible")
    assert "7 left of 7" in form.allowance_label.text()
    assert "Call 07700 900001; voicemail yes; letters no" in form.contact_label.text()
    assert not form.reason_edit.isVisibleTo(form)

    tab_to(qtbot, form.risk_checks["safeguarding"])
    press(qtbot, Qt.Key.Key_Space)
    assert form.risk_checks["safeguarding"].isChecked()
    assert form.risk_level_label.text() == "Assessed level: Medium"

    tab_to(qtbot, form.outcome_combo)
    type_keys(qtbot, "Cou")
    assert form.outcome_combo.currentData() == "counselling"
    tab_to(qtbot, form.route_combo)
    type_keys(qtbot, "Self")
    assert form.route_combo.currentData() == "self"
    tab_to(qtbot, form.issues_list)
    press(qtbot, Qt.Key.Key_Space)
    assert form.checked_issues() == ("W01",)
    tab_to(qtbot, form.urgency_combo)
    type_keys(qtbot, "Soon")
    assert form.urgency_combo.currentData() == "soon"

    fake_clock.advance(7 * 60 + 5)
    with qtbot.waitSignal(calls.operation_finished, timeout=10_000) as finished:
        press(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert finished.args == ["success"]
    assert calls.form is None
    assert "waiting list" in calls.banner.text()

    contacts = _contacts(qtbot, runner, handler_services)
    assert len(contacts) == 1
    contact = contacts[0]
    assert (
        contact.client_id,
        contact.direction,
        contact.channel,
        contact.purpose,
        contact.outcome,
    ) == (seeded.alice, "in", "phone", "new_referral", "counselling")
    assert contact.duration_s == 7 * 60 + 5
    assert contact.eligibility == "eligible"
    cases = _cases(qtbot, runner, handler_services, seeded.alice)
    new_case = cases[-1]
    assert (
        new_case.status,
        new_case.urgency,
        new_case.referral_route,
        new_case.presenting_issues,
    ) == ("waiting", "soon", "self", "W01")
    assert new_case.contact_id == contact.id


def test_tab_order_and_accessible_names(qtbot: Any, calls: Any) -> None:
    form = _open_form(qtbot, calls)
    # Every control is reachable and named.
    inputs = [
        w
        for w in form.findChildren(QWidget)
        if w.focusPolicy() & Qt.FocusPolicy.TabFocus
        and w.isVisibleTo(form)
        and w.objectName() not in ("",)
        and not w.objectName().startswith("qt_")
    ]
    assert len(inputs) >= 20
    for widget in form.tab_order:
        assert widget.accessibleName(), widget.objectName()
        assert widget.objectName(), widget.accessibleName()
    # The focus chain visits the controls in the intended order (top to bottom, left column
    # first); hidden and disabled controls are skipped, as pressing Tab would skip them.
    expected = [w for w in form.tab_order if w.isVisibleTo(form) and w.isEnabled()]
    form.direction_combo.setFocus()
    visited = [QApplication.focusWidget()]
    for _ in range(len(expected) - 1):
        press(qtbot, Qt.Key.Key_Tab)
        visited.append(QApplication.focusWidget())
    assert [w.objectName() for w in visited] == [w.objectName() for w in expected]
    assert expected[0] is form.direction_combo and expected[-1] is form.cancel_button


def test_not_eligible_requires_a_reason(
    qtbot: Any, runner: Any, calls: Any, handler_services: Any, seeded: Seeded
) -> None:
    form = _open_form(qtbot, calls)
    tab_to(qtbot, form.purpose_combo)
    type_keys(qtbot, "New")
    _pick_client(qtbot, form, "jonesworth")
    assert form.eligibility_label.text() == ("Not eligible: no employer organisation is recorded")
    assert form.reason_edit.isVisibleTo(form)
    form.outcome_combo.setCurrentIndex(form.outcome_combo.findData("counselling"))
    form.route_combo.setCurrentIndex(form.route_combo.findData("manager"))
    form.issues_list.item(1).setCheckState(Qt.CheckState.Checked)
    with qtbot.waitSignal(form.save_finished, timeout=10_000) as blocker:
        qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert blocker.args == ["error"]
    assert "not eligible" in form.visible_problems()["eligibility_override_reason"]
    assert form.banner.kind == "error"
    assert _contacts(qtbot, runner, handler_services) == []
    # Nothing typed was lost.
    assert form.route_combo.currentData() == "manager" and form.checked_issues() == ("W02",)
    form.reason_edit.setText("Manager agreed to fund privately")
    with qtbot.waitSignal(calls.operation_finished, timeout=10_000):
        qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    contact = _contacts(qtbot, runner, handler_services)[0]
    assert contact.eligibility == "not_eligible"
    assert contact.eligibility_override_reason == "Manager agreed to fund privately"


def test_expired_agreement_is_shown(qtbot: Any, calls: Any, seeded: Seeded) -> None:
    form = _open_form(qtbot, calls)
    _pick_client(qtbot, form, "expiry")
    assert form.eligibility_label.text() == (
        "Agreement expired: the agreement has ended (ended 31/03/2024)"
    )
    assert form.reason_edit.isVisibleTo(form)


def test_immediate_risk_escalates_and_sets_the_level(
    qtbot: Any, runner: Any, calls: Any, handler_services: Any, seeded: Seeded, monkeypatch: Any
) -> None:
    from ui.client_search_widget import ClientSearchWidget
    from ui.escalation_dialog import EscalationDialog

    shown: list[list[str]] = []
    monkeypatch.setattr(
        EscalationDialog,
        "show_steps",
        classmethod(lambda cls, parent, steps, title="": shown.append(steps)),
    )
    form = _open_form(qtbot, calls)
    form.purpose_combo.setCurrentIndex(form.purpose_combo.findData("enquiry"))
    _pick_client(qtbot, form, "alice")
    form.risk_checks["self_harm_thoughts"].setChecked(True)
    assert shown == []  # high, not immediate
    form.risk_checks["plans_or_means"].setChecked(True)
    assert len(shown) == 1  # before anything is saved
    assert any("999" in step for step in shown[0])
    assert any("Samaritans 116 123" in step for step in shown[0])
    assert form.risk_level_label.text() == "Assessed level: Immediate"
    assert _contacts(qtbot, runner, handler_services) == []
    form.risk_detail_edit.setPlainText("SECRET-DETAIL-9 has tablets at home")
    form.outcome_combo.setCurrentIndex(form.outcome_combo.findData("signposted"))
    form.signpost_combo.setCurrentIndex(form.signpost_combo.findData("crisis_services"))
    with qtbot.waitSignal(calls.operation_finished, timeout=10_000):
        qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert len(shown) == 1  # not shown twice for the same call
    assert "Risk level recorded: Immediate" in calls.banner.text()

    # The handler's view shows the level only, never the detail.
    search = ClientSearchWidget(handler_services, runner)
    qtbot.addWidget(search)
    with qtbot.waitSignal(search.results_loaded, timeout=5000):
        search.search_edit.setText("smithson")
    from ui.client_table_model import ClientTableModel

    row = [search.proxy.index(0, column).data() for column in range(ClientTableModel.COLUMN_COUNT)]
    assert row[ClientTableModel.COLUMN_RISK] == "Immediate"
    assert not any("SECRET-DETAIL-9" in str(cell) for cell in row)
    record = run_on_db(qtbot, runner, lambda: handler_services.clients.open(seeded.alice))
    assert record.risk_level == "immediate"
    assert "SECRET-DETAIL-9" not in repr(record)


def test_new_client_from_intake_flags_a_duplicate_and_keeps_bad_input(
    qtbot: Any, runner: Any, calls: Any, handler_services: Any, seeded: Seeded, monkeypatch: Any
) -> None:
    from ui.client_dialog import ClientDialog
    from ui.duplicates_dialog import DuplicateDecision, DuplicatesDialog

    seen: dict[str, Any] = {}

    def ask_duplicates(cls: Any, parent: Any, candidates: Any) -> DuplicateDecision:
        seen["candidates"] = [c.id for c in candidates]
        return DuplicateDecision(save_anyway=True)

    monkeypatch.setattr(DuplicatesDialog, "ask", classmethod(ask_duplicates))

    def ask_client(
        cls: Any,
        parent: Any,
        services: Any,
        task_runner: Any,
        initial: Any = None,
        organisation_hint: str = "",
    ) -> int | None:
        dialog = cls(services, task_runner, initial, organisation_hint, parent)
        qtbot.addWidget(dialog)
        dialog.show()
        f = dialog.form
        f.first_name_edit.setText("Alice")
        f.last_name_edit.setText("Smithson")
        f.date_of_birth_edit.setText("31/02/1980")
        f.phone_edit.setText("0123")
        f.home_postcode_edit.setText("ZZ1 ABC")
        with qtbot.waitSignal(dialog.save_finished, timeout=10_000) as first:
            qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        assert first.args == ["error"]
        problems = f.visible_problems()
        seen["problems"] = problems
        seen["kept"] = (
            f.date_of_birth_edit.text(),
            f.phone_edit.text(),
            f.home_postcode_edit.text(),
            f.first_name_edit.text(),
        )
        seen["banner"] = dialog.banner.text()
        # Corrected: same name and date of birth as Alice, so a likely duplicate.
        f.date_of_birth_edit.setText("01/02/1980")
        f.phone_edit.setText("07700 900999")
        f.home_postcode_edit.setText("ME19 4AB")
        with qtbot.waitSignal(dialog.save_finished, timeout=10_000) as second:
            qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        seen["second"] = second.args[0]
        qtbot.waitUntil(lambda: dialog.client_id is not None, timeout=10_000)
        return dialog.client_id

    monkeypatch.setattr(ClientDialog, "ask", classmethod(ask_client))
    form = _open_form(qtbot, calls)
    with qtbot.waitSignal(form.client_loaded, timeout=20_000):
        qtbot.mouseClick(form.new_client_button, Qt.MouseButton.LeftButton)
    assert seen["problems"]["date_of_birth"] == "Enter a date as DD/MM/YYYY."
    assert seen["problems"]["phone"].startswith("Enter a UK phone number")
    assert seen["problems"]["home_postcode"].startswith("Enter a UK postcode")
    assert seen["kept"] == ("31/02/1980", "0123", "ZZ1 ABC", "Alice")
    assert "nothing has been saved" in seen["banner"]
    assert seen["second"] == "duplicates"
    assert seen["candidates"] == [seeded.alice]
    assert form.context.record.id not in (seeded.alice, seeded.bob, seeded.carol)
    assert form.context.record.data.phone == "07700 900999"


def test_choosing_the_existing_record_instead(
    qtbot: Any, runner: Any, handler_services: Any, seeded: Seeded, monkeypatch: Any
) -> None:
    from supportline.services.clients import ClientInput
    from ui.client_dialog import ClientDialog
    from ui.duplicates_dialog import DuplicateDecision, DuplicatesDialog

    monkeypatch.setattr(
        DuplicatesDialog,
        "ask",
        classmethod(
            lambda cls, parent, candidates: DuplicateDecision(use_client_id=candidates[0].id)
        ),
    )
    dialog = ClientDialog(
        handler_services,
        runner,
        ClientInput(
            "Bob",
            "Jonesworth",
            date_of_birth="03/04/1975",
            phone="07700 900002",
            home_postcode="CT1 1AA",
        ),
    )
    qtbot.addWidget(dialog)
    dialog.show()
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.client_id == seeded.bob and dialog.record is None


def test_out_of_hours_voicemail_joins_the_queue_and_a_callback_empties_it(
    qtbot: Any,
    runner: Any,
    calls: Any,
    handler_services: Any,
    seeded: Seeded,
    fake_clock: Any,
    monkeypatch: Any,
) -> None:
    from ui.callback_table_model import CallbackTableModel
    from ui.record_received_dialog import ReceivedItem, RecordReceivedDialog

    saturday_night = datetime(2025, 3, 1, 22, 15, tzinfo=UTC)
    monkeypatch.setattr(
        RecordReceivedDialog,
        "ask",
        classmethod(
            lambda cls, parent, now: ReceivedItem(
                "voicemail", saturday_night, "new_referral", "Dana Caller", "07700 900123"
            )
        ),
    )
    with qtbot.waitSignal(calls.queue_loaded, timeout=10_000):
        qtbot.mouseClick(calls.record_received_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: calls.queue_model.rowCount() == 1)
    row = {
        column: calls.queue_proxy.index(0, column).data()
        for column in range(CallbackTableModel.COLUMN_COUNT)
    }
    assert row[CallbackTableModel.COLUMN_RECEIVED] == "01/03/2025 22:15"
    assert row[CallbackTableModel.COLUMN_DUE] == "03/03/2025 08:30"  # Monday opening
    assert row[CallbackTableModel.COLUMN_CHANNEL] == "Voicemail"
    assert row[CallbackTableModel.COLUMN_NAME] == "Dana Caller"
    assert row[CallbackTableModel.COLUMN_NUMBER] == "07700 900123"

    assert calls.log_callback_button.isEnabled()
    qtbot.mouseClick(calls.log_callback_button, Qt.MouseButton.LeftButton)
    form = calls.form
    assert form is not None and form.callback is not None
    qtbot.waitUntil(lambda: form.draft is not None)
    assert form.direction_combo.currentData() == "out" and not form.direction_combo.isEnabled()
    assert form.purpose_combo.currentData() == "new_referral"
    assert "Dana Caller" in form.title_label.text()
    form.outcome_combo.setCurrentIndex(form.outcome_combo.findData("no_further_action"))
    fake_clock.advance(120)
    with qtbot.waitSignal(calls.queue_loaded, timeout=10_000):
        qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert calls.queue_model.rowCount() == 0
    contacts = _contacts(qtbot, runner, handler_services)
    assert [c.direction for c in contacts] == ["in", "out"]
    assert contacts[0].callback_state == "done" and contacts[0].callback_name is None
    assert contacts[1].duration_s == 120


def test_escape_asks_before_discarding(
    qtbot: Any, runner: Any, calls: Any, handler_services: Any, monkeypatch: Any
) -> None:
    from ui.confirm_dialog import ConfirmDialog

    answers = [False, True]
    monkeypatch.setattr(
        ConfirmDialog, "ask", classmethod(lambda cls, parent, title, text, action: answers.pop(0))
    )
    form = _open_form(qtbot, calls)
    form.purpose_combo.setCurrentIndex(0)
    press(qtbot, Qt.Key.Key_Escape)
    assert calls.form is form and form.purpose_combo.currentIndex() == 0
    press(qtbot, Qt.Key.Key_Escape)
    assert calls.form is None and answers == []
    assert "nothing was logged" in calls.banner.text()
    assert _contacts(qtbot, runner, handler_services) == []


def _filled_sheet(values: dict[str, str]) -> bytes:
    from pypdf import PdfWriter

    from supportline.documents.info_sheet import blank_info_sheet_pdf

    writer = PdfWriter(clone_from=io.BytesIO(blank_info_sheet_pdf()))
    writer.update_page_form_field_values(writer.pages[0], values, auto_regenerate=False)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_information_sheet_import_prefills_a_new_client(
    qtbot: Any, calls: Any, tmp_path: Path, seeded: Seeded, monkeypatch: Any
) -> None:
    from ui.client_dialog import ClientDialog
    from ui.info_sheet_files import InfoSheetFiles

    sheet = tmp_path / "sheet.pdf"
    sheet.write_bytes(
        _filled_sheet(
            {
                "first_name": "Erin",
                "last_name": "Sheetley",
                "date_of_birth": "07/08/1985",
                "phone": "07700 900321",
                "email": "erin@example.org",
                "home_postcode": "ME14 1XX",
                "organisation": "Kent County Council - Children's Services",
                "job_role": "Teacher",
            }
        )
    )
    monkeypatch.setattr(InfoSheetFiles, "open_path", classmethod(lambda cls, parent: sheet))
    asked: list[Any] = []

    def ask(
        cls: Any,
        parent: Any,
        services: Any,
        task_runner: Any,
        initial: Any = None,
        organisation_hint: str = "",
    ) -> None:
        asked.append((initial, organisation_hint))
        return None

    monkeypatch.setattr(ClientDialog, "ask", classmethod(ask))
    form = _open_form(qtbot, calls)
    with qtbot.waitSignal(form.sheet_imported, timeout=10_000) as blocker:
        qtbot.mouseClick(form.import_sheet_button, Qt.MouseButton.LeftButton)
    assert blocker.args == ["success"]
    initial, hint = asked[0]
    assert (
        initial.first_name,
        initial.last_name,
        initial.date_of_birth,
        initial.phone,
        initial.email,
        initial.home_postcode,
        initial.job_role,
    ) == (
        "Erin",
        "Sheetley",
        "07/08/1985",
        "07700 900321",
        "erin@example.org",
        "ME14 1XX",
        "Teacher",
    )
    assert hint == "Kent County Council - Children's Services"
    assert form.channel_combo.currentData() == "email"

    # The real dialog picks the organisation named on the sheet once the list has loaded.
    dialog = ClientDialog(form._services, form._runner, initial, hint)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.form.organisation_combo.count() > 1)
    assert dialog.form.organisation_combo.currentData() == seeded.kcc
    assert dialog.form.first_name_edit.text() == "Erin"


def test_a_corrupt_sheet_gives_a_message_and_enters_nothing(
    qtbot: Any, calls: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    from ui.client_dialog import ClientDialog
    from ui.info_sheet_files import InfoSheetFiles

    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.4 this is not really a pdf")
    monkeypatch.setattr(InfoSheetFiles, "open_path", classmethod(lambda cls, parent: bad))
    asked: list[Any] = []
    monkeypatch.setattr(
        ClientDialog, "ask", classmethod(lambda cls, *args, **kwargs: asked.append(args))
    )
    form = _open_form(qtbot, calls)
    with qtbot.waitSignal(form.sheet_imported, timeout=10_000) as blocker:
        qtbot.mouseClick(form.import_sheet_button, Qt.MouseButton.LeftButton)
    assert blocker.args == ["error"]
    assert asked == []
    assert form.banner.kind == "error"
    assert "nothing was entered" in form.banner.text()
    assert form.channel_combo.currentData() == "phone"
    assert form.context is None


def test_save_a_blank_information_sheet(
    qtbot: Any, calls: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    from supportline.documents.info_sheet import FORM_ID
    from ui.info_sheet_files import InfoSheetFiles

    target = tmp_path / "out" / "sheet.pdf"
    monkeypatch.setattr(InfoSheetFiles, "save_path", classmethod(lambda cls, parent: target))
    with qtbot.waitSignal(calls.operation_finished, timeout=10_000) as blocker:
        qtbot.mouseClick(calls.save_blank_button, Qt.MouseButton.LeftButton)
    assert blocker.args == ["success"]
    data = target.read_bytes()
    assert data.startswith(b"%PDF-") and FORM_ID.encode() in data
    assert [p.name for p in target.parent.iterdir()] == ["sheet.pdf"]  # no temp file left
