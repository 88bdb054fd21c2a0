"""Plane geometry of the body chart, shared by the window and the report so both draw and pick
exactly the same thing: areas, point-in-polygon, hatching clipped to a shape, label anchors
(pole of inaccessibility) and a figure's outline.

A ring is a sequence of (x, y) points, the closing point not repeated. A shape may have several
rings; they combine by the even-odd rule. Everything here is deterministic plain arithmetic.
"""
from __future__ import annotations

import heapq
import math
from collections.abc import Iterable, Sequence

import numpy as np

Point = tuple[float, float]
Ring = Sequence[Point]
Segment = tuple[Point, Point]


def signed_area(ring: Ring) -> float:
    """Shoelace area: positive when the ring turns clockwise on screen (y pointing down)."""
    n = len(ring)
    return 0.5 * sum(ring[i][0] * ring[(i + 1) % n][1] - ring[(i + 1) % n][0] * ring[i][1]
                     for i in range(n))


def bounds(rings: Iterable[Ring]) -> tuple[float, float, float, float]:
    """(x0, y0, x1, y1) of all the rings' points."""
    xs = [x for ring in rings for x, _ in ring]
    ys = [y for ring in rings for _, y in ring]
    return min(xs), min(ys), max(xs), max(ys)


def edges(ring: Ring) -> Iterable[Segment]:
    """The ring's sides, the closing one included."""
    return zip(ring, [*list(ring[1:]), ring[0]], strict=True)


def inside(x: float, y: float, rings: Iterable[Ring]) -> bool:
    """Even-odd point-in-polygon over all rings (half-open rule, so a point on an edge shared by
    two shapes belongs to exactly one of them)."""
    hit = False
    for ring in rings:
        for (x0, y0), (x1, y1) in edges(ring):
            if (y0 > y) != (y1 > y) and x < x0 + (y - y0) * (x1 - x0) / (y1 - y0):
                hit = not hit
    return hit


def distance_to_boundary(x: float, y: float, rings: Iterable[Ring]) -> float:
    """Distance from (x, y) to the nearest edge of any ring."""
    best = math.inf
    for ring in rings:
        for (x0, y0), (x1, y1) in edges(ring):
            dx, dy = x1 - x0, y1 - y0
            length2 = dx * dx + dy * dy
            t = 0.0 if length2 == 0 else max(0.0, min(1.0, ((x - x0) * dx + (y - y0) * dy)
                                                       / length2))
            best = min(best, math.hypot(x - x0 - t * dx, y - y0 - t * dy))
    return best


def hatch_segments(rings: Sequence[Ring], spacing: float, angle_degrees: float = 45.0
                   ) -> list[Segment]:
    """Parallel hatch lines clipped to the shape, as segments inside it.

    The lines sit at whole multiples of `spacing` from the origin, so neighbouring shapes' hatches
    line up across their shared edge; the result depends on nothing but the arguments."""
    if spacing <= 0:
        raise ValueError("hatch spacing must be positive")
    a = math.radians(angle_degrees)
    d = (math.cos(a), math.sin(a))          # along the lines
    n = (-math.sin(a), math.cos(a))         # across them
    offsets = [x * n[0] + y * n[1] for ring in rings for x, y in ring]
    out = []
    for k in range(math.ceil(min(offsets) / spacing), math.floor(max(offsets) / spacing) + 1):
        c = k * spacing
        ts = sorted(_crossings(rings, c, d, n))
        for t0, t1 in zip(ts[0::2], ts[1::2], strict=False):
            if t1 - t0 > 1e-9:
                out.append((_at(t0, c, d, n), _at(t1, c, d, n)))
    return out


def _crossings(rings, c, d, n) -> list[float]:
    """Where the line {p . n = c} crosses the rings' edges, as positions along it."""
    ts = []
    for ring in rings:
        for p, q in edges(ring):
            v0, v1 = p[0] * n[0] + p[1] * n[1], q[0] * n[0] + q[1] * n[1]
            if (v0 < c) != (v1 < c):          # half-open: a vertex on the line counts once
                w = (c - v0) / (v1 - v0)
                x, y = p[0] + w * (q[0] - p[0]), p[1] + w * (q[1] - p[1])
                ts.append(x * d[0] + y * d[1])
    return ts


def _at(t: float, c: float, d, n) -> Point:
    return (round(t * d[0] + c * n[0], 4), round(t * d[1] + c * n[1], 4))


def dot_grid(rings: Sequence[Ring], spacing: float) -> list[Point]:
    """Points of a staggered grid (rows `spacing` apart, every other row shifted by half) that
    lie inside the shape at least spacing / 4 from its edge: a stipple fill. Grid positions are
    multiples of `spacing`, so neighbouring shapes' dots line up."""
    if spacing <= 0:
        raise ValueError("dot spacing must be positive")
    x0, y0, x1, y1 = bounds(rings)
    points = [((i + (j % 2) / 2) * spacing, j * spacing)
              for j in range(math.ceil(y0 / spacing), math.floor(y1 / spacing) + 1)
              for i in range(math.floor(x0 / spacing) - 1, math.ceil(x1 / spacing) + 1)]
    if not points:
        return []
    dist = _signed_distance(rings)(np.array(points, dtype=np.float64))
    return [p for p, d in zip(points, dist, strict=False) if d >= spacing / 4]


def pole_of_inaccessibility(rings: Sequence[Ring], precision: float = 0.25
                            ) -> tuple[float, float, float]:
    """The inside point farthest from the boundary, and that distance: where a label fits best
    (Mapbox's polylabel: best-first search over square cells)."""
    x0, y0, x1, y1 = bounds(rings)
    size = min(x1 - x0, y1 - y0)
    if size <= 0:
        return x0, y0, 0.0
    signed = _signed_distance(rings)

    def cells(points, h):
        dists = signed(np.array(points, dtype=np.float64))
        # Heap key first: the best distance a cell could still contain.
        return [(-(float(d) + h * math.sqrt(2)), x, y, h, float(d))
                for (x, y), d in zip(points, dists, strict=False)]

    best = cells([_centroid(rings)], 0.0)[0]
    h = size / 2
    queue = cells([(cx + h, cy + h) for cx in _steps(x0, x1, size)
                   for cy in _steps(y0, y1, size)], h)
    heapq.heapify(queue)
    while queue:
        c = heapq.heappop(queue)
        if c[4] > best[4]:
            best = c
        if -c[0] - best[4] <= precision:
            continue
        half = c[3] / 2
        for child in cells([(c[1] + dx, c[2] + dy) for dx in (-half, half)
                            for dy in (-half, half)], half):
            heapq.heappush(queue, child)
    return best[1], best[2], best[4]


def _signed_distance(rings):
    """A function points (N x 2) -> their distances to the boundary, negative outside."""
    a = np.array([p for ring in rings for p, _ in edges(ring)], dtype=np.float64)
    b = np.array([q for ring in rings for _, q in edges(ring)], dtype=np.float64)
    d = b - a
    length2 = np.maximum((d * d).sum(1), 1e-300)

    def signed(points: np.ndarray) -> np.ndarray:
        rel = points[:, None, :] - a[None]                          # N x E x 2
        t = np.clip((rel * d).sum(2) / length2, 0.0, 1.0)
        dist = np.sqrt(((rel - t[..., None] * d) ** 2).sum(2).min(1))
        x, y = points[:, :1], points[:, 1:]
        span = (a[:, 1] > y) != (b[:, 1] > y)
        with np.errstate(divide="ignore", invalid="ignore"):
            xs = a[:, 0] + (y - a[:, 1]) * d[:, 0] / d[:, 1]
        odd = np.count_nonzero(span & (x < xs), axis=1) % 2 == 1
        return np.where(odd, dist, -dist)
    return signed


def _steps(lo: float, hi: float, size: float) -> list[float]:
    out, v = [], lo
    while v < hi:
        out.append(v)
        v += size
    return out


def _centroid(rings) -> Point:
    """The area centroid of the largest ring: the search's first guess."""
    ring = max(rings, key=lambda r: abs(signed_area(r)))
    area = signed_area(ring)
    cx = sum((p[0] + q[0]) * (p[0] * q[1] - q[0] * p[1]) for p, q in edges(ring)) / (6 * area)
    cy = sum((p[1] + q[1]) * (p[0] * q[1] - q[0] * p[1]) for p, q in edges(ring)) / (6 * area)
    return cx, cy


def outline(rings: Iterable[Ring]) -> list[list[Point]]:
    """The boundary of a tiling: its edges that no other ring shares (in reverse), chained into
    closed rings. A gap-free tiling of one connected silhouette gives exactly one ring."""
    directed = {(p, q) for ring in rings for p, q in edges(ring)}
    following = {}
    for p, q in sorted(directed):
        if (q, p) not in directed:
            following.setdefault(p, []).append(q)
    loops = []
    while following:
        start = min(following)
        loop, p = [start], start
        while True:
            q = following[p].pop(0)
            if not following[p]:
                del following[p]
            if q == start:
                break
            loop.append(q)
            p = q
            if p not in following:
                raise ValueError(f"the outline is not closed at {p}")
        loops.append(loop)
    return loops
