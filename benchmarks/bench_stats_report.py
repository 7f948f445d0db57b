"""The quarterly statistics report at scale, beside the same GROUP BYs on plain SQLite.

The demo generator builds encrypted stores with ``scale`` synthetic clients and fills stats.db
with the statistical records of that history. Two operations are timed for the last complete
quarter and the last complete financial year:

- the whole report, ``ReportService.quarterly(period)``: every catalogue table through disclosure
  control, the PDF with its charts, and the audit entry;
- building the tables alone (``ReportService.quarterly_outputs``), without the PDF: the joint
  protection of the period (a financial year with its four quarters) afresh on every run.

The floor is the catalogue's counting queries (one GROUP BY of stat_counts per table) on a
plain SQLite copy of stats.db, made with ``sqlcipher_export`` into a temporary
directory that is deleted afterwards (benchmark data only, all fictional).
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
from datetime import date
from functools import partial
from pathlib import Path

from supportline.db.engine import driver
from supportline.demo import create_demo
from supportline.keystore import KDF_ENV
from supportline.session import Session, unlock
from supportline.statistics.catalogue import CATALOGUE, TableDef, parse_period
from supportline.statistics.families import clear_cache
from supportline.statistics.reports import ReportService

from .common import Result, median_ms

PASSWORD = "benchmark password"


def _plain_copy(session: Session, target: Path) -> None:
    raw = session.stats.raw_connection()
    try:
        conn = driver(raw)
        conn.execute("ATTACH DATABASE ? AS plain KEY ''", (str(target),))
        conn.execute("SELECT sqlcipher_export('plain')").fetchall()
        conn.execute("DETACH DATABASE plain")
    finally:
        raw.close()


def floor_sql(definition: TableDef, quarters: tuple[str, ...]) -> tuple[str, list[str]]:
    """The catalogue's counting query for one table, as plain SQL with its parameters."""
    marks = ", ".join("?" for _ in quarters)
    return (
        'SELECT "row", "column", sum(n), sum(key_sum) FROM stat_counts '
        f'WHERE table_code = ? AND quarter IN ({marks}) GROUP BY "row", "column"',
        [definition.code, *quarters],
    )


def _periods(today: date) -> tuple[str, str]:
    """The last complete quarter and the last complete financial year before ``today``."""
    quarter = (today.month - 1) // 3 + 1
    year = today.year
    quarter, year = (4, year - 1) if quarter == 1 else (quarter - 1, year)
    fy = today.year - (2 if today.month < 4 else 1)
    return f"{year}Q{quarter}", f"FY{fy}"


def run(scale: int, repeat: int = 7) -> list[Result]:
    os.environ.setdefault(KDF_ENV, "8192,1,1")
    os.environ.setdefault("SUPPORTLINE_TEST_MODE", "1")  # which the cheap cost needs
    results = []
    today = date.today()
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        create_demo(data, PASSWORD, seed=1, clients=scale, today=today)
        manager = unlock(data, "manager", PASSWORD)
        try:
            plain_path = Path(tmp) / "plain-stats.db"
            _plain_copy(manager, plain_path)
            plain = sqlite3.connect(plain_path)
            plain.execute("PRAGMA cache_size=-65536")
            reports = ReportService(manager)
            for period_text in _periods(today):
                period = parse_period(period_text)
                queries = [floor_sql(d, period.quarters) for d in CATALOGUE.values()]

                def floor(queries: list[tuple[str, list[str]]] = queries) -> None:
                    for sql, params in queries:
                        plain.execute(sql, params).fetchall()

                floor_ms = median_ms(floor, repeat, warmup=2)
                def uncached(fn, code: str = period.code):  # type: ignore[no-untyped-def]
                    # Each run protects the period afresh: a cached result times nothing.
                    def timed() -> object:
                        clear_cache()
                        return fn(code)

                    return timed

                report_ms = median_ms(uncached(reports.quarterly), repeat)
                tables_ms = median_ms(uncached(reports.quarterly_outputs), repeat)
                size = len(reports.quarterly(period.code))
                label = f"{len(CATALOGUE)} tables"
                results.append(
                    Result(
                        f"stats report {period.code} ({label} + PDF, {size // 1024} KiB) "
                        f"at {scale:,} clients",
                        report_ms,
                        floor_ms,
                    )
                )
                results.append(
                    Result(
                        f"stats report {period.code} tables only ({label}) at {scale:,} clients",
                        tables_ms,
                        floor_ms,
                    )
                )
            plain.close()
        finally:
            manager.close()
    return results
