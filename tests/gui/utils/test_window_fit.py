"""The window fits common clinical screens: it opens within the available area at 1280x720,
1366x768, 1920x1080 and a 4K screen scaled 2x, every control is on the screen or in a scroll
area that is, and it stays so after a parse and a language switch. Each size runs in its own
process (tests/gui/window_fit_probe.py), on an offscreen screen of that size."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

PROBE = Path(__file__).resolve().parents[1] / "window_fit_probe.py"   # in tests/gui


@pytest.mark.parametrize(("size", "dpr"), [("1280x720", 1), ("1366x768", 1), ("1920x1080", 1),
                                       ("3840x2160", 2)])
@pytest.mark.slow
def test_the_window_fits_the_screen(size, dpr, tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}
    done = subprocess.run([sys.executable, str(PROBE), size, str(dpr), str(tmp_path)],
                          capture_output=True, text=True, timeout=300, env=env)
    assert done.returncode == 0, done.stderr[-2000:]
    steps = json.loads(done.stdout)
    assert [s["step"] for s in steps] == ["opened", "parsed", "Chinese"]
    width, height = (int(v) / dpr for v in size.split("x"))
    for step in steps:
        assert step["screen"][0] <= width
        assert step["screen"][1] <= height
        assert step["within"], step
        assert step["outside"] == [], step
        # a big screen gets a big window (and with it a big chart), not a 1400x850 one
        assert step["window"][2] >= 0.85 * step["screen"][0], step
        # the body chart is painted on: its figures are never squeezed (the dock scrolls)
        assert step["chart_figures"][1] >= 280, step
