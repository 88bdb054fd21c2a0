"""Where the application's own files are: models beside main.py from source (beside the executable
when frozen), resources inside the package."""
from __future__ import annotations

import sys
from pathlib import Path


def app_dir() -> Path:
    """The folder holding main.py (source) or the BurnMap executable (PyInstaller one-folder)."""
    if getattr(sys, "frozen", False):
        return Path(sys.executable).resolve().parent
    return Path(__file__).resolve().parents[2]   # burnmap/system/paths.py -> the checkout


def resources_dir() -> Path:
    """Bundled data (fonts, colour table, translations): package data of burnmap (installed or
    from source); the frozen app has it in _MEIPASS/resources (pyinstaller.spec)."""
    base = getattr(sys, "_MEIPASS", None)
    return Path(base) / "resources" if base else Path(__file__).resolve().parents[1] / "resources"
