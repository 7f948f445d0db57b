"""Entry point of the desktop application: ``ui.app.run(data_dir)``."""

from __future__ import annotations

import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

from supportline import __version__
from supportline.paths import resolve_data_dir

from .session_controller import SessionController
from .task_runner import TaskRunner

log = logging.getLogger(__name__)

APP_NAME = "SupportLine"
TRANSLATIONS_DIR = Path(__file__).resolve().parent.parent / "resources" / "i18n"


def _install_translators(app: QCoreApplication) -> list[QTranslator]:
    """en_GB: our own strings if a compiled catalogue is shipped, and Qt's own dialogs."""
    locale = QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom)
    QLocale.setDefault(locale)
    installed: list[QTranslator] = []
    candidates = (
        ("supportline", str(TRANSLATIONS_DIR)),
        ("qtbase", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)),
    )
    for name, directory in candidates:
        translator = QTranslator(app)
        if translator.load(locale, name, "_", directory):
            app.installTranslator(translator)
            installed.append(translator)
    return installed


def run(data_dir: Path | None = None, argv: Sequence[str] | None = None) -> int:
    """Show the unlock screen, then the main window; returns the process exit code."""
    app = QApplication.instance()
    owns_app = app is None
    if app is None:
        app = QApplication(list(argv) if argv is not None else sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setApplicationVersion(__version__)
    translators = _install_translators(app)

    runner = TaskRunner()
    controller = SessionController(resolve_data_dir(data_dir), runner)
    controller.finished.connect(app.quit)
    app.setQuitOnLastWindowClosed(False)  # the controller decides: locking closes windows
    controller.start()
    try:
        code = app.exec()
    finally:
        controller.shutdown()
        runner.shutdown()
        for translator in translators:
            app.removeTranslator(translator)
        if owns_app:
            app.processEvents()
    return int(code)


def main() -> int:
    return run(Path(sys.argv[1]) if len(sys.argv) > 1 else None, sys.argv[:1])


if __name__ == "__main__":
    raise SystemExit(main())
