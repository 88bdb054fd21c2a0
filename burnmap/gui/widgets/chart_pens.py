"""Pens and paths for the body chart, in chart units (burnmap/gui/widgets/body_chart.py)."""
from __future__ import annotations

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QBrush, QColor, QPainterPath, QPen, QPolygonF

from burnmap.body.burn import DEPTH_RGB
from burnmap.chart.entry import ENTRY_OUTLINE_RGB, EXAMINED, EXAMINED_RGBA


def rings_path(rings) -> QPainterPath:
    """One even-odd QPainterPath of closed rings (chart units)."""
    path = QPainterPath()
    path.setFillRule(Qt.FillRule.OddEvenFill)
    for ring in rings:
        path.addPolygon(QPolygonF([QPointF(x, y) for x, y in (*ring, ring[0])]))
    return path


def pen(rgb, width: float, style=Qt.PenStyle.SolidLine) -> QPen:
    """A cosmetic pen: `width` pixels at any scale."""
    p = QPen(QColor(*rgb), width, style, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin)
    p.setCosmetic(True)
    return p


def paint_entries(painter, entries) -> None:
    """What was entered on the chart ((value, path) in chart units): each depth in its colour,
    hatched and outlined dark, as drawn rather than measured; examined-unburned pale blue with
    a dashed outline."""
    for value, path in entries:
        examined = value == EXAMINED
        painter.fillPath(path, QColor(*(EXAMINED_RGBA if examined else DEPTH_RGB[value])))
        if not examined:
            painter.fillPath(path, QBrush(QColor(255, 255, 255, 170), Qt.BrushStyle.BDiagPattern))
        painter.strokePath(path, pen(ENTRY_OUTLINE_RGB, 1.0 if examined else 1.6,
                                     Qt.PenStyle.DashLine if examined else Qt.PenStyle.SolidLine))
