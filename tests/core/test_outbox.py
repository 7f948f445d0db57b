"""The one-way outbox (DESIGN 4): the case side can seal but never open; draining moves records
into stats.db shuffled and deletes them; records that do not open are left and counted."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from sqlalchemy import insert, select

from supportline import crypto, outbox
from supportline.db import schema
from supportline.keystore import Keystore
from supportline.roles import KeyName
from supportline.session import Session, unlock
from tests.conftest import ADMIN_PASSWORD, PASSWORDS


def _sealed_rows(session: Session) -> list[tuple[int, bytes]]:
    with session.case.connect() as conn:
        return [
            (r[0], bytes(r[1]))
            for r in conn.execute(
                select(schema.outbox.c.id, schema.outbox.c.sealed).order_by(schema.outbox.c.id)
            )
        ]


def _quarter(n: int) -> str:
    """Each test record carries its number in its quarter (only real categories survive the
    drain, so a marker cannot ride in a field)."""
    return f"{2000 + n}Q1"


def _stat_payloads(session: Session) -> list[dict]:
    """Drained contact records as stats.db counts them, with the number read back from the
    quarter (in quarter order: counts keep no order of arrival)."""
    c = schema.stat_counts.c
    with session.stats.connect() as conn:
        rows = conn.execute(
            select(c.quarter, c.n).where(c.table_code == "contacts_by_outcome").order_by(c.quarter)
        ).all()
    return [
        {"kind": "contact", "quarter": q, "n": int(q[:4]) - 2000} for q, n in rows for _ in range(n)
    ]


@pytest.fixture
def ingested(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The numbers of the records the drain stores, in the order it stores them."""
    from supportline.statistics import store

    order: list[int] = []
    real = store.ingest

    def spy(conn: object, kind: str, quarter: str, payload: dict, key: bytes) -> None:
        real(conn, kind, quarter, payload, key)  # type: ignore[arg-type]
        order.append(int(quarter[:4]) - 2000)

    monkeypatch.setattr(store, "ingest", spy)
    return order


class Reverser(random.Random):
    """An rng whose shuffle is visible: it reverses."""

    def shuffle(self, x: list) -> None:  # type: ignore[override]
        x.reverse()


def test_sealed_rows_are_opaque_to_the_case_side(staffed_dir: Path) -> None:
    handler = unlock(staffed_dir, "handler", PASSWORDS["handler"])
    counsellor = unlock(staffed_dir, "counsellor", PASSWORDS["counsellor"])
    try:
        outbox.seal_record(handler, "closure", "2026Q1", {"age_band": "25-34", "marker": "qq7"})
        outbox.seal_record(handler, "closure", "2026Q1", {"age_band": "25-34", "marker": "qq7"})
        rows = _sealed_rows(handler)
        assert len(rows) == 2
        # Same record twice: different ciphertexts (fresh ephemeral key and nonce, random pad).
        assert rows[0][1] != rows[1][1]
        for _, sealed in rows:
            assert b"qq7" not in sealed and b"closure" not in sealed and b"2026Q1" not in sealed
        for session in (handler, counsellor):
            assert not session.holds(KeyName.STATS_PRIVATE)
            assert not session.holds(KeyName.STATS)
            held = [k for g in session.opened.keys.values() for k in g.values()]
            held.append(session.opened.private_key)  # even their own slot's private key
            for key in held:
                for _, sealed in rows:
                    with pytest.raises(crypto.CryptoError):
                        crypto.open_sealed_to(key, sealed, outbox.OUTBOX_AAD)
    finally:
        handler.close()
        counsellor.close()
    # The statistics private key does open them (the test above is not vacuous).
    keystore = Keystore.load(staffed_dir / "keystore.json")
    manager = keystore.open_slot("manager", PASSWORDS["manager"])
    body = json.loads(
        crypto.open_sealed_to(manager.key(KeyName.STATS_PRIVATE), rows[0][1], outbox.OUTBOX_AAD)
    )
    assert body["payload"]["marker"] == "qq7"


def test_bad_kind_or_quarter_is_refused(admin_session: Session) -> None:
    for kind, quarter in (
        ("Closure", "2026Q1"),
        ("closure", "2026-03-02"),
        ("closure", "2026Q5"),
        ("x" * 33, "2026Q1"),
        ("closure", "2026Q1 "),
    ):
        with pytest.raises(ValueError):
            outbox.seal_record(admin_session, kind, quarter, {})
    assert _sealed_rows(admin_session) == []


def test_drain_moves_everything_shuffled_and_empties_the_outbox(
    admin_session: Session, ingested: list[int]
) -> None:
    for index in range(30):
        outbox.seal_record(admin_session, "contact", _quarter(index), {"purpose": "enquiry"})
    assert outbox.pending_count(admin_session) == 30
    result = outbox.drain(admin_session, batch_size=50, rng=Reverser())
    assert (result.taken, result.rejected) == (30, 0)
    assert outbox.pending_count(admin_session) == 0
    assert ingested == list(range(29, -1, -1))
    records = _stat_payloads(admin_session)
    assert [r["n"] for r in records] == list(range(30))


def test_default_drain_order_is_not_the_sealing_order(
    admin_session: Session, ingested: list[int]
) -> None:
    for index in range(30):
        outbox.seal_record(admin_session, "contact", _quarter(index), {"purpose": "enquiry"})
    assert outbox.drain(admin_session, batch_size=100).taken == 30
    order = ingested
    assert sorted(order) == list(range(30))
    assert order != list(range(30))  # 1 in 30! chance of a false failure


def test_drain_in_batches(admin_session: Session) -> None:
    for index in range(7):
        outbox.seal_record(admin_session, "contact", _quarter(index), {"purpose": "enquiry"})
    result = outbox.drain(admin_session, batch_size=3, rng=random.Random(1))
    assert (result.taken, result.rejected) == (7, 0)
    assert sorted(r["n"] for r in _stat_payloads(admin_session)) == list(range(7))
    assert outbox.pending_count(admin_session) == 0


def test_foreign_and_garbage_records_are_left_and_counted(admin_session: Session) -> None:
    outbox.seal_record(admin_session, "contact", _quarter(1), {"purpose": "enquiry"})
    _, foreign_public = crypto.generate_keypair()
    foreign = crypto.seal_to(
        foreign_public, b'{"kind":"x","quarter":"2026Q1","payload":{}}', outbox.OUTBOX_AAD
    )
    stats_public = Keystore.load(admin_session.data.keystore).stats_public_key
    wrong_aad = crypto.seal_to(
        stats_public, b'{"kind":"x","quarter":"2026Q1","payload":{}}', b"another-purpose"
    )
    not_json = crypto.seal_to(stats_public, b"not json", outbox.OUTBOX_AAD)
    with admin_session.case.begin() as conn:
        for blob in (foreign, wrong_aad, not_json, b"short"):
            conn.execute(insert(schema.outbox).values(sealed=blob))
    outbox.seal_record(admin_session, "contact", _quarter(2), {"purpose": "enquiry"})

    result = outbox.drain(admin_session, batch_size=2)
    assert (result.taken, result.rejected) == (2, 4)
    left = [sealed for _, sealed in _sealed_rows(admin_session)]
    assert left == [foreign, wrong_aad, not_json, b"short"]
    assert sorted(r["n"] for r in _stat_payloads(admin_session)) == [1, 2]
    # Draining again takes nothing new and still leaves them.
    assert outbox.drain(admin_session) == outbox.DrainResult(0, 4)


def test_drain_is_audited_in_stats(admin_session: Session) -> None:
    outbox.seal_record(admin_session, "contact", _quarter(1), {"purpose": "enquiry"})
    outbox.drain(admin_session)
    with admin_session.stats.connect() as conn:
        actions = conn.execute(
            select(schema.stats_audit.c.action, schema.stats_audit.c.record_id).order_by(
                schema.stats_audit.c.seq
            )
        ).all()
    assert ("outbox.drained", "1") in [tuple(a) for a in actions]


def test_a_handler_cannot_drain(staffed_dir: Path) -> None:
    from supportline.errors import PermissionDenied

    handler = unlock(staffed_dir, "handler", PASSWORDS["handler"])
    try:
        outbox.seal_record(handler, "contact", _quarter(1), {"purpose": "enquiry"})
        with pytest.raises(PermissionDenied):
            outbox.drain(handler)
        assert outbox.pending_count(handler) == 1
    finally:
        handler.close()
    admin = unlock(staffed_dir, "admin", ADMIN_PASSWORD)
    try:
        assert outbox.drain(admin).taken == 1
    finally:
        admin.close()
