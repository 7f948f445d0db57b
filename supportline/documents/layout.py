"""Page layout pieces for long documents: headings that never end a page, "Page N of M".

reportlab's ``keepWithNext`` and ``KeepTogether`` move a heading and everything after it to the
next page as soon as the whole does not fit, which leaves half a page blank before every long
table. :class:`Headed` keeps a heading with only as much of what follows as the page has room
for (a table's first rows, a paragraph's first lines): the rest flows on.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable


class Headed(Flowable):
    """Headings plus the flowable after them, placed on one page together."""

    def __init__(self, headings: Sequence[Flowable], body: Flowable) -> None:
        super().__init__()
        self.headings = list(headings)
        self.body = body
        self._sizes: list[tuple[float, float]] = []
        self._body_height = 0.0

    def _headings_height(self, width: float, height: float) -> float:
        self._sizes = [heading.wrap(width, height) for heading in self.headings]
        total = 0.0
        for index, (heading, (_w, h)) in enumerate(zip(self.headings, self._sizes, strict=True)):
            total += h + heading.getSpaceAfter()
            if index:
                total += heading.getSpaceBefore()
        return total

    def getSpaceBefore(self) -> float:  # noqa: N802 - reportlab's protocol
        return self.headings[0].getSpaceBefore() if self.headings else 0.0

    def getSpaceAfter(self) -> float:  # noqa: N802 - reportlab's protocol
        return self.body.getSpaceAfter()

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        top = self._headings_height(available_width, available_height)
        _w, self._body_height = self.body.wrap(available_width, max(available_height - top, 0))
        self.width = available_width
        self.height = top + self.body.getSpaceBefore() + self._body_height
        return self.width, self.height

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        top = self._headings_height(available_width, available_height)
        room = available_height - top - self.body.getSpaceBefore()
        parts = self.body.split(available_width, room) if room > 0 else []
        if not parts:
            return []  # not even the start of the body fits: all of it goes to the next page
        return [*self.headings, *parts]

    def draw(self) -> None:
        y = self.height
        for index, (heading, (_w, h)) in enumerate(zip(self.headings, self._sizes, strict=True)):
            if index:
                y -= heading.getSpaceBefore()
            y -= h
            heading.drawOn(self.canv, 0, y)
            y -= heading.getSpaceAfter()
        y -= self.body.getSpaceBefore()
        self.body.drawOn(self.canv, 0, y - self._body_height)


class HeadingMark:
    """A heading in a story, to be bound to what follows it by :func:`bind_headings`."""

    def __init__(self, flowable: Flowable) -> None:
        self.flowable = flowable


def bind_headings(story: Sequence[Any]) -> list[Flowable]:
    """Each run of headings joined to the flowable after it; a heading at the very end (nothing
    follows) is dropped rather than printed alone."""
    out: list[Flowable] = []
    pending: list[Flowable] = []
    for item in story:
        if isinstance(item, HeadingMark):
            pending.append(item.flowable)
        elif pending:
            out.append(Headed(pending, item))
            pending = []
        else:
            out.append(item)
    return out


def numbered_canvas(draw_footer: Callable[[Canvas, int, int], None]) -> type[Canvas]:
    """A canvas class that holds every page back until the end, so each can say "of M"."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._held: list[dict[str, Any]] = []

        def showPage(self) -> None:  # noqa: N802 - reportlab's protocol
            self._held.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._held)
            for number, state in enumerate(self._held, start=1):
                self.__dict__.update(state)
                draw_footer(self, number, total)
                super().showPage()
            super().save()

    return NumberedCanvas
