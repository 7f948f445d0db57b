"""Translated names for core identifiers: roles, rotation stages, settings, workspaces.

Printed documents word the same codes in ``supportline/documents/labels.py`` (paper is British
English and the core cannot use Qt). These functions cannot simply look their words up there:
lupdate finds a string to translate only as a literal inside ``_tr(...)``. So each keeps its own
literals, and ``tests/ui/test_subject_access_ui.py`` fails if the two vocabularies differ.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QCoreApplication

from supportline.roles import Role

_CONTEXT = "labels"


def _tr(text: str) -> str:
    return QCoreApplication.translate(_CONTEXT, text)


def role_label(role: Role) -> str:
    names = {
        Role.CALL_HANDLER: _tr("Call handler"),
        Role.COUNSELLOR: _tr("Counsellor"),
        Role.SERVICE_MANAGER: _tr("Service manager"),
        Role.ADMINISTRATOR: _tr("Administrator"),
    }
    return names[role]


ROLE_ORDER = (Role.CALL_HANDLER, Role.COUNSELLOR, Role.SERVICE_MANAGER, Role.ADMINISTRATOR)


def roles_label(roles: Iterable[Role]) -> str:
    held = set(roles)
    return ", ".join(role_label(role) for role in ROLE_ORDER if role in held)


def stage_label(stage: str) -> str:
    stages = {
        "prepare": _tr("Preparing new keys…"),
        "case": _tr("Re-encrypting the case store…"),
        "stats": _tr("Re-encrypting the statistics store…"),
        "finish": _tr("Finishing…"),
    }
    return stages.get(stage, _tr("Working…"))


def setting_label(key: str) -> str:
    labels = {
        "idle_lock_minutes": _tr("Lock after idle (minutes)"),
        "line_opens": _tr("Line opens at"),
        "line_closes": _tr("Line closes at"),
        "allowance_year": _tr("Allowance year"),
        "counselling_limit": _tr("Counselling sessions allowed"),
        "coaching_limit": _tr("Coaching sessions allowed"),
        "mediation_limit": _tr("Mediation sessions allowed"),
        "dna_counts": _tr("Did-not-attend counts as a session"),
        "late_cancel_hours": _tr("Late cancellation (hours before)"),
        "travel_gap_minutes": _tr("Travel gap between venues (minutes)"),
        "diary_full_names": _tr("Show full client names in diaries"),
        "disclosure_threshold": _tr("Statistics disclosure threshold"),
    }
    return labels.get(key, key)


def choice_label(key: str, choice: str) -> str:
    choices = {
        ("allowance_year", "financial"): _tr("Financial year (April to March)"),
        ("allowance_year", "rolling"): _tr("Rolling 12 months"),
    }
    return choices.get((key, choice), choice)


# -- intake, clients, cases ----------------------------------------------------------------------


def direction_label(code: str) -> str:
    names = {"in": _tr("Incoming"), "out": _tr("Outgoing (call-back)")}
    return names.get(code, code)


def channel_label(code: str) -> str:
    names = {
        "phone": _tr("Phone"),
        "voicemail": _tr("Voicemail"),
        "email": _tr("E-mail"),
        "letter": _tr("Letter"),
    }
    return names.get(code, code)


def purpose_label(code: str) -> str:
    names = {
        "new_referral": _tr("New referral"),
        "rebooking": _tr("Rebooking"),
        "cancellation": _tr("Cancellation"),
        "enquiry": _tr("Enquiry"),
        "complaint": _tr("Complaint"),
        "other": _tr("Other"),
    }
    return names.get(code, code)


def outcome_label(code: str) -> str:
    names = {
        "counselling": _tr("Counselling"),
        "coaching": _tr("Coaching"),
        "mediation": _tr("Mediation"),
        "signposted": _tr("Signposted elsewhere"),
        "no_further_action": _tr("No further action"),
    }
    return names.get(code, code)


def service_label(code: str) -> str:
    names = {
        "counselling": _tr("Counselling"),
        "coaching": _tr("Coaching"),
        "mediation": _tr("Mediation"),
    }
    return names.get(code, code)


def route_label(code: str) -> str:
    names = {
        "self": _tr("Self-referral"),
        "manager": _tr("Manager referral"),
        "occupational_health": _tr("Occupational health"),
        "hr": _tr("HR"),
        "other": _tr("Other"),
    }
    return names.get(code, code)


def urgency_label(code: str) -> str:
    names = {"urgent": _tr("Urgent"), "soon": _tr("Soon"), "routine": _tr("Routine")}
    return names.get(code, code)


def case_stage_label(stage: str) -> str:
    """A case's stage (``supportline.services.cases.case_stage``), the same on every screen."""
    names = {
        "waiting_assessment": _tr("Waiting for assessment"),
        "assessment_booked": _tr("Assessment booked"),
        "awaiting_counsellor": _tr("Waiting for a counsellor"),
        "sessions_to_book": _tr("Assessed, sessions to book"),
        "in_sessions": _tr("In sessions"),
        "closed": _tr("Closed"),
    }
    return names.get(stage, stage)


def gender_label(code: str) -> str:
    names = {
        "female": _tr("Female"),
        "male": _tr("Male"),
        "non_binary": _tr("Non-binary"),
        "other": _tr("Other"),
        "not_stated": _tr("Not stated"),
        "": _tr("No preference"),
    }
    return names.get(code, code)


def safe_phone_label(code: str) -> str:
    names = {
        "phone": _tr("Main phone number"),
        "alt": _tr("Other phone number"),
        "none": _tr("Do not phone"),
    }
    return names.get(code, code)


def venue_preference_label(code: str) -> str:
    names = {"home": _tr("Near home"), "work": _tr("Near work")}
    return names.get(code, code)


def risk_level_label(code: str) -> str:
    names = {
        "none": _tr("None recorded"),
        "low": _tr("Low"),
        "medium": _tr("Medium"),
        "high": _tr("High"),
        "immediate": _tr("Immediate"),
    }
    return names.get(code, code)


def eligibility_status_label(code: str) -> str:
    names = {
        "eligible": _tr("Eligible"),
        "not_eligible": _tr("Not eligible"),
        "expired": _tr("Agreement expired"),
    }
    return names.get(code, code)


def eligibility_reason_label(code: str) -> str:
    names = {
        "no_organisation": _tr("no employer organisation is recorded"),
        "organisation_inactive": _tr("the organisation is no longer a client of the service"),
        "no_agreement": _tr("the organisation has no service agreement"),
        "service_not_covered": _tr("the agreement does not cover this service"),
        "not_started": _tr("the agreement has not started yet"),
        "expired": _tr("the agreement has ended"),
        "purchased_sessions_used": _tr("all purchased sessions have been used"),
    }
    return names.get(code, code)


def received_channel_choices() -> tuple[str, ...]:
    return ("voicemail", "email", "letter")


# -- booking and diaries -------------------------------------------------------------------------


def appointment_kind_label(code: str) -> str:
    names = {"assessment": _tr("Assessment"), "session": _tr("Session")}
    return names.get(code, code)


def appointment_status_label(code: str) -> str:
    names = {
        "booked": _tr("Booked"),
        "attended": _tr("Attended"),
        "dna": _tr("Did not attend"),
        "cancelled_client": _tr("Cancelled by client"),
        "cancelled_client_late": _tr("Cancelled late by client"),
        "cancelled_service": _tr("Cancelled by service"),
    }
    return names.get(code, code)


def booking_problem_label(code: str) -> str:
    """Why a time cannot be booked (NotBookable reasons and series-plan problems)."""
    names = {
        "in_the_past": _tr("that time has already passed"),
        "bank_holiday": _tr("bank holiday"),
        "venue_inactive": _tr("the venue is no longer in use"),
        "venue_closed": _tr("the venue is closed that day"),
        "outside_venue_hours": _tr("the venue is not open then"),
        "room_unavailable": _tr("the room is not available"),
        "counsellor_inactive": _tr("the counsellor no longer works for the service"),
        "counsellor_on_leave": _tr("the counsellor is on leave"),
        "outside_counsellor_availability": _tr("the counsellor does not work then"),
        "counsellor_week_full": _tr("the counsellor's week is full"),
        "room_clash": _tr("the room is already booked"),
        "counsellor_clash": _tr("the counsellor is already booked"),
        "client_clash": _tr("the client already has an appointment then"),
        "not_booked": _tr("the appointment is no longer booked"),
        "not_yet_happened": _tr("the appointment has not happened yet"),
        "attendance_status": _tr("choose attended or did not attend"),
        "cancelled_by": _tr("say who cancelled"),
        "over_allowance": _tr("past the client's allowance for that year"),
        "purchased_sessions_used": _tr("past the sessions the organisation purchased"),
    }
    if code in names:
        return names[code]
    # A planned week the client's organisation does not cover: the eligibility reason.
    reason = eligibility_reason_label(code)
    return reason if reason != code else _tr("it cannot be booked")


def access_need_label(code: str) -> str:
    names = {
        "step_free": _tr("step-free access"),
        "hearing_loop": _tr("a hearing loop"),
        "parking": _tr("parking"),
    }
    return names.get(code, code)


def origin_label(code: str) -> str:
    names = {"home": _tr("home"), "work": _tr("work")}
    return names.get(code, code)


def diary_kind_label(code: str) -> str:
    names = {"counsellor": _tr("Counsellor"), "venue": _tr("Venue"), "room": _tr("Room")}
    return names.get(code, code)


def letter_kind_label(code: str) -> str:
    names = {
        "confirmation": _tr("Appointment confirmation"),
        "series": _tr("Series of sessions"),
        "rescheduling": _tr("Rescheduled appointment"),
        "cancellation": _tr("Cancellation"),
    }
    return names.get(code, code)


def follow_up_reason_label(code: str) -> str:
    names = {"dna": _tr("Did not attend")}
    return names.get(code, code)


def weekday_short_label(weekday: int) -> str:
    names = (_tr("Mon"), _tr("Tue"), _tr("Wed"), _tr("Thu"), _tr("Fri"), _tr("Sat"), _tr("Sun"))
    return names[weekday]


def weekday_label(weekday: int) -> str:
    names = (_tr("Monday"), _tr("Tuesday"), _tr("Wednesday"), _tr("Thursday"), _tr("Friday"),
             _tr("Saturday"), _tr("Sunday"))
    return names[weekday]
