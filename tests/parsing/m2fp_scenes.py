"""Network outputs with the structure real ones have, for testing M2FP's post-processing alone.

The synthetic model's outputs are nearly one class everywhere and never a person. A scene here
is made of smooth blobs (the shape of a real stride-4 mask: logits from about -12 to 12 with
curved zero crossings), several queries per class so that instances overlap and are averaged,
competing classes, background and persons: every branch of the label rule and of the instance
masks is reached. The post-processing is a pure function of (logits, masks, sizes), so these
outputs test it on its real code path.
"""
from __future__ import annotations

import numpy as np
import torch

from burnmap.parsing.m2fp.postprocess.persons import Geometry

# Classes of the queries: background, face, arms (overlapping instances), upper clothes, hair,
# a leg, and three persons (class 20).
SCENE_CLASSES = (0, 13, 14, 14, 14, 15, 5, 5, 2, 16, 20, 20, 20, 13, 15, 10)


def scene(seed: int, low=(40, 54), valid=(157, 213), out=(700, 950), extra_queries: int = 14):
    """(logits (Q, 22), masks (Q, h, w), Geometry) of a random scene."""
    rng = np.random.default_rng(seed)
    h, w = low
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    n = len(SCENE_CLASSES) + extra_queries
    masks = np.empty((n, h, w), dtype=np.float32)
    for q in range(n):
        field = np.full((h, w), -8.0, dtype=np.float32)
        for _ in range(rng.integers(1, 4)):
            cy, cx = rng.uniform(0, h), rng.uniform(0, w)
            sy, sx = rng.uniform(2, h / 3), rng.uniform(2, w / 3)
            field += rng.uniform(10, 20) * np.exp(-((yy - cy) / sy) ** 2 - ((xx - cx) / sx) ** 2)
        masks[q] = field
    logits = rng.normal(0, 1, (n, 22)).astype(np.float32)
    for q, cls in enumerate(SCENE_CLASSES):
        logits[q, cls] += rng.uniform(5, 9)       # confident queries, scores 0.6-0.99
    logits[len(SCENE_CLASSES):, 21] += 6          # the rest mostly "no object"
    padded = (4 * h, 4 * w)
    return torch.from_numpy(logits), torch.from_numpy(masks), Geometry(low, padded, valid, out)
