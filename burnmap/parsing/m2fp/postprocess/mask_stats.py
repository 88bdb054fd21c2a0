"""Per query: foreground area, bounding box and mean foreground probability at full resolution.

The reference computes them from a hundred full-resolution maps. Here a patch (row piece times
column piece) whose four corners are all above zero is foreground throughout, one with all
corners below zero is background, and only the others are looked at row by row. Area and box are
exact: in a mixed patch each row's logit is linear, so its foreground is one run of pixels found
from the zero crossing. Probabilities are summed with Gauss rules (3 x 3 points over whole-
foreground patches, 3 points along each run), each with a bound on its error (pieces.py); the
mean's bound (MaskStats.mean_error) decides which scores are recomputed pixel by pixel near a
threshold. On the synthetic model the means come within about 3e-5 of the pixel-by-pixel ones.
"""
from __future__ import annotations

import numpy as np
import torch

from burnmap.parsing.m2fp.postprocess.pieces import AxisPieces, quadrature_error
from burnmap.parsing.m2fp.postprocess.rects import Rects, axis_nodes, concat, patch_bounds, patch_rects
from burnmap.parsing.m2fp.postprocess.selection import MaskStats

# Corner values within this of zero do not decide a rectangle: the chain's float32 rounding is
# about 1e-5 on logits of up to about 70.
LOGIT_EPS = 1e-4
QUERY_CHUNK = 8
MIXED_CHUNK = 1 << 14   # rectangles whose runs are summed at once (some 40 MB of work arrays)
EMPTY = 1 << 40    # a first position beyond any image


def corner_grid(masks: torch.Tensor, rows: AxisPieces, cols: AxisPieces) -> torch.Tensor:
    """(U, 2 Py, 2 Px) full-resolution logits at the first and last pixel of every piece."""
    grid = torch.empty(masks.shape[0], 2 * rows.count, 2 * cols.count)
    for q0 in range(0, masks.shape[0], QUERY_CHUNK):
        chunk = masks[q0:q0 + QUERY_CHUNK].float()
        grid[q0:q0 + len(chunk)] = rows.corner_rows @ (chunk @ cols.corner_rows.t())
    return grid


def mask_statistics(grid: torch.Tensor, rows: AxisPieces, cols: AxisPieces) -> MaskStats:
    """Stats of every query at the output resolution, from its corner grid (corner_grid)."""
    n = grid.shape[0]
    totals = _Totals(n, rows.size, cols.size)
    pending = []
    for q0 in range(0, n, QUERY_CHUNK):
        chunk = slice(q0, min(n, q0 + QUERY_CHUNK))
        lo, hi = patch_bounds(grid[chunk])
        fg = lo > LOGIT_EPS
        _foreground_patches(totals, chunk, grid[chunk], fg, lo, hi, rows, cols)
        q, py, px = torch.nonzero((hi >= -LOGIT_EPS) & ~fg, as_tuple=True)
        pending.append(patch_rects(grid, q + q0, q + q0, py, px, rows, cols))
    totals.add_mixed(concat(pending))
    return totals.stats()


class _Totals:
    """Accumulates area, probability sum and extents per query."""

    def __init__(self, n: int, height: int, width: int):
        self.prob = torch.zeros(n, dtype=torch.float64)
        self.error = torch.zeros(n, dtype=torch.float64)   # bound on the error of `prob`
        self.area = torch.zeros(n, dtype=torch.int64)
        self.low = torch.full((n, 2), EMPTY, dtype=torch.int64)    # least x, y
        self.high = torch.full((n, 2), -1, dtype=torch.int64)      # greatest x, y

    def add(self, owner, prob, error, area, x0, y0, x1, y1) -> None:
        self.prob.index_add_(0, owner, prob.double())
        self.error.index_add_(0, owner, error.double())
        self.area.index_add_(0, owner, area.long())
        for col, lo, hi in ((0, x0, x1), (1, y0, y1)):
            self.low[:, col].scatter_reduce_(0, owner, lo, "amin")
            self.high[:, col].scatter_reduce_(0, owner, hi, "amax")

    def add_mixed(self, rects: Rects) -> None:
        """Rectangles that are foreground in part: row by row, the run above zero; a bounded
        number at a time (all of a 12-megapixel photo's at once took 1.9 GB)."""
        for (ny, nx), index in rects.shapes():
            for some_index in index.split(MIXED_CHUNK):
                self._add_runs(rects.take(some_index), ny, nx)

    def _add_runs(self, part: Rects, ny: int, nx: int) -> None:
        """Rectangles all ny x nx pixels."""
        runs = part.positive_runs(ny, nx)
        some = runs.count > 0
        y0, y1 = _extent(some, part.y0)
        x0 = part.x0 + torch.where(some, runs.start, float(EMPTY)).amin(1).long()
        x1 = part.x0 + torch.where(some, runs.end, -1.0).amax(1).long()
        x1[y1 < 0] = -1
        self.add(part.owner, *runs.sigmoid_sums(), runs.count.sum(1).long(), x0, y0, x1, y1)

    def stats(self) -> MaskStats:
        area = self.area.double() + 1e-6
        mean = (self.prob / area).float()
        box = torch.cat([self.low, self.high], 1)
        box[self.area == 0] = -1
        return MaskStats(mean, self.area, box, (self.error / area).float())


def _extent(on: torch.Tensor, start: torch.Tensor):
    """First and last set position of each row of `on` (N, n), offset by `start`; a row with
    none set gives (EMPTY, -1), which the min/max reductions ignore."""
    n = on.shape[1]
    some = on.any(1)
    first = on.to(torch.uint8).argmax(1)            # argmax returns the first maximum
    last = n - 1 - on.flip(1).to(torch.uint8).argmax(1)
    return torch.where(some, start + first, EMPTY), torch.where(some, start + last, -1)


def _foreground_patches(totals: _Totals, chunk: slice, grid: torch.Tensor, fg: torch.Tensor,
                        lo: torch.Tensor, hi: torch.Tensor, rows: AxisPieces, cols: AxisPieces
                        ) -> None:
    """Whole-foreground patches of a chunk of queries, dense: one group per pair of piece
    lengths, so that the Gauss rule is two small matrix products per group."""
    c = grid.shape[0]
    sums = torch.zeros(fg.shape)
    for ny, ry in rows.groups:
        ends_y, weights_y = axis_nodes(ny)
        for nx, rx in cols.groups:
            ends_x, weights_x = axis_nodes(nx)
            a, b = ry.stop - ry.start, rx.stop - rx.start
            sub = grid[:, 2 * ry.start:2 * ry.stop, 2 * rx.start:2 * rx.stop]
            at_x = sub.reshape(c, 2 * a, b, 2) @ ends_x                   # (c, 2a, b, mx)
            at_xy = ends_y.t() @ at_x.reshape(c, a, 2, -1)                # (c, a, my, b mx)
            at_xy = weights_y @ at_xy.sigmoid_()                          # (c, a, b mx)
            sums[:, ry, rx] = at_xy.view(c, a, b, -1) @ weights_x         # (c, a, b)
    pixels = torch.from_numpy(np.outer(rows.length, cols.length))
    # The 2-D rule errs at most as the 1-D rule does along each side; and never by more than
    # the pixels times the change of sigmoid over the patch.
    change = (hi.sigmoid() - lo.sigmoid()) * pixels
    error = torch.minimum(2 * sums * quadrature_error(hi - lo), change)
    area = (fg * pixels).sum((1, 2))
    y0, y1 = _piece_extent(fg.any(2), rows)
    x0, x1 = _piece_extent(fg.any(1), cols)
    totals.add(torch.arange(chunk.start, chunk.stop), (sums * fg).sum((1, 2)),
               (error * fg).sum((1, 2)), area, x0, y0, x1, y1)


def _piece_extent(on: torch.Tensor, axis: AxisPieces):
    """Per row of `on` (N, pieces): the least first pixel and the greatest last pixel of the
    pieces that are on; (EMPTY, -1) where none is."""
    start = torch.from_numpy(axis.start)
    end = start + torch.from_numpy(axis.length) - 1
    low = torch.where(on, start, EMPTY).amin(1)
    high = torch.where(on, end, -1).amax(1)
    return low, high
