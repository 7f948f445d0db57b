"""Administration > Users: list, add, change roles, reset passwords, disable, rotate keys."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QItemSelection, QSortFilterProxyModel, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from supportline.changes import KEY_SLOTS
from supportline.roles import Role
from supportline.services.counsellor_links import CounsellorLinkService
from supportline.services.counsellors import CounsellorInfo, CounsellorService
from supportline.services.users import UserInfo

from . import messages
from .add_user_dialog import AddUserDialog
from .banner_widget import BannerWidget
from .change_watch import ChangeWatch, TablePlace
from .confirm_dialog import ConfirmDialog
from .layout_fit import fit_columns
from .link_counsellor_dialog import LinkChoice, LinkCounsellorDialog
from .progress_dialog import ProgressDialog
from .roles_dialog import RolesDialog
from .services import Services
from .task_runner import ProgressReporter, TaskRunner
from .temporary_password_dialog import TemporaryPasswordDialog
from .user_table_model import UserTableModel


class UsersView(QWidget):
    """Thin: every change is one service call on the task runner; the list follows the stores."""

    users_loaded = Signal()
    operation_finished = Signal(str)  # the banner kind: "success" or "error"

    SHOWS = ("users", "counsellors", KEY_SLOTS)  # the linked profile is shown too

    def __init__(self, services: Services, runner: TaskRunner,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("users_view")
        self._services = services
        self._runner = runner
        self._busy = False
        self._build()
        self._connect_signals()
        self._refresh_buttons()
        self.change_watch = ChangeWatch(self, runner, self.SHOWS, self.reload)
        self.reload()

    # -- building -------------------------------------------------------------------------------

    def _build(self) -> None:
        self.banner = BannerWidget()
        self.banner.setObjectName("users_message_label")
        self.banner.setAccessibleName(self.tr("Users message"))

        self.filter_edit = QLineEdit()
        self.filter_edit.setObjectName("user_filter_edit")
        self.filter_edit.setAccessibleName(self.tr("Filter users"))
        self.filter_edit.setPlaceholderText(self.tr("Filter by username, name or role…"))
        self.filter_edit.setClearButtonEnabled(True)

        self.model = UserTableModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setObjectName("user_proxy_model")
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(UserTableModel.SortRole)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setFilterKeyColumn(-1)

        self.table = QTableView()
        self.table.setObjectName("users_table")
        self.table.setAccessibleName(self.tr("Users"))
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(UserTableModel.COLUMN_USERNAME, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        fit_columns(self.table, UserTableModel.COLUMN_ROLES,
                    (UserTableModel.COLUMN_NAME, UserTableModel.COLUMN_ROLES))

        self.add_button = self._button("add_user_button", self.tr("&Add user…"))
        self.roles_button = self._button("change_roles_button", self.tr("Change &roles…"))
        self.reset_button = self._button("reset_password_button", self.tr("Reset &password…"))
        self.disable_button = self._button("disable_user_button", self.tr("&Disable user…"))
        self.link_button = self._button("link_counsellor_button",
                                        self.tr("Link &counsellor profile…"))
        self.rotate_button = self._button("rotate_keys_button", self.tr("Rotate all &keys…"))

        buttons = QHBoxLayout()
        for button in (self.add_button, self.roles_button, self.reset_button,
                       self.disable_button, self.link_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.rotate_button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

    def _button(self, name: str, text: str) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.setAccessibleName(text.replace("&", "").rstrip("…"))
        return button

    def _connect_signals(self) -> None:
        self.filter_edit.textChanged.connect(self._on_filter_edit_text_changed)
        self.table.selectionModel().selectionChanged.connect(self._on_table_selection_changed)
        self.table.doubleClicked.connect(self._on_table_double_clicked)
        self.model.modelReset.connect(self._on_model_model_reset)
        self.add_button.clicked.connect(self._on_add_button_clicked)
        self.roles_button.clicked.connect(self._on_roles_button_clicked)
        self.reset_button.clicked.connect(self._on_reset_button_clicked)
        self.disable_button.clicked.connect(self._on_disable_button_clicked)
        self.rotate_button.clicked.connect(self._on_rotate_button_clicked)
        self.link_button.clicked.connect(self._on_link_button_clicked)

    # -- state ----------------------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        return self._busy

    def selected_user(self) -> UserInfo | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return rows[0].data(UserTableModel.RowObjectRole)

    def select_username(self, username: str) -> bool:
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, UserTableModel.COLUMN_USERNAME)
            if index.data(UserTableModel.RowObjectRole).username == username:
                self.table.selectRow(row)
                self.table.setCurrentIndex(index)
                return True
        return False

    def _refresh_buttons(self) -> None:
        user = self.selected_user()
        usable = user is not None and user.active and user.has_slot
        itself = user is not None and user.username == self._services.session.username
        self.add_button.setEnabled(not self._busy)
        self.rotate_button.setEnabled(not self._busy)
        self.roles_button.setEnabled(not self._busy and usable)
        self.reset_button.setEnabled(not self._busy and usable)
        self.disable_button.setEnabled(not self._busy and usable and not itself)
        counsellor = usable and user is not None and Role.COUNSELLOR in user.roles
        self.link_button.setEnabled(not self._busy and counsellor)
        self.link_button.setToolTip(
            "" if counsellor or user is None else
            self.tr("Only a user with the counsellor role can be linked to a counsellor "
                    "profile."))

    # -- running service calls ------------------------------------------------------------------

    def reload(self) -> None:
        self._runner.submit(
            self._services.users.list_users, self._on_runner_users_listed, self._on_runner_failed
        )

    def _run(self, fn: Callable[[], Any], success: Callable[[Any], str],
             after: Callable[[Any], None] | None = None,
             progress: ProgressDialog | None = None) -> None:
        self._busy = True
        self._refresh_buttons()
        if progress is None:
            self.banner.show_message(self.tr("Working…"), "info")

        def done(result: Any) -> None:
            if progress is not None:
                progress.finish()
            self._busy = False
            self.banner.show_message(success(result), "success")
            if after is not None:
                after(result)
            self._refresh_buttons()
            self.operation_finished.emit("success")

        def failed(error: BaseException) -> None:
            if progress is not None:
                progress.finish()
            self._busy = False
            self.banner.show_message(messages.error_message(error), "error")
            self._refresh_buttons()
            self.operation_finished.emit("error")

        self._runner.submit(fn, _guard(self, done), _guard(self, failed))

    def _run_rotation(self, title: str, fn: Callable[[ProgressReporter], None],
                      success: Callable[[Any], str]) -> None:
        reporter = ProgressReporter(self)
        dialog = ProgressDialog(
            title,
            cancellable=False,
            parent=self,
            note=self.tr("The stores are being re-encrypted under new keys. Please leave "
                         "SupportLine open until this finishes."),
        )
        self.progress_dialog = dialog
        reporter.progress_changed.connect(dialog.set_progress)
        dialog.open()
        self._run(lambda: fn(reporter), success, progress=dialog)

    # -- slots ----------------------------------------------------------------------------------

    def _on_runner_users_listed(self, users: list[UserInfo]) -> None:
        place = TablePlace.of(self.table, _username)
        self.model.set_users(users)
        place.restore(self.table, _username)
        self._refresh_buttons()
        self.users_loaded.emit()

    def _on_runner_failed(self, error: BaseException) -> None:
        self.banner.show_message(messages.error_message(error), "error")

    @Slot(str)
    def _on_filter_edit_text_changed(self, text: str) -> None:
        self.proxy.setFilterFixedString(text)

    @Slot(QItemSelection, QItemSelection)
    def _on_table_selection_changed(self, _selected: QItemSelection,
                                    _deselected: QItemSelection) -> None:
        self._refresh_buttons()

    @Slot()
    def _on_table_double_clicked(self) -> None:
        if self.roles_button.isEnabled():
            self._on_roles_button_clicked()

    @Slot()
    def _on_model_model_reset(self) -> None:
        self._refresh_buttons()

    @Slot()
    def _on_add_button_clicked(self) -> None:
        new = AddUserDialog.ask(self)
        if new is None:
            return
        users = self._services.users
        self._run(
            lambda: users.add_user(new.username, new.display_name, new.roles, new.password,
                                   is_clinical_lead=new.is_clinical_lead,
                                   must_change_password=new.must_change_password),
            lambda info: self.tr("{name} ({username}) can now sign in.").format(
                name=info.display_name, username=info.username),
            after=lambda info: self.select_after_reload(info.username),
        )

    @Slot()
    def _on_roles_button_clicked(self) -> None:
        user = self.selected_user()
        if user is None:
            return
        change = RolesDialog.ask(self, user)
        if change is None:
            return
        users = self._services.users
        self._run(
            lambda: users.set_roles(user.username, change.roles, change.is_clinical_lead),
            lambda info: self.tr("Roles changed for {username}.").format(username=info.username),
        )

    @Slot()
    def _on_reset_button_clicked(self) -> None:
        user = self.selected_user()
        if user is None:
            return
        if not ConfirmDialog.ask(
            self,
            self.tr("Reset password"),
            self.tr("Give {username} a new temporary password? Their current password will "
                    "stop working.").format(username=user.username),
            self.tr("Reset password"),
        ):
            return
        users = self._services.users
        username = user.username
        self._run(
            lambda: users.reset_password(username),
            lambda _password: self.tr("{username} has a temporary password and must change it "
                                      "when they sign in.").format(username=username),
            after=lambda password: TemporaryPasswordDialog.ask(self, username, password),
        )

    @Slot()
    def _on_disable_button_clicked(self) -> None:
        user = self.selected_user()
        if user is None:
            return
        if not ConfirmDialog.ask(
            self,
            self.tr("Disable user"),
            self.tr("Disable {name} ({username})? They will no longer be able to sign in, and "
                    "every key they held is replaced. This can take a while.").format(
                name=user.display_name, username=user.username),
            self.tr("Disable user"),
        ):
            return
        users = self._services.users
        username = user.username
        self._run_rotation(
            self.tr("Disabling {username}").format(username=username),
            lambda reporter: users.disable_user(
                username, progress=reporter.report, cancelled=reporter.cancelled),
            lambda _result: self.tr("{username} is disabled and the keys they held have been "
                                    "replaced.").format(username=username),
        )

    @Slot()
    def _on_rotate_button_clicked(self) -> None:
        if not ConfirmDialog.ask(
            self,
            self.tr("Rotate all keys"),
            self.tr("Replace every key and re-encrypt both stores? Do this after a suspected "
                    "compromise. It can take a while."),
            self.tr("Rotate keys"),
        ):
            return
        users = self._services.users
        self._run_rotation(
            self.tr("Rotating all keys"),
            lambda reporter: users.rotate_all_keys(
                progress=reporter.report, cancelled=reporter.cancelled),
            lambda _result: self.tr("Every key has been replaced."),
        )

    @Slot()
    def _on_link_button_clicked(self) -> None:
        """The counsellor profiles first (on the database thread), then the choice."""
        user = self.selected_user()
        if user is None or self._busy:
            return
        counsellors = CounsellorService(self._services.session)
        self._runner.submit(lambda: counsellors.all(include_inactive=True),
                            _guard(self, lambda profiles: self._ask_link(user, profiles)),
                            _guard(self, self._on_runner_failed))

    def _ask_link(self, user: UserInfo, profiles: list[CounsellorInfo]) -> None:
        choices = [
            LinkChoice(p.id, p.display_name if p.username in (None, user.username) else
                       self.tr("{name} (linked to {username})").format(
                           name=p.display_name, username=p.username),
                       p.username in (None, user.username))
            for p in profiles
        ]
        choice = LinkCounsellorDialog.ask(
            self, self.tr("Link counsellor profile"),
            self.tr("The counsellor profile {username} works as: its caseload and diary are "
                    "theirs.").format(username=user.username),
            choices, user.counsellor_id)
        if choice is None or choice.value == user.counsellor_id:
            return
        links = CounsellorLinkService(self._services.session)
        username = user.username
        if choice.value is None:
            self._run(lambda: links.unlink_counsellor_of(username),
                      lambda _profile: self.tr("{username} is no longer linked to a counsellor "
                                               "profile.").format(username=username))
            return
        counsellor_id = choice.value
        self._run(lambda: links.link_counsellor(username, counsellor_id, move=True),
                  lambda profile: self.tr(
            "{username} is linked to {name}: they see its caseload and diary.").format(
            username=username, name=profile.display_name))

    def select_after_reload(self, username: str) -> None:
        def select() -> None:
            self.users_loaded.disconnect(select)
            self.select_username(username)

        self.users_loaded.connect(select)


def _username(user: UserInfo) -> str:
    return user.username


def _guard(widget: QWidget, callback: Callable[[Any], None]) -> Callable[[Any], None]:
    """Drop a result that arrives after the view was deleted (e.g. the app locked meanwhile)."""
    def guarded(value: Any) -> None:
        if shiboken6.isValid(widget):
            callback(value)

    return guarded
