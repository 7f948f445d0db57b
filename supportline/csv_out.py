"""The one CSV writer of the app: every CSV it writes goes through :func:`csv_text`.

A spreadsheet treats a cell that starts with ``=``, ``+``, ``-`` or ``@`` as a formula, and a
leading tab or carriage return can hide one (CSV injection): an organisation named
``=HYPERLINK(...)`` would otherwise run as a link in the service manager's Excel. Such cells are
written with a leading apostrophe, which spreadsheets show as text and do not evaluate; a carriage
return inside a cell becomes a line feed, which the writer quotes.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def safe_cell(value: object) -> str:
    text = "" if value is None else str(value)
    # Python's csv quotes a field with a line feed but not one with a bare carriage return,
    # which a spreadsheet takes as the end of the row: a cell could start a row of its own.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def csv_text(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([safe_cell(name) for name in header])
    writer.writerows([safe_cell(value) for value in row] for row in rows)
    return buffer.getvalue()
