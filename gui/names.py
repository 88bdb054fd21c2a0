"""Clinical words in the UI's language, from the one table the report also uses (core.vocabulary).

The language is the one the application installed (gui.app.install_language stores it on the
QCoreApplication), so a window rebuilt for another language names regions in that language.
"""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from core import vocabulary as vocab
from core.messages import say

LANGUAGE_PROPERTY = "burnmapLanguage"


def ui_language() -> str:
    app = QCoreApplication.instance()
    value = app.property(LANGUAGE_PROPERTY) if app is not None else None
    return value if value in vocab.LANGUAGES else "en"


def region_name(key: str) -> str:
    return vocab.region_name(key, ui_language())


def surface_name(key: str) -> str:
    return vocab.surface_name(key, ui_language())


def view_name(key: str) -> str:
    return vocab.view_name(key, ui_language())


def part_name(key: str) -> str:
    return vocab.part_name(key, ui_language())


def depth_name(depth: int) -> str:
    """As a label on its own (a button, a legend entry): capitalised in English."""
    return vocab.capitalised(vocab.depth_name(depth, ui_language()))


def age_band_range(band: str) -> str:
    return vocab.age_band_range(band, ui_language())


def said(text: str) -> str:
    """A sentence of the core (a warning, a note, a referral reason) in the UI's language."""
    return say(text, ui_language())


def intended_use() -> str:
    return vocab.intended_use(ui_language())
