"""What the command-line tools share: exit codes, atomic PNG output, finding a parser."""
from __future__ import annotations

import io
from pathlib import Path

from PIL import Image

from core.fileio import atomic_write
from core.parsing.m2fp.checkpoint import MODEL_DIR_ENV, locate_model_dir
from core.paths import app_dir
from core.settings import load_settings

EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT, EXIT_NO_MODEL, EXIT_BAD_MODEL = 0, 1, 2, 3, 4


def write_png(path: Path, image: Image.Image) -> None:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    atomic_write(path, lambda fh: fh.write(buffer.getvalue()))


def missing_output_folder(*paths: Path | None) -> str | None:
    """Refuse before any work when an output cannot be written, so nothing is half-done."""
    for path in paths:
        if path is not None and not path.resolve().parent.is_dir():
            return f"the folder for {path} does not exist"
    return None


def find_model_dir(explicit: Path | None) -> Path | None:
    """--model, then the app setting, BURNMAP_MODEL_DIR, models/m2fp beside the app."""
    return explicit or locate_model_dir(load_settings().model_dir, app_dir())


def no_model_message() -> str:
    return (f"error: no M2FP model found. Put the model folder (configuration.json and "
            f"pytorch_model.pt of ModelScope 'damo/cv_resnet101_image-multiple-human-parsing') at "
            f"{app_dir() / 'models' / 'm2fp'}, or name it with --model DIR or the environment "
            f"variable {MODEL_DIR_ENV}.")
