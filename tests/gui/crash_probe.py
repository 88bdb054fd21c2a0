"""Run in its own process by tests/gui/test_crash_recovery.py: open the window on a photo, wait
for the parse, paint a burn through a real mouse stroke, let the autosave write, then die
without closing anything (os._exit), as a crash or a power cut does.

    python tests/gui/crash_probe.py PHOTO
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def main(photo: str) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    import numpy as np
    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtTest import QTest

    from burnmap.gui.app import Shell, create_application, install_language
    app = create_application([])
    install_language(app, "en")
    window = Shell(app, [photo]).window
    while window.state is None or window.state.parsing is None or window.parse_queue.busy:
        QTest.qWait(50)
    window.case_panel.age.setFocus()
    view = window.canvas.left.view
    ys, xs = np.nonzero(window.state.regions.ids)
    start = view.mapFromScene(float(xs[len(xs) // 2]), float(ys[len(ys) // 2]))
    QTest.mousePress(view.viewport(), Qt.MouseButton.LeftButton, pos=start)
    QTest.mouseMove(view.viewport(), start + QPoint(10, 4))
    QTest.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, pos=start + QPoint(10, 4))
    painted = int(np.count_nonzero(window.state.burn.values))
    window.cases.autosave()        # what the 3-second timer does
    window.cases.wait()
    print(painted, flush=True)
    os._exit(9)                    # no close, no clean-up: a crash


if __name__ == "__main__":
    main(sys.argv[1])
