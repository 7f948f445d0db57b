"""Each case's own notes key, and who can open it (DESIGN 4: notes are readable by the allocated
counsellor and the clinical leads only).

A case's clinical text (session notes, amendments, the assessment, measures, the closure, the
evaluation pair code) is encrypted under a random key of its own (``crypto.encrypt_case_field``).
That key is stored in ``case_key_wraps`` only wrapped, AES-GCM under a secret of a *pair* of
X25519 keys, with the store, case, generation and recipient as associated data:

- ``user:<username>``: the pair (that counsellor's slot key, the clinical-lead group key). Only
  that counsellor and a holder of the group private key can compute the secret, so nobody else
  can read the wrap, and nobody else can *make* one that the counsellor would accept: a call
  handler or another counsellor who writes key rows with raw SQL cannot slip a key of their own
  under someone's notes.
- ``leads``: the pair (group key, group key): clinical leads and administrators only.

The group private key is the clinical-lead grant (``KeyName.LEAD``), which an administrator
gives a counsellor by adding ``Role.CLINICAL_LEAD`` to their slot; administrators hold it for
subject access, hand-overs and key rotation.

Hand-over: when a case is allocated to another counsellor, the new counsellor's wrap is made at
once if the person doing it holds the group key (a clinical lead or an administrator); otherwise
the hand-over waits and completes at the next sign-in of one who does. The previous counsellor
cannot do it: only a group-key holder can make a wrap another counsellor would trust.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import Connection, delete, exists, insert, select, update

from . import crypto
from .db import schema
from .errors import (
    KeystoreForged,
    NotesHandoverPending,
    NotesKeyConflict,
    PermissionDenied,
    UnknownUser,
)
from .keystore import Keystore
from .paths import file_lock
from .roles import KeyName, Role
from .session import Session

LEADS = "leads"
USER_PREFIX = "user:"
MIGRATED_SETTING = "case_notes_keys"  # settings row: "1" once no clinical text is under the
# old shared notes key


def user_recipient(username: str) -> str:
    return USER_PREFIX + username


def wrap_aad(
    store_id: str,
    case_id: int,
    generation: int,
    recipient: str,
    recipient_generation: int,
    recipient_key: bytes,
) -> bytes:
    return crypto.canonical(
        {
            "purpose": "case-notes-key",
            "store": store_id,
            "case": str(case_id),
            "gen": generation,
            "to": recipient,
            "rgen": recipient_generation,
            "rkey": crypto.b64e(recipient_key),
            "v": 1,
        }
    )


@dataclass(frozen=True)
class Wrap:
    id: int
    case_id: int
    generation: int
    recipient: str
    recipient_generation: int
    recipient_key: bytes
    sealed: bytes


def _wrap_values(
    store_id: str,
    secret: bytes,
    case_id: int,
    generation: int,
    key: bytes,
    recipient: str,
    recipient_generation: int,
    recipient_key: bytes,
) -> dict[str, Any]:
    aad = wrap_aad(store_id, case_id, generation, recipient, recipient_generation, recipient_key)
    wrapping = crypto.hkdf(secret, b"supportline-case-key-wrap-v1" + aad)
    return {
        "case_id": case_id,
        "generation": generation,
        "recipient": recipient,
        "recipient_generation": recipient_generation,
        "recipient_key": recipient_key,
        "sealed": crypto.seal(wrapping, key, aad),
    }


def _clinical_rows(conn: Connection, case_id: int) -> Iterator[tuple[Any, Any, str, int, bytes]]:
    """(table, primary-key column, column, row id, blob) of every encrypted value of a case."""
    a = schema.appointments.c
    for table, column in schema.ENCRYPTED_COLUMNS:
        pk = next(iter(table.primary_key.columns))
        query = select(pk, table.c[column])
        if table is schema.session_notes:
            query = query.select_from(
                table.join(schema.appointments, a.id == table.c.appointment_id)
            ).where(a.case_id == case_id)
        else:
            query = query.where(table.c.case_id == case_id)
        for row_id, blob in conn.execute(query).all():
            yield table, pk, column, row_id, blob


def has_clinical_text(conn: Connection, case_id: int) -> bool:
    # A one-byte placeholder is a row being inserted (its id is sealed into its text).
    return any(len(row[4]) > 1 for row in _clinical_rows(conn, case_id))


def allocated_username(conn: Connection, case_id: int) -> str | None:
    c, co, u = schema.cases.c, schema.counsellors.c, schema.users.c
    return conn.execute(
        select(u.username)
        .select_from(
            schema.cases.join(schema.counsellors, co.id == c.counsellor_id).join(
                schema.users, u.id == co.user_id
            )
        )
        .where(c.id == case_id)
    ).scalar()


class CaseKeys:
    """The signed-in user's view of the case notes keys."""

    def __init__(self, session: Session, keystore: Keystore | None = None) -> None:
        self._session = session
        self._keystore = keystore or session.keystore

    # -- what this user can compute --------------------------------------------------------------

    @property
    def _me(self) -> str:
        return user_recipient(self._session.username)

    def _lead_privates(self) -> dict[int, bytes]:
        if self._session.closed or not self._session.holds(KeyName.LEAD):
            return {}
        return dict(self._session.opened.keys[KeyName.LEAD])

    def holds_group_key(self) -> bool:
        return bool(self._lead_privates())

    @property
    def _trusted(self) -> bytes:
        """The authority this user trusts: the signed statement and certificates are checked
        against it."""
        return bytes(self._session.opened.authority)

    def _group_keys(self) -> dict[int, bytes]:
        return self._keystore.lead_group_keys(self._trusted)

    def _group(self) -> tuple[int, bytes]:
        """The newest clinical-lead key: during a rotation, the one it moves to."""
        return self._keystore.lead_group_key(self._trusted)

    def _secret_for(self, wrap: Wrap) -> bytes | None:
        leads = self._lead_privates()
        if wrap.recipient_generation in leads:
            private = leads[wrap.recipient_generation]
            if wrap.recipient == LEADS and crypto.public_from_private(private) != (
                wrap.recipient_key
            ):
                return None
            return crypto.pair_secret(private, wrap.recipient_key)
        if wrap.recipient != self._me or self._session.closed:
            return None
        mine = self._session.opened.private_key
        if crypto.public_from_private(mine) != wrap.recipient_key:
            return None  # sealed to my slot's key before a password reset
        group_public = self._group_keys().get(wrap.recipient_generation)
        if group_public is None:
            return None
        return crypto.pair_secret(mine, group_public)

    def _open_wrap(self, wrap: Wrap) -> bytes | None:
        secret = self._secret_for(wrap)
        if secret is None:
            return None
        aad = wrap_aad(
            self._keystore.store_id,
            wrap.case_id,
            wrap.generation,
            wrap.recipient,
            wrap.recipient_generation,
            wrap.recipient_key,
        )
        try:
            return crypto.open_sealed(
                crypto.hkdf(secret, b"supportline-case-key-wrap-v1" + aad), wrap.sealed, aad
            )
        except crypto.CryptoError:
            return None

    # -- reading the wraps ------------------------------------------------------------------------

    def wraps(self, conn: Connection, case_id: int) -> list[Wrap]:
        w = schema.case_key_wraps.c
        return [
            Wrap(
                r.id,
                r.case_id,
                r.generation,
                r.recipient,
                r.recipient_generation,
                r.recipient_key,
                r.sealed,
            )
            for r in conn.execute(
                select(schema.case_key_wraps).where(w.case_id == case_id).order_by(w.id)
            )
        ]

    def key(
        self, conn: Connection, case_id: int, generation: int | None = None
    ) -> tuple[int, bytes] | None:
        """(generation, key) of the case's notes key, if this user can open it."""
        cache = self._session.case_key_cache
        if generation is not None and (case_id, generation) in cache:
            return generation, cache[(case_id, generation)]
        wraps = self.wraps(conn, case_id)
        # The newest generation this user can open: rows that open for nobody (planted by
        # someone who cannot compute the pair secret) decide nothing.
        generations = (
            [generation]
            if generation is not None
            else sorted({w.generation for w in wraps}, reverse=True)
        )
        for wanted in generations:
            found = {
                key
                for key in (self._open_wrap(w) for w in wraps if w.generation == wanted)
                if key is not None
            }
            if not found:
                continue
            if len(found) > 1:
                # Only a holder of the group key can open more than one copy; copies that
                # differ were not all made by this code.
                raise NotesKeyConflict(case_id)
            key = found.pop()
            cache[(case_id, wanted)] = key
            return wanted, key
        return None

    def handover_pending(self, conn: Connection, case_id: int) -> bool:
        """The case has clinical text this user may read but cannot yet open."""
        return self.key(conn, case_id) is None and (
            bool(self.wraps(conn, case_id)) or has_clinical_text(conn, case_id)
        )

    # -- making wraps -------------------------------------------------------------------------

    def _user_wrap(
        self, case_id: int, generation: int, key: bytes, username: str
    ) -> dict[str, Any] | None:
        """The wrap for ``username`` (a counsellor), or None if this user cannot make it."""
        try:
            public = self._keystore.public_key_of(username, self._trusted, Role.COUNSELLOR)
        except (UnknownUser, KeystoreForged):
            return None  # never wrap to a slot the authority did not certify
        group_generation, group_public = self._group()
        leads = self._lead_privates()
        if group_generation in leads:
            secret = crypto.pair_secret(leads[group_generation], public)
        elif username == self._session.username:
            secret = crypto.pair_secret(self._session.opened.private_key, group_public)
        else:
            return None
        return _wrap_values(
            self._keystore.store_id,
            secret,
            case_id,
            generation,
            key,
            user_recipient(username),
            group_generation,
            public,
        )

    def _leads_wrap(self, case_id: int, generation: int, key: bytes) -> dict[str, Any] | None:
        group_generation, group_public = self._group()
        private = self._lead_privates().get(group_generation)
        if private is None:
            return None
        return _wrap_values(
            self._keystore.store_id,
            crypto.pair_secret(private, group_public),
            case_id,
            generation,
            key,
            LEADS,
            group_generation,
            group_public,
        )

    def _write_wraps(self, conn: Connection, case_id: int, generation: int, key: bytes) -> bool:
        """Make the case's wraps exactly: the allocated counsellor's and the leads'. Only a
        group-key holder replaces them; True when the allocated counsellor has one."""
        allocated = allocated_username(conn, case_id)
        wanted = [self._leads_wrap(case_id, generation, key)]
        if allocated is not None:
            wanted.append(self._user_wrap(case_id, generation, key, allocated))
        conn.execute(
            delete(schema.case_key_wraps).where(schema.case_key_wraps.c.case_id == case_id)
        )
        for values in wanted:
            if values is not None:
                conn.execute(insert(schema.case_key_wraps).values(values))
        self._session.case_key_cache[(case_id, generation)] = key
        return allocated is not None and wanted[-1] is not None

    def rewrap(self, conn: Connection, case_id: int, generation: int, key: bytes) -> None:
        """Key rotation: the case's wraps made afresh under the current clinical-lead key."""
        self._write_wraps(conn, case_id, generation, key)

    def rekey(self, conn: Connection, case_id: int) -> bool:
        """A new notes key for the case, its text re-encrypted under it, wrapped afresh: a copy
        of the old key (kept by a counsellor who moved off the case, or a lead who left) opens
        nothing written from now on. Group-key holders only; False if the key does not open."""
        if not self.holds_group_key():
            return False
        found = self.key(conn, case_id)
        if found is None:
            return False
        generation, key = found
        fresh = crypto.random_key()
        for table, pk, column, row_id, blob in _clinical_rows(conn, case_id):
            if len(blob) <= 1 or crypto.field_version(blob) != crypto.CASE_FIELD_VERSION:
                continue  # a placeholder, or old text under the shared key (moved separately)
            old = crypto.case_field_generation(blob)
            opened = (generation, key) if old == generation else self.key(conn, case_id, old)
            if opened is None:
                return False
            text = crypto.decrypt_case_field(opened[1], case_id, table.name, row_id, column, blob)
            conn.execute(
                update(table)
                .where(pk == row_id)
                .values(
                    {
                        column: crypto.encrypt_case_field(
                            fresh, generation + 1, case_id, table.name, row_id, column, text
                        )
                    }
                )
            )
        self._write_wraps(conn, case_id, generation + 1, fresh)
        return True

    def create(self, conn: Connection, case_id: int) -> tuple[int, bytes]:
        """A fresh notes key for a case with no clinical text yet."""
        generation, key = 1, crypto.random_key()
        existing = self.wraps(conn, case_id)
        if existing:
            generation = max(w.generation for w in existing) + 1
        if self.holds_group_key():
            self._write_wraps(conn, case_id, generation, key)
            return generation, key
        mine = self._user_wrap(case_id, generation, key, self._session.username)
        if mine is None:
            raise PermissionDenied("notes.key")
        # Whatever key rows were there protect no text: the allocated counsellor's first
        # record decides the key (rows written by anybody else would otherwise decide it).
        conn.execute(
            delete(schema.case_key_wraps).where(schema.case_key_wraps.c.case_id == case_id)
        )
        conn.execute(insert(schema.case_key_wraps).values(mine))
        self._session.case_key_cache[(case_id, generation)] = key
        return generation, key

    def for_writing(self, conn: Connection, case_id: int) -> tuple[int, bytes]:
        found = self.key(conn, case_id)
        if found is not None:
            return found
        if not has_clinical_text(conn, case_id):
            return self.create(conn, case_id)
        if allocated_username(conn, case_id) == self._session.username:
            raise NotesHandoverPending(case_id)
        raise PermissionDenied("notes.key")

    # -- clinical text --------------------------------------------------------------------------

    def seal_text(
        self, conn: Connection, case_id: int, table: str, row_id: int, column: str, text: str
    ) -> bytes:
        generation, key = self.for_writing(conn, case_id)
        return crypto.encrypt_case_field(key, generation, case_id, table, row_id, column, text)

    def open_text(
        self, conn: Connection, case_id: int, table: str, row_id: int, column: str, blob: bytes
    ) -> str:
        if crypto.field_version(blob) == crypto.FIELD_VERSION:
            return self._open_legacy(table, row_id, column, blob)
        found = self.key(conn, case_id, crypto.case_field_generation(blob))
        if found is None:
            if allocated_username(conn, case_id) == self._session.username:
                raise NotesHandoverPending(case_id)
            raise PermissionDenied("notes.key")
        return crypto.decrypt_case_field(found[1], case_id, table, row_id, column, blob)

    def _open_legacy(self, table: str, row_id: int, column: str, blob: bytes) -> str:
        """Text from before per-case keys, under the shared notes key, until it is migrated."""
        if self._session.closed or not self._session.holds(KeyName.NOTES):
            raise PermissionDenied("key:notes")
        keys = dict(self._session.opened.keys[KeyName.NOTES])
        return crypto.decrypt_field(keys, table, row_id, column, blob)

    # -- hand-over ------------------------------------------------------------------------------

    def hand_over(self, conn: Connection, case_id: int) -> bool:
        """After (re)allocation: the new counsellor's wrap, the others' removed. True when done
        (or nothing to hand over); False when it must wait for a group-key holder."""
        if not self.wraps(conn, case_id):
            return True
        if not self.holds_group_key():
            return False
        found = self.key(conn, case_id)
        if found is None:
            return False
        allocated = allocated_username(conn, case_id)
        moved_off = {
            w.recipient
            for w in self.wraps(conn, case_id)
            if w.recipient != LEADS and w.recipient != user_recipient(allocated or "")
        }
        if moved_off:
            # Someone who held the key is off the case: what is written from now on is under
            # a key they never had.
            self.rekey(conn, case_id)
        else:
            self._write_wraps(conn, case_id, *found)
        self._session.audit_case(conn, "case.notes_handed_over", "case", case_id)
        return True

    def pending_cases(self, conn: Connection) -> list[int]:
        """Cases whose wraps are not what allocation and the current keys call for: the
        allocated counsellor lacks a current wrap, someone else still has one, or the leads'
        wrap is missing or of an older group key."""
        c, co, u, w = schema.cases.c, schema.counsellors.c, schema.users.c, schema.case_key_wraps.c
        group_generation, group_public = self._group()
        keyed = select(w.case_id).distinct()
        leads_current = exists().where(
            w.case_id == c.id,
            w.recipient == LEADS,
            w.recipient_generation == group_generation,
            w.recipient_key == group_public,
        )
        pending = set(conn.execute(select(c.id).where(c.id.in_(keyed), ~leads_current)).scalars())
        rows = conn.execute(
            select(w.case_id, w.recipient, w.recipient_generation, w.recipient_key, u.username)
            .select_from(
                schema.case_key_wraps.join(schema.cases, c.id == w.case_id)
                .outerjoin(schema.counsellors, co.id == c.counsellor_id)
                .outerjoin(schema.users, u.id == co.user_id)
            )
            .where(w.recipient != LEADS)
        ).all()
        has_current: set[int] = set()
        for row in rows:
            username = row.recipient.removeprefix(USER_PREFIX)
            current = (
                username == row.username
                and row.recipient_generation == group_generation
                and self._current_public(username) == row.recipient_key
            )
            if current:
                has_current.add(row.case_id)
            else:
                pending.add(row.case_id)
        allocated = conn.execute(
            select(c.id, u.username)
            .select_from(
                schema.cases.join(schema.counsellors, co.id == c.counsellor_id).join(
                    schema.users, u.id == co.user_id
                )
            )
            .where(c.id.in_(keyed))
        ).all()
        for case_id, username in allocated:
            if case_id not in has_current and self._current_public(username) is not None:
                pending.add(case_id)
        return sorted(pending)

    def _current_public(self, username: str) -> bytes | None:
        try:
            return self._keystore.public_key_of(username, self._trusted, Role.COUNSELLOR)
        except (UnknownUser, KeystoreForged):
            return None

    def complete_hand_overs(self, conn: Connection) -> int:
        if not self.holds_group_key():
            return 0
        done = 0
        for case_id in self.pending_cases(conn):
            try:
                if self.hand_over(conn, case_id):
                    done += 1
            except NotesKeyConflict:
                continue  # left for verify to report; never hand over a doubtful key
        return done

    # -- moving clinical text under per-case keys -------------------------------------------------

    def migrate_legacy(self, conn: Connection, case_ids: Iterable[int] | None = None) -> int:
        """Re-encrypt text still under the shared notes key under each case's own key."""
        moved = 0
        for case_id in case_ids if case_ids is not None else legacy_cases(conn):
            rows = [r for r in _clinical_rows(conn, case_id) if r[4][:1] == b"\x01"]
            if not rows:
                continue
            found = self.key(conn, case_id)
            if found is None:
                if self.wraps(conn, case_id) and not self.holds_group_key():
                    continue
                found = self._create_for_migration(conn, case_id)
                if found is None:
                    continue
            generation, key = found
            for table, pk, column, row_id, blob in rows:
                text = self._open_legacy(table.name, row_id, column, blob)
                conn.execute(
                    update(table)
                    .where(pk == row_id)
                    .values(
                        {
                            column: crypto.encrypt_case_field(
                                key, generation, case_id, table.name, row_id, column, text
                            )
                        }
                    )
                )
                moved += 1
        return moved

    def _create_for_migration(self, conn: Connection, case_id: int) -> tuple[int, bytes] | None:
        generation, key = 1, crypto.random_key()
        if self.holds_group_key():
            self._write_wraps(conn, case_id, generation, key)
            return generation, key
        if allocated_username(conn, case_id) != self._session.username:
            return None  # another counsellor's case: only a group-key holder can wrap for them
        mine = self._user_wrap(case_id, generation, key, self._session.username)
        if mine is None:
            return None
        conn.execute(insert(schema.case_key_wraps).values(mine))
        self._session.case_key_cache[(case_id, generation)] = key
        return generation, key


def legacy_cases(conn: Connection) -> list[int]:
    """Cases with text still under the shared notes key (version 1 fields)."""
    found: set[int] = set()
    a = schema.appointments.c
    for table, column in schema.ENCRYPTED_COLUMNS:
        if table is schema.session_notes:
            query = select(a.case_id, table.c[column]).select_from(
                table.join(schema.appointments, a.id == table.c.appointment_id)
            )
        else:
            query = select(table.c.case_id, table.c[column])
        for case_id, blob in conn.execute(query):
            if blob[:1] == b"\x01":
                found.add(int(case_id))
    return sorted(found)


# -- the clinical-lead group key ------------------------------------------------------------------


def ensure_lead_key(session: Session) -> bool:
    """A store made before per-case notes keys has no clinical-lead key: the first
    administrator to sign in makes it, grants it to every administrator and to the counsellors
    the old row flags named as leads (one last time; from now on the grant decides). True when
    it made the key."""
    if not session.has_role(Role.ADMINISTRATOR) or KeyName.LEAD in session.keystore.generations:
        return False
    private, public = crypto.generate_keypair()
    leads = _flagged_leads(session)

    with file_lock(session.data.lock):
        keystore = Keystore.load(session.data.keystore)
        if KeyName.LEAD in keystore.generations or keystore.rotation is not None:
            return False
        authority = session.key(KeyName.AUTHORITY, keystore.generations[KeyName.AUTHORITY])
        keystore.generations[KeyName.LEAD] = 1
        granted: dict[KeyName, dict[int, bytes]] = {KeyName.LEAD: {1: private}}
        for name, generation in keystore.generations.items():
            if name is not KeyName.LEAD:
                granted[name] = {generation: session.key(name, generation)}
        # The authority states the new key (and generation) that everyone will seal to.
        keystore.statement = replace(
            keystore.statement,
            generations=dict(keystore.generations),
            lead_public_keys={1: public},
        ).signed(keystore.store_id, authority)
        for username, slot in list(keystore.slots.items()):
            if username in leads and Role.COUNSELLOR in slot.roles:
                slot = keystore.certify(
                    replace(slot, roles=slot.roles | {Role.CLINICAL_LEAD}), authority
                )
            keystore.slots[username] = keystore.regrant(slot, granted)
        keystore.regrant_recovery(granted)
        keystore.save()
    session.opened.keys[KeyName.LEAD] = {1: private}
    session.keystore = keystore
    with session.case_tx() as conn:
        for username in sorted(leads & set(keystore.slots)):
            session.audit_case(conn, "user.clinical_lead_granted", "user", username)
    return True


def _flagged_leads(session: Session) -> set[str]:
    u, c = schema.users.c, schema.counsellors.c
    with session.case.connect() as conn:
        flagged = set(
            conn.execute(select(u.username).where(u.is_clinical_lead.is_(True))).scalars()
        )
        flagged |= set(
            conn.execute(
                select(u.username)
                .select_from(schema.counsellors.join(schema.users, u.id == c.user_id))
                .where(c.is_clinical_lead.is_(True), c.active.is_(True))
            ).scalars()
        )
    return flagged


def after_sign_in(session: Session) -> None:
    """Bring the case notes keys up to date with what this user can do: make the clinical-lead
    key in an old store, move old notes under per-case keys, complete waiting hand-overs."""
    if session.case_engine is None or not (
        session.holds(KeyName.NOTES) or session.holds(KeyName.LEAD)
    ):
        return
    ensure_lead_key(session)
    if KeyName.LEAD not in session.keystore.generations:
        return  # an old store no administrator has opened since the upgrade
    keys = CaseKeys(session)
    with session.case.connect() as conn:
        migrated = conn.execute(
            select(schema.settings.c.value).where(schema.settings.c.key == MIGRATED_SETTING)
        ).scalar()
        pending = keys.pending_cases(conn) if keys.holds_group_key() else []
    to_migrate = migrated != "1" and session.holds(KeyName.NOTES)
    if not (to_migrate or pending):
        return  # the usual sign-in: nothing to write
    with session.case_tx() as conn:
        if to_migrate and keys.holds_group_key():
            keys.migrate_legacy(conn)
            conn.execute(delete(schema.settings).where(schema.settings.c.key == MIGRATED_SETTING))
            conn.execute(insert(schema.settings).values(key=MIGRATED_SETTING, value="1"))
            session.audit_case(conn, "notes.moved_to_case_keys", "store", "case")
        elif to_migrate:
            keys.migrate_legacy(conn, _my_cases(conn, session.username))
        keys.complete_hand_overs(conn)


def _my_cases(conn: Connection, username: str) -> list[int]:
    c, co, u = schema.cases.c, schema.counsellors.c, schema.users.c
    return list(
        conn.execute(
            select(c.id)
            .select_from(
                schema.cases.join(schema.counsellors, co.id == c.counsellor_id).join(
                    schema.users, u.id == co.user_id
                )
            )
            .where(u.username == username)
        ).scalars()
    )


# -- for verify ---------------------------------------------------------------------------------


@dataclass
class _SlotReader:
    """What :class:`CaseKeys` needs of a session, for a slot opened outside one (verify)."""

    opened: Any
    username: str
    case_key_cache: dict[tuple[int, int], bytes]
    closed: bool = False

    def holds(self, name: KeyName) -> bool:
        return name in self.opened.keys


def key_problems(conn: Connection, keystore: Keystore, opened: Any) -> list[tuple[int, str]]:
    """(case id, problem) for every case whose notes key a group-key holder cannot vouch for:
    ``conflict`` (copies that differ), ``unopenable`` (key rows nobody can open: planted, or
    the key lost) or ``lost`` (text under a case key with no key rows at all). Reads only."""
    if KeyName.LEAD not in opened.keys or KeyName.LEAD not in keystore.generations:
        return []
    reader = _SlotReader(opened, opened.slot.username, {})
    keys = CaseKeys(reader, keystore)  # type: ignore[arg-type]
    w = schema.case_key_wraps.c
    problems: list[tuple[int, str]] = []
    keyed = set(conn.execute(select(w.case_id).distinct()).scalars())
    for case_id in sorted(keyed):
        try:
            if keys.key(conn, case_id) is None:
                problems.append((case_id, "unopenable"))
        except NotesKeyConflict:
            problems.append((case_id, "conflict"))
    for table, column in schema.ENCRYPTED_COLUMNS:
        a = schema.appointments.c
        if table is schema.session_notes:
            query = select(a.case_id, table.c[column]).select_from(
                table.join(schema.appointments, a.id == table.c.appointment_id)
            )
        else:
            query = select(table.c.case_id, table.c[column])
        for case_id, blob in conn.execute(query):
            if blob[:1] == bytes([crypto.CASE_FIELD_VERSION]) and case_id not in keyed:
                problems.append((int(case_id), "lost"))
                keyed.add(case_id)
    return problems
