"""A reader that stops early (`main.py --help | head -1`) is not a bug: no crash report, no
crash log, the exit status a shell gives a closed pipe."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("argv", [["--help"], ["parse", "--help"], ["batch", "--help"]])
def test_a_closed_pipe_is_not_a_bug(tmp_path, argv):
    env = {**os.environ, "BURNMAP_CONFIG_DIR": str(tmp_path / "config"),
           "BURNMAP_DATA_DIR": str(tmp_path / "data"), "QT_QPA_PLATFORM": "offscreen"}
    child = subprocess.Popen([sys.executable, str(ROOT / "main.py"), *argv], env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    child.stdout.close()   # the reader is gone before the command writes its first line
    err = child.stderr.read().decode()
    assert child.wait(timeout=120) in (0, 141), err   # 0: the text fitted the pipe's buffer
    assert "bug" not in err, err
    assert "Traceback" not in err, err
    assert "Exception ignored" not in err, err
    assert not list((tmp_path / "data").rglob("crash-*.log"))
