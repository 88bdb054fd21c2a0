"""The main window, driven offscreen: demo case, opening photos, errors that keep the window usable."""
from __future__ import annotations

import numpy as np
from PIL import Image
from PySide6.QtWidgets import QMessageBox

from gui.app import create_application, install_fonts
from gui.main_window import MainWindow


def test_opens_the_demo_case_without_a_photo(qtbot):
    window = MainWindow()
    qtbot.addWidget(window)
    assert window.photo is not None and window.photo.name == "astronaut.png"
    assert window.view.pixmap().width() == 512 and window.view.pixmap().height() == 512
    assert "Demo case" in window.photo_label.text()


def test_opens_a_given_photo(qtbot, photos_dir):
    window = MainWindow([str(photos_dir / "two_people.jpg")])
    qtbot.addWidget(window)
    assert (window.view.pixmap().width(), window.view.pixmap().height()) == (1280, 720)


def test_corrupt_photo_shows_a_message_and_keeps_the_current_photo(qtbot, tmp_path, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: shown.append(args[2]))
    window = MainWindow()
    qtbot.addWidget(window)
    bad = tmp_path / "scan.jpg"
    bad.write_bytes(b"\xff\xd8 garbage")
    assert window.open_photo(str(bad)) is False
    assert shown and "scan.jpg" in shown[0]
    assert window.photo.name == "astronaut.png"


def test_screenshot_shows_the_photo_and_readable_status(qtbot, tmp_path):
    app = create_application([])
    install_fonts(app)
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    shot = tmp_path / "main.png"
    assert window.grab().save(str(shot))
    pixels = np.asarray(Image.open(shot).convert("RGB"))
    assert pixels.shape[0] > 400 and pixels.std() > 20  # not blank
