"""Key in returned paper evaluation forms, one after another, by keyboard.

Whoever opens the post types each form in: its type, its pair code and the answers ticked on
paper. Entry is one-way: a saved form is sealed for the statistics side (or stored there
straight away for a manager), the page clears for the next form, and nothing entered before
is ever shown again. A digit key answers the focused question and moves to the next one.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, Qt, Signal, Slot
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut, QValidator
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSizePolicy,
    QSpacerItem,
    QVBoxLayout,
    QWidget,
)

from supportline.services.clinical import valid_pair_code
from supportline.statistics.evaluation import (
    MAX_COMMENT,
    EvaluationEntryService,
    FormEntry,
    InvalidForm,
    stored_comment,
)
from supportline.statistics.evaluation_questions import question_texts

from . import stats_messages
from .banner_widget import BannerWidget
from .guard import alive_only
from .services import Services
from .task_runner import TaskRunner

BLANK = 0  # the button id of "left blank"; answers are ids 1 to 5
PREVIEW_CHARS = 300  # the preview is a few wrapped lines; the stored text itself is not cut
_DIGITS = {Qt.Key.Key_0: BLANK, Qt.Key.Key_1: 1, Qt.Key.Key_2: 2, Qt.Key.Key_3: 3,
           Qt.Key.Key_4: 4, Qt.Key.Key_5: 5}
_ERROR_STYLE = "color: #611a15;"


class PairCodeValidator(QValidator):
    """Upper case as typed; letters, digits, spaces and hyphens only, at most 16."""

    def validate(self, text: str, pos: int) -> tuple[QValidator.State, str, int]:
        upper = text.upper()
        if len(upper) > 16 or any(not (c.isalnum() or c in " -") for c in upper):
            return QValidator.State.Invalid, text, pos
        return QValidator.State.Acceptable, upper, pos


@dataclass
class QuestionRow:
    code: str
    label: QLabel
    group: QButtonGroup
    buttons: dict[int, QRadioButton]

    def value(self) -> int | None:
        checked = self.group.checkedId()
        return None if checked in (BLANK, -1) else checked

    def focus_button(self) -> QRadioButton:
        button = self.group.checkedButton()
        return button if isinstance(button, QRadioButton) else self.buttons[BLANK]


class EvaluationEntryView(QWidget):
    form_saved = Signal(str)  # "sealed" | "stored"
    form_failed = Signal(str)

    def __init__(self, services: Services, runner: TaskRunner,
                 entry: EvaluationEntryService | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("evaluation_entry_view")
        self._runner = runner
        self._entry = entry or EvaluationEntryService(services.session)
        self.rows: list[QuestionRow] = []
        self.recorded = 0
        self._busy = False
        self._build()
        self._connect_signals()
        self._build_questions("first")

    # -- building -------------------------------------------------------------------------------

    def _build(self) -> None:
        self.banner = BannerWidget()
        self.banner.setObjectName("evaluation_entry_message_label")
        self.banner.setAccessibleName(self.tr("Evaluation entry message"))
        title = QLabel(self.tr("Enter a returned evaluation form"))
        title.setObjectName("evaluation_entry_title_label")
        font = title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.3)
        title.setFont(font)
        intro = QLabel(self.tr(
            "Type in each paper form as it arrives. Forms are anonymous: once saved, a form "
            "goes to the statistics and cannot be seen again here. Tip: in the answers, press "
            "1 to 5 to tick an answer and move on, or 0 to leave it blank."))
        intro.setObjectName("evaluation_entry_intro_label")
        intro.setWordWrap(True)

        self.first_radio = QRadioButton(stats_messages.form_type_label("first"))
        self.first_radio.setObjectName("form_first_radio")
        self.first_radio.setAccessibleName(self.tr("Form type: first session"))
        self.last_radio = QRadioButton(stats_messages.form_type_label("last"))
        self.last_radio.setObjectName("form_last_radio")
        self.last_radio.setAccessibleName(self.tr("Form type: last session"))
        self.form_group = QButtonGroup(self)
        self.form_group.addButton(self.first_radio)
        self.form_group.addButton(self.last_radio)
        self.first_radio.setChecked(True)
        form_label = QLabel(self.tr("Form type"))
        form_row = QHBoxLayout()
        form_row.addWidget(self.first_radio)
        form_row.addWidget(self.last_radio)
        form_row.addStretch(1)

        self.pair_code_edit = QLineEdit()
        self.pair_code_edit.setObjectName("pair_code_edit")
        self.pair_code_edit.setAccessibleName(self.tr("Pair code"))
        self.pair_code_edit.setPlaceholderText(
            self.tr("As printed on the form, e.g. ABCD-EFGH-JKM"))
        self.pair_code_edit.setValidator(PairCodeValidator(self.pair_code_edit))
        self.pair_code_edit.setMaximumWidth(320)
        mono = self.pair_code_edit.font()
        mono.setFamily("monospace")
        mono.setStyleHint(mono.StyleHint.Monospace)
        mono.setPointSizeF(mono.pointSizeF() * 1.15)
        self.pair_code_edit.setFont(mono)
        pair_label = QLabel(self.tr("Pair &code"))
        pair_label.setBuddy(self.pair_code_edit)
        self.pair_code_error_label = QLabel()
        self.pair_code_error_label.setObjectName("pair_code_error_label")
        self.pair_code_error_label.setWordWrap(True)
        self.pair_code_error_label.setStyleSheet(_ERROR_STYLE)
        self.pair_code_error_label.setVisible(False)

        head = QGridLayout()
        head.setHorizontalSpacing(12)
        head.addWidget(form_label, 0, 0)
        head.addLayout(form_row, 0, 1)
        head.addWidget(pair_label, 1, 0)
        head.addWidget(self.pair_code_edit, 1, 1)
        head.addWidget(self.pair_code_error_label, 2, 1)
        head.setColumnStretch(1, 1)

        self.questions_box = QGroupBox(self.tr("Answers"))
        self.questions_box.setObjectName("questions_box")
        self.questions_grid = QGridLayout(self.questions_box)
        self.questions_grid.setHorizontalSpacing(14)
        self.questions_grid.setVerticalSpacing(12)
        scroll = QScrollArea()
        scroll.setObjectName("questions_scroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        # Rows keep their height when there is room to spare; the space goes below the box.
        questions_page = QWidget()
        questions_layout = QVBoxLayout(questions_page)
        questions_layout.setContentsMargins(0, 0, 0, 0)
        questions_layout.addWidget(self.questions_box)
        questions_layout.addStretch(1)
        scroll.setWidget(questions_page)

        self.comment_edit = QPlainTextEdit()
        self.comment_edit.setObjectName("comment_edit")
        self.comment_edit.setAccessibleName(self.tr("Comments"))
        self.comment_edit.setTabChangesFocus(True)
        self.comment_edit.setFixedHeight(90)
        self.comment_edit.setPlaceholderText(self.tr(
            "Type what is written, leaving out any name."))
        comment_label = QLabel(self.tr("Co&mments"))
        comment_label.setBuddy(self.comment_edit)
        # What stats.db will keep: names, phone numbers, e-mail addresses and dates taken out.
        self.comment_preview_label = QLabel()
        self.comment_preview_label.setObjectName("comment_preview_label")
        self.comment_preview_label.setAccessibleName(self.tr("Comment as it will be stored"))
        self.comment_preview_label.setWordWrap(True)
        self.comment_preview_label.setTextFormat(Qt.TextFormat.PlainText)
        self.comment_preview_label.setVisible(False)

        self.save_button = QPushButton(self.tr("&Save form"))
        self.save_button.setObjectName("save_form_button")
        self.save_button.setAccessibleName(self.tr("Save form"))
        self.save_button.setToolTip(self.tr("Save this form and clear the page (Ctrl+S)"))
        self.clear_button = QPushButton(self.tr("C&lear"))
        self.clear_button.setObjectName("clear_form_button")
        self.clear_button.setAccessibleName(self.tr("Clear the form"))
        self.recorded_label = QLabel()
        self.recorded_label.setObjectName("recorded_count_label")
        self.recorded_label.setAccessibleName(self.tr("Forms recorded"))
        self.save_shortcut = QShortcut(QKeySequence(self.tr("Ctrl+S")), self)
        self.save_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.save_shortcut.setWhatsThis(self.tr("Save the form and clear the page"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.clear_button)
        buttons.addSpacing(16)
        buttons.addWidget(self.recorded_label)
        buttons.addStretch(1)

        body = QWidget()
        body.setMaximumWidth(1000)
        body_layout = QVBoxLayout(body)
        body_layout.setContentsMargins(0, 0, 0, 0)
        body_layout.setSpacing(10)
        body_layout.addWidget(self.banner)
        body_layout.addWidget(title)
        body_layout.addWidget(intro)
        body_layout.addLayout(head)
        body_layout.addWidget(scroll)
        body_layout.addWidget(comment_label)
        body_layout.addWidget(self.comment_edit)
        body_layout.addWidget(self.comment_preview_label)
        body_layout.addLayout(buttons)
        body_layout.addStretch(1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(body, 1)
        layout.addStretch(0)
        self._show_recorded()

    def _build_questions(self, form: str) -> None:
        for row in self.rows:
            for button in row.buttons.values():
                button.removeEventFilter(self)
        while self.questions_grid.count():
            item = self.questions_grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()
                widget.deleteLater()
        self.rows = []
        self.questions_box.setTitle(self.tr("Answers: {form}").format(
            form=stats_messages.form_type_label(form)))
        values = (BLANK, 1, 2, 3, 4, 5)
        for column, value in enumerate(values, start=1):
            text = (stats_messages.answer_label(None) if value == BLANK
                    else f"{value}\n{stats_messages.answer_label(value)}")
            header = QLabel(text)
            header.setAlignment(Qt.AlignmentFlag.AlignCenter)
            header.setWordWrap(True)
            header.setMinimumWidth(74)
            header.setStyleSheet("color: #444; font-size: 9pt;")
            self.questions_grid.addWidget(header, 0, column)
        for number, (code, text) in enumerate(question_texts(form), start=1):
            label = QLabel(f"{number}. {text}")
            label.setWordWrap(True)  # long questions wrap on a narrow screen
            label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
            group = QButtonGroup(self.questions_box)
            buttons: dict[int, QRadioButton] = {}
            for column, value in enumerate(values, start=1):
                button = QRadioButton("–" if value == BLANK else str(value))
                button.setObjectName(f"answer_{code}_{value}")
                button.setAccessibleName(self.tr("Question {n}: {answer}").format(
                    n=number, answer=stats_messages.answer_label(
                        None if value == BLANK else value)))
                button.setAccessibleDescription(text)
                button.installEventFilter(self)
                group.addButton(button, value)
                buttons[value] = button
                self.questions_grid.addWidget(button, number, column,
                                              Qt.AlignmentFlag.AlignCenter)
            buttons[BLANK].setChecked(True)
            self.questions_grid.addWidget(label, number, 0)
            self.rows.append(QuestionRow(code, label, group, buttons))
        self.questions_grid.setColumnStretch(0, 1)
        # Any height to spare (word-wrapped labels ask for more than they use) goes below.
        self.questions_grid.addItem(
            QSpacerItem(0, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding),
            len(self.rows) + 1, 0)
        self.questions_grid.setRowStretch(len(self.rows) + 1, 1)
        self._set_tab_order()

    def _set_tab_order(self) -> None:
        chain: list[QWidget] = [self.first_radio, self.last_radio, self.pair_code_edit]
        chain += [row.buttons[value] for row in self.rows for value in row.buttons]
        chain += [self.comment_edit, self.save_button, self.clear_button]
        for before, after in zip(chain, chain[1:], strict=False):
            self.setTabOrder(before, after)

    def _connect_signals(self) -> None:
        self.form_group.buttonToggled.connect(self._on_form_group_button_toggled)
        self.pair_code_edit.editingFinished.connect(self._on_pair_code_edit_editing_finished)
        self.pair_code_edit.textEdited.connect(self._on_pair_code_edit_text_edited)
        self.save_button.clicked.connect(self._on_save_button_clicked)
        self.clear_button.clicked.connect(self._on_clear_button_clicked)
        self.comment_edit.textChanged.connect(self._on_comment_edit_text_changed)
        self.save_shortcut.activated.connect(self._on_save_button_clicked)

    # -- state ----------------------------------------------------------------------------------

    def form(self) -> str:
        return "last" if self.last_radio.isChecked() else "first"

    def entry(self) -> FormEntry:
        return FormEntry(
            form=self.form(),
            pair_code=self.pair_code_edit.text().strip(),
            answers={row.code: row.value() for row in self.rows},
            comment=self.comment_edit.toPlainText()[:MAX_COMMENT],
        )

    def row(self, code: str) -> QuestionRow:
        return next(r for r in self.rows if r.code == code)

    def clear_form(self) -> None:
        """Ready for the next paper form; the form type stays as it was."""
        self.pair_code_edit.clear()
        self._show_pair_code_problem("")
        for row in self.rows:
            row.buttons[BLANK].setChecked(True)
        self.comment_edit.clear()
        self.pair_code_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    @Slot()
    def _on_comment_edit_text_changed(self) -> None:
        stored = stored_comment(self.comment_edit.toPlainText()[:MAX_COMMENT])
        if len(stored) > PREVIEW_CHARS:
            stored = stored[:PREVIEW_CHARS] + "\u2026"
        self.comment_preview_label.setText(
            self.tr("Will be stored as: {text}").format(text=stored) if stored else "")
        self.comment_preview_label.setVisible(bool(stored))

    def _show_recorded(self) -> None:
        self.recorded_label.setText(
            self.tr("Forms recorded since you signed in: {count}").format(count=self.recorded)
            if self.recorded else "")

    def _show_pair_code_problem(self, text: str) -> None:
        self.pair_code_error_label.setText(text)
        self.pair_code_error_label.setVisible(bool(text))
        self.pair_code_edit.setStyleSheet("border: 2px solid #c42b1c;" if text else "")
        self.pair_code_edit.setAccessibleDescription(text)

    def _next_after(self, row_index: int) -> QWidget:
        if row_index + 1 < len(self.rows):
            return self.rows[row_index + 1].focus_button()
        return self.comment_edit

    # -- saving ---------------------------------------------------------------------------------

    def save(self) -> None:
        if self._busy:
            return
        entry = self.entry()
        service = self._entry
        self._busy = True
        self.save_button.setEnabled(False)
        self._runner.submit(lambda: service.enter(entry),
                            alive_only(self, self._on_runner_saved),
                            alive_only(self, self._on_runner_failed))

    def _on_runner_saved(self, outcome: str) -> None:
        self._busy = False
        self.save_button.setEnabled(True)
        self.recorded += 1
        self._show_recorded()
        self.clear_form()
        self.banner.show_message(stats_messages.form_recorded(), "success")
        self.form_saved.emit(outcome)

    def _on_runner_failed(self, error: BaseException) -> None:
        self._busy = False
        self.save_button.setEnabled(True)
        text = stats_messages.error_message(error)
        pair_problem = isinstance(error, InvalidForm) and any(
            p.field == "pair_code" for p in error.problems)
        if pair_problem:
            self._show_pair_code_problem(stats_messages.pair_code_problem())
        if pair_problem or not isinstance(error, InvalidForm):
            self.pair_code_edit.setFocus(Qt.FocusReason.OtherFocusReason)
        self.banner.show_message(text, "error")
        self.form_failed.emit(text)

    # -- Qt overrides ---------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(watched, QAbstractButton):
            key_event = event if isinstance(event, QKeyEvent) else None
            value = _DIGITS.get(Qt.Key(key_event.key())) if key_event is not None else None
            if value is not None:
                for index, row in enumerate(self.rows):
                    if watched in row.buttons.values():
                        row.buttons[value].setChecked(True)
                        self._next_after(index).setFocus(Qt.FocusReason.TabFocusReason)
                        return True
        return super().eventFilter(watched, event)

    # -- slots ----------------------------------------------------------------------------------

    @Slot(QAbstractButton, bool)
    def _on_form_group_button_toggled(self, _button: QAbstractButton, checked: bool) -> None:
        if checked:
            self._build_questions(self.form())

    @Slot()
    def _on_pair_code_edit_editing_finished(self) -> None:
        # The check symbol catches a mistyped code before the rest of the form is typed.
        text = self.pair_code_edit.text().strip()
        self._show_pair_code_problem(
            stats_messages.pair_code_problem() if text and not valid_pair_code(text) else "")

    @Slot(str)
    def _on_pair_code_edit_text_edited(self, _text: str) -> None:
        if self.pair_code_error_label.isVisible():
            self._show_pair_code_problem("")

    @Slot()
    def _on_save_button_clicked(self) -> None:
        self.save()

    @Slot()
    def _on_clear_button_clicked(self) -> None:
        self.clear_form()
        self.banner.clear_message()
