"""Unlocking: Argon2id at the production cost, opening the slot, opening both stores.

The floor is opening two plain SQLite files and reading their schema: everything unlocking does
that is not key derivation or decryption.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
from pathlib import Path

from supportline.keystore import DEFAULT_KDF, KDF_ENV
from supportline.session import init_store, unlock

from .common import Result, median_ms

PASSWORD = "benchmark password"


def run(scale: int, repeat: int = 7) -> list[Result]:
    saved = os.environ.pop(KDF_ENV, None)  # the real production cost
    try:
        with tempfile.TemporaryDirectory() as tmp:
            data = Path(tmp) / "data"
            init_store(data, "admin", PASSWORD, test_mode=False)
            assert DEFAULT_KDF == (256 * 1024, 3, 4)

            def do_unlock() -> None:
                unlock(data, "admin", PASSWORD).close()

            for name in ("a.db", "b.db"):
                conn = sqlite3.connect(Path(tmp) / name)
                conn.execute("CREATE TABLE IF NOT EXISTS t (x)")
                conn.commit()
                conn.close()

            def floor() -> None:
                for name in ("a.db", "b.db"):
                    conn = sqlite3.connect(Path(tmp) / name)
                    conn.execute("PRAGMA journal_mode=WAL")
                    conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
                    conn.close()

            return [
                Result(
                    "unlock (argon2id 256 MiB t=3 p=4 + both stores)",
                    median_ms(do_unlock, repeat),
                    median_ms(floor, repeat),
                )
            ]
    finally:
        if saved is not None:
            os.environ[KDF_ENV] = saved
