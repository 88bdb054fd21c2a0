"""Fixtures for the M2FP tests: synthetic model directories made by ../shared/m2fp's own script
(imported by tests/conftest.py)."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
RUN_DIR = "BURNMAP_TEST_RUN_DIR"   # scripts/per_module.py lends its processes one folder for the run

# A test that uses one of these loads the M2FP network (or runs a command that does) and is marked
# `m2fp` (tests/conftest.py): the test command runs those in a process of their own, whose standing
# memory is not what a thousand other tests left behind (a model test there peaked at 2.6 GB).
MODEL_FIXTURES = frozenset({"m2fp_shared", "model_seed0", "model_seed1", "parser_seed0", "parser_seed1"})


def _shared() -> Path:
    shared = Path(os.environ.get("BURNMAP_SHARED", ROOT.parent / "shared"))
    if not (shared / "m2fp" / "make_test_model.py").exists():
        pytest.fail(f"../shared is missing ({shared}); set BURNMAP_SHARED to its location")
    return shared


@pytest.fixture(scope="session")
def m2fp_shared() -> Path:
    return _shared() / "m2fp"


def _make_model(tmp_path_factory, seed: int) -> Path:
    """A model folder for the run: in the folder scripts/per_module.py lends its processes, made
    by the first that needs it (whole or not at all), else in this process's temporary folder."""
    run_dir = os.environ.get(RUN_DIR)
    lent = Path(run_dir) / f"m2fp_seed{seed}" if run_dir else None
    if lent is not None and lent.is_dir():
        return lent
    out = tmp_path_factory.mktemp(f"m2fp_seed{seed}")
    subprocess.run([sys.executable, str(_shared() / "m2fp" / "make_test_model.py"), str(out),
                    "--seed", str(seed)], check=True, stdout=subprocess.DEVNULL)
    if lent is None:
        return out
    shutil.move(out, lent)
    return lent


@pytest.fixture(scope="session")
def model_seed0(tmp_path_factory) -> Path:
    return _make_model(tmp_path_factory, 0)


@pytest.fixture(scope="session")
def model_seed1(tmp_path_factory) -> Path:
    return _make_model(tmp_path_factory, 1)


# Parsers live for one test module: a loaded model with its compiled backbone holds about 1 GB,
# which a session-wide parser kept through every later test (the run's standing memory rose from
# 1.5 to 3.5 GB). Loading again costs a few seconds per module (the compiled backbone is cached).
@pytest.fixture(scope="module")
def parser_seed0(model_seed0):
    """The product's parser ("auto": OpenVINO when it agrees with PyTorch)."""
    from burnmap.parsing.m2fp.parser import M2FPParser
    return M2FPParser(model_seed0)


@pytest.fixture(scope="module")
def parser_seed1(model_seed1):
    """For the network's own outputs (`parser.model.net`, always PyTorch): no second compiled
    backbone, which would also push seed 0's out of the one-model cache."""
    from burnmap.parsing.m2fp.parser import M2FPParser
    return M2FPParser(model_seed1, engine="eager")
