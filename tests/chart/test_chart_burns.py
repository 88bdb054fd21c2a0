"""Issue 20: the chart draws each burn where it is and as large as it is (burnmap.chart.burns), from
the same surface coordinates as the numbers; a trunk with a small burn is not drawn solid."""
from __future__ import annotations

import numpy as np
import pytest

from burnmap.body.burn import FULL_THICKNESS
from burnmap.body.regions import Joints, to_clinical_regions
from burnmap.chart import geometry as geo
from burnmap.chart.body_chart import load_body_chart
from burnmap.chart.burns import chart_marks, chart_point
from burnmap.clinical.assessment import PhotoCounts, assess
from tests.helpers import mannequin as mq


@pytest.fixture(scope="module")
def scene():
    solids = mq.adult()
    photos = {v: mq.render(solids, v) for v in ("anterior", "posterior", "left")}
    maps = {v: to_clinical_regions(p.labels, mq.CLASSES, v, Joints(p.joints, "pose"))
            for v, p in photos.items()}
    return solids, photos, maps


def _assess(scene, views, sectors):
    solids, photos, maps = scene
    return assess([PhotoCounts.of(maps[v], mq.burn_mask(photos[v], solids, sectors), v)
                   for v in views], 30)


def _area(points) -> float:
    return abs(geo.signed_area(points))


def test_a_small_burn_is_drawn_small_and_in_its_place(scene):
    chart = load_body_chart()
    result = _assess(scene, ("anterior", "posterior"), [("trunk", 0.2, 0.35, 20, 60)])
    marks = [m for m in chart_marks(result, chart) if m.depth is not None]
    assert marks
    assert all(m.surface == "anterior" and m.depth == FULL_THICKNESS for m in marks)
    shape = chart.shape("trunk", "anterior")
    x0, y0, x1, y1 = shape.bounds
    burned = sum(_area(m.points) for m in marks)
    trunk = _area(shape.rings[0])
    # a 40-degree sector over 15 % of the trunk's height, seen from the front: a few % of the
    # shape, never the whole region
    assert 0.005 * trunk < burned < 0.06 * trunk
    xs = np.array([p[0] for m in marks for p in m.points])
    ys = np.array([p[1] for m in marks for p in m.points])
    assert xs.min() > (x0 + x1) / 2                       # the patient's left: viewer's right
    assert y0 + 0.1 * (y1 - y0) < ys.mean() < y0 + 0.45 * (y1 - y0)
    assert all(shape.contains(*np.mean(m.points, axis=0)) for m in marks)


def test_a_burn_seen_on_both_frontal_photos_is_drawn_on_both_figures(scene):
    result = _assess(scene, ("anterior", "posterior"), [("thigh_left", 0.3, 0.6, 60, 120)])
    surfaces = {m.surface for m in chart_marks(result) if m.depth is not None}
    assert surfaces == {"anterior", "posterior"}


def test_what_no_photo_measured_in_an_assessed_region_is_drawn_grey(scene):
    result = _assess(scene, ("anterior", "left"), [])
    grey = [m for m in chart_marks(result) if m.depth is None]
    assert {m.surface for m in grey} == {"posterior"}    # the back half the side photo misses
    assert not any(m.depth is not None for m in chart_marks(result))


def test_a_point_of_the_surface_lands_on_its_shape(scene):
    chart = load_body_chart()
    shape = chart.shape("trunk", "anterior")
    x0, _y0, x1, _y1 = shape.bounds
    middle = chart_point("trunk", "anterior", 0.5, 0.0, chart)
    assert middle[0] == pytest.approx((x0 + x1) / 2, abs=1.5)
    assert shape.contains(*middle)
    left = chart_point("trunk", "anterior", 0.5, 89.0, chart)
    back_left = chart_point("trunk", "posterior", 0.5, 91.0, chart)
    assert left[0] > middle[0] + 20                      # anterior: the patient's left, right
    back = chart.shape("trunk", "posterior").bounds
    assert back_left[0] < (back[0] + back[2]) / 2 - 20     # posterior: on the viewer's left
    assert chart_point("buttock_left", "posterior", 0.5, 180, chart) == \
        chart.shape("buttock_left", "posterior").anchor


def test_a_photo_pixel_marks_its_point_on_the_chart(scene):
    from burnmap.chart.burns import hover_point
    _, photos, maps = scene
    front, side = maps["anterior"], maps["left"]
    x, y = (int(v) for v in photos["anterior"].joints["left_shoulder"])
    ys, xs = np.nonzero(front.ids == front.ids[y + 40, x])   # inside the left upper arm
    region, surface, point = hover_point(front, int(xs.mean()), int(ys.mean()))
    assert (region, surface) == ("upper_arm_left", "anterior")
    assert load_body_chart().shape(region, surface).contains(*point)
    # on the side photo the back of the trunk lands on the posterior figure
    trunk = np.argwhere(side.ids == front.ids[int(photos["anterior"].joints["left_hip"][1]) - 60,
                                              int(photos["anterior"].joints["left_hip"][0]) - 30])
    back = trunk[trunk[:, 1] == trunk[:, 1].max()][0]      # the rightmost: the back
    region, surface, point = hover_point(side, int(back[1]) - 2, int(back[0]))
    assert (region, surface) == ("trunk", "posterior")
    assert hover_point(front, 0, 0) is None
