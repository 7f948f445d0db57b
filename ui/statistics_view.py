"""Statistics: the service manager's catalogue of protected tables, by quarter or financial year.

Everything shown comes from the core's catalogue through disclosure control; this page only
picks the table and period, draws the result and says how the figures are protected. Exports
and releases are audited by the core; comments from evaluation forms are for the manager's
eyes only and are never exported.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QSortFilterProxyModel, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from supportline.errors import PeriodNotReleasable, PeriodStillOpen
from supportline.paths import atomic_write
from supportline.roles import Op, allowed
from supportline.statistics.catalogue import Release, StatisticsService, TableOutput
from supportline.statistics.reports import ReportService

from . import stats_messages
from .banner_widget import BannerWidget
from .change_watch import ChangeWatch
from .confirm_dialog import ConfirmDialog
from .freshness_widget import FreshnessWidget
from .guard import alive_only
from .layout_fit import WrappingRow
from .letter_preview_dialog import LetterPreviewDialog
from .period_picker_widget import PeriodPickerWidget, previous_quarter
from .release_gate import ReleaseGate
from .release_table_model import ReleaseTableModel
from .services import Services
from .stats_chart_widget import StatsChartWidget
from .stats_table_model import StatsTableModel
from .task_runner import TaskRunner
from .uk_format import format_date_time

_NOTE_STYLE = ("background: #f6f8fa; border: 1px solid #d0d7de; border-radius: 4px;"
               " padding: 8px 10px; color: #24292f;")
_NEVER_EXPORTED_STYLE = ("background: #fff4e5; border: 1px solid #f0c36d; border-radius: 4px;"
                         " padding: 8px 10px; color: #5c3c00; font-weight: bold;")
_PROVISIONAL_STYLE = ("background: #fff4e5; border: 1px solid #f0c36d;"
                      " border-left: 4px solid #bf8700; border-radius: 4px;"
                      " padding: 4px 10px; color: #5c3c00;")


class StatsFiles:
    """The file chooser for a CSV export: a seam tests replace."""

    @classmethod
    def save_csv_path(cls, parent: QWidget | None, suggested: str) -> Path | None:
        name, _ = QFileDialog.getSaveFileName(
            parent, QCoreApplication.translate("StatsFiles", "Export table as CSV"), suggested,
            QCoreApplication.translate("StatsFiles", "CSV files (*.csv)"))
        return Path(name) if name else None


class OrganisationChoice:
    """Which organisation a usage report is for: a seam tests replace."""

    @classmethod
    def ask(cls, parent: QWidget | None, organisations: list[str]) -> str | None:
        name, ok = QInputDialog.getItem(
            parent, QCoreApplication.translate("OrganisationChoice", "Usage report"),
            QCoreApplication.translate("OrganisationChoice", "Organisation:"),
            organisations, 0, False)
        return name if ok and name else None


class StatisticsView(QWidget):
    tables_loaded = Signal()
    output_loaded = Signal()
    releases_loaded = Signal()
    comments_loaded = Signal()
    freshness_loaded = Signal()
    release_checked = Signal()
    operation_finished = Signal(str)  # "success" | "error"

    # Every statistics table the figures, releases and comments come from.
    SHOWS = ("stat_counts", "evaluation_comments", "releases", "frozen_quarters",
             "stat_settings")

    def __init__(self, services: Services, runner: TaskRunner,
                 statistics: StatisticsService | None = None,
                 reports: ReportService | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("statistics_view")
        self._services = services
        self._runner = runner
        self._statistics = statistics or StatisticsService(services.session)
        self._reports = reports or ReportService(services.session)
        roles = services.session.roles
        self.may_release = allowed(roles, Op.STATS_RELEASE)
        self.may_read_comments = allowed(roles, Op.STATS_COMMENTS_READ)
        self.output: TableOutput | None = None
        self.releases: list[Release] = []
        self.comments: list[tuple[str, str]] = []
        self.release_gate = ReleaseGate(self._statistics, runner, self)
        self._request = 0
        self._comments_request = 0
        self._busy = False
        self._build(previous_quarter(services.today()))
        self._connect_signals()
        self._refresh_buttons()
        self.change_watch = ChangeWatch(self, runner, self.SHOWS, self._refresh)
        self._load_tables()
        self.reload_releases()
        self.reload_freshness()

    # -- building -------------------------------------------------------------------------------

    def _button(self, name: str, text: str, visible: bool = True) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.setAccessibleName(text.replace("&", "").rstrip("…"))
        button.setVisible(visible)
        return button

    def _table(self, name: str, accessible: str) -> QTableView:
        table = QTableView()
        table.setObjectName(name)
        table.setAccessibleName(accessible)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setTabKeyNavigation(False)
        return table

    def _build(self, period: str) -> None:
        self.banner = BannerWidget()
        self.banner.setObjectName("statistics_message_label")
        self.banner.setAccessibleName(self.tr("Statistics message"))

        self.table_combo = QComboBox()
        self.table_combo.setObjectName("stats_table_combo")
        self.table_combo.setAccessibleName(self.tr("Table"))
        # The list shows whole titles; the closed box gives way on a narrow screen.
        self.table_combo.setMinimumContentsLength(24)
        self.table_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.period_picker = PeriodPickerWidget(period)
        table_label = QLabel(self.tr("&Table"))
        table_label.setBuddy(self.table_combo)
        period_label = QLabel(self.tr("&Period"))
        period_label.setBuddy(self.period_picker.kind_combo)
        table_row = QHBoxLayout()
        table_row.addWidget(table_label)
        table_row.addWidget(self.table_combo, 1)
        table_row.addSpacing(16)
        period_row = QHBoxLayout()
        period_row.addWidget(period_label)
        period_row.addWidget(self.period_picker)
        period_row.addStretch(0)
        top = WrappingRow([table_row, period_row])
        top.setObjectName("stats_choice_row")

        self.title_label = QLabel()
        self.title_label.setObjectName("stats_title_label")
        self.title_label.setWordWrap(True)
        font = self.title_label.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.title_label.setFont(font)
        self.release_state_label = QLabel()
        self.release_state_label.setObjectName("release_state_label")
        self.release_state_label.setAccessibleName(self.tr("Release state"))
        self.freshness_label = FreshnessWidget(self._statistics, self._runner)

        self.model = StatsTableModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setObjectName("stats_proxy_model")
        self.proxy.setSourceModel(self.model)
        self.table_view = self._table("stats_table", self.tr("Statistics table"))
        self.table_view.setModel(self.proxy)
        self.table_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table_view.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents)
        self.table_view.horizontalHeader().setMinimumSectionSize(56)
        self.table_view.verticalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents)
        self.table_view.verticalHeader().setDefaultAlignment(
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.chart = StatsChartWidget()
        # Figures of a period that has not ended may be looked at, never taken away. The mark
        # sits over the table, beside the chart: on a 1280x800 laptop at 125% the page has no
        # height to spare, and the chart none to give.
        self.provisional_label = QLabel()
        self.provisional_label.setObjectName("provisional_label")
        self.provisional_label.setAccessibleName(self.tr("Provisional figures"))
        self.provisional_label.setTextFormat(Qt.TextFormat.PlainText)
        self.provisional_label.setWordWrap(True)
        self.provisional_label.setStyleSheet(_PROVISIONAL_STYLE)
        self.provisional_label.setVisible(False)
        table_side = QWidget()
        table_side.setObjectName("stats_table_side")
        table_side_layout = QVBoxLayout(table_side)
        table_side_layout.setContentsMargins(0, 0, 0, 0)
        table_side_layout.addWidget(self.provisional_label)
        table_side_layout.addWidget(self.table_view, 1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("stats_splitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(table_side)
        self.splitter.addWidget(self.chart)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        self.note_label = QLabel()
        self.note_label.setObjectName("protection_note_label")
        self.note_label.setAccessibleName(self.tr("How the figures are protected"))
        self.note_label.setWordWrap(True)
        self.note_label.setStyleSheet(_NOTE_STYLE)
        # Never squeezed by the table and chart above it: it is the page's promise.
        self.note_label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self.table_note_label = QLabel()
        self.table_note_label.setObjectName("table_note_label")
        self.table_note_label.setWordWrap(True)
        self.table_note_label.setVisible(False)
        figures = QWidget()
        figures_layout = QVBoxLayout(figures)
        figures_layout.setContentsMargins(0, 6, 0, 0)
        figures_layout.addWidget(self.splitter, 1)
        figures_layout.addWidget(self.table_note_label)
        figures_layout.addWidget(self.note_label)

        self.release_model = ReleaseTableModel(self)
        self.release_proxy = QSortFilterProxyModel(self)
        self.release_proxy.setObjectName("release_proxy_model")
        self.release_proxy.setSourceModel(self.release_model)
        self.release_proxy.setSortRole(ReleaseTableModel.SortRole)
        self.release_table = self._table("release_table", self.tr("Release register"))
        self.release_table.setModel(self.release_proxy)
        self.release_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.release_table.setSortingEnabled(True)
        self.release_table.sortByColumn(ReleaseTableModel.COLUMN_RELEASED,
                                        Qt.SortOrder.DescendingOrder)
        self.release_table.verticalHeader().setVisible(False)
        self.release_table.setAlternatingRowColors(True)
        self.release_table.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents)
        self.release_table.horizontalHeader().setStretchLastSection(True)
        register_note = QLabel(self.tr(
            "Each release records exactly what was published and freezes its period: released "
            "figures never change, and records that arrive late count in the next open "
            "period."))
        register_note.setWordWrap(True)
        register = QWidget()
        register_layout = QVBoxLayout(register)
        register_layout.setContentsMargins(0, 6, 0, 0)
        register_layout.addWidget(register_note)
        register_layout.addWidget(self.release_table, 1)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("stats_tabs")
        self.tabs.addTab(figures, self.tr("&Figures"))
        self.tabs.addTab(register, self.tr("Release &register"))
        self.comments_list = QListWidget()
        self.comments_list.setObjectName("comments_list")
        self.comments_list.setAccessibleName(self.tr("Evaluation comments"))
        self.comments_list.setWordWrap(True)
        self.comments_list.setAlternatingRowColors(True)
        self.comments_list.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.comments_warning_label = QLabel(self.tr(
            "For the service manager's eyes only. These comments are never exported and never "
            "appear in any table or report. Do not copy them elsewhere."))
        self.comments_warning_label.setObjectName("comments_warning_label")
        self.comments_warning_label.setWordWrap(True)
        self.comments_warning_label.setStyleSheet(_NEVER_EXPORTED_STYLE)
        self.comments_empty_label = QLabel()
        self.comments_empty_label.setObjectName("comments_empty_label")
        self.comments_tab = QWidget()
        comments_layout = QVBoxLayout(self.comments_tab)
        comments_layout.setContentsMargins(0, 6, 0, 0)
        comments_layout.addWidget(self.comments_warning_label)
        comments_layout.addWidget(self.comments_empty_label)
        comments_layout.addWidget(self.comments_list, 1)
        if self.may_read_comments:
            self.tabs.addTab(self.comments_tab, self.tr("&Comments (never exported)"))
        else:
            self.comments_tab.setVisible(False)

        self.export_button = self._button("export_csv_button", self.tr("E&xport CSV…"))
        self.release_button = self._button("release_button", self.tr("Re&lease…"),
                                           self.may_release)
        self.quarterly_button = self._button("quarterly_report_button",
                                             self.tr("&Quarterly report PDF…"))
        self.usage_button = self._button("usage_report_button",
                                         self.tr("&Usage report for an organisation…"))
        actions = QHBoxLayout()
        actions.addWidget(self.export_button)
        actions.addWidget(self.release_button)
        actions.addStretch(1)
        actions.addWidget(self.quarterly_button)
        actions.addWidget(self.usage_button)

        heading = QHBoxLayout()
        heading.addWidget(self.title_label, 1)
        heading.addWidget(self.release_state_label, 0, Qt.AlignmentFlag.AlignTop)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.addWidget(self.banner)
        layout.addWidget(top)
        layout.addLayout(heading)
        layout.addWidget(self.freshness_label)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(actions)

        self.setTabOrder(self.table_combo, self.period_picker.kind_combo)
        self.setTabOrder(self.period_picker.code_edit, self.tabs)
        self.setTabOrder(self.tabs, self.table_view)

    def _connect_signals(self) -> None:
        self.table_combo.currentIndexChanged.connect(self._on_table_combo_changed)
        self.period_picker.period_changed.connect(self._on_period_picker_period_changed)
        self.period_picker.period_rejected.connect(self._on_period_picker_period_rejected)
        self.freshness_label.loaded.connect(self._on_freshness_label_loaded)
        self.release_gate.checked.connect(self._on_release_gate_checked)
        self.tabs.currentChanged.connect(self._on_tabs_current_changed)
        self.export_button.clicked.connect(self._on_export_button_clicked)
        self.release_button.clicked.connect(self._on_release_button_clicked)
        self.quarterly_button.clicked.connect(self._on_quarterly_button_clicked)
        self.usage_button.clicked.connect(self._on_usage_button_clicked)

    # -- state ----------------------------------------------------------------------------------

    def table_code(self) -> str:
        return str(self.table_combo.currentData() or "")

    def period(self) -> str:
        return self.period_picker.period()

    def show_table(self, code: str) -> None:
        index = self.table_combo.findData(code)
        if index >= 0:
            self.table_combo.setCurrentIndex(index)

    def show_period(self, text: str) -> bool:
        """Go to ``text`` ("2026Q3" or "FY2026"); False, with a message, if it is not one."""
        return self.period_picker.set_period(text)

    def _still_open(self, period: str) -> PeriodStillOpen | None:
        """Why ``period``'s figures may not leave the app yet, or ``None``: the core's own
        check, by the session's clock, so the page never offers what the core would refuse."""
        if not period:
            return None
        try:
            self._statistics.require_ended(period)
        except PeriodStillOpen as refusal:
            return refusal
        return None

    def _show_provisional(self, still_open: PeriodStillOpen | None) -> None:
        self.provisional_label.setText(
            stats_messages.provisional_note(still_open) if still_open is not None else "")
        self.provisional_label.setVisible(still_open is not None)

    def _refresh_buttons(self) -> None:
        still_open = self._still_open(self.period())
        self._show_provisional(still_open)
        for button, output in ((self.export_button, "export"),
                               (self.quarterly_button, "quarterly"),
                               (self.usage_button, "usage")):
            button.setToolTip(stats_messages.still_open_tooltip(still_open, output)
                              if still_open is not None else "")
        has_output = self.output is not None and not self._busy
        self.export_button.setEnabled(has_output and still_open is None)
        releasable = self.release_gate.releasable(self.period())
        self.release_button.setEnabled(has_output and releasable and not self._is_released())
        blocker = self.release_gate.blocker(self.period())
        self.release_button.setToolTip(
            stats_messages.release_blocked(blocker) if blocker is not None else "")
        reports = not self._busy and bool(self.period()) and still_open is None
        self.quarterly_button.setEnabled(reports)
        self.usage_button.setEnabled(reports)

    def _is_released(self) -> bool:
        return self._release_for(self.table_code(), self.period()) is not None

    def _release_for(self, code: str, period: str) -> Release | None:
        return next((r for r in self.releases if r.table_code == code and r.period == period),
                    None)

    def _submit(self, fn: Callable[[], Any], done: Callable[[Any], None],
                failed: Callable[[BaseException], None] | None = None) -> None:
        self._runner.submit(fn, alive_only(self, done),
                            alive_only(self, failed or self._on_runner_failed))

    # -- loading --------------------------------------------------------------------------------

    def _load_tables(self) -> None:
        self._submit(self._statistics.tables, self._on_runner_tables)

    def _on_runner_tables(self, tables: list[tuple[str, str]]) -> None:
        self.table_combo.blockSignals(True)
        self.table_combo.clear()
        for code, title in tables:
            self.table_combo.addItem(stats_messages.table_title(code, title), code)
        self.table_combo.setCurrentIndex(0 if tables else -1)
        self.table_combo.blockSignals(False)
        popup = self.table_combo.view()
        popup.setMinimumWidth(popup.sizeHintForColumn(0) + 24)
        self.tables_loaded.emit()
        self.reload()

    def reload(self, quietly: bool = False) -> None:
        """``quietly``: a refresh after a change, keeping the message shown."""
        code, period = self.table_code(), self.period()
        if not code or not period:
            return
        self._request += 1
        request = self._request
        statistics = self._statistics
        self.title_label.setText(self._heading(code, period))
        self._submit(lambda: statistics.output(code, period),
                     lambda output: self._on_runner_output(request, output, quietly),
                     lambda error: self._on_runner_output_failed(request, error))

    def _heading(self, code: str, period: str) -> str:
        return self.tr("{title}: {period} ({code})").format(
            title=self.table_combo.currentText() or stats_messages.table_title(code),
            period=stats_messages.period_label(period), code=period)

    def _on_runner_output(self, request: int, output: TableOutput,
                          quietly: bool = False) -> None:
        if request != self._request:
            return  # a newer choice is on its way
        self.output = output
        self.model.set_output(output)
        self.chart.set_output(output)
        self._fit_table()
        self.note_label.setText(stats_messages.protection_note(output.table.threshold))
        note = stats_messages.table_note(output.code, output.note)
        self.table_note_label.setText(note)
        self.table_note_label.setVisible(bool(note))
        if not quietly:
            self.banner.clear_message()
        self._show_release_state()
        self._refresh_buttons()
        self.output_loaded.emit()

    def _fit_table(self) -> None:
        """Give the table the width its figures need (up to 60%), and the chart the rest."""
        view = self.table_view
        view.resizeColumnsToContents()
        needed = (view.verticalHeader().sizeHint().width()
                  + sum(view.columnWidth(c) for c in range(self.proxy.columnCount()))
                  + 2 * view.frameWidth() + view.verticalScrollBar().sizeHint().width())
        total = max(self.splitter.width(), 900)
        width = min(needed, int(total * 0.6))
        if self.provisional_label.isVisibleTo(self):
            width = max(width, int(total * 0.4))  # room for the mark above a narrow table
        self.splitter.setSizes([width, total - width])

    def _on_runner_output_failed(self, request: int, error: BaseException) -> None:
        if request != self._request:
            return
        self.output = None
        self.model.set_output(None)
        self.chart.set_output(None)
        self._refresh_buttons()
        self._on_runner_failed(error)
        self.output_loaded.emit()

    def _refresh(self) -> None:
        """Records drained, a period released or frozen: the figures shown are re-read."""
        self.reload(quietly=True)
        self.reload_releases()
        self.reload_comments()

    def reload_releases(self) -> None:
        statistics = self._statistics
        self._submit(statistics.releases, self._on_runner_releases)

    def _on_runner_releases(self, releases: list[Release]) -> None:
        self.releases = list(releases)
        self.release_model.set_rows(self.releases)
        self._show_release_state()
        self._refresh_buttons()
        self.releases_loaded.emit()

    def _show_release_state(self) -> None:
        release = self._release_for(self.table_code(), self.period())
        if release is None:
            blocker = self.release_gate.blocker(self.period())
            self.release_state_label.setText(
                self.tr("Not released") if blocker is None
                else stats_messages.release_state_blocked(blocker))
            self.release_state_label.setStyleSheet("color: #57606a;")
            return
        self.release_state_label.setText(self.tr("Released {when} by {who}: frozen").format(
            when=format_date_time(release.released_at),
            who=release.released_by))
        self.release_state_label.setStyleSheet("color: #1e4620; font-weight: bold;")

    def reload_freshness(self) -> None:
        """How up to date the figures are (after sign-in, and after each automatic drain)."""
        self.freshness_label.reload()

    def _check_release(self) -> None:
        if self.may_release and self.period():
            self.release_gate.check(self.period())

    def reload_comments(self) -> None:
        if not self.may_read_comments or not self.period():
            return
        self._comments_request += 1
        request = self._comments_request
        statistics, period = self._statistics, self.period()
        self._submit(lambda: statistics.comments(period),
                     lambda comments: self._on_runner_comments(request, comments))

    def _on_runner_comments(self, request: int, comments: list[tuple[str, str]]) -> None:
        if request != self._comments_request:
            return
        self.comments = list(comments)
        self.comments_list.clear()
        for form, text in comments:
            item = QListWidgetItem(f"{stats_messages.form_type_label(form)}: {text}")
            item.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.comments_list.addItem(item)
        self.comments_empty_label.setText(
            self.tr("No comments were written on the forms for {period}.").format(
                period=stats_messages.period_label(self.period())) if not comments else "")
        self.comments_empty_label.setVisible(not comments)
        self.comments_loaded.emit()

    # -- actions --------------------------------------------------------------------------------

    def _start(self, message: str) -> None:
        self._busy = True
        self.banner.show_message(message, "info")
        self._refresh_buttons()

    def _finish(self, message: str, kind: str) -> None:
        self._busy = False
        self.banner.show_message(message, kind)
        self._refresh_buttons()
        self.operation_finished.emit(kind)

    def export_csv(self) -> None:
        output = self.output
        if output is None or self._busy:
            return
        code, period = output.code, output.period
        if self._refused_as_open(period):
            return
        path = StatsFiles.save_csv_path(self, f"{code}-{period}.csv")
        if path is None:
            return
        statistics = self._statistics
        self._start(self.tr("Exporting…"))
        self._submit(lambda: statistics.export_csv(code, period),
                     lambda text: self._on_runner_exported(path, text), self._on_action_failed)

    def _refused_as_open(self, period: str) -> bool:
        """An output asked for although the buttons say no (they were not yet brought up to
        date): say why, as the core would, and do nothing."""
        still_open = self._still_open(period)
        if still_open is None:
            return False
        self._finish(stats_messages.error_message(still_open), "error")
        return True

    def _on_runner_exported(self, path: Path, text: str) -> None:
        try:
            atomic_write(path, text.encode("utf-8"))
        except OSError:
            self._finish(self.tr("The file could not be saved there: choose another folder."),
                         "error")
            return
        self._finish(self.tr("Exported to {path}.").format(path=str(path)), "success")

    def release(self) -> None:
        output = self.output
        if output is None or self._busy or self._is_released():
            return
        blocker = self.release_gate.blocker(output.period)
        if blocker is not None or not self.release_gate.releasable(output.period):
            # Only an ended period whose figures are up to date: the core refuses the rest too.
            if blocker is not None:
                self.banner.show_message(stats_messages.release_blocked(blocker), "error")
            return
        code, period = output.code, output.period
        title = stats_messages.table_title(code, output.title)
        if not ConfirmDialog.ask(
            self,
            self.tr("Release these figures?"),
            self.tr("Release “{title}” for {period} ({code})?\n\nReleasing records exactly these "
                    "figures in the release register and freezes the period: they will never "
                    "change, and records that arrive late will count in the next open period. "
                    "This cannot be undone.").format(
                title=title, period=stats_messages.period_label(period), code=period),
            self.tr("Release"),
        ):
            return
        statistics = self._statistics
        self._start(self.tr("Releasing…"))
        self._submit(lambda: statistics.release(code, period),
                     lambda _release: self._on_runner_released(title, period),
                     self._on_release_failed)

    def _on_runner_released(self, title: str, period: str) -> None:
        self._finish(self.tr("Released “{title}” for {code}. The period is now frozen.").format(
            title=title, code=period), "success")

    def _on_release_failed(self, error: BaseException) -> None:
        self._on_action_failed(error)
        if isinstance(error, PeriodNotReleasable):
            self._check_release()  # the page's view of the period was out of date

    def quarterly_report(self) -> None:
        reports, period = self._reports, self.period()
        if self._busy or not period or self._refused_as_open(period):
            return
        self._start(self.tr("Preparing the quarterly report…"))
        self._submit(lambda: reports.quarterly(period),
                     lambda pdf: self._on_runner_report(
                         self.tr("Quarterly report, {period}").format(
                             period=stats_messages.period_label(period)),
                         f"supportline-report-{period}.pdf", pdf),
                     self._on_action_failed)

    def usage_report(self) -> None:
        reports, period = self._reports, self.period()
        if self._busy or not period or self._refused_as_open(period):
            return
        self._start(self.tr("Finding the organisations…"))
        self._submit(lambda: reports.organisations(period),
                     lambda names: self._on_runner_organisations(period, list(names)),
                     self._on_action_failed)

    def _on_runner_organisations(self, period: str, organisations: list[str]) -> None:
        self._busy = False
        self.banner.clear_message()
        self._refresh_buttons()
        if not organisations:
            self._finish(stats_messages.no_usage_reports(period), "info")
            return
        organisation = OrganisationChoice.ask(self, organisations)
        if organisation is None:
            return
        reports = self._reports
        self._start(self.tr("Preparing the usage report…"))
        self._submit(lambda: reports.usage(organisation, period),
                     lambda pdf: self._on_runner_report(
                         self.tr("Usage report: {organisation}, {period}").format(
                             organisation=organisation,
                             period=stats_messages.period_label(period)),
                         f"supportline-usage-{period}.pdf", pdf),
                     self._on_action_failed)

    def _on_runner_report(self, title: str, filename: str, pdf: bytes) -> None:
        self._finish(self.tr("The report is ready: check it in the preview, then save or "
                             "print it."), "success")
        LetterPreviewDialog.preview(self, title, filename, pdf)

    # -- slots ----------------------------------------------------------------------------------

    @Slot(int)
    def _on_table_combo_changed(self, _index: int) -> None:
        if "tabs" not in self.__dict__:
            return  # the garbage collector cleared this page while Qt tore its children down
        self._show_release_state()
        self.reload()

    @Slot(str)
    def _on_period_picker_period_changed(self, _period: str) -> None:
        if "tabs" not in self.__dict__:
            return  # the garbage collector cleared this page while Qt tore its children down
        self._show_release_state()
        self._refresh_buttons()
        self.reload()
        self._check_release()
        if self.tabs.currentWidget() is self.comments_tab:
            self.reload_comments()

    @Slot(str)
    def _on_period_picker_period_rejected(self, text: str) -> None:
        self.banner.show_message(self.tr("“{text}” is not a period. {hint}").format(
            text=text, hint=stats_messages.period_format_hint()), "error")

    @Slot()
    def _on_release_gate_checked(self) -> None:
        self._show_release_state()
        self._refresh_buttons()
        self.release_checked.emit()

    @Slot()
    def _on_freshness_label_loaded(self) -> None:
        self._check_release()  # a drain can make an ended period releasable
        self.freshness_loaded.emit()

    @Slot(int)
    def _on_tabs_current_changed(self, _index: int) -> None:
        # Comments are read (and the reading audited) only when the manager opens them.
        if self.tabs.currentWidget() is self.comments_tab:
            self.reload_comments()

    @Slot()
    def _on_export_button_clicked(self) -> None:
        self.export_csv()

    @Slot()
    def _on_release_button_clicked(self) -> None:
        self.release()

    @Slot()
    def _on_quarterly_button_clicked(self) -> None:
        self.quarterly_report()

    @Slot()
    def _on_usage_button_clicked(self) -> None:
        self.usage_report()

    def _on_action_failed(self, error: BaseException) -> None:
        self._finish(stats_messages.error_message(error), "error")

    def _on_runner_failed(self, error: BaseException) -> None:
        self.banner.show_message(stats_messages.error_message(error), "error")
