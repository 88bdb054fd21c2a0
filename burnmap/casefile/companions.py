"""The files beside a case: SQLite's journals (`-wal`, `-shm`, `-journal`, beside the case's real
path: SQLite follows a symbolic link to the case) and BurnMap's lock (`.lock`, beside the name
the case was given).

SQLite and BurnMap only ever make regular files there. Anything else at one of those names (a
FIFO, a device, a folder, a socket, a symbolic link) was put there by someone else: opening a
FIFO waits for ever, opening a device can act on it, and SQLite would read, write or delete
what a link points to. Such a name is never opened, written nor removed; the case cannot be
written (a journal's: nor read) until someone removes it, and the refusal says which file and
why, in words the window and the commands both use.
"""
from __future__ import annotations

import os
import stat
from pathlib import Path

from burnmap.text.messages import Message

LOCK = ".lock"
JOURNALS = ("-wal", "-shm", "-journal")

_KINDS = ((stat.S_ISLNK, Message("a symbolic link")), (stat.S_ISDIR, Message("a folder")),
          (stat.S_ISFIFO, Message("a FIFO (named pipe)")), (stat.S_ISCHR, Message("a device")),
          (stat.S_ISBLK, Message("a device")), (stat.S_ISSOCK, Message("a socket")))


def companion(case: Path, suffix: str) -> Path:
    """Where the companion `suffix` of the case is (see the module's docstring)."""
    base = case if suffix == LOCK else Path(os.path.realpath(case))
    return base.with_name(base.name + suffix)


def refusal(path: Path, mode: int) -> Message | None:
    """Why the companion at `path`, of this `mode` (from lstat or fstat), is not one BurnMap
    may use, or None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    kind = next((name for test, name in _KINDS if test(mode)), Message("a special file"))
    if path.name.endswith(LOCK):
        return Message("its lock file '{0}' is {1}, not a regular file; remove it",
                       path.name, kind)
    return Message("its companion file '{0}' is {1}, not a regular file; remove it",
                   path.name, kind)


def companion_problem(case: Path, suffixes: tuple[str, ...] = (*JOURNALS, LOCK)
                      ) -> Message | None:
    """The first of the case's companions (by `suffixes`) that is not a regular file, said as
    `refusal` says it; None when each is a regular file or absent. Nothing is opened."""
    for suffix in suffixes:
        path = companion(case, suffix)
        try:
            mode = os.lstat(path).st_mode
        except (OSError, ValueError):   # nothing there (or unreachable: opening it says so)
            continue
        problem = refusal(path, mode)
        if problem is not None:
            return problem
    return None


def remove_made(case: Path) -> None:
    """The case and its companions removed, when they are regular files (the ones BurnMap and
    SQLite make); anything else at their names is left to whoever put it there."""
    for path in [case, *(companion(case, suffix) for suffix in (*JOURNALS, LOCK))]:
        try:
            if stat.S_ISREG(os.lstat(path).st_mode):
                path.unlink()
        except (OSError, ValueError):
            pass   # already gone, or not ours to remove
