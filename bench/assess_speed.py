"""Benchmark: assessment speed on a 12-megapixel photo, and the region map + assessment of a large one.

An update after one 40-pixel brush stroke (paint the stroke, re-count its bounding box, recompute
the %TBSA table) must stay under 20 ms, and a full recount under 300 ms. The region map, counts and
assessment of a 100-megapixel photo must peak under 3 GB: that runs in a fresh process, so that
its peak resident memory (ru_maxrss) is its own.

    .venv/bin/python bench/assess_speed.py [--json-out bench/results/assess_speed.json]
        [--large-megapixels 100]
"""
from __future__ import annotations

import argparse
import json
import resource
import statistics
import sys
import time
from pathlib import Path

import numpy as np
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import add_json_out, print_table, run_child, write_json  # noqa: E402
from core.assessment import PhotoCounts, assess, count_pixels  # noqa: E402
from core.burn import DEEP_PARTIAL, BurnMask  # noqa: E402
from core.regions import to_clinical_regions  # noqa: E402
from tests.core.figure import CLASSES, figure  # noqa: E402

WIDTH, HEIGHT = 4000, 3000


def region_ids_12mp() -> np.ndarray:
    labels, joints = figure()
    ids = to_clinical_regions(labels, CLASSES, "anterior", joints).ids
    return np.asarray(Image.fromarray(ids).resize((WIDTH, HEIGHT), Image.NEAREST))


def time_ms(fn, repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return out


def large_photo(megapixels: float) -> dict:
    """Child process: part labels of the drawn figure at `megapixels` (2:1 portrait, nearest
    upscaling), then what the app does with them: region map (joints estimated from the outline,
    the heavier path), patient mask, full counts and the assessment table."""
    labels, _ = figure()
    w = int((megapixels * 1e6 / 2) ** 0.5)
    labels = np.asarray(Image.fromarray(labels).resize((w, 2 * w), Image.NEAREST))
    patient = labels > 0
    base_gb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2 ** 20
    start = time.perf_counter()
    regions = to_clinical_regions(labels, CLASSES, "anterior", None, patient)
    region_s = time.perf_counter() - start
    burn = BurnMask(*labels.shape)
    start = time.perf_counter()
    counts = PhotoCounts.of(regions.ids, burn.values, "anterior", regions.covered)
    assess([counts], 40)
    assess_s = time.perf_counter() - start
    return {"size": f"{w}x{2 * w}", "megapixels": w * 2 * w / 1e6, "region_map_s": region_s,
            "counts_and_assessment_s": assess_s, "inputs_peak_gb": base_gb,
            "peak_gb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2 ** 20}


def run_large(megapixels: float) -> dict:
    row = run_child(__file__, "--child-megapixels", megapixels)
    print_table("Region map + assessment of a large photo, in its own process",
                ["photo", "size", "region map s", "counts + table s", "peak GB", "limit GB"],
                [[f"{row['megapixels']:.0f} MP", row["size"], row["region_map_s"],
                  row["counts_and_assessment_s"], row["peak_gb"], 3]],
                digits=[None, None, 1, 1, 2, 0])
    return row


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    add_json_out(ap, "assess_speed")
    ap.add_argument("--repeat", type=int, default=30)
    ap.add_argument("--large-megapixels", type=float, default=100)
    ap.add_argument("--child-megapixels", type=float, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child_megapixels:
        print(json.dumps(large_photo(args.child_megapixels)))
        return 0
    ids = region_ids_12mp()
    mask = BurnMask(HEIGHT, WIDTH)
    counts = PhotoCounts.of(ids, mask.values, "anterior")
    rng = np.random.default_rng(0)

    def stroke_update():
        start = rng.uniform([800, 600], [3200, 2400])
        points = start + np.cumsum(rng.normal(0, 15, size=(12, 2)), axis=0)
        patch = mask.stroke(points, DEEP_PARTIAL, radius=20)  # a 40-pixel brush
        if patch is not None:
            counts.update(ids, patch.box, patch.old, patch.new)
        assess([counts], 40)

    def full_recount():
        assess([PhotoCounts(counts.view, count_pixels(ids, mask.values))], 40)

    rows = {"stroke update (paint + box recount + table)": time_ms(stroke_update, args.repeat),
            "full recount + table": time_ms(full_recount, max(5, args.repeat // 5))}
    limits = {"stroke update (paint + box recount + table)": 20.0, "full recount + table": 300.0}
    result = {name: {"median_ms": statistics.median(samples), "max_ms": max(samples),
                     "limit_ms": limits[name], "samples": len(samples)}
              for name, samples in rows.items()}
    print_table(f"Assessment on a {WIDTH}x{HEIGHT} photo",
                ["operation", "median ms", "max ms", "limit ms"],
                [[name, r["median_ms"], r["max_ms"], r["limit_ms"]] for name, r in result.items()],
                digits=[None, 1, 1, 0])
    assert np.array_equal(counts.counts, count_pixels(ids, mask.values)), "incremental != full"
    large = run_large(args.large_megapixels) if args.large_megapixels else None
    write_json(args.json_out, "assess_speed", {"size": [WIDTH, HEIGHT], "results": result,
                                               "large_photo": large, "large_limit_gb": 3.0})
    return 0


if __name__ == "__main__":
    sys.exit(main())
