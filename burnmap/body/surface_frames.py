"""Each solid region's axis on a photo, and its outline across that axis.

Axes are set by landmarks so that positions compare across photos: a limb segment runs between its
joints, the trunk from the shoulder line to the hip line; head, neck, hands and feet along their
own extent (hands and feet from the wrist or ankle on). A region cut by the photo's edge keeps
the length the skeleton gives it (body proportions times the stature its found joints imply), so
the part inside the photo maps to the part of the axis it is, and the rest is not shown.

The outline per axis bin comes from where the region's own pixels fill at least half the bin. An
edge that meets a region lying in front (body_model depth ranks: an arm before the flank) or the
photo's edge is hidden: the half-width is then taken from the other edge about the centre line,
or from the bins where both edges are seen.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from burnmap.body.body_model import REGION_ID, REGIONS, load_body_model, segment
from burnmap.photo import bands

CHAINS = {"upper_arm": ("shoulder", "elbow"), "forearm": ("elbow", "wrist"),
          "thigh": ("hip", "knee"), "lower_leg": ("knee", "ankle")}
ENDS = {"hand": ("elbow", "wrist"), "foot": ("knee", "ankle")}
# stature from the distance between two found joints: (joint a, joint b, segment)
SCALE_PAIRS = (("shoulder", "elbow", "upper_arm"), ("elbow", "wrist", "forearm"),
               ("hip", "knee", "thigh"), ("knee", "ankle", "lower_leg"),
               ("shoulder", "hip", "trunk"))


@dataclass(frozen=True)
class Axis:
    """s = 0 at `origin`, 1 at origin + vector; u = offset across it, positive to the right of
    the axis pointing down the photo (the patient's left on an upright anterior view)."""
    origin: tuple[float, float]
    vector: tuple[float, float]
    cut: bool = False           # the region reaches the photo's edge

    @property
    def length(self) -> float:
        return float(np.hypot(*self.vector))

    def coordinates(self, xs: np.ndarray, ys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        dx, dy = self.vector
        length2 = max(dx * dx + dy * dy, 1e-12)
        px, py = xs - self.origin[0], ys - self.origin[1]
        return (px * dx + py * dy) / length2, (px * dy - py * dx) / np.sqrt(length2)

    def point(self, s: np.ndarray, u: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        dx, dy = self.vector
        n = np.hypot(dx, dy)
        return (self.origin[0] + s * dx + u * dy / n, self.origin[1] + s * dy - u * dx / n)


def _touches_edge(box, shape) -> bool:
    y0, y1, x0, x1 = box
    return y0 <= 0 or x0 <= 0 or y1 >= shape[0] or x1 >= shape[1]


def stature(joints: dict, estimated: frozenset[str]) -> float | None:
    """The patient's standing height in pixels implied by the found joints (median over the
    segments whose both ends were found), None when no segment was found whole."""
    fractions = load_body_model().of_stature
    found = {k: np.asarray(v, float) for k, v in joints.items() if k not in estimated}
    guesses = []
    for side in ("left", "right"):
        for a, b, name in SCALE_PAIRS:
            pa, pb = found.get(f"{side}_{a}"), found.get(f"{side}_{b}")
            if pa is not None and pb is not None and np.hypot(*(pb - pa)) > 1:
                guesses.append(float(np.hypot(*(pb - pa))) / fractions[name])
    return float(np.median(guesses)) if guesses else None


def _mean(joints, joint) -> np.ndarray | None:
    pts = [joints.get(f"{s}_{joint}") for s in ("left", "right")]
    pts = [np.asarray(p, float) for p in pts if p is not None]
    return np.mean(pts, axis=0) if pts else None


def _centroid(ids, box, rid) -> np.ndarray:
    y0, y1, x0, x1 = box
    total, sx, sy = 0, 0.0, 0.0
    for rows in bands.row_bands((y1 - y0, x1 - x0)):
        ys, xs = np.nonzero(ids[y0 + rows.start:y0 + rows.stop, x0:x1] == rid)
        total += ys.size
        sx += float(xs.sum() + xs.size * (x0 + 0.5))
        sy += float(ys.sum() + ys.size * (y0 + rows.start + 0.5))
    return np.array([sx, sy]) / max(total, 1)


def _segment_distance(p, a, b) -> float:
    d = b - a
    t = np.clip(np.dot(p - a, d) / max(np.dot(d, d), 1e-9), 0, 1)
    return float(np.hypot(*(p - a - t * d)))


def _chain(joints, names, centre) -> tuple[np.ndarray, np.ndarray] | None:
    """The (a, b) joints of the side whose segment lies nearest the region: the region map
    gives sides by position, and pose models may swap the labels on a posterior view."""
    best = None
    for side in ("left", "right"):
        a, b = joints.get(f"{side}_{names[0]}"), joints.get(f"{side}_{names[1]}")
        if a is None or b is None:
            continue
        a, b = np.asarray(a, float), np.asarray(b, float)
        d = _segment_distance(centre, a, b)
        if best is None or d < best[0]:
            best = (d, a, b)
    return None if best is None else (best[1], best[2])


def region_axes(ids, boxes, view, joints, estimated) -> dict[str, Axis]:
    """The axis of every solid region present on the photo."""
    shape = ids.shape
    top, bottom = _mean(joints, "shoulder"), _mean(joints, "hip")
    down = (bottom - top) if top is not None and bottom is not None else np.array([0.0, 1.0])
    down = down / max(np.hypot(*down), 1e-9)
    height = stature(joints, estimated)
    axes = {}
    for region in REGIONS:
        rid = REGION_ID[region]
        if rid not in boxes or region.startswith(("buttock", "genitalia")):
            continue
        cut = _touches_edge(boxes[rid], shape)
        name = segment(region)
        axis = None
        if name == "trunk" and top is not None and bottom is not None:
            axis = Axis(tuple(top), tuple(bottom - top), cut)
        elif name in CHAINS:
            ends = _chain(joints, CHAINS[name], _centroid(ids, boxes[rid], rid))
            if ends is not None and np.hypot(*(ends[1] - ends[0])) > 1:
                axis = Axis(tuple(ends[0]), tuple(ends[1] - ends[0]), cut)
        if axis is None:
            axis = _extent_axis(ids, boxes[rid], rid, name, joints, down, height, cut)
        if axis is not None:
            axes[region] = axis
    return axes


def _extent_axis(ids, box, rid, name, joints, down, height, cut) -> Axis | None:
    """Head, neck, hand, foot (or a region whose landmarks are missing): along its own extent,
    from the wrist/ankle for a hand/foot; an end at the photo's edge gets the length the
    skeleton implies."""
    direction, anchor = down, None
    if name in ENDS:
        ends = _chain(joints, ENDS[name], _centroid(ids, box, rid))
        if ends is not None and np.hypot(*(ends[1] - ends[0])) > 1:
            direction = (ends[1] - ends[0]) / np.hypot(*(ends[1] - ends[0]))
            anchor = ends[1]
    origin = anchor if anchor is not None else np.array([box[2], box[0]], float)
    lo, hi, lo_edge, hi_edge = _extent(ids, box, rid, origin, direction)
    if anchor is not None:
        lo, lo_edge = 0.0, False
    if hi - lo < 1:
        return None
    expected = height * load_body_model().of_stature.get(name, 0) if height else 0.0
    if hi_edge and not lo_edge:
        hi = max(hi, lo + expected)
    elif lo_edge and not hi_edge:
        lo = min(lo, hi - expected)
    start = origin + lo * direction
    return Axis(tuple(start), tuple((hi - lo) * direction), cut)


def _extent(ids, box, rid, origin, direction):
    """(min, max) projection of the region's pixels on the direction, and whether the pixels
    at each end touch the photo's edge."""
    h, w = ids.shape
    y0, y1, x0, x1 = box
    lo = hi = None
    lo_edge = hi_edge = False
    for rows in bands.row_bands((y1 - y0, x1 - x0)):
        ys, xs = np.nonzero(ids[y0 + rows.start:y0 + rows.stop, x0:x1] == rid)
        if not ys.size:
            continue
        ys, xs = ys + y0 + rows.start, xs + x0
        p = (xs + 0.5 - origin[0]) * direction[0] + (ys + 0.5 - origin[1]) * direction[1]
        edge = (ys == 0) | (xs == 0) | (ys == h - 1) | (xs == w - 1)
        i, j = int(np.argmin(p)), int(np.argmax(p))
        if lo is None or p[i] < lo:
            lo = float(p[i])
        if hi is None or p[j] > hi:
            hi = float(p[j])
        if edge.any():
            pe = p[edge]
            lo_edge |= bool(pe.min() <= lo + 2)
            hi_edge |= bool(pe.max() >= hi - 2)
    return lo or 0.0, hi or 0.0, lo_edge, hi_edge


# --- the outline across the axis ---------------------------------------------------------------
def outline(occupancy, off, ids, axis, own, region):
    """(centre, half-width, filled, occupancy) per axis bin, or None when no bin is filled."""
    filled_cols = occupancy >= 0.5
    filled = filled_cols.any(1)
    if not filled.any():
        return None
    nb = occupancy.shape[0]
    first = np.argmax(filled_cols, axis=1)
    last = occupancy.shape[1] - 1 - np.argmax(filled_cols[:, ::-1], axis=1)
    lo, hi = first - off, last + 1 - off
    hidden_lo = _hidden(ids, axis, own, region, lo - 1.5)
    hidden_hi = _hidden(ids, axis, own, region, hi + 1.5)
    both = filled & ~hidden_lo & ~hidden_hi
    c_ref = float(np.median((lo + hi)[both] / 2)) if both.any() else 0.0
    r_ref = float(np.median((hi - lo)[both] / 2)) if both.any() else None
    centre, half = (lo + hi) / 2.0, (hi - lo) / 2.0
    only_hi = filled & hidden_lo & ~hidden_hi
    half[only_hi] = np.maximum(hi[only_hi] - c_ref, half[only_hi])
    centre[only_hi] = hi[only_hi] - half[only_hi]
    only_lo = filled & hidden_hi & ~hidden_lo
    half[only_lo] = np.maximum(c_ref - lo[only_lo], half[only_lo])
    centre[only_lo] = lo[only_lo] + half[only_lo]
    neither = filled & hidden_lo & hidden_hi
    if r_ref is not None and neither.any():
        centre[neither] = c_ref
        half[neither] = np.maximum.reduce([np.full(neither.sum(), r_ref),
                                           c_ref - lo[neither], hi[neither] - c_ref])
    idx = np.arange(nb)
    centre = np.interp(idx, idx[filled], centre[filled])
    half = np.maximum(np.interp(idx, idx[filled], half[filled]), 0.5)
    return centre, half, filled, occupancy


def _hidden(ids, axis, own, region, u) -> np.ndarray:
    """Per axis bin: whether the outline at offset u is hidden (by a region in front, or the
    photo's edge), by the majority of three samples along the bin."""
    model = load_body_model()
    nb = model.axis_bins
    h, w = ids.shape
    rank = model.depth_rank
    ranks = np.array([-1] + [rank.get(segment(r), 0) for r in REGIONS])
    mine = rank.get(segment(region), 0)
    votes = np.zeros(nb, int)
    for frac in (1 / 6, 1 / 2, 5 / 6):
        s = (np.arange(nb) + frac) / nb
        x, y = axis.point(s, u.astype(float))
        xi, yi = np.floor(x).astype(np.int64), np.floor(y).astype(np.int64)
        outside = (xi < 0) | (yi < 0) | (xi >= w) | (yi >= h)
        label = np.zeros(nb, np.int64)
        label[~outside] = ids[yi[~outside], xi[~outside]]
        in_front = (label > 0) & ~np.isin(label, own) & (ranks[label] > mine)
        votes += outside | in_front
    return votes >= 2
