"""Creates the Qt application: bundled fonts, then the main window."""
from __future__ import annotations

import logging
import sys

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from core.paths import resources_dir

log = logging.getLogger(__name__)
FONT_FILES = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DroidSansFallbackFull.ttf")


def install_fonts(app: QApplication) -> None:
    """Use the shipped fonts: a bare machine may have none, and Qt would draw boxes."""
    families = []
    for name in FONT_FILES:
        font_id = QFontDatabase.addApplicationFont(str(resources_dir() / "fonts" / name))
        if font_id < 0:
            log.warning("font %s could not be loaded", name)
            continue
        families += [f for f in QFontDatabase.applicationFontFamilies(font_id) if f not in families]
    if families:
        font = QFont(app.font())
        font.setFamilies(families)  # DejaVu first, the CJK fallback after it
        app.setFont(font)


def create_application(argv: list[str]) -> QApplication:
    app = QApplication.instance() or QApplication([sys.argv[0], *argv])
    app.setApplicationName("BurnMap")
    app.setOrganizationName("BurnMap")
    install_fonts(app)
    return app


def run(argv: list[str]) -> int:
    """Start the GUI; photo paths in argv are opened, none opens the demo case."""
    app = create_application([])
    from .main_window import MainWindow
    window = MainWindow([a for a in argv if not a.startswith("-")])
    window.show()
    return app.exec()
