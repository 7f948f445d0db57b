"""Administration > Settings: one form generated from the core's SPECS, typed editors."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QTime, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from supportline.services.settings import SPECS, SettingSpec

from . import messages
from .banner_widget import BannerWidget
from .change_watch import ChangeWatch
from .labels import choice_label, setting_label
from .services import Services
from .task_runner import TaskRunner

TIME_KEYS = frozenset({"line_opens", "line_closes"})
TIME_FORMAT = "HH:mm"


class SettingsView(QWidget):
    settings_loaded = Signal()
    settings_saved = Signal(str)  # "success" when the store accepted the changes, else "error"

    def __init__(self, services: Services, runner: TaskRunner,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("settings_view")
        self._services = services
        self._runner = runner
        self._loaded: dict[str, Any] = {}
        self.editors: dict[str, QWidget] = {}
        self._build()
        self._connect_signals()
        # Settings changed elsewhere are shown, unless this form holds unsaved changes.
        self.change_watch = ChangeWatch(self, runner, ("settings",), self.reload,
                                        ready=lambda: not self.changes())
        self.reload()

    def _build(self) -> None:
        self.banner = BannerWidget()
        self.banner.setObjectName("settings_message_label")
        self.banner.setAccessibleName(self.tr("Settings message"))
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        for key, spec in SPECS.items():
            editor = self._editor_for(spec)
            editor.setObjectName(f"setting_{key}")
            editor.setAccessibleName(setting_label(key))
            editor.setEnabled(False)
            self.editors[key] = editor
            label = QLabel(setting_label(key) + ":")
            label.setBuddy(editor)
            form.addRow(label, editor)
        self.save_button = QPushButton(self.tr("&Save settings"))
        self.save_button.setObjectName("save_settings_button")
        self.save_button.setAccessibleName(self.tr("Save settings"))
        self.save_button.setEnabled(False)
        self.revert_button = QPushButton(self.tr("Re&vert"))
        self.revert_button.setObjectName("revert_settings_button")
        self.revert_button.setAccessibleName(self.tr("Revert settings"))
        self.revert_button.setEnabled(False)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addLayout(form)
        layout.addStretch(1)
        layout.addLayout(buttons)

    def _editor_for(self, spec: SettingSpec) -> QWidget:
        if spec.kind is bool:
            return QCheckBox()
        if spec.kind is int:
            spin = QSpinBox()
            spin.setMinimumWidth(90)
            spin.setRange(int(spec.minimum if spec.minimum is not None else 0),
                          int(spec.maximum if spec.maximum is not None else 1_000_000))
            return spin
        if spec.choices:
            combo = QComboBox()
            for choice in spec.choices:
                combo.addItem(choice_label(spec.key, choice), choice)
            return combo
        if spec.key in TIME_KEYS:
            edit = QTimeEdit()
            edit.setDisplayFormat(TIME_FORMAT)
            return edit
        raise ValueError(f"no editor for setting {spec.key}")

    def _connect_signals(self) -> None:
        self.save_button.clicked.connect(self._on_save_button_clicked)
        self.revert_button.clicked.connect(self._on_revert_button_clicked)

    # -- values ---------------------------------------------------------------------------------

    def value(self, key: str) -> Any:
        editor = self.editors[key]
        if isinstance(editor, QCheckBox):
            return editor.isChecked()
        if isinstance(editor, QSpinBox):
            return editor.value()
        if isinstance(editor, QComboBox):
            return editor.currentData()
        if isinstance(editor, QTimeEdit):
            return editor.time().toString(TIME_FORMAT)
        raise TypeError(key)

    def set_value(self, key: str, value: Any) -> None:
        editor = self.editors[key]
        if isinstance(editor, QCheckBox):
            editor.setChecked(bool(value))
        elif isinstance(editor, QSpinBox):
            editor.setValue(int(value))
        elif isinstance(editor, QComboBox):
            editor.setCurrentIndex(max(0, editor.findData(value)))
        elif isinstance(editor, QTimeEdit):
            editor.setTime(QTime.fromString(str(value), TIME_FORMAT))

    def changes(self) -> dict[str, Any]:
        current = {key: self.value(key) for key in self.editors}
        return {key: value for key, value in current.items() if value != self._loaded.get(key)}

    def problems(self) -> list[str]:
        """Checks across fields that no single editor can make."""
        opens = QTime.fromString(self.value("line_opens"), TIME_FORMAT)
        closes = QTime.fromString(self.value("line_closes"), TIME_FORMAT)
        if closes <= opens:
            return [self.tr("{closes} must be later than {opens}.").format(
                closes=setting_label("line_closes"), opens=setting_label("line_opens"))]
        return []

    def reload(self) -> None:
        self._runner.submit(self._services.settings.all, self._on_runner_loaded,
                            self._on_runner_load_failed)

    # -- slots ----------------------------------------------------------------------------------

    def _on_runner_loaded(self, values: dict[str, Any]) -> None:
        self._loaded = dict(values)
        for key, value in values.items():
            if key in self.editors:
                self.set_value(key, value)
                self.editors[key].setEnabled(True)
        self.save_button.setEnabled(True)
        self.revert_button.setEnabled(True)
        self.settings_loaded.emit()

    def _on_runner_load_failed(self, error: BaseException) -> None:
        self.banner.show_message(messages.error_message(error), "error")

    @Slot()
    def _on_revert_button_clicked(self) -> None:
        for key, value in self._loaded.items():
            if key in self.editors:
                self.set_value(key, value)
        self.banner.clear_message()

    @Slot()
    def _on_save_button_clicked(self) -> None:
        problems = self.problems()
        if problems:
            self.banner.show_message(" ".join(problems), "error")
            self.settings_saved.emit("error")
            return
        changes = self.changes()
        if not changes:
            self.banner.show_message(self.tr("Nothing has changed."), "info")
            return
        self.save_button.setEnabled(False)
        seen = dict(self._loaded)
        self._runner.submit(lambda: self._services.settings.update(changes, seen),
                            self._on_runner_saved, self._on_runner_save_failed)

    def _on_runner_saved(self, values: dict[str, Any]) -> None:
        self.save_button.setEnabled(True)
        self._on_runner_loaded(values)
        self.banner.show_message(self.tr("Settings saved."), "success")
        self.settings_saved.emit("success")

    def _on_runner_save_failed(self, error: BaseException) -> None:
        self.save_button.setEnabled(True)
        self.banner.show_message(messages.error_message(error), "error")
        self.settings_saved.emit("error")
