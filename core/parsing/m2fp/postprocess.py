"""M2FP's multi-person post-processing (`parsing_on`) at the photo's resolution, in bounded memory.

The reference holds about a hundred full-resolution float maps at once (29 GB for a 12-megapixel
photo). The same numbers come out of two passes over bands of output rows:
1. per instance, the mean foreground probability (its mask score), area and bounding box;
2. the semantic map (per class, instances pasted in ascending score order, averaged where they
   overlap, then argmax) and the boolean masks of the instances that are reported.
Mask logits at full resolution are produced band by band from the stride-4 logits through the exact
resampling chain of the reference (see resize.py).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

from ..base import Instance
from .resize import BandedRows, chain_matrix

TOP_K = 100
REPORT_THR = 0.1          # the reference reports parts with score >= 0.1 and persons > 0.1
BAND_ROWS = 32           # output rows per band: small keeps each band's matrix product cheap


@dataclass(frozen=True)
class Geometry:
    """Sizes along the chain: stride-4 logits, padded input, valid (resized photo), output."""
    low: tuple[int, int]
    padded: tuple[int, int]
    valid: tuple[int, int]
    out: tuple[int, int]


@dataclass
class Candidates:
    """The top-k (query, class) pairs, their scores, and the distinct queries they use."""
    labels: torch.Tensor      # (K,) class id
    class_scores: torch.Tensor
    slot: torch.Tensor        # (K,) index into `queries`
    queries: torch.Tensor     # (U,) query ids


def select_candidates(logits: torch.Tensor, k: int = TOP_K) -> Candidates:
    probs = logits.softmax(-1)[:, :-1]
    n_classes = probs.shape[1]
    scores, flat = probs.flatten().topk(min(k, probs.numel()), sorted=True)
    queries, slot = torch.unique(flat // n_classes, return_inverse=True)
    return Candidates(flat % n_classes, scores, slot, queries)


class FullResLogits:
    """Band-wise full-resolution mask logits of selected queries."""

    def __init__(self, masks: torch.Tensor, geo: Geometry):
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


@dataclass
class MaskStats:
    mean_prob: torch.Tensor  # (U,) mean sigmoid over foreground pixels
    area: torch.Tensor       # (U,) foreground pixels
    row_any: torch.Tensor    # (U, H) bool
    col_any: torch.Tensor    # (U, W) bool


def mask_statistics(full: FullResLogits, n: int) -> MaskStats:
    """Per query: foreground (logit > 0) area, bounding rows/columns, mean foreground sigmoid."""
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
    return MaskStats(mean, area, row_any, col_any)


def _box(row_any: torch.Tensor, col_any: torch.Tensor) -> tuple[int, int, int, int] | None:
    ys, xs = torch.nonzero(row_any).flatten(), torch.nonzero(col_any).flatten()
    if len(ys) == 0:
        return None
    return int(xs[0]), int(ys[0]), int(xs[-1]), int(ys[-1])


@dataclass(frozen=True)
class Scored:
    """One (query, class) candidate with its final score = class probability x mask score."""
    index: int   # position among the candidates
    slot: int    # index of its query among the distinct queries
    label: int
    score: float


def _score_candidates(cands: Candidates, stats: MaskStats) -> list[Scored]:
    scores = cands.class_scores * stats.mean_prob[cands.slot]
    return [Scored(i, int(s), int(l), float(v))
            for i, (s, l, v) in enumerate(zip(cands.slot, cands.labels, scores))]


@dataclass
class ParsingResult:
    labels: np.ndarray
    parts: list[Instance]
    persons: list[Instance]


def parsing_inference(logits: torch.Tensor, masks: torch.Tensor, geo: Geometry,
                      class_names: tuple[str, ...], num_parsing: int, paste_thr: float
                      ) -> ParsingResult:
    """Semantic part map and part/person instances at the output resolution."""
    cands = select_candidates(logits)
    full = FullResLogits(masks[cands.queries], geo)
    stats = mask_statistics(full, len(cands.queries))
    scored = _score_candidates(cands, stats)
    pasted = sorted((c for c in scored if c.label != num_parsing and c.score >= paste_thr),
                    key=lambda c: c.score)
    parts = [c for c in scored if c.label not in (0, num_parsing) and c.score >= REPORT_THR]
    persons = [c for c in scored if c.label == num_parsing and c.score > REPORT_THR]
    reported = [c for c in parts + persons if int(stats.area[c.slot]) > 0]
    crops = {c.index: _empty_crop(stats, c.slot) for c in reported}
    needed = sorted({c.slot for c in pasted} | {c.slot for c in reported})
    labels = np.zeros(geo.out, dtype=np.uint8)
    if needed:
        where = {slot: i for i, slot in enumerate(needed)}
        paster = _Paster(pasted, where, num_parsing, geo.out[1])
        fg_buffer = torch.empty(len(needed), BAND_ROWS, geo.out[1], dtype=torch.bool)
        for rows, band in full.bands(torch.tensor(needed)):
            _fill_crops(band, rows, reported, where, crops, fg_buffer)
            labels[rows] = paster.labels(band.sigmoid_())
    return ParsingResult(labels, _instances(parts, crops, stats, class_names),
                         _instances(persons, crops, stats, class_names))


def _empty_crop(stats: MaskStats, slot: int) -> tuple[tuple[int, int, int, int], np.ndarray]:
    """The box of a query's foreground and a zeroed bit-packed mask for it."""
    box = _box(stats.row_any[slot], stats.col_any[slot])
    x0, y0, x1, y1 = box
    return box, np.zeros((y1 - y0 + 1, (x1 - x0 + 8) // 8), dtype=np.uint8)


def _fill_crops(band, rows: slice, reported, where, crops, fg_buffer) -> None:
    """Copy the foreground (logit > 0) of each reported instance's box rows in this band."""
    if not reported:
        return
    fg = torch.gt(band, 0, out=fg_buffer[:, :band.shape[1]]).numpy()
    for c in reported:
        (x0, y0, x1, y1), crop = crops[c.index]
        top, bottom = max(rows.start, y0), min(rows.stop, y1 + 1)
        if top < bottom:
            part = fg[where[c.slot], top - rows.start:bottom - rows.start, x0:x1 + 1]
            crop[top - y0:bottom - y0] = np.packbits(part, axis=1)


class _Paster:
    """Per band: the semantic labels from the pasted instances' probabilities."""

    def __init__(self, pasted: list[Scored], where: dict[int, int], num_parsing: int,
                 width: int):
        by_class: dict[int, list[Scored]] = {}
        for c in pasted:
            by_class.setdefault(c.label, []).append(c)
        # Ascending class ids with a strict comparison keep argmax's tie rule (lowest id wins);
        # a class with nothing pasted is 0 everywhere and can never win over that.
        self.classes = [(label, torch.tensor([where[c.slot] for c in members]),
                         torch.tensor([c.score for c in members]).view(-1, 1, 1))
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


def _instances(chosen: list[Scored], crops, stats: MaskStats, class_names) -> list[Instance]:
    out = []
    for c in chosen:
        if c.index not in crops:
            continue  # an instance with an empty mask has no pixels to report
        box, packed = crops[c.index]
        out.append(Instance(c.label, class_names[c.label], c.score, int(stats.area[c.slot]), box,
                            packed))
    return out
