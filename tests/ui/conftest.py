"""Fixtures for the Qt tests: a real task runner per test, fake clocks, sessions on the DB thread.

Every runner is shut down (its thread joined) when its test ends, and every session opened here
is locked on the database thread first. Nothing is shared between tests.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import PASSWORDS

UI_TESTS = Path(__file__).resolve().parent

# The offscreen platform cannot raise windows or propagate size hints; that says nothing
# about our code, so these are the only Qt warnings these tests tolerate.
OFFSCREEN_NOISE = r"This plugin does not support (propagateSizeHints|raise)\(\)"


@pytest.fixture(autouse=True)
def private_settings(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Every test's QSettings live in a fresh directory of its own, never the user's."""
    from PySide6.QtCore import QSettings

    path = tmp_path_factory.mktemp("settings")
    for scope in (QSettings.Scope.UserScope, QSettings.Scope.SystemScope):
        QSettings.setPath(QSettings.Format.IniFormat, scope, str(path))
    yield path


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if UI_TESTS in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.qt_log_ignore(OFFSCREEN_NOISE))


class FakeClock:
    """Wall-clock time for the core (aware UTC datetimes) that only moves when told."""

    def __init__(self) -> None:
        self.now = datetime(2025, 3, 3, 10, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


class FakeMonotonic:
    """Monotonic seconds for the idle monitor."""

    def __init__(self) -> None:
        self.value = 1000.0

    def __call__(self) -> float:
        return self.value

    def advance(self, seconds: float) -> None:
        self.value += seconds


@pytest.fixture
def fake_clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def fake_monotonic() -> FakeMonotonic:
    return FakeMonotonic()


@pytest.fixture
def runner(qtbot: Any) -> Iterator[Any]:
    """Depends on qtbot so it is torn down before qtbot closes the widgets."""
    from ui.task_runner import TaskRunner

    task_runner = TaskRunner()
    yield task_runner
    task_runner.shutdown()
    assert not task_runner._thread.isRunning()


def run_on_db(qtbot: Any, runner: Any, fn: Callable[[], Any], timeout: int = 10_000) -> Any:
    """Run ``fn`` on the database thread and wait for its outcome (raised if it failed)."""
    outcome: dict[str, Any] = {}
    runner.submit(
        fn,
        lambda value: outcome.setdefault("value", value),
        lambda error: outcome.setdefault("error", error),
    )
    qtbot.waitUntil(lambda: bool(outcome), timeout=timeout)
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


@pytest.fixture
def open_session(qtbot: Any, runner: Any) -> Iterator[Callable[..., Any]]:
    """``open_session(path, username)``: unlock on the database thread; locked at teardown."""
    from supportline.session import unlock

    sessions: list[Any] = []

    def opener(path: Path, username: str, password: str | None = None, **kwargs: Any) -> Any:
        secret = password if password is not None else PASSWORDS[username]
        session = run_on_db(qtbot, runner, lambda: unlock(path, username, secret, **kwargs))
        sessions.append(session)
        return session

    yield opener
    for session in sessions:
        if not runner.is_shut_down:
            run_on_db(qtbot, runner, session.lock)


@pytest.fixture
def admin_services(data_dir: Path, open_session: Callable[..., Any]) -> Any:
    from ui.services import Services

    return Services.for_session(open_session(data_dir, "admin"))


@pytest.fixture
def staffed_admin_services(staffed_dir: Path, open_session: Callable[..., Any]) -> Any:
    from ui.services import Services

    return Services.for_session(open_session(staffed_dir, "admin"))
