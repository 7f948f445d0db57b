"""Passwords: near misses fail, Unicode is normalised, failures are recorded (by known username
only) and slowed; an unknown user is indistinguishable from a wrong password."""

from __future__ import annotations

import json
import unicodedata
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from supportline import crypto
from supportline.audit import AuditAction
from supportline.db import schema
from supportline.errors import AuthenticationFailed
from supportline.keystore import Keystore
from supportline.roles import Role
from supportline.services.users import UserService
from supportline.session import init_store, retry_delay, unlock
from tests.conftest import ADMIN_PASSWORD, PASSWORDS
from tests.security.helpers import files_under

UNICODE_PASSWORD = unicodedata.normalize("NFC", "Zoë-ﬁ-密码-🔐-pass")


class FakeClock:
    def __init__(self) -> None:
        self.now = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


class SleepSpy:
    """Records each wait; with a clock, the wait also passes on it (as a real sleep would)."""

    def __init__(self, clock: FakeClock | None = None) -> None:
        self.calls: list[float] = []
        self.clock = clock

    def __call__(self, seconds: float) -> None:
        self.calls.append(seconds)
        if self.clock is not None:
            self.clock.now += timedelta(seconds=seconds)


def _fails(path: Path, username: str, password: str, **kwargs: object) -> AuthenticationFailed:
    with pytest.raises(AuthenticationFailed) as info:
        unlock(path, username, password, **kwargs)  # type: ignore[arg-type]
    return info.value


def _near_misses(password: str) -> list[str]:
    one_char = password[:-1] + chr(ord(password[-1]) ^ 1)
    return [
        "",
        " ",
        password + " ",
        " " + password,
        password[:-1],
        one_char,
        password.upper(),
        password.swapcase(),
        password[0].upper() + password[1:],
        password + password,
    ]


@pytest.mark.parametrize("attempt", _near_misses(ADMIN_PASSWORD))
def test_near_miss_passwords_fail(data_dir: Path, attempt: str) -> None:
    assert attempt != ADMIN_PASSWORD
    _fails(data_dir, "admin", attempt, enforce_delay=False)


def test_right_password_opens(data_dir: Path) -> None:
    session = unlock(data_dir, "admin", ADMIN_PASSWORD)
    try:
        assert session.username == "admin"
    finally:
        session.close()


def test_unicode_password_nfc_and_nfd_both_unlock(tmp_path: Path) -> None:
    nfd = unicodedata.normalize("NFD", UNICODE_PASSWORD)
    assert nfd != UNICODE_PASSWORD  # the two spellings really differ as strings and bytes
    path = tmp_path / "data"
    init_store(path, "admin", UNICODE_PASSWORD)
    for spelling in (UNICODE_PASSWORD, nfd):
        unlock(path, "admin", spelling).close()
    # Not NFKC: the "ﬁ" ligature is a different password from the letters "fi".
    others = [
        UNICODE_PASSWORD.replace("ﬁ", "fi"),
        UNICODE_PASSWORD.replace("ë", "e"),
        UNICODE_PASSWORD.replace("🔐", "🔒"),
        UNICODE_PASSWORD.replace("密码", "密碼"),
        UNICODE_PASSWORD.encode("utf-8").decode("latin-1"),
    ]
    for other in others:
        assert other != UNICODE_PASSWORD
        _fails(path, "admin", other, enforce_delay=False)


def test_unicode_password_for_an_added_user(data_dir: Path) -> None:
    admin = unlock(data_dir, "admin", ADMIN_PASSWORD)
    try:
        UserService(admin).add_user(
            "zoe", "Zoë", [Role.CALL_HANDLER], UNICODE_PASSWORD, must_change_password=False
        )
    finally:
        admin.close()
    unlock(data_dir, "zoe", unicodedata.normalize("NFD", UNICODE_PASSWORD)).close()
    _fails(data_dir, "zoe", unicodedata.normalize("NFKC", UNICODE_PASSWORD), enforce_delay=False)


def test_unknown_user_and_wrong_password_are_the_same_error(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    derivations: list[int] = []
    real = crypto.derive_key

    def counting(password: str, params: crypto.KdfParams) -> bytes:
        derivations.append(params.memory_kib)
        return real(password, params)

    monkeypatch.setattr(crypto, "derive_key", counting)
    wrong = _fails(data_dir, "admin", "not the password", enforce_delay=False)
    wrong_kdf = len(derivations)
    unknown = _fails(data_dir, "nobody", ADMIN_PASSWORD, enforce_delay=False)
    unknown_kdf = len(derivations) - wrong_kdf
    assert type(wrong) is type(unknown) is AuthenticationFailed
    assert wrong.args == unknown.args
    assert wrong.code == unknown.code
    # Neither carries the underlying reason (a chained WrongPassword or UnknownUser).
    assert wrong.__cause__ is None and unknown.__cause__ is None
    assert wrong.__suppress_context__ and unknown.__suppress_context__
    # The same Argon2 work in both cases, so timing does not tell them apart either.
    assert wrong_kdf == unknown_kdf == 1


def _audit_failures(path: Path) -> list[tuple[str, datetime]]:
    session = unlock(path, "admin", ADMIN_PASSWORD)
    try:
        with session.case.connect() as conn:
            rows = conn.execute(
                select(schema.case_audit.c.actor, schema.case_audit.c.at)
                .where(schema.case_audit.c.action == AuditAction.SIGN_IN_FAILED)
                .order_by(schema.case_audit.c.seq)
            ).all()
        return [(row[0], row[1]) for row in rows]
    finally:
        session.close()


def test_failed_sign_ins_are_kept_then_moved_into_the_case_audit(staffed_dir: Path) -> None:
    clock = FakeClock()
    _fails(staffed_dir, "handler", "wrong password 1", clock=clock, enforce_delay=False)
    clock.now += timedelta(seconds=5)
    _fails(staffed_dir, "manager", "wrong password 2", clock=clock, enforce_delay=False)
    kept = Keystore.load(staffed_dir / "keystore.json").failed_sign_ins
    assert [(f.username, f.at) for f in kept] == [
        ("handler", "2026-03-02T09:00:00+00:00"),
        ("manager", "2026-03-02T09:00:05+00:00"),
    ]
    failures = _audit_failures(staffed_dir)
    assert failures == [
        ("handler", datetime(2026, 3, 2, 9, 0, tzinfo=UTC)),
        ("manager", datetime(2026, 3, 2, 9, 0, 5, tzinfo=UTC)),
    ]
    assert Keystore.load(staffed_dir / "keystore.json").failed_sign_ins == []
    # Moved, not copied: a second sign-in does not record them again.
    assert len(_audit_failures(staffed_dir)) == 2


def test_a_password_typed_as_username_is_written_nowhere(staffed_dir: Path) -> None:
    typed = "Sup3rSecretTyped!"
    _fails(staffed_dir, typed, "whatever it was", enforce_delay=False)
    _fails(staffed_dir, typed.lower(), "whatever it was", enforce_delay=False)
    kept = Keystore.load(staffed_dir / "keystore.json").failed_sign_ins
    assert [f.username for f in kept] == ["unknown", "unknown"]
    assert [actor for actor, _ in _audit_failures(staffed_dir)] == ["unknown", "unknown"]
    needles = [typed.encode(), typed.encode("utf-16-le")]
    files = files_under(staffed_dir)
    assert any(p.name == "keystore.json" for p in files)
    for path in files:
        data = path.read_bytes().lower()
        for needle in needles:
            assert needle.lower() not in data, path
    # ... nor in the decrypted audit (the check above only sees the encrypted store bytes).
    session = unlock(staffed_dir, "admin", ADMIN_PASSWORD)
    try:
        with session.case.connect() as conn:
            for row in conn.execute(select(schema.case_audit)):
                assert typed.lower() not in json.dumps([str(v) for v in row]).lower()
    finally:
        session.close()


def test_retry_delay_grows_after_three_failures(staffed_dir: Path) -> None:
    clock = FakeClock()
    sleep = SleepSpy(clock)
    for _ in range(3):
        _fails(staffed_dir, "handler", "wrong password", clock=clock, sleep=sleep)
    assert sleep.calls == []  # the first three attempts are not slowed
    for _ in range(4):
        _fails(staffed_dir, "handler", "wrong password", clock=clock, sleep=sleep)
    # Attempts made straight after each other wait the whole delay, doubling each time...
    assert sleep.calls == [1.0, 2.0, 4.0, 8.0]
    # ... counted from the last failure: time already passed counts towards it.
    clock.now += timedelta(seconds=10)
    _fails(staffed_dir, "handler", "wrong password", clock=clock, sleep=sleep)
    assert sleep.calls[-1] == 6.0
    # The right password is slowed too (the delay comes before the check) ...
    unlock(staffed_dir, "handler", PASSWORDS["handler"], clock=clock, sleep=sleep).close()
    assert sleep.calls[-1] == 30.0
    # ... and other users are not slowed by the handler's failures.
    del sleep.calls[:]
    unlock(staffed_dir, "manager", PASSWORDS["manager"], clock=clock, sleep=sleep).close()
    assert sleep.calls == []


def test_retry_delay_is_capped_and_forgets_after_the_window(data_dir: Path) -> None:
    clock = FakeClock()
    for _ in range(12):
        _fails(data_dir, "admin", "wrong", clock=clock, enforce_delay=False)
    keystore = Keystore.load(data_dir / "keystore.json")
    assert retry_delay(keystore, "admin", clock.now) == 30.0
    assert retry_delay(keystore, "admin", clock.now + timedelta(minutes=16)) == 0.0
    sleep = SleepSpy()
    clock.now += timedelta(minutes=16)
    _fails(data_dir, "admin", "wrong", clock=clock, sleep=sleep)
    assert sleep.calls == []
