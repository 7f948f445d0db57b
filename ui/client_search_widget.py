"""Find a client as you type: a search box over a results table, usable without a mouse.

Type in the box; Down moves into the results; Enter (or a double-click) chooses the current row.
Searches are debounced and run on the database thread; a reply to an older query is ignored.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QObject,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from supportline.services.clients import ClientSummary

from . import messages
from .change_watch import TablePlace
from .client_table_model import ClientTableModel
from .guard import alive_only
from .layout_fit import fit_columns
from .services import Services
from .task_runner import TaskRunner

DEBOUNCE_MS = 200


def _client_id(client: ClientSummary) -> int:
    return client.id


class ClientSearchWidget(QWidget):
    client_chosen = Signal(object)  # ClientSummary
    results_loaded = Signal(int)

    def __init__(self, services: Services, runner: TaskRunner, compact: bool = False,
                 name_prefix: str = "client", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self._runner = runner
        self._request = 0
        self._last_query = ""
        self._build(compact, name_prefix)
        self._connect_signals()

    def _build(self, compact: bool, prefix: str) -> None:
        self.search_edit = QLineEdit()
        self.search_edit.setObjectName(f"{prefix}_search_edit")
        self.search_edit.setAccessibleName(self.tr("Find client"))
        self.search_edit.setPlaceholderText(
            self.tr("Name, phone, e-mail, postcode, date of birth or SL reference…"))
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.installEventFilter(self)

        self.debounce = QTimer(self)
        self.debounce.setSingleShot(True)
        self.debounce.setInterval(DEBOUNCE_MS)

        self.model = ClientTableModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(ClientTableModel.SortRole)

        self.results_table = QTableView()
        self.results_table.setObjectName(f"{prefix}_results_table")
        self.results_table.setAccessibleName(self.tr("Matching clients"))
        self.results_table.setModel(self.proxy)
        self.results_table.setSortingEnabled(True)
        self.results_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.results_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.results_table.setAlternatingRowColors(True)
        self.results_table.setTabKeyNavigation(False)
        self.results_table.verticalHeader().setVisible(False)
        self.results_table.installEventFilter(self)
        fit_columns(self.results_table, ClientTableModel.COLUMN_NAME)
        if compact:
            self.results_table.setColumnHidden(ClientTableModel.COLUMN_ORGANISATION, True)
            self.results_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        else:
            self.results_table.setSelectionMode(
                QAbstractItemView.SelectionMode.ExtendedSelection)

        self.status_label = QLabel()
        self.status_label.setObjectName(f"{prefix}_search_status_label")
        self.status_label.setAccessibleName(self.tr("Search status"))

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search_edit)
        layout.addWidget(self.results_table, 1)
        layout.addWidget(self.status_label)

    def _connect_signals(self) -> None:
        self.search_edit.textChanged.connect(self._on_search_edit_text_changed)
        self.debounce.timeout.connect(self._on_debounce_timeout)
        self.results_table.doubleClicked.connect(self._on_results_table_double_clicked)

    # -- queries --------------------------------------------------------------------------------

    def current_client(self) -> ClientSummary | None:
        index = self.results_table.currentIndex()
        if not index.isValid():
            return None
        return index.data(ClientTableModel.RowObjectRole)

    def selected_clients(self) -> list[ClientSummary]:
        rows = self.results_table.selectionModel().selectedRows()
        return [row.data(ClientTableModel.RowObjectRole) for row in rows]

    def refresh(self) -> None:
        """Run the current query again now (the clients changed), keeping the chosen rows."""
        query = self.search_edit.text().strip()
        if query:
            self._last_query = query
            self._search(query, keep_place=True)

    # -- running --------------------------------------------------------------------------------

    def _search(self, query: str, keep_place: bool = False) -> None:
        self._request += 1
        request = self._request
        clients = self._services.clients
        self._runner.submit(
            lambda: clients.search(query),
            alive_only(self, lambda found: self._on_runner_found(request, found, keep_place)),
            alive_only(self, self._on_runner_failed),
        )

    def _on_runner_found(self, request: int, found: list[ClientSummary],
                         keep_place: bool = False) -> None:
        if request != self._request:
            return  # an answer to an older query: the handler has typed on since
        place = TablePlace.of(self.results_table, _client_id)
        self.model.set_clients(found)
        if keep_place:
            place.restore(self.results_table, _client_id)
        if found:
            self.status_label.setText(
                self.tr("%n client(s) found. Press Down to choose.", "", len(found)))
        elif self._last_query:
            self.status_label.setText(self.tr("No client matches."))
        else:
            self.status_label.setText("")
        self.results_loaded.emit(len(found))

    def _on_runner_failed(self, error: BaseException) -> None:
        self.status_label.setText(messages.error_message(error))

    # -- slots ----------------------------------------------------------------------------------

    @Slot(str)
    def _on_search_edit_text_changed(self, _text: str) -> None:
        self.debounce.start()

    @Slot()
    def _on_debounce_timeout(self) -> None:
        query = self.search_edit.text().strip()
        if query == self._last_query and self.model.rowCount():
            return
        self._last_query = query
        if not query:
            self._request += 1
            self.model.set_clients([])
            self.status_label.setText("")
            self.results_loaded.emit(0)
            return
        self._search(query)

    @Slot(QModelIndex)
    def _on_results_table_double_clicked(self, index: QModelIndex) -> None:
        client = index.data(ClientTableModel.RowObjectRole)
        if client is not None:
            self.client_chosen.emit(client)

    # -- Qt overrides ---------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return super().eventFilter(watched, event)
        key = event.key()
        if watched is self.search_edit:
            if key == Qt.Key.Key_Down and self.proxy.rowCount():
                self.results_table.setFocus(Qt.FocusReason.OtherFocusReason)
                if not self.results_table.currentIndex().isValid():
                    self.results_table.selectRow(0)
                    self.results_table.setCurrentIndex(self.proxy.index(0, 0))
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.proxy.rowCount() == 1:
                self.client_chosen.emit(self.proxy.index(0, 0).data(
                    ClientTableModel.RowObjectRole))
                return True
        elif watched is self.results_table:
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                client = self.current_client()
                if client is not None:
                    self.client_chosen.emit(client)
                return True
            if key == Qt.Key.Key_Up and self.results_table.currentIndex().row() <= 0:
                self.search_edit.setFocus(Qt.FocusReason.OtherFocusReason)
                return True
        return super().eventFilter(watched, event)
