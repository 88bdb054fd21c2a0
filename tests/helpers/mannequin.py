"""A geometric mannequin: analytic solids rendered square-on from the four clinical views, with
perfect CIHP part labels, pose joints and burns, and the truth integrated on its 3D surface.

Body coordinates: L towards the patient's left, F towards the front, Y down (cm from the top of
the head). Every solid is a vertical elliptic cylinder (head, neck and trunk elliptic, limbs
round) standing for the lateral surface of that region, so angles around it are the parametric
angle of its section: 0 front, 90 the patient's left, 180 back, 270 right, as in burnmap.body.body_model.
A camera at body angle v looks along -(sin v, cos v); its image x runs along
(cos v, -sin v) in (L, F) (anterior: the patient's left on the image's right).

Buttocks and genitalia are not solids: the region map carves them out of the trunk and thighs
on posterior and anterior photos. The truth treats them as the model does: the trunk's and
thighs' shares spread over whole cylinders, buttocks and genitalia assessed when a posterior or
anterior photo shows them (burns here are placed away from them).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from burnmap.body.burn import FULL_THICKNESS
from burnmap.body.lund_browder import age_band, load_lund_browder
from burnmap.parsing.classes import CIHP_CLASSES

CLASSES = CIHP_CLASSES[:20]
C = {name: i for i, name in enumerate(CLASSES)}
VIEWS = {"anterior": 0.0, "left": 90.0, "posterior": 180.0, "right": 270.0}


@dataclass(frozen=True)
class Solid:
    region: str
    centre: tuple[float, float]     # (L, F)
    a: float                        # semi-axis towards the patient's left
    b: float                        # semi-axis towards the front
    top: float                      # Y of s = 0
    bottom: float                   # Y of s = 1

    def arc_speed(self, t):
        return np.hypot(self.a * np.cos(t), self.b * np.sin(t))


def adult(trunk_ratio: float = 0.65) -> list[Solid]:
    """A 175 cm adult, arms hanging 1.5 cm from the trunk (Drillis-Contini proportions)."""
    return body(175.0, head=0.130, trunk_ratio=trunk_ratio, trunk_half=16.0, limb_scale=1.0)


def child() -> list[Solid]:
    """A 2-year-old's proportions: head 0.20 of stature (Lund-Browder age 1-4), short legs."""
    return body(88.0, head=0.20, trunk_ratio=0.7, trunk_half=9.0, limb_scale=0.55,
                legs=0.40)


def body(height, head, trunk_ratio, trunk_half, limb_scale, legs=0.530) -> list[Solid]:
    h = height
    y_chin = head * h
    y_shoulder = y_chin + 0.052 * h
    y_hip = h * (1 - legs)
    leg_len = h * legs - 0.039 * h
    thigh, shank = leg_len * 0.245 / 0.491, leg_len * 0.246 / 0.491
    s = limb_scale
    x_arm = trunk_half + 4.5 * s + 1.5 * s
    x_leg = 7.0 * s    # thighs touching, as they do standing
    out = [Solid("head", (0, 0), 0.5 * y_chin * 0.6, 0.5 * y_chin * 0.6 * 1.25, 0, y_chin),
           Solid("neck", (0, 0), 5.5 * s, 5.5 * s, y_chin, y_shoulder),
           Solid("trunk", (0, 0), trunk_half, trunk_half * trunk_ratio, y_shoulder, y_hip)]
    for side, sign in (("left", 1), ("right", -1)):
        elbow = y_shoulder + 0.186 / 0.288 * (y_hip - y_shoulder)
        wrist = elbow + 0.146 / 0.288 * (y_hip - y_shoulder)
        hand = wrist + 0.108 / 0.288 * (y_hip - y_shoulder)
        knee, ankle = y_hip + thigh, y_hip + thigh + shank
        out += [Solid(f"upper_arm_{side}", (sign * x_arm, 0), 4.5 * s, 4.5 * s, y_shoulder, elbow),
                Solid(f"forearm_{side}", (sign * x_arm, 0), 3.8 * s, 3.8 * s, elbow, wrist),
                Solid(f"hand_{side}", (sign * x_arm, 0), 3.0 * s, 3.0 * s, wrist, hand),
                Solid(f"thigh_{side}", (sign * x_leg, 0), 7.0 * s, 7.0 * s, y_hip, knee),
                Solid(f"lower_leg_{side}", (sign * x_leg, 0), 5.0 * s, 5.0 * s, knee, ankle),
                Solid(f"foot_{side}", (sign * x_leg, 0), 4.0 * s, 4.0 * s, ankle, h)]
    return out


def joints_3d(solids: list[Solid]) -> dict[str, tuple[float, float, float]]:
    """Joint name -> (L, F, Y): on the limb axes, at the segments' ends."""
    by = {s.region: s for s in solids}
    out = {}
    for side in ("left", "right"):
        for name, region, end in (("shoulder", "upper_arm", "top"), ("elbow", "forearm", "top"),
                                  ("wrist", "hand", "top"), ("hip", "thigh", "top"),
                                  ("knee", "lower_leg", "top"), ("ankle", "foot", "top")):
            solid = by[f"{region}_{side}"]
            out[f"{side}_{name}"] = (solid.centre[0], solid.centre[1], getattr(solid, end))
    return out


@dataclass
class Photo:
    view: str
    labels: np.ndarray          # CIHP class ids
    solid: np.ndarray           # index into the solid list, -1 = background
    s: np.ndarray               # axis position of the visible point
    t: np.ndarray               # angle (degrees) of the visible point
    depth: np.ndarray           # its distance towards the camera (cm), -inf = background
    joints: dict[str, tuple[float, float]]
    scale: float
    offset: tuple[float, float]  # image (x, y) of body (0, 0)


def render(solids: list[Solid], view: str, scale: float = 8.0, margin: float = 6.0) -> Photo:
    """The photo from `view`: the front-most solid per pixel (orthographic, square-on)."""
    v = np.radians(VIEWS[view])
    right = np.array([np.cos(v), -np.sin(v)])
    toward = np.array([np.sin(v), np.cos(v)])
    half = max(abs(s.centre[0]) + s.a for s in solids) + margin
    height = max(s.bottom for s in solids) + margin
    w, h = int(2 * half * scale), int((height + margin) * scale)
    ox, oy = w / 2, margin * scale
    xs = (np.arange(w) + 0.5 - ox) / scale
    ys = (np.arange(h) + 0.5 - oy) / scale
    depth = np.full((h, w), -np.inf)
    index = np.full((h, w), -1, np.int16)
    s_map, t_map = np.zeros((h, w)), np.zeros((h, w))
    for k, sol in enumerate(solids):
        hit, tau, t = _ray_hits(sol, xs, right, toward)
        rows = (ys >= sol.top) & (ys < sol.bottom)
        take = rows[:, None] & hit[None, :] & (tau[None, :] > depth)
        depth[take] = np.broadcast_to(tau[None, :], (h, w))[take]
        index[take] = k
        s_map[take] = np.broadcast_to(((ys - sol.top) / (sol.bottom - sol.top))[:, None],
                                      (h, w))[take]
        t_map[take] = np.broadcast_to(t[None, :], (h, w))[take]
    labels = _labels(solids, index, t_map)
    joints = {}
    for name, (L, F, Y) in joints_3d(solids).items():
        x = (L * right[0] + F * right[1]) * scale + ox
        joints[name] = (float(x), float(Y * scale + oy))
    return Photo(view, labels, index, s_map, t_map, depth, joints, scale, (ox, oy))


def _ray_hits(sol: Solid, xs, right, toward):
    """Per image column: whether the ray meets the solid's section, the nearer hit's depth
    along `toward`, and its parametric angle (degrees)."""
    # point = x * right + tau * toward, relative to the centre, scaled to the unit circle
    px = (xs * right[0] - sol.centre[0]) / sol.a
    py = (xs * right[1] - sol.centre[1]) / sol.b
    dx, dy = toward[0] / sol.a, toward[1] / sol.b
    qa = dx * dx + dy * dy
    qb = 2 * (px * dx + py * dy)
    qc = px * px + py * py - 1
    disc = qb * qb - 4 * qa * qc
    hit = disc >= 0
    tau = (-qb + np.sqrt(np.maximum(disc, 0))) / (2 * qa)
    sx, sy = px + tau * dx, py + tau * dy
    return hit, tau, np.degrees(np.arctan2(sx, sy)) % 360


def _labels(solids, index, t_map) -> np.ndarray:
    names = []
    for sol in solids:
        side = "Left" if sol.region.endswith("_left") else "Right"
        if sol.region == "head":
            names.append(None)
        elif sol.region in ("neck", "trunk"):
            names.append("Torso-skin")
        elif sol.region.startswith(("upper_arm", "forearm", "hand")):
            names.append(f"{side}-arm")
        else:
            names.append(f"{side}-leg")
    lut = np.array([C[n] if n else 0 for n in names] + [0], np.uint8)
    labels = lut[index]
    head = index == 0
    front = np.cos(np.radians(t_map)) > 0
    labels[head & front] = C["Face"]
    labels[head & ~front] = C["Hair"]
    return labels


Sector = tuple[str, float, float, float, float]   # region, s0, s1, angle0, angle1 (degrees)


def _in_sector(region_of, s, t, sectors) -> np.ndarray:
    out = np.zeros(np.broadcast_shapes(np.shape(region_of), np.shape(s), np.shape(t)), bool)
    for region, s0, s1, a0, a1 in sectors:
        rel = (t - a0) % 360
        out |= (region_of == region) & (s >= s0) & (s < s1) & (rel < (a1 - a0) % 360)
    return out


def burn_mask(photo: Photo, solids, sectors) -> np.ndarray:
    """The burn as a clinician paints it on this photo: where the photo shows it."""
    names = np.array([s.region for s in solids] + [""], dtype=object)
    region_of = names[photo.solid]
    return np.where(_in_sector(region_of, photo.s, photo.t, sectors), FULL_THICKNESS,
                    0).astype(np.uint8)


# --- the truth on the 3D surface --------------------------------------------------------------
N_S, N_T = 120, 720   # quadrature nodes per solid (midpoint rule in s, arc-weighted in t)


def _nodes(sol: Solid):
    s = (np.arange(N_S) + 0.5) / N_S
    t = (np.arange(N_T) + 0.5) * 360.0 / N_T
    area = sol.arc_speed(np.radians(t))          # arc length per unit angle
    return s, t, area / area.sum()


def visible_on(photo: Photo, solids, k: int, s, t) -> np.ndarray:
    """(len(s), len(t)) whether each surface point of solid k shows on the photo: it faces
    the camera, lies inside the photo, and nothing nearer covers it there."""
    sol = solids[k]
    v = np.radians(VIEWS[photo.view])
    tr = np.radians(t)
    L = sol.centre[0] + sol.a * np.sin(tr)
    F = sol.centre[1] + sol.b * np.cos(tr)
    nx, ny = sol.b * np.sin(tr), sol.a * np.cos(tr)
    facing = nx * np.sin(v) + ny * np.cos(v) > 0
    near = L * np.sin(v) + F * np.cos(v)
    x = (L * np.cos(v) - F * np.sin(v)) * photo.scale + photo.offset[0]
    y = (sol.top + s * (sol.bottom - sol.top)) * photo.scale + photo.offset[1]
    h, w = photo.solid.shape
    inside = (y[:, None] >= 0) & (y[:, None] < h) & (x[None, :] >= 0) & (x[None, :] < w)
    yy = np.clip(y.astype(int), 0, h - 1)
    xx = np.clip(x.astype(int), 0, w - 1)
    shown = photo.solid[yy[:, None], xx[None, :]]
    cover = photo.depth[yy[:, None], xx[None, :]]
    free = (shown == k) | (shown < 0) | (cover <= near[None, :] + 0.5)
    return free & facing[None, :] & inside


@dataclass
class Truth:
    tbsa: float
    assessed: float
    by_region: dict


def _patch_of_nodes(solids, k, s, t, defining) -> np.ndarray:
    """(len(s), len(t)) the patch region ('buttock_left', 'genitalia', ...) a surface point
    belongs to, '' for none: the region map of the posterior (anterior) photo labels them."""
    from burnmap.body.body_model import PATCHES, REGION_ID
    out = np.full((len(s), len(t)), "", dtype=object)
    for photo, ids in defining:
        on = visible_on(photo, solids, k, s, t)
        ys, xs = _pixel_of(photo, solids[k], s, t)
        label = ids[ys[:, None], xs[None, :]]
        for patch in PATCHES:
            out[on & (label == REGION_ID[patch])] = patch
    return out


def _pixel_of(photo, sol, s, t):
    v = np.radians(VIEWS[photo.view])
    tr = np.radians(t)
    L = sol.centre[0] + sol.a * np.sin(tr)
    F = sol.centre[1] + sol.b * np.cos(tr)
    x = ((L * np.cos(v) - F * np.sin(v)) * photo.scale + photo.offset[0]).astype(int)
    y = ((sol.top + s * (sol.bottom - sol.top)) * photo.scale + photo.offset[1]).astype(int)
    h, w = photo.solid.shape
    return np.clip(y, 0, h - 1), np.clip(x, 0, w - 1)


def truth(solids, photos: list[Photo], sectors, age: float, painted=None,
          defining=None) -> Truth:
    """%TBSA burned (counting a burn where at least one photo shows it, or one of `painted`)
    and % of the body surface shown by at least one photo, integrated on the surface.
    `defining`: (photo, region ids) of the anterior and posterior renderings, whose region
    maps define buttocks and genitalia (carved out of trunk and thighs)."""
    chart = load_lund_browder()
    band = age_band(age)
    painted = photos if painted is None else painted
    area, seen, burned = {}, {}, {}
    for k, sol in enumerate(solids):
        s, t, weight = _nodes(sol)
        front = np.cos(np.radians(t)) > 0
        patch = _patch_of_nodes(solids, k, s, t, defining or [])
        on_any = np.zeros((N_S, N_T), bool)
        on_painted = np.zeros((N_S, N_T), bool)
        for photo in photos:
            on = visible_on(photo, solids, k, s, t)
            on_any |= on
            on_painted |= on if any(photo is p for p in painted) else False
        hit = _in_sector(np.full((N_S, N_T), sol.region, dtype=object), s[:, None],
                         t[None, :], sectors)
        for surface, half in (("anterior", front), ("posterior", ~front)):
            for region in {sol.region} | set(patch[:, half].ravel()) - {""}:
                mine = (patch == (region if region != sol.region else "")) & half[None, :]
                key = (region, surface)
                w = weight[None, :] * mine
                area[key] = area.get(key, 0) + w.sum()
                seen[key] = seen.get(key, 0) + (w * on_any).sum()
                burned[key] = burned.get(key, 0) + (w * (on_painted & hit)).sum()
    by_region = {}
    for key, a in area.items():
        share = chart.share(key[0], key[1], band)
        if a > 0 and share:
            by_region[key] = (share * burned[key] / a, share * seen[key] / a)
    return Truth(sum(v[0] for v in by_region.values()), sum(v[1] for v in by_region.values()),
                 by_region)


def crop(photo: Photo, bottom: int) -> Photo:
    """The photo cut at row `bottom` (a photo from head to lap): joints outside it are not
    found, as a pose model reports none outside the photo."""
    joints = {k: v for k, v in photo.joints.items() if v[1] < bottom}
    return Photo(photo.view, photo.labels[:bottom], photo.solid[:bottom], photo.s[:bottom],
                 photo.t[:bottom], photo.depth[:bottom], joints, photo.scale, photo.offset)
