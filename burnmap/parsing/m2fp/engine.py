"""Where the M2FP backbone runs: OpenVINO when it is installed and proves itself, else eager PyTorch.

The ResNet-101 backbone is half of the network's arithmetic (202 of 384 GFLOPs at 1280x960), all of
it convolutions. OpenVINO's CPU plugin runs it in fp32 with fused convolution + add + ReLU kernels,
faster than eager PyTorch on the same cores (bench/m2fp_engines.py), with the same numbers up to
float rounding. It is only a faster way to do the same arithmetic, so it must never be the reason
a parse fails or differs:

- The OpenVINO model is made here, from the loaded PyTorch module (never downloaded), and kept in
  the per-user cache folder (burnmap.system.storage.cache_dir(): it is made again when missing, so
  it is no part of the user's data) under a key of the weights' SHA-256,
  OpenVINO's version and FORMAT. A manifest lists the SHA-256 of each file. A cache that is
  missing, damaged (a file changed, truncated or gone), foreign (other weights, another OpenVINO or
  FORMAT) or unreadable is rebuilt, never trusted; other models' caches are removed then, so the
  folder holds one model (about the size of the backbone's weights, 170 MB for the real model).
- Before use, the engine and eager PyTorch run one fixed probe input; the engine is used only if
  every output agrees within PROBE_TOLERANCE. A cached model that disagrees is rebuilt once; a fresh
  one that disagrees is not used.
- OpenVINO missing, failing to convert, compile or run: eager PyTorch, with the reason logged. A
  failure during a parse repeats that stage with eager PyTorch and drops the engine for the
  process.
- Precision is fixed to fp32 (OpenVINO would pick bf16 on CPUs that have it), threads to the
  thread policy's count. Nothing here opens a network connection; openvino-telemetry is not
  installed (requirements-nodeps.txt) nor bundled (pyinstaller.spec), and OpenVINO's converter
  then uses its own stub (tests/parsing/test_m2fp_engine.py converts under burnmap.system.netguard).
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import tempfile
import threading
import warnings
from pathlib import Path

import torch

from burnmap.system.fileio import file_sha256, read_small_file

log = logging.getLogger(__name__)

ENGINES = ("auto", "openvino", "eager")
FORMAT = 1             # raise when the network code changes what a converted backbone computes
PROBE_SIZE = (96, 128)   # (H, W) of the probe: a multiple of 32, small enough to run in ~0.1 s
PROBE_TOLERANCE = 1e-3   # largest difference allowed, relative to each output's largest value
FEATURES = ("res2", "res3", "res4", "res5")
FILES = ("backbone.xml", "backbone.bin")
MAX_MANIFEST_BYTES = 64 << 10   # the manifest is about 300 bytes


class EngineError(RuntimeError):
    """The engine cannot be used; the message says why (eager PyTorch is used instead)."""


class EagerBackbone:
    """The backbone as PyTorch computes it: the reference and the fallback."""

    name = "eager"

    def __init__(self, backbone: torch.nn.Module):
        self.backbone = backbone

    def __call__(self, x: torch.Tensor) -> dict[str, torch.Tensor]:
        return self.backbone(x)


class OpenVINOBackbone:
    """A compiled OpenVINO backbone: (1, 3, H, W) float32 normalised and padded -> res2..res5."""

    name = "openvino"

    def __init__(self, compiled):
        self.compiled = compiled
        self._running = 0
        self._lock = threading.Lock()

    def __call__(self, x: torch.Tensor) -> dict[str, torch.Tensor]:
        # A request per call: requests are not thread-safe, and making one costs microseconds.
        with self._lock:
            self._running += 1
        try:
            request = self.compiled.create_infer_request()
            outputs = request.infer({0: x.contiguous().numpy()}, share_inputs=True)
            # outputs are copies (share_outputs=False), so the buffers can be given back below
            features = {name: torch.from_numpy(outputs[i]) for i, name in enumerate(FEATURES)}
            del outputs, request
        finally:
            with self._lock:
                self._running -= 1
                if not self._running:
                    self._release()
        return features

    def _release(self) -> None:
        """Give back the intermediate buffers the compiled model keeps after a request (about
        150 MB at 640x1138; they would stay until the next parse); made again by the next one.
        Only between requests: OpenVINO refuses it while one runs."""
        try:
            self.compiled.release_memory()
        except Exception as exc:  # noqa: BLE001 - memory given back is a saving, never a failure
            log.debug("OpenVINO kept its buffers (%s)", exc.__class__.__name__)


def cache_root() -> Path:
    from burnmap.system.storage import cache_dir
    return cache_dir() / "m2fp-openvino"


def cache_key(weights_sha256: str, version: str) -> str:
    text = f"{weights_sha256}|openvino {version}|format {FORMAT}|backbone"
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def _manifest(weights_sha256: str, version: str, folder: Path) -> dict:
    return {"weights_sha256": weights_sha256, "openvino": version, "format": FORMAT,
            "part": "backbone",
            "files": {name: file_sha256(folder / name, follow_links=False) for name in FILES}}


def cache_problem(folder: Path, weights_sha256: str, version: str) -> str | None:
    """Why the cache in `folder` cannot be trusted, or None when it is whole and ours."""
    try:
        manifest = json.loads(read_small_file(folder / "manifest.json", MAX_MANIFEST_BYTES,
                                              follow_links=False).decode("utf-8"))
    except FileNotFoundError:   # FileMissing is one
        return "there is none yet"
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        return f"its manifest is unreadable ({exc.__class__.__name__})"
    if not isinstance(manifest, dict):
        return "its manifest is not an object"
    want = {"weights_sha256": weights_sha256, "openvino": version, "format": FORMAT,
            "part": "backbone"}
    foreign = [k for k, v in want.items() if manifest.get(k) != v]
    if foreign:
        return f"it was made for another {', '.join(foreign)}"
    files = manifest.get("files")
    if not isinstance(files, dict) or set(files) != set(FILES):
        return "its manifest does not list its files"
    for name in FILES:
        try:
            if file_sha256(folder / name, follow_links=False) != files[name]:
                return f"{name} has changed since it was made"
        except OSError as exc:
            return f"{name} cannot be read ({exc.__class__.__name__})"
    return None


class _Features(torch.nn.Module):
    """The backbone returning a tuple of res2..res5: what the converter takes."""

    def __init__(self, backbone: torch.nn.Module):
        super().__init__()
        self.backbone = backbone

    def forward(self, x: torch.Tensor):
        out = self.backbone(x)
        return tuple(out[name] for name in FEATURES)


def _build(backbone: torch.nn.Module, ov, folder: Path, weights_sha256: str, version: str) -> None:
    """Convert the loaded backbone and store it with its manifest; the folder appears whole or not
    at all (made beside it, then renamed), and other models' caches are removed."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    building = Path(tempfile.mkdtemp(prefix=".building-", dir=folder.parent))
    try:
        # The converter traces the module; torch's tracer warns about itself, which says
        # nothing to the user of a command (the probe checks the result instead).
        with torch.no_grad(), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            model = ov.convert_model(_Features(backbone).eval(),
                                     example_input=(torch.zeros(1, 3, *PROBE_SIZE),))
        model.reshape({0: ov.PartialShape([1, 3, -1, -1])})
        # save_model stores weights as fp16 unless told otherwise: that would not be fp32.
        ov.save_model(model, str(building / FILES[0]), compress_to_fp16=False)
        (building / "manifest.json").write_text(
            json.dumps(_manifest(weights_sha256, version, building), indent=1), encoding="utf-8")
        for other in folder.parent.iterdir():
            if other.is_dir() and not other.name.startswith(".building-"):
                shutil.rmtree(other, ignore_errors=True)
        try:
            os.rename(building, folder)
        except OSError:   # another process put its own there meanwhile: it is checked like ours
            log.info("OpenVINO backbone: another process made the cache first")
    finally:
        shutil.rmtree(building, ignore_errors=True)


def _compile(ov, folder: Path, threads: int) -> OpenVINOBackbone:
    core = ov.Core()
    model = core.read_model(str(folder / FILES[0]))
    config = {"INFERENCE_PRECISION_HINT": "f32", "INFERENCE_NUM_THREADS": threads,
              "PERFORMANCE_HINT": "LATENCY", "ENABLE_CPU_PINNING": False}
    return OpenVINOBackbone(core.compile_model(model, "CPU", config))


def probe_mismatch(engine, backbone: torch.nn.Module) -> str | None:
    """How the engine's outputs differ from eager PyTorch's on fixed probe inputs (an upright and
    a lying shape, so a converted model that kept one input size is caught), or None."""
    generator = torch.Generator().manual_seed(0)
    h, w = PROBE_SIZE
    for size in ((h, w), (w, h)):
        x = torch.randn(1, 3, *size, generator=generator)
        with torch.inference_mode():
            want, got = backbone(x), engine(x)
        for name in FEATURES:
            a, b = got[name], want[name]
            if a.shape != b.shape:
                return f"{name} has shape {tuple(a.shape)}, not {tuple(b.shape)}"
            scale, error = float(b.abs().max()), float((a - b).abs().max())
            if not error <= PROBE_TOLERANCE * max(scale, 1e-6):   # a NaN fails too
                return f"{name} differs by {error:.3g} (its largest value is {scale:.3g})"
    return None


def openvino_backbone(backbone: torch.nn.Module, weights_sha256: str, threads: int
                      ) -> OpenVINOBackbone:
    """The OpenVINO backbone for these weights: from the cache when it is whole and ours and
    agrees with PyTorch on the probe, else made anew. ImportError when OpenVINO is missing."""
    import openvino as ov
    version = ov.get_version()
    folder = cache_root() / cache_key(weights_sha256, version)
    problem = cache_problem(folder, weights_sha256, version)
    if problem is None:
        engine = _compile(ov, folder, threads)
        mismatch = probe_mismatch(engine, backbone)
        if mismatch is None:
            return engine
        problem = f"it disagrees with PyTorch ({mismatch})"
    log.info("OpenVINO backbone cache in %s: %s; making it from the model (once per model)",
             folder, problem)
    _build(backbone, ov, folder, weights_sha256, version)
    problem = cache_problem(folder, weights_sha256, version)
    if problem is not None:
        raise EngineError(f"the OpenVINO backbone just made in {folder} is not usable: {problem}")
    engine = _compile(ov, folder, threads)
    mismatch = probe_mismatch(engine, backbone)
    if mismatch is not None:
        raise EngineError(f"OpenVINO's backbone disagrees with PyTorch: {mismatch}")
    return engine


class Backbone:
    """The backbone of a loaded model on the chosen engine, with eager PyTorch behind it."""

    def __init__(self, backbone: torch.nn.Module, weights_sha256: str, engine: str = "auto",
                 threads: int | None = None):
        if engine not in ENGINES:
            raise ValueError(f"engine must be one of {', '.join(ENGINES)}, not {engine!r}")
        self.eager = EagerBackbone(backbone)
        self.engine = self.eager
        self.problem: str | None = None     # why the engine is not used (None: it is, or eager)
        self._lock = threading.Lock()
        if engine != "eager":
            self._choose(backbone, weights_sha256, engine, threads or torch.get_num_threads())

    def _choose(self, backbone, weights_sha256: str, engine: str, threads: int) -> None:
        try:
            self.engine = openvino_backbone(backbone, weights_sha256, threads)
            log.info("M2FP backbone: OpenVINO (%d threads)", threads)
            return
        except ImportError:
            self.problem = "OpenVINO is not installed"
        except Exception as exc:  # noqa: BLE001 - any engine failure means eager, said why
            self.problem = f"{exc.__class__.__name__}: {exc}"
        if engine == "openvino":
            raise EngineError(f"the OpenVINO engine cannot be used: {self.problem}")
        log.warning("M2FP backbone: eager PyTorch (%s)", self.problem)

    @property
    def name(self) -> str:
        return self.engine.name

    def __call__(self, x: torch.Tensor) -> dict[str, torch.Tensor]:
        engine = self.engine
        if engine is not self.eager:
            try:
                return engine(x)
            except Exception as exc:  # noqa: BLE001 - the parse goes on in PyTorch
                with self._lock:
                    self.engine = self.eager
                    self.problem = f"it failed during a parse ({exc.__class__.__name__}: {exc})"
                log.warning("M2FP backbone: OpenVINO %s; eager PyTorch from now on", self.problem)
        return self.eager(x)
