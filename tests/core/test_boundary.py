"""The core never imports Qt (DESIGN 2): every module of ``supportline`` imports without PySide6."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# ``supportline.__main__`` runs the command line (and with no arguments, the desktop app) when it
# is imported, so it is the one module not imported here; it holds nothing but that call.
SCRIPT = r"""
import importlib, json, pkgutil, sys
import supportline

def fail(name):
    raise SystemExit(f"cannot import {name}")

names = ["supportline"]
for info in pkgutil.walk_packages(supportline.__path__, "supportline.", onerror=fail):
    if info.name == "supportline.__main__":
        continue
    importlib.import_module(info.name)
    names.append(info.name)
qt = sorted(name for name in sys.modules if name == "PySide6" or name.startswith("PySide6."))
print(json.dumps({"imported": names, "qt": qt}))
"""


def _run(script: str) -> dict[str, list[str]]:
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_no_core_module_imports_pyside6() -> None:
    outcome = _run(SCRIPT)
    # The walk really reached the core (an empty walk would pass vacuously).
    for expected in (
        "supportline.session",
        "supportline.cli",
        "supportline.db.engine",
        "supportline.services.users",
        "supportline.backup",
        "supportline.rotation",
    ):
        assert expected in outcome["imported"]
    assert outcome["qt"] == []


def test_the_guard_sees_pyside6_when_it_is_imported() -> None:
    """The same detection, fed a module that does import Qt, reports it (the guard can fail)."""
    import importlib.util

    if importlib.util.find_spec("PySide6") is None:
        import pytest

        pytest.skip("PySide6 not installed here")
    patched = SCRIPT.replace("import supportline\n", "import supportline, PySide6.QtCore\n", 1)
    outcome = _run(patched)
    assert "PySide6.QtCore" in outcome["qt"]
