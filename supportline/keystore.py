"""``keystore.json``: one key slot per user, and the anchors of the audit chains.

A slot holds:
- a header (username, roles, KDF parameters and salt, the user's X25519 public key);
- ``wrap``: the user's X25519 private key, sealed with AES-256-GCM under a key derived from the
  password with Argon2id; the header minus roles is the associated data;
- ``grants``: the store keys the roles need, each sealed to the user's public key with the
  header *including roles*, the key name and the key generation as associated data.

Editing any header field therefore makes the slot fail to open. Keys can be re-granted to every
remaining slot without anybody's password, which is what key rotation needs (DESIGN 4): after a
user is disabled the store keys change and the old keys, wherever copies of them survive, open
nothing.

The store authority (issue 10, items 3 and 5). An Ed25519 key pair made at ``init``: its private
key is a store key (:attr:`KeyName.AUTHORITY`) that only administrators hold; its public key is
*pinned* in every slot's header, the associated data of the password-wrapped part, so nobody can
swap it in another user's slot without that user's password. The authority signs:
- each slot's certificate (username, roles, X25519 public key, Ed25519 signing key), so roles
  cannot be self-granted and another user's public key cannot be substituted;
- a signer record for every signing key ever made (kept after a user leaves, so their old audit
  entries still verify);
- the store statement: the statistics and clinical public keys and the key generations. Whatever
  seals to a public key takes it from the verified statement, never from a table the case key can
  write.
When an administrator leaves, the authority is rotated with the other keys: the old authority
signs a succession to the new one, and each user's slot is re-pinned at their next sign-in.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from . import changes, crypto, keystore_schema
from .audit import AnchorState, EntrySigner, SigningKeys, anchor_signed, sign_anchor
from .errors import (
    KeystoreCorrupt,
    KeystoreForged,
    KeystoreMissing,
    KeystoreOutdated,
    RecoverySecretWrong,
    RecoveryUnavailable,
    SlotTampered,
    UnknownUser,
    WrongPassword,
)
from .paths import atomic_write
from .roles import KeyName, Role, keys_for

FORMAT = 2

# The production default (about 256 MiB, t=3, p=4; 0.43 s on the 2-core reference machine).
DEFAULT_KDF = (256 * 1024, 3, 4)
# Tests may lower the cost through this environment variable ("memory_kib,t,p"), honoured only
# for a store created in test mode: a production store ignores it.
KDF_ENV = "SUPPORTLINE_KDF"
# Read once, by init: a store created while it is "1" is a test-mode store for ever.
TEST_MODE_ENV = "SUPPORTLINE_TEST_MODE"


def default_kdf_params(test_mode: bool = False) -> tuple[int, int, int]:
    import os

    text = os.environ.get(KDF_ENV)
    if not text or not test_mode:
        return DEFAULT_KDF
    memory, iterations, parallelism = (int(part) for part in text.split(","))
    return memory, iterations, parallelism


def now_iso() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


@dataclass(frozen=True)
class Grant:
    key: KeyName
    generation: int
    sealed: bytes

    def to_json(self) -> dict[str, Any]:
        return {
            "key": self.key.value,
            "generation": self.generation,
            "sealed": crypto.b64e(self.sealed),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Grant:
        return cls(KeyName(data["key"]), int(data["generation"]), crypto.b64d(data["sealed"]))


def _signed(kind: str, store_id: str, body: Mapping[str, Any]) -> bytes:
    """What the authority (or a user) signs: the kind and the store bound in, canonical JSON."""
    return crypto.canonical({"v": 1, "kind": kind, "store_id": store_id, **body})


@dataclass(frozen=True)
class Slot:
    username: str
    roles: frozenset[Role]
    kdf: crypto.KdfParams
    public_key: bytes  # X25519: grants (and brief E's per-case keys) are sealed to it
    signing_key: bytes  # Ed25519 public: this user's audit entries, anchors and plans
    authority: bytes  # the store authority's public key, pinned under the password
    wrap: bytes
    grants: tuple[Grant, ...]
    created: str
    certificate: bytes = b""  # the authority's signature over certified_body()
    must_change_password: bool = False
    test_mode: bool = False

    def header(self, store_id: str, with_roles: bool) -> bytes:
        header: dict[str, Any] = {
            "format": FORMAT,
            "store_id": store_id,
            "username": self.username,
            "kdf": self.kdf.to_json(),
            "public_key": crypto.b64e(self.public_key),
            "signing_key": crypto.b64e(self.signing_key),
            "authority": crypto.b64e(self.authority),
        }
        if self.test_mode:  # absent from production slots, so their headers are unchanged
            header["test_mode"] = True
        if with_roles:
            header["roles"] = sorted(role.value for role in self.roles)
        return crypto.canonical(header)

    def certified_body(self, store_id: str) -> bytes:
        return _signed(
            "slot",
            store_id,
            {
                "username": self.username,
                "roles": sorted(role.value for role in self.roles),
                "public_key": crypto.b64e(self.public_key),
                "signing_key": crypto.b64e(self.signing_key),
            },
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "username": self.username,
            "roles": sorted(role.value for role in self.roles),
            "kdf": self.kdf.to_json(),
            "public_key": crypto.b64e(self.public_key),
            "signing_key": crypto.b64e(self.signing_key),
            "authority": crypto.b64e(self.authority),
            "wrap": crypto.b64e(self.wrap),
            "grants": [grant.to_json() for grant in self.grants],
            "created": self.created,
            "certificate": crypto.b64e(self.certificate),
            "must_change_password": self.must_change_password,
        } | ({"test_mode": True} if self.test_mode else {})

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Slot:
        return cls(
            username=str(data["username"]),
            roles=frozenset(Role(name) for name in data["roles"]),
            kdf=crypto.KdfParams.from_json(data["kdf"]),
            public_key=crypto.b64d(data["public_key"]),
            signing_key=crypto.b64d(data["signing_key"]),
            authority=crypto.b64d(data["authority"]),
            wrap=crypto.b64d(data["wrap"]),
            grants=tuple(Grant.from_json(item) for item in data["grants"]),
            created=str(data.get("created", "")),
            certificate=crypto.b64d(data["certificate"]),
            must_change_password=bool(data.get("must_change_password", False)),
            test_mode=bool(data.get("test_mode", False)),
        )


@dataclass(frozen=True)
class Signer:
    """A signing key the authority certified for ``username``; kept after the user leaves."""

    username: str
    signing_key: bytes
    certificate: bytes

    @staticmethod
    def body(store_id: str, username: str, signing_key: bytes) -> bytes:
        return _signed(
            "signer", store_id, {"username": username, "signing_key": crypto.b64e(signing_key)}
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "username": self.username,
            "signing_key": crypto.b64e(self.signing_key),
            "certificate": crypto.b64e(self.certificate),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Signer:
        return cls(
            str(data["username"]),
            crypto.b64d(data["signing_key"]),
            crypto.b64d(data["certificate"]),
        )


@dataclass(frozen=True)
class Succession:
    """The old authority's signature handing over to a new one (an administrator left)."""

    old: bytes
    new: bytes
    signature: bytes

    @staticmethod
    def body(store_id: str, old: bytes, new: bytes) -> bytes:
        return _signed("succession", store_id, {"old": crypto.b64e(old), "new": crypto.b64e(new)})

    def to_json(self) -> dict[str, Any]:
        return {
            "old": crypto.b64e(self.old),
            "new": crypto.b64e(self.new),
            "signature": crypto.b64e(self.signature),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Succession:
        return cls(
            crypto.b64d(data["old"]), crypto.b64d(data["new"]), crypto.b64d(data["signature"])
        )


@dataclass(frozen=True)
class StoreStatement:
    """The public keys everyone seals to, and the key generations, as the authority signed them."""

    stats_public_key: bytes
    clinical_public_key: bytes
    generations: Mapping[KeyName, int]
    signature: bytes = b""
    # The disaster-recovery key pair's public half (its private half derives from the recovery
    # secret printed at init): rotation seals the new store keys to it.
    recovery_public_key: bytes = b""
    # The clinical-lead group's public keys by generation (supportline.case_keys): one, or two
    # while a rotation moves to a new one. Empty in a store from before per-case notes keys.
    lead_public_keys: Mapping[int, bytes] = field(default_factory=dict)

    def _lead_json(self) -> dict[str, str]:
        return {str(g): crypto.b64e(k) for g, k in sorted(self.lead_public_keys.items())}

    def body(self, store_id: str) -> bytes:
        content: dict[str, Any] = {
            "stats_public_key": crypto.b64e(self.stats_public_key),
            "clinical_public_key": crypto.b64e(self.clinical_public_key),
            "generations": {k.value: v for k, v in sorted(self.generations.items())},
            "recovery_public_key": crypto.b64e(self.recovery_public_key),
        }
        if self.lead_public_keys:  # absent from statements signed before there were any
            content["lead_public_keys"] = self._lead_json()
        return _signed("statement", store_id, content)

    def signed(self, store_id: str, authority_private: bytes) -> StoreStatement:
        return replace(self, signature=crypto.sign(authority_private, self.body(store_id)))

    def to_json(self) -> dict[str, Any]:
        return {
            "stats_public_key": crypto.b64e(self.stats_public_key),
            "clinical_public_key": crypto.b64e(self.clinical_public_key),
            "generations": {k.value: v for k, v in sorted(self.generations.items())},
            "signature": crypto.b64e(self.signature),
            "recovery_public_key": crypto.b64e(self.recovery_public_key),
            "lead_public_keys": self._lead_json(),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> StoreStatement:
        return cls(
            crypto.b64d(data["stats_public_key"]),
            crypto.b64d(data["clinical_public_key"]),
            {KeyName(k): int(v) for k, v in data["generations"].items()},
            crypto.b64d(data["signature"]),
            crypto.b64d(data["recovery_public_key"]),
            {int(g): crypto.b64d(k) for g, k in dict(data.get("lead_public_keys") or {}).items()},
        )


RECOVERY_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: read aloud, typed back
RECOVERY_GROUPS = 8  # 8 x 5 characters of 31: about 198 bits


def generate_recovery_secret() -> str:
    import secrets

    groups = (
        "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(5)) for _ in range(RECOVERY_GROUPS)
    )
    return "-".join(groups)


def normalise_recovery_secret(text: str) -> str:
    """As typed back: spaces, dashes and case do not matter."""
    return "".join(ch for ch in text.upper() if ch.isalnum())


@dataclass(frozen=True)
class Recovery:
    """The store keys sealed to the recovery key pair, whose private half is derived from the
    recovery secret with Argon2id: disaster recovery over a lost key store (``restore``), kept
    offline by the service, never by one administrator's password."""

    kdf: crypto.KdfParams
    public_key: bytes
    grants: tuple[Grant, ...] = ()

    @staticmethod
    def private_key(secret: str, kdf: crypto.KdfParams) -> bytes:
        derived = crypto.derive_key(normalise_recovery_secret(secret), kdf)
        return crypto.hkdf(derived, b"supportline-recovery-keypair-v1")

    def to_json(self) -> dict[str, Any]:
        return {
            "kdf": self.kdf.to_json(),
            "public_key": crypto.b64e(self.public_key),
            "grants": [grant.to_json() for grant in self.grants],
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Recovery:
        return cls(
            crypto.KdfParams.from_json(data["kdf"]),
            crypto.b64d(data["public_key"]),
            tuple(Grant.from_json(item) for item in data["grants"]),
        )


@dataclass(frozen=True)
class Anchor:
    """The head of one store's audit chain and the store's integrity digest, signed by the user
    who moved it there; ``prior`` is the state it moved from (see
    :func:`supportline.audit.anchor_payload`, which is what is signed)."""

    seq: int
    head: str
    signer: str
    signature: bytes
    digest: str | None = None
    prior: AnchorState | None = None

    @classmethod
    def make(
        cls,
        signer: EntrySigner,
        store: str,
        state: AnchorState,
        prior: AnchorState | None = None,
    ) -> Anchor:
        signature = sign_anchor(signer, store, state, prior)
        return cls(state.seq, state.head, signer.username, signature, state.digest, prior)

    def genuine(self, signing_keys: SigningKeys, store_id: str, store: str) -> bool:
        """Whether the anchor carries its signer's signature, by a key the authority certified."""
        return anchor_signed(
            store_id, store, self.state, self.prior, self.signer, self.signature, signing_keys
        )

    @property
    def state(self) -> AnchorState:
        return AnchorState(self.seq, self.head, self.digest)

    def states(self) -> tuple[AnchorState, ...]:
        """The states a sound store can be in: this one, or the one before it."""
        return (self.state,) if self.prior is None else (self.state, self.prior)

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "seq": self.seq,
            "head": self.head,
            "signer": self.signer,
            "signature": crypto.b64e(self.signature),
        }
        if self.digest is not None:
            data["digest"] = self.digest
        if self.prior is not None:
            data["prior"] = {
                "seq": self.prior.seq,
                "head": self.prior.head,
                "digest": self.prior.digest,
            }
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Anchor:
        prior = data.get("prior")
        return cls(
            int(data["seq"]),
            str(data["head"]),
            str(data["signer"]),
            crypto.b64d(data["signature"]),
            None if data.get("digest") is None else str(data["digest"]),
            None
            if prior is None
            else AnchorState(
                int(prior["seq"]),
                str(prior["head"]),
                None if prior.get("digest") is None else str(prior["digest"]),
            ),
        )


def _failure(item: Mapping[str, Any]) -> FailedSignIn | None:
    """One recorded failure, or None when its username or time is not well formed."""
    username, at = item["username"], item["at"]
    if username != "unknown" and not re.fullmatch(keystore_schema.USERNAME.pattern or "", username):
        return None
    try:
        when = datetime.fromisoformat(at)
    except ValueError:
        return None
    if when.tzinfo is None:
        return None
    return FailedSignIn(username, at, bool(item.get("audited", False)), str(item.get("bucket", "")))


@dataclass(frozen=True)
class FailedSignIn:
    username: str  # a known username, or "unknown"
    at: str
    audited: bool = False  # already copied into an audit chain; kept to count towards the delay
    bucket: str = ""  # for "unknown": which share of typed names it counts against (signin.py)


@dataclass
class Keystore:
    """In-memory form of ``keystore.json``; :meth:`save` writes it atomically."""

    store_id: str
    generations: dict[KeyName, int]
    authority: bytes  # the current authority's public key
    statement: StoreStatement
    slots: dict[str, Slot]
    signers: list[Signer] = field(default_factory=list)
    successions: list[Succession] = field(default_factory=list)
    anchors: dict[str, Anchor] = field(default_factory=dict)
    failed_sign_ins: list[FailedSignIn] = field(default_factory=list)
    rotation: dict[str, Any] | None = None
    recovery: Recovery | None = None
    path: Path | None = None
    # Cheap key derivation allowed (tests): fixed at init, bound into every slot's header.
    test_mode: bool = False
    # Failed sign-ins whose username or time was not well formed: dropped, reported by verify.
    ignored_failures: int = field(default=0, compare=False)
    # The slots as last read or written: saving reports a change only when they differ.
    _saved_slots: dict[str, Slot] | None = field(default=None, repr=False, compare=False)

    # -- persistence -----------------------------------------------------------------------------

    @classmethod
    def new(
        cls,
        path: Path,
        authority_private: bytes,
        stats_public_key: bytes,
        clinical_public_key: bytes,
        lead_public_key: bytes,
        test_mode: bool = False,
    ) -> Keystore:
        store_id = str(uuid.uuid4())
        generations = {name: 1 for name in KeyName}
        statement = StoreStatement(
            stats_public_key,
            clinical_public_key,
            dict(generations),
            lead_public_keys={generations[KeyName.LEAD]: lead_public_key},
        )
        return cls(
            store_id=store_id,
            generations=generations,
            authority=crypto.signing_public(authority_private),
            statement=statement.signed(store_id, authority_private),
            slots={},
            path=path,
            test_mode=test_mode,
        )

    @property
    def stats_public_key(self) -> bytes:
        """As stated, unverified: sealing code uses :meth:`verified_statement`."""
        return self.statement.stats_public_key

    @classmethod
    def load(cls, path: Path) -> Keystore:
        try:
            raw = path.read_bytes()
        except FileNotFoundError as exc:
            raise KeystoreMissing(str(path)) from exc
        try:
            data = keystore_schema.parse_json(raw)
            if isinstance(data, dict) and data.get("format") == 1:
                raise KeystoreOutdated(str(path))
            return cls.from_json(data, path)
        except (
            ValueError,
            KeyError,
            TypeError,
            AttributeError,
            RecursionError,
            crypto.CryptoError,
        ) as exc:
            raise KeystoreCorrupt(str(path)) from exc

    @classmethod
    def from_json(cls, data: Mapping[str, Any], path: Path | None = None) -> Keystore:
        """Raises ``keystore_schema.SchemaViolation`` (a ValueError) unless ``data`` is well
        formed in every field (see ``keystore_schema``)."""
        keystore_schema.validate(data)
        failures = [_failure(item) for item in data.get("failed_sign_ins", [])]
        keystore = cls(
            store_id=str(data["store_id"]),
            generations={KeyName(k): int(v) for k, v in data["generations"].items()},
            authority=crypto.b64d(data["authority"]),
            statement=StoreStatement.from_json(data["statement"]),
            slots={item["username"]: Slot.from_json(item) for item in data["slots"]},
            signers=[Signer.from_json(item) for item in data.get("signers", [])],
            successions=[Succession.from_json(item) for item in data.get("successions", [])],
            anchors={k: Anchor.from_json(v) for k, v in data.get("anchors", {}).items()},
            failed_sign_ins=[failure for failure in failures if failure is not None],
            rotation=data.get("rotation"),
            recovery=Recovery.from_json(data["recovery"]) if data.get("recovery") else None,
            path=path,
            test_mode=bool(data.get("test_mode", False)),
            ignored_failures=failures.count(None),
        )
        keystore._saved_slots = dict(keystore.slots)
        return keystore

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "store_id": self.store_id,
            "generations": {k.value: v for k, v in sorted(self.generations.items())},
            "authority": crypto.b64e(self.authority),
            "statement": self.statement.to_json(),
            "slots": [self.slots[name].to_json() for name in sorted(self.slots)],
            "signers": [signer.to_json() for signer in self.signers],
            "successions": [succession.to_json() for succession in self.successions],
            "anchors": {k: v.to_json() for k, v in sorted(self.anchors.items())},
            "failed_sign_ins": [
                {"username": f.username, "at": f.at, "audited": f.audited}
                | ({"bucket": f.bucket} if f.bucket else {})
                for f in self.failed_sign_ins
            ],
            "rotation": self.rotation,
            "recovery": self.recovery.to_json() if self.recovery else None,
        } | ({"test_mode": True} if self.test_mode else {})

    def to_bytes(self) -> bytes:
        return json.dumps(self.to_json(), indent=1, sort_keys=True).encode("utf-8")

    def save(self) -> None:
        if self.path is None:
            raise ValueError("keystore has no path")
        atomic_write(self.path, self.to_bytes())
        if self.slots != self._saved_slots:
            # Not every save: the audit anchors move on every write, and no view shows them.
            changes.record(changes.KEY_SLOTS)
        self._saved_slots = dict(self.slots)

    def reload(self) -> Keystore:
        if self.path is None:
            raise ValueError("keystore has no path")
        return Keystore.load(self.path)

    # -- other users' public keys ---------------------------------------------------------------
    # The ONE way the core takes another user's public key to seal a case's notes key to them
    # (certified_slot checks the authority's certificate), and the clinical-lead group's public
    # keys (from the signed store statement).

    def public_key_of(self, username: str, trusted: bytes, role: Role | None = None) -> bytes:
        """The X25519 public key of ``username``'s certified slot (which must hold ``role``)."""
        slot = self.certified_slot(username, trusted)
        if role is not None and role not in slot.roles:
            raise UnknownUser(username)
        return slot.public_key

    def lead_group_keys(self, trusted: bytes) -> dict[int, bytes]:
        """generation -> public key of the clinical-lead group, as the authority stated them:
        the current one and, while a rotation is under way, the one it is moving to."""
        return dict(self.verified_statement(trusted).lead_public_keys)

    def lead_group_key(self, trusted: bytes) -> tuple[int, bytes]:
        """(generation, public key) of the newest clinical-lead group key pair."""
        keys = self.lead_group_keys(trusted)
        if not keys:
            raise KeystoreCorrupt("no clinical-lead key")
        generation = max(keys)
        return generation, keys[generation]

    @property
    def lead_public_key(self) -> bytes | None:
        """The newest clinical-lead public key the statement names (unchecked: for display)."""
        keys = self.statement.lead_public_keys
        return keys[max(keys)] if keys else None

    def keys_needed(self, roles: Iterable[Role]) -> frozenset[KeyName]:
        """The keys a slot with ``roles`` holds: those of :func:`keys_for` that this store has
        (a store made before the clinical-lead key has none until an administrator signs in)."""
        return frozenset(name for name in keys_for(roles) if name in self.generations)

    # -- the authority ---------------------------------------------------------------------------

    def trusted_authority(self, pinned: bytes) -> bytes:
        """The current authority, reached from ``pinned`` through signed successions only.

        ``pinned`` is an authority the caller already trusts (the one pinned in their own slot
        under their password). Two different successions from one key are a fork: refused.
        """
        key = pinned
        for _ in range(len(self.successions) + 1):
            if key == self.authority:
                return key
            onward = [
                s.new
                for s in self.successions
                if s.old == key
                and crypto.signature_valid(
                    key, Succession.body(self.store_id, s.old, s.new), s.signature
                )
            ]
            if len(set(onward)) != 1:
                break
            key = onward[0]
        raise KeystoreForged("authority")

    def certify(self, slot: Slot, authority_private: bytes) -> Slot:
        return replace(
            slot,
            certificate=crypto.sign(authority_private, slot.certified_body(self.store_id)),
        )

    def certified_slot(self, username: str, trusted: bytes) -> Slot:
        """Another user's slot, with its public keys and roles checked against the authority.

        The one way to use someone else's public key (to seal a key to them, or to check what
        they signed): ``trusted`` is the caller's own authority (``OpenedSlot.authority``).
        """
        authority = self.trusted_authority(trusted)
        slot = self.slots.get(username)
        if slot is None:
            raise UnknownUser(username)
        if not crypto.signature_valid(
            authority, slot.certified_body(self.store_id), slot.certificate
        ):
            raise KeystoreForged(f"slot:{username}")
        return slot

    def certified_signing_keys(self, username: str, trusted: bytes) -> list[bytes]:
        """Every signing key the authority certified for ``username``, past ones included (the
        signer records), and the one in their current slot if its certificate holds (so deleting
        a signer record does not disown a current user's entries)."""
        authority = self.trusted_authority(trusted)
        keys = [
            signer.signing_key
            for signer in self.signers
            if signer.username == username
            and crypto.signature_valid(
                authority,
                Signer.body(self.store_id, signer.username, signer.signing_key),
                signer.certificate,
            )
        ]
        slot = self.slots.get(username)
        if (
            slot is not None
            and slot.signing_key not in keys
            and crypto.signature_valid(
                authority, slot.certified_body(self.store_id), slot.certificate
            )
        ):
            keys.append(slot.signing_key)
        return keys

    def certified_slots(self, trusted: bytes) -> dict[str, Slot]:
        """Every slot whose certificate the authority signed (for sealing a key to several
        users, such as every clinical lead); a slot that fails its certificate is left out."""
        authority = self.trusted_authority(trusted)
        return {
            name: slot
            for name, slot in self.slots.items()
            if crypto.signature_valid(
                authority, slot.certified_body(self.store_id), slot.certificate
            )
        }

    def add_signer(self, username: str, signing_key: bytes, authority_private: bytes) -> None:
        if any(s.username == username and s.signing_key == signing_key for s in self.signers):
            return
        body = Signer.body(self.store_id, username, signing_key)
        self.signers.append(Signer(username, signing_key, crypto.sign(authority_private, body)))

    def verified_statement(self, trusted: bytes) -> StoreStatement:
        """The statistics and clinical public keys, as the authority signed them."""
        authority = self.trusted_authority(trusted)
        if not crypto.signature_valid(
            authority, self.statement.body(self.store_id), self.statement.signature
        ):
            raise KeystoreForged("statement")
        return self.statement

    def hand_over(self, old_private: bytes, new_private: bytes) -> None:
        """Make ``new_private`` the authority: the old one signs the succession, and every
        certificate the old one signed (and only those) is signed again by the new one."""
        old, new = crypto.signing_public(old_private), crypto.signing_public(new_private)
        if old != self.authority:
            raise KeystoreForged("authority")
        if new == old:
            return
        self.signers = [
            Signer(s.username, s.signing_key, crypto.sign(new_private, body))
            for s in self.signers
            if crypto.signature_valid(
                old, body := Signer.body(self.store_id, s.username, s.signing_key), s.certificate
            )
        ]
        for username, slot in list(self.slots.items()):
            if crypto.signature_valid(old, slot.certified_body(self.store_id), slot.certificate):
                self.slots[username] = self.certify(slot, new_private)
        self.statement = self.statement.signed(self.store_id, new_private)
        body = Succession.body(self.store_id, old, new)
        self.successions.append(Succession(old, new, crypto.sign(old_private, body)))
        self.authority = new

    # -- disaster recovery -----------------------------------------------------------------------

    def recovery_aad(self, key: KeyName, generation: int) -> bytes:
        return crypto.canonical(
            {
                "store_id": self.store_id,
                "recovery": True,
                "key": key.value,
                "generation": generation,
            }
        )

    def make_recovery(self, secret: str, authority_private: bytes) -> None:
        """Set up disaster recovery under ``secret``: its public key goes into the statement."""
        memory, iterations, parallelism = default_kdf_params(self.test_mode)
        kdf = crypto.KdfParams.new(memory, iterations, parallelism, self.test_mode)
        public = crypto.public_from_private(Recovery.private_key(secret, kdf))
        self.recovery = Recovery(kdf, public)
        self.statement = replace(self.statement, recovery_public_key=public).signed(
            self.store_id, authority_private
        )

    def regrant_recovery(self, keys: Mapping[KeyName, Mapping[int, bytes]]) -> None:
        """Seal every generation in ``keys`` to the recovery key pair (no secret needed)."""
        if self.recovery is None:
            return
        public = self.statement.recovery_public_key
        grants = [
            Grant(
                name, generation, crypto.seal_to(public, key, self.recovery_aad(name, generation))
            )
            for name in sorted(keys)
            for generation, key in sorted(keys[name].items())
        ]
        self.recovery = replace(self.recovery, public_key=public, grants=tuple(grants))

    def open_recovery(self, secret: str) -> dict[KeyName, dict[int, bytes]]:
        """The store keys, with the recovery secret; the authority's key among them proves the
        statement (and so the recovery public key) genuine."""
        if self.recovery is None:
            raise RecoveryUnavailable()
        if not self.recovery.kdf.within_bounds(self.test_mode):
            raise RecoverySecretWrong()  # refused before deriving, as a cheap or absurd slot is
        try:
            private = Recovery.private_key(secret, self.recovery.kdf)
        except crypto.CryptoError as exc:
            raise RecoverySecretWrong() from exc
        if crypto.public_from_private(private) != self.recovery.public_key:
            raise RecoverySecretWrong()
        keys: dict[KeyName, dict[int, bytes]] = {}
        for grant in self.recovery.grants:
            try:
                key = crypto.open_sealed_to(
                    private, grant.sealed, self.recovery_aad(grant.key, grant.generation)
                )
            except crypto.CryptoError as exc:
                raise KeystoreForged("recovery") from exc
            keys.setdefault(grant.key, {})[grant.generation] = key
        authorities = {crypto.signing_public(k) for k in keys.get(KeyName.AUTHORITY, {}).values()}
        if self.authority not in authorities:
            raise KeystoreForged("recovery")
        self.verified_statement(self.authority)
        if self.statement.recovery_public_key != self.recovery.public_key:
            raise KeystoreForged("recovery")
        return keys

    # -- slots -----------------------------------------------------------------------------------

    def slot_is_usable(self, slot: Slot) -> bool:
        """Checked before deriving: the slot's KDF cost suits this store's mode (a production
        store refuses a cheap slot) and the slot belongs to that mode."""
        return slot.test_mode == self.test_mode and slot.kdf.within_bounds(self.test_mode)

    def grant_aad(self, slot: Slot, key: KeyName, generation: int) -> bytes:
        return slot.header(self.store_id, with_roles=True) + crypto.canonical(
            {"key": key.value, "generation": generation}
        )

    def make_slot(
        self,
        username: str,
        roles: Iterable[Role],
        password: str,
        keys: Mapping[KeyName, Mapping[int, bytes]],
        authority_private: bytes,
        must_change_password: bool = False,
        kdf: tuple[int, int, int] | None = None,
    ) -> Slot:
        """A fresh slot with fresh key pairs, certified by the authority (an administrator's
        key) and granted every generation in ``keys`` it needs. The new signing key is recorded
        among the signers."""
        memory, iterations, parallelism = kdf or default_kdf_params(self.test_mode)
        params = crypto.KdfParams.new(memory, iterations, parallelism, self.test_mode)
        private, public = crypto.generate_keypair()
        signing_private, signing_public = crypto.generate_signing_keypair()
        authority = crypto.signing_public(authority_private)
        if authority != self.authority:
            raise KeystoreForged("authority")
        slot = Slot(
            username=username,
            roles=frozenset(roles),
            kdf=params,
            public_key=public,
            signing_key=signing_public,
            authority=authority,
            wrap=b"",
            grants=(),
            created=now_iso(),
            must_change_password=must_change_password,
            test_mode=self.test_mode,
        )
        kek = crypto.derive_key(password, params)
        wrap = crypto.seal(kek, private + signing_private, slot.header(self.store_id, False))
        slot = self.certify(replace(slot, wrap=wrap), authority_private)
        self.add_signer(username, signing_public, authority_private)
        return self.regrant(slot, keys)

    def rewrap(
        self,
        opened: OpenedSlot,
        password: str,
        must_change_password: bool = False,
        new_salt: bool = True,
    ) -> Slot:
        """The user's own slot under ``password`` (a password change, or re-pinning the current
        authority): the same key pairs and certificate, the keys the user holds re-granted.
        Needs no authority key, so any user can do it for themselves."""
        slot = opened.slot
        params = slot.kdf
        if new_salt:
            memory, iterations, parallelism = default_kdf_params(self.test_mode)
            params = crypto.KdfParams.new(memory, iterations, parallelism, self.test_mode)
        slot = replace(
            slot,
            kdf=params,
            authority=opened.authority,
            must_change_password=must_change_password,
        )
        kek = crypto.derive_key(password, params)
        secret = opened.private_key + opened.signing_private
        slot = replace(slot, wrap=crypto.seal(kek, secret, slot.header(self.store_id, False)))
        return self.regrant(slot, opened.keys)

    def regrant(self, slot: Slot, keys: Mapping[KeyName, Mapping[int, bytes]]) -> Slot:
        """Replace the slot's grants by the generations in ``keys`` that its roles need."""
        grants: list[Grant] = []
        for name in sorted(self.keys_needed(slot.roles)):
            generations = keys.get(name)
            if not generations:
                raise ValueError(f"key {name} not available to grant")
            for generation, key in sorted(generations.items()):
                aad = self.grant_aad(slot, name, generation)
                grants.append(Grant(name, generation, crypto.seal_to(slot.public_key, key, aad)))
        return replace(slot, grants=tuple(grants))

    def open_slot(self, username: str, password: str) -> OpenedSlot:
        slot = self.slots.get(username)
        if slot is None:
            raise UnknownUser(username)
        if not self.slot_is_usable(slot):
            raise SlotTampered(username)
        try:
            kek = crypto.derive_key(password, slot.kdf)
        except crypto.CryptoError as exc:
            raise SlotTampered(username) from exc
        try:
            secret = crypto.open_sealed(kek, slot.wrap, slot.header(self.store_id, False))
        except crypto.CryptoError as exc:
            raise WrongPassword(username) from exc
        private, signing_private = secret[:32], secret[32:]
        return self._open_unwrapped(slot, private, signing_private)

    def reopen_slot(self, username: str, private_key: bytes, signing_private: bytes) -> OpenedSlot:
        """The slot's keys as granted now, opened with the private keys of an earlier sign-in
        (another copy of the app rotated the keys meanwhile), with every check of
        :meth:`open_slot` but the password. Raises UnknownUser if the slot is gone and
        SlotTampered if it is no longer the same key pair (a password reset)."""
        slot = self.slots.get(username)
        if slot is None:
            raise UnknownUser(username)
        if not private_key:
            raise SlotTampered(username)
        return self._open_unwrapped(slot, private_key, signing_private)

    def _open_unwrapped(self, slot: Slot, private: bytes, signing_private: bytes) -> OpenedSlot:
        username = slot.username
        try:
            if (
                crypto.public_from_private(private) != slot.public_key
                or crypto.signing_public(signing_private) != slot.signing_key
            ):
                raise SlotTampered(username)
        except (crypto.CryptoError, ValueError) as exc:
            raise SlotTampered(username) from exc
        # The password proved the pinned authority; the certificate (roles, public keys) must
        # be that authority's (or its signed successor's).
        authority = self.trusted_authority(slot.authority)
        if not crypto.signature_valid(
            authority, slot.certified_body(self.store_id), slot.certificate
        ):
            raise SlotTampered(username)
        statement = self.verified_statement(authority)
        if self.rotation is None and dict(statement.generations) != self.generations:
            # Outside a rotation the generations in use are the ones the authority stated.
            raise KeystoreForged("generations")
        keys: dict[KeyName, dict[int, bytes]] = {}
        for grant in slot.grants:
            try:
                key = crypto.open_sealed_to(
                    private, grant.sealed, self.grant_aad(slot, grant.key, grant.generation)
                )
            except crypto.CryptoError as exc:
                raise SlotTampered(username) from exc
            keys.setdefault(grant.key, {})[grant.generation] = key
        check_statement_current(statement, keys)
        # A slot must hold exactly the keys its roles need: a slot that claims roles it has no
        # keys for (or keys its roles do not justify) has been forged from another one.
        if frozenset(keys) != self.keys_needed(slot.roles):
            raise SlotTampered(username)
        if KeyName.LEAD in keys and not self._lead_key_fits(keys[KeyName.LEAD]):
            # A clinical-lead grant must be the group's real private key: a slot granted a key
            # pair of its own (with the public key swapped to match) would otherwise pass.
            raise SlotTampered(username)
        if KeyName.AUTHORITY in keys and not any(
            crypto.signing_public(key) == authority for key in keys[KeyName.AUTHORITY].values()
        ):
            raise KeystoreForged("authority")
        return OpenedSlot(
            slot=slot,
            keys=keys,
            private_key=private,
            signing_private=signing_private,
            authority=authority,
        )

    def _lead_key_fits(self, granted: Mapping[int, bytes]) -> bool:
        """Every clinical-lead generation granted is the group's real private key, as the
        (already verified) statement names its public key."""
        stated = self.statement.lead_public_keys
        return bool(granted) and all(
            generation in stated and crypto.public_from_private(key) == stated[generation]
            for generation, key in granted.items()
        )


def check_statement_current(
    statement: StoreStatement, keys: Mapping[KeyName, Mapping[int, bytes]]
) -> None:
    """Refuse a statement older than the keys the user holds: a genuine statement copied from an
    older key store (the authority signed it, before a rotation) would have everyone seal to the
    public keys of someone who has left. A rotation states the new generations as it starts."""
    for name, generations in keys.items():
        if generations and max(generations) > statement.generations.get(name, 0):
            raise KeystoreForged("statement")


@dataclass
class OpenedSlot:
    slot: Slot
    keys: dict[KeyName, dict[int, bytes]]
    private_key: bytes
    signing_private: bytes = b""
    authority: bytes = b""  # the authority this user trusts (reached from their pinned one)

    def key(self, name: KeyName, generation: int | None = None) -> bytes:
        generations = self.keys[name]
        if generation is None:
            generation = max(generations)
        return generations[generation]

    @property
    def needs_repin(self) -> bool:
        """The slot still pins an authority that has since handed over to a new one."""
        return self.slot.authority != self.authority

    def sign(self, message: bytes) -> bytes:
        return crypto.sign(self.signing_private, message)

    def wipe(self) -> None:
        """Drop references to key material (Python cannot zero immutable bytes; see DESIGN 4)."""
        self.keys.clear()
        self.private_key = b""
        self.signing_private = b""
