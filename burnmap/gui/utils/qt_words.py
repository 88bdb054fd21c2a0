"""Qt's own words that the zh_CN translation shipped with PySide6 (qtbase_zh_CN.qm) lacks: Qt's
file dialog renamed them ("Look in:" became "&Look in:") and its Chinese catalogue kept the old
ones. Listed here under Qt's own contexts, scripts/update_translations.py puts them in BurnMap's
translation, which Qt consults when its catalogue has nothing (a test opens the file dialogs in
Chinese and finds no English left)."""
from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP

QT_WORDS = (
    QT_TRANSLATE_NOOP("QFileDialog", "&Look in:"),
    QT_TRANSLATE_NOOP("QFileDialog", "Files of &type:"),
)
