"""Where each pixel of a photo lies on the body's surface, and how much surface it stands for.

Built once per region map (burnmap.body.regions.to_clinical_regions), never per stroke. For each solid
region (burnmap.body.body_model) the photo gets a frame: an axis between the region's landmarks (limbs
between their joints, the trunk from the shoulder line to the hip line, head, neck, hands and
feet along their own extent) and, per axis bin, the region's outline across it. A pixel's offset
across the outline gives its angle around the axis (through the cross-section and the view); its
weight is the arc length its width covers, integrated exactly over the pixel, so pixels near the
outline stand for more skin without ever blowing up. Per pixel the map keeps a cell index and
that weight (integers, so stroke-by-stroke sums equal a full recount bit for bit).

A cell is shown on a photo when the part of the outline it projects to is filled with the
region's own pixels: an arm in front of the flank, the photo's edge or a gap leaves it unshown
(burnmap.body.surface_frames decides outlines and what hides them).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from burnmap.body.body_model import (
    PATCH_HOSTS,
    PATCHES,
    REGION_ID,
    SOLIDS,
    VIEW_ANGLE,
    WEIGHT_UNIT,
    load_body_model,
    section,
)
from burnmap.body.surface_frames import Axis, outline, region_axes
from burnmap.photo import bands

SHOWN = 0.5             # a cell is shown when at least half its outline strip is the region's


@dataclass
class RegionFrame:
    """One solid region on one photo: its axis, outline per axis bin, and the view's phase."""
    region: str
    axis: Axis
    centre: np.ndarray        # (axis bins,) outline centre, px across the axis line
    half: np.ndarray          # (axis bins,) outline half-width, px
    phase: float              # radians: offset across = R sin(angle - phase)
    reach: float              # R: the section's projected half-width (model units)
    filled: np.ndarray        # (axis bins,) the bin has an outline on this photo

    def locate(self, x: float, y: float) -> tuple[float, float]:
        """(position along the axis 0..1, angle in degrees) of image point (x, y)."""
        s, u = self.axis.coordinates(np.array([x], float), np.array([y], float))
        nb = len(self.centre)
        b = int(np.clip(np.floor(s[0] * nb), 0, nb - 1))
        un = float(np.clip((u[0] - self.centre[b]) / max(self.half[b], 0.5), -1, 1))
        return float(np.clip(s[0], 0, 1)), float(np.degrees(self.phase + np.arcsin(un)) % 360)


@dataclass
class SurfaceMap:
    """Per pixel: its cell and surface weight; per cell: shown, and the photo's resolution."""
    view: str
    cell: np.ndarray               # (H, W) uint16, 0 = not the body
    weight: np.ndarray             # (H, W) uint16, surface in WEIGHT_UNIT per pixel
    shown: np.ndarray              # (n cells,) bool
    resolution: np.ndarray         # (n cells,) float: photo pixels per unit of the model
    frames: dict[str, RegionFrame] = field(default_factory=dict)
    cut: set[str] = field(default_factory=set)   # regions the photo's edge cuts
    body_box: tuple[int, int, int, int] | None = None   # (y0, y1, x0, x1) of every region

    def locate(self, x: int, y: int) -> tuple[str, float, float] | None:
        """(region, axis position, angle) of a pixel of a solid region, else None."""
        name = _region_of_cell(int(self.cell[y, x]))
        frame = self.frames.get(name)
        if frame is None:
            return None
        s, angle = frame.locate(x + 0.5, y + 0.5)
        return name, s, angle


def _region_of_cell(cell: int) -> str | None:
    model = load_body_model()
    first = 1 + len(PATCHES)
    if cell < first:
        return PATCHES[cell - 1] if cell else None
    return SOLIDS[(cell - first) // model.cells_per_solid]


def build_surface(ids: np.ndarray, view: str, joints: dict[str, tuple[float, float]],
                  estimated: frozenset[str] = frozenset()) -> SurfaceMap:
    """The surface map of one photo's region map (ids), view and joints; `estimated` names the
    joints that were estimated rather than found (they do not set the body's scale)."""
    model = load_body_model()
    h, w = ids.shape
    surface = SurfaceMap(view, np.zeros((h, w), np.uint16), np.full((h, w), WEIGHT_UNIT,
                                                                    np.uint16),
                         np.zeros(model.n_cells, bool), np.zeros(model.n_cells, np.float32))
    boxes = _boxes(ids)
    if boxes:
        surface.body_box = _host_box(boxes, list(boxes))
    for patch in PATCHES:
        rid = REGION_ID[patch]
        if rid in boxes:
            _paint_patch(surface, ids, boxes[rid], rid, model.patch_cell(patch))
    for region, axis in region_axes(ids, boxes, view, joints, estimated).items():
        frame = _fit_frame(ids, boxes, region, axis, view)
        if frame is None:
            continue
        surface.frames[region] = frame
        if axis.cut:
            surface.cut.add(region)
        _shown_cells(surface, frame, ids, boxes, model)
        _write_cells(surface, frame, ids, boxes[REGION_ID[region]], model)
    _unmapped(surface, ids, boxes, model)
    return surface


def _unmapped(surface, ids, boxes, model) -> None:
    """A region with no outline on the photo (too thin, or off its joints) still owns its
    pixels: they go to one cell facing the camera, so a burn painted there is never lost."""
    facing = int(VIEW_ANGLE[surface.view] // model.bin_degrees)
    for region in SOLIDS:
        rid = REGION_ID[region]
        if rid not in boxes or region in surface.frames:
            continue
        y0, y1, x0, x1 = boxes[rid]
        mine = ids[y0:y1, x0:x1] == rid
        cell = model.solid_base(region) + model.axis_bins // 2 * model.angle_bins + facing
        surface.cell[y0:y1, x0:x1][mine] = cell


def _boxes(ids: np.ndarray) -> dict[int, tuple[int, int, int, int]]:
    """Bounding box (y0, y1, x0, x1), end-exclusive, of each region id present."""
    n = 256
    rows_seen = np.zeros((ids.shape[0], n), bool)
    cols_seen = np.zeros((ids.shape[1], n), bool)
    for rows in bands.row_bands(ids.shape):
        band = ids[rows].astype(np.int64)
        height = rows.stop - rows.start
        r = np.arange(height)[:, None] * n + band
        rows_seen[rows] = np.bincount(r.ravel(), minlength=height * n).reshape(height, n) > 0
        c = np.arange(ids.shape[1])[None, :] * n + band
        cols_seen |= np.bincount(c.ravel(), minlength=ids.shape[1] * n).reshape(-1, n) > 0
    out = {}
    for rid in np.flatnonzero(rows_seen.any(0)):
        if rid == 0:
            continue
        ys, xs = np.flatnonzero(rows_seen[:, rid]), np.flatnonzero(cols_seen[:, rid])
        out[int(rid)] = (int(ys[0]), int(ys[-1]) + 1, int(xs[0]), int(xs[-1]) + 1)
    return out


def _paint_patch(surface, ids, box, rid, cell) -> None:
    y0, y1, x0, x1 = box
    mine = ids[y0:y1, x0:x1] == rid
    surface.cell[y0:y1, x0:x1][mine] = cell
    surface.shown[cell] = True
    surface.resolution[cell] = 1.0


def _pixels(ids, box, wanted):
    """(xs, ys) pixel centres of `wanted` region ids inside `box`, band by band."""
    y0, y1, x0, x1 = box
    for rows in bands.row_bands((y1 - y0, x1 - x0)):
        part = ids[y0 + rows.start:y0 + rows.stop, x0:x1]
        ys, xs = np.nonzero(np.isin(part, wanted))
        if ys.size:
            yield (xs + x0 + 0.5, ys + y0 + rows.start + 0.5, ys + rows.start, xs)


def _host_box(boxes, rids) -> tuple[int, int, int, int]:
    present = [boxes[r] for r in rids if r in boxes]
    return (min(b[0] for b in present), max(b[1] for b in present),
            min(b[2] for b in present), max(b[3] for b in present))


def _own_ids(region: str) -> list[int]:
    """The region and the patches lying on it: they fill its outline, they do not hide it."""
    return [REGION_ID[region]] + [REGION_ID[p] for p, hosts in PATCH_HOSTS.items()
                                  if region in hosts]


def _fit_frame(ids, boxes, region, axis, view) -> RegionFrame | None:
    """The outline per axis bin from the occupancy of the region's pixels across its axis."""
    model = load_body_model()
    own = _own_ids(region)
    box = _host_box(boxes, own)
    corners = np.array([[box[2], box[0]], [box[3], box[0]], [box[2], box[1]], [box[3], box[1]]],
                       float)
    _, u_corner = axis.coordinates(corners[:, 0], corners[:, 1])
    off = int(np.ceil(np.abs(u_corner).max())) + 4
    hist = np.zeros((model.axis_bins, 2 * off), np.float64)
    for xs, ys, _, _ in _pixels(ids, box, own):
        s, u = axis.coordinates(xs, ys)
        keep = (s >= 0) & (s < 1)
        b = (s[keep] * model.axis_bins).astype(np.int64)
        col = np.clip(np.floor(u[keep]).astype(np.int64) + off, 0, 2 * off - 1)
        hist += np.bincount(b * 2 * off + col, minlength=model.axis_bins * 2 * off).reshape(
            model.axis_bins, 2 * off)
    bin_px = max(axis.length / model.axis_bins, 1e-9)
    occupancy = np.minimum(_fill_thin_bins(hist, bin_px) / bin_px, 1.0)
    fitted = outline(occupancy, off, ids, axis, own, region)
    if fitted is None:
        return None
    centre, half, filled, occupancy = fitted
    sec = section(region, model)
    frame = RegionFrame(region, axis, centre, half, sec.phase(VIEW_ANGLE[view]),
                        sec.projected_half_width(VIEW_ANGLE[view]), filled)
    frame.occupancy, frame.offset = occupancy, off   # kept for _shown_cells only
    return frame


def _fill_thin_bins(hist: np.ndarray, bin_px: float) -> np.ndarray:
    """Bins shorter than two pixels along the axis may hold no pixel centre although the
    region covers them: such an empty bin takes the counts of its nearest filled bin (within
    the reach of one pixel), scaled to its length."""
    if bin_px >= 2:
        return hist
    filled = hist.sum(1) > 0
    if not filled.any():
        return hist
    idx = np.arange(len(hist))
    near = idx[filled][np.abs(idx[:, None] - idx[filled][None, :]).argmin(1)]
    reach = np.abs(near - idx) <= np.ceil(1 / bin_px)
    out = hist.copy()
    take = ~filled & reach
    # a pixel row falling in a thin bin counts more than the bin's length: spread it
    out[take] = hist[near[take]]
    return out


def _shown_cells(surface, frame, ids, boxes, model) -> None:
    """A visible sector of a filled bin is shown when its strip of the outline is at least
    half the region's own pixels (averaged over the strip, or the pixel holding it)."""
    nb, na = model.axis_bins, model.angle_bins
    edges = np.radians(np.arange(na + 1) * model.bin_degrees)
    rel0, rel1 = edges[:-1] - frame.phase, edges[1:] - frame.phase
    rel0 = (rel0 + np.pi) % (2 * np.pi) - np.pi
    rel1 = rel0 + (edges[1] - edges[0])
    visible = (rel0 >= -np.pi / 2 - 1e-9) & (rel1 <= np.pi / 2 + 1e-9)
    un0, un1 = np.sin(np.clip(rel0, -np.pi / 2, np.pi / 2)), np.sin(np.clip(rel1, -np.pi / 2,
                                                                            np.pi / 2))
    occ = frame.occupancy
    cum = np.concatenate([np.zeros((nb, 1)), np.cumsum(occ, axis=1)], axis=1)
    x0 = frame.centre[:, None] + frame.half[:, None] * un0[None, :] + frame.offset
    x1 = frame.centre[:, None] + frame.half[:, None] * un1[None, :] + frame.offset
    avg = _strip_average(cum, occ, x0, x1)
    shown = visible[None, :] & frame.filled[:, None] & (avg >= SHOWN)
    base = model.solid_base(frame.region)
    surface.shown[base:base + nb * na] = shown.ravel()
    surface.resolution[base:base + nb * na] = np.repeat(frame.half / frame.reach, na)


def _strip_average(cum, occ, x0, x1) -> np.ndarray:
    """Mean occupancy over [x0, x1] (column units) per bin row; a strip narrower than a pixel
    takes the pixel holding its middle."""
    width = occ.shape[1]
    rows = np.arange(occ.shape[0])[:, None]

    def integral(x):
        x = np.clip(x, 0, width)
        k = np.minimum(np.floor(x).astype(np.int64), width - 1)
        return cum[rows, k] + (x - k) * occ[rows, k]
    span = x1 - x0
    mid = np.clip(np.floor((x0 + x1) / 2).astype(np.int64), 0, width - 1)
    wide = (integral(x1) - integral(x0)) / np.maximum(span, 1e-9)
    return np.where(span >= 1, wide, occ[rows, mid])


def _write_cells(surface, frame, ids, box, model) -> None:
    """Each pixel of the region: its cell (axis bin, sector of its centre) and the arc length
    its width covers (exact integral of the section's arc over the pixel)."""
    rid = REGION_ID[frame.region]
    sec = section(frame.region, model)
    base = model.solid_base(frame.region)
    nb, width = model.axis_bins, np.radians(model.bin_degrees)
    for xs, ys, _, _ in _pixels(ids, box, [rid]):
        s, u = frame.axis.coordinates(xs, ys)
        b = np.clip(np.floor(s * nb), 0, nb - 1).astype(np.int64)
        half = np.maximum(frame.half[b], 1.0)
        h = 0.5 / half
        un = np.clip((u - frame.centre[b]) / half, -1 + h, 1 - h)
        t = frame.phase + np.arcsin(un)
        t0, t1 = frame.phase + np.arcsin(un - h), frame.phase + np.arcsin(un + h)
        stretch = (sec.arc(t1) - sec.arc(t0)) * half / frame.reach
        angle = np.floor((t % (2 * np.pi)) / width).astype(np.int64) % model.angle_bins
        yi, xi = (ys - 0.5).astype(np.int64), (xs - 0.5).astype(np.int64)
        surface.cell[yi, xi] = base + b * model.angle_bins + angle
        surface.weight[yi, xi] = np.clip(np.rint(stretch * WEIGHT_UNIT), 1, 65535)
