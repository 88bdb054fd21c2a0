"""Two small questions about a photo: which view it is (asked when a photo is parsed, the view
its head suggests preselected), and which of its regions are under clothing (for a parser that
cannot see clothes). Neither is modal: the window goes on while they are open."""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QRadioButton,
    QVBoxLayout,
)

from burnmap.body.regions import REGION_ID, REGIONS, VIEWS
from burnmap.gui.utils.names import region_name, view_name


class ViewDialog(QDialog):
    """Which view is this photo? `chosen(view)` when confirmed."""
    chosen = Signal(str)

    def __init__(self, photo_name: str, suggested: str | None, parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("View of the photo"))
        text = self.tr("Which view is {0}?").format(photo_name)
        if suggested:
            text += " " + self.tr("The face suggests: {0}.").format(view_name(suggested))
        layout = QVBoxLayout(self)
        label = QLabel(text)
        label.setWordWrap(True)
        layout.addWidget(label)
        self.group = QButtonGroup(self)
        for view in VIEWS:
            button = QRadioButton(view_name(view))
            button.setProperty("view", view)
            button.setChecked(view == suggested)
            self.group.addButton(button)
            layout.addWidget(button)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok |
                                   QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setEnabled(self.group.checkedButton() is not None)
        self.group.buttonClicked.connect(lambda _: self.ok.setEnabled(True))

    def accept(self) -> None:
        checked = self.group.checkedButton()
        if checked is not None:
            self.chosen.emit(checked.property("view"))
        super().accept()


class ClothedDialog(QDialog):
    """Which regions of this photo are under clothing? `chosen(regions)` when confirmed."""
    chosen = Signal(object)   # frozenset of region names

    def __init__(self, photo_name: str, shown: list[str], clothed, parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Regions under clothing"))
        layout = QVBoxLayout(self)
        label = QLabel(self.tr("Mark the regions of {0} that clothing covers: they are not "
                               "assessed unless a burn is painted on them.").format(photo_name))
        label.setWordWrap(True)
        layout.addWidget(label)
        grid = QGridLayout()
        self.boxes: dict[str, QCheckBox] = {}
        for i, region in enumerate(r for r in REGIONS if r in shown):
            box = QCheckBox(region_name(region))
            box.setChecked(region in clothed)
            self.boxes[region] = box
            grid.addWidget(box, i // 2, i % 2)
        layout.addLayout(grid)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok |
                                   QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def accept(self) -> None:
        self.chosen.emit(frozenset(r for r, box in self.boxes.items() if box.isChecked()))
        super().accept()


def regions_shown(regions) -> list[str]:
    """The regions with pixels on a photo (burnmap.body.regions.RegionMap)."""
    pixels = regions.pixels()
    return [r for r in REGIONS if pixels.get(r, 0) > 0 and r in REGION_ID]
