"""The parser options of the commands that parse (`parse`, `assess`): kept apart from
burnmap/cli/common.py so that `report` never depends on the parsing stack (torch, M2FP)."""
from __future__ import annotations

import argparse
from pathlib import Path

from burnmap.cli.common import EXIT_NO_MODEL, CommandError
from burnmap.system.paths import app_dir
from burnmap.system.settings import load_settings


def parser_arguments(ap: argparse.ArgumentParser) -> None:
    ap.add_argument("--model", type=Path, help="M2FP model folder (configuration.json + weights)")
    ap.add_argument("--parser", choices=("auto", "m2fp", "default"), default="auto",
                    help="auto (default): M2FP when installed, else the built-in default parser")


def provider_for(args):
    """The parser provider the window would use, or the one the caller insists on."""
    from burnmap.parsing.provider import ParserProvider
    if args.model is not None and not args.model.is_dir():
        raise CommandError(f"--model {args.model} is not a folder", EXIT_NO_MODEL)
    return ParserProvider(load_settings().model_dir, app_dir(), args.parser, args.model)


def model_inputs(provider) -> dict[str, Path]:
    """The model's files, which no output may replace."""
    folder = provider.model_dir
    if folder is None:
        return {}
    return {f"a file of the M2FP model ({p.name})": p for p in sorted(folder.iterdir())
            if p.is_file()}
