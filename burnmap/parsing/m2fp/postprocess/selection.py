"""Which (query, class) pairs become instances: the top-k candidates, their final scores, the
instances pasted into the label map and those reported, as the reference's `parsing_on` does.
"""
from __future__ import annotations

from dataclasses import dataclass

import torch

TOP_K = 100
REPORT_THR = 0.1          # the reference reports parts with score >= 0.1 and persons > 0.1


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


@dataclass
class MaskStats:
    """Per distinct query: mean foreground probability, foreground area and box (x0, y0, x1,
    y1; -1 where the foreground is empty) at the output resolution, and a bound on the error of
    the mean (0 where it was summed pixel by pixel)."""
    mean_prob: torch.Tensor
    area: torch.Tensor
    box: torch.Tensor
    mean_error: torch.Tensor | None = None


@dataclass(frozen=True)
class Scored:
    """One (query, class) candidate with its final score = class probability x mask score."""
    index: int   # position among the candidates
    slot: int    # index of its query among the distinct queries
    label: int
    score: float


@dataclass
class Pasted:
    """The instances pasted into the label map, in ascending score order: their query slots,
    class ids and final scores."""
    slot: torch.Tensor
    label: torch.Tensor
    score: torch.Tensor

    def __post_init__(self):
        self.class_ids = torch.unique(torch.cat([self.label, torch.zeros(1, dtype=torch.long)]))
        # Position of each instance's class on the class axis (class 0 first: it wins ties).
        self.class_pos = torch.searchsorted(self.class_ids, self.label)

    @staticmethod
    def of(chosen: list[Scored]) -> Pasted:
        return Pasted(torch.tensor([c.slot for c in chosen], dtype=torch.long),
                      torch.tensor([c.label for c in chosen], dtype=torch.long),
                      torch.tensor([c.score for c in chosen], dtype=torch.float32))


def score_candidates(cands: Candidates, mean_prob: torch.Tensor) -> list[Scored]:
    scores = cands.class_scores * mean_prob[cands.slot]
    return [Scored(i, int(s), int(lbl), float(v))
            for i, (s, lbl, v) in enumerate(zip(cands.slot, cands.labels, scores, strict=False))]


@dataclass
class Chosen:
    pasted: list[Scored]    # ascending score
    parts: list[Scored]
    persons: list[Scored]


def choose(scored: list[Scored], stats: MaskStats, num_parsing: int, paste_thr: float
           ) -> Chosen:
    """The reference's thresholds: parsing classes with score >= paste_thr are pasted; parts
    (not background) with score >= 0.1 and persons above 0.1 are reported when not empty."""
    pasted = sorted((c for c in scored if c.label != num_parsing and c.score >= paste_thr),
                    key=lambda c: c.score)
    has_pixels = [c for c in scored if int(stats.area[c.slot]) > 0]
    parts = [c for c in has_pixels if c.label not in (0, num_parsing) and c.score >= REPORT_THR]
    persons = [c for c in has_pixels if c.label == num_parsing and c.score > REPORT_THR]
    return Chosen(pasted, parts, persons)
