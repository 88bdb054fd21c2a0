"""Joints beyond the photo's edge: where a limb or the trunk leaves the frame, its missing joints
follow the skeleton, not the last pixel.

The pose model reports only joints inside the photo. Estimating the missing ones from the body's
outline (burnmap.body.regions.estimate_joints) puts them at the farthest pixel, so a thigh cut at the
photo's lower edge would get its knee, lower leg and foot squeezed into the last few rows and
each would count as whole. Here an estimated joint of a limb (or trunk) that reaches the photo's
edge is placed instead at its expected distance from the last joint found (body proportions,
burnmap/resources/body_model.json, times the stature the found joints imply), along the limb's direction:
inside the photo or beyond it. What lies beyond is then simply not in the photo.
"""
from __future__ import annotations

import numpy as np

from burnmap.body.body_model import load_body_model
from burnmap.body.surface_frames import stature
from burnmap.photo.bands import row_bands

CHAIN = {"arm": (("shoulder", "elbow", "upper_arm"), ("elbow", "wrist", "forearm")),
         "leg": (("hip", "knee", "thigh"), ("knee", "ankle", "lower_leg"))}


def touches_edge(mask: np.ndarray) -> bool:
    return bool(mask[0].any() or mask[-1].any() or mask[:, 0].any() or mask[:, -1].any())


def place_cut_joints(points: dict, found: set[str], limb, trunk_cut: bool) -> dict:
    """`points`: all joints (found + estimated); `found`: the names the pose or clinician
    gave; `limb(kind, side)`: that limb's pixels ("arm"/"leg", "left"/"right": a boolean
    mask); `trunk_cut`: whether the trunk reaches the photo's edge. Returns the joints with
    the estimated joints of limbs (and trunk) that reach the edge placed by the skeleton."""
    estimated = frozenset(set(points) - found)
    height = stature(points, estimated)
    if height is None:
        return points
    fractions = load_body_model().of_stature
    out = dict(points)
    anchors = set(found)
    if trunk_cut:     # hips (or shoulders) placed by the skeleton anchor the limbs below
        anchors |= _place_trunk(out, found, height * fractions["trunk"])
    for kind, links in CHAIN.items():
        for side in ("left", "right"):
            mask = limb(kind, side)
            if mask is not None and touches_edge(mask):
                _place_chain(out, anchors, side, links, height, fractions, mask)
    return out


def _place_chain(out, found, side, links, height, fractions, mask) -> None:
    """From the last joint found (or the limb's root, shoulder or hip, as estimated), the
    estimated ones at their expected lengths, along the direction from it to the middle of the
    limb's pixels beyond it (a stump's middle lies on its axis)."""
    names = [f"{side}_{links[0][0]}"] + [f"{side}_{b}" for _, b, _ in links]
    if names[0] not in out:
        return
    # from the last joint found, else from the root (found or estimated); joints the outline
    # gave no estimate for (a leg seen only as a skirt) are placed too
    known = [i for i, n in enumerate(names) if n in found] or [0]
    if known[-1] == len(names) - 1 or any(i not in known for i in range(known[-1] + 1)):
        return
    k = known[-1]
    start = np.asarray(out[names[k]], float)
    before = np.asarray(out[names[k - 1]], float) if k else None
    direction = _beyond(mask, start, before if k else None) - start
    norm = float(np.hypot(*direction))
    if norm < 1e-6:
        return
    point = start
    for i in range(k + 1, len(names)):
        point = point + direction / norm * height * fractions[links[i - 1][2]]
        out[names[i]] = tuple(point)


def _beyond(mask, start, before) -> np.ndarray:
    """The centroid of the limb's pixels past `start` (away from `before`, if known)."""
    total, sx, sy = 0, 0.0, 0.0
    for rows in row_bands(mask.shape):
        ys, xs = np.nonzero(mask[rows])
        ys = ys + rows.start
        if before is not None:
            keep = (xs - start[0]) * (start[0] - before[0]) + \
                (ys - start[1]) * (start[1] - before[1]) > 0
            xs, ys = xs[keep], ys[keep]
        total += xs.size
        sx, sy = sx + float(xs.sum()), sy + float(ys.sum())
    return np.array([sx, sy]) / total + 0.5 if total else start


def _replace(out, name, start, estimate, length) -> None:
    direction = estimate - start
    norm = float(np.hypot(*direction))
    if norm < 1e-6:
        return
    out[name] = tuple(start + direction / norm * length)


def _place_trunk(out, found, length) -> set[str]:
    """Hips estimated but shoulders found (or the reverse): each side's one from the other.
    Returns the joints placed."""
    for known, missing in (("shoulder", "hip"), ("hip", "shoulder")):
        have = [f"{s}_{known}" for s in ("left", "right")]
        lost = [f"{s}_{missing}" for s in ("left", "right")]
        if all(n in found for n in have) and not any(n in found for n in lost) and \
                all(n in out for n in lost):
            for side in ("left", "right"):
                _replace(out, f"{side}_{missing}", np.asarray(out[f"{side}_{known}"], float),
                         np.asarray(out[f"{side}_{missing}"], float), length)
            return set(lost)
    return set()
