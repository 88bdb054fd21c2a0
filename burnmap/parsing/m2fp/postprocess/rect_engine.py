"""M2FP post-processing a rectangle at a time: statistics and label map whose cost follows the
number of network-resolution patches and the length of the masks' boundaries, not the photo's
pixel count (pieces.py, rects.py)."""
from __future__ import annotations

import numpy as np
import torch

from burnmap.parsing.m2fp.postprocess.exact import PixelEngine
from burnmap.parsing.m2fp.postprocess.mask_stats import corner_grid, mask_statistics
from burnmap.parsing.m2fp.postprocess.pieces import AxisPieces
from burnmap.parsing.m2fp.postprocess.selection import MaskStats, Pasted
from burnmap.parsing.m2fp.postprocess.semantic import semantic_labels


class RectEngine:
    """Statistics, label map and instance masks of the selected queries' masks (U, h, w)."""

    def __init__(self, masks: torch.Tensor, geo):
        self.masks, self.geo = masks, geo
        self.rows = AxisPieces(geo.low[0], geo.padded[0], geo.valid[0], geo.out[0])
        self.cols = AxisPieces(geo.low[1], geo.padded[1], geo.valid[1], geo.out[1])
        self.grid = corner_grid(masks, self.rows, self.cols)

    def statistics(self) -> MaskStats:
        return mask_statistics(self.grid, self.rows, self.cols)

    def labels(self, pasted: Pasted) -> np.ndarray:
        return semantic_labels(self.grid, pasted, self.rows, self.cols)

    def masks_of(self, slots: list[int], boxes: list[tuple[int, int, int, int]]
                 ) -> list[np.ndarray]:
        """Foreground masks of a few queries (the persons), pixel by pixel: for a handful of
        queries that is about a second per 100 megapixels and exact."""
        if not slots:
            return []
        return PixelEngine(self.masks[slots], self.geo).masks_of(list(range(len(slots))), boxes)
