"""One writer per case: an OS lock on a side file, released by the OS if the process dies."""
from __future__ import annotations

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


class CaseLock:
    """Held while a window may write the case; `acquired` is False when someone else holds it."""

    def __init__(self, case_path: Path):
        self.path = case_path.with_name(case_path.name + ".lock")
        self.fd: int | None = None
        self.acquired = False

    def acquire(self) -> bool:
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError:
            return False  # a read-only folder: nobody can write here anyway
        if not _try_lock(fd):
            os.close(fd)
            return False
        os.ftruncate(fd, 0)
        os.write(fd, f"{socket.gethostname()} {os.getpid()}\n".encode())
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
            # Closing drops the lock. The file stays: unlinking it would let a second process
            # lock the old file while a third locks a new one.
            os.close(self.fd)
            self.fd, self.acquired = None, False
