"""The Lund-Browder body chart (burnmap/resources/body_chart.json) and what it shows of an assessment.

The chart is one vector description that the window (burnmap/gui/widgets/body_chart.py) and the report
(burnmap/reports/chart.py) both draw: an anterior and a posterior figure, each (region, surface) of the
Lund-Browder table one closed shape. On the anterior figure the patient's left is on the viewer's
right; on the posterior figure on the viewer's left, as on paper charts. Coordinates are chart
units, y pointing down. `RegionShade` is what a renderer needs to know about one region-surface;
`shades_from_assessment` derives it from an `Assessment`. No Qt, no reportlab here.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

from burnmap.body.burn import DEPTH_NAMES, DEPTH_RGB, DEPTHS, SUPERFICIAL
from burnmap.body.lund_browder import LundBrowder, load_lund_browder
from burnmap.chart import geometry as geo
from burnmap.system.paths import resources_dir

FORMAT, VERSION = "burnmap-body-chart", 1
COUNTED = tuple(d for d in DEPTHS if d != SUPERFICIAL)
MOSTLY_COVERED_PERCENT = 50.0   # as burnmap.body.regions.MOSTLY_COVERED (its warning), in percent
Key = tuple[str, str]           # (region, surface)
# Chart colours, one set for the window and the report (depth fills are burnmap.body.burn.DEPTH_RGB).
UNBURNED_RGB = (255, 255, 255)
NOT_ASSESSED_RGB = (222, 222, 222)   # under the hatching
HATCH_RGB = (110, 110, 110)
COVERED_RGB = (204, 121, 167)        # Okabe-Ito reddish purple: clothing dots and outline
OUTLINE_RGB = (35, 35, 35)
HIGHLIGHT_RGB = (0, 114, 178)        # Okabe-Ito blue: the region picked or hovered


class ChartError(ValueError):
    """The chart file is unreadable or does not describe the Lund-Browder table."""


@dataclass(frozen=True)
class Shape:
    """One region-surface on the chart: its rings, and where its number goes when the shape is
    too small to hold it (a leader line joins it to the shape), else None."""
    region: str
    surface: str
    rings: tuple[tuple[geo.Point, ...], ...]
    label: geo.Point | None = None

    @property
    def key(self) -> Key:
        return self.region, self.surface

    @cached_property
    def bounds(self) -> tuple[float, float, float, float]:
        return geo.bounds(self.rings)

    @cached_property
    def pole(self) -> tuple[float, float, float]:
        """(x, y, r): the inside point farthest from the edge, and that distance."""
        return geo.pole_of_inaccessibility(self.rings)

    @property
    def anchor(self) -> geo.Point:
        """The inside point where the shape's text is centred (or its leader line starts)."""
        return self.pole[0], self.pole[1]

    def contains(self, x: float, y: float) -> bool:
        x0, y0, x1, y1 = self.bounds
        return x0 <= x <= x1 and y0 <= y <= y1 and geo.inside(x, y, self.rings)

    def hatch(self, spacing: float, angle_degrees: float = 45.0) -> list[geo.Segment]:
        """Hatch segments inside the shape (see chart_geometry.hatch_segments)."""
        return geo.hatch_segments(self.rings, spacing, angle_degrees)


@dataclass(frozen=True)
class BodyChart:
    size: tuple[float, float]                                  # width, height (chart units)
    figures: dict[str, tuple[float, float, float, float]]      # surface -> box x, y, w, h
    shapes: tuple[Shape, ...]                                  # in the table's order
    _by_key: dict = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self):
        self._by_key.update({s.key: s for s in self.shapes})

    def shape(self, region: str, surface: str) -> Shape:
        return self._by_key[(region, surface)]

    def keys(self) -> list[Key]:
        return [s.key for s in self.shapes]

    def __iter__(self):
        """A chart iterates over its region-surfaces, as a mapping over its keys."""
        return iter(self.keys())

    def hit(self, x: float, y: float) -> Key | None:
        """The region-surface at chart point (x, y), or None outside the figures."""
        for shape in self.shapes:
            if shape.contains(x, y):
                return shape.key
        return None

    def outline(self, surface: str) -> list[list[geo.Point]]:
        """The silhouette of one figure (one ring when its shapes tile it without gaps)."""
        return geo.outline(r for s in self.shapes if s.surface == surface for r in s.rings)


def load_body_chart(path: Path | None = None, table: LundBrowder | None = None) -> BodyChart:
    """Read and validate the chart (every region-surface of the table exactly once, closed
    rings inside their figure, each figure one gap-free silhouette). Raises ChartError."""
    if path is None and table is None:
        return _default_chart()
    return _load(path or resources_dir() / "body_chart.json", table or load_lund_browder())


@lru_cache(maxsize=1)
def _default_chart() -> BodyChart:
    return _load(resources_dir() / "body_chart.json", load_lund_browder())


def _load(path: Path, table: LundBrowder) -> BodyChart:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ChartError(f"body chart {path} unreadable: {exc}") from exc
    if data.get("format") != FORMAT or data.get("version") != VERSION:
        raise ChartError(f"{path} is not a version {VERSION} {FORMAT} file")
    figures = {s: tuple(map(float, f["box"])) for s, f in data["figures"].items()}
    shapes = tuple(_shape(e, figures) for e in data["shapes"])
    chart = BodyChart(tuple(map(float, data["size"])), figures, shapes)
    _check_regions(chart, table)
    for surface in figures:
        _check_tiling(chart, surface)
    return chart


def _shape(entry: dict, figures: dict) -> Shape:
    name = f"{entry.get('region')} ({entry.get('surface')})"
    box = figures.get(entry.get("surface"))
    if box is None:
        raise ChartError(f"{name}: no figure for this surface")
    rings = []
    for poly in entry["polygons"]:
        points = [(float(x), float(y)) for x, y in poly]
        if len(points) < 4 or points[0] != points[-1]:
            raise ChartError(f"{name}: a polygon is not closed (first point repeated last)")
        ring = tuple(points[:-1])
        if len(set(ring)) < 3 or abs(geo.signed_area(ring)) < 1e-6:
            raise ChartError(f"{name}: a polygon has no area")
        x0, y0, x1, y1 = geo.bounds([ring])
        if x0 < box[0] or y0 < box[1] or x1 > box[0] + box[2] or y1 > box[1] + box[3]:
            raise ChartError(f"{name}: a polygon leaves its figure's box")
        rings.append(ring)
    label = tuple(map(float, entry["label"])) if entry.get("label") else None
    return Shape(entry["region"], entry["surface"], tuple(rings), label)


def _check_regions(chart: BodyChart, table: LundBrowder) -> None:
    keys = chart.keys()
    twice = sorted({k for k in keys if keys.count(k) > 1})
    missing = sorted(set(table.region_surfaces()) - set(keys))
    extra = sorted(set(keys) - set(table.region_surfaces()))
    if twice or missing or extra:
        raise ChartError(f"body chart regions: twice {twice}, missing {missing}, "
                         f"not in the table {extra}")


def _check_tiling(chart: BodyChart, surface: str) -> None:
    """Shapes share their inner edges exactly, so the unshared ones form the silhouette: one
    ring whose area is the shapes' total (a gap or an overlap would break either)."""
    try:
        rings = chart.outline(surface)
    except ValueError as exc:
        raise ChartError(f"{surface} figure: {exc}") from exc
    area = sum(abs(geo.signed_area(r)) for s in chart.shapes if s.surface == surface
               for r in s.rings)
    if len(rings) != 1 or abs(abs(geo.signed_area(rings[0])) - area) > 1e-6 * area:
        raise ChartError(f"{surface} figure: its shapes do not tile one silhouette "
                         f"({len(rings)} outline rings)")


# --- what the chart shows of an assessment ------------------------------------------------------
@dataclass(frozen=True)
class RegionShade:
    """How one region-surface is drawn.

    status: "assessed", "not_assessed" (no photo shows it: hatched grey, never 0) or
        "mostly_covered" (assessed, but clothing covers more than half of it on its photo).
    depth: the fill: the dominant counted depth 2..4; 1 when only superficial burn is present
        (drawn, marked as not counted); None when unburned or not assessed.
    percent_of_region: burned % of the region at counted depths; the superficial % when
        superficial_only; None when not assessed.
    covered_percent: % of the region covered by clothing on its photo, when known.
    by_depth: (depth, % of region) for every depth 1..4, empty when not assessed.
    """
    status: str
    depth: int | None = None
    percent_of_region: float | None = None
    covered_percent: float | None = None
    superficial_only: bool = False
    by_depth: tuple[tuple[int, float], ...] = ()


NOT_ASSESSED = RegionShade("not_assessed")


def dominant_depth(percent_by_depth: dict[int, float]) -> int | None:
    """The counted depth (2..4) covering most of the region; on a tie the deeper one wins (the
    more serious burn is not hidden). None when no counted depth is present."""
    burned = [(p, d) for d, p in percent_by_depth.items() if d in COUNTED and p > 0]
    return max(burned)[1] if burned else None


def shade_of(percent_by_depth: dict[int, float], covered_percent: float | None = None
             ) -> RegionShade:
    """The shade of an assessed region-surface from its % of region by depth (1..4)."""
    by_depth = tuple((d, float(percent_by_depth.get(d, 0.0))) for d in DEPTHS)
    depth = dominant_depth(dict(by_depth))
    superficial = dict(by_depth)[SUPERFICIAL]
    if depth is not None:
        percent, only = sum(p for d, p in by_depth if d in COUNTED), False
    elif superficial > 0:
        depth, percent, only = SUPERFICIAL, superficial, True
    else:
        percent, only = 0.0, False
    covered = covered_percent is not None and covered_percent > MOSTLY_COVERED_PERCENT
    return RegionShade("mostly_covered" if covered else "assessed", depth, percent,
                       covered_percent, only, by_depth)


def shades_from_assessment(assessment, covered: dict[Key, float] | None = None,
                           chart: BodyChart | None = None) -> dict[Key, RegionShade]:
    """Every region-surface of the chart: its row's shade, or NOT_ASSESSED when the assessment
    has no row for it. The clothing-covered % comes from each row (`covered` overrides it)."""
    chart = chart or load_body_chart()
    shades = {key: NOT_ASSESSED for key in chart}
    for row in assessment.rows:
        by_depth = {d: row.percent_of_region.get(DEPTH_NAMES[d], 0.0) for d in DEPTHS}
        shades[(row.region, row.surface)] = shade_of(
            by_depth, (covered or {}).get((row.region, row.surface),
                                          getattr(row, "covered_percent", None)))
    for key in assessment.not_assessed:
        shades[tuple(key)] = NOT_ASSESSED
    return shades


def covered_percent_of_rows(assessment, covered_fractions: list[dict[str, float]]
                            ) -> dict[Key, float]:
    """Clothing-covered % of each assessed region-surface, from each photo's
    RegionMap.covered_fraction (listed in the order the photos were given to assess())."""
    out = {}
    for row in assessment.rows:
        if row.photo < len(covered_fractions) and row.region in covered_fractions[row.photo]:
            out[(row.region, row.surface)] = 100.0 * covered_fractions[row.photo][row.region]
    return out


def percent_text(percent: float | None) -> str:
    """A percentage as the chart prints it: whole numbers without the sign (the legend says
    they are % of region; small limbs have room for three digits only), '<1' for a trace."""
    if not percent:
        return ""
    return "<1" if percent < 1 else f"{percent:.0f}"


def region_text(shade: RegionShade) -> str:
    """The number written in a region: its burned % of region, in parentheses when the burn is
    superficial only (shown, not counted); '' when unburned or not assessed."""
    text = percent_text(shade.percent_of_region)
    return f"({text})" if text and shade.superficial_only else text


def fits_inside(shape: Shape, text_width: float, text_height: float) -> bool:
    """Whether a text box (chart units) centred at the anchor stays inside the shape: inside
    the largest circle the shape holds."""
    return (text_width / 2) ** 2 + (text_height / 2) ** 2 <= shape.pole[2] ** 2


def place_label(shape: Shape, measure, size: float, smallest: float, step: float
                ) -> tuple[float, geo.Point, bool]:
    """(font size, centre, leader) of a region's text. `measure(size)` gives the text's width
    and height in chart units. The text stays inside, set down to `smallest` if need be; when
    even that does not fit and the shape has an outside label point, it goes there at `size`."""
    trial = size
    while trial >= smallest - 1e-9:
        if fits_inside(shape, *measure(trial)):
            return trial, shape.anchor, False
        trial -= step
    if shape.label is not None:
        return size, shape.label, True
    return smallest, shape.anchor, False


def fill_rgb(shade: RegionShade) -> tuple[int, int, int]:
    """The colour a region is filled with."""
    if shade.status == "not_assessed":
        return NOT_ASSESSED_RGB
    return DEPTH_RGB[shade.depth] if shade.depth else UNBURNED_RGB


def region_rgb(shade: RegionShade) -> tuple[int, int, int]:
    """A region's ground when its burn is drawn in place (burnmap.chart.burns): white, or grey
    hatched ground when not assessed."""
    return NOT_ASSESSED_RGB if shade.status == "not_assessed" else UNBURNED_RGB


def ink_rgb(fill: tuple[int, int, int]) -> tuple[int, int, int]:
    """Black or white text, whichever contrasts more with `fill` (WCAG relative luminance)."""
    def linear(c):
        c = c / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    lum = 0.2126 * linear(fill[0]) + 0.7152 * linear(fill[1]) + 0.0722 * linear(fill[2])
    return (0, 0, 0) if (lum + 0.05) / 0.05 >= 1.05 / (lum + 0.05) else (255, 255, 255)
