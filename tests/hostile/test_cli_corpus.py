"""Every hostile input and output of tests/hostile/corpus.py through the real `main.py`: the
documented exit code, never a traceback, never a hang, every input, case and companion file
byte-identical afterwards (unless the case says otherwise), and no partial output."""
from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest

from tests.hostile.corpus import ROWS_REFUSED, Hostile, corpus
from tests.hostile.inprocess import snapshot
from tests.hostile.processes import hold_lock, run_main

CASES = corpus()


def test_the_corpus_is_large_enough():
    assert len(CASES) >= 120
    commands = {c.argv[0] for c in CASES}
    assert commands == {"parse", "assess", "batch", "report", "selftest", "--help", "-h"}


# --- set-up steps a case may ask for --------------------------------------------------------------
def _setup(world: Path, steps, holders: list) -> None:
    for step, *args in steps:
        if step == "fifo":
            os.mkfifo(world / args[0])
        elif step == "symlink":
            os.symlink(args[0], world / args[1])
        elif step == "hardlink":
            os.link(world / args[0], world / args[1])
        elif step == "chmod":
            os.chmod(world / args[1], int(args[0], 8))
        elif step == "folder":
            (world / args[0]).mkdir(parents=True)
        elif step == "copy":
            shutil.copy2(world / args[0], world / args[1])
        elif step == "lock":
            holders.append(hold_lock(world / args[0]))
        else:
            raise ValueError(step)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_hostile(case: Hostile, world_template, tmp_path):
    world = tmp_path / "world"
    shutil.copytree(world_template, world, symlinks=True)
    holders: list[subprocess.Popen] = []
    try:
        _setup(world, case.setup, holders)
        before = snapshot(world)
        run = run_main(case.argv, world, tmp_path, case.env, case.unprivileged)
        after = snapshot(world)
    finally:
        for proc in holders:
            proc.kill()
            proc.wait()
    message = f"stdout:\n{run.stdout}\nstderr:\n{run.stderr[-3000:]}"
    assert run.returncode == case.exit, message
    assert "Traceback" not in run.stderr, message
    assert "Traceback" not in run.stdout, message
    if case.exit == ROWS_REFUSED:   # a batch that finished: each bad row named
        assert "refused:" in run.stderr, message
    elif case.exit != 0:
        assert "error:" in run.stderr or "FAILED" in run.stderr, message
    assert case.stderr in run.stderr, message
    _check_files(case, before, after)
    if case.check:
        CHECKS[case.check](world, run)
    assert not list((tmp_path / "tmp").glob("burnmap-selftest-*")), "selftest left its folder"
    assert not (tmp_path / "config" / "window.ini").exists(), "the window's layout was saved"


def _check_files(case: Hostile, before: dict, after: dict) -> None:
    """Inputs untouched; new files only the expected outputs of a successful command."""
    changed = {rel for rel in before if after.get(rel) != before[rel]}
    assert changed <= set(case.may_change), f"changed or removed: {sorted(changed)}"
    new = set(after) - set(before)
    expected = set(case.outputs) if case.exit in (0, ROWS_REFUSED) else set()
    assert new == expected, f"new files {sorted(new)}, expected {sorted(expected)}"


# --- checks of what a successful command produced -------------------------------------------------
def _json(world: Path, name: str) -> dict:
    def refuse(value):
        raise AssertionError(f"{value} in JSON")
    return json.loads((world / name).read_text(), parse_constant=refuse)


def _audit(case: Path) -> list[str]:
    conn = sqlite3.connect(f"file:{case}?mode=ro&immutable=1", uri=True)
    try:
        return [row[0] for row in conn.execute("SELECT action FROM audit ORDER BY id")]
    finally:
        conn.close()


def _patient(case: Path) -> tuple:
    conn = sqlite3.connect(f"file:{case}?mode=ro&immutable=1", uri=True)
    try:
        return conn.execute("SELECT name, record_number, date_of_birth FROM patient").fetchone(), \
            conn.execute("SELECT COUNT(*) FROM photo").fetchone()[0]
    finally:
        conn.close()


def _check_total(world, expected, depth):
    out = _json(world, "out/a.json")
    assert out["tbsa_total_percent"] == pytest.approx(expected)
    assert out["tbsa_by_depth"][depth] == pytest.approx(expected)


def _back_on_chart(world, run):
    """Head full thickness on the photo (3.5 %) and half the back's trunk deep partial on the
    chart (half of its 13 %): 10 %, of which 6.5 deep partial, the trunk's back drawn."""
    out = _json(world, "out/a.json")
    assert out["tbsa_total_percent"] == pytest.approx(10.0, abs=0.02)
    assert out["tbsa_by_depth"]["deep partial thickness"] == pytest.approx(6.5, abs=0.02)
    assert out["assessed_on_chart_percent"] == pytest.approx(13.0)
    back = next(r for r in out["regions"] if (r["region"], r["side"]) == ("trunk", "posterior"))
    assert back["source"] == "chart"
    assert back["drawn_on_chart_percent"] == pytest.approx(100)


def _rtl_shaped(world, run):
    text = subprocess.run(["pdftotext", str(world / "out/r.pdf"), "-"], capture_output=True,
                          text=True, check=True).stdout
    # Arabic letters in their joined (presentation) forms: the name was shaped, not printed
    # as isolated letters.
    assert any("\ufe70" <= ch <= "\ufefc" for ch in text), text[:500]


def _dicom_clean(world, run):
    import pydicom
    ds = pydicom.dcmread(world / "out/dcm/report.dcm")
    name, record = str(ds.PatientName), str(ds.PatientID)
    assert not any(ord(c) < 32 or 0x202a <= ord(c) <= 0x202e for c in name + record)
    assert "Eve" in name
    assert record == "MRN 2"


def _default_parser(world, run):
    assert _json(world, "out/p.json")["parser"]["name"].startswith("default parser")


def _age_from_dob(world, run):
    out = _json(world, "out/a.json")
    assert out["age_source"] == "date of birth"
    assert 40 < out["age_years"] < 41.5


def _dotted_case(world, run):
    (name, record, _), photos = _patient(world / "Zhang.Wei.burncase")
    assert (name, record, photos) == ("Zhang Wei", "MRN-2", 1)


def _identity_audited(world, run):
    assert "patient identity changed" in _audit(world / "Zhang.burncase")
    assert _patient(world / "Zhang.burncase")[0][0] == "Zhang Wei-Li"


def _two_photos(world, run):
    assert _patient(world / "Zhang.burncase") == (("Zhang Wei", "MRN-1", "1980-02-01"), 2)


def _export_audited(world, run):
    assert _audit(world / "Zhang.burncase")[-1] == "report exported"


def _not_recorded(world, run):
    assert "not recorded" in run.stdout


def _not_recorded_lock_fifo(world, run):
    assert ("the export was not recorded in the case's audit trail (its lock file "
            "'Zhang.burncase.lock' is a FIFO (named pipe), not a regular file; remove it)"
            in run.stdout), run.stdout


def _selftest_passed(world, run):
    assert "selftest passed" in run.stdout


def _help_only(world, run):
    assert "usage" in run.stdout.lower() or "main.py" in run.stdout
    assert "ok  " not in run.stdout
    assert "selftest passed" not in run.stdout


def _escaped(world, run):
    for text in (run.stdout, run.stderr):
        assert "\x1b" not in text, text
        assert "\x07" not in text, text
    assert "\\x1b]0;pwned\\x07" in run.stdout + run.stderr


def _summary(world: Path) -> dict[str, dict]:
    import csv
    with open(world / "out/b/summary.csv", newline="", encoding="utf-8") as fh:
        return {row["id"]: row for row in csv.DictReader(fh)}


def _batch_ok(world, run):
    rows = _summary(world)
    assert [r["status"] for r in rows.values()] == ["done", "done"]
    assert rows["r1"]["tbsa_total_percent"] == "3.5"
    assert _json(world, "out/b/r1/assess.json")["tbsa_total_percent"] == pytest.approx(3.5)


def _batch_mixed(world, run):
    rows = _summary(world)
    assert {k: r["status"] for k, r in rows.items()} == {
        "r1": "done", "r2": "refused", "r3": "refused", "r4": "refused", "r5": "refused",
        "r6": "refused"}
    for key, words in (("r2", "regular"), ("r3", "7"), ("r4", "supported format"),
                       ("r5", "regular"), ("r6", "finite")):
        assert words in rows[key]["message"], rows[key]


CHECKS = {
    "batch_ok": _batch_ok,
    "batch_mixed": _batch_mixed,
    "default_parser": _default_parser,
    "head_deep_3_5": lambda w, r: _check_total(w, 3.5, "deep partial thickness"),
    "head_ft_3_5": lambda w, r: _check_total(w, 3.5, "full thickness"),
    "back_on_chart": _back_on_chart,
    "age_from_dob": _age_from_dob,
    "finite_json": lambda w, r: _json(w, "out/a.json"),
    "dotted_case": _dotted_case,
    "identity_audited": _identity_audited,
    "two_photos": _two_photos,
    "export_audited": _export_audited,
    "not_recorded": _not_recorded,
    "not_recorded_lock_fifo": _not_recorded_lock_fifo,
    "rtl_shaped": _rtl_shaped,
    "dicom_clean": _dicom_clean,
    "no_selftest_leftovers": _selftest_passed,
    "help_only": _help_only,
    "escaped": _escaped,
}
