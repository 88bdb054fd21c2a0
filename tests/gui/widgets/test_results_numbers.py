"""Every number the results panel shows is a field of the core's assessment, the one the JSON
record and the report print: the table is compared cell by cell with the record of the same
case, painted through real mouse input."""
from __future__ import annotations

from datetime import UTC, datetime

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt

from burnmap.body.burn import DEPTH_NAMES, DEPTHS
from burnmap.gui.main_window import MainWindow
from burnmap.gui.utils.names import region_name, surface_name
from burnmap.model.record import assessment_record
from burnmap.parsing.provider import ParserProvider
from tests.qt_input import press, type_text

TIMEOUT = 120_000


@pytest.fixture
def window(qtbot, tmp_path):
    w = MainWindow([], provider=ParserProvider(None, tmp_path))
    qtbot.addWidget(w)
    w.show()
    qtbot.waitUntil(lambda: w.state is not None and w.state.parsing is not None
                    and not w.parse_queue.busy, timeout=TIMEOUT)
    w.state.burn.values[:] = 0      # the demo's sample burn out of the way, then recounted
    w.state.recount()
    return w
# the table's source column as the record says it (issue 25): photos only here
SOURCE = {"photo": "photo"}


def _paint(qtbot, w, depth: int, region: int, offset: int = 0) -> None:
    view = w.canvas.left.view
    press(view, "B")
    press(view, str(depth))
    ys, xs = np.nonzero(w.state.regions.ids == region)
    i = (len(xs) // 2 + offset) % len(xs)
    start = view.mapFromScene(float(xs[i]), float(ys[i]))
    qtbot.mousePress(view.viewport(), Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(view.viewport(), start + QPoint(8, 3))
    qtbot.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, pos=start + QPoint(8, 3))


def _cells(w) -> list[list[str]]:
    t = w.results.table
    return [[t.item(r, c).text() for c in range(t.columnCount())] for r in range(t.rowCount())]


def _expected(record: dict) -> list[list[str]]:
    return [[region_name(r["region"]), surface_name(r["side"])]
            + [f"{r['percent_of_region'][DEPTH_NAMES[d]]:.1f}" for d in DEPTHS]
            + [f"{r['tbsa_counted_percent']:.2f}", SOURCE[r["source"]]] for r in record["regions"]]


def test_the_table_is_the_record_cell_by_cell(qtbot, window):
    w = window
    type_text(w.case_panel.age, "35")
    _paint(qtbot, w, 1, region=3)             # superficial on the trunk
    _paint(qtbot, w, 3, region=3, offset=900)  # deep partial elsewhere on it
    record = assessment_record(w.workspace, w.workspace.assessment(),
                               datetime.now(UTC))
    assert _cells(w) == _expected(record)
    trunk = next(r for r in record["regions"] if r["region"] == "trunk")
    assert trunk["percent_of_region"]["superficial"] > 0
    assert trunk["tbsa_counted_percent"] > 0


def test_a_superficial_burn_contributes_nothing_anywhere(qtbot, window):
    w = window
    type_text(w.case_panel.age, "35")
    _paint(qtbot, w, 1, region=3)
    record = assessment_record(w.workspace, w.workspace.assessment(),
                               datetime.now(UTC))
    assert record["tbsa_total_percent"] == 0
    assert record["superficial_tbsa_percent"] > 0
    assert {row[-2] for row in _cells(w)} == {"0.00"}   # the issue: trunk showed 5.46
    assert _cells(w) == _expected(record)
    assert "Total burn: 0.0 % TBSA" in w.results.summary.text()


def test_a_photo_name_with_markup_is_shown_as_its_name(qtbot, window, tmp_path, dialog_watch):
    """Warnings name photos; rich text must not read a name as markup."""
    from PIL import Image

    from tests.qt_input import file_name
    wall = tmp_path / "wall<b>x &amp; y.png"
    Image.new("RGB", (320, 240), (180, 170, 160)).save(wall)
    type_text(window.case_panel.age, "35")
    dialog_watch.expect(file_name(wall), "add the wall")
    press(window, "Ctrl+O")
    qtbot.waitUntil(lambda: len(window.workspace.photos) == 2
                    and window.workspace.photos[1].parsing is not None
                    and not window.parse_queue.busy, timeout=TIMEOUT)
    shown = window.results.details.toPlainText()
    assert "wall<b>x &amp; y.png: no person was found" in shown
