"""Translated sentences for the core's typed errors. Never a traceback on screen.

The core raises errors with a machine-readable ``code`` and no user-visible text; this module is
where the desktop app turns them into words. Anything unexpected gets one generic sentence and is
logged by type and code location only: exception messages can carry client data, so they are
never written to the log.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication

from supportline.errors import PermissionDenied, StoreUnreadable, SupportLineError
from supportline.services.settings import InvalidSetting

from .labels import setting_label

log = logging.getLogger(__name__)

_CONTEXT = "messages"


def _tr(text: str) -> str:
    return QCoreApplication.translate(_CONTEXT, text)


def _simple_messages() -> dict[str, Callable[[], str]]:
    # Each sentence is a literal inside translate() so that lupdate can find it.
    return {
        "authentication_failed": lambda: _tr("The username or password is not right."),
        "wrong_password": lambda: _tr("The username or password is not right."),
        "slot_tampered": lambda: _tr("The username or password is not right."),
        "keystore_missing": lambda: _tr(
            "No SupportLine data was found here. Run `supportline init` or `supportline demo`."
        ),
        "keystore_corrupt": lambda: _tr(
            "The key store (keystore.json) is damaged or is not a SupportLine key store. "
            "Restore it from a backup."
        ),
        "sqlcipher_unavailable": lambda: _tr(
            "The encryption library is missing. Please reinstall SupportLine."
        ),
        "user_exists": lambda: _tr("That username is already taken. Choose another one."),
        "unknown_user": lambda: _tr("There is no such user."),
        "invalid_username": lambda: _tr(
            "Usernames are 2 to 32 characters: lower-case letters, digits, '.', '_' or '-', "
            "starting with a letter."
        ),
        "weak_password": lambda: _tr("Passwords must be at least 10 characters long."),
        "last_administrator": lambda: _tr(
            "Refused: that would leave SupportLine with no administrator."
        ),
        "rotation_in_progress": lambda: _tr(
            "A key rotation is still in progress. Sign in again as an administrator to finish it."
        ),
        "interrupted": lambda: _tr("Stopped before the end; nothing was lost."),
        "schema_too_new": lambda: _tr(
            "This data was written by a newer version of SupportLine. Please upgrade first."
        ),
    }


def generic_failure() -> str:
    return _tr("Something went wrong; nothing was saved.")


def authentication_failed() -> str:
    return _tr("The username or password is not right.")


def no_data_found(path: str) -> str:
    return _tr(
        "No SupportLine data found in {path}. Run `supportline init` or `supportline demo`."
    ).format(path=path)


def error_message(exc: BaseException) -> str:
    """One sentence for the user. Unexpected errors are logged without their message."""
    if isinstance(exc, InvalidSetting):
        return setting_error_message(exc)
    if isinstance(exc, StoreUnreadable):
        return _tr(
            "The {store} store cannot be read: it may be damaged or belong to another key store."
        ).format(store=exc.store)
    if isinstance(exc, PermissionDenied):
        return _tr("Your role does not allow that.")
    if isinstance(exc, SupportLineError):
        message = _simple_messages().get(exc.code)
        if message is not None:
            return message()
    log_unexpected(exc)
    return generic_failure()


def setting_error_message(exc: InvalidSetting) -> str:
    label = setting_label(exc.key)
    reasons = {
        "out_of_range": _tr("{label}: the value is outside the allowed range."),
        "not_integer": _tr("{label}: enter a whole number."),
        "not_boolean": _tr("{label}: choose yes or no."),
        "not_a_choice": _tr("{label}: choose one of the listed options."),
        "not_a_time": _tr("{label}: enter a time as HH:MM."),
        "unknown": _tr("{label}: this is not a setting SupportLine knows."),
    }
    return reasons.get(exc.reason, _tr("{label}: the value is not valid.")).format(label=label)


def log_unexpected(exc: BaseException) -> None:
    """Type and code locations only: an exception's message may quote client data."""
    frames = traceback.extract_tb(exc.__traceback__)
    where = "; ".join(f"{f.filename}:{f.lineno} in {f.name}" for f in frames[-8:])
    log.error("Unexpected %s at %s", type(exc).__name__, where or "unknown location")
