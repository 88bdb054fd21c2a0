"""Export from the window: the first page is previewed, then the PDF and DICOM are written. The
report is in the window's language, dated by the assessment (not the export) and signed by the
assessor the clinician names."""
from __future__ import annotations

import os
import time
from datetime import UTC, datetime

import pytest
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog, QMessageBox

from burnmap.gui.app import install_language
from burnmap.gui.dialogs.export_dialog import open_export
from burnmap.gui.main_window import MainWindow
from burnmap.gui.utils.window_settings import export_folder
from burnmap.parsing.provider import ParserProvider
from tests.qt_input import standard


@pytest.fixture
def window(qtbot, tmp_path):
    window = MainWindow([], provider=ParserProvider(None, tmp_path))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.state is not None and window.state.parsing is not None,
                    timeout=120_000)
    yield window
    window.close()


def test_export_previews_and_writes(window, tmp_path, monkeypatch, dialog_watch):
    dialog = open_export(window)
    pixmap = dialog.preview.pixmap()
    assert abs(pixmap.width() - 700) <= 1
    assert pixmap.height() > 900
    image = pixmap.toImage()
    assert len({image.pixel(x, y) for x in range(0, 700, 50) for y in range(0, 900, 50)}) > 3
    target = tmp_path / "out.pdf"
    proposed = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *a, **k: proposed.append(a[2]) or (str(target), ""))
    dialog.dicom.setChecked(True)
    dialog.assessor.setText("Dr Wu")
    dialog_watch.expect(standard(QMessageBox.StandardButton.Ok), "saved")
    dialog.save()
    assert target.read_bytes().startswith(b"%PDF")
    assert (tmp_path / "out_dicom" / "report.dcm").exists()
    # proposed where people look (documents), not in the hidden per-user data folder
    data = os.environ["BURNMAP_DATA_DIR"]
    assert not proposed[0].startswith(data)
    assert proposed[0].endswith("DEMO-0001.pdf")
    # and confirmed, naming both outputs
    assert str(target) in dialog_watch.seen[-1]
    assert "out_dicom" in dialog_watch.seen[-1]
    # the next export proposes the folder of this one
    assert export_folder() == tmp_path


def test_the_assessor_is_asked_for_never_taken_from_the_computer(window, tmp_path,
                                                                 monkeypatch, dialog_watch):
    """No saved assessment names one: the field starts empty (not the operating-system
    account), Save waits for a name, and the name typed is the one on the report."""
    dialog = open_export(window)
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    assert dialog.assessor.text() == ""
    assert not save.isEnabled()
    asked = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *a, **k: asked.append(a) or (str(tmp_path / "r.pdf"), ""))
    dialog.save()
    assert not asked
    assert not (tmp_path / "r.pdf").exists()
    dialog.assessor.setText("   ")
    assert not save.isEnabled()
    dialog.assessor.setText("Dr Wu")
    assert save.isEnabled()
    dialog_watch.expect(standard(QMessageBox.StandardButton.Ok), "saved")
    dialog.save()   # typed, still in the field: the report carries it
    import subprocess
    text = subprocess.run(["pdftotext", str(tmp_path / "r.pdf"), "-"], check=True,
                          capture_output=True, text=True).stdout
    assert "Dr Wu" in text


def test_the_report_is_dated_by_the_last_edit_and_repeats_byte_for_byte(window):
    """Two exports of an unchanged case, a second apart, are the same file; an edit dates the
    next one."""
    edited = window.workspace.edited_at
    assert edited is not None
    assert (datetime.now(UTC) - edited).total_seconds() < 300
    first = open_export(window)
    first.assessor.setText("Dr Wu")
    first.refresh()
    time.sleep(1.1)
    second = open_export(window)
    second.assessor.setText("Dr Wu")
    second.refresh()
    assert first.when == second.when == edited.astimezone()
    assert first.files.pdf == second.files.pdf
    window.case_panel.patient_changed.emit()   # an edit, as typing in the form makes
    assert window.workspace.edited_at > edited
    assert open_export(window).when == window.workspace.edited_at.astimezone()


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_the_report_language_follows_the_window(qapp, window, language):
    install_language(qapp, language)
    try:
        assert open_export(window).lang == language
    finally:
        install_language(qapp, "en")
