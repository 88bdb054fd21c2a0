"""Crash logs for support: where a bug happened, never whom it happened to.

An unexpected error's message can hold anything (a file name made of a patient's name, a value
typed into a form), so the log keeps the exception's type and the stack of code locations, and
leaves out every message and local value.
"""
from __future__ import annotations

import platform
import sys
import traceback
from datetime import UTC, datetime
from pathlib import Path

from burnmap.system.storage import data_dir
from burnmap.system.version import __version__


def crash_report(exc: BaseException) -> str:
    """The crash as text: software, platform, exception types and code locations only."""
    lines = [f"BurnMap {__version__} on Python {platform.python_version()} "
             f"({platform.platform()})", f"at {datetime.now(UTC).isoformat()}", ""]
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        lines.append(f"{type(exc).__module__}.{type(exc).__qualname__} (message withheld)")
        for frame in traceback.extract_tb(exc.__traceback__):
            lines.append(f"  {frame.filename}:{frame.lineno} in {frame.name}")
        exc = exc.__cause__ or exc.__context__
    return "\n".join(lines) + "\n"


def write_crash_log(exc: BaseException) -> Path | str:
    """Write the crash report into the data folder's logs; returns where (or why not)."""
    try:
        folder = data_dir() / "logs"
        folder.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
        path = folder / f"crash-{stamp}.log"
        path.write_text(crash_report(exc), encoding="utf-8")
        return path
    except OSError as err:
        print(crash_report(exc), file=sys.stderr)
        return f"(the log could not be written: {err.strerror}; printed above)"
