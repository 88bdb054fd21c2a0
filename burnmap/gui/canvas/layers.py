"""Image layers drawn from numpy arrays, updated box by box (no whole-image copy per stroke)."""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import QRectF
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QGraphicsItem

from burnmap.body.burn import BURN_ALPHA, DEPTH_RGB, DEPTHS


def depth_lut(alpha: float = BURN_ALPHA) -> np.ndarray:
    """Premultiplied RGBA per depth class (0 = transparent)."""
    lut = np.zeros((5, 4), np.uint8)
    for depth in DEPTHS:
        r, g, b = DEPTH_RGB[depth]
        lut[depth] = (round(r * alpha), round(g * alpha), round(b * alpha), round(255 * alpha))
    return lut


class ArrayImageItem(QGraphicsItem):
    """Shows an RGBA (premultiplied) image whose pixels are a numpy array we can write into.

    The QImage is a view of the array, not a copy: a new layer of zeros costs no time (the
    pages are mapped lazily), and a layer made by a worker thread is shown as it is."""

    def __init__(self, height: int, width: int, parent=None):
        super().__init__(parent)
        self.set_pixels(np.zeros((height, width, 4), np.uint8))

    def set_pixels(self, rgba: np.ndarray) -> None:
        """Show `rgba` (H x W x 4 uint8, the item's size) itself; the item keeps it."""
        rgba = np.ascontiguousarray(rgba)
        h, w = rgba.shape[:2]
        self.pixels = rgba
        self.image = QImage(rgba.data, w, h, 4 * w, QImage.Format.Format_RGBA8888_Premultiplied)
        self.update()

    def boundingRect(self) -> QRectF:
        return QRectF(0, 0, self.image.width(), self.image.height())

    def paint(self, painter, option, widget=None) -> None:
        rect = option.exposedRect.intersected(self.boundingRect())
        painter.drawImage(rect, self.image, rect)

    def write(self, y0: int, x0: int, rgba: np.ndarray) -> None:
        """Replace a box of pixels and repaint only that box."""
        h, w = rgba.shape[:2]
        self.pixels[y0:y0 + h, x0:x0 + w] = rgba
        self.update(QRectF(x0, y0, w, h))
