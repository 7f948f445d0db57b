"""The main window: a sidebar of the workspaces the user's roles may use."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import QCoreApplication, QSettings, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from supportline.errors import AuthenticationFailed, PermissionDenied
from supportline.roles import Role
from supportline.services.users import change_own_password
from supportline.session import Session, utcnow

from . import messages
from .about_dialog import AboutDialog
from .administration_view import AdministrationView
from .banner_widget import BannerWidget
from .booking_dialog import BookingContext, BookingDialog
from .calls_view import CallsView
from .caseload_view import CaseloadView
from .change_password_dialog import ChangePasswordDialog
from .clients_view import ClientsView
from .diary_view import DiaryView
from .evaluation_entry_view import EvaluationEntryView
from .guide_dialog import GuideDialog
from .labels import roles_label
from .placeholder_view import PlaceholderView
from .services import Services
from .shortcuts_dialog import ShortcutEntry, ShortcutsDialog, collect_shortcuts
from .statistics_view import StatisticsView
from .stats_drain_scheduler import StatsDrainScheduler
from .task_runner import TaskRunner
from .waiting_list_view import WaitingListView
from .window_geometry import app_settings, restore_geometry, save_geometry

_H, _C, _M, _A = Role.CALL_HANDLER, Role.COUNSELLOR, Role.SERVICE_MANAGER, Role.ADMINISTRATOR


@dataclass(frozen=True)
class PageSpec:
    page_id: str
    roles: frozenset[Role]
    title: Callable[[], str]
    purpose: Callable[[], str]


def _tr(text: str) -> str:
    return QCoreApplication.translate("MainWindow", text)


PAGES: tuple[PageSpec, ...] = (
    PageSpec("calls", frozenset({_H, _A}), lambda: _tr("Calls"),
             lambda: _tr("Take intake calls, triage and book first appointments.")),
    PageSpec("clients", frozenset({_H, _A}), lambda: _tr("Clients"),
             lambda: _tr("Find and update client records, contact preferences and letters.")),
    PageSpec("waiting_list", frozenset({_H, _C, _A}), lambda: _tr("Waiting list"),
             lambda: _tr("Clients waiting for a counsellor, oldest first.")),
    PageSpec("diary", frozenset({_H, _C, _A}), lambda: _tr("Diary"),
             lambda: _tr("Appointments by counsellor, venue and room.")),
    PageSpec("caseload", frozenset({_C}), lambda: _tr("Caseload"),
             lambda: _tr("Your clients, assessments, session records and outcome measures.")),
    PageSpec("statistics", frozenset({_M, _A}), lambda: _tr("Statistics"),
             lambda: _tr("Anonymised quality and usage statistics, with disclosure control.")),
    PageSpec("evaluation_entry", frozenset({_H, _M, _A}), lambda: _tr("Evaluation forms"),
             lambda: _tr("Type in returned paper evaluation forms; they cannot be read back.")),
    PageSpec("administration", frozenset({_A}), lambda: _tr("Administration"),
             lambda: _tr("Users, keys and service settings.")),
)


def pages_for(roles: frozenset[Role]) -> list[PageSpec]:
    return [page for page in PAGES if page.roles & roles]


class MainWindow(QMainWindow):
    """Built fresh for every unlock; emits ``lock_requested`` and ``quit_requested``."""

    lock_requested = Signal()
    quit_requested = Signal()
    password_changed = Signal()
    booking_opened = Signal(object)  # BookingDialog

    PageIdRole = Qt.ItemDataRole.UserRole + 1

    def __init__(self, session: Session, services: Services, runner: TaskRunner,
                 clock: Callable[[], datetime] = utcnow, parent: QWidget | None = None,
                 settings: QSettings | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("main_window")
        self._session = session
        self._services = services
        self._runner = runner
        self._clock = clock
        self._settings = settings if settings is not None else app_settings()
        self._closing_quietly = False
        self.pages: dict[str, QWidget] = {}
        self.setWindowTitle(self.tr("SupportLine"))
        self._build()
        self._build_menus()
        # Built per sign-in, so the drain checks live exactly as long as the signed-in window.
        self.drain_scheduler = StatsDrainScheduler(session, runner, parent=self)
        self._connect_signals()
        self._load_display_name()
        self.drain_scheduler.start()
        self.navigation_list.setCurrentRow(0)
        restore_geometry(self._settings, self)

    # -- building -------------------------------------------------------------------------------

    def _build(self) -> None:
        self.navigation_list = QListWidget()
        self.navigation_list.setObjectName("navigation_list")
        self.navigation_list.setAccessibleName(self.tr("Workspaces"))
        self.navigation_list.setFixedWidth(180)
        self.navigation_list.setSpacing(2)
        self.navigation_list.setStyleSheet(
            "QListWidget { font-size: 11pt; padding: 6px; }"
            " QListWidget::item { padding: 6px 8px; }"
        )
        self.page_stack = QStackedWidget()
        self.page_stack.setObjectName("page_stack")
        for number, page in enumerate(pages_for(self._session.roles), start=1):
            widget = self._make_page(page)
            widget.setObjectName(f"page_{page.page_id}")
            self.pages[page.page_id] = widget
            self.page_stack.addWidget(widget)
            item = QListWidgetItem(page.title())
            item.setData(self.PageIdRole, page.page_id)
            item.setToolTip(self.tr("{title} (Ctrl+{n})").format(title=page.title(), n=number))
            self.navigation_list.addItem(item)

        self.banner = BannerWidget()
        self.banner.setObjectName("main_message_label")
        content = QWidget()
        layout = QHBoxLayout(content)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.navigation_list)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.banner)
        right_layout.addWidget(self.page_stack, 1)
        layout.addWidget(right, 1)
        self.setCentralWidget(content)

        self.signed_in_label = QLabel()
        self.signed_in_label.setObjectName("signed_in_label")
        self.signed_in_label.setAccessibleName(self.tr("Signed-in user"))
        self.data_dir_label = QLabel(
            self.tr("Data: {path}").format(path=self._session.data.path)
        )
        self.data_dir_label.setObjectName("data_dir_label")
        self.data_dir_label.setAccessibleName(self.tr("Data directory"))
        self.statusBar().addWidget(self.signed_in_label, 1)
        self.statusBar().addPermanentWidget(self.data_dir_label)
        self._show_signed_in(self._session.username)

    def _make_page(self, page: PageSpec) -> QWidget:
        if page.page_id == "administration":
            return AdministrationView(self._services, self._runner)
        if page.page_id == "calls":
            return CallsView(self._services, self._runner)
        if page.page_id == "clients":
            return ClientsView(self._services, self._runner)
        if page.page_id == "waiting_list":
            # Counsellors see who is waiting; booking is for call handlers and administrators.
            may_book = bool(self._session.roles & {_H, _A})
            view = WaitingListView(self._services, self._runner, read_only=not may_book)
            if may_book:
                view.booking_requested.connect(self._on_waiting_list_booking_requested)
            return view
        if page.page_id == "diary":
            # The core limits a counsellor to their own diary; the view only follows suit.
            return DiaryView(self._services, self._runner)
        if page.page_id == "caseload" and _C in self._session.roles:
            # The counsellor's workspace; the core shows only their own cases and notes.
            return CaseloadView(self._services, self._runner)
        if page.page_id == "statistics":
            # Disclosure-controlled tables only; the core refuses anything else.
            return StatisticsView(self._services, self._runner)
        if page.page_id == "evaluation_entry":
            # Whoever opens the post: forms go in, and are never shown back.
            return EvaluationEntryView(self._services, self._runner)
        return PlaceholderView(page.title(), page.purpose())

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        file_menu.setObjectName("file_menu")
        self.lock_action = QAction(self.tr("&Lock now"), self)
        self.lock_action.setObjectName("lock_action")
        self.lock_action.setShortcut(QKeySequence(self.tr("Ctrl+L")))
        # Locking must work whichever SupportLine window has focus.
        self.lock_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        self.change_password_action = QAction(self.tr("&Change my password…"), self)
        self.change_password_action.setObjectName("change_password_action")
        self.quit_action = QAction(self.tr("&Quit"), self)
        self.quit_action.setObjectName("quit_action")
        self.quit_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Quit))
        if self.quit_action.shortcut().isEmpty():
            self.quit_action.setShortcut(QKeySequence(self.tr("Ctrl+Q")))
        file_menu.addAction(self.lock_action)
        file_menu.addAction(self.change_password_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)

        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        help_menu.setObjectName("help_menu")
        self.guide_action = QAction(self.tr("&Guide to this workspace"), self)
        self.guide_action.setObjectName("guide_action")
        self.guide_action.setShortcut(QKeySequence(QKeySequence.StandardKey.HelpContents))
        if self.guide_action.shortcut().isEmpty():
            self.guide_action.setShortcut(QKeySequence(Qt.Key.Key_F1))
        self.shortcuts_action = QAction(self.tr("&Keyboard shortcuts"), self)
        self.shortcuts_action.setObjectName("shortcuts_action")
        self.about_action = QAction(self.tr("&About SupportLine"), self)
        self.about_action.setObjectName("about_action")
        help_menu.addAction(self.guide_action)
        help_menu.addAction(self.shortcuts_action)
        help_menu.addSeparator()
        help_menu.addAction(self.about_action)
        self.guide_dialog: GuideDialog | None = None

        # Ctrl+1..Ctrl+7 jump to a workspace: keyboard first.
        self.page_actions: list[QAction] = []
        for row in range(self.navigation_list.count()):
            title = self.navigation_list.item(row).text()
            action = QAction(self.tr("Go to {title}").format(title=title), self)
            action.setShortcut(QKeySequence(f"Ctrl+{row + 1}"))
            action.setData(row)
            self.addAction(action)
            self.page_actions.append(action)

    def _connect_signals(self) -> None:
        self.navigation_list.currentRowChanged.connect(self._on_navigation_list_current_row_changed)
        self.lock_action.triggered.connect(self._on_lock_action_triggered)
        self.change_password_action.triggered.connect(self._on_change_password_action_triggered)
        self.quit_action.triggered.connect(self._on_quit_action_triggered)
        self.about_action.triggered.connect(self._on_about_action_triggered)
        self.guide_action.triggered.connect(self._on_guide_action_triggered)
        self.shortcuts_action.triggered.connect(self._on_shortcuts_action_triggered)
        for action in self.page_actions:
            action.triggered.connect(self._on_page_action_triggered)
        self.drain_scheduler.checked.connect(self._on_drain_scheduler_checked)

    def _show_signed_in(self, name: str) -> None:
        self.signed_in_label.setText(
            self.tr("Signed in as {name} ({roles})").format(
                name=name, roles=roles_label(self._session.roles)
            )
        )

    def _load_display_name(self) -> None:
        users = self._services.users
        self._runner.submit(users.own_display_name,
                            self._on_runner_display_name_loaded, self._on_runner_ignored_error)

    # -- queries --------------------------------------------------------------------------------

    @property
    def session(self) -> Session:
        return self._session

    def page_ids(self) -> list[str]:
        return [self.navigation_list.item(row).data(self.PageIdRole)
                for row in range(self.navigation_list.count())]

    def show_page(self, page_id: str) -> None:
        self.navigation_list.setCurrentRow(self.page_ids().index(page_id))

    def current_page_id(self) -> str:
        item = self.navigation_list.currentItem()
        return item.data(self.PageIdRole) if item else ""

    def page_title(self, page_id: str) -> str:
        return next((page.title() for page in PAGES if page.page_id == page_id), page_id)

    def shortcuts(self) -> list[ShortcutEntry]:
        """Every keyboard shortcut the window has now (what Help > Keyboard shortcuts lists)."""
        return collect_shortcuts(self, self.pages, self.page_title)

    # -- booking --------------------------------------------------------------------------------

    def open_booking(self, case_id: int, context: BookingContext | None = None) -> BookingDialog:
        """Window-modal and not blocking: the booking dialog for one case."""
        dialog = BookingDialog(self._services, self._runner, case_id, context, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _code: self._on_booking_dialog_finished(dialog))
        dialog.open()
        dialog.earliest_edit.setFocus(Qt.FocusReason.OtherFocusReason)
        self.booking_opened.emit(dialog)
        return dialog

    def _on_booking_dialog_finished(self, dialog: BookingDialog) -> None:
        # The pages that show what was booked refresh themselves (ui.change_watch).
        summary = dialog.summary()
        if summary:
            self.banner.show_message(summary, "success")

    @Slot(int)
    def _on_waiting_list_booking_requested(self, case_id: int) -> None:
        view = self.pages.get("waiting_list")
        item = view.selected_item() if isinstance(view, WaitingListView) else None
        context = (BookingContext.from_waiting_item(item)
                   if item is not None and item.case_id == case_id else None)
        self.open_booking(case_id, context)

    # -- password -------------------------------------------------------------------------------

    def prompt_password_change(self, forced: bool = False) -> None:
        change = ChangePasswordDialog.ask(self, forced=forced)
        if change is None:
            if forced:
                self.banner.show_message(
                    self.tr("You must choose a new password before you can continue. "
                            "SupportLine has been locked."), "error")
                self.lock_requested.emit()
            return
        session = self._session
        self._runner.submit(
            lambda: change_own_password(session, change.old_password, change.new_password),
            self._on_runner_password_changed,
            (lambda error: self._on_runner_password_change_failed(error, forced)),
        )

    def prompt_password_change_if_needed(self) -> None:
        if self._session.must_change_password:
            self.prompt_password_change(forced=True)

    def close_quietly(self) -> None:
        """Close without asking the application to quit (used when locking)."""
        self._closing_quietly = True
        self.close()

    # -- slots ----------------------------------------------------------------------------------

    @Slot(int)
    def _on_navigation_list_current_row_changed(self, row: int) -> None:
        if row >= 0:
            self.banner.clear_success()  # a confirmation belongs to the page it was given on
            self.page_stack.setCurrentIndex(row)

    @Slot()
    def _on_page_action_triggered(self) -> None:
        action = self.sender()
        if isinstance(action, QAction):
            self.navigation_list.setCurrentRow(int(action.data()))

    @Slot()
    def _on_lock_action_triggered(self) -> None:
        self.lock_requested.emit()

    @Slot()
    def _on_change_password_action_triggered(self) -> None:
        self.prompt_password_change(forced=False)

    @Slot()
    def _on_quit_action_triggered(self) -> None:
        self.close()

    @Slot()
    def _on_about_action_triggered(self) -> None:
        AboutDialog.ask(self, self._session.data.path)

    @Slot()
    def _on_guide_action_triggered(self) -> None:
        if self.guide_dialog is None:
            self.guide_dialog = GuideDialog(self)
        page_id = self.current_page_id()
        self.guide_dialog.show_guide(page_id, self.page_title(page_id))

    @Slot()
    def _on_shortcuts_action_triggered(self) -> None:
        ShortcutsDialog.ask(self, self.shortcuts())
    @Slot(object)
    def _on_drain_scheduler_checked(self, result: object) -> None:
        page = self.pages.get("statistics")
        if isinstance(page, StatisticsView):
            page.reload_freshness()
            if getattr(result, "taken", 0):
                page.reload()  # new records: the figures shown may have changed

    def _on_runner_display_name_loaded(self, name: str) -> None:
        self._show_signed_in(name)

    def _on_runner_ignored_error(self, error: BaseException) -> None:
        if not isinstance(error, PermissionDenied):
            messages.log_unexpected(error)

    def _on_runner_password_changed(self, _result: object) -> None:
        self.banner.show_message(self.tr("Your password has been changed."), "success")
        self.password_changed.emit()

    def _on_runner_password_change_failed(self, error: BaseException, forced: bool) -> None:
        if isinstance(error, AuthenticationFailed):
            self.banner.show_message(self.tr("Your current password is not right; the password "
                                             "was not changed."), "error")
        else:
            self.banner.show_message(messages.error_message(error), "error")
        if forced:
            # Ask again: a temporary password is known to the administrator who set it.
            QTimer.singleShot(0, self, lambda: self.prompt_password_change(forced=True))

    # -- Qt overrides ---------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        save_geometry(self._settings, self)
        self.drain_scheduler.stop()
        if not self._closing_quietly:
            self.quit_requested.emit()
        event.accept()
