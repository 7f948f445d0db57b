"""Key derivation cost: bounded tightly around the production cost and checked before any work;
SUPPORTLINE_KDF honoured only by stores created in test mode; "must change password" honoured by
the command line as by the desktop app.

Argon2id is counted, not timed: ``crypto.hash_secret_raw`` is replaced by a recorder (a fake
where the test needs no real key, so the production cost costs nothing here).
"""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from supportline import cli, crypto, signin
from supportline.errors import AuthenticationFailed, SlotTampered
from supportline.keystore import DEFAULT_KDF, KDF_ENV, Keystore
from supportline.roles import KeyName, Role
from supportline.session import init_store, unlock
from tests.conftest import ADMIN_PASSWORD, PASSWORDS

Cost = tuple[int, int, int]


class Argon2Recorder:
    """Stands in for ``hash_secret_raw``: records each cost; runs the real one unless ``fake``."""

    def __init__(self, fake: bool) -> None:
        self.costs: list[Cost] = []
        self.fake = fake
        self.real = crypto.hash_secret_raw

    def __call__(self, **kwargs: Any) -> bytes:
        self.costs.append((kwargs["memory_cost"], kwargs["time_cost"], kwargs["parallelism"]))
        if self.fake:
            return bytes(32)
        return self.real(**kwargs)


@pytest.fixture
def argon2(monkeypatch: pytest.MonkeyPatch) -> Iterator[Argon2Recorder]:
    recorder = Argon2Recorder(fake=False)
    monkeypatch.setattr(crypto, "hash_secret_raw", recorder)
    yield recorder


@pytest.fixture
def fake_argon2(monkeypatch: pytest.MonkeyPatch) -> Iterator[Argon2Recorder]:
    recorder = Argon2Recorder(fake=True)
    monkeypatch.setattr(crypto, "hash_secret_raw", recorder)
    yield recorder


def _edit(path: Path, change: Any) -> None:
    keystore = path / "keystore.json"
    doc = json.loads(keystore.read_text())
    change(doc)
    keystore.write_text(json.dumps(doc))


def _admin_kdf(doc: dict[str, Any]) -> dict[str, Any]:
    return next(s for s in doc["slots"] if s["username"] == "admin")["kdf"]


# -- bounds, before any work -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "cost",
    [(2 * 1024 * 1024, 16, 4), (1024 * 1024, 3, 4), (256 * 1024, 7, 4), (256 * 1024, 3, 16)],
    ids=["2GiB-t16", "1GiB", "t7", "p16"],
)
def test_a_slot_asking_for_an_absurd_cost_is_refused_before_deriving(
    data_dir: Path, argon2: Argon2Recorder, cost: Cost
) -> None:
    memory, iterations, parallelism = cost
    _edit(
        data_dir,
        lambda d: _admin_kdf(d).update(
            memory_kib=memory, iterations=iterations, parallelism=parallelism
        ),
    )
    with pytest.raises(Exception) as info:
        unlock(data_dir, "admin", ADMIN_PASSWORD)
    assert info.value.code == "keystore_corrupt"  # type: ignore[attr-defined]
    assert argon2.costs == []  # not one derivation, let alone at that cost


def test_the_bounds_sit_around_the_production_cost() -> None:
    assert (crypto.KDF_MIN_MEMORY_KIB, crypto.KDF_MAX_MEMORY_KIB) == (128 * 1024, 512 * 1024)
    assert (crypto.KDF_MIN_ITERATIONS, crypto.KDF_MAX_ITERATIONS) == (2, 6)
    assert (crypto.KDF_MIN_PARALLELISM, crypto.KDF_MAX_PARALLELISM) == (1, 8)
    assert crypto.KdfParams(*DEFAULT_KDF, bytes(16)).within_bounds(test_mode=False)


# -- test mode, fixed at init ---------------------------------------------------------------------


def test_a_production_store_ignores_supportline_kdf(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fake_argon2: Argon2Recorder
) -> None:
    monkeypatch.setenv(KDF_ENV, "8192,1,1")
    path = tmp_path / "data"
    init_store(path, "admin", ADMIN_PASSWORD, test_mode=False)
    doc = json.loads((path / "keystore.json").read_text())
    assert "test_mode" not in doc
    kdf = _admin_kdf(doc)
    assert (kdf["memory_kib"], kdf["iterations"], kdf["parallelism"]) == DEFAULT_KDF
    # Every later slot too (a user added, a password changed): the store decides, not the env.
    keystore = Keystore.load(path / "keystore.json")
    opened = keystore.open_slot("admin", ADMIN_PASSWORD)  # the recorder's fake key fits
    authority = opened.key(KeyName.AUTHORITY)
    case = {KeyName.CASE: {1: b"k" * 32}}
    slot = keystore.make_slot("handler", {Role.CALL_HANDLER}, "x" * 12, case, authority)
    assert (slot.kdf.memory_kib, slot.kdf.iterations, slot.kdf.parallelism) == DEFAULT_KDF
    assert keystore.rewrap(opened, "y" * 12).kdf.memory_kib == DEFAULT_KDF[0]
    assert fake_argon2.costs and set(fake_argon2.costs) == {DEFAULT_KDF}  # the recovery's too
    # A cheap cost asked for explicitly is refused outright.
    with pytest.raises(crypto.CryptoError):
        keystore.make_slot(
            "cheap", {Role.CALL_HANDLER}, "x" * 12, case, authority, kdf=(8192, 1, 1)
        )


def test_a_test_mode_store_honours_supportline_kdf_and_says_so(data_dir: Path) -> None:
    doc = json.loads((data_dir / "keystore.json").read_text())
    assert doc["test_mode"] is True and _admin_kdf(doc)["memory_kib"] == 8192
    assert all(slot["test_mode"] is True for slot in doc["slots"])


@pytest.fixture
def cheap_production_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A production store whose slots are cheap: what SUPPORTLINE_KDF silently made before."""
    with monkeypatch.context() as old_bounds:
        old_bounds.setattr(crypto, "KDF_MIN_MEMORY_KIB", 8192)
        old_bounds.setattr(crypto, "KDF_MIN_ITERATIONS", 1)
        path = tmp_path / "data"
        init_store(path, "admin", ADMIN_PASSWORD, kdf=(8192, 1, 1), test_mode=False)
    return path


def test_a_production_store_refuses_a_cheap_slot_before_deriving(
    cheap_production_dir: Path, fake_argon2: Argon2Recorder
) -> None:
    keystore = Keystore.load(cheap_production_dir / "keystore.json")
    with pytest.raises(SlotTampered):
        keystore.open_slot("admin", ADMIN_PASSWORD)
    assert fake_argon2.costs == []
    # Signing in spends the cost of a real slot all the same (here: no usable slot is left, so
    # the production default), so the refusal does not show in the time it takes either.
    with pytest.raises(AuthenticationFailed):
        unlock(cheap_production_dir, "admin", ADMIN_PASSWORD)
    assert fake_argon2.costs == [DEFAULT_KDF]


def test_claiming_test_mode_does_not_make_a_production_slot_cheap_to_open(
    cheap_production_dir: Path,
) -> None:
    def claim_test_mode(doc: dict[str, Any]) -> None:
        doc["test_mode"] = True
        for slot in doc["slots"]:
            slot["test_mode"] = True

    _edit(cheap_production_dir, claim_test_mode)
    # The flag is bound into each slot's associated data: the edited slot no longer opens.
    with pytest.raises(AuthenticationFailed):
        Keystore.load(cheap_production_dir / "keystore.json").open_slot("admin", ADMIN_PASSWORD)


def test_leaving_test_mode_makes_every_cheap_slot_refused(data_dir: Path) -> None:
    def leave_test_mode(doc: dict[str, Any]) -> None:
        doc.pop("test_mode")
        for slot in doc["slots"]:
            slot.pop("test_mode")

    _edit(data_dir, leave_test_mode)
    with pytest.raises(SlotTampered):
        Keystore.load(data_dir / "keystore.json").open_slot("admin", ADMIN_PASSWORD)


# -- unknown users cost what real ones cost -------------------------------------------------------


@pytest.fixture
def costly_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Slots made at one cost while the environment now names another (a cheaper one)."""
    from supportline.services.users import UserService

    path = tmp_path / "data"
    with monkeypatch.context() as env:
        env.setenv(KDF_ENV, "16384,2,2")
        init_store(path, "admin", ADMIN_PASSWORD)
        admin = unlock(path, "admin", ADMIN_PASSWORD)
        try:
            UserService(admin).add_user(
                "handler",
                "H",
                [Role.CALL_HANDLER],
                PASSWORDS["handler"],
                must_change_password=False,
            )
        finally:
            admin.close()
    return path


@pytest.mark.parametrize("username", ["admin", "nobody", "Admin", "a" * 40])
def test_every_failed_sign_in_derives_once_at_a_real_slots_cost(
    costly_dir: Path, argon2: Argon2Recorder, username: str
) -> None:
    with pytest.raises(AuthenticationFailed):
        unlock(costly_dir, username, "not the password", sleep=lambda s: None)
    assert argon2.costs == [(16384, 2, 2)]


def test_the_typical_cost_is_the_commonest_usable_one(costly_dir: Path) -> None:
    keystore = Keystore.load(costly_dir / "keystore.json")
    params = signin.typical_kdf(keystore)
    assert (params.memory_kib, params.iterations, params.parallelism) == (16384, 2, 2)
    assert params.salt not in {slot.kdf.salt for slot in keystore.slots.values()}


# -- "must change password" on the command line ---------------------------------------------------


@pytest.fixture
def temporary_admin(data_dir: Path) -> Path:
    from supportline.services.users import UserService

    admin = unlock(data_dir, "admin", ADMIN_PASSWORD)
    try:
        UserService(admin).add_user(
            "second", "S", [Role.ADMINISTRATOR], "temporary pass 1", must_change_password=True
        )
    finally:
        admin.close()
    return data_dir


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err and "unexpected" not in err
    return code, out, err


@pytest.mark.parametrize("command", [["users", "list"], ["verify"], ["backup", "--out", "b.slb"]])
def test_without_a_terminal_a_temporary_password_opens_nothing(
    temporary_admin: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any, command: list[str]
) -> None:
    monkeypatch.setenv(cli.PASSWORD_ENV, "temporary pass 1")
    monkeypatch.setenv(cli.NEW_PASSWORD_ENV, "not taken from here 1")
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    code, out, err = _run(capsys, *command, "--data-dir", str(temporary_admin), "--user", "second")
    assert code == 1 and "second" not in out
    assert err.strip().splitlines() == [
        "supportline: you must choose a new password first: run 'supportline users passwd' "
        "(from a terminal, or with SUPPORTLINE_NEW_PASSWORD set)"
    ]
    # Nothing changed: the temporary password still signs in and must still be changed.
    session = unlock(temporary_admin, "second", "temporary pass 1")
    assert session.must_change_password
    session.close()


def test_users_passwd_clears_the_temporary_password(
    temporary_admin: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    monkeypatch.setenv(cli.PASSWORD_ENV, "temporary pass 1")
    monkeypatch.setenv(cli.NEW_PASSWORD_ENV, "my own password 1")
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    user = ["--data-dir", str(temporary_admin), "--user", "second"]
    code, _, _ = _run(capsys, "users", "passwd", *user)
    assert code == 0
    monkeypatch.setenv(cli.PASSWORD_ENV, "my own password 1")
    code, out, _ = _run(capsys, "users", "list", *user)
    assert code == 0 and "second" in out


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_from_a_terminal_the_new_password_is_asked_for_then_the_command_runs(
    temporary_admin: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    import getpass

    answers = iter(["temporary pass 1", "chosen at the prompt 1", "chosen at the prompt 1"])
    monkeypatch.delenv(cli.PASSWORD_ENV, raising=False)
    monkeypatch.setattr(sys, "stdin", _Terminal(""))
    monkeypatch.setattr(getpass, "getpass", lambda prompt="": next(answers))
    code, out, err = _run(
        capsys, "users", "list", "--data-dir", str(temporary_admin), "--user", "second"
    )
    assert code == 0 and "second" in out and "Password changed" in err
    session = unlock(temporary_admin, "second", "chosen at the prompt 1")
    assert not session.must_change_password
    session.close()


def test_init_says_when_supportline_kdf_is_ignored_and_when_a_store_is_for_tests(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any, fake_argon2: Argon2Recorder
) -> None:
    from supportline.keystore import TEST_MODE_ENV

    monkeypatch.setenv(cli.PASSWORD_ENV, ADMIN_PASSWORD)
    monkeypatch.setenv(KDF_ENV, "8192,1,1")
    monkeypatch.delenv(TEST_MODE_ENV)
    code, out, _ = _run(capsys, "init", "--data-dir", str(tmp_path / "prod"), "--admin", "admin")
    assert code == 0 and "SUPPORTLINE_KDF is ignored" in out and "TEST MODE" not in out
    assert set(fake_argon2.costs) == {DEFAULT_KDF}
    monkeypatch.setenv(TEST_MODE_ENV, "1")
    code, out, _ = _run(capsys, "init", "--data-dir", str(tmp_path / "test"), "--admin", "admin")
    assert code == 0 and "TEST MODE" in out and "never keep real data" in out
    assert fake_argon2.costs[-1] == (8192, 1, 1)
