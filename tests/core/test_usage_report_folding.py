"""Usage reports never state a figure the data contradicts (issue 9, item 2).

An organisation too small for its own row of a per-organisation table is folded into "other
organisations". Its usage report must then say the figure is not shown, and why, instead of
printing 0; an organisation none of whose figures is shown in its own right gets no usage
report at all (offering one would reveal that its staff used the service).
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pypdf
import pytest

from supportline import cli
from supportline.roles import KeyName
from supportline.session import Session
from supportline.statistics.catalogue import OTHER_ORGANISATIONS, StatisticsService
from supportline.statistics.disclosure import TOTAL
from supportline.statistics.reports import (
    ORG_REFERRALS,
    ORG_SESSIONS,
    ReportService,
    UnknownOrganisation,
    label,
    organisation_slice,
    quarterly_report_pdf,
    usage_report_pdf,
)
from supportline.statistics.store import ingest
from tests.conftest import PASSWORDS

PERIOD = "2026Q1"
TINY = "Zqx Tiny Primary School"  # 1 referral, 5 sessions: folded everywhere
LEAN = "Zqx Lean Academy"  # 1 referral (folded), 15 sessions (its own row)
REFERRALS_ONLY = "Zqx Referrals Only Trust"  # 12 referrals, no sessions at all
BIG = "Zqx Big Borough Council"
# organisation: (referrals by service, sessions by status)
DATA: dict[str, tuple[dict[str, int], dict[str, int]]] = {
    BIG: ({"counselling": 30, "coaching": 12}, {"attended": 40, "dna": 11}),
    "Zqx Middle Housing Trust": ({"counselling": 15}, {"attended": 20}),
    TINY: ({"counselling": 1}, {"attended": 4, "dna": 1}),
    LEAN: ({"counselling": 1}, {"attended": 15}),
    REFERRALS_ONLY: ({"counselling": 12}, {}),
    "Zqx Small Nursery": ({"coaching": 2}, {"attended": 3}),
}


def _seed(session: Session) -> None:
    key = session.key(KeyName.STATS, session.stats_generation)
    with session.stats_tx() as conn:
        for organisation, (referrals, sessions) in DATA.items():
            for service, count in referrals.items():
                for _ in range(count):
                    ingest(
                        conn,
                        "referral",
                        PERIOD,
                        {
                            "service": service,
                            "organisation": organisation,
                            "org_group": "school_primary",
                        },
                        key,
                    )
            for status, count in sessions.items():
                for _ in range(count):
                    ingest(
                        conn,
                        "session",
                        PERIOD,
                        {
                            "service": "counselling",
                            "kind": "session",
                            "status": status,
                            "organisation": organisation,
                        },
                        key,
                    )


@pytest.fixture
def manager(open_as: Callable[..., Session]) -> Session:
    session = open_as("manager")
    _seed(session)
    return session


def _text(pdf: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return "\n".join(page.extract_text() for page in reader.pages)


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_a_school_with_1_referral_and_5_sessions_never_reads_0(manager: Session) -> None:
    stats = StatisticsService(manager)
    for code, field in (
        ("usage_by_organisation", ORG_REFERRALS),
        ("sessions_by_organisation", ORG_SESSIONS),
    ):
        output = stats.output(code, PERIOD)
        assert TINY not in output.table.rows and OTHER_ORGANISATIONS in output.table.rows
        part = organisation_slice(output, TINY)
        assert part.code == field
        # Every figure, the total included, is hidden: none is a number the data contradicts.
        assert all(cell.suppressed and cell.value is None for cell in part.table.cells.values()), (
            code
        )
        assert part.folded
    pdf = usage_report_pdf(
        TINY,
        [
            organisation_slice(stats.output(code, PERIOD), TINY)
            for code in ("usage_by_organisation", "sessions_by_organisation")
        ],
        PERIOD,
    )
    text = _text(pdf)
    lines = _lines(text)
    assert "0" not in lines
    flat = _flat(text)
    assert "fewer than 10" in flat and "Other organisations" in flat


def test_an_organisation_folded_everywhere_is_not_offered_and_has_no_report(
    manager: Session,
) -> None:
    reports = ReportService(manager)
    offered = reports.organisations(PERIOD)
    assert TINY not in offered and "Zqx Small Nursery" not in offered
    assert set(offered) == {BIG, "Zqx Middle Housing Trust", LEAN, REFERRALS_ONLY}
    for name in (TINY, "Zqx Small Nursery"):
        with pytest.raises(UnknownOrganisation):
            reports.usage(name, PERIOD)


def test_a_usage_report_says_what_cannot_be_shown_and_why(manager: Session) -> None:
    text = _text(ReportService(manager).usage(LEAN, PERIOD))
    flat = _flat(text)
    lines = _lines(text)
    # Referrals (1): folded, said so, never 0.
    assert "Referrals by service" in flat
    assert "fewer than 10 referrals" in flat and "Other organisations" in flat
    for service in ("Counselling", "Coaching", "Mediation", "Total"):
        for i, line in enumerate(lines[:-1]):
            assert not (line == service and lines[i + 1] == "0"), (service, lines[i - 2 : i + 3])
    # Sessions (15 attended): its own row, exactly the published figures of the service-wide
    # table: a figure hidden there (to protect another organisation's 4) is "*", never 0.
    sessions = organisation_slice(
        StatisticsService(manager).output("sessions_by_organisation", PERIOD), LEAN
    )
    assert not sessions.folded
    attended = sessions.table.value("attended", TOTAL)
    printed = "*" if attended is None else str(attended)
    assert any(lines[i : i + 2] == ["Attended", printed] for i in range(len(lines) - 1))
    assert attended is None or abs(attended - 15) <= 2


def test_a_true_zero_still_reads_0(manager: Session) -> None:
    """No sessions at all is a fact the data supports: it is printed, not hidden."""
    output = StatisticsService(manager).output("sessions_by_organisation", PERIOD)
    part = organisation_slice(output, REFERRALS_ONLY)
    assert not part.folded and part.table.value(TOTAL, TOTAL) == 0
    text = _flat(_text(ReportService(manager).usage(REFERRALS_ONLY, PERIOD)))
    assert "fewer than 10 sessions" not in text


def test_the_folded_row_is_named_in_words(manager: Session) -> None:
    assert label(OTHER_ORGANISATIONS, "organisation").startswith("Other organisations")
    outputs = ReportService(manager).quarterly_outputs(PERIOD)
    text = _flat(_text(quarterly_report_pdf(outputs, PERIOD, manager.clock().date())))
    assert OTHER_ORGANISATIONS not in text and "Other organisations" in text
    assert TINY not in text


def test_the_command_line_answers_alike_for_a_folded_and_an_unknown_organisation(
    manager: Session,
    store: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv(cli.PASSWORD_ENV, PASSWORDS["manager"])
    errors = []
    for name in (TINY, "Zqx Nobody Ltd"):
        out = tmp_path / "usage.pdf"
        code = cli.main(
            [
                "stats",
                "report",
                "--data-dir",
                str(store),
                "--user",
                "manager",
                "--period",
                PERIOD,
                "--out",
                str(out),
                "--organisation",
                name,
            ]
        )
        _, err = capsys.readouterr()
        assert code == 1 and not out.exists()
        errors.append(err.replace(name, "NAME"))
    assert errors[0] == errors[1] and "shown on their own" in errors[0]
