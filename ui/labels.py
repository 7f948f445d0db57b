"""Translated names for core identifiers: roles, rotation stages, settings, workspaces."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QCoreApplication

from supportline.roles import Role

_CONTEXT = "labels"


def _tr(text: str) -> str:
    return QCoreApplication.translate(_CONTEXT, text)


def role_label(role: Role) -> str:
    names = {
        Role.CALL_HANDLER: _tr("Call handler"),
        Role.COUNSELLOR: _tr("Counsellor"),
        Role.SERVICE_MANAGER: _tr("Service manager"),
        Role.ADMINISTRATOR: _tr("Administrator"),
    }
    return names[role]


ROLE_ORDER = (Role.CALL_HANDLER, Role.COUNSELLOR, Role.SERVICE_MANAGER, Role.ADMINISTRATOR)


def roles_label(roles: Iterable[Role]) -> str:
    held = set(roles)
    return ", ".join(role_label(role) for role in ROLE_ORDER if role in held)


def stage_label(stage: str) -> str:
    stages = {
        "prepare": _tr("Preparing new keys…"),
        "case": _tr("Re-encrypting the case store…"),
        "stats": _tr("Re-encrypting the statistics store…"),
        "finish": _tr("Finishing…"),
    }
    return stages.get(stage, _tr("Working…"))


def setting_label(key: str) -> str:
    labels = {
        "idle_lock_minutes": _tr("Lock after idle (minutes)"),
        "line_opens": _tr("Line opens at"),
        "line_closes": _tr("Line closes at"),
        "allowance_year": _tr("Allowance year"),
        "counselling_limit": _tr("Counselling sessions allowed"),
        "coaching_limit": _tr("Coaching sessions allowed"),
        "mediation_limit": _tr("Mediation sessions allowed"),
        "dna_counts": _tr("Did-not-attend counts as a session"),
        "late_cancel_hours": _tr("Late cancellation (hours before)"),
        "travel_gap_minutes": _tr("Travel gap between venues (minutes)"),
        "diary_full_names": _tr("Show full client names in diaries"),
        "disclosure_threshold": _tr("Statistics disclosure threshold"),
    }
    return labels.get(key, key)


def choice_label(key: str, choice: str) -> str:
    choices = {
        ("allowance_year", "financial"): _tr("Financial year (April to March)"),
        ("allowance_year", "rolling"): _tr("Rolling 12 months"),
    }
    return choices.get((key, choice), choice)
