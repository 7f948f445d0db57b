"""Keying in returned paper evaluation forms.

Whoever opens the post at Park House types a form in. A call handler (case key only) seals it to
the statistics public key through the outbox: they can add responses but never read them back.
A service manager (statistics keys) writes it straight into stats.db. Either way the pair code is
checked for typing mistakes (its check symbol) and, on the statistics side, a second form with
the same code and type is refused.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .. import outbox
from ..audit import AuditAction
from ..errors import SupportLineError
from ..roles import KeyName, Op
from ..services.cases import quarter_of
from ..services.clinical import valid_pair_code
from ..session import Session
from ..validation import InvalidInput
from .evaluation_questions import question_codes
from .store import MAX_COMMENT as MAX_COMMENT  # the entry view's limit too
from .store import RecordRejected, ingest, stored_comment


class InvalidForm(SupportLineError):
    code = "invalid_form"

    def __init__(self, problems: list[InvalidInput]) -> None:
        super().__init__(", ".join(f"{p.field}:{p.reason}" for p in problems))
        self.problems = tuple(problems)


class DuplicateForm(SupportLineError):
    code = "duplicate_form"


@dataclass(frozen=True)
class FormEntry:
    form: str  # first | last
    pair_code: str
    answers: Mapping[str, int | None]
    comment: str = ""


def validate(entry: FormEntry) -> dict[str, object]:
    problems: list[InvalidInput] = []
    if entry.form not in ("first", "last"):
        problems.append(InvalidInput("form", "not_a_choice"))
    if not valid_pair_code(entry.pair_code):
        problems.append(InvalidInput("pair_code", "pair_code_format"))
    known = question_codes(entry.form) if entry.form in ("first", "last") else set()
    answers: dict[str, int] = {}
    for question, value in entry.answers.items():
        if question not in known:
            problems.append(InvalidInput(question, "unknown_question"))
        elif value is None:
            continue  # left blank on the paper
        elif not (type(value) is int and 1 <= value <= 5):  # True is an int, not an answer
            problems.append(InvalidInput(question, "out_of_range"))
        else:
            answers[question] = value
    if not answers and not entry.comment.strip():
        problems.append(InvalidInput("answers", "empty_form"))
    if problems:
        raise InvalidForm(problems)
    return {
        "form": entry.form,
        "pair_code": entry.pair_code.replace(" ", "").upper(),
        "answers": answers,
        "comment": stored_comment(entry.comment),
    }


class EvaluationEntryService:
    def __init__(self, session: Session) -> None:
        self._session = session

    def enter(self, entry: FormEntry) -> str:
        """Returns "sealed" (through the outbox) or "stored" (straight into stats.db)."""
        self._session.require(Op.EVALUATION_ENTRY)
        payload = validate(entry)
        quarter = quarter_of(self._session.clock())
        if self._session.holds(KeyName.STATS) and self._session.stats_engine is not None:
            key = self._session.key(KeyName.STATS, self._session.stats_generation)
            try:
                with self._session.stats_tx() as conn:
                    ingest(conn, "evaluation", quarter, payload, key)
                    self._session.audit_stats(conn, "evaluation.entered", "form", entry.form)
            except RecordRejected as exc:
                if exc.reason == "duplicate_form":
                    raise DuplicateForm() from exc
                raise
            return "stored"
        with self._session.case_tx() as conn:
            outbox.seal_record_in(conn, self._session, "evaluation", quarter, payload)
            self._session.audit_case(conn, AuditAction.IMPORTED, "evaluation_form", entry.form)
        return "sealed"
