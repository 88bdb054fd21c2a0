"""Keeping the window on the clinician's screen: from 1280x720 laptops to scaled 4K monitors.

Every dock's content scrolls, so no panel's natural height can push the window (and with it the
status bar, the opacity slider, the photo buttons) past the bottom of the screen; the window is
sized to the screen it is on and moved back onto it when a saved geometry came from a bigger one.
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QScrollArea, QWidget


def scrolling(widget: QWidget, horizontal: bool = False) -> QScrollArea:
    """`widget` in a frameless scroll area that scrolls vertically (and horizontally if asked)."""
    area = QScrollArea()
    area.setWidget(widget)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setFocusPolicy(Qt.FocusPolicy.NoFocus)   # its content takes Tab, not the frame
    if not horizontal:
        # never narrower than the content: only heights give way (and then scroll)
        area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        area.setMinimumWidth(widget.minimumSizeHint().width()
                             + area.verticalScrollBar().sizeHint().width())
    return area


def fit_to_screen(window: QWidget) -> None:
    """Shrink and move `window` (its frame included) into its screen's available area."""
    area = window.screen().availableGeometry()
    frame = window.frameGeometry()
    extra_w, extra_h = frame.width() - window.width(), frame.height() - window.height()
    width = min(window.width(), area.width() - extra_w)
    height = min(window.height(), area.height() - extra_h)
    if (width, height) != (window.width(), window.height()):
        window.resize(width, height)
    x = min(max(frame.x(), area.left()), area.right() + 1 - width - extra_w)
    y = min(max(frame.y(), area.top()), area.bottom() + 1 - height - extra_h)
    if (x, y) != (frame.x(), frame.y()):
        window.move(x, y)
