"""The burn drawn where it is on the body chart, from the same surface coordinates as the numbers.

Each region-surface's shape on the chart (burnmap/resources/body_chart.json) gets an axis (its long
direction, top end first, as the body model's axes run) and its width across that axis at every
height. A point of the surface at position s along its axis and angle t around it lands on the
anterior figure at the height s and across at sin t (the patient's left on the viewer's right),
on the posterior figure at -sin t: each figure is the body seen square-on from the front or the
back, like a photo. Every measured cell of the body model (burnmap.body.surface_assess) that holds burn
is drawn as the image of its (s, t) patch, narrowed across to its burned share, in its dominant
depth (deeper on a tie); so the chart shows each burn at its place and size, whichever photo
measured it. Parts of an assessed region that no photo measured are drawn grey. Buttocks and
genitalia (one cell each) are drawn as their shape shrunk to the burned share.

No Qt, no reportlab: the window (burnmap/gui/widgets/body_chart.py) and the report
(burnmap/reports/chart.py) draw the same marks.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from burnmap.body.body_model import PATCHES, load_body_model
from burnmap.body.burn import DEPTHS, SUPERFICIAL
from burnmap.body.photo_counts import COVERED
from burnmap.body.surface_assess import layout, surface_cells
from burnmap.chart import geometry as geo
from burnmap.chart.body_chart import BodyChart, load_body_chart

SECTION_STEPS = 48      # widths measured along each shape's axis
WHOLE = 0.8             # a cell this burned is drawn whole (pixel-grid noise at outlines)


@dataclass(frozen=True)
class ChartMark:
    """One polygon to draw over a figure: a burn in `depth`, or (depth None) surface of an
    assessed region that no photo measured."""
    surface: str
    points: tuple[geo.Point, ...]
    depth: int | None


@dataclass(frozen=True)
class ShapeAxis:
    origin: np.ndarray        # a point on the axis line
    along: np.ndarray         # unit vector down the shape
    across: np.ndarray        # unit vector to the viewer's right of `along`
    start: float              # projections of the shape's ends on `along`
    end: float
    lo: np.ndarray            # (SECTION_STEPS,) the shape's extent across, per height
    hi: np.ndarray

    def point(self, s: np.ndarray, u: np.ndarray) -> np.ndarray:
        """(..., 2) chart points at axis position s (0..1) and offset u (-1..1) across."""
        p = self.start + np.clip(s, 0, 1) * (self.end - self.start)
        k = np.linspace(self.start, self.end, SECTION_STEPS)
        lo, hi = np.interp(p, k, self.lo), np.interp(p, k, self.hi)
        v = (lo + hi) / 2 + np.clip(u, -1, 1) * (hi - lo) / 2
        return (self.origin + p[..., None] * self.along + v[..., None] * self.across)


_AXES: dict[int, tuple[BodyChart, dict]] = {}   # id(chart) -> (the chart, its axes)


def _axis(chart: BodyChart, region: str, surface: str) -> ShapeAxis:
    """The shape's axis, made once per chart (a chart is frozen)."""
    held = _AXES.get(id(chart))
    if held is None or held[0] is not chart:
        held = _AXES[id(chart)] = (chart, {})
    axes = held[1]
    if (region, surface) not in axes:
        axes[(region, surface)] = _make_axis(chart, region, surface)
    return axes[(region, surface)]


def shape_axis(chart: BodyChart, region: str, surface: str) -> ShapeAxis:
    """The axis of a solid region's shape on the chart (burnmap.chart.entry maps back through it)."""
    return _axis(chart, region, surface)


def _make_axis(chart: BodyChart, region: str, surface: str) -> ShapeAxis:
    ring = np.array(max(chart.shape(region, surface).rings, key=lambda r: abs(
        geo.signed_area(r))), float)
    centre = ring.mean(0)
    values, vectors = np.linalg.eigh(np.cov((ring - centre).T))
    along = vectors[:, int(np.argmax(values))]
    along = along if along[1] >= 0 else -along          # top end first
    across = np.array([along[1], -along[0]])
    across = across if across[0] >= 0 else -across      # to the viewer's right
    proj = (ring - centre) @ along
    start, end = proj.min() + 1e-6, proj.max() - 1e-6
    lo, hi = [], []
    for p in np.linspace(start, end, SECTION_STEPS):
        cuts = _cuts(ring, centre + p * along, along, across)
        lo.append(min(cuts) if cuts else 0.0)
        hi.append(max(cuts) if cuts else 0.0)
    return ShapeAxis(centre, along, across, float(start), float(end), np.array(lo),
                     np.array(hi))


def _cuts(ring, point, along, across) -> list[float]:
    """Offsets (along `across`) where the line through `point` across the shape meets it."""
    out = []
    a = ring - point
    b = np.roll(ring, -1, axis=0) - point
    da, db = a @ along, b @ along
    for i in np.flatnonzero((da <= 0) != (db <= 0)):
        w = da[i] / (da[i] - db[i])
        out.append(float((a[i] + w * (b[i] - a[i])) @ across))
    return out


def chart_point(region: str, surface: str, s: float, angle: float,
                chart: BodyChart | None = None) -> geo.Point:
    """Where the surface point (s along the axis, angle in degrees) of a solid region lies on
    the chart's figure for `surface`; a patch region's shape centre."""
    chart = chart or load_body_chart()
    if region in PATCHES:
        return chart.shape(region, surface).anchor
    u = np.sin(np.radians(angle)) * (1 if surface == "anterior" else -1)
    x, y = _axis(chart, region, surface).point(np.array(s, float), np.array(u, float))
    return float(x), float(y)


def hover_point(regions, x: int, y: int, chart: BodyChart | None = None
                ) -> tuple[str, str, geo.Point] | None:
    """(region, surface, chart point) of a photo's pixel (regions: burnmap.body.regions.RegionMap with
    its surface map), None off the body: what the chart marks while the mouse is on a photo."""
    if regions is None or regions.surface is None or not (
            0 <= y < regions.ids.shape[0] and 0 <= x < regions.ids.shape[1]):
        return None
    rid = int(regions.ids[y, x])
    if not rid:
        return None
    region = layout().keys[int(layout().of_cell[regions.surface.cell[y, x]])][0] \
        if regions.surface.cell[y, x] else None
    if region in PATCHES:
        surface = "anterior" if region == "genitalia" else "posterior"
        return region, surface, chart_point(region, surface, 0.5, 0.0, chart)
    found = regions.surface.locate(x, y)
    if found is None:
        return None
    region, s, angle = found
    surface = "anterior" if np.cos(np.radians(angle)) > 0 else "posterior"
    return region, surface, chart_point(region, surface, s, angle, chart)


def chart_marks(assessment, chart: BodyChart | None = None) -> list[ChartMark]:
    """The burns (and unmeasured parts of assessed regions) to draw on the chart, from the
    assessment's measured cells; [] when it has none (e.g. made without photos)."""
    measured = getattr(assessment, "measured_cells", None)
    if measured is None:
        return []
    chart = chart or load_body_chart()
    cells, sums = measured
    drawn = getattr(assessment, "chart_cells", None)   # entered on the chart: drawn as entered
    rows = {(r.region, r.surface) for r in assessment.rows}
    key = layout().of_cell[cells]
    marks = []
    for i, (region, surface) in enumerate(layout().keys):
        if (region, surface) not in rows:
            continue
        mine = np.flatnonzero(key == i)
        assessed = cells[mine] if drawn is None else np.union1d(cells[mine], drawn)
        marks += _unmeasured(chart, region, surface, assessed)
        marks += _burns(chart, region, surface, cells[mine], sums[mine])
    return marks


def _dominant(fractions: np.ndarray) -> np.ndarray:
    """Per row of depth fractions: the counted depth covering most (deeper on a tie), else
    superficial."""
    counted = [d for d in DEPTHS if d != SUPERFICIAL]
    deep_first = counted[::-1]
    pick = np.array(deep_first)[np.argmax(fractions[:, deep_first], axis=1)]
    return np.where(fractions[:, counted].sum(1) > 0, pick, SUPERFICIAL)


def _burns(chart, region, surface, cells, sums) -> list[ChartMark]:
    total = np.maximum(sums.sum(1), 1).astype(float)
    burned = sums[:, 1:COVERED].sum(1) / total
    keep = np.flatnonzero(burned > 0)
    if not keep.size:
        return []
    depth = _dominant(sums[keep] / total[keep, None])
    if region in PATCHES:
        shape = chart.shape(region, surface)
        ring = np.array(shape.rings[0], float)[None]
        centre = np.array(shape.anchor, float)[None, None]
        polygons = centre + (ring - centre) * np.sqrt(burned[keep[:1]])[:, None, None]
        return [ChartMark(surface, tuple(map(tuple, polygons[0].tolist())), int(depth[0]))]
    # nearly whole cells (the pixel grid leaves a few percent here and there) join in runs;
    # the others narrow across the shape to their burned share, keeping their height
    whole = burned[keep] >= WHOLE
    marks = []
    base = load_body_model().solid_base(region)
    for d in np.unique(depth[whole]).tolist():
        runs = _runs(cells[keep][whole & (depth == d)] - base)
        marks += [ChartMark(surface, tuple(map(tuple, q)), int(d))
                  for q in _patches(chart, region, surface, *runs).tolist()]
    part = ~whole
    if part.any():
        local = cells[keep][part] - base
        na = load_body_model().angle_bins
        b, j, f = local // na, local % na, burned[keep][part]
        quads = _patches(chart, region, surface, b, j + 0.5 - f / 2, j + 0.5 + f / 2)
        marks += [ChartMark(surface, tuple(map(tuple, q)), int(d))
                  for q, d in zip(quads.tolist(), depth[part].tolist(), strict=False)]
    return marks


def _runs(local: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Cells (local indices) as runs of consecutive sectors per axis bin: (bin, first sector,
    end sector exclusive) arrays."""
    model = load_body_model()
    b, j = local // model.angle_bins, local % model.angle_bins
    order = np.lexsort((j, b))
    b, j = b[order], j[order]
    new = np.ones(len(b), bool)
    new[1:] = (b[1:] != b[:-1]) | (j[1:] != j[:-1] + 1)
    starts = np.flatnonzero(new)
    ends = np.append(starts[1:], len(b)) - 1
    return b[starts], j[starts], j[ends] + 1


def _unmeasured(chart, region, surface, measured: np.ndarray) -> list[ChartMark]:
    """Runs of unmeasured sectors, one polygon per run and axis bin."""
    if region in PATCHES:
        return []
    model = load_body_model()
    missing = np.setdiff1d(surface_cells(region, surface), measured)
    if not missing.size:
        return []
    runs = _runs(missing - model.solid_base(region))
    return [ChartMark(surface, tuple(map(tuple, q)), None)
            for q in _patches(chart, region, surface, *runs).tolist()]


def _quads(chart, region, surface, cells: np.ndarray) -> np.ndarray:
    """(cells, 4, 2): each cell's (s, t) patch on the chart."""
    model = load_body_model()
    local = cells - model.solid_base(region)
    b, j = local // model.angle_bins, local % model.angle_bins
    return _patches(chart, region, surface, b, j, j + 1)


def _patches(chart, region, surface, b, j0, j1) -> np.ndarray:
    """(n, 4, 2): axis bin b, sectors j0 up to j1 (exclusive), as chart quadrilaterals."""
    model = load_body_model()
    s0, s1 = b / model.axis_bins, (b + 1) / model.axis_bins
    t0, t1 = np.radians(j0 * model.bin_degrees), np.radians(j1 * model.bin_degrees)
    sign = 1.0 if surface == "anterior" else -1.0
    u0, u1 = sign * np.sin(t0), sign * np.sin(t1)
    axis = _axis(chart, region, surface)
    corners = [axis.point(s, u) for s, u in ((s0, u0), (s0, u1), (s1, u1), (s1, u0))]
    return np.stack(corners, axis=1)
