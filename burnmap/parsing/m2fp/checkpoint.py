"""Finding and loading an M2FP model directory safely.

A model directory holds `configuration.json` and the weights: `pytorch_model.pt` as ModelScope writes
it (`{'model': state_dict}`), a bare state dict, or `.safetensors`. Pickled checkpoints are read with
`torch.load(weights_only=True)`, so a file that needs code execution is refused, never run. The
model's identity is the SHA-256 of its weights file, hashed from the same opening the tensors are
read from. Every file is read through the guarded reader (burnmap.system.fileio): a FIFO or a
device named like the configuration or the weights is refused, never waited on.
"""
from __future__ import annotations

import os
import pickle
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import torch

from burnmap.parsing.m2fp.config import M2FPConfig, ModelConfigError, check_against, load_config
from burnmap.parsing.m2fp.network.model import M2FPNet
from burnmap.parsing.models import MODEL_DIR_ENV, locate_model_dir  # noqa: F401 (re-exported)
from burnmap.system.fileio import FileRefused, handle_sha256, open_regular

WEIGHT_NAMES = ("pytorch_model.pt", "pytorch_model.bin", "pytorch_model.pth", "model.pt",
                "model.pth", "model.safetensors", "pytorch_model.safetensors")


class ModelLoadError(Exception):
    """The model directory is missing, incomplete, unsafe or does not fit the network."""


@dataclass(frozen=True)
class ModelFiles:
    directory: Path
    config: Path | None
    weights: Path


def find_weights(directory: Path) -> ModelFiles:
    """The configuration and weights files of a model directory, by their common names. A name
    counts when anything stands there: reading it refuses what is not a regular file, rather
    than pass over it (a FIFO named like the configuration would have given the defaults)."""
    if not directory.is_dir():
        raise ModelLoadError(f"model folder {directory} does not exist")
    config = directory / "configuration.json"
    for name in WEIGHT_NAMES:
        if os.path.lexists(directory / name):
            return ModelFiles(directory, config if os.path.lexists(config) else None,
                              directory / name)
    raise ModelLoadError(
        f"no weights in {directory}: expected one of {', '.join(WEIGHT_NAMES)}")


def _open_weights(path: Path) -> BinaryIO:
    """The weights file opened through the guarded reader (no size limit: hundreds of MB): a
    FIFO is never waited on, a device never opened."""
    try:
        return open_regular(path)
    except FileRefused as exc:
        raise ModelLoadError(f"{path.name} {exc.problem}") from None


def _digest(fh: BinaryIO, path: Path) -> str:
    try:
        return handle_sha256(fh)
    except OSError as exc:
        raise ModelLoadError(f"{path.name} cannot be read ({exc.strerror})") from None


def read_state_dict(path: Path) -> dict[str, torch.Tensor]:
    """Tensors of a checkpoint, without executing any pickled code."""
    with _open_weights(path) as fh:
        return _read_state(fh, path)


def _read_state(fh: BinaryIO, path: Path) -> dict[str, torch.Tensor]:
    """Tensors of the checkpoint open in `fh` (at its start), which is the file `path`."""
    try:
        if path.suffix == ".safetensors":
            raw = _read_safetensors(fh, path)
        else:
            raw = torch.load(fh, map_location="cpu", weights_only=True)
    except ModelLoadError:
        raise
    except pickle.UnpicklingError as exc:
        raise ModelLoadError(
            f"{path.name} was refused: it is not a plain tensor checkpoint (loading it would "
            f"execute code stored in the file)") from exc
    except Exception as exc:  # torch and safetensors raise many types for damaged files
        raise ModelLoadError(f"{path.name} is damaged or not a checkpoint: {exc}") from exc
    return _unwrap(raw, path.name)


def _read_safetensors(fh: BinaryIO, path: Path) -> dict[str, torch.Tensor]:
    """safetensors maps a file by its name, so the name is opened again: only while it still
    names the regular file open in `fh` (what stands there is checked, never opened)."""
    from safetensors.torch import load_file
    opened, named = os.fstat(fh.fileno()), os.stat(path)
    if (opened.st_dev, opened.st_ino) != (named.st_dev, named.st_ino):
        raise ModelLoadError(f"{path.name} was replaced while it was being read")
    return load_file(str(path), device="cpu")


def _unwrap(raw: object, name: str) -> dict[str, torch.Tensor]:
    state = raw.get("model", raw) if isinstance(raw, Mapping) else raw
    if isinstance(state, Mapping) and "state_dict" in state and len(state) <= 3:
        state = state["state_dict"]
    if not isinstance(state, Mapping) or not state:
        raise ModelLoadError(f"{name} holds no state dict")
    bad = [k for k, v in state.items() if not isinstance(v, torch.Tensor)]
    if bad:
        raise ModelLoadError(f"{name}: entries that are not tensors: {', '.join(map(str, bad[:5]))}")
    return {str(k).removeprefix("module."): v for k, v in state.items()}


def describe_mismatch(net: torch.nn.Module, state: Mapping[str, torch.Tensor]) -> list[str]:
    """Every missing, unexpected and mis-shaped key, by name (strict=True semantics)."""
    expected = net.state_dict()
    problems = [f"missing: {k}" for k in expected if k not in state]
    problems += [f"unexpected: {k}" for k in state if k not in expected]
    problems += [f"wrong shape: {k} is {tuple(state[k].shape)}, expected {tuple(v.shape)}"
                 for k, v in expected.items() if k in state and state[k].shape != v.shape]
    return problems


def build_network(cfg: M2FPConfig, state: Mapping[str, torch.Tensor]) -> M2FPNet:
    """The network with `state` loaded strictly, ready for inference."""
    try:
        check_against(cfg, state)
    except ModelConfigError as exc:
        raise ModelLoadError(str(exc)) from exc
    net = M2FPNet(cfg)
    problems = describe_mismatch(net, state)
    if problems:
        shown = "; ".join(problems[:10])
        more = f" (and {len(problems) - 10} more)" if len(problems) > 10 else ""
        raise ModelLoadError(f"the weights do not fit M2FP: {shown}{more}")
    floats = {k: v.float() if v.is_floating_point() else v for k, v in state.items()}
    net.load_state_dict(floats, strict=True)
    return net.prepare_for_inference()


@dataclass
class LoadedModel:
    net: M2FPNet
    config: M2FPConfig
    files: ModelFiles
    sha256: str


def load_model(directory: Path) -> LoadedModel:
    """Read a model directory: configuration (with fallbacks), weights, identity."""
    files = find_weights(Path(directory))
    try:
        cfg = load_config(files.config)
    except ModelConfigError as exc:
        raise ModelLoadError(f"{files.directory}: {exc}") from exc
    with _open_weights(files.weights) as fh:
        digest = _digest(fh, files.weights)   # the identity of the very bytes loaded below
        fh.seek(0)
        state = _read_state(fh, files.weights)
    net = build_network(cfg, state)
    return LoadedModel(net, cfg, files, digest)


