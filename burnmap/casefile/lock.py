"""One writer per case: an OS lock on a side file, released by the OS if the process dies."""
from __future__ import annotations

import contextlib
import os
import socket
from pathlib import Path

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
        here, there = os.fstat(fd), os.stat(path)
    except OSError:
        return False
    return (here.st_dev, here.st_ino) == (there.st_dev, there.st_ino)


class CaseLock:
    """Held while a window may write the case; `acquired` is False when someone else holds it."""

    def __init__(self, case_path: Path):
        self.path = case_path.with_name(case_path.name + ".lock")
        self.fd: int | None = None
        self.acquired = False

    def acquire(self) -> bool:
        """Take the lock (False if another process holds it or the folder is read-only).

        The lock file exists only while it is held: the holder removes it before releasing.
        Whoever locks a file that was removed meanwhile sees that its path now names another
        file (or none), lets go and tries again, so two writers can never both succeed."""
        for _ in range(5):
            try:
                fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
            except OSError:
                return False  # a read-only folder: nobody can write here anyway
            if not _try_lock(fd):
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
        any file (a reader must not write)."""
        path = case_path.with_name(case_path.name + ".lock")
        try:
            fd = os.open(path, os.O_RDONLY)
        except OSError:
            return False
        try:
            return not _try_lock(fd, shared=True)
        finally:
            os.close(fd)  # closing drops a shared lock we may have taken

    def holder(self) -> str:
        try:
            return self.path.read_text().strip() or "another window"
        except OSError:
            return "another window"

    def release(self) -> None:
        if self.fd is not None:
            # Removed while still locked (see acquire), so no lock file outlives its writer.
            if os.name != "nt":
                with contextlib.suppress(OSError):
                    os.unlink(self.path)
            os.close(self.fd)
            self.fd, self.acquired = None, False
