"""What the clinician examined but did not photograph, entered on the body chart.

The entry is a mask over the chart's own raster (burnmap/resources/body_chart.json drawn at SCALE pixels
per chart unit: 860 x 1000 pixels, pixel (row i, column j) centred on chart point
((j + 0.5) / SCALE, (i + 0.5) / SCALE)), one uint8 per pixel:

    0 nothing entered, 1..4 the burn depth classes (burnmap.body.burn), 5 EXAMINED: examined, no burn.

Only pixels inside a region-surface's shape hold an entry. This is the format the case keeps
(a PNG of these values) and `assess --chart CHART.png` reads.

How it counts. Each chart pixel stands for a cell of the body model (burnmap.body.body_model): the
figures are the body seen square-on from the front and the back, as burnmap.chart.burns draws the
burns photos measured, so a pixel at height s of a region's shape and offset u across it is the
cell at s along its axis and angle asin(u) around it. A cell that a photo measures belongs to
the photo (the photo wins; chart entries there are not counted and are named in a warning). A
region-surface with any entry on its other pixels counts as examined there: its cells that no
photo measures are assessed by the chart, burned by depth in the share of those pixels drawn at
that depth (the share of the region-surface's free chart area), the rest unburned. A
region-surface with no entry on the chart stays not assessed where no photo measures it.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from burnmap.body.body_model import PATCHES, load_body_model
from burnmap.body.burn import DEPTHS, NONE, BurnMask
from burnmap.body.photo_counts import COLUMNS
from burnmap.body.surface_assess import layout
from burnmap.chart.body_chart import BodyChart, load_body_chart
from burnmap.chart.burns import shape_axis
from burnmap.text.messages import Message

SCALE = 2
EXAMINED = 5
CHART_VALUES = (NONE, *DEPTHS, EXAMINED)
RASTER_VERSION = "burnmap-body-chart-1@2"   # chart file version and SCALE: stored with the mask


class ChartEntryError(ValueError):
    """A chart mask that cannot be the chart's: wrong size or type, unknown values, or entries
    outside the figures. The message is for the user."""


class ChartMask(BurnMask):
    """The chart's entries, edited like a photo's burn (strokes, fills, undo and redo), with
    one more value: EXAMINED."""
    CLASSES = CHART_VALUES

    @classmethod
    def blank(cls) -> ChartMask:
        raster = chart_raster()
        return cls(*raster.shape, allowed=raster.keys > 0)

    @classmethod
    def of(cls, values) -> ChartMask:
        """A mask holding checked values (a case's, a command's file): ChartEntryError."""
        raster = chart_raster()
        return cls.from_array(check_chart_values(values), allowed=raster.keys > 0)

    def copy(self) -> ChartMask:
        mask = ChartMask(0, 0)
        mask.values, mask.revision = self.values.copy(), self.revision
        return mask

    def has_entries(self) -> bool:
        return bool(self.values.any())


@dataclass(frozen=True)
class ChartRaster:
    keys: np.ndarray     # (H, W) int16: 1 + index into surface_assess.layout().keys, 0 outside
    cells: np.ndarray    # (H, W) int32: the body model cell each pixel stands for, 0 outside

    @property
    def shape(self) -> tuple[int, int]:
        return self.keys.shape


@lru_cache(maxsize=1)
def chart_raster() -> ChartRaster:
    """The default chart as a raster: which region-surface and cell each pixel is (exact
    even-odd rule of burnmap.chart.geometry.inside at the pixel centres; made once)."""
    chart = load_body_chart()
    width, height = (int(round(v * SCALE)) for v in chart.size)
    keys = np.zeros((height, width), np.int16)
    cells = np.zeros((height, width), np.int32)
    index = {k: i for i, k in enumerate(layout().keys)}
    for shape in chart.shapes:
        inside = _fill(shape.rings, height, width)
        keys[inside] = index[shape.key] + 1
        cells[inside] = _cells_of(chart, shape.region, shape.surface, *np.nonzero(inside))
    keys.setflags(write=False)
    cells.setflags(write=False)
    return ChartRaster(keys, cells)


def _fill(rings, height: int, width: int) -> np.ndarray:
    """Pixels whose centres lie inside the rings (even-odd, half-open as geo.inside)."""
    out = np.zeros((height, width), bool)
    edges = np.array([(a, b) for ring in rings for a, b in zip(ring, (*ring[1:], ring[0]), strict=True)])
    (x0, y0), (x1, y1) = edges[:, 0].T, edges[:, 1].T
    top, bottom = min(y0.min(), y1.min()), max(y0.max(), y1.max())
    xs = (np.arange(width) + 0.5) / SCALE
    for i in range(max(0, int(top * SCALE) - 1), min(height, int(bottom * SCALE) + 2)):
        y = (i + 0.5) / SCALE
        cross = (y0 > y) != (y1 > y)
        if not cross.any():
            continue
        at = np.sort(x0[cross] + (y - y0[cross]) * (x1[cross] - x0[cross]) /
                     (y1[cross] - y0[cross]))
        out[i] = (len(at) - np.searchsorted(at, xs, side="right")) % 2 == 1
    return out


def _cells_of(chart: BodyChart, region: str, surface: str, rows, cols) -> np.ndarray:
    """The cell of each chart pixel of one shape: the inverse of burnmap.chart.burns' mapping."""
    model = load_body_model()
    if region in PATCHES:
        return np.full(len(rows), model.patch_cell(region), np.int32)
    axis = shape_axis(chart, region, surface)
    points = np.stack([(cols + 0.5) / SCALE, (rows + 0.5) / SCALE], axis=1) - axis.origin
    p = points @ axis.along
    s = np.clip((p - axis.start) / (axis.end - axis.start), 0.0, 1.0)
    k = np.linspace(axis.start, axis.end, len(axis.lo))
    lo, hi = np.interp(p, k, axis.lo), np.interp(p, k, axis.hi)
    u = np.clip((2 * (points @ axis.across) - lo - hi) / np.maximum(hi - lo, 1e-9), -1.0, 1.0)
    # the outline (u = +-1) is at 90 and 270 degrees, where the surfaces meet: kept on this one
    turn = np.clip(np.degrees(np.arcsin(u)), -90.0 + 1e-6, 90.0 - 1e-6)
    angle = (turn if surface == "anterior" else 180.0 + turn) % 360.0
    a_bin = np.minimum((angle / model.bin_degrees).astype(np.int64), model.angle_bins - 1)
    s_bin = np.minimum((s * model.axis_bins).astype(np.int64), model.axis_bins - 1)
    return (model.solid_base(region) + s_bin * model.angle_bins + a_bin).astype(np.int32)


def check_chart_values(values) -> np.ndarray:
    """The values as a chart mask, or ChartEntryError saying what is wrong with them."""
    raster = chart_raster()
    if not isinstance(values, np.ndarray) or values.ndim != 2 or values.dtype != np.uint8:
        raise ChartEntryError(Message("a body chart mask is a single-channel 8-bit image"))
    if values.shape != raster.shape:
        raise ChartEntryError(Message("a body chart mask is {0} x {1} pixels (the chart's "
                                      "raster), not {2} x {3}", raster.shape[1],
                                      raster.shape[0], values.shape[1], values.shape[0]))
    bad = np.unique(values[values > EXAMINED])
    if bad.size:
        raise ChartEntryError(Message("body chart mask values must be 0..5, found {0}",
                                      ", ".join(map(str, bad[:5].tolist()))))
    outside = int(np.count_nonzero(values[raster.keys == 0]))
    if outside:
        raise ChartEntryError(Message("the body chart mask has {0} entries outside the body's "
                                      "figures", outside))
    return values


@dataclass
class ChartPart:
    """What the chart adds to an assessment: the cells it measures and their sums (every cell
    of a region-surface holds that region-surface's free pixels by value), and the
    region-surfaces whose entries a photo's measurement overrides (key -> the photo index)."""
    cells: np.ndarray                        # body model cells the chart measures
    sums: np.ndarray                         # (len(cells), COLUMNS) pixels by column
    overridden: dict[tuple[str, str], int]   # drawn burn where a photo measures
    examined: set[tuple[str, str]]           # region-surfaces entered without any burn


def chart_part(values: np.ndarray, choice: np.ndarray) -> ChartPart:
    """The chart's part, given the photos' choice of cells (surface_assess.choose: -1 where no
    photo measures the cell)."""
    raster, lay = chart_raster(), layout()
    n_keys = len(lay.keys)
    if choice is None:                      # no photo: the chart alone
        choice = np.full(load_body_model().n_cells, -1, np.intp)
    body = raster.keys > 0
    keys, cells, vals = raster.keys[body] - 1, raster.cells[body], values[body]
    owner = choice[cells]
    free = owner < 0
    per_value = np.bincount(keys[free] * len(CHART_VALUES) + vals[free],
                            minlength=n_keys * len(CHART_VALUES)).reshape(n_keys, -1)
    pixels = per_value.sum(1)
    entered = np.flatnonzero(per_value[:, 1:].sum(1) > 0)
    out_cells, out_sums, examined = [], [], set()
    for k in entered.tolist():
        mine = np.flatnonzero((lay.of_cell == k) & (choice < 0))
        row = np.zeros(COLUMNS, np.int64)
        row[list(DEPTHS)] = per_value[k, list(DEPTHS)]
        row[0] = pixels[k] - row[1:].sum()
        out_cells.append(mine)
        out_sums.append(np.broadcast_to(row, (len(mine), COLUMNS)))
        if not row[1:].any():
            examined.add(lay.keys[k])
    burned_locked = ~free & (vals >= 1) & (vals <= DEPTHS[-1])
    overridden = {}
    for k in np.unique(keys[burned_locked]).tolist():
        by = np.bincount(owner[burned_locked & (keys == k)])
        overridden[lay.keys[k]] = int(np.argmax(by))
    cells_all = np.concatenate(out_cells) if out_cells else np.zeros(0, np.intp)
    sums_all = np.concatenate(out_sums) if out_sums else np.zeros((0, COLUMNS), np.int64)
    return ChartPart(cells_all, sums_all, overridden, examined)


def with_chart(choice, stack, part: ChartPart | None, n_photos: int
               ) -> tuple[np.ndarray, np.ndarray]:
    """The photos' choice of cells and their sums, with the chart as one more measurer (index
    n_photos) of the cells it assesses."""
    n_cells = load_body_model().n_cells
    if choice is None:
        choice = np.full(n_cells, -1, np.intp)
        stack = np.zeros((0, n_cells, COLUMNS), np.int64)
    if part is None or not part.cells.size:
        return choice, stack
    full = choice.copy()
    full[part.cells] = n_photos
    layer = np.zeros((1, n_cells, COLUMNS), stack.dtype)
    layer[0, part.cells] = part.sums
    return full, np.concatenate([stack, layer])


def locked_pixels(choice: np.ndarray) -> np.ndarray:
    """(H, W) the photo index measuring each chart pixel's cell, -1 where none does (or off
    the figures): where the chart takes no entry."""
    raster = chart_raster()
    if choice is None:
        return np.full(raster.shape, -1, np.intp)
    return np.where(raster.keys > 0, choice[raster.cells], -1)


# How chart entries look, in the window and the report alike: each drawn depth in its colour,
# hatched and outlined dark (drawn, not measured from a photo); examined-unburned pale blue.
EXAMINED_RGBA = (86, 180, 233, 110)   # Okabe-Ito sky blue, light
ENTRY_OUTLINE_RGB = (20, 20, 20)


def entry_outlines(values: np.ndarray) -> list[tuple[int, list[list[tuple[float, float]]]]]:
    """The entries as polygons in chart units, per value present (1..4, then EXAMINED): the
    rings (outer and holes, even-odd) around its pixels, through the pixel centres."""
    import cv2
    out = []
    for value in (*DEPTHS, EXAMINED):
        where = (values == value).astype(np.uint8)
        if not where.any():
            continue
        contours, _ = cv2.findContours(where, cv2.RETR_CCOMP, cv2.CHAIN_APPROX_SIMPLE)
        rings = []
        for contour in contours:
            points = cv2.approxPolyDP(contour, 0.6, True)[:, 0, :].astype(float)
            if len(points) < 3:          # a line or a dot: kept as a thin quadrilateral
                points = _dot(contour[:, 0, :].astype(float))
            rings.append([((x + 0.5) / SCALE, (y + 0.5) / SCALE) for x, y in points])
        out.append((value, rings))
    return out


def _dot(points: np.ndarray) -> np.ndarray:
    """A one-pixel-wide entry as a quadrilateral half a pixel around its pixels."""
    x0, y0 = points.min(0) - 0.5
    x1, y1 = points.max(0) + 0.5
    return np.array([(x0, y0), (x1, y0), (x1, y1), (x0, y1)])
