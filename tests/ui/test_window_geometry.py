"""The main window remembers its size and position, and only ever opens on a screen."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QRect, QSettings
from PySide6.QtWidgets import QWidget

DESKTOP = QRect(0, 0, 1920, 1040)  # a 1920x1080 monitor less its taskbar
LAPTOP = QRect(0, 0, 1280, 760)  # a 1280x800 laptop less its taskbar
LAPTOP_125 = QRect(0, 0, 1024, 610)  # the same laptop at 125%
SECOND = QRect(1920, 0, 1920, 1040)  # a monitor to the right of DESKTOP


def _settings(path: Path) -> QSettings:
    return QSettings(str(path / "window.ini"), QSettings.Format.IniFormat)


def test_without_a_saved_geometry_a_large_screen_gets_the_default_size() -> None:
    from ui.window_geometry import DEFAULT_SIZE, placement

    where = placement(None, [DESKTOP])
    assert where.geometry.size() == DEFAULT_SIZE and not where.maximised
    assert DESKTOP.contains(where.geometry)
    assert where.geometry.center() == DESKTOP.center()


def test_a_small_screen_opens_the_window_maximised() -> None:
    from ui.window_geometry import placement

    for area in (LAPTOP, LAPTOP_125):
        where = placement(None, [area])
        assert where.maximised
        assert area.contains(where.geometry)


def test_a_saved_geometry_that_fits_is_used_as_it_was() -> None:
    from ui.window_geometry import Placement, placement

    saved = Placement(QRect(2100, 120, 1200, 760), False)
    assert placement(saved, [DESKTOP, SECOND]) == saved
    maximised = Placement(QRect(40, 60, 1000, 600), True)
    assert placement(maximised, [DESKTOP]) == maximised


def test_a_geometry_on_a_screen_that_is_gone_is_not_used() -> None:
    from ui.window_geometry import Placement, placement

    # Saved on the second monitor; the laptop is now off its docking station.
    saved = Placement(QRect(2100, 120, 1200, 760), False)
    where = placement(saved, [DESKTOP])
    assert DESKTOP.contains(where.geometry)
    assert where == placement(None, [DESKTOP])


def test_a_geometry_too_big_for_the_screen_now_is_not_used() -> None:
    from ui.window_geometry import Placement, placement

    saved = Placement(QRect(10, 40, 1800, 1000), False)  # from the large monitor
    where = placement(saved, [LAPTOP])
    assert where.maximised and LAPTOP.contains(where.geometry)


def test_a_geometry_hanging_over_the_edge_is_moved_onto_the_screen() -> None:
    from ui.window_geometry import Placement, placement

    saved = Placement(QRect(1300, 600, 1000, 600), False)  # its centre is on DESKTOP
    where = placement(saved, [DESKTOP])
    assert where.geometry.size() == saved.geometry.size()
    assert DESKTOP.contains(where.geometry)


def test_save_and_restore_round_trip(qtbot: Any, tmp_path: Path) -> None:
    from ui.window_geometry import restore_geometry, save_geometry, saved_geometry

    settings = _settings(tmp_path)
    window = QWidget()
    qtbot.addWidget(window)
    window.setGeometry(QRect(40, 50, 500, 300))
    save_geometry(settings, window)
    saved = saved_geometry(_settings(tmp_path))
    assert saved is not None and saved.geometry == QRect(40, 50, 500, 300)
    again = QWidget()
    qtbot.addWidget(again)
    restore_geometry(_settings(tmp_path), again)
    assert again.geometry() == QRect(40, 50, 500, 300)
    assert not again.isMaximized()


def test_an_edited_settings_file_falls_back_to_the_default(tmp_path: Path) -> None:
    from ui.window_geometry import saved_geometry

    settings = _settings(tmp_path)
    settings.setValue("main_window/x", "left")
    settings.setValue("main_window/width", -5)
    assert saved_geometry(settings) is None
    assert saved_geometry(_settings(tmp_path / "absent")) is None


def test_the_main_window_reopens_where_it_was_closed(
    qtbot: Any, runner: Any, staffed_dir: Path, open_session: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    from PySide6.QtCore import Qt

    from ui import window_geometry
    from ui.main_window import MainWindow
    from ui.services import Services
    from ui.window_geometry import saved_geometry

    # The offscreen screen is smaller than the window's minimum: pretend to be a desktop.
    monkeypatch.setattr(window_geometry, "screen_areas", lambda: [DESKTOP])

    def window() -> MainWindow:
        session = open_session(staffed_dir, "manager")
        built = MainWindow(
            session, Services.for_session(session), runner, settings=_settings(tmp_path)
        )
        qtbot.addWidget(built)
        return built

    first = window()
    first.show()
    qtbot.waitExposed(first)
    first.setWindowState(Qt.WindowState.WindowNoState)
    first.setGeometry(QRect(30, 60, 1100, 700))
    qtbot.waitUntil(lambda: first.geometry() == QRect(30, 60, 1100, 700))
    first.close_quietly()
    saved = saved_geometry(_settings(tmp_path))
    assert saved is not None and not saved.maximised
    assert saved.geometry == QRect(30, 60, 1100, 700)
    second = window()
    assert second.geometry() == QRect(30, 60, 1100, 700)
    assert not second.windowState() & Qt.WindowState.WindowMaximized


def test_the_default_settings_are_never_the_users_own(private_settings: Path) -> None:
    from ui.window_geometry import app_settings

    assert Path(app_settings().fileName()).is_relative_to(private_settings)
