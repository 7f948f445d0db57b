"""Add a party to a mediation case: find the client as you type, then give the party a label.

Type in the search box; Down moves into the results and Enter chooses (Enter in the box chooses
a single match). The label ("Party A") is then focused with its text selected, and Enter adds.
"""

from __future__ import annotations

from collections.abc import Collection

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from supportline.services.clients import ClientSummary

from .client_search_widget import ClientSearchWidget
from .services import Services
from .task_runner import TaskRunner

LABEL_LIMIT = 64  # the core keeps at most this many characters


class AddPartyDialog(QDialog):
    party_chosen = Signal(object, str)  # ClientSummary, label

    def __init__(self, services: Services, runner: TaskRunner, default_label: str,
                 taken_client_ids: Collection[int], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("add_party_dialog")
        self.setWindowTitle(self.tr("Add a party"))
        self._taken = frozenset(taken_client_ids)
        self.client: ClientSummary | None = None
        self._build(services, runner, default_label)
        self._connect_signals()
        self.resize(640, 460)

    def _build(self, services: Services, runner: TaskRunner, default_label: str) -> None:
        self.explain_label = QLabel(self.tr(
            "Each party is a client with their own record, contact details and safe-contact "
            "preferences. Find the client, then give the party a label."))
        self.explain_label.setWordWrap(True)
        self.search = ClientSearchWidget(services, runner, compact=True, name_prefix="party")
        self.chosen_label = QLabel()
        self.chosen_label.setObjectName("party_chosen_label")
        self.chosen_label.setAccessibleName(self.tr("Chosen client"))
        self.label_edit = QLineEdit(default_label)
        self.label_edit.setObjectName("party_label_edit")
        self.label_edit.setAccessibleName(self.tr("Party label"))
        self.label_edit.setMaxLength(LABEL_LIMIT)
        self.error_label = QLabel()
        self.error_label.setObjectName("add_party_error_label")
        self.error_label.setStyleSheet("color: #a4262c;")
        self.error_label.setWordWrap(True)
        self.error_label.setVisible(False)
        self.buttons = QDialogButtonBox()
        self.add_button = self.buttons.addButton(self.tr("&Add party"),
                                                 QDialogButtonBox.ButtonRole.AcceptRole)
        self.add_button.setObjectName("add_party_confirm_button")
        self.add_button.setAccessibleName(self.tr("Add party"))
        self.add_button.setDefault(True)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)

        find_label = QLabel(self.tr("&Find client"))
        find_label.setBuddy(self.search.search_edit)
        form = QFormLayout()
        form.addRow(self.tr("Client"), self.chosen_label)
        form.addRow(self.tr("&Label"), self.label_edit)
        layout = QVBoxLayout(self)
        layout.addWidget(self.explain_label)
        layout.addWidget(find_label)
        layout.addWidget(self.search, 1)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self._show_chosen()
        self.search.search_edit.setFocus()

    def _connect_signals(self) -> None:
        self.search.client_chosen.connect(self._on_search_client_chosen)
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)

    def label(self) -> str:
        return self.label_edit.text().strip()

    def _show_chosen(self) -> None:
        client = self.client
        self.chosen_label.setText(self.tr("{reference} {name}").format(
            reference=client.reference, name=client.display_name) if client is not None
            else self.tr("None chosen yet: find the client above."))

    def _show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.setVisible(bool(text))

    @Slot(object)
    def _on_search_client_chosen(self, client: ClientSummary) -> None:
        if client.id in self._taken:
            self._show_error(self.tr("{name} is already a party to this case.").format(
                name=client.display_name))
            return
        self.client = client
        self._show_chosen()
        self._show_error("")
        self.label_edit.setFocus(Qt.FocusReason.OtherFocusReason)
        self.label_edit.selectAll()

    @Slot()
    def _on_buttons_accepted(self) -> None:
        if self.client is None:
            self._show_error(self.tr("Choose the client first: type in the search box, press "
                                     "Down, then Enter."))
            self.search.search_edit.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        if not self.label():
            self._show_error(self.tr("Give the party a label, such as \"Party A\"."))
            self.label_edit.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        self.party_chosen.emit(self.client, self.label())
        self.accept()
