"""M2FP post-processing pixel by pixel, in bands of output rows (bounded memory).

Every full-resolution mask logit is computed through the exact resampling chain of the reference
(resize.py), 32 rows at a time. This is the faster method for photos up to a few times the
network's input size, and the oracle the rectangle method (rects.py) is measured against at any
size (tests, bench/parse_speed.py).
"""
from __future__ import annotations

import numpy as np
import torch

from burnmap.parsing.m2fp.postprocess.resize import BandedRows, chain_matrix
from burnmap.parsing.m2fp.postprocess.selection import MaskStats

BAND_ROWS = 32           # output rows per band: small keeps each band's matrix product cheap


class FullResLogits:
    """Band-wise full-resolution mask logits of selected queries."""

    def __init__(self, masks: torch.Tensor, geo):
        rows = chain_matrix(geo.low[0], geo.padded[0], geo.valid[0], geo.out[0])
        cols = chain_matrix(geo.low[1], geo.padded[1], geo.valid[1], geo.out[1]).float()
        self.rows = BandedRows(rows)
        # Columns first: (U, h_low, W) is small because h_low is the stride-4 height.
        self.wide = torch.matmul(masks.float(), cols.t())
        self.height, self.width = geo.out

    def bands(self, subset: torch.Tensor | None = None):
        """Yields (row slice, logits (n, rows, W)) for the queries in `subset` (all if None).

        The yielded tensor is one buffer reused for every band: fresh large allocations would be
        fresh pages, and first-touch page faults cost more than the arithmetic here.
        """
        wide = self.wide if subset is None else self.wide[subset]
        buffer = torch.empty(wide.shape[0], BAND_ROWS, self.width)
        for r0 in range(0, self.height, BAND_ROWS):
            rows = slice(r0, min(self.height, r0 + BAND_ROWS))
            band = buffer[:, :rows.stop - r0]
            self.rows.apply_rows(rows, wide, out=band)
            yield rows, band


class PixelEngine:
    """Statistics, label map and instance masks of the selected queries' masks (U, h, w)."""

    def __init__(self, masks: torch.Tensor, geo):
        self.full = FullResLogits(masks, geo)
        self.n = masks.shape[0]

    def statistics(self) -> MaskStats:
        """Per query: foreground (logit > 0) area, bounding box, mean foreground sigmoid."""
        full, n = self.full, self.n
        prob_sum = torch.zeros(n, dtype=torch.float64)
        area = torch.zeros(n, dtype=torch.int64)
        row_any = torch.zeros(n, full.height, dtype=torch.bool)
        col_any = torch.zeros(n, full.width, dtype=torch.bool)
        background = torch.empty(n, BAND_ROWS, full.width, dtype=torch.bool)
        for rows, logits in full.bands():
            bg = torch.le(logits, 0, out=background[:, :logits.shape[1]])
            # After this, a pixel is foreground exactly where its value is above zero.
            probs = logits.sigmoid_().masked_fill_(bg, 0)
            prob_sum += probs.sum((1, 2)).double()  # short float32 band sums, float64 total
            area += bg[0].numel() - bg.view(torch.uint8).sum((1, 2), dtype=torch.int32)
            row_any[:, rows] = probs.amax(2) > 0
            col_any |= probs.amax(1) > 0
        mean = (prob_sum / (area.double() + 1e-6)).float()
        return MaskStats(mean, area, torch.stack([_box(row_any[i], col_any[i])
                                                  for i in range(n)]))

    def labels(self, pasted) -> np.ndarray:
        """The semantic map from the pasted instances (selection.Pasted)."""
        labels = np.zeros((self.full.height, self.full.width), dtype=np.uint8)
        if len(pasted.slot):
            needed, position = torch.unique(pasted.slot, return_inverse=True)
            paster = _Paster(pasted, position, self.full.width)
            for rows, band in self.full.bands(needed):
                labels[rows] = paster.labels(band.sigmoid_())
        return labels

    def masks_of(self, slots: list[int], boxes: list[tuple[int, int, int, int]]
              ) -> list[np.ndarray]:
        """Foreground masks of queries `slots` within their boxes, bit-packed along rows."""
        crops = [np.zeros((y1 - y0 + 1, (x1 - x0 + 8) // 8), dtype=np.uint8)
                 for x0, y0, x1, y1 in boxes]
        if not slots:
            return crops
        for rows, band in self.full.bands(torch.tensor(slots)):
            fg = (band > 0).numpy()
            for k, (x0, y0, x1, y1) in enumerate(boxes):
                top, bottom = max(rows.start, y0), min(rows.stop, y1 + 1)
                if top < bottom:
                    part = fg[k, top - rows.start:bottom - rows.start, x0:x1 + 1]
                    crops[k][top - y0:bottom - y0] = np.packbits(part, axis=1)
        return crops


def _box(row_any: torch.Tensor, col_any: torch.Tensor) -> torch.Tensor:
    ys, xs = torch.nonzero(row_any).flatten(), torch.nonzero(col_any).flatten()
    if len(ys) == 0:
        return torch.full((4,), -1, dtype=torch.int64)
    return torch.stack([xs[0], ys[0], xs[-1], ys[-1]])


class _Paster:
    """Per band: the semantic labels from the pasted instances' probabilities."""

    def __init__(self, pasted, position: torch.Tensor, width: int):
        by_class: dict[int, list[int]] = {}
        for i, label in enumerate(pasted.label.tolist()):
            by_class.setdefault(label, []).append(i)
        # Ascending class ids with a strict comparison keep argmax's tie rule (lowest id wins);
        # a class with nothing pasted is 0 everywhere and can never win over that.
        self.classes = [(label, position[members], pasted.score[members].view(-1, 1, 1))
                        for label, members in sorted(by_class.items())]
        largest = max((len(rows) for _, rows, _ in self.classes), default=0)
        self.work = torch.empty(largest, BAND_ROWS, width)
        self.hits = torch.empty(largest, BAND_ROWS, width, dtype=torch.bool)

    def labels(self, probs: torch.Tensor) -> np.ndarray:
        """probs: (n, rows, W) sigmoid of the needed queries' logits."""
        h, w = probs.shape[1:]
        best = torch.zeros(h, w)
        best_label = torch.zeros(h, w, dtype=torch.uint8)
        for label, rows, scores in self.classes:
            value = self._class_probability(probs, rows, scores)
            better = value > best if label else torch.ones(h, w, dtype=torch.bool)
            best = torch.where(better, value, best)
            best_label.masked_fill_(better, label)
        return best_label.numpy()

    def _class_probability(self, probs, rows, scores) -> torch.Tensor:
        """Sum of the class's instance probabilities where each exceeds 0.5, divided by the
        number of instances pasted there. The reference adds instances one by one in ascending
        score order; summing them at once differs only in float rounding (about 1e-7)."""
        n, h = len(rows), probs.shape[1]
        p = torch.index_select(probs, 0, rows, out=self.work[:n, :h]).mul_(scores)
        hit = torch.gt(p, 0.5, out=self.hits[:n, :h])
        # At most TOP_K instances overlap, so a uint8 count cannot overflow.
        times = hit.view(torch.uint8).sum(0, dtype=torch.uint8).clamp_(min=1)
        return torch.nn.functional.threshold_(p, 0.5, 0.0).sum(0).div_(times)
