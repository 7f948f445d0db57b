"""The shipped en_GB catalogue covers every string in ``ui/`` and reads naturally."""

from __future__ import annotations

import ast
import xml.etree.ElementTree as ET
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLocale, QTranslator

ROOT = Path(__file__).resolve().parents[2]
TS = ROOT / "resources" / "i18n" / "supportline_en_GB.ts"
QM = TS.with_suffix(".qm")


def _source_strings() -> set[str]:
    found: set[str] = set()
    for path in (ROOT / "ui").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            args = node.args
            if name == "tr" and args and isinstance(args[0], ast.Constant):
                found.add(args[0].value)
            elif name == "translate" and len(args) > 1 and isinstance(args[1], ast.Constant):
                found.add(args[1].value)
    return {text for text in found if isinstance(text, str)}


def test_every_ui_string_is_in_the_shipped_catalogue() -> None:
    import sys

    sys.path.insert(0, str(ROOT / "packaging"))
    from update_translations import wrapped_strings

    shipped = {m.findtext("source") for m in ET.parse(TS).iter("message")}
    wanted = _source_strings()
    for texts in wrapped_strings([str(p) for p in (ROOT / "ui").glob("*.py")]).values():
        wanted |= texts
    missing = sorted(wanted - shipped)
    assert not missing, f"run: python packaging/update_translations.py ({missing[:5]})"
    assert QM.stat().st_mtime >= 0 and QM.stat().st_size > 0


def test_plural_forms_read_naturally(qapp: object) -> None:
    translator = QTranslator()
    locale = QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom)
    assert translator.load(locale, "supportline", "_", str(QM.parent))
    QCoreApplication.installTranslator(translator)
    try:
        text = "Please wait %n second(s) before trying again."
        one = QCoreApplication.translate("UnlockDialog", text, None, 1)
        many = QCoreApplication.translate("UnlockDialog", text, None, 2)
        assert one == "Please wait 1 second before trying again."
        assert many == "Please wait 2 seconds before trying again."
    finally:
        QCoreApplication.removeTranslator(translator)
