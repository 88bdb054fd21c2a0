"""BurnMap as another process, for the hostile tests: the command line run in a private world,
and a second instance holding a case's lock."""
from __future__ import annotations

import os
import shlex
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT_S = 120


def hold_lock(case: Path) -> subprocess.Popen:
    """Another BurnMap process editing the case: it holds the case's lock until killed."""
    code = ("import sys, time; from pathlib import Path; "
            "from burnmap.casefile.lock import CaseLock; lock = CaseLock(Path(sys.argv[2])); "
            "print(lock.acquire(), flush=True); time.sleep(600)")
    proc = subprocess.Popen([sys.executable, "-c", code, str(ROOT), str(case)],
                            stdout=subprocess.PIPE, text=True, cwd=ROOT)
    assert proc.stdout.readline().strip() == "True"
    return proc


def run_main(argv, cwd: Path, tmp: Path, env: dict | None = None,
             unprivileged: bool = False) -> subprocess.CompletedProcess:
    """`main.py argv` in `cwd` with private settings and data folders, as a user without
    root's power over file permissions when `unprivileged`."""
    command = [sys.executable, str(ROOT / "main.py"), *argv]
    if unprivileged:
        # As root, file permissions stop nothing: drop the capabilities that ignore them.
        command = ["capsh", "--drop=cap_dac_override,cap_dac_read_search", "--", "-c",
                   shlex.join(command)]
    environment = {k: v for k, v in os.environ.items() if k != "BURNMAP_MODEL_DIR"}
    # Its own temporary folder: what it leaves there is its own, whatever else runs meanwhile.
    (tmp / "tmp").mkdir(exist_ok=True)
    environment.update(BURNMAP_CONFIG_DIR=str(tmp / "config"), BURNMAP_DATA_DIR=str(tmp / "data"),
                       TMPDIR=str(tmp / "tmp"), QT_QPA_PLATFORM="offscreen", **(env or {}))
    return subprocess.run(command, cwd=cwd, env=environment, capture_output=True, text=True,
                          timeout=TIMEOUT_S)
