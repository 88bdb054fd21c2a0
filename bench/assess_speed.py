"""Benchmark: assessment speed on a 12-megapixel photo.

An update after one 40-pixel brush stroke (paint the stroke, re-count its bounding box, recompute
the %TBSA table) must stay under 20 ms, and a full recount under 300 ms.

    .venv/bin/python bench/assess_speed.py [--json-out bench/results/assess_speed.json]
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

import numpy as np
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

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


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--json-out", type=Path, default=ROOT / "bench" / "results" / "assess_speed.json")
    ap.add_argument("--repeat", type=int, default=30)
    args = ap.parse_args()
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
    print("| operation (4000x3000) | median ms | max ms | limit ms |")
    print("|---|---|---|---|")
    result = {}
    for name, samples in rows.items():
        med, worst = statistics.median(samples), max(samples)
        print(f"| {name} | {med:.1f} | {worst:.1f} | {limits[name]:.0f} |")
        result[name] = {"median_ms": med, "max_ms": worst, "limit_ms": limits[name],
                        "samples": len(samples)}
    assert np.array_equal(counts.counts, count_pixels(ids, mask.values)), "incremental != full"
    args.json_out.parent.mkdir(parents=True, exist_ok=True)
    args.json_out.write_text(json.dumps({"benchmark": "assess_speed", "size": [WIDTH, HEIGHT],
                                         "results": result}, indent=2))
    print(f"\nwritten {args.json_out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
