"""The batch's `--out` folder, checked before any work (nothing is written when it is refused).

`--out` is a folder or a new name in an existing writable one. It must neither be nor hold any
input of this batch (the manifest, every row's photo, burn mask and label map, the model's files):
outputs and what they are made from never mix, so no row can write over another row's input. No
file already in it may be an input under another name (a hard link), and its summary.csv, if
there is one, must be a regular file a batch wrote (not a link, not the user's own table).
"""
from __future__ import annotations

import os
import stat
from pathlib import Path

from burnmap.batch.manifest import PATH_COLUMNS, BatchRow
from burnmap.batch.receipt import OUTPUT_NAMES, RECEIPT
from burnmap.batch.summary import COLUMNS
from burnmap.casefile.outputs import check_outputs, protect, resolved
from burnmap.cli.common import CommandError

SUMMARY = "summary.csv"


def output_folder(out: Path, manifest: Path, rows: list[BatchRow],
                  model_files: dict[str, Path]) -> Path:
    """The resolved output folder, or CommandError."""
    real = resolved(out)
    if os.path.lexists(real) and not real.is_dir():
        raise CommandError(f"--out {out} exists and is not a folder")
    if not real.exists() and not real.parent.is_dir():
        raise CommandError(f"--out {out}: the folder {real.parent} does not exist")
    if not os.access(real if real.exists() else real.parent, os.W_OK):
        raise CommandError(f"--out {out}: the folder is read-only; nothing was written")
    inputs = batch_inputs(manifest, rows, model_files)
    _refuse_inputs_inside(out, real, inputs)
    if real.is_dir():
        table = protect(inputs)
        _refuse_linked_inputs(real, rows, table)
        check_outputs([real / SUMMARY], inputs, within=real)
        _check_summary_is_ours(real / SUMMARY)
    return real


def batch_inputs(manifest: Path, rows: list[BatchRow],
                 model_files: dict[str, Path]) -> dict[str, Path]:
    """Every file this batch reads, named for messages."""
    inputs = {"the manifest": manifest, **model_files}
    for row in rows:
        for column in PATH_COLUMNS:
            if row.get(column):
                inputs[f"the {column} of manifest line {row.line}"] = Path(row.get(column))
    return inputs


def _refuse_inputs_inside(out: Path, real: Path, inputs: dict[str, Path]) -> None:
    folders: dict[Path, Path] = {}   # realpath of each input's folder, worked out once

    def real_path(path: Path) -> Path:
        absolute = Path(os.path.abspath(path))
        parent = folders.get(absolute.parent)
        if parent is None:
            parent = folders[absolute.parent] = resolved(absolute.parent)
        return resolved(parent / absolute.name) if os.path.islink(parent / absolute.name) \
            else parent / absolute.name
    for what, path in inputs.items():
        if real_path(path).is_relative_to(real):
            raise CommandError(f"--out {out} holds {what} ({path}): outputs and the files they "
                               f"are made from must not mix; give a separate folder. Nothing "
                               f"was written")


def _refuse_linked_inputs(real: Path, rows: list[BatchRow], table: dict) -> None:
    """A file already in a row's folder that is an input under another name (a hard link)."""
    for row in rows:
        folder = real / row.id
        if not folder.is_dir() or folder.is_symlink():
            continue
        for name in (*OUTPUT_NAMES, RECEIPT):
            try:
                info = os.lstat(folder / name)
            except OSError:
                continue
            owner = stat.S_ISREG(info.st_mode) and table.get((info.st_dev, info.st_ino))
            if owner:
                raise CommandError(f"--out: {folder / name} is the same file as {owner} (a hard "
                                   f"link); the batch would write over it. Nothing was written")


def _check_summary_is_ours(path: Path) -> None:
    """An existing summary.csv is replaced only when a batch wrote it (its header is ours)."""
    if not os.path.lexists(path):
        return
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0))
        with os.fdopen(fd, "rb") as fh:
            first = fh.read(256)
    except OSError as exc:
        raise CommandError(f"--out: {path} cannot be read ({exc.strerror or exc}); nothing was "
                           f"written") from None
    if not first.startswith(",".join(COLUMNS[:6]).encode()):
        raise CommandError(f"--out: {path} was not written by a batch; refusing to replace it. "
                           f"Move it away or give another --out. Nothing was written")
