"""The body as solids (burnmap/resources/body_model.json): what a photo's pixel stands for on the skin.

Each Lund-Browder region is a solid around an axis with an elliptic cross-section: the trunk
around the body's long axis (wider than deep), head and neck likewise, each limb segment around
its bone axis (round). A point of its surface has a position along the axis (0..1 between the
region's landmarks) and an angle around it, 0 = the patient's front, 90 = the patient's left,
180 = back, 270 = right; angles are the ellipse's parametric angle, so the anterior surface of
Lund-Browder is exactly 270..90 and a photo from view angle v sees the half centred on v.

The surface is cut into cells (axis bin x 5-degree sector) per solid region; buttocks and
genitalia, which lie on the trunk and thighs and are labelled on one view only, are one cell each
("patches"), measured flat. This module holds the numbers and the closed-form geometry: cell
layout, each cell's share of its region's surface, how squarely a view sees it, and the arc
length of a cross-section, which is what a pixel's surface weight integrates.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache, lru_cache

import numpy as np

from burnmap.body.lund_browder import load_lund_browder
from burnmap.system.paths import resources_dir

REGIONS = load_lund_browder().regions
REGION_ID = {name: i + 1 for i, name in enumerate(REGIONS)}  # 0 = not the patient's body
N_IDS = len(REGIONS) + 1
PATCHES = ("buttock_left", "buttock_right", "genitalia")
SOLIDS = tuple(r for r in REGIONS if r not in PATCHES)
WEIGHT_UNIT = 256   # a pixel's surface weight is stored in 1/256 of its flat area (uint16)
VIEW_ANGLE = {"anterior": 0.0, "left": 90.0, "posterior": 180.0, "right": 270.0}
PATCH_HOSTS = {"buttock_left": ("trunk", "thigh_left"), "buttock_right": ("trunk", "thigh_right")}


def segment(region: str) -> str:
    """'forearm_left' -> 'forearm'; 'buttock_right' -> 'buttock'; 'trunk' -> 'trunk'."""
    return region.rsplit("_", 1)[0] if region.endswith(("_left", "_right")) else region


def section_kind(region: str) -> str:
    """Which cross-section a region has: trunk, head, neck or limb."""
    name = segment(region)
    return name if name in ("trunk", "head", "neck") else "limb"


@dataclass(frozen=True)
class BodyModel:
    axis_bins: int
    angle_bins: int
    depth_to_width: dict[str, float]        # cross-section kind -> depth / width
    of_stature: dict[str, float]            # segment -> length as a fraction of stature
    depth_rank: dict[str, int]              # segment -> rank (higher lies in front)

    @property
    def cells_per_solid(self) -> int:
        return self.axis_bins * self.angle_bins

    @property
    def n_cells(self) -> int:
        """Cell 0: not the body; 1..3: the patches; then each solid's axis x angle cells."""
        return 1 + len(PATCHES) + len(SOLIDS) * self.cells_per_solid

    def patch_cell(self, region: str) -> int:
        return 1 + PATCHES.index(region)

    def solid_base(self, region: str) -> int:
        return 1 + len(PATCHES) + SOLIDS.index(region) * self.cells_per_solid

    @property
    def bin_degrees(self) -> float:
        return 360.0 / self.angle_bins

    def angle_centres(self) -> np.ndarray:
        """Centre of each angle bin, degrees."""
        return (np.arange(self.angle_bins) + 0.5) * self.bin_degrees

    def anterior_bins(self) -> np.ndarray:
        """Angle bins on the anterior surface (270..90 degrees)."""
        return np.cos(np.radians(self.angle_centres())) > 0


@lru_cache(maxsize=1)
def load_body_model() -> BodyModel:
    data = json.loads((resources_dir() / "body_model.json").read_text(encoding="utf-8"))
    if data.get("format") != "burnmap-body-model" or data.get("version") != 1:
        raise ValueError("burnmap/resources/body_model.json is not a version 1 burnmap-body-model file")
    stature = {k: float(v) for k, v in data["segment_of_stature"].items() if k != "source"}
    ranks = {k: int(v) for k, v in data["depth_rank"].items() if k != "why"}
    sections = {k: float(v["depth_to_width"]) for k, v in data["cross_sections"].items()}
    model = BodyModel(int(data["cells"]["axis_bins"]), int(data["cells"]["angle_bins"]),
                      sections, stature, ranks)
    if 180 % (360 // model.angle_bins) or model.n_cells >= 1 << 16:
        raise ValueError("body model cells: sectors must split 90 degrees and fit 16 bits")
    return model


# --- the cross-section: an ellipse, lateral semi-axis 1, depth semi-axis `ratio` -------------
@dataclass(frozen=True)
class Section:
    """x(t) = sin t (towards the patient's left), y(t) = ratio cos t (towards the front)."""
    ratio: float

    def projected_half_width(self, view_degrees: float) -> float:
        """Half the width the section shows to a camera at body angle `view_degrees`."""
        v = np.radians(view_degrees)
        return float(np.hypot(np.cos(v), self.ratio * np.sin(v)))

    def phase(self, view_degrees: float) -> float:
        """psi (radians): a point at parametric angle t shows at offset R sin(t - psi) across
        the photo (R the projected half-width), so the visible half is psi +- 90 degrees."""
        v = np.radians(view_degrees)
        return float(np.arctan2(self.ratio * np.sin(v), np.cos(v)))

    def arc(self, t: np.ndarray) -> np.ndarray:
        """Arc length from angle 0 to t (radians, any real t): exact to ~1e-7 of the perimeter
        (a fine table of the elliptic integral, interpolated)."""
        table, step, perimeter = _arc_table(self.ratio)
        turns = np.floor(t / (2 * np.pi))
        rest = (t - turns * 2 * np.pi) / step
        i = np.minimum(rest.astype(np.int64), len(table) - 2)
        frac = rest - i
        return turns * perimeter + table[i] * (1 - frac) + table[i + 1] * frac

    def bin_arcs(self, bins: int) -> np.ndarray:
        """The arc length of each of `bins` equal angle sectors."""
        edges = np.radians(np.linspace(0.0, 360.0, bins + 1))
        return np.diff(self.arc(edges))

    def squareness(self, view_degrees: float, angles_degrees: np.ndarray) -> np.ndarray:
        """cos of the angle between the surface normal at each angle and the direction to a
        camera at `view_degrees`: 1 seen square-on, 0 at the outline, < 0 hidden."""
        t, v = np.radians(angles_degrees), np.radians(view_degrees)
        nx, ny = self.ratio * np.sin(t), np.cos(t)    # outward normal (left, front)
        return (nx * np.sin(v) + ny * np.cos(v)) / np.hypot(nx, ny)


@lru_cache(maxsize=16)
def _arc_table(ratio: float) -> tuple[np.ndarray, float, float]:
    n = 1 << 16
    t = np.linspace(0.0, 2 * np.pi, n + 1)
    speed = np.hypot(np.cos(t), ratio * np.sin(t))   # |d(x, y)/dt|
    step = t[1] - t[0]
    table = np.concatenate([[0.0], np.cumsum((speed[1:] + speed[:-1]) * step / 2)])
    return table, step, float(table[-1])


def section(region: str, model: BodyModel | None = None) -> Section:
    model = model or load_body_model()
    return Section(model.depth_to_width[section_kind(region)])


@cache
def cell_areas(region: str) -> np.ndarray:
    """(axis bins, angle bins): each cell's share of the region's whole surface (sums to 1);
    the axis is uniform, the angle sectors weigh their arc length."""
    model = load_body_model()
    arcs = section(region, model).bin_arcs(model.angle_bins)
    per_bin = arcs / arcs.sum() / model.axis_bins
    return np.broadcast_to(per_bin, (model.axis_bins, model.angle_bins)).copy()


@cache
def view_squareness(region: str, view: str) -> np.ndarray:
    """(angle bins,) how squarely a photo of `view` sees each sector of the region."""
    model = load_body_model()
    return section(region, model).squareness(VIEW_ANGLE[view], model.angle_centres())


@lru_cache(maxsize=1)
def region_ids_of_cells() -> np.ndarray:
    """(n cells,) the region id each cell belongs to (0 for cell 0, not the body)."""
    model = load_body_model()
    out = np.zeros(model.n_cells, np.intp)
    for patch in PATCHES:
        out[model.patch_cell(patch)] = REGION_ID[patch]
    for region in SOLIDS:
        base = model.solid_base(region)
        out[base:base + model.cells_per_solid] = REGION_ID[region]
    return out
