"""M2FP's multi-person post-processing (`parsing_on`) at the photo's resolution, in bounded memory.

The reference holds about a hundred full-resolution float maps at once (29 GB for a 12-megapixel
photo). The same numbers come from one of two methods behind one interface (statistics, labels,
masks): pixel by pixel in bands of rows (exact.py), or a rectangle at a time (rect_engine.py),
whose cost hardly grows with the photo's size. The second is used for photos more than
RECT_ABOVE times the network input's pixels; it gives the same areas, boxes and person masks,
mask scores within a bound it computes (about 1e-5 on the synthetic model), and so the same
label map except where two classes are that close. A score whose bound reaches a threshold is
recomputed pixel by pixel, so that no instance is pasted or reported differently.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

from burnmap.parsing.base import Instance
from burnmap.parsing.m2fp.postprocess.exact import PixelEngine
from burnmap.parsing.m2fp.postprocess.rect_engine import RectEngine
from burnmap.parsing.m2fp.postprocess.selection import (
    REPORT_THR,
    MaskStats,
    Pasted,
    Scored,
    choose,
    score_candidates,
    select_candidates,
)

RECT_ABOVE = 4           # photos with more pixels than this many network inputs use rectangles
FLOAT_SLACK = 1e-6       # float32 rounding of a score, beyond the rule's own error bound


@dataclass(frozen=True)
class Geometry:
    """Sizes along the chain: stride-4 logits, padded input, valid (resized photo), output."""
    low: tuple[int, int]
    padded: tuple[int, int]
    valid: tuple[int, int]
    out: tuple[int, int]

    def method(self) -> str:
        """'rects' for photos much larger than the network input, else 'pixels'."""
        big = self.out[0] * self.out[1] > RECT_ABOVE * self.valid[0] * self.valid[1]
        return "rects" if big else "pixels"


@dataclass
class ParsingResult:
    labels: np.ndarray
    parts: list[Instance]
    persons: list[Instance]


def parsing_inference(logits: torch.Tensor, masks: torch.Tensor, geo: Geometry,
                      class_names: tuple[str, ...], num_parsing: int, paste_thr: float,
                      method: str | None = None) -> ParsingResult:
    """Semantic part map and part/person instances at the output resolution."""
    cands = select_candidates(logits)
    chosen_masks = masks[cands.queries]
    method = method or geo.method()
    engine = RectEngine(chosen_masks, geo) if method == "rects" else PixelEngine(chosen_masks, geo)
    stats = engine.statistics()
    if method == "rects":
        _settle_near_thresholds(stats, cands, chosen_masks, geo, (paste_thr, REPORT_THR))
    chosen = choose(score_candidates(cands, stats.mean_prob), stats, num_parsing, paste_thr)
    labels = engine.labels(Pasted.of(chosen.pasted))
    boxes = [tuple(int(v) for v in stats.box[c.slot]) for c in chosen.persons]
    masks_of_persons = engine.masks_of([c.slot for c in chosen.persons], boxes)
    parts = [_instance(c, class_names, stats) for c in chosen.parts]
    persons = [_instance(c, class_names, stats, m) for c, m in zip(chosen.persons,
                                                                   masks_of_persons, strict=False)]
    return ParsingResult(labels, parts, persons)


def _settle_near_thresholds(stats: MaskStats, cands, masks, geo, thresholds) -> None:
    """Pixel-by-pixel mask scores for the queries whose score could lie on the other side of a
    threshold (within its error bound), so that the rectangle method never crosses one."""
    scores = cands.class_scores * stats.mean_prob[cands.slot]
    slack = cands.class_scores * stats.mean_error[cands.slot] + FLOAT_SLACK
    near = torch.zeros_like(scores, dtype=torch.bool)
    for threshold in thresholds:
        near |= (scores - threshold).abs() <= slack
    slots = torch.unique(cands.slot[near])
    if len(slots):
        stats.mean_prob[slots] = PixelEngine(masks[slots], geo).statistics().mean_prob


def _instance(c: Scored, class_names, stats: MaskStats, packed: np.ndarray | None = None
              ) -> Instance:
    """A reported instance; parts carry no pixel mask (the label map holds their pixels)."""
    box = tuple(int(v) for v in stats.box[c.slot])
    return Instance(c.label, class_names[c.label], c.score, int(stats.area[c.slot]), box, packed)
