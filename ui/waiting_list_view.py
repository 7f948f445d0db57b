"""Waiting list: most urgent first, then longest waiting; reference and initials only, with the
client's risk level. Handlers change a case's urgency here; counsellors review a risk alert."""

from __future__ import annotations

from PySide6.QtCore import (
    QItemSelection,
    QModelIndex,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from supportline.reference import KENT_DISTRICTS
from supportline.roles import Op, allowed
from supportline.services.cases import SERVICES, WaitingItem

from . import messages
from .banner_widget import BannerWidget
from .change_watch import ChangeWatch, TablePlace
from .guard import alive_only
from .labels import gender_label, service_label
from .layout_fit import fit_columns
from .risk_urgency_actions import RiskUrgencyActions
from .services import Services
from .task_runner import TaskRunner
from .waiting_list_table_model import WaitingListTableModel

FILTER_DEBOUNCE_MS = 250


def _case_id(item: WaitingItem) -> int:
    return item.case_id


class WaitingListView(QWidget):
    booking_requested = Signal(int)  # case id
    list_loaded = Signal()

    SHOWS = ("cases", "clients", "risk_alerts")

    def __init__(self, services: Services, runner: TaskRunner, read_only: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("waiting_list_view")
        self._services = services
        self._runner = runner
        self._read_only = read_only
        self._request = 0
        self._build()
        self._connect_signals()
        self._refresh_buttons()
        self.change_watch = ChangeWatch(self, runner, self.SHOWS, self.reload)
        self.reload()

    def _combo(self, name: str, accessible: str, choices: list[tuple[str, str]]) -> QComboBox:
        combo = QComboBox()
        combo.setObjectName(name)
        combo.setAccessibleName(accessible)
        combo.addItem(self.tr("Any"), "")
        for code, text in choices:
            combo.addItem(text, code)
        return combo

    def _build(self) -> None:
        self.banner = BannerWidget()
        self.banner.setObjectName("waiting_list_message_label")
        self.banner.setAccessibleName(self.tr("Waiting list message"))
        self.service_combo = self._combo("waiting_service_combo", self.tr("Service"),
                                         [(code, service_label(code)) for code in SERVICES])
        self.district_combo = self._combo("waiting_district_combo", self.tr("District"),
                                          [(name, name) for name in KENT_DISTRICTS])
        self.gender_combo = self._combo("waiting_gender_combo", self.tr("Counsellor gender"),
                                        [(code, gender_label(code)) for code in ("female", "male")])
        self.language_edit = QLineEdit()
        self.language_edit.setObjectName("waiting_language_edit")
        self.language_edit.setAccessibleName(self.tr("Language"))
        self.language_edit.setPlaceholderText(self.tr("Any language"))
        self.language_edit.setClearButtonEnabled(True)
        self.language_debounce = QTimer(self)
        self.language_debounce.setSingleShot(True)
        self.language_debounce.setInterval(FILTER_DEBOUNCE_MS)

        filters = QHBoxLayout()
        for text, widget in ((self.tr("&Service"), self.service_combo),
                             (self.tr("&District"), self.district_combo),
                             (self.tr("Counsellor &gender"), self.gender_combo),
                             (self.tr("&Language"), self.language_edit)):
            label = QLabel(text)
            label.setBuddy(widget)
            filters.addWidget(label)
            filters.addWidget(widget)
        filters.addStretch(1)

        self.model = WaitingListTableModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setObjectName("waiting_list_proxy_model")
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(WaitingListTableModel.SortRole)
        self.table = QTableView()
        self.table.setObjectName("waiting_list_table")
        self.table.setAccessibleName(self.tr("Waiting list"))
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(WaitingListTableModel.COLUMN_URGENCY, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        fit_columns(self.table, WaitingListTableModel.COLUMN_PREFERENCES)

        self.count_label = QLabel()
        self.count_label.setObjectName("waiting_count_label")
        self.count_label.setAccessibleName(self.tr("Number waiting"))
        self.book_button = QPushButton(self.tr("&Book…"))
        self.book_button.setObjectName("book_button")
        self.book_button.setAccessibleName(self.tr("Book"))
        self.book_button.setVisible(not self._read_only)
        # Handlers triage: urgency. Counsellors (clinical leads) review a risk alert.
        roles = self._services.session.roles
        self.actions = RiskUrgencyActions(self._services, self._runner, self)
        self.urgency_button = QPushButton(self.tr("Change &urgency…"))
        self.urgency_button.setObjectName("change_urgency_button")
        self.urgency_button.setAccessibleName(self.tr("Change urgency"))
        self.urgency_button.setVisible(allowed(roles, Op.CASES_SET_URGENCY))
        self.review_risk_button = QPushButton(self.tr("Review &risk…"))
        self.review_risk_button.setObjectName("review_risk_button")
        self.review_risk_button.setAccessibleName(self.tr("Review risk"))
        self.review_risk_button.setVisible(allowed(roles, Op.RISK_REVIEW))
        self.refresh_button = QPushButton(self.tr("Re&fresh"))
        self.refresh_button.setObjectName("refresh_waiting_list_button")
        self.refresh_button.setAccessibleName(self.tr("Refresh"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.count_label)
        buttons.addStretch(1)
        buttons.addWidget(self.refresh_button)
        buttons.addWidget(self.review_risk_button)
        buttons.addWidget(self.urgency_button)
        buttons.addWidget(self.book_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.addWidget(self.banner)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

    def _connect_signals(self) -> None:
        for combo in (self.service_combo, self.district_combo, self.gender_combo):
            combo.currentIndexChanged.connect(self._on_filter_changed)
        self.language_edit.textChanged.connect(self._on_language_edit_text_changed)
        self.language_debounce.timeout.connect(self.reload)
        self.refresh_button.clicked.connect(self.reload)
        self.book_button.clicked.connect(self._on_book_button_clicked)
        self.table.activated.connect(self._on_table_activated)
        self.table.selectionModel().selectionChanged.connect(self._on_table_selection_changed)
        self.model.modelReset.connect(self._refresh_buttons)
        self.urgency_button.clicked.connect(self._on_urgency_button_clicked)
        self.review_risk_button.clicked.connect(self._on_review_risk_button_clicked)
        self.actions.finished.connect(self._on_actions_finished)

    # -- state ----------------------------------------------------------------------------------

    def selected_item(self) -> WaitingItem | None:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].data(WaitingListTableModel.RowObjectRole) if rows else None

    def _refresh_buttons(self) -> None:
        item = self.selected_item()
        self.book_button.setEnabled(not self._read_only and item is not None)
        self.urgency_button.setEnabled(item is not None)
        self.review_risk_button.setEnabled(item is not None and item.risk_level != "none")

    def reload(self) -> None:
        self._request += 1
        request = self._request
        cases = self._services.cases
        service = self.service_combo.currentData() or None
        district = self.district_combo.currentData() or None
        gender = self.gender_combo.currentData() or None
        language = self.language_edit.text().strip() or None
        self._runner.submit(
            lambda: cases.waiting_list(service, district, gender, language),
            alive_only(self, lambda items: self._on_runner_loaded(request, items)),
            alive_only(self, self._on_runner_failed))

    def _on_runner_loaded(self, request: int, items: list[WaitingItem]) -> None:
        if request != self._request:
            return
        place = TablePlace.of(self.table, _case_id)
        self.model.set_items(items)
        place.restore(self.table, _case_id)
        self.count_label.setText(self.tr("%n waiting", "", len(items)))
        self.list_loaded.emit()

    def _on_runner_failed(self, error: BaseException) -> None:
        self.banner.show_message(messages.error_message(error), "error")

    # -- slots ----------------------------------------------------------------------------------

    @Slot(int)
    def _on_filter_changed(self, _index: int) -> None:
        self.reload()

    @Slot(str)
    def _on_language_edit_text_changed(self, _text: str) -> None:
        self.language_debounce.start()

    @Slot(QItemSelection, QItemSelection)
    def _on_table_selection_changed(self, _selected: QItemSelection,
                                    _deselected: QItemSelection) -> None:
        self._refresh_buttons()

    def booking_connected(self) -> bool:
        return self.receivers("2booking_requested(int)") > 0

    @Slot()
    def _on_urgency_button_clicked(self) -> None:
        item = self.selected_item()
        if item is not None:
            self.actions.change_urgency(item.case_id, item.urgency, item.risk_level)

    @Slot()
    def _on_review_risk_button_clicked(self) -> None:
        item = self.selected_item()
        if item is not None:
            self.actions.review_risk(item.client_id, item.risk_level)

    @Slot(str, str)
    def _on_actions_finished(self, kind: str, text: str) -> None:
        self.banner.show_message(text, kind)
        if kind == "success":
            self.reload()

    @Slot(QModelIndex)
    def _on_table_activated(self, _index: QModelIndex) -> None:
        # Enter on a row books it, as the Book… button does.
        self._on_book_button_clicked()

    @Slot()
    def _on_book_button_clicked(self) -> None:
        item = self.selected_item()
        if item is None or self._read_only:
            return
        if not self.booking_connected():
            self.banner.show_message(
                self.tr("Booking opens here in the booking release."), "info")
            return
        self.booking_requested.emit(item.case_id)
