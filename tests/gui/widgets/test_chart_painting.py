"""Issue 25: the Body chart tab is a second place to paint, with the same tools and keys, by
real input (tests/qt_input.py): a burn of the unphotographed back drawn and counted, undone and
redone with Ctrl+Z / Ctrl+Y, a region filled as examined, no burn (X), and no paint where a photo
measures the surface (the status bar names the photo)."""
from __future__ import annotations

import os

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt

from burnmap.body.burn import DEEP_PARTIAL
from burnmap.body.surface_assess import layout
from burnmap.chart.entry import EXAMINED, SCALE, chart_raster
from burnmap.gui.app import install_fonts, install_language
from burnmap.gui.canvas.tool_state import Tool
from burnmap.gui.main_window import MainWindow
from burnmap.parsing.provider import ParserProvider
from tests.qt_input import press

TIMEOUT = 120_000
SHOTS = os.environ.get("BURNMAP_SHOTS")     # a folder: screenshots are saved there


@pytest.fixture
def demo(qtbot, tmp_path):
    return _window(qtbot, tmp_path)


def _at(window, region, surface, where=0.5) -> QPoint:
    """A widget point inside a region-surface of the chart: the pixel `where` of the way down
    its middle column."""
    raster = chart_raster()
    ys, xs = np.nonzero(raster.keys == layout().keys.index((region, surface)) + 1)
    column = np.median(xs)
    rows = np.sort(ys[xs == int(column)])
    y = rows[int(where * (len(rows) - 1))]
    chart = window.results.chart
    return chart.chart_transform().map(QPointF((column + 0.5) / SCALE,
                                               (y + 0.5) / SCALE)).toPoint()


def _row(window, region, surface):
    result = window.workspace.assessment()
    return next((r for r in result.rows if (r.region, r.surface) == (region, surface)), None)


def _stroke(qtbot, widget, start: QPoint, end: QPoint) -> None:
    qtbot.mousePress(widget, Qt.MouseButton.LeftButton, pos=start)
    for k in range(1, 6):
        qtbot.mouseMove(widget, start + (end - start) * (k / 5))
    qtbot.mouseRelease(widget, Qt.MouseButton.LeftButton, pos=end)


def test_painting_the_back_on_the_chart_counts_and_undoes(qtbot, demo):
    chart = demo.results.chart
    assert _row(demo, "trunk", "posterior") is None          # nobody photographed the back
    before = demo.workspace.assessment()
    press(chart, "B")
    press(chart, "3")
    assert (demo.tools.tool, demo.tools.depth) == (Tool.BRUSH, 3)
    _stroke(qtbot, chart, _at(demo, "trunk", "posterior", 0.2), _at(demo, "trunk", "posterior",
                                                                   0.6))
    values = demo.workspace.chart.values
    assert set(np.unique(values)) == {0, DEEP_PARTIAL}
    row = _row(demo, "trunk", "posterior")
    assert row.source == "chart"
    assert row.percent_of_region["deep partial thickness"] > 1
    after = demo.workspace.assessment()
    assert after.tbsa_total_percent > before.tbsa_total_percent
    assert after.drawn_share_percent == pytest.approx(row.share_percent)
    assert "drawn on the body chart" in demo.results.summary.text()
    table = demo.results.table
    sources = [table.item(i, table.columnCount() - 1).text() for i in range(table.rowCount())]
    assert "drawn on the chart" in sources
    assert [value for value, _ in chart.entries] == [DEEP_PARTIAL]      # drawn, hatched
    painted = values.copy()
    press(chart, "Ctrl+Z")
    assert not demo.workspace.chart.values.any()
    assert _row(demo, "trunk", "posterior") is None
    press(chart, "Ctrl+Y")
    assert np.array_equal(demo.workspace.chart.values, painted)
    press(chart, "E")                                       # the eraser takes it off again
    _stroke(qtbot, chart, _at(demo, "trunk", "posterior", 0.2), _at(demo, "trunk", "posterior",
                                                                   0.6))
    assert np.count_nonzero(demo.workspace.chart.values) < np.count_nonzero(painted)


def test_examined_no_burn_fills_a_region_and_counts_it_assessed(qtbot, demo):
    chart = demo.results.chart
    assessed = demo.workspace.assessment().assessed_share_percent
    press(chart, "X")
    assert demo.tools.tool == Tool.EXAMINED
    qtbot.mouseClick(chart, Qt.MouseButton.LeftButton, pos=_at(demo, "thigh_left", "posterior"))
    row = _row(demo, "thigh_left", "posterior")
    assert row is not None
    assert row.drawn_unburned
    assert row.tbsa_counted == 0
    assert demo.workspace.assessment().assessed_share_percent == pytest.approx(
        assessed + row.share_percent)
    assert (demo.workspace.chart.values == EXAMINED).sum() > 500
    press(chart, "Ctrl+Z")
    assert _row(demo, "thigh_left", "posterior") is None


def test_the_photo_wins_where_it_measures(qtbot, demo):
    chart = demo.results.chart
    press(chart, "F")
    press(chart, "4")
    qtbot.mouseClick(chart, Qt.MouseButton.LeftButton, pos=_at(demo, "trunk", "anterior"))
    assert demo.workspace.chart is None or not demo.workspace.chart.values.any()
    message = demo.statusBar().currentMessage()
    assert "which wins over the chart" in message
    assert demo.state.photo.name in message
    press(chart, "B")                       # a stroke from the back over to the front
    _stroke(qtbot, chart, _at(demo, "trunk", "posterior"), _at(demo, "trunk", "anterior"))
    raster = chart_raster()
    front = raster.keys == layout().keys.index(("trunk", "anterior")) + 1
    assert not demo.workspace.chart.values[front].any()


def _window(qtbot, tmp_path):
    window = MainWindow([], provider=ParserProvider(None, tmp_path))
    qtbot.addWidget(window)
    window.resize(1500, 1000)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: window.state is not None and window.state.parsing is not None
                    and not window.parse_queue.busy, timeout=TIMEOUT)
    window.results.tabs.setCurrentWidget(window.results.chart)
    return window


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_painting_on_the_chart_in_both_languages(qtbot, qapp, tmp_path, language):
    """Drawn burn, an examined region, the legend and the table's source column, in English and
    Chinese (screenshots saved when BURNMAP_SHOTS names a folder)."""
    install_fonts(qapp)
    install_language(qapp, language)
    try:
        window = _window(qtbot, tmp_path)
        chart = window.results.chart
        press(chart, "B")
        press(chart, "4")
        _stroke(qtbot, chart, _at(window, "trunk", "posterior", 0.15),
                _at(window, "trunk", "posterior", 0.45))
        press(chart, "X")
        qtbot.mouseClick(chart, Qt.MouseButton.LeftButton,
                         pos=_at(window, "thigh_right", "posterior"))
        legend = [text for _, text in chart.legend.entries()][-2:]
        table = window.results.table
        sources = {table.item(i, table.columnCount() - 1).text() for i in range(table.rowCount())}
        expected = {"en": (["Drawn on the chart (not from a photo)", "Examined, no burn (chart)"],
                           {"photo", "drawn on the chart", "chart: examined, no burn"}),
                    "zh_CN": (["在体表图上绘制（非照片测量）", "已检查、无烧伤（体表图）"],
                              {"照片", "体表图绘制", "体表图：已检查、无烧伤"})}[language]
        assert (legend, sources) == expected
        if SHOTS:
            chart.grab().save(os.path.join(SHOTS, f"chart_{language}.png"))
            window.results.tabs.setCurrentIndex(0)
            window.results.grab().save(os.path.join(SHOTS, f"table_{language}.png"))
            window.results.tabs.setCurrentWidget(chart)
            window.grab().save(os.path.join(SHOTS, f"window_{language}.png"))
    finally:
        install_language(qapp, "en")


def test_the_history_marks_numbers_drawn_on_the_chart(qtbot):
    from burnmap.clinical.assessment import assess, assessment_to_dict
    from burnmap.gui.dialogs.history_dialog import HistoryDialog
    raster = chart_raster()
    back = np.nonzero(raster.keys == layout().keys.index(("trunk", "posterior")) + 1)
    records = []
    for share in (0.3, 0.5):
        values = np.zeros(raster.shape, np.uint8)
        order = np.lexsort((back[1], back[0]))[:round(share * len(back[0]))]
        values[back[0][order], back[1][order]] = DEEP_PARTIAL
        records.append({"assessed_at": f"2026-12-0{len(records) + 1}T10:00:00+00:00",
                        "assessor": "dr", "result": assessment_to_dict(assess([], 30,
                                                                                drawn=values))})
    dialog = HistoryDialog(records)
    qtbot.addWidget(dialog)
    rows = dialog.compare(0, 1)
    assert rows[0]["earlier_source"] == rows[0]["later_source"] == "chart"
    assert dialog.comparison.item(0, 2).text() == "3.90 (chart)"
    assert dialog.comparison.item(0, 3).text() == "6.50 (chart)"
