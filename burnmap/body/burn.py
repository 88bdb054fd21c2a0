"""The painted burn: one uint8 depth-class mask per photo, edited by patches that undo exactly.

An edit (a whole brush stroke from press to release, a fill, a clear) is one `Patch`: the bounding
box of what it changed with the old and new values there, so memory follows the painted area and
undo/redo restore the mask bit for bit (napari's paint atoms, ARCHITECTURE.md convention 4).
"""
from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

import cv2
import numpy as np

NONE, SUPERFICIAL, SUPERFICIAL_PARTIAL, DEEP_PARTIAL, FULL_THICKNESS = range(5)
DEPTH_NAMES = {
    SUPERFICIAL: "superficial",
    SUPERFICIAL_PARTIAL: "superficial partial thickness",
    DEEP_PARTIAL: "deep partial thickness",
    FULL_THICKNESS: "full thickness",
}
DEPTHS = tuple(DEPTH_NAMES)
# Display colours, darker with depth (Okabe-Ito yellow, orange, vermillion; a dark red-brown),
# shared by the window's burn layer and the report so both show a depth the same way.
DEPTH_RGB = {SUPERFICIAL: (240, 228, 66), SUPERFICIAL_PARTIAL: (230, 159, 0),
             DEEP_PARTIAL: (213, 94, 0), FULL_THICKNESS: (110, 30, 20)}
BURN_ALPHA = 0.65
# Undo steps kept per photo (napari keeps 100): each step holds only its changed box, but a long
# session of large strokes must not grow without bound; the oldest steps are dropped first. On a
# 50-MP photo 100 whole-body fills would hold ~10 GB, so the steps' bytes are capped too (the
# newest step is always kept, however large).
UNDO_LIMIT = 100
UNDO_BYTES = 256 * 2**20


@dataclass(frozen=True)
class Patch:
    """Rows y0..y1-1 and columns x0..x1-1 held `old` before the edit and `new` after it."""
    y0: int
    x0: int
    old: np.ndarray = field(repr=False)
    new: np.ndarray = field(repr=False)

    @property
    def box(self) -> tuple[int, int, int, int]:
        """(y0, x0, y1, x1), end-exclusive."""
        return self.y0, self.x0, self.y0 + self.old.shape[0], self.x0 + self.old.shape[1]

    @property
    def nbytes(self) -> int:
        return self.old.nbytes + self.new.nbytes


def _capsule(p0, p1, radius: float, box) -> np.ndarray:
    """Pixels of `box` whose centres lie within `radius` of the segment p0-p1 (round caps)."""
    y0, x0, y1, x1 = box
    ys, xs = np.mgrid[y0:y1, x0:x1].astype(np.float32)
    (ax, ay), (bx, by) = p0, p1
    dx, dy = bx - ax, by - ay
    length2 = dx * dx + dy * dy
    t = 0.0 if length2 == 0 else np.clip(((xs - ax) * dx + (ys - ay) * dy) / length2, 0, 1)
    return (xs - (ax + t * dx)) ** 2 + (ys - (ay + t * dy)) ** 2 <= radius * radius


class BurnMask:
    """Depth classes 0..4 per pixel, optionally clipped to the patient's pixels."""
    CLASSES = (NONE, *DEPTHS)      # the values a mask may hold (the body chart adds one)

    def __init__(self, height: int, width: int, allowed: np.ndarray | None = None):
        self.values = np.zeros((height, width), dtype=np.uint8)
        self.allowed = allowed
        self.undo_stack: deque[Patch] = deque(maxlen=UNDO_LIMIT)
        self.redo_stack: deque[Patch] = deque(maxlen=UNDO_LIMIT)
        self._stroke: _Stroke | None = None
        self.revision = 0  # bumped by every change: savers write only changed masks

    @classmethod
    def from_array(cls, values: np.ndarray, allowed: np.ndarray | None = None) -> BurnMask:
        """A mask holding existing values (e.g. read from a PNG); unknown values are refused."""
        if values.ndim != 2 or values.dtype != np.uint8:
            raise ValueError("a burn mask is a 2-D uint8 array")
        bad = np.unique(values[values > max(cls.CLASSES)])
        if bad.size:
            raise ValueError(f"burn mask values must be 0..{max(cls.CLASSES)}, found "
                             f"{bad.tolist()}")
        mask = cls(*values.shape, allowed=allowed)
        mask.values[:] = values
        return mask

    def copy(self) -> BurnMask:
        """The values (copied once, not re-checked: they are this mask's) and the revision,
        without the undo history: what a saver on another thread needs."""
        mask = BurnMask(0, 0)
        mask.values, mask.revision = self.values.copy(), self.revision
        return mask

    def open_stroke(self) -> tuple[tuple[int, int, int, int], np.ndarray] | None:
        """The box an open stroke has painted so far and the values it replaced there (None
        when no stroke is open or it painted nothing): counts made mid-stroke are put back to
        before it with these, since the stroke's end counts its whole change."""
        stroke = self._stroke
        if stroke is None or stroke.box is None:
            return None
        return stroke.box, stroke.old

    @property
    def stroking(self) -> bool:
        """A stroke has begun and not ended."""
        return self._stroke is not None

    @property
    def shape(self) -> tuple[int, int]:
        return self.values.shape

    # --- strokes -------------------------------------------------------------------------------
    def begin_stroke(self, depth: int, radius: float) -> None:
        """Start a brush (depth 1..4) or eraser (depth 0) stroke; points follow, then end."""
        if depth not in self.CLASSES:
            raise ValueError(f"unknown depth class {depth}")
        if radius <= 0:
            raise ValueError("brush radius must be positive")
        self._stroke = _Stroke(self, depth, float(radius))

    def add_point(self, x: float, y: float) -> tuple[int, int, int, int] | None:
        """Paint from the previous point to (x, y); returns the box changed (y0, x0, y1, x1)."""
        if self._stroke is None:
            raise RuntimeError("add_point outside a stroke")
        return self._stroke.add(float(x), float(y))

    def end_stroke(self) -> Patch | None:
        """Finish the stroke as one undo step (None if it changed nothing)."""
        stroke, self._stroke = self._stroke, None
        return self._record(stroke.patch() if stroke else None)

    def stroke(self, points, depth: int, radius: float) -> Patch | None:
        """A whole stroke at once: begin, every point, end."""
        self.begin_stroke(depth, radius)
        for x, y in points:
            self.add_point(x, y)
        return self.end_stroke()

    # --- fills ---------------------------------------------------------------------------------
    def fill_region(self, x: int, y: int, depth: int, region: np.ndarray) -> Patch | None:
        """Fill the connected part of the boolean `region` that contains (x, y)."""
        if not region[y, x]:
            return None
        flood = np.zeros((region.shape[0] + 2, region.shape[1] + 2), np.uint8)
        cv2.floodFill(region.astype(np.uint8), flood, (int(x), int(y)), 1,
                      flags=4 | cv2.FLOODFILL_MASK_ONLY | (1 << 8))
        return self._paint_where(flood[1:-1, 1:-1].astype(bool), depth)

    def clear(self) -> Patch | None:
        return self._paint_where(self.values != NONE, NONE)

    # --- undo ----------------------------------------------------------------------------------
    def undo(self) -> Patch | None:
        if not self.undo_stack:
            return None
        patch = self.undo_stack.pop()
        y0, x0, y1, x1 = patch.box
        self.values[y0:y1, x0:x1] = patch.old
        self.redo_stack.append(patch)
        self.revision += 1
        return patch

    def redo(self) -> Patch | None:
        if not self.redo_stack:
            return None
        patch = self.redo_stack.pop()
        y0, x0, y1, x1 = patch.box
        self.values[y0:y1, x0:x1] = patch.new
        self.undo_stack.append(patch)
        self.revision += 1
        return patch

    # --- internals -----------------------------------------------------------------------------
    def _paint_where(self, where: np.ndarray, depth: int) -> Patch | None:
        if self.allowed is not None:
            where = where & self.allowed
        ys, xs = np.nonzero(where)
        if ys.size == 0:
            return None
        y0, y1, x0, x1 = ys.min(), ys.max() + 1, xs.min(), xs.max() + 1
        old = self.values[y0:y1, x0:x1].copy()
        self.values[y0:y1, x0:x1][where[y0:y1, x0:x1]] = depth
        return self._record(Patch(int(y0), int(x0), old, self.values[y0:y1, x0:x1].copy()))

    def _record(self, patch: Patch | None) -> Patch | None:
        if patch is None or np.array_equal(patch.old, patch.new):
            return None
        self.undo_stack.append(patch)
        self.redo_stack.clear()
        held = sum(p.nbytes for p in self.undo_stack)
        while held > UNDO_BYTES and len(self.undo_stack) > 1:
            held -= self.undo_stack.popleft().nbytes
        self.revision += 1
        return patch


class _Stroke:
    """A stroke in progress: paints segment by segment and remembers the values it replaced."""

    def __init__(self, mask: BurnMask, depth: int, radius: float):
        self.mask, self.depth, self.radius = mask, depth, radius
        self.last: tuple[float, float] | None = None
        self.box: tuple[int, int, int, int] | None = None   # y0, x0, y1, x1 touched so far
        self.old: np.ndarray | None = None

    def add(self, x: float, y: float) -> tuple[int, int, int, int] | None:
        p0 = self.last or (x, y)
        self.last = (x, y)
        h, w = self.mask.shape
        r = self.radius
        box = (max(0, int(np.floor(min(p0[1], y) - r))), max(0, int(np.floor(min(p0[0], x) - r))),
               min(h, int(np.ceil(max(p0[1], y) + r)) + 1),
               min(w, int(np.ceil(max(p0[0], x) + r)) + 1))
        if box[0] >= box[2] or box[1] >= box[3]:
            return None
        self._grow(box)
        hit = _capsule(p0, (x, y), r, box)
        if self.mask.allowed is not None:
            hit &= self.mask.allowed[box[0]:box[2], box[1]:box[3]]
        self.mask.values[box[0]:box[2], box[1]:box[3]][hit] = self.depth
        return box

    def _grow(self, box) -> None:
        """Extend the remembered old values to cover `box` (new area is still unpainted)."""
        values = self.mask.values
        if self.box is None:
            self.box = box
            self.old = values[box[0]:box[2], box[1]:box[3]].copy()
            return
        y0, x0 = min(self.box[0], box[0]), min(self.box[1], box[1])
        y1, x1 = max(self.box[2], box[2]), max(self.box[3], box[3])
        if (y0, x0, y1, x1) == self.box:
            return
        old = values[y0:y1, x0:x1].copy()
        b = self.box
        old[b[0] - y0:b[2] - y0, b[1] - x0:b[3] - x0] = self.old
        self.box, self.old = (y0, x0, y1, x1), old

    def patch(self) -> Patch | None:
        """The stroke's change, trimmed to the box of pixels that actually changed."""
        if self.box is None:
            return None
        y0, x0, y1, x1 = self.box
        new = self.mask.values[y0:y1, x0:x1]
        rows, cols = np.nonzero((new != self.old).any(1))[0], np.nonzero((new != self.old).any(0))[0]
        if rows.size == 0:
            return None
        r0, r1, c0, c1 = rows[0], rows[-1] + 1, cols[0], cols[-1] + 1
        return Patch(y0 + int(r0), x0 + int(c0), self.old[r0:r1, c0:c1].copy(),
                     new[r0:r1, c0:c1].copy())
