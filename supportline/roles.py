"""Roles, the keys each role needs, and the permission matrix enforced by the core services."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from .errors import PermissionDenied


class Role(StrEnum):
    CALL_HANDLER = "call_handler"
    COUNSELLOR = "counsellor"
    SERVICE_MANAGER = "service_manager"
    ADMINISTRATOR = "administrator"


class KeyName(StrEnum):
    CASE = "case"  # SQLCipher key of case.db
    NOTES = "notes"  # field encryption of clinical text inside case.db
    STATS = "stats"  # SQLCipher key of stats.db
    STATS_PRIVATE = "stats_private"  # X25519 private key: opens what the case side sealed
    # Ed25519 private key of the store authority: certifies slots and signers, signs the store
    # statement (the public keys everyone seals to). Administrators only.
    AUTHORITY = "authority"


ROLE_KEYS: dict[Role, frozenset[KeyName]] = {
    Role.CALL_HANDLER: frozenset({KeyName.CASE}),
    Role.COUNSELLOR: frozenset({KeyName.CASE, KeyName.NOTES}),
    Role.SERVICE_MANAGER: frozenset({KeyName.STATS, KeyName.STATS_PRIVATE}),
    Role.ADMINISTRATOR: frozenset(KeyName),
}


def keys_for(roles: Iterable[Role]) -> frozenset[KeyName]:
    needed: set[KeyName] = set()
    for role in roles:
        needed |= ROLE_KEYS[role]
    return frozenset(needed)


def parse_roles(names: Iterable[str]) -> frozenset[Role]:
    roles = frozenset(Role(name.strip()) for name in names if name.strip())
    if not roles:
        raise ValueError("at least one role")
    return roles


class Op(StrEnum):
    """Every operation the core guards. The role-matrix test walks this whole enum."""

    USERS_LIST = "users.list"
    USERS_ADD = "users.add"
    USERS_SET_ROLES = "users.set_roles"
    USERS_RESET_PASSWORD = "users.reset_password"
    USERS_DISABLE = "users.disable"
    KEYS_ROTATE = "keys.rotate"
    SETTINGS_READ = "settings.read"
    SETTINGS_WRITE = "settings.write"
    BACKUP_CREATE = "backup.create"
    BACKUP_RESTORE = "backup.restore"
    VERIFY = "verify"
    AUDIT_VIEW = "audit.view"
    IMPORT_VENUES = "import.venues"
    IMPORT_ORGANISATIONS = "import.organisations"
    IMPORT_CLIENTS = "import.clients"
    CLIENTS_VIEW = "clients.view"
    NOTES_WRITE = "notes.write"
    NOTES_READ = "notes.read"
    OUTBOX_SEAL = "outbox.seal"
    OUTBOX_DRAIN = "outbox.drain"
    STATS_READ = "stats.read"
    CLIENTS_EDIT = "clients.edit"
    CLIENTS_MERGE = "clients.merge"
    CONTACTS_LOG = "contacts.log"
    CALLBACKS_VIEW = "callbacks.view"
    CASES_OPEN = "cases.open"
    CASES_UPDATE = "cases.update"
    WAITING_LIST_VIEW = "waiting_list.view"
    ORGANISATIONS_VIEW = "organisations.view"
    ORGANISATIONS_MANAGE = "organisations.manage"
    PACKAGES_AUTHORISE = "packages.authorise"  # sessions past those an organisation purchased
    ALLOWANCE_VIEW = "allowance.view"
    ALLOWANCE_AUTHORISE = "allowance.authorise"  # also needs clinical lead, for counsellors
    RISK_RAISE = "risk.raise"
    RISK_DETAIL_READ = "risk.detail_read"
    INFO_SHEET = "info_sheet"
    VENUES_VIEW = "venues.view"
    VENUES_MANAGE = "venues.manage"
    COUNSELLORS_VIEW = "counsellors.view"
    COUNSELLORS_MANAGE = "counsellors.manage"  # counsellors also keep their own availability
    BOOKING = "booking"
    ATTENDANCE_RECORD = "attendance.record"
    DIARY_VIEW = "diary.view"  # counsellors: their own diary only
    FOLLOW_UPS = "follow_ups"
    LETTERS_PRINT = "letters.print"
    CALENDAR_EXPORT = "calendar.export"
    SUBJECT_ACCESS = "subject_access"  # administrators, and counsellors who are clinical leads
    EVALUATION_ENTRY = "evaluation.entry"  # whoever opens the post: add, never read back
    STATS_RELEASE = "stats.release"
    STATS_COMMENTS_READ = "stats.comments_read"
    COUNSELLORS_LINK = "counsellors.link"  # a sign-in to a counsellor profile
    CASES_SET_URGENCY = "cases.set_urgency"  # after the case is opened; lowering needs a reason
    RISK_REVIEW = "risk.review"  # a counsellor lowers a risk level, with a reason


_H, _C, _M, _A = Role.CALL_HANDLER, Role.COUNSELLOR, Role.SERVICE_MANAGER, Role.ADMINISTRATOR

PERMISSIONS: dict[Op, frozenset[Role]] = {
    Op.USERS_LIST: frozenset({_A}),
    Op.USERS_ADD: frozenset({_A}),
    Op.USERS_SET_ROLES: frozenset({_A}),
    Op.USERS_RESET_PASSWORD: frozenset({_A}),
    Op.USERS_DISABLE: frozenset({_A}),
    Op.KEYS_ROTATE: frozenset({_A}),
    Op.SETTINGS_READ: frozenset({_H, _C, _A}),
    Op.SETTINGS_WRITE: frozenset({_A}),
    Op.BACKUP_CREATE: frozenset({_A}),
    Op.BACKUP_RESTORE: frozenset({_A}),
    Op.VERIFY: frozenset({_A}),
    Op.AUDIT_VIEW: frozenset({_A}),
    Op.IMPORT_VENUES: frozenset({_A}),
    Op.IMPORT_ORGANISATIONS: frozenset({_A}),
    Op.IMPORT_CLIENTS: frozenset({_H, _A}),
    Op.CLIENTS_VIEW: frozenset({_H, _C, _A}),
    Op.NOTES_WRITE: frozenset({_C}),
    Op.NOTES_READ: frozenset({_C}),
    Op.OUTBOX_SEAL: frozenset({_H, _C, _A}),
    # The statistics side's intake. It also needs the case key (the outbox), checked by the
    # drain itself: administrators, and service managers who also hold a case role.
    Op.OUTBOX_DRAIN: frozenset({_M, _A}),
    Op.STATS_READ: frozenset({_M, _A}),
    Op.CLIENTS_EDIT: frozenset({_H, _C, _A}),
    Op.CLIENTS_MERGE: frozenset({_H, _A}),
    Op.CONTACTS_LOG: frozenset({_H, _A}),
    Op.CALLBACKS_VIEW: frozenset({_H, _A}),
    Op.CASES_OPEN: frozenset({_H, _A}),
    Op.CASES_UPDATE: frozenset({_H, _C, _A}),
    Op.WAITING_LIST_VIEW: frozenset({_H, _C, _A}),
    Op.ORGANISATIONS_VIEW: frozenset({_H, _C, _A}),
    Op.ORGANISATIONS_MANAGE: frozenset({_A}),
    Op.PACKAGES_AUTHORISE: frozenset({_A}),
    Op.ALLOWANCE_VIEW: frozenset({_H, _C, _A}),
    Op.ALLOWANCE_AUTHORISE: frozenset({_C, _A}),
    Op.RISK_RAISE: frozenset({_H, _C, _A}),
    Op.RISK_DETAIL_READ: frozenset({_C}),
    Op.INFO_SHEET: frozenset({_H, _A}),
    Op.VENUES_VIEW: frozenset({_H, _C, _A}),
    Op.VENUES_MANAGE: frozenset({_A}),
    Op.COUNSELLORS_VIEW: frozenset({_H, _C, _A}),
    Op.COUNSELLORS_MANAGE: frozenset({_C, _A}),
    Op.BOOKING: frozenset({_H, _A}),
    Op.ATTENDANCE_RECORD: frozenset({_H, _C, _A}),
    Op.DIARY_VIEW: frozenset({_H, _C, _A}),
    Op.FOLLOW_UPS: frozenset({_H, _A}),
    Op.LETTERS_PRINT: frozenset({_H, _A}),
    Op.CALENDAR_EXPORT: frozenset({_C, _A}),
    Op.SUBJECT_ACCESS: frozenset({_C, _A}),
    Op.EVALUATION_ENTRY: frozenset({_H, _M, _A}),
    Op.STATS_RELEASE: frozenset({_M, _A}),
    Op.STATS_COMMENTS_READ: frozenset({_M}),
    Op.COUNSELLORS_LINK: frozenset({_A}),
    Op.CASES_SET_URGENCY: frozenset({_H, _A}),
    # Clinical judgement: counsellors only (the core also wants their own client or a lead).
    Op.RISK_REVIEW: frozenset({_C}),
}


def allowed(roles: Iterable[Role], op: Op) -> bool:
    return bool(PERMISSIONS[op] & frozenset(roles))


def require(roles: Iterable[Role], op: Op) -> None:
    if not allowed(roles, op):
        raise PermissionDenied(op.value)
