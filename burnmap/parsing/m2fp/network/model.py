"""The M2FP network: backbone -> pixel decoder -> transformer decoder, for one image at a time.

The module tree mirrors the ModelScope checkpoint (`backbone.*`, `sem_seg_head.pixel_decoder.*`,
`sem_seg_head.predictor.*`) so that its state dict loads with strict key matching.
"""
from __future__ import annotations

from dataclasses import dataclass

import torch
import torch.nn.functional as F
from torch import nn

from burnmap.parsing.m2fp.config import M2FPConfig
from burnmap.parsing.m2fp.network.backbone import DeepLabResNet
from burnmap.parsing.m2fp.network.pixel_decoder import PixelDecoder
from burnmap.parsing.m2fp.network.transformer_decoder import MaskedTransformerDecoder


@dataclass
class NetOutput:
    """Class logits (Q, C+1) and mask logits (Q, H/4, W/4) of the padded input."""
    logits: torch.Tensor
    masks: torch.Tensor
    padded_size: tuple[int, int]


class Head(nn.Module):
    def __init__(self, cfg: M2FPConfig, in_channels: dict[str, int]):
        super().__init__()
        self.pixel_decoder = PixelDecoder(
            in_channels, cfg.conv_dim, cfg.mask_dim, cfg.encoder_heads, cfg.encoder_ffn,
            cfg.encoder_layers, cfg.encoder_points)
        self.predictor = MaskedTransformerDecoder(
            cfg.hidden_dim, cfg.decoder_heads, cfg.decoder_ffn, cfg.decoder_layers,
            cfg.num_queries, cfg.num_classes, cfg.mask_dim)


class M2FPNet(nn.Module):
    """Takes an RGB float image in 0..255, (3, H, W); normalises and pads it like the reference."""

    def __init__(self, cfg: M2FPConfig):
        super().__init__()
        self.cfg = cfg
        self.backbone = DeepLabResNet(cfg.stem_channels, cfg.res2_channels, cfg.width_per_group,
                                      cfg.blocks_per_stage)
        self.sem_seg_head = Head(cfg, self.backbone.channels)
        self.register_buffer("pixel_mean", torch.tensor(cfg.pixel_mean).view(3, 1, 1), False)
        self.register_buffer("pixel_std", torch.tensor(cfg.pixel_std).view(3, 1, 1), False)

    def normalise_and_pad(self, image: torch.Tensor) -> torch.Tensor:
        """(3, H, W) 0..255 -> (1, 3, H', W') normalised, zero-padded to the size divisibility."""
        x = (image - self.pixel_mean) / self.pixel_std
        div = self.cfg.size_divisibility
        h, w = x.shape[-2:]
        pad_h, pad_w = -h % div, -w % div
        return F.pad(x, (0, pad_w, 0, pad_h)).unsqueeze(0)

    def backbone_features(self, image: torch.Tensor) -> dict[str, torch.Tensor]:
        return self.backbone(self.normalise_and_pad(image))

    def decode(self, features: dict[str, torch.Tensor]):
        return self.sem_seg_head.pixel_decoder(features)

    def predict(self, mask_features: torch.Tensor, maps: list[torch.Tensor]):
        return self.sem_seg_head.predictor(maps, mask_features)

    def forward(self, image: torch.Tensor) -> NetOutput:
        features = self.backbone_features(image)
        padded = tuple(4 * s for s in features["res2"].shape[-2:])
        mask_features, maps = self.decode(features)
        logits, masks = self.predict(mask_features, maps)
        return NetOutput(logits, masks, padded)

    def prepare_for_inference(self) -> M2FPNet:
        """Evaluation mode, no gradients, BatchNorms folded into their convolutions."""
        self.eval()
        self.requires_grad_(False)
        self.backbone.fold_batch_norms()
        return self
