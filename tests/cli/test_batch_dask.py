"""`batch --scheduler dask://HOST:PORT`: the same rows, the same files, run by a dask cluster the
test starts; the scheduler is the only connection allowed, and only when it is given."""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from burnmap.cli.batch import main as batch_main
from burnmap.system.netguard import NetworkBlocked
from tests.cli.batch_world import ASTRONAUT, FIGURE, make_inputs, manifest

pytest.importorskip("distributed")
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def scheduler():
    """(host, port) of a LocalCluster with one single-threaded worker."""
    proc = subprocess.Popen([sys.executable, str(Path(__file__).with_name("dask_cluster.py"))],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                            stderr=subprocess.DEVNULL, cwd=ROOT)
    try:
        address = proc.stdout.readline().strip()
        assert address.startswith("tcp://"), "the LocalCluster did not start"
        host, port = address[len("tcp://"):].rsplit(":", 1)
        yield host, int(port)
    finally:
        proc.stdin.close()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture
def inputs(tmp_path, photos_dir) -> Path:
    return make_inputs(tmp_path / "in", photos_dir)


def _files(folder: Path) -> dict[str, dict]:
    """Every JSON a batch wrote, without the fields that differ from run to run."""
    found = {}
    for path in sorted(folder.glob("*/*.json")):
        data = json.loads(path.read_text())
        for key in ("assessed_at", "timing_s"):
            data.pop(key, None)
        found[str(path.relative_to(folder))] = data
    return found


def test_dask_rows_give_the_files_of_a_local_run(inputs, tmp_path, scheduler):
    host, port = scheduler
    m = manifest(inputs, [f"fig,c1,{FIGURE}", f"astro,c2,{ASTRONAUT}",
                          "bad,c3,missing.png,anterior,,,,"])
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    run = subprocess.run([sys.executable, str(ROOT / "main.py"), "batch", str(m), "--out",
                          str(tmp_path / "remote"), "--scheduler", f"dask://{host}:{port}"],
                         capture_output=True, text=True, timeout=300, env=env)
    assert run.returncode == 5, run.stderr[-3000:]
    assert "Traceback" not in run.stderr
    assert "network access refused" not in run.stderr
    assert "3 rows: 2 done, 0 skipped, 1 refused" in run.stdout
    assert batch_main([str(m), "--out", str(tmp_path / "local")]) == 5
    local, remote = _files(tmp_path / "local"), _files(tmp_path / "remote")
    assert set(remote) == {"fig/assess.json", "fig/row.json", "astro/parse.json",
                           "astro/row.json"}
    for name in ("fig/assess.json", "astro/parse.json"):
        assert remote[name] == local[name]


def test_the_scheduler_is_allowed_only_while_the_batch_runs(inputs, tmp_path, scheduler):
    host, port = scheduler
    m = manifest(inputs, [f"fig,c1,{FIGURE}"])
    out = tmp_path / "out"
    with pytest.raises(NetworkBlocked):      # the guard is on: the scheduler is unreachable
        socket.create_connection((host, port), timeout=2)
    assert batch_main([str(m), "--out", str(out), "--scheduler", f"dask://{host}:{port}"]) == 0
    assert batch_main([str(m), "--out", str(out), "--scheduler", f"dask://{host}:{port}"]) == 0
    assert "skipped" in (out / "summary.csv").read_text()    # resuming works there too
    with pytest.raises(NetworkBlocked):      # and again afterwards
        socket.create_connection((host, port), timeout=2)


@pytest.mark.parametrize("address", ["tcp://127.0.0.1:8786", "dask://127.0.0.1", "dask://:8786",
                                     "dask://127.0.0.1:8786/x", "dask://u@127.0.0.1:8786",
                                     "dask://127.0.0.1:99999"])
def test_a_scheduler_not_given_as_dask_host_port_is_refused(inputs, tmp_path, address, capsys):
    m = manifest(inputs, [f"fig,c1,{FIGURE}"])
    assert batch_main([str(m), "--out", str(tmp_path / "out"), "--scheduler", address]) == 2
    assert "dask://HOST:PORT" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_an_unreachable_scheduler_is_exit_2_and_writes_nothing(inputs, tmp_path, capsys):
    with socket.socket() as probe:            # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    m = manifest(inputs, [f"fig,c1,{FIGURE}"])
    out = tmp_path / "out"
    assert batch_main([str(m), "--out", str(out), "--scheduler", f"dask://127.0.0.1:{port}"]) == 2
    assert "cannot reach the dask scheduler" in capsys.readouterr().err
    assert not out.exists()                   # a refusal writes nothing, not even --out


def test_a_scheduler_given_by_name(inputs, tmp_path, scheduler):
    """The name is looked up (dask does so again with a dummy port); its addresses are allowed."""
    _, port = scheduler
    m = manifest(inputs, [f"fig,c1,{FIGURE}"])
    assert batch_main([str(m), "--out", str(tmp_path / "out"), "--scheduler",
                       f"dask://localhost:{port}"]) == 0
    with pytest.raises(NetworkBlocked):
        socket.getaddrinfo("localhost", port)
