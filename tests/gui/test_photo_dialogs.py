"""Issue 20: a parsed photo's view is asked, never taken silently (its head's suggestion
preselected), and the clinician can mark a photo's regions as clothed; view checks show at once."""
from __future__ import annotations

from core.regions import REGION_ID
from tests.gui.test_main_window import (TIMEOUT, _demo_window, _small_photo, _wait_parsed,
                                        m2fp_window)  # noqa: F401 (fixture)


def test_a_parsed_photo_asks_for_its_view(qtbot, m2fp_window, tmp_path, photos_dir):
    w = m2fp_window
    assert w.open_photo(str(_small_photo(tmp_path, photos_dir)))
    _wait_parsed(qtbot, w)
    state = w.workspace.photos[0]
    dialog = w.view_dialog
    qtbot.waitUntil(dialog.isVisible, timeout=TIMEOUT)
    assert not state.view_confirmed
    checked = dialog.group.checkedButton()
    assert checked is None or checked.property("view") == state.view   # the suggestion
    posterior = next(b for b in dialog.group.buttons() if b.property("view") == "posterior")
    posterior.click()
    dialog.ok.click()
    assert state.view == "posterior" and state.view_confirmed


def test_regions_are_marked_clothed_from_the_window(qtbot, tmp_path):
    w = _demo_window(qtbot, tmp_path)
    _wait_parsed(qtbot, w)
    assert not hasattr(w, "view_dialog")          # the demo's view is known, not asked
    state = w.state
    dialog = w.mark_clothed()
    assert "trunk" in dialog.boxes and "buttock_left" not in dialog.boxes
    region = next(r for r in dialog.boxes if r != "trunk")
    dialog.boxes[region].setChecked(True)
    dialog.accept()
    assert state.clothed == {region}
    covered = state.regions.covered[state.regions.ids == REGION_ID[region]]
    assert covered.all()
    assert "clothing" in w.results.chart._caveat_text()      # the default parser's caveat


def test_a_contradicted_view_is_said_at_once(qtbot, tmp_path):
    w = _demo_window(qtbot, tmp_path)
    _wait_parsed(qtbot, w)
    w.set_view(0, "posterior")                    # the demo photo shows a face
    assert "shows a face" in w.statusBar().currentMessage()
