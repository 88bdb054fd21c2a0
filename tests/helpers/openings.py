"""How many times a file is opened while a block runs, seen through Python's audit events
("open": the built-in open(), os.open(), io.open_code()): the real code path, nothing replaced.
A hook cannot be removed once added, so one is added per process and records only while a
`counting` block is active."""
from __future__ import annotations

import os
import sys
import threading
from collections import Counter
from contextlib import contextmanager
from pathlib import Path

_active: list[Counter] = []
_lock = threading.Lock()
_installed = False


def _hook(event: str, args: tuple) -> None:
    if event != "open" or not _active or not isinstance(args[0], (str, bytes, os.PathLike)):
        return
    name = os.path.realpath(os.fsdecode(args[0]))
    with _lock:
        for counter in _active:
            counter[name] += 1


@contextmanager
def counting():
    """A Counter of opened files (by real path), filled while the block runs."""
    global _installed
    with _lock:
        if not _installed:
            sys.addaudithook(_hook)
            _installed = True
        counter: Counter = Counter()
        _active.append(counter)
    try:
        yield counter
    finally:
        with _lock:
            _active.remove(counter)


def times_opened(counter: Counter, path: Path) -> int:
    return counter[os.path.realpath(path)]
