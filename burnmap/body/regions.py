"""Body parts -> Lund-Browder regions, per photo.

Part classes are grouped (head, trunk, arm, leg, foot, ...); limbs are split into segments at the
joints (elbow, wrist, knee, ankle) and every region gets the patient's side. Left and right are the
patient's: on an anterior view the patient's right is on the image's left, on a posterior view it
is on the image's right; a lateral view shows one side. Joints come from pose landmarks or, when
none are known, from a geometric estimate along each limb; they are plain data the clinician can
move (`Joints.moved`).
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np

from burnmap.body.body_model import REGION_ID, REGIONS
from burnmap.body.cut_joints import place_cut_joints, touches_edge
from burnmap.body.surface_map import SurfaceMap, build_surface
from burnmap.body.views import HeadSeen, head_seen, suggest
from burnmap.photo import bands
from burnmap.text.messages import Message

VIEWS = ("anterior", "posterior", "left", "right")

GROUPS = {
    "head": ("Hat", "Hair", "Sunglasses", "Face"),
    "trunk": ("Torso-skin",),
    "topwear": ("UpperClothes", "Coat"),   # trunk, except its sleeves (arm)
    "neckwear": ("Scarf",),
    "arm": ("Left-arm", "Right-arm"),
    "hand": ("Gloves",),
    "leg": ("Left-leg", "Right-leg", "Pants"),
    "foot": ("Left-shoe", "Right-shoe", "Socks"),
    "dress": ("Dress", "Skirt"),
}
# Groups are small integer codes in the per-pixel map (0 = not the body): a 12-megapixel map
# of strings would cost hundreds of megabytes and slow every comparison.
G = {name: code for code, name in enumerate(GROUPS, start=1)}
SKIN = ("Face", "Torso-skin", "Left-arm", "Right-arm", "Left-leg", "Right-leg")
NOT_CLOTHING = (*SKIN, "Hair", "Background")
# Segment proportions along a limb when no joint is known (Drillis & Contini segment lengths):
# upper arm 0.186, forearm 0.146, hand 0.108 of stature; thigh 0.245, lower leg 0.246.
ARM_SPLITS = (0.42, 0.76)
LEG_SPLITS = (0.50, 0.93)
JOINTS = ("shoulder", "elbow", "wrist", "hip", "knee", "ankle")
# Per-pixel work on a limb's pixels needs about ten float64 values per pixel: done over bands of
# rows of at most this many pixels, a 100-megapixel photo stays within a few hundred megabytes.
BAND_PIXELS = bands.BAND_PIXELS


def row_bands(shape: tuple[int, ...]):
    """Row slices covering an array of `shape`, each of at most about BAND_PIXELS elements."""
    return bands.row_bands(shape, BAND_PIXELS)


def _quantile(counts: np.ndarray, q: float) -> float:
    """np.percentile(values, 100 q) (linear method) of the values whose histogram over 0, 1,
    2, ... is `counts`, without materialising one entry per pixel."""
    ends = np.cumsum(counts)
    pos = q * (ends[-1] - 1)
    lo = int(np.floor(pos))
    a = int(np.searchsorted(ends, lo, side="right"))
    b = int(np.searchsorted(ends, min(lo + 1, ends[-1] - 1), side="right"))
    return float(a + (pos - lo) * (b - a))


@dataclass(frozen=True)
class Joints:
    """Joint positions (x, y) in image pixels, keyed like 'left_elbow' (the patient's side)."""
    points: dict[str, tuple[float, float]] = field(default_factory=dict)
    source: str = "none"  # "pose", "estimate" or "clinician"

    def get(self, side: str, joint: str) -> np.ndarray | None:
        p = self.points.get(f"{side}_{joint}")
        return None if p is None else np.asarray(p, dtype=np.float64)

    def moved(self, name: str, x: float, y: float) -> Joints:
        """A copy with one joint placed by the clinician."""
        return replace(self, points={**self.points, name: (float(x), float(y))},
                       source="clinician")


@dataclass
class RegionMap:
    """Region id per pixel (REGION_ID, 0 = none) for one photo and view, with what was noticed."""
    ids: np.ndarray
    view: str
    joints: Joints
    covered_fraction: dict[str, float]
    warnings: list[str]
    covered: np.ndarray | None = None   # the patient's pixels under clothing
    surface: SurfaceMap | None = None   # where each pixel lies on the body (burnmap.body.surface_map)
    head: HeadSeen | None = None        # what the head says about the view (burnmap.body.views)
    parsed_covered: np.ndarray | None = None   # clothing as parsed, before the clinician's marks
    clothed: frozenset[str] = frozenset()      # regions the clinician marked as clothed

    def with_clothed(self, regions) -> RegionMap:
        """A copy whose given regions (and none other) count as under clothing besides what
        the parser saw: the clinician's mark for a parser that cannot see clothes. Burns
        painted there still count."""
        names = frozenset(regions) & frozenset(REGION_ID)
        parsed = self.covered if self.parsed_covered is None else self.parsed_covered
        if names == self.clothed:
            return self
        covered = parsed
        if names:
            marked = np.isin(self.ids, [REGION_ID[n] for n in sorted(names)])
            covered = marked if parsed is None else parsed | marked
        return replace(self, covered=covered, covered_fraction=_covered_fraction(self.ids,
                                                                                 covered),
                       parsed_covered=parsed, clothed=names)

    def pixels(self) -> dict[str, int]:
        counts = bands.bincount(self.ids, len(REGIONS) + 1)
        return {name: int(counts[REGION_ID[name]]) for name in REGIONS}


def to_clinical_regions(labels: np.ndarray, class_names, view: str,
                        joints: Joints | None = None, patient: np.ndarray | None = None
                        ) -> RegionMap:
    """The region map of one photo from its part labels (and joints, when known)."""
    if view not in VIEWS:
        raise ValueError(f"view must be one of {', '.join(VIEWS)}")
    group = _group_map(labels, class_names)
    if patient is not None:
        group = np.where(patient, group, 0).astype(np.uint8)
    if view in ("anterior", "posterior"):
        group[_sleeves(group)] = G["arm"]
    group[group == G["topwear"]] = G["trunk"]
    found = set(joints.points) if joints else set()
    joints = _complete(joints, estimate_joints(group, view))
    joints = _skeleton_beyond_edges(joints, found, group, view)
    ids = np.zeros(labels.shape, dtype=np.uint8)
    mid = _midline(group, joints)
    _assign_head_neck_trunk(ids, group, joints)
    for kind in ("arm", "leg"):
        _assign_limbs(ids, group, joints, view, mid, kind)
    _assign_pelvis(ids, group, joints, view, mid)
    clothing = _clothing(labels, class_names) & (ids > 0)
    warnings = []   # clothing is judged per region-surface by the assessment
    if joints.source == "estimate":
        warnings.append(Message("joints estimated from the body outline: check the limb splits"))
    surface = build_surface(ids, view, joints.points, frozenset(set(joints.points) - found))
    return RegionMap(ids, view, joints, _covered_fraction(ids, clothing), warnings, clothing,
                     surface, head_seen(labels, class_names))


def _skeleton_beyond_edges(joints: Joints, found: set[str], group, view) -> Joints:
    """Estimated joints of a limb or trunk that reaches the photo's edge, placed by the
    skeleton (burnmap.body.cut_joints) rather than at its last pixel."""
    if not found:
        return joints
    mid = _midline(group, joints)
    cols = np.arange(group.shape[1])

    hip_y = _level(joints, "hip")
    rows = np.arange(group.shape[0])[:, None]

    def limb(kind, side):
        members = (G["arm"], G["hand"]) if kind == "arm" else (G["leg"], G["foot"])
        start = joints.get(side, "shoulder" if kind == "arm" else "hip")
        if start is None:
            return None
        mask = np.isin(group, members)
        if kind == "leg" and hip_y is not None:    # a dress below the hips covers the legs
            mask |= (group == G["dress"]) & (rows > hip_y)
        if view in ("anterior", "posterior"):
            mask &= ((cols < mid) == (start[0] < mid))[None, :]
        return mask
    points = place_cut_joints(joints.points, found, limb, touches_edge(group == G["trunk"]))
    return replace(joints, points=points)


def _sleeves(group: np.ndarray) -> np.ndarray:
    """Top or coat pixels that are sleeves: in each row, clothing runs apart from the run that
    holds the body's middle column (the torso). An arm lying against the torso with no gap
    stays trunk, as its skin would be without a sleeve."""
    topwear = group == G["topwear"]
    if not topwear.any():
        return topwear
    body = topwear | (group == G["trunk"])
    mid = int(np.median(np.nonzero(body.any(0))[0]))
    for rows in row_bands(group.shape):   # rows are independent: bands bound the int32 runs
        band = body[rows]
        starts = band & ~np.pad(band, ((0, 0), (1, 0)))[:, :-1]
        run = np.cumsum(starts, axis=1, dtype=np.int32) * band
        topwear[rows] &= run != run[:, mid:mid + 1]
    return topwear


def suggest_view(labels: np.ndarray, class_names) -> str | None:
    """A first guess for the clinician to confirm (burnmap.body.views): a face to one side of the
    head suggests a lateral view, a face anterior, a head seen as hair only posterior; no
    head, no suggestion."""
    return suggest(head_seen(labels, class_names))


def _complete(joints: Joints | None, estimate: Joints) -> Joints:
    """Known joints, with estimates only where a joint is missing (e.g. an arm out of frame)."""
    if not joints or not joints.points:
        return estimate
    return Joints({**estimate.points, **joints.points}, joints.source)


def _group_map(labels: np.ndarray, class_names) -> np.ndarray:
    lut = np.zeros(max(256, len(class_names)), dtype=np.uint8)
    for group, members in GROUPS.items():
        for name in members:
            if name in class_names:
                lut[list(class_names).index(name)] = G[group]
    return lut[labels]


def _side_of_x(x: np.ndarray, mid: float, view: str) -> np.ndarray:
    """The patient's side of image columns x: True = left."""
    if view in ("left", "right"):
        return np.full(np.shape(x), view == "left")
    image_left = np.asarray(x) < mid
    return ~image_left if view == "anterior" else image_left


def _midline(group: np.ndarray, joints: Joints) -> float:
    pts = [joints.get(s, j) for s in ("left", "right") for j in ("shoulder", "hip")]
    pts = [p for p in pts if p is not None]
    if pts:
        return float(np.mean([p[0] for p in pts]))
    per_column = np.isin(group, (G["trunk"], G["head"])).sum(0)
    return _quantile(per_column, 0.5) if per_column.any() else group.shape[1] / 2


def _level(joints: Joints, joint: str) -> float | None:
    ys = [p[1] for p in (joints.get("left", joint), joints.get("right", joint)) if p is not None]
    return float(np.mean(ys)) if ys else None


def _assign_head_neck_trunk(ids, group, joints) -> None:
    head = group == G["head"]
    ids[head] = REGION_ID["head"]
    trunk = (group == G["trunk"]) | (group == G["dress"])
    shoulder_y, hip_y = _level(joints, "shoulder"), _level(joints, "hip")
    rows = np.arange(ids.shape[0])[:, None]
    neck = group == G["neckwear"]
    if shoulder_y is not None:
        neck = neck | (trunk & (rows < shoulder_y) & _under_head(head))
    below_hips = rows > hip_y if hip_y is not None else np.zeros((ids.shape[0], 1), bool)
    ids[trunk & ~neck & ~(below_hips & (group == G["dress"]))] = REGION_ID["trunk"]
    ids[neck] = REGION_ID["neck"]


def _under_head(head: np.ndarray) -> np.ndarray:
    """Columns within the neck's width: about 0.7 of the head's width, under its centre. Above
    the shoulder joints but outside these columns lie the shoulder tops, which are trunk."""
    xs = np.nonzero(head.any(0))[0]
    cols = np.arange(head.shape[1])[None, :]
    if xs.size == 0:
        return np.ones_like(cols, dtype=bool)
    centre, width = (xs[0] + xs[-1]) / 2, xs[-1] - xs[0] + 1
    return np.abs(cols - centre) <= 0.35 * width


def _segment_t(px, py, a, b):
    """Projection parameter of points on segment a->b and squared distance to the segment."""
    d = b - a
    length2 = max(float(d @ d), 1e-9)
    t = ((px - a[0]) * d[0] + (py - a[1]) * d[1]) / length2
    tc = np.clip(t, 0, 1)
    return t, (px - a[0] - tc * d[0]) ** 2 + (py - a[1] - tc * d[1]) ** 2


def _assign_limbs(ids, group, joints, view, mid, kind) -> None:
    """Each limb pixel takes the segment (upper, lower, end) of the nearest joint chain; pixels
    are independent, so bands of rows give the same map in bounded memory."""
    for rows in row_bands(group.shape):
        _assign_limb_band(ids[rows], group[rows], rows.start, joints, view, mid, kind)


def _assign_limb_band(ids, group, y0, joints, view, mid, kind) -> None:
    names = (("upper_arm", "forearm", "hand") if kind == "arm"
             else ("thigh", "lower_leg", "foot"))
    chain = ("shoulder", "elbow", "wrist") if kind == "arm" else ("hip", "knee", "ankle")
    end_group = "hand" if kind == "arm" else "foot"
    limb = np.isin(group, (G[kind], G[end_group])) | ((group == G["dress"]) & (ids == 0)
                                                if kind == "leg" else False)
    ys, xs = np.nonzero(limb)
    if ys.size == 0:
        return
    px, py = xs.astype(np.float64), ys.astype(np.float64) + y0
    best = np.full(px.shape, np.inf)
    for side in ("left", "right"):
        a, b, c = (joints.get(side, j) for j in chain)
        if a is None or b is None or c is None:
            continue
        _t1, d1 = _segment_t(px, py, a, b)
        t2, d2 = _segment_t(px, py, b, c)
        # The distal segment continues past the wrist/ankle for the hand/foot.
        d2 = np.where(t2 > 1, (px - c[0]) ** 2 + (py - c[1]) ** 2, d2)
        dist = np.minimum(d1, d2)
        closer = dist < best
        best = np.where(closer, dist, best)
        part = np.where(d1 <= d2, 0, np.where(t2 > 1, 2, 1))
        patient_side = _patient_side_of_chain(a, mid, view)
        region = np.array([REGION_ID[f"{n}_{patient_side}"] for n in names], dtype=np.uint8)
        ids[ys[closer], xs[closer]] = region[part[closer]]
    end = group[ys, xs] == G[end_group]
    if end.any():
        left = _side_of_x(xs[end], mid, view)
        ids[ys[end], xs[end]] = np.where(left, REGION_ID[f"{names[2]}_left"],
                                         REGION_ID[f"{names[2]}_right"])


def _patient_side_of_chain(shoulder, mid: float, view: str) -> str:
    """Which of the patient's sides a joint chain is: from where it lies, not from its label, so
    that posterior views (where pose models often swap left and right) come out right."""
    if view in ("left", "right"):
        return view
    return "left" if bool(_side_of_x(np.array([shoulder[0]]), mid, view)[0]) else "right"


def _assign_pelvis(ids, group, joints, view, mid) -> None:
    """Buttocks on posterior views and genitalia on anterior views, around the hip joints."""
    lh, rh, lk, rk = (joints.get(s, j) for j in ("hip", "knee") for s in ("left", "right"))
    if lh is None or rh is None or view not in ("anterior", "posterior"):
        return
    hip_y = (lh[1] + rh[1]) / 2
    thigh = np.mean([np.linalg.norm(k - h) for h, k in ((lh, lk), (rh, rk)) if k is not None]) \
        if lk is not None or rk is not None else abs(lh[0] - rh[0]) * 1.6
    half_width = abs(lh[0] - rh[0]) / 2 * 1.3
    rows = np.arange(ids.shape[0])[:, None]
    cols = np.arange(ids.shape[1])[None, :]
    body = np.isin(group, (G["trunk"], G["leg"], G["dress"]))
    if view == "posterior":
        band = (rows > hip_y - 0.15 * thigh) & (rows < hip_y + 0.35 * thigh)
        near = np.abs(cols - mid) < half_width
        sel = body & band & near
        left = _side_of_x(np.broadcast_to(cols, ids.shape), mid, view)
        ids[sel & left] = REGION_ID["buttock_left"]
        ids[sel & ~left] = REGION_ID["buttock_right"]
    else:
        sel = body & (rows > hip_y) & (rows < hip_y + 0.25 * thigh) & \
            (np.abs(cols - mid) < 0.2 * half_width)
        ids[sel] = REGION_ID["genitalia"]


def _clothing(labels, class_names) -> np.ndarray:
    clothing_ids = [i for i, n in enumerate(class_names) if n not in NOT_CLOTHING]
    return np.isin(labels, clothing_ids)


def _covered_fraction(ids, clothing) -> dict[str, float]:
    total = bands.bincount(ids, len(REGIONS) + 1)
    covered = bands.bincount(ids, len(REGIONS) + 1, where=clothing)
    return {name: float(covered[REGION_ID[name]] / total[REGION_ID[name]])
            for name in REGIONS if total[REGION_ID[name]]}


def estimate_joints(group: np.ndarray, view: str) -> Joints:
    """Joints placed along each limb by typical segment proportions, when no pose is known."""
    points: dict[str, tuple[float, float]] = {}
    trunk = group == G["trunk"]
    rows = np.flatnonzero(trunk.any(1))
    if rows.size == 0:
        return Joints({}, "estimate")
    top, bottom = rows[0], rows[-1]
    per_column = trunk.sum(0)
    mid = _quantile(per_column, 0.5)
    spread = (_quantile(per_column, 0.9) - _quantile(per_column, 0.1)) / 2
    for kind, proximal_y, splits in (("arm", top + 0.08 * (bottom - top), ARM_SPLITS),
                                     ("leg", bottom, LEG_SPLITS)):
        _estimate_limb(points, group, kind, mid, spread, proximal_y, splits, view)
    return Joints(points, "estimate")


def _estimate_limb(points, group, kind, mid, spread, proximal_y, splits, view) -> None:
    chain = ("shoulder", "elbow", "wrist") if kind == "arm" else ("hip", "knee", "ankle")
    members = np.isin(group, (G[kind], G["hand" if kind == "arm" else "foot"]))
    for image_left in (True, False):
        side_cols = (np.arange(group.shape[1]) < mid) == image_left
        if np.count_nonzero(members[:, side_cols]) < 20:
            continue
        start = np.array([mid + (-1 if image_left else 1) * spread * 0.9, proximal_y])
        far = _farthest(members & side_cols[None, :], start)
        side = "left" if bool(_side_of_x(np.array([start[0]]), mid, view)[0]) else "right"
        for joint, t in zip(chain, (0.0, *splits), strict=False):
            points[f"{side}_{joint}"] = tuple(start + t * (far - start))


def _farthest(where: np.ndarray, start: np.ndarray) -> np.ndarray:
    """(x, y) of the True pixel farthest from `start`; the first in row order on ties."""
    best, far = -1.0, None
    for rows in row_bands(where.shape):
        ys, xs = np.nonzero(where[rows])
        if ys.size == 0:
            continue
        pts = np.stack([xs, ys + rows.start], 1).astype(np.float64)
        dist = np.linalg.norm(pts - start, axis=1)
        i = int(np.argmax(dist))
        if dist[i] > best:   # strict: an earlier band keeps a tie, as one argmax would
            best, far = float(dist[i]), pts[i]
    return far
