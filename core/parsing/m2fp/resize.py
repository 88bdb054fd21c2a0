"""Exact bilinear resampling chains as small per-axis matrices.

The reference upsamples mask logits to the padded network size, crops the padding, then resizes to
the photo's size: two `F.interpolate(mode='bilinear', align_corners=False)` calls on about a hundred
full-resolution maps. Both steps are linear and separable, so each axis is one (out x in) matrix,
obtained by running `F.interpolate` itself on an identity basis (the very same weights, no formula
of ours to get wrong). Each output row touches only a few input rows, which `SparseRows` keeps.
"""
from __future__ import annotations

from dataclasses import dataclass

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


@dataclass(frozen=True)
class SparseRows:
    """A banded matrix: row r has weights `weights[r]` at columns `first[r] + 0..k-1`."""
    first: torch.Tensor    # (n_out,) long
    weights: torch.Tensor  # (n_out, k) float32

    @staticmethod
    def from_dense(matrix: torch.Tensor) -> "SparseRows":
        nz = matrix != 0
        n_in = matrix.shape[1]
        cols = torch.arange(n_in).expand_as(matrix)
        first = torch.where(nz, cols, n_in).min(1).values.clamp(max=n_in - 1)
        last = torch.where(nz, cols, -1).max(1).values.clamp(min=0)
        k = int((last - first).max()) + 1
        first = first.clamp(max=n_in - k)
        idx = first[:, None] + torch.arange(k)
        return SparseRows(first, matrix.gather(1, idx).float())

    def apply_rows(self, rows: slice, source: torch.Tensor) -> torch.Tensor:
        """Output rows `rows` of (matrix @ source) along source's dim -2: source (U, n_in, W)."""
        first = self.first[rows]
        weights = self.weights[rows]
        out = None
        for j in range(weights.shape[1]):
            term = source[:, first + j, :] * weights[:, j].view(1, -1, 1)
            out = term if out is None else out.add_(term)
        return out
