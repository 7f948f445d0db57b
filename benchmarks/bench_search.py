"""Client search (find as you type) at scale, beside the identical SQL on plain SQLite.

The demo generator builds an encrypted store with ``scale`` synthetic clients. The floor is the
same compiled query on a plain SQLite copy of that synthetic store, made with
``sqlcipher_export`` into a temporary directory that is deleted afterwards (benchmark data only,
all fictional).
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
from pathlib import Path

from supportline.db.engine import driver
from supportline.demo import create_demo
from supportline.keystore import KDF_ENV
from supportline.roles import KeyName
from supportline.services.clients import ClientService, _compiled_search, search_parameters
from supportline.session import unlock

from .common import Result, median_ms

PASSWORD = "benchmark password"
# Names (partial, either order), phone, postcode (outward and partial full), reference, e-mail.
QUERIES = (
    "smi",
    "jo smi",
    "sarah k",
    "07700 9004",
    "ME19",
    "CT1 2",
    "SL-0001",
    "sarah.",
    "james.smith1",
)


def _plain_copy(session, target: Path) -> None:  # noqa: ANN001
    raw = session.case.raw_connection()
    try:
        conn = driver(raw)
        conn.execute("ATTACH DATABASE ? AS plain KEY ''", (str(target),))
        conn.execute("SELECT sqlcipher_export('plain')").fetchall()
        conn.execute("DETACH DATABASE plain")
    finally:
        raw.close()


def run(scale: int, repeat: int = 15) -> list[Result]:
    os.environ.setdefault(KDF_ENV, "8192,1,1")
    os.environ.setdefault("SUPPORTLINE_TEST_MODE", "1")  # which the cheap cost needs
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        create_demo(data, PASSWORD, seed=1, clients=scale)
        session = unlock(data, "handler", PASSWORD)
        admin = unlock(data, "admin", PASSWORD)
        try:
            plain_path = Path(tmp) / "plain.db"
            _plain_copy(admin, plain_path)
            plain = sqlite3.connect(plain_path)
            plain.execute("PRAGMA cache_size=-65536")
            service = ClientService(session)
            assert session.holds(KeyName.CASE)
            for query in QUERIES:
                params = search_parameters(query)
                if params is None:
                    continue
                sql, order = _compiled_search((len(params) - 2) // 2, "sqlite")
                values = [params[name] for name in order]
                ours = median_ms(lambda q=query: service.search(q), repeat, warmup=2)
                floor = median_ms(
                    lambda s=sql, v=values: plain.execute(s, v).fetchall(), repeat, warmup=2
                )
                found = len(service.search(query))
                results.append(
                    Result(
                        f"client search {query!r} ({found} shown) at {scale:,} clients", ours, floor
                    )
                )
            plain.close()
        finally:
            session.close()
            admin.close()
    return results
