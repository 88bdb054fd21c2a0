"""Where cases and unsaved work live (the per-user data folder, readable by the user only), and
where what can be made again is kept (the per-user cache folder)."""
from __future__ import annotations

import contextlib
import os
from pathlib import Path

DATA_ENV = "BURNMAP_DATA_DIR"
CACHE_ENV = "BURNMAP_CACHE_DIR"


def data_dir() -> Path:
    """Per-user data folder (platformdirs); tests point BURNMAP_DATA_DIR at a temporary one."""
    if os.environ.get(DATA_ENV):
        return Path(os.environ[DATA_ENV])
    from platformdirs import user_data_dir
    return Path(user_data_dir("BurnMap", appauthor=False))


def cache_dir() -> Path:
    """Per-user cache folder (platformdirs): files made from others and made again when missing,
    such as a compiled model, which a backup of the user's data need not carry. Tests point
    BURNMAP_CACHE_DIR at one folder per run, so a model is compiled once, not once per test."""
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV])
    from platformdirs import user_cache_dir
    return Path(user_cache_dir("BurnMap", appauthor=False))


def _private_dir(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(OSError):   # a file system without modes keeps its own
        os.chmod(path, 0o700)  # cases hold patient data: no other user may list or read them
    return path


def cases_dir() -> Path:
    return _private_dir(data_dir() / "cases")


def recovery_dir() -> Path:
    return _private_dir(data_dir() / "recovery")
