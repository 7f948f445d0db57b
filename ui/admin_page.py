"""What the administration pages share: a banner, a busy flag and one way to run a change.

Every change is one call on the task runner; when it ends the page says what happened, and the
page reloads when the tables it ``SHOWS`` changed (by it or anywhere else), unless its editor
holds unsaved changes. Errors are worded by :mod:`ui.admin_messages`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLineEdit,
    QPushButton,
    QTableView,
    QWidget,
)

from . import admin_messages
from .banner_widget import BannerWidget
from .change_watch import ChangeWatch
from .guard import alive_only
from .layout_fit import fit_columns
from .row_table_model import RowTableModel
from .services import Services
from .task_runner import TaskRunner


class AdminPage(QWidget):
    operation_finished = Signal(str)  # the banner kind: "success" or "error"

    SHOWS: tuple[str, ...] = ()

    def __init__(self, services: Services, runner: TaskRunner,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self._runner = runner
        self._busy = False
        self.change_watch = ChangeWatch(self, runner, self.SHOWS, self.reload,
                                        ready=lambda: not self.has_unsaved_edits())

    @property
    def busy(self) -> bool:
        return self._busy

    def reload(self) -> None:
        raise NotImplementedError

    def has_unsaved_edits(self) -> bool:
        """Pages with an editor say whether it differs from what it was loaded with."""
        return False

    def _refresh_buttons(self) -> None:
        raise NotImplementedError

    # -- building -------------------------------------------------------------------------------

    def _banner(self, name: str, accessible: str) -> BannerWidget:
        banner = BannerWidget()
        banner.setObjectName(name)
        banner.setAccessibleName(accessible)
        return banner

    @staticmethod
    def _filter_edit(name: str, accessible: str, placeholder: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setObjectName(name)
        edit.setAccessibleName(accessible)
        edit.setPlaceholderText(placeholder)
        edit.setClearButtonEnabled(True)
        return edit

    @staticmethod
    def _button(name: str, text: str) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.setAccessibleName(text.replace("&", "").rstrip("…"))
        return button

    def _proxy(self, model: RowTableModel, name: str) -> QSortFilterProxyModel:
        proxy = QSortFilterProxyModel(self)
        proxy.setObjectName(name)
        proxy.setSourceModel(model)
        proxy.setSortRole(RowTableModel.SortRole)
        proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        proxy.setFilterKeyColumn(-1)
        return proxy

    @staticmethod
    def _table(name: str, accessible: str, proxy: QSortFilterProxyModel,
               stretch_column: int, sort_column: int = 0) -> QTableView:
        table = QTableView()
        table.setObjectName(name)
        table.setAccessibleName(accessible)
        table.setModel(proxy)
        table.setSortingEnabled(True)
        table.sortByColumn(sort_column, Qt.SortOrder.AscendingOrder)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setAlternatingRowColors(True)
        table.verticalHeader().setVisible(False)
        fit_columns(table, stretch_column)
        return table

    # -- selection through the proxy ------------------------------------------------------------

    @staticmethod
    def _selected(table: QTableView) -> Any:
        rows = table.selectionModel().selectedRows()
        return rows[0].data(RowTableModel.RowObjectRole) if rows else None

    @staticmethod
    def _select(table: QTableView, matches: Callable[[Any], bool]) -> bool:
        model = table.model()
        for row in range(model.rowCount()):
            index = model.index(row, 0)
            if matches(index.data(RowTableModel.RowObjectRole)):
                table.selectRow(row)
                table.scrollTo(index)
                return True
        return False

    # -- running changes ------------------------------------------------------------------------

    def _run(self, fn: Callable[[], Any], success: Callable[[Any], str],
             after: Callable[[Any], None] | None = None,
             failed: Callable[[BaseException], None] | None = None) -> None:
        self._busy = True
        self._refresh_buttons()
        self.banner.show_message(self.tr("Working…"), "info")

        def done(result: Any) -> None:
            self._busy = False
            self.banner.show_message(success(result), "success")
            if after is not None:
                after(result)
            self._refresh_buttons()
            self.operation_finished.emit("success")

        def refused(error: BaseException) -> None:
            self._busy = False
            self.banner.show_message(admin_messages.error_message(error), "error")
            self._refresh_buttons()
            if failed is not None:
                failed(error)
            self.operation_finished.emit("error")

        self._runner.submit(fn, alive_only(self, done), alive_only(self, refused))

    def _on_runner_failed(self, error: BaseException) -> None:
        self.banner.show_message(admin_messages.error_message(error), "error")

