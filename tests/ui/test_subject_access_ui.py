"""The subject access printout from the client record: administrators get the action, it makes
the document through the task runner and opens it in the preview (save or print from there);
other roles do not see it. And the documents' labels say what the screens say."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from sqlalchemy import select

from supportline.db import schema
from tests.ui.casework import Seeded, seed
from tests.ui.conftest import run_on_db


@pytest.fixture
def seeded(staffed_dir: Path) -> Seeded:
    return seed(staffed_dir)


def _detail(qtbot: Any, runner: Any, services: Any, client_id: int) -> Any:
    from ui.client_detail_view import ClientDetailView

    record = run_on_db(qtbot, runner, lambda: services.clients.open(client_id))
    view = ClientDetailView(services, runner, record)
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.extras_loaded, timeout=10_000):
        view.resize(1100, 760)
        view.show()
    qtbot.waitExposed(view)
    return view


def test_an_administrator_prints_it_from_the_client_record(
    qtbot: Any,
    runner: Any,
    staffed_dir: Path,
    seeded: Seeded,
    open_session: Any,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    from ui.letter_preview_dialog import LetterPreviewDialog
    from ui.services import Services

    services = Services.for_session(open_session(staffed_dir, "admin"))
    previews: list[tuple[str, str, bytes]] = []
    monkeypatch.setattr(
        LetterPreviewDialog,
        "preview",
        classmethod(
            lambda cls, parent, title, filename, pdf: previews.append((title, filename, pdf))
        ),
    )
    view = _detail(qtbot, runner, services, seeded.alice)
    button = view.subject_access_button
    assert button.isVisible() and button.isEnabled()
    assert button.text() == "Subject a&ccess printout…"
    with qtbot.waitSignal(view.subject_access_finished, timeout=20_000) as done:
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert done.args == ["success"]
    ((title, filename, pdf),) = previews
    assert title == "Subject access printout"
    assert filename == "subject-access-SL-000001.pdf"
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf)).pages)
    for words in (
        "Subject access printout",
        "Alice Smithson",
        "SL-000001",
        "Female",
        "Polish",
        "Waiting for assessment",
        "Ada Admin, Administrator",
    ):
        assert words in text, words

    def audited() -> list[tuple[str, str, str]]:
        a = schema.case_audit.c
        with services.session.case.connect() as conn:
            return [
                tuple(r)
                for r in conn.execute(
                    select(a.actor, a.record_type, a.record_id).where(
                        a.action == "subject_access.produced"
                    )
                )
            ]

    assert run_on_db(qtbot, runner, audited) == [("admin", "client", str(seeded.alice))]

    # The preview's own save writes the file atomically where the user chose.
    dialog = LetterPreviewDialog(title, filename, pdf)
    qtbot.addWidget(dialog)
    target = tmp_path / filename
    monkeypatch.setattr(
        LetterPreviewDialog, "save_path", classmethod(lambda cls, parent, suggested: target)
    )
    with qtbot.waitSignal(dialog.saved):
        dialog.save_button.click()
    assert target.read_bytes() == pdf


def test_a_handler_does_not_get_the_action(
    qtbot: Any, runner: Any, staffed_dir: Path, seeded: Seeded, open_session: Any
) -> None:
    from ui.services import Services

    services = Services.for_session(open_session(staffed_dir, "handler"))
    view = _detail(qtbot, runner, services, seeded.alice)
    assert not view.subject_access_button.isVisible()


def test_a_refusal_from_the_service_is_a_message(
    qtbot: Any, runner: Any, staffed_dir: Path, seeded: Seeded, open_session: Any
) -> None:
    """The button is hidden for a handler, but the core is the guard: pressed anyway, the
    refusal comes back as a sentence, and nothing is audited as produced."""
    from ui.services import Services

    services = Services.for_session(open_session(staffed_dir, "handler"))
    view = _detail(qtbot, runner, services, seeded.alice)
    view.subject_access_button.setVisible(True)
    with qtbot.waitSignal(view.subject_access_finished, timeout=10_000) as done:
        view.subject_access_button.click()
    assert done.args == ["error"]
    assert view.banner.text() == (
        "Only a clinical lead or an administrator can print a subject access record."
    )


def test_document_labels_say_what_the_screens_say() -> None:
    """``supportline/documents/labels.py`` cannot feed the screens (their strings must be
    literals for Qt's translation tools), so the two vocabularies are held together here."""
    from supportline.documents.labels import VOCABULARIES
    from ui import clinical_messages, labels

    pairs = {
        "direction": labels.direction_label,
        "channel": labels.channel_label,
        "purpose": labels.purpose_label,
        "contact_outcome": labels.outcome_label,
        "service": labels.service_label,
        "route": labels.route_label,
        "urgency": labels.urgency_label,
        "gender": labels.gender_label,
        "counsellor_gender": labels.gender_label,
        "safe_phone": labels.safe_phone_label,
        "venue_preference": labels.venue_preference_label,
        "risk_level": labels.risk_level_label,
        "eligibility": labels.eligibility_status_label,
        "appointment_kind": labels.appointment_kind_label,
        "appointment_status": labels.appointment_status_label,
        "follow_up_reason": labels.follow_up_reason_label,
        "plan": clinical_messages.plan_label,
        "ending": clinical_messages.ending_label,
        "outcome": clinical_messages.outcome_label,
        "risk_question": clinical_messages.risk_question_label,
        "evaluation_form": clinical_messages.form_label,
        "case_stage": labels.case_stage_label,
    }
    differ = [
        (vocabulary, code, words, screen(code))
        for vocabulary, screen in pairs.items()
        for code, words in VOCABULARIES[vocabulary].items()
        if screen(code) != words
    ]
    assert differ == []
