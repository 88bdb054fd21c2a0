"""Whole-photo array work in bands of rows: bounded temporaries, and a window that stays live.

A 100-megapixel photo's per-pixel temporaries are gigabytes when made at once, and some numpy
calls (np.bincount among them) hold the GIL for their whole run: 80 ms on 50 megapixels, during
which a worker thread freezes the window. Over bands of about BAND_PIXELS elements both stay
small.
"""
from __future__ import annotations

import numpy as np

BAND_PIXELS = 1 << 21


def row_bands(shape: tuple[int, ...], band_pixels: int | None = None):
    """Row slices covering an array of `shape`, each of at most about `band_pixels` elements."""
    size = BAND_PIXELS if band_pixels is None else band_pixels
    step = max(1, size // max(1, int(np.prod(shape[1:]))))
    for y0 in range(0, shape[0], step):
        yield slice(y0, min(shape[0], y0 + step))


def bincount(values: np.ndarray, minlength: int, where: np.ndarray | None = None) -> np.ndarray:
    """np.bincount of the non-negative integers `values` (any shape), of those where `where` is
    true if given, band by band."""
    counts = np.zeros(minlength, dtype=np.int64)
    for rows in row_bands(values.shape):
        part = values[rows] if where is None else values[rows][where[rows]]
        band = np.bincount(part.ravel(), minlength=minlength)
        if len(band) > minlength:
            counts = np.concatenate([counts, np.zeros(len(band) - minlength, np.int64)])
            minlength = len(band)
        counts[:len(band)] += band
    return counts
