"""Issue 20: a parsed photo's view is asked, never taken silently (its head's suggestion
preselected), and the clinician can mark a photo's regions as clothed; view checks show at once."""
from __future__ import annotations

from PySide6.QtWidgets import QApplication

from burnmap.body.regions import REGION_ID
from tests.gui.windows import demo_window, wait_parsed
from tests.qt_input import click, press


def test_a_parsed_photo_asks_for_its_view(qtbot, tmp_path):
    # the default parser finds the person on the demo's photo (the synthetic M2FP weights find
    # nobody, and a photo with nobody on it is not asked about); opened as a photo of a new
    # case, its view is not known
    from burnmap.gui.main_window import MainWindow
    from burnmap.model.demo import DEMO_PHOTO
    from burnmap.parsing.provider import ParserProvider
    from burnmap.system.paths import resources_dir
    w = MainWindow(None, provider=ParserProvider(None, tmp_path))
    qtbot.addWidget(w)
    w.show()
    assert w.open_photo(str(resources_dir() / DEMO_PHOTO))
    wait_parsed(qtbot, w)
    state = w.workspace.photos[0]
    assert state.parsing.persons
    panel = w.case_panel
    assert panel.view_prompt.isVisible()
    assert panel.confirm_view.isVisible()
    assert "astronaut.png" in panel.view_prompt.text()
    assert "anterior" in panel.view_prompt.text()
    assert "to confirm" in panel.photos.item(0).text()
    assert not state.view_confirmed
    assert state.view == "anterior"
    assert w.isActiveWindow() or not any(                          # nothing took the keyboard
        t.isVisible() and t is not w for t in QApplication.topLevelWidgets() if t.isWindow())
    panel.view.setFocus()
    press(panel.view, "Down")                                      # anterior -> posterior
    click(panel.confirm_view)
    assert state.view == "posterior"
    assert state.view_confirmed
    assert not panel.view_prompt.isVisible()
    assert "to confirm" not in panel.photos.item(0).text()


def test_regions_are_marked_clothed_from_the_window(qtbot, tmp_path):
    w = demo_window(qtbot, tmp_path)
    wait_parsed(qtbot, w)
    assert not w.case_panel.view_prompt.isVisible()   # the demo's view is known, not asked
    state = w.state
    dialog = w.mark_clothed()
    assert "trunk" in dialog.boxes
    assert "buttock_left" not in dialog.boxes
    region = next(r for r in dialog.boxes if r != "trunk")
    dialog.boxes[region].setChecked(True)
    dialog.accept()
    assert state.clothed == {region}
    covered = state.regions.covered[state.regions.ids == REGION_ID[region]]
    assert covered.all()
    assert "clothing" in w.results.chart._caveat_text()      # the default parser's caveat
    assert "does not see clothing" in w.results.summary.text()   # and with the summary's total


def test_a_contradicted_view_is_said_at_once(qtbot, tmp_path):
    w = demo_window(qtbot, tmp_path)
    wait_parsed(qtbot, w)
    w.set_view(0, "posterior")                    # the demo photo shows a face
    assert "shows a face" in w.statusBar().currentMessage()
