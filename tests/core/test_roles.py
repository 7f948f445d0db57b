"""The role matrix (DESIGN 4): every guarded operation, called for real as a user holding exactly
one role, is allowed if and only if ``PERMISSIONS`` says so; and each role's slot holds exactly
the keys ``ROLE_KEYS`` gives it, checked by opening the slot and the stores with those keys."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from supportline import outbox
from supportline.backup import check_backup, create_backup, discard, restore
from supportline.db import engine as dbengine
from supportline.db import schema
from supportline.errors import PermissionDenied, StoreUnreadable
from supportline.keystore import Keystore
from supportline.roles import PERMISSIONS, ROLE_KEYS, STAFF_ROLES, KeyName, Op, Role
from supportline.services.cases import CaseInput, CaseService
from supportline.services.clients import ClientInput, ClientService
from supportline.services.counsellor_links import CounsellorLinkService
from supportline.services.counsellors import CounsellorService
from supportline.services.settings import SettingsService
from supportline.services.urgency import UrgencyService
from supportline.services.users import UserService
from supportline.session import Session, init_store, unlock
from supportline.verify import verify
from tests.conftest import ADMIN_PASSWORD, PASSWORDS

USER_OF = {
    Role.CALL_HANDLER: "handler",
    Role.COUNSELLOR: "counsellor",
    Role.SERVICE_MANAGER: "manager",
    Role.ADMINISTRATOR: "admin",
}
SPARE_PASSWORD = "spare password 1"

# Allowed by the matrix but not yet possible in practice, each documented where it is raised.
# The entry says how it fails today, so the day it is implemented this test asks to drop it.
KNOWN_GAPS: dict[tuple[Role, Op], str] = {}
# Allowed by the role but needing a key that role alone does not hold: refused by the key check
# (the refusal says which key). A user who also holds a role with that key may.
KEY_BOUND: dict[tuple[Role, Op], str] = {(Role.SERVICE_MANAGER, Op.OUTBOX_DRAIN): "key:case"}


@dataclass
class World:
    path: Path
    backup: Path
    sessions: dict[Role, Session]
    counter: Iterator[int]


def _build(path: Path, scratch: Path) -> World:
    init_store(path, "admin", ADMIN_PASSWORD)
    admin = unlock(path, "admin", ADMIN_PASSWORD)
    users = UserService(admin)
    for role, name in USER_OF.items():
        if role is not Role.ADMINISTRATOR:
            users.add_user(name, name.title(), [role], PASSWORDS[name], must_change_password=False)
    for spare in ("spare1", "spare2"):
        users.add_user(
            spare, spare, [Role.CALL_HANDLER], SPARE_PASSWORD, must_change_password=False
        )
    # A counsellor profile and an open case, for the link and urgency operations.
    CounsellorService(admin).save("Matrix Counsellor", "female", ["English"], ["counselling"], 5)
    client = ClientService(admin).create(
        ClientInput(
            first_name="Matrix", last_name="Client", phone="07700 900444", home_postcode="ME19 4AA"
        )
    )
    CaseService(admin).open_case(client.id, CaseInput("counselling", "self", ("W01",)))
    backup = scratch / "matrix.slb"
    create_backup(admin, backup)
    sessions = {Role.ADMINISTRATOR: admin}
    for role, name in USER_OF.items():
        if role is not Role.ADMINISTRATOR:
            sessions[role] = unlock(path, name, PASSWORDS[name])
    return World(path, backup, sessions, itertools.count())


def _close(world: World) -> None:
    for session in world.sessions.values():
        session.close()


@pytest.fixture(scope="module")
def shared_world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    root = tmp_path_factory.mktemp("matrix")
    world = _build(root / "data", root)
    yield world
    _close(world)


@pytest.fixture
def fresh_world(tmp_path: Path) -> Iterator[World]:
    world = _build(tmp_path / "data", tmp_path)
    yield world
    _close(world)


Action = Callable[[World, Role, Session], Any]


def _seal(world: World, role: Role, session: Session) -> None:
    outbox.seal_record(session, "closure", "2026Q1", {"band": "25-34"})


def _restore(world: World, role: Role, session: Session) -> None:
    name = USER_OF[role]
    plan = check_backup(world.path, world.backup, name, PASSWORDS.get(name, ADMIN_PASSWORD))
    try:
        restore(plan, world.path, allow_older=True)
    finally:
        discard(plan)


def _check_only(world: World, role: Role, session: Session) -> None:
    name = USER_OF[role]
    discard(check_backup(world.path, world.backup, name, PASSWORDS[name]))


def _first(world: World, table: Any) -> int:
    with world.sessions[Role.ADMINISTRATOR].case.connect() as conn:
        return int(conn.execute(select(table.c.id).order_by(table.c.id)).scalars().first())


# The real guarded call for every operation that has a service today. Destructive ones run on a
# fresh store, after every denied role has tried first (so a broken guard shows as a mismatch).
SERVICE_CALLS: dict[Op, tuple[Action, bool]] = {
    Op.USERS_LIST: (lambda w, r, s: UserService(s).list_users(), False),
    Op.USERS_ADD: (
        lambda w, r, s: UserService(s).add_user(
            f"new{next(w.counter)}", "New", [Role.CALL_HANDLER], "a new password 1"
        ),
        False,
    ),
    Op.USERS_SET_ROLES: (
        lambda w, r, s: UserService(s).set_roles("spare1", [Role.CALL_HANDLER]),
        False,
    ),
    Op.USERS_RESET_PASSWORD: (lambda w, r, s: UserService(s).reset_password("spare1"), False),
    Op.USERS_DISABLE: (lambda w, r, s: UserService(s).disable_user("spare2"), True),
    Op.KEYS_ROTATE: (lambda w, r, s: UserService(s).rotate_all_keys(), True),
    Op.SETTINGS_READ: (lambda w, r, s: SettingsService(s).all(), False),
    Op.SETTINGS_WRITE: (lambda w, r, s: SettingsService(s).update({"idle_lock_minutes": 7}), False),
    Op.BACKUP_CREATE: (
        lambda w, r, s: create_backup(s, w.backup.with_name(f"b{next(w.counter)}.slb")),
        False,
    ),
    Op.BACKUP_RESTORE: (_restore, True),
    Op.VERIFY: (
        lambda w, r, s: verify(w.path, USER_OF[r], PASSWORDS.get(USER_OF[r], ADMIN_PASSWORD)),
        False,
    ),
    Op.OUTBOX_SEAL: (_seal, False),
    Op.OUTBOX_DRAIN: (lambda w, r, s: outbox.drain(s), False),
    Op.NOTES_READ: (lambda w, r, s: s.notes_keys(Op.NOTES_READ), False),
    Op.NOTES_WRITE: (lambda w, r, s: s.notes_keys(Op.NOTES_WRITE), False),
    Op.COUNSELLORS_LINK: (
        lambda w, r, s: CounsellorLinkService(s).link_counsellor(
            "counsellor", _first(w, schema.counsellors)
        ),
        False,
    ),
    Op.CASES_SET_URGENCY: (
        lambda w, r, s: UrgencyService(s).set_urgency(_first(w, schema.cases), "urgent"),
        False,
    ),
}


def _outcome(action: Action, world: World, role: Role, op: Op) -> str:
    """'allowed', 'denied' (refused by this operation's own guard) or another refusal."""
    try:
        action(world, role, world.sessions[role])
    except PermissionDenied as exc:
        return "denied" if exc.operation == op.value else exc.operation
    return "allowed"


def _run_matrix(op: Op, world: World) -> list[str]:
    action: Action = (
        SERVICE_CALLS[op][0] if op in SERVICE_CALLS else (lambda w, r, s: s.require(op))
    )
    # Denied roles first: an operation that succeeds by mistake must not disturb the others.
    # The staff roles: clinical lead is a grant on top of the counsellor role, not one of them.
    order = sorted(STAFF_ROLES, key=lambda role: role in PERMISSIONS[op])
    mismatches = []
    for role in order:
        expected = "allowed" if role in PERMISSIONS[op] else "denied"
        expected = KNOWN_GAPS.get((role, op), KEY_BOUND.get((role, op), expected))
        got = _outcome(action, world, role, op)
        if got != expected:
            mismatches.append(f"{op.value} as {role.value}: expected {expected}, got {got}")
    return mismatches


SHARED_OPS = [op for op in Op if not SERVICE_CALLS.get(op, (None, False))[1]]
FRESH_OPS = [op for op in Op if SERVICE_CALLS.get(op, (None, False))[1]]


@pytest.mark.parametrize("op", SHARED_OPS, ids=lambda op: op.value)
def test_role_matrix(op: Op, shared_world: World) -> None:
    assert _run_matrix(op, shared_world) == []


@pytest.mark.parametrize("op", FRESH_OPS, ids=lambda op: op.value)
def test_role_matrix_destructive(op: Op, fresh_world: World) -> None:
    assert _run_matrix(op, fresh_world) == []


def test_every_op_is_in_the_matrix() -> None:
    assert set(PERMISSIONS) == set(Op)
    for op, roles in PERMISSIONS.items():
        assert roles, f"{op} allowed to nobody"


def test_denied_user_add_leaves_no_slot(shared_world: World) -> None:
    with pytest.raises(PermissionDenied):
        UserService(shared_world.sessions[Role.COUNSELLOR]).add_user(
            "sneaky", "S", [Role.ADMINISTRATOR], "sneaky password 1"
        )
    assert "sneaky" not in Keystore.load(shared_world.path / "keystore.json").slots


def test_non_admin_cannot_even_check_a_backup(shared_world: World) -> None:
    for role in (Role.CALL_HANDLER, Role.COUNSELLOR, Role.SERVICE_MANAGER):
        with pytest.raises(PermissionDenied) as info:
            _check_only(shared_world, role, shared_world.sessions[role])
        assert info.value.operation == Op.BACKUP_RESTORE.value
    assert not list(shared_world.path.glob(".restore-staging*"))


# -- keys per role --------------------------------------------------------------------------------


@pytest.mark.parametrize("role", STAFF_ROLES, ids=lambda role: role.value)
def test_slot_holds_exactly_the_role_keys(staffed_dir: Path, role: Role) -> None:
    name = USER_OF[role]
    keystore = Keystore.load(staffed_dir / "keystore.json")
    opened = keystore.open_slot(name, PASSWORDS[name])
    assert frozenset(opened.keys) == ROLE_KEYS[role]
    assert {grant.key for grant in keystore.slots[name].grants} == ROLE_KEYS[role]
    # The keys are the real ones: each store key held opens its store.
    for store, key_name in (("case", KeyName.CASE), ("stats", KeyName.STATS)):
        if key_name in opened.keys:
            dbengine.connect(staffed_dir / f"{store}.db", opened.key(key_name), store=store).close()


def test_case_keys_cannot_open_stats_and_stats_keys_cannot_open_case(staffed_dir: Path) -> None:
    keystore = Keystore.load(staffed_dir / "keystore.json")
    handler = keystore.open_slot("handler", PASSWORDS["handler"])
    counsellor = keystore.open_slot("counsellor", PASSWORDS["counsellor"])
    manager = keystore.open_slot("manager", PASSWORDS["manager"])
    attempts = [
        ("stats", key)
        for opened in (handler, counsellor)
        for generations in opened.keys.values()
        for key in generations.values()
    ] + [
        ("case", key)
        for generations in manager.keys.values()
        for key in generations.values()
        if len(key) == 32
    ]
    assert len(attempts) >= 5
    for store, key in attempts:
        with pytest.raises(StoreUnreadable):
            dbengine.connect(staffed_dir / f"{store}.db", key, store=store)


def test_sessions_expose_only_their_own_store(staffed_dir: Path) -> None:
    handler = unlock(staffed_dir, "handler", PASSWORDS["handler"])
    manager = unlock(staffed_dir, "manager", PASSWORDS["manager"])
    try:
        assert handler.case_engine is not None and handler.stats_engine is None
        assert manager.stats_engine is not None and manager.case_engine is None
        with pytest.raises(PermissionDenied):
            _ = handler.stats
        with pytest.raises(PermissionDenied):
            _ = manager.case
        with pytest.raises(PermissionDenied):
            handler.key(KeyName.STATS)
        with pytest.raises(PermissionDenied):
            manager.key(KeyName.CASE)
    finally:
        handler.close()
        manager.close()
