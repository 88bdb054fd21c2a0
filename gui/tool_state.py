"""The current painting tool (brush, eraser, fill, patient selection), depth class and brush size.

A model without widgets: the tools panel edits it, the canvas and the menus read and set it.
It is a QObject only for its `changed` signal.
"""
from __future__ import annotations

from enum import Enum

from PySide6.QtCore import QObject, Signal

from core.burn import NONE

MIN_RADIUS, MAX_RADIUS = 1, 200


class Tool(Enum):
    BRUSH = "brush"
    ERASER = "eraser"
    FILL = "fill"
    SELECT_PATIENT = "select patient"


class ToolState(QObject):
    """The current tool settings, shared by the panel (which edits them) and the canvas."""
    changed = Signal()

    def __init__(self):
        super().__init__()
        self.tool = Tool.BRUSH
        self.depth = 3
        self.radius = 15.0

    @property
    def paint_value(self) -> int:
        return NONE if self.tool == Tool.ERASER else self.depth

    def set(self, **values) -> None:
        for key, value in values.items():
            setattr(self, key, value)
        self.radius = float(min(MAX_RADIUS, max(MIN_RADIUS, self.radius)))
        self.changed.emit()

    def grow(self, factor: float) -> None:
        self.set(radius=self.radius * factor)
