"""One pipeline: the command line and the window's Workspace give the same assessment record for
the same photo, burn and patient (keys, values, warnings, order), and `report` starts without
torch."""
from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
from PIL import Image

from burnmap.cli.assess import main as assess_main
from burnmap.model.patient import Patient
from burnmap.model.record import assessment_record
from burnmap.model.workspace import PhotoState, Workspace
from burnmap.parsing.provider import ParserProvider
from burnmap.photo.imaging import read_photo_file

ROOT = Path(__file__).resolve().parents[2]
PER_RUN = ("assessed_at", "assessor")   # the moment and the person differ between two runs


def _burn(photo_path: Path, out: Path) -> np.ndarray:
    width, height = Image.open(photo_path).size
    burn = np.zeros((height, width), np.uint8)
    burn[height // 3:height // 2, width // 3:2 * width // 3] = 3     # deep partial, mid-body
    Image.fromarray(burn, mode="L").save(out)
    return burn


def _through_workspace(photo_path: Path, burn: np.ndarray, now: datetime) -> dict:
    """What the window does: read the photo, parse it with the provider, paint, assess."""
    provider = ParserProvider(None, ROOT, choice="default")
    photo, source = read_photo_file(photo_path)
    state = PhotoState(photo, view="anterior", view_confirmed=True, source=source)
    state.set_parsing(provider.parse(photo.pixels))
    state.load_burn(burn)
    workspace = Workspace(Patient(age_years=40, weight_kg=70), [state])
    return assessment_record(workspace, workspace.assessment(now), now)


def test_cli_and_window_give_the_same_assessment_record(photos_dir, tmp_path):
    photo = photos_dir / "astronaut.png"
    burn = _burn(photo, tmp_path / "burn.png")
    out = tmp_path / "cli.json"
    assert assess_main(["--photo", str(photo), "--burn", str(tmp_path / "burn.png"),
                        "--view", "anterior", "--age", "40", "--weight", "70",
                        "--parser", "default", "--json-out", str(out)]) == 0
    cli = json.loads(out.read_text())
    window = json.loads(json.dumps(_through_workspace(photo, burn, datetime.now(UTC))))
    assert [k for k in cli if k not in PER_RUN] == [k for k in window if k not in PER_RUN]
    for key in window:
        if key not in PER_RUN:
            assert cli[key] == window[key], key
    assert cli["tbsa_total_percent"] > 0


def test_report_and_its_imports_never_load_torch():
    code = ("import sys, main, burnmap.cli.report, burnmap.cli.common, burnmap.reports.build\n"
            "assert 'torch' not in sys.modules, 'torch imported'\n")
    run = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                         timeout=120)
    assert run.returncode == 0, run.stderr
