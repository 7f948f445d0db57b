"""Words for the statistics workspace and the evaluation-form entry page.

The core's statistics tables are keyed by codes (table codes, category codes, periods); this
module names them for people. Errors are worded here first and anything else falls through to
:func:`ui.messages.error_message`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import QCoreApplication, QLocale

from supportline.errors import (
    PeriodNotEnded,
    PeriodNotReleasable,
    PeriodNotUpToDate,
    PeriodStillOpen,
    PermissionDenied,
    SupportLineError,
)
from supportline.statistics.catalogue import (
    OTHER_ORGANISATIONS,
    QUARTER,
    InvalidPeriod,
    UnknownTable,
)
from supportline.statistics.disclosure import TOTAL, DisclosureError
from supportline.statistics.evaluation import DuplicateForm, InvalidForm
from supportline.statistics.evaluation_questions import question_texts
from supportline.statistics.reports import UnknownOrganisation
from supportline.validation import InvalidInput

from . import messages

_CONTEXT = "stats_messages"

UK = QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom)


def _tr(text: str) -> str:
    return QCoreApplication.translate(_CONTEXT, text)


def day_text(day: date) -> str:
    return f"{day:%d/%m/%Y}"


def count_text(value: int) -> str:
    """A count the UK way: 1,234."""
    return UK.toString(int(value))


def percent_text(value: float) -> str:
    return UK.toString(float(value), "f", 1) + "%"


# -- tables ---------------------------------------------------------------------------------------


def table_title(code: str, fallback: str = "") -> str:
    titles = {
        "referrals_by_org_group": _tr("Referrals by organisation group and service"),
        "referrals_by_role_family": _tr("Referrals by role family and service"),
        "referrals_by_age_gender": _tr("Referrals by age band and gender"),
        "referrals_by_district": _tr("Referrals by district and service"),
        "referrals_by_route": _tr("Referrals by referral route"),
        "sessions_by_status": _tr("Sessions offered by service and what happened"),
        "waiting_time": _tr("Waiting time to the first session, by service (closed cases)"),
        "presenting_issues": _tr("Presenting issues at referral (a referral may have several)"),
        "endings": _tr("Endings by service (closed cases)"),
        "outcomes": _tr("Counselling outcomes (NHS Talking Therapies definitions)"),
        "evaluation_first": _tr("First-session evaluation: answers per question "
                                "(1 = strongly disagree, 5 = strongly agree)"),
        "evaluation_last": _tr("Last-session evaluation: answers per question "
                               "(1 = strongly disagree, 5 = strongly agree)"),
        "contacts_by_outcome": _tr("Contacts by outcome and channel"),
        "usage_by_organisation": _tr("Referrals by client organisation and service"),
        "sessions_by_organisation": _tr("Sessions by client organisation and what happened"),
    }
    return titles.get(code, fallback or code)


def table_note(code: str, fallback: str = "") -> str:
    notes = {
        "sessions_by_status": _tr("Sessions offered = the Total column."),
        "outcomes": _tr("Recovery rate = (recovery + reliable recovery) / cases that finished "
                        "a course at caseness."),
    }
    return notes.get(code, fallback)


def protection_note(threshold: int) -> str:
    return _tr(
        "How these figures are protected: counts under {threshold} are hidden and shown as *, "
        "and so is every figure of a row or column with fewer than {threshold} in all, zeros "
        "included. Every figure shown has been moved by up to 2 either way, by a fixed, secret "
        "rule (the same figure is always shown the same), so rows and columns may not add up "
        "to their totals exactly. Some larger figures are hidden as well, checked together with "
        "every other table and period, so that no hidden count can be narrowed down to less "
        "than a range {threshold} wide. No individual can be identified from these tables."
    ).format(threshold=threshold)


def hidden_tooltip() -> str:
    return _tr("Hidden to protect confidentiality")


def one_way_column_label() -> str:
    return _tr("Number")


def total_label() -> str:
    return _tr("Total")


def category_label(table_code: str, code: str) -> str:
    """A row or column of a statistics table, in words."""
    if code == TOTAL:
        return total_label()
    if table_code in ("evaluation_first", "evaluation_last"):
        form = "first" if table_code == "evaluation_first" else "last"
        texts = dict(question_texts(form))
        if code in texts:
            return texts[code]
    names = {
        # organisation groups
        "kcc_directorate": _tr("KCC directorate"),
        "school_early_years": _tr("School: early years"),
        "school_primary": _tr("School: primary"),
        "school_secondary": _tr("School: secondary"),
        "school_special": _tr("School: special"),
        "other_employer": _tr("Other employer"),
        # role families
        "senior_leadership": _tr("Senior leadership"),
        "teaching_professional": _tr("Teaching and professional"),
        "support_admin": _tr("Support and admin"),
        "frontline": _tr("Frontline"),
        # age bands and gender
        "<=24": _tr("24 and under"),
        "25-34": _tr("25 to 34"),
        "35-44": _tr("35 to 44"),
        "45-54": _tr("45 to 54"),
        "55+": _tr("55 and over"),
        "female": _tr("Female"),
        "male": _tr("Male"),
        "other_or_not_stated": _tr("Other or not stated"),
        "not_stated": _tr("Not stated"),
        "other": _tr("Other"),
        OTHER_ORGANISATIONS: _tr("Other organisations (each too few to show on its own)"),
        # services and routes
        "counselling": _tr("Counselling"),
        "coaching": _tr("Coaching"),
        "mediation": _tr("Mediation"),
        "self": _tr("Self-referral"),
        "manager": _tr("Manager referral"),
        "occupational_health": _tr("Occupational health"),
        "hr": _tr("HR"),
        "outside_kent": _tr("Outside Kent"),
        # sessions
        "attended": _tr("Attended"),
        "dna": _tr("Did not attend"),
        "cancelled_client": _tr("Cancelled by client"),
        "cancelled_client_late": _tr("Cancelled late by client"),
        "cancelled_service": _tr("Cancelled by the service"),
        # waiting time
        "<2w": _tr("Under 2 weeks"),
        "2-4w": _tr("2 to 4 weeks"),
        "4-8w": _tr("4 to 8 weeks"),
        "8w+": _tr("8 weeks or more"),
        "not_seen": _tr("Not seen"),
        # endings and outcomes
        "planned": _tr("Planned ending"),
        "ended_early": _tr("Ended early"),
        "lost_contact": _tr("Lost contact"),
        "referred_on": _tr("Referred on"),
        "reliable_recovery": _tr("Reliable recovery"),
        "recovery": _tr("Recovery"),
        "reliable_improvement": _tr("Reliable improvement"),
        "no_reliable_change": _tr("No reliable change"),
        "reliable_deterioration": _tr("Reliable deterioration"),
        "not_measured": _tr("Not measured"),
        "not_finished_course": _tr("Not a finished course"),
        # contacts
        "signposted": _tr("Signposted elsewhere"),
        "no_further_action": _tr("No further action"),
        "phone": _tr("Phone"),
        "voicemail": _tr("Voicemail"),
        "email": _tr("E-mail"),
        "letter": _tr("Letter"),
        # presenting issues
        "work": _tr("Work"),
        "mood": _tr("Mood"),
        "relationships": _tr("Relationships"),
        "bereavement": _tr("Bereavement"),
        "health": _tr("Health"),
        "trauma": _tr("Trauma"),
    }
    return names.get(code, code)


def category_tooltip(table_code: str, code: str) -> str:
    scale = {
        "1": _tr("1: strongly disagree"),
        "2": _tr("2: disagree"),
        "3": _tr("3: neither agree nor disagree"),
        "4": _tr("4: agree"),
        "5": _tr("5: strongly agree"),
    }
    if table_code in ("evaluation_first", "evaluation_last") and code in scale:
        return scale[code]
    return category_label(table_code, code)


# -- periods --------------------------------------------------------------------------------------

def month_name(month: int) -> str:
    names = (_tr("January"), _tr("February"), _tr("March"), _tr("April"), _tr("May"),
             _tr("June"), _tr("July"), _tr("August"), _tr("September"), _tr("October"),
             _tr("November"), _tr("December"))
    return names[month - 1]


def quarter_choice_label(quarter: int) -> str:
    first = (quarter - 1) * 3 + 1
    return _tr("Q{n}: {first} to {last}").format(
        n=quarter, first=month_name(first), last=month_name(first + 2))


def period_label(code: str) -> str:
    """``2026Q3`` → "July to September 2026"; ``FY2026`` → "April 2026 to March 2027"."""
    match = QUARTER.match(code)
    if match:
        year, quarter = int(match.group(1)), int(match.group(2))
        first = (quarter - 1) * 3 + 1
        return _tr("{first} to {last} {year}").format(
            first=month_name(first), last=month_name(first + 2), year=year)
    if code.startswith("FY") and code[2:].isdigit():
        year = int(code[2:])
        return _tr("April {year} to March {next}").format(year=year, next=year + 1)
    return code


def period_format_hint() -> str:
    return _tr("Use a quarter such as 2026Q3 or a financial year such as FY2026.")


# -- how fresh the figures are, and releases ------------------------------------------------------


def release_blocked(error: PeriodNotReleasable) -> str:
    """Why this period cannot be released yet, in one sentence."""
    if isinstance(error, PeriodNotEnded):
        return _tr("{period} has not ended yet: it can be released once it is over (it ends on "
                   "{day}). Releasing freezes the figures for good.").format(
            period=period_label(error.period), day=day_text(error.ends_on))
    if isinstance(error, PeriodNotUpToDate):
        return _tr("{period} has ended, but the figures have not been brought up to date since "
                   "then. That happens automatically while an administrator is signed in; "
                   "release it after that.").format(period=period_label(error.period))
    return _tr("This period cannot be released yet.")


def release_state_blocked(error: PeriodNotReleasable) -> str:
    """The short state beside the table's title."""
    if isinstance(error, PeriodNotEnded):
        return _tr("Open period: not releasable until it ends")
    return _tr("Not released: waiting for the figures to be brought up to date")


# -- open periods: figures on screen only ---------------------------------------------------------


def provisional_note(error: PeriodStillOpen) -> str:
    """The mark on figures of a period that has not ended."""
    return _tr("Provisional figures: {period} ({code}) has not ended (it ends on {day}). These "
               "figures will change; they can be looked at here but not exported, printed or "
               "released until the period has ended.").format(
        period=period_label(error.period), code=error.period, day=day_text(error.ends_on))


def still_open(error: PeriodStillOpen) -> str:
    """Why an export or a printed report of this period was refused."""
    return _tr("{period} ({code}) has not ended yet (it ends on {day}): its figures will change, "
               "so they can be exported or printed only once it is over.").format(
        period=period_label(error.period), code=error.period, day=day_text(error.ends_on))


def still_open_tooltip(error: PeriodStillOpen, output: str) -> str:
    """Why the button for ``output`` ("export", "quarterly" or "usage") is disabled."""
    sentences = {
        "export": _tr("{period} has not ended yet: its figures can be exported once it is over "
                      "(it ends on {day}). Until then they will change, so they are shown on "
                      "screen only."),
        "quarterly": _tr("{period} has not ended yet: its quarterly report can be printed once "
                         "it is over (it ends on {day}). Until then the figures will change, so "
                         "they are shown on screen only."),
        "usage": _tr("{period} has not ended yet: its usage reports can be printed once it is "
                     "over (it ends on {day}). Until then the figures will change, so they are "
                     "shown on screen only."),
    }
    return sentences[output].format(period=period_label(error.period),
                                    day=day_text(error.ends_on))


# -- reports --------------------------------------------------------------------------------------


def no_usage_report() -> str:
    return _tr("There is no usage report for that organisation in this period: it has no "
               "figures that can be shown on their own.")


def no_usage_reports(period: str) -> str:
    return _tr("No organisation has figures that can be shown on their own for {period}, so "
               "there is no usage report to make. Organisations with only a few referrals and "
               "sessions are counted together, as other organisations, in the service-wide "
               "tables.").format(period=period_label(period))


# -- evaluation forms -----------------------------------------------------------------------------


def form_type_label(form: str) -> str:
    names = {"first": _tr("First-session form"), "last": _tr("Last-session form")}
    return names.get(form, form)


def answer_label(value: int | None) -> str:
    names = {
        None: _tr("Left blank"),
        1: _tr("Strongly disagree"),
        2: _tr("Disagree"),
        3: _tr("Neither agree nor disagree"),
        4: _tr("Agree"),
        5: _tr("Strongly agree"),
    }
    return names.get(value, str(value))


def form_problem(problem: InvalidInput) -> str:
    if problem.field == "pair_code":
        return pair_code_problem()
    if problem.field == "answers" and problem.reason == "empty_form":
        return _tr("The form is blank: enter at least one answer or the comments.")
    if problem.field == "form":
        return _tr("Choose whether this is a first-session or a last-session form.")
    if problem.reason == "out_of_range":
        return _tr("Each answer is a number from 1 to 5.")
    if problem.reason == "unknown_question":
        return _tr("That question is not on this form.")
    return _tr("Part of the form is not valid.")


def pair_code_problem() -> str:
    return _tr("That pair code has a typing mistake: check each character against the form. "
               "Its last character is a check symbol, so one wrong or swapped character is "
               "caught.")


def form_problems(problems: Sequence[InvalidInput]) -> str:
    return " ".join(dict.fromkeys(form_problem(p) for p in problems))


def duplicate_form() -> str:
    return _tr("A form of this type with this code has already been entered.")


def form_recorded() -> str:
    return _tr("Form recorded.")


# -- errors ---------------------------------------------------------------------------------------


def error_message(exc: BaseException) -> str:
    """One sentence for a failed statistics or evaluation-entry call."""
    if isinstance(exc, InvalidPeriod):
        return period_format_hint()
    if isinstance(exc, UnknownTable):
        return _tr("That table is not in the catalogue.")
    if isinstance(exc, PeriodNotReleasable):
        return release_blocked(exc)
    if isinstance(exc, PeriodStillOpen):
        return still_open(exc)
    if isinstance(exc, UnknownOrganisation):
        return no_usage_report()
    if isinstance(exc, DuplicateForm):
        return duplicate_form()
    if isinstance(exc, InvalidForm):
        return form_problems(exc.problems)
    if isinstance(exc, DisclosureError):
        return _tr("The disclosure threshold is set below the minimum of 8; no figures can be "
                   "shown.")
    if isinstance(exc, PermissionDenied):
        if exc.operation == "stats.comments_read":
            return _tr("Only the service manager can read evaluation comments.")
        return messages.error_message(exc)
    if isinstance(exc, SupportLineError) and str(exc) == "released_output_changed":
        return _tr("The released figures for this period no longer match the data. Nothing "
                   "has been changed: tell an administrator.")
    return messages.error_message(exc)
