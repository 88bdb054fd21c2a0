"""`main.py parse`: outputs, exit codes, and nothing written on bad input."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from burnmap.cli.parse import main as parse_main
from burnmap.system.settings import Settings, save_settings

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def photo(tmp_path) -> Path:
    rng = np.random.default_rng(3)
    path = tmp_path / "photo.jpg"
    Image.fromarray((rng.random((150, 200, 3)) * 255).astype(np.uint8)).save(path)
    return path


@pytest.mark.slow
def test_writes_labels_overlay_and_json(tmp_path, photo, model_seed0, capsys):
    out = {k: tmp_path / f"out_{k}" for k in ("labels.png", "overlay.png", "summary.json")}
    code = parse_main([str(photo), "--model", str(model_seed0),
                       "--labels-out", str(out["labels.png"]),
                       "--overlay-out", str(out["overlay.png"]),
                       "--json-out", str(out["summary.json"])])
    assert code == 0
    labels = Image.open(out["labels.png"])
    assert labels.mode == "L"
    assert labels.size == (200, 150)
    overlay = np.asarray(Image.open(out["overlay.png"]))
    # the overlay at the photo's size, then the legend strip naming the parser
    assert overlay.shape[1] == 200
    assert overlay.shape[0] > 150
    assert overlay.shape[2] == 3
    assert (overlay[150:] == 255).mean() > 0.5
    assert (overlay[150:] < 128).any()
    summary = json.loads(out["summary.json"].read_text())
    assert summary["image_size"] == {"width": 200, "height": 150}
    assert summary["parser"]["name"] == "M2FP"
    assert len(summary["parser"]["sha256"]) == 64
    assert len(summary["class_names"]) == 20
    assert summary["class_names"][0] == "Background"
    counts = np.bincount(np.asarray(labels).ravel(), minlength=20)
    assert [summary["pixel_counts"][n] for n in summary["class_names"]] == counts.tolist()
    assert set(summary["timing_s"]) >= {"backbone", "post-processing"}
    for person in summary["persons"]:
        assert set(person) == {"score", "box_xyxy", "pixel_count"}
    assert "photo.jpg" in capsys.readouterr().out


def test_bad_photo_exits_2_and_writes_nothing(tmp_path, model_seed0, capsys):
    bad = tmp_path / "broken.jpg"
    bad.write_bytes(b"\xff\xd8\xff\xe0 this is not really a jpeg")
    labels = tmp_path / "labels.png"
    code = parse_main([str(bad), "--model", str(model_seed0), "--labels-out", str(labels)])
    assert code == 2
    assert not labels.exists()
    assert "broken.jpg" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken.jpg"]


def test_insisting_on_m2fp_without_a_model_exits_3_and_says_where(tmp_path, photo,
                                                                   monkeypatch, capsys):
    monkeypatch.delenv("BURNMAP_MODEL_DIR", raising=False)
    monkeypatch.setattr("burnmap.cli.parser_choice.app_dir", lambda: tmp_path / "app")
    assert parse_main([str(photo), "--parser", "m2fp"]) == 3
    err = capsys.readouterr().err
    assert str(tmp_path / "app" / "models" / "m2fp") in err
    assert "BURNMAP_MODEL_DIR" in err


@pytest.mark.slow
def test_model_from_environment_variable(tmp_path, photo, model_seed0, monkeypatch):
    monkeypatch.setenv("BURNMAP_MODEL_DIR", str(model_seed0))
    monkeypatch.setattr("burnmap.cli.parser_choice.app_dir", lambda: tmp_path / "app")
    # Where the model is found is the subject, not the engine: PyTorch's backbone alone
    # (OpenVINO's would add 0.5 GB beside what the module's first parse left resident).
    assert save_settings(Settings(m2fp_engine="eager"))
    labels = tmp_path / "l.png"
    assert parse_main([str(photo), "--labels-out", str(labels)]) == 0
    assert labels.exists()


def test_damaged_model_exits_4(tmp_path, photo, capsys):
    model = tmp_path / "model"
    model.mkdir()
    (model / "pytorch_model.pt").write_bytes(b"garbage")
    assert parse_main([str(photo), "--model", str(model)]) == 4
    assert "pytorch_model.pt" in capsys.readouterr().err


def test_missing_output_folder_is_refused_before_work(tmp_path, photo, model_seed0):
    code = parse_main([str(photo), "--model", str(model_seed0),
                       "--json-out", str(tmp_path / "no" / "such" / "dir" / "j.json")])
    assert code == 2


@pytest.mark.slow
def test_command_line_entry_point(tmp_path, photo, model_seed0):
    """The real `python main.py parse` process, as another system would call it."""
    labels = tmp_path / "labels.png"
    run = subprocess.run([sys.executable, str(ROOT / "main.py"), "parse", str(photo), "--model",
                          str(model_seed0), "--labels-out", str(labels)],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    assert Image.open(labels).size == (200, 150)


def test_default_parser_json_of_a_real_person(tmp_path, photos_dir):
    """The default parser's parts came as numpy numbers, which JSON cannot write (exit 1)."""
    out = tmp_path / "p.json"
    assert parse_main([str(photos_dir / "astronaut.png"), "--parser", "default",
                       "--json-out", str(out)]) == 0
    parts = json.loads(out.read_text())["parts"]
    assert parts
    assert all(isinstance(p["category_id"], int) for p in parts)
