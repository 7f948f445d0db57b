"""User administration: add, assign roles, reset a password, disable (with key rotation)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import insert, select, update

from .. import rotation
from ..audit import AuditAction
from ..db import schema
from ..errors import (
    LastAdministrator,
    NotACounsellorForLead,
    PermissionDenied,
    UnknownUser,
    UserExists,
)
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
                    is_clinical_lead=Role.CLINICAL_LEAD in roles,
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
            for name in generations
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
        roles = _with_lead(frozenset(roles), True if is_clinical_lead else None)
        if not roles:
            raise ValueError("at least one role")
        data = self._session.data
        with self._session.case.connect() as conn:
            taken = conn.execute(
                select(schema.users.c.id).where(schema.users.c.username == username)
            ).first()
        # The store's write lock first, then the key store's: the order every commit takes them
        # in (the audit anchor moves just before each commit), so two copies cannot deadlock.
        with self._session.case_tx() as conn, file_lock(data.lock):
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
            conn.execute(
                insert(schema.users).values(
                    username=username,
                    display_name=display_name.strip() or username,
                    roles=",".join(sorted(r.value for r in roles)),
                    is_clinical_lead=Role.CLINICAL_LEAD in roles,
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
        """New roles take effect by re-granting keys. Removing a key a user held rotates it.

        ``is_clinical_lead`` grants (True) or withdraws (False) the clinical-lead grant, the
        clinical-lead group key; None keeps the user's current grant (while a counsellor)."""
        self._session.require(Op.USERS_SET_ROLES)
        roles = frozenset(roles)
        if not roles:
            raise ValueError("at least one role")
        data = self._session.data
        with self._session.case_tx() as conn, file_lock(data.lock):  # the commit's order
            keystore = Keystore.load(data.keystore)
            slot = keystore.slots.get(username)
            if slot is None:
                raise UnknownUser(username)
            if is_clinical_lead is None and Role.COUNSELLOR in roles:
                is_clinical_lead = Role.CLINICAL_LEAD in roles | (slot.roles & {Role.CLINICAL_LEAD})
            roles = _with_lead(roles, is_clinical_lead)
            self._check_not_last_admin(keystore, username, roles)
            from dataclasses import replace

            removed_keys = set(_keys(slot.roles)) - set(_keys(roles))
            values: dict[str, object] = {
                "roles": ",".join(sorted(r.value for r in roles)),
                # For display only: the services go by the grant in the slot.
                "is_clinical_lead": Role.CLINICAL_LEAD in roles,
            }
            conn.execute(
                update(schema.users).where(schema.users.c.username == username).values(values)
            )
            user_id = select(schema.users.c.id).where(schema.users.c.username == username)
            conn.execute(
                update(schema.counsellors)
                .where(schema.counsellors.c.user_id == user_id.scalar_subquery())
                .values(is_clinical_lead=Role.CLINICAL_LEAD in roles)
            )
            self._session.audit_case(conn, AuditAction.USER_ROLES_CHANGED, "user", username)
            if (Role.CLINICAL_LEAD in roles) != (Role.CLINICAL_LEAD in slot.roles):
                action = "granted" if Role.CLINICAL_LEAD in roles else "withdrawn"
                self._session.audit_case(conn, f"user.clinical_lead_{action}", "user", username)
            keystore = Keystore.load(data.keystore)
            # New roles need a new certificate: only the authority (an administrator) can.
            keystore.slots[username] = keystore.regrant(
                keystore.certify(replace(slot, roles=roles), self._authority()),
                self._all_keys(),
            )
            keystore.save()
        self._session.keystore = Keystore.load(data.keystore)
        self._complete_hand_overs()
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
        with self._session.case_tx() as conn, file_lock(data.lock):  # the commit's order
            keystore = Keystore.load(data.keystore)
            slot = keystore.slots.get(username)
            if slot is None:
                raise UnknownUser(username)
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
        # A new key pair: the user's case notes keys are wrapped to it again now.
        self._session.keystore = Keystore.load(data.keystore)
        self._complete_hand_overs()
        return password

    def _complete_hand_overs(self) -> None:
        from ..case_keys import CaseKeys

        keys = CaseKeys(self._session)
        if self._session.case_engine is None or not keys.holds_group_key():
            return
        with self._session.case_tx() as conn:
            keys.complete_hand_overs(conn)

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


def _with_lead(roles: frozenset[Role], is_clinical_lead: bool | None) -> frozenset[Role]:
    if is_clinical_lead is not None:
        roles = (roles | {Role.CLINICAL_LEAD}) if is_clinical_lead else roles - {Role.CLINICAL_LEAD}
    if Role.CLINICAL_LEAD in roles and Role.COUNSELLOR not in roles:
        raise NotACounsellorForLead()
    return roles


def change_own_password(session: Session, old_password: str, new_password: str) -> None:
    """Any signed-in user: a new slot for themselves, keeping exactly the keys they hold and
    their key pair (case notes keys are wrapped to its public key)."""
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
