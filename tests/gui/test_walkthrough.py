"""A whole clinical session, by real input only: a new case, the patient typed with the
keyboard, two photos through the file dialog with their views, two depths painted, an erase,
undo and redo, the chart clicked, the case saved and opened again, the report exported, the
language switched, and quitting with unsaved work asked about. At every step the numbers the
window shows are the core's record of the same case. (A real crash and its recovery:
test_crash_recovery.py.)

With BURNMAP_SHOTS set to a folder, each step's screen is saved there (under Xvfb the whole
screen, offscreen the window): that is how the walkthrough's screenshots are made.
"""
from __future__ import annotations

import os
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox

from burnmap.body.burn import DEPTH_NAMES, DEPTHS
from burnmap.gui.app import Shell, install_fonts, install_language
from burnmap.gui.utils.names import region_name, surface_name
from burnmap.model.record import assessment_record
from tests.qt_input import activate, choose_menu_item, click, file_name, press, standard, type_text, wait_for

TIMEOUT = 120_000
Button = QMessageBox.StandardButton
# the table's source column as the record says it (issue 25): photos only here
SOURCE = {"photo": "photo"}


def _shot(window, name: str) -> None:
    folder = os.environ.get("BURNMAP_SHOTS")
    if not folder:
        return
    QApplication.processEvents()
    if QGuiApplication.platformName() == "xcb":   # a real X screen: what the clinician sees
        window.screen().grabWindow(0).save(str(Path(folder) / f"walkthrough_{name}.png"))
    else:
        window.grab().save(str(Path(folder) / f"walkthrough_{name}.png"))


def _parsed(qtbot, window, count: int) -> None:
    qtbot.waitUntil(lambda: len(window.workspace.photos) == count and all(
        s.parsing is not None for s in window.workspace.photos)
        and not window.parse_queue.busy, timeout=TIMEOUT)


def _record(window) -> dict:
    return assessment_record(window.workspace, window.workspace.assessment(),
                             datetime.now(UTC))


def _screen_is_the_record(window) -> dict:
    """Every table cell and the summary's total are the record's values, as the report prints
    them; returns the record."""
    record = _record(window)
    table = window.results.table
    cells = [[table.item(r, c).text() for c in range(table.columnCount())]
             for r in range(table.rowCount())]
    expected = [[region_name(r["region"]), surface_name(r["side"])]
                + [f"{r['percent_of_region'][DEPTH_NAMES[d]]:.1f}" for d in DEPTHS]
                + [f"{r['tbsa_counted_percent']:.2f}", window.results.tr(SOURCE[r["source"]])]
                for r in record["regions"]]
    assert cells == expected
    assert f"{record['tbsa_total_percent']:.1f} % TBSA" in window.results.summary.text()
    return record


def _stroke(qtbot, window, region: int, depth_key: str, tool_key: str = "B",
            offset: int = 0) -> None:
    view = window.canvas.left.view
    press(view, tool_key)
    if depth_key:
        press(view, depth_key)
    ys, xs = np.nonzero(window.state.regions.ids == region)
    i = (len(xs) // 2 + offset) % len(xs)
    start = view.mapFromScene(float(xs[i]), float(ys[i]))
    qtbot.mousePress(view.viewport(), Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(view.viewport(), start + QPoint(10, 6))
    qtbot.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, pos=start + QPoint(10, 6))


def _patient_by_keyboard(window) -> None:
    from PySide6.QtTest import QTest
    panel = window.case_panel
    activate(window)
    panel.name.setFocus()
    for text in ("Walk Through", "MRN-2026-1207", "1971-05-04"):
        QTest.keyClicks(QApplication.focusWidget(), text)
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)   # past the calendar button
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)   # sex left unknown
    QTest.keyClicks(QApplication.focusWidget(), "78")           # weight
    type_text(panel.injury_ago, "2", enter=True)                 # injured two hours ago


def test_a_clinical_session_by_real_input(qtbot, qapp, tmp_path, photos_dir, dialog_watch):
    old_font = qapp.font()
    install_fonts(qapp)                     # as the app starts: the bundled fonts
    shell = Shell(qapp, [])
    window = shell.window
    qtbot.addWidget(window)
    try:
        _session(qtbot, qapp, shell, tmp_path, photos_dir, dialog_watch)
    finally:
        shell.uninstall_hook()
        install_language(qapp, "en")
        qapp.setFont(old_font)


def _session(qtbot, qapp, shell, tmp_path, photos_dir, dialog_watch) -> None:
    window = shell.window
    press(window, "Ctrl+N")                       # the demo as shown: nothing asked
    assert window.workspace.photos == []
    assert dialog_watch.seen == []
    _patient_by_keyboard(window)
    patient = window.workspace.patient
    assert (patient.name, patient.weight_kg, patient.date_of_birth.isoformat()) == \
        ("Walk Through", 78, "1971-05-04")
    assert patient.injury_time is not None
    assert window.case_panel.problem.text() == ""
    # two photos through File > Add photos; the second is the posterior view
    for name in ("astronaut.png", "grace_hopper.jpg"):
        dialog_watch.expect(file_name(photos_dir / name), f"add {name}")
        press(window, "Ctrl+O")
    _parsed(qtbot, window, 2)
    # each view is asked beside its photo: the second is posterior (chosen by keys), the
    # first as the face suggests (confirmed)
    panel = window.case_panel
    assert window.current == 1
    assert panel.view_prompt.isVisible()
    panel.view.setFocus()
    press(panel.view, "Down")                        # anterior -> posterior, by keyboard
    click(panel.confirm_view)
    assert window.workspace.photos[1].view == "posterior"
    click(panel.photos.viewport(), panel.photos.visualItemRect(panel.photos.item(0)).center())
    assert window.current == 0
    assert panel.view_prompt.isVisible()
    click(panel.confirm_view)
    assert all(s.view_confirmed for s in window.workspace.photos)
    assert not panel.view_prompt.isVisible()
    _shot(window, "1_photos")
    # paint: superficial partial then full thickness on the trunk, erase some, undo, redo
    _stroke(qtbot, window, region=3, depth_key="2")
    _stroke(qtbot, window, region=3, depth_key="4", offset=700)
    painted = np.count_nonzero(window.state.burn.values)
    _stroke(qtbot, window, region=3, depth_key="", tool_key="E")
    erased = np.count_nonzero(window.state.burn.values)
    assert 0 < erased < painted
    press(window.canvas.left.view, "Ctrl+Z")
    assert np.count_nonzero(window.state.burn.values) == painted
    press(window.canvas.left.view, "Ctrl+Shift+Z")
    assert np.count_nonzero(window.state.burn.values) == erased
    record = _screen_is_the_record(window)
    assert record["tbsa_by_depth"]["full thickness"] > 0
    _shot(window, "2_painted")
    # the chart: its tab by click, the trunk clicked: striped on the photo
    results = window.results
    bar = results.tabs.tabBar()
    click(bar, bar.tabRect(1).center())
    chart = results.chart
    trunk = next(s for s in chart.chart.shapes if s.key == ("trunk", "anterior"))
    x, y, _ = trunk.pole
    click(chart, chart.chart_transform().map(QPointF(x, y)).toPoint())
    assert window.canvas.left.highlight is not None
    _shot(window, "3_chart")
    # save (File > Save case: asked where), then open it again
    case = tmp_path / "walkthrough.burncase"
    dialog_watch.expect(file_name(case), "save where")
    press(window, "Ctrl+S")
    assert case.exists()
    assert not window.windowTitle().endswith("*")
    saved_total = record["tbsa_total_percent"]
    press(window, "Ctrl+N")
    assert window.workspace.photos == []
    dialog_watch.expect(file_name(case), "open")
    choose_menu_item(window, "File > Open case…")
    _parsed(qtbot, window, 2)
    again = _screen_is_the_record(window)
    assert again["tbsa_total_percent"] == saved_total
    # export: the assessor typed, Save, where, and the confirmation
    press(window, "Ctrl+E")
    dialog = next(w for w in QApplication.topLevelWidgets()
                  if type(w).__name__ == "ExportDialog" and w.isVisible())
    type_text(dialog.assessor, "Dr Walker")
    pdf = tmp_path / "walkthrough.pdf"
    dialog_watch.expect(file_name(pdf), "export where")
    dialog_watch.expect(standard(Button.Ok), "exported")
    click(button_named_in(dialog, "Save"))
    assert wait_for(lambda: pdf.exists(), 10_000)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "Walk Through" in text
    assert "Dr Walker" in text
    assert f"{saved_total:.2f}" in text
    # Chinese: the same numbers, said in Chinese
    choose_menu_item(window, "Language > 简体中文")
    window = shell.window
    qtbot.addWidget(window)
    chinese = _screen_is_the_record(window)
    assert chinese["tbsa_total_percent"] == saved_total
    assert "烧伤总面积" in window.results.summary.text()
    _shot(window, "4_chinese")
    # an unsaved edit, then quit: asked; Cancel keeps the window, Discard closes it
    _stroke(qtbot, window, region=3, depth_key="3", offset=300)
    assert window.windowTitle().endswith("*")
    dialog_watch.expect(standard(Button.Cancel), "quit")
    press(window, "Ctrl+Q")
    assert window.isVisible()
    dialog_watch.expect(standard(Button.Discard), "quit")
    press(window, "Ctrl+Q")
    assert wait_for(lambda: not window.isVisible())
    assert [s.split(":")[0] for s in dialog_watch.seen] == [
        "add astronaut.png", "add grace_hopper.jpg", "save where", "open", "export where",
        "exported", "quit", "quit"]


def button_named_in(dialog, text: str):
    """A dialog's push button by its visible text (mnemonic ampersands ignored)."""
    from PySide6.QtWidgets import QAbstractButton
    return next(b for b in dialog.findChildren(QAbstractButton)
                if b.text().replace("&", "") == text and b.isVisible())

