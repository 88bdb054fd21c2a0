"""The tools panel: buttons for the tool and depth class, the brush size, the burn layer switch;
it edits a ToolState (gui/tool_state.py) and shows it."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import (QButtonGroup, QCheckBox, QGroupBox, QLabel, QRadioButton, QSlider,
                               QVBoxLayout, QWidget)

from core.burn import DEPTH_RGB, DEPTHS

from .names import depth_name
from .tool_state import MAX_RADIUS, MIN_RADIUS, Tool, ToolState


class ToolsPanel(QWidget):
    burn_toggled = Signal(bool)

    def __init__(self, state: ToolState, parent=None):
        super().__init__(parent)
        self.state = state
        layout = QVBoxLayout(self)
        self.tool_buttons = self._group(self.tr("Tool"), layout, [
            (Tool.BRUSH, self.tr("Brush (B)")), (Tool.ERASER, self.tr("Eraser (E)")),
            (Tool.FILL, self.tr("Fill region (F)")),
            (Tool.SELECT_PATIENT, self.tr("Select patient (P)"))])
        self.depth_buttons = self._group(self.tr("Burn depth"), layout,
                                         [(d, depth_name(d)) for d in DEPTHS], icons=True)
        self.size_label = QLabel()
        self.size = QSlider(Qt.Orientation.Horizontal)
        self.size.setRange(MIN_RADIUS, MAX_RADIUS)
        layout.addWidget(self.size_label)
        layout.addWidget(self.size)
        self.show_burn = QCheckBox(self.tr("Show burn layer"))
        self.show_burn.setChecked(True)
        self.show_burn.toggled.connect(self.burn_toggled)
        layout.addWidget(self.show_burn)
        layout.addStretch(1)
        self.size.valueChanged.connect(lambda v: state.set(radius=float(v)))
        for key, group in (("tool", self.tool_buttons), ("depth", self.depth_buttons)):
            group.idClicked.connect(self._setter(key, group))
        state.changed.connect(self.refresh)
        self.refresh()

    def _setter(self, key: str, group: QButtonGroup):
        """The slot for a button group's idClicked(int): the clicked button's value."""
        return lambda index: self.state.set(**{key: group.values[index]})

    def _group(self, title, layout, entries, icons=False) -> QButtonGroup:
        box = QGroupBox(title)
        inner = QVBoxLayout(box)
        group = QButtonGroup(self)
        group.values = [value for value, _ in entries]
        for i, (value, text) in enumerate(entries):
            button = QRadioButton(text)
            if icons:
                swatch = QPixmap(14, 14)
                swatch.fill(QColor(*DEPTH_RGB[value]))
                button.setIcon(QIcon(swatch))
            group.addButton(button, i)
            inner.addWidget(button)
        layout.addWidget(box)
        return group

    def refresh(self) -> None:
        """Show the state without echoing changes back (signals blocked, convention 5)."""
        s = self.state
        for group, value in ((self.tool_buttons, s.tool), (self.depth_buttons, s.depth)):
            button = group.button(group.values.index(value))
            button.blockSignals(True)
            button.setChecked(True)
            button.blockSignals(False)
        self.size.blockSignals(True)
        self.size.setValue(int(round(s.radius)))
        self.size.blockSignals(False)
        self.size_label.setText(self.tr("Brush size: {0} px").format(int(round(2 * s.radius))))
