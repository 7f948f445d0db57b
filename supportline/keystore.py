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
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from . import changes, crypto
from .errors import (
    KeystoreCorrupt,
    KeystoreMissing,
    SlotTampered,
    UnknownUser,
    WrongPassword,
)
from .paths import atomic_write
from .roles import KeyName, Role, keys_for

FORMAT = 1

# The production default (about 256 MiB, t=3, p=4; 0.43 s on the 2-core reference machine).
DEFAULT_KDF = (256 * 1024, 3, 4)
# Tests and the demo may lower the cost through this environment variable: "memory_kib,t,p".
KDF_ENV = "SUPPORTLINE_KDF"


def default_kdf_params() -> tuple[int, int, int]:
    import os

    text = os.environ.get(KDF_ENV)
    if not text:
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


@dataclass(frozen=True)
class Slot:
    username: str
    roles: frozenset[Role]
    kdf: crypto.KdfParams
    public_key: bytes
    wrap: bytes
    grants: tuple[Grant, ...]
    created: str
    must_change_password: bool = False

    def header(self, store_id: str, with_roles: bool) -> bytes:
        header: dict[str, Any] = {
            "format": FORMAT,
            "store_id": store_id,
            "username": self.username,
            "kdf": self.kdf.to_json(),
            "public_key": crypto.b64e(self.public_key),
        }
        if with_roles:
            header["roles"] = sorted(role.value for role in self.roles)
        return crypto.canonical(header)

    def to_json(self) -> dict[str, Any]:
        return {
            "username": self.username,
            "roles": sorted(role.value for role in self.roles),
            "kdf": self.kdf.to_json(),
            "public_key": crypto.b64e(self.public_key),
            "wrap": crypto.b64e(self.wrap),
            "grants": [grant.to_json() for grant in self.grants],
            "created": self.created,
            "must_change_password": self.must_change_password,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Slot:
        return cls(
            username=str(data["username"]),
            roles=frozenset(Role(name) for name in data["roles"]),
            kdf=crypto.KdfParams.from_json(data["kdf"]),
            public_key=crypto.b64d(data["public_key"]),
            wrap=crypto.b64d(data["wrap"]),
            grants=tuple(Grant.from_json(item) for item in data["grants"]),
            created=str(data.get("created", "")),
            must_change_password=bool(data.get("must_change_password", False)),
        )


@dataclass(frozen=True)
class Anchor:
    """The head of one store's audit chain, MACed with a key derived from that store's key."""

    seq: int
    head: str
    mac: str

    def to_json(self) -> dict[str, Any]:
        return {"seq": self.seq, "head": self.head, "mac": self.mac}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Anchor:
        return cls(int(data["seq"]), str(data["head"]), str(data["mac"]))


@dataclass(frozen=True)
class FailedSignIn:
    username: str  # a known username, or "unknown"
    at: str
    audited: bool = False  # already copied into an audit chain; kept to count towards the delay


@dataclass
class Keystore:
    """In-memory form of ``keystore.json``; :meth:`save` writes it atomically."""

    store_id: str
    generations: dict[KeyName, int]
    stats_public_key: bytes
    slots: dict[str, Slot]
    anchors: dict[str, Anchor] = field(default_factory=dict)
    failed_sign_ins: list[FailedSignIn] = field(default_factory=list)
    rotation: dict[str, Any] | None = None
    # The clinical-lead group's X25519 public key (current generation of KeyName.LEAD); every
    # case's notes key is sealed to it. None in a store made before per-case notes keys.
    lead_public_key: bytes | None = None
    path: Path | None = None
    # The slots as last read or written: saving reports a change only when they differ.
    _saved_slots: dict[str, Slot] | None = field(default=None, repr=False, compare=False)

    # -- persistence -----------------------------------------------------------------------------

    @classmethod
    def new(cls, path: Path, stats_public_key: bytes) -> Keystore:
        return cls(
            store_id=str(uuid.uuid4()),
            generations={name: 1 for name in KeyName},
            stats_public_key=stats_public_key,
            slots={},
            path=path,
        )

    @classmethod
    def load(cls, path: Path) -> Keystore:
        try:
            raw = path.read_bytes()
        except FileNotFoundError as exc:
            raise KeystoreMissing(str(path)) from exc
        try:
            return cls.from_json(json.loads(raw.decode("utf-8")), path)
        except (ValueError, KeyError, TypeError, crypto.CryptoError) as exc:
            raise KeystoreCorrupt(str(path)) from exc

    @classmethod
    def from_json(cls, data: Mapping[str, Any], path: Path | None = None) -> Keystore:
        if data.get("format") != FORMAT:
            raise ValueError("unknown keystore format")
        keystore = cls(
            store_id=str(data["store_id"]),
            generations={KeyName(k): int(v) for k, v in data["generations"].items()},
            stats_public_key=crypto.b64d(data["stats_public_key"]),
            slots={item["username"]: Slot.from_json(item) for item in data["slots"]},
            anchors={k: Anchor.from_json(v) for k, v in data.get("anchors", {}).items()},
            failed_sign_ins=[
                FailedSignIn(
                    str(item["username"]), str(item["at"]), bool(item.get("audited", False))
                )
                for item in data.get("failed_sign_ins", [])
            ],
            rotation=data.get("rotation"),
            lead_public_key=(
                crypto.b64d(data["lead_public_key"]) if data.get("lead_public_key") else None
            ),
            path=path,
        )
        keystore._saved_slots = dict(keystore.slots)
        return keystore

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "store_id": self.store_id,
            "generations": {k.value: v for k, v in sorted(self.generations.items())},
            "stats_public_key": crypto.b64e(self.stats_public_key),
            "slots": [self.slots[name].to_json() for name in sorted(self.slots)],
            "anchors": {k: v.to_json() for k, v in sorted(self.anchors.items())},
            "failed_sign_ins": [
                {"username": f.username, "at": f.at, "audited": f.audited}
                for f in self.failed_sign_ins
            ],
            "rotation": self.rotation,
            "lead_public_key": (
                crypto.b64e(self.lead_public_key) if self.lead_public_key is not None else None
            ),
        }

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
    # The ONE way the core takes a public key it did not derive itself (to seal a case's notes
    # key to a counsellor or to the clinical leads). Certified slots (an authority signature
    # over each slot's public keys) check the certificate here.

    def public_key_of(self, username: str, role: Role | None = None) -> bytes:
        """The X25519 public key of ``username``'s slot (which must hold ``role``, if given)."""
        slot = self.slots.get(username)
        if slot is None or (role is not None and role not in slot.roles):
            raise UnknownUser(username)
        return slot.public_key

    def lead_group_key(self) -> tuple[int, bytes]:
        """(generation, public key) of the clinical-lead group key pair."""
        generation = self.generations.get(KeyName.LEAD)
        if generation is None or self.lead_public_key is None:
            raise KeystoreCorrupt("no clinical-lead key")
        return generation, self.lead_public_key

    def lead_group_keys(self) -> dict[int, bytes]:
        """generation -> public key of the clinical-lead group: the current one and, while a
        rotation is under way, the one it is moving to (what is sealed meanwhile must survive
        its end)."""
        found: dict[int, bytes] = {}
        current = self.generations.get(KeyName.LEAD)
        if current is not None and self.lead_public_key is not None:
            found[current] = self.lead_public_key
        plan = self.rotation or {}
        planned = plan.get("new", {}).get(KeyName.LEAD.value) if isinstance(plan, dict) else None
        if planned is not None and plan.get("lead_public_key"):
            found[int(planned)] = crypto.b64d(plan["lead_public_key"])
        return found

    def keys_needed(self, roles: Iterable[Role]) -> frozenset[KeyName]:
        """The keys a slot with ``roles`` holds: those of :func:`keys_for` that this store has
        (a store made before the clinical-lead key has none until an administrator signs in)."""
        return frozenset(name for name in keys_for(roles) if name in self.generations)

    # -- slots -----------------------------------------------------------------------------------

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
        must_change_password: bool = False,
        kdf: tuple[int, int, int] | None = None,
        private_key: bytes | None = None,
    ) -> Slot:
        """A fresh slot granted every generation in ``keys`` it needs: with a fresh key pair, or
        with ``private_key`` (a password change keeps the key pair: case notes keys are sealed
        to its public key)."""
        memory, iterations, parallelism = kdf or default_kdf_params()
        params = crypto.KdfParams.new(memory, iterations, parallelism)
        if private_key is None:
            private, public = crypto.generate_keypair()
        else:
            private, public = private_key, crypto.public_from_private(private_key)
        slot = Slot(
            username=username,
            roles=frozenset(roles),
            kdf=params,
            public_key=public,
            wrap=b"",
            grants=(),
            created=now_iso(),
            must_change_password=must_change_password,
        )
        kek = crypto.derive_key(password, params)
        slot = replace(slot, wrap=crypto.seal(kek, private, slot.header(self.store_id, False)))
        return self.regrant(slot, keys)

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
        try:
            kek = crypto.derive_key(password, slot.kdf)
        except crypto.CryptoError as exc:
            raise SlotTampered(username) from exc
        try:
            private = crypto.open_sealed(kek, slot.wrap, slot.header(self.store_id, False))
        except crypto.CryptoError as exc:
            raise WrongPassword(username) from exc
        if crypto.public_from_private(private) != slot.public_key:
            raise SlotTampered(username)
        keys: dict[KeyName, dict[int, bytes]] = {}
        for grant in slot.grants:
            try:
                key = crypto.open_sealed_to(
                    private, grant.sealed, self.grant_aad(slot, grant.key, grant.generation)
                )
            except crypto.CryptoError as exc:
                raise SlotTampered(username) from exc
            keys.setdefault(grant.key, {})[grant.generation] = key
        # A slot must hold exactly the keys its roles need: a slot that claims roles it has no
        # keys for (or keys its roles do not justify) has been forged from another one.
        if frozenset(keys) != self.keys_needed(slot.roles):
            raise SlotTampered(username)
        if KeyName.LEAD in keys and not self._lead_key_fits(keys[KeyName.LEAD]):
            # A clinical-lead grant must be the group's real private key: a slot granted a key
            # pair of its own (with the public key swapped to match) would otherwise pass.
            raise SlotTampered(username)
        return OpenedSlot(slot=slot, keys=keys, private_key=private)


    def _lead_key_fits(self, granted: Mapping[int, bytes]) -> bool:
        generation = self.generations.get(KeyName.LEAD)
        if generation is None or self.lead_public_key is None or generation not in granted:
            return False
        return crypto.public_from_private(granted[generation]) == self.lead_public_key


@dataclass
class OpenedSlot:
    slot: Slot
    keys: dict[KeyName, dict[int, bytes]]
    private_key: bytes

    def key(self, name: KeyName, generation: int | None = None) -> bytes:
        generations = self.keys[name]
        if generation is None:
            generation = max(generations)
        return generations[generation]

    def wipe(self) -> None:
        """Drop references to key material (Python cannot zero immutable bytes; see DESIGN 4)."""
        self.keys.clear()
        self.private_key = b""
