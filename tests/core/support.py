"""Shared by the intake tests: a clock the test moves by hand."""

from __future__ import annotations

from datetime import datetime


class FakeClock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now
