"""A batch row's receipt (`row.json`): what the row's outputs were made from and their SHA-256,
so that a resumed batch skips a row only when every output the row should have is really there,
whole, and still belongs to the same inputs, manifest values, settings and BurnMap version.

The receipt is also what makes a file in the row's folder the batch's own: the batch replaces or
removes only files a receipt of that row lists (see burnmap/batch/folder.py). Before a row's outputs
are replaced, a receipt in the state "writing" lists both the old and the new outputs, so that a
crash half-way leaves nothing the next run would take for someone else's file, and nothing it
would take for finished.

Verifying never raises: anything that does not verify (no receipt, a damaged or edited one, a
changed photo, an output edited, missing or left out of the receipt) means the row is done again.
The numbers a skipped row reports are read from its verified outputs, never from the receipt.
"""
from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from burnmap.system.fileio import file_sha256, read_small_file
from burnmap.system.version import __version__

RECEIPT = "row.json"
OUTPUT_NAMES = ("parse.json", "labels.png", "overlay.png", "assess.json")
JSON_OUTPUTS = ("parse.json", "assess.json")
WRITING, DONE = "writing", "done"
MAX_RECEIPT_BYTES = 1 << 20
MAX_JSON_BYTES = 64 << 20   # a row's parse.json or assess.json is some kilobytes


class NotAReceipt(ValueError):
    """`row.json` exists but is no receipt of this row (damaged, foreign, a link, a folder)."""


def make_receipt(row, settings: dict, inputs: dict[str, tuple[str, str]],
                 outputs: dict[str, bytes], state: str = DONE,
                 previous: dict[str, list[str]] | None = None) -> dict:
    """`inputs` maps a column to (path, SHA-256); `outputs` a file name to its bytes;
    `previous` (state "writing" only) the earlier outputs that may still be in the folder."""
    receipt = {
        "software": {"name": "BurnMap", "version": __version__},
        "state": state,
        "row": {"line": row.line, "id": row.id, "values": dict(row.values)},
        "settings": settings,
        "inputs": {k: {"path": p, "sha256": h} for k, (p, h) in inputs.items()},
        "outputs": {name: hashlib.sha256(data).hexdigest() for name, data in outputs.items()},
    }
    if state == WRITING:
        receipt["previous"] = previous or {}
    return receipt


def read_receipt(folder: Path, row_id: str) -> dict | None:
    """This row's receipt in `folder`; None when there is none; NotAReceipt when row.json is
    anything else (never followed if it is a link, never waited on if it is a FIFO)."""
    path = folder / RECEIPT
    if not os.path.lexists(path):
        return None
    try:
        receipt = json.loads(read_small_file(path, MAX_RECEIPT_BYTES, follow_links=False))
        owned_hashes(receipt)
        if receipt["software"]["name"] != "BurnMap" or \
                str(receipt["row"]["id"]).lower() != row_id.lower():
            raise ValueError("another row's")
    except (OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError):
        raise NotAReceipt(f"{path} is not this batch's receipt of row {row_id}; the files in "
                          f"{folder} cannot be told apart from someone else's: move the folder "
                          f"away (or remove it) and run the batch again") from None
    return receipt


def owned_hashes(receipt: dict | None) -> dict[str, set[str]]:
    """The output files the receipt says the batch wrote, each with the SHA-256 it had."""
    if receipt is None:
        return {}
    owned: dict[str, set[str]] = {}
    lists = [receipt["outputs"]] + ([receipt["previous"]] if receipt.get("state") == WRITING
                                    else [])
    for listing in lists:
        for name, digests in listing.items():
            if name not in OUTPUT_NAMES:
                raise ValueError(f"{name!r} is no output of a batch row")
            digests = [digests] if isinstance(digests, str) else digests
            if not all(isinstance(d, str) for d in digests):
                raise ValueError("not a SHA-256")
            owned.setdefault(name, set()).update(digests)
    return owned


def verified_outputs(folder: Path, receipt: dict | None, row, settings: dict,
                     names: list[str]) -> dict[str, bytes] | None:
    """The row's JSON outputs (their bytes, as verified) when the receipt is finished, made
    for the same request, and lists exactly `names`, each with the SHA-256 the file has now;
    else None."""
    try:
        if receipt is None or receipt.get("state", DONE) != DONE or \
                not _same_request(receipt, row, settings) or \
                set(receipt["outputs"]) != set(names):
            return None
        if not all(file_sha256(row.get(column)) == entry["sha256"]
                   for column, entry in receipt["inputs"].items()):
            return None
        found = {}
        for name in names:
            if name in JSON_OUTPUTS:   # read once: what is verified is what is summarised
                found[name] = data = read_small_file(folder / name, MAX_JSON_BYTES,
                                                     follow_links=False)
                digest = hashlib.sha256(data).hexdigest()
            else:
                digest = file_sha256(folder / name, follow_links=False)
            if digest != receipt["outputs"][name]:
                return None
        return found
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def _same_request(receipt: dict, row, settings: dict) -> bool:
    """Made by this version, from the same manifest values, with the same settings; the
    inputs it lists are exactly the row's path columns."""
    return (receipt["software"] == {"name": "BurnMap", "version": __version__}
            and receipt["row"]["id"] == row.id
            and receipt["row"]["values"] == dict(row.values)
            and receipt["settings"] == settings
            and set(receipt["inputs"]) == {c for c in ("photo", "burn", "labels") if row.get(c)})
