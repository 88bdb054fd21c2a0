"""The M2FP port reproduces the ModelScope reference, and its fast paths equal plain ones.

Seed 0 is compared with the reference outputs in ../shared/m2fp/reference; the fast deformable
attention with the plain one. Seed 1 (no reference file) is in test_m2fp_second_seed.py.
"""
from __future__ import annotations

import json

import numpy as np
import pytest
import torch
from PIL import Image

from burnmap.parsing.m2fp.network import msda


def _rgb(path) -> np.ndarray:
    return np.array(Image.open(path).convert("RGB"))


def _close(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """The tolerance the reference's README gives (float16 storage, values up to about 70)."""
    return np.abs(a - b) <= 1e-3 * np.abs(b) + 1e-2


def _net_outputs(parser, image: np.ndarray):
    with torch.inference_mode():
        out = parser.model.net(torch.from_numpy(image.transpose(2, 0, 1).copy()).float())
    return out


def test_network_reproduces_reference_outputs(parser_seed0, m2fp_shared):
    image = _rgb(m2fp_shared / "reference" / "net_input.png")
    ref = np.load(m2fp_shared / "reference" / "net_outputs.npz")
    out = _net_outputs(parser_seed0, image)
    logits, masks = out.logits.numpy(), out.masks.numpy()
    assert logits.shape == ref["pred_logits"].shape == (100, 22)
    assert masks.shape == ref["pred_masks"].shape == (100, 64, 80)
    assert _close(logits, ref["pred_logits"]).all()
    assert _close(masks, ref["pred_masks"].astype(np.float32)).all()


@pytest.fixture(scope="module")
def reference_parsing(parser_seed0, m2fp_shared):
    return parser_seed0.parse(_rgb(m2fp_shared / "reference" / "pipeline_input.png"))


@pytest.mark.slow
def test_pipeline_reproduces_reference_label_map(reference_parsing, m2fp_shared):
    ref = np.array(Image.open(m2fp_shared / "reference" / "pipeline_semantic_labels.png"))
    assert reference_parsing.labels.shape == ref.shape == (512, 512)
    assert reference_parsing.labels.dtype == np.uint8
    assert (reference_parsing.labels == ref).mean() >= 0.995
    hist = json.loads((m2fp_shared / "reference" / "pipeline_outputs.json").read_text())
    ours = np.bincount(reference_parsing.labels.ravel(), minlength=20)
    assert np.abs(ours - np.array(hist["semantic_label_histogram"])).sum() <= 0.005 * ref.size


def test_pipeline_reproduces_reference_instances(reference_parsing, m2fp_shared):
    ref = json.loads((m2fp_shared / "reference" / "pipeline_outputs.json").read_text())
    for ours, theirs in ((reference_parsing.parts, ref["parts"]),
                         (reference_parsing.persons, ref["humans"])):
        assert sorted(i.category_id for i in ours) == sorted(r["category_id"] for r in theirs)
        assert [i.label for i in ours] == [reference_parsing.class_names[i.category_id]
                                          if i.category_id < 20 else "Human" for i in ours]
        a = sorted((r["category_id"], r["score"]) for r in theirs)
        b = sorted((i.category_id, i.score) for i in ours)
        assert all(ca == cb and abs(sa - sb) <= 1e-3 for (ca, sa), (cb, sb) in zip(a, b, strict=False))
        areas_ref = sorted(r["area"] for r in theirs)
        areas = sorted(i.area for i in ours)
        assert all(abs(x - y) <= 0.001 * 512 * 512 for x, y in zip(areas, areas_ref, strict=False))


def test_parts_carry_extent_not_pixels(reference_parsing):
    """Part instances report score, area and box; their pixels are the label map's."""
    assert reference_parsing.parts
    for inst in reference_parsing.parts:
        assert inst.packed_mask is None
        assert inst.area > 0
        with pytest.raises(ValueError, match="did not keep the pixels"):
            _ = inst.mask


def test_fast_deformable_attention_equals_grid_sample():
    torch.manual_seed(1)
    shapes, heads, dim, lq = [(7, 9), (4, 5), (2, 3)], 8, 32, 50
    starts = [0, 63, 83]
    value = torch.randn(sum(h * w for h, w in shapes), heads, dim)
    # Locations partly outside [0, 1] exercise the zero padding at the borders.
    loc = torch.rand(lq, heads, 3, 4, 2) * 1.4 - 0.2
    weights = torch.rand(lq, heads, 3, 4).softmax(-1)
    fast = msda.deformable_sample(value, shapes, starts, loc, weights)
    plain = msda.reference_grid_sample(value, shapes, starts, loc, weights)
    assert torch.allclose(fast, plain, atol=1e-5)
