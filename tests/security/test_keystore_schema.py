"""Targeted edits of keystore.json by someone without a key: what the fuzzer finds at random,
done on purpose. None of them locks anybody out or reaches a user as anything but one line."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from supportline import cli
from supportline.errors import KeystoreCorrupt
from supportline.keystore import Keystore
from supportline.session import unlock
from supportline.verify import verify
from tests.conftest import ADMIN_PASSWORD, PASSWORDS


def _edit(path: Path, change: Any) -> None:
    keystore = path / "keystore.json"
    doc = json.loads(keystore.read_text())
    change(doc)
    keystore.write_text(json.dumps(doc))


def _now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def _plant(*entries: dict[str, Any]) -> Any:
    return lambda doc: doc.setdefault("failed_sign_ins", []).extend(entries)


MALFORMED = pytest.mark.parametrize(
    "entry",
    [
        {"username": "Robert'); DROP TABLE users;--", "at": _now()},
        {"username": "admin\nforged", "at": _now()},
        {"username": "ADMIN", "at": _now()},
        {"username": "admin", "at": "yesterday"},
        {"username": "admin", "at": "2026-12-01T10:00:00"},  # no time zone
    ],
    ids=["sql", "newline", "not-a-username", "not-a-time", "naive-time"],
)


@MALFORMED
def test_a_malformed_failed_sign_in_locks_nobody_out(staffed_dir: Path, entry: dict) -> None:
    _edit(staffed_dir, _plant(entry))
    for user in ("admin", "handler", "manager", "counsellor"):
        unlock(staffed_dir, user, PASSWORDS[user]).close()
    # Dropped on the first save, so the store verifies clean again.
    assert verify(staffed_dir, "admin", ADMIN_PASSWORD).sound


@MALFORMED
def test_verify_reports_a_malformed_failed_sign_in(staffed_dir: Path, entry: dict) -> None:
    _edit(staffed_dir, _plant(entry))
    report = verify(staffed_dir, "admin", ADMIN_PASSWORD)
    assert [(f.store, f.kind) for f in report.findings] == [("keystore", "failed_sign_ins_ignored")]


def test_failures_dated_in_the_future_do_not_push_the_next_attempt_away(
    staffed_dir: Path,
) -> None:
    future = (datetime.now(UTC) + timedelta(days=3650)).replace(microsecond=0).isoformat()
    _edit(staffed_dir, _plant(*[{"username": "handler", "at": future}] * 50))
    waits: list[float] = []
    unlock(staffed_dir, "handler", PASSWORDS["handler"], sleep=waits.append).close()
    assert waits == []


def test_recent_planted_failures_cost_at_most_the_capped_delay(staffed_dir: Path) -> None:
    # Anyone can plant failures (no key needed): the worst they buy is the 30 s cap.
    _edit(staffed_dir, _plant(*[{"username": "handler", "at": _now()}] * 150))
    waits: list[float] = []
    unlock(staffed_dir, "handler", PASSWORDS["handler"], sleep=waits.append).close()
    assert len(waits) == 1 and 0 < waits[0] <= 30


@pytest.mark.parametrize(
    "change",
    [
        lambda d: d["slots"][0]["kdf"].update(memory_kib=2 * 1024 * 1024, iterations=16),
        lambda d: d["slots"][0]["kdf"].update(memory_kib=10**40),
        lambda d: d["slots"][0].update(roles=["administrator", "superuser"]),
        lambda d: d["slots"][0]["grants"][0].update(key="master"),
        lambda d: d["slots"].append(dict(d["slots"][0])),
        lambda d: d.update(extra={"a": 1}),
        lambda d: d["slots"][0].update(public_key="AAAA"),
        lambda d: d.update(failed_sign_ins=[{"username": "admin", "at": _now()}] * 5000),
        lambda d: d.update(rotation={"departing": "handler"}),
        lambda d: d["anchors"]["case"].update(seq=-1),
        lambda d: d["slots"][0].update(test_mode=False),
    ],
    ids=[
        "2GiB-t16",
        "huge-memory",
        "unknown-role",
        "unknown-key",
        "two-slots-one-name",
        "unknown-field",
        "short-key",
        "too-many-failures",
        "half-a-rotation",
        "negative-seq",
        "slot-leaves-test-mode",
    ],
)
def test_a_damaged_key_store_is_one_line_everywhere(
    staffed_dir: Path,
    change: Any,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _edit(staffed_dir, change)
    with pytest.raises(KeystoreCorrupt):
        Keystore.load(staffed_dir / "keystore.json")
    monkeypatch.setenv(cli.PASSWORD_ENV, ADMIN_PASSWORD)
    for command in (["verify"], ["users", "list"], ["backup", "--out", "x.slb"]):
        code = cli.main([*command, "--data-dir", str(staffed_dir), "--user", "admin"])
        out, err = capsys.readouterr()
        assert code == 1 and out == ""
        assert err.strip().splitlines() == [
            "supportline: keystore.json is damaged or not a SupportLine key store; restore it "
            "from a backup"
        ]


def _forged_plan(doc: dict[str, Any]) -> None:
    from supportline import crypto

    old = doc["generations"]["stats"]
    doc["rotation"] = {
        "departing": "handler",
        "keys": ["stats"],
        "old": {"stats": old},
        "new": {"stats": old + 1},
        "stats_public_key": crypto.b64e(crypto.generate_keypair()[1]),
        "done": ["prepare"],
    }


def test_a_well_formed_forged_rotation_plan_is_refused_in_one_typed_error(
    staffed_dir: Path,
) -> None:
    from supportline.errors import SupportLineError

    before = json.loads((staffed_dir / "keystore.json").read_text())["statement"]
    _edit(staffed_dir, _forged_plan)
    for user in ("handler", "manager"):
        unlock(staffed_dir, user, PASSWORDS[user]).close()
    with pytest.raises(SupportLineError) as refused:
        unlock(staffed_dir, "admin", ADMIN_PASSWORD)
    assert refused.value.code == "rotation_plan_forged"
    doc = json.loads((staffed_dir / "keystore.json").read_text())
    assert doc["statement"] == before and "handler" in {s["username"] for s in doc["slots"]}


def test_a_rotation_plan_out_of_step_with_the_generations_is_damage(staffed_dir: Path) -> None:
    def skip_a_generation(doc: dict[str, Any]) -> None:
        _forged_plan(doc)
        doc["rotation"]["new"]["stats"] += 5

    _edit(staffed_dir, skip_a_generation)
    with pytest.raises(KeystoreCorrupt):
        Keystore.load(staffed_dir / "keystore.json")
