"""Smoke test of a frozen build: ``python packaging/smoke_test.py dist/SupportLine``.

Runs the bundled command-line executable through init, verify and a wrong password in a
temporary data directory, checking exit codes and that no traceback is printed.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path


def main(bundle: Path) -> int:
    exe = bundle / ("supportline-cli.exe" if os.name == "nt" else "supportline-cli")
    if not exe.exists():
        print(f"no executable at {exe}")
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        env = {
            **os.environ,
            "SUPPORTLINE_PASSWORD": "smoke test password",
            "QT_QPA_PLATFORM": "offscreen",
        }
        checks = [
            ([str(exe), "--version"], 0),
            ([str(exe), "init", "--data-dir", tmp + "/d", "--admin", "admin"], 0),
            ([str(exe), "verify", "--data-dir", tmp + "/d", "--user", "admin"], 0),
        ]
        for argv, expected in checks:
            result = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=120)
            if result.returncode != expected or "Traceback" in result.stderr:
                print(f"FAILED {' '.join(argv[1:])}: {result.returncode}\n{result.stderr}")
                return 1
        wrong = {**env, "SUPPORTLINE_PASSWORD": "not the password"}
        result = subprocess.run(
            [str(exe), "verify", "--data-dir", tmp + "/d", "--user", "admin"],
            env=wrong,
            capture_output=True,
            text=True,
            timeout=120,
        )
        if result.returncode != 1 or "Traceback" in result.stderr:
            print("FAILED wrong password check")
            return 1
    print("smoke test passed")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "dist/SupportLine")))
