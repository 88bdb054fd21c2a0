"""M2FP hyper-parameters, read from a ModelScope `configuration.json`.

The real model's configuration file may lack keys or differ in layout, so every value falls back to
the published defaults (the ones in ../shared/m2fp/configuration.json) and `check_against` verifies
the values against the checkpoint's tensor shapes before any network is built.
"""
from __future__ import annotations

import json
import math
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import torch

from burnmap.parsing.classes import CIHP_CLASSES
from burnmap.system.fileio import FileRefused, FileTooLarge, read_small_file

MAX_CONFIG_BYTES = 1 << 20   # the real file is about 3 KB
RESNET_BLOCKS = {50: (3, 4, 6, 3), 101: (3, 4, 23, 3), 152: (3, 8, 36, 3)}


class ModelConfigError(ValueError):
    """The configuration is unreadable or contradicts the checkpoint."""


@dataclass(frozen=True)
class M2FPConfig:
    """Everything the network and the pipeline need; defaults are the published M2FP values."""
    depth: int = 101
    stem_channels: int = 128
    res2_channels: int = 256
    width_per_group: int = 64
    conv_dim: int = 256
    mask_dim: int = 256
    encoder_heads: int = 8
    encoder_ffn: int = 1024
    encoder_layers: int = 6
    encoder_points: int = 4
    common_stride: int = 4
    hidden_dim: int = 256
    num_queries: int = 100
    decoder_heads: int = 8
    decoder_ffn: int = 2048
    decoder_layers: int = 9
    num_classes: int = 21
    num_parsing: int = 20
    classes: tuple[str, ...] = CIHP_CLASSES
    parsing_score_thr: float = 0.5
    min_size: int = 640
    max_size: int = 1333
    pixel_mean: tuple[float, float, float] = (123.675, 116.28, 103.53)
    pixel_std: tuple[float, float, float] = (58.395, 57.12, 57.375)
    size_divisibility: int = 32
    extras: Mapping[str, object] = field(default_factory=dict, compare=False)

    @property
    def blocks_per_stage(self) -> tuple[int, ...]:
        return RESNET_BLOCKS[self.depth]


def _section(model: dict, key: str) -> dict:
    """A sub-object of the configuration ({} when absent); a list or a number there is refused."""
    value = model.get(key, {})
    if not isinstance(value, dict):
        raise ModelConfigError(f"configuration.json: '{key}' is not an object")
    return value


def _unsupported(model: dict) -> list[str]:
    """Settings this port does not implement; refusing them beats computing something else."""
    problems = []
    backbone = _section(model, "backbone")
    checks = {
        "backbone.num_groups": (backbone.get("num_groups", 1), 1),
        "backbone.norm": (backbone.get("norm", "BN"), "BN"),
        "backbone.stride_in_1x1": (backbone.get("stride_in_1x1", False), False),
        "backbone.res4_dilation": (backbone.get("res4_dilation", 1), 1),
        "backbone.res5_dilation": (backbone.get("res5_dilation", 1), 1),
        "decoder.pre_norm": (_section(model, "decoder").get("pre_norm", False), False),
        "single_human": (model.get("single_human", False), False),
    }
    for key, (value, supported) in checks.items():
        if value != supported:
            problems.append(f"{key}={value!r} (only {supported!r} is supported)")
    grid = backbone.get("res5_multi_grid", [1, 1, 1])
    if not isinstance(grid, list) or grid != [1, 1, 1]:
        problems.append("backbone.res5_multi_grid must be [1, 1, 1]")
    return problems


def config_from_dict(data: dict) -> M2FPConfig:
    """Build a config from a parsed configuration.json, falling back to defaults key by key."""
    model = data.get("model", data)
    if not isinstance(model, dict):
        raise ModelConfigError("configuration.json: 'model' is not an object")
    problems = _unsupported(model)
    if problems:
        raise ModelConfigError("unsupported M2FP configuration: " + "; ".join(problems))
    bb, enc, dec = (_section(model, k) for k in ("backbone", "encoder", "decoder"))
    if not isinstance(model.get("classes", []), list):
        raise ModelConfigError("configuration.json: 'classes' is not a list")
    d = M2FPConfig()
    try:
        values = dict(
            depth=int(bb.get("depth", d.depth)),
            stem_channels=int(bb.get("stem_out_channels", d.stem_channels)),
            res2_channels=int(bb.get("res2_out_channels", d.res2_channels)),
            width_per_group=int(bb.get("width_per_group", d.width_per_group)),
            conv_dim=int(enc.get("conv_dim", d.conv_dim)),
            mask_dim=int(enc.get("mask_dim", d.mask_dim)),
            encoder_heads=int(enc.get("transformer_nheads", d.encoder_heads)),
            encoder_ffn=int(enc.get("transformer_dim_feedforward", d.encoder_ffn)),
            encoder_layers=int(enc.get("transformer_enc_layers", d.encoder_layers)),
            common_stride=int(enc.get("common_stride", d.common_stride)),
            hidden_dim=int(dec.get("hidden_dim", d.hidden_dim)),
            num_queries=int(dec.get("num_queries", d.num_queries)),
            decoder_heads=int(dec.get("nheads", d.decoder_heads)),
            decoder_ffn=int(dec.get("dim_feedforward", d.decoder_ffn)),
            decoder_layers=int(dec.get("dec_layers", d.decoder_layers)),
            num_classes=int(dec.get("num_classes", d.num_classes)),
            num_parsing=int(model.get("num_parsing", d.num_parsing)),
            classes=tuple(str(c) for c in model.get("classes", d.classes)),
            parsing_score_thr=float(model.get("parsing_ins_score_thr", d.parsing_score_thr)),
        )
    except (TypeError, ValueError) as exc:
        raise ModelConfigError(f"configuration.json has a value of the wrong type: {exc}") from exc
    cfg = M2FPConfig(**values)
    _check_consistency(cfg)
    return cfg


def _check_consistency(cfg: M2FPConfig) -> None:
    if cfg.depth not in RESNET_BLOCKS:
        raise ModelConfigError(f"backbone depth {cfg.depth} is not one of {sorted(RESNET_BLOCKS)}")
    if len(cfg.classes) != cfg.num_classes:
        raise ModelConfigError(
            f"{len(cfg.classes)} class names for num_classes={cfg.num_classes}")
    if not math.isfinite(cfg.parsing_score_thr) or not 0 <= cfg.parsing_score_thr <= 1:
        # NaN compares false with every score: every pixel would be labelled background
        raise ModelConfigError(f"parsing_ins_score_thr={cfg.parsing_score_thr} must be a "
                               f"number from 0 to 1")
    if not 0 < cfg.num_parsing < cfg.num_classes:
        raise ModelConfigError(f"num_parsing={cfg.num_parsing} must be below num_classes")
    if cfg.num_parsing > 255:
        raise ModelConfigError("more than 255 part classes do not fit a uint8 label map")


def load_config(path: Path | None) -> M2FPConfig:
    """Read configuration.json; no file there gives the defaults, a broken one an error, and
    so does anything but a regular file (a FIFO is never waited on, a device never opened)."""
    if path is None or not os.path.lexists(path):
        return M2FPConfig()
    try:
        data = json.loads(read_small_file(path, MAX_CONFIG_BYTES).decode("utf-8"))
    except FileTooLarge:
        raise ModelConfigError(f"{path.name} is larger than {MAX_CONFIG_BYTES:,} bytes; it is "
                               f"not an M2FP configuration") from None
    except FileRefused as exc:
        raise ModelConfigError(f"{path.name} {exc.problem}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ModelConfigError(f"cannot read {path.name}: {exc}") from exc
    except RecursionError:   # nested deeper than the JSON reader can follow
        raise ModelConfigError(f"{path.name} is nested too deeply to be a configuration") \
            from None
    if not isinstance(data, dict):
        raise ModelConfigError(f"{path.name} is not a JSON object")
    return config_from_dict(data)


def check_against(cfg: M2FPConfig, state: Mapping[str, torch.Tensor]) -> None:
    """Compare the configuration with the tensor shapes that encode the same numbers."""
    expectations = {
        "sem_seg_head.predictor.class_embed.weight": (cfg.num_classes + 1, cfg.hidden_dim),
        "sem_seg_head.predictor.query_feat.weight": (cfg.num_queries, cfg.hidden_dim),
        "backbone.stem.conv3.weight": (cfg.stem_channels, cfg.stem_channels // 2, 3, 3),
        "sem_seg_head.pixel_decoder.mask_features.weight": (cfg.mask_dim, cfg.conv_dim, 1, 1),
    }
    for key, shape in expectations.items():
        if key in state and tuple(state[key].shape) != shape:
            raise ModelConfigError(
                f"configuration does not match the weights: {key} has shape "
                f"{tuple(state[key].shape)}, the configuration implies {shape}")
    n_res4 = len({k.split(".")[2] for k in state if k.startswith("backbone.res4.")})
    if n_res4 and n_res4 != cfg.blocks_per_stage[2]:
        raise ModelConfigError(
            f"the weights have {n_res4} res4 blocks, depth {cfg.depth} implies "
            f"{cfg.blocks_per_stage[2]}")
    n_dec = len({k.split(".")[3] for k in state
                 if k.startswith("sem_seg_head.predictor.transformer_ffn_layers.")})
    if n_dec and n_dec != cfg.decoder_layers:
        raise ModelConfigError(
            f"the weights have {n_dec} decoder layers, the configuration says {cfg.decoder_layers}")


__all__ = [
    "CIHP_CLASSES",
    "M2FPConfig",
    "ModelConfigError",
    "check_against",
    "config_from_dict",
    "load_config",
]
