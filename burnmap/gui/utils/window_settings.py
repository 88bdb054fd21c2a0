"""The window's own settings (geometry, dock layout, recent cases) in the per-user folder
(tests use a temporary one)."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths, Qt

from burnmap.gui.utils.window_fit import fit_to_screen
from burnmap.system.settings import config_dir

RECENT_MAX = 8


def window_settings() -> QSettings:
    return QSettings(str(config_dir() / "window.ini"), QSettings.Format.IniFormat)


def remember_case(path: Path) -> None:
    """Put `path` first in the recent cases."""
    settings = window_settings()
    recent = [p for p in (settings.value("recent_cases") or []) if p != str(path)]
    settings.setValue("recent_cases", [str(path), *recent][:RECENT_MAX])


def recent_cases() -> list[str]:
    """The recent cases that still exist, newest first."""
    return [p for p in (window_settings().value("recent_cases") or []) if Path(p).exists()]


def export_folder() -> Path:
    """Where a report is proposed: the folder of the last export, else the user's documents
    (never the hidden per-user data folder, where nobody would find it)."""
    last = window_settings().value("export_folder")
    if last and Path(last).is_dir():
        return Path(last)
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(documents) if documents and Path(documents).is_dir() else Path.home()


def remember_export_folder(folder: Path) -> None:
    window_settings().setValue("export_folder", str(folder))


def restore_window(window, left_dock, right_dock) -> None:
    """The last size and layout, or one proportioned to the screen (the docks a fifth and a
    third of the width); always on the screen."""
    settings = window_settings()
    geometry, state = settings.value("geometry"), settings.value("state")
    if geometry is None or not window.restoreGeometry(geometry):
        area = window.screen().availableGeometry()
        window.resize(int(area.width() * 0.92), int(area.height() * 0.9))
        window.resizeDocks([left_dock, right_dock],
                           [int(window.width() * 0.2), int(window.width() * 0.34)],
                           Qt.Orientation.Horizontal)
    if state is not None:
        window.restoreState(state)
    fit_to_screen(window)


def remember_window(window) -> None:
    """Keep the window's size and dock layout for the next start."""
    settings = window_settings()
    settings.setValue("geometry", window.saveGeometry())
    settings.setValue("state", window.saveState())
