"""numpy RGB arrays to Qt pixmaps, built on the GUI thread (ARCHITECTURE.md convention 2)."""
from __future__ import annotations

import numpy as np
from PySide6.QtGui import QImage, QPixmap


def rgb_to_pixmap(rgb: np.ndarray) -> QPixmap:
    """A pixmap of the array: QPixmap.fromImage copies, so the image may view the array (one
    copy fewer of a large photo)."""
    if rgb.ndim != 3 or rgb.shape[2] != 3 or rgb.dtype != np.uint8:
        raise ValueError("expected an H x W x 3 uint8 array")
    data = np.ascontiguousarray(rgb)
    h, w = data.shape[:2]
    return QPixmap.fromImage(QImage(data.data, w, h, 3 * w, QImage.Format.Format_RGB888))
