"""Caseload: the counsellor's active cases and their own sessions today and this week.

Enter (or a double-click) on a case opens its workspace in place; on a session it opens the case
with that session chosen. Esc in the workspace comes back here. "Show closed cases" lists the
closed ones too (most recently closed first); they open read-only. The core shows a counsellor
only the cases allocated to them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from supportline.roles import Role
from supportline.services.clinical import CaseloadItem, ClinicalService
from supportline.services.diary import DiaryEntry
from supportline.services.staff import is_clinical_lead

from . import clinical_messages, messages
from .banner_widget import BannerWidget
from .case_workspace_view import CaseWorkspaceView
from .caseload_table_model import CaseloadRow, CaseloadTableModel
from .change_watch import ChangeWatch
from .guard import alive_only
from .layout_fit import fit_columns
from .own_session_table_model import OwnSessionTableModel
from .services import Services
from .task_runner import TaskRunner


@dataclass(frozen=True)
class CaseloadData:
    rows: list[CaseloadRow]
    week: list[DiaryEntry]
    today: date
    clinical_lead: bool
    linked: bool = True  # the sign-in has a counsellor profile


class CaseloadView(QWidget):
    loaded = Signal()
    workspace_opened = Signal(object)  # CaseWorkspaceView

    SHOWS = ("cases", "clients", "appointments", "allowance_authorisations", "counsellors")

    def __init__(self, services: Services, runner: TaskRunner,
                 clinical: ClinicalService | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("caseload_view")
        self._services = services
        self._runner = runner
        # Services has no clinical service yet; constructing one touches no store.
        self._clinical = clinical or ClinicalService(services.session)
        self.data: CaseloadData | None = None
        self.workspace: CaseWorkspaceView | None = None
        self._build()
        self._connect_signals()
        # The list waits behind an open case until the counsellor goes back to it.
        self.change_watch = ChangeWatch(self.caseload_page, runner, self.SHOWS,
                                        lambda: self.reload(quietly=True))
        self.reload()

    # -- building -------------------------------------------------------------------------------

    def _table(self, name: str, accessible: str, model: QSortFilterProxyModel, stretch: int,
               readable: tuple[int, ...]) -> QTableView:
        table = QTableView()
        table.setObjectName(name)
        table.setAccessibleName(accessible)
        table.setModel(model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setTabKeyNavigation(False)
        table.setSortingEnabled(True)
        table.setAlternatingRowColors(True)
        table.verticalHeader().setVisible(False)
        fit_columns(table, stretch, readable)
        return table

    def _proxy(self, model: CaseloadTableModel | OwnSessionTableModel) -> QSortFilterProxyModel:
        proxy = QSortFilterProxyModel(self)
        proxy.setSourceModel(model)
        proxy.setSortRole(model.SortRole)
        return proxy

    def _build(self) -> None:
        self.title_label = QLabel(self.tr("Caseload"))
        self.title_label.setObjectName("caseload_title_label")
        font = self.title_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.title_label.setFont(font)
        self.count_label = QLabel()
        self.count_label.setObjectName("caseload_count_label")
        self.refresh_button = QPushButton(self.tr("&Refresh"))
        self.refresh_button.setObjectName("caseload_refresh_button")
        self.refresh_button.setAccessibleName(self.tr("Refresh"))
        self.show_closed_check = QCheckBox(self.tr("Show c&losed cases"))
        self.show_closed_check.setObjectName("show_closed_check")
        self.show_closed_check.setAccessibleName(self.tr("Show closed cases"))
        self.show_closed_check.setToolTip(self.tr(
            "List your closed cases too, most recently closed first; they open read-only"))
        self.open_button = QPushButton(self.tr("&Open case"))
        self.open_button.setObjectName("open_case_button")
        self.open_button.setAccessibleName(self.tr("Open case"))
        self.open_button.setToolTip(self.tr("Open the chosen case (Enter)"))
        self.banner = BannerWidget()
        self.banner.setObjectName("caseload_message_label")
        self.banner.setAccessibleName(self.tr("Caseload message"))

        self.model = CaseloadTableModel(self)
        self.proxy = self._proxy(self.model)
        self.table = self._table("caseload_table", self.tr("Active cases"), self.proxy,
                                 CaseloadTableModel.COLUMN_RISK, (CaseloadTableModel.COLUMN_NAME,))
        self.table.sortByColumn(CaseloadTableModel.COLUMN_NEXT, Qt.SortOrder.AscendingOrder)
        self.today_model = OwnSessionTableModel(False, self)
        self.today_proxy = self._proxy(self.today_model)
        # The venue gives way (elided) before the time or the client's name does.
        own = (OwnSessionTableModel.COLUMN_VENUE,
               (OwnSessionTableModel.COLUMN_WHEN, OwnSessionTableModel.COLUMN_CLIENT))
        self.today_table = self._table("today_sessions_table", self.tr("My sessions today"),
                                       self.today_proxy, *own)
        self.today_table.sortByColumn(OwnSessionTableModel.COLUMN_WHEN,
                                      Qt.SortOrder.AscendingOrder)
        self.week_model = OwnSessionTableModel(True, self)
        self.week_proxy = self._proxy(self.week_model)
        self.week_table = self._table("week_sessions_table", self.tr("My sessions this week"),
                                      self.week_proxy, *own)
        self.week_table.sortByColumn(OwnSessionTableModel.COLUMN_WHEN,
                                     Qt.SortOrder.AscendingOrder)
        for table in (self.today_table, self.week_table):
            table.setWordWrap(False)

        header = QHBoxLayout()
        header.addWidget(self.title_label)
        header.addWidget(self.count_label, 1)
        header.addWidget(self.show_closed_check)
        header.addWidget(self.open_button)
        header.addWidget(self.refresh_button)
        self.cases_group = QGroupBox(self.tr("Active cases"))
        cases_layout = QVBoxLayout(self.cases_group)
        cases_layout.addWidget(self.table)
        self.today_group = QGroupBox(self.tr("Today"))
        today_layout = QVBoxLayout(self.today_group)
        today_layout.addWidget(self.today_table)
        self.week_group = QGroupBox(self.tr("This week"))
        week_layout = QVBoxLayout(self.week_group)
        week_layout.addWidget(self.week_table)
        sessions = QHBoxLayout()
        # The week's list has the longer times (day and date): it gets the larger share.
        sessions.addWidget(self.today_group, 4)
        sessions.addWidget(self.week_group, 5)

        self.caseload_page = QWidget()
        self.caseload_page.setObjectName("caseload_page")
        page_layout = QVBoxLayout(self.caseload_page)
        page_layout.setContentsMargins(12, 8, 12, 8)
        page_layout.addLayout(header)
        page_layout.addWidget(self.banner)
        page_layout.addWidget(self.cases_group, 1)
        page_layout.addLayout(sessions, 1)

        self.stack = QStackedWidget()
        self.stack.setObjectName("caseload_stack")
        self.stack.addWidget(self.caseload_page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)

        order = [self.table, self.today_table, self.week_table, self.show_closed_check,
                 self.open_button, self.refresh_button]
        for first, second in zip(order, order[1:], strict=False):
            QWidget.setTabOrder(first, second)
        self.setFocusProxy(self.table)
        self.setAccessibleName(self.tr("Caseload"))

    def _connect_signals(self) -> None:
        self.table.activated.connect(self._on_table_activated)
        self.today_table.activated.connect(self._on_session_table_activated)
        self.week_table.activated.connect(self._on_session_table_activated)
        self.open_button.clicked.connect(self._on_open_button_clicked)
        self.refresh_button.clicked.connect(self.reload)
        self.show_closed_check.toggled.connect(self._on_show_closed_check_toggled)

    # -- loading --------------------------------------------------------------------------------

    def reload(self, quietly: bool = False) -> None:
        """``quietly``: a refresh after a change, without the loading message."""
        services, clinical = self._services, self._clinical
        today = services.today()
        monday = today - timedelta(days=today.weekday())
        admin = services.session.has_role(Role.ADMINISTRATOR)
        include_closed = self.show_closed_check.isChecked()

        def load() -> CaseloadData:
            items = clinical.caseload(include_closed)
            # The allowance matters for open cases; a closed one shows what it used.
            rows = [CaseloadRow(item, None if item.status == "closed" else
                                services.allowance.status(item.client_id, item.service, today))
                    for item in items]
            mine = services.counsellors.mine()
            week = services.diary.week("counsellor", mine.id, monday).entries if mine else []
            lead = is_clinical_lead(services.session)
            return CaseloadData(rows, week, today, lead or admin, mine is not None)

        if not quietly:
            self.banner.show_message(self.tr("Loading your caseload…"), "info")
        self._runner.submit(load, alive_only(self, lambda data: self._on_runner_loaded(
                                data, quietly)),
                            alive_only(self, self._on_runner_failed))

    def _on_runner_loaded(self, data: CaseloadData, quietly: bool = False) -> None:
        self.data = data
        chosen = self.selected_case()
        self.model.set_rows(data.rows)
        self.today_model.set_rows([e for e in data.week
                                   if e.starts_at_local.date() == data.today])
        self.week_model.set_rows(data.week)
        closed = sum(1 for row in data.rows if row.item.status == "closed")
        active = len(data.rows) - closed
        if self.show_closed_check.isChecked():
            text = self.tr("{active} active, {closed} closed case(s)").format(
                active=active, closed=closed)
        else:
            text = (self.tr("{n} active case(s)").format(n=active) if active
                    else self.tr("No active cases."))
        self.count_label.setText(text)
        title = (self.tr("Active and closed cases") if self.show_closed_check.isChecked()
                 else self.tr("Active cases"))
        self.cases_group.setTitle(title)
        self.table.setAccessibleName(title)
        self.today_group.setTitle(self.tr("Today, {date}").format(
            date=data.today.strftime("%d/%m/%Y")))
        monday = data.today - timedelta(days=data.today.weekday())
        self.week_group.setTitle(self.tr("This week, {start} to {end}").format(
            start=monday.strftime("%d/%m/%Y"),
            end=(monday + timedelta(days=6)).strftime("%d/%m/%Y")))
        if not data.linked:
            self.banner.show_message(messages.not_linked_message(), "error")
        elif not quietly:
            self.banner.clear_message()
        if self.proxy.rowCount():
            row = self.model.row_of(chosen.case_id) if chosen is not None else -1
            index = (self.proxy.mapFromSource(self.model.index(row, 0)) if row >= 0
                     else self.proxy.index(0, 0))
            self.table.setCurrentIndex(index)
        self.loaded.emit()

    def _on_runner_failed(self, error: BaseException) -> None:
        self.banner.show_message(clinical_messages.error_message(error), "error")

    # -- queries --------------------------------------------------------------------------------

    def selected_case(self) -> CaseloadRow | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        return index.data(CaseloadTableModel.RowObjectRole)

    # -- the workspace --------------------------------------------------------------------------

    def open_case(self, item: CaseloadItem, appointment_id: int | None = None) -> CaseWorkspaceView:
        self._close_workspace()
        lead = bool(self.data and self.data.clinical_lead)
        workspace = CaseWorkspaceView(self._services, self._clinical, self._runner, item, lead)
        workspace.back_requested.connect(self._on_workspace_back_requested)
        self.workspace = workspace
        self.stack.addWidget(workspace)
        self.stack.setCurrentWidget(workspace)
        workspace.load(appointment_id)
        workspace.tabs.tabBar().setFocus(Qt.FocusReason.OtherFocusReason)
        self.workspace_opened.emit(workspace)
        return workspace

    def _close_workspace(self) -> None:
        if self.workspace is not None:
            self.stack.removeWidget(self.workspace)
            self.workspace.deleteLater()
            self.workspace = None

    @Slot()
    def _on_workspace_back_requested(self) -> None:
        self._close_workspace()
        self.stack.setCurrentWidget(self.caseload_page)
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    @Slot(bool)
    def _on_show_closed_check_toggled(self, _checked: bool) -> None:
        self.reload()

    @Slot(QModelIndex)
    def _on_table_activated(self, index: QModelIndex) -> None:
        row = index.data(CaseloadTableModel.RowObjectRole)
        if row is not None:
            self.open_case(row.item)

    @Slot()
    def _on_open_button_clicked(self) -> None:
        row = self.selected_case()
        if row is not None:
            self.open_case(row.item)

    @Slot(QModelIndex)
    def _on_session_table_activated(self, index: QModelIndex) -> None:
        entry = index.data(OwnSessionTableModel.RowObjectRole)
        if entry is None or self.data is None:
            return
        row = next((r for r in self.data.rows if r.case_id == entry.case_id), None)
        if row is None:
            self.banner.show_message(self.tr("That session's case is no longer on your "
                                             "caseload."), "info")
            return
        self.open_case(row.item, entry.appointment_id)
