"""`main.py parse PHOTO ...`: the batch API other hospital systems call.

The same parser as the window: M2FP when installed, else the built-in default parser (named in the
JSON and in the overlay's legend); `--parser m2fp|default` insists on one. Outputs are checked
before any work and written all together or not at all.

Exit codes: 0 done; 2 bad photo, argument or output path (nothing written); 3 `--parser m2fp`
without an M2FP model; 4 the model is unusable (damaged, unsafe or not M2FP); 1 a bug.
"""
from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

from burnmap.casefile.outputs import StagedOutputs, check_outputs
from burnmap.cli.common import EXIT_OK, ArgumentParser, opacity, run_command
from burnmap.cli.parser_choice import model_inputs, parser_arguments, provider_for
from burnmap.cli.terminal import terminal
from burnmap.parsing.base import Parsing
from burnmap.photo.imaging import load_photo
from burnmap.steps.parse_outputs import parse_files


def build_argparser() -> argparse.ArgumentParser:
    ap = ArgumentParser(
        prog="main.py parse", description="Label every pixel of a photo with a body part.",
        epilog="exit codes: 0 done, 2 bad photo, argument or output, 3 --parser m2fp without "
               "a model, 4 model unusable, 1 unexpected failure")
    ap.add_argument("photo", type=Path)
    parser_arguments(ap)
    ap.add_argument("--labels-out", type=Path, help="single-channel PNG of class ids")
    ap.add_argument("--overlay-out", type=Path, help="PNG of the colour-coded parts over the photo")
    ap.add_argument("--alpha", type=opacity, default=0.5, help="overlay opacity, 0..1 (0.5)")
    ap.add_argument("--json-out", type=Path, help="JSON summary: model, sizes, counts, persons")
    return ap


def main(argv: list[str]) -> int:
    args = build_argparser().parse_args(argv)
    return run_command(lambda: _run(args))


def _run(args) -> int:
    provider = provider_for(args)
    check_outputs([args.labels_out, args.overlay_out, args.json_out],
                  {"the photo": args.photo, **model_inputs(provider)})
    photo = load_photo(args.photo)
    parsing = provider.parse(photo.pixels)
    with StagedOutputs() as out:
        for path, data in outputs(args, photo, parsing):
            out.add(path, data)
        out.commit()
    print(terminal(summary_line(photo.name, parsing)))
    return EXIT_OK


def outputs(args, photo, parsing: Parsing) -> list[tuple[Path, bytes]]:
    """(path, bytes) of every output asked for, made in memory."""
    files = parse_files(photo, parsing, labels=bool(args.labels_out),
                        overlay_alpha=args.alpha if args.overlay_out else None,
                        summary=bool(args.json_out))
    made = [(path, files[name]) for path, name in ((args.labels_out, "labels.png"),
                                                    (args.overlay_out, "overlay.png"),
                                                    (args.json_out, "parse.json")) if path]
    return made


def summary_line(photo_name: str, parsing: Parsing) -> str:
    labelled = int(np.count_nonzero(parsing.labels))
    total = parsing.labels.size
    seconds = sum(parsing.timings.values())
    return (f"{photo_name}: {labelled / total:.1%} of pixels labelled as body parts, "
            f"{len(parsing.persons)} person(s), {seconds:.1f} s ({parsing.model.describe(short=True)})")
