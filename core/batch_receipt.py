"""A batch row's receipt (`row.json`, written last): what the row's outputs were made from and
their SHA-256, so that a resumed batch skips a row only when its outputs are really there, whole,
and still belong to the same inputs, manifest values, settings and BurnMap version.

Anything that does not verify (no receipt, a damaged one, a changed photo, an output edited or
missing) means the row is done again; verifying never raises.
"""
from __future__ import annotations

import hashlib
import json
import os
import stat
from pathlib import Path

from .version import __version__

RECEIPT = "row.json"
MAX_RECEIPT_BYTES = 1 << 20
# Opening a FIFO must not wait (POSIX); bytes must not be translated (Windows).
_READ_FLAGS = getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
_CHUNK = 1 << 20


class NotAFile(OSError):
    """An input to hash is not a regular file (a FIFO or device would block or never end)."""


def _open_regular(path):
    """A regular file opened for reading; a FIFO, device or folder is refused, never waited on."""
    fd = os.open(path, os.O_RDONLY | _READ_FLAGS)
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise NotAFile(f"{path} is not a regular file")
    return os.fdopen(fd, "rb")


def file_sha256(path: str | os.PathLike) -> str:
    """SHA-256 of a regular file; opening never blocks on a FIFO."""
    with _open_regular(path) as fh:
        digest = hashlib.sha256()
        while chunk := fh.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def make_receipt(row, settings: dict, inputs: dict[str, tuple[str, str]],
                 outputs: dict[str, bytes], result: dict) -> dict:
    """`inputs` maps a column to (path, SHA-256); `outputs` a file name to its bytes."""
    return {
        "software": {"name": "BurnMap", "version": __version__},
        "row": {"line": row.line, "id": row.id, "values": dict(row.values)},
        "settings": settings,
        "inputs": {k: {"path": p, "sha256": h} for k, (p, h) in inputs.items()},
        "outputs": {name: hashlib.sha256(data).hexdigest() for name, data in outputs.items()},
        "result": result,
    }


def verified_receipt(folder: Path, row, settings: dict) -> dict | None:
    """The receipt of a finished row whose outputs all verify, else None."""
    try:
        receipt = _read(folder / RECEIPT)
        if not _same_request(receipt, row, settings):
            return None
        if not all(file_sha256(row.get(column)) == entry["sha256"]
                   for column, entry in receipt["inputs"].items()):
            return None
        if not all(file_sha256(folder / name) == digest
                   for name, digest in receipt["outputs"].items()):
            return None
        return receipt
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def _read(path: Path) -> dict:
    with _open_regular(path) as fh:
        if os.fstat(fh.fileno()).st_size > MAX_RECEIPT_BYTES:
            raise ValueError("not a receipt")
        return json.loads(fh.read())


def _same_request(receipt: dict, row, settings: dict) -> bool:
    """Made by this version, from the same manifest values, with the same settings; the
    inputs it lists are exactly the row's path columns."""
    return (receipt["software"] == {"name": "BurnMap", "version": __version__}
            and receipt["row"]["id"] == row.id
            and receipt["row"]["values"] == dict(row.values)
            and receipt["settings"] == settings
            and set(receipt["inputs"]) == {c for c in ("photo", "burn", "labels") if row.get(c)}
            and all(name != RECEIPT and "/" not in name and "\\" not in name
                    for name in receipt["outputs"]))
