"""Packaging pieces that can be checked without building: the model fetch tool's checks, the
spec's data list, the installer script's contents."""
from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_fetch_tool_checks_and_places_a_model(model_seed0, tmp_path):
    dest = tmp_path / "models" / "m2fp"
    run = subprocess.run([sys.executable, str(ROOT / "tools" / "fetch_m2fp.py"), "--from-dir",
                          str(model_seed0), "--dest", str(dest)], capture_output=True, text=True,
                         timeout=300)
    assert run.returncode == 0, run.stderr
    digest = hashlib.sha256((dest / "pytorch_model.pt").read_bytes()).hexdigest()
    assert (dest / "MODEL_SHA256.txt").read_text().split()[0] == digest
    assert (dest / "configuration.json").exists()


def test_fetch_tool_refuses_a_wrong_model(tmp_path):
    import torch
    bad = tmp_path / "bad"
    bad.mkdir()
    torch.save({"model": {"w": torch.zeros(2)}}, bad / "pytorch_model.pt")
    run = subprocess.run([sys.executable, str(ROOT / "tools" / "fetch_m2fp.py"), "--from-dir",
                          str(bad), "--dest", str(tmp_path / "out")], capture_output=True,
                         text=True, timeout=300)
    assert run.returncode != 0
    assert "missing" in run.stderr
    assert not (tmp_path / "out").exists()


def test_spec_bundles_every_resource_the_app_reads():
    """Runs the spec's own resource_files() (PyInstaller itself is only on build machines)."""
    spec = (ROOT / "pyinstaller.spec").read_text()
    code = spec[spec.index("def resource_files"):spec.index("datas = list(resource_files())")]
    namespace = {"Path": Path, "RESOURCES": ROOT / "burnmap" / "resources"}
    exec(code, namespace)
    files = [Path(p).name for p, _ in namespace["resource_files"]()]
    for needed in ("DejaVuSans.ttf", "DroidSansFallbackFull.ttf", "burnmap_zh_CN.qm",
                   "part_colours.json", "lund_browder.csv", "body_model.json", "astronaut.png"):
        assert needed in files
    assert "burnmap_zh_CN.ts" not in files
    assert "zh_CN.json" not in files


def test_spec_bundles_every_model_file_the_default_parser_reads():
    """The spec's MediaPipe include patterns cover every file of pose.MODEL_FILES."""
    from fnmatch import fnmatch

    from burnmap.parsing.pose import MODEL_FILES, model_dir
    spec = (ROOT / "pyinstaller.spec").read_text()
    start = spec.index("MEDIAPIPE_FILES = [")
    namespace: dict = {}
    exec(spec[start:spec.index("]", start) + 1], namespace)
    patterns = namespace["MEDIAPIPE_FILES"]
    for name in MODEL_FILES:
        assert (model_dir() / name).is_file(), name
        assert any(fnmatch(f"modules/{name}", p) for p in patterns), f"{name} is not bundled"


def test_windows_installer_script_runs_the_selftest():
    iss = (ROOT / "installer" / "burnmap.iss").read_text()
    assert 'Source: "..\\dist\\BurnMap\\*"' in iss
    assert 'Parameters: "selftest"' in iss
