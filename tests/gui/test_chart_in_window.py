"""The body chart in the window: a tab beside the results table that follows every stroke;
clicking a region tints its pixels in both photo views; hovering a photo pixel outlines its
region on the chart."""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, Qt

from burnmap.body.regions import REGION_ID
from burnmap.chart.body_chart import fill_rgb
from tests.gui.windows import TIMEOUT, chart_anchor, demo_window, wait_parsed


def test_the_chart_follows_the_assessment_and_links_to_the_photo(qtbot, tmp_path):
    window = demo_window(qtbot, tmp_path)
    wait_parsed(qtbot, window)
    chart = window.results.chart
    qtbot.waitUntil(lambda: chart.shades[("trunk", "anterior")].depth is not None,
                    timeout=TIMEOUT)
    result = window.workspace.assessment()
    trunk = next(r for r in result.rows if (r.region, r.surface) == ("trunk", "anterior"))
    assert chart.shades[("trunk", "anterior")].percent_of_region == \
        sum(v for k, v in trunk.percent_of_region.items() if k != "superficial")
    assert fill_rgb(chart.shades[("trunk", "anterior")]) is not None
    window.results.tabs.setCurrentWidget(chart)
    qtbot.mouseClick(chart, Qt.MouseButton.LeftButton,
                     pos=chart_anchor(chart, ("trunk", "anterior")).toPoint())
    ids = window.workspace.photos[0].regions.ids
    trunk = ids == REGION_ID["trunk"]
    for side in (window.canvas.left, window.canvas.right):   # stripes over the trunk only
        tinted = side.highlight.pixels[..., 3] > 0
        assert not (tinted & ~trunk).any()
        assert tinted.sum() >= 0.4 * trunk.sum()
    ys, xs = np.nonzero(ids == REGION_ID["trunk"])
    window.canvas._hover(QPointF(float(xs[len(xs) // 2]), float(ys[len(ys) // 2])))
    assert chart.highlighted == {("trunk", "anterior")}


def test_the_window_draws_the_burn_in_place_and_marks_the_hovered_pixel(qtbot, tmp_path):
    """Issue 20: the demo's sample burn is drawn where it is (not the whole trunk filled), and
    the photo pixel under the mouse is marked on the chart at its point of the body."""
    from burnmap.chart.body_chart import UNBURNED_RGB
    from burnmap.chart.burns import chart_marks
    window = demo_window(qtbot, tmp_path)
    wait_parsed(qtbot, window)
    chart = window.results.chart
    qtbot.waitUntil(lambda: chart.shades[("trunk", "anterior")].depth is not None,
                    timeout=TIMEOUT)
    window.results.tabs.setCurrentWidget(chart)
    marks = [m for m in chart_marks(window.workspace.assessment()) if m.depth is not None]
    assert marks
    assert all(m.surface == "anterior" for m in marks)
    image = chart.grab().toImage()
    # the trunk's ground stays white where it was measured unburned: the middle of a run of
    # unburned measured cells, away from the region's ends (its outline) and the one farthest
    # from the region's number (drawn at the shape's anchor: on a small chart the first such
    # cell can lie under it)
    from burnmap.body.body_model import load_body_model
    from burnmap.chart.burns import chart_point
    model = load_body_model()
    cells, sums = window.workspace.assessment().measured_cells
    base = model.solid_base("trunk")
    clean = {int(c) - base for c, row in zip(cells, sums, strict=False)
             if base <= c < base + model.cells_per_solid and row[1:5].sum() == 0}
    inner = [(c // model.angle_bins, c % model.angle_bins) for c in sorted(clean)
             if all((c // model.angle_bins + db) * model.angle_bins +
                    (c % model.angle_bins + dj) % model.angle_bins in clean
                    for db in (-1, 0, 1) for dj in (-1, 0, 1)) and
             abs(((c % model.angle_bins) * 5 + 2.5 + 180) % 360 - 180) < 45 and
             2 <= c // model.angle_bins < model.axis_bins - 2]
    ax, ay = chart.chart.shape("trunk", "anterior").anchor
    x, y = max((chart_point("trunk", "anterior", (b + 0.5) / model.axis_bins, j * 5 + 2.5)
                for b, j in inner), key=lambda p: (p[0] - ax) ** 2 + (p[1] - ay) ** 2)
    at = chart.chart_transform().map(QPointF(x, y))
    colour = image.pixelColor(int(at.x()), int(at.y()))
    assert (colour.red(), colour.green(), colour.blue()) == UNBURNED_RGB
    ids = window.workspace.photos[0].regions.ids
    ys, xs = np.nonzero(ids == REGION_ID["trunk"])
    window.canvas._hover(QPointF(float(xs[len(xs) // 2]), float(ys[len(ys) // 2])))
    assert chart.point is not None
    assert chart.point[0] == "anterior"
    assert chart.chart.shape("trunk", "anterior").contains(*chart.point[1])
    window.canvas._hover(QPointF(-5.0, -5.0))
    assert chart.point is None
