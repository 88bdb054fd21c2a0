"""Benchmark: seconds per photo and peak memory of the M2FP parser, split by stage, and how well the
rectangle post-processing agrees with the pixel-by-pixel one.

Speed does not depend on the weights' values, so the synthetic model of ../shared/m2fp serves;
its masks are the worst case for post-processing (every query covers most of the photo with a
ragged outline). Real masks are mostly small: the second table post-processes a scene of smooth,
mostly small blobs (tests/core/m2fp_scenes.py) the same way. Each measurement runs in a fresh
process so that its peak resident memory is its own; this machine is shared, so the goals are
checked as ratios to the 1280x960 time of the same run.

    .venv/bin/python bench/parse_speed.py [--model DIR] [--sizes 1280x960 4000x3000 10000x10000]
        [--repeat 2] [--no-agreement] [--json-out bench/results/parse_speed.json]
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
# Issue 14: whole parse time as a multiple of 1280x960's, and peak memory, per size.
GOALS = {"4000x3000": {"ratio": 2.0, "seconds": 6.0, "peak_gb": 2.0},
         "10000x10000": {"ratio": 6.0, "peak_gb": 3.0}}
MIN_AGREEMENT = 0.995


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


def compare_methods(logits, masks, geo) -> dict:
    """Post-processes one network output with the method the parser picks and pixel by pixel:
    seconds of each, share of equal labels, largest score and area differences."""
    from core.parsing.m2fp.postprocess import parsing_inference
    names = tuple(f"class{i}" for i in range(21))
    out = {"method": geo.method()}
    results = {}
    for method in (geo.method(), "pixels"):
        start = time.perf_counter()
        results[method] = parsing_inference(logits, masks, geo, names, 20, 0.5, method=method)
        out[f"{method}_s"] = time.perf_counter() - start
    fast, exact = results[geo.method()], results["pixels"]
    out["agreement"] = float((fast.labels == exact.labels).mean())
    pairs = list(zip(*(sorted(r.parts + r.persons, key=lambda i: (i.category_id, i.box, i.area))
                       for r in (fast, exact))))
    out["instances"] = [len(fast.parts + fast.persons), len(exact.parts + exact.persons)]
    out["max_score_diff"] = max((abs(a.score - b.score) for a, b in pairs), default=0.0)
    out["max_area_diff"] = max((abs(a.area - b.area) for a, b in pairs), default=0)
    return out


def run_agreement(model: Path, width: int, height: int) -> dict:
    """Child process: the synthetic model's outputs for a photo of this size, both methods."""
    import torch
    from core.parsing.m2fp.parser import M2FPParser, network_input, network_size
    from core.parsing.m2fp.postprocess import Geometry
    net = M2FPParser(model).model.net
    valid = network_size(height, width)
    with torch.inference_mode():
        out = net(network_input(photo_of_size(width, height), valid))
        geo = Geometry(tuple(out.masks.shape[-2:]), out.padded_size, valid, (height, width))
        return {"size": f"{width}x{height}", **compare_methods(out.logits, out.masks, geo)}


def run_scene(width: int, height: int) -> dict:
    """Child process: a scene of small smooth masks post-processed at this size, both methods."""
    import torch
    from core.parsing.m2fp.parser import network_size
    from tests.core.m2fp_scenes import scene
    valid = network_size(height, width)
    low = (-(-valid[0] // 32) * 8, -(-valid[1] // 32) * 8)
    logits, masks, geo = scene(0, low=low, valid=valid, out=(height, width))
    with torch.inference_mode():
        return {"size": f"{width}x{height}", **compare_methods(logits, masks, geo)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--model", type=Path)
    ap.add_argument("--sizes", nargs="+", default=["1280x960", "4000x3000", "10000x10000"])
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--no-agreement", action="store_true",
                    help="skip the comparison with pixel-by-pixel post-processing")
    add_json_out(ap, "parse_speed")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    ap.add_argument("--child-agreement", help=argparse.SUPPRESS)
    ap.add_argument("--child-scene", help=argparse.SUPPRESS)
    args = ap.parse_args()
    for flag, work in ((args.child, lambda w, h: run_one(args.model, w, h, args.repeat)),
                       (args.child_agreement, lambda w, h: run_agreement(args.model, w, h)),
                       (args.child_scene, run_scene)):
        if flag:
            print(json.dumps(work(*map(int, flag.split("x")))))
            return 0
    model = ensure_model(args.model)
    rows = [run_child(__file__, "--model", model, "--child", size, "--repeat", args.repeat)
            for size in args.sizes]
    base = rows[0]["total_s"]
    print_table("M2FP parse, seconds per stage (best of --repeat), ratio to the first size, peak "
                "memory", ["size", *STAGES, "total s", "ratio", "peak RSS MB", "goal"],
                [[r["size"], *(float(r["stages_s"].get(s, 0)) for s in STAGES), r["total_s"],
                  r["total_s"] / base, r["peak_rss_mb"], _goal(r, base)] for r in rows],
                digits=[None, *(2 for _ in STAGES), 2, 2, 0, None])
    payload = {"machine": platform.machine(), "cpus": os.cpu_count(),
               "threads": __import__("torch").get_num_threads(),
               "reference_1280x960": REFERENCE_1280, "goals": GOALS, "results": rows}
    if not args.no_agreement:
        payload["agreement"] = _agreement_tables(model, args.sizes)
    write_json(args.json_out, "parse_speed", payload)
    return 0


def _goal(row: dict, base: float) -> str:
    goal = GOALS.get(row["size"])
    if not goal:
        return ""
    met = row["total_s"] / base <= goal["ratio"] and row["peak_rss_mb"] <= goal["peak_gb"] * 1024
    seconds = goal.get("seconds")
    text = f"<= {goal['ratio']:g}x, <= {goal['peak_gb']:g} GB" + (f", <= {seconds:g} s"
                                                                  if seconds else "")
    late = seconds is not None and row["total_s"] > seconds
    return f"{text}: {'met' if met and not late else 'ratio and memory met' if met else 'MISSED'}"


def _agreement_tables(model: Path, sizes: list[str]) -> dict:
    tables = {}
    for name, flag, extra in (("synthetic model", "--child-agreement", ["--model", model]),
                              ("small smooth masks (scene)", "--child-scene", [])):
        rows = [run_child(__file__, *extra, flag, size) for size in sizes]
        print_table(f"Post-processing, {name}: the parser's method against pixel by pixel "
                    f"(goal: labels >= {MIN_AGREEMENT:.1%} equal)",
                    ["size", "method", "its s", "pixels s", "labels equal", "instances",
                     "max score diff", "max area diff"],
                    [[r["size"], r["method"], r[f"{r['method']}_s"], r["pixels_s"],
                      f"{r['agreement']:.6%}", f"{r['instances'][0]}/{r['instances'][1]}",
                      f"{r['max_score_diff']:.1e}", r["max_area_diff"]] for r in rows],
                    digits=[None, None, 2, 2, None, None, None, 0])
        tables[name] = rows
    return tables


if __name__ == "__main__":
    sys.exit(main())
