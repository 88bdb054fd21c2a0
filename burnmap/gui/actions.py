"""Menus, shortcuts and the small dialogs (keyboard shortcuts, About) of the main window."""
from __future__ import annotations

from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMessageBox

from burnmap.gui.canvas.tool_state import Tool
from burnmap.gui.dialogs.errors import show_note
from burnmap.gui.dialogs.export_dialog import open_export
from burnmap.gui.utils.names import intended_use, model_name, ui_language
from burnmap.gui.utils.signals import call
from burnmap.system.version import __version__


def _action(window, menu, text, slot, *shortcuts):
    """A menu item calling `slot()` with no arguments: `triggered` carries `checked`, which a
    slot with parameters (a lambda's default, an optional flag) would silently take as a value."""
    action = QAction(text, window)
    if shortcuts:
        action.setShortcuts([QKeySequence(s) for s in shortcuts])
    action.triggered.connect(call(slot))
    menu.addAction(action)
    return action


def build_actions(w) -> None:
    """Every command of the main window `w`, with its shortcuts, one menu at a time."""
    bar = w.menuBar()
    for build in (_file_menu, _edit_and_view_menus, _tools_menu, _language_and_help_menus):
        build(w, bar)


def _file_menu(w, bar) -> None:
    file = bar.addMenu(w.tr("&File"))
    _action(w, file, w.tr("&New case"), w.cases.new_case, "Ctrl+N")
    _action(w, file, w.tr("Open &case…"), w.cases.open_dialog, "Ctrl+Shift+O")
    w.recent_menu = file.addMenu(w.tr("Recent cases"))
    w.refresh_recent_menu()
    _action(w, file, w.tr("&Save case"), lambda: w.cases.save(), "Ctrl+S")
    _action(w, file, w.tr("Save case &as…"), lambda: w.cases.save(choose_path=True),
            "Ctrl+Shift+S")
    file.addSeparator()
    _action(w, file, w.tr("Add &photos…"), w.choose_photos, "Ctrl+O")
    _action(w, file, w.tr("&Remove photo"), lambda: w.remove_photo(w.current))
    file.addSeparator()
    _action(w, file, w.tr("Save assess&ment…"), w.cases.save_assessment, "Ctrl+Shift+A")
    _action(w, file, w.tr("Assessment &history…"), w.cases.show_history, "Ctrl+H")
    _action(w, file, w.tr("&Export report…"), lambda: open_export(w), "Ctrl+E")
    file.addSeparator()
    _action(w, file, w.tr("&Quit"), w.close, "Ctrl+Q")


def _edit_and_view_menus(w, bar) -> None:
    edit = bar.addMenu(w.tr("&Edit"))
    # on the photo or the body chart, wherever the clinician last painted
    _action(w, edit, w.tr("&Undo stroke"), w.paint_target.undo, "Ctrl+Z")
    _action(w, edit, w.tr("&Redo stroke"), w.paint_target.redo, "Ctrl+Shift+Z", "Ctrl+Y")
    view = bar.addMenu(w.tr("&View"))
    _action(w, view, w.tr("Zoom &in"), lambda: w.canvas.zoom(1.25), "Ctrl+=", "Ctrl++")
    _action(w, view, w.tr("Zoom &out"), lambda: w.canvas.zoom(0.8), "Ctrl+-")
    _action(w, view, w.tr("&Fit to window"), w.canvas.fit, "Ctrl+0")
    _action(w, view, w.tr("Show/hide &burn layer"),
            lambda: w.tools_panel.show_burn.toggle(), "Ctrl+B")


def _tools_menu(w, bar) -> None:
    tools = bar.addMenu(w.tr("&Tools"))
    _action(w, tools, w.tr("&Parse body parts"), lambda: w.parse(), "Ctrl+R")
    _action(w, tools, w.tr("Photo &view…"), lambda: w.state and w.ask_view(w.state))
    _action(w, tools, w.tr("Regions under &clothing…"), w.mark_clothed)
    for tool, text, key in ((Tool.BRUSH, w.tr("&Brush"), "B"), (Tool.ERASER, w.tr("&Eraser"), "E"),
                            (Tool.FILL, w.tr("&Fill region"), "F"),
                            (Tool.SELECT_PATIENT, w.tr("Select pa&tient"), "P"),
                            (Tool.EXAMINED, w.tr("E&xamined, no burn (body chart)"), "X")):
        _action(w, tools, text, call(w.tools.set, tool=tool), key)
    for depth in range(1, 5):
        _action(w, tools, w.tr("Depth class {0}").format(depth),
                call(w.tools.set, depth=depth), str(depth))
    _action(w, tools, w.tr("Smaller brush"), lambda: w.tools.grow(1 / 1.25), "[")
    _action(w, tools, w.tr("Larger brush"), lambda: w.tools.grow(1.25), "]")


def _language_and_help_menus(w, bar) -> None:
    language = bar.addMenu(w.tr("&Language"))
    chosen = QActionGroup(w)   # the language shown is the one checked
    for code, name in (("en", "English"), ("zh_CN", "简体中文")):
        item = _action(w, language, name, call(w.language_requested.emit, code))
        item.setCheckable(True)
        item.setChecked(code == ui_language())
        chosen.addAction(item)
    help_menu = bar.addMenu(w.tr("&Help"))
    _action(w, help_menu, w.tr("&Keyboard shortcuts"), lambda: show_shortcuts(w), "F1")
    _action(w, help_menu, w.tr("&About BurnMap"), lambda: show_about(w))


def shortcut_rows(w) -> list[tuple[list[str], str]]:
    """What F1 lists: the keys of each command (as QKeySequence text) and what they do."""
    return [
        (["Ctrl+N"], w.tr("New case")), (["Ctrl+Shift+O"], w.tr("Open case")),
        (["Ctrl+S", "Ctrl+Shift+S"], w.tr("Save case / save as")),
        (["Ctrl+Shift+A"], w.tr("Save assessment")), (["Ctrl+H"], w.tr("Assessment history")),
        (["Ctrl+E"], w.tr("Export report (PDF, DICOM)")),
        (["Ctrl+O"], w.tr("Add photos")), (["Ctrl+R"], w.tr("Parse body parts")),
        (["B", "E", "F", "P"], w.tr("Brush / eraser / fill region / select patient")),
        (["X"], w.tr("Body chart: fill a region as examined, no burn")),
        (["1", "2", "3", "4"],
         w.tr("Depth class: superficial, superficial partial, deep partial, full")),
        (["[", "]"], w.tr("Smaller / larger brush")),
        (["Ctrl+Z"], w.tr("Undo stroke")), (["Ctrl+Shift+Z", "Ctrl+Y"], w.tr("Redo stroke")),
        (["Ctrl+=", "Ctrl++"], w.tr("Zoom in")),
        (["Ctrl+-"], w.tr("Zoom out")), (["Ctrl+0"], w.tr("Fit to window")),
        (["Ctrl+B"], w.tr("Show or hide the burn layer")), (["Ctrl+Q"], w.tr("Quit")),
        (["F1"], w.tr("This list"))]


def shortcuts_html(w) -> str:
    rows = [(" / ".join(keys), text) for keys, text in shortcut_rows(w)]
    rows += [(w.tr("Wheel"), w.tr("Zoom at the cursor")),
             (w.tr("Middle drag, Space + drag"), w.tr("Pan"))]
    body = "".join(f"<tr><td><b>{k}</b></td><td>{v}</td></tr>" for k, v in rows)
    return f"<table cellspacing='6'>{body}</table>"


def show_shortcuts(w) -> None:
    show_note(w, w.tr("Keyboard shortcuts"), shortcuts_html(w))


def about_text(w) -> str:
    state = w.state
    model = state.parsing.model if state is not None and state.parsing is not None else None
    identity = model_name(model) if model is not None else w.tr("no photo parsed yet")
    return w.tr("<h3>BurnMap {0}</h3><p>{1}</p><p>Segmentation model: {2}</p>"
                "<p>Runs offline; makes no network connection.</p>").format(
        __version__, intended_use(), identity)


def show_about(w) -> None:
    QMessageBox.about(w, w.tr("About BurnMap"), about_text(w))
