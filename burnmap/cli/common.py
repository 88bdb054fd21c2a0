"""What the commands share: exit codes, one mapping from typed refusals to them, number
arguments that must be finite, and an argument parser whose messages print names escaped.

Nothing here imports torch: commands that never parse (report) start fast.
"""
from __future__ import annotations

import argparse
import math
import sys
from collections.abc import Callable

from burnmap.casefile.case import CaseError
from burnmap.casefile.outputs import OutputRefused
from burnmap.chart.entry import ChartEntryError
from burnmap.cli.terminal import terminal
from burnmap.model.patient import PatientError
from burnmap.model.workspace import NoAssessment
from burnmap.parsing.base import UnparsablePhoto
from burnmap.parsing.models import ModelUnusable, NoModel
from burnmap.parsing.pose import PoseUnavailable
from burnmap.photo.imaging import PhotoError
from burnmap.photo.index_maps import MapError

EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT, EXIT_NO_MODEL, EXIT_BAD_MODEL = 0, 1, 2, 3, 4


class CommandError(Exception):
    """A refusal with its exit code; the message is for the person at the terminal."""

    def __init__(self, message: str, code: int = EXIT_BAD_INPUT):
        super().__init__(message)
        self.code = code


# Every refusal a command can meet, by exit code. Anything else is a bug (exit 1, main.py).
REFUSALS: tuple[tuple[tuple[type[Exception], ...], int], ...] = (
    ((NoModel,), EXIT_NO_MODEL),
    ((ModelUnusable,), EXIT_BAD_MODEL),
    ((PhotoError, MapError, OutputRefused, PatientError, CaseError, UnparsablePhoto,
      NoAssessment, PoseUnavailable, ChartEntryError), EXIT_BAD_INPUT),
)


class ArgumentParser(argparse.ArgumentParser):
    """argparse, with what it echoes of the arguments (unknown options, bad values) escaped."""

    def _print_message(self, message: str, file=None) -> None:
        super()._print_message(terminal(message, lines=True) if message else message, file)


def run_command(work: Callable[[], int]) -> int:
    """Run a command; a refusal prints 'error: …' and returns its exit code."""
    try:
        return work()
    except CommandError as exc:
        return _refuse(str(exc), exc.code)
    except OSError as exc:  # a full disk, a read-only folder, an unreadable file, ...
        return _refuse(f"{exc.filename or 'a file'}: {exc.strerror or exc}; nothing was "
                       f"written", EXIT_BAD_INPUT)
    except Exception as exc:
        for kinds, code in REFUSALS:
            if isinstance(exc, kinds):
                return _refuse(str(exc), code)
        raise


def _refuse(message: str, code: int) -> int:
    print(f"error: {terminal(message)}", file=sys.stderr)
    return code


def finite_float(text: str) -> float:
    """argparse type: a finite number (NaN and infinity would travel into the JSON)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(f"{text!r} is not a finite number")
    return value


def opacity(text: str) -> float:
    """argparse type: an overlay opacity, a finite number from 0 to 1."""
    value = finite_float(text)
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(f"{text!r}: the opacity must be between 0 and 1")
    return value
