"""UK display conventions: dates DD/MM/YYYY in Europe/London time."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import QByteArray, QDateTime, QTimeZone

_LONDON = QTimeZone(QByteArray(b"Europe/London"))
LONDON_ZONE = _LONDON if _LONDON.isValid() else QTimeZone.utc()


def to_london(moment: datetime) -> QDateTime:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    utc = QDateTime.fromSecsSinceEpoch(int(moment.timestamp()), QTimeZone.utc())
    return utc.toTimeZone(_LONDON) if _LONDON.isValid() else utc


def format_date(moment: datetime | None) -> str:
    return "" if moment is None else to_london(moment).toString("dd/MM/yyyy")


def format_date_time(moment: datetime | None) -> str:
    return "" if moment is None else to_london(moment).toString("dd/MM/yyyy HH:mm")
