"""Administration > Venues: details, access, opening hours, rooms and closures; CSV import."""

from __future__ import annotations

from datetime import date, time, timedelta
from pathlib import Path

from PySide6.QtCore import QItemSelection, Qt, QTime, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from supportline.errors import ImportRejected
from supportline.importer import ImportSummary, import_venues
from supportline.reference import KENT_DISTRICTS
from supportline.services.venues import Room, VenueInfo, VenueInput, VenueService

from .admin_labels import WEEKDAYS, uk_date, weekday_label
from .admin_page import AdminPage
from .csv_file_dialog import CsvFileDialog
from .guard import alive_only
from .import_problems_dialog import ImportProblemsDialog
from .layout_fit import WrappingRow, side_editor
from .room_table_model import RoomTableModel
from .services import Services
from .task_runner import TaskRunner
from .uk_date_edit import UkDateEdit
from .venue_table_model import VenueTableModel

TIME_FORMAT = "HH:mm"
MAX_CLOSURE_DAYS = 366


def _to_time(value: QTime) -> time:
    return time(value.hour(), value.minute())


def _to_qtime(value: time) -> QTime:
    return QTime(value.hour, value.minute)


class VenuesView(AdminPage):
    venues_loaded = Signal()

    SHOWS = ("venues", "venue_hours", "venue_closures", "rooms")

    def __init__(self, services: Services, runner: TaskRunner,
                 parent: QWidget | None = None) -> None:
        super().__init__(services, runner, parent)
        self.setObjectName("venues_view")
        self._editing_id: int | None = None
        self._editing_seen: VenueInfo | None = None  # as read: a save made from it is checked
        self._shown_value: VenueInput | None = None
        self._build()
        self._connect_signals()
        self._show_venue(None)
        self._refresh_buttons()
        self.reload()

    def _venues(self) -> VenueService:
        # Built inside each task: constructing a service touches no store.
        return VenueService(self._services.session)

    # -- building -------------------------------------------------------------------------------

    def _build(self) -> None:
        self.banner = self._banner("venues_message_label", self.tr("Venues message"))
        self.filter_edit = self._filter_edit(
            "venue_filter_edit",
            self.tr("Filter venues"),
            self.tr("Filter by name, district or access…"),
        )
        self.model = VenueTableModel(self)
        self.proxy = self._proxy(self.model, "venue_proxy_model")
        self.table = self._table("venues_table", self.tr("Venues"), self.proxy,
                                 VenueTableModel.COLUMN_NAME)
        self.new_button = self._button("new_venue_button", self.tr("&New venue"))
        self.active_button = self._button("venue_active_button", self.tr("&Deactivate"))
        self.import_button = self._button("import_venues_button",
                                          self.tr("&Import venues from CSV…"))
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.filter_edit)
        left_layout.addWidget(self.table, 1)
        left_buttons = QHBoxLayout()
        left_buttons.addWidget(self.new_button)
        left_buttons.addWidget(self.active_button)
        left_buttons.addStretch(1)
        left_buttons.addWidget(self.import_button)
        left_layout.addLayout(left_buttons)

        rooms_page = QWidget()
        rooms_layout = QVBoxLayout(rooms_page)
        rooms_layout.addWidget(self._build_rooms(), 1)
        rooms_layout.addWidget(self._build_closures(), 1)
        self.editor_tabs = QTabWidget()
        self.editor_tabs.setObjectName("venue_editor_tabs")
        self.editor_tabs.setAccessibleName(self.tr("Venue"))
        self.editor_tabs.addTab(self._scrolling(self._build_details()),
                                self.tr("Details and &hours"))
        self.editor_tabs.addTab(self._scrolling(rooms_page), self.tr("R&ooms and closures"))

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setObjectName("venues_splitter")
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(left)
        splitter.addWidget(self.editor_tabs)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([740, 500])
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(splitter, 1)

    @staticmethod
    def _scrolling(page: QWidget) -> QScrollArea:
        return side_editor(page)

    @staticmethod
    def _label(text: str, buddy: QWidget) -> QLabel:
        label = QLabel(text)
        label.setBuddy(buddy)
        return label

    def _line_edit(self, name: str, accessible: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setObjectName(name)
        edit.setAccessibleName(accessible)
        return edit

    def _check(self, name: str, text: str) -> QCheckBox:
        check = QCheckBox(text)
        check.setObjectName(name)
        check.setAccessibleName(text.replace("&", ""))
        return check

    def _coordinate(self, name: str, accessible: str, low: float, high: float) -> QDoubleSpinBox:
        spin = QDoubleSpinBox()
        spin.setObjectName(name)
        spin.setAccessibleName(accessible)
        spin.setDecimals(5)
        # Wider than Kent on purpose: the core judges the coordinates and says why.
        spin.setRange(low, high)
        spin.setMinimumWidth(110)
        return spin

    def _build_details(self) -> QGroupBox:
        self.details_group = QGroupBox(self.tr("Venue details"))
        self.details_group.setObjectName("venue_details_group")
        self.code_edit = self._line_edit("venue_code_edit", self.tr("Code"))
        self.name_edit = self._line_edit("venue_name_edit", self.tr("Name"))
        self.address_edit = self._line_edit("venue_address_edit", self.tr("Address"))
        self.town_edit = self._line_edit("venue_town_edit", self.tr("Town"))
        self.postcode_edit = self._line_edit("venue_postcode_edit", self.tr("Postcode"))
        self.district_combo = QComboBox()
        self.district_combo.setObjectName("venue_district_combo")
        self.district_combo.setAccessibleName(self.tr("District"))
        self.district_combo.setPlaceholderText(self.tr("Choose a district"))
        self.district_combo.addItems(list(KENT_DISTRICTS))
        self.lat_spin = self._coordinate("venue_lat_spin", self.tr("Latitude"), -90.0, 90.0)
        self.lon_spin = self._coordinate("venue_lon_spin", self.tr("Longitude"), -180.0, 180.0)
        self.step_free_check = self._check("venue_step_free_check", self.tr("&Step-free access"))
        self.hearing_loop_check = self._check("venue_hearing_loop_check",
                                              self.tr("&Hearing loop"))
        self.parking_check = self._check("venue_parking_check", self.tr("&Parking"))

        place = QFormLayout()
        place.addRow(self.tr("&Code:"), self.code_edit)
        place.addRow(self.tr("Na&me:"), self.name_edit)
        place.addRow(self.tr("A&ddress:"), self.address_edit)
        place.addRow(self.tr("&Town:"), self.town_edit)
        place.addRow(self.tr("P&ostcode:"), self.postcode_edit)
        place.addRow(self.tr("D&istrict:"), self.district_combo)
        coordinates = QHBoxLayout()
        coordinates.addWidget(self.lat_spin)
        coordinates.addWidget(self.lon_spin)
        coordinates.addStretch(1)
        place.addRow(self._label(self.tr("&Latitude, longitude:"), self.lat_spin), coordinates)
        # Side by side when there is room, one under another on a narrow screen.
        access = WrappingRow([self.step_free_check, self.hearing_loop_check, self.parking_check])
        access.setObjectName("venue_access_row")
        place.addRow(self.tr("Access:"), access)

        hours = QGridLayout()
        hours.addWidget(QLabel(self.tr("Opening hours")), 0, 0)
        hours.addWidget(QLabel(self.tr("Opens")), 0, 1)
        hours.addWidget(QLabel(self.tr("Closes")), 0, 2)
        self.hours_editors: dict[int, tuple[QCheckBox, QTimeEdit, QTimeEdit]] = {}
        for weekday in WEEKDAYS:
            day = weekday_label(weekday)
            open_check = self._check(f"venue_open_{weekday}_check", day)
            open_check.setAccessibleName(self.tr("Open on {day}").format(day=day))
            opens = QTimeEdit()
            opens.setDisplayFormat(TIME_FORMAT)
            opens.setObjectName(f"venue_opens_{weekday}_edit")
            opens.setAccessibleName(self.tr("{day} opens at").format(day=day))
            closes = QTimeEdit()
            closes.setDisplayFormat(TIME_FORMAT)
            closes.setObjectName(f"venue_closes_{weekday}_edit")
            closes.setAccessibleName(self.tr("{day} closes at").format(day=day))
            open_check.toggled.connect(opens.setEnabled)
            open_check.toggled.connect(closes.setEnabled)
            self.hours_editors[weekday] = (open_check, opens, closes)
            hours.addWidget(open_check, weekday + 1, 0)
            hours.addWidget(opens, weekday + 1, 1)
            hours.addWidget(closes, weekday + 1, 2)
        hours.setColumnStretch(3, 1)

        self.save_button = self._button("save_venue_button", self.tr("&Save venue"))
        self.revert_button = self._button("revert_venue_button", self.tr("Re&vert"))
        save_row = QHBoxLayout()
        save_row.addStretch(1)
        save_row.addWidget(self.revert_button)
        save_row.addWidget(self.save_button)

        group_layout = QVBoxLayout(self.details_group)
        group_layout.addLayout(place)
        group_layout.addSpacing(8)
        group_layout.addLayout(hours)
        group_layout.addStretch(1)
        group_layout.addLayout(save_row)
        return self.details_group

    def _build_rooms(self) -> QGroupBox:
        group = QGroupBox(self.tr("Rooms"))
        group.setObjectName("venue_rooms_group")
        self.room_model = RoomTableModel(self)
        self.room_proxy = self._proxy(self.room_model, "room_proxy_model")
        self.rooms_table = self._table("rooms_table", self.tr("Rooms"), self.room_proxy,
                                       RoomTableModel.COLUMN_NAME)
        self.rooms_table.setMinimumHeight(110)
        self.room_name_edit = self._line_edit("room_name_edit", self.tr("New room name"))
        self.room_name_edit.setPlaceholderText(self.tr("New room name"))
        self.add_room_button = self._button("add_room_button", self.tr("Add &room"))
        self.room_active_button = self._button("room_active_button",
                                               self.tr("Deactivate r&oom"))
        add_row = QHBoxLayout()
        add_row.addWidget(self.room_name_edit, 1)
        add_row.addWidget(self.add_room_button)
        layout = QVBoxLayout(group)
        layout.addWidget(self.rooms_table, 1)
        layout.addLayout(add_row)
        room_buttons = QHBoxLayout()
        room_buttons.addStretch(1)
        room_buttons.addWidget(self.room_active_button)
        layout.addLayout(room_buttons)
        return group

    def _build_closures(self) -> QGroupBox:
        group = QGroupBox(self.tr("Closure dates"))
        group.setObjectName("venue_closures_group")
        self.closures_list = QListWidget()
        self.closures_list.setObjectName("closures_list")
        self.closures_list.setAccessibleName(self.tr("Closure dates"))
        self.closures_list.setMinimumHeight(110)
        today = self._services.today()
        self.closure_from_edit = UkDateEdit(today)
        self.closure_from_edit.setObjectName("closure_from_edit")
        self.closure_from_edit.setAccessibleName(self.tr("Closed from"))
        self.closure_to_edit = UkDateEdit(today)
        self.closure_to_edit.setObjectName("closure_to_edit")
        self.closure_to_edit.setAccessibleName(self.tr("Closed until"))
        self.closure_reason_edit = self._line_edit("closure_reason_edit",
                                                   self.tr("Reason for closure"))
        self.closure_reason_edit.setPlaceholderText(self.tr("Reason (optional)"))
        self.add_closure_button = self._button("add_closure_button", self.tr("Add c&losure"))
        form = QFormLayout()
        dates = QHBoxLayout()
        dates.addWidget(self.closure_from_edit)
        dates.addWidget(QLabel(self.tr("to")))
        dates.addWidget(self.closure_to_edit)
        dates.addStretch(1)
        form.addRow(self._label(self.tr("Closed &from:"), self.closure_from_edit), dates)
        form.addRow(self.tr("R&eason:"), self.closure_reason_edit)
        layout = QVBoxLayout(group)
        layout.addWidget(self.closures_list, 1)
        layout.addLayout(form)
        closure_buttons = QHBoxLayout()
        closure_buttons.addStretch(1)
        closure_buttons.addWidget(self.add_closure_button)
        layout.addLayout(closure_buttons)
        return group

    def _connect_signals(self) -> None:
        self.filter_edit.textChanged.connect(self._on_filter_edit_text_changed)
        self.table.selectionModel().selectionChanged.connect(self._on_table_selection_changed)
        self.rooms_table.selectionModel().selectionChanged.connect(
            self._on_rooms_table_selection_changed)
        self.new_button.clicked.connect(self._on_new_button_clicked)
        self.active_button.clicked.connect(self._on_active_button_clicked)
        self.import_button.clicked.connect(self._on_import_button_clicked)
        self.save_button.clicked.connect(self._on_save_button_clicked)
        self.revert_button.clicked.connect(self._on_revert_button_clicked)
        self.add_room_button.clicked.connect(self._on_add_room_button_clicked)
        self.room_name_edit.returnPressed.connect(self._on_add_room_button_clicked)
        self.room_active_button.clicked.connect(self._on_room_active_button_clicked)
        self.add_closure_button.clicked.connect(self._on_add_closure_button_clicked)

    # -- state ----------------------------------------------------------------------------------

    def selected_venue(self) -> VenueInfo | None:
        return self._selected(self.table)

    def select_venue(self, venue_id: int) -> bool:
        return self._select(self.table, lambda venue: venue.id == venue_id)

    def selected_room(self) -> Room | None:
        return self._selected(self.rooms_table)

    def _refresh_buttons(self) -> None:
        venue = self.selected_venue()
        idle = not self._busy
        chosen = venue is not None and idle
        self.new_button.setEnabled(idle)
        self.import_button.setEnabled(idle)
        self.active_button.setEnabled(chosen)
        text = (self.tr("&Deactivate") if venue is None or venue.active
                else self.tr("Re&activate"))
        self.active_button.setText(text)
        self.active_button.setAccessibleName(text.replace("&", ""))
        self.save_button.setEnabled(idle)
        self.revert_button.setEnabled(idle)
        self.add_room_button.setEnabled(chosen)
        self.add_closure_button.setEnabled(chosen)
        room = self.selected_room()
        self.room_active_button.setEnabled(chosen and room is not None)
        room_text = (self.tr("Deactivate r&oom") if room is None or room.active
                     else self.tr("Reactivate r&oom"))
        self.room_active_button.setText(room_text)
        self.room_active_button.setAccessibleName(room_text.replace("&", ""))

    # -- the form -------------------------------------------------------------------------------

    def _show_venue(self, venue: VenueInfo | None) -> None:
        self._editing_id = None if venue is None else venue.id
        self._editing_seen = venue
        self.details_group.setTitle(self.tr("Venue details: {name}").format(name=venue.name)
                                    if venue else self.tr("New venue"))
        self.code_edit.setText(venue.code if venue else "")
        self.name_edit.setText(venue.name if venue else "")
        self.address_edit.setText(venue.address if venue else "")
        self.town_edit.setText(venue.town if venue else "")
        self.postcode_edit.setText(venue.postcode if venue else "")
        if venue is not None and self.district_combo.findText(venue.district) < 0:
            self.district_combo.addItem(venue.district)
        self.district_combo.setCurrentIndex(
            self.district_combo.findText(venue.district) if venue else -1)
        self.lat_spin.setValue(venue.lat if venue else 51.2)
        self.lon_spin.setValue(venue.lon if venue else 0.7)
        self.step_free_check.setChecked(bool(venue and venue.step_free))
        self.hearing_loop_check.setChecked(bool(venue and venue.hearing_loop))
        self.parking_check.setChecked(bool(venue and venue.parking))
        hours = venue.hours if venue else {}
        for weekday, (open_check, opens, closes) in self.hours_editors.items():
            span = hours.get(weekday)
            open_check.setChecked(span is not None)
            opens.setEnabled(span is not None)
            closes.setEnabled(span is not None)
            opens.setTime(_to_qtime(span[0]) if span else QTime(9, 0))
            closes.setTime(_to_qtime(span[1]) if span else QTime(17, 0))
        self.room_model.set_rows(venue.rooms if venue else ())
        self.closures_list.clear()
        for day in sorted(venue.closures if venue else ()):
            self.closures_list.addItem(uk_date(day))
        if venue is not None and not venue.closures:
            self.closures_list.addItem(self.tr("No closures."))
        self._shown_value = self.value()

    def has_unsaved_edits(self) -> bool:
        return self._shown_value is not None and self.value() != self._shown_value

    def value(self) -> VenueInput:
        hours = {
            weekday: (_to_time(opens.time()), _to_time(closes.time()))
            for weekday, (open_check, opens, closes) in self.hours_editors.items()
            if open_check.isChecked()
        }
        return VenueInput(
            code=self.code_edit.text().strip(),
            name=self.name_edit.text().strip(),
            address=self.address_edit.text().strip(),
            town=self.town_edit.text().strip(),
            postcode=self.postcode_edit.text().strip(),
            district=self.district_combo.currentText(),
            lat=self.lat_spin.value(),
            lon=self.lon_spin.value(),
            step_free=self.step_free_check.isChecked(),
            hearing_loop=self.hearing_loop_check.isChecked(),
            parking=self.parking_check.isChecked(),
            hours=hours,
        )

    # -- loading --------------------------------------------------------------------------------

    def reload(self) -> None:
        venues = self._venues()
        self._runner.submit(lambda: venues.all(include_inactive=True),
                            alive_only(self, self._on_runner_venues_listed),
                            alive_only(self, self._on_runner_failed))

    def _on_runner_venues_listed(self, venues: list[VenueInfo]) -> None:
        editing = self._editing_id
        self.model.set_rows(venues)
        if editing is None or not self.select_venue(editing):
            self._show_venue(None)
        self._refresh_buttons()
        self.venues_loaded.emit()

    # -- slots ----------------------------------------------------------------------------------

    @Slot(str)
    def _on_filter_edit_text_changed(self, text: str) -> None:
        self.proxy.setFilterFixedString(text)

    @Slot(QItemSelection, QItemSelection)
    def _on_table_selection_changed(self, _selected: QItemSelection,
                                    _deselected: QItemSelection) -> None:
        venue = self.selected_venue()
        if venue is not None:
            self._show_venue(venue)
        self._refresh_buttons()

    @Slot(QItemSelection, QItemSelection)
    def _on_rooms_table_selection_changed(self, _selected: QItemSelection,
                                          _deselected: QItemSelection) -> None:
        self._refresh_buttons()

    @Slot()
    def _on_new_button_clicked(self) -> None:
        self.table.clearSelection()
        self._show_venue(None)
        self._refresh_buttons()
        self.code_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    @Slot()
    def _on_revert_button_clicked(self) -> None:
        self._show_venue(self.selected_venue())
        self.banner.clear_message()

    @Slot()
    def _on_save_button_clicked(self) -> None:
        data = self.value()
        venue_id, seen = self._editing_id, self._editing_seen
        venues = self._venues()

        def saved(new_id: int) -> None:
            self._editing_id = new_id
            self._shown_value = data  # saved: the refresh that follows may show it

        self._run(lambda: venues.save(data, venue_id, seen),
                  lambda _id: self.tr("{name} saved.").format(name=data.name),
                  after=saved)

    @Slot()
    def _on_active_button_clicked(self) -> None:
        venue = self.selected_venue()
        if venue is None:
            return
        active = not venue.active
        venues = self._venues()
        self._run(
            lambda: venues.set_active(venue.id, active),
            lambda _none: (self.tr("{name} is active again.") if active else self.tr(
                "{name} is inactive and will not be offered for bookings.")).format(
                name=venue.name),
        )

    @Slot()
    def _on_add_room_button_clicked(self) -> None:
        venue = self.selected_venue()
        if venue is None or self._busy:
            return
        name = self.room_name_edit.text().strip()
        venues = self._venues()

        def added(_room_id: int) -> None:
            self.room_name_edit.clear()

        self._run(lambda: venues.add_room(venue.id, name),
                  lambda _id: self.tr("Room {room} added to {venue}.").format(
                      room=name, venue=venue.name),
                  after=added)

    @Slot()
    def _on_room_active_button_clicked(self) -> None:
        room = self.selected_room()
        if room is None:
            return
        active = not room.active
        venues = self._venues()
        self._run(lambda: venues.set_room_active(room.id, active),
                  lambda _none: (self.tr("{room} is available again.") if active else self.tr(
                      "{room} is deactivated: nothing new is booked there.")).format(
                      room=room.name))

    @Slot()
    def _on_add_closure_button_clicked(self) -> None:
        venue = self.selected_venue()
        if venue is None:
            return
        first, last = self.closure_from_edit.value(), self.closure_to_edit.value()
        if last < first:
            self.banner.show_message(self.tr("The closure cannot end before it starts."),
                                     "error")
            self.operation_finished.emit("error")
            return
        if (last - first).days >= MAX_CLOSURE_DAYS:
            self.banner.show_message(self.tr("Add closures of at most a year at a time; "
                                             "deactivate a venue that closes for longer."),
                                     "error")
            self.operation_finished.emit("error")
            return
        days = [first + timedelta(days=offset) for offset in range((last - first).days + 1)]
        reason = self.closure_reason_edit.text()
        venues = self._venues()
        self._run(lambda: venues.add_closures(venue.id, days, reason),
                  lambda _none: self._closure_text(venue.name, first, last))

    def _closure_text(self, name: str, first: date, last: date) -> str:
        if first == last:
            return self.tr("{name} is closed on {day}.").format(name=name, day=uk_date(first))
        return self.tr("{name} is closed from {first} to {last}.").format(
            name=name, first=uk_date(first), last=uk_date(last))

    @Slot()
    def _on_import_button_clicked(self) -> None:
        path = CsvFileDialog.ask(self, self.tr("Import venues from CSV"))
        if path is None:
            return
        self.import_file(path)

    def import_file(self, path: Path) -> None:
        session = self._services.session
        title = self.tr("Import venues from CSV")

        def failed(error: BaseException) -> None:
            if isinstance(error, ImportRejected):
                ImportProblemsDialog.ask(self, title, error.problems)

        self._run(lambda: import_venues(session, path),
                  lambda summary: self._imported_text(summary),
                  failed=failed)

    def _imported_text(self, summary: ImportSummary) -> str:
        return self.tr("Imported: {created} new and {updated} updated venues.").format(
            created=summary.created, updated=summary.updated)
