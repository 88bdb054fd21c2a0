"""The one funnel for bugs: an unexpected error, in a slot or on a plain thread, is written to a
crash log without patient data and shown in one dialog naming the log; the window stays open."""
from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QTimer

from burnmap.gui.dialogs.errors import install_excepthook
from burnmap.gui.main_window import MainWindow
from burnmap.parsing.provider import ParserProvider


@pytest.fixture
def funnel(qtbot, tmp_path, monkeypatch, dialogs):
    monkeypatch.setenv("BURNMAP_DATA_DIR", str(tmp_path / "data"))
    window = MainWindow(None, provider=ParserProvider(None, tmp_path))
    qtbot.addWidget(window)
    window.show()
    uninstall = install_excepthook(window)
    yield window
    uninstall()
    window.close()


def _crash_logs(tmp_path):
    return sorted((tmp_path / "data" / "logs").glob("crash-*.log"))


@pytest.mark.qt_no_exception_capture
def test_an_error_in_a_slot_is_logged_without_patient_data_and_shown(funnel, qtbot, tmp_path,
                                                                     dialogs):
    def crash_in_a_slot():
        raise ValueError("patient Zhang Wei, MRN-1")
    QTimer.singleShot(0, crash_in_a_slot)
    qtbot.waitUntil(lambda: bool(dialogs), timeout=5000)
    [log] = _crash_logs(tmp_path)
    text = log.read_text(encoding="utf-8")
    assert "builtins.ValueError (message withheld)" in text
    assert "crash_in_a_slot" in text
    assert "Zhang" not in text
    assert "MRN-1" not in text
    [(kind, message)] = dialogs
    assert kind == "critical"
    assert str(log) in message
    assert "Zhang" not in message
    assert funnel.isVisible()


@pytest.mark.qt_no_exception_capture
def test_an_error_on_a_plain_thread_reaches_the_same_funnel(funnel, qtbot, tmp_path, dialogs):
    def crash_on_a_thread():
        raise OSError("/cases/Zhang Wei.burncase")
    thread = threading.Thread(target=crash_on_a_thread)
    thread.start()
    thread.join()
    qtbot.waitUntil(lambda: bool(dialogs), timeout=5000)   # shown on the GUI thread
    [log] = _crash_logs(tmp_path)
    assert "crash_on_a_thread" in log.read_text()
    assert "Zhang" not in log.read_text()
    assert dialogs[0][0] == "critical"
    assert str(log) in dialogs[0][1]
