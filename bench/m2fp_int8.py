"""Trial (issue 26, not used by the product): the backbone in 8-bit integers, made from the loaded
fp32 weights. Measured by bench/m2fp_engines.py (speed) and bench/parse_speed.py --engine int8
(labels): on the synthetic model its labels are 98.3-99.2 % equal to fp32, below the 99.5 % the
product needs, so the product keeps fp32.

The ResNet-101 backbone is half of the network's arithmetic (202 of 384 GFLOPs at 1280x960), all of
it in convolutions, which can run faster in int8 (torch's x86 quantized engine: FBGEMM/oneDNN).
Weights are quantised per output channel (symmetric int8) from the checkpoint's own values, with
the BatchNorms already folded in; activations per tensor (unsigned, 7 bits: without VNNI, as on
this AMD EPYC, FBGEMM sums pairs of u8*s8 products in 16 bits, which 8 bits could saturate), with
ranges (min/max) observed on the photo the app ships (burnmap/resources/demo). Tried as well: 8-bit
activations on oneDNN (98.8-99.2 % equal) and histogram calibration (98.9-99.2 %). The residual adds are
fused with their ReLU. res2..res5 leave as float for the pixel decoder.

Calibration costs one fp32 backbone pass per calibration image when the model loads. The
calibration photo is also one of the photos the labels are compared on (and the reference input):
if anything, that flatters int8.
"""
from __future__ import annotations

from pathlib import Path

import torch
from torch import nn

from burnmap.parsing.m2fp.network.backbone import Bottleneck, ConvNorm, DeepLabResNet


def quantized_engine() -> str:
    """x86 (FBGEMM + oneDNN) where torch has it, else whatever it has; '' if none."""
    engines = torch.backends.quantized.supported_engines
    for name in ("x86", "fbgemm", "onednn"):
        if name in engines:
            return name
    return ""


def _observer():
    from torch.ao.quantization.observer import MinMaxObserver
    # FBGEMM without VNNI sums pairs of u8*s8 products in 16 bits: 7-bit activations cannot overflow.
    return MinMaxObserver(dtype=torch.quint8, reduce_range=True)


def observe_ranges(backbone: DeepLabResNet, images: list[torch.Tensor]) -> dict[str, list[float]]:
    """min/max of the input and of every convolution's and block's output over `images`
    (normalised, padded (1, 3, H, W) inputs)."""
    observers = {"input": _observer()}
    hooks = []
    for name, module in backbone.named_modules():
        if isinstance(module, (ConvNorm, Bottleneck)):
            observers[name] = _observer()
            hooks.append(module.register_forward_hook(
                lambda _m, _i, out, n=name: observers[n](out)))
    try:
        with torch.inference_mode():
            for image in images:
                observers["input"](image)
                backbone(image)
    finally:
        for hook in hooks:
            hook.remove()
    return {k: [float(o.min_val), float(o.max_val)] for k, o in observers.items()}


def _qparams(value_range: list[float]) -> tuple[float, int]:
    observer = _observer()
    observer(torch.tensor(value_range, dtype=torch.float32))
    scale, zero = observer.calculate_qparams()
    return float(scale), int(zero)


def _qconv(conv: ConvNorm, value_range: list[float]) -> nn.Module:
    import torch.ao.nn.intrinsic.quantized as nniq
    import torch.ao.nn.quantized as nnq
    from torch.ao.quantization.observer import PerChannelMinMaxObserver
    cls = nniq.ConvReLU2d if conv.relu else nnq.Conv2d
    q = cls(conv.in_channels, conv.out_channels, conv.kernel_size, conv.stride, conv.padding,
            conv.dilation, conv.groups, bias=True)
    weights = PerChannelMinMaxObserver(dtype=torch.qint8, qscheme=torch.per_channel_symmetric)
    weights(conv.weight)
    scale, zero = weights.calculate_qparams()
    bias = conv.bias if conv.bias is not None else torch.zeros(conv.out_channels)
    q.set_weight_bias(torch.quantize_per_channel(conv.weight.detach(), scale, zero, 0, torch.qint8),
                      bias.detach())
    q.scale, q.zero_point = _qparams(value_range)
    return q


class QuantizedBlock(nn.Module):
    def __init__(self, block: Bottleneck, name: str, ranges: dict):
        super().__init__()
        self.conv1, self.conv2, self.conv3 = (_qconv(getattr(block, c), ranges[f"{name}.{c}"])
                                              for c in ("conv1", "conv2", "conv3"))
        self.shortcut = (None if block.shortcut is None else
                         _qconv(block.shortcut, ranges[f"{name}.shortcut"]))
        self.scale, self.zero_point = _qparams(ranges[name])

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        identity = x if self.shortcut is None else self.shortcut(x)
        out = self.conv3(self.conv2(self.conv1(x)))
        return torch.ops.quantized.add_relu(out, identity, self.scale, self.zero_point)


class QuantizedBackbone(nn.Module):
    """Same inputs and outputs as DeepLabResNet: float in, float res2..res5 out."""

    def __init__(self, backbone: DeepLabResNet, ranges: dict[str, list[float]]):
        super().__init__()
        self.stem = nn.Sequential(*(_qconv(getattr(backbone.stem, c), ranges[f"stem.{c}"])
                                    for c in ("conv1", "conv2", "conv3")))
        self.stage_names = list(backbone.stage_names)
        for name in self.stage_names:
            blocks = getattr(backbone, name)
            self.add_module(name, nn.Sequential(*(QuantizedBlock(b, f"{name}.{i}", ranges)
                                                  for i, b in enumerate(blocks))))
        self.scale, self.zero_point = _qparams(ranges["input"])

    def forward(self, x: torch.Tensor) -> dict[str, torch.Tensor]:
        x = torch.quantize_per_tensor(x.contiguous(memory_format=torch.channels_last), self.scale,
                                      self.zero_point, torch.quint8)
        x = torch.nn.functional.max_pool2d(self.stem(x), kernel_size=3, stride=2, padding=1)
        features = {}
        for name in self.stage_names:
            x = getattr(self, name)(x)
            features[name] = x.dequantize().contiguous()
        return features


def quantize_backbone(backbone: DeepLabResNet, images) -> QuantizedBackbone:
    """The int8 backbone for these weights; `images()` gives the calibration inputs."""
    engine = quantized_engine()
    if not engine:
        raise RuntimeError("this torch has no quantized CPU engine")
    torch.backends.quantized.engine = engine
    return QuantizedBackbone(backbone, observe_ranges(backbone, images())).eval()


ENGINES = ("auto", "openvino", "eager", "int8")


def make_parser(model: Path, engine: str = "auto"):
    """The product's M2FPParser on `engine`: "auto", "openvino", "eager" as the product takes them
    (burnmap/parsing/m2fp/engine.py); "int8": eager with the backbone replaced by the int8 one
    (calibrated on the app's demo photo at network size; quantised once the model loads)."""
    import numpy as np
    from PIL import Image

    from burnmap.parsing.m2fp.parser import M2FPParser, network_input, network_size
    from burnmap.system.paths import resources_dir
    if engine not in ENGINES:
        raise ValueError(f"engine {engine!r} is not one of {', '.join(ENGINES)}")
    if engine != "int8":
        return M2FPParser(model, engine=engine)
    parser = M2FPParser(model, engine="eager")
    net = parser.model.net

    def images():
        photo = np.asarray(Image.open(resources_dir() / "demo" / "astronaut.png").convert("RGB"))
        return [net.normalise_and_pad(network_input(photo, network_size(*photo.shape[:2])))]

    net.backbone = quantize_backbone(net.backbone, images)
    parser.backbone.eager.backbone = net.backbone   # what the parse runs
    parser.backbone.eager.name = "int8"
    return parser
