"""The evaluation questionnaire definition shared by the printed forms and the entry screen."""

from __future__ import annotations

from ..documents.evaluation_form import questions


def question_codes(form: str) -> set[str]:
    return {q["code"] for q in questions()["forms"][form]["questions"]}


def question_texts(form: str) -> list[tuple[str, str]]:
    return [(q["code"], q["text"]) for q in questions()["forms"][form]["questions"]]
