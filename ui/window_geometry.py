"""The main window's size and position, remembered between sessions.

Kept in the user's SupportLine settings file (QSettings, INI format, organisation and
application "SupportLine"): only the geometry and whether the window was maximised, nothing
about any client. A remembered geometry is used only where it fits a screen that is there now
(a laptop taken off its docking station must not open the window off-screen); otherwise the
window opens at its default size, or maximised on a screen too small for that.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRect, QSettings, QSize, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

ORGANISATION = "SupportLine"
APPLICATION = "SupportLine"
DEFAULT_SIZE = QSize(1280, 800)
FRAME_ALLOWANCE = QSize(16, 40)  # a title bar and borders around the window's contents
_GROUP = "main_window"


def app_settings() -> QSettings:
    """The user's SupportLine settings (tests point QSettings' user path at a temporary one)."""
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANISATION,
                     APPLICATION)


@dataclass(frozen=True)
class Placement:
    geometry: QRect  # the contents' rectangle, as QWidget.setGeometry takes it
    maximised: bool


def save_geometry(settings: QSettings, window: QWidget) -> None:
    maximised = window.isMaximized()
    rect = window.normalGeometry() if maximised else window.geometry()
    if not rect.isValid() or rect.isEmpty():
        # Maximised from the start, the window has no normal geometry of its own yet: keep the
        # one saved before, or else remember the maximised one.
        previous = saved_geometry(settings)
        rect = previous.geometry if previous is not None else window.geometry()
    if rect.isEmpty():
        return
    settings.beginGroup(_GROUP)
    settings.setValue("x", rect.x())
    settings.setValue("y", rect.y())
    settings.setValue("width", rect.width())
    settings.setValue("height", rect.height())
    settings.setValue("maximised", maximised)
    settings.endGroup()
    settings.sync()


def saved_geometry(settings: QSettings) -> Placement | None:
    settings.beginGroup(_GROUP)
    try:
        values = [settings.value(key) for key in ("x", "y", "width", "height")]
        maximised = str(settings.value("maximised", "false")).lower() == "true"
    finally:
        settings.endGroup()
    try:
        x, y, width, height = (int(str(value)) for value in values)
    except (TypeError, ValueError):
        return None  # nothing saved, or an edited file: the default placement applies
    if width <= 0 or height <= 0:
        return None
    return Placement(QRect(x, y, width, height), maximised)


def placement(saved: Placement | None, areas: list[QRect]) -> Placement:
    """Where the window goes, given each screen's available area (the primary one first).

    The saved geometry if it fits the screen its centre is on (moved onto it if it overhangs),
    otherwise the default size centred on the primary screen, or maximised there when that
    screen is too small for the default.
    """
    if saved is not None:
        for available in areas:
            if available.contains(saved.geometry.center()) and _fits(saved.geometry.size(),
                                                                      available):
                return Placement(_inside(saved.geometry, available), saved.maximised)
    area = areas[0] if areas else QRect(0, 0, DEFAULT_SIZE.width() + FRAME_ALLOWANCE.width(),
                                        DEFAULT_SIZE.height() + FRAME_ALLOWANCE.height())
    if _fits(DEFAULT_SIZE, area):
        rect = QRect(0, 0, DEFAULT_SIZE.width(), DEFAULT_SIZE.height())
        rect.moveCenter(area.center())
        return Placement(rect, False)
    # A small screen (a 1280x800 laptop, or any screen at 125%): use all of it.
    return Placement(_shrunk(area), True)


def screen_areas() -> list[QRect]:
    """Each screen's available area (without taskbars), the primary screen first."""
    primary = QGuiApplication.primaryScreen()
    screens = [primary] if primary is not None else []
    screens += [screen for screen in QGuiApplication.screens() if screen is not primary]
    return [screen.availableGeometry() for screen in screens]


def restore_geometry(settings: QSettings, window: QWidget) -> None:
    where = placement(saved_geometry(settings), screen_areas())
    window.setGeometry(where.geometry)
    if where.maximised:
        window.setWindowState(window.windowState() | Qt.WindowState.WindowMaximized)


def _fits(size: QSize, available: QRect) -> bool:
    return (size.width() + FRAME_ALLOWANCE.width() <= available.width()
            and size.height() + FRAME_ALLOWANCE.height() <= available.height())


def _inside(rect: QRect, available: QRect) -> QRect:
    """``rect`` moved the least so that it and its frame lie on ``available``."""
    inner = _shrunk(available)
    moved = QRect(rect)
    if moved.right() > inner.right():
        moved.moveRight(inner.right())
    if moved.bottom() > inner.bottom():
        moved.moveBottom(inner.bottom())
    if moved.left() < inner.left():
        moved.moveLeft(inner.left())
    if moved.top() < inner.top():
        moved.moveTop(inner.top())
    return moved


def _shrunk(available: QRect) -> QRect:
    """The contents' rectangle of a window whose frame fills ``available``."""
    side = FRAME_ALLOWANCE.width() // 2
    top = FRAME_ALLOWANCE.height() - side
    return available.adjusted(side, top, -side, -side)

