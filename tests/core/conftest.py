"""Fixtures shared by the intake tests (clients, eligibility, allowance, cases, intake): one
store with a user per role, built once per module and copied for each test, opened with a fake
clock set to the module's ``NOW``. Modules with their own fixtures of these names keep theirs."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from supportline.roles import Role
from supportline.services.users import UserService
from supportline.session import Session, init_store, unlock
from tests.conftest import ADMIN_PASSWORD, PASSWORDS
from tests.core.support import FakeClock

DEFAULT_NOW = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)


@pytest.fixture
def clock(request: pytest.FixtureRequest) -> FakeClock:
    return FakeClock(getattr(request.module, "NOW", DEFAULT_NOW))


@pytest.fixture(scope="module")
def template_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One store with admin, handler, counsellor and manager, built once and copied per test."""
    path = tmp_path_factory.mktemp("template") / "data"
    init_store(path, "admin", ADMIN_PASSWORD, display_name="Ada Admin")
    session = unlock(path, "admin", ADMIN_PASSWORD)
    try:
        users = UserService(session)
        for username, role in (
            ("handler", Role.CALL_HANDLER),
            ("counsellor", Role.COUNSELLOR),
            ("manager", Role.SERVICE_MANAGER),
        ):
            users.add_user(
                username, username.title(), [role], PASSWORDS[username], must_change_password=False
            )
    finally:
        session.close()
    return path


@pytest.fixture
def store(template_dir: Path, tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(template_dir, target)
    return target


@pytest.fixture
def open_as(store: Path, clock: FakeClock) -> Iterator[Callable[..., Session]]:
    opened: list[Session] = []

    def _open(username: str, password: str | None = None) -> Session:
        session = unlock(store, username, password or PASSWORDS[username], clock=clock)
        opened.append(session)
        return session

    yield _open
    for session in opened:
        session.close()


@pytest.fixture
def handler(open_as: Callable[..., Session]) -> Session:
    return open_as("handler")


@pytest.fixture
def admin(open_as: Callable[..., Session]) -> Session:
    return open_as("admin")
