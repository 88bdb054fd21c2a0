"""The current painting tool (brush, eraser, fill, patient selection), depth class and brush size.

A model without widgets: the tools panel edits it, the canvas and the menus read and set it.
It is a QObject only for its `changed` signal.
"""
from __future__ import annotations

import math
from enum import Enum

from PySide6.QtCore import QObject, Signal

from burnmap.body.burn import DEPTHS, NONE
from burnmap.chart.entry import EXAMINED

MIN_RADIUS, MAX_RADIUS = 1, 200


class Tool(Enum):
    BRUSH = "brush"
    ERASER = "eraser"
    FILL = "fill"
    SELECT_PATIENT = "select patient"
    EXAMINED = "examined, no burn"   # the body chart only: a region examined and unburned


def _check(key: str, value) -> None:
    if key == "tool":
        ok = isinstance(value, Tool)
    elif key == "depth":
        ok = type(value) is int and value in DEPTHS
    elif key == "radius":
        ok = isinstance(value, (int, float)) and not isinstance(value, bool) \
            and math.isfinite(value)
    else:
        raise AttributeError(f"ToolState has no setting {key!r}")
    if not ok:
        raise ValueError(f"{value!r} is not a {key}")


class ToolState(QObject):
    """The current tool settings, shared by the panel (which edits them) and the canvas."""
    changed = Signal()

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.tool = Tool.BRUSH
        self.depth = 3
        self.radius = 15.0

    @property
    def paint_value(self) -> int:
        if self.tool == Tool.EXAMINED:
            return EXAMINED
        return NONE if self.tool == Tool.ERASER else self.depth

    def set(self, **values) -> None:
        """Change some settings at once. Every value is checked before any is taken, so a wrong
        one (a signal's `checked` flag where a tool belongs) changes nothing: painting must
        never run with a tool or depth the panel does not show."""
        for key, value in values.items():
            _check(key, value)
        for key, value in values.items():
            setattr(self, key, value)
        self.radius = float(min(MAX_RADIUS, max(MIN_RADIUS, self.radius)))
        self.changed.emit()

    def grow(self, factor: float) -> None:
        self.set(radius=self.radius * factor)
