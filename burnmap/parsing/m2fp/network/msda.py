"""Multi-scale deformable attention (Deformable DETR), the one operation M2FP took from mmcv, in PyTorch.

Each query looks at `n_points` sampled locations on each of `n_levels` feature maps per head and sums
bilinearly interpolated values with learnt weights. Bilinear sampling with zero padding outside the
map (grid_sample's `align_corners=False, padding_mode='zeros'`) is written here as a weighted sum of
the four neighbouring cells, and the sum over levels, points and corners is one `embedding_bag` call:
no (queries x heads x samples x channels) tensor is ever materialised, which is what makes the
reference's grid_sample path slow and memory-hungry on a CPU. The cell indices and weights are
computed in int32/float32 along whole rows of (head, level, point) columns, on maps with a zero
border, which made this 3x faster than per-corner masks over (..., 2)-shaped tensors.
"""
from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn


class Levels:
    """What the sampling needs to know of the feature maps, computed once per forward pass (it is the
    same for every encoder layer): sizes, and per sampling column (head, level, point) the numbers
    that turn a position into a row of the value table.

    The value table (`table`) holds every level's map with a border of one zero cell. A bilinear
    corner outside a map then reads a zero row, which is grid_sample's padding_mode='zeros',
    instead of needing a validity mask per corner.
    """

    def __init__(self, shapes: list[tuple[int, int]], heads: int, points: int):
        self.shapes, self.heads = list(shapes), heads
        n_lv = len(shapes)
        self.padded_sizes = [(h + 2) * (w + 2) for h, w in shapes]
        padded_starts = [sum(self.padded_sizes[:i]) for i in range(n_lv)]

        def per_column(values, dtype=torch.int32) -> torch.Tensor:   # (levels,) -> (columns,)
            return torch.tensor(values, dtype=dtype).view(1, n_lv, 1).expand(
                heads, n_lv, points).reshape(-1)

        # Positions are clamped to the padded map [0, size + 1] (its border cells read zero).
        self.last_x = per_column([w + 1 for _, w in shapes])
        self.last_y = per_column([h + 1 for h, _ in shapes])
        self.row_step = per_column([(w + 2) * heads for _, w in shapes])      # one map row down
        head = torch.arange(heads, dtype=torch.int32).view(heads, 1).expand(heads, n_lv * points)
        self.first_row = per_column([s * heads for s in padded_starts]) + head.reshape(-1)
        self.width = per_column([w for _, w in shapes], torch.float32)
        self.height = per_column([h for h, _ in shapes], torch.float32)
        self.limit = float(max(max(h, w) for h, w in shapes) + 1)

    def table(self, value: torch.Tensor) -> torch.Tensor:
        """value (Len_in, heads, dim), levels one after the other -> rows (cell * heads + head) of
        the padded maps."""
        _len_in, heads, dim = value.shape
        table = value.new_empty(sum(self.padded_sizes), heads * dim)
        start_in = start_out = 0
        for (h, w), size in zip(self.shapes, self.padded_sizes, strict=True):
            grid = table[start_out:start_out + size].view(h + 2, w + 2, -1)
            grid[1:-1, 1:-1] = value[start_in:start_in + h * w].view(h, w, -1)
            for border in (grid[0], grid[-1], grid[:, 0], grid[:, -1]):   # not the whole table
                border.zero_()
            start_in, start_out = start_in + h * w, start_out + size
        return table.view(-1, dim)

    def pixels(self, reference: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """Reference points (Lq, 2) normalised (x, y) -> their position in each column's padded
        map, (Lq, columns) for x and for y: loc * size - 0.5 (align_corners=False), + 1 for the
        border. A sampling offset in cells adds to it directly."""
        return (torch.addcmul(torch.tensor(0.5), reference[:, :1], self.width),
                torch.addcmul(torch.tensor(0.5), reference[:, 1:], self.height))


def _corners(pos: torch.Tensor, last: torch.Tensor, limit: float) -> tuple[torch.Tensor, ...]:
    """Cells below and above each position on one axis of the padded map (clamped to its border
    cells 0 and `last`, which read zero) and their bilinear weights."""
    pos = pos.clamp(-1.0, limit)   # keeps the integer conversion in range
    low_f = pos.floor()
    w_high = pos - low_f
    low = low_f.to(torch.int32)
    high = low + 1
    # A NaN position becomes some integer: clamped to the border like any other.
    low = torch.minimum(low.clamp_(min=0), last)
    high = torch.minimum(high.clamp_(min=0), last)
    return low, high, 1 - w_high, w_high


def sample_levels(value: torch.Tensor, levels: Levels, x: torch.Tensor, y: torch.Tensor,
                  weights: torch.Tensor) -> torch.Tensor:
    """Sum of bilinear samples weighted by attention, for a batch of one.

    value: (Len_in, heads, dim); x, y: positions in the padded maps (`Levels.pixels` plus the
    offsets), weights: attention, all three (Lq, columns) with columns = (head, level, point).
    Returns (Lq, heads * dim). Every elementwise step runs along whole rows of columns (no tiny
    trailing dimensions, which make torch's elementwise loops several times slower).
    """
    lq, heads = x.shape[0], levels.heads
    x0, x1, wx0, wx1 = _corners(x, levels.last_x, levels.limit)
    y0, y1, wy0, wy1 = _corners(y, levels.last_y, levels.limit)
    row0 = torch.addcmul(levels.first_row, y0, levels.row_step)
    row1 = torch.addcmul(levels.first_row, y1, levels.row_step)
    x0, x1 = x0 * heads, x1 * heads
    wy0, wy1 = wy0 * weights, wy1 * weights
    # One bag per (query, head) holding its 4 corners x levels x points samples.
    idx = torch.empty(lq, heads, 4, x.shape[1] // heads, dtype=torch.int32)
    coef = torch.empty(lq, heads, 4, x.shape[1] // heads, dtype=value.dtype)
    for corner, (row, col, w_row, w_col) in enumerate(((row0, x0, wy0, wx0), (row0, x1, wy0, wx1),
                                                       (row1, x0, wy1, wx0), (row1, x1, wy1, wx1))):
        torch.add(row.view(lq, heads, -1), col.view(lq, heads, -1), out=idx[:, :, corner])
        torch.mul(w_row.view(lq, heads, -1), w_col.view(lq, heads, -1), out=coef[:, :, corner])
    out = F.embedding_bag(idx.view(lq * heads, -1), levels.table(value), mode="sum",
                          per_sample_weights=coef.view(lq * heads, -1))
    return out.view(lq, -1)


def deformable_sample(value: torch.Tensor, shapes: list[tuple[int, int]], starts: list[int],
                      locations: torch.Tensor, weights: torch.Tensor) -> torch.Tensor:
    """Sum of bilinear samples weighted by attention (the plain interface of `sample_levels`).

    value: (Len_in, heads, dim) for a batch of one, levels starting at `starts` (which must follow
    from `shapes`); locations: (Lq, heads, levels, points, 2) as normalised (x, y); weights: (Lq,
    heads, levels, points). Returns (Lq, heads * dim).
    """
    lq, heads, n_lv, points = weights.shape
    if list(starts) != [sum(h * w for h, w in shapes[:i]) for i in range(n_lv)]:
        raise ValueError("level starts do not follow from the level shapes")
    levels = Levels(shapes, heads, points)
    x = torch.addcmul(torch.tensor(0.5), locations[..., 0].reshape(lq, -1), levels.width)
    y = torch.addcmul(torch.tensor(0.5), locations[..., 1].reshape(lq, -1), levels.height)
    return sample_levels(value, levels, x, y, weights.reshape(lq, -1))


class MSDeformAttn(nn.Module):
    """Deformable attention over `n_levels` flattened feature maps (batch size one at inference)."""

    def __init__(self, d_model: int, n_levels: int, n_heads: int, n_points: int):
        super().__init__()
        self.n_levels, self.n_heads, self.n_points = n_levels, n_heads, n_points
        self.sampling_offsets = nn.Linear(d_model, n_heads * n_levels * n_points * 2)
        self.attention_weights = nn.Linear(d_model, n_heads * n_levels * n_points)
        self.value_proj = nn.Linear(d_model, d_model)
        self.output_proj = nn.Linear(d_model, d_model)

    def forward(self, query: torch.Tensor, reference: tuple[torch.Tensor, torch.Tensor],
                source: torch.Tensor, levels: Levels) -> torch.Tensor:
        """query: (Lq, C); reference: `levels.pixels(points)`; source: (Len_in, C).

        The checkpoint's offsets come as (head, level, point, x/y); the layer's rows are taken
        x first, then y, so that each is a run of whole rows. An offset is in cells of its level
        (the reference divides it by the level's size, then multiplies the sum by it again)."""
        lq, h = query.shape[0], self.n_heads
        value = self.value_proj(source).view(source.shape[0], h, -1)
        w, b = self.sampling_offsets.weight, self.sampling_offsets.bias
        offsets = F.linear(query, w.view(-1, 2, w.shape[1]).transpose(0, 1).reshape(w.shape),
                           b.view(-1, 2).t().reshape(-1))
        columns = offsets.shape[1] // 2
        weights = self.attention_weights(query).view(lq, h, -1).softmax(-1).view(lq, -1)
        x = offsets[:, :columns] + reference[0]
        y = offsets[:, columns:] + reference[1]
        return self.output_proj(sample_levels(value, levels, x, y, weights))


def reference_grid_sample(value: torch.Tensor, shapes: list[tuple[int, int]], starts: list[int],
                          locations: torch.Tensor, weights: torch.Tensor) -> torch.Tensor:
    """The straightforward grid_sample formulation, kept to test `deformable_sample` against."""
    _len_in, heads, dim = value.shape
    lq = locations.shape[0]
    out = torch.zeros(heads, dim, lq)
    for lvl, (h, w) in enumerate(shapes):
        v = value[starts[lvl]:starts[lvl] + h * w].permute(1, 2, 0).reshape(heads, dim, h, w)
        grid = (2 * locations[:, :, lvl] - 1).permute(1, 0, 2, 3)  # heads, Lq, points, 2
        sampled = F.grid_sample(v, grid, mode="bilinear", padding_mode="zeros",
                                align_corners=False)  # heads, dim, Lq, points
        out += (sampled * weights[:, :, lvl].permute(1, 0, 2).unsqueeze(1)).sum(-1)
    return out.permute(2, 0, 1).reshape(lq, heads * dim)
