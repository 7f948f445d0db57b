"""A bar chart of one protected statistics table: one bar per row and column, totals left out.

Hidden (suppressed) figures are not drawn: a bar chart would show them as nothing, so they are
listed under the chart instead. Bars run across the page so that long category names stay
readable; the first row of the table is the top of the chart.
"""

from __future__ import annotations

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter
from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWidget

from supportline.statistics.catalogue import TableOutput
from supportline.statistics.disclosure import TOTAL

from . import stats_messages

# Colour-blind-safe (Okabe-Ito, without yellow, which is too light on white).
_PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000")
MAX_LISTED = 6  # hidden figures named under the chart before "and N more"


class StatsChartWidget(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("stats_chart")
        self.omitted: list[tuple[str, str]] = []
        self.chart = QChart()
        self.chart.setMargins(QMargins(4, 4, 4, 4))
        self.chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        self.chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        self.chart_view = QChartView(self.chart)
        self.chart_view.setObjectName("stats_chart_view")
        self.chart_view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.chart_view.setAccessibleName(self.tr("Chart of the table"))
        # Every category label needs its line (QtCharts elides them to "..." otherwise): on a
        # short screen the chart scrolls rather than squeezing them.
        self.chart_scroll = QScrollArea()
        self.chart_scroll.setObjectName("stats_chart_scroll")
        self.chart_scroll.setWidgetResizable(True)
        self.chart_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.chart_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.chart_scroll.setWidget(self.chart_view)
        self.chart_scroll.setMinimumSize(300, 180)
        self.omitted_label = QLabel()
        self.omitted_label.setObjectName("stats_chart_omitted_label")
        self.omitted_label.setWordWrap(True)
        self.omitted_label.setVisible(False)
        self.omitted_label.setStyleSheet("color: #4d4739;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.chart_scroll, 1)
        layout.addWidget(self.omitted_label)

    def series(self) -> QHorizontalBarSeries | None:
        for each in self.chart.series():
            if isinstance(each, QHorizontalBarSeries):
                return each
        return None

    def bar_values(self) -> dict[tuple[str, str], float]:
        """(row label, set label) → the bar drawn; for tests and the accessible summary."""
        series = self.series()
        if series is None:
            return {}
        axis = next((a for a in series.attachedAxes() if isinstance(a, QBarCategoryAxis)), None)
        categories = axis.categories() if axis is not None else []
        values: dict[tuple[str, str], float] = {}
        for bar_set in series.barSets():
            for position, category in enumerate(categories):
                values[(category, bar_set.label())] = bar_set.at(position)
        return values

    def clear(self) -> None:
        self.chart.removeAllSeries()
        for axis in self.chart.axes():
            self.chart.removeAxis(axis)
        self.omitted = []
        self.omitted_label.setVisible(False)
        self.chart_view.setAccessibleDescription("")
        self.chart_view.setMinimumHeight(0)

    def set_output(self, output: TableOutput | None) -> None:
        self.clear()
        if output is None:
            return
        table = output.table
        code = output.code
        rows = list(table.rows)
        columns = [TOTAL] if table.one_way else list(table.columns)
        series = QHorizontalBarSeries()
        series.setBarWidth(0.8)
        # Horizontal bars list categories from the bottom up: reverse so row one is on top.
        shown_rows = list(reversed(rows))
        largest = 0
        summary: list[str] = []
        for number, column in enumerate(columns):
            label = (stats_messages.one_way_column_label() if table.one_way
                     else stats_messages.category_label(code, column))
            bar_set = QBarSet(label)
            bar_set.setColor(QColor(_PALETTE[number % len(_PALETTE)]))
            bar_set.setBorderColor(QColor(_PALETTE[number % len(_PALETTE)]))
            for row in shown_rows:
                cell = table.cells[(row, column)]
                if cell.suppressed or cell.value is None:
                    bar_set.append(0.0)
                else:
                    bar_set.append(float(cell.value))
                    largest = max(largest, cell.value)
            series.append(bar_set)
        for row in rows:
            for column in columns:
                cell = table.cells[(row, column)]
                row_text = stats_messages.category_label(code, row)
                column_text = ("" if table.one_way
                               else stats_messages.category_label(code, column))
                if cell.suppressed:
                    self.omitted.append((row, column))
                    value = stats_messages.hidden_tooltip().lower()
                else:
                    value = stats_messages.count_text(cell.value or 0)
                name = f"{row_text}, {column_text}" if column_text else row_text
                summary.append(f"{name}: {value}")
        self.chart.addSeries(series)
        category_axis = QBarCategoryAxis()
        category_axis.append([stats_messages.category_label(code, row) for row in shown_rows])
        value_axis = QValueAxis()
        value_axis.setRange(0, max(largest, 10))
        value_axis.setTickCount(6)
        value_axis.applyNiceNumbers()
        value_axis.setLabelFormat("%d")
        value_axis.setTitleText(self.tr("Count as published"))
        self.chart.addAxis(category_axis, Qt.AlignmentFlag.AlignLeft)
        self.chart.addAxis(value_axis, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(category_axis)
        series.attachAxis(value_axis)
        self.chart.legend().setVisible(not table.one_way)
        self.chart_view.setMinimumHeight(self._height_for(len(rows), category_axis))
        self._show_omitted(code, table.one_way)
        if table.cells[(TOTAL, TOTAL)].value == 0:
            self.omitted_label.setText(self.tr("Nothing was recorded in this period."))
            self.omitted_label.setVisible(True)
        self.chart_view.setAccessibleDescription("; ".join(summary))

    def _height_for(self, categories: int, axis: QBarCategoryAxis) -> int:
        """Room for every category label on its own line, the value axis and the legend."""
        line = QFontMetrics(axis.labelsFont()).height()
        legend = line + 16 if self.chart.legend().isVisible() else 0
        return categories * (line + 12) + 3 * (line + 8) + legend + 24

    def _show_omitted(self, code: str, one_way: bool) -> None:
        if not self.omitted:
            self.omitted_label.setVisible(False)
            return
        names = []
        for row, column in self.omitted[:MAX_LISTED]:
            row_text = stats_messages.category_label(code, row)
            if one_way:
                names.append(row_text)
            else:
                names.append(self.tr("{row} ({column})").format(
                    row=row_text, column=stats_messages.category_label(code, column)))
        text = "; ".join(names)
        extra = len(self.omitted) - MAX_LISTED
        if extra > 0:
            text = self.tr("{names} and {count} more").format(names=text, count=extra)
        self.omitted_label.setText(self.tr(
            "Hidden figures are not drawn (they are not zero): {names}.").format(names=text))
        self.omitted_label.setVisible(True)
