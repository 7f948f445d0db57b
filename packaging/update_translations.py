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


def wrapped_strings(sources: list[str]) -> dict[str, set[str]]:
    """Literals passed to a module's ``_tr`` helper (a wrapper around
    ``QCoreApplication.translate`` that lupdate cannot see through), by translation context."""
    import ast

    found: dict[str, set[str]] = {}
    for source in sources:
        tree = ast.parse(Path(source).read_text(encoding="utf-8"))
        context = None
        for node in tree.body:
            if isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == "_CONTEXT" for t in node.targets
            ) and isinstance(node.value, ast.Constant):
                context = str(node.value.value)
            if isinstance(node, ast.FunctionDef) and node.name == "_tr":
                for call in ast.walk(node):
                    if (
                        isinstance(call, ast.Call)
                        and getattr(call.func, "attr", "") == "translate"
                        and call.args
                        and isinstance(call.args[0], ast.Constant)
                    ):
                        context = str(call.args[0].value)
        if context is None:
            continue
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "_tr"
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                found.setdefault(context, set()).add(node.args[0].value)
    return found


def add_wrapped(path: Path, wrapped: dict[str, set[str]]) -> int:
    tree = ET.parse(path)
    root = tree.getroot()
    added = 0
    contexts = {c.findtext("name"): c for c in root.iter("context")}
    for name, texts in sorted(wrapped.items()):
        context = contexts.get(name)
        if context is None:
            context = ET.SubElement(root, "context")
            ET.SubElement(context, "name").text = name
            contexts[name] = context
        present = {m.findtext("source") for m in context.iter("message")}
        for text in sorted(texts - present):
            message = ET.SubElement(context, "message")
            ET.SubElement(message, "source").text = text
            ET.SubElement(message, "translation")
            added += 1
    tree.write(path, encoding="utf-8", xml_declaration=True)
    return added


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
    add_wrapped(TS, wrapped_strings(sources))
    count = fill(TS)
    subprocess.run(
        [str(TOOLS / "lrelease"), str(TS), "-qm", str(QM)], check=True, capture_output=True
    )
    print(f"{count} messages; wrote {QM.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
