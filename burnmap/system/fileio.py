"""Atomic file writes: a reader never sees half a file, a failed write leaves the old one intact."""
from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path


class NotRegularFile(OSError):
    """The target exists and is a folder, a device or another special file."""


def atomic_write(path: str | os.PathLike, write: Callable[[object], None], mode: str = "wb") -> None:
    """Write through `write(file_object)` into a temp file beside `path`, fsync, then rename.

    The target is the file a symlink points to, and it must be a regular file or new: renaming
    over a folder, a device or a FIFO would replace that node (as root, even /dev/full)."""
    target = Path(os.path.realpath(path))
    if os.path.lexists(target) and not stat.S_ISREG(os.stat(target).st_mode):
        raise NotRegularFile(f"{path} is not a regular file; refusing to replace it")
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, mode) as fh:
            write(fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def atomic_write_bytes(path: str | os.PathLike, data: bytes) -> None:
    atomic_write(path, lambda fh: fh.write(data))


def atomic_write_text(path: str | os.PathLike, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))
