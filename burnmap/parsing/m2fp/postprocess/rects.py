"""Rectangles of output pixels on which a mask logit is bilinear, each known by its four corners.

Within one row piece times one column piece (pieces.py) a query's full-resolution logit is a
bilinear function of the pixel position, so its four corner values give every pixel's value and
bound them all (a bilinear function's extremes over a rectangle are at its corners). Post-
processing therefore decides whole rectangles at once where the bounds allow it, and splits the
others until they are small enough to be computed pixel by pixel.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import torch

from burnmap.parsing.m2fp.postprocess.pieces import QUADRATURE_NODES, gauss_rule, quadrature_error

LEAF_SIDE = 8      # rectangles at most this long on both sides are computed pixel by pixel
OWNER, Y0, X0, NY, NX = range(5)


@dataclass
class Rects:
    """N rectangles: `geom` (N, 5) int64 = what each belongs to (owner), top-left pixel y0, x0
    and size ny, nx; `corners` (N, 4) = the values at the top-left, top-right, bottom-left and
    bottom-right pixels. Two tensors, so that selecting rectangles is two gathers."""
    geom: torch.Tensor
    corners: torch.Tensor

    @staticmethod
    def of(owner, y0, x0, ny, nx, corners) -> Rects:
        return Rects(torch.stack([owner, y0, x0, ny, nx], 1), corners)

    owner = property(lambda self: self.geom[:, OWNER])
    y0 = property(lambda self: self.geom[:, Y0])
    x0 = property(lambda self: self.geom[:, X0])
    ny = property(lambda self: self.geom[:, NY])
    nx = property(lambda self: self.geom[:, NX])

    def __len__(self) -> int:
        return len(self.geom)

    def take(self, index: torch.Tensor) -> Rects:
        return Rects(self.geom.index_select(0, index), self.corners.index_select(0, index))

    def where(self, mask: torch.Tensor) -> Rects:
        return self.take(torch.nonzero(mask).flatten())

    def bounds(self) -> tuple[torch.Tensor, torch.Tensor]:
        """The least and greatest value over each rectangle."""
        return self.corners.amin(1), self.corners.amax(1)

    def is_leaf(self) -> torch.Tensor:
        return (self.ny <= LEAF_SIDE) & (self.nx <= LEAF_SIDE)

    def key(self, width: int) -> torch.Tensor:
        """The index of each rectangle's top-left pixel: one number per rectangle of a tiling."""
        return self.y0 * width + self.x0

    def split(self) -> Rects:
        """Halves every side longer than LEAF_SIDE (corner values by bilinear interpolation)."""
        return _split(_split(self, NY), NX)

    def pixel_values(self, ny: int, nx: int) -> torch.Tensor:
        """(N, ny * nx) values at every pixel, row by row; all rectangles must have this size."""
        return self.corners @ _pixel_basis(ny, nx)

    def pixel_index(self, ny: int, nx: int, width: int) -> torch.Tensor:
        """(N, ny * nx) flat indices of the pixels in an image `width` wide."""
        offsets = (torch.arange(ny)[:, None] * width + torch.arange(nx)[None, :]).reshape(-1)
        return self.key(width)[:, None] + offsets[None, :]

    def positive_runs(self, ny: int, nx: int) -> Runs:
        """Where each rectangle (all ny x nx) is above zero, row by row: along a row the value is
        linear, so that set is one run of pixels, found by solving for the zero crossing."""
        c = self.corners
        t = torch.arange(ny, dtype=torch.float32) / max(ny - 1, 1)
        left = _lerp(c[:, 0:1], c[:, 2:3], t)                  # (N, ny) values at x = 0
        slope = (_lerp(c[:, 1:2], c[:, 3:4], t) - left) / max(nx - 1, 1)
        flat = slope == 0
        cross = -left / torch.where(flat, 1.0, slope)          # where the row's value is 0
        rising = slope > 0
        start = torch.where(rising, (cross.floor() + 1).clamp(0, nx), 0)
        start = torch.where(flat & (left <= 0), nx, start)
        end = torch.where(rising | flat, nx - 1, (cross.ceil() - 1).clamp(-1, nx - 1))
        return Runs(left, slope, start, end, (end - start + 1).clamp_(min=0))

    def shapes(self):
        """Yields ((ny, nx), index) for each distinct rectangle size."""
        if not len(self):
            return
        key = self.ny * (int(self.nx.max()) + 1) + self.nx
        for k in torch.unique(key):
            index = torch.nonzero(key == k).flatten()
            yield (int(self.ny[index[0]]), int(self.nx[index[0]])), index


@dataclass
class Runs:
    """Per rectangle and row (N, ny): the row's value at x = 0 and its slope per pixel, and the
    run of pixels start..end (inclusive; count 0 when empty) where the value is above 0."""
    left: torch.Tensor
    slope: torch.Tensor
    start: torch.Tensor
    end: torch.Tensor
    count: torch.Tensor

    def sigmoid_sums(self) -> tuple[torch.Tensor, torch.Tensor]:
        """(N,) sums of sigmoid(value) over the runs by the Gauss rule of each run's length,
        and a bound on their error (pieces.quadrature_error, and never more than the run's
        pixels times the change of sigmoid along it: both sums are weighted means of values
        in that interval)."""
        n, ny = self.count.shape
        nodes, weights = _run_rule(int(self.count.max()) if self.count.numel() else 0)
        flat = self.count.reshape(-1).long()
        t = nodes.index_select(0, flat).view(n, ny, -1)
        w = weights.index_select(0, flat).view(n, ny, -1)
        x = self.start[..., None] + (self.count[..., None] - 1).clamp(min=0) * t
        values = self.left[..., None] + self.slope[..., None] * x
        sums = (values.sigmoid_() * w).sum(2)
        first = self.left + self.slope * self.start
        last = self.left + self.slope * self.end
        change = (last.sigmoid() - first.sigmoid()).abs() * self.count
        error = torch.minimum(sums * quadrature_error((last - first).abs()), change)
        return sums.sum(1), error.sum(1)


@lru_cache(maxsize=64)
def _run_rule(longest: int) -> tuple[torch.Tensor, torch.Tensor]:
    """Gauss nodes (fractions) and weights for every run length 0..longest, (longest + 1, m)."""
    rules = [gauss_rule(n) if n else (np.zeros(QUADRATURE_NODES), np.zeros(QUADRATURE_NODES))
             for n in range(longest + 1)]
    return (torch.tensor(np.stack([r[0] for r in rules]), dtype=torch.float32),
            torch.tensor(np.stack([r[1] for r in rules]), dtype=torch.float32))


def concat(parts: list[Rects]) -> Rects:
    parts = [p for p in parts if len(p)] or parts[:1]
    if not parts:
        return Rects(torch.empty(0, 5, dtype=torch.long), torch.empty(0, 4))
    return Rects(torch.cat([p.geom for p in parts]), torch.cat([p.corners for p in parts]))


def _bilinear(ty: np.ndarray, tx: np.ndarray) -> torch.Tensor:
    """(4, len(ty) * len(tx)) weights of the four corners at the points ty x tx (fractions)."""
    wy = np.stack([1 - ty, ty])            # (2, a): top, bottom
    wx = np.stack([1 - tx, tx])            # (2, b): left, right
    basis = wy[:, None, :, None] * wx[None, :, None, :]   # (2, 2, a, b)
    return torch.from_numpy(basis.reshape(4, -1)).float()


@lru_cache(maxsize=4096)
def _pixel_basis(ny: int, nx: int) -> torch.Tensor:
    return _bilinear(np.arange(ny) / max(ny - 1, 1), np.arange(nx) / max(nx - 1, 1))


@lru_cache(maxsize=4096)
def axis_nodes(n: int) -> tuple[torch.Tensor, torch.Tensor]:
    """(2, m) weights of a side's two ends at its Gauss nodes, and the nodes' weights (m,)."""
    t, w = _nodes(n)
    return torch.from_numpy(np.stack([1 - t, t])).float(), torch.from_numpy(w).float()


def _nodes(n: int) -> tuple[np.ndarray, np.ndarray]:
    """The Gauss rule of a side of n pixels without its zero-weight padding."""
    t, w = gauss_rule(n)
    return t[w > 0], w[w > 0]


def _lerp(a: torch.Tensor, b: torch.Tensor, t: torch.Tensor) -> torch.Tensor:
    return a * (1 - t) + b * t


# Which corners lie at the start and the end of a side, for sides along y (NY) and x (NX).
_ENDS = {NY: ([0, 1], [2, 3]), NX: ([0, 2], [1, 3])}


def _split(rects: Rects, side: int) -> Rects:
    """Each rectangle longer than LEAF_SIDE along `side` becomes its two halves."""
    long = rects.geom[:, side] > LEAF_SIDE
    if not bool(long.any()):
        return rects
    keep, cut = rects.where(~long), rects.where(long)
    n = cut.geom[:, side]
    first = n // 2
    # Values at the last pixel of the first half and the first pixel of the second half.
    end = ((first - 1).float() / (n - 1).float())[:, None]
    begin = (first.float() / (n - 1).float())[:, None]
    start_corners, end_corners = _ENDS[side]
    a, b = cut.corners[:, start_corners], cut.corners[:, end_corners]
    head, tail = cut.corners.clone(), cut.corners.clone()
    head[:, end_corners] = _lerp(a, b, end)
    tail[:, start_corners] = _lerp(a, b, begin)
    head_geom, tail_geom = cut.geom.clone(), cut.geom.clone()
    head_geom[:, side] = first
    tail_geom[:, side] = n - first
    tail_geom[:, Y0 if side == NY else X0] += first
    return concat([keep, Rects(head_geom, head), Rects(tail_geom, tail)])


def patch_bounds(grid: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """(..., 2 Py, 2 Px) values at the pieces' first and last pixels -> least and greatest
    value of each patch, (..., Py, Px)."""
    a, b = grid[..., 0::2, 0::2], grid[..., 0::2, 1::2]
    c, d = grid[..., 1::2, 0::2], grid[..., 1::2, 1::2]
    return (torch.minimum(torch.minimum(a, b), torch.minimum(c, d)),
            torch.maximum(torch.maximum(a, b), torch.maximum(c, d)))


def patch_rects(grid: torch.Tensor, owner: torch.Tensor, slot: torch.Tensor, py: torch.Tensor,
                px: torch.Tensor, rows, cols) -> Rects:
    """Rects for patches (row piece py, column piece px) of the corner grids `slot` of `grid`
    (U, 2 Py, 2 Px), belonging to `owner`."""
    y, x = 2 * py, 2 * px
    corners = torch.stack([grid[slot, y, x], grid[slot, y, x + 1], grid[slot, y + 1, x],
                           grid[slot, y + 1, x + 1]], 1)
    start_y, start_x = torch.from_numpy(rows.start), torch.from_numpy(cols.start)
    len_y, len_x = torch.from_numpy(rows.length), torch.from_numpy(cols.length)
    return Rects.of(owner, start_y[py], start_x[px], len_y[py], len_x[px], corners)
