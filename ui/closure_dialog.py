"""Close a case: the ending and a summary; afterwards the computed outcome is shown here.

Closing cancels sessions still booked, writes the anonymised activity record and destroys the
evaluation pair code (the core does all of it in one transaction). A failure keeps the summary.
"""

from __future__ import annotations

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from supportline.services.clinical import ENDINGS, CaseloadItem, ClinicalService, ClosureResult

from . import clinical_messages
from .banner_widget import BannerWidget
from .clinical_messages import ending_label, outcome_label
from .guard import alive_only
from .task_runner import TaskRunner

_OUTCOME_STYLE = ("background: #edf7ed; color: #1e4620; border: 1px solid #a8d5a8;"
                  " border-radius: 4px; padding: 10px; font-size: 12pt;")


class ClosureDialog(QDialog):
    case_closed = Signal(object)  # ClosureResult
    close_failed = Signal(str)

    def __init__(self, clinical: ClinicalService, runner: TaskRunner, case: CaseloadItem,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("closure_dialog")
        self.setWindowTitle(self.tr("Close case {reference}").format(reference=case.reference))
        self._clinical = clinical
        self._runner = runner
        self._case = case
        self.result_value: ClosureResult | None = None
        self._busy = False

        self.banner = BannerWidget()
        self.banner.setObjectName("closure_message_label")
        self.explain_label = QLabel(self.tr(
            "Closing cancels any sessions still booked and destroys the evaluation pair code. "
            "Print the last evaluation form first if the client should have one."))
        self.explain_label.setWordWrap(True)
        self.ending_combo = QComboBox()
        self.ending_combo.setObjectName("ending_combo")
        self.ending_combo.setAccessibleName(self.tr("Ending"))
        for code in ENDINGS:
            self.ending_combo.addItem(ending_label(code), code)
        self.summary_edit = QPlainTextEdit()
        self.summary_edit.setObjectName("closure_summary_edit")
        self.summary_edit.setAccessibleName(self.tr("Closing summary"))
        self.summary_edit.setTabChangesFocus(True)
        self.outcome_label = QLabel()
        self.outcome_label.setObjectName("closure_outcome_label")
        self.outcome_label.setAccessibleName(self.tr("Outcome"))
        self.outcome_label.setWordWrap(True)
        self.outcome_label.setStyleSheet(_OUTCOME_STYLE)
        self.outcome_label.setVisible(False)
        self.close_case_button = QPushButton(self.tr("&Close case"))
        self.close_case_button.setObjectName("close_case_confirm_button")
        self.close_case_button.setAccessibleName(self.tr("Close case"))
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setObjectName("closure_cancel_button")
        self.cancel_button.setDefault(True)
        form = QFormLayout()
        form.addRow(self.tr("&Ending"), self.ending_combo)
        form.addRow(self.tr("&Summary"), self.summary_edit)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.close_case_button)
        buttons.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(self.explain_label)
        layout.addLayout(form, 1)
        layout.addWidget(self.outcome_label)
        layout.addLayout(buttons)
        self.resize(560, 420)
        self.close_case_button.clicked.connect(self._on_close_case_button_clicked)
        self.cancel_button.clicked.connect(self.reject)
        self.ending_combo.setFocus()

    @Slot()
    def _on_close_case_button_clicked(self) -> None:
        if self._busy:
            return
        if self.result_value is not None:
            self.accept()
            return
        ending = str(self.ending_combo.currentData())
        summary = self.summary_edit.toPlainText()
        clinical, case_id = self._clinical, self._case.case_id
        self._busy = True
        self.close_case_button.setEnabled(False)
        self.banner.show_message(self.tr("Closing…"), "info")
        self._runner.submit(lambda: clinical.close_case(case_id, ending, summary),
                            alive_only(self, self._on_runner_closed),
                            alive_only(self, self._on_runner_failed))

    def _on_runner_closed(self, result: ClosureResult) -> None:
        self._busy = False
        self.result_value = result
        self.banner.show_message(self.tr("The case is closed."), "success")
        lines = [self.tr("Outcome: {outcome}").format(outcome=outcome_label(result.outcome)),
                 self.tr("Sessions attended: {n}").format(n=result.attended)]
        for measure_id in sorted(set(result.first) | set(result.last)):
            first, last = result.first.get(measure_id), result.last.get(measure_id)
            if first is not None and last is not None:
                lines.append(self.tr("{measure}: first {first}, last {last}").format(
                    measure=measure_id, first=f"{first:g}", last=f"{last:g}"))
        self.outcome_label.setText("\n".join(lines))
        self.outcome_label.setAccessibleDescription(" ".join(lines))
        self.outcome_label.setVisible(True)
        self.ending_combo.setEnabled(False)
        self.summary_edit.setReadOnly(True)
        self.close_case_button.setText(self.tr("&Done"))
        self.close_case_button.setAccessibleName(self.tr("Done"))
        self.close_case_button.setEnabled(True)
        self.close_case_button.setDefault(True)
        self.cancel_button.setVisible(False)
        self.close_case_button.setFocus()
        self.case_closed.emit(result)

    def _on_runner_failed(self, error: BaseException) -> None:
        self._busy = False
        self.close_case_button.setEnabled(True)
        text = clinical_messages.error_message(error)
        self.banner.show_message(text, "error")
        self.close_failed.emit(text)
