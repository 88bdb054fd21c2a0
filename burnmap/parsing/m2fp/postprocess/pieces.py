"""One axis of the output split into pieces on which the resampling chain is affine.

An output row's mask logit is a fixed combination of a few stride-4 rows (resize.chain_matrix).
That combination changes linearly from one output row to the next except at a few kinks, about
two per stride-4 row whatever the photo's size. Between two kinks (a piece) the logit is affine in
the row; over a piece of rows times a piece of columns it is bilinear, so four corner values give
it exactly, and its extremes are at those corners (rects.py).
"""
from __future__ import annotations

from functools import cache

import numpy as np
import torch

from burnmap.parsing.m2fp.postprocess.resize import chain_matrix

QUADRATURE_NODES = 3   # per axis: exact for polynomials of degree 5 in each direction
# Relative error of the 3-point rule summing sigmoid(logit) over a run of pixels whose logits are
# positive and change linearly by at most RANGE: three times the largest error measured over
# runs of 4 to 64 pixels and every start from 0 to 12 (test_m2fp_rects checks the bound).
ERROR_RANGE = torch.tensor([0.5, 1.0, 1.5, 2.0, 3.0, 4.0, 6.0, 8.0, 12.0, 16.0, 24.0, 32.0])
ERROR_BOUND = torch.tensor([3e-8, 2e-6, 2e-5, 7e-5, 2e-4, 1e-3, 6e-3, 1.4e-2, 1.5e-2, 2.2e-2,
                            6.4e-2, 1.2e-1, 1.0])


def quadrature_error(logit_range: torch.Tensor) -> torch.Tensor:
    """Bound on the rule's relative error for logits that change by `logit_range` (1 beyond
    the table: no bound)."""
    return ERROR_BOUND[torch.bucketize(logit_range, ERROR_RANGE)]


class AxisPieces:
    """The pieces of one axis, ordered by length (so that pieces of one length are a contiguous
    slice): `start` and `length` in output pixels, and the chain's rows at each piece's first
    and last pixel (`corner_rows`, (2 * pieces, n_low), interleaved)."""

    def __init__(self, n_low: int, n_padded: int, n_valid: int, n_out: int):
        chain = chain_matrix(n_low, n_padded, n_valid, n_out).numpy()
        start = _affine_runs(chain)
        length = np.diff(np.append(start, n_out))
        order = np.lexsort((start, length))
        self.start, self.length = start[order], length[order]
        self.spatial = np.argsort(self.start)      # pieces from top (left) to bottom (right)
        last = self.start + self.length - 1
        corners = np.stack([chain[self.start], chain[last]], axis=1).reshape(-1, n_low)
        self.corner_rows = torch.from_numpy(corners).float()
        self.count = len(start)
        self.size = n_out
        bounds = np.flatnonzero(np.diff(self.length)) + 1
        self.groups = [(int(self.length[a]), slice(int(a), int(b))) for a, b in
                       zip(np.append(0, bounds), np.append(bounds, self.count), strict=True)]

    def expand(self, values: np.ndarray, axis: int) -> np.ndarray:
        """Per-piece values (in piece order along `axis`) repeated over each piece's pixels."""
        return np.repeat(values.take(self.spatial, axis=axis), self.length[self.spatial],
                         axis=axis)


def _affine_runs(chain: np.ndarray) -> np.ndarray:
    """First row of each maximal run of rows that is affine in the row index (float64 chain)."""
    step = np.diff(chain, axis=0)
    kink = np.abs(np.diff(step, axis=0)).max(axis=1) > 1e-9   # kink[i]: rows i, i+1, i+2 bend
    starts = [0]
    for row in range(2, chain.shape[0]):
        # A piece of one row takes any next row; a longer one only rows that keep it affine.
        if row - starts[-1] >= 2 and kink[row - 2]:
            starts.append(row)
    return np.array(starts)


@cache
def gauss_rule(n: int, m: int = QUADRATURE_NODES) -> tuple[np.ndarray, np.ndarray]:
    """Nodes (fractions of n - 1) and weights of the m-point Gauss rule for a sum over n
    equally spaced pixels, padded to m with zero weights. For n <= m the nodes are the pixels.

    The rule is Gauss for the discrete uniform measure on 0..n-1 (Golub-Welsch with the discrete
    Chebyshev recurrence), so a smooth function's sum over the pixels, not its integral, is what
    it approximates."""
    nodes, weights = np.zeros(m), np.zeros(m)
    if n <= m:
        nodes[:n], weights[:n] = np.arange(n), 1.0
    else:
        k = np.arange(1, m)
        beta = k ** 2 * (n ** 2 - k ** 2) / (4.0 * (4 * k ** 2 - 1))
        jacobi = np.diag(np.full(m, (n - 1) / 2.0)) + np.diag(np.sqrt(beta), 1) + np.diag(
            np.sqrt(beta), -1)
        nodes, vectors = np.linalg.eigh(jacobi)
        weights = n * vectors[0] ** 2
    return nodes / max(n - 1, 1), weights
