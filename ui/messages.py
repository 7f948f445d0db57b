"""Translated sentences for the core's typed errors. Never a traceback on screen.

The core raises errors with a machine-readable ``code`` and no user-visible text; this module is
where the desktop app turns them into words. Anything unexpected gets one generic sentence and is
logged by type and code location only: exception messages can carry client data, so they are
never written to the log.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable, Sequence

from PySide6.QtCore import QCoreApplication

from supportline.documents.info_sheet import UnreadableSheet
from supportline.errors import (
    CounsellorAlreadyLinked,
    CounsellorNameAmbiguous,
    CounsellorNameUnknown,
    EditConflict,
    NotACounsellor,
    PermissionDenied,
    StoreUnreadable,
    SupportLineError,
    UserAlreadyLinked,
)
from supportline.services.bookability import NotEligible
from supportline.services.cases import InvalidCase
from supportline.services.clients import InvalidClient, LikelyDuplicate
from supportline.services.intake import InvalidContact
from supportline.services.packages import InvalidPackageAuthorisation, PurchasedSessionsExceeded
from supportline.services.risk import InvalidRiskReview
from supportline.services.settings import InvalidSetting
from supportline.validation import InvalidInput

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
        "sign_in_busy": lambda: _tr(
            "Other sign-in attempts to this data are in progress. Try again in a minute."
        ),
        "retry_later": lambda: _tr("Too many failed sign-ins. Wait a little, then try again."),
        "password_change_required": lambda: _tr(
            "You must choose a new password before going on."
        ),
        "keystore_forged": lambda: _tr(
            "Refused: the key store (keystore.json) holds a key or certificate that no "
            "administrator signed; it has been edited. Nothing was changed. Restore it from a "
            "backup."
        ),
        "keystore_outdated": lambda: _tr(
            "The key store (keystore.json) was made by an earlier version of SupportLine, "
            "before key slots were certified. This version cannot open it."
        ),
        "rotation_plan_forged": lambda: _tr(
            "Refused: the key store (keystore.json) holds a key rotation plan that no "
            "administrator signed; it has been edited. Nothing was changed. Restore it from a "
            "backup."
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
        "keys_changing": lambda: _tr(
            "An administrator is changing keys; try again in a moment. Nothing was saved, and "
            "what you typed is still here."
        ),
        "store_busy": lambda: _tr(
            "Other copies of SupportLine are saving; try again in a moment. Nothing was changed."
        ),
        "access_revoked": lambda: _tr(
            "An administrator changed your access while you were signed in. Sign in again."
        ),
        "not_a_regular_file": lambda: _tr(
            "That is not an ordinary file (it is a pipe, a device or a folder): choose a file. "
            "Nothing was read or changed."
        ),
        "store_tampered": lambda: _tr(
            "This data may have been tampered with: a store does not match what the key store "
            "(keystore.json) vouches for, or its record there was deleted. Nothing was changed. "
            "An administrator should run `supportline verify` and restore the latest good backup."
        ),
        "schema_too_new": lambda: _tr(
            "This data was written by a newer version of SupportLine. Please upgrade first."
        ),
        "client_not_found": lambda: _tr("That client record no longer exists."),
        "not_pending": lambda: _tr("That call-back has already been logged by someone else."),
        "case_not_found": lambda: _tr("That case no longer exists."),
        "allowance_exceeded": lambda: _tr("The client has no sessions left this year."),
        "notes_handover_pending": lambda: _tr(
            "This case's notes have not been handed over to you yet. They open after the next "
            "sign-in of a clinical lead or an administrator."
        ),
        "notes_key_conflict": lambda: _tr(
            "This case's notes key has been altered in the data files, so it is not used. "
            "Ask an administrator to run a verify."
        ),
        "clinical_lead_needs_counsellor": lambda: _tr(
            "Clinical lead can only be given together with the counsellor role."
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
    if isinstance(exc, (InvalidClient, InvalidContact, InvalidCase, InvalidRiskReview)):
        return problems_message(exc.problems)
    link = link_error_message(exc)
    if link is not None:
        return link
    if isinstance(exc, InvalidInput):
        return problem_message(exc.field, exc.reason)
    if isinstance(exc, EditConflict):
        return edit_conflict_message(exc, setting_label if exc.record == "settings" else None)
    if isinstance(exc, LikelyDuplicate):
        return _tr("This person may already have a record: check the possible matches first.")
    if isinstance(exc, UnreadableSheet):
        return unreadable_sheet_message(exc.reason)
    if isinstance(exc, StoreUnreadable):
        return _tr(
            "The {store} store cannot be read: it may be damaged or belong to another key store."
        ).format(store=exc.store)
    if isinstance(exc, PermissionDenied) and exc.operation == "risk.review.not_own":
        return _tr(
            "Only the client's own counsellor or a clinical lead can lower their risk level."
        )
    if isinstance(exc, PermissionDenied):
        return _tr("Your role does not allow that.")
    if isinstance(exc, NotEligible):
        return not_eligible_message(exc)
    if isinstance(exc, PurchasedSessionsExceeded):
        return purchased_sessions_message(exc)
    if isinstance(exc, InvalidPackageAuthorisation):
        return package_authorisation_message(exc.reason)
    if isinstance(exc, SupportLineError):
        message = _simple_messages().get(exc.code)
        if message is not None:
            return message()
    log_unexpected(exc)
    return generic_failure()


def not_linked_message() -> str:
    """A counsellor whose sign-in has no counsellor profile yet (caseload, own diary)."""
    return _tr(
        "Your sign-in is not linked to a counsellor profile yet, so there is nothing of "
        "yours to show. An administrator links it in Administration > Users (Link "
        "counsellor profile…) or Administration > Counsellors (Link sign-in…)."
    )


def link_error_message(exc: BaseException) -> str | None:
    """Linking a sign-in to a counsellor profile: what is in the way, by name."""
    if isinstance(exc, NotACounsellor):
        return _tr(
            "{username} does not have the counsellor role: give them that role first "
            "(Change roles…)."
        ).format(username=exc.username)
    if isinstance(exc, CounsellorAlreadyLinked):
        return _tr("{counsellor} is already linked to {username}: unlink it first.").format(
            counsellor=exc.counsellor, username=exc.linked_to
        )
    if isinstance(exc, UserAlreadyLinked):
        return _tr("{username} is already linked to {counsellor}: unlink that first.").format(
            username=exc.username, counsellor=exc.counsellor
        )
    if isinstance(exc, CounsellorNameUnknown):
        return _tr("There is no counsellor profile called {name}.").format(name=exc.name)
    if isinstance(exc, CounsellorNameAmbiguous):
        return _tr("Several counsellor profiles are called {name}.").format(name=exc.name)
    return None


def not_eligible_message(exc: NotEligible) -> str:
    from .labels import eligibility_reason_label

    return _tr("Not eligible on {date}: {reason}. Nothing was booked.").format(
        date=exc.on.strftime("%d/%m/%Y"), reason=eligibility_reason_label(exc.reason)
    )


def purchased_sessions_message(exc: PurchasedSessionsExceeded) -> str:
    usage = exc.usage
    agreement = usage.agreement
    ends = agreement.ends_on.strftime("%d/%m/%Y") if agreement.ends_on else _tr("open-ended")
    return _tr(
        "The organisation's purchased sessions are used up: {used} of {allowed} used "
        "under its agreement {start} to {end}, {wanted} more wanted. An administrator "
        "must authorise more sessions; nothing was booked."
    ).format(
        used=usage.used,
        allowed=usage.allowed,
        start=agreement.starts_on.strftime("%d/%m/%Y"),
        end=ends,
        wanted=exc.wanted,
    )


def package_authorisation_message(reason: str) -> str:
    reasons = {
        "reason_required": _tr("Give the reason for the extra sessions (a few words)."),
        "extra_sessions": _tr("Authorise between 1 and 500 extra sessions."),
        "agreement": _tr("That agreement no longer exists."),
        "not_purchased": _tr("That agreement has no limit on sessions: nothing to authorise."),
    }
    return reasons.get(reason, _tr("Those extra sessions cannot be authorised."))


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


def field_label(name: str) -> str:
    labels = {
        "first_name": _tr("First name"),
        "last_name": _tr("Last name"),
        "preferred_name": _tr("Preferred name"),
        "date_of_birth": _tr("Date of birth"),
        "gender": _tr("Gender"),
        "phone": _tr("Phone"),
        "phone_alt": _tr("Other phone"),
        "email": _tr("E-mail"),
        "address": _tr("Address"),
        "home_postcode": _tr("Home postcode"),
        "work_postcode": _tr("Work postcode"),
        "safe_phone": _tr("Number we may call"),
        "email_ok": _tr("E-mail allowed"),
        "letters_ok": _tr("Letters allowed"),
        "venue_preference": _tr("Venue preference"),
        "voicemail_ok": _tr("Voicemail allowed"),
        "work_contact_ok": _tr("Contact at work allowed"),
        "organisation_id": _tr("Organisation"),
        "job_role": _tr("Job role"),
        "needs_step_free": _tr("Needs step-free access"),
        "needs_hearing_loop": _tr("Needs a hearing loop"),
        "needs_parking": _tr("Needs parking"),
        "pref_counsellor_gender": _tr("Preferred counsellor gender"),
        "pref_language": _tr("Preferred language"),
        "direction": _tr("Direction"),
        "channel": _tr("Channel"),
        "purpose": _tr("Purpose"),
        "outcome": _tr("Outcome"),
        "signposted_to": _tr("Signposted to"),
        "client": _tr("Client"),
        "eligibility_override_reason": _tr("Reason to go ahead"),
        "case": _tr("Referral"),
        "service": _tr("Service"),
        "referral_route": _tr("Referral route"),
        "presenting_issues": _tr("Presenting issues"),
        "urgency": _tr("Urgency"),
        "callback_name": _tr("Name to call back"),
        "callback_phone": _tr("Number to call back"),
        "ended_at": _tr("End time"),
        "merge": _tr("Merge"),
        "urgency_reason": _tr("Reason for lowering the urgency"),
        "risk_level": _tr("Risk level"),
        "risk_reason": _tr("Reason for the review"),
    }
    return labels.get(name, name)


def edit_conflict_message(exc: EditConflict,
                          label: Callable[[str], str] | None = None) -> str:
    """The second of two people saving one record: what the first changed, and that nothing
    of theirs was lost. The form keeps what they typed."""
    if exc.changed:
        fields = ", ".join((label or field_label)(name) for name in exc.changed)
        return _tr("Not saved: someone else saved this record while you were editing it and "
                   "changed {fields}. What you typed is still here: reopen the record to see "
                   "their change, then make yours again.").format(fields=fields)
    return _tr("Not saved: someone else saved this record while you were editing it. What you "
               "typed is still here: reopen the record to see the latest version, then make "
               "your change again.")


def problem_reason(field: str, reason: str) -> str:
    """The sentence for one invalid field, without the field's name."""
    reasons = {
        "required": _tr("this is required."),
        "not_a_choice": _tr("choose one of the listed options."),
        "date_format": _tr("enter a date as DD/MM/YYYY."),
        "date_range": _tr("that date is not possible."),
        "future_date": _tr("that date is in the future."),
        "email_format": _tr("that is not an e-mail address."),
        "name_format": _tr("use letters, spaces, hyphens and apostrophes only."),
        "too_long": _tr("that is too long."),
        "phone_format": _tr("enter a UK phone number, for example 01732 526910."),
        "postcode_format": _tr("enter a UK postcode, for example ME19 4AB."),
        "phone_or_email_required": _tr("give a phone number or an e-mail address."),
        "no_such_number": _tr("there is no other phone number to call."),
        "no_email": _tr("there is no e-mail address."),
        "required_for_work_venue": _tr("needed for a venue near work."),
        "required_for_home_venue": _tr("needed for a venue near home."),
        "no_home_address": _tr("letters need a home address and postcode."),
        "required_for_referral": _tr("a referral needs this."),
        "before_start": _tr("the call cannot end before it started."),
        "callback_is_outgoing": _tr("a call-back is an outgoing call."),
        "unknown_code": _tr("choose from the list."),
        "same_client": _tr("choose two different records."),
        "already_merged": _tr("one of these records has already been merged."),
        "parties_of_one_mediation": _tr(
            "these two records are both parties to one mediation, so they are two people."
        ),
        "required_to_lower": _tr("say why it can be less urgent (a few words)."),
        "case_closed": _tr("the case is closed."),
        "not_lower": _tr(
            "a review lowers the level: choose a lower one (raise a new alert to raise it)."
        ),
        "appointments_overlap": _tr(
            "both records have an appointment at the same time: cancel or move one first."
        ),
    }
    if field == "eligibility_override_reason" and reason == "required":
        return _tr("the client is not eligible: say why you are going ahead (a few words).")
    if field == "presenting_issues" and reason == "required":
        return _tr("tick at least one presenting issue.")
    return reasons.get(reason, _tr("this is not valid."))


def problem_message(field: str, reason: str) -> str:
    return _tr("{label}: {reason}").format(
        label=field_label(field), reason=problem_reason(field, reason)
    )


def problems_message(problems: Sequence[InvalidInput]) -> str:
    return " ".join(problem_message(p.field, p.reason) for p in problems)


def unreadable_sheet_message(reason: str) -> str:
    reasons = {
        "not_pdf": _tr("That file is not a readable PDF; nothing was entered."),
        "encrypted": _tr("That PDF is password-protected; nothing was entered."),
        "not_our_form": _tr(
            "That PDF is not the Support Line information sheet; nothing was entered."
        ),
        "too_large": _tr("That file is too large to be an information sheet; nothing was entered."),
        "empty": _tr("That information sheet has not been filled in; nothing was entered."),
    }
    return reasons.get(reason, _tr("That file cannot be read; nothing was entered."))


# -- booking --------------------------------------------------------------------------------------


def booking_error_message(exc: BaseException) -> str:
    """Booking, moving, cancelling and attendance: what went wrong, in words; state is kept."""
    from supportline.documents.letters import LettersDeclined
    from supportline.services.allowance import AllowanceExceeded
    from supportline.services.booking import AppointmentNotFound, NotBookable, SlotTaken

    from .labels import booking_problem_label

    if isinstance(exc, SlotTaken):
        return _tr("That time has just been taken; pick another.")
    if isinstance(exc, NotBookable):
        return _tr("Not possible: {reason}.").format(reason=booking_problem_label(exc.reason))
    if isinstance(exc, AllowanceExceeded):
        return _tr("Allowance reached: a clinical lead must authorise more.")
    if isinstance(exc, LettersDeclined):
        return letters_declined_message(exc.reason)
    if isinstance(exc, AppointmentNotFound):
        return _tr("That appointment no longer exists.")
    from supportline.documents.booking_letters import LetterNotApplicable
    from supportline.services.diary import DiaryNotFound, InvalidDiaryRequest

    if isinstance(exc, LetterNotApplicable):
        return letter_not_applicable_message(exc.reason)
    if isinstance(exc, DiaryNotFound):
        return _tr("That diary no longer exists.")
    if isinstance(exc, InvalidDiaryRequest):
        return _tr("That range of dates cannot be shown or exported.")
    return error_message(exc)


def letter_not_applicable_message(reason: str) -> str:
    reasons = {
        "not_booked": _tr("That appointment is no longer booked, so this letter does not apply."),
        "not_in_series": _tr("That appointment is not part of a weekly series."),
        "empty_series": _tr("Nothing is still booked in that series."),
        "not_cancelled": _tr("That appointment has not been cancelled."),
        "not_moved": _tr("That appointment has never been moved."),
    }
    return reasons.get(reason, _tr("That letter does not apply to this appointment."))


def letters_declined_message(reason: str = "declined") -> str:
    if reason == "no_address":
        return _tr(
            "There is no postal address on record for this client, so no letter can be sent."
        )
    return _tr("This client has asked not to receive letters.")


def ruled_out_message(reason: str, detail: dict[str, object]) -> str:
    """Why the slot finder found nothing, as one plain sentence."""
    from .booking_format import format_limit_km
    from .labels import access_need_label, gender_label, service_label

    km_value = detail.get("km")
    km = format_limit_km(float(km_value)) if isinstance(km_value, (int, float)) else ""
    if reason == "no_origin":
        if detail.get("origin") == "work":
            return _tr(
                "No work postcode is recorded for this client, so distances cannot be "
                "worked out. Add it, or search near home."
            )
        return _tr(
            "No home postcode is recorded for this client, so distances cannot be "
            "worked out. Add it, or search near work."
        )
    if reason == "no_venue_within":
        return (
            _tr("No venue within {km} km.").format(km=km)
            if km
            else _tr("No venue with a room is open.")
        )
    if reason == "no_accessible_venue_within":
        need = access_need_label(str(detail.get("need", "")))
        return (
            _tr("No venue within {km} km has {need}.").format(km=km, need=need)
            if km
            else _tr("No venue has {need}.").format(need=need)
        )
    if reason == "no_counsellor_for_service_within":
        service = service_label(str(detail.get("service", ""))).lower()
        return (
            _tr("No counsellor offering {service} works within {km} km.").format(
                service=service, km=km
            )
            if km
            else _tr("No counsellor offers {service}.").format(service=service)
        )
    if reason == "named_counsellor_not_within":
        return (
            _tr("The chosen counsellor does not offer this service within {km} km.").format(km=km)
            if km
            else _tr("The chosen counsellor does not offer this service.")
        )
    if reason == "no_counsellor_gender_within":
        gender = gender_label(str(detail.get("gender", ""))).lower()
        return (
            _tr("No {gender} counsellor within {km} km.").format(gender=gender, km=km)
            if km
            else _tr("No {gender} counsellor at any venue.").format(gender=gender)
        )
    if reason == "no_counsellor_language_within":
        language = str(detail.get("language", "")).strip()
        language = language[:1].upper() + language[1:]
        return (
            _tr("No {language}-speaking counsellor within {km} km.").format(
                language=language, km=km
            )
            if km
            else _tr("No {language}-speaking counsellor at any venue.").format(language=language)
        )
    if reason == "no_times_match":
        return _tr(
            "No counsellor nearby works at the times the client can come: widen the days or times."
        )
    if reason == "fully_booked":
        weeks = int(detail.get("weeks", 0) or 0)
        return QCoreApplication.translate(
            "messages", "Fully booked for the next %n week(s): search further ahead.", None, weeks
        )
    return _tr("Nothing fits these choices: widen the search.")
