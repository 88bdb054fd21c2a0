"""Autosave to a recovery copy, recovery after an abrupt end, clean close."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import numpy as np

from burnmap.body.burn import FULL_THICKNESS
from burnmap.casefile.session import CaseSession, pending_recoveries
from burnmap.system.storage import recovery_dir
from tests.helpers.sample_case import make_workspace

ROOT = Path(__file__).resolve().parents[2]


def test_autosave_then_abrupt_end_then_recovery(tmp_path):
    ws = make_workspace()
    session = CaseSession("dr.a")
    saved_path = session.save(ws, tmp_path / "patient")
    assert saved_path.suffix == ".burncase"
    ws.photos[0].burn.stroke([(120, 300)], FULL_THICKNESS, 25)   # unsaved work
    session.autosave(ws.snapshot())
    assert pending_recoveries() == []  # our own running session holds it
    # an abrupt end: nothing is closed, the OS drops the locks
    session.recovery.lock.release()
    session.case.lock.release()
    found = pending_recoveries()
    assert len(found) == 1
    assert found[0].original == str(saved_path)
    other = CaseSession("dr.a")
    recovered = other.recover(found[0])
    assert np.array_equal(recovered.photos[0].burn.values, ws.photos[0].burn.values)
    assert other.path == saved_path
    other.save(recovered)               # saving to the case makes the recovery copy obsolete
    assert list(recovery_dir().glob("*.burncase")) == []
    other.close()


def test_clean_close_leaves_no_recovery_copy(tmp_path):
    session = CaseSession("dr.a")
    session.autosave(make_workspace().snapshot())
    assert list(recovery_dir().glob("*.burncase"))
    session.close()
    assert list(recovery_dir().glob("*.burncase")) == []


def test_snapshot_is_independent_of_later_painting():
    ws = make_workspace()
    snap = ws.snapshot()
    ws.photos[0].burn.stroke([(10, 10)], FULL_THICKNESS, 5)
    assert snap.photos[0].burn.values[10, 10] == 0
    assert snap.photos[0].uid == ws.photos[0].uid


LEAVES_RECOVERY = '''
"""Does what a dirty window's close does when the program ends abruptly: an autosaved recovery
copy left behind, its locks released. Once in the run's folders, and by every test."""
import os
import pytest
from burnmap.casefile.session import CaseSession
from tests.helpers.sample_case import make_workspace


def leave_recovery_copy():
    session = CaseSession("dr.left")
    session.autosave(make_workspace().snapshot())
    session.recovery.lock.release()
    with open(os.environ["LEFT_LOG"], "a") as log:
        log.write(str(session.recovery.path) + "\\n")


def pytest_sessionstart(session):
    leave_recovery_copy()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    try:
        return (yield)
    finally:
        leave_recovery_copy()
'''


def test_recovery_copies_other_tests_leave_never_reach_these(tmp_path):
    """This file's tests, run after a plugin that leaves recovery copies at the start of the run
    and in every test, still pass: each test has its own data folder."""
    (tmp_path / "leaves_recovery.py").write_text(LEAVES_RECOVERY)
    log = tmp_path / "left.txt"
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(tmp_path), str(ROOT)]),
               LEFT_LOG=str(log))
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "leaves_recovery",
                          "-p", "no:cacheprovider", __file__, "-k", "not other_tests_leave"],
                         cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    passed = int(re.search(r"(\d+) passed", run.stdout).group(1))
    left = {Path(line).parent for line in log.read_text().splitlines()}
    assert passed >= 3
    assert len(left) == 1 + passed
