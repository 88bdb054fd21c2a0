"""The pixel decoder: a deformable-attention encoder over res3..res5 plus one FPN step to res2.

Outputs the per-pixel mask features (stride 4) and the three multi-scale maps the transformer decoder
attends to (strides 32, 16, 8), as in Mask2Former's MSDeformAttnPixelDecoder.
"""
from __future__ import annotations

import math
from functools import lru_cache

import torch
import torch.nn.functional as F
from torch import nn

from burnmap.parsing.m2fp.network.backbone import ConvNorm
from burnmap.parsing.m2fp.network.msda import Levels, MSDeformAttn


@lru_cache(maxsize=16)
def sine_position_embedding(h: int, w: int, num_feats: int, temperature: float = 10000.0
                            ) -> torch.Tensor:
    """DETR's normalised sine embedding for an unpadded h x w map: (2 * num_feats, h, w).
    It depends on the size alone, so each size is computed once (callers never modify it)."""
    eps, scale = 1e-6, 2 * math.pi
    y = torch.arange(1, h + 1, dtype=torch.float32).view(h, 1).expand(h, w)
    x = torch.arange(1, w + 1, dtype=torch.float32).view(1, w).expand(h, w)
    y = y / (h + eps) * scale
    x = x / (w + eps) * scale
    dim_t = torch.arange(num_feats, dtype=torch.float32)
    dim_t = temperature ** (2 * torch.div(dim_t, 2, rounding_mode="floor") / num_feats)

    def interleave(pos: torch.Tensor) -> torch.Tensor:
        pos = pos[:, :, None] / dim_t
        return torch.stack((pos[:, :, 0::2].sin(), pos[:, :, 1::2].cos()), dim=3).flatten(2)

    return torch.cat((interleave(y), interleave(x)), dim=2).permute(2, 0, 1)


class EncoderLayer(nn.Module):
    """Post-norm deformable self-attention followed by a ReLU feed-forward block."""

    def __init__(self, d_model: int, d_ffn: int, n_levels: int, n_heads: int, n_points: int):
        super().__init__()
        self.self_attn = MSDeformAttn(d_model, n_levels, n_heads, n_points)
        self.norm1 = nn.LayerNorm(d_model)
        self.linear1 = nn.Linear(d_model, d_ffn)
        self.linear2 = nn.Linear(d_ffn, d_model)
        self.norm2 = nn.LayerNorm(d_model)

    def forward(self, src, pos, reference, levels: Levels):
        src = self.norm1(src + self.self_attn(src + pos, reference, src, levels))
        return self.norm2(src + self.linear2(F.relu_(self.linear1(src))))


class Encoder(nn.Module):
    def __init__(self, n_layers: int, **layer_args):
        super().__init__()
        self.layers = nn.ModuleList(EncoderLayer(**layer_args) for _ in range(n_layers))


class DeformableTransformer(nn.Module):
    """Holds `level_embed` and `encoder` under the names the checkpoint uses."""

    def __init__(self, d_model: int, n_heads: int, d_ffn: int, n_layers: int, n_levels: int,
                 n_points: int):
        super().__init__()
        self.level_embed = nn.Parameter(torch.zeros(n_levels, d_model))
        self.encoder = Encoder(n_layers, d_model=d_model, d_ffn=d_ffn, n_levels=n_levels,
                               n_heads=n_heads, n_points=n_points)

    def forward(self, srcs: list[torch.Tensor]) -> torch.Tensor:
        """srcs: per level (C, H, W). Returns the encoded tokens (sum of H*W, C)."""
        shapes = [(s.shape[1], s.shape[2]) for s in srcs]
        attn = self.encoder.layers[0].self_attn
        levels = Levels(shapes, attn.n_heads, attn.n_points)
        c = srcs[0].shape[0]
        tokens = torch.cat([s.flatten(1).t() for s in srcs])
        pos = torch.cat([sine_position_embedding(h, w, c // 2).flatten(1).t() + self.level_embed[i]
                         for i, (h, w) in enumerate(shapes)])
        reference = levels.pixels(torch.cat([_reference_points(h, w) for h, w in shapes]))
        for layer in self.encoder.layers:
            tokens = layer(tokens, pos, reference, levels)
        return tokens


def _reference_points(h: int, w: int) -> torch.Tensor:
    """Cell centres of an h x w map, normalised to (0, 1), as (h*w, 2) (x, y)."""
    ys = torch.linspace(0.5, h - 0.5, h, dtype=torch.float32) / h
    xs = torch.linspace(0.5, w - 0.5, w, dtype=torch.float32) / w
    return torch.stack((xs.view(1, w).expand(h, w), ys.view(h, 1).expand(h, w)), -1).reshape(-1, 2)


class PixelDecoder(nn.Module):
    """res2..res5 -> (mask features at stride 4, [maps at strides 32, 16, 8])."""

    def __init__(self, in_channels: dict[str, int], conv_dim: int, mask_dim: int, n_heads: int,
                 d_ffn: int, n_layers: int, n_points: int):
        super().__init__()
        self.levels = ["res5", "res4", "res3"]  # coarse to fine, the order of input_proj
        self.input_proj = nn.ModuleList(
            nn.Sequential(nn.Conv2d(in_channels[f], conv_dim, 1), nn.GroupNorm(32, conv_dim))
            for f in self.levels)
        self.transformer = DeformableTransformer(conv_dim, n_heads, d_ffn, n_layers,
                                                 len(self.levels), n_points)
        self.mask_features = nn.Conv2d(conv_dim, mask_dim, 1)
        self.adapter_1 = ConvNorm(in_channels["res2"], conv_dim, 1, bias=False,
                                  norm=nn.GroupNorm(32, conv_dim))
        self.layer_1 = ConvNorm(conv_dim, conv_dim, 3, padding=1, bias=False,
                                norm=nn.GroupNorm(32, conv_dim), relu=True)

    def forward(self, features: dict[str, torch.Tensor]):
        srcs = [proj(features[f])[0] for proj, f in zip(self.input_proj, self.levels, strict=True)]
        tokens = self.transformer(srcs)
        maps, start = [], 0
        for s in srcs:
            h, w = s.shape[1:]
            maps.append(tokens[start:start + h * w].t().reshape(1, -1, h, w))
            start += h * w
        lateral = self.adapter_1(features["res2"])
        fine = lateral + F.interpolate(maps[-1], size=lateral.shape[-2:], mode="bilinear",
                                       align_corners=False)
        fine = self.layer_1(fine)
        return self.mask_features(fine), maps
