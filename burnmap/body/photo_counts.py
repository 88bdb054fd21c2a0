"""A photo's counts, kept up to date stroke by stroke: pixels per region and depth, and the
surface they stand for per cell of the body model (burnmap.body.surface_map) and depth.

Depth columns: 0 unburned, 1..4 the burn depth classes, COVERED (5) clothing-covered pixels
nobody painted (a painted burn is always skin). Surface weights are integers (1/256 of a pixel),
so a stroke's box recount plus the previous sums equals a full recount bit for bit.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from burnmap.body.body_model import N_IDS, WEIGHT_UNIT, load_body_model, region_ids_of_cells
from burnmap.photo.bands import row_bands
from burnmap.text.messages import Message, Word

COVERED = 5
COLUMNS = 6


def _columns(burn: np.ndarray, covered: np.ndarray | None) -> np.ndarray:
    column = burn.astype(np.intp)
    if covered is not None:
        column = np.where(covered & (burn == 0), COVERED, column)
    return column


def count_pixels(region_ids: np.ndarray, burn: np.ndarray,
                 covered: np.ndarray | None = None) -> np.ndarray:
    """counts[region id, column]: pixels of each region by depth column."""
    if region_ids.shape != burn.shape:
        raise ValueError("region map and burn mask sizes differ")
    counts = np.zeros(N_IDS * COLUMNS, dtype=np.int64)
    # The flat index is eight bytes a pixel: bands of rows keep a 100-megapixel photo's
    # temporaries to tens of megabytes instead of gigabytes.
    for rows in row_bands(region_ids.shape):
        part = None if covered is None else covered[rows]
        flat = region_ids[rows].astype(np.intp) * COLUMNS + _columns(burn[rows], part)
        counts += np.bincount(flat.ravel(), minlength=N_IDS * COLUMNS)
    return counts.reshape(N_IDS, COLUMNS)


def _flat(cells, burn, covered) -> np.ndarray:
    """cell * COLUMNS + depth column, per pixel (flattened)."""
    column = burn
    if covered is not None:
        column = np.where(covered & (burn == 0), np.uint8(COVERED), burn)
    flat = np.multiply(cells, COLUMNS, dtype=np.intp)   # intp: bincount takes it uncopied
    np.add(flat, column, out=flat)
    return flat.ravel()


def count_cells(cells: np.ndarray, weights: np.ndarray, burn: np.ndarray,
                covered: np.ndarray | None = None, box=None) -> tuple[np.ndarray, np.ndarray]:
    """(pixels, surface) per cell and depth column: two (n cells, COLUMNS) int64 tables, from
    one flat index per band of rows. `box` (y0, y1, x0, x1): where the body is (cells outside
    it are 0 and unweighted, so only the burn values there are counted)."""
    if cells.shape != burn.shape:
        raise ValueError("surface map and burn mask sizes differ")
    n = load_body_model().n_cells * COLUMNS
    if not cells.size:
        return np.zeros((n // COLUMNS, COLUMNS), np.int64), np.zeros((n // COLUMNS, COLUMNS),
                                                                      np.int64)
    pixels = np.zeros(n, dtype=np.int64)
    surface = np.zeros(n, dtype=np.float64)
    if box is not None:
        y0, y1, x0, x1 = box
        for strip in (burn[:y0], burn[y1:], burn[y0:y1, :x0], burn[y0:y1, x1:]):
            if strip.size:
                outside = np.bincount(strip.ravel(), minlength=COLUMNS)[:COLUMNS]
                pixels[:COLUMNS] += outside
                surface[:COLUMNS] += WEIGHT_UNIT * outside
        window = np.s_[y0:y1, x0:x1]
        cells, weights, burn = cells[window], weights[window], burn[window]
        covered = None if covered is None else covered[window]
    for rows in row_bands(cells.shape):
        flat = _flat(cells[rows], burn[rows], None if covered is None else covered[rows])
        lo, hi = int(flat.min()), int(flat.max()) + 1     # a stroke's box spans few cells
        pixels[lo:hi] += np.bincount(flat - lo, minlength=hi - lo)
        surface[lo:hi] += np.bincount(flat - lo, weights=weights[rows].ravel(),
                                      minlength=hi - lo)
    # integer weights: the float sums are exact (far below 2**53)
    return pixels.reshape(-1, COLUMNS), surface.astype(np.int64).reshape(-1, COLUMNS)


def sum_surface(cells: np.ndarray, weights: np.ndarray, burn: np.ndarray,
                covered: np.ndarray | None = None) -> np.ndarray:
    """sums[cell, column]: surface weight (integer units) of each cell by depth column."""
    return count_cells(cells, weights, burn, covered)[1]


@lru_cache(maxsize=1)
def _blocks() -> tuple[np.ndarray, np.ndarray]:
    """Cells run in blocks of one region each (cell 0, each patch, each solid's cells): the
    blocks' first cells and their region ids, to sum cells into regions with one reduceat."""
    ids = region_ids_of_cells()
    starts = np.flatnonzero(np.diff(ids, prepend=-1) != 0)
    return starts, ids[starts]


@dataclass
class PhotoCounts:
    """Counts of one photo, per cell of its surface map and depth column: `pixels` and
    `sums` (surface, integer weight units); `counts` (region id x column, pixels) from them."""
    view: str
    pixels: np.ndarray
    sums: np.ndarray
    surface: object                  # burnmap.body.surface_map.SurfaceMap
    name: str = ""
    _counts: np.ndarray | None = field(default=None, repr=False, compare=False)

    @property
    def counts(self) -> np.ndarray:
        """Pixels per region id (0 = not the body) and depth column."""
        if self._counts is None:
            starts, ids = _blocks()
            counts = np.zeros((N_IDS, COLUMNS), np.int64)
            np.add.at(counts, ids, np.add.reduceat(self.pixels, starts, axis=0))
            self._counts = counts
        return self._counts

    @staticmethod
    def of(regions, burn: np.ndarray, name: str = "") -> PhotoCounts:
        """Counts of a region map (burnmap.body.regions.RegionMap, with its surface) and burn mask."""
        surface = regions.surface
        pixels, sums = count_cells(surface.cell, surface.weight, burn, regions.covered,
                                   surface.body_box)
        return PhotoCounts(regions.view, pixels, sums, surface, name)

    def update(self, regions, box, old: np.ndarray, new: np.ndarray) -> None:
        """Re-count only an edit's bounding box (y0, x0, y1, x1) from its old and new values."""
        y0, x0, y1, x1 = box
        window = np.s_[y0:y1, x0:x1]
        part = None if regions.covered is None else regions.covered[window]
        cells, weights = self.surface.cell[window], self.surface.weight[window]
        for values, sign in ((old, -1), (new, 1)):
            pixels, sums = count_cells(cells, weights, values, part)
            self.pixels += sign * pixels
            self.sums += sign * sums
        self._counts = None

    def label(self, index: int) -> Message:
        """'back.jpg (posterior view)', 'photo 2 (left lateral view)'."""
        return Message("{0} ({1} view)", self.name or Message("photo {0}", index + 1),
                       Word("view", self.view))
