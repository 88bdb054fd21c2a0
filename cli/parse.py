"""`main.py parse PHOTO ...`: the batch API other hospital systems call.

Exit codes: 0 done; 2 bad photo or arguments (nothing written); 3 no M2FP model found; 4 the model
is unusable (damaged, unsafe or not M2FP); 1 anything unexpected.
"""
from __future__ import annotations

import argparse
import io
import json
import logging
import sys
from pathlib import Path

import numpy as np
from PIL import Image

from core.fileio import atomic_write, atomic_write_text
from core.imaging import PhotoError, load_photo
from core.parsing.base import Parsing
from core.parsing.m2fp.checkpoint import MODEL_DIR_ENV, ModelLoadError, locate_model_dir
from core.parsing.m2fp.parser import M2FPParser
from core.paths import app_dir
from core.settings import load_settings
from core.version import __version__

log = logging.getLogger(__name__)

EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT, EXIT_NO_MODEL, EXIT_BAD_MODEL = 0, 1, 2, 3, 4


def build_argparser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(
        prog="main.py parse", description="Label every pixel of a photo with a body part (M2FP).",
        epilog="exit codes: 0 done, 2 bad photo or arguments, 3 no model found, "
               "4 model unusable, 1 unexpected failure")
    ap.add_argument("photo", type=Path)
    ap.add_argument("--model", type=Path, help="M2FP model folder (configuration.json + weights)")
    ap.add_argument("--labels-out", type=Path, help="single-channel PNG of class ids")
    ap.add_argument("--overlay-out", type=Path, help="PNG of the colour-coded parts over the photo")
    ap.add_argument("--alpha", type=float, default=0.5, help="overlay opacity, 0..1 (0.5)")
    ap.add_argument("--json-out", type=Path, help="JSON summary: model, sizes, counts, persons")
    return ap


def main(argv: list[str]) -> int:
    args = build_argparser().parse_args(argv)
    problem = _check_outputs(args)
    if problem:
        print(f"error: {problem}", file=sys.stderr)
        return EXIT_BAD_INPUT
    try:
        photo = load_photo(args.photo)
    except PhotoError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    model_dir = args.model or locate_model_dir(load_settings().model_dir, app_dir())
    if model_dir is None:
        print(no_model_message(), file=sys.stderr)
        return EXIT_NO_MODEL
    try:
        parsing = M2FPParser(model_dir).parse(photo.pixels)
    except ModelLoadError as exc:
        print(f"error: the M2FP model in {model_dir} cannot be used: {exc}", file=sys.stderr)
        return EXIT_NO_MODEL if not Path(model_dir).is_dir() else EXIT_BAD_MODEL
    write_outputs(args, photo, parsing)
    print(summary_line(photo.name, parsing))
    return EXIT_OK


def no_model_message() -> str:
    return (f"error: no M2FP model found. Put the model folder (configuration.json and "
            f"pytorch_model.pt of ModelScope 'damo/cv_resnet101_image-multiple-human-parsing') at "
            f"{app_dir() / 'models' / 'm2fp'}, or name it with --model DIR or the environment "
            f"variable {MODEL_DIR_ENV}.")


def _check_outputs(args) -> str | None:
    """Refuse before any work when an output cannot be written, so nothing is half-done."""
    if not 0.0 <= args.alpha <= 1.0:
        return "--alpha must be between 0 and 1"
    for path in (args.labels_out, args.overlay_out, args.json_out):
        if path is not None and not path.resolve().parent.is_dir():
            return f"the folder for {path} does not exist"
    return None


def write_outputs(args, photo, parsing: Parsing) -> None:
    if args.labels_out:
        _write_png(args.labels_out, Image.fromarray(parsing.labels, mode="L"))
    if args.overlay_out:
        from core.overlay import blend, load_colour_table
        table = load_colour_table().for_classes(parsing.class_names)
        blended = blend(photo.pixels, parsing.labels, table, args.alpha)
        _write_png(args.overlay_out, Image.fromarray(blended))
    if args.json_out:
        atomic_write_text(args.json_out, json.dumps(parsing_summary(photo.name, parsing), indent=2))


def _write_png(path: Path, image: Image.Image) -> None:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    atomic_write(path, lambda fh: fh.write(buffer.getvalue()))


def parsing_summary(photo_name: str, parsing: Parsing) -> dict:
    width, height = parsing.size
    return {
        "software": {"name": "BurnMap", "version": __version__},
        "photo": photo_name,
        "image_size": {"width": width, "height": height},
        "parser": {"name": parsing.model.parser, "sha256": parsing.model.sha256,
                   "weights_file": parsing.model.source},
        "class_names": list(parsing.class_names),
        "pixel_counts": parsing.pixel_counts(),
        "persons": [{"score": round(p.score, 6), "box_xyxy": list(p.box), "pixel_count": p.area}
                    for p in parsing.persons],
        "parts": [{"category_id": p.category_id, "label": p.label, "score": round(p.score, 6),
                   "box_xyxy": list(p.box), "pixel_count": p.area} for p in parsing.parts],
        "timing_s": {k: round(v, 4) for k, v in parsing.timings.items()},
    }


def summary_line(photo_name: str, parsing: Parsing) -> str:
    labelled = int(np.count_nonzero(parsing.labels))
    total = parsing.labels.size
    seconds = sum(parsing.timings.values())
    return (f"{photo_name}: {labelled / total:.1%} of pixels labelled as body parts, "
            f"{len(parsing.persons)} person(s), {seconds:.1f} s ({parsing.model.parser} "
            f"{(parsing.model.sha256 or '')[:12]})")
