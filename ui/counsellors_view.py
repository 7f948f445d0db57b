"""Administration > Counsellors: profiles, weekly availability at venues, and leave."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time

from PySide6.QtCore import QItemSelection, Qt, QTime, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QSplitter,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from supportline.roles import Role
from supportline.services.counsellor_links import CounsellorLinkService
from supportline.services.counsellors import Availability, CounsellorInfo, CounsellorService
from supportline.services.users import UserInfo, UserService
from supportline.services.venues import VenueInfo, VenueService

from .admin_labels import WEEKDAYS, hh_mm, uk_date, weekday_label
from .admin_page import AdminPage
from .availability_table_model import AvailabilityTableModel
from .counsellor_dialog import CounsellorDialog
from .counsellor_table_model import CounsellorTableModel
from .guard import alive_only
from .link_counsellor_dialog import LinkChoice, LinkCounsellorDialog
from .services import Services
from .task_runner import TaskRunner
from .uk_date_edit import UkDateEdit

TIME_FORMAT = "HH:mm"


@dataclass(frozen=True)
class CounsellorsAndVenues:
    counsellors: list[CounsellorInfo]
    venues: list[VenueInfo]


def _to_time(value: QTime) -> time:
    return time(value.hour(), value.minute())


class CounsellorsView(AdminPage):
    counsellors_loaded = Signal()

    SHOWS = ("counsellors", "counsellor_availability", "counsellor_leave", "venues", "users")

    def __init__(self, services: Services, runner: TaskRunner,
                 parent: QWidget | None = None) -> None:
        super().__init__(services, runner, parent)
        self.setObjectName("counsellors_view")
        self._venues: dict[int, VenueInfo] = {}
        self._showing_id: int | None = None
        self._shown_slots: list[Availability] = []
        self._build()
        self._connect_signals()
        self._show_counsellor(None)
        self._refresh_buttons()
        self.reload()

    def _counsellors(self) -> CounsellorService:
        # Built inside each task: constructing a service touches no store.
        return CounsellorService(self._services.session)

    # -- building -------------------------------------------------------------------------------

    def _build(self) -> None:
        self.banner = self._banner("counsellors_message_label", self.tr("Counsellors message"))
        self.filter_edit = self._filter_edit(
            "counsellor_filter_edit",
            self.tr("Filter counsellors"),
            self.tr("Filter by name, language or service…"),
        )
        self.model = CounsellorTableModel(self)
        self.proxy = self._proxy(self.model, "counsellor_proxy_model")
        self.table = self._table("counsellors_table", self.tr("Counsellors"), self.proxy,
                                 CounsellorTableModel.COLUMN_NAME)
        self.add_button = self._button("add_counsellor_button", self.tr("&Add counsellor…"))
        self.edit_button = self._button("edit_counsellor_button", self.tr("&Edit profile…"))
        self.link_button = self._button("link_sign_in_button", self.tr("Link &sign-in…"))
        # Linking is for administrators (the core refuses anyone else); counsellors keep their
        # own availability here.
        self.link_button.setVisible(self._services.session.has_role(Role.ADMINISTRATOR))
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.filter_edit)
        left_layout.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.link_button)
        buttons.addStretch(1)
        left_layout.addLayout(buttons)

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        self.heading_label = QLabel()
        self.heading_label.setObjectName("counsellor_heading_label")
        font = self.heading_label.font()
        font.setBold(True)
        self.heading_label.setFont(font)
        right_layout.addWidget(self.heading_label)
        right_layout.addWidget(self._build_availability(), 1)
        right_layout.addWidget(self._build_leave())

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setObjectName("counsellors_splitter")
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([780, 460])
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(splitter, 1)

    def _build_availability(self) -> QGroupBox:
        group = QGroupBox(self.tr("Weekly availability"))
        group.setObjectName("availability_group")
        self.availability_model = AvailabilityTableModel(self)
        self.availability_proxy = self._proxy(self.availability_model,
                                              "availability_proxy_model")
        self.availability_table = self._table(
            "availability_table", self.tr("Weekly availability"), self.availability_proxy,
            AvailabilityTableModel.COLUMN_VENUE, AvailabilityTableModel.COLUMN_WEEKDAY)
        self.venue_combo = QComboBox()
        self.venue_combo.setObjectName("availability_venue_combo")
        self.venue_combo.setAccessibleName(self.tr("Venue"))
        self.venue_combo.setMinimumContentsLength(18)
        self.venue_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.weekday_combo = QComboBox()
        self.weekday_combo.setObjectName("availability_weekday_combo")
        self.weekday_combo.setAccessibleName(self.tr("Day"))
        for weekday in WEEKDAYS:
            self.weekday_combo.addItem(weekday_label(weekday), weekday)
        self.starts_edit = QTimeEdit(QTime(9, 0))
        self.starts_edit.setObjectName("availability_starts_edit")
        self.starts_edit.setAccessibleName(self.tr("Available from"))
        self.starts_edit.setDisplayFormat(TIME_FORMAT)
        self.ends_edit = QTimeEdit(QTime(17, 0))
        self.ends_edit.setObjectName("availability_ends_edit")
        self.ends_edit.setAccessibleName(self.tr("Available until"))
        self.ends_edit.setDisplayFormat(TIME_FORMAT)
        self.hours_label = QLabel()
        self.hours_label.setObjectName("availability_hours_label")
        self.hours_label.setAccessibleName(self.tr("Venue opening hours that day"))
        self.add_row_button = self._button("add_availability_button", self.tr("Add &row"))
        self.remove_row_button = self._button("remove_availability_button",
                                              self.tr("Re&move row"))
        self.save_availability_button = self._button("save_availability_button",
                                                     self.tr("&Save availability"))
        form = QFormLayout()
        where = QHBoxLayout()
        where.addWidget(self.venue_combo, 1)
        where.addWidget(self.weekday_combo)
        venue_label = QLabel(self.tr("&Venue and day:"))
        venue_label.setBuddy(self.venue_combo)
        form.addRow(venue_label, where)
        times = QHBoxLayout()
        times.addWidget(self.starts_edit)
        times.addWidget(QLabel(self.tr("to")))
        times.addWidget(self.ends_edit)
        times.addWidget(self.hours_label, 1)
        from_label = QLabel(self.tr("&From:"))
        from_label.setBuddy(self.starts_edit)
        form.addRow(from_label, times)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_row_button)
        buttons.addWidget(self.remove_row_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_availability_button)
        layout = QVBoxLayout(group)
        layout.addWidget(self.availability_table, 1)
        layout.addLayout(form)
        layout.addLayout(buttons)
        return group

    def _build_leave(self) -> QGroupBox:
        group = QGroupBox(self.tr("Leave"))
        group.setObjectName("leave_group")
        self.leave_list = QListWidget()
        self.leave_list.setObjectName("leave_list")
        self.leave_list.setAccessibleName(self.tr("Leave"))
        self.leave_list.setMaximumHeight(130)
        today = self._services.today()
        self.leave_from_edit = UkDateEdit(today)
        self.leave_from_edit.setObjectName("leave_from_edit")
        self.leave_from_edit.setAccessibleName(self.tr("Leave from"))
        self.leave_to_edit = UkDateEdit(today)
        self.leave_to_edit.setObjectName("leave_to_edit")
        self.leave_to_edit.setAccessibleName(self.tr("Leave until"))
        self.add_leave_button = self._button("add_leave_button", self.tr("Add &leave"))
        dates = QHBoxLayout()
        dates.addWidget(QLabel(self.tr("From")))
        dates.addWidget(self.leave_from_edit)
        dates.addWidget(QLabel(self.tr("to")))
        dates.addWidget(self.leave_to_edit)
        dates.addStretch(1)
        dates.addWidget(self.add_leave_button)
        layout = QVBoxLayout(group)
        layout.addWidget(self.leave_list, 1)
        layout.addLayout(dates)
        return group

    def _connect_signals(self) -> None:
        self.filter_edit.textChanged.connect(self._on_filter_edit_text_changed)
        self.table.selectionModel().selectionChanged.connect(self._on_table_selection_changed)
        self.table.doubleClicked.connect(self._on_edit_button_clicked)
        self.availability_table.selectionModel().selectionChanged.connect(
            self._on_availability_table_selection_changed)
        self.add_button.clicked.connect(self._on_add_button_clicked)
        self.edit_button.clicked.connect(self._on_edit_button_clicked)
        self.link_button.clicked.connect(self._on_link_button_clicked)
        self.venue_combo.currentIndexChanged.connect(self._on_slot_editor_changed)
        self.weekday_combo.currentIndexChanged.connect(self._on_slot_editor_changed)
        self.add_row_button.clicked.connect(self._on_add_row_button_clicked)
        self.remove_row_button.clicked.connect(self._on_remove_row_button_clicked)
        self.save_availability_button.clicked.connect(
            self._on_save_availability_button_clicked)
        self.add_leave_button.clicked.connect(self._on_add_leave_button_clicked)

    # -- state ----------------------------------------------------------------------------------

    def selected_counsellor(self) -> CounsellorInfo | None:
        return self._selected(self.table)

    def select_counsellor(self, counsellor_id: int) -> bool:
        return self._select(self.table, lambda counsellor: counsellor.id == counsellor_id)

    def selected_slot(self) -> Availability | None:
        return self._selected(self.availability_table)

    def _refresh_buttons(self) -> None:
        idle = not self._busy
        chosen = idle and self.selected_counsellor() is not None
        self.add_button.setEnabled(idle)
        self.edit_button.setEnabled(chosen)
        self.link_button.setEnabled(chosen)
        self.add_row_button.setEnabled(chosen and self.venue_combo.count() > 0)
        self.remove_row_button.setEnabled(chosen and self.selected_slot() is not None)
        self.save_availability_button.setEnabled(chosen)
        self.add_leave_button.setEnabled(chosen)

    def _show_counsellor(self, counsellor: CounsellorInfo | None) -> None:
        self._showing_id = None if counsellor is None else counsellor.id
        self.heading_label.setText(
            self.tr("Choose a counsellor to see their availability and leave.")
            if counsellor is None else self.tr("Availability and leave: {name}").format(
                name=counsellor.display_name))
        self.availability_model.set_rows(counsellor.availability if counsellor else ())
        self._shown_slots = list(self.availability_model.rows())
        self.leave_list.clear()
        for leave in sorted(counsellor.leave if counsellor else (), key=lambda x: x.starts_on):
            self.leave_list.addItem(self.tr("{first} to {last}").format(
                first=uk_date(leave.starts_on), last=uk_date(leave.ends_on)))
        if counsellor is not None and not counsellor.leave:
            self.leave_list.addItem(self.tr("No leave recorded."))

    def has_unsaved_edits(self) -> bool:
        return list(self.availability_model.rows()) != self._shown_slots

    def _show_venue_hours(self) -> None:
        venue = self._venues.get(self.venue_combo.currentData())
        weekday = self.weekday_combo.currentData()
        if venue is None:
            self.hours_label.setText("")
            return
        span = venue.hours.get(weekday)
        self.hours_label.setText(
            self.tr("(venue open {opens}–{closes})").format(opens=hh_mm(span[0]),
                                                           closes=hh_mm(span[1]))
            if span else self.tr("(venue closed that day)"))

    # -- loading --------------------------------------------------------------------------------

    def reload(self) -> None:
        counsellors = self._counsellors()
        venues = VenueService(self._services.session)

        def load() -> CounsellorsAndVenues:
            return CounsellorsAndVenues(counsellors.all(include_inactive=True),
                                        venues.all(include_inactive=False))

        self._runner.submit(load, alive_only(self, self._on_runner_loaded),
                            alive_only(self, self._on_runner_failed))

    def _on_runner_loaded(self, loaded: CounsellorsAndVenues) -> None:
        showing = self._showing_id
        self._venues = {venue.id: venue for venue in loaded.venues}
        current_venue = self.venue_combo.currentData()
        self.venue_combo.blockSignals(True)
        self.venue_combo.clear()
        for venue in loaded.venues:
            self.venue_combo.addItem(venue.name, venue.id)
        self.venue_combo.setCurrentIndex(max(0, self.venue_combo.findData(current_venue)))
        self.venue_combo.blockSignals(False)
        self.availability_model.set_venue_names(
            {venue.id: venue.name for venue in loaded.venues})
        self.model.set_rows(loaded.counsellors)
        if showing is None or not self.select_counsellor(showing):
            self._show_counsellor(None)
        self._show_venue_hours()
        self._refresh_buttons()
        self.counsellors_loaded.emit()

    # -- slots ----------------------------------------------------------------------------------

    @Slot(str)
    def _on_filter_edit_text_changed(self, text: str) -> None:
        self.proxy.setFilterFixedString(text)

    @Slot(QItemSelection, QItemSelection)
    def _on_table_selection_changed(self, _selected: QItemSelection,
                                    _deselected: QItemSelection) -> None:
        counsellor = self.selected_counsellor()
        if counsellor is not None:
            self._show_counsellor(counsellor)
        self._refresh_buttons()

    @Slot(QItemSelection, QItemSelection)
    def _on_availability_table_selection_changed(self, _selected: QItemSelection,
                                                 _deselected: QItemSelection) -> None:
        self._refresh_buttons()

    @Slot()
    def _on_slot_editor_changed(self) -> None:
        self._show_venue_hours()

    @Slot()
    def _on_add_button_clicked(self) -> None:
        profile = CounsellorDialog.ask(self, None)
        if profile is None:
            return
        counsellors = self._counsellors()

        def added(counsellor_id: int) -> None:
            self._showing_id = counsellor_id

        self._run(
            lambda: counsellors.save(profile.display_name, profile.gender, profile.languages,
                                     profile.services, profile.max_per_week,
                                     profile.is_clinical_lead),
            lambda _id: self.tr("{name} added.").format(name=profile.display_name),
            after=added,
        )

    @Slot()
    def _on_edit_button_clicked(self) -> None:
        counsellor = self.selected_counsellor()
        if counsellor is None or self._busy:
            return
        profile = CounsellorDialog.ask(self, counsellor)
        if profile is None:
            return
        counsellors = self._counsellors()
        self._run(
            lambda: counsellors.save(profile.display_name, profile.gender, profile.languages,
                                     profile.services, profile.max_per_week,
                                     profile.is_clinical_lead, counsellor_id=counsellor.id,
                                     seen=counsellor),
            lambda _id: self.tr("Profile saved for {name}.").format(name=profile.display_name),
        )

    @Slot()
    def _on_link_button_clicked(self) -> None:
        """The counsellors' sign-ins first (on the database thread), then the choice."""
        counsellor = self.selected_counsellor()
        if counsellor is None or self._busy:
            return
        users = UserService(self._services.session)
        self._runner.submit(users.list_users,
                            alive_only(self, lambda found: self._ask_link(counsellor, found)),
                            alive_only(self, self._on_runner_failed))

    def _ask_link(self, counsellor: CounsellorInfo, users: list[UserInfo]) -> None:
        choices = [
            LinkChoice(user.username,
                       self.tr("{username} ({name})").format(username=user.username,
                                                             name=user.display_name)
                       if user.counsellor_id in (None, counsellor.id) else
                       self.tr("{username} (linked to {profile})").format(
                           username=user.username, profile=user.counsellor_name),
                       user.counsellor_id in (None, counsellor.id))
            for user in users
            if user.active and user.has_slot and Role.COUNSELLOR in user.roles
        ]
        choice = LinkCounsellorDialog.ask(
            self, self.tr("Link sign-in"),
            self.tr("The sign-in of the counsellor {name}: whoever signs in with it sees this "
                    "profile's caseload and diary. Only users with the counsellor role are "
                    "listed.").format(name=counsellor.display_name),
            choices, counsellor.username)
        if choice is None or choice.value == counsellor.username:
            return
        links = CounsellorLinkService(self._services.session)
        counsellor_id, name = counsellor.id, counsellor.display_name
        if choice.value is None:
            self._run(lambda: links.unlink_counsellor(counsellor_id),
                      lambda _profile: self.tr("{name} is no longer linked to a sign-in.").format(
                          name=name))
            return
        username = choice.value
        # The profile's old sign-in, if any, is replaced in the same step.
        self._run(lambda: links.link_counsellor(username, counsellor_id, replace=True),
                  lambda _profile: self.tr(
            "{name} is linked to {username}: they see its caseload and diary.").format(
            name=name, username=username))

    @Slot()
    def _on_add_row_button_clicked(self) -> None:
        venue_id = self.venue_combo.currentData()
        if venue_id is None:
            return
        slot = Availability(venue_id, self.weekday_combo.currentData(),
                            _to_time(self.starts_edit.time()), _to_time(self.ends_edit.time()))
        if slot in self.availability_model.rows():
            return
        self.availability_model.add(slot)
        self.banner.show_message(self.tr("Row added: press Save availability to keep it."),
                                 "info")

    @Slot()
    def _on_remove_row_button_clicked(self) -> None:
        slot = self.selected_slot()
        if slot is not None:
            self.availability_model.remove(slot)
            self._refresh_buttons()

    @Slot()
    def _on_save_availability_button_clicked(self) -> None:
        counsellor = self.selected_counsellor()
        if counsellor is None:
            return
        slots = self.availability_model.rows()
        counsellors = self._counsellors()
        def saved(_none: None) -> None:
            self._shown_slots = list(slots)  # saved: the refresh that follows may show it

        self._run(lambda: counsellors.set_availability(counsellor.id, slots),
                  lambda _none: self.tr("Availability saved for {name}.").format(
                      name=counsellor.display_name), after=saved)

    @Slot()
    def _on_add_leave_button_clicked(self) -> None:
        counsellor = self.selected_counsellor()
        if counsellor is None:
            return
        first, last = self.leave_from_edit.value(), self.leave_to_edit.value()
        counsellors = self._counsellors()
        self._run(lambda: counsellors.add_leave(counsellor.id, first, last),
                  lambda _none: self.tr("Leave from {first} to {last} added for {name}.").format(
                      first=uk_date(first), last=uk_date(last), name=counsellor.display_name))
