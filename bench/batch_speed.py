"""Benchmark: `main.py batch` rows per minute, in this process and on a dask LocalCluster.

The manifest repeats the photos of ../shared/data/photos (parsed, as `parse`) and the synthetic
figure (assessed from its label map, as `assess`). Each configuration runs `main.py batch` as a
user would, into a fresh folder, then once more to time a resume where every row verifies.

    .venv/bin/python -m bench.batch_speed [--rows 24] [--model M2FP_DIR] [--workers 2]
                                          [--json-out bench/results/batch_speed.json]
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

from bench.common import add_json_out, print_table, write_json  # noqa: E402
from tests.cli.batch_world import FIGURE, HEADER, make_inputs  # noqa: E402

PHOTOS = ("astronaut.png", "grace_hopper.jpg", "two_people.jpg")


def write_manifest(folder: Path, rows: int) -> Path:
    for name in PHOTOS[1:]:
        shutil.copy(ROOT.parent / "shared" / "data" / "photos" / name, folder / name)
    lines = []
    for i in range(rows):
        kind = i % (len(PHOTOS) + 1)
        body = FIGURE if kind == len(PHOTOS) else f"{PHOTOS[kind]},anterior,,,,"
        lines.append(f"r{i:04d},case{i % 7},{body}\n")
    path = folder / "manifest.csv"
    path.write_text(HEADER + "".join(lines))
    return path


def start_cluster(workers: int) -> tuple[subprocess.Popen, str]:
    """A LocalCluster of `workers` single-threaded worker processes, outside this process."""
    code = ("import sys; from distributed import LocalCluster; "
            "c = LocalCluster(n_workers=int(sys.argv[1]), threads_per_worker=1, processes=True, "
            "protocol='tcp://', host='127.0.0.1', dashboard_address=None); "
            "print(c.scheduler_address, flush=True); sys.stdin.read(); c.close()")
    proc = subprocess.Popen([sys.executable, "-c", code, str(workers), str(ROOT)],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                            stderr=subprocess.DEVNULL, cwd=ROOT)
    return proc, proc.stdout.readline().strip().replace("tcp://", "dask://")


def run_batch(manifest: Path, out: Path, extra: list[str]) -> float:
    start = time.perf_counter()
    run = subprocess.run([sys.executable, str(ROOT / "main.py"), "batch", str(manifest), "--out",
                          str(out), *extra], capture_output=True, text=True,
                         env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    if run.returncode != 0:
        raise SystemExit(f"batch failed ({run.returncode}):\n{run.stderr[-2000:]}")
    return time.perf_counter() - start


def measure(name: str, manifest: Path, work: Path, rows: int, extra: list[str]) -> dict:
    out = work / name
    first = run_batch(manifest, out, extra)
    again = run_batch(manifest, out, extra)
    return {"configuration": name, "rows": rows, "seconds": round(first, 2),
            "rows_per_min": round(rows / first * 60, 1), "resume_all_verified_s": round(again, 2)}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=24)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--model", type=Path, help="M2FP model folder (default: the default parser)")
    add_json_out(ap, "batch_speed")
    args = ap.parse_args()
    parser = ["--model", str(args.model), "--parser", "m2fp"] if args.model else \
        ["--parser", "default"]
    results = []
    with tempfile.TemporaryDirectory(prefix="burnmap-bench-batch-") as tmp:
        work = Path(tmp)
        manifest = write_manifest(make_inputs(work / "in", ROOT.parent / "shared" / "data" /
                                              "photos"), args.rows)
        results.append(measure("local, in process", manifest, work, args.rows, parser))
        proc, address = start_cluster(args.workers)
        try:
            results.append(measure(f"dask LocalCluster, {args.workers} x 1 thread", manifest,
                                   work, args.rows, [*parser, "--scheduler", address]))
        finally:
            proc.stdin.close()
            proc.wait(timeout=60)
    used = f"M2FP {args.model}" if args.model else "default parser"
    print_table(f"batch of {args.rows} rows ({used}, {os.cpu_count()} CPUs)",
                ["configuration", "seconds", "rows/min", "resume s"],
                [[r["configuration"], r["seconds"], r["rows_per_min"], r["resume_all_verified_s"]]
                 for r in results], digits=[None, 2, 1, 2])
    write_json(args.json_out, "batch_speed", {"parser": parser, "cpus": os.cpu_count(),
                                              "results": results})
    return 0


if __name__ == "__main__":
    sys.exit(main())
