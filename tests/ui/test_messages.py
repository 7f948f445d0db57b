"""Every core error has a sentence; unexpected ones are generic and logged without content."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from supportline import errors


@pytest.mark.parametrize(
    "error",
    [
        errors.AuthenticationFailed(),
        errors.WrongPassword("x"),
        errors.SlotTampered("x"),
        errors.KeystoreMissing("/x"),
        errors.KeystoreCorrupt("/x"),
        errors.UserExists("x"),
        errors.UnknownUser("x"),
        errors.InvalidUsername("x"),
        errors.WeakPassword(),
        errors.LastAdministrator("x"),
        errors.RotationInProgress(),
        errors.Interrupted(),
        errors.PermissionDenied("users.add"),
        errors.StoreUnreadable("case", "missing"),
        errors.SchemaTooNew(),
        errors.SQLCipherUnavailable(),
        errors.SignInBusy(),
        errors.RetryLater(2.0),
        errors.PasswordChangeRequired(),
        errors.SchemaTooNew(),
        errors.SQLCipherUnavailable(),
        errors.KeysChanging(),
        errors.StoreBusy(),
        errors.AccessRevoked(),
        errors.NotARegularFile("/x"),
        errors.EditConflict("client", 1, ["phone"]),
    ],
)
def test_known_errors_get_their_own_sentence(qapp: Any, error: Exception) -> None:
    from ui.messages import error_message, generic_failure

    text = error_message(error)
    assert text and text != generic_failure()
    assert "Traceback" not in text


def test_credential_failures_all_read_the_same(qapp: Any) -> None:
    from ui.messages import error_message

    texts = {
        error_message(e)
        for e in (
            errors.AuthenticationFailed(),
            errors.WrongPassword("admin"),
            errors.SlotTampered("admin"),
        )
    }
    assert texts == {"The username or password is not right."}


def test_unexpected_errors_are_generic_and_logged_without_their_message(
    qapp: Any, caplog: Any
) -> None:
    from ui.messages import error_message

    secret = "Client Jane Example, 1 High Street"
    try:
        raise RuntimeError(secret)
    except RuntimeError as exc:
        with caplog.at_level(logging.ERROR, logger="ui.messages"):
            text = error_message(exc)
    assert text == "Something went wrong; nothing was saved."
    assert "RuntimeError" in caplog.text
    assert secret not in caplog.text


def test_a_write_refused_during_a_key_rotation_says_so_and_that_nothing_is_lost(qapp: Any) -> None:
    from ui.messages import error_message

    assert error_message(errors.KeysChanging()) == (
        "An administrator is changing keys; try again in a moment. Nothing was saved, and what "
        "you typed is still here."
    )
