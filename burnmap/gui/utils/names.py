"""Clinical words in the UI's language, from the one table the report also uses (burnmap.text.vocabulary).

The language is the one the application installed (burnmap.gui.app.install_language stores it on the
QCoreApplication), so a window rebuilt for another language names regions in that language.
"""
from __future__ import annotations

import re
from html import escape

from PySide6.QtCore import QCoreApplication

from burnmap.text import vocabulary as vocab
from burnmap.text.messages import Listing, reason, say

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


def depth_short(depth: int) -> str:
    """S, SPT, DPT, FT (where space is tight)."""
    return vocab.depth_short(depth, ui_language())


def age_band_range(band: str) -> str:
    return vocab.age_band_range(band, ui_language())


def sex_name(key: str) -> str:
    return vocab.sex_name(key, ui_language())


def fluid_formula(name: str) -> str:
    return vocab.fluid_formula(name, ui_language())


def model_name(model, short: bool = False) -> str:
    """A parsing's ModelIdentity as people read it (status bar: `short`; About box, report)."""
    return vocab.model_name(model.parser, model.sha256, ui_language(), short)


def said(text: str | BaseException) -> str:
    """A sentence of the core (a warning, a note, a referral reason), or what a refusal (an
    exception) says, in the UI's language."""
    if isinstance(text, BaseException):
        text = reason(text)
    return say(text, ui_language())


def joined(items, separator: str = ", ") -> str:
    """Items listed with the UI language's separators (Chinese: "、" and "；")."""
    return say(Listing(items, separator), ui_language())


def unbroken_path(path) -> str:
    """A folder path as rich text that wraps only after a separator, never inside a name (Qt
    would otherwise break it anywhere in Chinese text, which has no spaces)."""
    pieces = re.findall(r"[^/\\]+[/\\]?|[/\\]", str(path))
    return "\u200b".join(f"<span style='white-space:nowrap'>{escape(p)}</span>" for p in pieces)


def intended_use() -> str:
    return vocab.intended_use(ui_language())
