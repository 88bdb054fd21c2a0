"""The body chart's wording: its legend, painted beside or under the figures (depth colours,
superficial marked as not counted, unburned, not assessed (hatched), mostly covered by clothing
(dotted), what the numbers mean; swatches drawn with the regions' patterns), and the tooltip of
a region."""
from __future__ import annotations

from PySide6.QtCore import QLineF, QObject, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPen, QPolygonF

from burnmap.body.burn import DEEP_PARTIAL, DEPTH_RGB, FULL_THICKNESS, SUPERFICIAL, SUPERFICIAL_PARTIAL
from burnmap.chart import body_chart as bc
from burnmap.chart.entry import ENTRY_OUTLINE_RGB, EXAMINED_RGBA
from burnmap.gui.utils.names import depth_name, region_name, surface_name

ORDER = (SUPERFICIAL_PARTIAL, DEEP_PARTIAL, FULL_THICKNESS, SUPERFICIAL)


class LegendPainter(QObject):
    def __init__(self, widget):
        super().__init__(widget)
        self.widget = widget

    def entries(self) -> list[tuple[bc.RegionShade, str]]:
        out = [(bc.RegionShade("assessed", d), depth_name(d)) for d in ORDER[:3]]
        out += [(bc.RegionShade("assessed", SUPERFICIAL), self.tr("Superficial (not counted)")),
                (bc.RegionShade("assessed", None, 0.0), self.tr("Unburned")),
                (bc.NOT_ASSESSED, self.tr("Not assessed: no photo shows it")),
                (bc.RegionShade("mostly_covered", None, 0.0, 80.0),
                 self.tr("Mostly covered by clothing")),
                ("drawn", self.tr("Drawn on the chart (not from a photo)")),
                ("examined", self.tr("Examined, no burn (chart)"))]
        return out

    def note(self) -> str:
        return self.tr("Numbers: % of the region burned (partial + full thickness); "
                       "(n): superficial only, not counted.")

    def tooltip(self, key: bc.Key, shade: bc.RegionShade) -> str:
        """A region's name and surface, then its numbers (or why it has none)."""
        lines = [self.tr("{0} ({1})").format(region_name(key[0]), surface_name(key[1]))]
        if shade.status == "not_assessed":
            return "\n".join([*lines, self.tr("Not assessed: no photo shows it")])
        counted = sum(p for d, p in shade.by_depth if d in bc.COUNTED)
        lines.append(self.tr("Burned: {0} % of the region (partial + full thickness)").format(
            f"{counted:.1f}"))
        lines += [f"  {depth_name(d)}: {p:.1f} %" for d, p in shade.by_depth if p > 0]
        if shade.superficial_only:
            lines.append(self.tr("Superficial only: not counted in the total"))
        if shade.covered_percent:
            lines.append(self.tr("Covered by clothing: {0} % of the region (a burn may be "
                                 "hidden)").format(f"{shade.covered_percent:.0f}"))
        return "\n".join(lines)

    def _metrics(self) -> QFontMetricsF:
        return QFontMetricsF(self.widget.font())

    def natural_width(self) -> float:
        """Pixels one column of entries needs."""
        m = self._metrics()
        return max(m.horizontalAdvance(text) for _, text in self.entries()) + m.height() + 12

    def _columns(self, width: float) -> int:
        m = self._metrics()
        widest = max(m.horizontalAdvance(text) for _, text in self.entries())
        return 2 if 2 * (widest + m.height() * 1.6 + 12) <= width else 1

    def _note_rect(self, width: float) -> QRectF:
        return self._metrics().boundingRect(QRectF(0, 0, width, 1000),
                                            Qt.TextFlag.TextWordWrap, self.note())

    def height(self, width: float) -> float:
        """Pixels the legend needs at this width."""
        rows = -(-len(self.entries()) // self._columns(width))
        return rows * self._metrics().lineSpacing() * 1.3 + self._note_rect(width).height() + 4

    def paint(self, painter: QPainter, rect: QRectF) -> None:
        m = self._metrics()
        columns, row_h = self._columns(rect.width()), m.lineSpacing() * 1.3
        box = m.height() * 0.85
        painter.setFont(self.widget.font())
        for i, (shade, text) in enumerate(self.entries()):
            x = rect.left() + (i % columns) * rect.width() / columns
            y = rect.top() + (i // columns) * row_h
            self._swatch(painter, QRectF(x, y + (row_h - box) / 2, box, box), shade)
            painter.setPen(Qt.GlobalColor.black)
            painter.drawText(QRectF(x + box + 5, y, rect.width(), row_h),
                             Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, text)
        top = rect.top() + -(-len(self.entries()) // columns) * row_h
        painter.drawText(QRectF(rect.left(), top, rect.width(), self._note_rect(
            rect.width()).height() + 2), Qt.TextFlag.TextWordWrap, self.note())

    @staticmethod
    def _swatch(painter: QPainter, r: QRectF, shade) -> None:
        if shade in ("drawn", "examined"):      # as burnmap.chart.entry.entry_layer draws them
            painter.fillRect(r, QColor(255, 255, 255))
            if shade == "examined":
                painter.fillRect(r, QColor(*EXAMINED_RGBA))
            else:
                painter.fillRect(r, QColor(*DEPTH_RGB[DEEP_PARTIAL]))
                painter.setPen(QPen(QColor(255, 255, 255, 150), 1.5))
                ring = [(r.left(), r.top()), (r.right(), r.top()), (r.right(), r.bottom()),
                        (r.left(), r.bottom())]
                painter.drawLines([QLineF(x0, y0, x1, y1) for (x0, y0), (x1, y1)
                                   in bc.geo.hatch_segments([ring], 3.0, -45.0)])
            painter.setPen(QPen(QColor(*ENTRY_OUTLINE_RGB), 1.2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(r)
            return
        painter.fillRect(r, QColor(*bc.fill_rgb(shade)))
        ring = [(r.left(), r.top()), (r.right(), r.top()), (r.right(), r.bottom()),
                (r.left(), r.bottom())]
        if shade.status == "not_assessed":
            painter.setPen(QPen(QColor(*bc.HATCH_RGB), 0.9))
            painter.drawLines([QLineF(x0, y0, x1, y1) for (x0, y0), (x1, y1)
                               in bc.geo.hatch_segments([ring], 4.0)])
        elif shade.status == "mostly_covered":
            painter.setPen(QPen(QColor(*bc.COVERED_RGB), 1.8, Qt.PenStyle.SolidLine,
                                Qt.PenCapStyle.RoundCap))
            painter.drawPoints(QPolygonF([QPointF(x, y) for x, y
                                          in bc.geo.dot_grid([ring], 4.0)]))
        colour = bc.COVERED_RGB if shade.status == "mostly_covered" else bc.OUTLINE_RGB
        painter.setPen(QPen(QColor(*colour), 1.0))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(r)
