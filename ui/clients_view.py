"""Clients: find as you type, open a record (audited), edit it, and merge duplicates."""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QHBoxLayout,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from supportline.roles import Op, allowed
from supportline.services.clients import ClientRecord, ClientSummary

from . import messages
from .banner_widget import BannerWidget
from .change_watch import ChangeWatch
from .client_detail_view import ClientDetailView
from .client_search_widget import ClientSearchWidget
from .confirm_dialog import ConfirmDialog
from .guard import alive_only
from .merge_dialog import MergeDialog
from .services import Services
from .task_runner import TaskRunner


class ClientsView(QWidget):
    record_opened = Signal(object)  # ClientDetailView
    operation_finished = Signal(str)

    SHOWS = ("clients", "organisations", "risk_alerts")

    def __init__(self, services: Services, runner: TaskRunner,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("clients_view")
        self._services = services
        self._runner = runner
        self.detail: ClientDetailView | None = None
        self._may_merge = allowed(services.session.roles, Op.CLIENTS_MERGE)
        self._build()
        self._connect_signals()
        self._refresh_buttons()
        # The results wait behind an open record until the user goes back to them.
        self.change_watch = ChangeWatch(self.results_page, runner, self.SHOWS,
                                        self.search.refresh)

    def _button(self, name: str, text: str) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.setAccessibleName(text.replace("&", "").rstrip("…"))
        return button

    def _build(self) -> None:
        self.banner = BannerWidget()
        self.banner.setObjectName("clients_message_label")
        self.banner.setAccessibleName(self.tr("Clients message"))
        self.search = ClientSearchWidget(self._services, self._runner, compact=False,
                                         name_prefix="clients")
        self.open_button = self._button("open_client_button", self.tr("&Open"))
        self.merge_button = self._button("merge_clients_button", self.tr("&Merge…"))
        self.merge_button.setToolTip(self.tr("Select two records (Ctrl+click) to merge them."))
        self.merge_button.setVisible(self._may_merge)
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.merge_button)
        buttons.addStretch(1)
        self.results_page = QWidget()
        self.results_page.setObjectName("clients_results_page")
        results = QVBoxLayout(self.results_page)
        results.setContentsMargins(12, 12, 12, 12)
        results.addWidget(self.search, 1)
        results.addLayout(buttons)
        self.stack = QStackedWidget()
        self.stack.setObjectName("clients_stack")
        self.stack.addWidget(self.results_page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.banner)
        layout.addWidget(self.stack, 1)

    def _connect_signals(self) -> None:
        self.search.client_chosen.connect(self._on_search_client_chosen)
        self.search.results_table.selectionModel().selectionChanged.connect(
            self._on_results_selection_changed)
        self.search.model.modelReset.connect(self._refresh_buttons)
        self.open_button.clicked.connect(self._on_open_button_clicked)
        self.merge_button.clicked.connect(self._on_merge_button_clicked)

    def _refresh_buttons(self) -> None:
        selected = self.search.selected_clients()
        self.open_button.setEnabled(len(selected) == 1)
        self.merge_button.setEnabled(len(selected) == 2)

    # -- opening --------------------------------------------------------------------------------

    def open_client(self, client_id: int) -> None:
        """Open the record: the core audits this view of an identifiable record."""
        clients = self._services.clients
        self.banner.clear_message()
        self._runner.submit(lambda: clients.open(client_id),
                            alive_only(self, self._on_runner_opened),
                            alive_only(self, self._on_runner_failed))

    def _on_runner_opened(self, record: ClientRecord) -> None:
        self._close_detail()
        detail = ClientDetailView(self._services, self._runner, record)
        detail.back_requested.connect(self._on_detail_back_requested)
        self.detail = detail
        self.stack.addWidget(detail)
        self.stack.setCurrentWidget(detail)
        detail.form.first_name_edit.setFocus(Qt.FocusReason.OtherFocusReason)
        self.record_opened.emit(detail)

    def _close_detail(self) -> None:
        detail = self.detail
        self.detail = None
        if detail is not None:
            self.stack.setCurrentWidget(self.results_page)
            self.stack.removeWidget(detail)
            detail.deleteLater()

    def _on_runner_failed(self, error: BaseException) -> None:
        self.banner.show_message(messages.error_message(error), "error")
        self.operation_finished.emit("error")

    # -- slots ----------------------------------------------------------------------------------

    @Slot(object)
    def _on_search_client_chosen(self, client: ClientSummary) -> None:
        self.open_client(client.id)

    @Slot(QItemSelection, QItemSelection)
    def _on_results_selection_changed(self, _selected: QItemSelection,
                                      _deselected: QItemSelection) -> None:
        self._refresh_buttons()

    @Slot()
    def _on_open_button_clicked(self) -> None:
        selected = self.search.selected_clients()
        if len(selected) == 1:
            self.open_client(selected[0].id)

    @Slot()
    def _on_detail_back_requested(self) -> None:
        self._close_detail()
        self.search.search_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    @Slot()
    def _on_merge_button_clicked(self) -> None:
        selected = self.search.selected_clients()
        if len(selected) != 2:
            return
        choice = MergeDialog.ask(self, selected[0], selected[1])
        if choice is None:
            return
        keep, remove = choice
        if not ConfirmDialog.ask(
            self,
            self.tr("Merge records"),
            self.tr("Merge {remove} into {keep}? Everything recorded against {remove} moves to "
                    "{keep}.").format(remove=remove.reference, keep=keep.reference),
            self.tr("Merge"),
        ):
            return
        clients = self._services.clients
        self._runner.submit(lambda: clients.merge(keep.id, remove.id),
                            alive_only(self, self._on_runner_merged),
                            alive_only(self, self._on_runner_failed))

    def _on_runner_merged(self, record: ClientRecord) -> None:
        self.banner.show_message(self.tr("Records merged into {reference}.").format(
            reference=record.reference), "success")
        self.operation_finished.emit("success")
