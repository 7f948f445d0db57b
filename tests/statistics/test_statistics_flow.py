"""The way into statistics and out of it, attacked (issue 6): periods, the threshold, a marker in
free text scanned for in every export byte, key separation, evaluation-form entry, and junk in
sealed records.
"""

from __future__ import annotations

import shutil
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, insert, select, text

from supportline import cli, crypto, outbox
from supportline.db import schema
from supportline.db.engine import connect
from supportline.errors import PermissionDenied, StoreUnreadable
from supportline.keystore import Keystore
from supportline.roles import KeyName
from supportline.services.booking import BookingService
from supportline.services.clinical import ClinicalService, new_pair_code
from supportline.session import Session
from supportline.statistics.catalogue import CATALOGUE, InvalidPeriod, StatisticsService
from supportline.statistics.catalogue import parse_period as parse
from supportline.statistics.evaluation import (
    DuplicateForm,
    EvaluationEntryService,
    FormEntry,
    InvalidForm,
)
from tests.core.test_clinical import CASE_ID, Clinic, build_clinic, copy_clinic, record_course
from tests.statistics.stores import (
    ENDED,
    PASSWORDS,
    FakeClock,
    Store,
    add_referrals,
    counted,
    counted_by_quarter,
    make_store,
)

MARKER = "Zqmarker7Q"
PERIODS = ("2026Q1", "FY2025")
BAD_PERIODS = (
    "2026Q5",
    "2026Q0",
    "2026-Q1",
    "2026 Q1",
    "Q1 2026",
    "FY26",
    "FY 2026",
    "FY2026-27",
    "FY2026Q1",
    "2026Q1-2026Q3",
    "2026Q1,2026Q2",
    "2026H1",
    "2026",
    "2026-01",
    "2026-01-01/2026-03-31",
    "202601",
    "",
    "Q1",
    "\uff12\uff10\uff12\uff16Q1",  # full-width digits
    "FY\u0662\u0660\u0662\u0666",  # Arabic-Indic digits
    "2026Q1; DROP TABLE releases",
)
FIRST_ANSWERS = {"access_easy": 4, "counsellor_listened": 5, "hopeful": 3}


def run_cli(args: list[str], user: str, data: Path, monkeypatch, capsys) -> tuple[int, str, str]:
    monkeypatch.setenv("SUPPORTLINE_PASSWORD", PASSWORDS[user])
    code = cli.main([*args, "--user", user, "--data-dir", str(data)])
    out, err = capsys.readouterr()
    return code, out, err


# -- periods and the threshold --------------------------------------------------------------------


@pytest.mark.parametrize("period", BAD_PERIODS)
def test_arbitrary_or_overlapping_periods_are_refused(period: str) -> None:
    with pytest.raises(InvalidPeriod):
        parse(period)


def test_the_allowed_periods_do_not_overlap() -> None:
    assert parse("2026q3 ").quarters == ("2026Q3",)
    fy = parse("FY2026").quarters
    assert fy == ("2026Q2", "2026Q3", "2026Q4", "2027Q1")
    assert set(fy).isdisjoint(parse("FY2025").quarters) and set(fy).isdisjoint(
        parse("FY2027").quarters
    )


@pytest.fixture(scope="module")
def small_template(tmp_path_factory: pytest.TempPathFactory) -> Store:
    store = make_store(tmp_path_factory.mktemp("small"))
    add_referrals(store, 14, seed=3)
    assert store.drain().taken == 14
    return store


@pytest.fixture
def small_store(small_template: Store, tmp_path: Path) -> Store:
    shutil.copytree(small_template.path, tmp_path / "data")
    return Store(tmp_path / "data", small_template.clock, small_template.referrals)


def test_cli_refuses_bad_periods_in_one_line(
    small_store: Store, monkeypatch, capsys, tmp_path: Path
) -> None:
    out_file = tmp_path / "out.csv"
    for period in ("2026Q5", "2026-Q1", "FY26", "2026Q1-2026Q3", "2026H1"):
        code, out, err = run_cli(
            ["stats", "export", "--table", "referrals_by_route", "--period", period, "--out",
             str(out_file)],
            "manager", small_store.path, monkeypatch, capsys,
        )  # fmt: skip
        assert code == 1, period
        assert len(err.strip().splitlines()) == 1 and "Traceback" not in err, err
        assert not out_file.exists()
    code, out, err = run_cli(
        ["stats", "release", "--table", "referrals_by_route", "--period", "FY26"],
        "manager", small_store.path, monkeypatch, capsys,
    )  # fmt: skip
    assert code == 1 and len(err.strip().splitlines()) == 1
    # The same command with a good period works (the refusals are not blanket).
    code, out, err = run_cli(
        ["stats", "export", "--table", "referrals_by_route", "--period", "2026Q1",
         "--out", str(out_file)],
        "manager", small_store.path, monkeypatch, capsys,
    )  # fmt: skip
    assert code == 0, err
    assert out_file.read_text().startswith("table,period,row,column,value\n")


def test_a_threshold_below_8_never_applies(small_store: Store) -> None:
    """The setting refuses it (tests/core/test_settings.py); one written into stats.db by
    other means still protects at 8."""
    manager = small_store.unlock("manager")
    try:
        with manager.stats_tx() as conn:
            conn.execute(
                insert(schema.threshold_history).values(effective_from="2026Q1", threshold=7)
            )
        statistics = StatisticsService(manager)
        assert statistics.threshold("2026Q1") == 8
        assert statistics.output("referrals_by_route", "2026Q1").table.threshold == 8
        with pytest.raises(InvalidPeriod):
            statistics.export_csv("referrals_by_route", "2026H1")
        with manager.stats.connect() as conn:
            released = conn.execute(select(func.count()).select_from(schema.releases)).scalar()
        assert released == 0
    finally:
        manager.close()


# -- key separation -------------------------------------------------------------------------------


def _all_keys(slot) -> list[bytes]:
    keys = [k for generations in slot.keys.values() for k in generations.values()]
    return [k for k in [*keys, slot.private_key] if len(k) == 32]


def test_statistics_keys_and_case_keys_open_only_their_own_store(small_store: Store) -> None:
    keystore = Keystore.load(small_store.path / "keystore.json")
    case_db, stats_db = small_store.path / "case.db", small_store.path / "stats.db"
    manager = keystore.open_slot("manager", PASSWORDS["manager"])
    assert set(manager.keys) == {KeyName.STATS, KeyName.STATS_PRIVATE}
    for key in _all_keys(manager):
        with pytest.raises(StoreUnreadable):
            connect(case_db, key, store="case")
    for name in ("handler", "counsellor"):
        slot = keystore.open_slot(name, PASSWORDS[name])
        assert KeyName.STATS not in slot.keys and KeyName.STATS_PRIVATE not in slot.keys
        for key in _all_keys(slot):
            with pytest.raises(StoreUnreadable):
                connect(stats_db, key, store="stats")
        # Not vacuous: their case key does open case.db.
        connect(case_db, slot.key(KeyName.CASE), store="case").close()
    connect(stats_db, manager.key(KeyName.STATS), store="stats").close()


# -- evaluation forms -----------------------------------------------------------------------------


def _outbox(session: Session) -> list[bytes]:
    with session.case.connect() as conn:
        return [bytes(b) for b in conn.execute(select(schema.outbox.c.sealed)).scalars()]


def _forms(store: Store) -> list[tuple[str, str]]:
    """The forms counted, as (quarter, form): each counts once in its table's answers."""
    manager = store.unlock("manager")
    try:
        with manager.stats.connect() as conn:
            found = []
            for form in ("first", "last"):
                for quarter, n in sorted(counted_by_quarter(conn, f"evaluation_{form}").items()):
                    found += [(quarter, form)] if n else []
            return found
    finally:
        manager.close()


def test_evaluation_entry_is_sealed_checked_and_refused_twice(small_store: Store) -> None:
    code = new_pair_code()
    handler = small_store.unlock("handler")
    try:
        entry = FormEntry("first", code, FIRST_ANSWERS, f"Comment {MARKER}")
        assert EvaluationEntryService(handler).enter(entry) == "sealed"
        (blob,) = _outbox(handler)
        for needle in (MARKER.encode(), code.encode(), code.replace("-", "").encode(), b"first"):
            assert needle not in blob
        # The handler cannot read it back: no statistics key, and none of theirs opens it.
        assert not handler.holds(KeyName.STATS) and not handler.holds(KeyName.STATS_PRIVATE)
        with pytest.raises(PermissionDenied):
            handler.key(KeyName.STATS_PRIVATE)
        with pytest.raises(PermissionDenied):
            StatisticsService(handler).output("evaluation_first", "2026Q1")
        for key in _all_keys(handler.opened):
            with pytest.raises(crypto.CryptoError):
                crypto.open_sealed_to(key, blob, outbox.OUTBOX_AAD)
        # Typing mistakes are caught before anything is sealed.
        body, check = code[:-1], code[-1]
        wrong = body + ("2" if check != "2" else "3")
        bad = [
            FormEntry("first", wrong, FIRST_ANSWERS),
            FormEntry("first", code[:-2], FIRST_ANSWERS),
            FormEntry("first", code, {"access_easy": 6}),
            FormEntry("first", code, {"access_easy": 0}),
            FormEntry("first", code, {"access_easy": "4"}),  # type: ignore[dict-item]
            FormEntry("first", code, {"access_easy": True}),
            FormEntry("first", code, {"access_easy": 4.0}),  # type: ignore[dict-item]
            FormEntry("first", code, {"not_a_question": 3}),
            FormEntry("middle", code, FIRST_ANSWERS),
            FormEntry("first", code, {}),
        ]
        for item in bad:
            with pytest.raises(InvalidForm):
                EvaluationEntryService(handler).enter(item)
        assert len(_outbox(handler)) == 1
        # The same form keyed twice by mistake: sealed again, refused by the drain.
        assert EvaluationEntryService(handler).enter(entry) == "sealed"
    finally:
        handler.close()
    result = small_store.drain()
    assert (result.taken, result.refused, result.rejected) == (1, 1, 0)
    assert _forms(small_store) == [("2026Q1", "first")]
    manager = small_store.unlock("manager")
    try:
        service = EvaluationEntryService(manager)
        with pytest.raises(DuplicateForm):
            service.enter(FormEntry("first", code.lower(), {"access_easy": 2}))
        last = FormEntry("last", code, {"helpful": 5, "recommend": 4}, f"Last {MARKER}")
        assert service.enter(last) == "stored"
        with pytest.raises(DuplicateForm):
            service.enter(last)
        with pytest.raises(InvalidForm):
            service.enter(FormEntry("last", wrong, {"helpful": 5}))
        with manager.stats.connect() as conn:
            answers = {
                **counted(conn, "evaluation_first"),
                **counted(conn, "evaluation_last"),
            }
            comments = conn.execute(text("SELECT form, text FROM evaluation_comments")).all()
            pairs = counted(conn, "evaluation_pairs")
            waiting = conn.execute(text("SELECT count(*) FROM stat_pending_forms")).scalar_one()
        dump = repr(_stats_dump(manager, skip=("stats_audit", "audit")))
    finally:
        manager.close()
    assert answers == {
        (question, str(value)): 1
        for question, value in {**FIRST_ANSWERS, "helpful": 5, "recommend": 4}.items()
    }
    assert sorted(comments) == [("first", f"Comment {MARKER}"), ("last", f"Last {MARKER}")]
    # Paired, and the first form no longer waits; the code is kept nowhere.
    assert pairs == {("paired", "Total"): 1} and waiting == 0
    assert code not in dump and code.replace("-", "") not in dump
    assert _forms(small_store) == [("2026Q1", "first"), ("2026Q1", "last")]


# -- junk in sealed records -----------------------------------------------------------------------

JUNK = ("Zqxjunk Smith", "zqxjunk", "2026-03-02", "02/03/2026", "zqx.junk@example.org", "SL-ZQ9")
FIELDS = {
    "referral": (
        "service", "referral_route", "urgency", "org_group", "role_family", "age_band",
        "gender", "district",
    ),
    "session": ("service", "kind", "status", "district", "org_group"),
    "activity": (
        "service", "referral_route", "age_band", "gender", "role_family", "org_group",
        "district", "waiting_band", "sessions_attended", "sessions_dna", "sessions_cancelled",
        "ending", "outcome",
    ),
    "contact": ("direction", "channel", "purpose", "outcome", "signposted_to", "became_client"),
}  # fmt: skip


def _stats_dump(session: Session, skip: tuple[str, ...] = ()) -> dict[str, list[tuple]]:
    with session.stats.connect() as conn:
        names = conn.execute(
            text("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%'")
        ).scalars()
        return {
            name: [tuple(r) for r in conn.execute(text(f'SELECT * FROM "{name}"'))]
            for name in list(names)
            if name not in skip
        }


def test_junk_in_any_field_never_reaches_statistics_verbatim(small_store: Store) -> None:
    handler = small_store.unlock("handler")
    try:
        for index, junk in enumerate(JUNK):
            for kind, fields in FIELDS.items():
                payload: dict = {name: junk for name in fields}
                if kind in ("referral", "session"):
                    payload["organisation"] = junk if "@" in junk or "/" in junk else "Zqx Org"
                if kind == "referral":
                    payload["issue_categories"] = [junk, "work"]
                if kind == "activity":
                    payload["bands"] = {"first_PHQ-9": junk, "last_GAD-7": junk}
                outbox.seal_record(handler, kind, "2026Q1", payload)
            outbox.seal_record(
                handler,
                "evaluation",
                "2026Q1",
                {"form": "first", "pair_code": f"JUNK{index}", "answers": {junk: 3, "hopeful": 4}},
            )
    finally:
        handler.close()
    result = small_store.drain()
    assert (result.taken, result.rejected) == (len(JUNK) * 5, 0)
    admin = small_store.unlock("admin", FakeClock(ENDED))
    try:
        dump = _stats_dump(admin, skip=("stats_audit", "audit"))
        with admin.stats.connect() as conn:
            contacts = counted(conn, "contacts_by_outcome")
        exports = [
            StatisticsService(admin).export_csv(code, period)
            for code in CATALOGUE
            for period in PERIODS
        ]
    finally:
        admin.close()
    blob = (repr(dump) + "".join(exports)).lower()
    for junk in JUNK:
        for needle in {junk.lower(), junk.lower().replace(" ", "_"), "zqxjunk", "smith"}:
            assert needle not in blob, needle
    assert contacts == {("other", "other"): len(JUNK)}
    assert "2026-03" not in blob and "example.org" not in blob
    # The genuine categories beside the junk are kept.
    counts = dump["stat_counts"]
    assert any(
        r[:4] == ("presenting_issues", "2026Q1", "work", "Total") and r[4] >= len(JUNK)
        for r in counts
    )
    assert any(r[0] == "evaluation_first" and r[2] == "hopeful" for r in counts)


# -- a marker in free text, scanned for in every export -------------------------------------------


@pytest.fixture(scope="module")
def clinic_template(tmp_path_factory: pytest.TempPathFactory) -> Clinic:
    return build_clinic(tmp_path_factory.mktemp("clinic"))


def test_free_text_never_reaches_a_statistics_table_or_export(
    clinic_template: Clinic, tmp_path: Path, monkeypatch, capsys
) -> None:
    clinic = copy_clinic(clinic_template, tmp_path)
    alloc = clinic.unlock("alloc")
    handler = clinic.unlock("handler")
    manager = clinic.unlock("manager")
    try:
        record_course(clinic, alloc)
        service = ClinicalService(alloc)
        service.write_note(clinic.appointments["s3"], f"Session note {MARKER} about work.")
        BookingService(handler).cancel(clinic.appointments["future1"], by="client")
        issued = service.issue_evaluation_form(CASE_ID, "first")
        EvaluationEntryService(handler).enter(
            FormEntry("first", issued.pair_code, FIRST_ANSWERS, f"Handler typed {MARKER}")
        )
        EvaluationEntryService(manager).enter(
            FormEntry("last", new_pair_code(), {"helpful": 4}, f"Manager typed {MARKER}")
        )
        clinic.clock.set(clinic.clock.now + timedelta(days=1))
        service.close_case(CASE_ID, "planned", f"Summary {MARKER}.")
        assert outbox.pending_count(handler) >= 3
    finally:
        for session in (alloc, handler, manager):
            session.close()
    admin = clinic.unlock("admin")
    try:
        result = outbox.drain(admin)
        assert result.rejected == 0 and result.taken >= 3
    finally:
        admin.close()
    exported = []
    for code in CATALOGUE:
        for period in PERIODS:
            out_file = tmp_path / f"{code}-{period}.csv"
            monkeypatch.setenv("SUPPORTLINE_PASSWORD", PASSWORDS["manager"])
            status = cli.main(
                ["stats", "export", "--table", code, "--period", period, "--out", str(out_file),
                 "--user", "manager", "--data-dir", str(clinic.path)]
            )  # fmt: skip
            err = capsys.readouterr().err
            assert status == 0, err
            exported.append(out_file.read_bytes())
            for needle in (MARKER, MARKER.lower(), "Zqx", "zqx", str(CASE_ID)):
                assert needle.encode() not in exported[-1], (code, period, needle)
    assert len(exported) == 2 * len(CATALOGUE)
    # Not vacuous: the records arrived ...
    manager = clinic.unlock("manager")
    try:
        dump = _stats_dump(manager)
        comments = StatisticsService(manager).comments("2026Q1")
    finally:
        manager.close()
    tables = {row[0] for row in dump["stat_counts"]}
    assert {"endings", "sessions_by_status", "evaluation_first", "evaluation_last"} <= tables
    # ... and the comments are kept, only in their own table.
    assert {t for _, t in comments} == {f"Handler typed {MARKER}", f"Manager typed {MARKER}"}
    for name, rows in dump.items():
        found = MARKER.lower() in repr(rows).lower()
        assert found == (name == "evaluation_comments"), name
