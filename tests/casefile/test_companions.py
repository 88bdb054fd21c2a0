"""The files beside a case (its lock, SQLite's journals) when something other than a regular file
stands at their names: never waited on, never written through, never removed; the case opens
read-only (a lock) or not at all (a journal), with a reason that says which file and what to do."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from burnmap.casefile.case import CaseError, CaseFile, unwritable_reason
from burnmap.casefile.lock import CaseLock
from burnmap.casefile.session import delete_case_files
from burnmap.text.messages import say

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX only")
ROOT = Path(__file__).resolve().parents[2]
# SQLite waits on a FIFO inside its own C code, retrying through the timeout's signal: only a
# process of its own can be stopped when it hangs.
OPEN = """
import sys
from pathlib import Path
from burnmap.casefile.case import CaseError, CaseFile
try:
    CaseFile.open(Path(sys.argv[1]), "dr.a", read_only=sys.argv[2] == "read-only").close()
    print("opened")
except CaseError as exc:
    print(exc)
"""


def _open_elsewhere(case: Path, read_only: bool) -> str:
    """What opening the case in another process says (it is killed after 30 s)."""
    run = subprocess.run([sys.executable, "-c", OPEN, str(case),
                          "read-only" if read_only else "writer"],
                         capture_output=True, text=True, timeout=30, cwd=ROOT)
    assert run.returncode == 0, run.stderr
    return run.stdout.strip()


def _case(folder: Path) -> Path:
    path = folder / "c.burncase"
    CaseFile.create(path, "dr.a").close()
    return path


def _names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def _put(kind: str, at: Path, folder: Path) -> Path | None:
    """Something at `at` that is not a regular file; returns a file it must never touch."""
    if kind == "fifo":
        os.mkfifo(at)
    elif kind == "folder":
        at.mkdir()
    elif kind == "link-to-a-file":
        target = folder / "notes.txt"
        target.write_text("the clinician's notes\n")
        os.symlink(target, at)
        return target
    elif kind == "dangling-link":
        os.symlink(folder / "made-through-the-link", at)
        return folder / "made-through-the-link"
    return None


@pytest.mark.timeout(10)
def test_a_fifo_as_the_lock_is_never_waited_on_nor_removed(tmp_path):
    """It hung `CaseLock.held` (the commands' check) and `holder` for ever, and a writer took
    it as its lock and removed it on closing."""
    case = _case(tmp_path)
    os.mkfifo(str(case) + ".lock")
    assert CaseLock.held(case) is False
    said = "its lock file 'c.burncase.lock' is a FIFO (named pipe), not a regular file; remove it"
    assert unwritable_reason(case) == said
    lock = CaseLock(case)
    assert lock.acquire() is False
    assert lock.problem == said
    assert lock.holder() == "another window"
    opened = CaseFile.open(case, "dr.a")   # the window: the case shown read-only, saying why
    assert opened.read_only
    assert opened.read_only_reason == said
    assert "不是普通文件" in say(opened.read_only_reason, "zh_CN")
    assert opened.load().patient is not None
    opened.close()
    assert _names(tmp_path) == ["c.burncase", "c.burncase.lock"]


@pytest.mark.timeout(10)
@pytest.mark.parametrize("kind", ["folder", "link-to-a-file", "dangling-link"])
def test_anything_but_a_regular_file_as_the_lock_is_refused_untouched(tmp_path, kind):
    """A folder read as 'another window is editing it'; a link had the holder's name written
    into the file it points to (truncating it), or a file made where it pointed."""
    case = _case(tmp_path)
    lock_path = Path(str(case) + ".lock")
    untouched = _put(kind, lock_path, tmp_path)
    before = untouched.read_bytes() if untouched is not None and untouched.exists() else None
    opened = CaseFile.open(case, "dr.a")
    assert opened.read_only
    assert "its lock file 'c.burncase.lock' is a" in opened.read_only_reason
    assert "remove it" in opened.read_only_reason
    opened.close()
    assert CaseLock.held(case) is False
    assert os.path.lexists(lock_path)
    if kind == "dangling-link":
        assert not untouched.exists()
    elif untouched is not None:
        assert untouched.read_bytes() == before


@pytest.mark.parametrize("suffix", ["-journal", "-wal", "-shm"])
def test_a_fifo_as_a_journal_is_refused_not_waited_on_nor_deleted(tmp_path, suffix):
    """SQLite waited for ever on a FIFO named like a hot journal when opening for writing, and
    deleted one named like the WAL on closing."""
    case = _case(tmp_path)
    os.mkfifo(str(case) + suffix)
    said = (f"its companion file 'c.burncase{suffix}' is a FIFO (named pipe), not a regular "
            f"file; remove it")
    for read_only in (False, True):
        assert _open_elsewhere(case, read_only) == f"'c.burncase' cannot be read: {said}"
    assert unwritable_reason(case) == said
    assert _names(tmp_path) == sorted(["c.burncase", f"c.burncase{suffix}"])


def test_a_journal_is_looked_for_beside_the_real_file_as_sqlite_does(tmp_path):
    real = _case(tmp_path)
    (tmp_path / "links").mkdir()
    link = tmp_path / "links" / "link.burncase"
    os.symlink(real, link)
    os.mkfifo(str(real) + "-journal")
    assert "'c.burncase-journal' is a FIFO" in _open_elsewhere(link, read_only=False)


@pytest.mark.timeout(10)
@pytest.mark.parametrize("suffix", [".lock", "-wal", "-journal"])
def test_a_new_case_is_not_made_beside_a_fifo_and_leaves_nothing(tmp_path, suffix):
    """Made beside a FIFO lock, the case was written unlocked and the FIFO removed with it."""
    case = tmp_path / "n.burncase"
    os.mkfifo(str(case) + suffix)
    with pytest.raises(CaseError, match=rf"'n.burncase' could not be created: its (lock|companion) "
                                        rf"file 'n.burncase{suffix}' is a FIFO"):
        CaseFile.create(case, "dr.a")
    assert _names(tmp_path) == [f"n.burncase{suffix}"]


@pytest.mark.timeout(10)
def test_deleting_a_case_leaves_what_is_not_its_own(tmp_path):
    case = _case(tmp_path)
    os.mkfifo(str(case) + ".lock")
    os.mkdir(str(case) + "-wal")
    delete_case_files(case)
    assert _names(tmp_path) == ["c.burncase-wal", "c.burncase.lock"]
