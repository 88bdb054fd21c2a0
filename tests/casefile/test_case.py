"""Case files: round trip, audit trail, serial assessments, bad files, locking, crashes, full disks."""
from __future__ import annotations

import hashlib
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from burnmap.body.burn import FULL_THICKNESS
from burnmap.casefile.case import CaseError, CaseFile, ReadOnlyCase
from burnmap.clinical.assessment import assessment_to_dict, compare_assessments
from burnmap.model.workspace import Workspace
from burnmap.photo.imaging import decode_photo
from tests.helpers.sample_case import make_workspace

ROOT = Path(__file__).resolve().parents[2]


def _state_of(ws: Workspace):
    return ([(p.photo.name, p.view, hashlib.sha256(p.source).hexdigest(),
              p.burn.values.tobytes(), p.parsing.labels.tobytes(), p.joints.points)
             for p in ws.photos], ws.patient)


def test_round_trip_keeps_everything(tmp_path):
    ws = make_workspace()
    path = tmp_path / "case.burncase"
    case = CaseFile.create(path, "dr.a")
    case.save(ws, "dr.a")
    case.close()
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    again = CaseFile.open(path, "dr.b")
    loaded = again.load()
    again.close()
    assert _state_of(loaded) == _state_of(ws)
    assert loaded.assessment().tbsa_total_percent == pytest.approx(
        ws.assessment().tbsa_total_percent)
    assert loaded.photos[0].parsing.persons[0].area == 800 * 400
    assert np.array_equal(loaded.photos[1].photo.pixels, ws.photos[1].photo.pixels)


def test_saves_write_only_changes_and_the_audit_trail_is_append_only(tmp_path):
    ws = make_workspace()
    case = CaseFile.create(tmp_path / "c.burncase", "dr.a")
    case.save(ws, "dr.a")
    ws.photos[0].burn.stroke([(100, 100)], FULL_THICKNESS, 10)
    ws.patient.weight_kg = 80
    case.save(ws, "dr.a")
    case.save(ws, "dr.a")  # nothing changed: nothing written
    del ws.photos[1]
    case.save(ws, "dr.a")
    actions = [a for _, _, a, _ in case.audit_trail()]
    assert actions == ["case created", "patient details changed", "photo added",
                       "parsing stored", "burn mask saved", "photo added", "parsing stored",
                       "burn mask saved", "patient details changed", "burn mask saved",
                       "photo removed"]
    assert all(who == "dr.a" for _, who, _, _ in case.audit_trail())
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        case.conn.execute("UPDATE audit SET who = 'x'")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        case.conn.execute("DELETE FROM audit")
    case.close()


def test_serial_assessments_over_time_and_region_comparison(tmp_path):
    ws = make_workspace()
    case = CaseFile.create(tmp_path / "c.burncase", "dr.a")
    first = assessment_to_dict(ws.assessment())
    case.save_assessment(first, "dr.a")
    ws.photos[0].burn.stroke([(200, 450), (200, 600)], FULL_THICKNESS, 40)
    ws.photos[0].record(ws.photos[0].burn.undo_stack[-1])
    second = assessment_to_dict(ws.assessment())
    case.save_assessment(second, "dr.b")
    history = case.assessments()
    assert [h["assessor"] for h in history] == ["dr.a", "dr.b"]
    totals = [h["result"]["tbsa_total_percent"] for h in history]
    assert totals[1] > totals[0] > 0
    rows = compare_assessments(history[0]["result"], history[1]["result"])
    grew = [r for r in rows if r["change"] and r["change"] > 0]
    assert grew
    assert all(r["earlier"] is not None for r in grew)
    with pytest.raises(sqlite3.DatabaseError):
        case.conn.execute("UPDATE assessment SET assessor = 'x'")
    case.close()


def _valid_case(tmp_path) -> Path:
    path = tmp_path / "good.burncase"
    case = CaseFile.create(path, "dr.a")
    case.save(make_workspace(), "dr.a")
    case.close()
    return path


def _bad_files(tmp_path) -> dict[str, Path]:
    good = _valid_case(tmp_path)
    data = good.read_bytes()
    files = {"random.burncase": os.urandom(5000),
             "notes.burncase": b"Patient notes\n" * 100,
             "truncated.burncase": data[: len(data) // 3]}
    corrupted = bytearray(data)
    for offset in range(4096, len(corrupted), 4096):  # overwrite the start of every page
        corrupted[offset:offset + 64] = os.urandom(64)
    files["corrupted.burncase"] = bytes(corrupted)
    newer = bytearray(data)
    newer[60:64] = (99).to_bytes(4, "big")
    files["newer.burncase"] = bytes(newer)
    out = {}
    for name, content in files.items():
        (tmp_path / name).write_bytes(content)
        out[name] = tmp_path / name
    other = tmp_path / "other_app.burncase"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    out["other_app.burncase"] = other
    return out


def test_bad_files_give_a_clear_message_and_are_never_modified(tmp_path):
    for name, path in _bad_files(tmp_path).items():
        before = hashlib.sha256(path.read_bytes()).hexdigest()
        with pytest.raises(CaseError) as err:  # noqa: PT012 - damage may show at open or at load
            case = CaseFile.open(path, "dr.a")
            case.load()  # damage deeper than the header may only show when reading
            case.close()
        assert name in str(err.value), name
        assert hashlib.sha256(path.read_bytes()).hexdigest() == before, name
        assert not Path(str(path) + "-wal").exists() or Path(str(path) + "-wal").stat().st_size == 0
    with pytest.raises(CaseError, match="newer BurnMap"):
        CaseFile.open(tmp_path / "newer.burncase", "dr.a")
    with pytest.raises(CaseError, match="does not exist"):
        CaseFile.open(tmp_path / "missing.burncase", "dr.a")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX only")
@pytest.mark.timeout(10)
def test_a_fifo_a_device_or_a_folder_is_refused_without_waiting(tmp_path):
    """The header is read through the guarded reader: a FIFO named like a case is refused, not
    waited on for ever (as `open()` would), and a device is never opened."""
    fifo = tmp_path / "pipe.burncase"
    os.mkfifo(fifo)
    for path, said in ((fifo, "is not a BurnMap case file"), (Path("/dev/zero"), "is not a"),
                       (tmp_path, "is a folder")):
        with pytest.raises(CaseError, match=said):
            CaseFile.open(path, "dr.a")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe.burncase"]   # no lock, no journal


def test_second_window_opens_read_only(tmp_path):
    path = _valid_case(tmp_path)
    first = CaseFile.open(path, "dr.a")
    second = CaseFile.open(path, "dr.b")
    assert not first.read_only
    assert second.read_only
    assert second.load().patient.record_number == "MRN-1"
    with pytest.raises(ReadOnlyCase, match="read-only"):
        second.save(make_workspace(), "dr.b")
    second.close()
    first.close()
    third = CaseFile.open(path, "dr.c")
    assert not third.read_only
    third.close()


HOLDER = """
import sys, time
from burnmap.casefile.case import CaseFile
case = CaseFile.open({path!r}, "other")
print("read_only" if case.read_only else "writer", flush=True)
time.sleep(30)
"""


def test_two_processes_contend_for_one_case(tmp_path):
    path = _valid_case(tmp_path)
    holder = subprocess.Popen([sys.executable, "-c", HOLDER.format(root=str(ROOT), path=str(path))],
                              stdout=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        assert holder.stdout.readline().strip() == "writer"
        mine = CaseFile.open(path, "dr.a")
        assert mine.read_only
        mine.close()
    finally:
        holder.kill()
        holder.wait()
    mine = CaseFile.open(path, "dr.a")  # the OS released the dead process's lock
    assert not mine.read_only
    mine.close()


WRITER = """
import sys, time
from burnmap.casefile.case import CaseFile
from tests.helpers.sample_case import make_workspace
ws = make_workspace()
case = CaseFile.open({path!r}, "writer")
print("ready", flush=True)
for line in sys.stdin:          # one save per line the test sends
    i = int(line)
    ws.patient.name = f"state {{i}}"
    for p in ws.photos:
        p.burn.values[:] = 1 + i % 4
        p.burn.revision += 1
    start = time.perf_counter()
    case.save(ws, "writer", update_patient=True)  # the name is this test's state marker
    print(f"saved {{i}} {{time.perf_counter() - start:.6f}}", flush=True)
"""


def _writer_save(proc, i: int) -> float:
    """Ask the writer for save number i and wait for it; returns the save's duration (s)."""
    proc.stdin.write(f"{i}\n")
    proc.stdin.flush()
    word, number, seconds = proc.stdout.readline().split()
    assert (word, int(number)) == ("saved", i)
    return float(seconds)


def test_killing_a_writer_mid_save_never_leaves_a_mix(tmp_path):
    """The writer is killed at twelve points spread over one save (from its start to just past
    its end): the case then holds the save before or the save being made, both masks and the
    name of one of them, never a mix."""
    path = _valid_case(tmp_path)
    for point in range(12):
        proc = subprocess.Popen([sys.executable, "-c",
                                 WRITER.format(root=str(ROOT), path=str(path))],
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=ROOT)
        try:
            assert proc.stdout.readline().strip() == "ready"
            done = 2 * point
            duration = _writer_save(proc, done)           # a finished save: the state before
            proc.stdin.write(f"{done + 1}\n")              # the save that is killed
            proc.stdin.flush()
            time.sleep(duration * point / 10)              # 0 to 1.1 times a save's duration
            proc.send_signal(signal.SIGKILL)
        finally:
            proc.kill()
            proc.wait()
        case = CaseFile.open(path, "checker")
        ws = case.load()
        case.close()
        values = {int(v) for p in ws.photos for v in np.unique(p.burn.values)}
        assert ws.patient.name in (f"state {done}", f"state {done + 1}"), ws.patient.name
        assert values == {1 + int(ws.patient.name.split()[1]) % 4}, (ws.patient.name, values)


def test_a_full_disk_fails_cleanly_with_the_old_state_intact(tmp_path):
    path = _valid_case(tmp_path)
    case = CaseFile.open(path, "dr.a")
    ws = case.load()
    pages = case.conn.execute("PRAGMA page_count").fetchone()[0]
    case.conn.execute(f"PRAGMA max_page_count = {pages + 2}")  # no room for a new photo
    data = ws.photos[0].source
    big = ws.add_photo(decode_photo(data, "third.jpg"), data + os.urandom(400_000))
    big.burn.values[:] = 4
    with pytest.raises(CaseError, match="previous version is intact"):
        case.save(ws, "dr.a")
    case.close()
    again = CaseFile.open(path, "dr.a")
    assert [p.photo.name for p in again.load().photos] == ["anterior.jpg", "posterior.jpg"]
    again.close()


def test_read_only_storage_fails_cleanly(tmp_path):
    path = _valid_case(tmp_path)
    case = CaseFile.open(path, "dr.a")
    ws = case.load()
    case.close()
    before = path.read_bytes()
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)  # what a read-only mount gives
    case = CaseFile(path, conn, case.lock, read_only=False)
    ws.patient.weight_kg = 81.5  # a change that must be written (not an identity change)
    with pytest.raises(CaseError, match="not saved"):
        case.save(ws, "dr.a")
    conn.close()
    assert path.read_bytes() == before
