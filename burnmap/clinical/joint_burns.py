"""Burns over a major joint (a referral criterion): burned pixels near each joint of the skeleton.

"Near" is a disc around the joint whose radius is a share of the patient's height on the photo
(about 7 cm on an adult of 1.75 m), counting only the regions that meet at that joint (the left
hip: the trunk, left buttock and left thigh): what the skin over a shoulder, elbow, wrist, hip,
knee or ankle covers in a photo, not a precise anatomical boundary, so a burn beside the disc may
still need the clinician's judgement. A hand hanging beside the hip is not the hip.
"""
from __future__ import annotations

import numpy as np

from burnmap.body.burn import DEPTH_NAMES, DEPTHS
from burnmap.body.regions import JOINTS, REGION_ID

MAJOR_JOINTS = JOINTS   # shoulder, elbow, wrist, hip, knee, ankle: the major joints
RADIUS_OF_HEIGHT = 0.04
# The regions whose skin lies over each joint ({side}: the joint's side, the patient's).
JOINT_REGIONS = {"shoulder": ("trunk", "upper_arm_{side}"),
                 "elbow": ("upper_arm_{side}", "forearm_{side}"),
                 "wrist": ("forearm_{side}", "hand_{side}"),
                 "hip": ("trunk", "buttock_{side}", "thigh_{side}"),
                 "knee": ("thigh_{side}", "lower_leg_{side}"),
                 "ankle": ("lower_leg_{side}", "foot_{side}")}


def joint_region_ids(name: str) -> tuple[int, ...]:
    """'left_hip' -> the region ids meeting at the left hip."""
    side, joint = name.split("_", 1)
    return tuple(REGION_ID[r.format(side=side)] for r in JOINT_REGIONS[joint])


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
    """Per major joint: the flat indices of its regions' pixels in its disc. The region map and
    its joints never change, so they are found once (this runs after every stroke)."""
    cached = getattr(regions, "_joint_discs", None)
    if cached is not None:
        return cached
    rows = np.flatnonzero(regions.ids.any(1))
    height = int(rows[-1] - rows[0] + 1) if rows.size else 0
    radius = max(RADIUS_OF_HEIGHT * height, 2.0)
    discs = {}
    for name, (x, y) in regions.joints.points.items() if height else ():
        if name.split("_", 1)[-1] in MAJOR_JOINTS:
            discs[name] = _disc(regions.ids, x, y, radius, joint_region_ids(name))
    regions._joint_discs = discs
    return discs


def _disc(ids, x, y, radius, region_ids) -> np.ndarray:
    h, w = ids.shape
    y0, y1 = max(int(y - radius), 0), min(int(y + radius) + 1, h)
    x0, x1 = max(int(x - radius), 0), min(int(x + radius) + 1, w)
    if y0 >= y1 or x0 >= x1:
        return np.zeros(0, np.intp)
    yy, xx = np.ogrid[y0:y1, x0:x1]
    inside = ((yy - y) ** 2 + (xx - x) ** 2 <= radius ** 2) & \
        np.isin(ids[y0:y1, x0:x1], region_ids)
    ys, xs = np.nonzero(inside)
    return (ys + y0) * w + xs + x0
