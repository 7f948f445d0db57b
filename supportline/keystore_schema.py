"""The shape of ``keystore.json``, checked before anything reads it.

``keystore.json`` can be edited by anyone who can write the data directory, without any key.
Its cryptographic parts (slots, grants, anchors) fail to open when edited, but the code that
reaches them must first survive whatever was written: missing fields, swapped types, huge
numbers, deep nesting, odd unicode. So the whole file is parsed strictly and checked against the
declarative schema below; any violation is one :class:`SchemaViolation` (``Keystore.load`` turns
it into ``KeystoreCorrupt``, a backup header into ``BackupInvalid``).

Adding a field to a slot (or anywhere) is one line in the tables at the end of this module.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from . import crypto
from .roles import KeyName, Role

MAX_FILE_BYTES = 4 * 1024 * 1024
MAX_SLOTS = 1000
MAX_FAILED_SIGN_INS = 1000


class SchemaViolation(ValueError):
    """``keystore.json`` (or a key store inside a backup) is not what this program writes."""

    def __init__(self, where: str, reason: str) -> None:
        super().__init__(f"{where}: {reason}")
        self.where = where
        self.reason = reason


# -- the vocabulary --------------------------------------------------------------------------------


class Spec:
    def check(self, value: Any, where: str) -> None:  # pragma: no cover - abstract
        raise NotImplementedError


@dataclass(frozen=True)
class Str(Spec):
    max_len: int
    min_len: int = 0
    pattern: str | None = None
    choices: frozenset[str] | None = None

    def check(self, value: Any, where: str) -> None:
        if not isinstance(value, str):
            raise SchemaViolation(where, "not a string")
        if not self.min_len <= len(value) <= self.max_len:
            raise SchemaViolation(where, "wrong length")
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as exc:  # a lone surrogate
            raise SchemaViolation(where, "not text") from exc
        if self.choices is not None and value not in self.choices:
            raise SchemaViolation(where, "not a known value")
        if self.pattern is not None and not re.fullmatch(self.pattern, value):
            raise SchemaViolation(where, "wrong form")


@dataclass(frozen=True)
class Int(Spec):
    minimum: int
    maximum: int

    def check(self, value: Any, where: str) -> None:
        if isinstance(value, bool) or not isinstance(value, int):
            raise SchemaViolation(where, "not an integer")
        if not self.minimum <= value <= self.maximum:
            raise SchemaViolation(where, "out of range")


@dataclass(frozen=True)
class Bool(Spec):
    def check(self, value: Any, where: str) -> None:
        if not isinstance(value, bool):
            raise SchemaViolation(where, "not true or false")


@dataclass(frozen=True)
class B64(Spec):
    """Standard base64 of ``min_bytes`` to ``max_bytes`` bytes."""

    min_bytes: int
    max_bytes: int

    def check(self, value: Any, where: str) -> None:
        if not isinstance(value, str) or len(value) > 4 * (self.max_bytes // 3 + 1):
            raise SchemaViolation(where, "not base64 of the right size")
        try:
            raw = base64.b64decode(value.encode("ascii"), validate=True)
        except (UnicodeEncodeError, binascii.Error) as exc:
            raise SchemaViolation(where, "not base64") from exc
        if not self.min_bytes <= len(raw) <= self.max_bytes:
            raise SchemaViolation(where, "wrong size")


@dataclass(frozen=True)
class Nullable(Spec):
    inner: Spec

    def check(self, value: Any, where: str) -> None:
        if value is not None:
            self.inner.check(value, where)


@dataclass(frozen=True)
class ListOf(Spec):
    item: Spec
    max_items: int
    min_items: int = 0
    unique: bool = False

    def check(self, value: Any, where: str) -> None:
        if not isinstance(value, list):
            raise SchemaViolation(where, "not a list")
        if not self.min_items <= len(value) <= self.max_items:
            raise SchemaViolation(where, "wrong number of items")
        for index, item in enumerate(value):
            self.item.check(item, f"{where}[{index}]")
        if self.unique and len({json.dumps(item, sort_keys=True) for item in value}) != len(value):
            raise SchemaViolation(where, "repeated items")


@dataclass(frozen=True)
class MapOf(Spec):
    """An object whose keys are all drawn from ``key`` (and, if given, include ``required``)."""

    key: Str
    value: Spec
    max_items: int
    required: frozenset[str] = frozenset()

    def check(self, value: Any, where: str) -> None:
        if not isinstance(value, dict):
            raise SchemaViolation(where, "not an object")
        if len(value) > self.max_items:
            raise SchemaViolation(where, "too many entries")
        if not self.required <= set(value):
            raise SchemaViolation(where, "entries missing")
        for name, item in value.items():
            self.key.check(name, f"{where}.<key>")
            self.value.check(item, f"{where}.{name}")


@dataclass(frozen=True)
class Obj(Spec):
    """An object with exactly these fields (those in ``optional`` may be left out)."""

    fields: Mapping[str, Spec]
    optional: frozenset[str] = field(default_factory=frozenset)

    def check(self, value: Any, where: str) -> None:
        if not isinstance(value, dict):
            raise SchemaViolation(where, "not an object")
        unknown = set(value) - set(self.fields)
        if unknown:
            raise SchemaViolation(where, "unknown fields")
        for name, spec in self.fields.items():
            if name not in value:
                if name in self.optional:
                    continue
                raise SchemaViolation(f"{where}.{name}", "missing")
            spec.check(value[name], f"{where}.{name}")


# -- keystore.json ---------------------------------------------------------------------------------

# The same rule as ``session.USERNAME`` (which cannot be imported here without a cycle).
USERNAME = Str(max_len=32, min_len=2, pattern=r"[a-z][a-z0-9_.\-]{1,31}")
ROLE = Str(max_len=32, choices=frozenset(role.value for role in Role))
KEY_NAME = Str(max_len=32, choices=frozenset(name.value for name in KeyName))
STORE = Str(max_len=8, choices=frozenset({"case", "stats"}))
HEX64 = Str(max_len=64, min_len=64, pattern="[0-9a-f]{64}")
UUID = Str(max_len=36, pattern="[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
GENERATION = Int(1, 1_000_000)
X25519_KEY = B64(32, 32)
ED25519_KEY = B64(32, 32)
SIGNATURE = B64(0, 128)  # Ed25519 signatures are 64 bytes; the signature check says the rest
ISO_TIME = Str(max_len=40)
SIGNER_NAME = Str(max_len=64, pattern=r"[A-Za-z0-9_.:\-]{1,64}")  # a username, or "system"
HEX64_OR_NONE = Nullable(HEX64)

KDF = Obj(
    {
        "alg": Str(max_len=16, choices=frozenset({"argon2id"})),
        "version": Int(19, 19),
        # The widest bounds of any mode; a production store narrows them (crypto.KdfParams).
        "memory_kib": Int(crypto.KDF_TEST_MIN_MEMORY_KIB, crypto.KDF_MAX_MEMORY_KIB),
        "iterations": Int(crypto.KDF_TEST_MIN_ITERATIONS, crypto.KDF_MAX_ITERATIONS),
        "parallelism": Int(crypto.KDF_MIN_PARALLELISM, crypto.KDF_MAX_PARALLELISM),
        "salt": B64(16, 64),
    }
)

GRANT = Obj(
    {
        "key": KEY_NAME,
        "generation": GENERATION,
        "sealed": B64(32 + crypto.NONCE_BYTES + 16, 4096),
    }
)

SLOT = Obj(
    {
        "username": USERNAME,
        "roles": ListOf(ROLE, max_items=len(Role), min_items=1, unique=True),
        "kdf": KDF,
        "public_key": X25519_KEY,
        "signing_key": ED25519_KEY,
        "authority": ED25519_KEY,
        "wrap": B64(crypto.NONCE_BYTES + 16, 4096),
        "grants": ListOf(GRANT, max_items=64),
        "created": ISO_TIME,
        "certificate": SIGNATURE,
        "must_change_password": Bool(),
        "test_mode": Bool(),
    },
    optional=frozenset({"created", "must_change_password", "test_mode"}),
)

STATEMENT = Obj(
    {
        "stats_public_key": X25519_KEY,
        "clinical_public_key": X25519_KEY,
        "generations": MapOf(KEY_NAME, GENERATION, max_items=len(KeyName)),
        "signature": SIGNATURE,
        "recovery_public_key": B64(0, 32),
        # The clinical-lead group's public key of each generation (issue 10 item 6).
        "lead_public_keys": MapOf(
            Str(max_len=7, pattern="[1-9][0-9]{0,6}"), X25519_KEY, max_items=1000
        ),
    },
    optional=frozenset({"lead_public_keys"}),
)

SIGNER = Obj({"username": USERNAME, "signing_key": ED25519_KEY, "certificate": SIGNATURE})

SUCCESSION = Obj({"old": ED25519_KEY, "new": ED25519_KEY, "signature": SIGNATURE})

RECOVERY = Obj({"kdf": KDF, "public_key": X25519_KEY, "grants": ListOf(GRANT, max_items=64)})

ANCHOR_STATE = Obj(
    {"seq": Int(0, 2**62), "head": HEX64, "digest": HEX64_OR_NONE},
    optional=frozenset({"digest"}),
)

ANCHOR = Obj(
    {
        "seq": Int(0, 2**62),
        "head": HEX64,
        "signer": SIGNER_NAME,
        "signature": SIGNATURE,
        "digest": HEX64_OR_NONE,
        "prior": Nullable(ANCHOR_STATE),
    },
    optional=frozenset({"digest", "prior"}),
)

# Who failed and when: the form of each value is checked where it is used (a name that is not a
# username is dropped and reported by verify, never a reason to refuse every sign-in).
FAILED_SIGN_IN = Obj(
    {
        "username": Str(max_len=64),
        "at": ISO_TIME,
        "audited": Bool(),
        "bucket": Str(max_len=1, min_len=1, pattern="[0-9a-f]"),
    },
    optional=frozenset({"audited", "bucket"}),
)

ROTATION_STAGE = Str(max_len=16, choices=frozenset({"prepare", "case", "stats"}))
ROTATION = Obj(
    {
        "departing": Nullable(USERNAME),
        "keys": ListOf(KEY_NAME, max_items=len(KeyName), min_items=1, unique=True),
        "old": MapOf(KEY_NAME, GENERATION, max_items=len(KeyName)),
        "new": MapOf(KEY_NAME, GENERATION, max_items=len(KeyName)),
        "stats_public_key": X25519_KEY,
        "done": ListOf(ROTATION_STAGE, max_items=8),
        "signer": USERNAME,
        "signature": SIGNATURE,
    },
    optional=frozenset({"signer", "signature"}),  # unsigned plans are refused by rotation.py
)

KEYSTORE = Obj(
    {
        "format": Int(2, 2),
        "store_id": UUID,
        "generations": MapOf(
            KEY_NAME,
            GENERATION,
            max_items=len(KeyName),
            # A store from before the clinical-lead key gains it at an administrator's sign-in.
            required=frozenset(name.value for name in KeyName if name is not KeyName.LEAD),
        ),
        "authority": ED25519_KEY,
        "statement": STATEMENT,
        "slots": ListOf(SLOT, max_items=MAX_SLOTS),
        "signers": ListOf(SIGNER, max_items=10 * MAX_SLOTS),
        "successions": ListOf(SUCCESSION, max_items=MAX_SLOTS),
        "anchors": MapOf(STORE, ANCHOR, max_items=2),
        "failed_sign_ins": ListOf(FAILED_SIGN_IN, max_items=MAX_FAILED_SIGN_INS),
        "rotation": Nullable(ROTATION),
        "recovery": Nullable(RECOVERY),
        "test_mode": Bool(),
    },
    optional=frozenset(
        {
            "signers",
            "successions",
            "anchors",
            "failed_sign_ins",
            "rotation",
            "recovery",
            "test_mode",
        }
    ),
)


# -- checks across fields --------------------------------------------------------------------------


def _check_relations(doc: dict[str, Any]) -> None:
    names = [slot["username"] for slot in doc["slots"]]
    if len(set(names)) != len(names):
        raise SchemaViolation("$.slots", "two slots for one username")
    test_mode = doc.get("test_mode", False)
    for index, slot in enumerate(doc["slots"]):
        # A production store never holds a test-mode slot, nor the reverse (the flag is also
        # bound into each slot's associated data, so flipping both does not help either).
        if slot.get("test_mode", False) != test_mode:
            raise SchemaViolation(f"$.slots[{index}].test_mode", "differs from the store's")
    plan = doc.get("rotation")
    if plan is not None:
        # A rotation moves each of its keys from the current generation to the next one.
        keys = set(plan["keys"])
        if set(plan["old"]) != keys or set(plan["new"]) != keys:
            raise SchemaViolation("$.rotation", "keys and generations disagree")
        for name in keys:
            if plan["old"][name] != doc["generations"][name] or plan["new"][name] != (
                plan["old"][name] + 1
            ):
                raise SchemaViolation("$.rotation", "generations out of step")


# -- entry points ----------------------------------------------------------------------------------


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for name, value in pairs:
        if name in result:
            raise SchemaViolation("$", "a field appears twice")
        result[name] = value
    return result


def _no_constants(name: str) -> Any:
    raise SchemaViolation("$", f"{name} is not a JSON number")


def parse(raw: bytes) -> dict[str, Any]:
    """:func:`parse_json`, then :func:`validate`."""
    doc = parse_json(raw)
    validate(doc)
    return doc


def parse_json(raw: bytes) -> Any:
    """Strict JSON: bounded size and nesting, UTF-8, no duplicate fields, no NaN/Infinity."""
    if len(raw) > MAX_FILE_BYTES:
        raise SchemaViolation("$", "file too large")
    try:
        doc = json.loads(
            raw.decode("utf-8"),
            object_pairs_hook=_no_duplicate_keys,
            parse_constant=_no_constants,
        )
    except RecursionError as exc:
        raise SchemaViolation("$", "nested too deeply") from exc
    except ValueError as exc:  # JSONDecodeError, UnicodeDecodeError, huge integer literals
        if isinstance(exc, SchemaViolation):
            raise
        raise SchemaViolation("$", "not JSON") from exc
    return doc


def validate(doc: Any) -> None:
    """Raise :class:`SchemaViolation` unless ``doc`` has exactly the shape of ``keystore.json``."""
    KEYSTORE.check(doc, "$")
    _check_relations(doc)
