"""Benchmark: assessment speed on a 12-megapixel photo, and the region map + assessment of a large one.

Timed through the window's path: a Workspace with the patient and one parsed 12-MP photo (region
map with its surface map, burnmap.body.surface_map), each step as the window runs it. An update after one
40-pixel brush stroke (paint the stroke, PhotoState.record re-counts its box, then
Workspace.assessment: surface-weighted %TBSA, referral, warnings) must stay under 20 ms, and a
full recount (PhotoState.recount + Workspace.assessment) under 300 ms. The region map (with the
surface map), counts and assessment of a 100-megapixel photo must peak under 3 GB: that runs in
a fresh process, so that its peak resident memory (ru_maxrss) is its own.

    .venv/bin/python -m bench.assess_speed [--json-out bench/results/assess_speed.json]
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

from bench.common import add_json_out, print_table, run_child, write_json  # noqa: E402
from burnmap.body.burn import DEEP_PARTIAL, BurnMask  # noqa: E402
from burnmap.body.photo_counts import count_pixels, sum_surface  # noqa: E402
from burnmap.body.regions import to_clinical_regions  # noqa: E402
from burnmap.clinical.assessment import PhotoCounts, assess  # noqa: E402
from burnmap.model.patient import Patient  # noqa: E402
from burnmap.model.workspace import Workspace  # noqa: E402
from burnmap.parsing.base import Instance, ModelIdentity, Parsing  # noqa: E402
from burnmap.photo.imaging import Photo  # noqa: E402
from tests.helpers.figure import CLASSES, figure  # noqa: E402

WIDTH, HEIGHT = 4000, 3000


def workspace_12mp() -> Workspace:
    """A patient and one parsed photo: the drawn figure's labels and joints at 12 MP (3:4
    portrait, nearest upscaling), parsed as the window adopts a parsing."""
    labels, joints = figure()
    sy, sx = HEIGHT / labels.shape[0], WIDTH / labels.shape[1]
    labels = np.asarray(Image.fromarray(labels).resize((WIDTH, HEIGHT), Image.NEAREST))
    person = labels > 0
    parsing = Parsing(labels, CLASSES, [], [Instance.create(20, "Human", 0.9,
                                                            (0, 0, WIDTH - 1, HEIGHT - 1), person)],
                      ModelIdentity("bench"), {},
                      {k: (x * sx, y * sy) for k, (x, y) in joints.points.items()})
    ws = Workspace(Patient(name="Bench", age_years=40, weight_kg=70))
    state = ws.add_photo(Photo(np.zeros((HEIGHT, WIDTH, 3), np.uint8), "bench.png", "PNG", "RGB"))
    state.view, state.view_confirmed = "anterior", True
    state.set_parsing(parsing)
    return ws


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
    counts = PhotoCounts.of(regions, burn.values)
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
    start = time.perf_counter()
    ws = workspace_12mp()
    setup_s = time.perf_counter() - start
    state = ws.photos[0]
    rng = np.random.default_rng(0)

    def stroke_update():
        start = rng.uniform([800, 600], [3200, 2400])
        points = start + np.cumsum(rng.normal(0, 15, size=(12, 2)), axis=0)
        state.record(state.burn.stroke(points, DEEP_PARTIAL, radius=20))  # a 40-pixel brush
        ws.assessment()

    def full_recount():
        state.recount()
        ws.assessment()

    rows = {"stroke update (paint + box recount + Workspace.assessment)":
            time_ms(stroke_update, args.repeat),
            "full recount + Workspace.assessment": time_ms(full_recount,
                                                           max(5, args.repeat // 5))}
    limits = dict(zip(rows, (20.0, 300.0), strict=False))
    result = {name: {"median_ms": statistics.median(samples), "max_ms": max(samples),
                     "limit_ms": limits[name], "samples": len(samples)}
              for name, samples in rows.items()}
    print_table(f"Assessment on a {WIDTH}x{HEIGHT} photo (parsed in {setup_s:.1f} s)",
                ["operation", "median ms", "max ms", "limit ms"],
                [[name, r["median_ms"], r["max_ms"], r["limit_ms"]] for name, r in result.items()],
                digits=[None, 1, 1, 0])
    regions, values = state.regions, state.burn.values
    assert np.array_equal(state.counts.counts, count_pixels(regions.ids, values, regions.covered))
    assert np.array_equal(state.counts.sums, sum_surface(regions.surface.cell,
                                                         regions.surface.weight, values,
                                                         regions.covered)), "incremental != full"
    large = run_large(args.large_megapixels) if args.large_megapixels else None
    write_json(args.json_out, "assess_speed", {"size": [WIDTH, HEIGHT], "results": result,
                                               "setup_s": setup_s, "large_photo": large,
                                               "large_limit_gb": 3.0})
    return 0


if __name__ == "__main__":
    sys.exit(main())
