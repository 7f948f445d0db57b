"""User administration: add, assign roles, reset a password, disable (with key rotation)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import insert, select, update

from .. import rotation
from ..audit import AuditAction
from ..db import schema
from ..errors import LastAdministrator, PermissionDenied, UnknownUser, UserExists
from ..keystore import Keystore
from ..paths import file_lock
from ..roles import KeyName, Op, Role
from ..session import Session, check_password, check_username, generate_password


@dataclass(frozen=True)
class UserInfo:
    username: str
    display_name: str
    roles: frozenset[Role]
    active: bool
    is_clinical_lead: bool
    has_slot: bool
    must_change_password: bool
    created_at: datetime | None
    disabled_at: datetime | None
    counsellor_id: int | None = None  # the counsellor profile this sign-in is linked to
    counsellor_name: str | None = None


class UserService:
    def __init__(self, session: Session) -> None:
        self._session = session

    # -- reading ---------------------------------------------------------------------------------

    def list_users(self) -> list[UserInfo]:
        self._session.require(Op.USERS_LIST)
        keystore = Keystore.load(self._session.data.keystore)
        with self._session.case.connect() as conn:
            rows = {row.username: row for row in conn.execute(select(schema.users))}
            c = schema.counsellors.c
            profiles = {
                row.user_id: (row.id, row.display_name)
                for row in conn.execute(
                    select(c.user_id, c.id, c.display_name).where(c.user_id.is_not(None))
                )
            }
        result = []
        for username in sorted(set(rows) | set(keystore.slots)):
            row = rows.get(username)
            slot = keystore.slots.get(username)
            roles = (
                slot.roles
                if slot
                else frozenset(Role(r) for r in (row.roles.split(",") if row else []) if r)
            )
            result.append(
                UserInfo(
                    username=username,
                    display_name=row.display_name if row else username,
                    roles=roles,
                    active=bool(row.active) if row else slot is not None,
                    is_clinical_lead=bool(row.is_clinical_lead) if row else False,
                    has_slot=slot is not None,
                    must_change_password=bool(slot and slot.must_change_password),
                    created_at=row.created_at if row else None,
                    disabled_at=row.disabled_at if row else None,
                    counsellor_id=profiles.get(row.id, (None, None))[0] if row else None,
                    counsellor_name=profiles.get(row.id, (None, None))[1] if row else None,
                )
            )
        return result

    def get(self, username: str) -> UserInfo:
        for user in self.list_users():
            if user.username == username:
                return user
        raise UnknownUser(username)

    def own_display_name(self) -> str:
        """The signed-in user's own name as the users table has it (any role with the case key
        may read its own row); the username where there is none or no case store."""
        if self._session.case_engine is None:
            return self._session.username
        with self._session.case_read() as conn:
            name = conn.execute(
                select(schema.users.c.display_name).where(
                    schema.users.c.username == self._session.username
                )
            ).scalar()
        return str(name or self._session.username)

    # -- changing --------------------------------------------------------------------------------

    def _all_keys(self) -> dict[KeyName, dict[int, bytes]]:
        generations = self._session.keystore.generations
        return {
            name: {generations[name]: self._session.key(name, generations[name])}
            for name in KeyName
        }

    def _authority(self) -> bytes:
        """The store authority's private key (administrators only): certifies slots."""
        generation = self._session.keystore.generations[KeyName.AUTHORITY]
        return self._session.key(KeyName.AUTHORITY, generation)

    def add_user(
        self,
        username: str,
        display_name: str,
        roles: Iterable[Role],
        password: str,
        is_clinical_lead: bool = False,
        must_change_password: bool = True,
    ) -> UserInfo:
        self._session.require(Op.USERS_ADD)
        check_username(username)
        check_password(password)
        roles = frozenset(roles)
        if not roles:
            raise ValueError("at least one role")
        data = self._session.data
        with self._session.case.connect() as conn:
            taken = conn.execute(
                select(schema.users.c.id).where(schema.users.c.username == username)
            ).first()
        with file_lock(data.lock):
            keystore = Keystore.load(data.keystore)
            if taken or username in keystore.slots:
                raise UserExists(username)
            slot = keystore.make_slot(
                username,
                roles,
                password,
                self._all_keys(),
                self._authority(),
                must_change_password=must_change_password,
            )
            with self._session.case_tx() as conn:
                conn.execute(
                    insert(schema.users).values(
                        username=username,
                        display_name=display_name.strip() or username,
                        roles=",".join(sorted(r.value for r in roles)),
                        is_clinical_lead=is_clinical_lead,
                        created_at=self._session.clock(),
                    )
                )
                self._session.audit_case(conn, AuditAction.USER_ADDED, "user", username)
                # The slot is written inside the transaction: if saving it fails, no user row.
                keystore = Keystore.load(data.keystore)
                keystore.slots[username] = slot
                keystore.add_signer(username, slot.signing_key, self._authority())
                keystore.save()
        return self.get(username)

    def set_roles(
        self, username: str, roles: Iterable[Role], is_clinical_lead: bool | None = None
    ) -> UserInfo:
        """New roles take effect by re-granting keys. Removing a key a user held rotates it."""
        self._session.require(Op.USERS_SET_ROLES)
        roles = frozenset(roles)
        if not roles:
            raise ValueError("at least one role")
        data = self._session.data
        with file_lock(data.lock):
            keystore = Keystore.load(data.keystore)
            slot = keystore.slots.get(username)
            if slot is None:
                raise UnknownUser(username)
            self._check_not_last_admin(keystore, username, roles)
            from dataclasses import replace

            removed_keys = set(_keys(slot.roles)) - set(_keys(roles))
            with self._session.case_tx() as conn:
                values: dict[str, object] = {"roles": ",".join(sorted(r.value for r in roles))}
                if is_clinical_lead is not None:
                    values["is_clinical_lead"] = is_clinical_lead
                conn.execute(
                    update(schema.users).where(schema.users.c.username == username).values(values)
                )
                self._session.audit_case(conn, AuditAction.USER_ROLES_CHANGED, "user", username)
                keystore = Keystore.load(data.keystore)
                # New roles need a new certificate: only the authority (an administrator) can.
                keystore.slots[username] = keystore.regrant(
                    keystore.certify(replace(slot, roles=roles), self._authority()),
                    self._all_keys(),
                )
                keystore.save()
        if removed_keys:
            # The user saw keys they no longer need; copies of them must stop working.
            rotation.start(self._session, None)
        return self.get(username)

    def reset_password(self, username: str, new_password: str | None = None) -> str:
        """A new slot (new key pair, new salt) with a temporary password the user must change."""
        self._session.require(Op.USERS_RESET_PASSWORD)
        password = new_password or generate_password()
        check_password(password)
        data = self._session.data
        with file_lock(data.lock):
            keystore = Keystore.load(data.keystore)
            slot = keystore.slots.get(username)
            if slot is None:
                raise UnknownUser(username)
            with self._session.case_tx() as conn:
                self._session.audit_case(conn, AuditAction.USER_PASSWORD_RESET, "user", username)
                keystore = Keystore.load(data.keystore)
                keystore.slots[username] = keystore.make_slot(
                    username,
                    slot.roles,
                    password,
                    self._all_keys(),
                    self._authority(),
                    must_change_password=True,
                )
                keystore.save()
        return password

    def disable_user(
        self,
        username: str,
        progress: rotation.Progress = rotation._noop_progress,
        cancelled: rotation.Cancelled | None = None,
    ) -> None:
        """Remove the user's slot and rotate every key they held (:mod:`supportline.rotation`)."""
        self._session.require(Op.USERS_DISABLE)
        if username == self._session.username:
            raise PermissionDenied("users.disable_self")
        keystore = Keystore.load(self._session.data.keystore)
        if username not in keystore.slots:
            raise UnknownUser(username)
        self._check_not_last_admin(keystore, username, frozenset())
        rotation.start(self._session, username, progress, cancelled)

    def rotate_all_keys(
        self,
        progress: rotation.Progress = rotation._noop_progress,
        cancelled: rotation.Cancelled | None = None,
    ) -> None:
        """After a suspected compromise: every key changes, every remaining slot is re-granted."""
        self._session.require(Op.KEYS_ROTATE)
        rotation.start(self._session, None, progress, cancelled)

    @staticmethod
    def _check_not_last_admin(
        keystore: Keystore, username: str, new_roles: frozenset[Role]
    ) -> None:
        admins = {name for name, slot in keystore.slots.items() if Role.ADMINISTRATOR in slot.roles}
        if admins == {username} and Role.ADMINISTRATOR not in new_roles:
            raise LastAdministrator(username)


def change_own_password(session: Session, old_password: str, new_password: str) -> None:
    """Any signed-in user: a new slot for themselves, keeping exactly the keys they hold."""
    check_password(new_password)
    data = session.data
    with file_lock(data.lock):
        keystore = Keystore.load(data.keystore)
        opened = keystore.open_slot(session.username, old_password)  # proves the old password
        # The same key pairs under the new password: their certificate stays valid, so no
        # administrator (no authority key) is needed to change one's own password.
        keystore.slots[session.username] = keystore.rewrap(opened, new_password)
        keystore.save()
        session.keystore = keystore
        session.opened = keystore.open_slot(session.username, new_password)
    session.audit_all(AuditAction.PASSWORD_CHANGED, "user", session.username)


def _keys(roles: Iterable[Role]) -> frozenset[KeyName]:
    from ..roles import keys_for

    return keys_for(roles)
