"""Booking for one case: find free times under the client's constraints, book the assessment,
then plan and confirm the weekly series. Keyboard first: Enter finds, arrows choose a time,
Enter books; on the series step Space takes or refuses an alternative and Enter confirms.

Nothing the handler chose is lost when the core refuses (a time just taken, the allowance
reached, the organisation not covering the date, its purchased sessions used up): the
constraints, the results and the plan stay on screen with the reason. Past the purchased
sessions an administrator is offered the authorisation there and then.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from PySide6.QtCore import (
    QDate,
    QDateTime,
    QEvent,
    QObject,
    QSortFilterProxyModel,
    Qt,
    QTime,
    Signal,
    Slot,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDateTimeEdit,
    QDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QTableView,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from supportline.calendar_uk import LONDON, local_datetime
from supportline.services.bookability import OVER_ALLOWANCE, PURCHASED_USED, RULE_PROBLEMS
from supportline.services.booking import ClientWindow, SeriesPlan, SlotQuery, SlotResult
from supportline.services.booking import Slot as FreeSlot
from supportline.services.cases import CaseInfo, WaitingItem
from supportline.services.counsellors import CounsellorInfo
from supportline.services.packages import PurchasedSessionsExceeded

from . import messages
from .banner_widget import BannerWidget
from .booking_format import format_clock, format_day_of
from .change_watch import ChangeWatch
from .guard import alive_only
from .labels import case_stage_label, gender_label, service_label, weekday_short_label
from .layout_fit import fit_columns
from .package_authoriser import PackageAuthoriser
from .series_plan_table_model import SeriesPlanTableModel
from .services import Services
from .slot_table_model import SlotTableModel
from .task_runner import TaskRunner

RULED_OUT_STYLE = ("background: #fff4ce; color: #5c3c00; border: 1px solid #e0c36a;"
                   " border-radius: 4px; padding: 10px; font-size: 11pt; font-weight: bold;")
DEFAULT_FROM = time(7, 0)
DEFAULT_TO = time(22, 0)
_ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


@dataclass(frozen=True)
class BookingContext:
    """What the handler already knows about the case (reference and initials, never a name)."""

    reference: str
    initials: str
    service: str
    status: str
    pref_counsellor_gender: str | None = None
    pref_language: str | None = None
    stage: str = ""

    @classmethod
    def from_waiting_item(cls, item: WaitingItem) -> BookingContext:
        return cls(item.reference, item.initials, item.service, item.status,
                   item.pref_counsellor_gender, item.pref_language, item.stage)


def _to_date(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def _to_time(value: QTime) -> time:
    return time(value.hour(), value.minute())


def _qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


class BookingDialog(QDialog):
    ready = Signal()
    slots_loaded = Signal()
    assessment_booked = Signal(int)  # appointment id
    plan_loaded = Signal()
    series_booked = Signal(list)  # appointment ids
    operation_finished = Signal(str)  # "success" | "error"

    def __init__(self, services: Services, runner: TaskRunner, case_id: int,
                 context: BookingContext | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("booking_dialog")
        self._services = services
        self._runner = runner
        self.case_id = case_id
        self.context = context
        self.case: CaseInfo | None = None
        self.counsellors: list[CounsellorInfo] = []
        self.booked_slot: FreeSlot | None = None
        self.assessment_id: int | None = None
        self.series_ids: list[int] = []
        self.last_result: SlotResult | None = None
        self._busy = False
        self._loading = 2
        self.setWindowTitle(self.tr("Book appointments"))
        self._build()
        self._connect_signals()
        self._refresh_buttons()
        # The header says where the case stands; booking here (or anywhere) changes that.
        self.change_watch = ChangeWatch(self, runner, ("cases", "clients"), self._reload_case)
        self._load()

    # -- building -------------------------------------------------------------------------------

    def _named(self, widget: Any, name: str, accessible: str) -> Any:
        widget.setObjectName(name)
        widget.setAccessibleName(accessible)
        return widget

    def _button(self, name: str, text: str) -> QPushButton:
        button = QPushButton(text)
        button.setAutoDefault(False)
        return self._named(button, name, text.replace("&", "").rstrip("…"))

    def _table(self, name: str, accessible: str) -> QTableView:
        table = self._named(QTableView(), name, accessible)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setAlternatingRowColors(True)
        table.setTabKeyNavigation(False)
        table.verticalHeader().setVisible(False)
        fit_columns(table, -1)
        return table

    def _build(self) -> None:
        self.header_label = self._named(QLabel(), "booking_header_label", self.tr("Case"))
        font = self.header_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        font.setBold(True)
        self.header_label.setFont(font)
        self._show_header()
        self.banner = self._named(BannerWidget(), "booking_message_label",
                                  self.tr("Booking message"))
        self.stack = self._named(QStackedWidget(), "booking_stack", self.tr("Booking steps"))
        self.stack.addWidget(self._build_find_page())
        self.stack.addWidget(self._build_series_page())

        self.authorise_package_button = self._button(
            "booking_authorise_package_button", self.tr("A&uthorise more purchased sessions…"))
        self.package_authoriser = PackageAuthoriser(self._services, self._runner, self.case_id,
                                                    self.authorise_package_button, self)
        self.close_button = self._button("booking_close_button", self.tr("Close"))
        bottom = QHBoxLayout()
        bottom.addWidget(self.authorise_package_button)
        bottom.addStretch(1)
        bottom.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.header_label)
        layout.addWidget(self.banner)
        layout.addWidget(self.stack, 1)
        layout.addLayout(bottom)
        self.resize(1100, 760)

    def _build_find_page(self) -> QWidget:
        today = self._services.today()
        self.earliest_edit = self._named(QDateEdit(_qdate(today + timedelta(days=1))),
                                         "earliest_edit", self.tr("Earliest date"))
        self.earliest_edit.setDisplayFormat("dd/MM/yyyy")
        self.earliest_edit.setCalendarPopup(True)
        self.earliest_edit.setMinimumDate(_qdate(today))
        self.weeks_spin = self._named(QSpinBox(), "weeks_spin", self.tr("Weeks to search"))
        self.weeks_spin.setRange(1, 52)
        self.weeks_spin.setValue(12)
        self.weeks_spin.setSuffix(self.tr(" weeks"))
        self.distance_spin = self._named(QSpinBox(), "distance_spin", self.tr("Maximum distance"))
        self.distance_spin.setRange(0, 200)
        self.distance_spin.setValue(15)
        self.distance_spin.setSuffix(self.tr(" km"))
        self.distance_spin.setSpecialValueText(self.tr("Any distance"))
        self.origin_combo = self._named(QComboBox(), "origin_combo", self.tr("Measured from"))
        self.origin_combo.addItem(self.tr("Client's preference"), None)
        self.origin_combo.addItem(self.tr("Home"), "home")
        self.origin_combo.addItem(self.tr("Work"), "work")
        self.gender_combo = self._named(QComboBox(), "counsellor_gender_combo",
                                        self.tr("Counsellor gender"))
        self.language_combo = self._named(QComboBox(), "language_combo", self.tr("Language"))
        self.language_combo.setEditable(True)
        self.language_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.language_combo.lineEdit().setAccessibleName(self.tr("Language"))
        self.language_combo.lineEdit().setObjectName("language_edit")
        self.counsellor_combo = self._named(QComboBox(), "named_counsellor_combo",
                                            self.tr("Named counsellor"))
        self.counsellor_combo.addItem(self.tr("Any counsellor"), None)
        self._fill_preferences()

        self.day_checks: list[QCheckBox] = []
        days = QHBoxLayout()
        days.setSpacing(10)
        for weekday in range(7):
            check = self._named(QCheckBox(weekday_short_label(weekday)),
                                f"day_check_{weekday}",
                                self.tr("Client can come on {day}").format(
                                    day=weekday_short_label(weekday)))
            check.setChecked(True)
            self.day_checks.append(check)
            days.addWidget(check)
        days.addStretch(1)
        self.from_edit = self._named(QTimeEdit(QTime(DEFAULT_FROM.hour, DEFAULT_FROM.minute)),
                                     "from_time_edit", self.tr("Client available from"))
        self.to_edit = self._named(QTimeEdit(QTime(DEFAULT_TO.hour, DEFAULT_TO.minute)),
                                   "to_time_edit", self.tr("Client available until"))
        for edit in (self.from_edit, self.to_edit):
            edit.setDisplayFormat("HH:mm")
        times = QHBoxLayout()
        times.addWidget(self.from_edit)
        to_label = QLabel(self.tr("&to"))
        to_label.setBuddy(self.to_edit)
        times.addWidget(to_label)
        times.addWidget(self.to_edit)
        times.addStretch(1)

        constraints = QGroupBox(self.tr("What the client needs"))
        constraints.setObjectName("constraints_group")
        grid = QGridLayout(constraints)
        grid.setHorizontalSpacing(12)
        rows: list[list[tuple[str, QWidget | None, Any]]] = [
            [(self.tr("&Earliest date"), self.earliest_edit, None),
             (self.tr("Search &ahead"), self.weeks_spin, None)],
            [(self.tr("&Within"), self.distance_spin, None),
             (self.tr("&Measured from"), self.origin_combo, None)],
            [(self.tr("Counsellor &gender"), self.gender_combo, None),
             (self.tr("&Language"), self.language_combo, None)],
            [(self.tr("Named c&ounsellor"), self.counsellor_combo, None),
             (self.tr("Available &from"), self.from_edit, times)],
        ]
        for row_number, row in enumerate(rows):
            for pair, (text, buddy, layout) in enumerate(row):
                label = QLabel(text)
                label.setBuddy(buddy)
                grid.addWidget(label, row_number, pair * 2)
                if layout is not None:
                    grid.addLayout(layout, row_number, pair * 2 + 1)
                else:
                    grid.addWidget(buddy, row_number, pair * 2 + 1)
        days_label = QLabel(self.tr("Days the client can come"))
        days_label.setBuddy(self.day_checks[0])
        grid.addWidget(days_label, len(rows), 0)
        grid.addLayout(days, len(rows), 1, 1, 3)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)

        self.find_button = self._button("find_button", self.tr("&Find times"))
        self.find_button.setDefault(True)
        self.find_button.setToolTip(self.tr("Find free times (Enter)"))
        self.ruled_out_label = self._named(QLabel(), "ruled_out_label", self.tr("Why nothing fits"))
        self.ruled_out_label.setWordWrap(True)
        self.ruled_out_label.setStyleSheet(RULED_OUT_STYLE)
        self.ruled_out_label.setVisible(False)
        self.results_label = self._named(QLabel(), "results_label", self.tr("Results"))

        self.slot_model = SlotTableModel(self)
        self.slot_proxy = QSortFilterProxyModel(self)
        self.slot_proxy.setObjectName("slot_proxy_model")
        self.slot_proxy.setSourceModel(self.slot_model)
        self.slot_proxy.setSortRole(SlotTableModel.SortRole)
        self.results_table = self._table("slot_results_table", self.tr("Free times"))
        self.results_table.setModel(self.slot_proxy)
        self.results_table.setSortingEnabled(True)
        self.results_table.sortByColumn(SlotTableModel.COLUMN_DATE, Qt.SortOrder.AscendingOrder)
        fit_columns(self.results_table, SlotTableModel.COLUMN_VENUE)

        self.book_button = self._button("book_assessment_button", self.tr("&Book assessment"))
        self.book_button.setToolTip(self.tr("Book the chosen time (Enter in the list)"))
        find_row = QHBoxLayout()
        find_row.addWidget(self.results_label, 1)
        find_row.addWidget(self.find_button)
        book_row = QHBoxLayout()
        book_row.addStretch(1)
        book_row.addWidget(self.book_button)

        page = QWidget()
        page.setObjectName("booking_find_page")
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(constraints)
        layout.addLayout(find_row)
        layout.addWidget(self.ruled_out_label)
        layout.addWidget(self.results_table, 1)
        layout.addLayout(book_row)
        return page

    def _build_series_page(self) -> QWidget:
        self.series_intro_label = self._named(QLabel(), "series_intro_label",
                                              self.tr("Assessment booked"))
        self.series_intro_label.setWordWrap(True)
        self.first_session_edit = self._named(QDateTimeEdit(), "first_session_edit",
                                              self.tr("First weekly session"))
        self.first_session_edit.setDisplayFormat("dd/MM/yyyy HH:mm")
        self.first_session_edit.setCalendarPopup(True)
        self.count_spin = self._named(QSpinBox(), "session_count_spin",
                                      self.tr("Number of sessions"))
        self.count_spin.setRange(0, 30)
        self.count_spin.setSpecialValueText(self.tr("Rest of the allowance"))
        self.plan_button = self._button("plan_series_button", self.tr("&Plan series"))
        form = QFormLayout()
        form.addRow(self.tr("First &session"), self.first_session_edit)
        form.addRow(self.tr("&Number of sessions"), self.count_spin)
        plan_row = QHBoxLayout()
        plan_row.addLayout(form)
        plan_row.addStretch(1)
        plan_row.addWidget(self.plan_button, 0, Qt.AlignmentFlag.AlignBottom)

        self.plan_model = SeriesPlanTableModel(self)
        self.plan_proxy = QSortFilterProxyModel(self)
        self.plan_proxy.setObjectName("plan_proxy_model")
        self.plan_proxy.setSourceModel(self.plan_model)
        self.plan_proxy.setSortRole(SeriesPlanTableModel.SortRole)
        self.plan_table = self._table("series_plan_table", self.tr("Planned sessions"))
        self.plan_table.setModel(self.plan_proxy)
        self.plan_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.plan_summary_label = self._named(QLabel(), "plan_summary_label",
                                              self.tr("Series summary"))
        self.plan_summary_label.setWordWrap(True)
        self.confirm_button = self._button("confirm_series_button", self.tr("&Confirm series"))
        self.confirm_button.setToolTip(self.tr("Book the series (Enter in the list)"))
        self.skip_series_button = self._button("skip_series_button", self.tr("&Not now"))
        confirm_row = QHBoxLayout()
        confirm_row.addWidget(self.plan_summary_label, 1)
        confirm_row.addWidget(self.skip_series_button)
        confirm_row.addWidget(self.confirm_button)

        page = QWidget()
        page.setObjectName("booking_series_page")
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.series_intro_label)
        layout.addLayout(plan_row)
        layout.addWidget(self.plan_table, 1)
        layout.addLayout(confirm_row)
        return page

    @property
    def tab_order(self) -> list[QWidget]:
        return [self.earliest_edit, self.weeks_spin, self.distance_spin, self.origin_combo,
                self.gender_combo, self.language_combo, self.counsellor_combo, self.from_edit,
                self.to_edit, *self.day_checks, self.find_button, self.results_table,
                self.book_button, self.first_session_edit, self.count_spin, self.plan_button,
                self.plan_table, self.skip_series_button, self.confirm_button,
                self.authorise_package_button, self.close_button]

    def _connect_signals(self) -> None:
        order = self.tab_order
        for first, second in zip(order, order[1:], strict=False):
            QWidget.setTabOrder(first, second)
        self.find_button.clicked.connect(self._on_find_button_clicked)
        self.book_button.clicked.connect(self._on_book_button_clicked)
        self.plan_button.clicked.connect(self._on_plan_button_clicked)
        self.confirm_button.clicked.connect(self._on_confirm_button_clicked)
        self.skip_series_button.clicked.connect(self.accept)
        self.close_button.clicked.connect(self._on_close_button_clicked)
        self.package_authoriser.authorised.connect(self._on_package_authoriser_authorised)
        self.package_authoriser.refused.connect(self._on_package_authoriser_refused)
        self.package_authoriser.busy_changed.connect(self._set_busy)
        self.results_table.doubleClicked.connect(self._on_book_button_clicked)
        self.results_table.selectionModel().selectionChanged.connect(self._refresh_buttons)
        self.slot_model.modelReset.connect(self._refresh_buttons)
        self.plan_model.modelReset.connect(self._on_plan_changed)
        self.plan_model.dataChanged.connect(self._on_plan_changed)
        self.first_session_edit.dateTimeChanged.connect(self._on_series_input_changed)
        self.count_spin.valueChanged.connect(self._on_series_input_changed)
        self.results_table.installEventFilter(self)
        self.plan_table.installEventFilter(self)

    # -- loading --------------------------------------------------------------------------------

    def _show_header(self) -> None:
        context, case = self.context, self.case
        who = (self.tr("{reference} ({initials})").format(reference=context.reference,
                                                          initials=context.initials)
               if context else self.tr("Case {number}").format(number=self.case_id))
        service = case.service if case else (context.service if context else "")
        stage = case.stage if case else (context.stage if context else "")
        parts = [who]
        if service:
            parts.append(service_label(service))
        if stage:
            parts.append(case_stage_label(stage))
        self.header_label.setText(" · ".join(parts))

    def _fill_preferences(self) -> None:
        context = self.context
        gender = context.pref_counsellor_gender if context else None
        preferred = (self.tr("Client's preference ({choice})").format(choice=gender_label(gender))
                     if gender else self.tr("Client's preference"))
        self.gender_combo.addItem(preferred, None)
        self.gender_combo.addItem(self.tr("Any"), "")
        for code in ("female", "male", "non_binary"):
            self.gender_combo.addItem(gender_label(code), code)
        language = context.pref_language if context else None
        preferred = (self.tr("Client's preference ({choice})").format(choice=language)
                     if language else self.tr("Client's preference"))
        self.language_combo.addItem(preferred, None)
        self.language_combo.addItem(self.tr("Any language"), "")
        self.language_combo.setCurrentIndex(0)

    def _load(self) -> None:
        cases, counsellors, case_id = self._services.cases, self._services.counsellors, self.case_id
        self._runner.submit(lambda: cases.get(case_id), alive_only(self, self._on_runner_case),
                            alive_only(self, self._on_runner_load_failed))
        self._runner.submit(counsellors.all, alive_only(self, self._on_runner_counsellors),
                            alive_only(self, self._on_runner_load_failed))

    def _reload_case(self) -> None:
        cases, case_id = self._services.cases, self.case_id
        self._runner.submit(lambda: cases.get(case_id),
                            alive_only(self, self._on_runner_case_reloaded),
                            alive_only(self, self._on_runner_load_failed_quietly))

    def _on_runner_case_reloaded(self, case: CaseInfo) -> None:
        self.case = case
        self._show_header()

    def _on_runner_load_failed_quietly(self, error: BaseException) -> None:
        messages.log_unexpected(error)

    def _loaded_one(self) -> None:
        self._loading -= 1
        if self._loading == 0:
            self._refresh_buttons()
            self.ready.emit()

    def _on_runner_case(self, case: CaseInfo) -> None:
        self.case = case
        self._show_header()
        if self.is_session_booking():
            self.book_button.setText(self.tr("&Plan weekly series…"))
            self.book_button.setAccessibleName(self.tr("Plan weekly series"))
        self._loaded_one()

    def _on_runner_counsellors(self, counsellors: list[CounsellorInfo]) -> None:
        self.counsellors = counsellors
        for counsellor in counsellors:
            self.counsellor_combo.addItem(counsellor.display_name, counsellor.id)
        languages = sorted({lang for c in counsellors for lang in c.languages
                            if lang.casefold() != "english"}, key=str.casefold)
        for language in languages:
            self.language_combo.addItem(language, language)
        self._loaded_one()

    def _on_runner_load_failed(self, error: BaseException) -> None:
        self.banner.show_message(messages.booking_error_message(error), "error")
        self._loaded_one()

    # -- state ----------------------------------------------------------------------------------

    def is_session_booking(self) -> bool:
        """An assessed case waiting for a counsellor books weekly sessions, not an assessment."""
        return self.case is not None and self.case.status == "active"

    def selected_slot(self) -> FreeSlot | None:
        rows = self.results_table.selectionModel().selectedRows()
        return rows[0].data(SlotTableModel.RowObjectRole) if rows else None

    def language_choice(self) -> str | None:
        text = self.language_combo.currentText().strip()
        index = self.language_combo.findText(text, Qt.MatchFlag.MatchFixedString)
        if index >= 0:
            return self.language_combo.itemData(index)
        return text

    def windows(self) -> tuple[ClientWindow, ...] | None:
        """The client's days and times; () when unrestricted; None when no day is ticked."""
        start, end = _to_time(self.from_edit.time()), _to_time(self.to_edit.time())
        days = [weekday for weekday, check in enumerate(self.day_checks) if check.isChecked()]
        if not days or start >= end:
            return None
        if len(days) == 7 and start <= DEFAULT_FROM and end >= DEFAULT_TO:
            return ()
        return tuple(ClientWindow(weekday, start, end) for weekday in days)

    def query(self) -> SlotQuery | None:
        windows = self.windows()
        if windows is None:
            return None
        km = self.distance_spin.value()
        return SlotQuery(
            case_id=self.case_id,
            earliest=_to_date(self.earliest_edit.date()),
            weeks=self.weeks_spin.value(),
            windows=windows,
            max_distance_km=float(km) if km else None,
            origin=self.origin_combo.currentData(),
            counsellor_gender=self.gender_combo.currentData(),
            language=self.language_choice(),
            counsellor_id=self.counsellor_combo.currentData(),
            kind="session" if self.is_session_booking() else "assessment",
        )

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self._refresh_buttons()

    @Slot()
    def _refresh_buttons(self) -> None:
        idle = not self._busy and self._loading == 0
        self.find_button.setEnabled(idle)
        self.book_button.setEnabled(idle and self.selected_slot() is not None
                                    and self.booked_slot is None)
        planned = self.plan_model.plan() is not None
        self.plan_button.setEnabled(idle and self.booked_slot is not None)
        self.confirm_button.setEnabled(idle and planned and self.plan_model.bookable_count() > 0)
        self.authorise_package_button.setEnabled(idle)

    def _fail(self, error: BaseException) -> None:
        self._set_busy(False)
        self.banner.show_message(messages.booking_error_message(error), "error")
        if isinstance(error, PurchasedSessionsExceeded):
            self.package_authoriser.offer(error.usage)
        self.operation_finished.emit("error")

    @Slot(int)
    def _on_package_authoriser_authorised(self, extra: int) -> None:
        replan = self.stack.currentIndex() == 1
        text = (self.tr("More purchased sessions authorised: {count}. The plan is checked "
                        "again.") if replan
                else self.tr("More purchased sessions authorised: {count}. Book again."))
        self.banner.show_message(text.format(count=extra), "success")
        self.operation_finished.emit("success")
        if replan:
            self.plan()

    @Slot(str)
    def _on_package_authoriser_refused(self, text: str) -> None:
        self.banner.show_message(text, "error")
        self.operation_finished.emit("error")

    # -- finding --------------------------------------------------------------------------------

    def find(self) -> None:
        if self._busy or self._loading:
            return
        query = self.query()
        if query is None:
            self.banner.show_message(self.tr("Tick at least one day, and make the 'from' time "
                                             "earlier than the 'to' time."), "error")
            self.day_checks[0].setFocus(Qt.FocusReason.OtherFocusReason)
            return
        self.banner.clear_message()
        self._set_busy(True)
        booking = self._services.booking
        self._runner.submit(lambda: booking.find_slots(query),
                            alive_only(self, self._on_runner_slots),
                            alive_only(self, self._fail))

    def _on_runner_slots(self, result: SlotResult) -> None:
        self._set_busy(False)
        self.last_result = result
        self.slot_model.set_slots(result.slots)
        if result.slots:
            self.ruled_out_label.setVisible(False)
            self.results_label.setText(self.tr("%n free time(s), earliest first", "",
                                               len(result.slots)))
            self.results_table.setFocus(Qt.FocusReason.OtherFocusReason)
            self.results_table.setCurrentIndex(self.slot_proxy.index(0, 0))
            self.results_table.selectRow(0)
        else:
            ruled_out = result.ruled_out
            text = (messages.ruled_out_message(ruled_out.reason, dict(ruled_out.detail))
                    if ruled_out else messages.ruled_out_message("", {}))
            self.ruled_out_label.setText(text)
            self.ruled_out_label.setAccessibleDescription(text)
            self.ruled_out_label.setVisible(True)
            self.results_label.setText(self.tr("No free times"))
        self._refresh_buttons()
        self.slots_loaded.emit()

    # -- booking the assessment -----------------------------------------------------------------

    def book_selected(self) -> None:
        slot = self.selected_slot()
        if slot is None or self._busy or self.booked_slot is not None:
            return
        if self.is_session_booking():
            self.booked_slot = slot
            self._show_series_step(first=slot.starts_at, intro=self.tr(
                "Weekly sessions with {counsellor} at {venue}, {room}, from {day} at {time}."
            ).format(counsellor=slot.counsellor_name, venue=slot.venue_name, room=slot.room_name,
                     day=format_day_of(slot.starts_at), time=format_clock(slot.starts_at)))
            return
        self.banner.clear_message()
        self._set_busy(True)
        booking, case_id = self._services.booking, self.case_id
        self._runner.submit(lambda: booking.book_assessment(case_id, slot),
                            alive_only(self, lambda ident: self._on_runner_booked(slot, ident)),
                            alive_only(self, self._fail))

    def _on_runner_booked(self, slot: FreeSlot, appointment_id: int) -> None:
        self._set_busy(False)
        self.booked_slot = slot
        self.assessment_id = appointment_id
        self.banner.show_message(self.tr("Assessment booked."), "success")
        self._show_series_step(first=slot.starts_at + timedelta(weeks=1), intro=self.tr(
            "Assessment booked for {day} at {time} with {counsellor} at {venue}, {room}. "
            "Now book the weekly sessions that follow, or choose Not now."
        ).format(day=format_day_of(slot.starts_at), time=format_clock(slot.starts_at),
                 counsellor=slot.counsellor_name, venue=slot.venue_name, room=slot.room_name))
        self.assessment_booked.emit(appointment_id)
        self.operation_finished.emit("success")

    # -- the weekly series ----------------------------------------------------------------------

    def _show_series_step(self, first: datetime, intro: str) -> None:
        self.series_intro_label.setText(intro)
        local = first.astimezone(LONDON)
        self.first_session_edit.blockSignals(True)
        self.first_session_edit.setDateTime(QDateTime(
            QDate(local.year, local.month, local.day), QTime(local.hour, local.minute)))
        self.first_session_edit.blockSignals(False)
        self.stack.setCurrentIndex(1)
        self.find_button.setDefault(False)
        self.plan_button.setDefault(True)
        self._refresh_buttons()
        self.plan()

    def first_session(self) -> datetime:
        value = self.first_session_edit.dateTime()
        return local_datetime(_to_date(value.date()), _to_time(value.time())).astimezone(UTC)

    def plan(self) -> None:
        slot = self.booked_slot
        if slot is None or self._busy:
            return
        self.plan_model.set_plan(None)
        self._set_busy(True)
        booking, case_id, first = self._services.booking, self.case_id, self.first_session()
        count = self.count_spin.value() or None
        self._runner.submit(
            lambda: booking.plan_series(case_id, first, slot.counsellor_id, slot.venue_id,
                                        slot.room_id, count),
            alive_only(self, self._on_runner_planned), alive_only(self, self._fail))

    def _on_runner_planned(self, plan: SeriesPlan) -> None:
        self._set_busy(False)
        self.plan_model.set_plan(plan)
        self.plan_button.setDefault(False)
        self.confirm_button.setDefault(True)
        if plan.occurrences:
            self.plan_table.setFocus(Qt.FocusReason.OtherFocusReason)
            first_problem = next((row for row, o in enumerate(plan.occurrences)
                                  if o.problem is not None), 0)
            self.plan_table.setCurrentIndex(self.plan_proxy.index(
                first_problem, SeriesPlanTableModel.COLUMN_ALTERNATIVE))
        self.plan_loaded.emit()

    @Slot()
    def _on_plan_changed(self) -> None:
        plan = self.plan_model.plan()
        if plan is None:
            self.plan_summary_label.setText("")
        elif not plan.occurrences:
            self.plan_summary_label.setText(self.tr(
                "No sessions are left in this year's allowance: a clinical lead must authorise "
                "more."))
        else:
            total = len(plan.occurrences)
            parts = [self.tr("{booked} of {total} weekly sessions will be booked.").format(
                booked=self.plan_model.bookable_count(), total=total)]
            over = self.plan_model.problem_count(OVER_ALLOWANCE)
            if over:
                parts.append(self.tr("Weeks past the client's allowance for their year: {count} "
                                     "(a clinical lead must authorise more).").format(count=over))
            purchased = self.plan_model.problem_count(PURCHASED_USED)
            if purchased:
                parts.append(self.tr("Weeks past the sessions the organisation purchased: "
                                     "{count} (an administrator must authorise more).").format(
                    count=purchased))
            uncovered = sum(self.plan_model.problem_count(code) for code in RULE_PROBLEMS
                            if code not in (OVER_ALLOWANCE, PURCHASED_USED))
            if uncovered:
                parts.append(self.tr("Weeks the organisation's agreement does not cover: "
                                     "{count}.").format(count=uncovered))
            self.plan_summary_label.setText(" ".join(parts))
        first_past = self.plan_model.first_with(PURCHASED_USED)
        if first_past is not None:
            self.package_authoriser.offer(day=first_past.starts_at.astimezone(LONDON).date())
        elif plan is not None:
            self.package_authoriser.offer()
        self._refresh_buttons()

    def confirm(self) -> None:
        plan = self.plan_model.accepted_plan()
        if plan is None or self._busy or self.plan_model.bookable_count() == 0:
            return
        self.banner.clear_message()
        self._set_busy(True)
        booking = self._services.booking
        self._runner.submit(lambda: booking.book_series(plan, take_alternatives=True),
                            alive_only(self, self._on_runner_series_booked),
                            alive_only(self, self._fail))

    def _on_runner_series_booked(self, ids: list[int]) -> None:
        self._set_busy(False)
        self.series_ids = list(ids)
        self.series_booked.emit(self.series_ids)
        self.operation_finished.emit("success")
        self.accept()

    def summary(self) -> str:
        """One sentence for the page the dialog was opened from."""
        slot = self.booked_slot
        if slot is None:
            return ""
        if self.series_ids:
            return self.tr("Booked: %n weekly session(s) with {counsellor} at {venue}.", "",
                           len(self.series_ids)).format(counsellor=slot.counsellor_name,
                                                        venue=slot.venue_name)
        if self.assessment_id is not None:
            return self.tr("Assessment booked for {day} at {time} with {counsellor}.").format(
                day=format_day_of(slot.starts_at), time=format_clock(slot.starts_at),
                counsellor=slot.counsellor_name)
        return ""

    # -- slots ----------------------------------------------------------------------------------

    @Slot()
    def _on_find_button_clicked(self) -> None:
        self.find()

    @Slot()
    def _on_book_button_clicked(self) -> None:
        self.book_selected()

    @Slot()
    def _on_plan_button_clicked(self) -> None:
        self.plan()

    @Slot()
    def _on_confirm_button_clicked(self) -> None:
        self.confirm()

    @Slot()
    def _on_series_input_changed(self) -> None:
        # A changed first date or count invalidates the plan on screen: Enter plans again.
        if self.plan_model.plan() is not None:
            self.plan_model.set_plan(None)
            self.confirm_button.setDefault(False)
            self.plan_button.setDefault(True)

    @Slot()
    def _on_close_button_clicked(self) -> None:
        if self.booked_slot is not None:
            self.accept()
        else:
            self.reject()

    # -- Qt overrides ---------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent)
                and event.key() in _ENTER_KEYS
                and event.modifiers() in (Qt.KeyboardModifier.NoModifier,
                                          Qt.KeyboardModifier.KeypadModifier)):
            if watched is self.results_table:
                self.book_selected()
                return True
            if watched is self.plan_table:
                self.confirm()
                return True
        return super().eventFilter(watched, event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Enter is for the current step only; it never closes the dialog.
        if event.key() in _ENTER_KEYS and self._busy:
            event.accept()
            return
        super().keyPressEvent(event)

    def done(self, result: int) -> None:
        code = int(getattr(result, "value", result))
        if self.booked_slot is not None and code == QDialog.DialogCode.Rejected.value:
            # Esc after booking: what was booked stays booked; the caller hears about it.
            code = QDialog.DialogCode.Accepted.value
        super().done(code)
