"""A one-line message above a page: information, success or a problem.

One mechanism for every page: a new message replaces the one shown; a success clears itself
after :attr:`BannerWidget.success_ms` (tests shorten it); information and problems stay until
replaced, and a problem can be dismissed. A banner whose page is left behind (hidden by a stack
or tab switch) drops a success message then, so old confirmations never pile up across views.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Slot
from PySide6.QtGui import QHideEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolButton, QWidget

_STYLES = {
    "info": "background: #eef4fb; color: #1b3a5c; border: 1px solid #b6cde6;",
    "success": "background: #edf7ed; color: #1e4620; border: 1px solid #a8d5a8;",
    "error": "background: #fdecea; color: #611a15; border: 1px solid #f1aeb5;",
}


class BannerWidget(QFrame):
    success_ms = 6000  # how long a success message stays

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = ""
        self.label = QLabel()
        self.label.setObjectName("banner_text_label")
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.label.setStyleSheet("background: transparent; border: none;")
        self.dismiss_button = QToolButton()
        self.dismiss_button.setObjectName("banner_dismiss_button")
        self.dismiss_button.setText("×")
        self.dismiss_button.setAutoRaise(True)
        self.dismiss_button.setToolTip(self.tr("Dismiss this message"))
        self.dismiss_button.setAccessibleName(self.tr("Dismiss message"))
        # Not in the Tab order: the keyboard goes on through the page, messages get replaced.
        self.dismiss_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.dismiss_button.setStyleSheet("border: none; background: transparent;")
        self.dismiss_button.setFixedSize(20, 20)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 5, 5, 5)
        layout.setSpacing(6)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.dismiss_button, 0, Qt.AlignmentFlag.AlignTop)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self._on_timer_timeout)
        self.dismiss_button.clicked.connect(self._on_dismiss_button_clicked)
        self.clear_message()

    def text(self) -> str:
        return self.label.text()

    def show_message(self, text: str, kind: str = "info") -> None:
        """Replace whatever is shown. ``kind``: info, success (clears itself) or error."""
        self.timer.stop()
        self.kind = kind
        self.label.setText(text)
        self.setStyleSheet(f"BannerWidget {{ {_STYLES[kind]} border-radius: 4px; }}")
        self.setAccessibleDescription(text)
        self.dismiss_button.setVisible(kind != "success")
        self.setVisible(True)
        if kind == "success":
            self.timer.start(type(self).success_ms)

    def clear_message(self) -> None:
        self.timer.stop()
        self.kind = ""
        self.label.setText("")
        self.setAccessibleDescription("")
        self.setVisible(False)

    def clear_success(self) -> None:
        """Drop a success message (it is stale once the user has moved on); keep the rest."""
        if self.kind == "success":
            self.clear_message()

    @Slot()
    def _on_timer_timeout(self) -> None:
        self.clear_success()

    @Slot()
    def _on_dismiss_button_clicked(self) -> None:
        self.clear_message()

    # -- Qt overrides ---------------------------------------------------------------------------

    def hideEvent(self, event: QHideEvent) -> None:
        # Hidden because its page was left (not because the window was minimised): a
        # confirmation belongs to the moment it was given.
        # During teardown by the garbage collector Qt may hide the widget after its Python side
        # was cleared (no attributes left): there is then nothing to clear.
        if not event.spontaneous() and getattr(self, "kind", "") == "success":
            self.clear_success()
        super().hideEvent(event)
