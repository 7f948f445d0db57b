"""The shared sizing helpers: fitted table columns, side editors, wrapping rows."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

NAME, COUNT, NOTES = 0, 1, 2


def _table(qtbot: Any, width: int) -> QTableView:
    from ui.layout_fit import fit_columns

    model = QStandardItemModel(4, 3)
    model.setHorizontalHeaderLabels(["Name", "Count", "Notes"])
    for row in range(4):
        model.setItem(row, NAME, QStandardItem(f"Bartholomew Ivybridge-Fane {row}"))
        model.setItem(row, COUNT, QStandardItem(str(row)))
        model.setItem(row, NOTES, QStandardItem("counselling, coaching, mediation " * 3))
    table = QTableView()
    table.setObjectName("fitted_table")
    table.setModel(model)
    table.setWordWrap(False)
    qtbot.addWidget(table)
    fitter = fit_columns(table, NAME)
    table.resize(width, 200)
    with qtbot.waitSignal(fitter.fitted):
        table.show()
    qtbot.waitUntil(lambda: table.viewport().width() < width)  # laid out at its size
    fitter.fit()
    return table


def _natural(table: QTableView, column: int) -> int:
    return max(table.sizeHintForColumn(column), table.horizontalHeader().sectionSizeHint(column))


def test_a_wide_table_fills_its_width_and_the_stretch_column_takes_the_rest(qtbot: Any) -> None:
    table = _table(qtbot, 1400)
    header = table.horizontalHeader()
    assert header.length() == table.viewport().width()
    assert header.sectionSize(COUNT) >= _natural(table, COUNT)
    assert header.sectionSize(NOTES) >= _natural(table, NOTES)
    assert header.sectionSize(NAME) > _natural(table, NAME)


def test_a_narrow_table_keeps_the_name_and_elides_long_text(qtbot: Any) -> None:
    table = _table(qtbot, 420)
    header = table.horizontalHeader()
    assert header.sectionSize(NOTES) < _natural(table, NOTES)
    char = table.fontMetrics().averageCharWidth()
    assert header.sectionSize(NAME) >= _natural(table, NAME)
    assert header.sectionSize(COUNT) >= _natural(table, COUNT)
    assert header.sectionSize(NOTES) >= 10 * char
    assert header.length() == table.viewport().width()  # no sideways scrolling needed


def test_too_little_room_scrolls_instead_of_collapsing_a_column(qtbot: Any) -> None:
    table = _table(qtbot, 150)
    header = table.horizontalHeader()
    char = table.fontMetrics().averageCharWidth()
    assert header.length() > table.viewport().width()
    assert header.sectionSize(NAME) >= min(_natural(table, NAME), 40 * char)
    assert header.sectionSize(NOTES) >= 10 * char


def test_columns_refit_when_rows_arrive(qtbot: Any) -> None:
    table = _table(qtbot, 1400)
    header = table.horizontalHeader()
    model = table.model()
    model.setItem(0, COUNT, QStandardItem("a much longer count column value"))
    qtbot.waitUntil(lambda: header.sectionSize(COUNT) >= _natural(table, COUNT))


def test_a_second_call_reconfigures_the_same_fitter(qtbot: Any) -> None:
    from ui.layout_fit import ColumnFitter, fit_columns

    table = _table(qtbot, 1400)
    fit_columns(table, NOTES)
    assert len(table.findChildren(ColumnFitter)) == 1
    header = table.horizontalHeader()
    qtbot.waitUntil(lambda: header.sectionSize(NOTES) > _natural(table, NOTES))


def test_a_side_editor_is_never_narrower_than_its_content(qtbot: Any) -> None:
    from ui.layout_fit import side_editor

    content = QWidget()
    row = QHBoxLayout(content)
    for text in ("Step-free access", "Hearing loop", "Parking", "Save venue"):
        row.addWidget(QPushButton(text))
    scroll = side_editor(content)
    qtbot.addWidget(scroll)
    assert scroll.minimumWidth() >= content.minimumSizeHint().width()
    before = scroll.minimumWidth()
    row.addWidget(QLineEdit("a further, wider control"))
    qtbot.waitUntil(lambda: scroll.minimumWidth() > before)
    assert scroll.minimumWidth() >= content.minimumSizeHint().width()


def test_a_wrapping_row_goes_under_when_narrow(qtbot: Any) -> None:
    from ui.layout_fit import WrappingRow

    first = QHBoxLayout()
    first.addWidget(QLabel("Table"))
    first.addWidget(QLineEdit("Referrals by organisation group and service"))
    second = QHBoxLayout()
    for text in ("Quarter", "Year", "Q3: July to September", "2026Q3"):
        second.addWidget(QPushButton(text))
    row = WrappingRow([first, second])
    holder = QWidget()
    QVBoxLayout(holder).addWidget(row)
    qtbot.addWidget(holder)
    holder.resize(1400, 200)
    holder.show()
    qtbot.waitExposed(holder)
    qtbot.waitUntil(lambda: not row.is_wrapped())
    one_line = row.height()
    holder.resize(row.minimumSizeHint().width() + 20, 200)
    qtbot.waitUntil(row.is_wrapped)
    qtbot.waitUntil(lambda: row.height() > one_line)
    # The row lets the window be as narrow as its widest group, not as both side by side.
    assert row.minimumSizeHint().width() < row.sizeHint().width()
