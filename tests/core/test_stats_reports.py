"""Statistics reports as PDF: protected figures only, the protection note, numbers that match the
exported CSV, and an organisation's usage report that names no other organisation."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pypdf
import pytest
from sqlalchemy import select

from supportline import cli
from supportline.audit import AuditAction
from supportline.db import schema
from supportline.demo import create_demo
from supportline.errors import PermissionDenied
from supportline.session import Session, unlock
from supportline.statistics.catalogue import CATALOGUE, StatisticsService, TableOutput
from supportline.statistics.disclosure import TOTAL
from supportline.statistics.protection import protect_table as protect
from supportline.statistics.reports import (
    ReportService,
    UnknownOrganisation,
    key_figures,
    label,
    organisation_slice,
    quarterly_report_pdf,
    share,
    usage_report_pdf,
)

PASSWORD = "demo password 1"
TODAY = date(2026, 2, 10)
PERIOD = "FY2025"
NOTE_PHRASES = (
    "How these figures are protected",
    "Any count under 10 is hidden and shown as *",
    "fewer than 10 in all, zeros included",
    "moved by up to 2 either way",
    "may not add up",
    "Percentages are given only where the count they are out of is at least 10",
    "narrowed down to less than a range 10 wide",
)
# Tables whose row labels print on one line, so each row reads back as consecutive lines.
SHORT_LABELS = [
    code
    for code in CATALOGUE
    if not code.startswith("evaluation_")
    and code not in ("usage_by_organisation",)
    and code != "sessions_by_organisation"
]


def pdf_text(pdf: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return "\n".join(page.extract_text() for page in reader.pages)


def lines_of(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def contains_run(lines: list[str], run: list[str]) -> bool:
    n = len(run)
    return any(lines[i : i + n] == run for i in range(len(lines) - n + 1))


def printed(value: str) -> str:
    return value if value == "*" else f"{int(value):,}"


def csv_rows(text: str) -> dict[str, dict[str, str]]:
    rows: dict[str, dict[str, str]] = {}
    for record in csv.DictReader(io.StringIO(text)):
        rows.setdefault(record["row"], {})[record["column"]] = record["value"]
    return rows


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("stats_reports") / "data"
    create_demo(path, PASSWORD, seed=11, clients=200, today=TODAY)
    return path


@pytest.fixture
def manager(demo_dir: Path) -> Iterator[Session]:
    session = unlock(demo_dir, "manager", PASSWORD)
    yield session
    session.close()


# -- pure functions -----------------------------------------------------------------------------


def _output(code: str, counts: dict[tuple[str, str], int]) -> TableOutput:
    definition = CATALOGUE[code]
    columns = list(definition.columns) if definition.col_field else None
    table = protect(list(definition.rows), columns, counts)
    return TableOutput(code, definition.title, "2026Q1", table, definition.note)


def test_small_counts_print_as_a_star_and_the_note_is_there() -> None:
    outcomes = _output(
        "outcomes",
        {
            ("reliable_recovery", TOTAL): 43,
            ("recovery", TOTAL): 3,
            ("no_reliable_change", TOTAL): 31,
        },
    )
    sessions = _output(
        "sessions_by_status",
        {("counselling", "attended"): 120, ("counselling", "dna"): 4, ("coaching", "attended"): 22},
    )
    pdf = quarterly_report_pdf([outcomes, sessions], "2026Q1", date(2026, 4, 2))
    assert pdf.startswith(b"%PDF")
    text = pdf_text(pdf)
    flat = " ".join(text.split())
    assert "Support Line: quarterly statistics 2026Q1" in flat
    assert "January to March 2026" in flat and "02/04/2026" in flat
    for phrase in NOTE_PHRASES:
        assert phrase in flat, phrase
    lines = lines_of(text)
    assert contains_run(lines, ["Recovery", "*"])  # 3 is under the threshold
    assert contains_run(lines, ["No reliable change", "*"])  # hidden to protect the 3
    # The published figures (43 and the total 77, each within 2), exactly as the table has them.
    recovered, total = (
        outcomes.table.value("reliable_recovery", TOTAL),
        outcomes.table.value(TOTAL, TOTAL),
    )
    assert recovered is not None and abs(recovered - 43) <= 2
    assert total is not None and abs(total - 77) <= 2
    assert contains_run(lines, ["Reliable recovery", str(recovered)])
    assert contains_run(lines, ["Total", str(total)])
    t = sessions.table
    for row in (*t.rows, TOTAL):
        cells = [t.cells[(row, c)] for c in (*t.columns, TOTAL)]
        assert contains_run(
            lines, [label(row), *("*" if c.suppressed else f"{c.value:,}" for c in cells)]
        )
    assert t.cells[("counselling", "dna")].suppressed and len(t.suppressed()) >= 4
    # The recovery rate needs a hidden cell, so it is not given.
    assert contains_run(lines, ["Recovery rate (recovery or reliable recovery)", "not shown"])
    assert outcomes.table.value("recovery", TOTAL) is None


def test_share_uses_published_figures_and_the_threshold() -> None:
    table = protect(["a", "b"], None, {("a", TOTAL): 12, ("b", TOTAL): 29})
    part, whole = table.value("a", TOTAL), table.value(TOTAL, TOTAL)
    assert part is not None and whole is not None
    assert share(table, [("a", TOTAL)], [(TOTAL, TOTAL)]) == round(100 * part / whole, 1)
    small = protect(["a", "b"], None, {("a", TOTAL): 0, ("b", TOTAL): 7})
    assert share(small, [("a", TOTAL)], [(TOTAL, TOTAL)]) is None
    endings = _output(
        "endings", {("planned", "counselling"): 40, ("ended_early", "counselling"): 20}
    )
    figures = {f.label: f.percent for f in key_figures([endings])}
    planned = endings.table.value("planned", TOTAL)
    everyone = endings.table.value(TOTAL, TOTAL)
    assert planned is not None and everyone is not None
    assert figures["Planned endings"] == round(100 * planned / everyone, 1)  # about 66.7


def test_labels() -> None:
    assert label("school_primary") == "School (primary)"
    assert label("dna") == "Did not attend"
    assert label("recommend", "question").startswith("I would recommend")
    assert label("St Mary's & All_Saints", "organisation") == "St Mary's & All_Saints"


def test_an_organisation_slice_keeps_the_service_wide_protection() -> None:
    rows = ["Alpha School", "Beta Council", "Gamma Trust"]
    counts = {
        ("Alpha School", "counselling"): 40,
        ("Alpha School", "coaching"): 3,
        ("Beta Council", "counselling"): 55,
        ("Beta Council", "coaching"): 12,
        ("Gamma Trust", "counselling"): 25,
    }
    table = protect(rows, ["counselling", "coaching", "mediation"], counts)
    full = TableOutput("usage_by_organisation", "t", "2026Q1", table, "")
    part = organisation_slice(full, "Alpha School")
    for service in ("counselling", "coaching", "mediation", TOTAL):
        assert part.table.cells[(service, TOTAL)] == table.cells[("Alpha School", service)]
    assert part.table.value("coaching", TOTAL) is None
    text = " ".join(pdf_text(usage_report_pdf("Alpha School", [part], "2026Q1")).split())
    assert "Alpha School" in text and "Beta" not in text and "Gamma" not in text
    empty = organisation_slice(full, "Delta Academy")
    assert empty.table.value(TOTAL, TOTAL) == 0


# -- the service, on demo data ------------------------------------------------------------------


def test_quarterly_report_matches_the_exported_csv(manager: Session) -> None:
    reports = ReportService(manager)
    pdf = reports.quarterly(PERIOD)
    text = pdf_text(pdf)
    flat = " ".join(text.split())
    assert f"Support Line: quarterly statistics {PERIOD}" in flat
    for phrase in NOTE_PHRASES:
        assert phrase in flat, phrase
    lines = lines_of(text)
    assert "*" in lines
    stats = StatisticsService(manager)
    for code in CATALOGUE:
        assert " ".join(CATALOGUE[code].title.split()) in flat, code
    for code in SHORT_LABELS:
        definition = CATALOGUE[code]
        exported = csv_rows(stats.export_csv(code, PERIOD))
        columns = [TOTAL] if definition.col_field is None else [*exported[TOTAL]]
        for row, values in exported.items():
            run = [label(row, definition.row_field), *(printed(values[c]) for c in columns)]
            assert contains_run(lines, run), (code, run)
    # The recovery rate appears only when the outcome figures allow it.
    outcomes = next(o for o in reports.quarterly_outputs(PERIOD) if o.code == "outcomes")
    rate = next(f for f in key_figures([outcomes]) if f.label.startswith("Recovery rate"))
    shown = "not shown" if rate.percent is None else f"{rate.percent:.1f}%"
    assert contains_run(lines, [rate.label, shown])


def test_quarterly_report_is_audited_as_printed(manager: Session) -> None:
    ReportService(manager).quarterly(PERIOD)
    a = schema.stats_audit.c
    with manager.stats.connect() as conn:
        last = conn.execute(
            select(a.actor, a.action, a.record_type, a.record_id).order_by(a.seq.desc()).limit(1)
        ).one()
    assert tuple(last) == ("manager", AuditAction.PRINTED, "stats_report", f"quarterly:{PERIOD}")


def test_usage_reports_name_only_their_own_organisation(manager: Session) -> None:
    reports = ReportService(manager)
    stats = StatisticsService(manager)
    organisations = reports.organisations(PERIOD)
    assert len(organisations) > 5
    referrals = csv_rows(stats.export_csv("usage_by_organisation", PERIOD))
    sessions = csv_rows(stats.export_csv("sessions_by_organisation", PERIOD))
    for organisation in organisations:
        text = pdf_text(reports.usage(organisation, PERIOD))
        flat = " ".join(text.split())
        assert organisation in flat
        assert "How these figures are protected" in flat
        for other in organisations:
            if other != organisation and other not in organisation:
                assert other not in flat, (organisation, other)
        lines = lines_of(text)
        for table, exported in ((referrals, "service"), (sessions, "status")):
            row = table.get(organisation)
            if row is None:
                continue
            for column, value in row.items():
                assert contains_run(lines, [label(column, exported), printed(value)]), (
                    organisation,
                    column,
                )
        # Tokens such as "*" stand for hidden cells; no organisation's report has a raw count.
    with pytest.raises(UnknownOrganisation):
        reports.usage("No Such Organisation", PERIOD)


def test_reports_need_the_statistics_role(demo_dir: Path) -> None:
    handler = unlock(demo_dir, "handler", PASSWORD)
    try:
        with pytest.raises(PermissionDenied):
            ReportService(handler).quarterly(PERIOD)
    finally:
        handler.close()


def test_cli_writes_both_reports(
    demo_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    monkeypatch.setenv(cli.PASSWORD_ENV, PASSWORD)
    base = ["stats", "report", "--data-dir", str(demo_dir), "--user", "manager"]
    out = tmp_path / "quarterly.pdf"
    assert cli.main([*base, "--period", PERIOD.lower(), "--out", str(out)]) == 0
    assert out.read_bytes().startswith(b"%PDF")
    assert f"for {PERIOD} to" in capsys.readouterr().out
    session = unlock(demo_dir, "manager", PASSWORD)
    try:
        organisation = ReportService(session).organisations(PERIOD)[0]
    finally:
        session.close()
    usage = tmp_path / "usage.pdf"
    code = cli.main(
        [*base, "--period", PERIOD, "--out", str(usage), "--organisation", organisation]
    )
    assert code == 0 and organisation in " ".join(pdf_text(usage.read_bytes()).split())
    capsys.readouterr()
    nobody = ["--organisation", "Nobody Ltd"]
    code = cli.main([*base, "--period", PERIOD, "--out", str(tmp_path / "x.pdf"), *nobody])
    _, err = capsys.readouterr()
    assert code == 1 and len(err.strip().splitlines()) == 1 and "Traceback" not in err
    code = cli.main([*base, "--period", "2025", "--out", str(tmp_path / "x.pdf")])
    _, err = capsys.readouterr()
    assert code == 1 and err.startswith("supportline: periods are")
    assert not (tmp_path / "x.pdf").exists()
