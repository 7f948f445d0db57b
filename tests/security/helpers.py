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
    from tests.conftest import anchor_store_as_it_is

    anchor_store_as_it_is(data_dir, store, username, signing_private, store_key)


# -- an attacker on the case notes keys (supportline.case_keys), working from the files ---------


def raw_wraps(conn: Any) -> list[Any]:
    """Every row of case_key_wraps, read with the case key only."""
    return list(conn.execute(select(schema.case_key_wraps)))


def candidate_case_keys(opened: Any, keystore: Any, wraps: Iterable[Any]) -> list[bytes]:
    """Every key an attacker holding ``opened`` (an OpenedSlot) could get out of the wraps: each
    key they hold used as an X25519 private key against every public key in the key store and
    in the rows, as the pair secret, and as a raw AES key, with the right associated data."""
    from supportline.case_keys import wrap_aad

    held = [key for generations in opened.keys.values() for key in generations.values()]
    held.append(opened.private_key)
    publics = [slot.public_key for slot in keystore.slots.values()]
    if keystore.lead_public_key:
        publics.append(keystore.lead_public_key)
    found: list[bytes] = []
    for wrap in wraps:
        aad = wrap_aad(
            keystore.store_id,
            wrap.case_id,
            wrap.generation,
            wrap.recipient,
            wrap.recipient_generation,
            wrap.recipient_key,
        )
        secrets = list(held)
        for key in held:
            for public in [*publics, wrap.recipient_key]:
                try:
                    secrets.append(crypto.pair_secret(key, public))
                except crypto.CryptoError:
                    continue
        for secret in secrets:
            for wrapping in (secret, crypto.hkdf(secret, b"supportline-case-key-wrap-v1" + aad)):
                for context in (aad, b""):
                    try:
                        found.append(crypto.open_sealed(wrapping, wrap.sealed, context))
                    except crypto.CryptoError:
                        continue
    return found


def opens_clinical_blob(
    keys: Iterable[bytes], case_id: int, table: str, row_id: int, column: str, blob: bytes
) -> str | None:
    """The plaintext if any of ``keys`` opens the blob (as a case field, a legacy field, or raw
    AES-GCM under either associated data), else None."""
    for key in keys:
        attempts = []
        if blob[:1] == bytes([crypto.CASE_FIELD_VERSION]):
            generation = crypto.case_field_generation(blob)
            attempts.append(
                lambda key=key: crypto.decrypt_case_field(key, case_id, table, row_id, column, blob)
            )
            aad = crypto.field_aad(table, row_id, column, generation)
            attempts.append(
                lambda key=key, aad=aad: crypto.open_sealed(key, blob[5:], aad).decode()
            )
        else:
            key_id = crypto.field_key_id(blob)
            attempts.append(
                lambda key=key, key_id=key_id: crypto.decrypt_field(
                    {key_id: key}, table, row_id, column, blob
                )
            )
        attempts.append(lambda key=key: crypto.open_sealed(key, blob[5:], b"").decode())
        for attempt in attempts:
            try:
                return str(attempt())
            except (crypto.CryptoError, UnicodeDecodeError):
                continue
    return None
