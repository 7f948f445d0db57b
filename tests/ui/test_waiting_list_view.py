"""Waiting list: most urgent first then longest waiting, filters, initials only, Book…."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from tests.ui.casework import Seeded, seed


@pytest.fixture
def seeded(staffed_dir: Path) -> Seeded:
    return seed(staffed_dir)


def _view(qtbot: Any, runner: Any, services: Any, read_only: bool = False) -> Any:
    from ui.waiting_list_view import WaitingListView

    view = WaitingListView(services, runner, read_only=read_only)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitUntil(lambda: view.model.rowCount() == 3)
    return view


@pytest.fixture
def services(staffed_dir: Path, seeded: Seeded, open_session: Any, fake_clock: Any) -> Any:
    from ui.services import Services

    return Services.for_session(open_session(staffed_dir, "handler", clock=fake_clock))


_REFERENCE = 3  # WaitingListTableModel.COLUMN_REFERENCE (imported lazily, after Qt is set up)


def _rows(view: Any) -> list[list[str]]:
    return [
        [view.proxy.index(row, column).data() for column in range(view.proxy.columnCount())]
        for row in range(view.proxy.rowCount())
    ]


def test_most_urgent_first_then_longest_waiting(
    qtbot: Any, runner: Any, services: Any, seeded: Seeded
) -> None:
    view = _view(qtbot, runner, services)
    from ui.waiting_list_table_model import WaitingListTableModel as M

    rows = _rows(view)
    assert [
        [
            row[M.COLUMN_URGENCY],
            row[M.COLUMN_RISK],
            row[M.COLUMN_WAITED],
            row[M.COLUMN_REFERENCE],
            row[M.COLUMN_INITIALS],
        ]
        for row in rows
    ] == [
        ["Urgent", "", "11 days", "SL-000003", "CE"],
        ["Routine", "", "61 days", "SL-000002", "BJ"],
        ["Routine", "", "30 days", "SL-000001", "AS"],
    ]
    assert [row[M.COLUMN_DISTRICT] for row in rows] == [
        "Ashford",
        "Canterbury",
        "Tonbridge and Malling",
    ]
    assert rows[2][M.COLUMN_PREFERENCES] == "Female counsellor, Polish"
    # Initials and reference only: no name appears anywhere in the table.
    assert not any(
        name in cell
        for row in rows
        for cell in row
        for name in ("Alice", "Smithson", "Bob", "Carol")
    )
    assert view.count_label.text() == "3 waiting"


@pytest.mark.parametrize(
    ("combo", "value", "expected"),
    [
        ("district_combo", "Canterbury", ["SL-000002"]),
        ("gender_combo", "female", ["SL-000001"]),
        ("service_combo", "coaching", []),
    ],
)
def test_filters(
    qtbot: Any, runner: Any, services: Any, combo: str, value: str, expected: list[str]
) -> None:
    view = _view(qtbot, runner, services)
    widget = getattr(view, combo)
    with qtbot.waitSignal(view.list_loaded, timeout=5000):
        widget.setCurrentIndex(widget.findData(value))
    assert [row[_REFERENCE] for row in _rows(view)] == expected


def test_language_filter_is_typed(qtbot: Any, runner: Any, services: Any) -> None:
    view = _view(qtbot, runner, services)
    with qtbot.waitSignal(view.list_loaded, timeout=5000):
        qtbot.keyClicks(view.language_edit, "Polish")
    assert [row[_REFERENCE] for row in _rows(view)] == ["SL-000001"]


def test_book_is_honest_until_booking_exists(
    qtbot: Any, runner: Any, services: Any, seeded: Seeded
) -> None:
    view = _view(qtbot, runner, services)
    assert not view.book_button.isEnabled()
    view.table.selectRow(0)
    assert view.book_button.isEnabled()
    qtbot.mouseClick(view.book_button, Qt.MouseButton.LeftButton)
    assert view.banner.text() == "Booking opens here in the booking release."
    requested: list[int] = []
    view.booking_requested.connect(requested.append)
    qtbot.mouseClick(view.book_button, Qt.MouseButton.LeftButton)
    assert requested == [seeded.waiting["carol_urgent_new"]]


def test_counsellors_see_the_list_read_only(
    qtbot: Any, runner: Any, staffed_dir: Path, seeded: Seeded, open_session: Any, fake_clock: Any
) -> None:
    from ui.services import Services

    counsellor = Services.for_session(open_session(staffed_dir, "counsellor", clock=fake_clock))
    view = _view(qtbot, runner, counsellor, read_only=True)
    view.table.selectRow(0)
    assert not view.book_button.isVisibleTo(view) and not view.book_button.isEnabled()
