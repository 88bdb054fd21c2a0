"""A full disk: every command fails with a message, leaves no partial output and no temporary
file, and an existing case stays byte-identical. A real full file system (a tiny tmpfs)."""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.hostile.inprocess import snapshot
from tests.hostile.processes import run_main


@pytest.fixture
def full_disk(tmp_path):
    """A 512 KB file system, filled until fewer than 4 KB are free."""
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=512k", "tmpfs", str(mount)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a small file system here: {done.stderr.strip()}")
    yield mount
    subprocess.run(["umount", str(mount)], check=False)


def _fill(folder: Path) -> None:
    with open(folder / "filler", "wb", buffering=0) as fh:
        try:
            while True:
                fh.write(b"\0" * 4096)
        except OSError:
            pass


@pytest.mark.parametrize(("argv", "case_inside"), [
    (("parse", "{w}/photo.png", "--labels-out", "{d}/l.png", "--json-out", "{d}/p.json"), False),
    (("report", "{w}/Zhang.burncase", "--pdf", "{d}/r.pdf", "--dicom", "{d}/dcm"), False),
    (("assess", "--photo", "{w}/photo.png", "--labels", "{w}/labels.png", "--burn",
      "{w}/burn.png", "--view", "anterior", "--age", "40", "--case", "{d}/new.burncase"), False),
    (("assess", "--photo", "{w}/photo.png", "--labels", "{w}/labels.png", "--burn",
      "{w}/burn.png", "--view", "anterior", "--case", "{d}/Zhang.burncase"), True),
], ids=["parse", "report", "assess-new-case", "assess-existing-case"])
def test_a_full_disk_is_refused_cleanly(argv, case_inside, full_disk, world_template, tmp_path):
    if case_inside:
        shutil.copy2(world_template / "Zhang.burncase", full_disk / "Zhang.burncase")
    _fill(full_disk)
    before = snapshot(full_disk)
    args = [a.format(w=world_template, d=full_disk) for a in argv]
    run = run_main(args, tmp_path, tmp_path)
    assert run.returncode == 2, run.stderr
    assert "Traceback" not in run.stderr
    assert "error:" in run.stderr
    assert snapshot(full_disk) == before, sorted(set(os.listdir(full_disk)))
