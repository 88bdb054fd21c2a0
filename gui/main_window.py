"""The main window: for now a photo viewer; it wires widgets together and owns no logic."""
from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QLabel, QMainWindow, QMessageBox

from core.imaging import PHOTO_SUFFIXES, Photo, PhotoError, load_photo
from core.paths import resources_dir

from .image_view import ImageView
from .qimage import rgb_to_pixmap

log = logging.getLogger(__name__)
DEMO_PHOTO = "demo/astronaut.png"


class MainWindow(QMainWindow):
    def __init__(self, photo_paths: list[str] | None = None):
        super().__init__()
        self.setWindowTitle("BurnMap")
        self.resize(1100, 800)
        self.view = ImageView(self)
        self.setCentralWidget(self.view)
        self.photo_label = QLabel()
        self.parser_label = QLabel(self.tr("Body parsing: not yet run"))
        self.statusBar().addWidget(self.photo_label, 1)
        self.statusBar().addPermanentWidget(self.parser_label)
        self.photo: Photo | None = None
        self._build_menus()
        first = photo_paths[0] if photo_paths else None
        self.open_photo(first or str(resources_dir() / DEMO_PHOTO), demo=first is None)

    def _build_menus(self) -> None:
        menu = self.menuBar().addMenu(self.tr("&File"))
        open_action = QAction(self.tr("&Open photo…"), self)
        open_action.setShortcut(QKeySequence.StandardKey.Open)
        open_action.triggered.connect(self.choose_photo)
        quit_action = QAction(self.tr("&Quit"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        menu.addAction(open_action)
        menu.addSeparator()
        menu.addAction(quit_action)

    def choose_photo(self) -> None:
        patterns = " ".join(f"*{s}" for s in PHOTO_SUFFIXES)
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Open photo"), "",
                                              self.tr("Photos ({0})").format(patterns))
        if path:
            self.open_photo(path)

    def open_photo(self, path: str, demo: bool = False) -> bool:
        """Show a photo; on failure say why and keep the current one."""
        try:
            photo = load_photo(path)
        except PhotoError as exc:
            log.warning("photo not opened: %s", exc.reason)
            QMessageBox.warning(self, self.tr("Photo not opened"), str(exc))
            return False
        self.photo = photo
        self.view.set_pixmap(rgb_to_pixmap(photo.pixels))
        text = self.tr("Demo case: {0} ({1} x {2})") if demo else self.tr("{0} ({1} x {2})")
        self.photo_label.setText(text.format(Path(photo.name).name, photo.width, photo.height))
        return True
