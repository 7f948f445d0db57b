"""Administration > Settings: typed editors from SPECS, save, and validation messages."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt, QTime
from PySide6.QtWidgets import QCheckBox, QComboBox, QSpinBox, QTimeEdit

from supportline.services.settings import SPECS, InvalidSetting
from tests.ui.conftest import run_on_db


@pytest.fixture
def view(qtbot: Any, runner: Any, admin_services: Any) -> Any:
    from ui.settings_view import SettingsView

    settings_view = SettingsView(admin_services, runner)
    qtbot.addWidget(settings_view)
    settings_view.show()
    qtbot.waitUntil(settings_view.save_button.isEnabled)
    return settings_view


def test_editors_are_typed_and_bounded_by_the_specs(view: Any) -> None:
    assert set(view.editors) == set(SPECS)
    threshold = view.editors["disclosure_threshold"]
    assert isinstance(threshold, QSpinBox)
    assert (threshold.minimum(), threshold.maximum()) == (8, 100)
    assert isinstance(view.editors["dna_counts"], QCheckBox)
    assert isinstance(view.editors["allowance_year"], QComboBox)
    assert isinstance(view.editors["line_opens"], QTimeEdit)
    assert view.value("idle_lock_minutes") == 5
    assert view.value("line_opens") == "08:30"
    for key, editor in view.editors.items():
        assert editor.accessibleName(), key
        assert editor.isEnabled()


def test_save_writes_the_changes(qtbot: Any, runner: Any, view: Any, admin_services: Any) -> None:
    view.editors["idle_lock_minutes"].setValue(12)
    combo = view.editors["allowance_year"]
    combo.setCurrentIndex(combo.findData("rolling"))
    view.editors["line_closes"].setTime(QTime(18, 15))
    view.editors["diary_full_names"].setChecked(True)
    assert set(view.changes()) == {
        "idle_lock_minutes",
        "allowance_year",
        "line_closes",
        "diary_full_names",
    }
    with qtbot.waitSignal(view.settings_saved, timeout=10_000) as blocker:
        qtbot.mouseClick(view.save_button, Qt.MouseButton.LeftButton)
    assert blocker.args == ["success"]
    assert view.banner.text() == "Settings saved."
    stored = run_on_db(qtbot, runner, admin_services.settings.all)
    assert stored["idle_lock_minutes"] == 12
    assert stored["allowance_year"] == "rolling"
    assert stored["line_closes"] == "18:15"
    assert stored["diary_full_names"] is True
    assert view.changes() == {}


def test_closing_before_opening_is_refused_and_nothing_is_saved(
    qtbot: Any, runner: Any, view: Any, admin_services: Any
) -> None:
    view.editors["idle_lock_minutes"].setValue(9)
    view.editors["line_closes"].setTime(QTime(7, 0))
    with qtbot.waitSignal(view.settings_saved) as blocker:
        qtbot.mouseClick(view.save_button, Qt.MouseButton.LeftButton)
    assert blocker.args == ["error"]
    assert view.banner.kind == "error"
    assert view.banner.text() == "Line closes at must be later than Line opens at."
    stored = run_on_db(qtbot, runner, admin_services.settings.all)
    assert stored["idle_lock_minutes"] == 5 and stored["line_closes"] == "17:00"


def test_a_value_the_core_rejects_is_explained(
    qtbot: Any, view: Any, admin_services: Any, monkeypatch: Any
) -> None:
    def refuse(changes: dict[str, Any], seen: dict[str, Any] | None = None) -> dict[str, Any]:
        raise InvalidSetting("disclosure_threshold", "out_of_range")

    monkeypatch.setattr(admin_services.settings, "update", refuse)
    view.editors["disclosure_threshold"].setValue(20)
    with qtbot.waitSignal(view.settings_saved, timeout=10_000) as blocker:
        qtbot.mouseClick(view.save_button, Qt.MouseButton.LeftButton)
    assert blocker.args == ["error"]
    assert view.banner.text() == (
        "Statistics disclosure threshold: the value is outside the allowed range."
    )
    assert view.save_button.isEnabled()


def test_revert_restores_the_stored_values(view: Any) -> None:
    view.editors["counselling_limit"].setValue(20)
    view.revert_button.click()
    assert view.value("counselling_limit") == 7
