"""The tools strip: buttons for the tool and depth class, the brush size, the burn layer switch;
it edits a ToolState (burnmap/gui/canvas/tool_state.py) and shows it."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QSlider,
    QWidget,
)

from burnmap.body.burn import DEPTH_RGB, DEPTHS
from burnmap.gui.canvas.tool_state import MAX_RADIUS, MIN_RADIUS, Tool, ToolState
from burnmap.gui.utils.names import depth_name


class ToolsPanel(QWidget):
    """Two rows in the window's tool bar, above photos and docks, so the results keep the
    screen's height: tools, brush size and the burn layer switch; then the depth classes."""
    burn_toggled = Signal(bool)

    def __init__(self, state: ToolState, parent=None):
        super().__init__(parent)
        self.state = state
        grid = QGridLayout(self)
        grid.setContentsMargins(6, 2, 6, 2)
        grid.setVerticalSpacing(2)
        self.tool_buttons = self._group(self.tr("Tool"), grid, 0, [
            (Tool.BRUSH, self.tr("Brush (B)")), (Tool.ERASER, self.tr("Eraser (E)")),
            (Tool.FILL, self.tr("Fill region (F)")),
            (Tool.SELECT_PATIENT, self.tr("Select patient (P)")),
            (Tool.EXAMINED, self.tr("Examined, no burn (X): body chart"))])
        self.depth_buttons = self._group(self.tr("Burn depth"), grid, 1,
                                         [(d, depth_name(d)) for d in DEPTHS], icons=True)
        self.size_label = QLabel()
        self.size = QSlider(Qt.Orientation.Horizontal)
        self.size.setRange(MIN_RADIUS, MAX_RADIUS)
        self.size.setMinimumWidth(120)
        self.size_label.setBuddy(self.size)
        self.show_burn = QCheckBox(self.tr("Show burn layer"))
        self.show_burn.setChecked(True)
        self.show_burn.toggled.connect(self.burn_toggled)
        grid.addWidget(self.size_label, 0, 2)
        grid.addWidget(self.size, 0, 3)
        grid.addWidget(self.show_burn, 1, 2, 1, 2)
        grid.setColumnStretch(4, 1)
        self.size.valueChanged.connect(lambda v: state.set(radius=float(v)))
        for key, group in (("tool", self.tool_buttons), ("depth", self.depth_buttons)):
            group.idClicked.connect(self._setter(key, group))
        state.changed.connect(self.refresh)
        self.refresh()

    def focus_chain(self) -> list[QWidget]:
        """Tab stops at the checked tool, the checked depth (arrows move within each), the
        brush size and the burn layer switch."""
        return [*self.tool_buttons.buttons(), *self.depth_buttons.buttons(), self.size,
                self.show_burn]

    def _setter(self, key: str, group: QButtonGroup):
        """The slot for a button group's idClicked(int): the clicked button's value."""
        return lambda index: self.state.set(**{key: group.values[index]})

    def _group(self, title, grid, row, entries, icons=False) -> QButtonGroup:
        """A titled row of radio buttons in `grid`. Each row has a widget of its own: radio
        buttons of one parent are one Tab stop, and tools and depths must be two."""
        grid.addWidget(QLabel(f"<b>{title}</b>"), row, 0)
        holder = QWidget()
        line = QHBoxLayout(holder)
        line.setContentsMargins(0, 0, 0, 0)
        group = QButtonGroup(self)
        group.values = [value for value, _ in entries]
        for i, (value, text) in enumerate(entries):
            button = QRadioButton(text)
            if icons:
                swatch = QPixmap(14, 14)
                swatch.fill(QColor(*DEPTH_RGB[value]))
                button.setIcon(QIcon(swatch))
            group.addButton(button, i)
            line.addWidget(button)
        grid.addWidget(holder, row, 1)
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
