"""Exact bilinear resampling chains as small per-axis matrices.

The reference upsamples mask logits to the padded network size, crops the padding, then resizes to
the photo's size: two `F.interpolate(mode='bilinear', align_corners=False)` calls on about a hundred
full-resolution maps. Both steps are linear and separable, so each axis is one (out x in) matrix,
obtained by running `F.interpolate` itself on an identity basis (the very same weights, no formula
of ours to get wrong). Each output row touches only a few input rows, which `BandedRows` uses.
"""
from __future__ import annotations

import torch
import torch.nn.functional as F


def _linear_resize_matrix(n_in: int, n_out: int) -> torch.Tensor:
    """(n_out, n_in) matrix of 1-D linear interpolation, align_corners=False, as PyTorch does it."""
    eye = torch.eye(n_in, dtype=torch.float64).unsqueeze(0)  # (1, n_in basis, n_in samples)
    return F.interpolate(eye, size=n_out, mode="linear", align_corners=False)[0].t()


def chain_matrix(n_low: int, n_padded: int, n_valid: int, n_out: int) -> torch.Tensor:
    """low-res -> padded network size -> crop to the valid part -> output size, (n_out, n_low)."""
    up = _linear_resize_matrix(n_low, n_padded)[:n_valid]
    return _linear_resize_matrix(n_valid, n_out) @ up


class BandedRows:
    """A resampling matrix applied to a few output rows at a time.

    Output rows r0..r1 depend only on a short run of input rows, so each band is one small dense
    matrix product (fast, cache-friendly) instead of a gather per input row.
    """

    def __init__(self, matrix: torch.Tensor):
        self.matrix = matrix.float()
        nz = matrix != 0
        cols = torch.arange(matrix.shape[1]).expand_as(matrix)
        self.first = torch.where(nz, cols, matrix.shape[1]).min(1).values
        self.last = torch.where(nz, cols, -1).max(1).values

    def apply_rows(self, rows: slice, source: torch.Tensor, out: torch.Tensor | None = None
                   ) -> torch.Tensor:
        """Rows `rows` of (matrix @ source) along source's dim -2: source (U, n_in, W)."""
        lo = int(self.first[rows].min())
        hi = int(self.last[rows].max()) + 1
        weights = self.matrix[rows, lo:hi].expand(source.shape[0], -1, -1)
        return torch.bmm(weights, source[:, lo:hi, :], out=out)
