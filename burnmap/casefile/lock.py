"""One writer per case: an OS lock on a side file, released by the OS if the process dies.

The lock file is BurnMap's own, a regular file. Anything else at its name (a FIFO, a device, a
folder, a symbolic link: burnmap/casefile/companions.py) is never opened in a way that could
wait or act on it, never locked, written nor removed: the lock is refused (`problem` says why)
and the case cannot be written until someone removes it.
"""
from __future__ import annotations

import contextlib
import os
import socket
from pathlib import Path

from burnmap.casefile.companions import LOCK, companion, companion_problem, refusal
from burnmap.system.fileio import open_regular, read_small_file
from burnmap.text.messages import Message

# Opening a FIFO must not wait, nor a symbolic link be followed (POSIX; Windows has neither
# flag: the name is checked before opening, the opened file after).
_OPEN_FLAGS = (os.O_RDWR | os.O_CREAT | getattr(os, "O_NONBLOCK", 0)
               | getattr(os, "O_NOFOLLOW", 0))
MAX_HOLDER_BYTES = 1024   # "<host name> <process id>"

if os.name == "nt":  # pragma: no cover - exercised on Windows workstations only
    import msvcrt

    def _try_lock(fd: int, shared: bool = False) -> bool:
        if shared:  # a read-only handle cannot test the lock on Windows: assume a writer
            return False
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False
else:
    import fcntl

    def _try_lock(fd: int, shared: bool = False) -> bool:
        try:
            fcntl.flock(fd, (fcntl.LOCK_SH if shared else fcntl.LOCK_EX) | fcntl.LOCK_NB)
            return True
        except OSError:
            return False


def _same_file(fd: int, path: Path) -> bool:
    try:
        here, there = os.fstat(fd), os.stat(path, follow_symlinks=False)
    except OSError:
        return False
    return (here.st_dev, here.st_ino) == (there.st_dev, there.st_ino)


class CaseLock:
    """Held while a window may write the case; `acquired` is False when someone else holds it,
    and `problem` says why when something other than a lock file stands at its name."""

    def __init__(self, case_path: Path):
        self.case_path = case_path
        self.path = companion(case_path, LOCK)
        self.fd: int | None = None
        self.acquired = False
        self.problem: Message | None = None

    def acquire(self) -> bool:
        """Take the lock (False if another process holds it, the folder is read-only, or the
        lock's name holds something else: then `problem` says what).

        The lock file exists only while it is held: the holder removes it before releasing.
        Whoever locks a file that was removed meanwhile sees that its path now names another
        file (or none), lets go and tries again, so two writers can never both succeed."""
        for _ in range(5):
            self.problem = companion_problem(self.case_path, (LOCK,))
            if self.problem is not None:
                return False
            try:
                fd = os.open(self.path, _OPEN_FLAGS, 0o600)
            except OSError:   # a read-only folder, or a link put there since it was checked
                self.problem = companion_problem(self.case_path, (LOCK,))
                return False
            self.problem = refusal(self.path, os.fstat(fd).st_mode)   # swapped meanwhile
            if self.problem is not None or not _try_lock(fd):
                os.close(fd)
                return False
            if _same_file(fd, self.path):
                return self._hold(fd)
            os.close(fd)
        return False

    def _hold(self, fd: int) -> bool:
        try:
            os.ftruncate(fd, 0)
            os.write(fd, f"{socket.gethostname()} {os.getpid()}\n".encode())
        except OSError:
            pass  # a full disk: the lock itself works, only the holder's name is missing
        self.fd, self.acquired = fd, True
        return True

    @staticmethod
    def held(case_path: Path) -> bool:
        """Whether a live process holds the case's lock, asked without creating or changing
        any file (a reader must not write). Something other than a lock file at its name is
        not a lock anyone holds (`companion_problem` says what it is)."""
        try:
            fh = open_regular(companion(case_path, LOCK), follow_links=False)
        except OSError:   # nothing there, a FIFO, a device, a folder, a link: never waited on
            return False
        with fh:   # closing drops a shared lock we may have taken
            return not _try_lock(fh.fileno(), shared=True)

    def holder(self) -> str:
        try:
            text = read_small_file(self.path, MAX_HOLDER_BYTES, follow_links=False)
        except OSError:
            return "another window"
        return text.decode("utf-8", "replace").strip() or "another window"

    def release(self) -> None:
        if self.fd is not None:
            # Removed while still locked (see acquire), so no lock file outlives its writer;
            # only the file this lock holds, never what someone put in its place.
            if os.name != "nt" and _same_file(self.fd, self.path):
                with contextlib.suppress(OSError):
                    os.unlink(self.path)
            os.close(self.fd)
            self.fd, self.acquired = None, False
