"""Status-bar progress of a background job: stage name, bar, cancel button."""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget


class ProgressStrip(QWidget):
    cancel_requested = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.label = QLabel()
        self.bar = QProgressBar()
        self.bar.setRange(0, 100)
        self.bar.setFixedWidth(180)
        self.cancel = QPushButton(self.tr("Cancel"))
        self.cancel.clicked.connect(self.cancel_requested)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        for widget in (self.label, self.bar, self.cancel):
            row.addWidget(widget)
        self.title = ""
        self.setVisible(False)

    def start(self, title: str) -> None:
        self.title = title
        self.bar.setValue(0)
        self.label.setText(title)
        self.setVisible(True)

    def show_progress(self, fraction: float, stage: str) -> None:
        self.bar.setValue(int(round(100 * fraction)))
        self.label.setText(f"{self.title}: {stage}")

    def stop(self) -> None:
        self.setVisible(False)
