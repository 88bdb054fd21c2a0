"""A zoomable, pannable image view that can be linked to another and turns drags into strokes.

Zoom: wheel at the cursor, Ctrl+= / Ctrl+-, fit with Ctrl+0 (actions live in the main window).
Pan: middle-button drag, or drag with the space bar held. Left-button drags paint.
"""
from __future__ import annotations

from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtGui import QPainter, QPen
from PySide6.QtWidgets import QGraphicsEllipseItem, QGraphicsScene, QGraphicsView

ZOOM_STEP = 1.25


class ImageView(QGraphicsView):
    view_changed = Signal()
    pressed = Signal(QPointF)
    dragged = Signal(QPointF)
    released = Signal(QPointF)
    hovered = Signal(QPointF)     # the pointer over the photo, not painting or panning

    def __init__(self, scene: QGraphicsScene, parent=None):
        super().__init__(scene, parent)
        self.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setBackgroundBrush(Qt.GlobalColor.darkGray)
        self.setMouseTracking(True)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        self._pan_from = None
        self._space = False
        self._painting = False
        self._item_drag = False  # a movable item (joint handle) is being dragged
        self.fitted = True
        self.cursor_item = QGraphicsEllipseItem()
        pen = QPen(Qt.GlobalColor.white, 0)
        pen.setCosmetic(True)
        self.cursor_item.setPen(pen)
        self.cursor_item.setZValue(100)
        self.cursor_item.setVisible(False)
        scene.addItem(self.cursor_item)
        self.brush_radius = 10.0
        self.horizontalScrollBar().valueChanged.connect(self.view_changed)
        self.verticalScrollBar().valueChanged.connect(self.view_changed)

    # --- zoom and fit ---------------------------------------------------------------------------
    def fit(self) -> None:
        self.fitted = True
        self.fitInView(self.sceneRect(), Qt.AspectRatioMode.KeepAspectRatio)
        self.view_changed.emit()

    def zoom(self, factor: float) -> None:
        self.fitted = False
        self.scale(factor, factor)
        self.view_changed.emit()

    def wheelEvent(self, event) -> None:
        self.zoom(ZOOM_STEP if event.angleDelta().y() > 0 else 1 / ZOOM_STEP)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self.fitted:
            self.fit()

    def follow(self, other: ImageView) -> None:
        """Take another view's zoom and position (linked views)."""
        if self.transform() != other.transform():
            self.setTransform(other.transform())
        self.fitted = other.fitted
        self.horizontalScrollBar().setValue(other.horizontalScrollBar().value())
        self.verticalScrollBar().setValue(other.verticalScrollBar().value())

    # --- mouse: pan or paint ---------------------------------------------------------------------
    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Space and not event.isAutoRepeat():
            self._space = True
        super().keyPressEvent(event)

    def keyReleaseEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Space and not event.isAutoRepeat():
            self._space = False
        super().keyReleaseEvent(event)

    def mousePressEvent(self, event) -> None:
        pan = event.button() == Qt.MouseButton.MiddleButton or (
            event.button() == Qt.MouseButton.LeftButton and self._space)
        item = self.itemAt(event.position().toPoint())
        if item is not None and item.flags() & item.GraphicsItemFlag.ItemIsMovable and not pan:
            self._item_drag = True
            super().mousePressEvent(event)
        elif pan:
            self._pan_from = event.position()
        elif event.button() == Qt.MouseButton.LeftButton:
            self._painting = True
            self.pressed.emit(self.mapToScene(event.position().toPoint()))
        else:
            super().mousePressEvent(event)

    def mouseMoveEvent(self, event) -> None:
        scene_pos = self.mapToScene(event.position().toPoint())
        self._move_cursor(scene_pos)
        if self._item_drag:
            super().mouseMoveEvent(event)
        elif self._pan_from is not None:
            delta = event.position() - self._pan_from
            self._pan_from = event.position()
            self.fitted = False
            self.horizontalScrollBar().setValue(self.horizontalScrollBar().value() - int(delta.x()))
            self.verticalScrollBar().setValue(self.verticalScrollBar().value() - int(delta.y()))
        elif self._painting:
            self.dragged.emit(scene_pos)
        else:
            self.hovered.emit(scene_pos)

    def mouseReleaseEvent(self, event) -> None:
        if self._item_drag:
            self._item_drag = False
            super().mouseReleaseEvent(event)
        elif self._pan_from is not None:
            self._pan_from = None
        elif self._painting and event.button() == Qt.MouseButton.LeftButton:
            self._painting = False
            self.released.emit(self.mapToScene(event.position().toPoint()))
        else:
            super().mouseReleaseEvent(event)

    def leaveEvent(self, event) -> None:
        self.cursor_item.setVisible(False)
        super().leaveEvent(event)

    def _move_cursor(self, pos: QPointF) -> None:
        r = self.brush_radius
        self.cursor_item.setRect(pos.x() - r, pos.y() - r, 2 * r, 2 * r)
        self.cursor_item.setVisible(True)
