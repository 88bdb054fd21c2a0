"""What every benchmark shares: the --json-out argument, the Markdown table it prints, the JSON file
it writes (with the run's context: when, which Python and torch, how many CPUs, which platform and
commit), and the child process some of them measure peak memory in.

Nothing here imports torch, Qt or the product: a benchmark's own imports decide what is loaded.
"""
from __future__ import annotations

import argparse
import json
import numbers
import os
import platform
import subprocess
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"


def add_json_out(parser: argparse.ArgumentParser, name: str) -> None:
    """--json-out PATH, by default bench/results/NAME.json."""
    parser.add_argument("--json-out", type=Path, default=RESULTS / f"{name}.json",
                        help=f"where the results go (default bench/results/{name}.json)")


def cell(value, digits: int = 2) -> str:
    """One table cell: a float (numpy's too) with `digits` decimals, a whole number as it is, None
    as an empty cell, anything else as its text (a `|` escaped)."""
    if value is None:
        return ""
    if _is_number(value):
        return str(int(value)) if isinstance(value, numbers.Integral) else f"{value:.{digits}f}"
    return str(value).replace("|", "\\|")


def _is_number(value) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def print_table(title: str, headers: Sequence[str], rows: Sequence[Sequence],
                digits: int | Sequence[int | None] = 2) -> None:
    """`title`, then a Markdown table with its columns padded to line up and numbers right-aligned,
    then a blank line.
    `digits`: the decimals of every float cell, or one entry per column (None for text columns)."""
    per_column = [digits] * len(headers) if isinstance(digits, int) else list(digits)
    if len(per_column) != len(headers):
        raise ValueError(f"{len(per_column)} digits for {len(headers)} columns")
    table = []
    for row in rows:
        if len(row) != len(headers):
            raise ValueError(f"a row of {len(row)} cells under {len(headers)} headers: {row!r}")
        table.append([cell(v, d if d is not None else 2) for v, d in zip(row, per_column, strict=False)])
    numeric = [bool(rows) and all(_is_number(r[i]) or r[i] is None for r in rows)
               for i in range(len(headers))]
    headers = [cell(h) for h in headers]
    widths = [max(3, len(h), *(len(r[i]) for r in table)) for i, h in enumerate(headers)]

    def line(cells):
        return "| " + " | ".join(c.rjust(w) if n else c.ljust(w)
                                 for c, w, n in zip(cells, widths, numeric, strict=False)) + " |"

    print(f"{title}\n")
    print(line(headers))
    print("|" + "|".join(("-" * (w + 1) + ":") if n else ("-" * (w + 2))
                         for w, n in zip(widths, numeric, strict=False)) + "|")
    for cells in table:
        print(line(cells))
    print()


def git_commit() -> str | None:
    """The commit checked out in the repository, or None outside a git checkout."""
    try:
        run = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "HEAD"], capture_output=True,
                             text=True)
    except OSError:
        return None
    return run.stdout.strip() or None


def torch_version() -> str | None:
    """torch's version, from the module when it is loaded already, else from the installed
    package's metadata: never by importing torch (seconds of start-up, threads, memory)."""
    if "torch" in sys.modules:
        return getattr(sys.modules["torch"], "__version__", None)
    try:
        return metadata.version("torch")
    except metadata.PackageNotFoundError:
        return None


def run_context() -> dict:
    """Where and when a benchmark ran."""
    return {"utc": datetime.now(UTC).isoformat(timespec="seconds"),
            "python": platform.python_version(), "torch": torch_version(),
            "cpus": os.cpu_count(), "platform": platform.platform(), "commit": git_commit()}


def write_json(path: Path, name: str, payload: dict) -> Path:
    """Writes {"benchmark": name, "context": run_context(), **payload} to `path` (making its folder)
    and says where."""
    clash = {"benchmark", "context"} & payload.keys()
    if clash:
        raise ValueError(f"the payload may not set {sorted(clash)}: write_json adds them")
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"benchmark": name, "context": run_context(), **payload}, indent=2))
    print(f"written {path}")
    return path


def run_child(script: str | Path, *args: str) -> dict:
    """Runs `script` again in a fresh Python process (so that its peak memory is its own) and
    returns the JSON object on the last line it prints."""
    command = [sys.executable, str(script)]
    if Path(script).resolve().parent == Path(__file__).resolve().parent:   # a benchmark: -m bench.x
        command = [sys.executable, "-m", f"bench.{Path(script).stem}"]
    out = subprocess.run([*command, *map(str, args)], capture_output=True, text=True, cwd=ROOT)
    if out.returncode != 0:
        raise SystemExit(f"{Path(script).name} {' '.join(map(str, args))} failed "
                         f"({out.returncode}):\n{out.stderr[-2000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])
