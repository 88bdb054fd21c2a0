"""The M2FP body parser: photo (RGB uint8) -> `Parsing`, in stages that report progress and can stop.

Pre-processing follows the ModelScope multi-person pipeline: resize so that the short edge is 640 and
the long edge at most 1333 (sizes rounded with int(x + 0.5)) with PIL's bilinear filter, float 0..255.
"""
from __future__ import annotations

import threading
import time
from pathlib import Path

import numpy as np
import torch
from PIL import Image

from burnmap.parsing.base import (
    CancelledFn,
    ModelIdentity,
    ParseCancelled,
    Parsing,
    ProgressFn,
    never_cancelled,
    no_progress,
)
from burnmap.parsing.m2fp.checkpoint import LoadedModel, load_model
from burnmap.parsing.m2fp.engine import ENGINES, Backbone
from burnmap.parsing.m2fp.postprocess.persons import Geometry, parsing_inference

PARSER_NAME = "M2FP"


def network_size(height: int, width: int, short_edge: int = 640, max_size: int = 1333
                 ) -> tuple[int, int]:
    """(new_h, new_w) exactly as the reference computes it."""
    scale = short_edge / min(height, width)
    new_h, new_w = (short_edge, scale * width) if height < width else (scale * height, short_edge)
    if max(new_h, new_w) > max_size:
        shrink = max_size / max(new_h, new_w)
        new_h, new_w = new_h * shrink, new_w * shrink
    return int(new_h + 0.5), int(new_w + 0.5)


def network_input(photo: np.ndarray, size: tuple[int, int]) -> torch.Tensor:
    """The photo resized with PIL bilinear to `size` (h, w), as float (3, h, w) in 0..255."""
    h, w = size
    if photo.shape[:2] != (h, w):
        photo = np.asarray(Image.fromarray(photo).resize((w, h), Image.BILINEAR))
    return torch.from_numpy(np.ascontiguousarray(photo.transpose(2, 0, 1))).float()


class M2FPParser:
    """Loads the model once (lazily, on the calling thread) and parses photos with it.

    `engine`: where the backbone runs (burnmap/parsing/m2fp/engine.py): "auto" OpenVINO when it is
    installed and agrees with PyTorch, else eager PyTorch; "openvino" insists (EngineError if it
    cannot be used); "eager" never tries it.
    """

    STAGES = ("pre-processing", "backbone", "pixel decoder", "transformer decoder",
              "post-processing")

    def __init__(self, model_dir: Path, threads: int | None = None, engine: str = "auto"):
        if engine not in ENGINES:
            raise ValueError(f"engine must be one of {', '.join(ENGINES)}, not {engine!r}")
        self.model_dir = Path(model_dir)
        self.threads = threads
        self.engine = engine
        self._model: LoadedModel | None = None
        self._backbone: Backbone | None = None
        self._lock = threading.Lock()

    @property
    def model(self) -> LoadedModel:
        with self._lock:
            if self._model is None:
                if self.threads:
                    torch.set_num_threads(self.threads)
                model = load_model(self.model_dir)
                self._backbone = Backbone(model.net.backbone, model.sha256, self.engine,
                                          self.threads)
                self._model = model
            return self._model

    @property
    def backbone(self) -> Backbone:
        """The backbone on its engine (`.name`: "openvino" or "eager"; `.problem`: why not
        OpenVINO). Loads the model."""
        _ = self.model   # loading makes the backbone
        return self._backbone

    @property
    def identity(self) -> ModelIdentity:
        m = self.model
        return ModelIdentity(PARSER_NAME, m.sha256, m.files.weights.name)

    def parse(self, photo: np.ndarray, progress: ProgressFn = no_progress,
              cancelled: CancelledFn = never_cancelled) -> Parsing:
        """Label every pixel of `photo` (H x W x 3 uint8) with a part class."""
        if photo.ndim != 3 or photo.shape[2] != 3 or photo.dtype != np.uint8:
            raise ValueError("photo must be an H x W x 3 uint8 array")
        if self.threads:
            torch.set_num_threads(self.threads)
        model, timings = self.model, {}
        run = _StageRunner(progress, cancelled, timings, self.STAGES)
        h, w = photo.shape[:2]
        valid = network_size(h, w, model.config.min_size, model.config.max_size)
        with torch.inference_mode():
            image = run("pre-processing", lambda: network_input(photo, valid))
            feats = run("backbone", lambda: self.backbone(model.net.normalise_and_pad(image)))
            mask_features, maps = run("pixel decoder", lambda: model.net.decode(feats))
            del feats
            logits, masks = run("transformer decoder", lambda: model.net.predict(mask_features,
                                                                                 maps))
            padded = tuple(4 * s for s in mask_features.shape[-2:])
            del mask_features, maps
            geo = Geometry(tuple(masks.shape[-2:]), padded, valid, (h, w))
            cfg = model.config
            result = run("post-processing", lambda: parsing_inference(
                logits, masks, geo, cfg.classes, cfg.num_parsing, cfg.parsing_score_thr))
        progress(1.0, "done")
        return Parsing(result.labels, cfg.classes[:cfg.num_parsing], result.parts,
                       result.persons, self.identity, timings)


class _StageRunner:
    """Runs named stages in order: checks cancellation before each, reports and times them."""

    def __init__(self, progress: ProgressFn, cancelled: CancelledFn, timings: dict,
                 stages: tuple[str, ...]):
        self.progress, self.cancelled, self.timings, self.stages = (progress, cancelled, timings,
                                                                    stages)

    def __call__(self, name: str, work):
        if self.cancelled():
            raise ParseCancelled(f"parsing cancelled before {name}")
        self.progress(self.stages.index(name) / len(self.stages), name)
        start = time.perf_counter()
        result = work()
        self.timings[name] = time.perf_counter() - start
        return result
