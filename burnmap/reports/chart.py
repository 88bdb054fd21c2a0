"""The Lund-Browder body chart for the report, as a reportlab Drawing (a platypus flowable).

Both figures from burnmap/resources/body_chart.json, each region filled by its dominant depth
(burnmap.body.burn.DEPTH_RGB), not-assessed regions hatched grey, clothing-covered ones dotted, the burned
"% of region" written in each region, the total and the assessed share above, a legend below.
The geometry and the colours are burnmap.chart.body_chart's, the same the window draws. Text is literal,
in the embedded fonts (CJK runs in the fallback font). Deterministic: same input, same drawing.
"""
from __future__ import annotations

import io
from dataclasses import dataclass

from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import FILL_EVEN_ODD, Circle, Drawing, Group, Line, Path, Rect, String
from reportlab.lib.attrmap import AttrMap, AttrMapValue
from reportlab.lib.colors import Color
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from burnmap.body.burn import DEEP_PARTIAL, DEPTH_RGB, FULL_THICKNESS, SUPERFICIAL, SUPERFICIAL_PARTIAL
from burnmap.chart import body_chart as bc
from burnmap.chart.burns import ChartMark
from burnmap.chart.entry import ENTRY_OUTLINE_RGB, EXAMINED, EXAMINED_RGBA
from burnmap.reports.fonts import LATIN, LATIN_BOLD, font_runs, register_fonts
from burnmap.reports.i18n import translator
from burnmap.reports.linebreak import wrap_text
from burnmap.text import vocabulary as vocab
from burnmap.text.messages import say

NUMBER_PT, CAPTION_PT, LEGEND_PT, HEADER_PT = 5.6, 7.0, 6.6, 8.2
HATCH_PT, DOT_PT = 2.2, 2.6          # spacing of hatch lines and clothing dots, in points
DOT_RADIUS_PT = 0.5
ENTRY_HATCH_PT = 1.6                 # hatching of what was drawn on the chart
LEGEND_DEPTHS = (SUPERFICIAL_PARTIAL, DEEP_PARTIAL, FULL_THICKNESS, SUPERFICIAL)


@dataclass(frozen=True)
class ChartLayout:
    """Where the parts of a chart drawing go, in points from the drawing's bottom left."""
    width: float
    height: float
    scale: float          # points per chart unit
    top: float            # y of the figures' top edge (chart y = 0)

    def to_drawing(self, x: float, y: float) -> tuple[float, float]:
        """A chart point (y down) in drawing points (y up)."""
        return x * self.scale, self.top - y * self.scale


class ChartDrawing(Drawing):
    """A Drawing that also carries its layout (to place things relative to the figures)."""
    _attrMap = AttrMap(BASE=Drawing, layout=AttrMapValue(None, desc="ChartLayout"))


def chart_drawing(shades: dict[bc.Key, bc.RegionShade], language: str = "en",
                  width: float = 250.0, total_percent: float | None = None,
                  assessed_percent: float | None = None, chart: bc.BodyChart | None = None,
                  legend: bool = True, marks: list[ChartMark] | None = None,
                  caveats: list[str] = (), entries=None) -> ChartDrawing:
    """The chart `width` points wide (its height follows). `shades` as from
    burnmap.chart.body_chart.shades_from_assessment (a missing key is drawn as not assessed);
    total_percent: %TBSA partial + full thickness; assessed_percent: %TBSA assessed. Neither
    line is drawn when None. `marks` (burnmap.chart.burns.chart_marks): the burn drawn where it
    is, over regions left white; without them each region is filled with its dominant depth.
    `caveats` are said under the total. `entries` (burnmap.chart.entry.entry_outlines): what was
    drawn on the chart, hatched and outlined (the legend then says so). The result is a
    platypus flowable (e.g. a table cell); its `layout` maps chart points to drawing points."""
    register_fonts()
    chart = chart or bc.load_body_chart()
    t = translator(language)
    header = _header(t, total_percent, assessed_percent) + \
        [(line, False) for c in caveats for line in _wrap(say(c, t.language), HEADER_PT * 0.85,
                                                          width)]
    legend_items = _legend(t, width, bool(entries)) if legend else []
    layout = chart_layout(width, len(header), sum(h for h, _ in legend_items), chart)
    drawing = ChartDrawing(width, layout.height)
    drawing.initialFontName = LATIN   # reportlab's default (Helvetica) is never embedded
    drawing.layout = layout
    for i, (text, bold) in enumerate(header):
        drawing.add(_text(0, layout.height - HEADER_PT * (1.05 + 1.35 * i), text, HEADER_PT,
                          bold=bold))
    figures_bottom = layout.top - chart.size[1] * layout.scale
    drawing.add(_figures(chart, shades, layout.to_drawing, layout.scale, marks, entries))
    drawing.add(_captions(chart, t, layout.to_drawing, figures_bottom - CAPTION_PT * 1.3))
    y = figures_bottom - CAPTION_PT * 2
    for row_h, group in legend_items:
        group.translate(0, y - row_h)
        drawing.add(group)
        y -= row_h
    return drawing


def chart_layout(width: float, header_lines: int, legend_height: float,
                 chart: bc.BodyChart | None = None) -> ChartLayout:
    """The layout chart_drawing uses: header lines, figures, captions, legend, top to bottom."""
    chart = chart or bc.load_body_chart()
    scale = width / chart.size[0]
    header_h = HEADER_PT * 1.35 * header_lines + (4 if header_lines else 0)
    height = header_h + chart.size[1] * scale + CAPTION_PT * 2 + legend_height
    return ChartLayout(width, height, scale, height - header_h)


def drawing_pdf(drawing: Drawing) -> bytes:
    """A one-page PDF of exactly the drawing (invariant: the same drawing, the same bytes)."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(drawing.width, drawing.height), invariant=1,
                    initialFontName=LATIN)
    renderPDF.draw(drawing, canvas, 0, 0)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _rgb(rgb) -> Color:
    return Color(rgb[0] / 255, rgb[1] / 255, rgb[2] / 255)


def _path(rings, to_page, **style) -> Path:
    path = Path(fillMode=FILL_EVEN_ODD, **style)
    for ring in rings:
        path.moveTo(*to_page(*ring[0]))
        for point in ring[1:]:
            path.lineTo(*to_page(*point))
        path.closePath()
    return path


def _figures(chart, shades, to_page, scale, marks=None, entries=None) -> Group:
    """Fills, patterns, the burn in place, what was drawn on the chart, region lines,
    silhouettes, then the numbers."""
    group = Group()
    for shape in chart.shapes:
        shade = shades.get(shape.key, bc.NOT_ASSESSED)
        fill = bc.fill_rgb(shade) if marks is None else bc.region_rgb(shade)
        group.add(_path(shape.rings, to_page, fillColor=_rgb(fill), strokeColor=None,
                        strokeWidth=0))
        if shade.status == "not_assessed":
            for a, b in shape.hatch(HATCH_PT / scale):
                group.add(Line(*to_page(*a), *to_page(*b), strokeColor=_rgb(bc.HATCH_RGB),
                               strokeWidth=0.35))
        elif shade.status == "mostly_covered":
            for x, y in bc.geo.dot_grid(shape.rings, DOT_PT / scale):
                group.add(Circle(*to_page(x, y), DOT_RADIUS_PT,
                                 fillColor=_rgb(bc.COVERED_RGB), strokeColor=None))
    for mark in marks or ():
        rgb = bc.NOT_ASSESSED_RGB if mark.depth is None else DEPTH_RGB[mark.depth]
        group.add(_path([mark.points], to_page, fillColor=_rgb(rgb), strokeColor=_rgb(rgb),
                        strokeWidth=0.1))   # a hairline closes the seams between cells
    for value, rings in entries or ():
        group.add(_entry(value, rings, to_page, scale))
    for shape in chart.shapes:
        group.add(_path(shape.rings, to_page, fillColor=None, strokeWidth=0.3,
                        strokeColor=_rgb(bc.OUTLINE_RGB), strokeLineJoin=1))
    for surface in chart.figures:
        group.add(_path(chart.outline(surface), to_page, fillColor=None, strokeWidth=0.9,
                        strokeColor=_rgb(bc.OUTLINE_RGB), strokeLineJoin=1))
    for shape in chart.shapes:
        shade = shades.get(shape.key, bc.NOT_ASSESSED)
        if shade.status == "mostly_covered":
            group.add(_path(shape.rings, to_page, fillColor=None, strokeWidth=0.8,
                            strokeColor=_rgb(bc.COVERED_RGB), strokeDashArray=[1.6, 1.0]))
        group.add(_number(shape, shade, to_page, scale, boxed=marks is not None))
    return group


def _entry(value: int, rings, to_page, scale) -> Group:
    """One value drawn on the chart: its depth's colour, white hatching and a dark outline
    (drawn, not measured from a photo); examined, no burn: pale blue, dashed outline."""
    examined = value == EXAMINED
    rgba = EXAMINED_RGBA if examined else (*DEPTH_RGB[value], 255)
    group = Group(_path(rings, to_page, fillColor=_rgb(rgba), fillOpacity=rgba[3] / 255,
                        strokeColor=None, strokeWidth=0))
    if not examined:
        for a, b in bc.geo.hatch_segments(rings, ENTRY_HATCH_PT / scale, -45.0):
            group.add(Line(*to_page(*a), *to_page(*b), strokeColor=_rgb((255, 255, 255)),
                           strokeWidth=0.45))
    group.add(_path(rings, to_page, fillColor=None, strokeColor=_rgb(ENTRY_OUTLINE_RGB),
                    strokeWidth=0.4 if examined else 0.6,
                    strokeDashArray=[1.2, 0.8] if examined else None))
    return group


def _number(shape, shade, to_page, scale, boxed=False) -> Group:
    """The region's "% of region" text: inside it, set smaller (not below 4.5 pt) if need be,
    else at the shape's label point with a leader line; `boxed`: on a white box, as it may
    sit on a burn drawn in place."""
    group = Group()
    text = bc.region_text(shade)
    if not text:
        return group
    size, (x, y), leader = bc.place_label(
        shape, lambda pt: (_width(text, pt, bold=True) / scale, pt * 0.75 / scale),
        NUMBER_PT, 4.5, 0.25)
    ink = bc.ink_rgb(bc.fill_rgb(shade)) if not leader and not boxed else (0, 0, 0)
    px, py = to_page(x, y)
    if boxed and not leader:
        w = _width(text, size, bold=True) + 1.2
        group.add(Rect(px - w / 2, py - size * 0.5, w, size * 0.95, rx=0.8, ry=0.8,
                       fillColor=_rgb((255, 255, 255)), strokeColor=None, fillOpacity=0.85))
    if leader:
        ax, ay = to_page(*shape.anchor)
        group.add(Line(ax, ay, px, py + size * 0.55, strokeWidth=0.3,
                       strokeColor=_rgb(bc.OUTLINE_RGB)))
        group.add(Circle(ax, ay, 0.6, fillColor=_rgb(bc.OUTLINE_RGB), strokeColor=None))
    group.add(_text(px, py - size * 0.36, text, size, anchor="middle", bold=True, rgb=ink))
    return group


def _captions(chart, t, to_page, y) -> Group:
    """'Anterior' / 'Posterior' under each figure, and the patient's R and L at its sides."""
    group = Group()
    for surface, (x0, _, w, _) in chart.figures.items():
        left, right = ("R", "L") if surface == "anterior" else ("L", "R")
        group.add(_text(to_page(x0 + w / 2, 0)[0], y, t(surface.capitalize()), CAPTION_PT,
                        anchor="middle", bold=True))
        group.add(_text(to_page(x0 + 6, 0)[0], y, t(left), CAPTION_PT, anchor="start"))
        group.add(_text(to_page(x0 + w - 6, 0)[0], y, t(right), CAPTION_PT, anchor="end"))
    return group


def _header(t, total, assessed) -> list[tuple[str, bool]]:
    lines = []
    if total is not None:
        lines.append((t("Total burn: {0} % TBSA (partial + full thickness)").format(
            f"{total:.2f}"), True))
    if assessed is not None:
        lines.append((t("Assessed: {0} % of the body surface").format(f"{assessed:.2f}"),
                      False))
    return lines


def _legend(t, width, drawn: bool = False) -> list[tuple[float, Group]]:
    """Legend rows (height, group at y = 0): swatch and words, then the note on numbers;
    `drawn`: what was drawn on the chart, and examined, no burn, too."""
    entries = [(bc.RegionShade("assessed", d), t("superficial (not counted)")
                if d == SUPERFICIAL else vocab.depth_name(d, t.language)) for d in LEGEND_DEPTHS]
    entries += [(bc.RegionShade("assessed", None, 0.0), t("unburned")),
                (bc.NOT_ASSESSED, t("not assessed: no photo shows it")),
                (bc.RegionShade("mostly_covered", None, 0.0, 80.0),
                 t("mostly covered by clothing"))]
    if drawn:
        entries += [(DEEP_PARTIAL, t("drawn on the chart, not measured from a photo")),
                    (EXAMINED, t("examined, no burn (on the chart)"))]
    row_h, box = LEGEND_PT * 1.55, LEGEND_PT * 1.2
    widest = max(_width(text, LEGEND_PT) for _, text in entries) + box + 8
    columns = 2 if 2 * widest <= width else 1
    rows = []
    for start in range(0, len(entries), columns):
        group = Group()
        for k, (shade, text) in enumerate(entries[start:start + columns]):
            x = k * width / columns
            group.add(_swatch(x, (row_h - box) / 2, box, shade))
            group.add(_text(x + box + 3, row_h / 2 - LEGEND_PT * 0.36, text, LEGEND_PT))
        rows.append((row_h, group))
    note = t("Numbers: % of the region burned (partial + full thickness); "
             "(n): superficial only, not counted.")
    for line in _wrap(note, LEGEND_PT, width):
        group = Group()
        group.add(_text(0, LEGEND_PT * 0.45, line, LEGEND_PT))
        rows.append((LEGEND_PT * 1.3, group))
    return rows


def _swatch(x, y, size, shade) -> Group:
    """A small square drawn like a region with this shade (an int: like a chart entry)."""
    ring = ((0.0, 0.0), (size, 0.0), (size, size), (0.0, size))
    to_page = lambda px, py: (x + px, y + size - py)  # noqa: E731 (swatch y grows down)
    if isinstance(shade, int):
        return _entry(shade, [ring], to_page, 1.0)
    group = Group(_path([ring], to_page, fillColor=_rgb(bc.fill_rgb(shade)), strokeColor=None))
    if shade.status == "not_assessed":
        for a, b in bc.geo.hatch_segments([ring], HATCH_PT):
            group.add(Line(*to_page(*a), *to_page(*b), strokeColor=_rgb(bc.HATCH_RGB),
                           strokeWidth=0.35))
    elif shade.status == "mostly_covered":
        for px, py in bc.geo.dot_grid([ring], DOT_PT):
            group.add(Circle(*to_page(px, py), DOT_RADIUS_PT,
                             fillColor=_rgb(bc.COVERED_RGB), strokeColor=None))
    colour = bc.COVERED_RGB if shade.status == "mostly_covered" else bc.OUTLINE_RGB
    group.add(_path([ring], to_page, fillColor=None, strokeColor=_rgb(colour), strokeWidth=0.5))
    return group


def _width(text: str, size: float, bold: bool = False) -> float:
    return sum(stringWidth(run, font, size)
               for font, run in font_runs(text, LATIN_BOLD if bold else LATIN))


def _text(x, y, text, size, anchor="start", bold=False, rgb=(0, 0, 0)) -> Group:
    """`text` with its baseline at y, each run in a font that has its glyphs."""
    runs = font_runs(text, LATIN_BOLD if bold else LATIN)
    total = sum(stringWidth(run, font, size) for font, run in runs)
    x -= {"start": 0, "middle": total / 2, "end": total}[anchor]
    group = Group()
    for font, run in runs:
        group.add(String(x, y, run, fontName=font, fontSize=size, fillColor=_rgb(rgb)))
        x += stringWidth(run, font, size)
    return group


def _wrap(text: str, size: float, width: float) -> list[str]:
    """Lines by the report's line-breaking rules (burnmap.reports.linebreak: Chinese punctuation never
    starts or ends a line wrongly)."""
    return wrap_text(text, lambda char: _width(char, size), width)
