"""A limb segment's pixels, from its bone (two joints) and the person mask's own outline.

Across the bone, at regular steps, the person mask is read along the perpendicular: where the limb
stands free its two edges are where the mask ends, so the band follows the real outline. Where the
limb touches the body (an arm against the trunk, legs against each other) one or both edges run on
into the other part; there the band keeps the free edge and takes the segment's typical width,
measured where it stood free, or a fraction of the body's size when it never does.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

STEP = 3.0            # pixels between cross-sections along the bone
MAX_WIDTH = 1.6       # a cross-section wider than this many expected widths ran into the body
MAX_EDGE = 1.1        # an edge further than this many expected widths from the bone is not free
MIN_FREE = 0.25       # share of free cross-sections needed to trust their typical width


@dataclass(frozen=True)
class Band:
    """Left and right edges (signed offsets from the bone, pixels) at each cross-section."""
    a: np.ndarray
    b: np.ndarray
    lo: np.ndarray
    hi: np.ndarray

    @property
    def width(self) -> float:
        """The segment's typical width (median over its cross-sections)."""
        return float(np.median(self.hi - self.lo))

    def end_disc(self, end: int) -> tuple[np.ndarray, float]:
        """Centre and radius of the round cap closing the band at its start (0) or end (-1)."""
        d = self.b - self.a
        n = np.array([-d[1], d[0]]) / max(float(np.hypot(*d)), 1e-6)
        mid = (self.lo[end] + self.hi[end]) / 2
        return (self.a if end == 0 else self.b) + mid * n, (self.hi[end] - self.lo[end]) / 2


def measure(person: np.ndarray, a: np.ndarray, b: np.ndarray, expected: float) -> Band:
    """The band of a bone from a to b whose width is about `expected` pixels."""
    d = b - a
    length = float(np.hypot(*d))
    if length < 1:
        half = np.full(2, expected / 2)
        return Band(a, b, -half, half)
    n_steps = max(4, int(length / STEP))
    t = np.linspace(0, 1, n_steps)
    unit = d / length
    normal = np.array([-unit[1], unit[0]])
    reach = int(np.ceil(MAX_WIDTH * expected)) + 2
    offsets = np.arange(-reach, reach + 1)
    pts = a + t[:, None, None] * d + offsets[None, :, None] * normal
    xs, ys = np.rint(pts[..., 0]).astype(int), np.rint(pts[..., 1]).astype(int)
    h, w = person.shape
    inside = (xs >= 0) & (xs < w) & (ys >= 0) & (ys < h)
    on = np.zeros(xs.shape, bool)
    on[inside] = person[ys[inside], xs[inside]]
    lo, hi = _runs(on, offsets, expected / 2)
    return Band(a, b, *_edges(lo, hi, expected, reach))


def _runs(on: np.ndarray, offsets: np.ndarray, near: float) -> tuple[np.ndarray, np.ndarray]:
    """Per cross-section, the ends of the run of person pixels through the bone, or through the
    person pixel nearest to it when that is within `near` pixels (landmarks sit a little off)."""
    centre = len(offsets) // 2
    lo = np.full(on.shape[0], np.nan)
    hi = np.full(on.shape[0], np.nan)
    for i, row in enumerate(on):
        hits = np.flatnonzero(row)
        if hits.size == 0:
            continue
        start = hits[np.argmin(np.abs(hits - centre))]
        if abs(start - centre) > near:
            continue
        gaps = np.flatnonzero(~row)
        left = gaps[gaps < start]
        right = gaps[gaps > start]
        lo[i] = offsets[left[-1] + 1] if left.size else offsets[0]
        hi[i] = offsets[right[0] - 1] if right.size else offsets[-1]
    return lo, hi


def _edges(lo, hi, expected, reach) -> tuple[np.ndarray, np.ndarray]:
    """Free edges kept; edges that ran into the body replaced from the typical width."""
    found = ~np.isnan(lo)
    lo_free = found & (lo > -min(MAX_EDGE * expected, reach - 1))
    hi_free = found & (hi < min(MAX_EDGE * expected, reach - 1))
    both = lo_free & hi_free & (hi - lo <= MAX_WIDTH * expected)
    width = float(np.median(hi[both] - lo[both])) if both.mean() >= MIN_FREE else expected
    width = float(np.clip(width, 0.5 * expected, MAX_WIDTH * expected))
    only_hi, only_lo = hi_free & ~lo_free, lo_free & ~hi_free
    out_lo = np.where(both, lo, np.where(only_hi, hi - width, np.where(only_lo, lo, -width / 2)))
    out_hi = np.where(both, hi, np.where(only_lo, lo + width, np.where(only_hi, hi, width / 2)))
    return _smooth(out_lo), _smooth(out_hi)


def _smooth(x: np.ndarray, k: int = 5) -> np.ndarray:
    """A running median: one odd cross-section (a finger, a fold) does not notch the band."""
    if x.size < k:
        return x
    padded = np.pad(x, k // 2, mode="edge")
    return np.median(np.lib.stride_tricks.sliding_window_view(padded, k), axis=1)


def rasterise(band: Band, shape: tuple[int, int], caps: tuple[bool, bool]) -> np.ndarray:
    """Boolean mask of the band's pixels, with round caps at the ends asked for."""
    h, w = shape
    d = band.b - band.a
    length = max(float(np.hypot(*d)), 1e-6)
    unit = d / length
    normal = np.array([-unit[1], unit[0]])
    extent = float(max(np.abs(band.lo).max(), np.abs(band.hi).max())) + 2
    x0, y0 = np.floor(np.minimum(band.a, band.b) - extent).astype(int)
    x1, y1 = np.ceil(np.maximum(band.a, band.b) + extent).astype(int)
    x0, y0, x1, y1 = max(x0, 0), max(y0, 0), min(x1, w - 1), min(y1, h - 1)
    mask = np.zeros(shape, bool)
    if x1 < x0 or y1 < y0:
        return mask
    ys, xs = np.mgrid[y0:y1 + 1, x0:x1 + 1]
    rel_x, rel_y = xs - band.a[0], ys - band.a[1]
    t = (rel_x * unit[0] + rel_y * unit[1]) / length
    s = rel_x * normal[0] + rel_y * normal[1]
    i = np.clip(np.rint(t * (band.lo.size - 1)), 0, band.lo.size - 1).astype(int)
    inside = (t >= 0) & (t <= 1) & (s >= band.lo[i]) & (s <= band.hi[i])
    for end, wanted in zip((0, -1), caps, strict=False):
        if wanted:
            centre, radius = band.end_disc(end)
            inside |= (xs - centre[0]) ** 2 + (ys - centre[1]) ** 2 <= radius ** 2
    mask[y0:y1 + 1, x0:x1 + 1] = inside
    return mask
