"""Creates the Qt application: bundled fonts, translations, then the main window."""
from __future__ import annotations

import logging
import os
import sys
import time
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication, QMessageBox

from burnmap.casefile.session import delete_case_files, pending_recoveries
from burnmap.gui.dialogs.errors import install_excepthook
from burnmap.gui.utils.names import LANGUAGE_PROPERTY, ui_language
from burnmap.system.paths import resources_dir
from burnmap.system.settings import load_settings, save_settings

log = logging.getLogger(__name__)
FONT_FILES = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DroidSansFallbackFull.ttf")
LANGUAGES = ("en", "zh_CN")
QT_TRANSLATIONS = Path("translations") / "qt"   # under resources/, in the packaged app


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


def install_language(app: QApplication, language: str) -> None:
    """Replace the UI translation: BurnMap's own strings and Qt's (OK, Cancel, the file dialog,
    message boxes' buttons). English is the source language (no files)."""
    for old in getattr(app, "_burnmap_translators", []):
        app.removeTranslator(old)
    app._burnmap_translators = []
    app.setProperty(LANGUAGE_PROPERTY, language)   # clinical words (burnmap.gui.utils.names) follow it
    if language == "en":
        return
    ours = resources_dir() / "translations" / f"burnmap_{language}.qm"
    for path in (ours, qt_translation(language)):
        translator = QTranslator(app)
        if path is not None and translator.load(str(path)):
            app.installTranslator(translator)
            app._burnmap_translators.append(translator)
        else:
            log.warning("translation %s could not be loaded", path.name if path else language)


def qt_translation(language: str) -> Path | None:
    """Qt's own translation (qtbase_<language>.qm): bundled with the packaged app
    (pyinstaller.spec puts it in resources/translations/qt), else the one PySide6 ships."""
    name = f"qtbase_{language}.qm"
    for folder in (resources_dir() / QT_TRANSLATIONS,
                   Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))):
        if (folder / name).is_file():
            return folder / name
    return None


def create_application(argv: list[str]) -> QApplication:
    app = QApplication.instance() or QApplication([sys.argv[0], *argv])
    app.setApplicationName("BurnMap")
    app.setOrganizationName("BurnMap")
    install_fonts(app)
    return app


def default_language() -> str:
    saved = load_settings().language
    if saved in LANGUAGES:
        return saved
    return "zh_CN" if QLocale.system().name().startswith("zh") else "en"


class Shell:
    """Keeps one main window; a language change rebuilds it around the same open case."""

    def __init__(self, app: QApplication, photo_paths: list[str]):
        self.app = app
        self.window = None
        self.uninstall_hook = lambda: None
        recoverable = pending_recoveries()
        self.open(None if recoverable else photo_paths, None, None, None)
        if recoverable:
            self.offer_recovery(recoverable)

    def open(self, photo_paths, workspace, provider, session) -> None:
        from burnmap.gui.main_window import MainWindow
        self.window = MainWindow(photo_paths, workspace, provider, session)
        self.window.language_requested.connect(self.switch_language)
        self.uninstall_hook()
        self.uninstall_hook = install_excepthook(self.window)
        self.window.show()

    def offer_recovery(self, items) -> None:
        """BurnMap did not close normally: offer the newest unsaved work back."""
        item = max(items, key=lambda i: i.saved_at)
        answer = QMessageBox.question(
            self.window, self.window.tr("Recover unsaved work?"),
            self.window.tr("BurnMap did not close normally. Recover the work autosaved at {0} "
                           "(UTC)?").format(item.saved_at))
        if answer == QMessageBox.StandardButton.Yes:
            self.window.cases.recover(item)
        else:
            for unwanted in items:
                delete_case_files(unwanted.path)

    def switch_language(self, language: str) -> None:
        if language == ui_language():
            return   # the language shown: nothing to rebuild
        settings = load_settings()
        settings.language = language
        save_settings(settings)
        install_language(self.app, language)
        old = self.window
        old.parse_queue.shutdown()
        old.cases.wait()
        self.open(None, old.workspace, old.provider, old.session)
        self.window.restoreGeometry(old.saveGeometry())   # where and how big it was
        self.window.restoreState(old.saveState())
        self.window.cases.take_over(old.cases)  # unsaved stays unsaved; the old one lets go
        self.window.select_photo(old.current)
        old.close()


def run(argv: list[str]) -> int:
    """Start the GUI; photo paths in argv are opened, none opens the demo case."""
    app = create_application([])
    install_language(app, default_language())
    shell = Shell(app, [a for a in argv if not a.startswith("-")])
    if os.environ.get("BURNMAP_STARTUP_PROBE"):
        # For measuring start-up (scripts/startup_time.sh): report when the window is up, quit.
        app.processEvents()
        print(f"window shown at {time.time():.3f}", flush=True)
        shell.window.close()
        return 0
    return app.exec() if shell.window else 1
