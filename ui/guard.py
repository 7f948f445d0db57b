"""Drop a result that arrives after its widget was deleted (e.g. the app locked meanwhile)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject


def alive_only(owner: QObject, callback: Callable[[Any], None]) -> Callable[[Any], None]:
    def guarded(value: Any) -> None:
        if shiboken6.isValid(owner):
            callback(value)

    return guarded
