"""Diary: the week of a counsellor with initials for handlers, cancel with following, attendance
and the did-not-attend follow-ups, letters previewed before saving or printing, and a
counsellor's own diary with the calendar export."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import update

from supportline.calendar_uk import LONDON
from supportline.db import schema
from tests.ui.bookingwork import appointments, book_case, client_names, make_demo, services_for
from tests.ui.conftest import run_on_db


@pytest.fixture
def demo_dir(tmp_path: Path) -> Path:
    return make_demo(tmp_path)


@pytest.fixture
def handler(demo_dir: Path, open_session: Any, fake_clock: Any) -> Any:
    return services_for(open_session, demo_dir, "handler", fake_clock)


@pytest.fixture
def booked(qtbot: Any, runner: Any, handler: Any) -> tuple[Any, Any, list[int]]:
    return book_case(qtbot, runner, handler)


def _view(qtbot: Any, runner: Any, services: Any) -> Any:
    from ui.diary_view import DiaryView

    view = DiaryView(services, runner)
    qtbot.addWidget(view)
    view.resize(1280, 800)
    view.show()
    qtbot.waitUntil(lambda: view.target_combo.count() > 0, timeout=10_000)
    qtbot.waitUntil(lambda: runner.pending == 0, timeout=10_000)
    return view


def _show(qtbot: Any, view: Any, kind: str, target: int, day: Any) -> None:
    with qtbot.waitSignal(view.diary_loaded, timeout=10_000):
        view.show_target(kind, target)
    with qtbot.waitSignal(view.diary_loaded, timeout=10_000):
        view.go_to(day)


def _rows(view: Any) -> list[list[str]]:
    return [
        [view.proxy.index(r, c).data() for c in range(view.proxy.columnCount())]
        for r in range(view.proxy.rowCount())
    ]


def test_handler_week_shows_bookings_with_initials_only(
    qtbot: Any, runner: Any, handler: Any, booked: Any
) -> None:
    from ui.diary_table_model import DiaryTableModel as M

    item, slot, ids = booked
    view = _view(qtbot, runner, handler)
    _show(qtbot, view, "counsellor", slot.counsellor_id, slot.local_start.date())
    rows = _rows(view)
    mine = [r for r in rows if r[M.COLUMN_REFERENCE] == item.reference]
    assert len(mine) == 1  # the assessment's week
    row = mine[0]
    assert row[M.COLUMN_CLIENT] == item.initials
    assert row[M.COLUMN_KIND] == "Assessment" and row[M.COLUMN_STATUS] == "Booked"
    assert row[M.COLUMN_TIME].startswith(slot.local_start.strftime("%H:%M"))
    first, last = client_names(qtbot, runner, handler, item.client_id)
    assert not any(first in cell or last in cell for r in rows for cell in r)
    assert view.period_label.text().startswith(slot.counsellor_name + " · Week of ")
    # The day appears on the first entry of each day only: a list grouped by day.
    days = [r[M.COLUMN_DAY] for r in rows if r[M.COLUMN_DAY]]
    assert len(days) == len(set(days))

    with qtbot.waitSignal(view.diary_loaded, timeout=10_000):
        qtbot.mouseClick(view.next_button, Qt.MouseButton.LeftButton)
    nxt = [r for r in _rows(view) if r[M.COLUMN_REFERENCE] == item.reference]
    assert len(nxt) == 1 and nxt[0][M.COLUMN_KIND].startswith("Session")
    assert nxt[0][M.COLUMN_CLIENT] == item.initials

    # The venue's and the room's diaries show the same booking.
    for kind, target in (("venue", slot.venue_id), ("room", slot.room_id)):
        _show(qtbot, view, kind, target, slot.local_start.date())
        assert view.select_appointment(ids[0])
        assert view.selected_entry().client_label == item.initials


def test_cancel_with_following_from_the_diary(
    qtbot: Any, runner: Any, handler: Any, booked: Any, monkeypatch: Any
) -> None:
    from ui.appointment_change_dialog import CancelAppointmentDialog, CancelRequest

    item, slot, ids = booked
    asked: list[Any] = []
    monkeypatch.setattr(
        CancelAppointmentDialog,
        "ask",
        classmethod(
            lambda cls, parent, entry: asked.append(entry) or CancelRequest("service", True)
        ),
    )
    view = _view(qtbot, runner, handler)
    second_session = ids[2]
    day = (slot.local_start + timedelta(weeks=2)).date()
    _show(qtbot, view, "counsellor", slot.counsellor_id, day)
    assert view.select_appointment(second_session)
    assert view.cancel_button.isEnabled()
    with qtbot.waitSignal(view.operation_finished, timeout=10_000) as finished:
        qtbot.mouseClick(view.cancel_button, Qt.MouseButton.LeftButton)
    assert finished.args == ["success"]
    assert asked[0].appointment_id == second_session
    assert view.banner.text().startswith("3 appointment")
    statuses = {r.id: r.status for r in appointments(qtbot, runner, handler, item.case_id)}
    assert [statuses[i] for i in ids] == ["booked", "booked"] + ["cancelled_service"] * 3
    qtbot.waitUntil(
        lambda: (
            view.selected_entry() is not None
            and view.selected_entry().status == "cancelled_service"
        ),
        timeout=10_000,
    )
    assert not view.cancel_button.isEnabled()
    assert view.letter_actions["cancellation"].isEnabled()


def test_did_not_attend_creates_a_follow_up_that_can_be_done(
    qtbot: Any, runner: Any, handler: Any, booked: Any, fake_clock: Any
) -> None:
    item, slot, ids = booked
    view = _view(qtbot, runner, handler)
    assert view.follow_up_group.isVisibleTo(view)
    qtbot.waitUntil(lambda: view.follow_up_model.rowCount() >= 0)
    before = view.follow_up_model.rowCount()
    _show(qtbot, view, "counsellor", slot.counsellor_id, slot.local_start.date())
    assert view.select_appointment(ids[0])
    fake_clock.now = slot.ends_at + timedelta(minutes=5)  # the assessment has happened
    with qtbot.waitSignal(view.follow_ups_loaded, timeout=10_000):
        qtbot.mouseClick(view.dna_button, Qt.MouseButton.LeftButton)
    assert "follow-up list" in view.banner.text()
    assert view.follow_up_model.rowCount() == before + 1
    references = [
        view.follow_up_proxy.index(r, 1).data() for r in range(view.follow_up_proxy.rowCount())
    ]
    assert item.reference in references
    row = references.index(item.reference)
    assert view.follow_up_proxy.index(row, 2).data() == item.initials
    assert view.follow_up_proxy.index(row, 3).data() == "Did not attend"
    qtbot.waitUntil(
        lambda: view.selected_entry() is not None and view.selected_entry().status == "dna",
        timeout=10_000,
    )

    view.follow_up_table.selectRow(row)
    with qtbot.waitSignal(view.follow_ups_loaded, timeout=10_000):
        qtbot.mouseClick(view.follow_up_done_button, Qt.MouseButton.LeftButton)
    assert view.follow_up_model.rowCount() == before
    assert item.reference in view.banner.text()


def test_letters_preview_save_and_print(
    qtbot: Any, runner: Any, handler: Any, booked: Any, monkeypatch: Any, tmp_path: Path
) -> None:
    from PySide6.QtPdf import QPdfDocument
    from PySide6.QtPrintSupport import QPrinter

    from ui.letter_preview_dialog import LetterPreviewDialog

    item, slot, ids = booked
    view = _view(qtbot, runner, handler)
    _show(qtbot, view, "counsellor", slot.counsellor_id, slot.local_start.date())
    assert view.select_appointment(ids[0])

    # The client declined letters: the handler is told, nothing is previewed.
    def no_letters() -> None:
        with handler.session.case_tx() as conn:
            conn.execute(
                update(schema.clients)
                .where(schema.clients.c.id == item.client_id)
                .values(letters_ok=False)
            )

    run_on_db(qtbot, runner, no_letters)
    shown: list[tuple[str, str, bytes]] = []
    monkeypatch.setattr(
        LetterPreviewDialog,
        "preview",
        classmethod(lambda cls, parent, title, filename, pdf: shown.append((title, filename, pdf))),
    )
    with qtbot.waitSignal(view.operation_finished, timeout=10_000) as finished:
        view.letter_actions["confirmation"].trigger()
    assert finished.args == ["error"]
    assert view.banner.text() == "This client has asked not to receive letters."
    assert shown == []

    def letters_home() -> None:
        with handler.session.case_tx() as conn:
            conn.execute(
                update(schema.clients)
                .where(schema.clients.c.id == item.client_id)
                .values(
                    letters_ok=True, address="1 High Street, West Malling", home_postcode="ME19 4AB"
                )
            )

    run_on_db(qtbot, runner, letters_home)
    with qtbot.waitSignal(view.operation_finished, timeout=10_000) as finished:
        view.letter_actions["confirmation"].trigger()
    assert finished.args == ["success"]
    title, filename, pdf = shown[0]
    assert title == "Appointment confirmation" and pdf.startswith(b"%PDF")
    assert filename == f"appointment-{ids[0]}-confirmation.pdf"

    dialog = LetterPreviewDialog(title, filename, pdf)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.document.status() == QPdfDocument.Status.Ready, timeout=10_000)
    assert dialog.page_count() >= 1 and dialog.view.document() is dialog.document

    target = tmp_path / "letters" / "letter.pdf"
    monkeypatch.setattr(
        LetterPreviewDialog, "save_path", classmethod(lambda cls, parent, suggested: target)
    )
    with qtbot.waitSignal(dialog.saved, timeout=5000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert target.read_bytes() == pdf

    printed_file = tmp_path / "printed.pdf"

    def printer(cls: Any, parent: Any) -> QPrinter:
        chosen = QPrinter(QPrinter.PrinterMode.ScreenResolution)
        chosen.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        chosen.setOutputFileName(str(printed_file))
        return chosen

    monkeypatch.setattr(LetterPreviewDialog, "choose_printer", classmethod(printer))
    with qtbot.waitSignal(dialog.printed, timeout=10_000) as printed:
        qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)
    assert printed.args == [dialog.page_count()]
    assert printed_file.read_bytes().startswith(b"%PDF")


def test_counsellor_sees_only_their_own_diary_and_exports_it(
    qtbot: Any,
    runner: Any,
    demo_dir: Path,
    open_session: Any,
    fake_clock: Any,
    monkeypatch: Any,
    tmp_path: Path,
) -> None:
    from ui.diary_view import DiaryFiles

    services = services_for(open_session, demo_dir, "counsellor", fake_clock)
    mine = run_on_db(qtbot, runner, services.counsellors.mine)
    view = _view(qtbot, runner, services)
    assert view.own_only and not view.kind_combo.isVisibleTo(view)
    assert [view.target_combo.itemData(i) for i in range(view.target_combo.count())] == [mine.id]
    assert not view.follow_up_group.isVisibleTo(view)
    assert not view.move_button.isVisibleTo(view) and not view.letter_button.isVisibleTo(view)
    assert view.export_button.isVisibleTo(view) and view.day_list_button.isVisibleTo(view)
    qtbot.waitUntil(lambda: view.diary is not None, timeout=10_000)
    assert view.diary.id == mine.id

    target = tmp_path / "mine.ics"
    monkeypatch.setattr(
        DiaryFiles, "save_ics_path", classmethod(lambda cls, parent, suggested: target)
    )
    with qtbot.waitSignal(view.operation_finished, timeout=10_000) as finished:
        qtbot.mouseClick(view.export_button, Qt.MouseButton.LeftButton)
    assert finished.args == ["success"]
    text = target.read_text()
    assert text.startswith("BEGIN:VCALENDAR") and "SL-0" not in text


def test_models_pass_the_model_tester(qtmodeltester: Any) -> None:
    from supportline.services.booking import FollowUp
    from supportline.services.diary import DiaryEntry
    from ui.diary_table_model import DiaryTableModel
    from ui.follow_up_table_model import FollowUpTableModel

    start = datetime(2025, 3, 4, 9, 0, tzinfo=LONDON)
    entries = [
        DiaryEntry(
            n,
            start + timedelta(hours=h, days=d),
            start + timedelta(hours=h, days=d, minutes=50),
            "Ann Bee",
            "Hall",
            "Room 1",
            "AB",
            f"SL-00000{n}",
            kind,
            status,
            no,
        )
        for n, h, d, kind, status, no in (
            (1, 0, 0, "assessment", "booked", None),
            (2, 2, 0, "session", "dna", 2),
            (3, 0, 1, "session", "cancelled_client", 3),
        )
    ]
    model = DiaryTableModel()
    model.set_entries(list(reversed(entries)))
    qtmodeltester.check(model)
    assert [model.index(r, DiaryTableModel.COLUMN_DAY).data() for r in range(3)] == [
        "Tue 04/03/2025",
        "",
        "Wed 05/03/2025",
    ]
    assert model.index(1, DiaryTableModel.COLUMN_KIND).data() == "Session 2"
    assert model.index(0, DiaryTableModel.COLUMN_TIME).data() == "09:00–09:50"
    assert model.index(2, DiaryTableModel.COLUMN_STATUS).data() == "Cancelled by client"

    follow_ups = FollowUpTableModel()
    follow_ups.set_items(
        [
            FollowUp(
                1,
                2,
                3,
                "dna",
                datetime(2025, 3, 3, 10, tzinfo=UTC),
                "SL-000002",
                "CD",
                datetime(2025, 3, 3, 9, tzinfo=UTC),
            ),
            FollowUp(2, 4, 5, "dna", datetime(2025, 3, 1, 10, tzinfo=UTC), "SL-000004", "EF", None),
        ]
    )
    qtmodeltester.check(follow_ups)
    assert follow_ups.index(0, FollowUpTableModel.COLUMN_APPOINTMENT).data() == "03/03/2025 09:00"
