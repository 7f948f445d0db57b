"""Choose a statistics period: a calendar quarter ("2026Q3") or a financial year ("FY2026").

The catalogue accepts nothing else, so the picker cannot make anything else: a kind, a year and
(for a quarter) which quarter. The period code can also be typed; a code that is not a quarter
or a financial year is refused with a hint and the picker keeps its last good period.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QSignalBlocker, Signal, Slot
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QSpinBox, QWidget

from supportline.statistics.catalogue import FINANCIAL_YEAR, QUARTER, InvalidPeriod, parse_period

from . import stats_messages

FIRST_YEAR = 2000
LAST_YEAR = 2099


def previous_quarter(today: date) -> str:
    """The last quarter that has ended: the usual one to report on."""
    quarter = (today.month - 1) // 3 + 1
    year = today.year
    if quarter == 1:
        return f"{year - 1}Q4"
    return f"{year}Q{quarter - 1}"


class PeriodPickerWidget(QWidget):
    period_changed = Signal(str)
    period_rejected = Signal(str)  # the text that is not a period

    def __init__(self, initial: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("period_picker")
        self._period = ""
        self.kind_combo = QComboBox()
        self.kind_combo.setObjectName("period_kind_combo")
        self.kind_combo.setAccessibleName(self.tr("Quarter or financial year"))
        self.kind_combo.addItem(self.tr("Quarter"), "quarter")
        self.kind_combo.addItem(self.tr("Financial year"), "year")
        self.year_spin = QSpinBox()
        self.year_spin.setObjectName("period_year_spin")
        self.year_spin.setAccessibleName(self.tr("Year"))
        self.year_spin.setRange(FIRST_YEAR, LAST_YEAR)
        self.year_spin.setGroupSeparatorShown(False)
        self.quarter_combo = QComboBox()
        self.quarter_combo.setObjectName("period_quarter_combo")
        self.quarter_combo.setAccessibleName(self.tr("Quarter of the year"))
        for quarter in range(1, 5):
            self.quarter_combo.addItem(stats_messages.quarter_choice_label(quarter), quarter)
        self.code_edit = QLineEdit()
        self.code_edit.setObjectName("period_code_edit")
        self.code_edit.setAccessibleName(self.tr("Period code"))
        self.code_edit.setToolTip(stats_messages.period_format_hint())
        self.code_edit.setMaxLength(8)
        self.code_edit.setFixedWidth(90)
        self.year_label = QLabel(self.tr("&Year"))
        self.year_label.setBuddy(self.year_spin)
        self.code_label = QLabel(self.tr("or c&ode"))
        self.code_label.setBuddy(self.code_edit)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.kind_combo)
        layout.addWidget(self.year_label)
        layout.addWidget(self.year_spin)
        layout.addWidget(self.quarter_combo)
        layout.addWidget(self.code_label)
        layout.addWidget(self.code_edit)
        self.setTabOrder(self.kind_combo, self.year_spin)
        self.setTabOrder(self.year_spin, self.quarter_combo)
        self.setTabOrder(self.quarter_combo, self.code_edit)
        self._connect_signals()
        if not self.set_period(initial):
            self.set_period(f"{date.today().year}Q1")

    def _connect_signals(self) -> None:
        self.kind_combo.currentIndexChanged.connect(self._on_choice_changed)
        self.year_spin.valueChanged.connect(self._on_choice_changed)
        self.quarter_combo.currentIndexChanged.connect(self._on_choice_changed)
        self.code_edit.editingFinished.connect(self._on_code_edit_editing_finished)

    def period(self) -> str:
        return self._period

    def set_period(self, text: str) -> bool:
        """Show ``text`` if it is a quarter or a financial year; False (and a hint) if not."""
        try:
            code = parse_period(text).code
        except InvalidPeriod:
            self.code_edit.setText(self._period)
            self.period_rejected.emit(text)
            return False
        quarter = QUARTER.match(code)
        year = FINANCIAL_YEAR.match(code)
        number = int((quarter or year).group(1))  # type: ignore[union-attr]
        if not FIRST_YEAR <= number <= LAST_YEAR:
            self.code_edit.setText(self._period)
            self.period_rejected.emit(text)
            return False
        blockers = [QSignalBlocker(w) for w in (self.kind_combo, self.year_spin,
                                                self.quarter_combo)]
        self.kind_combo.setCurrentIndex(0 if quarter else 1)
        self.year_spin.setValue(number)
        if quarter:
            self.quarter_combo.setCurrentIndex(int(quarter.group(2)) - 1)
        del blockers
        self._apply(code)
        return True

    def _chosen(self) -> str:
        year = self.year_spin.value()
        if self.kind_combo.currentData() == "year":
            return f"FY{year}"
        return f"{year}Q{self.quarter_combo.currentData()}"

    def _apply(self, code: str) -> None:
        is_quarter = bool(QUARTER.match(code))
        self.quarter_combo.setVisible(is_quarter)
        self.year_spin.setToolTip(
            "" if is_quarter else self.tr("The financial year that starts in April of this year"))
        self.code_edit.setText(code)
        if code != self._period:
            self._period = code
            self.period_changed.emit(code)

    @Slot()
    def _on_choice_changed(self) -> None:
        self._apply(self._chosen())

    @Slot()
    def _on_code_edit_editing_finished(self) -> None:
        text = self.code_edit.text().strip()
        if text.upper() != self._period:
            self.set_period(text)
