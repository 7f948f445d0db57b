"""The services of one unlocked session, built in one place (the composition root)."""

from __future__ import annotations

from dataclasses import dataclass

from supportline.services.settings import SettingsService
from supportline.services.users import UserService
from supportline.session import Session


@dataclass(frozen=True)
class Services:
    """Constructing a service touches no store; calling one must happen on the task runner."""

    session: Session
    users: UserService
    settings: SettingsService

    @classmethod
    def for_session(cls, session: Session) -> Services:
        return cls(session=session, users=UserService(session), settings=SettingsService(session))
