"""Help: a guide per workspace on F1, and a list of the keyboard shortcuts the window really has."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut

from tests.ui.conftest import run_on_db

DEMO_PASSWORD = "demo password 1"


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from supportline.demo import create_demo

    path = tmp_path_factory.mktemp("help") / "demo"
    create_demo(path, DEMO_PASSWORD, clients=40)
    return path


@pytest.fixture
def demo(demo_template: Path, tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "demo"
    shutil.copytree(demo_template, path)
    yield path


def _window(qtbot: Any, runner: Any, open_session: Any, path: Path, username: str) -> Any:
    from ui.main_window import MainWindow
    from ui.services import Services

    session = open_session(path, username, DEMO_PASSWORD)
    window = MainWindow(session, Services.for_session(session), runner)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window


# -- guides ------------------------------------------------------------------------------------


def test_every_workspace_has_a_guide_that_starts_with_its_title() -> None:
    from ui.guide_dialog import guide_text
    from ui.main_window import PAGES

    for page in PAGES:
        text = guide_text(page.page_id)
        assert text.splitlines()[0] == f"# {page.title()}", page.page_id
        assert len(text.split()) > 80, f"{page.page_id}: a guide says something useful"
        # Shipped with the app and self-contained: no links to anywhere.
        assert not re.search(r"https?://|www\.|\]\(", text), page.page_id


def test_an_unknown_page_has_no_guide() -> None:
    from ui.guide_dialog import GuideMissing, guide_text

    for page_id in ("nowhere", "../reference/SOURCES", ""):
        with pytest.raises(GuideMissing):
            guide_text(page_id)


@pytest.mark.parametrize("username", ["admin", "counsellor"])
def test_f1_opens_the_guide_of_the_page_on_screen(
    qtbot: Any, runner: Any, open_session: Any, demo: Path, username: str
) -> None:
    from ui.guide_dialog import guide_text

    window = _window(qtbot, runner, open_session, demo, username)
    assert window.guide_action.shortcut() == QKeySequence(QKeySequence.StandardKey.HelpContents)
    assert (
        window.guide_action
        in window.findChild(type(window.menuBar().actions()[0].menu()), "help_menu").actions()
    )
    for page_id in window.page_ids():
        window.show_page(page_id)
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow)
        qtbot.keyClick(window.navigation_list, Qt.Key.Key_F1)
        dialog = window.guide_dialog
        assert dialog is not None and dialog.isVisible()
        assert dialog.page_id == page_id
        title = window.page_title(page_id)
        assert dialog.windowTitle() == f"Guide: {title}"
        shown = dialog.browser.toPlainText()
        assert shown.startswith(title)
        intro = _plain_words(guide_text(page_id).split("\n\n")[1])
        start = len(title.split())
        assert shown.split()[start : start + len(intro)] == intro
        assert not dialog.browser.openLinks() and not dialog.browser.openExternalLinks()


def _plain_words(markdown: str) -> list[str]:
    return re.sub(r"[#*\\]", "", markdown).split()


def test_every_role_reaches_every_guide_of_its_pages(
    qtbot: Any, runner: Any, open_session: Any, demo: Path
) -> None:
    from ui.main_window import PAGES

    seen: set[str] = set()
    for username in ("admin", "handler", "counsellor", "manager"):
        window = _window(qtbot, runner, open_session, demo, username)
        for page_id in window.page_ids():
            window.show_page(page_id)
            window.guide_action.trigger()
            assert window.guide_dialog.page_id == page_id
            assert "no guide" not in window.guide_dialog.browser.toPlainText()
            seen.add(page_id)
        window.guide_dialog.close()
    assert seen == {page.page_id for page in PAGES}


# -- keyboard shortcuts ------------------------------------------------------------------------


def _every_key_in(window: Any) -> set[tuple[str, str]]:
    """(keys, what they do) for every action and QShortcut under the window, found here."""
    from ui.shortcuts_dialog import keys_text

    found = set()
    for action in window.findChildren(QAction):
        for sequence in action.shortcuts():
            if not sequence.isEmpty():
                found.add((keys_text(sequence), action.text().replace("&", "").rstrip("…")))
    for shortcut in window.findChildren(QShortcut):
        found.add((keys_text(shortcut.key()), shortcut.whatsThis()))
    return found


def _listed(window: Any, qtbot: Any) -> set[tuple[str, str]]:
    from ui.shortcuts_dialog import ShortcutsDialog

    dialog = ShortcutsDialog(window.shortcuts(), window)
    qtbot.addWidget(dialog)
    rows = dialog.rows()
    assert all(row.keys and row.description for row in rows), rows
    return {(row.keys, row.description) for row in rows}


def _open_forms(qtbot: Any, runner: Any, window: Any, username: str) -> None:
    """Open the forms a role works in, so their own shortcuts exist too."""
    if "calls" in window.pages:
        window.show_page("calls")
        window.pages["calls"].open_form()
    if "caseload" in window.pages:
        caseload = window.pages["caseload"]
        window.show_page("caseload")
        qtbot.waitUntil(lambda: caseload.model.rowCount() > 0, timeout=20_000)
        caseload.open_case(caseload.model.rows()[0].item)
        qtbot.waitUntil(lambda: runner.pending == 0, timeout=20_000)
    if "clients" in window.pages:
        clients = window.pages["clients"]
        client_id = run_on_db(qtbot, runner, lambda: _first_client_id(window.session))
        with qtbot.waitSignal(clients.record_opened, timeout=20_000):
            clients.open_client(client_id)


def _first_client_id(session: Any) -> int:
    from sqlalchemy import select

    from supportline.db import schema

    with session.case.connect() as conn:
        return int(conn.execute(select(schema.clients.c.id).limit(1)).scalar_one())


@pytest.mark.parametrize("username", ["admin", "handler", "counsellor", "manager"])
def test_the_shortcuts_dialog_lists_every_shortcut_the_window_has(
    qtbot: Any, runner: Any, open_session: Any, demo: Path, username: str
) -> None:
    window = _window(qtbot, runner, open_session, demo, username)
    _open_forms(qtbot, runner, window, username)
    keys = _every_key_in(window)
    listed = _listed(window, qtbot)
    assert all(description for _keys, description in keys), "a shortcut says what it does"
    assert keys <= listed
    # The window-wide keys are there for everyone, with the page jumps in page order.
    for action in (window.lock_action, window.quit_action, window.guide_action):
        assert action.shortcut().toString(QKeySequence.SequenceFormat.NativeText) in {
            k for k, _ in listed
        }
    titles = [
        window.navigation_list.item(row).text() for row in range(window.navigation_list.count())
    ]
    for number, title in enumerate(titles, start=1):
        assert (f"Ctrl+{number}", f"Go to {title}") in listed


def test_form_shortcuts_are_listed_under_their_workspace(
    qtbot: Any, runner: Any, open_session: Any, demo: Path
) -> None:
    window = _window(qtbot, runner, open_session, demo, "counsellor")
    _open_forms(qtbot, runner, window, "counsellor")
    rows = window.shortcuts()
    caseload = {(row.keys, row.description) for row in rows if row.section == "Caseload"}
    assert ("Esc", "Back to the caseload") in caseload
    assert ("Alt+1", "Show the case's Assessment tab") in caseload
    assert ("Ctrl+S", "Save the assessment") in caseload
    everywhere = [row for row in rows if row.section == "Everywhere"]
    assert rows[: len(everywhere)] == everywhere  # listed first


def test_the_help_menu_opens_the_shortcuts_dialog(
    qtbot: Any, runner: Any, open_session: Any, demo: Path, monkeypatch: Any
) -> None:
    from ui.shortcuts_dialog import ShortcutsDialog

    window = _window(qtbot, runner, open_session, demo, "manager")
    shown: list[Any] = []
    monkeypatch.setattr(
        ShortcutsDialog, "ask", classmethod(lambda cls, parent, entries: shown.append(entries))
    )
    window.shortcuts_action.trigger()
    assert shown == [window.shortcuts()]
    assert window.shortcuts_action in window.menuBar().actions()[-1].menu().actions()
