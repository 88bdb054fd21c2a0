"""The real main window, driven offscreen with pytest-qt: photos, background parsing, the alpha
slider, painting with undo/redo, cancelling, bad photos, the Chinese UI."""
from __future__ import annotations

import numpy as np
import pytest
from PIL import Image
from PySide6.QtCore import QPoint, QSize, Qt
from PySide6.QtWidgets import QMessageBox

from burnmap.gui.app import install_fonts, install_language
from burnmap.gui.main_window import MainWindow
from burnmap.parsing.provider import ParserProvider
from burnmap.photo.overlay import parts_layer
from tests.gui.windows import TIMEOUT, demo_window, wait_parsed
from tests.qt_input import standard, type_text


@pytest.fixture
def m2fp_window(qtbot, model_seed0, tmp_path):
    """The window with M2FP (no demo). Its backbone runs in PyTorch: these tests are about the
    window, and the OpenVINO engine would hold 0.6 GB more in every one (it is tested in
    tests/parsing/test_m2fp_engine.py, test_provider.py and by the commands)."""
    provider = ParserProvider(str(model_seed0), tmp_path, engine="eager")
    window = MainWindow(None, provider=provider)
    qtbot.addWidget(window)
    window.show()
    return window


def _small_photo(tmp_path, photos_dir, name="two_people.jpg", size=(320, 180)):
    path = tmp_path / f"small_{name}"
    Image.open(photos_dir / name).convert("RGB").resize(size).save(path)
    return path


def test_demo_case_opens_and_is_parsed_by_the_default_parser(qtbot, tmp_path):
    window = demo_window(qtbot, tmp_path)
    assert window.canvas.left.photo.pixmap().size() == QSize(512, 512)  # shown before parsing
    wait_parsed(qtbot, window)
    assert window.workspace.photos[0].photo.name == "astronaut.png"
    state = window.workspace.photos[0]
    assert state.burn.values.any()  # the sample burn (burnmap.model.demo)
    # What the worker made is what is shown: the patient's parts, the burn over both photos.
    table = window.canvas.colours.for_classes(state.parsing.class_names)
    expected = parts_layer(state.parsing.labels, state.parsing.person_mask(None), table)
    assert np.array_equal(window.canvas.right.segmentation.pixels, expected.rgba)
    assert window.canvas.legend.entries
    assert len(window.canvas.legend.entries) == len(
        expected.entries)
    for side in (window.canvas.left, window.canvas.right):
        assert np.array_equal(side.burn.pixels[..., 3] > 0, state.burn.values > 0)
    assert window.workspace.assessment().tbsa_total_percent > 0
    assert window.banner.isVisibleTo(window)  # M2FP is not installed here
    assert "default parser" in window.parser_label.text()
    qtbot.waitUntil(lambda: window.results.table.rowCount() > 0, timeout=TIMEOUT)
    assert "% TBSA" in window.results.summary.text()


@pytest.mark.slow
def test_add_photo_parse_with_m2fp_alpha_paint_undo_redo(qtbot, m2fp_window, tmp_path,
                                                          photos_dir):
    w = m2fp_window
    assert not w.banner.isVisibleTo(w)
    type_text(w.case_panel.age, "30")
    assert w.open_photo(str(_small_photo(tmp_path, photos_dir)))
    wait_parsed(qtbot, w)
    assert "M2FP" in w.parser_label.text()
    state = w.state
    assert state.parsing.labels.shape == (180, 320)
    # alpha slider: the segmentation layer's opacity follows at once
    w.canvas.alpha.setValue(20)
    assert w.canvas.right.segmentation.opacity() == pytest.approx(0.2)
    # paint where the parsing has body parts, through real mouse events on the view
    ys, xs = np.nonzero(state.regions.ids)
    assert xs.size, "the synthetic model labels some pixels"
    view = w.canvas.left.view
    w.tools.set(radius=40.0)
    start = view.mapFromScene(float(xs[len(xs) // 2]), float(ys[len(ys) // 2]))
    qtbot.mousePress(view.viewport(), Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(view.viewport(), start + QPoint(15, 5))
    qtbot.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, pos=start + QPoint(15, 5))
    painted = int(np.count_nonzero(state.burn.values))
    assert painted > 0
    assert len(state.burn.undo_stack) == 1
    assert w.results.table.rowCount() > 0
    assert w.workspace.assessment().tbsa_total_percent > 0
    shown_after_paint = _table_text(w)
    w.canvas.undo()
    assert not state.burn.values.any()
    assert w.workspace.assessment().tbsa_total_percent == 0
    assert _table_text(w) != shown_after_paint
    w.canvas.redo()
    assert int(np.count_nonzero(state.burn.values)) == painted
    assert _table_text(w) == shown_after_paint
    # the burn layer shows the painted pixels
    layer = w.canvas.left.burn.pixels
    assert layer[..., 3][state.burn.values > 0].min() > 0


def _table_text(window) -> list[str]:
    table = window.results.table
    return [table.item(r, c).text() for r in range(table.rowCount())
            for c in range(table.columnCount())]


@pytest.mark.slow
def test_cancel_a_parse(qtbot, m2fp_window, tmp_path, photos_dir):
    w = m2fp_window
    w.open_photo(str(_small_photo(tmp_path, photos_dir, size=(1280, 720))))
    # the parse starts once the parsers' warm-up has ended
    qtbot.waitUntil(lambda: w.parse_queue.running is w.state and w.progress.isVisibleTo(w),
                    timeout=TIMEOUT)
    w.progress.cancel.click()
    qtbot.waitUntil(lambda: not w.parse_queue.busy and not w.progress.isVisibleTo(w),
                    timeout=TIMEOUT)
    assert w.state.parsing is None
    assert len(w.workspace.photos) == 1  # the photo is kept
    w.parse()
    wait_parsed(qtbot, w)


def test_corrupt_photo_gives_a_message_and_changes_nothing(qtbot, m2fp_window, tmp_path,
                                                          dialogs):
    bad = tmp_path / "burns_left_arm.jpg"
    bad.write_bytes(b"\xff\xd8\xff garbage")
    assert m2fp_window.open_photo(str(bad)) is False
    assert dialogs
    assert "burns_left_arm.jpg" in dialogs[0][1]
    assert m2fp_window.workspace.photos == []


def test_corrupt_photo_keeps_the_photo_shown(qtbot, tmp_path, dialogs):
    window = demo_window(qtbot, tmp_path)
    wait_parsed(qtbot, window)
    shown = window.canvas.left.photo.pixmap().cacheKey()
    bad = tmp_path / "corrupt.jpg"
    bad.write_bytes(bytes(range(256)) * 4)
    assert window.open_photo(str(bad)) is False
    assert len(dialogs) == 1
    assert "corrupt.jpg" in dialogs[0][1]
    assert [p.photo.name for p in window.workspace.photos] == ["astronaut.png"]
    assert window.current == 0
    assert window.canvas.left.photo.pixmap().cacheKey() == shown
    assert window.isVisible()


def test_screenshot_shows_the_window_with_the_bundled_fonts(qtbot, qapp, tmp_path):
    from PySide6.QtGui import QFontDatabase
    old_font = qapp.font()
    install_fonts(qapp)  # what burnmap.gui.app.run does: a bare machine has no fonts of its own
    try:
        families = qapp.font().families()
        assert families[:2] == ["DejaVu Sans", "Droid Sans Fallback"]
        assert QFontDatabase.WritingSystem.SimplifiedChinese in QFontDatabase.writingSystems(
            "Droid Sans Fallback")
        window = demo_window(qtbot, tmp_path)
        wait_parsed(qtbot, window)
        path = tmp_path / "main.png"
        assert window.grab().save(str(path))
        shot = np.asarray(Image.open(path).convert("RGB"))
        assert shot.shape[:2] == (window.height(), window.width())
        assert shot.std() > 20, "the screenshot is blank"
        assert len(np.unique(shot.reshape(-1, 3), axis=0)) > 1000
    finally:
        qapp.setFont(old_font)


def test_closing_waits_for_the_worker(qtbot, m2fp_window, tmp_path, photos_dir, dialog_watch):
    w = m2fp_window
    w.open_photo(str(_small_photo(tmp_path, photos_dir, size=(640, 360))))
    assert w.parse_queue.busy
    dialog_watch.expect(standard(QMessageBox.StandardButton.Discard), "quit, unsaved photo")
    assert w.close()
    assert not w.parse_queue.busy


def test_chinese_ui(qtbot, tmp_path):
    from PySide6.QtWidgets import QApplication
    app = QApplication.instance()
    install_language(app, "zh_CN")
    try:
        window = MainWindow([], provider=ParserProvider(None, tmp_path))
        qtbot.addWidget(window)
        titles = [a.text() for a in window.menuBar().actions()]
        assert any("文件" in t for t in titles), titles
        assert "画笔" in window.tools_panel.tool_buttons.button(0).text()
    finally:
        install_language(app, "en")


def test_joint_handles_view_selector_and_dropped_files(qtbot, tmp_path, photos_dir):
    from PySide6.QtCore import QMimeData, QPointF, QUrl
    from PySide6.QtGui import QDropEvent
    window = MainWindow([], provider=ParserProvider(None, tmp_path))
    qtbot.addWidget(window)
    window.show()
    wait_parsed(qtbot, window)
    state = window.state
    handles = window.canvas._handles
    assert handles, "pose joints are shown as handles"
    before = state.regions.pixels()
    handle = handles[0]
    window.canvas.joint_dropped(handle.name, handle.pos().x() + 40, handle.pos().y() + 40)
    assert state.joints.source == "clinician"
    assert state.regions.pixels() != before
    # the view selector: posterior swaps the patient's sides
    window.set_view(0, "posterior")
    assert state.view == "posterior"
    assert state.view_confirmed
    assert any(r.surface == "posterior" for r in window.workspace.assessment().rows)
    # dropping a photo file on the case panel adds it
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(photos_dir / "grace_hopper.jpg"))])
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime,
                       Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)
    window.case_panel.dropEvent(event)
    assert [p.photo.name for p in window.workspace.photos] == ["astronaut.png", "grace_hopper.jpg"]
    wait_parsed(qtbot, window, index=1)


def test_a_new_case_after_the_demo_gets_no_sample_burn(qtbot, tmp_path, photos_dir):
    window = demo_window(qtbot, tmp_path)
    window.cases.new_case()                       # before the demo photo was parsed
    assert window.workspace.photos == []
    assert window.workspace.patient.name == ""
    assert window.open_photo(str(photos_dir / "grace_hopper.jpg"))
    wait_parsed(qtbot, window)
    assert window.state.regions is not None
    assert not window.state.burn.values.any()
