"""Label agreement of an M2FP engine, for bench/parse_speed.py: with the ModelScope reference's
label map (../shared/m2fp/reference, seed-0 synthetic weights) and, photo by photo, with the fp32
eager path on the photos of ../shared/data/photos.

Runs in a child process of its own (it loads the model twice when the engine is not eager).
"""
from __future__ import annotations

from pathlib import Path

MIN_AGREEMENT = 0.995


def _rgb(path: Path):
    import numpy as np
    from PIL import Image
    return np.asarray(Image.open(path).convert("RGB"))


def photos(shared: Path) -> list[Path]:
    folder = shared / "data" / "photos"
    return sorted(p for p in folder.iterdir() if p.suffix.lower() in (".jpg", ".jpeg", ".png"))


def agreement(model: Path, engine: str, shared: Path) -> list[dict]:
    """One row per comparison: what, against what, share of equal labels, pixels."""
    import numpy as np
    from PIL import Image
    from bench.m2fp_int8 import make_parser
    parser = make_parser(model, engine)
    eager = parser if engine == "eager" else make_parser(model, "eager")
    ref = shared / "m2fp" / "reference"
    ours = parser.parse(_rgb(ref / "pipeline_input.png")).labels
    theirs = np.asarray(Image.open(ref / "pipeline_semantic_labels.png"))
    rows = [_row("reference/pipeline_input.png", "ModelScope fp32 reference", ours, theirs)]
    for photo in photos(shared):
        pixels = _rgb(photo)
        rows.append(_row(f"photos/{photo.name}", "fp32 eager",
                         parser.parse(pixels).labels, eager.parse(pixels).labels))
    return rows


def _row(what: str, against: str, ours, theirs) -> dict:
    equal = float((ours == theirs).mean()) if ours.shape == theirs.shape else 0.0
    return {"input": what, "against": against, "size": f"{ours.shape[1]}x{ours.shape[0]}",
            "labels_equal": equal, "met": equal >= MIN_AGREEMENT}
