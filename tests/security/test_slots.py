"""Key slots in keystore.json: any edit to a slot makes it fail to open; forged slots that claim
roles their keys do not justify are refused; KDF parameters are bounded and default to the
production cost."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from supportline import crypto
from supportline.errors import AuthenticationFailed, KeystoreCorrupt, SlotTampered
from supportline.keystore import DEFAULT_KDF, KDF_ENV, Grant, Keystore
from supportline.roles import KeyName, Op, Role, allowed
from supportline.session import init_store, unlock
from tests.conftest import ADMIN_PASSWORD, PASSWORDS

Edit = Callable[[dict[str, Any]], None]


def _slot(doc: dict[str, Any], username: str) -> dict[str, Any]:
    return next(slot for slot in doc["slots"] if slot["username"] == username)


def _edit_keystore(path: Path, edit: Callable[[dict[str, Any]], None]) -> None:
    keystore = path / "keystore.json"
    doc = json.loads(keystore.read_text())
    edit(doc)
    keystore.write_text(json.dumps(doc))


def _flip_b64(text: str, index: int = 40) -> str:
    raw = bytearray(crypto.b64d(text))
    raw[index % len(raw)] ^= 0x01
    return crypto.b64e(bytes(raw))


def _other_public_key(doc: dict[str, Any]) -> str:
    return crypto.b64e(crypto.generate_keypair()[1])


SLOT_EDITS: dict[str, Callable[[dict[str, Any], dict[str, Any]], None]] = {
    "roles: add counsellor": lambda d, s: s.update(roles=["call_handler", "counsellor"]),
    "roles: become administrator": lambda d, s: s.update(roles=["administrator"]),
    "roles: become service manager": lambda d, s: s.update(roles=["service_manager"]),
    "kdf: memory lowered": lambda d, s: s["kdf"].update(memory_kib=s["kdf"]["memory_kib"] // 2),
    "kdf: iterations changed": lambda d, s: s["kdf"].update(iterations=2),
    "kdf: parallelism changed": lambda d, s: s["kdf"].update(parallelism=2),
    "kdf: salt changed": lambda d, s: s["kdf"].update(salt=_flip_b64(s["kdf"]["salt"], 3)),
    "public key replaced": lambda d, s: s.update(public_key=_other_public_key(d)),
    "public key of another slot": lambda d, s: s.update(public_key=_slot(d, "admin")["public_key"]),
    "wrap: one bit": lambda d, s: s.update(wrap=_flip_b64(s["wrap"])),
    "wrap: from another slot": lambda d, s: s.update(wrap=_slot(d, "counsellor")["wrap"]),
    "grant: one bit": lambda d, s: s["grants"][0].update(
        sealed=_flip_b64(s["grants"][0]["sealed"])
    ),
    "grant: generation renumbered": lambda d, s: s["grants"][0].update(generation=2),
    "grant: removed": lambda d, s: s.update(grants=[]),
    "grant: copied from the administrator": lambda d, s: s["grants"].append(
        next(g for g in _slot(d, "admin")["grants"] if g["key"] == "notes")
    ),
    "grant: truncated": lambda d, s: s["grants"][0].update(sealed=s["grants"][0]["sealed"][:-8]),
    "store id changed": lambda d, s: d.update(store_id="00000000-0000-4000-8000-000000000000"),
}


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One store, built once, with slots made above the minimum memory (so "memory lowered"
    stays within bounds); each test edits its own copy."""
    from supportline.services.users import UserService

    path = tmp_path_factory.mktemp("slots") / "data"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(KDF_ENV, "16384,1,1")
        init_store(path, "admin", ADMIN_PASSWORD)
        admin = unlock(path, "admin", ADMIN_PASSWORD)
        try:
            users = UserService(admin)
            users.add_user(
                "handler",
                "H",
                [Role.CALL_HANDLER],
                PASSWORDS["handler"],
                must_change_password=False,
            )
            users.add_user(
                "counsellor",
                "C",
                [Role.COUNSELLOR],
                PASSWORDS["counsellor"],
                must_change_password=False,
            )
        finally:
            admin.close()
    return path


@pytest.fixture
def roomy_dir(template: Path, tmp_path: Path) -> Path:
    path = tmp_path / "data"
    shutil.copytree(template, path)
    return path


@pytest.mark.parametrize("name", list(SLOT_EDITS))
def test_edited_slot_does_not_open(roomy_dir: Path, name: str) -> None:
    unlock(roomy_dir, "handler", PASSWORDS["handler"]).close()  # the untouched slot opens
    _edit_keystore(roomy_dir, lambda doc: SLOT_EDITS[name](doc, _slot(doc, "handler")))
    with pytest.raises((AuthenticationFailed, KeystoreCorrupt)):
        unlock(roomy_dir, "handler", PASSWORDS["handler"], enforce_delay=False)


def test_renamed_slot_opens_under_neither_name(roomy_dir: Path) -> None:
    _edit_keystore(roomy_dir, lambda doc: _slot(doc, "handler").update(username="handler2"))
    for name in ("handler", "handler2"):
        with pytest.raises(AuthenticationFailed):
            unlock(roomy_dir, name, PASSWORDS["handler"], enforce_delay=False)


def test_slot_swapped_under_another_name_does_not_open(roomy_dir: Path) -> None:
    """The handler's slot copied over the counsellor's entry (an attempt to borrow a name)."""

    def swap(doc: dict[str, Any]) -> None:
        handler = dict(_slot(doc, "handler"), username="counsellor")
        doc["slots"] = [s for s in doc["slots"] if s["username"] != "counsellor"] + [handler]

    _edit_keystore(roomy_dir, swap)
    with pytest.raises(AuthenticationFailed):
        unlock(roomy_dir, "counsellor", PASSWORDS["handler"], enforce_delay=False)


OUT_OF_BOUNDS = {
    "memory too small": {"memory_kib": 1024},
    "memory absurd": {"memory_kib": 64 * 1024 * 1024},
    "iterations zero": {"iterations": 0},
    "iterations absurd": {"iterations": 10_000},
    "parallelism zero": {"parallelism": 0},
    "parallelism absurd": {"parallelism": 255},
    "salt short": {"salt": crypto.b64e(b"0123456789")},
    "other algorithm": {"alg": "argon2i"},
}


@pytest.mark.parametrize("name", list(OUT_OF_BOUNDS))
def test_out_of_bounds_kdf_is_refused_before_deriving(
    roomy_dir: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    _edit_keystore(roomy_dir, lambda doc: _slot(doc, "admin")["kdf"].update(OUT_OF_BOUNDS[name]))
    calls: list[int] = []
    monkeypatch.setattr(crypto, "hash_secret_raw", lambda **kw: calls.append(1) or b"\0" * 32)
    with pytest.raises((AuthenticationFailed, KeystoreCorrupt)):
        unlock(roomy_dir, "admin", ADMIN_PASSWORD, enforce_delay=False)
    assert calls == []
    with pytest.raises(crypto.CryptoError):
        crypto.derive_key(ADMIN_PASSWORD, crypto.KdfParams(1024, 1, 1, b"s" * 16))
    assert calls == []


def _forge(keystore: Keystore, username: str, password: str, roles: set[Role]) -> Keystore:
    """What an attacker holding the user's password can do: keep the wrap (its associated data
    has no roles), claim new roles, and re-seal the keys they hold to their own public key."""
    opened = keystore.open_slot(username, password)
    slot = replace(keystore.slots[username], roles=frozenset(roles))
    grants = []
    for name, generations in opened.keys.items():
        for generation, key in generations.items():
            aad = keystore.grant_aad(slot, name, generation)
            sealed = crypto.seal_to(slot.public_key, key, aad)
            # The forgery is cryptographically sound: it opens with the user's private key.
            assert crypto.open_sealed_to(opened.private_key, sealed, aad) == key
            grants.append(Grant(name, generation, sealed))
    keystore.slots[username] = replace(slot, grants=tuple(grants))
    return keystore


@pytest.mark.parametrize(
    "roles",
    [
        {Role.CALL_HANDLER, Role.COUNSELLOR},
        {Role.COUNSELLOR},
        {Role.ADMINISTRATOR},
        {Role.CALL_HANDLER, Role.ADMINISTRATOR},
        {Role.CALL_HANDLER, Role.SERVICE_MANAGER},
    ],
    ids=lambda roles: "+".join(sorted(r.value for r in roles)),
)
def test_forged_roles_without_their_keys_are_refused(roomy_dir: Path, roles: set[Role]) -> None:
    keystore = Keystore.load(roomy_dir / "keystore.json")
    _forge(keystore, "handler", PASSWORDS["handler"], roles).save()
    with pytest.raises(SlotTampered):
        Keystore.load(roomy_dir / "keystore.json").open_slot("handler", PASSWORDS["handler"])
    with pytest.raises(AuthenticationFailed):
        unlock(roomy_dir, "handler", PASSWORDS["handler"], enforce_delay=False)


def test_counsellor_cannot_self_grant_call_handler(roomy_dir: Path) -> None:
    """Roles are certified by the store authority (an administrator's key): a slot that claims
    roles its certificate does not name is refused, even roles that add no key."""
    keystore = Keystore.load(roomy_dir / "keystore.json")
    _forge(keystore, "counsellor", PASSWORDS["counsellor"], {Role.COUNSELLOR, Role.CALL_HANDLER})
    keystore.save()
    try:
        session = unlock(roomy_dir, "counsellor", PASSWORDS["counsellor"], enforce_delay=False)
    except AuthenticationFailed:
        return
    try:
        assert not allowed(session.roles, Op.IMPORT_CLIENTS)
    finally:
        session.close()


def test_untouched_forgery_helper_round_trips(roomy_dir: Path) -> None:
    """The forging helper itself is sound: forging the roles the slot already has still opens,
    so the refusals above come from the role check, not from a broken forgery."""
    keystore = Keystore.load(roomy_dir / "keystore.json")
    _forge(keystore, "handler", PASSWORDS["handler"], {Role.CALL_HANDLER}).save()
    opened = Keystore.load(roomy_dir / "keystore.json").open_slot("handler", PASSWORDS["handler"])
    assert set(opened.keys) == {KeyName.CASE}


def test_production_slot_uses_the_default_argon2_cost(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(KDF_ENV, raising=False)
    path = tmp_path / "data"
    init_store(path, "admin", ADMIN_PASSWORD)
    stored = _slot(json.loads((path / "keystore.json").read_text()), "admin")["kdf"]
    assert DEFAULT_KDF == (262144, 3, 4)
    assert (stored["alg"], stored["version"]) == ("argon2id", 19)
    assert (stored["memory_kib"], stored["iterations"], stored["parallelism"]) == (262144, 3, 4)
    assert len(crypto.b64d(stored["salt"])) >= 16
    # The slot was really wrapped under those parameters: it opens with them.
    opened = Keystore.load(path / "keystore.json").open_slot("admin", ADMIN_PASSWORD)
    assert set(opened.keys) == set(KeyName)
