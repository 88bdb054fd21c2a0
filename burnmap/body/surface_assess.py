"""Which photo measures each part of the body's surface, and each region-surface's numbers.

Every cell of the body model (burnmap.body.body_model) is measured by one photo: among the photos that
show it unoccluded, the one that sees it most squarely (cosine between the surface's normal and
the direction to the camera), a larger view of it breaking a tie (two photos of one view). A cell
that no photo shows but on which a burn was painted is measured by the photo with the burn, so
nothing painted drops out unless another photo measures that same part of the surface. A cell
no photo shows stays not assessed. A region-surface's burned fraction is burned surface over
surface, each cell weighing its area on the model; the photos never count twice.

All of it is array work over the ~26,000 cells (no loop over pixels): it runs after every stroke.
"""
from __future__ import annotations

import weakref
from dataclasses import dataclass, field
from functools import cache, lru_cache

import numpy as np

from burnmap.body.body_model import (
    PATCHES,
    REGION_ID,
    SOLIDS,
    cell_areas,
    load_body_model,
    region_ids_of_cells,
    view_squareness,
)
from burnmap.body.burn import DEPTHS
from burnmap.body.lund_browder import load_lund_browder
from burnmap.body.photo_counts import COLUMNS, COVERED

FILL_REACH = 2         # an empty cell takes the sums of a neighbour up to this many sectors away
DROPPED = 0.01         # a painted burn left out over >= 1 % of a region-surface is named


@dataclass
class Measured:
    """The part of a region-surface one photo measured."""
    photo: int
    area_percent: float                       # % of the region-surface's area
    angles: list[tuple[float, float]]         # sectors (degrees, from..to, increasing angle)
    axis: tuple[float, float]                 # along the axis, 0..1
    name: str = ""                            # the photo's name and view (set by assess)
    view: str = ""


@dataclass
class SurfaceNumbers:
    region: str
    surface: str
    percent_of_skin: dict[int, float]         # depth -> % of the assessed skin
    covered_percent: float                    # % of the measured surface under clothing
    assessed_percent: float                   # % of the region-surface measured at all
    measured_by: list[Measured] = field(default_factory=list)

    @property
    def main_photo(self) -> int:
        return max(self.measured_by, key=lambda m: m.area_percent).photo


@dataclass
class Dropped:
    """Burn painted on `painted` where `measured` measures the surface and shows less."""
    region: str
    surface: str
    painted: int
    measured: int
    area_percent: float


@dataclass(frozen=True)
class Layout:
    keys: tuple[tuple[str, str], ...]    # region-surfaces, in the chart's order
    of_cell: np.ndarray                  # (n cells,) index into keys, -1 for cell 0
    area: np.ndarray                     # (n cells,) share of its region-surface's area
    angle: np.ndarray                    # (n cells,) angle bin, -1 for patches
    axis: np.ndarray                     # (n cells,) axis bin, -1 for patches


@lru_cache(maxsize=1)
def layout() -> Layout:
    model = load_body_model()
    keys = tuple(load_lund_browder().region_surfaces())
    n = model.n_cells
    of_cell, area = np.full(n, -1, np.intp), np.zeros(n)
    angle, axis = np.full(n, -1, np.intp), np.full(n, -1, np.intp)
    front = model.anterior_bins()
    for region in SOLIDS:
        base = model.solid_base(region)
        grid = np.arange(model.cells_per_solid).reshape(model.axis_bins, model.angle_bins)
        areas = cell_areas(region)
        for surface, half in (("anterior", front), ("posterior", ~front)):
            cells = base + grid[:, half].ravel()
            of_cell[cells] = keys.index((region, surface))
            area[cells] = areas[:, half].ravel() / areas[:, half].sum()
        angle[base:base + model.cells_per_solid] = grid.ravel() % model.angle_bins
        axis[base:base + model.cells_per_solid] = grid.ravel() // model.angle_bins
    for patch in PATCHES:
        cell = model.patch_cell(patch)
        of_cell[cell] = next(i for i, k in enumerate(keys) if k[0] == patch)
        area[cell] = 1.0
    return Layout(keys, of_cell, area, angle, axis)


@lru_cache(maxsize=1)
def _cells_per_key() -> np.ndarray:
    lay = layout()
    return np.bincount(lay.of_cell[lay.of_cell >= 0], minlength=len(lay.keys))


def surface_cells(region: str, surface: str) -> np.ndarray:
    """The cells of one region-surface."""
    lay = layout()
    return np.flatnonzero(lay.of_cell == lay.keys.index((region, surface)))


@cache
def _squareness(view: str) -> np.ndarray:
    model = load_body_model()
    out = np.ones(model.n_cells)
    for region in SOLIDS:
        base = model.solid_base(region)
        out[base:base + model.cells_per_solid] = np.tile(view_squareness(region, view),
                                                         model.axis_bins)
    return out


def choose(photos, usable: np.ndarray, chosen: dict | None = None) -> np.ndarray:
    """(n cells,) the photo measuring each cell, -1 for none. usable[p, region id]: the region
    is big enough on photo p to be judged (else only its burns make it a candidate)."""
    key = _shown_key(tuple(p.surface for p in photos), tuple(p.view for p in photos),
                     usable.tobytes(), usable.shape,
                     tuple(tuple(p.counts[[REGION_ID[x] for x in PATCHES]].sum(1)) for p in
                           photos))
    choice = np.where(np.isfinite(key).any(0), np.argmax(key, axis=0), -1)
    unshown = np.flatnonzero(choice < 0)
    if unshown.size:        # burns painted where no photo shows the surface still count
        square = np.stack([_squareness(p.view)[unshown] for p in photos])
        burned = np.stack([p.sums[unshown, 1:COVERED].sum(1) > 0 for p in photos])
        fallback = np.where(burned, square, -np.inf)
        choice[unshown] = np.where(np.isfinite(fallback).any(0), np.argmax(fallback, axis=0),
                                   -1)
    for (region, surface), index in (chosen or {}).items():
        if 0 <= index < len(photos):
            cells = surface_cells(region, surface)
            choice[cells[np.isfinite(key[index, cells])]] = index
    choice[0] = -1
    return choice


_LAST: list = []    # one remembered ranking: (weak references to the surface maps, key, array)


def _shown_key(surfaces, views, usable, shape, patch_pixels) -> np.ndarray:
    """The ranking for these photos, remembered for the same surface maps (by identity, held
    weakly so a replaced map is freed) and inputs: a stroke does not change it."""
    key = (views, usable, shape, patch_pixels)
    if _LAST:
        refs, last_key, ranking = _LAST[0]
        if last_key == key and len(refs) == len(surfaces) and \
                all(r() is s for r, s in zip(refs, surfaces, strict=False)):
            return ranking
    ranking = _ranking(surfaces, views, usable, shape, patch_pixels)
    _LAST[:] = [([weakref.ref(s) for s in surfaces], key, ranking)]
    return ranking


def _ranking(surfaces, views, usable, shape, patch_pixels) -> np.ndarray:
    """(photos, cells): how squarely each photo sees each cell it shows (a larger view
    breaking ties), -inf where it does not show it."""
    ok = np.frombuffer(usable, bool).reshape(shape)
    shown = np.stack([s.shown for s in surfaces]) & ok[:, region_ids_of_cells()]
    square = np.stack([_squareness(v) for v in views])
    resolution = np.stack([np.asarray(s.resolution, float) for s in surfaces])
    model = load_body_model()
    for patch, pixels in zip(PATCHES, np.array(patch_pixels).T if patch_pixels else [], strict=False):
        resolution[:, model.patch_cell(patch)] = pixels
    tie = 1e-6 * resolution / np.maximum(resolution.max(0), 1e-12)
    key = np.where(shown, square + tie, -np.inf)
    key.setflags(write=False)
    return key


def measured_sums(stack: np.ndarray, choice: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(measured cells, their sums (cells x columns)) from the photo measuring each (`stack`:
    every photo's sums); a measured cell left empty by the pixel grid (a sector narrower than
    a pixel at the outline) takes its nearest sector's on the same photo and axis bin."""
    lay = layout()
    cells = np.flatnonzero(choice >= 0)
    photo = choice[cells]
    sums = stack[photo, cells]
    na = load_body_model().angle_bins
    angle = lay.angle[cells]
    empty = np.flatnonzero((angle >= 0) & (sums.sum(1) == 0))
    for step in [s for k in range(1, FILL_REACH + 1) for s in (k, -k)]:
        if not empty.size:
            break
        near = cells[empty] + ((angle[empty] + step) % na - angle[empty])
        sums[empty] = stack[photo[empty], near]
        empty = empty[sums[empty].sum(1) == 0]
    return cells, sums


def all_numbers(choice: np.ndarray, measured: tuple[np.ndarray, np.ndarray], n_photos: int
                ) -> dict[tuple[str, str], SurfaceNumbers]:
    """Every region-surface some pixel measured: its numbers and who measured what."""
    lay = layout()
    k = len(lay.keys)
    cells, sums = measured
    total = sums.sum(1)
    key, area = lay.of_cell[cells], lay.area[cells]
    weight = area * (total > 0)
    share = weight[:, None] * (sums / np.maximum(total, 1)[:, None])
    area_data = np.bincount(key, weight, minlength=k)
    by_column = np.stack([np.bincount(key, share[:, c], minlength=k) for c in range(COLUMNS)],
                         axis=1)
    assessed = np.bincount(key, area, minlength=k)
    assessed[np.bincount(key, minlength=k) == _cells_per_key()] = 1.0   # exactly all of it
    parts = _parts(choice, cells, n_photos)
    out = {}
    for i in np.flatnonzero(area_data > 0):     # Python floats: JSON and comparisons
        covered = float(by_column[i, COVERED] / area_data[i])
        skin = float(area_data[i] - by_column[i, COVERED])
        percent = {d: (100.0 * float(by_column[i, d]) / skin if skin > 0 else 0.0)
                   for d in (0, *DEPTHS)}
        region, surface = lay.keys[i]
        out[lay.keys[i]] = SurfaceNumbers(region, surface, percent, 100.0 * covered,
                                          100.0 * float(assessed[i]), parts.get(i, []))
    return out


def _parts(choice, cells, n_photos) -> dict[int, list[Measured]]:
    """Per region-surface index: each measuring photo's share, sectors and axis range."""
    lay = layout()
    model = load_body_model()
    key = lay.of_cell[cells] * n_photos + choice[cells]
    size = len(lay.keys) * n_photos
    area = np.bincount(key, lay.area[cells], minlength=size)
    solid = lay.angle[cells] >= 0
    angles = np.zeros((size, model.angle_bins), bool)
    angles[key[solid], lay.angle[cells][solid]] = True
    bins = np.zeros((size, model.axis_bins), bool)
    bins[key[solid], lay.axis[cells][solid]] = True
    first = np.argmax(bins, axis=1)
    last = model.axis_bins - 1 - np.argmax(bins[:, ::-1], axis=1)
    sectors = _runs(angles, model.bin_degrees)
    out: dict[int, list[Measured]] = {}
    for j in np.flatnonzero(area > 0):
        i, p = divmod(int(j), n_photos)
        span = (first[j] / model.axis_bins, (last[j] + 1) / model.axis_bins) \
            if bins[j].any() else (0.0, 1.0)
        out.setdefault(i, []).append(Measured(p, 100.0 * float(area[j]), sectors.get(j, []),
                                              (float(span[0]), float(span[1]))))
    for parts in out.values():
        parts.sort(key=lambda m: -m.area_percent)
    return out


def _runs(present: np.ndarray, step: float) -> dict[int, list[tuple[float, float]]]:
    """Per row of `present` (rows x sectors): its runs of sectors as (from, to) degrees,
    joined across 360/0; a full row is (0, 360)."""
    n = present.shape[1]
    begins = present & ~np.roll(present, 1, axis=1)
    ends = present & ~np.roll(present, -1, axis=1)
    out: dict[int, list[tuple[float, float]]] = {}
    for row in np.flatnonzero(present.all(1)):
        out[int(row)] = [(0.0, 360.0)]
    rb, cb = np.nonzero(begins)
    re_, ce = np.nonzero(ends)
    # per row, begins and ends alternate around the circle: the k-th begin's run ends at the
    # first end at or after it, or (wrapping) at the row's first end
    for row, a in zip(rb, cb, strict=False):
        row_ends = ce[re_ == row]
        after = row_ends[row_ends >= a]
        b = after[0] if after.size else row_ends[0]
        out.setdefault(int(row), []).append((float(a * step), float(((b + 1) * step) % 360 or
                                                                     360.0)))
    del n
    return out


def dropped_burns(stack: np.ndarray, choice: np.ndarray) -> list[Dropped]:
    """Burn painted on one photo where another measures the surface and shows less of it."""
    lay = layout()
    n_photos = len(stack)
    if n_photos < 2:
        return []
    burned = stack[:, :, 1:COVERED].sum(2)
    total = np.maximum(stack.sum(2), 1)
    picked = np.where(choice >= 0, choice, 0)
    cells = np.arange(len(choice))
    their = burned[picked, cells] / total[picked, cells]
    out = []
    for p in range(n_photos):
        other = np.flatnonzero((choice >= 0) & (choice != p) & (burned[p] > 0) &
                               (lay.of_cell >= 0))
        if not other.size:
            continue
        lost = lay.area[other] * np.maximum(burned[p, other] / total[p, other] - their[other], 0)
        per = np.bincount(lay.of_cell[other] * n_photos + choice[other], lost,
                          minlength=len(lay.keys) * n_photos)
        for j in np.flatnonzero(per >= DROPPED):
            i, q = divmod(int(j), n_photos)
            out.append(Dropped(*lay.keys[i], p, q, 100.0 * float(per[j])))
    return out
