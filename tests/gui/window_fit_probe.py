"""Run in its own process on an offscreen screen of a given size (tests/gui/utils/test_window_fit.py):
start the window as the app does (the demo case), wait for the parse, switch the language, and
print as JSON the screen's available area, the window's frame and every visible control that
lies outside it, after each step.

    python tests/gui/window_fit_probe.py WIDTHxHEIGHT [DPR] [DATA_DIR]   (screen pixels, scale)
"""
from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _configure(size: str, dpr: float) -> None:
    # the screen's pixels; Qt works in device-independent pixels (a 4K screen at 2x: 1920x1080)
    width, height = (round(int(v) / dpr) for v in size.split("x"))
    config = Path(tempfile.mkdtemp(prefix="burnmap-screen-")) / "screen.json"
    config.write_text(json.dumps({"screens": [{
        "name": "probe", "x": 0, "y": 0, "width": width, "height": height,
        "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": dpr}]}))
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={config}"


def _outside(window) -> list[str]:
    """Visible controls (buttons, fields, sliders, tables...) the clinician cannot reach: not
    on the screen, and not inside a scroll area whose view is on the screen."""
    from PySide6.QtWidgets import (
        QAbstractButton,
        QAbstractSlider,
        QAbstractSpinBox,
        QComboBox,
        QLineEdit,
        QListWidget,
        QStatusBar,
        QTableWidget,
        QTabWidget,
        QWidget,
    )
    kinds = (QAbstractButton, QAbstractSlider, QAbstractSpinBox, QComboBox, QLineEdit,
             QListWidget, QStatusBar, QTableWidget, QTabWidget)
    area = window.screen().availableGeometry()
    bad = []
    for widget in window.findChildren(QWidget):
        if not isinstance(widget, kinds) or not widget.isVisibleTo(window):
            continue
        shown = _scroll_view(widget) or widget
        top_left = shown.mapToGlobal(shown.rect().topLeft())
        rect = shown.rect().translated(top_left)
        if not area.contains(rect):
            bad.append(f"{type(widget).__name__} {widget.objectName() or _label(widget)} at "
                       f"{rect.x()},{rect.y()} {rect.width()}x{rect.height()}")
    return bad


def _scroll_view(widget):
    """The viewport of the nearest scroll area holding `widget` (reached by scrolling)."""
    from PySide6.QtWidgets import QScrollArea
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QScrollArea) and widget is not parent.verticalScrollBar() \
                and widget is not parent.horizontalScrollBar():
            return parent.viewport()
        parent = parent.parentWidget()
    return None


def _label(widget) -> str:
    text = getattr(widget, "text", None)
    return repr(text()) if callable(text) else ""


def _state(window, step: str) -> dict:
    from PySide6.QtCore import QRectF
    from PySide6.QtWidgets import QApplication
    QApplication.processEvents()
    if os.environ.get("BURNMAP_FIT_SHOTS"):   # for looking at the layout: one PNG per step
        window.grab().save(str(Path(os.environ["BURNMAP_FIT_SHOTS"]) / f"{step}.png"))
    window.results.tabs.setCurrentWidget(window.results.chart)   # the chart painted on
    QApplication.processEvents()
    figures = window.results.chart.chart_transform().mapRect(
        QRectF(0, 0, *window.results.chart.chart.size))
    window.results.tabs.setCurrentIndex(0)
    QApplication.processEvents()
    frame, area = window.frameGeometry(), window.screen().availableGeometry()
    return {"step": step, "screen": [area.width(), area.height()],
            "window": [frame.x(), frame.y(), frame.width(), frame.height()],
            "within": area.contains(frame), "outside": _outside(window),
            "minimum": [window.minimumSizeHint().width(), window.minimumSizeHint().height()],
            "chart_figures": [round(figures.width()), round(figures.height())]}


def main(argv: list[str]) -> int:
    _configure(argv[0], float(argv[1]) if len(argv) > 1 else 1.0)
    data = Path(argv[2]) if len(argv) > 2 else Path(tempfile.mkdtemp(prefix="burnmap-fit-"))
    os.environ["BURNMAP_CONFIG_DIR"] = str(data / "config")
    os.environ["BURNMAP_DATA_DIR"] = str(data / "data")
    from PySide6.QtTest import QTest

    from burnmap.gui.app import Shell, create_application, install_language
    app = create_application([])
    install_language(app, "en")
    shell = Shell(app, [])
    shell.uninstall_hook()   # a bug here is a traceback and exit 1, not a modal crash dialog
    window = shell.window
    steps = [_state(window, "opened")]
    for _ in range(600):
        QTest.qWait(100)
        if window.state is not None and window.state.parsing is not None \
                and not window.parse_queue.busy:
            break
    steps.append(_state(window, "parsed"))
    shell.switch_language("zh_CN")
    shell.uninstall_hook()
    steps.append(_state(shell.window, "Chinese"))
    shell.window.cases.dirty = False   # the probe's own close: nothing to ask
    shell.window.close()
    print(json.dumps(steps))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
