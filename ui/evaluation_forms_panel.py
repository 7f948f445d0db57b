"""The paper evaluation forms: print the first and the last, and see which were issued.

Both forms carry the same random pair code. Issuing the last form destroys the code in the core,
so it is asked about first, and once it is made the preview is the only copy of the code.
"""

from __future__ import annotations

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from supportline.services.clinical import CaseloadItem, ClinicalService

from . import clinical_messages
from .banner_widget import BannerWidget
from .clinical_messages import form_label
from .confirm_dialog import ConfirmDialog
from .guard import alive_only
from .letter_preview_dialog import LetterPreviewDialog
from .task_runner import TaskRunner


class EvaluationFormsPanel(QWidget):
    form_made = Signal(str)  # "first" or "last"
    form_failed = Signal(str)
    issued_loaded = Signal()

    def __init__(self, clinical: ClinicalService, runner: TaskRunner, case: CaseloadItem,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("evaluation_forms_panel")
        self._clinical = clinical
        self._runner = runner
        self._case = case
        self.issued: list[str] = []
        self._busy = False
        self.banner = BannerWidget()
        self.banner.setObjectName("evaluation_message_label")
        self.explain_label = QLabel(self.tr(
            "Evaluation forms are anonymous. The first and last forms carry the same pair code; "
            "printing the last form destroys the code, so afterwards nothing links a returned "
            "form to this client."))
        self.explain_label.setWordWrap(True)
        self.issued_label = QLabel()
        self.issued_label.setObjectName("forms_issued_label")
        self.issued_label.setAccessibleName(self.tr("Forms issued"))
        self.first_button = QPushButton(self.tr("Print &first form…"))
        self.first_button.setObjectName("print_first_form_button")
        self.first_button.setAccessibleName(self.tr("Print first form"))
        self.last_button = QPushButton(self.tr("Print &last form…"))
        self.last_button.setObjectName("print_last_form_button")
        self.last_button.setAccessibleName(self.tr("Print last form"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.first_button)
        buttons.addWidget(self.last_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(self.explain_label)
        layout.addWidget(self.issued_label)
        layout.addLayout(buttons)
        layout.addStretch(1)
        self.first_button.clicked.connect(self._on_first_button_clicked)
        self.last_button.clicked.connect(self._on_last_button_clicked)
        self._show_issued([])

    def load(self) -> None:
        clinical, case_id = self._clinical, self._case.case_id
        self._runner.submit(lambda: clinical.forms_issued(case_id),
                            alive_only(self, self._on_runner_issued),
                            alive_only(self, self._on_runner_failed))

    def _on_runner_issued(self, issued: list[str]) -> None:
        self._show_issued(issued)
        self.issued_loaded.emit()

    def _show_issued(self, issued: list[str]) -> None:
        self.issued = list(issued)
        if not issued:
            self.issued_label.setText(self.tr("No evaluation form has been printed yet."))
        else:
            self.issued_label.setText(self.tr("Printed: {forms}.").format(
                forms=", ".join(form_label(f) for f in dict.fromkeys(issued))))
        destroyed = "last" in issued
        closed = self._case.status == "closed"
        self.first_button.setEnabled(not destroyed and not closed)
        self.last_button.setEnabled(not destroyed and not closed)
        if destroyed:
            self.issued_label.setText(self.issued_label.text() + " " + self.tr(
                "The pair code has been destroyed."))

    def set_closed(self) -> None:
        from dataclasses import replace

        self._case = replace(self._case, status="closed")
        self._show_issued(self.issued)

    @Slot()
    def _on_first_button_clicked(self) -> None:
        self._make("first")

    @Slot()
    def _on_last_button_clicked(self) -> None:
        if not ConfirmDialog.ask(
            self,
            self.tr("Print the last evaluation form?"),
            self.tr("Making the last form destroys the pair code for good: it will be on this "
                    "printout and nowhere else, and no further form can be printed for this "
                    "case. Print or save it from the preview straight away."),
            self.tr("Make the last form"),
        ):
            return
        self._make("last")

    def _make(self, form: str) -> None:
        if self._busy:
            return
        clinical, case_id = self._clinical, self._case.case_id
        self._busy = True
        self.banner.show_message(self.tr("Preparing the form…"), "info")
        self._runner.submit(lambda: clinical.evaluation_form(case_id, form),
                            alive_only(self, lambda pdf: self._on_runner_made(form, pdf)),
                            alive_only(self, self._on_runner_failed))

    def _on_runner_made(self, form: str, pdf: bytes) -> None:
        self._busy = False
        issued = [*self.issued, form] if form not in self.issued else self.issued
        self._show_issued(issued)
        if form == "last":
            self.banner.show_message(self.tr(
                "The last form is ready. Its pair code has been destroyed: print or save it "
                "from the preview now."), "success")
        else:
            self.banner.show_message(self.tr("The first form is ready to print."), "success")
        # No client reference in the file name: the form and its code must stay anonymous.
        LetterPreviewDialog.preview(self, form_label(form), f"evaluation-form-{form}.pdf", pdf)
        self.form_made.emit(form)

    def _on_runner_failed(self, error: BaseException) -> None:
        self._busy = False
        text = clinical_messages.error_message(error)
        self.banner.show_message(text, "error")
        self.form_failed.emit(text)
