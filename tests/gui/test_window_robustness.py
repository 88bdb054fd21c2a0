"""The window with no photo left: the undo/redo shortcuts and a late joint drop do nothing, and
nothing of the removed photo stays on screen."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMessageBox

from burnmap.gui.main_window import MainWindow
from burnmap.parsing.provider import ParserProvider
from tests.qt_input import standard

TIMEOUT = 120_000


@pytest.fixture
def emptied(qtbot, tmp_path, dialogs, dialog_watch):
    """The demo case parsed, with its burn and joint handles shown, then its photo removed."""
    window = MainWindow([], provider=ParserProvider(None, tmp_path))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.state is not None and window.state.parsing is not None,
                    timeout=TIMEOUT)
    canvas = window.canvas
    assert canvas._handles
    assert canvas.left.burn.pixels[..., 3].any()
    window.handle = canvas._handles[0]   # the test's: a handle the clinician was dragging
    dialog_watch.expect(standard(QMessageBox.StandardButton.Yes), "remove the photo")
    window.remove_photo(0)
    assert window.workspace.photos == []
    assert window.state is None
    yield window
    window.close()


def _shortcut(window, keys: str) -> QAction:
    [action] = [a for a in window.findChildren(QAction)
                if keys in [s.toString() for s in a.shortcuts()]]
    return action


def test_removing_the_last_photo_clears_the_canvas(emptied):
    canvas = emptied.canvas
    for side in (canvas.left, canvas.right):
        assert side.photo.pixmap().isNull()
        assert side.burn is None
        assert side.segmentation is None
        assert [i for i in side.scene.items() if i not in (side.photo, side.view.cursor_item)] == []
    assert canvas._handles == []
    assert canvas.legend.entries == []


@pytest.mark.parametrize("keys", ["Ctrl+Z", "Ctrl+Shift+Z", "Ctrl+Y"])
def test_undo_and_redo_without_a_photo_do_nothing(emptied, dialogs, keys):
    title = emptied.windowTitle()
    _shortcut(emptied, keys).trigger()   # an exception here fails the test (pytest-qt)
    assert emptied.windowTitle() == title
    assert dialogs == []


def test_a_joint_dropped_after_its_photo_went_does_nothing(emptied, qtbot, dialogs):
    handle = emptied.handle
    # what the handle's release does: the drop is handled from the event loop, by then the
    # photo has gone
    QTimer.singleShot(0, lambda: emptied.canvas.joint_dropped(handle.name, 10.0, 10.0))
    qtbot.wait(50)
    assert emptied.state is None
    assert dialogs == []
