"""Calls: start a new call (Ctrl+N), record out-of-hours items, and work the call-back queue."""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, QSortFilterProxyModel, Qt, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from supportline.documents.info_sheet import blank_info_sheet_pdf
from supportline.paths import atomic_write
from supportline.services.intake import CallbackItem, ContactResult

from . import messages
from .banner_widget import BannerWidget
from .callback_table_model import CallbackTableModel
from .change_watch import ChangeWatch, TablePlace
from .guard import alive_only
from .info_sheet_files import InfoSheetFiles
from .intake_form import IntakeFormWidget
from .job_runner import JobRunner
from .labels import risk_level_label
from .layout_fit import fit_columns
from .record_received_dialog import ReceivedItem, RecordReceivedDialog
from .services import Services
from .task_runner import TaskRunner


def _contact_id(item: CallbackItem) -> int:
    return item.contact_id


class CallsView(QWidget):
    queue_loaded = Signal()
    form_opened = Signal(object)  # IntakeFormWidget
    form_closed = Signal()
    operation_finished = Signal(str)

    SHOWS = ("contacts", "clients", "risk_alerts")

    def __init__(self, services: Services, runner: TaskRunner,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("calls_view")
        self._services = services
        self._runner = runner
        self.jobs = JobRunner(parent=self)
        self.form: IntakeFormWidget | None = None
        self._build()
        self._connect_signals()
        self._refresh_buttons()
        self.change_watch = ChangeWatch(self, runner, self.SHOWS, self.reload_queue)
        self.reload_queue()

    # -- building -------------------------------------------------------------------------------

    def _button(self, name: str, text: str) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.setAccessibleName(text.replace("&", "").rstrip("…"))
        return button

    def _build(self) -> None:
        self.banner = BannerWidget()
        self.banner.setObjectName("calls_message_label")
        self.banner.setAccessibleName(self.tr("Calls message"))
        self.new_call_button = self._button("new_call_button", self.tr("&New call…"))
        self.new_call_button.setToolTip(self.tr("Take a new call (Ctrl+N)"))
        self.record_received_button = self._button(
            "record_received_button", self.tr("&Record voicemail / e-mail…"))
        self.save_blank_button = self._button("save_blank_sheet_button",
                                              self.tr("Save &blank information sheet…"))
        self.queue_label = QLabel(self.tr("Call-back queue (oldest first)"))
        self.queue_label.setObjectName("queue_label")
        font = self.queue_label.font()
        font.setBold(True)
        self.queue_label.setFont(font)

        self.queue_model = CallbackTableModel(self)
        self.queue_proxy = QSortFilterProxyModel(self)
        self.queue_proxy.setSourceModel(self.queue_model)
        self.queue_proxy.setSortRole(CallbackTableModel.SortRole)
        self.queue_table = QTableView()
        self.queue_table.setObjectName("callback_queue_table")
        self.queue_table.setAccessibleName(self.tr("Call-back queue"))
        self.queue_table.setModel(self.queue_proxy)
        self.queue_table.setSortingEnabled(True)
        self.queue_table.sortByColumn(CallbackTableModel.COLUMN_RECEIVED,
                                      Qt.SortOrder.AscendingOrder)
        self.queue_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.queue_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.queue_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.queue_table.setAlternatingRowColors(True)
        self.queue_table.verticalHeader().setVisible(False)
        fit_columns(self.queue_table, CallbackTableModel.COLUMN_NAME)
        self.log_callback_button = self._button("log_callback_button",
                                                self.tr("&Log call-back…"))

        top = QHBoxLayout()
        top.addWidget(self.new_call_button)
        top.addWidget(self.record_received_button)
        top.addStretch(1)
        top.addWidget(self.save_blank_button)
        queue_buttons = QHBoxLayout()
        queue_buttons.addWidget(self.log_callback_button)
        queue_buttons.addStretch(1)

        self.home_page = QWidget()
        self.home_page.setObjectName("calls_home_page")
        home = QVBoxLayout(self.home_page)
        home.setContentsMargins(12, 12, 12, 12)
        home.addLayout(top)
        home.addSpacing(8)
        home.addWidget(self.queue_label)
        home.addWidget(self.queue_table, 1)
        home.addLayout(queue_buttons)

        self.stack = QStackedWidget()
        self.stack.setObjectName("calls_stack")
        self.stack.addWidget(self.home_page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.banner)
        layout.addWidget(self.stack, 1)

        # Only while the Calls page is showing (a hidden page's shortcuts do not fire).
        self.new_call_shortcut = QShortcut(QKeySequence(self.tr("Ctrl+N")), self)
        self.new_call_shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        self.new_call_shortcut.setWhatsThis(self.tr("Take a new call"))

    def _connect_signals(self) -> None:
        self.new_call_button.clicked.connect(self._on_new_call_button_clicked)
        self.new_call_shortcut.activated.connect(self._on_new_call_button_clicked)
        self.record_received_button.clicked.connect(self._on_record_received_button_clicked)
        self.save_blank_button.clicked.connect(self._on_save_blank_button_clicked)
        self.log_callback_button.clicked.connect(self._on_log_callback_button_clicked)
        self.queue_table.doubleClicked.connect(self._on_log_callback_button_clicked)
        self.queue_table.selectionModel().selectionChanged.connect(
            self._on_queue_table_selection_changed)
        self.queue_model.modelReset.connect(self._refresh_buttons)

    # -- state ----------------------------------------------------------------------------------

    def selected_callback(self) -> CallbackItem | None:
        rows = self.queue_table.selectionModel().selectedRows()
        return rows[0].data(CallbackTableModel.RowObjectRole) if rows else None

    def _refresh_buttons(self) -> None:
        self.log_callback_button.setEnabled(self.selected_callback() is not None)

    def reload_queue(self) -> None:
        intake = self._services.intake
        self._runner.submit(intake.callback_queue, alive_only(self, self._on_runner_queue_loaded),
                            alive_only(self, self._on_runner_failed))

    def _on_runner_queue_loaded(self, items: list[CallbackItem]) -> None:
        place = TablePlace.of(self.queue_table, _contact_id)
        self.queue_model.set_items(items)
        place.restore(self.queue_table, _contact_id)
        if items and not self.selected_callback():
            self.queue_table.selectRow(0)
        self._refresh_buttons()
        self.queue_loaded.emit()

    def _on_runner_failed(self, error: BaseException) -> None:
        self.banner.show_message(messages.error_message(error), "error")
        self.operation_finished.emit("error")

    # -- the intake form ------------------------------------------------------------------------

    def open_form(self, callback: CallbackItem | None = None) -> IntakeFormWidget:
        if self.form is not None:
            self.stack.setCurrentWidget(self.form)
            return self.form
        self.banner.clear_message()
        form = IntakeFormWidget(self._services, self._runner, self.jobs, callback)
        form.saved.connect(self._on_form_saved)
        form.cancelled.connect(self._on_form_cancelled)
        self.form = form
        self.stack.addWidget(form)
        self.stack.setCurrentWidget(form)
        form.purpose_combo.setFocus(Qt.FocusReason.OtherFocusReason)
        if callback is not None:
            form.client_search.search_edit.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            form.direction_combo.setFocus(Qt.FocusReason.OtherFocusReason)
        self.form_opened.emit(form)
        return form

    def _close_form(self) -> None:
        form = self.form
        self.form = None
        if form is not None:
            self.stack.setCurrentWidget(self.home_page)
            self.stack.removeWidget(form)
            form.deleteLater()
        self.new_call_button.setFocus(Qt.FocusReason.OtherFocusReason)
        self.form_closed.emit()

    @Slot(object)
    def _on_form_saved(self, result: ContactResult) -> None:
        if result.case_id is not None:
            text = self.tr("Call saved; the client is on the waiting list.")
        else:
            text = self.tr("Call saved.")
        if result.risk_level != "none":
            text += " " + self.tr("Risk level recorded: {level}.").format(
                level=risk_level_label(result.risk_level))
        self._close_form()
        self.banner.show_message(text, "success")
        self.operation_finished.emit("success")

    @Slot()
    def _on_form_cancelled(self) -> None:
        self._close_form()
        self.banner.show_message(self.tr("Call discarded; nothing was logged."), "info")

    # -- slots ----------------------------------------------------------------------------------

    @Slot()
    def _on_new_call_button_clicked(self) -> None:
        self.open_form()

    @Slot()
    def _on_log_callback_button_clicked(self) -> None:
        item = self.selected_callback()
        if item is not None and self.form is None:
            self.open_form(item)

    @Slot(QItemSelection, QItemSelection)
    def _on_queue_table_selection_changed(self, _selected: QItemSelection,
                                          _deselected: QItemSelection) -> None:
        self._refresh_buttons()

    @Slot()
    def _on_record_received_button_clicked(self) -> None:
        item = RecordReceivedDialog.ask(self, self._services.session.clock())
        if item is None:
            return
        self._record(item)

    def _record(self, item: ReceivedItem) -> None:
        intake = self._services.intake
        self._runner.submit(
            lambda: intake.record_received(item.channel, item.received_at, item.purpose,
                                           item.callback_name, item.callback_phone),
            alive_only(self, self._on_runner_recorded), alive_only(self, self._on_runner_failed))

    def _on_runner_recorded(self, _contact_id: int) -> None:
        self.banner.show_message(self.tr("Added to the call-back queue."), "success")
        self.operation_finished.emit("success")

    @Slot()
    def _on_save_blank_button_clicked(self) -> None:
        path = InfoSheetFiles.save_path(self)
        if path is None:
            return

        def job(progress: object, cancelled: object) -> str:
            atomic_write(path, blank_info_sheet_pdf())
            return str(path)

        self.jobs.start(job, alive_only(self, self._on_jobs_blank_saved),
                        alive_only(self, self._on_jobs_blank_failed))

    def _on_jobs_blank_saved(self, path: str) -> None:
        self.banner.show_message(self.tr("Blank information sheet saved to {path}.").format(
            path=path), "success")
        self.operation_finished.emit("success")

    def _on_jobs_blank_failed(self, error: BaseException) -> None:
        if isinstance(error, OSError):
            self.banner.show_message(self.tr("The sheet could not be saved there: choose another "
                                             "folder."), "error")
        else:
            self.banner.show_message(messages.error_message(error), "error")
        self.operation_finished.emit("error")
