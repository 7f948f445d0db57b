from __future__ import annotations

from sqlalchemy import create_engine, select

from supportline.db import schema
from supportline.services.clinical import new_pair_code
from supportline.statistics.store import ingest


def test_comment_ids_do_not_follow_entry_order() -> None:
    engine = create_engine("sqlite://")
    schema.stats_metadata.create_all(engine)
    key = bytes(32)
    with engine.begin() as conn:
        for n in range(50):
            payload = {
                "form": "first",
                "pair_code": new_pair_code(),
                "answers": {},
                "comment": f"comment number {n}",
            }
            ingest(conn, "evaluation", "2026Q1", payload, key)
        c = schema.evaluation_comments.c
        rows = conn.execute(select(c.id, c.text)).all()
    by_entry = [row.id for row in sorted(rows, key=lambda r: int(r.text.split()[-1]))]
    assert len(by_entry) == 50
    assert by_entry != sorted(by_entry)
