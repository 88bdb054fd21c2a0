"""The colour legend of the body parts present in the segmentation."""
from __future__ import annotations

from PySide6.QtGui import QColor, QPixmap
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from burnmap.gui.utils.names import part_name


class LegendBar(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.row = QHBoxLayout(self)
        self.row.setContentsMargins(4, 0, 4, 0)
        self.entries: list[str] = []

    def set_legend(self, entries) -> None:
        """burnmap.photo.overlay legend entries, named in the UI's language."""
        self.set_entries([(part_name(e.name), e.rgb) for e in entries])

    def set_entries(self, entries) -> None:
        while self.row.count():
            widget = self.row.takeAt(0).widget()
            if widget is not None:
                widget.deleteLater()
        self.entries = [name for name, _ in entries]
        for name, rgb in entries:
            swatch = QLabel()
            pixmap = QPixmap(12, 12)
            pixmap.fill(QColor(*rgb))
            swatch.setPixmap(pixmap)
            self.row.addWidget(swatch)
            self.row.addWidget(QLabel(name))
        self.row.addStretch(1)
