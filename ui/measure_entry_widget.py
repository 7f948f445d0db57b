"""Enter one outcome measure item by item, from the keyboard or the mouse.

Each item is one focusable row: a number key answers with that option's value and moves to the
next item, Left/Right change the answer, Up/Down move between items, Delete clears the answer
(a missing item, allowed up to the measure's own rule). The total and band are scored live by the
core's rules (``supportline.measures.score``: no measure logic here). A risk item answered above
its lowest option raises the measure's risk prompt at once.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from supportline.measures import Item, Measure, Score, score

from .risk_prompt_dialog import RiskPromptDialog

_ROW_STYLE = (
    "QFrame#{name} {{ border: 1px solid transparent; border-radius: 4px; }}"
    " QFrame#{name}[focused=\"true\"] {{ border: 2px solid #1b6ac9; background: #eef4fb; }}"
    " QFrame#{name}[risk=\"true\"] {{ background: #fdecea; }}"
)
RISK_STYLE = ("background: #a4262c; color: white; font-weight: bold; padding: 6px 10px;"
              " border-radius: 4px;")


class MeasureItemWidget(QFrame):
    """One item: its text and options; keyboard operable as a whole."""

    answer_changed = Signal(int, object)  # item number, value or None
    move_requested = Signal(int, int)  # item number, +1 or -1

    def __init__(self, measure_id: str, item: Item, position: int, count: int,
                 scored: bool = True, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.item = item
        self.scored = scored
        name = f"measure_item_{measure_id.lower().replace('-', '')}_{item.number}"
        self.setObjectName(name)
        self.setStyleSheet(_ROW_STYLE.format(name=name))
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        prefix = f"{item.number}." if scored else self.tr("{n}. (not scored)").format(
            n=item.number)
        self.text_label = QLabel(f"{prefix} {item.text}")
        self.text_label.setWordWrap(True)
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.buttons: dict[int, QRadioButton] = {}
        options = QHBoxLayout()
        options.setSpacing(10)
        for option in item.options:
            button = QRadioButton(f"{option.value} {option.label}")
            button.setObjectName(f"{name}_option_{option.value}")
            button.setAccessibleName(option.label)
            # The row takes the keyboard; the radio buttons are for the mouse and for show.
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            self.group.addButton(button, option.value)
            self.buttons[option.value] = button
            options.addWidget(button)
        options.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.setSpacing(2)
        layout.addWidget(self.text_label)
        layout.addLayout(options)
        self.setAccessibleName(self.tr("Item {n} of {count}: {text}").format(
            n=position, count=count, text=item.text))
        self._describe()
        self.group.buttonClicked.connect(self._on_group_button_clicked)

    def value(self) -> int | None:
        checked = self.group.checkedId()
        return None if checked == -1 else checked

    def set_value(self, value: int | None) -> None:
        if value == self.value():
            return
        if value is None:
            # An exclusive group will not uncheck its last button: step outside it briefly.
            self.group.setExclusive(False)
            for button in self.buttons.values():
                button.setChecked(False)
            self.group.setExclusive(True)
        elif value in self.buttons:
            self.buttons[value].setChecked(True)
        else:
            return
        self._describe()
        self.answer_changed.emit(self.item.number, self.value())

    def set_risk(self, raised: bool) -> None:
        self.setProperty("risk", raised)
        self.style().unpolish(self)
        self.style().polish(self)

    def _describe(self) -> None:
        value = self.value()
        if value is None:
            self.setAccessibleDescription(self.tr("Not answered"))
        else:
            label = next(o.label for o in self.item.options if o.value == value)
            self.setAccessibleDescription(self.tr("Answer: {value} {label}").format(
                value=value, label=label))

    @Slot(QAbstractButton)
    def _on_group_button_clicked(self, _button: QAbstractButton) -> None:
        self._describe()
        self.answer_changed.emit(self.item.number, self.value())
        self.setFocus(Qt.FocusReason.MouseFocusReason)

    # -- Qt overrides ---------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        values = [o.value for o in self.item.options]
        current = self.value()
        if Qt.Key.Key_0 <= key <= Qt.Key.Key_9 and not (
                event.modifiers() & (Qt.KeyboardModifier.ControlModifier
                                     | Qt.KeyboardModifier.AltModifier)):
            value = key - Qt.Key.Key_0
            if value in values:
                self.set_value(value)
                self.move_requested.emit(self.item.number, 1)
            return
        if key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            step = 1 if key == Qt.Key.Key_Right else -1
            position = values.index(current) + step if current is not None else (
                0 if step > 0 else len(values) - 1)
            self.set_value(values[max(0, min(len(values) - 1, position))])
            return
        if key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            self.move_requested.emit(self.item.number, 1 if key == Qt.Key.Key_Down else -1)
            return
        if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.set_value(None)
            return
        super().keyPressEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        self.setProperty("focused", True)
        self.style().unpolish(self)
        self.style().polish(self)
        super().focusInEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self.setProperty("focused", False)
        self.style().unpolish(self)
        self.style().polish(self)
        super().focusOutEvent(event)


class MeasureEntryWidget(QWidget):
    """A whole measure: instructions, items, live total and band, licence, risk prompt."""

    changed = Signal()
    risk_raised = Signal(str)  # the measure's risk prompt

    def __init__(self, measure: Measure, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.measure = measure
        self.setObjectName(f"measure_entry_{measure.id.lower().replace('-', '')}")
        self.setAccessibleName(measure.name)
        self._risk_shown = False
        self._build()

    def _build(self) -> None:
        measure = self.measure
        self.title_label = QLabel(measure.name)
        self.title_label.setObjectName("measure_title_label")
        font = self.title_label.font()
        font.setBold(True)
        self.title_label.setFont(font)
        self.instructions_label = QLabel(measure.instructions)
        self.instructions_label.setObjectName("measure_instructions_label")
        self.instructions_label.setWordWrap(True)
        self.hint_label = QLabel(self.tr(
            "Type each answer's number (it moves to the next item); Left/Right change an answer, "
            "Up/Down move, Delete leaves an item unanswered."))
        self.hint_label.setObjectName("measure_hint_label")
        self.hint_label.setWordWrap(True)
        font = self.hint_label.font()
        font.setItalic(True)
        self.hint_label.setFont(font)
        self.items: dict[int, MeasureItemWidget] = {}
        body = QWidget()
        body_layout = QVBoxLayout(body)
        body_layout.setContentsMargins(0, 0, 0, 0)
        body_layout.setSpacing(2)
        everything = [(item, True) for item in measure.items] + [
            (item, False) for item in measure.extra_items]
        for position, (item, scored) in enumerate(everything, start=1):
            row = MeasureItemWidget(measure.id, item, position, len(everything), scored)
            row.answer_changed.connect(self._on_item_answer_changed)
            row.move_requested.connect(self._on_item_move_requested)
            self.items[item.number] = row
            body_layout.addWidget(row)
        body_layout.addStretch(1)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setWidget(body)
        self.scroll_area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        # Items wrap to the width; scrolling sideways would hide the start of each item.
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

        self.total_label = QLabel()
        self.total_label.setObjectName("measure_total_label")
        self.total_label.setAccessibleName(self.tr("Total and band"))
        font = self.total_label.font()
        font.setBold(True)
        self.total_label.setFont(font)
        self.risk_label = QLabel(measure.risk_prompt)
        self.risk_label.setObjectName("measure_risk_label")
        self.risk_label.setAccessibleName(self.tr("Risk prompt"))
        self.risk_label.setWordWrap(True)
        self.risk_label.setStyleSheet(RISK_STYLE)
        self.risk_label.setVisible(False)
        self.licence_label = QLabel(measure.licence)
        self.licence_label.setObjectName("measure_licence_label")
        self.licence_label.setAccessibleName(self.tr("Licence"))
        self.licence_label.setWordWrap(True)
        font = self.licence_label.font()
        font.setPointSizeF(font.pointSizeF() * 0.85)
        self.licence_label.setFont(font)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title_label)
        layout.addWidget(self.instructions_label)
        layout.addWidget(self.hint_label)
        layout.addWidget(self.risk_label)
        layout.addWidget(self.scroll_area, 1)
        layout.addWidget(self.total_label)
        layout.addWidget(self.licence_label)
        rows = list(self.items.values())
        for first, second in zip(rows, rows[1:], strict=False):
            QWidget.setTabOrder(first, second)
        self.setFocusProxy(rows[0])
        self._refresh_total()

    # -- state ----------------------------------------------------------------------------------

    def first_item(self) -> MeasureItemWidget:
        return next(iter(self.items.values()))

    def answers(self) -> dict[int, int | None]:
        """Every item, scored and extra: ``None`` where unanswered."""
        return {number: row.value() for number, row in self.items.items()}

    def scored_answers(self) -> dict[int, int | None]:
        return {item.number: self.items[item.number].value() for item in self.measure.items}

    def has_answers(self) -> bool:
        return any(value is not None for value in self.answers().values())

    def score(self) -> Score:
        return score(self.measure, self.scored_answers())

    def set_answer(self, number: int, value: int | None) -> None:
        self.items[number].set_value(value)

    def clear(self) -> None:
        for row in self.items.values():
            row.set_value(None)
        self._risk_shown = False
        self._refresh_total()

    def risk_items(self) -> tuple[int, ...]:
        return self.score().risk_items

    # -- scoring --------------------------------------------------------------------------------

    def _refresh_total(self) -> Score:
        result = self.score()
        answered = len(self.measure.items) - result.missing
        if result.total is None:
            if answered == 0:
                text = self.tr("No items answered yet.")
            else:
                text = self.tr("{answered} of {count} items answered: too many missing to score "
                               "(at most {allowed} may be left out).").format(
                    answered=answered, count=len(self.measure.items),
                    allowed=self.measure.max_missing)
        else:
            total = f"{result.total:g}"
            text = self.tr("Total {total} of {maximum}: {band}").format(
                total=total, maximum=f"{self.measure.total_max:g}", band=result.band)
            if result.missing:
                text += " " + self.tr("({missing} missing, prorated)").format(
                    missing=result.missing) if result.prorated else " " + self.tr(
                    "({missing} missing)").format(missing=result.missing)
        self.total_label.setText(text)
        self.total_label.setAccessibleDescription(text)
        return result

    @Slot(int, object)
    def _on_item_answer_changed(self, _number: int, _value: object) -> None:
        result = self._refresh_total()
        raised = set(result.risk_items)
        for number, row in self.items.items():
            row.set_risk(number in raised)
        self.risk_label.setVisible(bool(raised))
        self.changed.emit()
        if raised and not self._risk_shown:
            self._risk_shown = True
            self.risk_raised.emit(self.measure.risk_prompt)
            RiskPromptDialog.show_prompt(self, self.measure.name, self.measure.risk_prompt)
        elif not raised:
            self._risk_shown = False

    @Slot(int, int)
    def _on_item_move_requested(self, number: int, step: int) -> None:
        numbers = list(self.items)
        position = numbers.index(number) + step
        if 0 <= position < len(numbers):
            row = self.items[numbers[position]]
            row.setFocus(Qt.FocusReason.TabFocusReason)
            self.scroll_area.ensureWidgetVisible(row, 0, 24)
        elif position >= len(numbers):
            # Past the last item: hand the keyboard on, as Tab would.
            self.items[numbers[-1]].focusNextChild()
