"""Administration > Organisations: client organisations, their service agreements with the
sessions used and left of each, authorising more purchased sessions, CSV import."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QItemSelection, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from supportline.errors import ImportRejected
from supportline.importer import ImportSummary, import_organisations
from supportline.services.eligibility import OrganisationInfo
from supportline.services.packages import AgreementUsage

from .add_agreement_dialog import AddAgreementDialog
from .admin_page import AdminPage
from .agreement_table_model import AgreementTableModel
from .authorise_package_dialog import AuthorisePackageDialog
from .csv_file_dialog import CsvFileDialog
from .guard import alive_only
from .import_problems_dialog import ImportProblemsDialog
from .labels import service_label
from .organisation_table_model import OrganisationTableModel
from .services import Services
from .task_runner import TaskRunner


class OrganisationsView(AdminPage):
    organisations_loaded = Signal()
    agreements_loaded = Signal()

    # Used and left are counted from appointments and extra sessions authorised.
    SHOWS = ("organisations", "service_agreements", "package_authorisations", "appointments")

    def __init__(self, services: Services, runner: TaskRunner,
                 parent: QWidget | None = None) -> None:
        super().__init__(services, runner, parent)
        self.setObjectName("organisations_view")
        self._build()
        self._connect_signals()
        self._refresh_buttons()
        self.reload()

    # -- building -------------------------------------------------------------------------------

    def _build(self) -> None:
        self.banner = self._banner("organisations_message_label",
                                   self.tr("Organisations message"))
        self.filter_edit = self._filter_edit(
            "organisation_filter_edit",
            self.tr("Filter organisations"),
            self.tr("Filter by name, group or phase…"),
        )

        self.model = OrganisationTableModel(self)
        self.proxy = self._proxy(self.model, "organisation_proxy_model")
        self.table = self._table("organisations_table", self.tr("Organisations"), self.proxy,
                                 OrganisationTableModel.COLUMN_NAME)

        self.agreement_model = AgreementTableModel(self)
        self.agreement_proxy = self._proxy(self.agreement_model, "agreement_proxy_model")
        self.agreements_table = self._table(
            "agreements_table", self.tr("Agreements of the selected organisation"),
            self.agreement_proxy, AgreementTableModel.COLUMN_PURCHASED,
            AgreementTableModel.COLUMN_SERVICE)

        self.add_agreement_button = self._button("add_agreement_button",
                                                 self.tr("&Add agreement…"))
        self.authorise_package_button = self._button(
            "authorise_package_button", self.tr("Au&thorise more sessions…"))
        self.authorise_package_button.setToolTip(self.tr(
            "Sessions past those purchased under the selected agreement (administrators)"))
        self.authorise_package_button.setVisible(self._services.packages.may_authorise())
        self.active_button = self._button("organisation_active_button", self.tr("&Deactivate"))
        self.import_button = self._button("import_organisations_button",
                                          self.tr("&Import organisations from CSV…"))

        agreements_group = QGroupBox(self.tr("Service agreements"))
        agreements_group.setObjectName("agreements_group")
        agreements_layout = QVBoxLayout(agreements_group)
        agreements_layout.addWidget(self.agreements_table, 1)
        agreement_buttons = QHBoxLayout()
        agreement_buttons.addWidget(self.add_agreement_button)
        agreement_buttons.addStretch(1)
        agreement_buttons.addWidget(self.authorise_package_button)
        agreements_layout.addLayout(agreement_buttons)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.filter_edit)
        left_layout.addWidget(self.table, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setObjectName("organisations_splitter")
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(left)
        splitter.addWidget(agreements_group)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([720, 480])

        buttons = QHBoxLayout()
        buttons.addWidget(self.active_button)
        buttons.addStretch(1)
        buttons.addWidget(self.import_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(splitter, 1)
        layout.addLayout(buttons)

    def _connect_signals(self) -> None:
        self.filter_edit.textChanged.connect(self._on_filter_edit_text_changed)
        self.table.selectionModel().selectionChanged.connect(self._on_table_selection_changed)
        self.model.modelReset.connect(self._on_model_model_reset)
        self.add_agreement_button.clicked.connect(self._on_add_agreement_button_clicked)
        self.authorise_package_button.clicked.connect(self._on_authorise_package_button_clicked)
        self.agreements_table.selectionModel().selectionChanged.connect(
            self._on_agreements_table_selection_changed)
        self.agreement_model.modelReset.connect(self._on_agreements_table_selection_changed)
        self.active_button.clicked.connect(self._on_active_button_clicked)
        self.import_button.clicked.connect(self._on_import_button_clicked)

    # -- state ----------------------------------------------------------------------------------

    def selected_organisation(self) -> OrganisationInfo | None:
        return self._selected(self.table)

    def select_organisation(self, organisation_id: int) -> bool:
        return self._select(self.table, lambda org: org.id == organisation_id)

    def selected_agreement(self) -> AgreementUsage | None:
        return self._selected(self.agreements_table)

    def select_agreement(self, agreement_id: int) -> bool:
        return self._select(self.agreements_table,
                            lambda usage: usage.agreement.id == agreement_id)

    def _refresh_buttons(self) -> None:
        organisation = self.selected_organisation()
        chosen = organisation is not None and not self._busy
        self.add_agreement_button.setEnabled(chosen)
        agreement = self.selected_agreement()
        self.authorise_package_button.setEnabled(
            chosen and agreement is not None and agreement.purchased is not None)
        self.active_button.setEnabled(chosen)
        active = organisation is None or organisation.active
        text = self.tr("&Deactivate") if active else self.tr("Re&activate")
        self.active_button.setText(text)
        self.active_button.setAccessibleName(text.replace("&", ""))
        self.import_button.setEnabled(not self._busy)

    # -- loading --------------------------------------------------------------------------------

    def reload(self) -> None:
        eligibility = self._services.eligibility
        self._runner.submit(lambda: eligibility.organisations(include_inactive=True),
                            alive_only(self, self._on_runner_organisations_listed),
                            alive_only(self, self._on_runner_failed))

    def _load_agreements(self) -> None:
        organisation = self.selected_organisation()
        if organisation is None:
            self.agreement_model.set_rows([])
            self.agreements_loaded.emit()
            return
        packages = self._services.packages
        self._runner.submit(lambda: packages.usage(organisation.id),
                            alive_only(self, self._on_runner_agreements_listed),
                            alive_only(self, self._on_runner_failed))

    def _on_runner_organisations_listed(self, organisations: list[OrganisationInfo]) -> None:
        selected = self.selected_organisation()
        self.model.set_rows(organisations)
        if selected is not None:
            self.select_organisation(selected.id)
        self._refresh_buttons()
        self._load_agreements()
        self.organisations_loaded.emit()

    def _on_runner_agreements_listed(self, agreements: list[AgreementUsage]) -> None:
        selected = self.selected_agreement()
        self.agreement_model.set_rows(agreements)
        if selected is not None:
            self.select_agreement(selected.agreement.id)
        self._refresh_buttons()
        self.agreements_loaded.emit()

    # -- slots ----------------------------------------------------------------------------------

    @Slot(str)
    def _on_filter_edit_text_changed(self, text: str) -> None:
        self.proxy.setFilterFixedString(text)

    @Slot(QItemSelection, QItemSelection)
    def _on_table_selection_changed(self, _selected: QItemSelection,
                                    _deselected: QItemSelection) -> None:
        self._refresh_buttons()
        self._load_agreements()

    @Slot()
    def _on_model_model_reset(self) -> None:
        self._refresh_buttons()

    @Slot()
    def _on_add_agreement_button_clicked(self) -> None:
        organisation = self.selected_organisation()
        if organisation is None:
            return
        new = AddAgreementDialog.ask(self, organisation, self._services.today())
        if new is None:
            return
        eligibility = self._services.eligibility
        self._run(
            lambda: eligibility.add_agreement(organisation.id, new.service, new.starts_on,
                                              new.ends_on, new.purchased_sessions),
            lambda _id: self.tr("{service} agreement added for {name}.").format(
                service=service_label(new.service), name=organisation.name),
        )

    @Slot()
    def _on_agreements_table_selection_changed(self) -> None:
        self._refresh_buttons()

    @Slot()
    def _on_authorise_package_button_clicked(self) -> None:
        organisation, usage = self.selected_organisation(), self.selected_agreement()
        if organisation is None or usage is None or usage.purchased is None:
            return
        request = AuthorisePackageDialog.ask(self, usage)
        if request is None:
            return
        packages = self._services.packages
        agreement_id = usage.agreement.id
        self._run(
            lambda: packages.authorise(agreement_id, request.extra_sessions, request.reason),
            lambda _id: self.tr("Extra sessions authorised for {name}: {count}.").format(
                name=organisation.name, count=request.extra_sessions),
        )

    @Slot()
    def _on_active_button_clicked(self) -> None:
        organisation = self.selected_organisation()
        if organisation is None:
            return
        eligibility = self._services.eligibility
        active = not organisation.active
        self._run(
            lambda: eligibility.set_active(organisation.id, active),
            lambda _none: (self.tr("{name} is active again.") if active else self.tr(
                "{name} is inactive: its staff are no longer eligible.")).format(
                name=organisation.name),
        )

    @Slot()
    def _on_import_button_clicked(self) -> None:
        title = self.tr("Import organisations from CSV")
        path = CsvFileDialog.ask(self, title)
        if path is None:
            return
        self.import_file(path)

    def import_file(self, path: Path) -> None:
        session = self._services.session
        title = self.tr("Import organisations from CSV")

        def failed(error: BaseException) -> None:
            if isinstance(error, ImportRejected):
                ImportProblemsDialog.ask(self, title, error.problems)

        self._run(
            lambda: import_organisations(session, path),
            lambda summary: self._imported_text(summary),
            failed=failed,
        )

    def _imported_text(self, summary: ImportSummary) -> str:
        return self.tr("Imported: {created} new and {updated} updated organisations.").format(
            created=summary.created, updated=summary.updated)
