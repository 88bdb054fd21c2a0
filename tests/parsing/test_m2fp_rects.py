"""The rectangle method of M2FP's post-processing gives the pixel-by-pixel method's results.

Pieces and rectangles are checked against the resampling chain itself; whole post-processing runs
on scenes with overlapping instances, competing classes and persons (m2fp_scenes.py) and on the
synthetic model's real outputs, and is compared with the literal reference formulation
(naive_parsing.py) and with the banded pixel method at sizes the literal one cannot hold.
"""
from __future__ import annotations

import numpy as np
import pytest
import torch

from burnmap.parsing.m2fp.postprocess import persons as postprocess
from burnmap.parsing.m2fp.postprocess.exact import PixelEngine
from burnmap.parsing.m2fp.postprocess.persons import Geometry, parsing_inference
from burnmap.parsing.m2fp.postprocess.pieces import AxisPieces, gauss_rule, quadrature_error
from burnmap.parsing.m2fp.postprocess.rect_engine import RectEngine
from burnmap.parsing.m2fp.postprocess.rects import Rects
from burnmap.parsing.m2fp.postprocess.resize import chain_matrix
from burnmap.parsing.m2fp.postprocess.selection import select_candidates
from tests.parsing.m2fp_scenes import scene
from tests.parsing.naive_parsing import naive_parsing

CLASSES = tuple(f"class{i}" for i in range(21))


@pytest.mark.parametrize("sizes", [(160, 640, 640, 3000), (216, 864, 853, 4000),
                                   (40, 160, 157, 700), (160, 640, 640, 512), (54, 216, 213, 7)])
def test_pieces_are_affine_runs_that_tile_the_axis(sizes):
    chain = chain_matrix(*sizes).numpy()
    axis = AxisPieces(*sizes)
    order = axis.spatial
    assert axis.start[order][0] == 0
    assert np.array_equal(np.cumsum(axis.length[order])[:-1], axis.start[order][1:])
    assert axis.length.sum() == sizes[3]
    corners = axis.corner_rows.numpy().reshape(axis.count, 2, -1)
    for p in range(axis.count):
        n, s = axis.length[p], axis.start[p]
        t = np.arange(n)[:, None] / max(n - 1, 1)
        rebuilt = corners[p, 0] * (1 - t) + corners[p, 1] * t
        assert np.allclose(rebuilt, chain[s:s + n], atol=1e-6)
    # Pieces are maximal: about two per stride-4 row, whatever the output size.
    assert axis.count <= 2 * sizes[0] + 2


def test_gauss_rule_sums_polynomials_of_degree_five_exactly():
    for n in (1, 2, 3, 4, 15, 47):
        t, w = gauss_rule(n)
        x = t * (n - 1)
        for degree in range(6):
            exact = sum(float(k) ** degree for k in range(n))
            assert np.isclose((w * x ** degree).sum(), exact, rtol=1e-9), (n, degree)


def _rects(corners, ny, nx):
    k = len(corners)
    zeros = torch.zeros(k, dtype=torch.long)
    return Rects.of(torch.arange(k), zeros + 3, zeros + 5, zeros + ny, zeros + nx,
                    torch.tensor(corners, dtype=torch.float32))


def test_positive_runs_are_the_pixels_above_zero():
    rng = np.random.default_rng(0)
    corners = rng.normal(0, 5, (500, 4))
    corners[:20, 1] = corners[:20, 0]          # flat rows
    corners[20:40] = np.abs(corners[20:40])    # all positive
    for ny, nx in ((1, 1), (1, 9), (7, 1), (5, 13), (15, 47)):
        rects = _rects(corners, ny, nx)
        values = rects.pixel_values(ny, nx).view(-1, ny, nx)
        runs = rects.positive_runs(ny, nx)
        x = torch.arange(nx)
        inside = (x >= runs.start[..., None]) & (x <= runs.end[..., None])
        assert torch.equal(inside, values > 0)
        assert torch.equal(runs.count.long(), (values > 0).sum(2))
        exact = (values.sigmoid() * (values > 0)).sum((1, 2))
        sums, bound = runs.sigmoid_sums()
        assert ((sums - exact).abs() <= bound + 1e-5 * exact + 1e-5).all()


def test_quadrature_error_bounds_the_rule_on_positive_runs():
    """The table in pieces.py holds for runs it was not measured on (other lengths, starts)."""
    rng = np.random.default_rng(2)
    n = rng.integers(2, 90, 3000)
    start = rng.uniform(0, 14, 3000)
    change = rng.uniform(0, 40, 3000)
    bound = quadrature_error(torch.from_numpy(change).float()).double().numpy()
    for k in range(len(n)):
        x = np.arange(n[k])
        exact = (1 / (1 + np.exp(-(start[k] + change[k] * x / (n[k] - 1))))).sum()
        t, w = gauss_rule(int(n[k]))
        approx = (w / (1 + np.exp(-(start[k] + change[k] * t)))).sum()
        assert abs(approx - exact) <= bound[k] * exact, (n[k], start[k], change[k])


def test_split_keeps_every_pixel_value():
    rng = np.random.default_rng(1)
    rects = _rects(rng.normal(0, 5, (50, 4)), 21, 30)
    before = rects.pixel_values(21, 30).view(-1, 21, 30)
    halves = rects.split()
    assert len(halves) == 4 * len(rects)
    rebuilt = torch.zeros_like(before)
    for (ny, nx), index in halves.shapes():
        part = halves.take(index)
        values = part.pixel_values(ny, nx).view(-1, ny, nx)
        for k in range(len(part)):
            y, x = int(part.y0[k]) - 3, int(part.x0[k]) - 5
            rebuilt[part.owner[k], y:y + ny, x:x + nx] = values[k]
    assert torch.allclose(rebuilt, before, atol=1e-4)


def _compare_with_naive(logits, masks, geo, method, paste_thr=0.5):
    ours = parsing_inference(logits, masks, geo, CLASSES, 20, paste_thr, method=method)
    labels, parts, persons = naive_parsing(logits, masks, geo.padded, geo.valid, geo.out,
                                           thr=paste_thr)
    assert (ours.labels == labels).mean() >= 0.9999
    for mine, plain in ((ours.parts, parts), (ours.persons, persons)):
        plain = [p for p in plain if p[2] > 0]
        a = sorted((i.category_id, i.area, round(i.score, 4)) for i in mine)
        b = sorted((c, area, round(s, 4)) for c, s, area in plain)
        assert [x[:2] for x in a] == [x[:2] for x in b]
        assert all(abs(x[2] - y[2]) <= 2e-4 for x, y in zip(a, b, strict=False))
    return ours, labels


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_scene_rects_equal_the_literal_reference(seed):
    logits, masks, geo = scene(seed)
    ours, labels = _compare_with_naive(logits, masks, geo, "rects")
    assert len(np.unique(labels)) >= 4
    assert ours.persons
    _check_person_masks(ours, geo)


def test_scene_pixels_equal_the_literal_reference():
    logits, masks, geo = scene(3)
    ours, _ = _compare_with_naive(logits, masks, geo, "pixels")
    _check_person_masks(ours, geo)


def _check_person_masks(result, geo):
    """Each person's mask fills its box tightly and counts its area."""
    assert result.persons
    for person in result.persons:
        x0, y0, x1, y1 = person.box
        assert person.mask.shape == (y1 - y0 + 1, x1 - x0 + 1)
        assert int(person.mask.sum()) == person.area
        ys, xs = np.nonzero(person.full_mask(*geo.out))
        assert (xs.min(), ys.min(), xs.max(), ys.max()) == person.box


def test_both_methods_give_the_same_person_masks_and_boxes():
    logits, masks, geo = scene(4, out=(1200, 1600))
    a = parsing_inference(logits, masks, geo, CLASSES, 20, 0.5, method="rects")
    b = parsing_inference(logits, masks, geo, CLASSES, 20, 0.5, method="pixels")
    assert len(a.persons) == len(b.persons) >= 1
    for x, y in zip(sorted(a.persons, key=lambda p: p.area),
                    sorted(b.persons, key=lambda p: p.area), strict=False):
        assert x.box == y.box
        assert x.area == y.area
        assert np.array_equal(x.packed_mask, y.packed_mask)
    assert (a.labels == b.labels).mean() >= 0.9999
    assert all(p.packed_mask is None for p in a.parts + b.parts)


def test_a_score_at_a_threshold_is_decided_as_pixel_by_pixel():
    """Where the rectangle method's mask score and the exact one straddle the paste threshold,
    the instance is pasted exactly as the reference pastes it."""
    logits, masks, geo = scene(5)
    cands = select_candidates(logits)
    chosen = masks[cands.queries]
    approx = RectEngine(chosen, geo).statistics().mean_prob
    exact = PixelEngine(chosen, geo).statistics().mean_prob
    stats = RectEngine(chosen, geo).statistics()
    assert ((approx - exact).abs() <= stats.mean_error + 1e-6).all()   # the bound holds
    k = int(torch.argmax((approx - exact).abs()[cands.slot] * (cands.labels != 20)))
    assert approx[cands.slot[k]] != exact[cands.slot[k]]
    thr = float(cands.class_scores[k] * (approx[cands.slot[k]] + exact[cands.slot[k]]) / 2)
    _compare_with_naive(logits, masks, geo, "rects", paste_thr=thr)


@pytest.mark.slow
def test_synthetic_model_outputs_at_a_large_size(parser_seed1):
    """Real network outputs, post-processed at 12 megapixels by both methods."""
    from burnmap.parsing.m2fp.parser import network_input, network_size
    rng = np.random.default_rng(5)
    photo = (rng.random((300, 400, 3)) * 255).astype(np.uint8)
    valid = network_size(300, 400)
    with torch.inference_mode():
        out = parser_seed1.model.net(network_input(photo, valid))
    geo = Geometry(tuple(out.masks.shape[-2:]), out.padded_size, valid, (3000, 4000))
    assert geo.method() == "rects"
    a = parsing_inference(out.logits, out.masks, geo, CLASSES, 20, 0.5)
    b = parsing_inference(out.logits, out.masks, geo, CLASSES, 20, 0.5, method="pixels")
    assert len(np.unique(b.labels)) >= 2
    # Noise photo, synthetic weights: the steepest logits there are; mask scores within 1e-4.
    assert (a.labels == b.labels).mean() >= 0.9995
    mine, exact = (sorted((i.category_id, i.box, i.area) for i in r.parts) for r in (a, b))
    assert [m[:2] for m in mine] == [e[:2] for e in exact]
    # A pixel whose logit is within float rounding of 0 may fall either way.
    assert all(abs(m[2] - e[2]) <= 2 for m, e in zip(mine, exact, strict=False))


def test_the_method_follows_the_photo_size():
    assert Geometry((160, 216), (640, 864), (640, 853), (960, 1280)).method() == "pixels"
    assert Geometry((160, 216), (640, 864), (640, 853), (3000, 4000)).method() == "rects"
    assert postprocess.RECT_ABOVE >= 2
