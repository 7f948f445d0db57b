"""Users for Administration > Users (Vorta-style: column constants, typed roles)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QPalette

from supportline.services.users import UserInfo

from .labels import roles_label
from .uk_format import format_date

Index = QModelIndex | QPersistentModelIndex


class UserTableModel(QAbstractTableModel):
    COLUMN_USERNAME = 0
    COLUMN_NAME = 1
    COLUMN_ROLES = 2
    COLUMN_STATUS = 3
    COLUMN_CREATED = 4
    COLUMN_COUNSELLOR = 5
    COLUMN_COUNT = 6

    SortRole = Qt.ItemDataRole.UserRole + 1
    RowObjectRole = Qt.ItemDataRole.UserRole + 2

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._users: list[UserInfo] = []

    def set_users(self, users: Sequence[UserInfo]) -> None:
        self.beginResetModel()
        self._users = list(users)
        self.endResetModel()

    def headers(self) -> list[str]:
        return [
            self.tr("Username"),
            self.tr("Name"),
            self.tr("Roles"),
            self.tr("Status"),
            self.tr("Created"),
            self.tr("Counsellor profile"),
        ]

    def status_text(self, user: UserInfo) -> str:
        if not user.active or not user.has_slot:
            return self.tr("Disabled")
        if user.must_change_password:
            return self.tr("Active (must change password)")
        return self.tr("Active")

    # -- Qt overrides ---------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self._users)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else self.COLUMN_COUNT

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._users):
            return None
        user = self._users[index.row()]
        column = index.column()
        if role == self.RowObjectRole:
            return user
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if column == self.COLUMN_USERNAME:
                return user.username
            if column == self.COLUMN_NAME:
                return user.display_name
            if column == self.COLUMN_ROLES:
                text = roles_label(user.roles)
                return text + self.tr(" (clinical lead)") if user.is_clinical_lead else text
            if column == self.COLUMN_STATUS:
                return self.status_text(user)
            if column == self.COLUMN_CREATED:
                return format_date(user.created_at)
            if column == self.COLUMN_COUNSELLOR:
                return user.counsellor_name or ""
            return None
        if role == self.SortRole:
            if column == self.COLUMN_CREATED:
                return user.created_at.timestamp() if user.created_at else 0.0
            if column == self.COLUMN_STATUS:
                return int(user.active and user.has_slot)
            return self.data(index, Qt.ItemDataRole.DisplayRole).casefold()
        if role == Qt.ItemDataRole.ForegroundRole and not (user.active and user.has_slot):
            return QPalette().brush(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < self.COLUMN_COUNT
        ):
            return self.headers()[section]
        return None
