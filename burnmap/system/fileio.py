"""Files written and read safely.

Writing is atomic: a reader never sees half a file, a failed write leaves the old one intact.
Reading (`open_regular`, `read_small_file`) is guarded: only a regular file is read (a folder,
a device or a FIFO is refused, and a FIFO is never waited on), optionally never through a
symbolic link, and a small file is refused above its size limit however it grows meanwhile.
Every refusal is a `FileRefused` (an OSError) whose message names the path and says why in
English; `problem` says it without the path, for callers that word their own sentence.
"""
from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

# Opening a FIFO must not wait (POSIX); bytes must not be translated (Windows).
_READ_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
_HASH_BLOCK = 1 << 20      # pieces of 1 MiB: a large photo or the weights are never read whole
_KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a FIFO (named pipe)"),
          (stat.S_ISCHR, "a device"), (stat.S_ISBLK, "a device"), (stat.S_ISSOCK, "a socket"))


class FileRefused(OSError):
    """A file that cannot be read or replaced as asked; str() names the path and the reason,
    `problem` is the reason alone ("is a folder, not a regular file"), `cause` the system's
    error behind it if there was one (for callers that say it in their own words)."""

    def __init__(self, path: str | os.PathLike, problem: str,
                 cause: OSError | ValueError | None = None):
        super().__init__(f"{os.fspath(path)} {problem}")
        self.path, self.problem, self.cause = path, problem, cause

    def __reduce__(self):   # pickled by its own arguments (an OSError's are errno, strerror)
        return type(self), (self.path, self.problem, self.cause)


class FileMissing(FileRefused, FileNotFoundError):
    """Nothing is at the path."""


class DanglingLink(FileMissing):
    """The path is a symbolic link to nothing."""


class NotRegularFile(FileRefused):
    """The path is a folder, a device, a FIFO or another special file."""


class LinkRefused(FileRefused):
    """The path is a symbolic link and the caller reads no file through one."""


class FileTooLarge(FileRefused):
    """The file holds more bytes than the caller's limit."""


class FileUnreadable(FileRefused):
    """The system refused to open or read the file (permissions, a link loop, an I/O error)."""


def atomic_write(path: str | os.PathLike, write: Callable[[object], None], mode: str = "wb") -> None:
    """Write through `write(file_object)` into a temp file beside `path`, fsync, then rename.

    The target is the file a symlink points to, and it must be a regular file or new: renaming
    over a folder, a device or a FIFO would replace that node (as root, even /dev/full)."""
    target = Path(os.path.realpath(path))
    if os.path.lexists(target) and not stat.S_ISREG(os.stat(target).st_mode):
        raise NotRegularFile(path, "is not a regular file; refusing to replace it")
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


def open_regular(path: str | os.PathLike, *, follow_links: bool = True) -> BinaryIO:
    """A regular file opened for reading in binary, or FileRefused. Anything else is refused
    before it is opened (opening a device can act on it) and again after (it may have been
    swapped meanwhile); a FIFO is never waited on. Without `follow_links` a symbolic link is
    refused (checked by name too: Windows has no O_NOFOLLOW)."""
    try:
        mode = os.stat(path, follow_symlinks=follow_links).st_mode
    except (OSError, ValueError) as exc:   # ValueError: a NUL in the name
        raise _refusal(path, exc, follow_links) from None
    _check_kind(path, mode)
    try:
        fd = os.open(path, _READ_FLAGS | (0 if follow_links else getattr(os, "O_NOFOLLOW", 0)))
    except OSError as exc:
        raise _refusal(path, exc, follow_links) from None
    try:
        _check_kind(path, os.fstat(fd).st_mode)
    except BaseException:
        os.close(fd)
        raise
    return os.fdopen(fd, "rb")


def read_small_file(path: str | os.PathLike, max_bytes: int, *,
                    follow_links: bool = True) -> bytes:
    """The bytes of a regular file of at most `max_bytes`, or FileRefused (see open_regular;
    FileTooLarge when the file is larger, by its size or by what could be read)."""
    with open_regular(path, follow_links=follow_links) as fh:
        try:
            size = os.fstat(fh.fileno()).st_size
            data = fh.read(max_bytes + 1) if size <= max_bytes else b""
        except OSError as exc:
            raise _refusal(path, exc, follow_links) from None
    if size > max_bytes or len(data) > max_bytes:   # the file may grow while it is read
        raise FileTooLarge(path, f"is larger than {_amount(max_bytes)}")
    return data


def file_sha256(path: str | os.PathLike, *, follow_links: bool = True) -> str:
    """SHA-256 of a regular file's bytes, read in pieces (a photo or the weights may be large),
    or FileRefused (see open_regular): a FIFO put in a file's place is never waited on."""
    with open_regular(path, follow_links=follow_links) as fh:
        try:
            return handle_sha256(fh)
        except OSError as exc:
            raise _refusal(path, exc, follow_links) from None


def handle_sha256(fh: BinaryIO) -> str:
    """SHA-256 of what is left to read in an open binary file, read in pieces (OSError as the
    read raises it): for a caller that hashes and then reads the same opening."""
    digest = hashlib.sha256()
    while block := fh.read(_HASH_BLOCK):
        digest.update(block)
    return digest.hexdigest()


def _check_kind(path, mode: int) -> None:
    if stat.S_ISLNK(mode):   # only seen when links are not followed
        raise LinkRefused(path, "is a symbolic link; refusing to follow it")
    if not stat.S_ISREG(mode):
        kind = next((name for test, name in _KINDS if test(mode)), "a special file")
        raise NotRegularFile(path, f"is {kind}, not a regular file")


def _refusal(path, exc: OSError | ValueError, follow_links: bool) -> FileRefused:
    if isinstance(exc, FileNotFoundError):
        if os.path.lexists(path):
            return DanglingLink(path, "is a symbolic link to nothing", exc)
        return FileMissing(path, "does not exist", exc)
    if not follow_links and getattr(exc, "errno", None) == errno.ELOOP:   # swapped for a link
        return LinkRefused(path, "is a symbolic link; refusing to follow it", exc)
    return FileUnreadable(path, f"cannot be read ({getattr(exc, 'strerror', None) or exc})", exc)


def _amount(size: int) -> str:
    for shift, unit in ((30, "GB"), (20, "MB"), (10, "KB")):
        if size >= 1 << shift and size % (1 << shift) == 0:
            return f"{size >> shift} {unit}"
    return f"{size:,} byte{'' if size == 1 else 's'}"
