"""Burns over a major joint (a referral criterion): burned pixels near each joint of the skeleton.

"Near" is a disc around the joint whose radius is a share of the patient's height on the photo
(about 7 cm on an adult of 1.75 m): what the skin over a shoulder, elbow, wrist, hip, knee or
ankle covers in a photo, not a precise anatomical boundary, so a burn beside the disc may still
need the clinician's judgement.
"""
from __future__ import annotations

import numpy as np

from .burn import DEPTH_NAMES, DEPTHS
from .regions import JOINTS

MAJOR_JOINTS = JOINTS   # shoulder, elbow, wrist, hip, knee, ankle: the major joints
RADIUS_OF_HEIGHT = 0.04


def joint_burns(photos) -> dict[str, dict[str, int]] | None:
    """joint name ('left_elbow') -> {depth name: burned pixels near it}, over every photo with
    a region map; None when no photo has known joints (the criterion is then 'to check')."""
    out: dict[str, dict[str, int]] = {}
    for state in photos:
        if state.regions is None or not state.regions.joints.points:
            continue
        for name, counts in _photo_joint_burns(state.regions, state.burn.values).items():
            total = out.setdefault(name, {DEPTH_NAMES[d]: 0 for d in DEPTHS})
            for depth, n in counts.items():
                total[depth] += n
    return out or None


def _photo_joint_burns(regions, burn: np.ndarray) -> dict[str, dict[str, int]]:
    out = {}
    flat = burn.ravel()
    for name, where in _discs(regions).items():
        counts = np.bincount(flat[where], minlength=max(DEPTHS) + 1)
        out[name] = {DEPTH_NAMES[d]: int(counts[d]) for d in DEPTHS}
    return out


def _discs(regions) -> dict[str, np.ndarray]:
    """Per major joint: the flat indices of the body's pixels in its disc. The region map and
    its joints never change, so they are found once (this runs after every stroke)."""
    cached = getattr(regions, "_joint_discs", None)
    if cached is not None:
        return cached
    height = regions.body_height()
    radius = max(RADIUS_OF_HEIGHT * height, 2.0)
    discs = {}
    for name, (x, y) in regions.joints.points.items() if height else ():
        if name.split("_", 1)[-1] in MAJOR_JOINTS:
            discs[name] = _disc(regions.ids, x, y, radius)
    regions._joint_discs = discs
    return discs


def _disc(ids, x, y, radius) -> np.ndarray:
    h, w = ids.shape
    y0, y1 = max(int(y - radius), 0), min(int(y + radius) + 1, h)
    x0, x1 = max(int(x - radius), 0), min(int(x + radius) + 1, w)
    if y0 >= y1 or x0 >= x1:
        return np.zeros(0, np.intp)
    yy, xx = np.ogrid[y0:y1, x0:x1]
    inside = ((yy - y) ** 2 + (xx - x) ** 2 <= radius ** 2) & (ids[y0:y1, x0:x1] > 0)
    ys, xs = np.nonzero(inside)
    return (ys + y0) * w + xs + x0
