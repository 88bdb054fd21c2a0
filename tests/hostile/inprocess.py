"""What the hostile corpora share: the state of a folder (read without ever opening a FIFO or a
device), and `main.main` run inside the test process.

The batch, scheduler and settings corpora run `main.main(argv)` (main.py's entry point: the
network guard, the funnel that turns a bug into exit 1 and a crash log) in the test process, so
that the parser loads once for hundreds of cases instead of once per case. A case that hangs does
not hang the suite: a watchdog dumps every thread's stack and ends the run after TIMEOUT_S.
"""
from __future__ import annotations

import faulthandler
import hashlib
import io
import os
import stat
import time
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path

TIMEOUT_S = 120
BUG_SIGNS = ("Traceback", "this is a bug", "not enough memory")


def snapshot(folder: Path) -> dict[str, tuple]:
    """Every file, link and special node under `folder`: content hash and mode, link target."""
    state = {}
    for dirpath, dirnames, filenames in os.walk(folder):
        for name in dirnames + filenames:
            path = Path(dirpath) / name
            rel = str(path.relative_to(folder))
            info = os.lstat(path)
            if stat.S_ISLNK(info.st_mode):
                state[rel] = ("link", os.readlink(path))
            elif stat.S_ISREG(info.st_mode):
                state[rel] = ("file", hashlib.sha256(path.read_bytes()).hexdigest(),
                              stat.S_IMODE(info.st_mode))
            else:
                state[rel] = ("node", stat.S_IFMT(info.st_mode), stat.S_IMODE(info.st_mode))
    return state


def changed_files(before: dict, after: dict) -> set[str]:
    """Paths added, removed or changed between two snapshots."""
    return {rel for rel in set(before) | set(after) if before.get(rel) != after.get(rel)}


@dataclass
class Run:
    code: int
    out: str
    err: str
    seconds: float

    def describe(self) -> str:
        return f"exit {self.code} after {self.seconds:.1f} s\nstdout:\n{self.out[-2000:]}\n" \
               f"stderr:\n{self.err[-3000:]}"


def run_main(argv, cwd: Path) -> Run:
    """main.main(argv) in `cwd`, its output captured; argparse's exits give their code."""
    import main
    out, err = io.StringIO(), io.StringIO()
    here = os.getcwd()
    faulthandler.dump_traceback_later(TIMEOUT_S, exit=True)
    start = time.monotonic()
    try:
        os.chdir(cwd)
        with redirect_stdout(out), redirect_stderr(err):
            try:
                code = main.main(list(argv))
            except SystemExit as exc:   # argparse (2, or 0 for --help)
                code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    finally:
        faulthandler.cancel_dump_traceback_later()
        os.chdir(here)
    return Run(code, out.getvalue(), err.getvalue(), time.monotonic() - start)


def run_process(argv, cwd: Path, tmp: Path) -> Run:
    """`python main.py argv` in a process of its own (for a case that would leave threads behind
    in this one), with private settings and data folders; a hang is a failure after TIMEOUT_S."""
    import subprocess
    import sys
    root = Path(__file__).resolve().parents[2]
    env = {k: v for k, v in os.environ.items() if k != "BURNMAP_MODEL_DIR"}
    env.update(BURNMAP_CONFIG_DIR=str(tmp / "config"), BURNMAP_DATA_DIR=str(tmp / "data"),
               QT_QPA_PLATFORM="offscreen")
    start = time.monotonic()
    done = subprocess.run([sys.executable, str(root / "main.py"), *argv], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=TIMEOUT_S)
    return Run(done.returncode, done.stdout, done.stderr, time.monotonic() - start)


def assert_clean(run: Run, code: int, stderr: str = "") -> None:
    """The documented exit code, no sign of a bug, and a refusal that says 'error:'."""
    message = run.describe()
    assert run.code == code, message
    for sign in BUG_SIGNS:
        assert sign not in run.out, message
        assert sign not in run.err, message
    if code == 2:
        assert "error:" in run.err, message
    assert stderr in run.err, message
