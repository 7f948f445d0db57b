"""Words for the counsellor's workspace: clinical labels and the clinical errors.

Follows ``ui/messages.py``: the core raises typed errors with codes and no user-visible text;
this module words them. Anything not known here falls through to
:func:`ui.messages.booking_error_message` (attendance) and :func:`ui.messages.error_message`.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication

from supportline.errors import EditConflict, PermissionDenied
from supportline.measures import MeasureError
from supportline.services.clinical import ClinicalError, InvalidClinical
from supportline.validation import InvalidInput

from . import messages

_CONTEXT = "clinical_messages"


def _tr(text: str) -> str:
    return QCoreApplication.translate(_CONTEXT, text)


# -- labels ---------------------------------------------------------------------------------------
# The same words as supportline/documents/labels.py, kept as literals for lupdate
# (see ui/labels.py).


def plan_label(code: str) -> str:
    names = {
        "counselling": _tr("Counselling"),
        "coaching": _tr("Coaching"),
        "mediation": _tr("Mediation"),
        "referral": _tr("Refer elsewhere"),
    }
    return names.get(code, code)


def ending_label(code: str) -> str:
    names = {
        "planned": _tr("Planned ending"),
        "ended_early": _tr("Ended early"),
        "lost_contact": _tr("Lost contact"),
        "referred_on": _tr("Referred on"),
    }
    return names.get(code, code)


def outcome_label(code: str) -> str:
    names = {
        "not_finished_course": _tr("Not a finished course (fewer than two sessions attended)"),
        "not_measured": _tr("Not measured (no first and last PHQ-9 and GAD-7)"),
        "reliable_recovery": _tr("Reliable recovery"),
        "recovery": _tr("Recovery"),
        "reliable_improvement": _tr("Reliable improvement"),
        "reliable_deterioration": _tr("Reliable deterioration"),
        "no_reliable_change": _tr("No reliable change"),
    }
    return names.get(code, code)


def risk_question_label(code: str) -> str:
    names = {
        "self_harm_thoughts": _tr("Thoughts of self-harm or suicide"),
        "plans": _tr("Plans or intent to act on them"),
        "harm_to_others": _tr("Risk of harm to others"),
        "safeguarding_children": _tr("Safeguarding concern: children"),
        "safeguarding_adults": _tr("Safeguarding concern: adults at risk"),
    }
    return names.get(code, code)


def form_label(code: str) -> str:
    names = {"first": _tr("First evaluation form"), "last": _tr("Last evaluation form")}
    return names.get(code, code)


def field_label(name: str) -> str:
    labels = {
        "presenting_issues": _tr("Presenting issues"),
        "risk_level": _tr("Risk level"),
        "action_taken": _tr("Action taken"),
        "consent_recorded": _tr("Consent"),
        "confidentiality_agreed": _tr("Confidentiality"),
        "plan": _tr("Plan"),
        "plan_sessions": _tr("Planned sessions"),
        "referral_to": _tr("Referral to"),
        "note": _tr("Session note"),
        "amendment": _tr("Amendment"),
        "ending": _tr("Ending"),
        "summary": _tr("Summary"),
        "form": _tr("Evaluation form"),
        "parties": _tr("Parties"),
        "taken_on": _tr("Taken on"),
        "narrative": _tr("Narrative"),
        "risk": _tr("Risk"),
        "goals": _tr("Goals"),
        "appointment_id": _tr("Session"),
    }
    return labels.get(name, name)


def problem_reason(field: str, reason: str) -> str:
    if field == "presenting_issues":
        return _tr("tick at least one presenting issue.")
    if field == "action_taken" and reason == "required_for_risk":
        return _tr("high or immediate risk needs the action taken.")
    if field == "consent_recorded":
        return _tr("record the client's consent before saving.")
    if field == "confidentiality_agreed":
        return _tr("confirm confidentiality and its limits were agreed.")
    if field == "plan_sessions":
        return _tr("counselling needs 1 to 20 planned sessions.")
    if field == "taken_on" and reason == "in_future":
        return _tr("the day a measure was taken cannot be in the future.")
    if field == "taken_on" and reason == "before_case_opened":
        return _tr("the day a measure was taken cannot be before the case opened.")
    reasons = {
        "required": _tr("this is required."),
        "not_a_choice": _tr("choose one of the listed options."),
    }
    return reasons.get(reason, _tr("this is not valid."))


def problems_message(problems: Sequence[InvalidInput]) -> str:
    return " ".join(
        _tr("{label}: {reason}").format(label=field_label(p.field),
                                        reason=problem_reason(p.field, p.reason))
        for p in problems
    )


# -- errors ---------------------------------------------------------------------------------------


def clinical_reason(reason: str) -> str:
    reasons = {
        "note_locked": _tr("The note locked 24 hours after the session: add an amendment "
                           "instead."),
        "pair_code_destroyed": _tr("The last evaluation form has been printed and its pair code "
                                   "destroyed: no more forms can be printed for this case."),
        "case_closed": _tr("This case is closed."),
        "already_closed": _tr("This case has already been closed."),
        "unknown_measure": _tr("That measure is not installed."),
        "no_appointment": _tr("That appointment no longer exists."),
        "no_client": _tr("That client record no longer exists."),
        "not_mediation": _tr("Only mediation cases have parties."),
    }
    return reasons.get(reason, _tr("That cannot be done for this case."))


def error_message(exc: BaseException) -> str:
    """One sentence for a failed clinical call; what was typed stays on screen."""
    if isinstance(exc, InvalidClinical):
        return problems_message(exc.problems)
    if isinstance(exc, EditConflict):
        return messages.edit_conflict_message(exc, field_label)
    if isinstance(exc, ClinicalError):
        return clinical_reason(exc.reason)
    if isinstance(exc, MeasureError):
        return _tr("Those answers do not fit the measure; nothing was recorded.")
    if isinstance(exc, PermissionDenied):
        if exc.operation.startswith("notes."):
            return _tr("Only the allocated counsellor or a clinical lead can see this case's "
                       "clinical record.")
        if exc.operation.startswith("subject_access"):
            return _tr("Only a clinical lead or an administrator can print a subject access "
                       "record.")
    return messages.booking_error_message(exc)


def saved_parts_message(parts: Sequence[str]) -> str:
    names = {
        "attendance": _tr("attendance"),
        "note": _tr("note"),
        "measure": _tr("measure"),
    }
    if not parts:
        return _tr("Nothing to save: mark attendance, write a note or enter a measure.")
    return _tr("Saved: {parts}.").format(parts=", ".join(names.get(p, p) for p in parts))


def measure_order(measure_id: str) -> tuple[int, str]:
    """PHQ-9, then GAD-7 (the pair outcomes are measured on), then the rest by name."""
    first = ("PHQ-9", "GAD-7")
    return (first.index(measure_id) if measure_id in first else len(first), measure_id)
