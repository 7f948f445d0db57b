"""Display formats for booking and diaries: "Mon 23/11/2026", "10:00", "3.2 km" (UK, London)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from PySide6.QtCore import QCoreApplication

from supportline.calendar_uk import LONDON

from .labels import weekday_short_label

_CONTEXT = "booking_format"


def _tr(text: str) -> str:
    return QCoreApplication.translate(_CONTEXT, text)


def london(moment: datetime) -> datetime:
    """Aware UTC (or naive UTC) to London wall-clock; a naive local diary time is kept."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(LONDON)


def format_day(day: date) -> str:
    return f"{weekday_short_label(day.weekday())} {day.strftime('%d/%m/%Y')}"


def format_day_of(moment: datetime) -> str:
    return format_day(london(moment).date())


def format_clock(moment: datetime) -> str:
    return london(moment).strftime("%H:%M")


def format_wall_clock(moment: datetime) -> str:
    """A diary time already in London wall-clock (naive or aware)."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(LONDON)
    return moment.strftime("%H:%M")


def format_km(km: float | None) -> str:
    if km is None:
        return ""
    return _tr("{distance} km").format(distance=f"{km:.1f}")


def format_limit_km(km: float | None) -> str:
    """A distance limit as typed: 15 rather than 15.0."""
    return "" if km is None else f"{km:g}"
