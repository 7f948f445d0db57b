"""Regenerate the shipped en_GB translation from the source strings in ``ui/``.

``python packaging/update_translations.py`` runs Qt's lupdate over ``ui/*.py``, fills every
en_GB translation (the source text is already British English; plural forms are written out
for messages such as "%n second(s)"), and compiles ``resources/i18n/supportline_en_GB.qm``.
"""

from __future__ import annotations

import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import PySide6

ROOT = Path(__file__).resolve().parent.parent
TS = ROOT / "resources" / "i18n" / "supportline_en_GB.ts"
QM = TS.with_suffix(".qm")
TOOLS = Path(PySide6.__file__).parent


def plural_forms(source: str) -> tuple[str, str]:
    singular = re.sub(r"\((e?s)\)", "", source)
    plural = re.sub(r"\((e?s)\)", r"\1", source)
    singular = singular.replace("(ies)", "y")
    return singular, plural


def fill(path: Path) -> int:
    tree = ET.parse(path)
    filled = 0
    for message in tree.iter("message"):
        source = message.findtext("source") or ""
        translation = message.find("translation")
        if translation is None:
            continue
        translation.attrib.pop("type", None)
        if message.get("numerus") == "yes":
            for child in list(translation):
                translation.remove(child)
            translation.text = None
            for form in plural_forms(source):
                node = ET.SubElement(translation, "numerusform")
                node.text = form
        else:
            translation.text = source
        filled += 1
    tree.write(path, encoding="utf-8", xml_declaration=True)
    return filled


def main() -> int:
    TS.parent.mkdir(parents=True, exist_ok=True)
    sources = sorted(str(p) for p in (ROOT / "ui").glob("*.py"))
    subprocess.run(
        [
            str(TOOLS / "lupdate"),
            *sources,
            "-no-obsolete",
            "-locations",
            "none",
            "-source-language",
            "en_GB",
            "-target-language",
            "en_GB",
            "-ts",
            str(TS),
        ],
        check=True,
        capture_output=True,
    )
    count = fill(TS)
    subprocess.run(
        [str(TOOLS / "lrelease"), str(TS), "-qm", str(QM)], check=True, capture_output=True
    )
    print(f"{count} messages; wrote {QM.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
