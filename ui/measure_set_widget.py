"""Every installed measure, one at a time: choose the measure, then enter it item by item.

More than one measure can be filled in before saving (PHQ-9 and GAD-7 at the same session);
:meth:`filled` returns those with any answer.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QComboBox, QFormLayout, QStackedWidget, QVBoxLayout, QWidget

from supportline.measures import Measure

from .clinical_messages import measure_order
from .measure_entry_widget import MeasureEntryWidget


class MeasureSetWidget(QWidget):
    changed = Signal()
    risk_raised = Signal(str)

    def __init__(self, name_prefix: str, parent: QWidget | None = None) -> None:
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
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addWidget(self.stack, 1)
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
