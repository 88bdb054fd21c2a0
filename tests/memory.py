"""Memory between tests: what a test leaves behind is released before the next one starts, and
`pytest --memory-log=FILE` records each test's peak (with `=`: pytest learns a conftest plugin's
options only after finding the conftest, and takes a FILE written apart for a test path);
`--memory-budget MB` fails the run when a test's peak is over MB (the test command gives 2000: a
16 GB laptop runs the suite beside an editor).

Released after every test, once pytest has dropped the test's fixtures: the windows pytest-qt
closed (its deleteLater() only posts the deletion, which no event loop runs between tests),
garbage in reference cycles (Qt's signal connections to bound methods, models held by them), and
the memory the C allocator keeps after it is freed (glibc gives it back to the system only when
asked). With the windows and MediaPipe graphs that nothing freed, the suite's resident size grew
with every test to 17 GB.

The log has one tab-separated line per test: peak resident MB during the test (the kernel's
high-water mark, reset before the test through /proc/self/clear_refs, so it is the test's own
peak, its fixtures' set-up and teardown included), resident MB before and after (after the
release), seconds and node id. The peak is the process's, standing memory that earlier tests left
included: that is what the machine has to hold. Linux only; elsewhere neither option measures.
"""
from __future__ import annotations

import argparse
import ctypes
import ctypes.util
import gc
import re
import sys
import time
from pathlib import Path

import pytest

_STATUS = Path("/proc/self/status")
_OVER = pytest.StashKey[list]()   # (peak MB, node id) of the tests over the budget
_MEASURED = pytest.StashKey[bool]()
GREW_MB = 16      # a test whose resident size grew by more than this is collected after


def _status_mb(field: str) -> float:
    try:
        text = _STATUS.read_text()
    except OSError:
        return float("nan")
    match = re.search(rf"^{field}:\s+(\d+) kB", text, re.MULTILINE)
    return int(match.group(1)) / 1024 if match else float("nan")


def _reset_peak() -> bool:
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return True
    except OSError:
        return False


def _delete_closed_windows() -> int:
    """Delete the top-level widgets that are closed (pytest-qt closed them and asked for a
    deferred deletion); open ones are the test's business. Returns how many were deleted."""
    widgets = sys.modules.get("PySide6.QtWidgets")
    if widgets is None or widgets.QApplication.instance() is None:
        return 0
    from PySide6.QtCore import QCoreApplication, QEvent
    closed = [w for w in widgets.QApplication.topLevelWidgets() if not w.isVisible()]
    for widget in closed:
        widget.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    return len(closed)


def _give_back() -> None:
    name = ctypes.util.find_library("c")
    libc = ctypes.CDLL(name) if name else None
    if libc is not None and hasattr(libc, "malloc_trim"):
        libc.malloc_trim(0)


def release(before_mb: float, scope_ended: bool = False) -> None:
    """Free what the finished test left: closed windows, cyclic garbage, the allocator's
    free pages. Collecting costs a fraction of a second, so it runs only after a test that
    grew the process, used windows, or was the last of its module (pytest has then dropped
    the module's fixtures, e.g. a loaded model: their memory was there before the test)."""
    deleted = _delete_closed_windows()
    if deleted or scope_ended or not _status_mb("VmRSS") <= before_mb + GREW_MB:
        gc.collect()
        _delete_closed_windows()    # windows whose last reference was in a cycle
        _give_back()


HEADER = "# peak_mb\tbefore_mb\tafter_mb\tseconds\ttest\n"


def _budget(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of MB") from None
    if not value > 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a positive number of MB")
    return value


def pytest_addoption(parser):
    parser.addoption("--memory-log", metavar="FILE", default=None,
                     help="append each test's peak and resident memory (MB) to FILE")
    parser.addoption("--memory-budget", metavar="MB", type=_budget, default=None,
                     help="fail the run if a test's peak resident memory is over MB")


def pytest_configure(config):
    log = config.getoption("--memory-log", None)
    if not log:
        return
    # Refused before any test runs, with the reason, rather than as an error in every test.
    try:
        with open(log, "a", encoding="utf-8") as out:
            out.write(HEADER)
    except OSError as exc:
        raise pytest.UsageError(f"--memory-log: cannot write {log}: {exc.strerror or exc}") from None


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item, nextitem):
    log, budget = item.config.getoption("--memory-log"), item.config.getoption("--memory-budget")
    reset = bool(log or budget) and _reset_peak()
    item.config.stash[_MEASURED] = reset or item.config.stash.get(_MEASURED, False)
    before, start = _status_mb("VmRSS"), time.monotonic()
    result = yield        # set-up, call, teardown; pytest has dropped the fixtures' values
    release(before, nextitem is None or nextitem.module is not item.module)
    peak = _status_mb("VmHWM") if reset else float("nan")
    if budget and peak > budget:
        item.config.stash.setdefault(_OVER, []).append((peak, item.nodeid))
    if log:
        with open(log, "a", encoding="utf-8") as out:
            out.write(f"{peak:.0f}\t{before:.0f}\t{_status_mb('VmRSS'):.0f}\t"
                      f"{time.monotonic() - start:.1f}\t{item.nodeid}\n")
    return result


def pytest_sessionfinish(session, exitstatus):
    if session.config.stash.get(_OVER, None) and exitstatus == pytest.ExitCode.OK:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    over = config.stash.get(_OVER, None)
    budget = config.getoption("--memory-budget")
    if budget and not config.stash.get(_MEASURED, False):
        terminalreporter.write_line(f"--memory-budget: no test's peak could be measured on {sys.platform}")
    if over:
        terminalreporter.section("memory budget", red=True)
        terminalreporter.write_line(f"{len(over)} test(s) peaked over {budget:.0f} MB resident:")
        for peak, nodeid in sorted(over, reverse=True):
            terminalreporter.write_line(f"  {peak:.0f} MB  {nodeid}")
