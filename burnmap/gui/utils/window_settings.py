"""The window's own settings (geometry, dock layout, recent cases) in the per-user folder
(tests use a temporary one)."""
from __future__ import annotations

import logging
import os
import stat
from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths, Qt

from burnmap.gui.utils.window_fit import fit_to_screen
from burnmap.system.settings import config_dir

RECENT_MAX = 8
log = logging.getLogger(__name__)


class _ThisSessionOnly:
    """The window's settings kept in memory, when its file cannot be used."""

    def __init__(self):
        self._values: dict = {}
        self.said = False   # the log names the file once

    def value(self, key: str, default=None):
        return self._values.get(key, default)

    def setValue(self, key: str, value) -> None:   # QSettings' name
        self._values[key] = value


_SESSION_ONLY = _ThisSessionOnly()


def window_settings() -> QSettings | _ThisSessionOnly:
    """The settings in window.ini; anything but a regular file at its name (a FIFO, which Qt
    would wait on for ever at the window's start; a device, a folder) is left as it is, named
    in the log, and the window keeps its layout and recent cases for this session only."""
    path = config_dir() / "window.ini"
    try:
        usable = stat.S_ISREG(os.stat(path).st_mode)
    except FileNotFoundError:
        usable = True   # made on the first change
    except (OSError, ValueError):
        usable = False
    if usable:
        return QSettings(str(path), QSettings.Format.IniFormat)
    if not _SESSION_ONLY.said:
        log.warning("%s is not a regular file; the window's layout is kept for this session "
                    "only", path)
        _SESSION_ONLY.said = True
    return _SESSION_ONLY


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
