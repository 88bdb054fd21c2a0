"""After a crash, and only after one, the next start says BurnMap did not close normally and
offers the autosaved work back. The crash is real: another process paints and dies."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
from PySide6.QtWidgets import QMessageBox

from burnmap.casefile.session import pending_recoveries
from burnmap.gui.app import Shell
from tests.qt_input import standard

PROBE = Path(__file__).with_name("crash_probe.py")
TIMEOUT = 120_000


def _crash(photo: Path) -> int:
    done = subprocess.run([sys.executable, str(PROBE), str(photo)], capture_output=True,
                          text=True, timeout=300, env=dict(os.environ))
    assert done.returncode == 9, done.stderr[-2000:]
    return int(done.stdout.split()[-1])


def test_after_a_crash_the_next_start_offers_the_work_back(qtbot, qapp, photos_dir,
                                                           dialog_watch):
    painted = _crash(photos_dir / "grace_hopper.jpg")
    assert painted > 0
    assert len(pending_recoveries()) == 1
    dialog_watch.expect(standard(QMessageBox.StandardButton.Yes), "recover?")
    shell = Shell(qapp, [])
    window = shell.window
    qtbot.addWidget(window)
    try:
        assert "did not close normally" in dialog_watch.seen[0]
        state = window.workspace.photos[0]
        assert state.photo.name == "grace_hopper.jpg"
        assert int(np.count_nonzero(state.burn.values)) == painted
        assert window.windowTitle().endswith("*")     # recovered work is not saved yet
        dialog_watch.expect(standard(QMessageBox.StandardButton.Discard), "quit")
        window.close()
        assert pending_recoveries() == []             # discarded: gone
    finally:
        shell.uninstall_hook()


def test_a_normal_start_asks_nothing(qtbot, qapp, dialog_watch):
    shell = Shell(qapp, [])                           # no crash before it
    qtbot.addWidget(shell.window)
    try:
        qtbot.wait(300)
        assert dialog_watch.seen == []
        assert shell.window.workspace.photos
    finally:
        shell.uninstall_hook()
