"""Benchmark: the window's responsiveness, offscreen.

1. Painting on a 12-megapixel photo: time to handle one pointer move (mouse event -> burn mask ->
   burn layers updated for the changed box), and with the repaint it causes. Limit 16 ms.
2. Parsing in the background (synthetic M2FP, a 1280x960 and a 50-megapixel JPEG opened as
   File > Add photo does, autosave included): the longest gap between ticks of a 10 ms timer on
   the GUI thread from the start of the parse until its result is shown (segmentation, regions,
   results). Limit 100 ms. Opening and showing the photo, before, is timed apart.

    .venv/bin/python -m bench.gui_speed [--model DIR] [--parse-sizes 1280x960 8160x6120]
        [--json-out bench/results/gui_speed.json]
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("BURNMAP_CONFIG_DIR", tempfile.mkdtemp(prefix="burnmap-bench-"))
ROOT = Path(__file__).resolve().parent.parent

import numpy as np  # noqa: E402
from PySide6.QtCore import QPoint, Qt, QTimer  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402

from bench.common import add_json_out, print_table, write_json  # noqa: E402
from bench.parse_speed import ensure_model, photo_of_size  # noqa: E402
from burnmap.gui.app import create_application  # noqa: E402
from burnmap.gui.main_window import MainWindow  # noqa: E402
from burnmap.parsing.provider import ParserProvider  # noqa: E402
from burnmap.photo.imaging import Photo  # noqa: E402


def paint_moves(app, window, moves: int = 200) -> dict:
    pixels = photo_of_size(4000, 3000)
    state = window.workspace.add_photo(Photo(pixels, "bench.jpg", "JPEG", "RGB"))
    window.select_photo(len(window.workspace.photos) - 1)
    window.tools.set(radius=20.0)
    view = window.canvas.left.view
    view.zoom(4.0)
    app.processEvents()
    viewport = view.viewport()
    centre = viewport.rect().center()
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, pos=centre)
    handle, with_paint = [], []
    for i in range(moves):
        pos = centre + QPoint(int(120 * np.sin(i / 9)), int(80 * np.cos(i / 13)))
        start = time.perf_counter()
        QTest.mouseMove(viewport, pos)
        handle.append((time.perf_counter() - start) * 1000)
        app.processEvents()
        with_paint.append((time.perf_counter() - start) * 1000)
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=pos)
    assert state.burn.values.any(), "the moves painted nothing"
    return {"handle_ms": _stats(handle), "handle_and_repaint_ms": _stats(with_paint)}


def _ticking(app, until) -> list[float]:
    """Gaps (ms) between ticks of a 10 ms GUI-thread timer until `until()` is true."""
    gaps, last = [], [time.perf_counter()]

    def tick():
        now = time.perf_counter()
        gaps.append((now - last[0]) * 1000)
        last[0] = now

    timer = QTimer()
    timer.timeout.connect(tick)
    timer.start(10)
    while not until():
        app.processEvents()
        time.sleep(0.001)
    timer.stop()
    return gaps


def parse_stalls(app, window, width: int, height: int) -> dict:
    """Opens a JPEG of this size as the clinician does (File > Add photo: shown, then parsed,
    autosaved meanwhile) and records the GUI thread's stalls from then until the parse's result
    is shown. The open call itself (showing the new photo) is timed apart."""
    from PIL import Image
    path = Path(tempfile.mkdtemp(prefix="burnmap-bench-")) / f"bench{width}.jpg"
    Image.fromarray(photo_of_size(width, height)).save(path, quality=92)
    gaps, last, when = [], [time.perf_counter()], []

    def tick():
        now = time.perf_counter()
        gaps.append((now - last[0]) * 1000)
        when.append(now)
        last[0] = now

    start = time.perf_counter()
    assert window.open_photo(str(path))
    opened = time.perf_counter() - start
    state = window.workspace.photos[-1]
    timer = QTimer()
    timer.timeout.connect(tick)
    last[0] = time.perf_counter()
    timer.start(10)
    while (state.parsing is None or window.parse_queue.busy) and time.perf_counter() - start < 900:
        app.processEvents()
        time.sleep(0.001)
    for _ in range(20):                  # what the result's arrival queued on the GUI thread
        app.processEvents()
        time.sleep(0.005)
    took = time.perf_counter() - start
    timer.stop()
    assert state.parsing is not None
    assert state.regions is not None
    worst = int(np.argmax(gaps))
    return {"size": f"{width}x{height}", "open_and_show_s": opened, "parse_s": took,
            "longest_stall_ms": max(gaps), "median_tick_ms": statistics.median(gaps),
            "ticks": len(gaps), "longest_stall_at_s": when[worst] - start,
            "stalls_over_50ms": sorted(round(g) for g in gaps if g > 50)}


def _stats(samples):
    return {"median": statistics.median(samples), "p95": float(np.percentile(samples, 95)),
            "max": max(samples), "n": len(samples)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--model", type=Path)
    ap.add_argument("--parse-sizes", nargs="+", default=["1280x960", "8160x6120"])
    add_json_out(ap, "gui_speed")
    args = ap.parse_args()
    app = create_application([])
    window = MainWindow(None, provider=ParserProvider(str(ensure_model(args.model)), ROOT))
    window.resize(1400, 850)
    window.show()
    # Start-up warms the parsers up in the background; its one-time stall is reported apart.
    warm_up = _ticking(app, lambda: not window.parse_queue.busy)
    paint = paint_moves(app, window)
    parses = [parse_stalls(app, window, *map(int, size.split("x"))) for size in args.parse_sizes]
    window.close()
    rows = [[f"pointer move on 12 MP, {name}", s["median"], s["p95"], s["max"], 16]
            for name, s in paint.items()]
    for stalls in parses:
        rows.append([f"GUI-thread stall during a {stalls['size']} M2FP parse until shown "
                     f"({stalls['parse_s']:.1f} s), ms", stalls["median_tick_ms"], None,
                     stalls["longest_stall_ms"], 100])
        rows.append([f"(before it) opening and showing the {stalls['size']} photo, ms", None,
                     None, stalls["open_and_show_s"] * 1000, None])
    rows.append(["(once, at start-up) GUI-thread stall while MediaPipe starts, ms", None, None,
                 max(warm_up), None])
    print_table("The window, offscreen", ["measure", "median", "p95", "max", "limit"], rows,
                digits=1)
    write_json(args.json_out, "gui_speed", {"paint": paint, "parse": parses,
                                            "start_up_warm_up_longest_stall_ms": max(warm_up)})
    return 0


if __name__ == "__main__":
    sys.exit(main())
