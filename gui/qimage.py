"""numpy RGB arrays to Qt images, built on the GUI thread (ARCHITECTURE.md convention 2)."""
from __future__ import annotations

import numpy as np
from PySide6.QtGui import QImage, QPixmap


def rgb_to_qimage(rgb: np.ndarray) -> QImage:
    """An independent QImage copy of an H x W x 3 uint8 array (Qt must not see freed memory)."""
    if rgb.ndim != 3 or rgb.shape[2] != 3 or rgb.dtype != np.uint8:
        raise ValueError("expected an H x W x 3 uint8 array")
    data = np.ascontiguousarray(rgb)
    h, w = data.shape[:2]
    return QImage(data.data, w, h, 3 * w, QImage.Format.Format_RGB888).copy()


def rgb_to_pixmap(rgb: np.ndarray) -> QPixmap:
    """A pixmap of the array: QPixmap.fromImage copies, so the image may view the array (one
    copy fewer of a large photo)."""
    if rgb.ndim != 3 or rgb.shape[2] != 3 or rgb.dtype != np.uint8:
        raise ValueError("expected an H x W x 3 uint8 array")
    data = np.ascontiguousarray(rgb)
    h, w = data.shape[:2]
    return QPixmap.fromImage(QImage(data.data, w, h, 3 * w, QImage.Format.Format_RGB888))
