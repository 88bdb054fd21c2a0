"""Multi-scale deformable attention (Deformable DETR), the one operation M2FP took from mmcv, in PyTorch.

Each query looks at `n_points` sampled locations on each of `n_levels` feature maps per head and sums
bilinearly interpolated values with learnt weights. Bilinear sampling with zero padding outside the
map (grid_sample's `align_corners=False, padding_mode='zeros'`) is written here as a weighted sum of
the four neighbouring cells, and the sum over levels, points and corners is one `embedding_bag` call:
no (queries x heads x samples x channels) tensor is ever materialised, which is what makes the
reference's grid_sample path slow and memory-hungry on a CPU.
"""
from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn


def _axis_terms(loc: torch.Tensor, size: torch.Tensor) -> tuple[torch.Tensor, ...]:
    """Integer cells below/above normalised coordinates and their bilinear weights.

    `loc` in [0, 1] maps to pixel coordinate loc * size - 0.5 (align_corners=False). Cells outside
    the map get weight 0 and a clamped, harmless index.
    """
    pix = loc * size - 0.5
    low_f = torch.floor(pix)
    frac = pix - low_f
    low = low_f.long()
    high = low + 1
    w_low = (1 - frac) * ((low >= 0) & (low < size))
    w_high = frac * ((high >= 0) & (high < size))
    limit = size.long() - 1
    return torch.minimum(low.clamp_(min=0), limit), torch.minimum(high.clamp_(min=0), limit), \
        w_low, w_high


def deformable_sample(value: torch.Tensor, shapes: list[tuple[int, int]], starts: list[int],
                      locations: torch.Tensor, weights: torch.Tensor) -> torch.Tensor:
    """Sum of bilinear samples weighted by attention.

    value: (Len_in, heads, dim) for a batch of one; locations: (Lq, heads, levels, points, 2) as
    normalised (x, y); weights: (Lq, heads, levels, points). Returns (Lq, heads * dim).
    """
    len_in, heads, dim = value.shape
    lq = locations.shape[0]
    n_lv = len(shapes)
    heights = torch.tensor([h for h, _ in shapes], dtype=locations.dtype).view(1, 1, n_lv, 1)
    widths = torch.tensor([w for _, w in shapes], dtype=locations.dtype).view(1, 1, n_lv, 1)
    x0, x1, wx0, wx1 = _axis_terms(locations[..., 0], widths)
    y0, y1, wy0, wy1 = _axis_terms(locations[..., 1], heights)
    # Row of the value table for (head, level start): one bag = one (query, head).
    base = (torch.arange(heads) * len_in).view(1, heads, 1, 1) + \
        torch.tensor(starts).view(1, 1, n_lv, 1)
    w_long = widths.long()
    idx = torch.stack((base + y0 * w_long + x0, base + y0 * w_long + x1,
                       base + y1 * w_long + x0, base + y1 * w_long + x1), -1)
    coef = torch.stack((wy0 * wx0, wy0 * wx1, wy1 * wx0, wy1 * wx1), -1) * weights.unsqueeze(-1)
    table = value.permute(1, 0, 2).reshape(heads * len_in, dim)
    out = F.embedding_bag(idx.view(lq * heads, -1), table, mode="sum",
                          per_sample_weights=coef.view(lq * heads, -1).to(table.dtype))
    return out.view(lq, heads * dim)


class MSDeformAttn(nn.Module):
    """Deformable attention over `n_levels` flattened feature maps (batch size one at inference)."""

    def __init__(self, d_model: int, n_levels: int, n_heads: int, n_points: int):
        super().__init__()
        self.n_levels, self.n_heads, self.n_points = n_levels, n_heads, n_points
        self.sampling_offsets = nn.Linear(d_model, n_heads * n_levels * n_points * 2)
        self.attention_weights = nn.Linear(d_model, n_heads * n_levels * n_points)
        self.value_proj = nn.Linear(d_model, d_model)
        self.output_proj = nn.Linear(d_model, d_model)

    def forward(self, query: torch.Tensor, reference: torch.Tensor, source: torch.Tensor,
                shapes: list[tuple[int, int]], starts: list[int]) -> torch.Tensor:
        """query: (Lq, C); reference: (Lq, 2) normalised (x, y); source: (Len_in, C)."""
        lq = query.shape[0]
        h, lv, p = self.n_heads, self.n_levels, self.n_points
        value = self.value_proj(source).view(source.shape[0], h, -1)
        offsets = self.sampling_offsets(query).view(lq, h, lv, p, 2)
        weights = self.attention_weights(query).view(lq, h, lv * p).softmax(-1).view(lq, h, lv, p)
        normaliser = torch.tensor([[w, hh] for hh, w in shapes], dtype=query.dtype)
        locations = reference.view(lq, 1, 1, 1, 2) + offsets / normaliser.view(1, 1, lv, 1, 2)
        return self.output_proj(deformable_sample(value, shapes, starts, locations, weights))


def reference_grid_sample(value: torch.Tensor, shapes: list[tuple[int, int]], starts: list[int],
                          locations: torch.Tensor, weights: torch.Tensor) -> torch.Tensor:
    """The straightforward grid_sample formulation, kept to test `deformable_sample` against."""
    len_in, heads, dim = value.shape
    lq = locations.shape[0]
    out = torch.zeros(heads, dim, lq)
    for lvl, (h, w) in enumerate(shapes):
        v = value[starts[lvl]:starts[lvl] + h * w].permute(1, 2, 0).reshape(heads, dim, h, w)
        grid = (2 * locations[:, :, lvl] - 1).permute(1, 0, 2, 3)  # heads, Lq, points, 2
        sampled = F.grid_sample(v, grid, mode="bilinear", padding_mode="zeros",
                                align_corners=False)  # heads, dim, Lq, points
        out += (sampled * weights[:, :, lvl].permute(1, 0, 2).unsqueeze(1)).sum(-1)
    return out.permute(2, 0, 1).reshape(lq, heads * dim)
