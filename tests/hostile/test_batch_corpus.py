"""Every case of tests/hostile/batch_cases.py through main.py's `main`: the documented exit code,
no sign of a bug, no hang, every input and foreign file byte-identical (links, FIFOs and folders
too) and nothing new or changed beyond the outputs the case allows (no partial output).

All cases run in one folder whose path never changes, copied afresh from a template for each:
receipts record the inputs' absolute paths, so an earlier batch's receipts must stay valid."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.hostile.batch_cases import BatchCase, batch_cases, build_inputs
from tests.hostile.inprocess import assert_clean, changed_files, run_main, snapshot

CASES = batch_cases()
STARTS = {"finished": ("m.csv",), "overlays": ("m.csv", "--overlays"), "parsed": ("m_parse.csv",)}


@pytest.fixture(scope="module")
def templates(tmp_path_factory) -> tuple[Path, dict[str, Path]]:
    """(the world's fixed path, a template per start), each made in the world's place."""
    root = tmp_path_factory.mktemp("batch-corpus")
    world = root / "world"
    build_inputs(world)
    made = {"fresh": root / "fresh"}
    shutil.copytree(world, made["fresh"], symlinks=True)
    for start, argv in STARTS.items():
        assert_clean(run_main(("batch", *argv, "--out", "out"), world), 0)
        made[start] = root / start
        shutil.copytree(world, made[start], symlinks=True)
        shutil.rmtree(world)
        shutil.copytree(made["fresh"], world, symlinks=True)
    return world, made


def test_the_batch_corpus_is_large_enough():
    assert len(CASES) >= 30


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_batch_hostile(case: BatchCase, templates):
    world, made = templates
    shutil.rmtree(world, ignore_errors=True)
    shutil.copytree(made[case.start], world, symlinks=True)
    if case.setup:
        case.setup(world)
    before = snapshot(world)
    run = run_main(("batch", *case.argv), world)
    after = snapshot(world)
    assert_clean(run, case.exit, case.stderr)
    if case.exit == 5:
        assert "refused:" in run.err, run.describe()
    changed = changed_files(before, after)
    allowed = set(case.may_change) if case.exit in (0, 5) else set()
    assert changed <= allowed, f"changed, added or removed: {sorted(changed - allowed)}\n" \
                               f"{run.describe()}"
    if case.check:
        case.check(world, run)
