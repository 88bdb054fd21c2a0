"""Helpers shared by the window tests: the demo window, waiting for a parse, a region's point on
the body chart."""
from __future__ import annotations

from PySide6.QtCore import QPointF

from burnmap.gui.main_window import MainWindow
from burnmap.parsing.provider import ParserProvider

TIMEOUT = 120_000      # ms for a parse on a busy machine


def wait_parsed(qtbot, window, index=0):
    qtbot.waitUntil(lambda: window.workspace.photos[index].parsing is not None, timeout=TIMEOUT)
    qtbot.waitUntil(lambda: not window.parse_queue.busy, timeout=TIMEOUT)


def demo_window(qtbot, tmp_path) -> MainWindow:
    """The window as started without a photo: the demo case, with the default parser."""
    window = MainWindow([], provider=ParserProvider(None, tmp_path))
    qtbot.addWidget(window)
    window.show()
    return window


def chart_anchor(widget, key) -> QPointF:
    """Where the body chart widget draws the anchor of region `key` ((name, view))."""
    return widget.chart_transform().map(QPointF(*widget.chart.shape(*key).anchor))
