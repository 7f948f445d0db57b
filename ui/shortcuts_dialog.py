"""Help > Keyboard shortcuts: every shortcut the window has, read from the window itself.

The list is not written down anywhere: it is collected, when the dialog opens, from the
window's actions and from every ``QShortcut`` under it (its ``whatsThis`` says what it does),
so it always matches what the keys really do, including those of a form that is open.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)


def _tr(text: str) -> str:
    return QCoreApplication.translate("ShortcutsDialog", text)


@dataclass(frozen=True)
class ShortcutEntry:
    section: str  # "Everywhere", or the workspace the keys work in
    keys: str  # as the platform writes them, e.g. "Ctrl+S"
    description: str


def keys_text(sequence: QKeySequence) -> str:
    return sequence.toString(QKeySequence.SequenceFormat.NativeText)


def _action_text(action: QAction) -> str:
    text = action.text().replace("&&", "\0").replace("&", "").replace("\0", "&")
    return text.rstrip("…").rstrip(".").strip() or action.toolTip()


def collect_shortcuts(window: QWidget, pages: dict[str, QWidget],
                      title: Callable[[str], str]) -> list[ShortcutEntry]:
    """Every key the window answers to: its actions, then each page's shortcuts in page order.

    ``pages`` maps page ids to the page widgets, in the window's order; ``title`` gives a
    page id's title. A shortcut outside every page counts as "Everywhere".
    """
    everywhere = _tr("Everywhere")
    owners = {page: page_id for page_id, page in pages.items()}
    found: list[ShortcutEntry] = []
    for action in window.findChildren(QAction):
        for sequence in action.shortcuts():
            if not sequence.isEmpty():
                section = _section(action, owners, title, everywhere)
                found.append(ShortcutEntry(section, keys_text(sequence), _action_text(action)))
    for shortcut in window.findChildren(QShortcut):
        sequence = shortcut.key()
        if not sequence.isEmpty():
            section = _section(shortcut, owners, title, everywhere)
            found.append(ShortcutEntry(section, keys_text(sequence), shortcut.whatsThis()))
    order = [everywhere] + [title(page_id) for page_id in pages]
    unique = list(dict.fromkeys(found))
    return sorted(unique, key=lambda e: (order.index(e.section) if e.section in order
                                         else len(order), e.section))


def _section(item: QObject, owners: dict[QWidget, str], title: Callable[[str], str],
             everywhere: str) -> str:
    parent: QObject | None = item
    while parent is not None:
        if parent in owners:
            return title(owners[parent])
        parent = parent.parent()
    return everywhere


class ShortcutsDialog(QDialog):
    def __init__(self, entries: Iterable[ShortcutEntry], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shortcuts_dialog")
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        intro = QLabel(self.tr(
            "These keys work in SupportLine now; a workspace's keys work while it is showing, "
            "and a form's keys while the form is open. Everywhere, Tab and Shift+Tab move "
            "between fields, and Alt with the underlined letter of a button or label presses "
            "or goes to it."))
        intro.setObjectName("shortcuts_intro_label")
        intro.setWordWrap(True)
        self.tree = QTreeWidget()
        self.tree.setObjectName("shortcuts_tree")
        self.tree.setAccessibleName(self.tr("Keyboard shortcuts"))
        self.tree.setColumnCount(2)
        self.tree.setHeaderLabels([self.tr("Keys"), self.tr("What they do")])
        self.tree.setRootIsDecorated(False)
        self.tree.setAlternatingRowColors(True)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.header().setStretchLastSection(True)
        sections: dict[str, QTreeWidgetItem] = {}
        for entry in entries:
            heading = sections.get(entry.section)
            if heading is None:
                heading = QTreeWidgetItem(self.tree, [entry.section])
                heading.setFirstColumnSpanned(True)
                font = heading.font(0)
                font.setBold(True)
                heading.setFont(0, font)
                heading.setFlags(Qt.ItemFlag.ItemIsEnabled)
                sections[entry.section] = heading
            QTreeWidgetItem(heading, [entry.keys, entry.description])
        self.tree.expandAll()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.tree, 1)
        layout.addWidget(buttons)
        self.resize(560, 520)

    def rows(self) -> list[ShortcutEntry]:
        """What the dialog shows, read back from its tree."""
        shown = []
        for index in range(self.tree.topLevelItemCount()):
            heading = self.tree.topLevelItem(index)
            for child in range(heading.childCount()):
                item = heading.child(child)
                shown.append(ShortcutEntry(heading.text(0), item.text(0), item.text(1)))
        return shown

    @classmethod
    def ask(cls, parent: QWidget | None, entries: list[ShortcutEntry]) -> None:
        dialog = cls(entries, parent)
        try:
            dialog.exec()
        finally:
            dialog.deleteLater()
