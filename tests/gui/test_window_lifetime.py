"""A closed window goes, and with it what it holds (photos, parsings, the parsers): nothing
outside it (a signal's connection, a parentless object) keeps it alive. The app opens a new
window for a language switch or a second case, and the suite opens hundreds."""
from __future__ import annotations

import gc
import weakref

from PySide6.QtCore import QCoreApplication, QEvent

from core.parsing.provider import ParserProvider
from gui.main_window import MainWindow
from tests.gui.windows import wait_parsed


def test_a_closed_and_deleted_window_is_freed_with_its_photos(qtbot, tmp_path, photos_dir):
    window = MainWindow(None, provider=ParserProvider(None, tmp_path))
    window.show()
    assert window.open_photo(str(photos_dir / "astronaut.png"))
    wait_parsed(qtbot, window)
    state = window.state
    assert state.parsing is not None and state.photo.pixels.size
    held = [weakref.ref(window), weakref.ref(window.workspace), weakref.ref(state.parsing),
            weakref.ref(window.provider)]
    del state
    window.cases.dirty = False          # nothing to ask on close
    window.close()
    window.deleteLater()
    del window
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gc.collect()
    assert [ref() is None for ref in held] == [True] * len(held)
