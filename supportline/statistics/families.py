"""The catalogue's tables of a period as one family for joint protection (:mod:`.protection`).

A quarter's tables are protected together: every table of the quarter, linked where two tables
count the same records (the same source and filters: equal totals, and equal margins over any
field both show, an organisation's group being known from the public organisation list), and a
table with stricter filters than another counting no more than it. A financial year's tables
are protected together with its four quarters, which enter as they are (or would be) published
and never change for it: the year's figures are the ones that adapt. Released tables of the
period itself also enter as they were released.

The atoms are each table's cells quarter by quarter, at their finest: an organisation folded
into "other organisations" keeps its own atoms, since the folded row is their sum.
"""

from __future__ import annotations

import csv
import hashlib
import io
import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import Connection, select

from ..db import schema
from .catalogue import OTHER_ORGANISATIONS, Period, TableDef
from .cells import ZERO, CellCount
from .disclosure import TOTAL, ProtectedTable
from .protection import Family, TableInput, protect_family

ORGANISATION = "organisation"
ORG_GROUP = "org_group"

Key = tuple[str, str]
CountsFn = Callable[[Connection, TableDef, Sequence[str]], Mapping[Key, CellCount]]


@dataclass(frozen=True)
class PeriodTable:
    """One table of the period as protection left it."""

    code: str
    rows: tuple[str, ...]
    columns: tuple[str, ...] | None
    protected: ProtectedTable
    folded: frozenset[str]


class _Builder:
    def __init__(
        self, definitions: Mapping[str, TableDef], counts_fn: CountsFn, groups: Mapping[str, str]
    ) -> None:
        self.definitions = definitions
        self.counts_fn = counts_fn
        self.groups = groups
        self.atoms: list[CellCount] = []
        # (code, quarter) -> {(raw row, column): atom index}
        self.atom_index: dict[tuple[str, str], dict[Key, int]] = {}

    def load(self, conn: Connection, quarters: Sequence[str]) -> None:
        """Every cell of every table in each quarter is an atom, its zeros included: the fixed
        categories always (a hidden 0 is unknown to an outsider), and every row or column found
        in that quarter across all the columns or rows. A label a quarter does not show had
        nothing in it and needs no atom."""
        for quarter in quarters:
            for code, definition in self.definitions.items():
                counts = self.counts_fn(conn, definition, [quarter])
                rows = list(_fixed_rows(definition))
                rows += sorted({r for r, _ in counts} - set(rows))
                columns = list(definition.columns) if definition.col_field else [TOTAL]
                columns += sorted({c for _, c in counts} - set(columns))
                index: dict[Key, int] = {}
                for row in rows:
                    for column in columns:
                        index[(row, column)] = len(self.atoms)
                        self.atoms.append(counts.get((row, column), ZERO))
                self.atom_index[(code, quarter)] = index

    def totals(self, code: str, quarters: Sequence[str]) -> dict[Key, int]:
        out: dict[Key, int] = {}
        for quarter in quarters:
            for key, i in self.atom_index[(code, quarter)].items():
                if self.atoms[i].n:
                    out[key] = out.get(key, 0) + self.atoms[i].n
        return out

    def fingerprint(self) -> str:
        digest = hashlib.sha256()
        for (code, quarter), index in sorted(self.atom_index.items()):
            for key, i in sorted(index.items()):
                atom = self.atoms[i]
                digest.update(f"{code}|{quarter}|{key[0]}|{key[1]}|{atom.n}|{atom.key}\n".encode())
        return digest.hexdigest()


def _fixed_rows(definition: TableDef) -> tuple[str, ...]:
    """The rows a table always shows, whatever was counted."""
    if definition.source == "evaluation":
        from .evaluation_questions import question_texts

        return tuple(code for code, _ in question_texts(dict(definition.where)["form"]))
    return tuple(definition.rows)


def _shape(
    definition: TableDef,
    found: Mapping[Key, int],
    threshold: int,
    shown: Sequence[str] | None = None,
) -> tuple[tuple[str, ...], tuple[str, ...] | None, frozenset[str], dict[str, str]]:
    """Rows, columns, the organisations folded and each raw row's displayed row.

    ``shown``: for a released table, the rows it was released with."""
    display: dict[str, str] = {}
    folded: frozenset[str] = frozenset()
    raw_rows = {r for r, _ in found}
    if definition.row_field == ORGANISATION:
        if shown is not None:
            folded = frozenset(raw_rows - set(shown))
        else:
            per_row: dict[str, int] = {}
            for (r, _), n in found.items():
                per_row[r] = per_row.get(r, 0) + n
            folded = frozenset(r for r, n in per_row.items() if 0 < n < threshold)
        display = {r: OTHER_ORGANISATIONS if r in folded else r for r in raw_rows}
    else:
        display = {r: r for r in raw_rows}
    if shown is not None:
        rows = tuple(shown)
    else:
        rows_list = list(_fixed_rows(definition))
        rows_list += sorted(set(display.values()) - set(rows_list))
        rows = tuple(rows_list)
    columns: tuple[str, ...] | None = None
    if definition.col_field is not None:
        cols = list(definition.columns)
        cols += sorted({c for _, c in found} - set(cols))
        columns = tuple(cols)
    return rows, columns, folded, display


def _table_input(
    builder: _Builder,
    code: str,
    period_code: str,
    quarters: Sequence[str],
    threshold: int,
    released: Mapping[Key, int | None] | None,
    released_rows: Sequence[str] | None,
    released_columns: Sequence[str] | None,
) -> tuple[TableInput, frozenset[str]]:
    definition = builder.definitions[code]
    found = builder.totals(code, quarters)
    rows, columns, folded, display = _shape(definition, found, threshold, released_rows)
    if released is not None and definition.col_field is not None and released_columns:
        columns = tuple(released_columns)
    cells: dict[Key, set[int]] = {}
    for r in rows:
        for c in columns if columns is not None else (TOTAL,):
            cells[(r, c)] = set()
    for quarter in quarters:
        for (raw_row, column), i in builder.atom_index[(code, quarter)].items():
            key = (display.get(raw_row, raw_row), column if columns is not None else TOTAL)
            if key in cells:
                cells[key].add(i)
    table = TableInput(
        f"{code}:{period_code}",
        rows,
        columns,
        {k: frozenset(v) for k, v in cells.items()},
        dict(released) if released else None,
        group=str(getattr(definition.source, "name", definition.source)),
    )
    return table, folded


def _fields(
    definition: TableDef,
    row: str,
    column: str,
    groups: Mapping[str, str],
) -> dict[str, str]:
    values = {definition.row_field: row}
    if definition.col_field is not None:
        values[definition.col_field] = column
    if definition.row_field == ORGANISATION and row in groups:
        values[ORG_GROUP] = groups[row]
    return values


def _closure(definition: TableDef) -> frozenset[str]:
    fields = {definition.row_field}
    if definition.col_field is not None:
        fields.add(definition.col_field)
    if definition.row_field == ORGANISATION:
        fields.add(ORG_GROUP)
    return frozenset(fields)


def _links(
    builder: _Builder, quarters: Sequence[str]
) -> tuple[
    list[tuple[frozenset[int], frozenset[int]]], list[tuple[frozenset[int], frozenset[int]]]
]:
    """Equal margins between tables counting the same records, quarter by quarter, and
    "no more than" for a table whose filters are stricter than another's."""
    equal: list[tuple[frozenset[int], frozenset[int]]] = []
    at_most: list[tuple[frozenset[int], frozenset[int]]] = []
    by_source: dict[object, list[str]] = {}
    for code, definition in builder.definitions.items():
        by_source.setdefault(definition.source, []).append(code)
    for codes in by_source.values():
        for a_index, a in enumerate(codes):
            for b in codes[a_index + 1 :]:
                da, db = builder.definitions[a], builder.definitions[b]
                wa, wb = frozenset(da.where), frozenset(db.where)
                for quarter in quarters:
                    ia, ib = builder.atom_index[(a, quarter)], builder.atom_index[(b, quarter)]
                    if wa == wb:
                        common = sorted(_closure(da) & _closure(db))
                        if ORG_GROUP in common and not (
                            _all_grouped(ia, da, builder.groups)
                            and _all_grouped(ib, db, builder.groups)
                        ):
                            common.remove(ORG_GROUP)  # the sums by group would not be whole
                        left = _grouped(ia, da, common, builder.groups)
                        right = _grouped(ib, db, common, builder.groups)
                        for group in sorted(set(left) | set(right)):
                            equal.append(
                                (left.get(group, frozenset()), right.get(group, frozenset()))
                            )
                    elif (da.row_field, da.col_field) == (db.row_field, db.col_field):
                        if wa < wb:
                            small, large = ib, ia
                        elif wb < wa:
                            small, large = ia, ib
                        else:
                            continue
                        for key, i in small.items():
                            j = large.get(key)
                            at_most.append(
                                (frozenset({i}), frozenset() if j is None else frozenset({j}))
                            )
    return equal, at_most


def _all_grouped(
    index: Mapping[Key, int],
    definition: TableDef,
    groups: Mapping[str, str],
) -> bool:
    return definition.row_field != ORGANISATION or all(r in groups for r, _ in index)


def _grouped(
    index: Mapping[Key, int],
    definition: TableDef,
    common: Sequence[str],
    groups: Mapping[str, str],
) -> dict[tuple[str, ...], frozenset[int]]:
    out: dict[tuple[str, ...], set[int]] = {}
    for (row, column), i in index.items():
        values = _fields(definition, row, column, groups)
        if any(f not in values for f in common):
            continue  # an organisation whose group is unknown: no link drawn through it
        out.setdefault(tuple(values[f] for f in common), set()).add(i)
    return {k: frozenset(v) for k, v in out.items()}


def parse_released(text: str) -> tuple[list[str], list[str] | None, dict[Key, int | None]]:
    """A released table's CSV -> its rows, columns (None if one-way) and figures."""
    rows: list[str] = []
    columns: list[str] = []
    figures: dict[Key, int | None] = {}
    for record in csv.DictReader(io.StringIO(text)):
        row, column, value = record["row"], record["column"], record["value"]
        if row != TOTAL and row not in rows:
            rows.append(row)
        if column != TOTAL and column not in columns:
            columns.append(column)
        figures[(row, column)] = None if value == "*" else int(value)
    return rows, (columns or None), figures


_cache: OrderedDict[str, dict[str, PeriodTable]] = OrderedDict()
_cache_lock = threading.Lock()
CACHE_SIZE = 24


def clear_cache() -> None:
    """Forget every period protected so far (benchmarks time the protection itself)."""
    with _cache_lock:
        _cache.clear()


def protect_period(
    conn: Connection,
    period: Period,
    definitions: Mapping[str, TableDef],
    counts_fn: CountsFn,
    threshold: int,
    parse: Callable[[str], Period],
    released: Mapping[tuple[str, str], str],
) -> dict[str, PeriodTable]:
    """Every catalogue table of ``period``, protected jointly (see the module docstring).

    ``released``: (code, period code) -> the CSV as released, for every release on record."""
    groups = organisation_groups(conn)
    builder = _Builder(definitions, counts_fn, groups)
    builder.load(conn, period.quarters)
    nested = len(period.quarters) > 1
    periods = {period.code, *period.quarters}
    releases = sorted(
        f"{code}:{code_period}={hashlib.sha256(text.encode()).hexdigest()}"
        for (code, code_period), text in released.items()
        if code_period in periods
    )
    groups_seen = sorted(f"{name}>{group}" for name, group in groups.items())
    digest = hashlib.sha256(
        "|".join(
            [period.code, str(threshold), builder.fingerprint(), *releases, *groups_seen]
        ).encode()
    ).hexdigest()
    with _cache_lock:
        if digest in _cache:
            _cache.move_to_end(digest)
            return _cache[digest]
    quarter_tables: dict[tuple[str, str], PeriodTable] = {}
    if nested:
        for quarter in period.quarters:
            for code, done in protect_period(
                conn, parse(quarter), definitions, counts_fn, threshold, parse, released
            ).items():
                quarter_tables[(code, quarter)] = done
    tables: list[TableInput] = []
    folded_of: dict[str, frozenset[str]] = {}
    for quarter in period.quarters if nested else ():
        for code in definitions:
            done = quarter_tables[(code, quarter)]
            figures = {k: c.value for k, c in done.protected.cells.items()}
            fixed, _ = _table_input(
                builder, code, quarter, [quarter], threshold, figures, done.rows, done.columns
            )
            tables.append(fixed)
    targets: list[str] = []
    for code in definitions:
        text = released.get((code, period.code))
        if text is not None:
            rows, columns, figures = parse_released(text)
            table, folded = _table_input(
                builder, code, period.code, period.quarters, threshold, figures, rows, columns
            )
        else:
            table, folded = _table_input(
                builder, code, period.code, period.quarters, threshold, None, None, None
            )
        folded_of[code] = folded
        tables.append(table)
        targets.append(table.name)
    equal, at_most = _links(builder, period.quarters)
    protected = protect_family(Family(builder.atoms, tables, equal, at_most), threshold)
    by_name = {t.name: t for t in tables}
    result = {
        code: PeriodTable(
            code,
            by_name[f"{code}:{period.code}"].rows,
            by_name[f"{code}:{period.code}"].columns,
            protected[f"{code}:{period.code}"],
            folded_of[code],
        )
        for code in definitions
    }
    with _cache_lock:
        _cache[digest] = result
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)
    return result


def organisation_groups(conn: Connection) -> dict[str, str]:
    """Each organisation's group, as the public organisation list says (from the records)."""
    from .store import ORGANISATION_GROUPS

    seen: dict[str, set[str]] = {}
    c = schema.stat_counts.c
    pairs = select(c.row, c.column).where(c.table_code == ORGANISATION_GROUPS).distinct()
    for name, group in conn.execute(pairs):
        if name is not None and group is not None:
            seen.setdefault(str(name), set()).add(str(group))
    # Only organisations of one group ("not stated" may be anyone's).
    return {name: next(iter(found)) for name, found in seen.items() if len(found) == 1}
