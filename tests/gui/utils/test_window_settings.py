"""The window's own settings file (burnmap/gui/utils/window_settings.py): something other than a
regular file at its name never stops the window from starting, and is left as it is."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
# Qt waits on a FIFO inside its own C++ code, through any signal: only a process of its own can
# be stopped when it hangs.
START = """
import sys
from pathlib import Path
from PySide6.QtWidgets import QApplication
app = QApplication([])
from burnmap.gui.main_window import MainWindow
from burnmap.gui.utils.window_settings import recent_cases, remember_case
from burnmap.parsing.provider import ParserProvider
window = MainWindow(None, provider=ParserProvider(None, Path(sys.argv[1]), choice="default"))
window.show()
app.processEvents()
remember_case(Path(sys.argv[1]))
print("recent:", recent_cases() == [str(Path(sys.argv[1]))], flush=True)
window.close()
print("closed", flush=True)
"""


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX only")
@pytest.mark.parametrize("kind", ["fifo", "folder"])
def test_the_window_starts_beside_a_special_file_named_like_its_settings(tmp_path, kind):
    """A FIFO named window.ini hung the window's start for ever (Qt's QSettings read it)."""
    config = tmp_path / "config"
    config.mkdir()
    ini = config / "window.ini"
    if kind == "fifo":
        os.mkfifo(ini)
    else:
        ini.mkdir()
    env = {**os.environ, "BURNMAP_CONFIG_DIR": str(config),
           "BURNMAP_DATA_DIR": str(tmp_path / "data"), "QT_QPA_PLATFORM": "offscreen"}
    run = subprocess.run([sys.executable, "-c", START, str(tmp_path)], capture_output=True,
                         text=True, timeout=60, cwd=ROOT, env=env)
    assert run.returncode == 0, run.stderr[-3000:]
    assert run.stdout.split() == ["recent:", "True", "closed"]
    assert "window.ini is not a regular file" in run.stderr
    assert sorted(p.name for p in config.iterdir()) == ["window.ini"]
    assert ini.is_fifo() if kind == "fifo" else ini.is_dir()
