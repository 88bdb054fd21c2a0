"""Autosave to a recovery copy, recovery after an abrupt end, clean close."""
from __future__ import annotations

import numpy as np

from core.burn import FULL_THICKNESS
from core.session import CaseSession, pending_recoveries
from core.storage import recovery_dir
from tests.core.sample_case import make_workspace


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
    assert len(found) == 1 and found[0].original == str(saved_path)
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
