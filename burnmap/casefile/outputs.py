"""Where a command may write, and writing all of its outputs or none of them.

Every output path is checked before any work: it must not be (through symlinks or hard links) any
input, the case or one of the case's companion files, it must be a regular file or a new name in
an existing folder, and two outputs of one command must not be the same file. A refused output
never reaches the disk. Outputs are then staged as temporary files beside their targets and moved
into place only when every one of them was written (`StagedOutputs`), so a failure half-way leaves
the old files as they were.

A command that writes into a folder of its own (the batch's `--out`) passes `within=` that folder:
then a path must stay inside it once `..` and links are resolved, and no symbolic link may stand
anywhere from the folder down to the file (a link is never written through, nor replaced).
"""
from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from burnmap.system.fileio import open_regular
from burnmap.text.messages import Message, reason

CASE_SUFFIX = ".burncase"
CASE_COMPANIONS = ("-wal", "-shm", "-journal", ".lock")
_CASE_MAGIC = b"SQLite format 3\x00"
_CASE_APP_ID = b"BURN"   # burnmap.casefile.schema.APPLICATION_ID, at offset 68 of the header


class OutputRefused(ValueError):
    """An output path that must not be written; the message names it and says why."""


def case_family(case: Path) -> list[Path]:
    """A case file and the files SQLite and BurnMap keep beside it."""
    return [case] + [Path(str(case) + suffix) for suffix in CASE_COMPANIONS]


def _identity(path: Path) -> tuple[int, int] | None:
    """(device, inode) of an existing file, following symlinks; None if there is none."""
    try:
        info = os.stat(path)
    except (OSError, ValueError):
        return None
    return info.st_dev, info.st_ino


def _kind(mode: int) -> Message:
    if stat.S_ISDIR(mode):
        return Message("a folder")
    if stat.S_ISLNK(mode):
        return Message("a symbolic link")
    return Message("a device or special file, not a regular file")


def resolved(path: Path) -> Path:
    """The path with every symlink followed (the file that would really be written)."""
    return Path(os.path.realpath(path))


def check_output(path: Path, protected: dict[tuple[int, int] | str, str],
                 within: Path | None = None) -> Path:
    """The real path to write for `path`, or OutputRefused. `protected` maps (dev, inode) and
    resolved path strings of inputs to what they are ("the photo", "the case", ...); `within`
    is a resolved folder the path must not leave, with no symbolic link on the way."""
    label = Message("output {0}", str(path))
    if within is not None:
        check_within(Path(path), within)
    try:
        real = resolved(path)
        info = os.stat(real) if os.path.lexists(real) else None
    except (OSError, ValueError) as exc:
        raise OutputRefused(Message("{0} cannot be used: {1}", label, reason(exc))) from None
    if str(real) in protected:
        raise OutputRefused(Message("{0} is {1}; refusing to overwrite it", label,
                                    protected[str(real)]))
    if info is not None:
        if not stat.S_ISREG(info.st_mode):
            raise OutputRefused(Message("{0} is {1}; give a file name", label,
                                        _kind(info.st_mode)))
        owner = protected.get((info.st_dev, info.st_ino))
        if owner:
            raise OutputRefused(Message("{0} is the same file as {1}; refusing to overwrite it",
                                        label, owner))
    if _is_case_file(real):
        raise OutputRefused(Message("{0} is a BurnMap case file or one of its companions; "
                                    "refusing to overwrite it", label))
    folder = real.parent
    if not folder.is_dir():
        raise OutputRefused(Message("the folder for {0} does not exist", label))
    if not os.access(folder, os.W_OK):
        raise OutputRefused(Message("the folder for {0} is read-only", label))
    return real


def check_within(path: Path, folder: Path) -> None:
    """OutputRefused unless `path` lies inside the resolved `folder` with no symbolic link from
    the folder down to the path itself (so resolving it cannot lead anywhere else)."""
    absolute = Path(os.path.abspath(path))   # '..' is resolved; links are refused below
    try:
        parts = absolute.relative_to(folder).parts
    except ValueError:
        raise OutputRefused(Message("output {0} is outside {1}; refusing to write there",
                                    str(path), str(folder))) from None
    current = folder
    for part in parts:
        current = current / part
        if os.path.islink(current):
            raise OutputRefused(Message("{0} is a symbolic link; refusing to write through it "
                                        "or to replace it", str(current)))
    if not resolved(absolute).is_relative_to(folder):   # the folder itself moved meanwhile
        raise OutputRefused(Message("output {0} is outside {1}; refusing to write there",
                                    str(path), str(folder)))


def _is_case_file(path: Path) -> bool:
    """A case (recognised by its header, whatever its name) or a case's companion file: no
    command may overwrite patient records, even ones it was not given."""
    name = path.name.lower()
    if any(name.endswith(CASE_SUFFIX + c) for c in CASE_COMPANIONS):
        return True
    try:
        # Guarded: the path was a regular file or nothing when it was checked, but a FIFO put
        # there since would make a plain open() wait for ever.
        with open_regular(path) as fh:
            header = fh.read(72)
    except OSError:
        return False
    return header.startswith(_CASE_MAGIC) and header[68:72] == _CASE_APP_ID


def protect(inputs: dict[str, Path | None]) -> dict[tuple[int, int] | str, str]:
    """The protection table for `check_output` from {what: path} (None entries are skipped)."""
    table: dict[tuple[int, int] | str, str] = {}
    for what, path in inputs.items():
        if path is None:
            continue
        table[str(resolved(path))] = what
        ident = _identity(path)
        if ident is not None:
            table[ident] = what
    return table


def check_outputs(outputs: Iterable[Path | None], inputs: dict[str, Path | None],
                  within: Path | None = None) -> list[Path]:
    """Check every output against the inputs and each other (and, with `within`, that none
    leaves that folder or passes through a link); returns their real paths."""
    table = protect(inputs)
    real_paths = []
    for path in outputs:
        if path is None:
            continue
        real = check_output(Path(path), table, within)
        table[str(real)] = Message("another output of this command ({0})", str(path))
        real_paths.append(real)
    return real_paths


@dataclass
class StagedOutputs:
    """Outputs written to temporary files first and moved into place together by `commit`
    (with removals, in the order they were given, so a file can be removed before the one
    that records it is written).

    Used as a context manager: leaving it with an error removes every temporary file (and any
    folder it created), so nothing partial is left behind. With `follow_links=False` a target
    is the path itself, never where a link points: a link there would be replaced, its target
    untouched (callers check first that there is none: `check_outputs(..., within=)`).
    """
    follow_links: bool = True
    _steps: list[tuple[Path | None, Path]] = field(default_factory=list)   # (temp or None, target)
    _made_dirs: list[Path] = field(default_factory=list)

    def make_dir(self, folder: Path) -> None:
        """Create an output folder (removed again if the outputs are discarded)."""
        if not os.path.lexists(folder):
            folder.mkdir()
            self._made_dirs.append(folder)

    def add(self, target: Path, data: bytes) -> None:
        real = resolved(target) if self.follow_links else Path(os.path.abspath(target))
        fd, tmp = tempfile.mkstemp(dir=real.parent, prefix=f".{real.name}.", suffix=".tmp")
        self._steps.append((Path(tmp), real))
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())

    def remove(self, target: Path) -> None:
        """Remove this file at commit (the name itself: a link is removed, not followed)."""
        self._steps.append((None, Path(os.path.abspath(target))))

    def commit(self) -> None:
        for tmp, target in self._steps:
            if tmp is not None:
                os.replace(tmp, target)
            else:
                Path(target).unlink(missing_ok=True)
        self._steps.clear()
        self._made_dirs.clear()

    def discard(self) -> None:
        for tmp, _ in self._steps:
            if tmp is not None:
                tmp.unlink(missing_ok=True)
        self._steps.clear()
        for folder in reversed(self._made_dirs):
            with contextlib.suppress(OSError):
                folder.rmdir()
        self._made_dirs.clear()

    def __enter__(self) -> StagedOutputs:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is not None or self._steps:
            self.discard()
