"""Benchmark: the M2FP backbone (half of the network's arithmetic) on the engines we could run it
with, against today's eager PyTorch path, in alternation inside one process (rounds of one run
of each: a drift in the machine's speed touches every engine alike), 1280x960 photo.

- eager: torch fp32 (the product's path)
- int8 (torch): bench/m2fp_int8.py, torch's x86 quantized engine (FBGEMM/oneDNN)
- openvino: the product's engine (burnmap/parsing/m2fp/engine.py: fp32, no CPU pinning; made or
  checked in the data folder's cache like the app does)
- onnxruntime, onnxruntime-nospin: ONNX Runtime fp32 converted here from the loaded module, its
  thread pool spinning between operators (its default) or not. torch's exporter needs the `onnx`
  package, and onnx 1.23.2 needs protobuf >= 6.31.1 where mediapipe needs 4.25.9, so these rows
  are made only in a separate environment (a venv reading the project's packages through a .pth
  file, with onnx, onnxruntime==1.31.1 and protobuf 6 installed over them)

Each row: median seconds, ratio to eager (median of the per-round ratios), largest error of res5
relative to its largest value. Label agreement of a whole engine is bench/parse_speed.py's.

    .venv/bin/python -m bench.m2fp_engines [--model DIR] [--rounds 5] [--engines eager int8 ...]
"""
from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

from bench.common import add_json_out, print_table, write_json  # noqa: E402

ENGINES = ("eager", "int8", "openvino", "onnxruntime", "onnxruntime-nospin")


def _features(module, x):
    out = module(x)
    return [out[k] for k in ("res2", "res3", "res4", "res5")] if isinstance(out, dict) else out


def build(engine: str, net, x, threads: int, sha256: str = ""):
    """A function x -> [res2..res5] as numpy or torch, and the seconds it took to make."""
    import numpy as np
    import torch
    start = time.perf_counter()
    if engine == "eager":
        run = lambda: _features(net.backbone, x)  # noqa: E731
    elif engine == "int8":
        from bench.m2fp_int8 import quantize_backbone
        q = quantize_backbone(net.backbone, lambda: [x])
        run = lambda: _features(q, x)  # noqa: E731
    elif engine == "openvino":
        from burnmap.parsing.m2fp.engine import openvino_backbone
        ov_backbone = openvino_backbone(net.backbone, sha256, threads)
        run = lambda: list(ov_backbone(x).values())  # noqa: E731  (res2..res5 in order)
    else:
        import onnxruntime as ort
        buffer = io.BytesIO()
        torch.onnx.export(_Tuple(net.backbone), (x,), buffer, dynamo=False, opset_version=17)
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        if engine == "onnxruntime-nospin":
            options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        session = ort.InferenceSession(buffer.getvalue(), options,
                                       providers=["CPUExecutionProvider"])
        name, array = session.get_inputs()[0].name, x.numpy()
        run = lambda: session.run(None, {name: array})  # noqa: E731
    made = time.perf_counter() - start
    return (lambda: [np.asarray(t) for t in run()]), made


class _Tuple:
    """The backbone returning a tuple (what exporters take); a torch module made lazily."""

    def __new__(cls, backbone):
        import torch

        class Wrapped(torch.nn.Module):
            def __init__(self):
                super().__init__()
                self.backbone = backbone

            def forward(self, x):
                return tuple(_features(self.backbone, x))

        return Wrapped().eval()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--model", type=Path)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--engines", nargs="+", default=list(ENGINES), choices=ENGINES)
    add_json_out(ap, "m2fp_engines")
    args = ap.parse_args()
    from burnmap.system import thread_policy
    threads = thread_policy.apply().threads
    warnings.filterwarnings("ignore")
    import torch

    from bench.parse_speed import ensure_model, photo_of_size
    from burnmap.parsing.m2fp.parser import M2FPParser, network_input, network_size
    loaded = M2FPParser(ensure_model(args.model), engine="eager").model
    net = loaded.net
    x = net.normalise_and_pad(network_input(photo_of_size(1280, 960), network_size(960, 1280)))
    runners, made = {}, {}
    with torch.inference_mode():
        for engine in args.engines:
            try:
                runners[engine], made[engine] = build(engine, net, x, threads, loaded.sha256)
            except ImportError as exc:
                print(f"{engine}: not installed ({exc.name})")
            except RuntimeError as exc:   # torch.onnx.export needs the onnx package too
                print(f"{engine}: cannot be made here ({type(exc).__name__}: {exc})")
        rows = _alternate(runners, args.rounds)
    eager = rows.get("eager")
    table = [[e, r["median_s"], f"{min(r['s']):.2f}-{max(r['s']):.2f}",
              statistics.median(a / b for a, b in zip(r["s"], eager["s"], strict=False)) if eager else None,
              made[e], r["res5_error"]] for e, r in rows.items()]
    print_table(f"M2FP backbone at 1280x960 ({threads} threads), {args.rounds} alternating rounds",
                ["engine", "median s", "range s", "x eager", "made in s", "res5 max error"],
                table, digits=[None, 2, None, 2, 1, 4])
    write_json(args.json_out, "m2fp_engines", {"threads": threads, "rounds": args.rounds,
                                               "made_s": made, "results": rows})
    return 0


def _alternate(runners: dict, rounds: int) -> dict:
    import numpy as np
    times = {e: [] for e in runners}
    outputs = {e: run() for e, run in runners.items()}   # the first run of each: not timed
    for _ in range(rounds):
        for engine, run in runners.items():
            start = time.perf_counter()
            run()
            times[engine].append(time.perf_counter() - start)
    ref = outputs.get("eager", next(iter(outputs.values())))[3]
    scale = float(np.abs(ref).max())
    return {e: {"s": t, "median_s": statistics.median(t),
                "res5_error": float(np.abs(outputs[e][3] - ref).max()) / scale}
            for e, t in times.items()}


if __name__ == "__main__":
    sys.exit(main())
