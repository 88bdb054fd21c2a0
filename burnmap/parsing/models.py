"""Where the M2FP model is installed, and the errors of choosing a parser (no torch import, so
commands that never parse start fast)."""
from __future__ import annotations

import os
import sys
from pathlib import Path

MODEL_DIR_ENV = "BURNMAP_MODEL_DIR"
PARSER_CHOICES = ("auto", "m2fp", "default")


class NoModel(Exception):
    """M2FP was asked for and no model is installed; the message says where to put it."""


class ModelUnusable(Exception):
    """The installed M2FP model cannot be used (damaged, unsafe or not M2FP)."""


def locate_model_dir(setting: str | os.PathLike | None, app_dir: Path) -> Path | None:
    """The first model directory that exists: app setting, environment variable, models/m2fp
    beside the application, then the one bundled inside a packaged app."""
    bundled = Path(getattr(sys, "_MEIPASS", app_dir)) / "models" / "m2fp"
    candidates = [setting, os.environ.get(MODEL_DIR_ENV), app_dir / "models" / "m2fp", bundled]
    for candidate in candidates:
        if candidate and Path(candidate).is_dir():
            return Path(candidate)
    return None


def no_model_message(app_dir: Path) -> str:
    return (f"no M2FP model found. Put the model folder (configuration.json and "
            f"pytorch_model.pt of ModelScope 'damo/cv_resnet101_image-multiple-human-parsing') "
            f"at {app_dir / 'models' / 'm2fp'}, or name it with --model DIR or the environment "
            f"variable {MODEL_DIR_ENV}.")
