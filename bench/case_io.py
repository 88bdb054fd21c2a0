"""Benchmark: saving and opening a case with four 12-megapixel photos, their parsings and masks.

    .venv/bin/python -m bench.case_io [--json-out bench/results/case_io.json]
"""
from __future__ import annotations

import argparse
import io
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent

from bench.common import add_json_out, print_table, write_json  # noqa: E402
from bench.parse_speed import photo_of_size  # noqa: E402
from burnmap.body.burn import DEEP_PARTIAL, FULL_THICKNESS  # noqa: E402
from burnmap.casefile.case import CaseFile  # noqa: E402
from burnmap.model.workspace import Patient, Workspace  # noqa: E402
from burnmap.parsing.base import Instance, ModelIdentity, Parsing  # noqa: E402
from burnmap.photo.imaging import decode_photo  # noqa: E402
from tests.helpers.figure import CLASSES, figure  # noqa: E402

W, H = 4000, 3000


def build_workspace() -> Workspace:
    labels, joints = figure()
    big = np.asarray(Image.fromarray(labels).resize((W, H), Image.NEAREST))
    scale = (W / labels.shape[1], H / labels.shape[0])
    points = {k: (x * scale[0], y * scale[1]) for k, (x, y) in joints.points.items()}
    person = Instance.create(20, "Human", 0.9, (0, 0, W - 1, H - 1), big > 0)
    parsing = Parsing(big, CLASSES, [], [person], ModelIdentity("M2FP", "0" * 64), {}, points)
    ws = Workspace(Patient(name="Bench", age_years=40, weight_kg=70))
    buffer = io.BytesIO()
    Image.fromarray(photo_of_size(W, H)).save(buffer, format="JPEG", quality=92)
    data = buffer.getvalue()
    rng = np.random.default_rng(0)
    for view in ("anterior", "posterior", "anterior", "posterior"):
        state = ws.add_photo(decode_photo(data, f"{view}.jpg"), data)
        state.set_parsing(parsing)
        state.set_view(view)
        for _ in range(20):
            state.burn.stroke(rng.uniform([800, 400], [3200, 2600], size=(5, 2)), DEEP_PARTIAL, 60)
    return ws


def timed(fn):
    start = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - start


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    add_json_out(ap, "case_io")
    args = ap.parse_args()
    ws = build_workspace()
    folder = Path(tempfile.mkdtemp(prefix="burnmap-bench-case-"))
    path = folder / "bench.burncase"
    case = CaseFile.create(path, "bench")
    _, first = timed(lambda: case.save(ws, "bench"))
    ws.photos[0].burn.stroke([(2000, 1500), (2100, 1600)], FULL_THICKNESS, 40)
    _, incremental = timed(lambda: case.save(ws, "bench"))
    _, close = timed(case.close)
    size = path.stat().st_size
    opened, open_s = timed(lambda: CaseFile.open(path, "bench"))
    loaded, load_s = timed(opened.load)
    opened.close()
    assert len(loaded.photos) == 4
    rows = {"first save (4 photos, parsings, masks) s": first,
            "save after one stroke s": incremental, "close (checkpoint) s": close,
            "open (header + integrity check) s": open_s,
            "load (decode photos and maps, rebuild regions) s": load_s,
            "file size MB": size / 1e6,
            "photo bytes MB (4 JPEGs, kept as is)": 4 * len(ws.photos[0].source) / 1e6}
    print_table(f"A case of 4 photos of {W}x{H}", ["measure", "value"], list(rows.items()))
    write_json(args.json_out, "case_io", {"results": rows})
    return 0


if __name__ == "__main__":
    sys.exit(main())
