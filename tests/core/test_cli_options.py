"""``--data-dir`` and ``--user`` are accepted before and after every sub-command.

The parser is walked programmatically, so a command added later is covered without editing this
file; only a command that needs no session must be named in ``SESSION_FREE``.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from supportline import cli
from tests.conftest import ADMIN_PASSWORD

# Commands that open no store session: --user is refused there, --data-dir accepted.
SESSION_FREE = {(), ("app",), ("init",), ("demo",), ("stats", "tables")}
OWN_OPTIONS = {"--data-dir", "--user", "-h", "--help", "--version"}


def _subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:  # noqa: SLF001 - argparse has no public walk
        if isinstance(action, argparse._SubParsersAction):  # noqa: SLF001
            return dict(action.choices)
    return {}


def _leaves(
    parser: argparse.ArgumentParser, path: tuple[str, ...] = ()
) -> list[tuple[tuple[str, ...], argparse.ArgumentParser]]:
    children = _subparsers(parser)
    if not children:
        return [(path, parser)]
    found: list[tuple[tuple[str, ...], argparse.ArgumentParser]] = []
    if path == ():
        found.append(((), parser))  # no command at all opens the app
    for name, child in children.items():
        found.extend(_leaves(child, (*path, name)))
    return found


def _minimal_args(parser: argparse.ArgumentParser) -> list[str]:
    """The leaf's own required arguments, with plausible values (the first choice of a
    required group of alternatives, such as ``--counsellor``/``--counsellor-id``)."""
    argv: list[str] = []
    chosen = {
        id(group._group_actions[0])  # noqa: SLF001
        for group in parser._mutually_exclusive_groups  # noqa: SLF001
        if group.required
    }
    for action in parser._actions:  # noqa: SLF001
        if isinstance(action, argparse._SubParsersAction) or (  # noqa: SLF001
            set(action.option_strings) & OWN_OPTIONS
        ):
            continue
        value = str(next(iter(action.choices))) if action.choices else "1"
        if not action.option_strings:
            argv.append(value)
        elif action.required or id(action) in chosen:
            argv.extend([action.option_strings[0], value])
    return argv


LEAVES = _leaves(cli.build_parser())
IDS = [" ".join(path) or "(no command)" for path, _ in LEAVES]


def _positions(path: tuple[str, ...], own: list[str], option: list[str]) -> list[list[str]]:
    """The option before the command, after each (sub-)command name, and at the very end."""
    spots = [[*path[:k], *option, *path[k:], *own] for k in range(len(path) + 1)]
    spots.append([*path, *own, *option])
    return spots


def test_the_walk_finds_the_nested_commands() -> None:
    paths = {path for path, _ in LEAVES}
    assert {("stats", "tables"), ("stats", "export"), ("users", "list"), ("verify",)} <= paths


@pytest.mark.parametrize(("path", "leaf"), LEAVES, ids=IDS)
def test_data_dir_is_accepted_in_every_position(
    path: tuple[str, ...], leaf: argparse.ArgumentParser
) -> None:
    user = [] if path in SESSION_FREE else ["--user", "someone"]
    own = _minimal_args(leaf)
    for argv in _positions(path, [*own, *user], ["--data-dir", "/srv/sl-data"]):
        args = cli.build_parser().parse_args(argv)
        assert args.data_dir == "/srv/sl-data", argv


@pytest.mark.parametrize(("path", "leaf"), LEAVES, ids=IDS)
def test_data_dir_defaults_to_none_when_absent(
    path: tuple[str, ...], leaf: argparse.ArgumentParser
) -> None:
    user = [] if path in SESSION_FREE else ["--user", "someone"]
    args = cli.build_parser().parse_args([*path, *_minimal_args(leaf), *user])
    assert args.data_dir is None


SESSION_LEAVES = [(p, leaf) for p, leaf in LEAVES if p not in SESSION_FREE]


@pytest.mark.parametrize(
    ("path", "leaf"), SESSION_LEAVES, ids=[" ".join(p) for p, _ in SESSION_LEAVES]
)
def test_user_is_accepted_in_every_position_and_required(
    path: tuple[str, ...], leaf: argparse.ArgumentParser, capsys: pytest.CaptureFixture[str]
) -> None:
    own = _minimal_args(leaf)
    for argv in _positions(path, own, ["--user", "someone"]):
        args = cli.build_parser().parse_args(argv)
        assert args.user == "someone", argv
    with pytest.raises(SystemExit) as info:
        cli.build_parser().parse_args([*path, *own])
    assert info.value.code == cli.EXIT_USAGE
    assert "--user" in capsys.readouterr().err


@pytest.mark.parametrize("path", sorted(SESSION_FREE), ids=lambda p: " ".join(p) or "(none)")
def test_user_is_refused_where_no_session_is_opened(
    path: tuple[str, ...], capsys: pytest.CaptureFixture[str]
) -> None:
    leaf = dict(LEAVES)[path]
    for argv in _positions(path, _minimal_args(leaf), ["--user", "someone"]):
        with pytest.raises(SystemExit) as info:
            cli.build_parser().parse_args(argv)
        assert info.value.code == cli.EXIT_USAGE, argv
        assert "--user" in capsys.readouterr().err


def test_stats_tables_accepts_and_ignores_data_dir(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["stats", "tables", "--data-dir", str(tmp_path / "absent")]) == cli.EXIT_OK
    assert "Periods:" in capsys.readouterr().out
    assert not (tmp_path / "absent").exists()


def test_top_level_data_dir_reaches_the_command(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv(cli.PASSWORD_ENV, ADMIN_PASSWORD)
    monkeypatch.setenv("SUPPORTLINE_DATA_DIR", str(data_dir.parent / "not-this-one"))
    assert cli.main(["--data-dir", str(data_dir), "--user", "admin", "verify"]) == cli.EXIT_OK
    assert capsys.readouterr().out.startswith("OK:")
