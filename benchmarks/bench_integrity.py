"""What the integrity digests cost: a client edit (triggers, row hashing and the anchor moved
before the commit) and the full recomputation ``verify`` and every backup run.

Floors, on a plain SQLite copy of the same synthetic store without the digest triggers: the same
UPDATE committed, and reading every row of every table once.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
from dataclasses import replace
from pathlib import Path

from supportline import integrity
from supportline.db.engine import driver
from supportline.demo import create_demo
from supportline.keystore import KDF_ENV
from supportline.services.clients import ClientService
from supportline.session import unlock
from supportline.verify import verify

from .common import Result, median_ms

PASSWORD = "benchmark password"


def _plain_copy(session, target: Path) -> None:  # noqa: ANN001
    raw = session.case.raw_connection()
    try:
        conn = driver(raw)
        conn.execute("ATTACH DATABASE ? AS plain KEY ''", (str(target),))
        conn.execute("SELECT sqlcipher_export('plain')").fetchall()
        conn.execute("DETACH DATABASE plain")
    finally:
        raw.close()
    plain = sqlite3.connect(target)
    try:
        integrity.drop_triggers(plain)
        plain.commit()
    finally:
        plain.close()


def run(scale: int, repeat: int = 7) -> list[Result]:
    os.environ.setdefault(KDF_ENV, "8192,1,1")
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        create_demo(data, PASSWORD, seed=1, clients=scale)
        handler = unlock(data, "handler", PASSWORD)
        plain_path = Path(tmp) / "plain.db"
        try:
            _plain_copy(handler, plain_path)
            clients = ClientService(handler)
            client_id = clients.search("SL-0001", limit=1)[0].id
            record = clients.open(client_id)
            edits = iter(range(10_000))

            def edit() -> None:
                clients.update(
                    client_id, replace(record.data, address=f"{next(edits)} High Street")
                )

            plain = sqlite3.connect(plain_path, isolation_level=None)
            plain.execute("PRAGMA journal_mode=WAL")

            def edit_floor() -> None:
                plain.execute("BEGIN IMMEDIATE")
                plain.execute(
                    "UPDATE clients SET address = ? WHERE id = ?",
                    (f"{next(edits)} High Street", client_id),
                )
                plain.execute("COMMIT")

            edit_ms = median_ms(edit, repeat)
            edit_floor_ms = median_ms(edit_floor, repeat)
        finally:
            handler.close()

        def read_all() -> None:
            tables = [
                row[0]
                for row in plain.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table'"
                ).fetchall()
            ]
            for table in tables:
                for _ in plain.execute(f'SELECT * FROM "{table}"'):
                    pass

        verify_ms = median_ms(lambda: verify(data, "admin", PASSWORD), 3)
        floor_ms = median_ms(read_all, 3)
        plain.close()
        return [
            Result(
                f"client edit with digests and anchor ({scale} clients)", edit_ms, edit_floor_ms
            ),
            Result(f"verify, every digest recomputed ({scale} clients)", verify_ms, floor_ms),
        ]
