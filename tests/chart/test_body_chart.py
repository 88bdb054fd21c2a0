"""The body chart: every region-side of the Lund-Browder table exactly once, shapes that tile
each silhouette (no overlap, no gap), the shared geometry (hatching, anchors, hit-testing), and
shades that say what the assessment says."""
from __future__ import annotations

import json

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFilter

from burnmap.body.burn import DEEP_PARTIAL, FULL_THICKNESS, SUPERFICIAL, SUPERFICIAL_PARTIAL
from burnmap.body.lund_browder import load_lund_browder
from burnmap.body.regions import REGION_ID, to_clinical_regions
from burnmap.chart import geometry as geo
from burnmap.chart.body_chart import (
    NOT_ASSESSED,
    ChartError,
    covered_percent_of_rows,
    dominant_depth,
    load_body_chart,
    percent_text,
    region_text,
    shade_of,
    shades_from_assessment,
)
from burnmap.clinical.assessment import PhotoCounts, assess
from burnmap.system.paths import resources_dir
from tests.helpers.figure import CLASSES, figure

CHART_FILE = resources_dir() / "body_chart.json"


@pytest.fixture(scope="module")
def chart():
    return load_body_chart()


def _raw() -> dict:
    return json.loads(CHART_FILE.read_text(encoding="utf-8"))


def test_every_region_side_of_the_table_is_one_shape_exactly_once():
    keys = [(e["region"], e["surface"]) for e in _raw()["shapes"]]
    table = load_lund_browder().region_surfaces()
    assert len(keys) == len(set(keys)) == len(table) == 33
    assert set(keys) == set(table)
    assert ("genitalia", "posterior") not in keys
    assert ("buttock_left", "anterior") not in keys


def test_polygons_are_closed_and_inside_their_figure():
    data = _raw()
    for entry in data["shapes"]:
        x, y, w, h = data["figures"][entry["surface"]]["box"]
        for poly in entry["polygons"]:
            assert poly[0] == poly[-1]
            assert len(poly) >= 4
            xs, ys = [p[0] for p in poly], [p[1] for p in poly]
            assert x <= min(xs)
            assert max(xs) <= x + w
            assert y <= min(ys)
            assert max(ys) <= y + h


def test_patient_left_is_viewer_right_in_front_and_viewer_left_behind(chart):
    for region in ("forearm_left", "thigh_left", "hand_left"):
        for surface, sign in (("anterior", 1), ("posterior", -1)):
            x0, _, w, _ = chart.figures[surface]
            middle = x0 + w / 2
            assert sign * (chart.shape(region, surface).anchor[0] - middle) > 20
    assert chart.shape("buttock_left", "posterior").anchor[0] < \
        chart.shape("buttock_right", "posterior").anchor[0]


def _masks(chart, surface, scale=4):
    """Each shape of a figure rasterised (PIL fills include the edge pixels)."""
    w, h = (int(v * scale) for v in chart.size)
    out = []
    for shape in (s for s in chart.shapes if s.surface == surface):
        image = Image.new("L", (w, h), 0)
        for ring in shape.rings:
            ImageDraw.Draw(image).polygon([(x * scale, y * scale) for x, y in ring], fill=1)
        out.append(image)
    return out


@pytest.mark.parametrize("surface", ["anterior", "posterior"])
def test_shapes_of_a_figure_do_not_overlap_and_leave_no_gap(chart, surface):
    masks = _masks(chart, surface)
    # Neighbours both claim the pixels on their shared edge: shrink each by one pixel first.
    eroded = sum(np.asarray(m.filter(ImageFilter.MinFilter(3)), np.uint8) for m in masks)
    assert eroded.max() == 1
    union = np.maximum.reduce([np.asarray(m, np.uint8) for m in masks])
    silhouette = _masks_of_rings(chart.outline(surface), union.shape)
    holes = silhouette & (union == 0)
    assert not holes.any(), f"gaps between regions at {np.argwhere(holes)[:5] / 4}"
    assert len(chart.outline(surface)) == 1


def _masks_of_rings(rings, shape, scale=4) -> np.ndarray:
    image = Image.new("L", shape[::-1], 0)
    for ring in rings:
        ImageDraw.Draw(image).polygon([(x * scale, y * scale) for x, y in ring], fill=1)
    return np.asarray(image, np.uint8).astype(bool)


def _write(tmp_path, data) -> object:
    path = tmp_path / "chart.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_a_chart_missing_a_region_twice_a_region_or_not_tiling_is_refused(tmp_path):
    good = _raw()
    missing = dict(good, shapes=good["shapes"][1:])
    twice = dict(good, shapes=good["shapes"] + good["shapes"][:1])
    for data, message in ((missing, "missing"), (twice, "twice")):
        with pytest.raises(ChartError, match=message):
            load_body_chart(_write(tmp_path, data))
    shifted = json.loads(json.dumps(good))
    head, neck = shifted["shapes"][0], shifted["shapes"][1]
    assert (head["region"], neck["region"]) == ("head", "neck")
    shared = [i for i, p in enumerate(head["polygons"][0][:-1]) if p in neck["polygons"][0]]
    point = head["polygons"][0][shared[len(shared) // 2]]   # on the chin: head and neck share it
    point[1] += 2                                            # the neck now overlaps the head
    with pytest.raises(ChartError, match="tile"):
        load_body_chart(_write(tmp_path, shifted))
    opened = json.loads(json.dumps(good))
    opened["shapes"][0]["polygons"][0].pop()
    with pytest.raises(ChartError, match="closed"):
        load_body_chart(_write(tmp_path, opened))


def test_hatch_segments_lie_inside_their_shape_and_are_deterministic(chart):
    for shape in chart.shapes:
        segments = shape.hatch(3.0)
        assert segments
        assert segments == shape.hatch(3.0)
        for (x0, y0), (x1, y1) in segments:
            for t in (0.25, 0.5, 0.75):
                assert shape.contains(x0 + t * (x1 - x0), y0 + t * (y1 - y0))
            assert geo.distance_to_boundary(x0, y0, shape.rings) < 1e-3


def test_hatching_a_square():
    square = [(0.0, 0.0), (10.0, 0.0), (10.0, 10.0), (0.0, 10.0)]
    segments = geo.hatch_segments([square], 2.0, angle_degrees=0)    # horizontal lines
    inner = [s for s in segments if 0 < s[0][1] < 10]                 # y = 0, 10: on the edge
    assert [s[0][1] for s in inner] == [2.0, 4.0, 6.0, 8.0]
    assert all(s[0][0] == 0 and s[1][0] == 10 for s in segments)
    dots = geo.dot_grid([square], 2.0)
    assert all(0.5 <= x <= 9.5 and 0.5 <= y <= 9.5 for x, y in dots)


def test_pole_of_inaccessibility():
    square = [(0.0, 0.0), (10.0, 0.0), (10.0, 10.0), (0.0, 10.0)]
    x, y, r = geo.pole_of_inaccessibility([square])
    assert (x, y, r) == pytest.approx((5, 5, 5), abs=0.3)
    ell = [(0.0, 0.0), (30.0, 0.0), (30.0, 6.0), (6.0, 6.0), (6.0, 30.0), (0.0, 30.0)]
    x, y, r = geo.pole_of_inaccessibility([ell])
    # In the corner square, equally far from the outer edges and the inner corner (6, 6).
    assert geo.inside(x, y, [ell])
    assert r == pytest.approx(6 * 2 ** 0.5 / (1 + 2 ** 0.5), abs=0.3)


def test_hit_testing_finds_each_region_at_its_anchor(chart):
    for shape in chart.shapes:
        assert chart.hit(*shape.anchor) == shape.key
        if shape.label is not None:                     # outside label points are off the body
            assert chart.hit(*shape.label) is None
    assert chart.hit(1, 1) is None
    assert chart.hit(chart.size[0] / 2, 250) is None    # between the figures


def _figure_assessment(region: str, depth: int):
    labels, joints = figure()
    rm = to_clinical_regions(labels, CLASSES, "anterior", joints)
    burn = np.zeros(rm.ids.shape, np.uint8)
    burn[rm.ids == REGION_ID[region]] = depth
    return assess([PhotoCounts.of(rm, burn)], 30)


def test_a_fully_deep_partial_face_shades_the_anterior_head_depth_3_at_100_percent():
    result = _figure_assessment("head", DEEP_PARTIAL)
    shades = shades_from_assessment(result)
    head = shades[("head", "anterior")]
    assert (head.status, head.depth, head.superficial_only) == ("assessed", DEEP_PARTIAL, False)
    assert head.percent_of_region == pytest.approx(100)
    trunk = shades[("trunk", "anterior")]
    assert (trunk.status, trunk.depth, trunk.percent_of_region) == ("assessed", None, 0)
    for region, surface in result.not_assessed:          # never drawn as 0
        assert shades[(region, surface)] == NOT_ASSESSED
    assert shades[("head", "posterior")].status == "not_assessed"
    assert len(shades) == 33


def test_shades_agree_with_every_row_of_the_assessment():
    result = _figure_assessment("forearm_left", SUPERFICIAL)
    shades = shades_from_assessment(result)
    for row in result.rows:
        shade = shades[(row.region, row.surface)]
        counted = sum(v for k, v in row.percent_of_region.items() if k != "superficial")
        expected = counted or row.percent_of_region["superficial"]
        assert shade.percent_of_region == pytest.approx(expected)
    forearm = shades[("forearm_left", "anterior")]
    assert forearm.depth == SUPERFICIAL
    assert forearm.superficial_only
    assert region_text(forearm) == "(100)"


def test_dominant_depth_prefers_the_largest_share_and_on_a_tie_the_deeper():
    assert dominant_depth({SUPERFICIAL_PARTIAL: 30, DEEP_PARTIAL: 10}) == SUPERFICIAL_PARTIAL
    assert dominant_depth({SUPERFICIAL_PARTIAL: 20, FULL_THICKNESS: 20}) == FULL_THICKNESS
    assert dominant_depth({SUPERFICIAL: 90, DEEP_PARTIAL: 1}) == DEEP_PARTIAL  # only counted
    assert dominant_depth({SUPERFICIAL: 90}) is None
    mixed = shade_of({SUPERFICIAL: 50, SUPERFICIAL_PARTIAL: 10, DEEP_PARTIAL: 15})
    assert (mixed.depth, mixed.percent_of_region, mixed.superficial_only) == (3, 25, False)
    assert shade_of({}).depth is None
    assert shade_of({}).percent_of_region == 0


def test_clothing_covered_share():
    result = _figure_assessment("head", FULL_THICKNESS)
    covered = covered_percent_of_rows(result, [{"trunk": 0.8, "head": 0.1}])
    assert covered[("trunk", "anterior")] == pytest.approx(80)
    shades = shades_from_assessment(result, covered)
    assert shades[("trunk", "anterior")].status == "mostly_covered"
    assert shades[("trunk", "anterior")].covered_percent == pytest.approx(80)
    assert shades[("head", "anterior")].status == "assessed"


def test_numbers_as_printed():
    assert [percent_text(p) for p in (None, 0, 0.3, 12.4, 99.6)] == ["", "", "<1", "12", "100"]
