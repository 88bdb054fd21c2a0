"""A batch row's folder, OUT/<row id>/: the only place a row writes, and what it may do there.

Every file a row writes or removes is checked first (burnmap.casefile.outputs.check_outputs with `within`):
it stays inside OUT once `..` and links are resolved, no symbolic link stands on the way (a link is
neither written through nor replaced), it is not one of the row's inputs (by path or hard link)
nor a case file or anything but a regular file. And the batch touches only its own files: a file
is the batch's when a receipt of this row (`row.json`) lists it. A file there that no receipt
lists (the user's own assess.json, a planted link, a stray copy) is left as it is and the row is
refused, naming it; an earlier output that is no longer made is removed only when it is still
byte for byte what the receipt says the batch wrote.

Writing is crash-safe: a receipt in the state "writing" (old and new outputs) replaces the old
receipt first, then the outputs, the removals and the finished receipt go into place together.
"""
from __future__ import annotations

import os
from pathlib import Path

from burnmap.batch.receipt import DONE, RECEIPT, WRITING, owned_hashes, read_receipt
from burnmap.casefile.outputs import OutputRefused, StagedOutputs, check_outputs, protect
from burnmap.system.fileio import file_sha256
from burnmap.system.jsonio import dumps


class RowFolder:
    """OUT/<row id> of one row; `out` is the batch's resolved output folder."""

    def __init__(self, out: Path, row_id: str):
        self.out, self.path = out, out / row_id
        if os.path.islink(self.path):
            raise OutputRefused(f"{self.path} is a symbolic link; refusing to write through it")
        if os.path.lexists(self.path) and not self.path.is_dir():
            raise OutputRefused(f"{self.path} exists and is not a folder")
        self.receipt = read_receipt(self.path, row_id) if self.path.is_dir() else None
        self.owned = owned_hashes(self.receipt)

    def check_targets(self, names: list[str], inputs: dict[str, Path]) -> None:
        """Before any work: every file the row will write may be written."""
        for name in names:
            if name in self.owned:
                continue
            path = self.path / name
            if os.path.lexists(path) and not (name == RECEIPT and self.receipt is not None):
                raise OutputRefused(f"{path} was not written by this batch (no receipt of this "
                                    f"row lists it); refusing to replace it. Move it away or "
                                    f"give another --out")
        if self.path.is_dir():   # a new folder holds nothing to protect
            check_outputs([self.path / n for n in [*names, RECEIPT]],
                          {f"the {c}": p for c, p in inputs.items()}, within=self.out)

    def write(self, files: dict[str, bytes], receipt_of, inputs: dict[str, Path]) -> None:
        """The outputs all together; `receipt_of(state, previous)` makes the receipt."""
        previous = {name: sorted(digests) for name, digests in self.owned.items()}
        stale = self._removable(set(self.owned) - set(files), inputs)
        with StagedOutputs(follow_links=False) as out:
            out.make_dir(self.path)
            out.add(self.path / RECEIPT, _json(receipt_of(WRITING, previous)))
            out.commit()
        with StagedOutputs(follow_links=False) as out:
            for name, data in files.items():
                out.add(self.path / name, data)
            for name in stale:
                out.remove(self.path / name)
            out.add(self.path / RECEIPT, _json(receipt_of(DONE, None)))
            out.commit()

    def _removable(self, names: set[str], inputs: dict[str, Path]) -> list[str]:
        """Earlier outputs no longer made that are still exactly what the batch wrote; anything
        else under those names (edited, replaced by a link, an input) stays."""
        table = protect({f"the {c}": p for c, p in inputs.items()})
        removable = []
        for name in sorted(names):
            path = self.path / name
            try:
                check_outputs([path], {}, within=self.out)
                info = os.stat(path)
                if str(path) in table or (info.st_dev, info.st_ino) in table or \
                        file_sha256(path, follow_links=False) not in self.owned[name]:
                    continue
            except (OutputRefused, OSError):
                continue
            removable.append(name)
        return removable


def _json(receipt: dict) -> bytes:
    return dumps(receipt).encode()
