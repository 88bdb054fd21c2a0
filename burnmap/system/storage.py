"""Where cases and unsaved work live: the per-user data folder, readable by the user only."""
from __future__ import annotations

import contextlib
import os
from pathlib import Path

DATA_ENV = "BURNMAP_DATA_DIR"


def data_dir() -> Path:
    """Per-user data folder (platformdirs); tests point BURNMAP_DATA_DIR at a temporary one."""
    if os.environ.get(DATA_ENV):
        return Path(os.environ[DATA_ENV])
    from platformdirs import user_data_dir
    return Path(user_data_dir("BurnMap", appauthor=False))


def _private_dir(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(OSError):   # a file system without modes keeps its own
        os.chmod(path, 0o700)  # cases hold patient data: no other user may list or read them
    return path


def cases_dir() -> Path:
    return _private_dir(data_dir() / "cases")


def recovery_dir() -> Path:
    return _private_dir(data_dir() / "recovery")
