"""Shared helpers for the security tests: a minimal appointment chain, notes, file scanning."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select

from supportline import crypto
from supportline.db import schema
from supportline.roles import Op

NOW = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


def insert_appointment(conn: Any, tag: str, **client: Any) -> int:
    """Insert client, counsellor, venue, room, case and appointment rows; returns the
    appointment id."""
    values = {
        "reference": f"C{tag}"[:16],
        "first_name": "Ann",
        "last_name": "Example",
        "created_at": NOW,
        **client,
    }
    client_id = conn.execute(insert(schema.clients).values(values)).inserted_primary_key[0]
    counsellor_id = conn.execute(
        insert(schema.counsellors).values(display_name=f"Counsellor {tag}", gender="female")
    ).inserted_primary_key[0]
    venue_id = conn.execute(
        insert(schema.venues).values(
            code=f"V{tag}"[:16],
            name="Venue",
            address="1 High Street",
            town="Maidstone",
            postcode="ME14 1XX",
            district="Maidstone",
            lat=51.27,
            lon=0.52,
        )
    ).inserted_primary_key[0]
    room_id = conn.execute(
        insert(schema.rooms).values(venue_id=venue_id, name="Room 1")
    ).inserted_primary_key[0]
    case_id = conn.execute(
        insert(schema.cases).values(
            client_id=client_id,
            service="counselling",
            referral_route="self",
            status="open",
            counsellor_id=counsellor_id,
            opened_at=NOW,
        )
    ).inserted_primary_key[0]
    return int(
        conn.execute(
            insert(schema.appointments).values(
                case_id=case_id,
                client_id=client_id,
                counsellor_id=counsellor_id,
                venue_id=venue_id,
                room_id=room_id,
                starts_at=NOW,
                ends_at=NOW + timedelta(minutes=50),
                kind="session",
                status="attended",
                session_no=1,
            )
        ).inserted_primary_key[0]
    )


def write_note(session: Any, appointment_id: int, text: str) -> int:
    """A session note, field-encrypted under the newest notes key (a counsellor's session)."""
    keys = session.notes_keys(Op.NOTES_WRITE)
    key_id = max(keys)
    with session.case_tx() as conn:
        note_id = conn.execute(
            select(schema.session_notes.c.id).order_by(schema.session_notes.c.id.desc()).limit(1)
        ).scalar()
        note_id = (note_id or 0) + 1
        body = crypto.encrypt_field(keys[key_id], key_id, "session_notes", note_id, "body", text)
        conn.execute(
            insert(schema.session_notes).values(
                id=note_id,
                appointment_id=appointment_id,
                author=session.username,
                written_at=NOW,
                body=body,
            )
        )
    return note_id


def note_blob(session: Any, note_id: int) -> bytes:
    with session.case.connect() as conn:
        return bytes(
            conn.execute(
                select(schema.session_notes.c.body).where(schema.session_notes.c.id == note_id)
            ).scalar_one()
        )


def read_note(session: Any, note_id: int) -> str:
    return crypto.decrypt_field(
        session.notes_keys(), "session_notes", note_id, "body", note_blob(session, note_id)
    )


def files_under(*roots: Path) -> list[Path]:
    found: list[Path] = []
    for root in roots:
        root = Path(root)
        if root.is_file():
            found.append(root)
        elif root.exists():
            found.extend(sorted(p for p in root.rglob("*") if p.is_file()))
    return found


def hashes(paths: Iterable[Path]) -> dict[str, str]:
    return {str(p): hashlib.sha256(p.read_bytes()).hexdigest() for p in paths}


def dir_hashes(root: Path, names: Iterable[str] = ("case.db", "stats.db", "keystore.json")) -> dict:
    return {name: hashlib.sha256((root / name).read_bytes()).hexdigest() for name in names}


def attacker_reanchor(
    data_dir: Path, store: str, username: str, signing_private: bytes, store_key: bytes
) -> None:
    """An insider moves the anchor in keystore.json to the store as it is now, signed with their
    own signing key: the audit head and the integrity digest recomputed with the key they hold
    (the strongest re-anchoring a store-key holder can do)."""
    from supportline import audit, integrity
    from supportline.audit import AnchorState, EntrySigner
    from supportline.db import engine as dbengine
    from supportline.keystore import Anchor, Keystore

    keystore = Keystore.load(data_dir / "keystore.json")
    table = schema.case_audit if store == "case" else schema.stats_audit
    engine = dbengine.make_engine(data_dir / f"{store}.db", store_key, store=store)
    try:
        with engine.connect() as conn:
            head = audit.head(conn, table)
            digest = integrity.current_digest(dbengine.driver(conn.connection))
    finally:
        engine.dispose()
    signer = EntrySigner(username, signing_private, keystore.store_id)
    keystore.anchors[store] = Anchor.make(signer, store, AnchorState(head.seq, head.hash, digest))
    keystore.save()
