"""M2FP's semantic part map at full resolution, decided a rectangle at a time where bounds allow.

The reference's rule per pixel: for each class, the pasted instances' probabilities p = sigmoid(
logit) x score that exceed 0.5 are averaged (0 where none does); the label is the first class with
the greatest value. Over a rectangle each instance's p lies between its values at the corners'
least and greatest logit, so each class's value lies between bounds too: at most the greatest p
of an instance that may exceed 0.5, at least the least such p when some instance exceeds 0.5
everywhere (an average lies between its smallest and largest term), else 0. A rectangle whose
best lower bound beats every other class's upper bound has that label throughout; the others
are split until small, then computed pixel by pixel from the instances that may count there.
"""
from __future__ import annotations

import numpy as np
import torch

from burnmap.parsing.m2fp.postprocess.pieces import AxisPieces
from burnmap.parsing.m2fp.postprocess.rects import Rects, concat, patch_bounds, patch_rects
from burnmap.parsing.m2fp.postprocess.selection import Pasted

PROB_EPS = 1e-5      # probabilities this close do not decide (float rounding of the chain)
INSTANCE_CHUNK = 8


def semantic_labels(grid: torch.Tensor, pasted: Pasted, rows: AxisPieces, cols: AxisPieces
                    ) -> np.ndarray:
    """(H, W) uint8 labels from the queries' corner grids (U, 2 Py, 2 Px)."""
    shape = (rows.size, cols.size)
    if len(pasted.slot) == 0:
        return np.zeros(shape, dtype=np.uint8)
    upper, lower = _patch_class_bounds(grid, pasted)
    decided, label = _decide(upper, lower, pasted.class_ids)
    labels = rows.expand(cols.expand(label.numpy().astype(np.uint8), axis=1), axis=0)
    flat = torch.from_numpy(labels.reshape(-1))
    py, px = torch.nonzero(~decided, as_tuple=True)
    pairs = _uncertain_pairs(grid, pasted, py, px, rows, cols)
    _refine(pairs, pasted, flat, cols.size)
    return labels


def _patch_class_bounds(grid, pasted: Pasted):
    """Per class and patch: upper and lower bounds of the class's value, (C, Py, Px) each."""
    n_classes = len(pasted.class_ids)
    size = (n_classes, grid.shape[1] // 2, grid.shape[2] // 2)
    upper, least = torch.zeros(size), torch.full(size, float("inf"))
    certain = torch.zeros(size, dtype=torch.bool)
    for i0 in range(0, len(pasted.slot), INSTANCE_CHUNK):
        chosen = slice(i0, i0 + INSTANCE_CHUNK)
        lo, hi = patch_bounds(grid[pasted.slot[chosen]])
        score = pasted.score[chosen].view(-1, 1, 1)
        p_lo, p_hi = lo.sigmoid_().mul_(score), hi.sigmoid_().mul_(score)
        possible = p_hi > 0.5 - PROB_EPS
        for k, pos in enumerate(pasted.class_pos[chosen].tolist()):
            upper[pos] = torch.maximum(upper[pos], torch.where(possible[k], p_hi[k], 0))
            least[pos] = torch.where(possible[k], torch.minimum(least[pos],
                                                                p_lo[k].clamp(min=0.5)),
                                     least[pos])
            certain[pos] |= p_lo[k] > 0.5 + PROB_EPS
    return upper, torch.where(certain, least, 0)


def _decide(upper: torch.Tensor, lower: torch.Tensor, class_ids: torch.Tensor):
    """(decided, label) per cell from class bounds (C, ...): decided where one class's lower
    bound beats every other class's upper bound, or where no class can have a value."""
    best = lower.argmax(0)
    best_lower = lower.gather(0, best[None])[0]
    if upper.shape[0] > 1:
        top = upper.topk(2, dim=0)
        other = torch.where(top.indices[0] == best, top.values[1], top.values[0])
    else:
        other = torch.zeros_like(best_lower)
    nothing = upper.amax(0) <= 0
    wins = best_lower > other + PROB_EPS
    label = torch.where(wins & ~nothing, class_ids[best], 0)
    return wins | nothing, label


def _uncertain_pairs(grid, pasted: Pasted, py, px, rows, cols) -> Rects:
    """(instance, undecided patch) rectangles for the instances that may count there."""
    parts = []
    y, x = 2 * py, 2 * px
    for i in range(len(pasted.slot)):
        g = grid[pasted.slot[i]]
        hi = torch.maximum(torch.maximum(g[y, x], g[y, x + 1]),
                           torch.maximum(g[y + 1, x], g[y + 1, x + 1]))
        keep = torch.nonzero(hi.sigmoid() * pasted.score[i] > 0.5 - PROB_EPS).flatten()
        owner = torch.full((len(keep),), i, dtype=torch.long)
        slot = pasted.slot[i].expand(len(keep))
        parts.append(patch_rects(grid, owner, slot, py[keep], px[keep], rows, cols))
    return concat(parts)


def _refine(pairs: Rects, pasted: Pasted, flat: torch.Tensor, width: int) -> None:
    """Undecided rectangles: small ones pixel by pixel, larger ones split and decided again."""
    while len(pairs):
        leaf = pairs.is_leaf()
        _pixel_labels(pairs.where(leaf), pasted, flat, width)
        pairs = _decide_rects(pairs.where(~leaf).split(), pasted, flat, width)


def _class_cells(pairs: Rects, pasted: Pasted, width: int):
    """The distinct rectangles among the pairs (one index per pair) and each pair's
    (rectangle, class) cell."""
    rect, index = torch.unique(pairs.key(width), return_inverse=True)
    first = torch.zeros(len(rect), dtype=torch.long).scatter_(0, index, torch.arange(len(index)))
    return first, index, index * len(pasted.class_ids) + pasted.class_pos[pairs.owner]


def _decide_rects(pairs: Rects, pasted: Pasted, flat, width) -> Rects:
    """Fills the rectangles that the bounds decide; returns the pairs of the others."""
    lo, hi = pairs.bounds()
    score = pasted.score[pairs.owner]
    keep = hi.sigmoid() * score > 0.5 - PROB_EPS
    pairs, lo, hi, score = pairs.where(keep), lo[keep], hi[keep], score[keep]
    p_lo, p_hi = lo.sigmoid_().mul_(score), hi.sigmoid_().mul_(score)
    first, index, cell = _class_cells(pairs, pasted, width)
    n_classes = len(pasted.class_ids)
    size = len(first) * n_classes
    upper = torch.zeros(size).scatter_reduce_(0, cell, p_hi, "amax")
    least = torch.full((size,), float("inf")).scatter_reduce_(0, cell, p_lo.clamp(min=0.5),
                                                              "amin")
    certain = torch.zeros(size).scatter_reduce_(0, cell, (p_lo > 0.5 + PROB_EPS).float(), "amax")
    lower = torch.where(certain > 0, least, 0)
    decided, label = _decide(upper.view(-1, n_classes).t(), lower.view(-1, n_classes).t(),
                             pasted.class_ids)
    fill = torch.nonzero(decided & (label > 0)).flatten()
    _fill(pairs.take(first[fill]), label[fill], flat, width)
    return pairs.where(~decided[index])


def _fill(rects: Rects, label: torch.Tensor, flat: torch.Tensor, width: int) -> None:
    for (ny, nx), index in rects.shapes():
        pixels = rects.take(index).pixel_index(ny, nx, width)
        flat[pixels] = label[index].to(torch.uint8)[:, None].expand(-1, ny * nx)


def _pixel_labels(pairs: Rects, pasted: Pasted, flat: torch.Tensor, width: int) -> None:
    """The reference's rule at every pixel of small rectangles."""
    n_classes = len(pasted.class_ids)
    for (ny, nx), index in pairs.shapes():
        group = pairs.take(index)
        first, _, cell = _class_cells(group, pasted, width)
        p = group.pixel_values(ny, nx).sigmoid_().mul_(pasted.score[group.owner][:, None])
        hit = p > 0.5
        sums = torch.zeros(len(first) * n_classes, ny * nx).index_add_(0, cell, p * hit)
        counts = torch.zeros(len(first) * n_classes, ny * nx).index_add_(0, cell, hit.float())
        value = (sums / counts.clamp_(min=1)).view(len(first), n_classes, -1)
        label = pasted.class_ids[value.argmax(1)].to(torch.uint8)
        flat[group.take(first).pixel_index(ny, nx, width)] = label
