"""Views that keep themselves current: each says which tables it shows and how to refresh.

The task runner emits ``changes_made`` after every task that wrote something (captured at the
engines, :mod:`supportline.changes`); later, server mode feeds the same signal with what other
workstations wrote. A :class:`ChangeWatch` refreshes its view when a table it shows changed:
at once (on the next turn of the event loop, so one task's or one burst's changes give one
refresh) if the view is on screen, otherwise when it is next shown.

A refresh re-reads the data only; views restore the selection and scroll position
(:class:`TablePlace`) and never overwrite what the user is typing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QObject, Qt, QTimer, Slot
from PySide6.QtWidgets import QAbstractItemView, QWidget

from supportline.changes import Changes, known_tables

from .task_runner import TaskRunner

# Every table model here keeps its row object under this role (RowTableModel.RowObjectRole).
ROW_OBJECT_ROLE = Qt.ItemDataRole.UserRole + 2


class ChangeWatch(QObject):
    """Calls ``refresh`` when any of ``tables`` changed and ``widget`` is (or next is) shown.

    ``widget`` is what shows the data: the view itself, or the page of a stack within it, so
    that a list behind an open record waits until the user goes back to it. ``ready`` says
    whether a refresh may run now: a page whose editor holds unsaved changes answers False and
    stays stale (refreshed on its next show or the next change) rather than lose the typing.
    """

    def __init__(self, widget: QWidget, runner: TaskRunner, tables: Iterable[str],
                 refresh: Callable[[], None],
                 ready: Callable[[], bool] | None = None) -> None:
        super().__init__(widget)
        self.tables = frozenset(tables)
        unknown = self.tables - known_tables()
        if unknown:
            raise ValueError(f"no such tables: {sorted(unknown)}")
        self._widget = widget
        self._refresh = refresh
        self._ready = ready
        self.stale = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._on_timer_timeout)
        runner.changes_made.connect(self._on_runner_changes_made)
        widget.installEventFilter(self)

    def mark_stale(self) -> None:
        """Refresh now if shown, else on the next show (also for changes known another way)."""
        self.stale = True
        if self._widget.isVisible():
            self._timer.start()

    @Slot(object)
    def _on_runner_changes_made(self, changes: Changes) -> None:
        if changes.touches(self.tables):
            self.mark_stale()

    @Slot()
    def _on_timer_timeout(self) -> None:
        if not (self.stale and self._widget.isVisible()):
            return
        if self._ready is not None and not self._ready():
            return
        self.stale = False
        self._refresh()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # During teardown Qt may call a filter whose Python side is already gone.
        widget = getattr(self, "_widget", None)
        if widget is not None and watched is widget and event.type() == QEvent.Type.Show \
                and self.stale:
            self._timer.start()
        return False


@dataclass(frozen=True)
class TablePlace:
    """Where the user was in a table: the current and chosen rows (by key) and the scroll
    position. Taken before a model reset and restored after it, so a refresh does not move the
    user.
    """

    current: Any
    selected: tuple[Any, ...]
    scroll: tuple[int, int]

    @classmethod
    def of(cls, table: QAbstractItemView, key: Callable[[Any], Any],
           role: int = ROW_OBJECT_ROLE) -> TablePlace:
        def key_of(index: QModelIndex) -> Any:
            row = index.data(role) if index.isValid() else None
            return key(row) if row is not None else None

        selection = table.selectionModel()
        rows = selection.selectedRows() if selection is not None else []
        return cls(key_of(table.currentIndex()), tuple(key_of(index) for index in rows),
                   (table.verticalScrollBar().value(), table.horizontalScrollBar().value()))

    def restore(self, table: QAbstractItemView, key: Callable[[Any], Any],
                role: int = ROW_OBJECT_ROLE) -> bool:
        """Choose the same rows again where they are still there; False if the current one
        has gone."""
        model, selection = table.model(), table.selectionModel()
        wanted = {k for k in self.selected if k is not None}
        found = False
        if self.current is not None or wanted:
            flags = QItemSelectionModel.SelectionFlag
            for row in range(model.rowCount()):
                index = model.index(row, 0)
                item = index.data(role)
                if item is None:
                    continue
                item_key = key(item)
                if item_key == self.current:
                    selection.setCurrentIndex(index, flags.NoUpdate)
                    found = True
                if item_key in wanted:
                    selection.select(index, flags.Select | flags.Rows)
        # The scroll range follows the new rows only once the view has laid them out.
        table.doItemsLayout()
        table.verticalScrollBar().setValue(self.scroll[0])
        table.horizontalScrollBar().setValue(self.scroll[1])
        return found
