"""Help > Guide to this workspace (F1): a short guide to the page on screen.

The guides ship with the application as Markdown in ``resources/help/<page id>.md`` and are
shown in a text browser that follows no links: nothing is fetched from anywhere.
"""

from __future__ import annotations

from importlib.resources import files

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget


class GuideMissing(LookupError):
    """No guide is shipped for that page (a packaging fault, not a user's)."""


def guide_text(page_id: str) -> str:
    """The Markdown guide of a workspace page."""
    if not page_id.replace("_", "").isalnum():
        raise GuideMissing(page_id)
    resource = files("resources") / "help" / f"{page_id}.md"
    try:
        return resource.read_text(encoding="utf-8")
    except (FileNotFoundError, OSError) as exc:
        raise GuideMissing(page_id) from exc


class GuideDialog(QDialog):
    """Not modal: the guide can stay open beside the work it explains."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("guide_dialog")
        self.page_id = ""
        self.browser = QTextBrowser()
        self.browser.setObjectName("guide_browser")
        self.browser.setAccessibleName(self.tr("Guide"))
        self.browser.setOpenLinks(False)
        self.browser.setOpenExternalLinks(False)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser, 1)
        layout.addWidget(buttons)
        self.setWindowModality(Qt.WindowModality.NonModal)
        self.resize(620, 560)

    def show_guide(self, page_id: str, title: str) -> None:
        self.page_id = page_id
        self.setWindowTitle(self.tr("Guide: {title}").format(title=title))
        try:
            self.browser.setMarkdown(guide_text(page_id))
        except GuideMissing:
            self.browser.setPlainText(self.tr("There is no guide for this workspace."))
        self.browser.verticalScrollBar().setValue(0)
        self.show()
        self.raise_()
        self.activateWindow()
