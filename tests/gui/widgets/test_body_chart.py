"""The window's body chart: the colour at each region's anchor is its shade, clicking a region
emits its key, highlight() and hovering outline it, the tooltip gives name and numbers, and the
wording is translated."""
from __future__ import annotations

from collections import Counter

import pytest
from PySide6.QtCore import QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import QColor

from burnmap.chart.body_chart import HATCH_RGB, HIGHLIGHT_RGB, NOT_ASSESSED, NOT_ASSESSED_RGB, fill_rgb
from burnmap.gui.app import install_language
from burnmap.gui.widgets.body_chart import BodyChartWidget
from tests.chart_shades import sample_shades
from tests.gui.windows import chart_anchor


@pytest.fixture
def widget(qtbot):
    w = BodyChartWidget()
    qtbot.addWidget(w)
    w.resize(620, 700)
    w.set_shades(sample_shades(), 12.34, 56.78)
    w.show()
    qtbot.waitExposed(w)
    return w


def _mode_colour(image, centre: QPointF, radius: float) -> tuple[int, int, int]:
    r, cx, cy = max(1, int(radius)), centre.x(), centre.y()
    colours = [QColor(image.pixel(i, j)).getRgb()[:3]
               for j in range(int(cy) - r, int(cy) + r + 1)
               for i in range(int(cx) - r, int(cx) + r + 1)
               if (i - cx) ** 2 + (j - cy) ** 2 <= r * r]
    return Counter(colours).most_common(1)[0][0]


def _count(image, rgb, tolerance=8) -> int:
    return sum(1 for y in range(0, image.height(), 2) for x in range(0, image.width(), 2)
               if max(abs(a - b) for a, b in zip(QColor(image.pixel(x, y)).getRgb(), rgb, strict=False))
               <= tolerance)


def test_colour_at_each_regions_anchor_is_its_shade(widget):
    image = widget.grab().toImage()
    scale = widget.chart_transform().m11()
    for shape in widget.chart.shapes:
        shade = widget.shades[shape.key]
        colour = _mode_colour(image, chart_anchor(widget, shape.key), 0.6 * shape.pole[2] * scale)
        if shade == NOT_ASSESSED:                # grey, with its hatching blended in
            assert max(colour) - min(colour) <= 3, (shape.key, colour)
            assert HATCH_RGB[0] - 5 <= colour[0] <= NOT_ASSESSED_RGB[0], (shape.key, colour)
        else:
            expected = fill_rgb(shade)
            assert max(abs(a - b) for a, b in zip(colour, expected, strict=False)) <= 3, (shape.key, colour)


def test_clicking_a_region_emits_its_key(widget, qtbot):
    for key in (("forearm_left", "anterior"), ("buttock_right", "posterior"),
                ("genitalia", "anterior"), ("hand_left", "posterior")):
        point = chart_anchor(widget, key).toPoint()
        with qtbot.waitSignal(widget.region_clicked, timeout=1000) as blocker:
            qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=point)
        assert tuple(blocker.args) == key
    with qtbot.assertNotEmitted(widget.region_clicked):
        qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=QPoint(2, widget.height() // 2))


def test_highlight_outlines_a_region_strongly(widget):
    assert _count(widget.grab().toImage(), HIGHLIGHT_RGB) == 0
    widget.highlight("hand_left")                              # both surfaces
    assert widget.highlighted == {("hand_left", "anterior"), ("hand_left", "posterior")}
    image = widget.grab().toImage()
    for surface in ("anterior", "posterior"):
        x0, y0, x1, y1 = widget.chart.shape("hand_left", surface).bounds
        box = widget.chart_transform().mapRect(QRectF(x0, y0, x1 - x0, y1 - y0))
        inside = sum(1 for y in range(int(box.top()) - 2, int(box.bottom()) + 3)
                     for x in range(int(box.left()) - 2, int(box.right()) + 3)
                     if QColor(image.pixel(x, y)).getRgb()[:3] == HIGHLIGHT_RGB)
        assert inside > 20, surface
    widget.highlight("trunk", "anterior")
    assert widget.highlighted == {("trunk", "anterior")}
    widget.highlight(None)
    assert _count(widget.grab().toImage(), HIGHLIGHT_RGB) == 0


def test_hovering_emits_the_region_and_shows_its_numbers(widget, qtbot):
    key = ("forearm_left", "anterior")
    qtbot.mouseMove(widget, QPoint(1, 1))   # from elsewhere: a move to where it is sends nothing
    with qtbot.waitSignal(widget.region_hovered, timeout=1000) as blocker:
        qtbot.mouseMove(widget, chart_anchor(widget, key).toPoint())
    assert tuple(blocker.args) == key
    assert widget.hovered == key
    tip = widget.tooltip(key)
    assert "left forearm (anterior)" in tip
    assert "100.0 % of the region" in tip
    assert "Full thickness: 100.0 %" in tip
    assert "Not assessed: no photo shows it" in widget.tooltip(("head", "posterior"))
    assert "Superficial only" in widget.tooltip(("lower_leg_left", "anterior"))
    assert "Covered by clothing: 80 %" in widget.tooltip(("thigh_right", "anterior"))


def test_chinese_wording(qtbot, qapp):
    install_language(qapp, "zh_CN")   # the UI translation and the clinical words
    try:
        w = BodyChartWidget()
        qtbot.addWidget(w)
        w.set_shades(sample_shades(), 1.0, 2.0)
        assert w.tooltip(("forearm_left", "anterior")).startswith("左前臂（前面）")
        assert "未评估" in w.tooltip(("head", "posterior"))
        assert w.tr("Anterior") == "前面"
        assert w.tr("Posterior") == "后面"
        assert [text for _, text in w.legend.entries()][-4:] == [
            "未评估：无照片显示该区域", "大部分被衣物遮盖", "在体表图上绘制（非照片测量）",
            "已检查、无烧伤（体表图）"]
        w.resize(500, 600)
        w.show()
        qtbot.waitExposed(w)
        assert not w.grab().isNull()
    finally:
        install_language(qapp, "en")
