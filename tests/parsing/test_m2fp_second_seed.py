"""The M2FP port's fast paths equal the plain formulations on a second model (seed 1), which has
no reference file, so nothing can have been tuned to one fixture. (Apart from
test_m2fp_equivalence.py, whose seed-0 parser with its compiled backbone would otherwise be held
beside this module's model.)
"""
from __future__ import annotations

import numpy as np
import pytest
import torch
from PIL import Image

from burnmap.parsing.m2fp.parser import network_input, network_size
from burnmap.parsing.m2fp.postprocess.persons import Geometry, parsing_inference
from tests.parsing.naive_parsing import naive_parsing


# Noise photos whose parsing by the random seed-1 model is not all background (most are), so
# that the comparison covers pasting, overlaps and the argmax, not only empty maps.
@pytest.mark.slow
@pytest.mark.parametrize(("size", "photo_seed"), [((300, 220), 5), ((180, 260), 10)])
def test_second_seed_banded_postprocessing_equals_plain(parser_seed1, size, photo_seed):
    """Another model (seed 1), other photo sizes, both smaller and larger than the network input
    after resizing: the banded post-processing agrees with the literal formulation."""
    h, w = size
    rng = np.random.default_rng(photo_seed)
    photo = (rng.random((h, w, 3)) * 255).astype(np.uint8)
    valid = network_size(h, w)
    with torch.inference_mode():
        out = parser_seed1.model.net(network_input(photo, valid))
        geo = Geometry(tuple(out.masks.shape[-2:]), out.padded_size, valid, (h, w))
        fast = parsing_inference(out.logits, out.masks, geo, parser_seed1.model.config.classes,
                                 20, 0.5)
        labels, parts, persons = naive_parsing(out.logits, out.masks, out.padded_size, valid,
                                               (h, w))
    assert (fast.labels == labels).mean() >= 0.999
    assert len(np.unique(labels)) >= 2  # a degenerate all-background map would prove little
    for ours, plain in ((fast.parts, parts), (fast.persons, persons)):
        a = sorted((i.category_id, round(i.score, 3)) for i in ours)
        b = sorted((c, round(s, 3)) for c, s, _ in plain)
        assert len(a) == len(b)
        assert all(x[0] == y[0] and abs(x[1] - y[1]) <= 1e-3 for x, y in zip(a, b, strict=False))


def test_attention_masks_from_resized_features_equal_resized_masks(parser_seed1):
    """The decoder resizes the mask features once per level instead of every layer's 100
    full-size masks; bilinear resizing is linear, so the masks it blocks are the same (up to
    logits within rounding of 0), as the plain formulation computes them."""
    decoder = parser_seed1.model.net.sem_seg_head.predictor
    torch.manual_seed(1)
    features = torch.randn(1, 256, 96, 120)
    x = torch.randn(100, 1, 256)
    with torch.inference_mode():
        embed = decoder.mask_embed(decoder.decoder_norm(x)[:, 0])
        for size in ((12, 15), (24, 30), (48, 60)):
            full = torch.einsum("qc,chw->qhw", embed, features[0])
            plain = torch.nn.functional.interpolate(full.unsqueeze(0), size=size, mode="bilinear",
                                                    align_corners=False)[0].flatten(1)
            small = torch.nn.functional.interpolate(features, size=size, mode="bilinear",
                                                    align_corners=False)[0]
            fast = decoder._attention_mask(x, small)
            assert fast.shape == (decoder.n_heads, 100, size[0] * size[1])
            blocked = plain < 0
            blocked &= ~blocked.all(-1, keepdim=True)
            differ = fast[0] != blocked
            assert (plain.abs()[differ] < 1e-4).all()
            assert differ.float().mean() < 1e-4
            assert (fast == fast[0]).all()        # the same mask for every head


def test_the_second_seed_does_not_give_the_references_outputs(parser_seed1, m2fp_shared):
    """Guards against a port that ignores its weights: the reference outputs are seed 0's
    (test_m2fp_equivalence.py matches them), and seed 1's weights must give others. Compared with
    the stored outputs, not a second live model: two models at once cost 1 GB more."""
    image = np.array(Image.open(m2fp_shared / "reference" / "net_input.png").convert("RGB"))
    reference = np.load(m2fp_shared / "reference" / "net_outputs.npz")["pred_logits"]
    with torch.inference_mode():
        out = parser_seed1.model.net(torch.from_numpy(image.transpose(2, 0, 1).copy()).float())
    assert out.logits.shape == reference.shape
    assert not np.allclose(out.logits.numpy(), reference, atol=1e-2)
