"""The DeepLab-style ResNet backbone of M2FP (three-convolution stem, bottleneck stages res2..res5).

Module and parameter names follow the checkpoint (`stem.conv1.norm.running_mean`, `res4.22.conv3...`)
so that the ModelScope state dict loads with strict key matching.
"""
from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn


class ConvNorm(nn.Conv2d):
    """A convolution with an optional normalisation child named `norm`, as the checkpoint stores it.

    `fold_norm()` merges an inference-mode BatchNorm into the convolution's weight and bias: one
    pass over the activations instead of two, with the same result up to rounding.
    """

    def __init__(self, *args, norm: nn.Module | None = None, relu: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.norm = norm
        self.relu = relu

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = F.conv2d(x, self.weight, self.bias, self.stride, self.padding, self.dilation, self.groups)
        if self.norm is not None:
            x = self.norm(x)
        return F.relu_(x) if self.relu else x

    @torch.no_grad()
    def fold_norm(self) -> None:
        bn = self.norm
        if not isinstance(bn, nn.BatchNorm2d):
            return
        scale = bn.weight / torch.sqrt(bn.running_var + bn.eps)
        bias = bn.bias - bn.running_mean * scale
        if self.bias is not None:
            bias = bias + self.bias * scale
        self.weight.mul_(scale.view(-1, 1, 1, 1))
        self.bias = nn.Parameter(bias)
        self.norm = None


def _conv_bn(cin: int, cout: int, k: int, stride: int = 1, relu: bool = False) -> ConvNorm:
    return ConvNorm(cin, cout, kernel_size=k, stride=stride, padding=k // 2, bias=False,
                    norm=nn.BatchNorm2d(cout), relu=relu)


class Bottleneck(nn.Module):
    """ResNet bottleneck, stride on the 3x3 convolution (stride_in_1x1=False)."""

    def __init__(self, cin: int, cout: int, mid: int, stride: int):
        super().__init__()
        self.shortcut = _conv_bn(cin, cout, 1, stride) if cin != cout else None
        self.conv1 = _conv_bn(cin, mid, 1, relu=True)
        self.conv2 = _conv_bn(mid, mid, 3, stride, relu=True)
        self.conv3 = _conv_bn(mid, cout, 1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        identity = x if self.shortcut is None else self.shortcut(x)
        out = self.conv3(self.conv2(self.conv1(x)))
        return F.relu_(out.add_(identity))


class Stem(nn.Module):
    """Three 3x3 convolutions (the first with stride 2) and a stride-2 max pool: stride 4."""

    def __init__(self, out_channels: int):
        super().__init__()
        half = out_channels // 2
        self.conv1 = _conv_bn(3, half, 3, stride=2, relu=True)
        self.conv2 = _conv_bn(half, half, 3, relu=True)
        self.conv3 = _conv_bn(half, out_channels, 3, relu=True)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.conv3(self.conv2(self.conv1(x)))
        return F.max_pool2d(x, kernel_size=3, stride=2, padding=1)


class DeepLabResNet(nn.Module):
    """Returns the feature maps res2 (stride 4) to res5 (stride 32)."""

    def __init__(self, stem_channels: int, res2_channels: int, width: int,
                 blocks_per_stage: tuple[int, ...]):
        super().__init__()
        self.stem = Stem(stem_channels)
        cin, cout, mid = stem_channels, res2_channels, width
        self.stage_names = []
        for i, n_blocks in enumerate(blocks_per_stage):
            first_stride = 1 if i == 0 else 2
            blocks = [Bottleneck(cin if b == 0 else cout, cout, mid, first_stride if b == 0 else 1)
                      for b in range(n_blocks)]
            name = f"res{i + 2}"
            self.add_module(name, nn.Sequential(*blocks))
            self.stage_names.append(name)
            cin, cout, mid = cout, cout * 2, mid * 2
        self.channels = {f"res{i + 2}": res2_channels * 2 ** i for i in range(len(blocks_per_stage))}

    def forward(self, x: torch.Tensor) -> dict[str, torch.Tensor]:
        x = self.stem(x)
        features = {}
        for name in self.stage_names:
            x = getattr(self, name)(x)
            features[name] = x
        return features

    def fold_batch_norms(self) -> None:
        """Merge every BatchNorm into its convolution (inference only)."""
        for module in self.modules():
            if isinstance(module, ConvNorm):
                module.fold_norm()
