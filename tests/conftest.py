"""Session-wide test set-up: headless Qt, isolated settings, the ../shared folder."""
from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

import pytest

# Before anything imports Qt: tests run without a display.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent


# Memory released between tests, and `--memory-log FILE` (tests/memory.py).
pytest_plugins = ["tests.memory"]


def pytest_configure(config):
    # The whole suite runs with the network guard the app installs at start-up.
    from burnmap.system import netguard
    netguard.install()
    # Tests never read or write a real user's settings (ARCHITECTURE.md convention 7).
    os.environ["BURNMAP_CONFIG_DIR"] = tempfile.mkdtemp(prefix="burnmap-test-config-")
    os.environ["BURNMAP_DATA_DIR"] = tempfile.mkdtemp(prefix="burnmap-test-data-")
    # One cache for the run (a test of the cache sets its own): a model's OpenVINO backbone is
    # compiled once per run, not once per test (20-70 s and up to 1 GB each time).
    # scripts/per_module.py runs a process per module and lends them one folder for the whole run.
    run_dir = os.environ.get(RUN_DIR)
    os.environ["BURNMAP_CACHE_DIR"] = (str(Path(run_dir) / "cache") if run_dir
                                       else tempfile.mkdtemp(prefix="burnmap-test-cache-"))


def pytest_unconfigure(config):
    # The per-run settings and data folders go with the run.
    import shutil
    for name in ("BURNMAP_CONFIG_DIR", "BURNMAP_DATA_DIR", "BURNMAP_CACHE_DIR"):
        folder = os.environ.pop(name, None)
        if folder and Path(folder).name.startswith("burnmap-test-"):
            shutil.rmtree(folder, ignore_errors=True)
    os.environ.pop("BURNMAP_MODEL_DIR", None)


@pytest.fixture(autouse=True)
def fresh_folders(monkeypatch, tmp_path_factory):
    """Each test its own settings and data folders: recent cases, window geometry and recovery
    copies one test leaves behind never reach another."""
    folder = tmp_path_factory.mktemp("user")
    monkeypatch.setenv("BURNMAP_CONFIG_DIR", str(folder / "config"))
    monkeypatch.setenv("BURNMAP_DATA_DIR", str(folder / "data"))


@pytest.fixture(autouse=True)
def fresh_batch_parsers():
    """A batch run in this process keeps its parsers for the process's life (one model load
    per worker, however many rows); here each test starts without them, and a model with its
    compiled backbone (about 1 GB) is not carried through every later test."""
    yield
    row = sys.modules.get("burnmap.batch.row")
    if row is not None:
        with row._providers_lock:
            row._providers.clear()


@pytest.fixture
def berlin(monkeypatch):
    """Local time is Europe/Berlin's for the test (daylight saving: 2026-03-29 02:00-02:59 never
    happen, 2026-10-25 02:00-02:59 happen twice); the machine's zone is back afterwards."""
    monkeypatch.setenv("TZ", "Europe/Berlin")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    shared = Path(os.environ.get("BURNMAP_SHARED", ROOT.parent / "shared"))
    if not shared.is_dir():
        pytest.fail(f"the shared folder {shared} is missing; set BURNMAP_SHARED")
    return shared


@pytest.fixture(scope="session")
def photos_dir(shared_dir) -> Path:
    return shared_dir / "data" / "photos"


# The synthetic M2FP model directories, shared by the layers' tests and tests/gui.
from tests.model_fixtures import (  # noqa: E402,F401
    MODEL_FIXTURES,
    RUN_DIR,
    m2fp_shared,
    model_seed0,
    model_seed1,
    parser_seed0,
    parser_seed1,
)


@pytest.hookimpl(tryfirst=True)   # before `-m` deselects by marker
def pytest_collection_modifyitems(items):
    """Every test that uses a model fixture is marked `m2fp`, whoever wrote it and wherever it is,
    so the test command's model process finds it (`-m m2fp`, `-m "not m2fp"`)."""
    for item in items:
        if MODEL_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.m2fp)


@pytest.fixture
def dialogs(monkeypatch):
    """Message boxes recorded as (kind, text) instead of shown: offscreen they would block.
    (Qt is imported here, not above, so that the layers' tests run where PySide6 is blocked.)"""
    from PySide6.QtWidgets import QMessageBox
    shown = []
    for kind in ("warning", "information", "critical"):
        monkeypatch.setattr(QMessageBox, kind, lambda *a, k=kind: shown.append((k, a[2])))
    return shown
