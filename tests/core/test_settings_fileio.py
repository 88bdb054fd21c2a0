"""Settings survive damage, and atomic writes leave either the old or the new file."""
from __future__ import annotations

import pytest

from core.fileio import atomic_write, atomic_write_text
from core.settings import Settings, load_settings, save_settings


def test_settings_round_trip_and_defaults(tmp_path):
    path = tmp_path / "settings.json"
    assert load_settings(path) == Settings()
    save_settings(Settings(model_dir="/opt/m2fp", language="zh_CN"), path)
    assert load_settings(path) == Settings(model_dir="/opt/m2fp", language="zh_CN")


@pytest.mark.parametrize("content", ["{not json", "[1, 2]", '{"model_dir": 5, "junk": 1}'])
def test_damaged_settings_fall_back_to_defaults(tmp_path, content):
    path = tmp_path / "settings.json"
    path.write_text(content)
    assert load_settings(path).model_dir is None


def test_tests_never_use_the_real_settings_folder():
    """conftest.py points the configuration folder at a temporary one for the whole session."""
    import os
    from pathlib import Path

    from core.settings import settings_path
    configured = os.environ.get("BURNMAP_CONFIG_DIR")
    assert configured, "tests must isolate the settings folder"
    assert settings_path().parent == Path(configured)
    assert not str(settings_path()).startswith(str(Path.home() / ".config"))


def test_failed_atomic_write_keeps_the_old_file(tmp_path):
    path = tmp_path / "f.txt"
    atomic_write_text(path, "old")

    def explode(fh):
        fh.write(b"half")
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        atomic_write(path, explode)
    assert path.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["f.txt"]
