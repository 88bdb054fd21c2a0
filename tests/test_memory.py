"""tests/memory.py: what a test leaves is released before the next one, and `--memory-log FILE`
records each test's own peak."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

SAMPLE = '''
import numpy as np
from PySide6.QtWidgets import QApplication, QWidget

def test_a_big_array():
    big = np.ones(400 * 2 ** 20 // 8)        # 400 MB, touched
    assert big.sum() > 0

def test_small_after_the_big_one():
    assert True

def test_leaves_a_closed_window(qtbot):
    widget = QWidget()
    widget.setObjectName("left-behind")
    widget.itself = widget              # a reference cycle, as a connection to a lambda makes
    qtbot.addWidget(widget)             # closed and deleteLater() after the test
    widget.show()

def test_the_closed_window_is_gone(qtbot):
    names = [w.objectName() for w in QApplication.topLevelWidgets()]
    assert "left-behind" not in names
'''


def _pytest(folder: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen")
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "tests.memory",
                           "-p", "no:cacheprovider", "--rootdir", str(folder), *args],
                          cwd=folder, env=env, capture_output=True, text=True, timeout=300)


def test_the_log_has_each_tests_own_peak_and_windows_are_deleted(tmp_path):
    (tmp_path / "test_sample.py").write_text(SAMPLE)
    log = tmp_path / "memory.tsv"
    run = _pytest(tmp_path, "--memory-log", str(log), "test_sample.py")
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    lines = log.read_text().splitlines()
    assert lines[0].startswith("# peak_mb")
    rows = {line.split("\t")[4].split("::")[1]: [float(v) for v in line.split("\t")[:4]]
            for line in lines[1:]}
    assert list(rows) == ["test_a_big_array", "test_small_after_the_big_one",
                          "test_leaves_a_closed_window", "test_the_closed_window_is_gone"]
    big, small = rows["test_a_big_array"], rows["test_small_after_the_big_one"]
    assert big[0] >= big[1] + 350            # the 400 MB array is in its peak...
    assert big[2] < big[0] - 300             # ...and given back after it
    assert small[0] < big[0] - 300           # the next test's peak is its own


def test_an_unwritable_log_is_refused_before_any_test(tmp_path):
    (tmp_path / "test_sample.py").write_text(SAMPLE)
    for bad in (tmp_path, tmp_path / "missing" / "log.tsv"):
        run = _pytest(tmp_path, "--memory-log", str(bad), "test_sample.py")
        assert run.returncode == 4, run.stdout[-2000:] + run.stderr[-2000:]
        assert f"--memory-log: cannot write {bad}" in run.stderr
        assert "Traceback" not in run.stderr
        assert "passed" not in run.stdout


def test_a_test_over_the_budget_fails_the_run_and_is_named(tmp_path):
    (tmp_path / "test_sample.py").write_text(SAMPLE)
    run = _pytest(tmp_path, "--memory-budget", "300", "test_sample.py")
    assert run.returncode == 1, run.stdout[-3000:] + run.stderr[-3000:]
    assert "4 passed" in run.stdout                 # the tests themselves passed...
    summary = run.stdout.split("memory budget", 1)[1]
    assert "1 test(s) peaked over 300 MB resident" in summary   # ...one broke the budget
    assert "test_sample.py::test_a_big_array" in summary
    assert "test_small_after_the_big_one" not in summary      # its own peak, not the big one's


def test_within_the_budget_the_run_passes(tmp_path):
    (tmp_path / "test_sample.py").write_text(SAMPLE)
    run = _pytest(tmp_path, "--memory-budget", "4000", "test_sample.py")
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert "memory budget" not in run.stdout


def test_a_budget_that_is_no_amount_is_refused(tmp_path):
    (tmp_path / "test_sample.py").write_text(SAMPLE)
    for bad in ("two GB", "0", "-5", "nan"):
        run = _pytest(tmp_path, "--memory-budget", bad, "test_sample.py")
        assert run.returncode == 4, run.stdout[-2000:] + run.stderr[-2000:]
        assert "--memory-budget" in run.stderr
        assert "Traceback" not in run.stderr
