"""The Qt binding itself must be safe to run for a whole clinical session.

PySide6 6.12.0 under Python 3.11 dropped a reference to None on every call of a method that
returns nothing; after some tens of thousands of calls (minutes of painting) the interpreter
aborted with "none_dealloc". This pins the behaviour of the installed binding."""
from __future__ import annotations

import sys

from PySide6.QtWidgets import QWidget


def test_void_qt_calls_do_not_consume_references_to_none(qtbot):
    widget = QWidget()
    qtbot.addWidget(widget)
    before = sys.getrefcount(None)
    for _ in range(2000):
        widget.update()
        widget.setWindowTitle("BurnMap")
        widget.repaint()
    # Other code may briefly hold a few Nones; 6000 calls must not lose thousands.
    assert sys.getrefcount(None) - before > -100
