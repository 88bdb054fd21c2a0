"""The window driven as a clinician drives it: real key presses, mouse clicks on the menus and
the canvas, and dialogs answered through their own buttons (tests/qt_input.py). After every
command no error is raised and the state the panels show is the state painting uses."""
from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from burnmap.body.burn import NONE
from burnmap.casefile.session import pending_recoveries
from burnmap.chart.entry import EXAMINED
from burnmap.gui.actions import shortcut_rows
from burnmap.gui.canvas.tool_state import Tool
from burnmap.gui.main_window import MainWindow
from burnmap.parsing.provider import ParserProvider
from tests.qt_input import (
    activate,
    choose_menu_item,
    discard_or_escape,
    escape,
    menu_items,
    press,
    standard,
    type_text,
    wait_for,
)

TIMEOUT = 120_000
Button = QMessageBox.StandardButton


def _parsed(qtbot, window):
    qtbot.waitUntil(lambda: window.state is not None and window.state.parsing is not None
                    and not window.parse_queue.busy, timeout=TIMEOUT)


@pytest.fixture
def demo(qtbot, tmp_path):
    """The window as it starts without a photo: the demo case, parsed by the default parser."""
    window = MainWindow([], provider=ParserProvider(None, tmp_path))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    _parsed(qtbot, window)
    return window


def _panel_agrees(window) -> None:
    """The tools panel shows the tool, depth and size that painting uses."""
    panel, tools = window.tools_panel, window.tools
    tool_group, depth_group = panel.tool_buttons, panel.depth_buttons
    assert tool_group.values[tool_group.checkedId()] == tools.tool
    assert depth_group.values[depth_group.checkedId()] == tools.depth
    assert isinstance(tools.tool, Tool)
    assert tools.depth in (1, 2, 3, 4)
    assert tools.paint_value == (NONE if tools.tool == Tool.ERASER else EXAMINED if
                                 tools.tool == Tool.EXAMINED else tools.depth)
    assert panel.size.value() == round(tools.radius)


def _body_point(window) -> QPoint:
    """A point of the patient's trunk in the left view's viewport coordinates."""
    state = window.state
    ys, xs = np.nonzero(state.regions.ids == 3)   # the trunk
    i = len(xs) // 2
    return window.canvas.left.view.mapFromScene(float(xs[i]), float(ys[i]))


def _stroke(qtbot, window, start: QPoint) -> None:
    viewport = window.canvas.left.view.viewport()
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(viewport, start + QPoint(12, 4))
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=start + QPoint(12, 4))


def test_tool_and_depth_keys_set_what_the_panel_shows_and_painting_uses(qtbot, demo):
    canvas_view = demo.canvas.left.view
    canvas_view.setFocus()
    expected = {"B": ("tool", Tool.BRUSH), "E": ("tool", Tool.ERASER),
                "F": ("tool", Tool.FILL), "P": ("tool", Tool.SELECT_PATIENT),
                "1": ("depth", 1), "2": ("depth", 2), "3": ("depth", 3), "4": ("depth", 4)}
    for key, (field, value) in expected.items():
        press(canvas_view, key)
        assert getattr(demo.tools, field) == value, key
        _panel_agrees(demo)
    radius = demo.tools.radius
    press(canvas_view, "]")
    assert demo.tools.radius > radius
    _panel_agrees(demo)
    # brush, depth 2: a stroke paints depth 2 on the patient
    state = demo.state
    state.burn.values[:] = 0           # the demo's sample burn out of the way (no undo needed)
    press(canvas_view, "B")
    press(canvas_view, "2")
    point = _body_point(demo)
    _stroke(qtbot, demo, point)
    painted = state.burn.values.copy()
    assert set(np.unique(painted)) == {0, 2}
    # the eraser removes it again
    press(canvas_view, "E")
    _stroke(qtbot, demo, point)
    assert np.count_nonzero(state.burn.values) < np.count_nonzero(painted)


def test_menu_tool_items_keep_panel_and_painting_in_step(qtbot, demo):
    for name, field, value in (("Tools > Eraser", "tool", Tool.ERASER),
                               ("Tools > Depth class 1", "depth", 1),
                               ("Tools > Fill region", "tool", Tool.FILL),
                               ("Tools > Depth class 4", "depth", 4),
                               ("Tools > Brush", "tool", Tool.BRUSH)):
        choose_menu_item(demo, name)
        assert getattr(demo.tools, field) == value, name
        _panel_agrees(demo)


def test_F1_lists_every_shortcut_of_the_window(demo):
    from PySide6.QtGui import QAction
    listed = {key for keys, _ in shortcut_rows(demo) for key in keys}
    bound = {s.toString() for a in demo.findChildren(QAction) for s in a.shortcuts()}
    assert listed == bound


def test_every_shortcut_that_F1_lists_works(qtbot, demo, dialog_watch):
    """Each key F1 lists, pressed on the canvas: dialogs it opens are closed with Escape, no
    error, panels and painting agree. Keys that replace or close the case go last."""
    dialog_watch.otherwise = escape
    last = ("Ctrl+R", "Ctrl+N", "Ctrl+Q")
    keys = [k for keys, _ in shortcut_rows(demo) for k in keys if k not in last]
    for key in [*keys, *last]:
        if key in last:
            dialog_watch.otherwise = discard_or_escape
        demo.canvas.left.view.setFocus()
        before = len(dialog_watch.seen)
        press(demo.canvas.left.view, key)
        QApplication.processEvents()
        if key == "Ctrl+R":
            _parsed(qtbot, demo)
        _panel_agrees(demo)
        for dialog in QApplication.topLevelWidgets():   # non-modal: export, history
            if dialog is not demo and dialog.isVisible() and dialog.isWindow():
                dialog.close()
        assert not any("Unexpected error" in s for s in dialog_watch.seen[before:]), key
    assert demo.workspace.photos == [], dialog_watch.seen  # Ctrl+N: a new case
    assert not demo.isVisible(), (dialog_watch.seen, demo.windowTitle())  # Ctrl+Q: closed


def test_every_menu_item_by_click(qtbot, demo, dialog_watch):
    dialog_watch.otherwise = escape
    names = [n for n, _, _ in menu_items(demo) if not n.startswith("Language")]
    last = ("Tools > Parse body parts", "File > New case", "File > Quit")
    for name in [n for n in names if n not in last] + list(last):
        if name in last:
            dialog_watch.otherwise = discard_or_escape
        choose_menu_item(demo, name)
        QApplication.processEvents()
        if name == "Tools > Parse body parts":
            _parsed(qtbot, demo)
        _panel_agrees(demo)
        for widget in QApplication.topLevelWidgets():
            if widget is not demo and widget.isVisible() and widget.isWindow():
                widget.close()
        assert not any("Unexpected error" in s for s in dialog_watch.seen), name
    assert not demo.isVisible()


def test_menu_mnemonics_are_unique_within_each_menu(demo):
    menus = [demo.menuBar()] + [a.menu() for a in demo.menuBar().actions()]
    for menu in menus:
        letters = [a.text().split("&")[1][0].lower() for a in menu.actions()
                   if "&" in a.text() and not a.isSeparator()]
        assert len(letters) == len(set(letters)), (menu.title(), letters)


# --- unsaved work is never dropped without asking -------------------------------------------------
def _edited(qtbot, demo):
    demo.canvas.left.view.setFocus()
    press(demo.canvas.left.view, "4")
    _stroke(qtbot, demo, _body_point(demo))
    assert demo.windowTitle().endswith("*")


def test_quitting_with_unsaved_work_asks(qtbot, demo, dialog_watch):
    assert not demo.windowTitle().endswith("*")   # the demo as shown is not the clinician's work
    _edited(qtbot, demo)
    dialog_watch.expect(standard(Button.Cancel), "quit")
    press(demo, "Ctrl+Q")
    assert demo.isVisible()
    assert demo.workspace.photos
    dialog_watch.expect(standard(Button.Discard), "quit")
    choose_menu_item(demo, "File > Quit")
    assert wait_for(lambda: not demo.isVisible())
    assert pending_recoveries() == []   # a discard leaves no "did not close normally"
    assert [s.split(":")[0] for s in dialog_watch.seen] == ["quit", "quit"]


def test_new_case_asks_and_cancel_keeps_the_work(qtbot, demo, dialog_watch):
    _edited(qtbot, demo)
    painted = demo.state.burn.values.copy()
    dialog_watch.expect(standard(Button.Cancel), "new case")
    press(demo, "Ctrl+N")
    assert np.array_equal(demo.state.burn.values, painted)
    assert demo.windowTitle().endswith("*")
    dialog_watch.expect(standard(Button.Discard), "new case")
    choose_menu_item(demo, "File > New case")
    assert demo.workspace.photos == []
    assert not demo.windowTitle().endswith("*")


def test_open_case_asks_before_the_file_dialog(qtbot, demo, dialog_watch):
    _edited(qtbot, demo)
    dialog_watch.expect(standard(Button.Cancel), "open case")
    press(demo, "Ctrl+Shift+O")
    assert demo.workspace.photos
    assert demo.windowTitle().endswith("*")
    assert len(dialog_watch.seen) == 1   # no file dialog after Cancel


def test_remove_photo_is_confirmed(qtbot, demo, dialog_watch):
    remove = next(b for b in demo.case_panel.findChildren(type(demo.progress.cancel))
                  if b.text() == "Remove")
    dialog_watch.expect(standard(Button.No), "remove")
    qtbot.mouseClick(remove, Qt.MouseButton.LeftButton)
    assert len(demo.workspace.photos) == 1
    assert "astronaut.png" in dialog_watch.seen[-1]
    assert "burn painted" in dialog_watch.seen[-1]
    dialog_watch.expect(standard(Button.Yes), "remove")
    choose_menu_item(demo, "File > Remove photo")
    assert demo.workspace.photos == []
    assert demo.windowTitle().endswith("*")


def test_a_language_switch_keeps_unsaved_work_unsaved(qtbot, qapp, tmp_path, dialog_watch):
    from burnmap.gui.app import Shell, install_language
    shell = Shell(qapp, [])
    old = shell.window
    qtbot.addWidget(old)
    _parsed(qtbot, old)
    _edited(qtbot, old)
    painted = old.state.burn.values.copy()
    try:
        choose_menu_item(old, "Language > 简体中文")
        new = shell.window
        qtbot.addWidget(new)
        assert new is not old
        assert new.windowTitle().endswith("*")
        assert np.array_equal(new.state.burn.values, painted)
        dialog_watch.expect(standard(Button.Discard), "quit after the switch")
        new.close()
        assert [s.split(":")[0] for s in dialog_watch.seen] == ["quit after the switch"]
    finally:
        shell.uninstall_hook()
        install_language(qapp, "en")



def test_a_status_message_is_never_drawn_over_the_segmentation_label(qtbot, tmp_path):
    """A message given before the window shows (as after a language switch, seen overlapping in
    Chinese under Xvfb) hides the segmentation label, and the label returns when it clears."""
    window = MainWindow(None, provider=ParserProvider(None, tmp_path))
    qtbot.addWidget(window)
    window.statusBar().showMessage("a message before the window shows")
    window.show()
    qtbot.waitExposed(window)
    assert window.statusBar().currentMessage()
    assert not window.parser_label.isVisible()
    window.statusBar().clearMessage()
    assert window.parser_label.isVisible()
    window.statusBar().showMessage("another")
    assert not window.parser_label.isVisible()

# --- photos ---------------------------------------------------------------------------------------
def test_a_photo_with_nobody_on_it_says_so(qtbot, tmp_path, dialog_watch):
    from PIL import Image

    from tests.qt_input import file_name
    empty = tmp_path / "wall.png"
    Image.new("RGB", (320, 240), (180, 170, 160)).save(empty)
    window = MainWindow(None, provider=ParserProvider(None, tmp_path))
    qtbot.addWidget(window)
    window.show()
    type_text(window.case_panel.age, "40")
    dialog_watch.expect(file_name(empty), "add photos")
    press(window, "Ctrl+O")
    _parsed(qtbot, window)
    assert window.state.parsing.persons == []
    assert "No person was found" in window.results.summary.text()
    assert "wall.png" in window.statusBar().currentMessage()
    assert not window.case_panel.view_prompt.isVisible()   # nobody on it: no view to ask
    # Select patient where nobody is: said in the status bar
    press(window.canvas.left.view, "P")
    qtbot.mouseClick(window.canvas.left.view.viewport(), Qt.MouseButton.LeftButton,
                     pos=window.canvas.left.view.mapFromScene(160.0, 120.0))
    assert "Nobody was found at that point" in window.statusBar().currentMessage()


def test_the_language_menu_shows_the_language_in_use(demo):
    items = {name: action for name, action, _ in menu_items(demo)}
    assert items["Language > English"].isChecked()
    assert not items["Language > 简体中文"].isChecked()
    choose_menu_item(demo, "Language > English")   # the language shown: nothing happens
    assert items["Language > English"].isChecked()
    assert demo.isVisible()


# --- keyboard only ----------------------------------------------------------------------------------
def test_tab_walks_the_whole_window_in_reading_order(qtbot, demo):
    """From the name field, Tab alone reaches every field of the form, the photo list and its
    buttons, the tools, the photo views, the opacity and the results, in that order."""
    from PySide6.QtTest import QTest
    panel, tools, results = demo.case_panel, demo.tools_panel, demo.results
    wanted = [panel.name, panel.record, panel.dob.edit, panel.age.edit, panel.sex,
              panel.weight.edit, panel.injury.edit, panel.injury_clock, panel.injury_ago,
              panel.given.edit, panel.electrical, panel.photos, panel.view, panel.add_button,
              panel.remove_button, tools.tool_buttons, tools.depth_buttons, tools.size,
              tools.show_burn,
              demo.canvas.left.view, demo.canvas.alpha, results.tabs.tabBar(), results.table,
              results.details]
    activate(demo)
    wanted[0].setFocus()
    visited = []
    for _ in range(80):
        widget = QApplication.focusWidget()
        if widget not in visited:
            visited.append(widget)
        QTest.keyClick(widget, Qt.Key.Key_Tab)
    groups = {b: g for g in (tools.tool_buttons, tools.depth_buttons) for b in g.buttons()}
    visited = [groups.get(w, w) for w in visited]   # a radio group is one stop, any button
    names = [f"{type(w).__name__}:{getattr(w, 'text', lambda: '')()}" for w in visited]
    missing = [f"{type(w).__name__}:{getattr(w, 'text', lambda: '')()}" for w in wanted
               if w not in visited]
    assert missing == [], names
    order = [visited.index(w) for w in wanted]
    assert order == sorted(order), [type(w).__name__ for w in wanted]


def test_the_patient_by_keyboard_only(qtbot, tmp_path):
    """Name, record number, date of birth, weight and time of injury typed with Tab between
    them, no mouse: the patient holds them and the numbers follow."""
    from PySide6.QtTest import QTest
    window = MainWindow(None, provider=ParserProvider(None, tmp_path))
    qtbot.addWidget(window)
    window.show()
    activate(window)
    window.case_panel.name.setFocus()

    def field(text: str) -> None:
        widget = QApplication.focusWidget()
        QTest.keyClicks(widget, text)
        QTest.keyClick(widget, Qt.Key.Key_Tab)

    field("Test Patient")
    field("MRN-77")
    field("1980-02-29")
    panel = window.case_panel
    assert QApplication.focusWidget() is panel.dob.pick           # the calendar button
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)   # age: skipped, it follows
    assert QApplication.focusWidget() is panel.sex                # the date of birth now
    QTest.keyClick(panel.sex, Qt.Key.Key_Down)                    # female, by arrow key
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    field("81.5")
    p = window.case_panel.patient
    assert (p.name, p.record_number, str(p.date_of_birth), p.sex, p.weight_kg) == \
        ("Test Patient", "MRN-77", "1980-02-29", "female", 81.5)
    assert QApplication.focusWidget() is window.case_panel.injury.edit
    assert window.case_panel.problem.text() == ""
