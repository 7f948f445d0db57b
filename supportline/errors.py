"""Typed errors raised by the core.

The core holds no user-visible text: each error carries a machine-readable ``code`` and the
facts a front end needs; ``ui`` and ``cli`` turn them into words (see ``supportline.messages``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date


class SupportLineError(Exception):
    """Base of every error the core raises on purpose."""

    code = "error"


class AuthenticationFailed(SupportLineError):
    """Unknown user, wrong password, disabled user or an unusable slot: deliberately one error."""

    code = "authentication_failed"


class WrongPassword(AuthenticationFailed):
    code = "wrong_password"


class SlotTampered(AuthenticationFailed):
    """A key slot whose header or grants fail authentication."""

    code = "slot_tampered"


class RetryLater(SupportLineError):
    """Too soon after recent failed sign-ins: the attempt was not made (the desktop app counts
    down instead of waiting inside the core)."""

    code = "retry_later"

    def __init__(self, seconds: float) -> None:
        super().__init__(f"{seconds:.1f}")
        self.seconds = seconds


class SignInBusy(SupportLineError):
    """Other sign-in attempts to this data directory held its sign-in lock for too long."""

    code = "sign_in_busy"


class PasswordChangeRequired(SupportLineError):
    """The user must choose a new password before doing anything else."""

    code = "password_change_required"


class KeystoreMissing(SupportLineError):
    code = "keystore_missing"


class KeystoreCorrupt(SupportLineError):
    code = "keystore_corrupt"


class KeystoreForged(SupportLineError):
    """Something in keystore.json that the store authority must have signed is not signed by it
    (a certificate, the store statement, a succession of authorities, a rotation plan)."""

    code = "keystore_forged"

    def __init__(self, what: str = "") -> None:
        super().__init__(what)
        self.what = what


class KeystoreOutdated(SupportLineError):
    """A key store made before the store authority existed (format 1)."""

    code = "keystore_outdated"


class RotationPlanForged(KeystoreForged):
    """A key rotation plan in keystore.json that no certified administrator signed."""

    code = "rotation_plan_forged"


class RecoveryNeeded(SupportLineError):
    """Restoring where there is no usable key store needs the recovery secret made at init."""

    code = "recovery_needed"


class RecoverySecretWrong(SupportLineError):
    code = "recovery_secret_wrong"


class RecoveryUnavailable(SupportLineError):
    """The backup's key store has no recovery set up (made by an earlier version)."""

    code = "recovery_unavailable"


class DataDirExists(SupportLineError):
    code = "data_dir_exists"


class SQLCipherUnavailable(SupportLineError):
    code = "sqlcipher_unavailable"


class StoreUnreadable(SupportLineError):
    """The store is corrupt, truncated, not a SupportLine store, or the key does not fit."""

    code = "store_unreadable"

    def __init__(self, store: str, detail: str = "") -> None:
        super().__init__(f"{store}: {detail}" if detail else store)
        self.store = store
        self.detail = detail


class PermissionDenied(SupportLineError):
    code = "permission_denied"

    def __init__(self, operation: str) -> None:
        super().__init__(operation)
        self.operation = operation


class UserExists(SupportLineError):
    code = "user_exists"


class UnknownUser(SupportLineError):
    code = "unknown_user"


class InvalidUsername(SupportLineError):
    code = "invalid_username"


class WeakPassword(SupportLineError):
    code = "weak_password"


class LastAdministrator(SupportLineError):
    """Refused: the operation would leave no active administrator."""

    code = "last_administrator"


class RotationInProgress(SupportLineError):
    code = "rotation_in_progress"


class KeysChanging(SupportLineError):
    """Another copy of the app is rotating the keys (or restoring a backup): this write waited
    and was refused before anything was written. Trying again in a moment succeeds."""

    code = "keys_changing"


class StoreBusy(SupportLineError):
    """A key rotation or restore could not start: other copies of the app kept writing."""

    code = "store_busy"


class AccessRevoked(SupportLineError):
    """An administrator disabled this user, changed their roles or reset their password while
    they were signed in: this session has ended and holds no keys any more."""

    code = "access_revoked"


class EditConflict(SupportLineError):
    """Someone else saved this record after it was read for this edit: the save was refused and
    nothing was written. ``changed`` names the fields they changed (field names, never values);
    empty when only something not shown in the form changed."""

    code = "edit_conflict"

    def __init__(self, record: str, record_id: int | str, changed: Sequence[str]) -> None:
        super().__init__(f"{record}:{record_id}:{','.join(changed)}")
        self.record = record
        self.record_id = record_id
        self.changed = tuple(changed)


class NotARegularFile(SupportLineError):
    """An input that is a FIFO, a device, a directory or a socket: reading it could hang or
    never end, so it is refused before a byte is read."""

    code = "not_a_regular_file"

    def __init__(self, path: str) -> None:
        super().__init__(path)
        self.path = path


class Interrupted(SupportLineError):
    """A long job stopped because its caller asked it to."""

    code = "interrupted"


@dataclass(frozen=True)
class AuditProblem:
    store: str
    kind: str  # edited | missing | reordered | truncated | rolled_back | anchor_forged | gap
    seq: int | None = None


class AuditTampered(SupportLineError):
    code = "audit_tampered"

    def __init__(self, problems: Sequence[AuditProblem]) -> None:
        super().__init__(", ".join(f"{p.store}:{p.kind}@{p.seq}" for p in problems))
        self.problems = tuple(problems)


class StoreTampered(SupportLineError):
    """A store does not match what keystore.json anchors for it, or its anchor is missing.

    ``kind``: anchor_missing | anchor_forged | integrity (rows or the integrity record replaced)
    | audit (the audit chain is behind or off its anchor).
    """

    code = "store_tampered"

    def __init__(self, store: str, kind: str) -> None:
        super().__init__(f"{store}:{kind}")
        self.store = store
        self.kind = kind


class BackupInvalid(SupportLineError):
    """Tampered, truncated or not a SupportLine backup."""

    code = "backup_invalid"

    def __init__(self, detail: str = "") -> None:
        super().__init__(detail)
        self.detail = detail


class ForeignBackup(SupportLineError):
    code = "foreign_backup"


class BackupOlderThanStore(SupportLineError):
    code = "backup_older"

    def __init__(self, backup_seq: int, current_seq: int, store: str) -> None:
        super().__init__(f"{store}: backup {backup_seq} < current {current_seq}")
        self.backup_seq = backup_seq
        self.current_seq = current_seq
        self.store = store


class SchemaTooNew(SupportLineError):
    code = "schema_too_new"


@dataclass(frozen=True)
class RowProblem:
    line: int
    field: str
    reason: str
    value: str = ""
    # Registered names near an unknown one (never the value typed: it may be client data).
    suggestions: tuple[str, ...] = ()


class ImportRejected(SupportLineError):
    code = "import_rejected"

    def __init__(self, problems: Sequence[RowProblem]) -> None:
        super().__init__(f"{len(problems)} bad row(s)")
        self.problems = tuple(problems)


class BadCsv(SupportLineError):
    code = "bad_csv"

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


# -- linking a sign-in to a counsellor profile ---------------------------------------------------


class NotACounsellor(SupportLineError):
    """Only a user who holds the counsellor role can be linked to a counsellor profile."""

    code = "not_a_counsellor"

    def __init__(self, username: str) -> None:
        super().__init__(username)
        self.username = username


class CounsellorAlreadyLinked(SupportLineError):
    """The profile is linked to another sign-in: unlink it first."""

    code = "counsellor_already_linked"

    def __init__(self, counsellor: str, linked_to: str) -> None:
        super().__init__(f"{counsellor}:{linked_to}")
        self.counsellor = counsellor
        self.linked_to = linked_to


class UserAlreadyLinked(SupportLineError):
    """The sign-in is linked to another profile: one person, one profile."""

    code = "user_already_linked"

    def __init__(self, username: str, counsellor: str) -> None:
        super().__init__(f"{username}:{counsellor}")
        self.username = username
        self.counsellor = counsellor


class CounsellorNameUnknown(SupportLineError):
    """No counsellor profile has that name; ``candidates`` are names that look close."""

    code = "counsellor_name_unknown"

    def __init__(self, name: str, candidates: Sequence[str] = ()) -> None:
        super().__init__(name)
        self.name = name
        self.candidates = tuple(candidates)


class CounsellorNameAmbiguous(SupportLineError):
    """Several profiles have that name; ``candidates`` are (id, name, linked username or '')."""

    code = "counsellor_name_ambiguous"

    def __init__(self, name: str, candidates: Sequence[tuple[int, str, str]]) -> None:
        super().__init__(name)
        self.name = name
        self.candidates = tuple(candidates)


class PeriodNotReleasable(SupportLineError):
    """A statistics release refused because its period is still open (see the subclasses).

    Releasing freezes a period for ever, so it waits until nothing more can rightly count in it.
    """

    code = "period_not_releasable"

    def __init__(self, period: str, ends_on: date) -> None:
        super().__init__(period)
        self.period = period
        self.ends_on = ends_on  # the period's last day (Europe/London)


class PeriodNotEnded(PeriodNotReleasable):
    """The period's last day is today or still to come (the running quarter or financial year,
    or one wholly in the future)."""

    code = "period_not_ended"


class PeriodNotUpToDate(PeriodNotReleasable):
    """The period has ended but the statistics have not been brought up to date (the outbox
    drained) on a later day: records sealed during the period may still be waiting, and
    freezing now would count them in the next period."""

    code = "period_not_up_to_date"

    def __init__(self, period: str, ends_on: date, drained_on: date | None) -> None:
        super().__init__(period, ends_on)
        self.drained_on = drained_on  # the last day the statistics were brought up to date


class PeriodStillOpen(SupportLineError):
    """An export or printed report refused because its period has not ended: figures that
    leave the app could be produced again as data arrives and differenced to pin a late
    record's cell, so only ended periods leave it (their figures are still shown on screen)."""

    code = "period_still_open"

    def __init__(self, period: str, ends_on: date) -> None:
        super().__init__(period)
        self.period = period
        self.ends_on = ends_on  # the period's last day (Europe/London)


# -- each case's notes key (supportline.case_keys) ---------------------------------------------


class NotesHandoverPending(SupportLineError):
    """The case was allocated to this counsellor but its notes key has not been handed over to
    them yet: that happens at the next sign-in of a clinical lead or an administrator."""

    code = "notes_handover_pending"

    def __init__(self, case_id: int) -> None:
        super().__init__(str(case_id))
        self.case_id = case_id


class NotesKeyConflict(SupportLineError):
    """A case's notes key copies disagree: someone has written key rows into case.db."""

    code = "notes_key_conflict"

    def __init__(self, case_id: int) -> None:
        super().__init__(str(case_id))
        self.case_id = case_id


class NotACounsellorForLead(SupportLineError):
    """Clinical lead is granted only together with the counsellor role."""

    code = "clinical_lead_needs_counsellor"
