"""The Lund-Browder body chart in the window: the same shapes, colours and patterns as the
report's chart (burnmap.chart.body_chart), painted with QPainterPath and scaled to the widget.

Click a region: `region_clicked(region, surface)` (the window then shows its pixels on the
photos). `highlight(region, surface)` outlines a region strongly (e.g. the one under the mouse on
a photo). Hovering the chart shows the region's name and numbers and emits `region_hovered`.

The chart is painted once into a pixmap per size, language and assessment; hovering and
highlighting only draw outlines over it (fast, and few Qt calls per repaint: PySide6 6.12 on
CPython 3.11 drops a reference to None in every call returning nothing, until the interpreter
aborts).
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, QLineF, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPixmap, QPolygonF, QTransform
from PySide6.QtWidgets import QToolTip, QWidget

from burnmap.body.burn import DEPTH_RGB
from burnmap.chart import body_chart as bc
from burnmap.chart.burns import hover_point
from burnmap.chart.entry import SCALE
from burnmap.gui.widgets.body_chart_legend import LegendPainter
from burnmap.gui.widgets.chart_pens import paint_entries, pen, rings_path
from burnmap.text.messages import say

HATCH_PX, DOT_PX, MARGIN = 4.0, 5.0, 6.0
CAVEATS_BESIDE_PX = 120   # the least width free beside the figures that takes the caveats
MIN_FIGURE_PX = 280   # figures painted on keep this height; a short dock scrolls instead


class BodyChartWidget(QWidget):
    region_clicked = Signal(str, str)    # region, surface
    region_hovered = Signal(str, str)    # region, surface; two empty strings when none

    def __init__(self, parent=None, chart: bc.BodyChart | None = None):
        super().__init__(parent)
        self.chart = chart or bc.load_body_chart()
        self.shades = {key: bc.NOT_ASSESSED for key in self.chart}
        self.total: float | None = None
        self.drawn = 0.0
        self.assessed: float | None = None
        self.marks = None           # burns in place (burnmap.chart.burns), or a function giving them
        self.caveats: tuple = ()
        self.point: tuple[str, tuple[float, float]] | None = None   # a photo pixel's place
        self.highlighted: set[bc.Key] = set()
        self.hovered: bc.Key | None = None
        self._paths = {s.key: rings_path(s.rings) for s in self.chart.shapes}
        self._all_regions = rings_path([r for s in self.chart.shapes for r in s.rings])
        self._outlines = rings_path([r for f in self.chart.figures
                                     for r in self.chart.outline(f)])
        self._patterns: dict[tuple, object] = {}
        self._cache: QPixmap | None = None
        self.entries = None          # RGBA over the chart's raster (burnmap.chart.entry.entry_layer)
        self.legend = LegendPainter(self)
        self.setMouseTracking(True)

    # --- the model ------------------------------------------------------------------------------
    def set_shades(self, shades: dict[bc.Key, bc.RegionShade], total: float | None = None,
                   assessed: float | None = None, marks=None, caveats=(),
                   drawn: float = 0.0) -> None:
        """Show an assessment (burnmap.chart.body_chart.shades_from_assessment); a missing key is drawn
        as not assessed. total / assessed: %TBSA counted and %TBSA assessed. marks: the burn in
        place (burnmap.chart.burns.chart_marks, or a function giving them, called only when the
        chart is painted); without them a region is filled with its dominant depth. caveats:
        said under the total (core Messages). drawn: %TBSA of `assessed` entered on the chart."""
        self.shades = {key: shades.get(key, bc.NOT_ASSESSED) for key in self.chart}
        self.total, self.assessed, self.drawn = total, assessed, drawn
        self.marks, self.caveats = marks, tuple(caveats)
        self.updateGeometry()   # the caveats change the height the figures need
        self._invalidate()

    def set_entries(self, outlines) -> None:
        """What was entered on the chart: burnmap.chart.entry.entry_outlines (None: nothing)."""
        self.entries = None if not outlines else [(value, rings_path(rings))
                                                  for value, rings in outlines]
        self._invalidate()

    def minimumSizeHint(self) -> QSize:
        """Room for the header, the caveats and the legend below the figures plus figures of
        MIN_FIGURE_PX, at the width the widget has (the legend and caveats wrap to it)."""
        width = max(self.width(), 260)
        line = QFontMetricsF(self.font()).lineSpacing()
        inner = width - 2 * MARGIN
        caveats = self._caveat_height(inner) if self.caveats else 0.0
        # the legend counted below the figures: beside them (a wide widget) leaves more
        height = 3 * MARGIN + 3 * line + 8 + caveats + MIN_FIGURE_PX + self.legend.height(inner)
        return QSize(260, int(height + 0.5))

    def raster_point(self, pos: QPointF) -> tuple[float, float] | None:
        """A widget position on the chart's raster (burnmap.chart.entry: SCALE pixels per unit)."""
        inverse, ok = self.chart_transform().inverted()
        if not ok:
            return None
        point = inverse.map(QPointF(pos))
        return point.x() * SCALE, point.y() * SCALE

    def mark_photo_point(self, regions, x: int, y: int) -> None:
        """Mark where a photo's pixel (x, y) lies on the body (regions: the photo's
        burnmap.body.regions.RegionMap); off the body, or None, clears the mark."""
        found = hover_point(regions, x, y, self.chart) if regions is not None else None
        point = None if found is None else (found[1], found[2])
        if point != self.point:
            self.point = point
            self.update()

    def highlight(self, region: str | None, surface: str | None = None) -> None:
        """Outline a region strongly: one surface, or both when surface is None (e.g. a lateral
        photo); region None clears the highlight."""
        keys = set() if region is None else {
            k for k in self.chart if k[0] == region and surface in (None, k[1])}
        if keys != self.highlighted:
            self.highlighted = keys
            self.update()

    # --- geometry -------------------------------------------------------------------------------
    def chart_transform(self) -> QTransform:
        """Chart units -> widget pixels (the figures keep their proportions)."""
        area = self._areas()[0]
        w, h = self.chart.size
        scale = min(area.width() / w, area.height() / h)
        dx = area.left() + (area.width() - w * scale) / 2
        return QTransform(scale, 0, 0, scale, dx, area.top())

    def key_at(self, pos: QPointF) -> bc.Key | None:
        """The region-surface under a widget position."""
        inverse, ok = self.chart_transform().inverted()
        if not ok:
            return None
        point = inverse.map(QPointF(pos))
        return self.chart.hit(point.x(), point.y())

    def _legend_beside(self) -> bool:
        """A wide widget keeps the legend to the right of the figures, a tall one below."""
        return self.width() >= 1.3 * self.height()

    def _legend_rect(self) -> QRectF:
        if self._legend_beside():
            width = min(self.legend.natural_width(), self.width() * 0.4)
            height = self.legend.height(width)
            return QRectF(self.width() - MARGIN - width, self.height() - MARGIN - height,
                          width, height)
        width = self.width() - 2 * MARGIN
        height = self.legend.height(width)
        return QRectF(MARGIN, self.height() - MARGIN - height, width, height)

    @staticmethod
    def _language() -> str:
        from burnmap.gui.utils.names import ui_language
        return ui_language()

    def _areas(self) -> tuple[QRectF, QRectF]:
        """(figures, caveats): the caveats beside the figures where the figures, limited by
        the height, leave room for them (they would halve a chart in a short dock), else
        under the two header lines, above the figures."""
        line = QFontMetricsF(self.font()).lineSpacing()
        header, width = MARGIN + 2 * line, self.width() - 2 * MARGIN
        legend = self._legend_rect()
        right = legend.left() - MARGIN if self._legend_beside() else self.width() - MARGIN
        bottom = self.height() - MARGIN if self._legend_beside() else legend.top() - MARGIN

        def figures(top: float) -> QRectF:
            return QRectF(MARGIN, top, right - MARGIN, max(10.0, bottom - top - line - 4))
        if not self.caveats:
            return figures(header + 4), QRectF(MARGIN, header, width, 0)
        full = figures(header + 4)
        w, h = self.chart.size
        figure_w = w * min(full.width() / w, full.height() / h)
        free = full.width() - figure_w - MARGIN
        if free >= CAVEATS_BESIDE_PX and self._caveat_height(free) <= full.height():
            return (QRectF(full.left(), full.top(), figure_w, full.height()),
                    QRectF(full.left() + figure_w + MARGIN, full.top(), free,
                           self._caveat_height(free)))
        height = self._caveat_height(width)
        return figures(header + height + 4), QRectF(MARGIN, header, width, height)

    def _caveat_height(self, width: float) -> float:
        font = QFont(self.font())
        font.setItalic(True)
        return QFontMetricsF(font).boundingRect(QRectF(0, 0, width, 10000),
                                                Qt.TextFlag.TextWordWrap,
                                                self._caveat_text()).height()

    def _pattern(self, shape: bc.Shape, kind: str, spacing: float):
        """Hatch lines (QLineF list) or stipple dots (QPolygonF) in chart units, cached."""
        key = (shape.key, kind, round(spacing, 2))
        if key not in self._patterns:
            self._patterns[key] = (
                [QLineF(x0, y0, x1, y1) for (x0, y0), (x1, y1) in shape.hatch(spacing)]
                if kind == "hatch" else
                QPolygonF([QPointF(x, y) for x, y in bc.geo.dot_grid(shape.rings, spacing)]))
        return self._patterns[key]

    # --- painting -------------------------------------------------------------------------------
    def _invalidate(self) -> None:
        self._cache = None
        self.update()

    def resizeEvent(self, event) -> None:
        self._cache = None
        super().resizeEvent(event)

    def changeEvent(self, event) -> None:
        if event.type() in (QEvent.Type.LanguageChange, QEvent.Type.FontChange):
            self._cache = None
            self.update()
        super().changeEvent(event)

    def paintEvent(self, event) -> None:
        if self._cache is None:
            self._cache = self._render()
        painter = QPainter(self)
        painter.drawPixmap(0, 0, self._cache)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setTransform(self.chart_transform())
        painter.setBrush(Qt.BrushStyle.NoBrush)
        if self.hovered and self.hovered not in self.highlighted:
            painter.setPen(pen(bc.HIGHLIGHT_RGB, 2.0))
            painter.drawPath(self._paths[self.hovered])
        if self.highlighted:
            painter.setPen(pen(bc.HIGHLIGHT_RGB, 3.5))
            for key in sorted(self.highlighted):
                painter.drawPath(self._paths[key])
        if self.point is not None:            # the photo pixel under the mouse, on the body
            x, y = self.point[1]
            painter.setPen(pen((255, 255, 255), 4.0))
            painter.drawEllipse(QPointF(x, y), 2.2, 2.2)
            painter.setPen(pen(bc.HIGHLIGHT_RGB, 2.0))
            painter.drawEllipse(QPointF(x, y), 2.2, 2.2)
            painter.drawLine(QLineF(x - 5, y, x - 3, y))
            painter.drawLine(QLineF(x + 3, y, x + 5, y))
            painter.drawLine(QLineF(x, y - 5, x, y - 3))
            painter.drawLine(QLineF(x, y + 3, x, y + 5))
        painter.end()

    def _render(self) -> QPixmap:
        """The chart without hover or highlight: header, figures, captions, legend."""
        ratio = self.devicePixelRatioF()                 # sharp on high-DPI screens
        pixmap = QPixmap(self.size() * ratio)
        pixmap.setDevicePixelRatio(ratio)
        pixmap.fill(Qt.GlobalColor.white)           # a paper chart, in any theme
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self._paint_header(painter)
        transform = self.chart_transform()
        self._paint_figures(painter, transform)
        self._paint_captions(painter, transform)
        self.legend.paint(painter, self._legend_rect())
        painter.end()
        return pixmap

    def _paint_header(self, painter: QPainter) -> None:
        lines = []
        if self.total is not None:
            lines.append((self.tr("Total burn: {0} % TBSA (partial + full thickness)").format(
                f"{self.total:.1f}"), True))
        if self.assessed is not None and self.drawn:
            lines.append((self.tr("Assessed: {0} % ({1} % from photos, {2} % drawn on the "
                                  "chart)").format(f"{self.assessed:.1f}",
                                                   f"{self.assessed - self.drawn:.1f}",
                                                   f"{self.drawn:.1f}"), False))
        elif self.assessed is not None:
            lines.append((self.tr("Assessed: {0} % of the body surface").format(
                f"{self.assessed:.1f}"), False))
        spacing = QFontMetricsF(self.font()).lineSpacing()
        painter.setPen(Qt.GlobalColor.black)
        for i, (text, bold) in enumerate(lines or [(self.tr("No assessment yet"), False)]):
            font = QFont(self.font())
            font.setBold(bold)
            painter.setFont(font)
            painter.drawText(QRectF(MARGIN, MARGIN + i * spacing, self.width(), spacing),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text)
        if self.caveats:       # said with the total, wrapped to the widget's width
            font = QFont(self.font())
            font.setItalic(True)
            painter.setFont(font)
            painter.drawText(self._areas()[1], Qt.TextFlag.TextWordWrap, self._caveat_text())

    def _caveat_text(self) -> str:
        return "\n".join(say(c, self._language()) for c in self.caveats)

    def _paint_figures(self, painter: QPainter, transform: QTransform) -> None:
        painter.save()
        painter.setTransform(transform)
        marks = self.marks() if callable(self.marks) else self.marks
        for shape in self.chart.shapes:
            self._paint_fill(painter, shape, self.shades[shape.key], transform.m11(),
                             marks is not None)
        painter.setPen(Qt.PenStyle.NoPen)
        for mark in marks or ():
            rgb = bc.NOT_ASSESSED_RGB if mark.depth is None else DEPTH_RGB[mark.depth]
            painter.setBrush(QColor(*rgb))
            painter.setPen(pen(rgb, 1.0))      # closes the seams between cells
            painter.drawPolygon(QPolygonF([QPointF(x, y) for x, y in mark.points]))
        paint_entries(painter, self.entries or ())   # drawn on the chart: hatched, outlined
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(pen(bc.OUTLINE_RGB, 0.8))
        painter.drawPath(self._all_regions)
        painter.setPen(pen(bc.OUTLINE_RGB, 2.0))
        painter.drawPath(self._outlines)
        painter.setPen(pen(bc.COVERED_RGB, 1.8, Qt.PenStyle.DashLine))
        for key, shade in self.shades.items():
            if shade.status == "mostly_covered":
                painter.drawPath(self._paths[key])
        painter.restore()
        for shape in self.chart.shapes:
            self._paint_number(painter, shape, self.shades[shape.key], transform,
                               marks is not None)

    def _paint_fill(self, painter: QPainter, shape, shade, scale: float, in_place: bool) -> None:
        fill = bc.region_rgb(shade) if in_place else bc.fill_rgb(shade)
        painter.fillPath(self._paths[shape.key], QColor(*fill))
        if shade.status == "not_assessed":
            painter.setPen(pen(bc.HATCH_RGB, 0.9))
            painter.drawLines(self._pattern(shape, "hatch", HATCH_PX / scale))
        elif shade.status == "mostly_covered":
            painter.setPen(pen(bc.COVERED_RGB, 1.8))     # round caps: each point a dot
            painter.drawPoints(self._pattern(shape, "dots", DOT_PX / scale))

    def _paint_number(self, painter: QPainter, shape, shade, transform: QTransform,
                      boxed: bool = False) -> None:
        """The region's "% of region" text: inside it, set smaller (down to 7 px) if need be,
        else at the shape's label point with a leader line; `boxed`: on a white box, as it may
        sit on a burn drawn in place."""
        text = bc.region_text(shade)
        if not text:
            return
        scale = transform.m11()
        font = QFont(self.font())
        font.setBold(True)

        def measure(px: float) -> tuple[float, float]:
            font.setPixelSize(round(px))
            metrics = QFontMetricsF(font)
            return metrics.horizontalAdvance(text) / scale, metrics.capHeight() / scale
        size, (x, y), leader = bc.place_label(shape, measure, max(8, min(15, round(scale * 10))),
                                              7, 1)
        font.setPixelSize(round(size))
        metrics = QFontMetricsF(font)
        centre = transform.map(QPointF(x, y))
        ink = (0, 0, 0)
        if leader:
            painter.setPen(pen(bc.OUTLINE_RGB, 1.0))
            painter.drawLine(transform.map(QPointF(*shape.anchor)), centre)
        elif not boxed:
            ink = bc.ink_rgb(bc.fill_rgb(shade))
        painter.setFont(font)
        box = QRectF(centre.x() - 40, centre.y() - metrics.height() / 2, 80, metrics.height())
        if boxed and not leader:
            width = metrics.horizontalAdvance(text) + 4
            painter.fillRect(QRectF(centre.x() - width / 2, centre.y() - metrics.height() / 2,
                                    width, metrics.height()), QColor(255, 255, 255, 215))
        painter.setPen(QColor(*ink))
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)

    def _paint_captions(self, painter: QPainter, transform: QTransform) -> None:
        """'Anterior' / 'Posterior' under each figure, and the patient's R and L at its sides."""
        spacing = QFontMetricsF(self.font()).lineSpacing()
        painter.setPen(Qt.GlobalColor.black)
        for surface, (x0, _, w, h) in self.chart.figures.items():
            left, right = (self.tr("R"), self.tr("L")) if surface == "anterior" else \
                (self.tr("L"), self.tr("R"))
            caption = self.tr("Anterior") if surface == "anterior" else self.tr("Posterior")
            p0, p1 = transform.map(QPointF(x0, h)), transform.map(QPointF(x0 + w, h))
            row = QRectF(p0.x(), p0.y() + 2, p1.x() - p0.x(), spacing)
            font = QFont(self.font())
            painter.setFont(font)
            painter.drawText(row, Qt.AlignmentFlag.AlignLeft, left)
            painter.drawText(row, Qt.AlignmentFlag.AlignRight, right)
            font.setBold(True)
            painter.setFont(font)
            painter.drawText(row, Qt.AlignmentFlag.AlignHCenter, caption)

    # --- mouse ----------------------------------------------------------------------------------
    def mouseMoveEvent(self, event) -> None:
        key = self.key_at(event.position())
        if key != self.hovered:
            self.hovered = key
            self.region_hovered.emit(*(key or ("", "")))
            self.update()
            if key is None:
                QToolTip.hideText()
            else:
                QToolTip.showText(event.globalPosition().toPoint(), self.tooltip(key), self)

    def leaveEvent(self, event) -> None:
        if self.hovered is not None:
            self.hovered = None
            self.region_hovered.emit("", "")
            self.update()
        super().leaveEvent(event)

    def mousePressEvent(self, event) -> None:
        key = self.key_at(event.position())
        if event.button() == Qt.MouseButton.LeftButton and key is not None:
            self.region_clicked.emit(*key)
        super().mousePressEvent(event)

    def tooltip(self, key: bc.Key) -> str:   # the region's name and numbers, as hovering shows
        return self.legend.tooltip(key, self.shades[key])
