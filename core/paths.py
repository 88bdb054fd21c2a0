"""Where the application's own files are: beside main.py from source, beside the executable when frozen."""
from __future__ import annotations

import sys
from pathlib import Path


def app_dir() -> Path:
    """The folder holding main.py (source) or the BurnMap executable (PyInstaller one-folder)."""
    if getattr(sys, "frozen", False):
        return Path(sys.executable).resolve().parent
    return Path(__file__).resolve().parent.parent


def resources_dir() -> Path:
    """Bundled data (fonts, colour table, translations); PyInstaller unpacks it to _MEIPASS."""
    base = getattr(sys, "_MEIPASS", None)
    return (Path(base) if base else app_dir()) / "resources"
