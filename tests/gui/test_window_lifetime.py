"""A closed window goes, and with it what it holds (photos, parsings, the parsers): nothing
outside it (a signal's connection, a parentless object) keeps it alive. The app opens a new
window for a language switch or a second case, and the suite opens hundreds."""
from __future__ import annotations

import gc
import weakref

import pytest
from PySide6.QtCore import QCoreApplication, QEvent

from burnmap.gui.main_window import MainWindow
from burnmap.parsing.provider import ParserProvider
from tests.gui.windows import wait_parsed


def _close_a_parsed_window(qtbot, tmp_path, photos_dir) -> list[weakref.ref]:
    """Weak references to a parsed window, its workspace, the parsing and the provider, after
    the window was closed and deleted."""
    window = MainWindow(None, provider=ParserProvider(None, tmp_path))
    window.show()
    assert window.open_photo(str(photos_dir / "astronaut.png"))
    wait_parsed(qtbot, window)
    state = window.state
    assert state.parsing is not None
    assert state.photo.pixels.size
    held = [weakref.ref(window), weakref.ref(window.workspace), weakref.ref(state.parsing),
            weakref.ref(window.provider)]
    del state
    window.cases.dirty = False          # nothing to ask on close
    window.close()
    window.deleteLater()
    del window
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gc.collect()
    return held


def test_a_closed_and_deleted_window_is_freed_with_its_photos(qtbot, tmp_path, photos_dir):
    window, workspace, _, _ = _close_a_parsed_window(qtbot, tmp_path, photos_dir)
    assert window() is None
    assert workspace() is None


@pytest.mark.xfail(strict=False, reason="in the whole suite's run something keeps the provider "
                   "and its last parsing alive after the window went (passes alone; not found yet)")
def test_the_closed_windows_parser_and_parsing_go_too(qtbot, tmp_path, photos_dir):
    _, _, parsing, provider = _close_a_parsed_window(qtbot, tmp_path, photos_dir)
    assert parsing() is None
    assert provider() is None
