"""Client search results: reference, name, date of birth, postcode, organisation, risk level."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from supportline.services.clients import RISK_LEVELS, ClientSummary

from .labels import risk_level_label

Index = QModelIndex | QPersistentModelIndex


class ClientTableModel(QAbstractTableModel):
    COLUMN_REFERENCE = 0
    COLUMN_NAME = 1
    COLUMN_DATE_OF_BIRTH = 2
    COLUMN_POSTCODE = 3
    COLUMN_ORGANISATION = 4
    COLUMN_RISK = 5
    COLUMN_COUNT = 6

    SortRole = Qt.ItemDataRole.UserRole + 1
    RowObjectRole = Qt.ItemDataRole.UserRole + 2

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._clients: list[ClientSummary] = []

    def set_clients(self, clients: Sequence[ClientSummary]) -> None:
        self.beginResetModel()
        self._clients = list(clients)
        self.endResetModel()

    def clients(self) -> list[ClientSummary]:
        return list(self._clients)

    def headers(self) -> list[str]:
        return [
            self.tr("Reference"),
            self.tr("Name"),
            self.tr("Date of birth"),
            self.tr("Postcode"),
            self.tr("Organisation"),
            self.tr("Risk"),
        ]

    @staticmethod
    def name_text(client: ClientSummary) -> str:
        if client.preferred_name and client.preferred_name != client.first_name:
            return f"{client.first_name} ({client.preferred_name}) {client.last_name}"
        return client.display_name

    def _display(self, client: ClientSummary, column: int) -> str:
        if column == self.COLUMN_REFERENCE:
            return client.reference
        if column == self.COLUMN_NAME:
            return self.name_text(client)
        if column == self.COLUMN_DATE_OF_BIRTH:
            dob = client.date_of_birth
            return dob.strftime("%d/%m/%Y") if dob else ""
        if column == self.COLUMN_POSTCODE:
            return client.home_postcode or ""
        if column == self.COLUMN_ORGANISATION:
            return client.organisation or ""
        if column == self.COLUMN_RISK:
            return "" if client.risk_level == "none" else risk_level_label(client.risk_level)
        return ""

    # -- Qt overrides ---------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self._clients)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else self.COLUMN_COUNT

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._clients):
            return None
        client = self._clients[index.row()]
        column = index.column()
        if role == self.RowObjectRole:
            return client
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._display(client, column)
        if role == self.SortRole:
            if column == self.COLUMN_DATE_OF_BIRTH:
                return client.date_of_birth.toordinal() if client.date_of_birth else 0
            if column == self.COLUMN_RISK:
                level = client.risk_level
                return RISK_LEVELS.index(level) if level in RISK_LEVELS else 0
            if column == self.COLUMN_NAME:
                return f"{client.last_name} {client.first_name}".casefold()
            return self._display(client, column).casefold()
        if (role == Qt.ItemDataRole.ForegroundRole and column == self.COLUMN_RISK
                and client.risk_level in ("high", "immediate")):
            return QBrush(QColor(Qt.GlobalColor.darkRed))
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
