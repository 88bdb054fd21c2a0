"""`main.py batch MANIFEST.csv --out DIR`: parse and assess every photo of a manifest.

Each row's outputs go to DIR/<row id>/ (parse.json, labels.png and, with a burn mask,
assess.json: the files `parse` and `assess` write; row.json is the receipt resuming relies on), and
DIR/summary.csv lists every row's status. Run again after a crash, the batch skips the rows whose
outputs verify and does the rest. Rows run one after another in this process (the model loads
once), or with `--scheduler tls://HOST:PORT` (or an unencrypted dask://HOST:PORT) on an existing
dask.distributed cluster. Every refusal of the manifest, `--out`, the model or the scheduler comes
before the batch writes anything; a row writes only in its own folder (burnmap/batch/folder.py).

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
from contextlib import contextmanager
from pathlib import Path

from burnmap.batch.manifest import OPTIONAL, REQUIRED, ManifestError, read_manifest
from burnmap.batch.row import DONE, FAILED, REFUSED, SKIPPED, BatchSettings, RowResult, run_row
from burnmap.batch.summary import counts, summary_csv
from burnmap.casefile.outputs import StagedOutputs, check_outputs
from burnmap.cli.batch_out import SUMMARY, output_folder
from burnmap.cli.common import (
    EXIT_FAILED,
    EXIT_OK,
    ArgumentParser,
    CommandError,
    opacity,
    run_command,
    terminal,
)
from burnmap.cli.parser_choice import model_inputs, parser_arguments, provider_for
from burnmap.cli.scheduler import DEFAULT_TIMEOUT_S, connect_timeout, scheduler_from_args
from burnmap.system.settings import load_settings

EXIT_ROWS_REFUSED = 5


def build_argparser() -> argparse.ArgumentParser:
    ap = ArgumentParser(
        prog="main.py batch", description="Parse and assess every photo of a manifest.",
        epilog=f"manifest columns: {', '.join(REQUIRED)} (required), {', '.join(OPTIONAL)}. "
               "exit codes: 0 all rows done, 5 some rows refused (see summary.csv), 1 a row "
               "failed unexpectedly, 2 bad manifest, arguments or scheduler (nothing written), "
               "3 no model, 4 model unusable")
    ap.add_argument("manifest", type=Path, help="CSV, one row per photo")
    ap.add_argument("--out", type=Path, required=True,
                    help="output folder (created if absent; its parent must exist)")
    parser_arguments(ap)
    ap.add_argument("--overlays", action="store_true", help="also write overlay.png per row")
    ap.add_argument("--alpha", type=opacity, default=0.5, help="overlay opacity (0.5)")
    cluster = ap.add_argument_group("dask cluster (the only network connection BurnMap makes)")
    cluster.add_argument("--scheduler", help="tls://HOST:PORT (mutual TLS, with the three files "
                                             "below) or dask://HOST:PORT (unencrypted: this "
                                             "machine only, unless --insecure)")
    cluster.add_argument("--tls-ca", help="PEM file of the CA that signed the scheduler's "
                                          "certificate")
    cluster.add_argument("--tls-cert", help="PEM file of this client's certificate")
    cluster.add_argument("--tls-key", help="PEM file of this client's key (no passphrase)")
    cluster.add_argument("--insecure", action="store_true",
                         help="allow dask:// to another machine (data in the clear; recorded "
                              "in summary.csv)")
    cluster.add_argument("--connect-timeout", type=connect_timeout, default=DEFAULT_TIMEOUT_S,
                         metavar="SECONDS", help=f"give up on a scheduler that has not answered "
                                                 f"(or has no workers) after this long "
                                                 f"({DEFAULT_TIMEOUT_S:g})")
    return ap


def main(argv: list[str]) -> int:
    args = build_argparser().parse_args(argv)
    return run_command(lambda: _run(args))


def _run(args) -> int:
    scheduler = scheduler_from_args(args)
    try:
        rows = read_manifest(args.manifest)
    except ManifestError as exc:
        raise CommandError(f"{exc}; nothing was written") from None
    provider = provider_for(args)
    out = output_folder(args.out, args.manifest, rows, model_inputs(provider))
    model = os.path.abspath(provider.model_dir) if provider.model_dir else None   # for workers
    user = load_settings()
    settings = BatchSettings(model, args.overlays, args.alpha,
                             referral_guideline=user.referral_guideline,
                             late_start_policy=user.late_start_policy)
    with _runner(scheduler, out) as (run_rows, ran_on):   # every refusal comes before this
        out.mkdir(exist_ok=True)
        results = _run_rows(rows, out, settings, run_rows, ran_on)
    return _exit_code(results)


@contextmanager
def _runner(scheduler, out: Path):
    """(function running rows, where they run as the summary records it)."""
    if scheduler is None:
        yield (lambda rows, settings: (run_row(row, out, settings) for row in rows)), \
            "this computer"
        return
    from burnmap.cli.batch_dask import on_dask
    with on_dask(scheduler, str(out)) as run_rows:
        plain = "" if scheduler.tls else (" unencrypted (--insecure)" if scheduler.insecure
                                          else " unencrypted, this machine")
        yield run_rows, scheduler.given + plain


def _run_rows(rows, out: Path, settings: BatchSettings, run_rows,
              ran_on: str) -> dict[int, RowResult]:
    """Every row's result by line number; the summary is written however the run ends."""
    results: dict[int, RowResult] = {}
    progress = Progress(len(rows))
    try:
        for result in run_rows(rows, settings):
            results[result.line] = result
            progress.update(result)
    finally:
        progress.close()
        _write_summary(out, summary_csv(rows, results, ran_on))
        print(terminal(_totals(results, len(rows), out / SUMMARY)))
    return results


def _write_summary(out: Path, text: str) -> None:
    """summary.csv in `out`, never through a link (checked again: the run took a while)."""
    target = out / SUMMARY
    try:
        check_outputs([target], {}, within=out)
        with StagedOutputs(follow_links=False) as made:
            made.add(target, text.encode("utf-8"))
            made.commit()
    except (OSError, ValueError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise CommandError(f"the summary {target} could not be written ({reason}); the rows' "
                           f"own files are in their folders") from None


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
            self._line(f"line {result.line} ({result.id}): {result.status}: "
                       f"{terminal(result.message)}")
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
