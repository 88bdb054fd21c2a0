"""The user's settings: a small typed object saved as JSON in the per-user configuration folder.

Tests point BURNMAP_CONFIG_DIR at a temporary folder so they never touch a real user's settings.
A damaged settings file never stops the app: it is left as it is, a warning is logged and defaults are used.
"""
from __future__ import annotations

import json
import logging
import os
import sys
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from .fileio import atomic_write_text

log = logging.getLogger(__name__)
CONFIG_ENV = "BURNMAP_CONFIG_DIR"


@dataclass
class Settings:
    model_dir: str | None = None   # the M2FP model folder chosen by the user
    language: str = "en"           # "en" or "zh_CN"
    referral_guideline: str = "ANZBA"   # "ANZBA" or "ABA" (resources/referral_criteria.csv)
    # a late start's fluid rate: "no_catch_up" (ABA/ABLS, the default) or "catch_up" (classical
    # Parkland); core/fluids.py POLICIES
    late_start_policy: str = "no_catch_up"


def config_dir() -> Path:
    """Per-user configuration folder (XDG on Linux, AppData on Windows, Library on macOS)."""
    if os.environ.get(CONFIG_ENV):
        return Path(os.environ[CONFIG_ENV])
    if sys.platform == "win32":
        return Path(os.environ.get("APPDATA", Path.home())) / "BurnMap"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / "BurnMap"
    return Path(os.environ.get("XDG_CONFIG_HOME", Path.home() / ".config")) / "burnmap"


def settings_path() -> Path:
    return config_dir() / "settings.json"


def load_settings(path: Path | None = None) -> Settings:
    path = path or settings_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Settings()
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        log.warning("settings file %s is unreadable (%s); using defaults", path, exc)
        return Settings()
    known = {f.name for f in fields(Settings)}
    values = {k: v for k, v in data.items() if k in known} if isinstance(data, dict) else {}
    settings = Settings(**values)
    if settings.model_dir is not None and not isinstance(settings.model_dir, str):
        settings.model_dir = None
    return settings


def save_settings(settings: Settings, path: Path | None = None) -> None:
    path = path or settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_text(path, json.dumps(asdict(settings), indent=2))
