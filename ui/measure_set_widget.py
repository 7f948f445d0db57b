"""Every installed measure, one at a time: choose the measure, then enter it item by item.

More than one measure can be filled in before saving (PHQ-9 and GAD-7 at the same session);
:meth:`filled` returns those with any answer. Entered outside a session, the set also asks the
day the measures were taken (``with_date``): by default today, never in the future, never
before the case opened.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from PySide6.QtCore import QDate, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from supportline.measures import Measure

from .clinical_messages import measure_order
from .measure_entry_widget import MeasureEntryWidget
from .uk_date_edit import UkDateEdit


class MeasureSetWidget(QWidget):
    changed = Signal()
    risk_raised = Signal(str)

    def __init__(self, name_prefix: str, with_date: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"{name_prefix}_measures")
        self.entries: dict[str, MeasureEntryWidget] = {}
        self.measure_combo = QComboBox()
        self.measure_combo.setObjectName(f"{name_prefix}_measure_combo")
        self.measure_combo.setAccessibleName(self.tr("Measure"))
        self.stack = QStackedWidget()
        self.stack.setObjectName(f"{name_prefix}_measure_stack")
        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(self.tr("Mea&sure"), self.measure_combo)
        self.taken_on_edit: UkDateEdit | None = None
        if with_date:
            self.taken_on_edit = UkDateEdit()
            self.taken_on_edit.setObjectName(f"{name_prefix}_taken_on_edit")
            self.taken_on_edit.setAccessibleName(self.tr("Taken on"))
            self.taken_on_edit.setToolTip(self.tr(
                "The day the client filled the measure in (DD/MM/YYYY)"))
            hint = QLabel(self.tr("the day the client filled it in; not a future day, not "
                                  "before the case opened"))
            hint.setObjectName(f"{name_prefix}_taken_on_hint")
            hint.setStyleSheet("color: #555;")
            row = QHBoxLayout()
            row.addWidget(self.taken_on_edit)
            row.addWidget(hint, 1)
            label = QLabel(self.tr("Taken &on"))
            label.setBuddy(self.taken_on_edit)  # Alt+O, as with a plain form row
            form.addRow(label, row)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addWidget(self.stack, 1)
        if self.taken_on_edit is not None:
            QWidget.setTabOrder(self.measure_combo, self.taken_on_edit)
        self.measure_combo.currentIndexChanged.connect(self._on_measure_combo_changed)

    def set_measures(self, measures: Mapping[str, Measure]) -> None:
        if self.entries:
            return
        # PHQ-9 and GAD-7 first: the pair the outcome is measured on.
        order = sorted(measures, key=measure_order)
        for measure_id in order:
            entry = MeasureEntryWidget(measures[measure_id])
            entry.changed.connect(self.changed)
            entry.risk_raised.connect(self.risk_raised)
            self.entries[measure_id] = entry
            self.stack.addWidget(entry)
            self.measure_combo.addItem(measures[measure_id].name, measure_id)
        # Tab runs measure, day taken (Tab inside the date moves through its parts), then the
        # shown measure's items; the hidden measures' items are skipped.
        previous: QWidget = self.taken_on_edit or self.measure_combo
        for entry in self.entries.values():
            for row in entry.items.values():
                QWidget.setTabOrder(previous, row)
                previous = row

    def set_date_range(self, earliest: date | None, latest: date) -> None:
        """Not before ``earliest`` (the case opened), not after ``latest`` (today)."""
        edit = self.taken_on_edit
        if edit is None:
            return
        if earliest is not None:
            edit.setMinimumDate(QDate(earliest.year, earliest.month, earliest.day))
        edit.setMaximumDate(QDate(latest.year, latest.month, latest.day))

    def set_taken_on(self, day: date) -> None:
        if self.taken_on_edit is not None:
            self.taken_on_edit.set_value(day)  # QDateEdit keeps it within the range

    def taken_on(self) -> date | None:
        return self.taken_on_edit.value() if self.taken_on_edit is not None else None

    def current(self) -> MeasureEntryWidget | None:
        widget = self.stack.currentWidget()
        return widget if isinstance(widget, MeasureEntryWidget) else None

    def choose(self, measure_id: str) -> MeasureEntryWidget | None:
        index = self.measure_combo.findData(measure_id)
        if index < 0:
            return None
        self.measure_combo.setCurrentIndex(index)
        return self.entries[measure_id]

    def filled(self) -> dict[str, MeasureEntryWidget]:
        return {mid: entry for mid, entry in self.entries.items() if entry.has_answers()}

    def clear(self, measure_ids: list[str] | None = None) -> None:
        for measure_id, entry in self.entries.items():
            if measure_ids is None or measure_id in measure_ids:
                entry.clear()

    @Slot(int)
    def _on_measure_combo_changed(self, index: int) -> None:
        if index >= 0:
            self.stack.setCurrentIndex(index)
