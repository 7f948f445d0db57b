"""Cryptographic primitives: password KDF, key wrapping, sealing and field encryption.

Everything here is a thin, opinionated layer over ``cryptography`` and ``argon2-cffi``:
AES-256-GCM for every symmetric seal, Argon2id for passwords, X25519 + HKDF for sealing to a
public key. Associated data is always canonical JSON so that what is bound is unambiguous.
"""

from __future__ import annotations

import base64
import json
import os
import unicodedata
from dataclasses import dataclass
from typing import Any

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

KEY_BYTES = 32
NONCE_BYTES = 12

# Bounds on stored KDF parameters: a slot edited to trivial parameters (or to absurd ones that
# would hang the app) is refused before any work is done.
KDF_MIN_MEMORY_KIB = 8 * 1024
KDF_MAX_MEMORY_KIB = 2 * 1024 * 1024
KDF_MIN_ITERATIONS = 1
KDF_MAX_ITERATIONS = 16
KDF_MIN_PARALLELISM = 1
KDF_MAX_PARALLELISM = 16


class CryptoError(Exception):
    """Authentication of a ciphertext failed (wrong key, edited data or edited context)."""


def b64e(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def b64d(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


def canonical(obj: Any) -> bytes:
    """Canonical JSON bytes: the one spelling of ``obj`` used as associated data."""
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode()


def random_key() -> bytes:
    return os.urandom(KEY_BYTES)


def normalise_password(password: str) -> bytes:
    """Passwords are NFC-normalised so the same typed password works on every keyboard."""
    return unicodedata.normalize("NFC", password).encode("utf-8")


@dataclass(frozen=True)
class KdfParams:
    memory_kib: int
    iterations: int
    parallelism: int
    salt: bytes

    @classmethod
    def new(cls, memory_kib: int, iterations: int, parallelism: int) -> KdfParams:
        params = cls(memory_kib, iterations, parallelism, os.urandom(16))
        params.check_bounds()
        return params

    def check_bounds(self) -> None:
        if not (
            KDF_MIN_MEMORY_KIB <= self.memory_kib <= KDF_MAX_MEMORY_KIB
            and KDF_MIN_ITERATIONS <= self.iterations <= KDF_MAX_ITERATIONS
            and KDF_MIN_PARALLELISM <= self.parallelism <= KDF_MAX_PARALLELISM
            and len(self.salt) >= 16
        ):
            raise CryptoError("kdf parameters out of bounds")

    def to_json(self) -> dict[str, Any]:
        return {
            "alg": "argon2id",
            "version": 19,
            "memory_kib": self.memory_kib,
            "iterations": self.iterations,
            "parallelism": self.parallelism,
            "salt": b64e(self.salt),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> KdfParams:
        if data.get("alg") != "argon2id" or data.get("version") != 19:
            raise CryptoError("unsupported kdf")
        params = cls(
            int(data["memory_kib"]),
            int(data["iterations"]),
            int(data["parallelism"]),
            b64d(data["salt"]),
        )
        params.check_bounds()
        return params


def derive_key(password: str, params: KdfParams) -> bytes:
    params.check_bounds()
    return hash_secret_raw(
        secret=normalise_password(password),
        salt=params.salt,
        time_cost=params.iterations,
        memory_cost=params.memory_kib,
        parallelism=params.parallelism,
        hash_len=KEY_BYTES,
        type=Type.ID,
    )


def seal(key: bytes, plaintext: bytes, aad: bytes) -> bytes:
    """AES-256-GCM: returns nonce || ciphertext+tag."""
    nonce = os.urandom(NONCE_BYTES)
    return nonce + AESGCM(key).encrypt(nonce, plaintext, aad)


def open_sealed(key: bytes, blob: bytes, aad: bytes) -> bytes:
    if len(blob) < NONCE_BYTES + 16:
        raise CryptoError("ciphertext too short")
    try:
        return AESGCM(key).decrypt(blob[:NONCE_BYTES], blob[NONCE_BYTES:], aad)
    except InvalidTag as exc:
        raise CryptoError("authentication failed") from exc


def hkdf(
    key_material: bytes, info: bytes, length: int = KEY_BYTES, salt: bytes | None = None
) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=length, salt=salt, info=info).derive(key_material)


# -- sealing to an X25519 public key (an "ECIES" box) -------------------------------------------


def generate_keypair() -> tuple[bytes, bytes]:
    """Returns (private, public) raw 32-byte X25519 keys."""
    private = X25519PrivateKey.generate()
    return (
        private.private_bytes(
            serialization.Encoding.Raw,
            serialization.PrivateFormat.Raw,
            serialization.NoEncryption(),
        ),
        private.public_key().public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw
        ),
    )


def public_from_private(private: bytes) -> bytes:
    return (
        X25519PrivateKey.from_private_bytes(private)
        .public_key()
        .public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    )


def seal_to(public_key: bytes, plaintext: bytes, aad: bytes) -> bytes:
    """Anyone may seal to ``public_key``; only its private key opens. Returns epk || sealed."""
    ephemeral = X25519PrivateKey.generate()
    epk = ephemeral.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )
    shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(public_key))
    key = hkdf(shared, b"supportline-seal-v1" + epk + public_key)
    return epk + seal(key, plaintext, aad)


def open_sealed_to(private_key: bytes, blob: bytes, aad: bytes) -> bytes:
    if len(blob) < 32 + NONCE_BYTES + 16:
        raise CryptoError("sealed box too short")
    epk, rest = blob[:32], blob[32:]
    private = X25519PrivateKey.from_private_bytes(private_key)
    public = public_from_private(private_key)
    try:
        shared = private.exchange(X25519PublicKey.from_public_bytes(epk))
    except ValueError as exc:
        raise CryptoError("bad ephemeral key") from exc
    key = hkdf(shared, b"supportline-seal-v1" + epk + public)
    return open_sealed(key, rest, aad)


# -- field encryption of clinical text ----------------------------------------------------------

FIELD_VERSION = 1


def field_aad(table: str, row_id: int | str, column: str, key_id: int) -> bytes:
    return canonical({"t": table, "r": str(row_id), "c": column, "k": key_id, "v": FIELD_VERSION})


def encrypt_field(
    key: bytes, key_id: int, table: str, row_id: int | str, column: str, text: str
) -> bytes:
    """Ciphertext layout: version (1 byte) || key id (4 bytes, big-endian) || nonce || ct+tag."""
    header = bytes([FIELD_VERSION]) + key_id.to_bytes(4, "big")
    return header + seal(key, text.encode("utf-8"), field_aad(table, row_id, column, key_id))


def field_key_id(blob: bytes) -> int:
    if len(blob) < 5 or blob[0] != FIELD_VERSION:
        raise CryptoError("not an encrypted field")
    return int.from_bytes(blob[1:5], "big")


def decrypt_field(
    keys: dict[int, bytes], table: str, row_id: int | str, column: str, blob: bytes
) -> str:
    key_id = field_key_id(blob)
    key = keys.get(key_id)
    if key is None:
        raise CryptoError("field key not held")
    return open_sealed(key, blob[5:], field_aad(table, row_id, column, key_id)).decode("utf-8")


# -- the clinical key pair ----------------------------------------------------------------------

CLINICAL_AAD = b"supportline-clinical-v1"


def clinical_keypair(notes_key: bytes) -> tuple[bytes, bytes]:
    """(private, public), derived from the notes key: whoever holds the notes key can open what
    was sealed to the public key; call handlers, who hold only the case key, can only seal."""
    private = hkdf(notes_key, b"supportline-clinical-keypair-v1")
    return private, public_from_private(private)


# -- Ed25519 signatures (the store authority, each user's signing key) --------------------------


def generate_signing_keypair() -> tuple[bytes, bytes]:
    """Returns (private, public) raw 32-byte Ed25519 keys."""
    private = Ed25519PrivateKey.generate()
    return (
        private.private_bytes(
            serialization.Encoding.Raw,
            serialization.PrivateFormat.Raw,
            serialization.NoEncryption(),
        ),
        signing_public_from_private_bytes(private),
    )


def signing_public_from_private_bytes(private: Ed25519PrivateKey) -> bytes:
    return private.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )


def signing_public(private_key: bytes) -> bytes:
    try:
        private = Ed25519PrivateKey.from_private_bytes(private_key)
    except ValueError as exc:
        raise CryptoError("not a signing key") from exc
    return signing_public_from_private_bytes(private)


def sign(private_key: bytes, message: bytes) -> bytes:
    try:
        private = Ed25519PrivateKey.from_private_bytes(private_key)
    except ValueError as exc:
        raise CryptoError("not a signing key") from exc
    return private.sign(message)


def check_signature(public_key: bytes, message: bytes, signature: bytes) -> None:
    """Raises :class:`CryptoError` unless ``signature`` is ``public_key``'s over ``message``."""
    try:
        Ed25519PublicKey.from_public_bytes(public_key).verify(signature, message)
    except (InvalidSignature, ValueError, TypeError) as exc:
        raise CryptoError("bad signature") from exc


def signature_valid(public_key: bytes, message: bytes, signature: bytes) -> bool:
    try:
        check_signature(public_key, message, signature)
    except CryptoError:
        return False
    return True
