"""Progress of a long job, with its stage in words and (where safe) a Cancel button."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from .labels import stage_label


class ProgressDialog(QDialog):
    """Window-modal and non-blocking (``open()``): the job reports through ``set_progress``."""

    cancel_requested = Signal()

    def __init__(self, title: str, cancellable: bool = True, parent: QWidget | None = None,
                 note: str = "") -> None:
        super().__init__(parent)
        self.setObjectName("progress_dialog")
        self.setWindowTitle(title)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self._finished = False
        self.stage_label = QLabel(stage_label(""))
        self.stage_label.setObjectName("stage_label")
        self.stage_label.setAccessibleName(self.tr("Current stage"))
        self.progress_bar = QProgressBar()
        self.progress_bar.setObjectName("progress_bar")
        self.progress_bar.setAccessibleName(self.tr("Progress"))
        self.progress_bar.setRange(0, 100)
        self.note_label = QLabel(note)
        self.note_label.setObjectName("note_label")
        self.note_label.setWordWrap(True)
        self.note_label.setVisible(bool(note))
        self.buttons = QDialogButtonBox()
        self.cancel_button = QPushButton(self.tr("&Cancel"))
        self.cancel_button.setObjectName("cancel_button")
        self.cancel_button.setEnabled(cancellable)
        self.buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.setVisible(cancellable)  # no dead button when the job cannot stop safely
        layout = QVBoxLayout(self)
        layout.addWidget(self.stage_label)
        layout.addWidget(self.progress_bar)
        layout.addWidget(self.note_label)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(420)
        self._cancellable = cancellable
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.cancel_button.clicked.connect(self._on_cancel_button_clicked)

    @property
    def fraction(self) -> float:
        return self.progress_bar.value() / 100

    @Slot(float, str)
    def set_progress(self, fraction: float, stage: str) -> None:
        self.progress_bar.setValue(round(max(0.0, min(1.0, fraction)) * 100))
        self.stage_label.setText(stage_label(stage))

    def finish(self) -> None:
        self._finished = True
        self.done(QDialog.DialogCode.Accepted)

    @Slot()
    def _on_cancel_button_clicked(self) -> None:
        self.cancel_button.setEnabled(False)
        self.stage_label.setText(self.tr("Stopping…"))
        self.cancel_requested.emit()

    def reject(self) -> None:
        # Escape or the close box: same as Cancel; the dialog closes when the job stops.
        if self._finished:
            super().reject()
        elif self._cancellable and self.cancel_button.isEnabled():
            self._on_cancel_button_clicked()
