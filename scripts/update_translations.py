#!/usr/bin/env python3
"""Regenerate the UI translations: lupdate -> fill from burnmap/resources/translations/<lang>.json ->
lrelease. Run after changing any user-visible string; exits 1 if a string lacks a translation.

    .venv/bin/python scripts/update_translations.py
"""
from __future__ import annotations

import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "burnmap" / "resources" / "translations"
BIN = Path(sys.executable).parent
LANGUAGES = ("zh_CN",)
# Module-level helpers call tr() through a widget variable; lupdate then names the context after
# the variable, while Qt looks the text up under the widget's class.
CONTEXTS = {"w": "MainWindow", "self.window": "MainWindow"}


def update(language: str) -> list[str]:
    ts = TRANSLATIONS / f"burnmap_{language}.ts"
    sources = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "burnmap" / "gui").rglob("*.py"))
    subprocess.run([str(BIN / "pyside6-lupdate"), *sources, "-no-obsolete", "-ts", str(ts)],
                   cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    table = json.loads((TRANSLATIONS / f"{language}.json").read_text(encoding="utf-8"))
    tree = ET.parse(ts)
    missing = []
    for context in tree.getroot().iter("context"):
        name = context.find("name")
        name.text = CONTEXTS.get(name.text, name.text)
        for message in context.iter("message"):
            source = message.find("source").text
            translation = message.find("translation")
            if source in table:
                translation.text = table[source]
                translation.attrib.pop("type", None)
            else:
                missing.append(source)
    shown = {m.find("source").text for m in tree.getroot().iter("message")}
    # Clinical words live in burnmap/text/vocabulary.py; a key nothing shows is a second, stale table.
    missing += [f"(unused, remove from {language}.json) {k}" for k in table if k not in shown]
    tree.write(ts, encoding="utf-8", xml_declaration=True)
    subprocess.run([str(BIN / "pyside6-lrelease"), str(ts), "-qm",
                    str(ts.with_suffix(".qm"))], check=True, stdout=subprocess.DEVNULL)
    return missing


def main() -> int:
    missing = [m for lang in LANGUAGES for m in update(lang)]
    for source in missing:
        print(f"untranslated: {source!r}", file=sys.stderr)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
