"""The Parties tab of a mediation case, by keyboard: add two parties with the find-as-you-type
search, mark a session joint then separate, and write one party's own note."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import select, update

from supportline.db import schema
from supportline.services.clients import ContactPrompt
from supportline.services.clinical import ClinicalService
from tests.ui.casework import press, tab_to, type_keys
from tests.ui.clinicalwork import (
    DEMO_PASSWORD,
    copy_demo,
    counsellor_services,
    grab,
    todays_session,
)
from tests.ui.conftest import run_on_db

NOTE_A = "Party A spoke about the rota dispute; wants a written agreement."


@pytest.fixture
def demo_dir(tmp_path_factory: pytest.TempPathFactory, tmp_path: Path) -> Path:
    return copy_demo(tmp_path_factory, tmp_path)


@pytest.fixture
def services(demo_dir: Path, open_session: Any, fake_clock: Any) -> Any:
    return counsellor_services(demo_dir, open_session, fake_clock)


def _make_mediation(
    qtbot: Any, runner: Any, demo_dir: Path, open_session: Any, services: Any
) -> tuple[Any, list[tuple[int, str]]]:
    """As the administrator, straight through SQLAlchemy: today's session's case (allocated to
    the demo counsellor) becomes a mediation case. Returns the session and two clients (id,
    reference): the case's own client and another."""
    session = run_on_db(qtbot, runner, lambda: todays_session(services))
    admin = open_session(demo_dir, "admin", DEMO_PASSWORD)
    c, cl = schema.cases.c, schema.clients.c

    def seed() -> list[tuple[int, str]]:
        with admin.case_tx() as conn:
            conn.execute(
                update(schema.cases).where(c.id == session.case_id).values(service="mediation")
            )
            own = conn.execute(select(cl.id, cl.reference).where(cl.id == session.client_id)).one()
            other = conn.execute(
                select(cl.id, cl.reference)
                .where(cl.id != session.client_id, cl.merged_into_id.is_(None))
                .order_by(cl.id)
                .limit(1)
            ).one()
        return [(own.id, own.reference), (other.id, other.reference)]

    return session, run_on_db(qtbot, runner, seed)


def _workspace(qtbot: Any, runner: Any, services: Any, case_id: int, appointment_id: int) -> Any:
    from ui.case_workspace_view import CaseWorkspaceView

    clinical = ClinicalService(services.session)
    case = next(
        item for item in run_on_db(qtbot, runner, clinical.caseload) if item.case_id == case_id
    )
    workspace = CaseWorkspaceView(services, clinical, runner, case)
    qtbot.addWidget(workspace)
    workspace.resize(1280, 800)
    workspace.show()
    qtbot.waitExposed(workspace)
    workspace.activateWindow()
    qtbot.waitUntil(workspace.isActiveWindow)
    assert workspace.parties is not None
    with qtbot.waitSignal(workspace.parties.parties_loaded, timeout=10_000):
        workspace.load(appointment_id)
    qtbot.waitUntil(lambda: workspace.data is not None and runner.pending == 0)
    return workspace


def _add_party_by_keyboard(qtbot: Any, panel: Any, reference: str, label: str) -> int:
    tab_to(qtbot, panel.add_party_button)
    with qtbot.waitSignal(panel.add_party_dialog_opened) as opened:
        press(qtbot, Qt.Key.Key_Space)
    dialog = opened.args[0]
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.search.search_edit)
    with qtbot.waitSignal(dialog.search.results_loaded, timeout=10_000):
        type_keys(qtbot, reference)
    assert dialog.search.proxy.rowCount() >= 1
    press(qtbot, Qt.Key.Key_Down)  # into the results, first row chosen
    assert dialog.search.current_client().reference == reference
    press(qtbot, Qt.Key.Key_Return)
    assert QApplication.focusWidget() is dialog.label_edit
    assert dialog.label_edit.selectedText() == label  # the suggested label, ready to type over
    # The new party's note editor is usable once its notes have loaded, not when it appears.
    with (
        qtbot.waitSignal(panel.party_added, timeout=10_000) as added,
        qtbot.waitSignal(panel.notes_loaded, timeout=10_000),
    ):
        press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not shiboken6.isValid(dialog))  # closed and deleted
    # Offscreen, nothing re-activates the window a dialog closed over; a window manager does.
    panel.window().activateWindow()
    qtbot.waitUntil(panel.window().isActiveWindow)
    assert QApplication.focusWidget() is panel.add_party_button  # ready to add the next
    return int(added.args[0])


def _session_parties(services: Any, appointment_id: int) -> set[int]:
    ap = schema.appointment_parties.c
    with services.session.case.connect() as conn:
        return set(
            conn.execute(select(ap.party_id).where(ap.appointment_id == appointment_id)).scalars()
        )


def test_parties_session_and_party_note_by_keyboard(
    qtbot: Any, runner: Any, services: Any, demo_dir: Path, open_session: Any, fake_clock: Any
) -> None:
    session, clients = _make_mediation(qtbot, runner, demo_dir, open_session, services)
    fake_clock.now = session.starts_at + timedelta(hours=1)
    workspace = _workspace(qtbot, runner, services, session.case_id, session.id)
    panel = workspace.parties
    assert workspace.tabs.tabText(workspace.tabs.count() - 1) == "Parties"

    press(qtbot, Qt.Key.Key_6, Qt.KeyboardModifier.AltModifier)
    assert workspace.tabs.currentWidget() is panel
    assert QApplication.focusWidget() is panel.parties_table
    assert panel.no_parties_label.isVisibleTo(panel)
    assert not panel.joint_button.isEnabled()  # nobody to have a session with yet

    party_a = _add_party_by_keyboard(qtbot, panel, clients[0][1], "Party A")
    typed_a = panel.note_widgets[party_a]
    typed_a.note_edit.setPlainText("typed, not yet saved")
    party_b = _add_party_by_keyboard(qtbot, panel, clients[1][1], "Party B")
    assert panel.note_widgets[party_a] is typed_a  # adding a party loses no typing
    assert typed_a.note_edit.toPlainText() == "typed, not yet saved"
    typed_a.note_edit.clear()
    clinical = ClinicalService(services.session)
    stored = run_on_db(qtbot, runner, lambda: clinical.parties(session.case_id))
    assert stored == [(party_a, clients[0][0], "Party A"), (party_b, clients[1][0], "Party B")]
    model = panel.party_model
    assert [model.display(p, model.COLUMN_LABEL) for p in model.rows()] == ["Party A", "Party B"]
    assert [p.reference for p in model.rows()] == [clients[0][1], clients[1][1]]
    prompts = [panel.party_model.contact_text(p.prompt) for p in model.rows()]
    assert [model.display(p, model.COLUMN_CONTACT) for p in model.rows()] == prompts
    assert all(text.startswith(("Phone ", "Do not phone")) for text in prompts)
    assert panel.selected_party().party_id == party_b
    assert set(panel.note_widgets) == {party_a, party_b}

    # The session chosen for the workspace is the one the tab works on.
    assert panel.selected_appointment().id == session.id
    tab_to(qtbot, panel.joint_button)
    with qtbot.waitSignal(panel.session_parties_saved, timeout=10_000) as saved:
        press(qtbot, Qt.Key.Key_Space)
    assert saved.args == [(party_a, party_b)]
    assert run_on_db(qtbot, runner, lambda: _session_parties(services, session.id)) == {
        party_a,
        party_b,
    }
    assert panel.joint_button.isChecked()
    assert panel.who_label.text() == "Recorded: joint session with Party A, Party B."

    tab_to(qtbot, panel.separate_buttons[party_a])
    assert panel.separate_buttons[party_a].text() == "Separate session with Party A"
    with qtbot.waitSignal(panel.session_parties_saved, timeout=10_000) as saved:
        press(qtbot, Qt.Key.Key_Space)
    assert saved.args == [(party_a,)]
    assert run_on_db(qtbot, runner, lambda: _session_parties(services, session.id)) == {party_a}
    assert panel.separate_buttons[party_a].isChecked() and not panel.joint_button.isChecked()

    note_a = panel.note_widgets[party_a]
    qtbot.waitUntil(lambda: note_a.isEnabled() and note_a.appointment is not None)
    tab_to(qtbot, note_a.note_edit)
    type_keys(qtbot, NOTE_A)
    with qtbot.waitSignal(note_a.saved, timeout=10_000):
        press(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    notes = run_on_db(qtbot, runner, lambda: clinical.notes(session.id))
    assert [(n.kind, n.text, n.party_id) for n in notes] == [("note", NOTE_A, party_a)]
    qtbot.waitUntil(lambda: runner.pending == 0)
    assert panel.note_widgets[party_b].note_edit.toPlainText() == ""  # B's note is B's own
    assert note_a.note_edit.toPlainText() == NOTE_A
    grab(workspace, "mediation_parties")


def test_a_locked_party_note_takes_amendments_for_that_party(
    qtbot: Any,
    runner: Any,
    services: Any,
    demo_dir: Path,
    open_session: Any,
    fake_clock: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from ui.amendment_dialog import AmendmentDialog

    session, clients = _make_mediation(qtbot, runner, demo_dir, open_session, services)
    clinical = ClinicalService(services.session)
    fake_clock.now = session.starts_at + timedelta(hours=1)

    def add_parties_and_note() -> list[int]:
        ids = [
            clinical.add_party(session.case_id, client_id, label)
            for (client_id, _), label in zip(clients, ("Party A", "Party B"), strict=True)
        ]
        clinical.write_note(session.id, NOTE_A, ids[0])
        return ids

    party_a, party_b = run_on_db(qtbot, runner, add_parties_and_note)
    fake_clock.now = session.starts_at + timedelta(hours=25)  # the notes have locked
    workspace = _workspace(qtbot, runner, services, session.case_id, session.id)
    workspace.show_tab(workspace.tabs.count() - 1)  # the Parties tab, where the button is
    panel = workspace.parties
    note_a, note_b = panel.note_widgets[party_a], panel.note_widgets[party_b]
    qtbot.waitUntil(lambda: note_a.appointment is not None and runner.pending == 0)
    assert note_a.note_edit.isReadOnly() and note_a.note_edit.toPlainText() == NOTE_A
    assert note_a.amend_button.isEnabled()
    assert note_b.note_edit.isReadOnly() and not note_b.amend_button.isEnabled()

    monkeypatch.setattr(
        AmendmentDialog, "ask", classmethod(lambda cls, parent, text: "Correction: Thursday.")
    )
    with qtbot.waitSignal(note_a.saved, timeout=10_000):
        note_a.amend_button.click()
    qtbot.waitUntil(lambda: note_a.amendments_list.count() == 1 and runner.pending == 0)
    notes = run_on_db(qtbot, runner, lambda: clinical.notes(session.id))
    assert [(n.kind, n.text, n.party_id) for n in notes] == [
        ("note", NOTE_A, party_a),
        ("amendment", "Correction: Thursday.", party_a),
    ]
    assert note_b.amendments_list.count() == 0


@pytest.fixture
def gate() -> Iterator[threading.Event]:
    """Opened at teardown whatever happens, so a held load never outlives its test."""
    event = threading.Event()
    event.set()
    yield event
    event.set()


def _hold_notes_loads(clinical: ClinicalService, gate: threading.Event) -> None:
    """Notes loads wait on the database thread until ``gate`` opens (a slow, busy store)."""
    notes = clinical.notes

    def held(appointment_id: int) -> Any:
        assert gate.wait(20)
        return notes(appointment_id)

    object.__setattr__(clinical, "notes", held)


def _two_parties(
    qtbot: Any, runner: Any, demo_dir: Path, open_session: Any, services: Any, fake_clock: Any
) -> tuple[Any, Any, list[int]]:
    session, clients = _make_mediation(qtbot, runner, demo_dir, open_session, services)
    clinical = ClinicalService(services.session)
    fake_clock.now = session.starts_at + timedelta(hours=1)
    ids = run_on_db(
        qtbot,
        runner,
        lambda: [
            clinical.add_party(session.case_id, client_id, label)
            for (client_id, _), label in zip(clients, ("Party A", "Party B"), strict=True)
        ],
    )
    workspace = _workspace(qtbot, runner, services, session.case_id, session.id)
    workspace.show_tab(workspace.tabs.count() - 1)
    note_a = workspace.parties.note_widgets[ids[0]]
    qtbot.waitUntil(lambda: note_a.appointment is not None and runner.pending == 0)
    return session, workspace, ids


def test_typing_while_another_session_loads_is_never_lost(
    qtbot: Any,
    runner: Any,
    services: Any,
    demo_dir: Path,
    open_session: Any,
    fake_clock: Any,
    gate: threading.Event,
) -> None:
    session, workspace, (party_a, _b) = _two_parties(
        qtbot, runner, demo_dir, open_session, services, fake_clock
    )
    panel = workspace.parties
    note_a = panel.note_widgets[party_a]
    other = next(a for a in panel.appointments if a.id != session.id)
    note_a.note_edit.setFocus()
    type_keys(qtbot, "Draft for today")

    _hold_notes_loads(workspace._clinical, gate)
    gate.clear()
    panel.select_appointment(other.id)  # the other session's notes are now on their way
    note_a.note_edit.setFocus()
    type_keys(qtbot, "typed during the load")
    assert note_a.note_edit.isReadOnly() and note_a.note_edit.toPlainText() == ""
    assert "Loading" in note_a.state_label.text()
    grab(workspace, "mediation_note_loading")
    with qtbot.waitSignal(panel.notes_loaded, timeout=10_000):
        gate.set()
    assert note_a.appointment.id == other.id
    assert note_a.note_edit.toPlainText() == ""
    assert not note_a.note_edit.isReadOnly() or note_a.locked

    with qtbot.waitSignal(panel.notes_loaded, timeout=10_000):
        panel.select_appointment(session.id)
    assert note_a.note_edit.toPlainText() == "Draft for today"  # kept, not saved, not lost
    assert "not saved yet" in note_a.message_label.text()


def test_a_note_saved_elsewhere_while_typing_keeps_the_typing_and_says_so(
    qtbot: Any, runner: Any, services: Any, demo_dir: Path, open_session: Any, fake_clock: Any
) -> None:
    session, workspace, (party_a, party_b) = _two_parties(
        qtbot, runner, demo_dir, open_session, services, fake_clock
    )
    panel = workspace.parties
    note_a = panel.note_widgets[party_a]
    note_a.note_edit.setFocus()
    type_keys(qtbot, "My version")
    # Another workstation (the same counsellor elsewhere) saves Party A's note meanwhile.
    clinical = ClinicalService(services.session)
    with qtbot.waitSignal(panel.notes_loaded, timeout=10_000):
        run_on_db(qtbot, runner, lambda: clinical.write_note(session.id, "Theirs", party_a))
    assert note_a.note_edit.toPlainText() == "My version"
    assert "while you were typing" in note_a.message_label.text()
    assert note_a.message_label.isVisibleTo(panel)
    grab(workspace, "mediation_note_saved_elsewhere")
    assert panel.note_widgets[party_b].note_edit.toPlainText() == ""

    with qtbot.waitSignal(note_a.saved, timeout=10_000):
        note_a.save_button.click()
    qtbot.waitUntil(lambda: runner.pending == 0)
    notes = run_on_db(qtbot, runner, lambda: clinical.notes(session.id))
    assert [(n.kind, n.text) for n in notes if n.party_id == party_a] == [("note", "My version")]
    assert note_a.note_edit.toPlainText() == "My version"
    assert note_a.message_label.text() == "Note saved."


def test_only_mediation_cases_have_a_parties_tab(qtbot: Any, runner: Any, services: Any) -> None:
    from ui.case_workspace_view import CaseWorkspaceView

    clinical = ClinicalService(services.session)
    case = next(
        item for item in run_on_db(qtbot, runner, clinical.caseload) if item.service != "mediation"
    )
    workspace = CaseWorkspaceView(services, clinical, runner, case)
    qtbot.addWidget(workspace)
    assert workspace.parties is None
    assert "Parties" not in [workspace.tabs.tabText(i) for i in range(workspace.tabs.count())]


def test_a_party_note_is_not_the_session_note(
    qtbot: Any, runner: Any, services: Any, demo_dir: Path, open_session: Any, fake_clock: Any
) -> None:
    session, clients = _make_mediation(qtbot, runner, demo_dir, open_session, services)
    clinical = ClinicalService(services.session)
    fake_clock.now = session.starts_at + timedelta(hours=1)

    def seed() -> None:
        party = clinical.add_party(session.case_id, clients[0][0], "Party A")
        clinical.write_note(session.id, NOTE_A, party)

    run_on_db(qtbot, runner, seed)
    workspace = _workspace(qtbot, runner, services, session.case_id, session.id)
    record = workspace.session_record
    qtbot.waitUntil(lambda: record.context is not None and not record.busy)
    assert record.note_edit.toPlainText() == ""


def test_the_party_model_passes_qtmodeltester(qtmodeltester: Any) -> None:
    from ui.party_table_model import Party, PartyTableModel

    model = PartyTableModel()
    model.set_rows(
        [
            Party(
                1,
                10,
                "Party A",
                "SL-000010",
                "Ann Able",
                ContactPrompt("07700 900001", True, False, None, False),
            ),
            Party(
                2,
                11,
                "Party B",
                "SL-000011",
                "Ben Baker",
                ContactPrompt(None, False, True, "ben@example.org", True),
            ),
        ]
    )
    qtmodeltester.check(model, force_py=True)
    assert model.display(model.rows()[0], model.COLUMN_CONTACT) == (
        "Phone 07700 900001, voicemail OK; no letters; no e-mail; not at work"
    )
    assert model.display(model.rows()[1], model.COLUMN_CONTACT) == (
        "Do not phone; letters OK; e-mail ben@example.org; may contact at work"
    )
