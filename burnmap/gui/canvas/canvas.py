"""Original and segmentation side by side, zoom and pan linked, with the burn painted over both.

The canvas shows one `PhotoState` and turns mouse drags into burn edits through the current tool;
it emits `edited` after every change so that the results can follow.
"""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QPen, QPixmap
from PySide6.QtWidgets import (
    QGraphicsEllipseItem,
    QGraphicsPixmapItem,
    QGraphicsScene,
    QHBoxLayout,
    QLabel,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from burnmap.body.regions import REGION_ID, REGIONS
from burnmap.gui.canvas.image_view import ImageView
from burnmap.gui.canvas.layers import ArrayImageItem, depth_lut
from burnmap.gui.canvas.legend import LegendBar
from burnmap.gui.canvas.tool_state import Tool, ToolState
from burnmap.gui.utils.qimage import rgb_to_pixmap
from burnmap.gui.utils.window_fit import scrolling
from burnmap.model.workspace import PhotoState
from burnmap.photo.overlay import PartsLayer, load_colour_table, parts_layer

JOINT_NAMES = ("elbow", "wrist", "knee", "ankle")
# White diagonal stripes: unlike any flat part or depth colour, and the photo shows between them.
HIGHLIGHT_RGBA = (235, 235, 235, 235)
STRIPE = 6


class _Side:
    """One scene: photo, optional segmentation layer, burn layer, joint handles."""

    def __init__(self, with_segmentation: bool):
        self.scene = QGraphicsScene()
        self.photo = QGraphicsPixmapItem()
        self.scene.addItem(self.photo)
        self.segmentation = None
        self.burn = None
        self.highlight = None
        self.with_segmentation = with_segmentation
        self.view = ImageView(self.scene)

    def show(self, state: PhotoState, pixmap) -> None:
        h, w = state.photo.height, state.photo.width
        self.clear()
        self.photo.setPixmap(pixmap)
        if self.with_segmentation:
            self.segmentation = ArrayImageItem(h, w)
            self.scene.addItem(self.segmentation)
        self.burn = ArrayImageItem(h, w)
        self.burn.setZValue(10)
        self.scene.addItem(self.burn)
        self.scene.setSceneRect(0, 0, w, h)

    def show_highlight(self, rgba) -> None:
        """A region picked on the body chart (None: none); its layer exists only while shown,
        since a full-size RGBA layer is 200 MB on a 50-megapixel photo."""
        if self.highlight is not None:
            self.scene.removeItem(self.highlight)
            self.highlight = None
        if rgba is not None:
            self.highlight = ArrayImageItem(*rgba.shape[:2])
            self.highlight.set_pixels(rgba)
            self.highlight.setZValue(20)
            self.scene.addItem(self.highlight)

    def clear(self) -> None:
        """Nothing shown: no photo, no layers (the last photo was removed)."""
        self.photo.setPixmap(QPixmap())
        for item in (self.segmentation, self.burn, self.highlight):
            if item is not None:
                self.scene.removeItem(item)
        self.segmentation = self.burn = self.highlight = None


class Canvas(QWidget):
    edited = Signal()             # the burn mask changed (stroke end, fill, undo, ...)
    patient_selected = Signal()
    no_person_here = Signal()     # "select patient" clicked where the parsing found nobody
    chart_tool = Signal()         # a body-chart-only tool (examined, no burn) used on a photo
    joints_moved = Signal()
    region_hovered = Signal(str, str)   # region, surface under the pointer; "" when none
    pixel_hovered = Signal(int, int)    # photo pixel under the pointer; -1, -1 when none

    def __init__(self, tools: ToolState, parent=None):
        super().__init__(parent)
        self.tools = tools
        self.state: PhotoState | None = None
        self.colours = load_colour_table()
        self._lut = depth_lut()
        self.left, self.right = _Side(False), _Side(True)
        self.legend = LegendBar()
        self.alpha = QSlider(Qt.Orientation.Horizontal)
        self.alpha.setRange(0, 100)
        self.alpha.setValue(50)
        self.alpha.valueChanged.connect(self._apply_alpha)
        self._layout()
        self._link(self.left.view, self.right.view)
        self._link(self.right.view, self.left.view)
        for view in (self.left.view, self.right.view):
            view.pressed.connect(self._press)
            view.dragged.connect(self._drag)
            view.released.connect(self._release)
            view.hovered.connect(self._hover)
        self._handles: list[QGraphicsEllipseItem] = []
        self.burn_visible = True

    def _layout(self) -> None:
        views = QHBoxLayout()
        views.addWidget(self.left.view)
        views.addWidget(self.right.view)
        controls = QHBoxLayout()
        self.alpha_label = QLabel(self.tr("Segmentation opacity"))
        controls.addWidget(self.alpha_label)
        controls.addWidget(self.alpha, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(views, 1)
        layout.addLayout(controls)
        # one row whatever the number of parts: it scrolls sideways instead of widening the
        # window past a small screen
        legend = scrolling(self.legend, horizontal=True)
        legend.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        legend.setFixedHeight(self.fontMetrics().height() + 8
                              + legend.horizontalScrollBar().sizeHint().height())
        layout.addWidget(legend)

    def _link(self, source: ImageView, target: ImageView) -> None:
        def follow():
            if not getattr(target, "_following", False):
                source._following = True
                target.follow(source)
                source._following = False
        source.view_changed.connect(follow)

    # --- showing a photo ------------------------------------------------------------------------
    def show_state(self, state: PhotoState | None) -> None:
        self.state = state
        if state is None:
            for side in (self.left, self.right):
                side.clear()
            self._show_joints()
            self.legend.set_entries([])
            return
        pixmap = rgb_to_pixmap(state.photo.pixels)
        for side in (self.left, self.right):
            side.show(state, pixmap)
        self.set_burn_visible(self.burn_visible)  # the new layers follow the switch
        self.refresh_segmentation()
        self.refresh_burn()
        self.left.view.fit()

    def layer_of(self, state: PhotoState) -> PartsLayer:
        """The parts layer of a photo's parsing and patient (made on this thread)."""
        table = self.colours.for_classes(state.parsing.class_names)
        return parts_layer(state.parsing.labels, state.parsing.person_mask(state.person_index),
                           table)

    def show_parsing(self, state: PhotoState, layer: PartsLayer | None = None) -> None:
        """The photo shown was (re-)parsed: its parts, legend and joints; photo and burn layers
        stay. `layer` may have been made by the worker thread."""
        if state is not self.state:
            return
        for side in (self.left, self.right):
            side.show_highlight(None)   # the regions it showed are gone
        self.refresh_segmentation(layer)

    def refresh_segmentation(self, layer: PartsLayer | None = None) -> None:
        state = self.state
        if state is None or self.right.segmentation is None:
            return
        if state.parsing is None:
            self.right.segmentation.set_pixels(np.zeros((state.photo.height, state.photo.width,
                                                         4), np.uint8))
            self.legend.set_entries([])
        else:
            layer = layer or self.layer_of(state)
            self.right.segmentation.set_pixels(layer.rgba)
            self.legend.set_legend(layer.entries)
        self._apply_alpha(self.alpha.value())
        self._show_joints()

    def refresh_burn(self, box=None) -> None:
        """Redraw the burn layers, all of it or just the box (y0, x0, y1, x1) an edit touched."""
        if self.state is None:
            return
        values = self.state.burn.values
        if box is None and not values.any():
            for side in (self.left, self.right):   # nothing painted: a layer of zeros
                side.burn.set_pixels(np.zeros((*values.shape, 4), np.uint8))
            return
        y0, x0, y1, x1 = box or (0, 0, values.shape[0], values.shape[1])
        rgba = self._lut[values[y0:y1, x0:x1]]
        for side in (self.left, self.right):
            side.burn.write(y0, x0, rgba)

    def highlight_region(self, region: str | None) -> None:
        """Tint one region's pixels in both views (None clears): the chart's region on the photo."""
        state = self.state
        if state is None or state.regions is None or self.left.burn is None:
            return
        ids = state.regions.ids
        rgba = np.zeros((*ids.shape, 4), np.uint8)
        ys, xs = np.nonzero(ids == REGION_ID[region]) if region else ((), ())
        if len(ys):
            y0, y1, x0, x1 = ys.min(), ys.max() + 1, xs.min(), xs.max() + 1
            stripes = (np.arange(y0, y1)[:, None] + np.arange(x0, x1)[None, :]) // STRIPE % 2 == 0
            inside = (ids[y0:y1, x0:x1] == REGION_ID[region]) & stripes
            rgba[y0:y1, x0:x1][inside] = HIGHLIGHT_RGBA
        for side in (self.left, self.right):
            side.show_highlight(rgba if len(ys) else None)

    def _hover(self, pos: QPointF) -> None:
        state = self.state
        x, y = int(pos.x()), int(pos.y())
        if state is None or state.regions is None or not (
                0 <= y < state.regions.ids.shape[0] and 0 <= x < state.regions.ids.shape[1]):
            self.region_hovered.emit("", "")
            self.pixel_hovered.emit(-1, -1)
            return
        self.pixel_hovered.emit(x, y)
        region_id = int(state.regions.ids[y, x])
        surface = state.view if state.view in ("anterior", "posterior") else ""
        self.region_hovered.emit(REGIONS[region_id - 1] if region_id else "", surface)

    def set_burn_visible(self, visible: bool) -> None:
        self.burn_visible = visible
        for side in (self.left, self.right):
            if side.burn is not None:
                side.burn.setVisible(visible)

    def _apply_alpha(self, value: int) -> None:
        if self.right.segmentation is not None:
            self.right.segmentation.setOpacity(value / 100)

    def set_brush_radius(self, radius: float) -> None:
        for view in (self.left.view, self.right.view):
            view.brush_radius = radius

    def fit(self) -> None:
        self.left.view.fit()

    def zoom(self, factor: float) -> None:
        self.left.view.zoom(factor)

    # --- painting ---------------------------------------------------------------------------------
    def _press(self, pos: QPointF) -> None:
        state, tool = self.state, self.tools
        if state is None:
            return
        x, y = int(pos.x()), int(pos.y())
        inside = 0 <= x < state.photo.width and 0 <= y < state.photo.height
        if tool.tool == Tool.SELECT_PATIENT:
            if inside and state.select_person_at(x, y):
                self.refresh_segmentation()
                self.patient_selected.emit()
            else:
                self.no_person_here.emit()
            return
        if tool.tool == Tool.EXAMINED:       # unburned skin on a photo is simply unpainted
            self.chart_tool.emit()
            return
        if tool.tool == Tool.FILL:
            if inside and state.regions is not None and state.regions.ids[y, x]:
                region = state.regions.ids == state.regions.ids[y, x]
                self._finish(state.burn.fill_region(x, y, tool.depth, region))
            return
        state.burn.begin_stroke(tool.paint_value, tool.radius)
        self._drag(pos)

    def _drag(self, pos: QPointF) -> None:
        state = self.state
        if state is None or not state.burn.stroking:
            return
        box = state.burn.add_point(pos.x(), pos.y())
        if box is not None:
            self.refresh_burn(box)

    def _release(self, pos: QPointF) -> None:
        state = self.state
        if state is None or not state.burn.stroking:
            return
        self._drag(pos)
        self._finish(state.burn.end_stroke())

    def _finish(self, patch) -> None:
        if patch is None:
            return
        self.state.record(patch)
        self.refresh_burn(patch.box)
        self.edited.emit()

    def undo(self) -> None:
        self._step(undone=True)

    def redo(self) -> None:
        self._step(undone=False)

    def _step(self, undone: bool) -> None:
        if self.state is None:
            return  # no photo: the shortcut does nothing
        burn = self.state.burn
        patch = burn.undo() if undone else burn.redo()
        if patch is not None:
            self.state.record(patch, undone=undone)
            self.refresh_burn(patch.box)
            self.edited.emit()

    # --- joints -------------------------------------------------------------------------------------
    def _show_joints(self) -> None:
        scene = self.right.scene
        for handle in self._handles:
            scene.removeItem(handle)
        self._handles = []
        if self.state is None or self.state.regions is None:
            return
        for name, (x, y) in self.state.joints.points.items():
            if name.split("_")[-1] in JOINT_NAMES:
                self._handles.append(_JointHandle(self, name, x, y))
                scene.addItem(self._handles[-1])

    def joint_dropped(self, name: str, x: float, y: float) -> None:
        if self.state is None or self.state.regions is None:
            return  # the photo went (or was re-parsed) between the drop and now
        self.state.move_joint(name, x, y)
        self.refresh_segmentation()
        self.joints_moved.emit()


class _JointHandle(QGraphicsEllipseItem):
    """A draggable joint; dropping it re-splits the limbs."""

    RADIUS = 7

    def __init__(self, canvas: Canvas, name: str, x: float, y: float):
        r = self.RADIUS
        super().__init__(-r, -r, 2 * r, 2 * r)
        self.canvas, self.name = canvas, name
        self.setPos(x, y)
        self.setBrush(QBrush(QColor(255, 255, 255, 200)))
        self.setPen(QPen(QColor(0, 0, 0), 0))
        self.setZValue(50)
        self.setFlag(QGraphicsEllipseItem.GraphicsItemFlag.ItemIsMovable, True)
        self.setFlag(QGraphicsEllipseItem.GraphicsItemFlag.ItemIgnoresTransformations, True)
        self.setToolTip(name.replace("_", " "))

    def mouseReleaseEvent(self, event) -> None:
        super().mouseReleaseEvent(event)
        x, y = self.pos().x(), self.pos().y()
        # Deferred: the drop rebuilds the handles, this one included.
        QTimer.singleShot(0, lambda: self.canvas.joint_dropped(self.name, x, y))
