"""Translated sentences for the errors of the administration pages and allowance authorisation.

Follows ``ui/messages.py``: the core raises typed errors with codes and no user-visible text,
and this module words them. Anything not known here falls through to
:func:`ui.messages.error_message`, which words the rest (and logs the unexpected safely).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication

from supportline.errors import BadCsv, EditConflict, ImportRejected, PermissionDenied, RowProblem
from supportline.services.allowance import InvalidAuthorisation
from supportline.services.counsellors import CounsellorNotFound, InvalidCounsellor
from supportline.services.eligibility import InvalidAgreement
from supportline.services.venues import InvalidVenue, VenueNotFound
from supportline.validation import InvalidInput

from . import messages

_CONTEXT = "admin_messages"


def _tr(text: str) -> str:
    return QCoreApplication.translate(_CONTEXT, text)


def error_message(exc: BaseException) -> str:
    """One sentence for the user about a failed administration or authorisation call."""
    if isinstance(exc, (InvalidVenue, InvalidCounsellor)):
        return problems_message(exc.problems)
    if isinstance(exc, InvalidAgreement):
        return agreement_reason(exc.reason)
    if isinstance(exc, InvalidAuthorisation):
        return authorisation_reason(exc.reason)
    if isinstance(exc, EditConflict):
        return messages.edit_conflict_message(exc, field_label)
    if isinstance(exc, ImportRejected):
        return import_rejected_message(len(exc.problems))
    if isinstance(exc, BadCsv):
        return bad_csv_message(exc.detail)
    if isinstance(exc, VenueNotFound):
        return _tr("That venue no longer exists.")
    if isinstance(exc, CounsellorNotFound):
        return _tr("That counsellor no longer exists.")
    if isinstance(exc, PermissionDenied) and exc.operation.startswith("allowance.authorise"):
        return _tr("Only a clinical lead or an administrator can authorise extra sessions.")
    if isinstance(exc, PermissionDenied) and exc.operation.startswith("packages.authorise"):
        return _tr("Only an administrator can authorise sessions past those purchased.")
    if isinstance(exc, PermissionDenied) and exc.operation.startswith("counsellors.manage"):
        return _tr("Counsellors may change only their own availability and leave.")
    return messages.error_message(exc)


def agreement_reason(reason: str) -> str:
    reasons = {
        "service": _tr("Choose counselling, coaching or mediation for the agreement."),
        "ends_before_start": _tr("The agreement cannot end before it starts; nothing was saved."),
        "purchased_sessions": _tr("Purchased sessions must be at least 1, or leave it empty for "
                                  "an agreement without a limit."),
    }
    return reasons.get(reason, _tr("The agreement is not valid; nothing was saved."))


def authorisation_reason(reason: str) -> str:
    reasons = {
        "service": _tr("Choose counselling, coaching or mediation."),
        "extra_sessions": _tr("Authorise between 1 and 20 extra sessions at a time."),
        "reason_required": _tr("Give the reason for the extra sessions (at least a few words)."),
    }
    return reasons.get(reason, _tr("The authorisation is not valid; nothing was saved."))


def import_rejected_message(count: int) -> str:
    if count == 1:
        return _tr("The file has a problem; nothing was imported.")
    return _tr("The file has {count} problems; nothing was imported.").format(count=count)


def bad_csv_message(detail: str) -> str:
    code, _, name = detail.partition(":")
    reasons = {
        "encoding": _tr("The file is not UTF-8 text. Save it from Excel as “CSV UTF-8”; nothing "
                        "was imported."),
        "csv_format": _tr("The file is not a readable CSV file; nothing was imported."),
        "empty": _tr("The file is empty: it has no header row; nothing was imported."),
        "missing_header": _tr("The file has no “{name}” column; nothing was imported."),
        "unknown_header": _tr("The file has a column “{name}” that SupportLine does not know; "
                              "nothing was imported."),
        "duplicate_header": _tr("The file has the column “{name}” twice; nothing was imported."),
    }
    return reasons.get(code, _tr("The file cannot be read; nothing was imported.")).format(
        name=name)


def field_label(name: str) -> str:
    labels = {
        "code": _tr("Code"),
        "name": _tr("Name"),
        "address": _tr("Address"),
        "town": _tr("Town"),
        "postcode": _tr("Postcode"),
        "district": _tr("District"),
        "lat": _tr("Coordinates"),
        "lon": _tr("Coordinates"),
        "rooms": _tr("Rooms"),
        "room": _tr("Room"),
        "step_free": _tr("Step-free access"),
        "hearing_loop": _tr("Hearing loop"),
        "parking": _tr("Parking"),
        "hours": _tr("Opening hours"),
        "group": _tr("Group"),
        "phase": _tr("Phase"),
        "directorate": _tr("Directorate"),
        "services": _tr("Services"),
        "agreement_from": _tr("Agreement from"),
        "agreement_to": _tr("Agreement to"),
        "purchased_sessions": _tr("Purchased sessions"),
        "display_name": _tr("Name"),
        "gender": _tr("Gender"),
        "languages": _tr("Languages"),
        "max_per_week": _tr("Sessions a week"),
        "availability": _tr("Availability"),
        "leave": _tr("Leave"),
        "": _tr("Row"),
    }
    return labels.get(name, name)


def problem_reason(field: str, reason: str) -> str:
    """The sentence for one invalid field, without the field's name."""
    reasons = {
        "required": _tr("this is required."),
        "too_long": _tr("that is too long."),
        "not_a_choice": _tr("choose one of the listed options."),
        "out_of_range": _tr("that number is outside the allowed range."),
        "postcode_format": _tr("enter a UK postcode, for example ME19 4AB."),
        "date_format": _tr("enter a date as DD/MM/YYYY."),
        "date_range": _tr("that date is not possible."),
        "date_order": _tr("the agreement ends before it starts."),
        "bad_coordinates": _tr("the latitude and longitude are not in Kent or Medway."),
        "bad_hours": _tr("each day needs a closing time after its opening time "
                         "(in a file: Mon 09:00-17:00;Tue 09:00-20:00)."),
        "bad_boolean": _tr("write yes or no."),
        "unknown_district": _tr("that is not a Kent or Medway district."),
        "duplicate_in_file": _tr("this appears twice in the file."),
        "duplicate_room": _tr("a room is named twice."),
        "already_exists": _tr("this already exists."),
        "bad_group": _tr("write kcc, school or other."),
        "bad_phase": _tr("write early years, primary, secondary or special."),
        "not_applicable": _tr("leave this empty for this kind of organisation."),
        "bad_service": _tr("write counselling, coaching or mediation, separated by |."),
        "duplicate_service": _tr("a service is named twice."),
        "bad_number": _tr("write a whole number."),
        "column_count": _tr("the row has the wrong number of columns."),
        "unknown_organisation": _tr("there is no organisation with that name."),
        "ends_before_start": _tr("the end is before the start."),
        "outside_venue_hours": _tr("the time is outside the venue's opening hours on that day."),
    }
    return reasons.get(reason, messages.problem_reason(field, reason))


def problem_message(field: str, reason: str) -> str:
    return _tr("{label}: {reason}").format(label=field_label(field),
                                            reason=problem_reason(field, reason))


def problems_message(problems: Sequence[InvalidInput]) -> str:
    # One sentence per distinct problem: five bad availability rows say it once.
    seen: list[tuple[str, str]] = []
    for problem in problems:
        if (problem.field, problem.reason) not in seen:
            seen.append((problem.field, problem.reason))
    return " ".join(problem_message(field, reason) for field, reason in seen)


def row_problem_reason(problem: RowProblem) -> str:
    text = problem_reason(problem.field, problem.reason)
    if problem.suggestions:
        # One name a line: registered names contain commas.
        text += "\n" + _tr("Registered names like it:") + "".join(
            "\n    " + name for name in problem.suggestions)
    return text
