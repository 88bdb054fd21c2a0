"""The window's own settings (geometry, dock layout, recent cases) in the per-user folder
(tests use a temporary one)."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

from core.settings import config_dir

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
