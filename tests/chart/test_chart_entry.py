"""Issue 25: what was examined but not photographed, entered on the body chart (burnmap.chart.entry):
counted by its share of the region-surface's free chart area, the photo wins where it measures,
"examined, no burn" counts as assessed 0 %, the split of the assessed share, the case keeps it."""
from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

import numpy as np
import pytest

from burnmap.body.burn import DEEP_PARTIAL, FULL_THICKNESS, BurnMask
from burnmap.body.lund_browder import load_lund_browder
from burnmap.body.regions import Joints, to_clinical_regions
from burnmap.body.surface_assess import layout
from burnmap.casefile import schema as schema
from burnmap.casefile.case import CaseError, CaseFile
from burnmap.chart import geometry as geo
from burnmap.chart.body_chart import load_body_chart
from burnmap.chart.burns import _quads, chart_marks
from burnmap.chart.entry import (
    EXAMINED,
    SCALE,
    ChartEntryError,
    ChartMask,
    chart_raster,
    check_chart_values,
    entry_outlines,
    locked_pixels,
)
from burnmap.clinical.assessment import PhotoCounts, assess, assessment_to_dict, compare_assessments
from burnmap.model.patient import Patient
from burnmap.model.workspace import Workspace
from tests.helpers import mannequin as mq

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def front():
    """A mannequin's anterior photo with a full-thickness burn on the front of the trunk."""
    solids = mq.adult()
    photo = mq.render(solids, "anterior")
    regions = to_clinical_regions(photo.labels, mq.CLASSES, "anterior",
                                  Joints(photo.joints, "pose"))
    burn = mq.burn_mask(photo, solids, [("trunk", 0.2, 0.35, -30, 30)])
    return photo, regions, burn


def _pixels(region, surface):
    raster = chart_raster()
    return np.nonzero(raster.keys == layout().keys.index((region, surface)) + 1)


def _top_of(region, surface, fraction, value, values=None):
    """Chart values with the top `fraction` of a region-surface's pixels (by row) set."""
    values = np.zeros(chart_raster().shape, np.uint8) if values is None else values
    ys, xs = _pixels(region, surface)
    order = np.lexsort((xs, ys))[:round(fraction * len(ys))]
    values[ys[order], xs[order]] = value
    return values, len(order) / len(ys)


def _share(region, surface):
    return load_lund_browder().share(region, surface, "adult")


def test_the_raster_is_the_chart_and_each_pixel_lies_in_its_cell():
    chart, raster = load_body_chart(), chart_raster()
    assert raster.shape == (1000, 860)
    rng = np.random.default_rng(1)
    for y, x in zip(rng.integers(0, 1000, 400), rng.integers(0, 860, 400), strict=False):
        key = raster.keys[y, x]
        assert chart.hit((x + 0.5) / SCALE, (y + 0.5) / SCALE) == \
            (layout().keys[key - 1] if key else None)
    ys, xs = _pixels("thigh_left", "posterior")
    for i in rng.choice(len(ys), 60, replace=False):
        quad = _quads(chart, "thigh_left", "posterior", np.array([raster.cells[ys[i], xs[i]]]))[0]
        lo, hi = quad.min(0) - 1.0, quad.max(0) + 1.0      # one chart unit: the pixel's size
        point = np.array([(xs[i] + 0.5) / SCALE, (ys[i] + 0.5) / SCALE])
        assert (lo <= point).all()
        assert (point <= hi).all()


def test_a_front_photo_and_the_back_drawn_on_the_chart_give_the_hand_computed_total(front):
    _photo, regions, burn = front
    counts = PhotoCounts.of(regions, burn, "front")
    alone = assess([counts], 30)
    drawn, fraction = _top_of("trunk", "posterior", 0.3, DEEP_PARTIAL)
    both = assess([counts], 30, drawn=drawn)
    back = _share("trunk", "posterior")
    assert both.tbsa_total_percent == pytest.approx(alone.tbsa_total_percent + fraction * back,
                                                    abs=1e-9)
    assert both.tbsa_by_depth["deep partial thickness"] == pytest.approx(fraction * back)
    assert both.assessed_share_percent == pytest.approx(alone.assessed_share_percent + back)
    assert both.drawn_share_percent == pytest.approx(back)
    assert (f"({alone.assessed_share_percent:.1f} % from photos, {back:.1f} % drawn on the "
            f"chart)") in both.coverage_text()
    said = [str(w) for w in both.warnings if "of the body surface was assessed" in str(w)]
    assert said == [f"only {both.assessed_share_percent:.1f} % of the body surface was assessed: "
                    f"the total counts what the photos show and the chart holds, nothing is "
                    f"extrapolated"]
    assert any("counts what the photos show, nothing" in str(w) for w in alone.warnings)
    row = next(r for r in both.rows if (r.region, r.surface) == ("trunk", "posterior"))
    assert (row.source, row.measured_by, row.photo) == ("chart", [], -1)
    assert row.drawn_percent == pytest.approx(100.0)
    data = assessment_to_dict(both)
    entry = next(r for r in data["regions"] if (r["region"], r["side"]) == ("trunk", "posterior"))
    assert (entry["source"], entry["examined_on_chart_unburned"]) == ("chart", False)
    assert data["assessed_on_chart_percent"] == pytest.approx(back)
    assert data["assessed_from_photos_percent"] == pytest.approx(alone.assessed_share_percent)
    front_row = next(r for r in data["regions"] if (r["region"], r["side"]) == ("trunk",
                                                                                 "anterior"))
    assert front_row["source"] == "photo"
    assert front_row["measured_by"][0]["photo"] == "front"
    # drawn entries are not drawn again as measured burn, nor as unmeasured grey
    marks = chart_marks(both)
    assert not [m for m in marks if m.surface == "posterior" and m.depth is None and
                load_body_chart().shape("trunk", "posterior").contains(*m.points[0])]


def test_the_photo_wins_where_it_measures_the_surface(front):
    _photo, regions, burn = front
    counts = PhotoCounts.of(regions, burn, "front")
    alone = assess([counts], 30)
    drawn, _ = _top_of("trunk", "anterior", 1.0, FULL_THICKNESS)
    both = assess([counts], 30, drawn=drawn)
    assert both.tbsa_total_percent == pytest.approx(alone.tbsa_total_percent)
    assert both.drawn_share_percent == 0
    assert any("drawn on the body chart where front (anterior view) measures" in w
               for w in both.warnings)
    assert [(u.photo, u.region, u.surface) for u in both.uncounted] == [
        ("the body chart", "trunk", "anterior")]
    locked = locked_pixels(both.photo_choice)
    ys, xs = _pixels("trunk", "anterior")
    assert (locked[ys, xs] == 0).all()
    ys, xs = _pixels("trunk", "posterior")
    assert (locked[ys, xs] == -1).all()


def test_examined_no_burn_counts_as_assessed_zero(front):
    _photo, regions, burn = front
    counts = PhotoCounts.of(regions, burn, "front")
    alone = assess([counts], 30)
    drawn, _ = _top_of("head", "posterior", 1.0, EXAMINED)
    both = assess([counts], 30, drawn=drawn)
    assert ("head", "posterior") in alone.not_assessed
    assert ("head", "posterior") not in both.not_assessed
    row = next(r for r in both.rows if (r.region, r.surface) == ("head", "posterior"))
    assert row.drawn_unburned
    assert row.tbsa_counted == 0
    assert row.source == "chart"
    assert sum(row.percent_of_region.values()) == 0
    assert both.tbsa_total_percent == pytest.approx(alone.tbsa_total_percent)
    assert both.assessed_share_percent == pytest.approx(alone.assessed_share_percent +
                                                        _share("head", "posterior"))


def test_a_partly_examined_surface_counts_unentered_pixels_as_unburned():
    """Any entry on a region-surface means it was examined: the burn is its drawn share."""
    drawn, fraction = _top_of("thigh_left", "posterior", 0.25, DEEP_PARTIAL)
    result = assess([], 30, drawn=drawn)
    row = next(r for r in result.rows if (r.region, r.surface) == ("thigh_left", "posterior"))
    assert row.percent_of_region["deep partial thickness"] == pytest.approx(100 * fraction)
    assert result.assessed_share_percent == pytest.approx(_share("thigh_left", "posterior"))


def test_a_workspace_with_only_chart_entries_is_assessed():
    workspace = Workspace(Patient(age_years=30))
    workspace.chart_mask().values[:], fraction = _top_of("trunk", "posterior", 0.5,
                                                         FULL_THICKNESS)
    result = workspace.assessment(NOW)
    assert result.tbsa_total_percent == pytest.approx(fraction * _share("trunk", "posterior"))


def test_the_chart_mask_edits_like_a_burn_mask_with_examined_and_undo():
    mask = ChartMask.blank()
    ys, xs = _pixels("trunk", "posterior")
    patch = mask.stroke([(xs[0], ys[0]), (xs[0] + 20, ys[0] + 40)], DEEP_PARTIAL, 6)
    assert patch is not None
    assert (mask.values == DEEP_PARTIAL).sum() > 100
    region = chart_raster().keys == chart_raster().keys[ys[0], xs[0]]
    fill = mask.fill_region(int(xs[-1]), int(ys[-1]), EXAMINED, region)
    assert (mask.values[region] > 0).all()
    assert not mask.values[~mask.allowed].any()        # never off the figures
    mask.undo()
    assert (mask.values == EXAMINED).sum() == 0
    assert fill is not None
    mask.undo()
    assert not mask.values.any()
    mask.redo()
    assert (mask.values == DEEP_PARTIAL).sum() > 100
    with pytest.raises(ValueError, match="unknown depth class 5"):
        BurnMask(4, 4).begin_stroke(EXAMINED, 2)       # a photo has no "examined" value


@pytest.mark.parametrize(("values", "said"), [
    (np.zeros((10, 10), np.uint8), "not 10 x 10"),
    (np.zeros((1000, 860), np.uint16), "single-channel 8-bit"),
    (np.zeros((1000, 860, 3), np.uint8), "single-channel 8-bit"),
    ("not an array", "single-channel 8-bit"),
])
def test_hostile_chart_masks_are_refused(values, said):
    with pytest.raises(ChartEntryError, match=said):
        check_chart_values(values)


def test_unknown_values_and_entries_off_the_figures_are_refused():
    values = np.zeros(chart_raster().shape, np.uint8)
    ys, xs = _pixels("trunk", "anterior")
    values[ys[0], xs[0]] = 9
    with pytest.raises(ChartEntryError, match=r"0\.\.5, found 9"):
        check_chart_values(values)
    values[ys[0], xs[0]] = 0
    values[0, 0] = 3                                     # the corner is outside both figures
    with pytest.raises(ChartEntryError, match="1 entries outside"):
        ChartMask.of(values)


def test_the_case_keeps_the_chart_and_the_audit_trail_names_it(tmp_path):
    path = tmp_path / "c.burncase"
    case = CaseFile.create(path, "dr")
    workspace = Workspace(Patient(name="A", age_years=30))
    drawn, _ = _top_of("trunk", "posterior", 0.3, DEEP_PARTIAL)
    drawn, _ = _top_of("head", "posterior", 1.0, EXAMINED, drawn)
    workspace.chart_mask().values[:] = drawn
    workspace.chart.revision += 1
    case.save(workspace, "dr")
    case.save(workspace, "dr")                           # unchanged: not written again
    case.close()
    again = CaseFile.open(path, "dr", read_only=True)
    loaded = again.load()
    trail = [row for row in again.audit_trail() if row[2] == "body chart saved"]
    again.close()
    assert np.array_equal(loaded.chart.values, drawn)
    assert len(trail) == 1
    assert "trunk (posterior): deep partial thickness 30 %" in trail[0][3]
    assert "head (posterior): examined, no burn" in trail[0][3]
    assert loaded.assessment(NOW).tbsa_total_percent == \
        pytest.approx(workspace.assessment(NOW).tbsa_total_percent)


def test_a_blank_chart_is_not_written(tmp_path):
    path = tmp_path / "c.burncase"
    case = CaseFile.create(path, "dr")
    workspace = Workspace(Patient(name="A", age_years=30))
    workspace.chart_mask()
    case.save(workspace, "dr")
    case.close()
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT COUNT(*) FROM chart").fetchone()[0] == 0
    conn.close()


def _version_3_case(path):
    conn = sqlite3.connect(path)
    for statement in schema._statements(schema.SCHEMA_V1) + [
            s for v in (1, 2) for s in schema._statements(schema.MIGRATIONS[v])]:
        conn.execute(statement)
    conn.execute(f"PRAGMA application_id = {schema.APPLICATION_ID}")
    conn.execute("PRAGMA user_version = 3")
    conn.execute("INSERT INTO patient (id, name, age_years) VALUES (1, 'Old', 40)")
    conn.commit()
    conn.close()


def test_an_older_case_reads_with_no_chart_entries_and_is_migrated(tmp_path):
    old = tmp_path / "old.burncase"
    _version_3_case(old)
    reader = CaseFile.open(old, "dr", read_only=True)
    assert reader.load().chart is None
    reader.close()
    case = CaseFile.open(old, "dr")
    workspace = case.load()
    workspace.chart_mask().values[:] = _top_of("foot_left", "posterior", 1.0, EXAMINED)[0]
    workspace.chart.revision += 1
    case.save(workspace, "dr")
    case.close()
    again = CaseFile.open(old, "dr", read_only=True)
    assert (again.load().chart.values == EXAMINED).any()
    again.close()


@pytest.mark.parametrize(("column", "value", "said"), [
    ("mask_png", b"not a png", "damaged"),
    ("raster", "another-chart@3", "another chart"),
])
def test_a_damaged_stored_chart_is_refused(tmp_path, column, value, said):
    path = tmp_path / "c.burncase"
    case = CaseFile.create(path, "dr")
    workspace = Workspace(Patient(name="A", age_years=30))
    workspace.chart_mask().values[:] = _top_of("trunk", "posterior", 0.3, DEEP_PARTIAL)[0]
    workspace.chart.revision += 1
    case.save(workspace, "dr")
    case.close()
    conn = sqlite3.connect(path)
    conn.execute(f"UPDATE chart SET {column} = ?", (value,))
    conn.commit()
    conn.close()
    reader = CaseFile.open(path, "dr", read_only=True)
    with pytest.raises(CaseError, match=said):
        reader.load()
    reader.close()


def test_history_compares_chart_entries(front):
    _photo, regions, burn = front
    counts = PhotoCounts.of(regions, burn, "front")
    before = assessment_to_dict(assess([counts], 30))
    after = assessment_to_dict(assess([counts], 30, drawn=_top_of("trunk", "posterior", 0.3,
                                                                  DEEP_PARTIAL)[0]))
    rows = {(r["region"], r["side"]): r for r in compare_assessments(before, after)}
    back = rows[("trunk", "posterior")]
    assert back["earlier"] is None
    assert back["later"] > 0
    assert back["later_source"] == "chart"


def test_the_entries_are_outlined_per_value_around_their_pixels():
    values, _ = _top_of("trunk", "posterior", 0.3, DEEP_PARTIAL)
    values, _ = _top_of("head", "posterior", 1.0, EXAMINED, values)
    outlines = dict(entry_outlines(values))
    assert sorted(outlines) == [DEEP_PARTIAL, EXAMINED]
    ys, _xs = np.nonzero(values == DEEP_PARTIAL)
    drawn = sum(abs(geo.signed_area(r)) for r in outlines[DEEP_PARTIAL])
    # the ring passes through the outer pixels' centres: half a pixel less all round
    assert 0.9 * len(ys) / SCALE ** 2 < drawn <= len(ys) / SCALE ** 2
    assert entry_outlines(np.zeros_like(values)) == []
