"""`main.py batch MANIFEST.csv --out DIR`: parse and assess every photo of a manifest.

Each row's outputs go to DIR/<row id>/ (parse.json, labels.png and, with a burn mask,
assess.json: the files `parse` and `assess` write; row.json is the receipt resuming relies on), and
DIR/summary.csv lists every row's status. Run again after a crash, the batch skips the rows whose
outputs verify and does the rest. Rows run one after another in this process (the model loads
once), or with `--scheduler dask://HOST:PORT` on an existing dask.distributed cluster.

Exit codes: 0 every row done (or verified from an earlier run); 5 finished, but some rows were
refused (see the summary); 1 some row failed unexpectedly (a bug; crash logs named in the
summary); 2 the manifest, --out or --scheduler refused (nothing written); 3 --parser m2fp without
a model; 4 the model is unusable.
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from core.batch import DONE, FAILED, REFUSED, SKIPPED, BatchSettings, RowResult, run_row
from core.batch_summary import counts, summary_csv
from core.fileio import atomic_write_text
from core.manifest import OPTIONAL, REQUIRED, ManifestError, read_manifest
from core.outputs import check_outputs, resolved
from core.settings import load_settings

from .common import EXIT_FAILED, EXIT_OK, CommandError, opacity, run_command
from .parser_choice import model_inputs, parser_arguments, provider_for

EXIT_ROWS_REFUSED = 5
SUMMARY = "summary.csv"


def build_argparser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(
        prog="main.py batch", description="Parse and assess every photo of a manifest.",
        epilog=f"manifest columns: {', '.join(REQUIRED)} (required), {', '.join(OPTIONAL)}. "
               "exit codes: 0 all rows done, 5 some rows refused (see summary.csv), 1 a row "
               "failed unexpectedly, 2 bad manifest or arguments, 3 no model, 4 model unusable")
    ap.add_argument("manifest", type=Path, help="CSV, one row per photo")
    ap.add_argument("--out", type=Path, required=True,
                    help="output folder (created if absent; its parent must exist)")
    parser_arguments(ap)
    ap.add_argument("--overlays", action="store_true", help="also write overlay.png per row")
    ap.add_argument("--alpha", type=opacity, default=0.5, help="overlay opacity (0.5)")
    ap.add_argument("--scheduler", help="dask://HOST:PORT: run the rows on that dask cluster "
                                        "(the only network connection BurnMap then makes)")
    return ap


def main(argv: list[str]) -> int:
    args = build_argparser().parse_args(argv)
    return run_command(lambda: _run(args))


def _run(args) -> int:
    scheduler = _scheduler(args.scheduler)
    try:
        rows = read_manifest(args.manifest)
    except ManifestError as exc:
        raise CommandError(f"{exc}; nothing was written") from None
    provider = provider_for(args)
    out = _out_dir(args.out, args.manifest, rows)
    if out.is_dir():   # a new folder holds nothing to protect
        check_outputs([out / SUMMARY], {"the manifest": args.manifest,
                                        **model_inputs(provider)})
    model = os.path.abspath(provider.model_dir) if provider.model_dir else None   # for workers
    user = load_settings()
    settings = BatchSettings(model, args.overlays, args.alpha,
                             referral_guideline=user.referral_guideline,
                             late_start_policy=user.late_start_policy)
    out.mkdir(exist_ok=True)
    results = _run_rows(rows, out, settings, scheduler)
    return _exit_code(results)


def _scheduler(text: str | None) -> tuple[str, int] | None:
    if text is None:
        return None
    from .batch_dask import parse_scheduler
    return parse_scheduler(text)


def _out_dir(out: Path, manifest: Path, rows) -> Path:
    """The output folder: a folder or a new name in an existing one, and not where the batch's
    inputs are (outputs and the photos they came from must not mix)."""
    real = resolved(out)
    if os.path.lexists(real) and not real.is_dir():
        raise CommandError(f"--out {out} exists and is not a folder")
    if not real.exists() and not real.parent.is_dir():
        raise CommandError(f"--out {out}: the folder {real.parent} does not exist")
    if not os.access(real if real.exists() else real.parent, os.W_OK):
        raise CommandError(f"--out {out}: the folder is read-only; nothing was written")
    if real == resolved(manifest).parent:
        raise CommandError(f"--out {out} is the manifest's folder; give a separate folder")
    for row in rows:
        for column in ("photo", "burn", "labels"):
            if row.get(column) and resolved(Path(row.get(column))).parent == real:
                raise CommandError(f"--out {out} holds the {column} of manifest line "
                                   f"{row.line}; give a separate folder")
    return real


def _run_rows(rows, out: Path, settings: BatchSettings, scheduler) -> dict[int, RowResult]:
    """Every row's result by line number; the summary is written however the run ends."""
    results: dict[int, RowResult] = {}
    progress = Progress(len(rows))
    try:
        for result in _results(rows, out, settings, scheduler):
            results[result.line] = result
            progress.update(result)
    finally:
        progress.close()
        atomic_write_text(out / SUMMARY, summary_csv(rows, results))
        print(_totals(results, len(rows), out / SUMMARY))
    return results


def _results(rows, out: Path, settings: BatchSettings, scheduler):
    if scheduler is None:
        return (run_row(row, out, settings) for row in rows)
    from .batch_dask import run_on_dask
    return run_on_dask(*scheduler, rows, str(out), settings)


def _totals(results: dict[int, RowResult], total: int, summary: Path) -> str:
    tally = counts(results)
    parts = [f"{tally.get(s, 0)} {s}" for s in (DONE, SKIPPED, REFUSED, FAILED)]
    not_run = total - len(results)
    return (f"{total} rows: {', '.join(parts)}" + (f", {not_run} not run" if not_run else "") +
            f"; summary in {summary}")


def _exit_code(results: dict[int, RowResult]) -> int:
    statuses = {r.status for r in results.values()}
    if FAILED in statuses:
        return EXIT_FAILED
    return EXIT_ROWS_REFUSED if REFUSED in statuses else EXIT_OK


class Progress:
    """Rows finished so far on stderr: a bar redrawn in place on a terminal, one line per row
    in a log. A refused or failed row's reason is always printed on its own line."""

    def __init__(self, total: int, stream=None):
        self.total, self.done, self.start = total, 0, time.monotonic()
        self.stream = stream or sys.stderr
        self.live = self.stream.isatty()

    def update(self, result: RowResult) -> None:
        self.done += 1
        if result.status in (REFUSED, FAILED):
            self._line(f"line {result.line} ({result.id}): {result.status}: {result.message}")
        if self.live:
            self.stream.write("\r" + self._bar())
        elif result.status not in (REFUSED, FAILED):
            self._line(f"[{self.done}/{self.total}] {result.id}: {result.status} "
                       f"({result.seconds:.1f} s)")
        self.stream.flush()

    def _bar(self, width: int = 30) -> str:
        filled = width * self.done // max(self.total, 1)
        elapsed = time.monotonic() - self.start
        left = elapsed / self.done * (self.total - self.done) if self.done else 0
        return (f"[{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total} rows, "
                f"{_clock(elapsed)} elapsed, ~{_clock(left)} left ")

    def _line(self, text: str) -> None:
        self.stream.write(("\r\033[K" if self.live else "") + text + "\n")

    def close(self) -> None:
        if self.live:
            self.stream.write("\n")
            self.stream.flush()


def _clock(seconds: float) -> str:
    minutes, secs = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}"
