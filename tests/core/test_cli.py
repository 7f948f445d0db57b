"""The ``supportline`` command: every sub-command works non-interactively, and every error is one
line on standard error with exit 1, never a traceback."""

from __future__ import annotations

import io
import re
import sys
from pathlib import Path

import pytest

from supportline import cli
from supportline.errors import AuthenticationFailed
from supportline.keystore import Keystore
from supportline.session import unlock
from tests.conftest import ADMIN_PASSWORD, PASSWORDS

NEW = "a brand new password 9"


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    monkeypatch.setenv(cli.PASSWORD_ENV, ADMIN_PASSWORD)
    monkeypatch.delenv(cli.NEW_PASSWORD_ENV, raising=False)
    monkeypatch.delenv("SUPPORTLINE_DEBUG", raising=False)
    return monkeypatch


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


PROGRESS = re.compile(r"^[a-z ]+: \d{1,3}% \w*$")


def one_error_line(code: int, err: str) -> str:
    """Exactly one error line (progress lines of a long job may come before it)."""
    assert code == 1
    lines = [line for line in err.strip().splitlines() if not PROGRESS.match(line)]
    assert len(lines) == 1, err
    assert lines[0].startswith("supportline: ")
    assert err.strip().splitlines()[-1] == lines[0]
    return lines[0]


def test_init_then_users_backup_restore_verify(tmp_path: Path, env, capsys) -> None:
    data = str(tmp_path / "data")
    code, out, _ = run(capsys, "init", "--data-dir", data, "--admin", "admin")
    assert code == 0 and "administrator 'admin'" in out
    unlock(Path(data), "admin", ADMIN_PASSWORD).close()

    user = ["--data-dir", data, "--user", "admin"]
    code, out, _ = run(capsys, "users", "list", *user)
    assert code == 0 and "admin" in out and "administrator" in out

    env.setenv(cli.NEW_PASSWORD_ENV, PASSWORDS["handler"])
    code, out, _ = run(capsys, "users", "add", "handler", "--role", "call_handler", *user)
    assert code == 0 and "Added 'handler'" in out and PASSWORDS["handler"] not in out
    env.delenv(cli.NEW_PASSWORD_ENV)
    code, out, _ = run(capsys, "users", "add", "counsellor", "--role", "counsellor", *user)
    assert code == 0 and "Temporary password" in out
    temporary = out.strip().rsplit(": ", 1)[1]
    unlock(Path(data), "counsellor", temporary).close()

    code, out, _ = run(capsys, "users", "list", *user)
    assert "handler" in out and "counsellor" in out and "must change password" in out

    env.setenv(cli.NEW_PASSWORD_ENV, "reset password 123")
    code, out, _ = run(capsys, "users", "reset", "handler", *user)
    assert code == 0 and "reset password 123" in out
    unlock(Path(data), "handler", "reset password 123").close()
    env.delenv(cli.NEW_PASSWORD_ENV)

    code, out, _ = run(
        capsys, "users", "roles", "handler", "--role", "call_handler", "--role", "counsellor", *user
    )
    assert code == 0
    slot = Keystore.load(Path(data) / "keystore.json").slots["handler"]
    assert {r.value for r in slot.roles} == {"call_handler", "counsellor"}

    code, out, err = run(capsys, "users", "disable", "counsellor", *user)
    assert code == 0 and "Disabled 'counsellor'" in out and "100%" in err
    with pytest.raises(AuthenticationFailed):
        unlock(Path(data), "counsellor", temporary, enforce_delay=False)

    backup = str(tmp_path / "b.slb")
    code, out, _ = run(capsys, "backup", *user, "--out", backup)
    assert code == 0 and "Backup written" in out and Path(backup).exists()

    code, out, _ = run(capsys, "restore", backup, *user)
    assert code == 0 and "Restored" in out

    code, out, err = run(capsys, "verify", *user)
    assert code == 0 and out.startswith("OK:") and err == ""

    # After more activity the backup is older: refused in one line unless --allow-older.
    run(capsys, "users", "list", *user)
    code, _, err = run(capsys, "restore", backup, *user)
    assert "--allow-older" in one_error_line(code, err)
    code, out, _ = run(capsys, "restore", backup, *user, "--allow-older")
    assert code == 0 and "kept in" in out

    env.setenv(cli.NEW_PASSWORD_ENV, NEW)
    code, out, _ = run(capsys, "users", "passwd", *user)
    assert code == 0 and "Password changed" in out
    unlock(Path(data), "admin", NEW).close()
    with pytest.raises(AuthenticationFailed):
        unlock(Path(data), "admin", ADMIN_PASSWORD, enforce_delay=False)


def test_init_refuses_an_existing_store(data_dir: Path, env, capsys) -> None:
    code, _, err = run(capsys, "init", "--data-dir", str(data_dir), "--admin", "admin")
    assert "already holds" in one_error_line(code, err)


def test_init_refuses_a_weak_password(tmp_path: Path, env, capsys) -> None:
    env.setenv(cli.PASSWORD_ENV, "short")
    code, _, err = run(capsys, "init", "--data-dir", str(tmp_path / "d"), "--admin", "admin")
    assert "at least 10" in one_error_line(code, err)
    assert not (tmp_path / "d" / "keystore.json").exists()


@pytest.mark.parametrize(
    "argv",
    [
        ["users", "list"],
        ["verify"],
        ["backup", "--out", "OUT"],
        ["users", "add", "x1", "--role", "counsellor"],
    ],
)
def test_missing_data_dir_is_one_line(tmp_path: Path, env, capsys, argv: list[str]) -> None:
    argv = [a.replace("OUT", str(tmp_path / "b.slb")) for a in argv]
    code, _, err = run(capsys, *argv, "--data-dir", str(tmp_path / "nowhere"), "--user", "admin")
    assert "no SupportLine data here" in one_error_line(code, err)


@pytest.mark.parametrize("argv", [["users", "list"], ["verify"], ["backup", "--out", "OUT"]])
def test_wrong_password_is_one_line(
    data_dir: Path, env, capsys, tmp_path: Path, argv: list[str]
) -> None:
    env.setenv(cli.PASSWORD_ENV, "not the password")
    argv = [a.replace("OUT", str(tmp_path / "b.slb")) for a in argv]
    code, _, err = run(capsys, *argv, "--data-dir", str(data_dir), "--user", "admin")
    assert "sign-in failed" in one_error_line(code, err)
    assert not (tmp_path / "b.slb").exists()


def test_unknown_user_reads_exactly_like_a_wrong_password(data_dir: Path, env, capsys) -> None:
    env.setenv(cli.PASSWORD_ENV, "not the password")
    _, _, wrong = run(capsys, "verify", "--data-dir", str(data_dir), "--user", "admin")
    env.setenv(cli.PASSWORD_ENV, ADMIN_PASSWORD)
    _, _, unknown = run(capsys, "verify", "--data-dir", str(data_dir), "--user", "nobody")
    assert wrong == unknown


@pytest.mark.parametrize(
    "argv",
    [
        ["users", "list", "--user", "admin"],
        ["verify", "--user", "admin"],
        ["init", "--admin", "admin"],
        ["restore", "some.slb", "--user", "admin"],
    ],
)
def test_no_password_and_no_terminal_is_one_line(
    tmp_path: Path, capsys, monkeypatch, argv: list[str]
) -> None:
    monkeypatch.delenv(cli.PASSWORD_ENV, raising=False)
    monkeypatch.delenv(cli.NEW_PASSWORD_ENV, raising=False)
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    code, _, err = run(capsys, *argv, "--data-dir", str(tmp_path / "d"))
    line = one_error_line(code, err)
    assert line.startswith("supportline: no password")
    # It names a variable the user can actually set.
    assert cli.PASSWORD_ENV in line
    assert not (tmp_path / "d" / "keystore.json").exists()


def test_passwd_without_new_password_and_no_terminal(
    data_dir: Path, env, capsys, monkeypatch
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    code, _, err = run(capsys, "users", "passwd", "--data-dir", str(data_dir), "--user", "admin")
    line = one_error_line(code, err)
    assert line.startswith("supportline: no password") and cli.NEW_PASSWORD_ENV in line
    unlock(data_dir, "admin", ADMIN_PASSWORD).close()  # unchanged


def test_service_errors_are_one_line(data_dir: Path, env, capsys) -> None:
    user = ["--data-dir", str(data_dir), "--user", "admin"]
    code, _, err = run(capsys, "users", "disable", "admin", *user)
    assert "not allowed" in one_error_line(code, err)
    code, _, err = run(capsys, "users", "reset", "ghost", *user)
    assert "no such user" in one_error_line(code, err)
    code, _, err = run(capsys, "users", "add", "Bad Name", "--role", "counsellor", *user)
    assert "usernames are" in one_error_line(code, err)
    code, _, err = run(capsys, "users", "roles", "admin", "--role", "counsellor", *user)
    assert "no administrator" in one_error_line(code, err)


def test_bad_backup_is_one_line_and_changes_nothing(
    data_dir: Path, env, capsys, tmp_path: Path
) -> None:
    bogus = tmp_path / "bogus.slb"
    bogus.write_bytes(b"SLBACKUP1\n" + b"\x00\x00\x00\x05{}")
    before = (data_dir / "keystore.json").read_bytes()
    code, _, err = run(
        capsys, "restore", str(bogus), "--data-dir", str(data_dir), "--user", "admin"
    )
    assert "nothing was changed" in one_error_line(code, err)
    assert (data_dir / "keystore.json").read_bytes() == before
    code, _, err = run(
        capsys,
        "restore",
        str(tmp_path / "absent.slb"),
        "--data-dir",
        str(data_dir),
        "--user",
        "admin",
    )
    one_error_line(code, err)


def test_damaged_store_is_reported_in_one_line(data_dir: Path, env, capsys) -> None:
    (data_dir / "case.db").write_bytes(b"\0" * 8192)
    code, _, err = run(capsys, "users", "list", "--data-dir", str(data_dir), "--user", "admin")
    assert "case.db" in one_error_line(code, err)


SUBCOMMANDS = [
    [],
    ["app"],
    ["init"],
    ["demo"],
    ["import"],
    ["backup"],
    ["restore"],
    ["verify"],
    ["users"],
    ["users", "list"],
    ["users", "add"],
    ["users", "roles"],
    ["users", "reset"],
    ["users", "disable"],
    ["users", "passwd"],
]


@pytest.mark.parametrize("argv", SUBCOMMANDS, ids=lambda a: " ".join(a) or "top")
def test_help_of_every_subcommand(capsys, argv: list[str]) -> None:
    with pytest.raises(SystemExit) as info:
        cli.main([*argv, "--help"])
    out, _ = capsys.readouterr()
    assert info.value.code == 0
    assert out.startswith("usage: supportline")


def test_import_help_lists_the_client_headers(capsys) -> None:
    with pytest.raises(SystemExit) as info:
        cli.main(["import", "--help"])
    out, _ = capsys.readouterr()
    assert info.value.code == 0
    flat = " ".join(out.split())
    headers = (
        "first_name,last_name,date_of_birth,phone,email,home_postcode, "
        "work_postcode,organisation,job_role"
    )
    assert headers in flat
    for name in (
        "first_name",
        "last_name",
        "date_of_birth",
        "phone",
        "email",
        "home_postcode",
        "work_postcode",
        "organisation",
        "job_role",
    ):
        assert name in out


def test_unknown_organisation_lists_the_nearest_registered_names(
    data_dir: Path, env, capsys, tmp_path: Path
) -> None:
    from importlib.resources import files

    from supportline import reference

    user = ["--data-dir", str(data_dir), "--user", "admin"]
    register = files("resources") / "reference" / "organisations.csv"
    code, _, _ = run(capsys, "import", "organisations", str(register), *user)
    assert code == 0
    clients = tmp_path / "clients.csv"
    clients.write_text(
        "first_name,last_name,date_of_birth,phone,email,home_postcode,work_postcode,"
        "organisation,job_role\n"
        "Ann,Demo-Sample,03/02/1980,07700 900123,,ME19 4AB,,Kent County Council,Teacher\n",
        encoding="utf-8",
    )
    try:
        code, _, err = run(capsys, "import", "clients", str(clients), *user)
    finally:
        clients.unlink()
    assert code == 1
    lines = err.strip().splitlines()
    assert lines[1] == "  line 2: organisation: unknown organisation; registered names like it:"
    kcc = sorted(o.name for o in reference.organisations() if o.group == "kcc")
    assert sorted(line.strip() for line in lines[2:]) == kcc
    assert all(line.startswith("      ") for line in lines[2:])
    assert "Demo-Sample" not in err
