"""The Simplified Chinese translation is complete and loads."""
from __future__ import annotations

import json
import xml.etree.ElementTree as ET

from PySide6.QtCore import QCoreApplication, QTranslator

from core import vocabulary as vocab
from core.paths import resources_dir


def test_every_message_is_translated():
    ts = ET.parse(resources_dir() / "translations" / "burnmap_zh_CN.ts").getroot()
    messages = list(ts.iter("message"))
    assert len(messages) > 80
    for message in messages:
        translation = message.find("translation")
        assert translation.get("type") is None, message.find("source").text
        assert translation.text and translation.text.strip()


def test_the_translation_table_holds_only_words_the_window_shows():
    """Region, part and depth names are core.vocabulary's; the Qt table must not repeat them."""
    folder = resources_dir() / "translations"
    table = json.loads((folder / "zh_CN.json").read_text(encoding="utf-8"))
    sources = {m.find("source").text for m in ET.parse(folder / "burnmap_zh_CN.ts").iter("message")}
    assert set(table) <= sources, sorted(set(table) - sources)
    assert not set(table) & {name for name, _ in vocab.REGIONS.values()}


def test_compiled_translation_loads_and_translates(qapp):
    translator = QTranslator()
    assert translator.load(str(resources_dir() / "translations" / "burnmap_zh_CN.qm"))
    QCoreApplication.installTranslator(translator)
    try:
        assert QCoreApplication.translate("ToolsPanel", "Burn depth") == "烧伤深度"
        assert QCoreApplication.translate("MainWindow", "&File") == "文件(&F)"
        # strings that moved out of the window translate in their own classes' contexts
        assert QCoreApplication.translate("CaseController", "Case not opened") != \
            "Case not opened"
        assert QCoreApplication.translate("_Funnel", "Unexpected error") == "意外错误"
        assert QCoreApplication.translate("ExportDialog", "No report") != "No report"
    finally:
        QCoreApplication.removeTranslator(translator)
