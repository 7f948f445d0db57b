"""The assessment: coded presenting issues and narrative, the structured risk questions with the
level and the action taken, baseline measures, consent and confidentiality, goals and the plan.

Keyboard first, top to bottom; Save (Ctrl+S). The core validates; its problems are shown beside
their fields and nothing typed is lost.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from supportline.reference import presenting_issues
from supportline.services.clinical import (
    PLAN_KINDS,
    RISK_LEVELS,
    UNCHECKED,
    AssessmentInput,
    CaseloadItem,
    ClinicalService,
    RiskAssessment,
    Unchecked,
)

from . import clinical_messages
from .banner_widget import BannerWidget
from .clinical_messages import measure_order, plan_label, risk_question_label
from .guard import alive_only
from .labels import risk_level_label
from .task_runner import TaskRunner

ERROR_STYLE = "color: #a4262c;"
RISK_FIELDS = ("self_harm_thoughts", "plans", "harm_to_others", "safeguarding_children",
               "safeguarding_adults")


class AssessmentFormWidget(QWidget):
    loaded = Signal()
    save_finished = Signal(str)  # "success" or "error"
    measure_requested = Signal(str)  # measure id, for a baseline

    def __init__(self, clinical: ClinicalService, runner: TaskRunner, case: CaseloadItem,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("assessment_form")
        self._clinical = clinical
        self._runner = runner
        self._case = case
        self.appointment_id: int | None = None
        self._busy = False
        self._seen: AssessmentInput | None | Unchecked = UNCHECKED
        self._saving: AssessmentInput | None = None
        self.read_only = False
        self._build()
        self._connect_signals()
        self._refresh_plan_fields()
        self._refresh_action_required()

    # -- building -------------------------------------------------------------------------------

    def _error_label(self, field: str) -> QLabel:
        label = QLabel()
        label.setObjectName(f"assessment_{field}_error_label")
        label.setStyleSheet(ERROR_STYLE)
        label.setWordWrap(True)
        label.setVisible(False)
        self.error_labels[field] = label
        return label

    def _field(self, widget: QWidget | Any, field: str) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(1)
        if isinstance(widget, QWidget):
            layout.addWidget(widget)
        else:
            layout.addLayout(widget)
        layout.addWidget(self._error_label(field))
        return box

    def _text(self, name: str, accessible: str, height: int) -> QPlainTextEdit:
        edit = QPlainTextEdit()
        edit.setObjectName(name)
        edit.setAccessibleName(accessible)
        edit.setTabChangesFocus(True)
        edit.setFixedHeight(height)
        return edit

    def _build(self) -> None:
        self.error_labels: dict[str, QLabel] = {}
        self.banner = BannerWidget()
        self.banner.setObjectName("assessment_message_label")
        self.banner.setAccessibleName(self.tr("Assessment message"))

        self.issues_list = QListWidget()
        self.issues_list.setObjectName("assessment_issues_list")
        self.issues_list.setAccessibleName(self.tr("Presenting issues"))
        for issue in presenting_issues():
            item = QListWidgetItem(issue.label)
            item.setData(Qt.ItemDataRole.UserRole, issue.code)
            item.setToolTip(issue.code)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                          | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.issues_list.addItem(item)
        self.issues_list.setCurrentRow(0)
        self.issues_list.setMinimumHeight(150)
        self.narrative_edit = self._text("narrative_edit", self.tr("Narrative"), 110)
        issues_group = QGroupBox(self.tr("Presenting issues"))
        issues_form = QFormLayout(issues_group)
        issues_form.addRow(self.tr("Coded &issues"), self._field(self.issues_list,
                                                                  "presenting_issues"))
        issues_form.addRow(self.tr("&Narrative"), self.narrative_edit)

        self.risk_checks: dict[str, QCheckBox] = {}
        risk_group = QGroupBox(self.tr("Risk (tick each that applies)"))
        risk_form = QFormLayout(risk_group)
        checks = QVBoxLayout()
        for code in RISK_FIELDS:
            check = QCheckBox(risk_question_label(code))
            check.setObjectName(f"assessment_risk_{code}_check")
            check.setAccessibleName(risk_question_label(code))
            self.risk_checks[code] = check
            checks.addWidget(check)
        risk_form.addRow(checks)
        self.level_combo = QComboBox()
        self.level_combo.setObjectName("assessment_risk_level_combo")
        self.level_combo.setAccessibleName(self.tr("Risk level"))
        for code in RISK_LEVELS:
            self.level_combo.addItem(risk_level_label(code), code)
        self.action_edit = self._text("action_taken_edit", self.tr("Action taken"), 60)
        self.action_label = QLabel(self.tr("&Action taken"))
        self.action_label.setBuddy(self.action_edit)
        risk_form.addRow(self.tr("Risk &level"), self._field(self.level_combo, "risk_level"))
        risk_form.addRow(self.action_label, self._field(self.action_edit, "action_taken"))

        self.baseline_buttons: dict[str, QPushButton] = {}
        self.baseline_layout = QHBoxLayout()
        self.baseline_label = QLabel(self.tr("Baseline measures"))
        self.baseline_layout.addWidget(self.baseline_label)
        self.baseline_layout.addStretch(1)

        self.consent_check = QCheckBox(self.tr("&Consent to counselling recorded"))
        self.consent_check.setObjectName("consent_check")
        self.consent_check.setAccessibleName(self.tr("Consent recorded"))
        self.confidentiality_check = QCheckBox(
            self.tr("Con&fidentiality and its limits explained and agreed"))
        self.confidentiality_check.setObjectName("confidentiality_check")
        self.confidentiality_check.setAccessibleName(self.tr("Confidentiality agreed"))
        agreement_group = QGroupBox(self.tr("Agreement"))
        agreement_layout = QVBoxLayout(agreement_group)
        agreement_layout.addWidget(self._field(self.consent_check, "consent_recorded"))
        agreement_layout.addWidget(self._field(self.confidentiality_check,
                                               "confidentiality_agreed"))

        self.goals_edit = self._text("goals_edit", self.tr("Goals"), 70)
        self.plan_combo = QComboBox()
        self.plan_combo.setObjectName("plan_combo")
        self.plan_combo.setAccessibleName(self.tr("Plan"))
        for code in PLAN_KINDS:
            self.plan_combo.addItem(plan_label(code), code)
        self.sessions_spin = QSpinBox()
        self.sessions_spin.setObjectName("plan_sessions_spin")
        self.sessions_spin.setAccessibleName(self.tr("Planned sessions"))
        self.sessions_spin.setRange(0, 20)
        self.sessions_spin.setSpecialValueText(self.tr("Not set"))
        self.sessions_spin.setValue(6)
        self.referral_edit = QLineEdit()
        self.referral_edit.setObjectName("referral_to_edit")
        self.referral_edit.setAccessibleName(self.tr("Referral to"))
        plan_group = QGroupBox(self.tr("Goals and plan"))
        plan_form = QFormLayout(plan_group)
        plan_form.addRow(self.tr("&Goals"), self.goals_edit)
        plan_form.addRow(self.tr("&Plan"), self._field(self.plan_combo, "plan"))
        plan_form.addRow(self.tr("Planned &sessions"), self._field(self.sessions_spin,
                                                                    "plan_sessions"))
        plan_form.addRow(self.tr("&Referral to"), self._field(self.referral_edit, "referral_to"))

        self.save_button = QPushButton(self.tr("&Save assessment"))
        self.save_button.setObjectName("save_assessment_button")
        self.save_button.setAccessibleName(self.tr("Save assessment"))
        self.save_button.setToolTip(self.tr("Save the assessment (Ctrl+S)"))

        left = QVBoxLayout()
        left.addWidget(issues_group)
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(risk_group)
        right.addLayout(self.baseline_layout)
        right.addWidget(agreement_group)
        right.addWidget(plan_group)
        right.addStretch(1)
        columns = QHBoxLayout()
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        body = QWidget()
        body_layout = QVBoxLayout(body)
        body_layout.setContentsMargins(0, 0, 0, 0)
        body_layout.addLayout(columns)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(body)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.banner)
        layout.addWidget(scroll, 1)
        layout.addLayout(buttons)

        self.save_shortcut = QShortcut(QKeySequence(self.tr("Ctrl+S")), self)
        self.save_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.save_shortcut.setWhatsThis(self.tr("Save the assessment"))
        self._chain_tab_order()

    def _chain_tab_order(self) -> None:
        order: list[QWidget] = [
            self.issues_list, self.narrative_edit, *self.risk_checks.values(), self.level_combo,
            self.action_edit, *self.baseline_buttons.values(), self.consent_check,
            self.confidentiality_check, self.goals_edit, self.plan_combo, self.sessions_spin,
            self.referral_edit, self.save_button,
        ]
        for first, second in zip(order, order[1:], strict=False):
            QWidget.setTabOrder(first, second)

    def set_measures(self, measure_names: dict[str, str]) -> None:
        """One button per installed measure, to take it as a baseline."""
        if self.baseline_buttons:
            return
        for measure_id in sorted(measure_names, key=measure_order):
            button = QPushButton(self.tr("Enter {measure}…").format(measure=measure_id))
            button.setObjectName(f"baseline_{measure_id.lower().replace('-', '')}_button")
            button.setAccessibleName(self.tr("Enter baseline {measure}").format(
                measure=measure_names[measure_id]))
            button.clicked.connect(lambda _=False, m=measure_id: self.measure_requested.emit(m))
            self.baseline_buttons[measure_id] = button
            button.setEnabled(not self.read_only)
            self.baseline_layout.insertWidget(self.baseline_layout.count() - 1, button)
        self._chain_tab_order()

    def set_read_only(self, read_only: bool) -> None:
        """A closed case's assessment: still readable, no longer changed."""
        self.read_only = read_only
        for edit in (self.narrative_edit, self.action_edit, self.goals_edit):
            edit.setReadOnly(read_only)
        self.referral_edit.setReadOnly(read_only)
        for widget in (*self.risk_checks.values(), self.level_combo, self.consent_check,
                       self.confidentiality_check, self.plan_combo, self.sessions_spin,
                       *self.baseline_buttons.values(), self.save_button):
            widget.setEnabled(not read_only)
        self.save_shortcut.setEnabled(not read_only)
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if not read_only:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        for row in range(self.issues_list.count()):
            self.issues_list.item(row).setFlags(flags)

    def _connect_signals(self) -> None:
        self.plan_combo.currentIndexChanged.connect(self._on_plan_combo_changed)
        self.level_combo.currentIndexChanged.connect(self._on_level_combo_changed)
        self.save_button.clicked.connect(self._on_save_button_clicked)
        self.save_shortcut.activated.connect(self._on_save_button_clicked)

    # -- loading --------------------------------------------------------------------------------

    def load(self) -> None:
        clinical, case_id = self._clinical, self._case.case_id
        self._runner.submit(lambda: clinical.assessment(case_id),
                            alive_only(self, self._on_runner_loaded),
                            alive_only(self, self._on_runner_failed))

    def _on_runner_loaded(self, data: AssessmentInput | None) -> None:
        self._seen = data  # what a save is checked against (another counsellor may save too)
        if data is not None:
            self.fill(data)
            self.banner.show_message(
                self.tr("The assessment on record (the case is closed: read-only).")
                if self.read_only else self.tr("The assessment on record: change it and save "
                                               "again if needed."), "info")
        elif self.read_only:
            self.banner.show_message(self.tr("No assessment was recorded for this case."),
                                     "info")
        self.loaded.emit()

    def fill(self, data: AssessmentInput) -> None:
        codes = set(data.presenting_issues)
        for row in range(self.issues_list.count()):
            item = self.issues_list.item(row)
            item.setCheckState(Qt.CheckState.Checked
                               if item.data(Qt.ItemDataRole.UserRole) in codes
                               else Qt.CheckState.Unchecked)
        self.narrative_edit.setPlainText(data.narrative)
        for code, check in self.risk_checks.items():
            check.setChecked(bool(getattr(data.risk, code)))
        self.level_combo.setCurrentIndex(max(0, self.level_combo.findData(data.risk.level)))
        self.action_edit.setPlainText(data.risk.action_taken)
        self.consent_check.setChecked(data.consent_recorded)
        self.confidentiality_check.setChecked(data.confidentiality_agreed)
        self.goals_edit.setPlainText(data.goals)
        self.plan_combo.setCurrentIndex(max(0, self.plan_combo.findData(data.plan)))
        self.sessions_spin.setValue(data.plan_sessions or 0)
        self.referral_edit.setText(data.referral_to)
        if data.appointment_id is not None:
            self.appointment_id = data.appointment_id

    # -- state ----------------------------------------------------------------------------------

    def checked_issues(self) -> tuple[str, ...]:
        return tuple(
            str(self.issues_list.item(row).data(Qt.ItemDataRole.UserRole))
            for row in range(self.issues_list.count())
            if self.issues_list.item(row).checkState() == Qt.CheckState.Checked
        )

    def assessment_input(self) -> AssessmentInput:
        plan = str(self.plan_combo.currentData())
        risk = RiskAssessment(
            **{code: check.isChecked() for code, check in self.risk_checks.items()},
            level=str(self.level_combo.currentData()),
            action_taken=self.action_edit.toPlainText(),
        )
        sessions = self.sessions_spin.value()
        return AssessmentInput(
            presenting_issues=self.checked_issues(),
            narrative=self.narrative_edit.toPlainText(),
            risk=risk,
            consent_recorded=self.consent_check.isChecked(),
            confidentiality_agreed=self.confidentiality_check.isChecked(),
            goals=self.goals_edit.toPlainText(),
            plan=plan,
            plan_sessions=sessions if sessions and plan in ("counselling", "coaching",
                                                            "mediation") else None,
            referral_to=self.referral_edit.text() if plan == "referral" else "",
            appointment_id=self.appointment_id,
        )

    def _refresh_plan_fields(self) -> None:
        plan = self.plan_combo.currentData()
        self.sessions_spin.setEnabled(plan != "referral")
        self.referral_edit.setEnabled(plan == "referral")

    def _refresh_action_required(self) -> None:
        required = self.level_combo.currentData() in ("high", "immediate")
        self.action_label.setText(self.tr("&Action taken (required)") if required
                                  else self.tr("&Action taken"))
        self.action_edit.setPlaceholderText(
            self.tr("Required for high or immediate risk: what was done, and who was told.")
            if required else "")

    @Slot(int)
    def _on_plan_combo_changed(self, _index: int) -> None:
        self._refresh_plan_fields()

    @Slot(int)
    def _on_level_combo_changed(self, _index: int) -> None:
        self._refresh_action_required()

    # -- saving ---------------------------------------------------------------------------------

    @Slot()
    def _on_save_button_clicked(self) -> None:
        if self._busy or self.read_only:
            return
        self._clear_problems()
        data = self.assessment_input()
        clinical, case_id, seen = self._clinical, self._case.case_id, self._seen
        self._busy = True
        self.save_button.setEnabled(False)
        self.banner.show_message(self.tr("Saving…"), "info")
        self._saving = data
        self._runner.submit(lambda: clinical.save_assessment(case_id, data, seen),
                            alive_only(self, self._on_runner_saved),
                            alive_only(self, self._on_runner_save_failed))

    def _on_runner_saved(self, _row_id: int) -> None:
        self._seen = self._saving
        self._busy = False
        self.save_button.setEnabled(True)
        self.banner.show_message(self.tr("Assessment saved."), "success")
        self.save_finished.emit("success")

    def _on_runner_save_failed(self, error: BaseException) -> None:
        self._busy = False
        self.save_button.setEnabled(True)
        problems = getattr(error, "problems", None)
        if problems:
            elsewhere = []
            for problem in problems:
                label = self.error_labels.get(problem.field)
                if label is None:
                    elsewhere.append(problem)
                    continue
                sentence = clinical_messages.problem_reason(problem.field, problem.reason)
                label.setText(sentence[:1].upper() + sentence[1:])
                label.setVisible(True)
            text = self.tr("The assessment has not been saved yet: please correct the marked "
                           "fields.")
            if elsewhere:
                text += " " + clinical_messages.problems_message(elsewhere)
            self.banner.show_message(text, "error")
        else:
            self.banner.show_message(clinical_messages.error_message(error), "error")
        self.save_finished.emit("error")

    def _on_runner_failed(self, error: BaseException) -> None:
        self.banner.show_message(clinical_messages.error_message(error), "error")

    def _clear_problems(self) -> None:
        for label in self.error_labels.values():
            label.clear()
            label.setVisible(False)

    def visible_problems(self) -> dict[str, str]:
        return {field: label.text() for field, label in self.error_labels.items()
                if label.isVisibleTo(self) and label.text()}
