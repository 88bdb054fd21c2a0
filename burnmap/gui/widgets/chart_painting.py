"""Painting on the body chart: the same tools as on a photo (brush, eraser, fill a region, the
depth classes, undo and redo), plus "examined, no burn", into the case's chart entries
(burnmap.chart.entry.ChartMask over the chart's raster).

A part of the body that a photo measures belongs to the photo: the chart takes no paint there
(the mask's `allowed` leaves it out) and a press there says which photo to edit instead. The
brush is half the tool's radius in screen pixels (the chart is small on screen, a photo is
zoomed), whatever the chart's size, at least one pixel of the chart's raster.
"""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import QEvent, QObject, Qt, Signal

from burnmap.body.burn import NONE
from burnmap.body.surface_assess import layout
from burnmap.chart.entry import SCALE, ChartMask, chart_raster, entry_outlines, locked_pixels
from burnmap.gui.canvas.tool_state import Tool, ToolState
from burnmap.gui.utils.names import said
from burnmap.text.messages import region_surface

PAINTING = (Tool.BRUSH, Tool.ERASER, Tool.FILL, Tool.EXAMINED)


class ChartPainting(QObject):
    edited = Signal()          # the chart's entries changed (stroke end, fill, undo, redo)
    refused = Signal(str)      # why nothing was painted there (for the status bar)

    def __init__(self, widget, tools: ToolState, workspace, parent=None):
        super().__init__(parent)
        self.widget, self.tools, self.workspace = widget, tools, workspace   # workspace()
        self.choice: np.ndarray | None = None    # the photo measuring each cell, last assessed
        self.names: list[str] = []                # those photos' labels, in assess()'s order
        self._shown: tuple | None = None          # (the mask, its revision) the widget shows
        widget.installEventFilter(self)

    @property
    def mask(self) -> ChartMask:
        return self.workspace().chart_mask()

    def follow(self, result) -> None:
        """The latest assessment (None: none): which photo measures what."""
        self.choice = None if result is None else result.photo_choice
        photos = [p for p in self.workspace().photos if p.counts is not None]
        self.names = [p.counts.label(i) for i, p in enumerate(photos)]
        self.refresh()

    def refresh(self, force: bool = False) -> None:
        """Show the entries as they are (redrawn only when they changed, or `force`)."""
        chart = self.workspace().chart
        shown = None if chart is None else (chart, chart.revision)
        if not force and shown == self._shown:
            return                      # unchanged (a stroke on a photo, a patient detail)
        self._shown = shown
        self.widget.set_entries(None if chart is None else entry_outlines(chart.values))

    # --- the mouse ------------------------------------------------------------------------------
    def eventFilter(self, watched, event) -> bool:
        kind = event.type()
        if watched is not self.widget or self.tools.tool not in PAINTING or kind not in (
                QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove,
                QEvent.Type.MouseButtonRelease):
            return False
        point = self.widget.raster_point(event.position())
        if kind == QEvent.Type.MouseButtonPress and event.button() == Qt.MouseButton.LeftButton:
            self._press(point)
        elif kind == QEvent.Type.MouseMove and self.mask.stroking:
            self._drag(point)
        elif kind == QEvent.Type.MouseButtonRelease and self.mask.stroking:
            self._drag(point)
            self._finish(self.mask.end_stroke())
        return False          # the widget still hovers and says which region was clicked

    def _press(self, point) -> None:
        mask, raster = self.mask, chart_raster()
        locked = locked_pixels(self.choice)
        mask.allowed = (raster.keys > 0) & (locked < 0)
        x, y = int(point[0]), int(point[1])
        if not (0 <= y < raster.shape[0] and 0 <= x < raster.shape[1]) or not raster.keys[y, x]:
            return
        if locked[y, x] >= 0:
            self.refused.emit(self._photo_wins(raster.keys[y, x], int(locked[y, x])))
            return
        if self.tools.tool in (Tool.FILL, Tool.EXAMINED):
            region = (raster.keys == raster.keys[y, x]) & mask.allowed
            if self.tools.tool == Tool.EXAMINED:      # drawn burn stays: the rest is examined
                region &= mask.values == NONE
            self._finish(mask.fill_region(x, y, self.tools.paint_value, region)
                         if region[y, x] else None)
            return
        on_screen = self.tools.radius / 2 / self.widget.chart_transform().m11()   # chart units
        mask.begin_stroke(self.tools.paint_value, max(1.0, on_screen * SCALE))
        self._drag(point)

    def _photo_wins(self, key: int, photo: int) -> str:
        name = self.names[photo] if photo < len(self.names) else ""
        return self.tr("{0}: this part is measured on {1}, which wins over the chart; edit the "
                       "burn on that photo.").format(said(region_surface(*layout().keys[key - 1])),
                                                     said(name))

    def chart_only(self) -> str:
        """Said when the chart's own tool is used on a photo."""
        return self.tr("Examined, no burn is entered on the body chart (Results > Body chart): "
                       "unburned skin on a photo is simply left unpainted.")

    def _drag(self, point) -> None:
        if self.mask.add_point(*point) is not None:
            self.refresh(force=True)     # the stroke so far (the revision moves at its end)

    def _finish(self, patch) -> None:
        if patch is None:
            return
        self.refresh()
        self.edited.emit()

    # --- undo -----------------------------------------------------------------------------------
    def undo(self) -> None:
        self._finish(self.mask.undo())

    def redo(self) -> None:
        self._finish(self.mask.redo())


class PaintTarget:
    """Undo and redo act where the clinician last painted: the photo shown or the chart (once
    the chart has nothing left to undo, the photo)."""

    def __init__(self, canvas, chart: ChartPainting):
        self.canvas, self.chart, self.last = canvas, chart, canvas

    def undo(self) -> None:
        on_chart = self.last is self.chart and self.chart.mask.undo_stack
        (self.chart if on_chart else self.canvas).undo()

    def redo(self) -> None:
        on_chart = self.last is self.chart and self.chart.mask.redo_stack
        (self.chart if on_chart else self.canvas).redo()


def attach(w) -> ChartPainting:
    """Make the main window's body chart a place to paint (w.chart_painting, w.paint_target)."""
    painting = ChartPainting(w.results.chart, w.tools, lambda: w.workspace, w)
    target = PaintTarget(w.canvas, painting)
    painting.edited.connect(lambda: setattr(target, "last", painting))
    w.canvas.edited.connect(lambda: setattr(target, "last", w.canvas))
    painting.edited.connect(w.update_results)
    painting.edited.connect(w.cases.changed)
    painting.refused.connect(lambda text: w.statusBar().showMessage(text, 10000))
    w.canvas.chart_tool.connect(lambda: w.statusBar().showMessage(painting.chart_only(), 10000))
    w.chart_painting, w.paint_target = painting, target
    return painting
