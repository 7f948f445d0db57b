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
    ) -> Slot:
        """A fresh slot with a fresh key pair, granted every generation in ``keys`` it needs."""
        memory, iterations, parallelism = kdf or default_kdf_params()
        params = crypto.KdfParams.new(memory, iterations, parallelism)
        private, public = crypto.generate_keypair()
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
        for name in sorted(keys_for(slot.roles)):
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
        return self._open_grants(slot, private)

    def reopen_slot(self, username: str, private_key: bytes) -> OpenedSlot:
        """The slot's keys as granted now, opened with the private key of an earlier sign-in
        (another copy of the app rotated the keys meanwhile). Raises UnknownUser if the slot is
        gone and SlotTampered if it is no longer the same key pair (a password reset)."""
        slot = self.slots.get(username)
        if slot is None:
            raise UnknownUser(username)
        if not private_key or crypto.public_from_private(private_key) != slot.public_key:
            raise SlotTampered(username)
        return self._open_grants(slot, private_key)

    def _open_grants(self, slot: Slot, private: bytes) -> OpenedSlot:
        username = slot.username
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
        if frozenset(keys) != keys_for(slot.roles):
            raise SlotTampered(username)
        return OpenedSlot(slot=slot, keys=keys, private_key=private)


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
