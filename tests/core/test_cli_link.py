"""`supportline users link NAME --counsellor "PROFILE"` and `users unlink NAME`."""

from __future__ import annotations

from pathlib import Path

import pytest

from supportline import cli
from supportline.services.counsellors import CounsellorService
from supportline.session import unlock
from tests.conftest import ADMIN_PASSWORD, PASSWORDS
from tests.core.test_cli import one_error_line, run


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    monkeypatch.setenv(cli.PASSWORD_ENV, ADMIN_PASSWORD)
    monkeypatch.delenv("SUPPORTLINE_DEBUG", raising=False)
    return monkeypatch


@pytest.fixture
def profiles(staffed_dir: Path) -> dict[str, int]:
    session = unlock(staffed_dir, "admin", ADMIN_PASSWORD)
    try:
        counsellors = CounsellorService(session)
        made = {}
        for name in ("Cora Counsellor", "Sam Jones", "Sam Jones "):
            made.setdefault(name.strip(), []).append(
                counsellors.save(name, "female", ["English"], ["counselling"], 10)
            )
    finally:
        session.close()
    return {
        "cora": made["Cora Counsellor"][0],
        "sam1": made["Sam Jones"][0],
        "sam2": made["Sam Jones"][1],
    }


def mine(data_dir: Path) -> int | None:
    session = unlock(data_dir, "counsellor", PASSWORDS["counsellor"])
    try:
        profile = CounsellorService(session).mine()
    finally:
        session.close()
    return None if profile is None else profile.id


def test_link_by_the_name_shown_then_unlink(
    staffed_dir: Path, profiles: dict[str, int], env, capsys
) -> None:
    user = ["--data-dir", str(staffed_dir), "--user", "admin"]
    assert mine(staffed_dir) is None

    code, out, _ = run(
        capsys, "users", "link", "counsellor", "--counsellor", "cora counsellor", *user
    )

    assert code == 0 and "Linked 'counsellor' to the counsellor profile 'Cora Counsellor'" in out
    assert mine(staffed_dir) == profiles["cora"]
    code, out, _ = run(capsys, "users", "list", *user)
    assert "counsellor profile 'Cora Counsellor'" in out
    code, out, _ = run(capsys, "users", "unlink", "counsellor", *user)
    assert code == 0 and "Unlinked 'counsellor' from 'Cora Counsellor'" in out
    assert mine(staffed_dir) is None
    code, out, _ = run(capsys, "users", "unlink", "counsellor", *user)
    assert code == 0 and "was not linked" in out


def test_unknown_or_shared_names_get_one_line_with_the_candidates(
    staffed_dir: Path, profiles: dict[str, int], env, capsys
) -> None:
    user = ["--data-dir", str(staffed_dir), "--user", "admin"]
    code, _, err = run(capsys, "users", "link", "counsellor", "--counsellor", "Cora", *user)
    assert one_error_line(code, err) == (
        "supportline: no counsellor profile called 'Cora'; did you mean: 'Cora Counsellor'"
    )
    code, _, err = run(capsys, "users", "link", "counsellor", "--counsellor", "Sam Jones", *user)
    line = one_error_line(code, err)
    assert f"id {profiles['sam1']}" in line and f"id {profiles['sam2']}" in line
    assert "--counsellor-id" in line
    code, out, _ = run(
        capsys, "users", "link", "counsellor", "--counsellor-id", str(profiles["sam2"]), *user
    )
    assert code == 0
    assert mine(staffed_dir) == profiles["sam2"]


def test_refusals_are_one_clear_line(
    staffed_dir: Path, profiles: dict[str, int], env, capsys
) -> None:
    user = ["--data-dir", str(staffed_dir), "--user", "admin"]
    code, _, err = run(capsys, "users", "link", "handler", "--counsellor", "Cora Counsellor", *user)
    assert "'handler' does not have the counsellor role" in one_error_line(code, err)
    run(capsys, "users", "link", "counsellor", "--counsellor", "Cora Counsellor", *user)
    code, _, err = run(
        capsys, "users", "link", "counsellor", "--counsellor-id", str(profiles["sam1"]), *user
    )
    assert "already linked to the counsellor profile 'Cora Counsellor'" in one_error_line(code, err)
    code, _, err = run(capsys, "users", "link", "nobody", "--counsellor", "Sam Jones", *user)
    assert one_error_line(code, err)
    code, _, err = run(capsys, "users", "link", "counsellor", "--counsellor-id", "999", *user)
    assert one_error_line(code, err) == "supportline: no such counsellor profile"
    env.setenv(cli.PASSWORD_ENV, PASSWORDS["handler"])
    code, _, err = run(
        capsys,
        "users",
        "link",
        "counsellor",
        "--counsellor",
        "Sam Jones",
        "--data-dir",
        str(staffed_dir),
        "--user",
        "handler",
    )
    assert "not allowed for your role" in one_error_line(code, err)


@pytest.mark.parametrize(
    ("argv", "shown"), [(["users", "link"], "--counsellor-id"), (["users", "unlink"], "username")]
)
def test_help(capsys, argv: list[str], shown: str) -> None:
    with pytest.raises(SystemExit) as info:
        cli.main([*argv, "--help"])
    out, _ = capsys.readouterr()
    assert info.value.code == 0
    assert out.startswith("usage: supportline") and shown in out
