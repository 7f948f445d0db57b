"""The words documents print for the core's codes: one vocabulary for every PDF.

Documents are paper in British English, so, like the letters' own wording, their labels live
here in the core's documents package rather than behind Qt's translation. Labels that come with
reference data stay with it: presenting issues (``resources/reference``), signposting
destinations (``resources/intake``), and each outcome measure's name, items, answers and bands
(``resources/measures``).

The desktop app words the same codes in ``ui/labels.py`` and ``ui/clinical_messages.py``. It
cannot call this module for them: every string it shows must be a literal inside a Qt
translation call for lupdate to find it (``packaging/update_translations.py``), and these are
not. So the two keep the same words by test instead (``tests/ui/test_subject_access_ui.py``).
"""

from __future__ import annotations

from collections.abc import Mapping

VOCABULARIES: Mapping[str, Mapping[str, str]] = {
    # -- the person -------------------------------------------------------------------------------
    "gender": {
        "female": "Female",
        "male": "Male",
        "non_binary": "Non-binary",
        "other": "Other",
        "not_stated": "Not stated",
    },
    "counsellor_gender": {"": "No preference", "female": "Female", "male": "Male"},
    "safe_phone": {
        "phone": "Main phone number",
        "alt": "Other phone number",
        "none": "Do not phone",
    },
    "venue_preference": {"home": "Near home", "work": "Near work"},
    "risk_level": {
        "none": "None recorded",
        "low": "Low",
        "medium": "Medium",
        "high": "High",
        "immediate": "Immediate",
    },
    "risk_kind": {"raised": "Risk raised", "reviewed": "Reviewed and lowered"},
    # -- contacts ---------------------------------------------------------------------------------
    "direction": {"in": "Incoming", "out": "Outgoing (call-back)"},
    "channel": {"phone": "Phone", "voicemail": "Voicemail", "email": "E-mail", "letter": "Letter"},
    "purpose": {
        "new_referral": "New referral",
        "rebooking": "Rebooking",
        "cancellation": "Cancellation",
        "enquiry": "Enquiry",
        "complaint": "Complaint",
        "other": "Other",
    },
    "contact_outcome": {
        "counselling": "Counselling",
        "coaching": "Coaching",
        "mediation": "Mediation",
        "signposted": "Signposted elsewhere",
        "no_further_action": "No further action",
    },
    "eligibility": {
        "eligible": "Eligible",
        "not_eligible": "Not eligible",
        "expired": "Agreement expired",
    },
    "callback_state": {
        "none": "",
        "pending": "Waiting for a call-back",
        "done": "Called back",
    },
    # -- cases ------------------------------------------------------------------------------------
    "service": {"counselling": "Counselling", "coaching": "Coaching", "mediation": "Mediation"},
    "route": {
        "self": "Self-referral",
        "manager": "Manager referral",
        "occupational_health": "Occupational health",
        "hr": "HR",
        "other": "Other",
    },
    "urgency": {"urgent": "Urgent", "soon": "Soon", "routine": "Routine"},
    "urgency_cause": {
        "opened": "Set when the case was opened",
        "risk": "Raised because of the risk level",
        "changed": "Changed by staff",
    },
    # A case's status as recorded in its history: "active" is a case past its assessment.
    "case_status": {
        "waiting": "Waiting for assessment",
        "assessment_booked": "Assessment booked",
        "active": "Assessed",
        "closed": "Closed",
    },
    # Where a case stands now (supportline.services.cases.case_stage), as every screen says it.
    "case_stage": {
        "waiting_assessment": "Waiting for assessment",
        "assessment_booked": "Assessment booked",
        "awaiting_counsellor": "Waiting for a counsellor",
        "sessions_to_book": "Assessed, sessions to book",
        "in_sessions": "In sessions",
        "closed": "Closed",
    },
    # -- appointments -----------------------------------------------------------------------------
    "appointment_kind": {"assessment": "Assessment", "session": "Session"},
    "appointment_status": {
        "booked": "Booked",
        "attended": "Attended",
        "dna": "Did not attend",
        "cancelled_client": "Cancelled by client",
        "cancelled_client_late": "Cancelled late by client",
        "cancelled_service": "Cancelled by service",
    },
    "appointment_event": {
        "booked": "Booked",
        "moved": "Moved",
        "attended": "Attendance recorded",
        "dna": "Recorded as did not attend",
        "cancelled_client": "Cancelled by client",
        "cancelled_client_late": "Cancelled late by client",
        "cancelled_service": "Cancelled by service",
    },
    "session_parties": {"joint": "Joint session", "separate": "Separate session"},
    "follow_up_reason": {"dna": "Did not attend"},
    # -- the clinical record ----------------------------------------------------------------------
    "note_kind": {"note": "Session note", "amendment": "Amendment"},
    "plan": {
        "counselling": "Counselling",
        "coaching": "Coaching",
        "mediation": "Mediation",
        "referral": "Refer elsewhere",
    },
    "risk_question": {
        "self_harm_thoughts": "Thoughts of self-harm or suicide",
        "plans": "Plans or intent to act on them",
        "harm_to_others": "Risk of harm to others",
        "safeguarding_children": "Safeguarding concern: children",
        "safeguarding_adults": "Safeguarding concern: adults at risk",
    },
    "ending": {
        "planned": "Planned ending",
        "ended_early": "Ended early",
        "lost_contact": "Lost contact",
        "referred_on": "Referred on",
    },
    "outcome": {
        "not_finished_course": "Not a finished course (fewer than two sessions attended)",
        "not_measured": "Not measured (no first and last PHQ-9 and GAD-7)",
        "reliable_recovery": "Reliable recovery",
        "recovery": "Recovery",
        "reliable_improvement": "Reliable improvement",
        "reliable_deterioration": "Reliable deterioration",
        "no_reliable_change": "No reliable change",
    },
    "evaluation_form": {"first": "First evaluation form", "last": "Last evaluation form"},
    # -- who produced a document ------------------------------------------------------------------
    "producer_role": {"administrator": "Administrator", "clinical_lead": "Clinical lead"},
}


def label(vocabulary: str, code: str | None) -> str:
    """The printed words for ``code``. A code this vocabulary does not know (written by a newer
    version) is still printed as words, never as an identifier with underscores."""
    value = code or ""
    words = VOCABULARIES[vocabulary]
    if value in words:
        return words[value]
    return value.replace("_", " ").strip().capitalize()


def yes_no(value: bool) -> str:
    return "Yes" if value else "No"


def number(value: float | int | None) -> str:
    """A score as people write it: ``13``, not ``13.0``; a prorated one with its decimals."""
    if value is None:
        return ""
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.2f}".rstrip("0").rstrip(".")
