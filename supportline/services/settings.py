"""Service settings kept in case.db (hours, allowance rules, idle lock, ...)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, insert, select, update

from .. import versions
from ..audit import AuditAction
from ..calendar_uk import to_local
from ..db import schema
from ..roles import Op
from ..session import Session
from ..statistics.thresholds import record_change


@dataclass(frozen=True)
class SettingSpec:
    key: str
    default: Any
    kind: type
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple[str, ...] = ()


SPECS: dict[str, SettingSpec] = {
    spec.key: spec
    for spec in (
        SettingSpec("idle_lock_minutes", 5, int, 1, 120),
        SettingSpec("line_opens", "08:30", str),
        SettingSpec("line_closes", "17:00", str),
        SettingSpec("allowance_year", "financial", str, choices=("financial", "rolling")),
        SettingSpec("counselling_limit", 7, int, 1, 52),
        SettingSpec("coaching_limit", 6, int, 1, 52),
        SettingSpec("mediation_limit", 4, int, 1, 52),
        SettingSpec("dna_counts", True, bool),
        SettingSpec("late_cancel_hours", 24, int, 0, 168),
        SettingSpec("travel_gap_minutes", 30, int, 0, 240),
        SettingSpec("diary_full_names", False, bool),
        # Applies from the quarter in progress when changed; ended quarters keep theirs.
        SettingSpec("disclosure_threshold", 10, int, 8, 100),
    )
}

# Keys the store itself uses; not editable as settings.
INTERNAL = {"stats_public_key", "store_id"}


class InvalidSetting(ValueError):
    def __init__(self, key: str, reason: str) -> None:
        super().__init__(f"{key}: {reason}")
        self.key = key
        self.reason = reason


def _coerce(spec: SettingSpec, value: Any) -> Any:
    if spec.kind is bool:
        if isinstance(value, str):
            lowered = value.strip().lower()
            if lowered in {"true", "yes", "1", "on"}:
                return True
            if lowered in {"false", "no", "0", "off"}:
                return False
            raise InvalidSetting(spec.key, "not_boolean")
        return bool(value)
    if spec.kind is int:
        try:
            number = int(value)
        except (TypeError, ValueError) as exc:
            raise InvalidSetting(spec.key, "not_integer") from exc
        if (spec.minimum is not None and number < spec.minimum) or (
            spec.maximum is not None and number > spec.maximum
        ):
            raise InvalidSetting(spec.key, "out_of_range")
        return number
    text = str(value).strip()
    if spec.choices and text not in spec.choices:
        raise InvalidSetting(spec.key, "not_a_choice")
    if spec.key in {"line_opens", "line_closes"}:
        parts = text.split(":")
        if len(parts) != 2 or not all(p.isdigit() for p in parts):
            raise InvalidSetting(spec.key, "not_a_time")
        hours, minutes = int(parts[0]), int(parts[1])
        if not (0 <= hours < 24 and 0 <= minutes < 60):
            raise InvalidSetting(spec.key, "not_a_time")
        text = f"{hours:02d}:{minutes:02d}"
    return text


class SettingsService:
    def __init__(self, session: Session) -> None:
        self._session = session

    def all(self, conn: Connection | None = None) -> dict[str, Any]:
        self._session.require(Op.SETTINGS_READ)
        values = {key: spec.default for key, spec in SPECS.items()}
        with self._session.case_read(conn) as conn:
            for key, raw in conn.execute(select(schema.settings.c.key, schema.settings.c.value)):
                if key in SPECS:
                    try:
                        values[key] = _coerce(SPECS[key], json.loads(raw))
                    except (ValueError, InvalidSetting):
                        values[key] = SPECS[key].default  # a damaged value falls back safely
        return values

    def get(self, key: str) -> Any:
        return self.all()[key]

    def update(self, changes: dict[str, Any], seen: dict[str, Any] | None = None) -> dict[str, Any]:
        """Validate every change first; write all or nothing, audited. With ``seen`` (the
        values the form was filled from), refused with EditConflict if anyone changed one of
        the settings being saved since."""
        self._session.require(Op.SETTINGS_WRITE)
        cleaned: dict[str, Any] = {}
        for key, value in changes.items():
            if key not in SPECS:
                raise InvalidSetting(key, "unknown")
            cleaned[key] = _coerce(SPECS[key], value)
        with self._session.case_tx() as conn:
            if seen is not None:
                current = self.all(conn)
                read = {key: seen[key] for key in cleaned if key in seen}
                conflict = versions.conflict("settings", "", read, current)
                if conflict.changed:
                    raise conflict
            for key, value in cleaned.items():
                encoded = json.dumps(value)
                updated = conn.execute(
                    update(schema.settings)
                    .where(schema.settings.c.key == key)
                    .values(value=encoded)
                )
                if updated.rowcount == 0:
                    conn.execute(insert(schema.settings).values(key=key, value=encoded))
                self._session.audit_case(conn, AuditAction.SETTINGS_CHANGED, "setting", key)
        if "disclosure_threshold" in cleaned:
            publish_threshold(self._session, int(cleaned["disclosure_threshold"]))
        return self.all()


def publish_threshold(session: Session, threshold: int) -> str | None:
    """The statistics side reads the threshold from stats.db (it holds no case key). The new
    value applies from the quarter in progress today (:mod:`..statistics.thresholds`): quarters
    that have ended keep theirs. Returns that quarter, or ``None`` without the statistics store."""
    session.require(Op.SETTINGS_WRITE)
    if session.stats_engine is None:
        return None
    with session.stats_tx() as conn:
        quarter = record_change(conn, threshold, to_local(session.clock()).date())
        session.audit_stats(
            conn, AuditAction.SETTINGS_CHANGED, "setting", f"disclosure_threshold:{quarter}"
        )
    return quarter
