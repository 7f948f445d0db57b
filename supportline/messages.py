"""Plain-English one-line descriptions of core errors, for the command line.

The desktop app has its own translated messages in ``ui/messages.py``; the core services raise
typed errors and never hold user-visible text.
"""

from __future__ import annotations

from .errors import (
    AuditTampered,
    BackupInvalid,
    BackupOlderThanStore,
    BadCsv,
    CounsellorAlreadyLinked,
    CounsellorNameAmbiguous,
    CounsellorNameUnknown,
    ImportRejected,
    NotACounsellor,
    PeriodNotEnded,
    PeriodNotUpToDate,
    PeriodStillOpen,
    PermissionDenied,
    StoreTampered,
    StoreUnreadable,
    SupportLineError,
    UserAlreadyLinked,
)

_SIMPLE = {
    "authentication_failed": "sign-in failed: the username or password is not right",
    "wrong_password": "sign-in failed: the username or password is not right",
    "slot_tampered": "sign-in failed: the username or password is not right",
    "keystore_missing": "no SupportLine data here (no keystore.json): run 'supportline init' or "
    "'supportline demo' first, or pass the right --data-dir",
    "keystore_corrupt": "keystore.json is damaged or not a SupportLine key store; restore it "
    "from a "
    "backup",
    "retry_later": "too many failed sign-ins: wait a little, then try again",
    "sign_in_busy": "other sign-in attempts to this data directory are in progress; try again "
    "in a minute",
    "password_change_required": "you must choose a new password first: run 'supportline users "
    "passwd' (from a terminal, or with SUPPORTLINE_NEW_PASSWORD set)",
    "keystore_forged": "refused: keystore.json holds a key or certificate that no administrator "
    "signed (it has been edited); nothing was changed: restore keystore.json from a backup",
    "keystore_outdated": "keystore.json was made by an earlier version of SupportLine, before "
    "key slots were certified; this version cannot open it",
    "rotation_plan_forged": "refused: keystore.json holds a key rotation plan that no "
    "administrator signed (it has been edited); nothing was changed: restore keystore.json from "
    "a backup",
    "recovery_needed": "there is no usable key store here, so restoring needs the recovery "
    "secret printed when the store was created (set SUPPORTLINE_RECOVERY_SECRET or type it when "
    "asked); nothing was changed",
    "recovery_secret_wrong": "that recovery secret does not fit this backup; nothing was changed",
    "recovery_unavailable": "that backup has no recovery secret (made by an earlier version), "
    "so it can be restored only over its live key store; nothing was changed",
    "data_dir_exists": "that data directory already holds SupportLine data; choose an empty one",
    "sqlcipher_unavailable": "SQLCipher is not available: reinstall SupportLine (the sqlcipher3 "
    "package)",
    "user_exists": "that username is already taken",
    "unknown_user": "no such user",
    "invalid_username": "usernames are 2-32 characters: lower-case letters, digits, '.', '_' "
    "or '-', "
    "starting with a letter",
    "weak_password": "passwords must be at least 10 characters",
    "last_administrator": "refused: that would leave no administrator",
    "rotation_in_progress": "a key rotation is still in progress: sign in as an administrator to "
    "finish it",
    "interrupted": "stopped before the end; nothing was lost",
    "keys_changing": "an administrator is changing keys; try again in a moment (nothing was saved)",
    "store_busy": "other copies of SupportLine are saving; try again in a moment (nothing was "
    "changed)",
    "access_revoked": "an administrator changed your access while you were signed in: sign in "
    "again",
    "edit_conflict": "not saved: someone else saved that record first; reload it and try again",
    "not_a_regular_file": "refused: that is not an ordinary file (a pipe, device or folder); "
    "nothing was read or changed",
    "foreign_backup": "refused: that backup belongs to a different SupportLine installation",
    "schema_too_new": "this data was written by a newer version of SupportLine; upgrade first",
    "invalid_period": "periods are a calendar quarter such as 2026Q3 or a financial year such as "
    "FY2026",
    "unknown_table": "no such table: see 'supportline stats tables'",
    "counsellor_not_found": "no such counsellor profile",
    "client_not_found": "no client with that reference (references look like SL-000123)",
    "allowance_exceeded": "refused: the client has no sessions left in that allowance year; a "
    "clinical lead or an administrator must authorise more",
    "not_eligible": "refused: the client's organisation does not cover this service on that date",
    "purchased_sessions_exceeded": "refused: the organisation has used the sessions it "
    "purchased under that agreement; an administrator must authorise more",
    "notes_handover_pending": "the notes of this case have not been handed over to you yet: "
    "that happens at the next sign-in of a clinical lead or an administrator",
    "notes_key_conflict": "refused: the copies of this case's notes key disagree (case.db has "
    "been altered); an administrator should run 'supportline verify'",
    "clinical_lead_needs_counsellor": "clinical lead is granted only with the counsellor role",
    "invalid_package_authorisation": "refused: authorise 1 to 500 extra sessions, with a reason, "
    "on an agreement that has purchased sessions",
}

_STORE_DETAIL = {
    "missing": "is missing",
    "empty": "is empty (truncated or replaced)",
    "cannot open": "cannot be opened",
    "not a readable store or wrong key": "is damaged, truncated, or not keyed with this key store",
}

_BACKUP_DETAIL = {
    "not_a_backup": "is not a SupportLine backup",
    "truncated": "is truncated",
    "bad_header": "has a damaged header",
    "bad_chunk": "is damaged",
    "tampered": "has been altered or damaged (authentication failed)",
    "trailing_data": "has extra data after its end",
    "unexpected_entry": "contains unexpected content",
    "incomplete": "is incomplete",
    "checksum": "does not match its manifest checksums",
    "store_unreadable": "contains a store that cannot be opened",
    "audit": "contains an audit log that does not match its anchors",
    "integrity": "contains a store whose rows do not match its integrity digests or anchors",
    "unreadable": "cannot be read",
}


def describe(exc: SupportLineError) -> str:
    if isinstance(exc, StoreUnreadable):
        detail = _STORE_DETAIL.get(exc.detail, exc.detail or "cannot be read")
        return f"{exc.store}.db {detail}"
    if isinstance(exc, PermissionDenied) and exc.operation.startswith("subject_access"):
        return (
            "not allowed: only administrators and clinical leads can produce a subject access "
            "printout"
        )
    if isinstance(exc, PermissionDenied):
        if exc.operation.startswith("key:"):
            key = exc.operation.removeprefix("key:").replace("_", " ")
            return f"not possible with your roles: this needs the {key} key, which they do not hold"
        return f"not allowed for your role: {exc.operation}"
    if isinstance(exc, BackupInvalid):
        what = _BACKUP_DETAIL.get(exc.detail, "is not valid")
        return f"refused: the backup {what}; nothing was changed"
    if isinstance(exc, BackupOlderThanStore):
        return (
            f"the backup is older than the current data ({exc.store} audit entry {exc.backup_seq} "
            f"< {exc.current_seq}); pass --allow-older to restore it anyway"
        )
    if isinstance(exc, BadCsv):
        return f"cannot read the CSV file: {exc.detail.replace('_', ' ')}"
    if isinstance(exc, ImportRejected):
        return f"nothing imported: {len(exc.problems)} problem(s) in the file"
    if isinstance(exc, NotACounsellor):
        return (
            f"'{exc.username}' does not have the counsellor role: add it first "
            f"('supportline users roles {exc.username} --role counsellor ...')"
        )
    if isinstance(exc, CounsellorAlreadyLinked):
        return (
            f"the counsellor profile '{exc.counsellor}' is already linked to '{exc.linked_to}': "
            f"unlink it first ('supportline users unlink {exc.linked_to}')"
        )
    if isinstance(exc, UserAlreadyLinked):
        return (
            f"'{exc.username}' is already linked to the counsellor profile '{exc.counsellor}': "
            f"unlink it first ('supportline users unlink {exc.username}')"
        )
    if isinstance(exc, CounsellorNameUnknown):
        close = "; ".join(f"'{name}'" for name in exc.candidates[:10])
        return f"no counsellor profile called '{exc.name}'" + (
            f"; did you mean: {close}" if close else "; names are as the Counsellors page shows"
        )
    if isinstance(exc, CounsellorNameAmbiguous):
        listed = "; ".join(
            f"id {pid}" + (f" (linked to '{user}')" if user else "")
            for pid, _name, user in exc.candidates
        )
        return (
            f"{len(exc.candidates)} counsellor profiles are called '{exc.name}' ({listed}): "
            "choose one with --counsellor-id"
        )
    if isinstance(exc, PeriodNotEnded):
        return (
            f"refused: {exc.period} has not ended (it ends on {exc.ends_on:%d/%m/%Y}); only a "
            "period that has ended can be released"
        )
    if isinstance(exc, PeriodStillOpen):
        return (
            f"refused: {exc.period} has not ended (it ends on {exc.ends_on:%d/%m/%Y}); its "
            "figures will change, so only a period that has ended can be exported or printed"
        )
    if isinstance(exc, PeriodNotUpToDate):
        last = f"last on {exc.drained_on:%d/%m/%Y}" if exc.drained_on else "never"
        return (
            f"refused: the statistics have not been brought up to date since {exc.period} ended "
            f"({last}); an administrator's sign-in or 'supportline stats drain' does it, then "
            "release"
        )
    if isinstance(exc, StoreTampered):
        what = {
            "anchor_missing": "keystore.json holds no anchor for it (deleted: an old store may "
            "have been put back)",
            "anchor_forged": "its anchor in keystore.json has been altered",
            "integrity": "its rows do not match the digest anchored in keystore.json (it may "
            "have been edited outside SupportLine, or part of it replaced by an older copy)",
            "audit": "its audit log is behind or off its anchor in keystore.json",
            "rows": "its rows do not match the integrity digests recorded with them (it may "
            "have been edited outside SupportLine, or part of it replaced by an older copy)",
        }.get(exc.kind, exc.kind)
        return (
            f"refused: {exc.store}.db may have been tampered with: {what}; nothing was "
            "changed. Run 'supportline verify' and restore the latest good backup"
        )
    if isinstance(exc, AuditTampered):
        return f"the audit log has been tampered with: {exc}"
    return _SIMPLE.get(exc.code, f"error: {exc.code}")
