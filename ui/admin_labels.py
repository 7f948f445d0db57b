"""Translated names for the core identifiers shown on the administration pages."""

from __future__ import annotations

from datetime import date, time

from PySide6.QtCore import QCoreApplication

_CONTEXT = "admin_labels"

WEEKDAYS = range(7)  # Monday is 0, as in datetime


def _tr(text: str) -> str:
    return QCoreApplication.translate(_CONTEXT, text)


def org_group_label(code: str) -> str:
    names = {"kcc": _tr("KCC"), "school": _tr("School"), "other": _tr("Other employer")}
    return names.get(code, code)


def phase_label(code: str | None) -> str:
    if not code:
        return ""
    names = {
        "early_years": _tr("Early years"),
        "primary": _tr("Primary"),
        "secondary": _tr("Secondary"),
        "special": _tr("Special"),
    }
    return names.get(code, code)


def weekday_label(weekday: int) -> str:
    names = (_tr("Monday"), _tr("Tuesday"), _tr("Wednesday"), _tr("Thursday"), _tr("Friday"),
             _tr("Saturday"), _tr("Sunday"))
    return names[weekday] if 0 <= weekday < len(names) else str(weekday)


def active_label(active: bool) -> str:
    return _tr("Active") if active else _tr("Inactive")


def yes_no_label(value: bool) -> str:
    return _tr("Yes") if value else _tr("No")


def access_label(step_free: bool, hearing_loop: bool, parking: bool) -> str:
    parts = [_tr("step-free") if step_free else _tr("not step-free")]
    if hearing_loop:
        parts.append(_tr("hearing loop"))
    parts.append(_tr("parking") if parking else _tr("no parking"))
    return ", ".join(parts)


def uk_date(day: date | None) -> str:
    """DD/MM/YYYY; dates without a time need no time zone."""
    return "" if day is None else day.strftime("%d/%m/%Y")


def hh_mm(moment: time) -> str:
    return moment.strftime("%H:%M")
