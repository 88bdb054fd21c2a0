"""The batch's hostile corpus: what a careful engineer plants in and around `--out` (links, hard
links, nested and overlapping folders, stale and foreign files, tampered receipts and outputs),
each with its documented outcome. test_batch_corpus.py runs them.

The world (`W`): inputs in `in/` (the figure photo, its label map, a burned face), manifests at the
top (`m.csv`: r1 assessed from its label map, r2 parsed), a foreign `outside.txt`, a case file
`Zhang.burncase`, a model folder. Cases start from it fresh, or after an earlier batch
(`finished`: `batch m.csv --out out`; `overlays`: the same with --overlays; `parsed`:
`m_parse.csv`, r1 parse-only), and plant their trouble with `setup(world)`.
"""
from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image

from burnmap.body.regions import REGION_ID, to_clinical_regions
from burnmap.casefile.case import CaseFile
from tests.helpers.figure import CLASSES, figure

HEADER = "id,case,photo,view,burn,labels,age\n"
ASSESS_R1 = "r1,c1,in/figure.png,anterior,in/burn.png,in/labels.png,40\n"
PARSE_R2 = "r2,c2,in/figure.png,anterior,,,\n"
MANIFESTS = {
    "m.csv": HEADER + ASSESS_R1 + PARSE_R2,
    "m_parse.csv": HEADER + "r1,c1,in/figure.png,anterior,,,\n",
    "m_assess.csv": HEADER + ASSESS_R1,
    # the first run's label map, in --out, given back as an input (issue 22)
    "m_reuse.csv": HEADER + "r1,c1,in/figure.png,anterior,in/burn.png,out/r1/labels.png,40\n",
    # --out as the parent of a photo folder named like a row (issue 22)
    "m_nested.csv": HEADER + "r1,c1,data/r2/figure.png,anterior,in/burn.png,data/r2/labels.png,"
                             "40\nr2,c2,in/figure.png,anterior,,,\n",
}

SUMMARY = ("out/summary.csv",)
R1 = ("out/r1", "out/r1/assess.json", "out/r1/row.json")
R2 = ("out/r2", "out/r2/parse.json", "out/r2/labels.png", "out/r2/row.json")
FRESH = ("out", *SUMMARY, *R1, *R2)


@dataclass(frozen=True)
class BatchCase:
    id: str
    start: str = "fresh"                  # fresh | finished | overlays | parsed
    setup: Callable[[Path], None] | None = None
    argv: tuple[str, ...] = ("m.csv", "--out", "out")
    exit: int = 0
    may_change: tuple[str, ...] = ()      # what may appear, change or go (all else must not)
    stderr: str = ""
    check: Callable[[Path, object], None] | None = None


def build_inputs(w: Path) -> None:
    """The world's inputs, manifests and foreign files (no output folder yet)."""
    (w / "in").mkdir(parents=True)
    labels, joints = figure()
    regions = to_clinical_regions(labels, CLASSES, "anterior", joints)
    photo = np.full((*labels.shape, 3), 235, np.uint8)
    photo[labels > 0] = (200, 150, 120)
    Image.fromarray(photo).save(w / "in/figure.png")
    Image.fromarray(labels, mode="L").save(w / "in/labels.png")
    burn = np.where(regions.ids == REGION_ID["head"], 4, 0).astype(np.uint8)
    Image.fromarray(burn, mode="L").save(w / "in/burn.png")
    for name, text in MANIFESTS.items():
        (w / name).write_text(text)
    (w / "outside.txt").write_text("a file of the user's, outside --out\n")
    CaseFile.create(w / "Zhang.burncase", "dr.world").close()
    (w / "model").mkdir()
    (w / "model/configuration.json").write_text("{}")
    (w / "model/pytorch_model.pt").write_bytes(b"not a checkpoint" * 8)


# --- planting -------------------------------------------------------------------------------------
def _replace(path: Path, make: Callable[[Path], None]) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif os.path.lexists(path):
        path.unlink()
    make(path)


def link(target: str, name: str):
    return lambda w: _replace(w / name, lambda p: os.symlink(target, p))


def hardlink(source: str, name: str):
    return lambda w: _replace(w / name, lambda p: os.link(w / source, p))


def write(name: str, data: bytes | str):
    def plant(w: Path) -> None:
        (w / name).parent.mkdir(parents=True, exist_ok=True)
        _replace(w / name, lambda p: p.write_bytes(data.encode() if isinstance(data, str) else
                                                   data))
    return plant


def fifo(name: str):
    return lambda w: _replace(w / name, os.mkfifo)


def folder(name: str):
    return lambda w: _replace(w / name, lambda p: p.mkdir(parents=True))


def copy(source: str, name: str):
    def plant(w: Path) -> None:
        (w / name).parent.mkdir(parents=True, exist_ok=True)
        _replace(w / name, lambda p: shutil.copyfile(w / source, p))
    return plant


def edit_json(name: str, change: Callable[[dict], None]):
    def plant(w: Path) -> None:
        data = json.loads((w / name).read_text())
        change(data)
        (w / name).write_text(json.dumps(data))
    return plant


def steps(*plants):
    def plant(w: Path) -> None:
        for each in plants:
            each(w)
    return plant


def _move_receipt_away(w: Path) -> None:
    shutil.move(w / "out/r1/row.json", w / "receipt_copy.json")
    os.symlink("../../receipt_copy.json", w / "out/r1/row.json")


def _nested_photos(w: Path) -> None:
    (w / "data/r2").mkdir(parents=True)
    for name in ("figure.png", "labels.png"):
        shutil.copyfile(w / "in" / name, w / "data/r2" / name)


def _manifest_in_out(w: Path) -> None:
    (w / "out/m.csv").write_text(MANIFESTS["m.csv"].replace("in/", "../in/"))


def _append_byte(name: str):
    def plant(w: Path) -> None:
        with open(w / name, "ab") as fh:
            fh.write(b"\0")
    return plant


# --- checks ---------------------------------------------------------------------------------------
def summary(w: Path, out: str = "out") -> dict[str, dict]:
    import csv
    with open(w / out / "summary.csv", newline="", encoding="utf-8") as fh:
        return {row["id"]: row for row in csv.DictReader(fh)}


def statuses(**expected: str):
    def check(w: Path, run) -> None:
        rows = summary(w)
        assert {k: r["status"] for k, r in rows.items()} == expected, rows
        for key, status in expected.items():
            if key == "r1" and status in ("done", "skipped"):   # from verified outputs only
                assert rows[key]["tbsa_total_percent"] == "3.5", rows[key]
                assert json.loads((w / "out/r1/assess.json").read_text())[
                    "tbsa_total_percent"] == 3.5
    return check


def gone(name: str, then=None):
    def check(w: Path, run) -> None:
        assert not os.path.lexists(w / name), name
        if then:
            then(w, run)
    return check


def kept(name: str, data: bytes, then=None):
    def check(w: Path, run) -> None:
        assert (w / name).read_bytes() == data
        if then:
            then(w, run)
    return check


REDO_R1 = (*SUMMARY, "out/r1/assess.json", "out/r1/row.json")
REDO_R2 = (*SUMMARY, "out/r2/parse.json", "out/r2/labels.png", "out/r2/row.json")
CASE_BYTES_NAME = "Zhang.burncase"


def _links() -> list[BatchCase]:
    c = BatchCase
    return [
        c("fresh-run", may_change=FRESH, check=statuses(r1="done", r2="done")),
        c("rerun-skips-and-reads-numbers-from-outputs", "finished", may_change=SUMMARY,
          check=statuses(r1="skipped", r2="skipped")),
        # --- links --------------------------------------------------------------------------------
        c("summary-link-to-photo", "finished", link("../in/figure.png", "out/summary.csv"),
          exit=2, stderr="symbolic link"),
        c("summary-link-outside", "finished", link("../outside.txt", "out/summary.csv"),
          exit=2, stderr="symbolic link"),
        c("summary-dangling-link", "finished", link("nowhere.csv", "out/summary.csv"), exit=2,
          stderr="symbolic link"),
        c("summary-fifo", "finished", fifo("out/summary.csv"), exit=2, stderr="special file"),
        c("row-output-link-outside", "finished", link("../../outside.txt", "out/r2/parse.json"),
          exit=5, may_change=SUMMARY, stderr="symbolic link",
          check=statuses(r1="skipped", r2="refused")),
        c("row-receipt-link", "finished", _move_receipt_away, exit=5, may_change=SUMMARY,
          stderr="not this batch's receipt", check=statuses(r1="refused", r2="skipped")),
        c("row-folder-link-inside-out", "finished",
          steps(lambda w: (w / "out/r1").rename(w / "out/r1_real"), link("r1_real", "out/r1")),
          exit=5, may_change=SUMMARY, stderr="symbolic link"),
        c("row-folder-link-to-inputs", "fresh", steps(folder("out"), link("../in", "out/r1")),
          exit=5, may_change=SUMMARY + R2, stderr="symbolic link",
          check=statuses(r1="refused", r2="done")),
        c("out-link-to-inputs-folder", "fresh", link(".", "outlink"),
          argv=("m.csv", "--out", "outlink"), exit=2, stderr="holds the manifest"),
        c("row-output-hardlink-to-photo", "finished", hardlink("in/figure.png",
                                                               "out/r2/labels.png"),
          exit=2, stderr="hard link"),
        c("row-output-hardlink-to-foreign-file", "finished",
          hardlink("outside.txt", "out/r1/assess.json"), may_change=REDO_R1,
          check=statuses(r1="done", r2="skipped")),
    ]


def _folders() -> list[BatchCase]:
    c = BatchCase
    return [
        c("out-is-parent-of-a-photo-folder", "fresh", _nested_photos,
          argv=("m_nested.csv", "--out", "data"), exit=2, stderr="holds the photo of manifest"),
        c("out-holds-an-earlier-label-map", "parsed", argv=("m_reuse.csv", "--out", "out"),
          exit=2, stderr="holds the labels of manifest line 2"),
        c("out-is-the-manifest-folder-by-dotdot", argv=("m.csv", "--out", "in/.."), exit=2,
          stderr="holds the manifest"),
        c("out-holds-the-inputs-by-dotdot", "fresh", folder("sub"),
          argv=("m.csv", "--out", "sub/../in"), exit=2, stderr="holds the photo"),
        c("manifest-inside-out", "finished", _manifest_in_out,
          argv=("out/m.csv", "--out", "out"), exit=2, stderr="holds the manifest"),
        c("out-is-the-model-folder", argv=("m.csv", "--model", "model", "--out", "model"),
          exit=2, stderr="M2FP model"),
    ]


def _stale_and_foreign() -> list[BatchCase]:
    c = BatchCase
    return [
        c("users-own-files-in-a-parse-row-folder", "fresh",
          steps(write("out/r2/assess.json", "mine"), write("out/r2/overlay.png", "mine too")),
          may_change=("out", "out/r1", "out/r1/assess.json", "out/r1/row.json", *REDO_R2),
          check=statuses(r1="done", r2="done")),
        c("users-own-file-under-an-output-name", "fresh", write("out/r2/parse.json", "mine"),
          exit=5, may_change=("out", *SUMMARY, *R1), stderr="not written by this batch",
          check=statuses(r1="done", r2="refused")),
        c("users-own-summary-csv", "fresh", write("out/summary.csv", "name,notes\nA,B\n"),
          exit=2, stderr="not written by a batch"),
        # the settings changed (no --overlays now): both rows are done again
        c("stale-overlay-of-this-batch-removed", "overlays", may_change=REDO_R1 + REDO_R2 + (
            "out/r2/overlay.png",), check=gone("out/r2/overlay.png")),
        c("stale-overlay-edited-by-the-user-stays", "overlays",
          write("out/r2/overlay.png", "edited"), may_change=REDO_R1 + REDO_R2,
          check=kept("out/r2/overlay.png", b"edited")),
        c("parse-row-now-assessed-removes-only-its-own", "parsed",
          write("out/r1/notes.txt", "mine"), argv=("m_assess.csv", "--out", "out"),
          may_change=(*SUMMARY, "out/r1/parse.json", "out/r1/labels.png", "out/r1/row.json",
                      "out/r1/assess.json"),
          check=gone("out/r1/labels.png", kept("out/r1/notes.txt", b"mine"))),
        c("foreign-notes-and-temp-files-untouched", "finished",
          steps(write("out/r1/notes.txt", "mine"), write("out/r1/.assess.json.x.tmp", "crash"),
                write("out/r1/assess.json", "{}")),
          may_change=REDO_R1, check=statuses(r1="done", r2="skipped")),
        c("case-file-under-an-unlisted-output-name", "fresh",
          copy(CASE_BYTES_NAME, "out/r1/assess.json"), exit=5,
          may_change=("out", *SUMMARY, *R2), stderr="not written by this batch"),
        c("case-file-under-a-listed-output-name", "finished",
          copy(CASE_BYTES_NAME, "out/r1/assess.json"), exit=5, may_change=SUMMARY,
          stderr="case file"),
        c("case-companion-beside-outputs", "finished",
          steps(write("out/r1/x.burncase-wal", "wal"), write("out/r1/assess.json", "{}")),
          may_change=REDO_R1, check=statuses(r1="done", r2="skipped")),
    ]


def _tampered() -> list[BatchCase]:
    c = BatchCase
    return [
        c("receipt-claims-99-percent", "finished",
          edit_json("out/r1/row.json", lambda r: r.update(result={"tbsa_total_percent": 99})),
          may_change=SUMMARY, check=statuses(r1="skipped", r2="skipped")),
        c("assess-json-edited-to-99-percent", "finished",
          edit_json("out/r1/assess.json", lambda r: r.update(tbsa_total_percent=99.0)),
          may_change=REDO_R1, check=statuses(r1="done", r2="skipped")),
        c("receipt-omits-the-edited-output", "finished",
          steps(edit_json("out/r1/row.json", lambda r: r["outputs"].pop("assess.json")),
                edit_json("out/r1/assess.json", lambda r: r.update(tbsa_total_percent=99.0))),
          exit=5, may_change=SUMMARY, stderr="not written by this batch",
          check=statuses(r1="refused", r2="skipped")),
        c("receipt-garbage", "finished", write("out/r1/row.json", "garbage"), exit=5,
          may_change=SUMMARY, stderr="not this batch's receipt"),
        c("receipt-of-another-row", "finished", copy("out/r2/row.json", "out/r1/row.json"),
          exit=5, may_change=SUMMARY, stderr="not this batch's receipt"),
        c("receipt-lists-a-file-outside", "finished",
          edit_json("out/r1/row.json", lambda r: r["outputs"].update(
              {"../../outside.txt": "0" * 64})), exit=5, may_change=SUMMARY,
          stderr="not this batch's receipt"),
        c("receipt-is-a-fifo", "finished", fifo("out/r1/row.json"), exit=5, may_change=SUMMARY,
          stderr="not this batch's receipt"),
        c("receipt-is-a-folder", "finished", folder("out/r1/row.json"), exit=5,
          may_change=SUMMARY, stderr="not this batch's receipt"),
        c("receipt-too-large", "finished", write("out/r1/row.json", " " * (2 << 20) + "{}"),
          exit=5, may_change=SUMMARY, stderr="not this batch's receipt"),
        c("receipt-left-writing-by-a-crash", "finished",
          edit_json("out/r1/row.json", lambda r: r.update(state="writing", previous={})),
          may_change=REDO_R1, check=statuses(r1="done", r2="skipped")),
        c("output-deleted", "finished", lambda w: (w / "out/r2/labels.png").unlink(),
          may_change=REDO_R2, check=statuses(r1="skipped", r2="done")),
        c("output-replaced-by-a-folder", "finished", folder("out/r2/labels.png"), exit=5,
          may_change=SUMMARY, stderr="folder", check=statuses(r1="skipped", r2="refused")),
        c("input-changed-since", "finished", _append_byte("in/burn.png"), may_change=REDO_R1,
          check=statuses(r1="done", r2="skipped")),
    ]


def batch_cases() -> list[BatchCase]:
    cases = _links() + _folders() + _stale_and_foreign() + _tampered()
    ids = [case.id for case in cases]
    assert len(ids) == len(set(ids))
    return cases
