"""The guarded reads every reader of a user's file goes through (burnmap.system.fileio): only a
regular file is read, a FIFO is never waited on, a link is refused when asked, a size limit holds
exactly, and each refusal has its own type and a sentence naming the path."""
from __future__ import annotations

import hashlib
import os
import pickle
import sys

import pytest

from burnmap.system.fileio import (
    DanglingLink,
    FileMissing,
    FileRefused,
    FileTooLarge,
    FileUnreadable,
    LinkRefused,
    NotRegularFile,
    file_sha256,
    open_regular,
    read_small_file,
)

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="POSIX special files")


def _refusal(path, kind: type[FileRefused], *, max_bytes: int = 1000,
             follow_links: bool = True) -> FileRefused:
    with pytest.raises(kind) as caught:
        read_small_file(path, max_bytes, follow_links=follow_links)
    assert str(caught.value).startswith(f"{path} ")   # names the path, then says why
    assert str(caught.value) == f"{path} {caught.value.problem}"
    return caught.value


def test_a_regular_file_is_read_whole(tmp_path):
    path = tmp_path / "settings.json"
    path.write_bytes(b'{"language": "en"}\r\n')   # bytes as they are: nothing translated
    assert read_small_file(path, 1000) == b'{"language": "en"}\r\n'
    assert read_small_file(str(path), 1000, follow_links=False) == b'{"language": "en"}\r\n'
    with open_regular(path) as fh:
        assert fh.read() == b'{"language": "en"}\r\n'


def test_a_missing_file_is_a_file_not_found_error(tmp_path):
    refused = _refusal(tmp_path / "none.json", FileMissing)
    assert refused.problem == "does not exist"
    assert isinstance(refused, FileNotFoundError)   # callers treating "none yet" keep working
    assert not isinstance(refused, DanglingLink)


def test_a_folder_is_refused(tmp_path):
    refused = _refusal(tmp_path, NotRegularFile)
    assert refused.problem == "is a folder, not a regular file"


@posix_only
@pytest.mark.timeout(5)
def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path):
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    assert "FIFO" in _refusal(fifo, NotRegularFile).problem
    with pytest.raises(NotRegularFile):
        open_regular(fifo)


@posix_only
@pytest.mark.timeout(5)
@pytest.mark.parametrize("device", ["/dev/zero", "/dev/null"])
def test_a_device_is_refused(device):
    if not os.path.exists(device):
        pytest.skip(f"no {device}")
    assert _refusal(device, NotRegularFile).problem == "is a device, not a regular file"


@posix_only
def test_a_link_is_followed_unless_links_are_refused(tmp_path):
    target = tmp_path / "real.json"
    target.write_bytes(b"{}")
    link = tmp_path / "link.json"
    link.symlink_to(target)
    assert read_small_file(link, 1000) == b"{}"
    refused = _refusal(link, LinkRefused, follow_links=False)
    assert refused.problem == "is a symbolic link; refusing to follow it"
    with pytest.raises(LinkRefused):
        open_regular(link, follow_links=False)


@posix_only
def test_links_to_nothing_to_a_folder_and_in_a_loop(tmp_path):
    dangling = tmp_path / "dangling.json"
    dangling.symlink_to(tmp_path / "nowhere.json")
    assert _refusal(dangling, DanglingLink).problem == "is a symbolic link to nothing"
    _refusal(dangling, LinkRefused, follow_links=False)
    to_folder = tmp_path / "folder.json"
    to_folder.symlink_to(tmp_path)
    _refusal(to_folder, NotRegularFile)
    loop = tmp_path / "loop.json"
    loop.symlink_to(loop)
    assert _refusal(loop, FileUnreadable).problem.startswith("cannot be read (")
    _refusal(loop, LinkRefused, follow_links=False)


@pytest.mark.parametrize("max_bytes", [1, 1000, 64 << 10])
def test_exactly_the_limit_is_read_and_one_byte_more_refused(tmp_path, max_bytes):
    path = tmp_path / "f.bin"
    path.write_bytes(b"x" * max_bytes)
    assert read_small_file(path, max_bytes) == b"x" * max_bytes
    path.write_bytes(b"x" * (max_bytes + 1))
    refused = _refusal(path, FileTooLarge, max_bytes=max_bytes)
    assert refused.problem == "is larger than " + {1: "1 byte", 1000: "1,000 bytes",
                                                   64 << 10: "64 KB"}[max_bytes]


def test_a_file_growing_while_it_is_read_is_refused(tmp_path, monkeypatch):
    """The size the system reported at opening is no bound: at most max_bytes + 1 are read,
    and more than max_bytes is refused however the file got there."""
    path = tmp_path / "growing.bin"
    path.write_bytes(b"x" * 10)
    real_fstat = os.fstat

    class Smaller:   # what fstat said before the file grew
        def __init__(self, info):
            self.st_mode, self.st_size = info.st_mode, 5

    monkeypatch.setattr(os, "fstat", lambda fd: Smaller(real_fstat(fd)))
    _refusal(path, FileTooLarge, max_bytes=9)
    assert read_small_file(path, 10) == b"x" * 10


def test_a_name_the_system_cannot_take_is_refused_as_unreadable(tmp_path):
    refused = _refusal(str(tmp_path / "a\x00b.json"), FileUnreadable)
    assert isinstance(refused.cause, ValueError)


@posix_only
@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0,
                    reason="needs POSIX permissions and a non-root user")
def test_a_file_without_read_permission_is_unreadable_with_its_cause(tmp_path):
    path = tmp_path / "secret.json"
    path.write_bytes(b"{}")
    path.chmod(0)
    try:
        refused = _refusal(path, FileUnreadable)
    finally:
        path.chmod(0o600)
    assert isinstance(refused.cause, PermissionError)
    assert "Permission denied" in refused.problem


def test_refusals_survive_pickling_with_their_type_and_words(tmp_path):
    """A refusal may cross to another process (a batch row on a dask worker)."""
    for kind, args in [(FileMissing, ("p", "does not exist")),
                       (FileTooLarge, ("p", "is larger than 1 MB")),
                       (FileUnreadable, ("p", "cannot be read (x)", PermissionError(13, "x")))]:
        copy = pickle.loads(pickle.dumps(kind(*args)))
        assert type(copy) is kind
        assert (str(copy), copy.problem) == (f"p {args[1]}", args[1])


def test_the_hash_is_of_every_byte_across_the_read_pieces(tmp_path):
    # 1 MiB pieces: sizes at, around and across the piece boundary must all hash whole
    for size in (0, 1, (1 << 20) - 1, 1 << 20, (1 << 20) + 1, 3 * (1 << 20) + 7):
        data = os.urandom(size)
        path = tmp_path / f"photo-{size}.jpg"
        path.write_bytes(data)
        assert file_sha256(path) == hashlib.sha256(data).hexdigest()


@posix_only
def test_the_hash_refuses_what_the_guarded_reader_refuses(tmp_path):
    target = tmp_path / "weights.bin"
    target.write_bytes(b"weights")
    link = tmp_path / "link.bin"
    link.symlink_to(target)
    fifo = tmp_path / "fifo.bin"
    os.mkfifo(fifo)
    assert file_sha256(link) == hashlib.sha256(b"weights").hexdigest()
    with pytest.raises(LinkRefused):
        file_sha256(link, follow_links=False)
    with pytest.raises(NotRegularFile):
        file_sha256(fifo)               # returns at once: no writer is waited for
    with pytest.raises(NotRegularFile):
        file_sha256(tmp_path)
    with pytest.raises(FileMissing):
        file_sha256(tmp_path / "gone.bin")
