"""Run the tests that load the M2FP network (marker m2fp) one test module per pytest process.

A loaded model with its compiled backbone holds about 1 GB and a parse adds some hundreds of MB;
in a process that already holds what earlier tests left (libraries, allocator arenas, a module's
model fixtures) such a test peaked at 2.0-2.6 GB. In a process of its own a module starts from the
interpreter and its imports, so its tests' peaks are the model's. The other tests run in one
process as before (`-m "not m2fp"`): together the two select every test.

    python scripts/per_module.py COMMAND...
        COMMAND: a pytest command line, e.g. `.venv/bin/python -m pytest -q --memory-budget 2000`
        or `.venv/bin/python scripts/headless_tests.py`; it is run once to list the m2fp tests,
        then once per test module with `-m m2fp MODULE` added.
Exit status: 0 when every module passed, else the first failing module's (5: nothing to run).
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile

MARKER = "m2fp"
RUN_DIR = "BURNMAP_TEST_RUN_DIR"   # tests/model_fixtures.RUN_DIR: models and cache for every process
_NODE = re.compile(r"^(tests/\S+?\.py)(?:::|: \d+$)")   # `-q` and `-qq` listings alike


def modules(command: list[str]) -> list[str]:
    """The test modules holding tests marked m2fp that `command` collects, in order."""
    run = subprocess.run([*command, "--collect-only", "-q", "-m", MARKER],
                         capture_output=True, text=True)
    if run.returncode != 0:
        sys.stderr.write(run.stdout[-4000:] + run.stderr[-4000:])
        raise SystemExit(run.returncode)
    found = (_NODE.match(line) for line in run.stdout.splitlines())
    return list(dict.fromkeys(m.group(1) for m in found if m))


def main(command: list[str]) -> int:
    if not command:
        print(__doc__, file=sys.stderr)
        return 2
    files = modules(command)
    if not files:
        print(f"per_module: no test marked {MARKER} was collected", file=sys.stderr)
        return 5
    failed = []
    # The synthetic models and their compiled backbones are made once for all the processes.
    with tempfile.TemporaryDirectory(prefix="burnmap-test-run-") as run_dir:
        env = dict(os.environ, **{RUN_DIR: run_dir})
        for number, module in enumerate(files, 1):
            print(f"per_module: {module} ({number} of {len(files)}), a process of its own",
                  flush=True)
            code = subprocess.run([*command, "-m", MARKER, module], env=env).returncode
            if code != 0:
                failed.append((module, code))
    for module, code in failed:
        print(f"per_module: {module} failed (exit status {code})", file=sys.stderr)
    return failed[0][1] if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
