"""Mask2Former's masked-attention transformer decoder (post-norm), inference only.

Queries attend to one feature level per layer (coarse to fine, round robin), restricted to where the
previous layer's mask prediction is foreground; only the last layer's predictions are returned since
the auxiliary ones serve training alone.
"""
from __future__ import annotations

import itertools

import torch
import torch.nn.functional as F
from torch import nn

from burnmap.parsing.m2fp.network.pixel_decoder import sine_position_embedding


class SelfAttentionLayer(nn.Module):
    def __init__(self, d_model: int, n_heads: int):
        super().__init__()
        self.self_attn = nn.MultiheadAttention(d_model, n_heads)
        self.norm = nn.LayerNorm(d_model)

    def forward(self, x: torch.Tensor, query_pos: torch.Tensor) -> torch.Tensor:
        q = x + query_pos
        return self.norm(x + self.self_attn(q, q, value=x, need_weights=False)[0])


class CrossAttentionLayer(nn.Module):
    def __init__(self, d_model: int, n_heads: int):
        super().__init__()
        self.multihead_attn = nn.MultiheadAttention(d_model, n_heads)
        self.norm = nn.LayerNorm(d_model)

    def forward(self, x, memory, mask, pos, query_pos):
        attended = self.multihead_attn(x + query_pos, memory + pos, value=memory, attn_mask=mask,
                                       need_weights=False)[0]
        return self.norm(x + attended)


class FFNLayer(nn.Module):
    def __init__(self, d_model: int, d_ffn: int):
        super().__init__()
        self.linear1 = nn.Linear(d_model, d_ffn)
        self.linear2 = nn.Linear(d_ffn, d_model)
        self.norm = nn.LayerNorm(d_model)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.norm(x + self.linear2(F.relu_(self.linear1(x))))


class MLP(nn.Module):
    def __init__(self, dims: list[int]):
        super().__init__()
        self.layers = nn.ModuleList(nn.Linear(a, b) for a, b in itertools.pairwise(dims))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        for i, layer in enumerate(self.layers):
            x = layer(x)
            if i < len(self.layers) - 1:
                x = F.relu(x)
        return x


class MaskedTransformerDecoder(nn.Module):
    """Returns class logits (Q, classes + 1) and mask logits (Q, H/4, W/4) for a batch of one."""

    n_levels = 3

    def __init__(self, hidden_dim: int, n_heads: int, d_ffn: int, n_layers: int, n_queries: int,
                 n_classes: int, mask_dim: int):
        super().__init__()
        self.n_heads = n_heads
        self.transformer_self_attention_layers = nn.ModuleList(
            SelfAttentionLayer(hidden_dim, n_heads) for _ in range(n_layers))
        self.transformer_cross_attention_layers = nn.ModuleList(
            CrossAttentionLayer(hidden_dim, n_heads) for _ in range(n_layers))
        self.transformer_ffn_layers = nn.ModuleList(
            FFNLayer(hidden_dim, d_ffn) for _ in range(n_layers))
        self.decoder_norm = nn.LayerNorm(hidden_dim)
        self.query_feat = nn.Embedding(n_queries, hidden_dim)
        self.query_embed = nn.Embedding(n_queries, hidden_dim)
        self.level_embed = nn.Embedding(self.n_levels, hidden_dim)
        self.class_embed = nn.Linear(hidden_dim, n_classes + 1)
        self.mask_embed = MLP([hidden_dim, hidden_dim, hidden_dim, mask_dim])

    def forward(self, maps: list[torch.Tensor], mask_features: torch.Tensor):
        """maps: three (1, C, h, w) levels, coarse to fine; mask_features: (1, D, H, W)."""
        srcs, poss, sizes = [], [], []
        for i, m in enumerate(maps):
            c, h, w = m.shape[1:]
            sizes.append((h, w))
            poss.append(sine_position_embedding(h, w, c // 2).flatten(1).t().unsqueeze(1))
            srcs.append((m[0].flatten(1) + self.level_embed.weight[i][:, None]).t().unsqueeze(1))
        query_pos = self.query_embed.weight.unsqueeze(1)
        x = self.query_feat.weight.unsqueeze(1)
        features = mask_features[0]
        # Resizing is linear, so a mask resized to a level's size is the query's embedding times
        # the features resized to it: 256 channels resized once instead of 100 masks per layer,
        # and no full-size masks but the last layer's.
        small = [F.interpolate(mask_features, size=s, mode="bilinear", align_corners=False)[0]
                 for s in sizes]
        attn_mask = self._attention_mask(x, small[0])
        n_layers = len(self.transformer_ffn_layers)
        for i in range(n_layers):
            lvl = i % self.n_levels
            x = self.transformer_cross_attention_layers[i](x, srcs[lvl], attn_mask, poss[lvl],
                                                           query_pos)
            x = self.transformer_self_attention_layers[i](x, query_pos)
            x = self.transformer_ffn_layers[i](x)
            if i < n_layers - 1:
                attn_mask = self._attention_mask(x, small[(i + 1) % self.n_levels])
        out = self.decoder_norm(x)[:, 0]
        return self.class_embed(out), torch.einsum("qc,chw->qhw", self.mask_embed(out), features)

    def _attention_mask(self, x: torch.Tensor, features: torch.Tensor) -> torch.Tensor:
        """Where each query may not attend next: its mask logit, at that level's size, below 0
        (sigmoid(m) < 0.5); the same for every head."""
        masks = torch.einsum("qc,chw->qhw", self.mask_embed(self.decoder_norm(x)[:, 0]), features)
        blocked = masks.flatten(1) < 0
        # A query whose mask is empty everywhere would attend to nothing: let it see all.
        blocked &= ~blocked.all(-1, keepdim=True)
        return blocked.unsqueeze(0).expand(self.n_heads, -1, -1)
