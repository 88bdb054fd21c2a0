"""`main.py parse PHOTO ...`: the batch API other hospital systems call.

Exit codes: 0 done; 2 bad photo or arguments (nothing written); 3 no M2FP model found; 4 the model
is unusable (damaged, unsafe or not M2FP); 1 anything unexpected.
"""
from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

import numpy as np
from PIL import Image

from core.fileio import atomic_write_text
from core.imaging import PhotoError, load_photo
from core.parsing.base import Parsing
from core.parsing.m2fp.checkpoint import ModelLoadError
from core.parsing.m2fp.parser import M2FPParser
from core.version import __version__

from .common import (EXIT_BAD_INPUT, EXIT_BAD_MODEL, EXIT_NO_MODEL, EXIT_OK, find_model_dir,
                     missing_output_folder, no_model_message, write_png)

log = logging.getLogger(__name__)


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
    model_dir = find_model_dir(args.model)
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


def _check_outputs(args) -> str | None:
    if not 0.0 <= args.alpha <= 1.0:
        return "--alpha must be between 0 and 1"
    return missing_output_folder(args.labels_out, args.overlay_out, args.json_out)


def write_outputs(args, photo, parsing: Parsing) -> None:
    if args.labels_out:
        write_png(args.labels_out, Image.fromarray(parsing.labels, mode="L"))
    if args.overlay_out:
        from core.overlay import blend, load_colour_table
        table = load_colour_table().for_classes(parsing.class_names)
        blended = blend(photo.pixels, parsing.labels, table, args.alpha)
        write_png(args.overlay_out, Image.fromarray(blended))
    if args.json_out:
        atomic_write_text(args.json_out, json.dumps(parsing_summary(photo.name, parsing), indent=2))


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
