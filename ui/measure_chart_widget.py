"""Each measure's totals across the case as a line, with the clinical cut-off: each point on the
day the measure was taken (not the day it was typed in)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta

from PySide6.QtCharts import QChart, QChartView, QDateTimeAxis, QLineSeries, QValueAxis
from PySide6.QtCore import QDate, QDateTime, QMargins, Qt, QTime
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWidget

from supportline.measures import Measure
from supportline.services.clinical import MeasurePoint

from .clinical_messages import measure_order
from .uk_format import LONDON_ZONE

_LINE = QColor("#1b6ac9")
_MIDDAY = QTime(12, 0)
_CUTOFF = QColor("#a4262c")


class MeasureChartWidget(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("measure_chart")
        self.charts: dict[str, QChartView] = {}
        self.empty_label = QLabel(self.tr("No measures recorded for this case yet."))
        self.empty_label.setObjectName("chart_empty_label")
        self.body = QWidget()
        self.body_layout = QVBoxLayout(self.body)
        self.body_layout.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(self.body)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.empty_label)
        layout.addWidget(scroll, 1)

    def set_history(self, history: Mapping[str, Sequence[MeasurePoint]],
                    measures: Mapping[str, Measure]) -> None:
        for view in self.charts.values():
            self.body_layout.removeWidget(view)
            view.hide()  # deleteLater waits for the event loop; it must not show meanwhile
            view.deleteLater()
        self.charts = {}
        shown = [mid for mid in sorted(history, key=measure_order)
                 if mid in measures and any(p.total is not None for p in history[mid])]
        self.empty_label.setVisible(not shown)
        for measure_id in shown:
            view = self._chart(measures[measure_id], history[measure_id])
            self.charts[measure_id] = view
            self.body_layout.addWidget(view)

    def series_points(self, measure_id: str) -> list[tuple[float, float]]:
        view = self.charts[measure_id]
        series = view.chart().series()[0]
        assert isinstance(series, QLineSeries)
        return [(p.x(), p.y()) for p in series.points()]

    def _chart(self, measure: Measure, points: Sequence[MeasurePoint]) -> QChartView:
        scored = [p for p in points if p.total is not None]
        chart = QChart()
        chart.setTitle(self.tr("{measure}: clinical cut-off {cutoff}").format(
            measure=measure.name, cutoff=f"{measure.clinical_cutoff:g}"))
        chart.setMargins(QMargins(4, 4, 4, 4))
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        series = QLineSeries()
        series.setName(self.tr("{measure} total").format(measure=measure.id))
        series.setPointsVisible(True)
        series.setPointLabelsVisible(True)
        series.setPointLabelsFormat("@yPoint")
        series.setPen(QPen(_LINE, 2.5))
        for point in scored:
            series.append(_x(point.taken_on), float(point.total or 0.0))
        first = scored[0].taken_on
        last = scored[-1].taken_on
        # Room either side, so that the first and last points' labels are not cut off.
        pad = max(timedelta(days=2), (last - first) / 12)
        first, last = first - pad, last + pad
        cutoff = QLineSeries()
        cutoff.setName(self.tr("Clinical cut-off ({cutoff})").format(
            cutoff=f"{measure.clinical_cutoff:g}"))
        cutoff_pen = QPen(_CUTOFF, 1.5)
        cutoff_pen.setStyle(Qt.PenStyle.DashLine)
        cutoff.setPen(cutoff_pen)
        for day in (first, last):
            cutoff.append(_x(day), float(measure.clinical_cutoff))
        chart.addSeries(series)
        chart.addSeries(cutoff)
        x_axis = QDateTimeAxis()
        x_axis.setFormat("dd/MM/yyyy")
        x_axis.setTitleText(self.tr("Date taken"))
        x_axis.setRange(_moment(first), _moment(last))
        x_axis.setTickCount(min(6, max(2, len(scored))))
        y_axis = QValueAxis()
        y_axis.setRange(measure.total_min, measure.total_max)
        # Whole-number ticks from the bottom of the scale: 0, 5, 10... (no truncated 6.75s).
        span = measure.total_max - measure.total_min
        y_axis.setTickType(QValueAxis.TickType.TicksDynamic)
        y_axis.setTickAnchor(measure.total_min)
        y_axis.setTickInterval(5.0 if span >= 15 else 1.0 if span <= 6 else 2.0)
        y_axis.setLabelFormat("%d" if measure.method == "sum" else "%.1f")
        y_axis.setTitleText(self.tr("Total"))
        chart.addAxis(x_axis, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(y_axis, Qt.AlignmentFlag.AlignLeft)
        for each in (series, cutoff):
            each.attachAxis(x_axis)
            each.attachAxis(y_axis)
        view = QChartView(chart)
        view.setObjectName(f"chart_{measure.id.lower().replace('-', '')}")
        view.setRenderHint(QPainter.RenderHint.Antialiasing)
        view.setMinimumHeight(300)
        summary = "; ".join(f"{p.taken_on:%d/%m/%Y} {p.total:g} ({p.band})" for p in scored
                            if p.total is not None)
        view.setAccessibleName(self.tr("{measure} chart").format(measure=measure.name))
        view.setAccessibleDescription(summary)
        view.setToolTip(summary)
        return view


def _moment(day: date) -> QDateTime:
    """Midday in London on that day: the point sits in the middle of its day on the axis."""
    return QDateTime(QDate(day.year, day.month, day.day), _MIDDAY, LONDON_ZONE)


def _x(day: date) -> float:
    return float(_moment(day).toMSecsSinceEpoch())
