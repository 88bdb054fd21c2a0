"""Benchmark: seconds per photo and peak memory of the M2FP parser, split by stage.

Speed does not depend on the weights' values, so the synthetic model of ../shared/m2fp serves. Each
photo size runs in a fresh process so that its peak resident memory is its own.

    .venv/bin/python bench/parse_speed.py [--model DIR] [--sizes 1280x960 4000x3000] [--repeat 2]
        [--json-out bench/results/parse_speed.json]
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import add_json_out, print_table, run_child, write_json  # noqa: E402

STAGES = ("pre-processing", "backbone", "pixel decoder", "transformer decoder", "post-processing")
# What the ModelScope reference costs on this machine for 1280x960 (../shared/m2fp/README.md).
REFERENCE_1280 = {"network_s": 9.5, "postprocess_s": 4.0, "network_peak_gb": 1.26,
                  "postprocess_peak_gb": 3.2}


def shared_dir() -> Path:
    return Path(os.environ.get("BURNMAP_SHARED", ROOT.parent / "shared"))


def ensure_model(model: Path | None) -> Path:
    if model:
        return model
    out = Path(tempfile.gettempdir()) / "burnmap_bench_m2fp_seed0"
    if not (out / "pytorch_model.pt").exists():
        subprocess.run([sys.executable, str(shared_dir() / "m2fp" / "make_test_model.py"),
                        str(out), "--seed", "0"], check=True, stdout=subprocess.DEVNULL)
    return out


def photo_of_size(width: int, height: int):
    """A real photograph resized to the requested size (content does not change the cost)."""
    import numpy as np
    from PIL import Image
    src = Image.open(shared_dir() / "data" / "photos" / "two_people.jpg").convert("RGB")
    return np.asarray(src.resize((width, height), Image.BILINEAR))


def run_one(model: Path, width: int, height: int, repeat: int) -> dict:
    """Child process: parse `repeat` times, report the best time per stage and peak RSS."""
    from core.parsing.m2fp.parser import M2FPParser
    parser = M2FPParser(model)
    start = time.perf_counter()
    parser.model  # load once, as the app does
    load_s = time.perf_counter() - start
    photo = photo_of_size(width, height)
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        parsing = parser.parse(photo)
        runs.append((time.perf_counter() - start, parsing.timings))
    total, timings = min(runs, key=lambda r: r[0])
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"size": f"{width}x{height}", "load_s": load_s, "total_s": total,
            "stages_s": timings, "peak_rss_mb": peak_mb}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--model", type=Path)
    ap.add_argument("--sizes", nargs="+", default=["1280x960", "4000x3000"])
    ap.add_argument("--repeat", type=int, default=2)
    add_json_out(ap, "parse_speed")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        w, h = map(int, args.child.split("x"))
        print(json.dumps(run_one(args.model, w, h, args.repeat)))
        return 0
    model = ensure_model(args.model)
    rows = [run_child(__file__, "--model", model, "--child", size, "--repeat", args.repeat)
            for size in args.sizes]
    print_table("M2FP parse, seconds per stage (best of --repeat) and peak memory",
                ["size", *STAGES, "total s", "peak RSS MB"],
                [[r["size"], *(float(r["stages_s"].get(s, 0)) for s in STAGES), r["total_s"],
                  r["peak_rss_mb"]] for r in rows], digits=[None, *(2 for _ in STAGES), 2, 0])
    write_json(args.json_out, "parse_speed", {
        "machine": platform.machine(), "cpus": os.cpu_count(),
        "threads": __import__("torch").get_num_threads(), "reference_1280x960": REFERENCE_1280,
        "results": rows})
    return 0


if __name__ == "__main__":
    sys.exit(main())
