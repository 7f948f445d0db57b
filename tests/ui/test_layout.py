"""Every page is usable on the common council laptop: a 1280x800 screen, at 100% and 125%.

Each role's main window is built at the client area such a screen leaves (the taskbar and title
bar taken off), every workspace and every tab is visited with a row selected where there is
one, and each visible table and editor is measured: no column collapses to "...", name columns
show a name, and no editor is cut off at the side.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractScrollArea,
    QScrollArea,
    QTableView,
    QTabWidget,
    QWidget,
)

DEMO_PASSWORD = "demo password 1"
# 1280x800 less a 40 px taskbar and a 30 px title bar; at 125% the same screen is 1024x640
# logical pixels, less the scaled taskbar and title bar.
SIZES = {"100%": (1280, 730), "125%": (1024, 570)}
NAME_HEADERS = {"Name", "Client", "Counsellor", "Organisation", "Username"}
NAME_CHARS = 22  # a name column shows at least this many characters of its content
ANY_CHARS = 6  # and no column shows fewer than this (or its whole content, if shorter)


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from supportline.demo import create_demo

    path = tmp_path_factory.mktemp("layout") / "demo"
    create_demo(path, DEMO_PASSWORD, clients=40)
    return path


@pytest.fixture
def demo(demo_template: Path, tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "demo"
    shutil.copytree(demo_template, path)
    yield path


def _settle(qtbot: Any, runner: Any) -> None:
    qtbot.waitUntil(lambda: runner.pending == 0, timeout=20_000)
    qtbot.wait(1)  # let queued layout requests run


def _select_first_rows(widget: QWidget) -> None:
    for table in widget.findChildren(QTableView):
        model = table.model()
        if (
            table.isVisible()
            and model is not None
            and model.rowCount() > 0
            and table.selectionMode() != QAbstractItemView.SelectionMode.NoSelection
            and not table.selectionModel().hasSelection()
        ):
            table.selectRow(0)


def _column_problems(where: str, table: QTableView) -> list[str]:
    model = table.model()
    if model is None or model.rowCount() == 0 or not table.isVisible():
        return []
    header = table.horizontalHeader()
    char = table.fontMetrics().averageCharWidth()
    problems = []
    for column in range(header.count()):
        if header.isSectionHidden(column):
            continue
        title = str(model.headerData(column, header.orientation()) or "")
        natural = max(table.sizeHintForColumn(column), header.sectionSizeHint(column))
        chars = NAME_CHARS if column == 0 or title in NAME_HEADERS else ANY_CHARS
        wanted = min(natural, chars * char)
        if header.sectionSize(column) < wanted:
            problems.append(
                f"{where}: {table.objectName()} column '{title}' is "
                f"{header.sectionSize(column)} px, needs {wanted}"
            )
    return problems


def _editor_problems(where: str, page: QWidget) -> list[str]:
    problems = []
    for area in page.findChildren(QScrollArea):
        inner = area.widget()
        if not area.isVisible() or inner is None:
            continue
        if inner.minimumSizeHint().width() > area.viewport().width():
            problems.append(
                f"{where}: {inner.objectName() or area.objectName() or 'editor'} "
                f"needs {inner.minimumSizeHint().width()} px, has "
                f"{area.viewport().width()}"
            )
    return problems


def _chart_problems(where: str, page: QWidget) -> list[str]:
    """QtCharts shortens a label it has no room for to "...": none may be."""
    from PySide6.QtCharts import QChartView
    from PySide6.QtWidgets import QGraphicsTextItem

    problems = []
    for view in page.findChildren(QChartView):
        if not view.isVisible() or view.scene() is None:
            continue
        for item in view.scene().items():
            text_item = item.toGraphicsObject()
            if (
                isinstance(text_item, QGraphicsTextItem)
                and text_item.isVisible()
                and text_item.toPlainText().endswith(("...", "…"))
            ):
                problems.append(
                    f"{where}: {view.objectName()} shows a label as '{text_item.toPlainText()}'"
                )
    return problems


def _survey(qtbot: Any, runner: Any, window: Any) -> list[str]:
    problems: list[str] = []

    def measure(where: str) -> None:
        _select_first_rows(page)
        _settle(qtbot, runner)
        problems.extend(_editor_problems(where, page))
        problems.extend(_chart_problems(where, page))
        for table in page.findChildren(QTableView):
            problems.extend(_column_problems(where, table))

    for page_id in window.page_ids():
        window.show_page(page_id)
        page = window.pages[page_id]
        _settle(qtbot, runner)
        measure(page_id)
        for tabs in page.findChildren(QTabWidget):
            if not tabs.isVisible():
                continue
            for index in range(tabs.count()):
                tabs.setCurrentIndex(index)
                _settle(qtbot, runner)
                measure(f"{page_id}/{tabs.tabText(index).replace('&', '')}")
            tabs.setCurrentIndex(0)
    return problems


@pytest.mark.parametrize("scale", sorted(SIZES))
@pytest.mark.parametrize("username", ["admin", "handler", "counsellor", "manager"])
def test_every_page_fits_a_1280x800_laptop(
    qtbot: Any, runner: Any, open_session: Any, demo: Path, username: str, scale: str
) -> None:
    from ui.main_window import MainWindow
    from ui.services import Services

    session = open_session(demo, username, DEMO_PASSWORD)
    window = MainWindow(session, Services.for_session(session), runner)
    qtbot.addWidget(window)
    width, height = SIZES[scale]
    window.setWindowState(Qt.WindowState.WindowNoState)  # the offscreen screen is 800x600
    window.resize(width, height)
    window.show()
    qtbot.waitExposed(window)
    _settle(qtbot, runner)
    problems = _survey(qtbot, runner, window)
    if (window.width(), window.height()) != (width, height):
        problems.insert(
            0,
            f"the window cannot be {width}x{height}: it is at least "
            f"{window.width()}x{window.height()}",
        )
    assert not problems, "\n".join(problems)


def test_the_survey_sees_a_collapsed_column(qtbot: Any) -> None:
    """The measure itself: a name column squeezed to a few pixels is reported."""
    from PySide6.QtGui import QStandardItem, QStandardItemModel

    model = QStandardItemModel(3, 2)
    model.setHorizontalHeaderLabels(["Name", "Notes"])
    for row in range(3):
        model.setItem(row, 0, QStandardItem(f"Counsellor with a long name {row}"))
        model.setItem(row, 1, QStandardItem("x" * 80))
    table = QTableView()
    table.setObjectName("squeezed_table")
    table.setModel(model)
    table.setSizeAdjustPolicy(QAbstractScrollArea.SizeAdjustPolicy.AdjustIgnored)
    qtbot.addWidget(table)
    table.resize(400, 200)
    table.show()
    qtbot.waitExposed(table)
    table.horizontalHeader().resizeSection(0, 20)
    problems = _column_problems("test", table)
    assert len(problems) == 1 and "'Name'" in problems[0]
