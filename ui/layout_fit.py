"""Sizing that holds on a small screen: table columns that share the width sensibly, side
editors that scroll down but are never cut off at the side, and rows of controls that wrap.

Qt's own header modes cannot say "this column needs room for a name first": with one
``Stretch`` column and the rest ``ResizeToContents``, the stretch column gets only what the
others leave, and on a 1280x800 laptop that can be nothing (a column of "..."). The
:class:`ColumnFitter` gives each column, in this order: short columns (dates, counts, codes)
their whole content; the readable columns (the name) their content up to about 40
characters; the other long text columns what is left, shared by their natural widths but never
below about 10 characters (they elide); then any space over goes to the stretch column. When
even that does not fit, the table scrolls sideways instead of collapsing a column.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QBoxLayout,
    QHeaderView,
    QLayout,
    QScrollArea,
    QSizePolicy,
    QStyle,
    QTableView,
    QWidget,
)

SHORT_CHARS = 14  # a column whose content is at most this wide keeps all of it
READABLE_CHARS = 40  # a name column shows this much of its content before others get room
FLOOR_CHARS = 10  # a long text column never gets less than this (it elides)
_PADDING = 12  # a section's margins around its text


class ColumnFitter(QObject):
    """Keeps a table's column widths fitted to its viewport and its content.

    ``stretch`` takes the space over (negative counts from the end: -1 is the last column);
    ``readable`` (default: the stretch column) get room for their content before other long
    columns. It refits when the table is resized or its model's rows or data change.
    """

    fitted = Signal()

    def __init__(self, table: QTableView, stretch: int,
                 readable: Sequence[int] | None = None) -> None:
        super().__init__(table)
        self.setObjectName(f"{table.objectName()}_column_fitter")
        self._table = table
        self.configure(stretch, readable)
        self._model = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self.fit)
        header = table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setMinimumSectionSize(24)
        table.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        table.viewport().installEventFilter(self)
        self._watch_model()

    def configure(self, stretch: int, readable: Sequence[int] | None = None) -> None:
        self._stretch = stretch
        self._readable = tuple(readable) if readable is not None else (stretch,)

    def schedule(self) -> None:
        """Refit once the current burst of changes is over."""
        self._timer.start()

    def fit(self) -> None:
        self._watch_model()
        table = self._table
        header = table.horizontalHeader()
        count = header.count()
        available = table.viewport().width()
        if count == 0 or available <= 0:
            return
        char = table.fontMetrics().averageCharWidth()
        columns = [c for c in range(count) if not header.isSectionHidden(c)]
        if not columns:
            return
        stretch = self._resolve(self._stretch, count)
        readable = {self._resolve(c, count) for c in self._readable}
        content = {c: table.sizeHintForColumn(c) + _PADDING // 2 for c in columns}
        heading = {c: header.sectionSizeHint(c) for c in columns}
        natural = {c: max(content[c], heading[c]) for c in columns}
        widths = dict(natural)
        if sum(natural.values()) > available:
            # Headings stay readable: no column is squeezed below its own heading.
            short = {c for c in columns if content[c] <= SHORT_CHARS * char and c not in readable}
            for c in readable & set(columns):
                widths[c] = min(natural[c], max(heading[c], READABLE_CHARS * char))
            flexible = [c for c in columns if c not in short and c not in readable]
            room = available - sum(widths[c] for c in columns if c not in flexible)
            floors = {c: min(natural[c], max(heading[c], FLOOR_CHARS * char)) for c in flexible}
            level = _water_level([natural[c] for c in flexible],
                                 [floors[c] for c in flexible], room)
            for c in flexible:
                # The widest columns give up room first: a short name keeps all of it while a
                # long venue name elides.
                widths[c] = max(floors[c], min(natural[c], level))
            # Rather than scroll for a few pixels, a long column may give up the room its
            # heading keeps for the sort arrow.
            over = sum(widths.values()) - available
            for c in flexible:
                give = min(over, widths[c] - min(natural[c], FLOOR_CHARS * char))
                if give > 0:
                    widths[c] -= give
                    over -= give
            # Space the flexible columns could not use goes back to the readable ones.
            spare = available - sum(widths.values())
            for c in sorted(readable & set(columns)):
                grow = min(spare, natural[c] - widths[c])
                if grow > 0:
                    widths[c] += grow
                    spare -= grow
        spare = available - sum(widths.values())
        target = stretch if stretch in widths else columns[-1]
        if spare > 0:
            widths[target] += spare
        for c in columns:
            if header.sectionSize(c) != widths[c]:
                header.resizeSection(c, widths[c])
        self.fitted.emit()

    # -- plumbing -------------------------------------------------------------------------------

    @staticmethod
    def _resolve(column: int, count: int) -> int:
        return column + count if column < 0 else column

    def _watch_model(self) -> None:
        model = self._table.model()
        if model is self._model:
            return
        if self._model is not None:
            for signal in self._signals(self._model):
                signal.disconnect(self.schedule)
        self._model = model
        if model is not None:
            for signal in self._signals(model):
                signal.connect(self.schedule)

    @staticmethod
    def _signals(model: QObject) -> list:  # noqa: ANN205 - bound Qt signals
        return [model.modelReset, model.layoutChanged, model.rowsInserted, model.rowsRemoved,
                model.dataChanged, model.headerDataChanged, model.columnsInserted,
                model.columnsRemoved]

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.Resize, QEvent.Type.Show, QEvent.Type.FontChange):
            self.schedule()
        return False


def _water_level(naturals: Sequence[int], floors: Sequence[int], room: int) -> int:
    """The largest width cap ``L`` with ``sum(max(floor, min(natural, L))) <= room``: columns
    narrower than ``L`` keep their natural width and the rest are cut to ``L``."""
    def used(level: int) -> int:
        return sum(max(f, min(n, level)) for n, f in zip(naturals, floors, strict=True))

    low, high = 0, max(naturals, default=0)
    while low < high:
        middle = (low + high + 1) // 2
        if used(middle) <= room:
            low = middle
        else:
            high = middle - 1
    return low


def fit_columns(table: QTableView, stretch: int,
                readable: Sequence[int] | None = None) -> ColumnFitter:
    """Fit ``table``'s columns from now on (again: a second call replaces the columns)."""
    fitter = table.findChild(ColumnFitter, options=Qt.FindChildOption.FindDirectChildrenOnly)
    if fitter is None:
        fitter = ColumnFitter(table, stretch, readable)
    else:
        fitter.configure(stretch, readable)
    fitter.schedule()
    return fitter


def side_editor(content: QWidget) -> QScrollArea:
    """``content`` scrolling down when the window is short, never cut off at the side.

    The scroll area is as wide as ``content`` needs at least, so a splitter beside it gives
    way on the other side (a table that scrolls) instead of hiding the editor's right edge.
    """
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QScrollArea.Shape.NoFrame)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    scroll.setWidget(content)
    scroll.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
    _MinimumWidthFollower(scroll, content)
    return scroll


class _MinimumWidthFollower(QObject):
    """Keeps a scroll area as wide as its content's minimum, as the content changes."""

    def __init__(self, scroll: QScrollArea, content: QWidget) -> None:
        super().__init__(scroll)
        self._scroll = scroll
        self._content = content
        content.installEventFilter(self)
        self.follow()

    def follow(self) -> None:
        bar = self._scroll.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        margins = self._scroll.contentsMargins()
        self._scroll.setMinimumWidth(self._content.minimumSizeHint().width() + bar
                                     + margins.left() + margins.right())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LayoutRequest:
            self.follow()
        return False


class WrappingRow(QWidget):
    """Groups of controls side by side while they fit, one under another on a narrow page.

    Its minimum width is the widest group's, so a toolbar of filters no longer sets the width
    the whole window must have.
    """

    def __init__(self, groups: Sequence[QWidget | QLayout], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._layout = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._groups: list[QWidget] = []
        for group in groups:
            if isinstance(group, QLayout):
                holder = QWidget()
                group.setContentsMargins(0, 0, 0, 0)
                holder.setLayout(group)
                group = holder
            self._groups.append(group)
            self._layout.addWidget(group)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)

    def is_wrapped(self) -> bool:
        return self._layout.direction() == QBoxLayout.Direction.TopToBottom

    def minimumSizeHint(self) -> QSize:
        widths = [group.minimumSizeHint().width() for group in self._groups if not group.isHidden()]
        return QSize(max(widths, default=0), self._layout.minimumSize().height())

    def sizeHint(self) -> QSize:
        return QSize(self._side_by_side_width(), self._layout.sizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._arrange(event.size().width())
        super().resizeEvent(event)

    def _side_by_side_width(self) -> int:
        shown = [group for group in self._groups if not group.isHidden()]
        spacing = max(self._layout.spacing(), 0)
        return sum(group.sizeHint().width() for group in shown) + spacing * max(len(shown) - 1, 0)

    def _arrange(self, width: int) -> None:
        direction = (QBoxLayout.Direction.LeftToRight if width >= self._side_by_side_width()
                     else QBoxLayout.Direction.TopToBottom)
        if self._layout.direction() != direction:
            self._layout.setDirection(direction)
            self.updateGeometry()
