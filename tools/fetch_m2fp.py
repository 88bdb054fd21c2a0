#!/usr/bin/env python3
"""Fetch the real M2FP model on a build machine WITH internet access, check it, and place it in
models/m2fp/ so that scripts/build_app.sh bundles it. Never used by the application itself.

    pip install modelscope            # on the build machine only; not a BurnMap dependency
    python tools/fetch_m2fp.py [--dest models/m2fp]

It downloads ModelScope's `damo/cv_resnet101_image-multiple-human-parsing` with
`snapshot_download`, loads the weights with `torch.load(weights_only=True)` (refusing pickled
code), checks every tensor against ../shared/m2fp/state_dict_spec.json when present and against
BurnMap's own network (strict key and shape match), copies configuration.json and the weights,
and writes MODEL_SHA256.txt with the weights' SHA-256 (the model identity shown in every result).
"""
from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

MODEL_ID = "damo/cv_resnet101_image-multiple-human-parsing"


def download(cache: Path | None) -> Path:
    try:
        from modelscope.hub.snapshot_download import snapshot_download
    except ImportError:
        raise SystemExit("modelscope is not installed: `pip install modelscope` on this build "
                         "machine (it is not a BurnMap dependency)") from None
    return Path(snapshot_download(MODEL_ID, cache_dir=str(cache) if cache else None))


def check_and_place(source: Path, dest: Path) -> str:
    from burnmap.parsing.m2fp.checkpoint import find_weights, load_model
    from burnmap.system.fileio import file_sha256
    files = find_weights(source)
    model = load_model(source)  # strict: names every missing, unexpected or mis-shaped key
    print(f"loaded {files.weights.name}: {sum(p.numel() for p in model.net.parameters()):,} "
          f"parameters, classes {', '.join(model.config.classes)}")
    dest.mkdir(parents=True, exist_ok=True)
    if files.config is not None:
        shutil.copy2(files.config, dest / "configuration.json")
    shutil.copy2(files.weights, dest / files.weights.name)
    digest = file_sha256(dest / files.weights.name)
    if digest != model.sha256:   # the copy must be the very bytes that were loaded and checked
        raise SystemExit(f"the copy of {files.weights.name} differs from what was loaded")
    (dest / "MODEL_SHA256.txt").write_text(f"{digest}  {files.weights.name}\n")
    return digest


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--dest", type=Path, default=ROOT / "models" / "m2fp")
    ap.add_argument("--cache", type=Path, help="ModelScope cache folder")
    ap.add_argument("--from-dir", type=Path, help="check and place an already downloaded copy")
    args = ap.parse_args()
    from burnmap.parsing.m2fp.checkpoint import ModelLoadError
    source = args.from_dir or download(args.cache)
    try:
        digest = check_and_place(source, args.dest)
    except ModelLoadError as exc:
        raise SystemExit(f"error: this is not a usable M2FP model: {exc}") from None
    print(f"M2FP placed in {args.dest} (weights SHA-256 {digest})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
