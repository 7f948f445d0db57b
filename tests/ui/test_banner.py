"""Page messages: a success clears itself after a few seconds, a problem stays until it is
dismissed or replaced, a new message replaces the old one, and a page that is left behind
drops its stale success message (so old banners never pile up across views)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QStackedWidget, QVBoxLayout, QWidget


@pytest.fixture
def quick(monkeypatch: pytest.MonkeyPatch) -> int:
    """Success messages clear after 30 ms instead of seconds (the seam tests use)."""
    from ui.banner_widget import BannerWidget

    monkeypatch.setattr(BannerWidget, "success_ms", 30)
    return 30


_hosts: list[QWidget] = []


@pytest.fixture(autouse=True)
def _forget_hosts() -> Any:
    yield
    _hosts.clear()


def _banners(qtbot: Any, count: int) -> list[Any]:
    from ui.banner_widget import BannerWidget

    host = QWidget()
    qtbot.addWidget(host)
    layout = QVBoxLayout(host)
    banners = [BannerWidget() for _ in range(count)]
    for banner in banners:
        layout.addWidget(banner)
    host.show()
    qtbot.waitExposed(host)
    _hosts.append(host)  # alive until the test ends (qtbot closes it)
    return banners


def test_a_success_message_clears_itself_and_a_problem_stays(qtbot: Any, quick: int) -> None:
    done, problem = _banners(qtbot, 2)
    problem.show_message("The venue is closed that day.", "error")
    done.show_message("Saved.", "success")
    assert done.isVisible() and done.text() == "Saved."
    qtbot.waitUntil(lambda: not done.isVisible(), timeout=2000)
    assert done.text() == "" and done.kind == ""
    assert problem.isVisible() and problem.text() == "The venue is closed that day."


def test_the_production_interval_is_a_few_seconds() -> None:
    from ui.banner_widget import BannerWidget

    assert 3000 <= BannerWidget.success_ms <= 10_000


def test_a_new_message_replaces_the_old_one(qtbot: Any, quick: int) -> None:
    banner, clock = _banners(qtbot, 2)
    banner.show_message("Saved.", "success")
    banner.show_message("Not saved: the note has locked.", "error")
    assert banner.text() == "Not saved: the note has locked."  # replaced, not appended
    clock.show_message("tick", "success")
    qtbot.waitUntil(lambda: not clock.isVisible(), timeout=2000)
    # The old success's timer must not take the problem away with it.
    assert banner.isVisible() and banner.kind == "error"


def test_a_problem_can_be_dismissed(qtbot: Any) -> None:
    (banner,) = _banners(qtbot, 1)
    banner.show_message("That cannot be done.", "error")
    assert banner.dismiss_button.isVisible()
    qtbot.mouseClick(banner.dismiss_button, Qt.MouseButton.LeftButton)
    assert not banner.isVisible() and banner.text() == ""


def test_leaving_a_page_drops_its_stale_success_but_keeps_a_problem(qtbot: Any) -> None:
    from ui.banner_widget import BannerWidget

    stack = QStackedWidget()
    qtbot.addWidget(stack)
    pages = []
    for _ in range(3):
        page = QWidget()
        page.banner = BannerWidget(page)  # type: ignore[attr-defined]
        stack.addWidget(page)
        pages.append(page)
    stack.show()
    qtbot.waitExposed(stack)
    pages[0].banner.show_message("Booked.", "success")
    stack.setCurrentIndex(1)
    pages[1].banner.show_message("The room is already booked.", "error")
    stack.setCurrentIndex(2)
    stack.setCurrentIndex(0)
    assert pages[0].banner.text() == "" and not pages[0].banner.isVisible()
    stack.setCurrentIndex(1)
    assert pages[1].banner.text() == "The room is already booked."
    assert pages[1].banner.isVisible()


def test_the_main_window_drops_its_success_message_on_another_page(
    qtbot: Any, runner: Any, staffed_dir: Path, open_session: Any
) -> None:
    from ui.main_window import MainWindow
    from ui.services import Services

    session = open_session(staffed_dir, "handler")
    window = MainWindow(session, Services.for_session(session), runner)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.show_page("waiting_list")
    window.banner.show_message("Assessment booked for 10/03/2025 10:00.", "success")
    window.show_page("diary")
    assert not window.banner.isVisible() and window.banner.text() == ""
    window.banner.show_message("Your current password is not right.", "error")
    window.show_page("clients")
    assert window.banner.isVisible()  # a problem stays until dismissed or replaced


def test_hiding_a_banner_whose_python_side_was_cleared_raises_nothing(qtbot: Any) -> None:
    """The garbage collector clears a wrapper's attributes before Qt destroys the widget, which
    hides it: the override must not fail then (seen as an error in the Qt event loop)."""
    from ui.banner_widget import BannerWidget

    banner = BannerWidget()
    qtbot.addWidget(banner)
    banner.show()
    banner.show_message("Saved.", "success")
    del banner.kind  # as tp_clear leaves it
    banner.hide()  # qt_default_raising: an exception in the override fails the test
    assert banner.isHidden()
