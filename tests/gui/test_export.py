"""Export from the window: the first page is previewed, then the PDF and DICOM are written."""
from __future__ import annotations

from PySide6.QtWidgets import QFileDialog

from core.parsing.provider import ParserProvider
from gui.export_dialog import open_export
from gui.main_window import MainWindow


def test_export_previews_and_writes(qtbot, tmp_path, monkeypatch):
    window = MainWindow([], provider=ParserProvider(None, tmp_path))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.state is not None and window.state.parsing is not None,
                    timeout=120_000)
    dialog = open_export(window)
    pixmap = dialog.preview.pixmap()
    assert abs(pixmap.width() - 700) <= 1 and pixmap.height() > 900  # an A4 page
    image = pixmap.toImage()
    assert len({image.pixel(x, y) for x in range(0, 700, 50) for y in range(0, 900, 50)}) > 3
    target = tmp_path / "out.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    dialog.dicom.setChecked(True)
    dialog.save()
    assert target.read_bytes().startswith(b"%PDF")
    assert (tmp_path / "out_dicom" / "report.dcm").exists()
    window.close()
