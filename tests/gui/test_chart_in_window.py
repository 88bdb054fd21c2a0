"""The body chart in the window: a tab beside the results table that follows every stroke;
clicking a region tints its pixels in both photo views; hovering a photo pixel outlines its
region on the chart."""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, Qt

from core.body_chart import fill_rgb
from core.regions import REGION_ID
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
        assert not (tinted & ~trunk).any() and tinted.sum() >= 0.4 * trunk.sum()
    ys, xs = np.nonzero(ids == REGION_ID["trunk"])
    window.canvas._hover(QPointF(float(xs[len(xs) // 2]), float(ys[len(ys) // 2])))
    assert chart.highlighted == {("trunk", "anterior")}
