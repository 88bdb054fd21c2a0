"""The thread policy: chosen before torch loads, from the physical cores, lowered by a setting."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from burnmap.system import thread_policy as tp

ROOT = Path(__file__).resolve().parents[2]


def _sysfs(tmp_path: Path, cores: list[tuple[int, int]]) -> Path:
    """A fake /sys/devices/system/cpu: logical CPU i sits on (package, core) cores[i]."""
    for cpu, (package, core) in enumerate(cores):
        topology = tmp_path / f"cpu{cpu}" / "topology"
        topology.mkdir(parents=True)
        (topology / "physical_package_id").write_text(f"{package}\n")
        (topology / "core_id").write_text(f"{core}\n")
    return tmp_path


def test_smt_siblings_count_as_one_core(tmp_path):
    sysfs = _sysfs(tmp_path, [(0, 0), (0, 1), (0, 0), (0, 1), (1, 0), (1, 0)])
    assert tp.physical_cores(set(range(6)), sysfs) == 3
    assert tp.physical_cores({0, 2}, sysfs) == 1          # the affinity decides which count


def test_without_topology_the_logical_cpus_count(tmp_path):
    assert tp.physical_cores({0, 1, 2}, tmp_path) == 3
    assert tp.physical_cores(set(), tmp_path) == 1


@pytest.mark.parametrize(("setting", "cores", "share", "expected"), [
    (tp.AUTO, 8, 1, 8), (2, 8, 1, 2), (16, 8, 1, 8), (tp.AUTO, 8, 3, 2), (tp.AUTO, 2, 4, 1),
    (1, 1, 1, 1)])
def test_threads_follow_cores_setting_and_concurrent_tasks(setting, cores, share, expected):
    assert tp.choose_threads(setting, cores, share) == expected


@pytest.mark.parametrize("bad", [-1, tp.MAX_THREADS + 1, "4", 2.5, True, None, [2]])
def test_setting_outside_the_allowed_values_is_refused(bad):
    with pytest.raises(ValueError, match="compute_threads"):
        tp.check_threads(bad)


def test_apply_sets_passive_wait_and_leaves_what_the_user_set():
    environ = {"OMP_NUM_THREADS": "1"}
    policy = tp.apply(tp.AUTO, environ=environ)
    assert environ["OMP_WAIT_POLICY"] == "PASSIVE"
    assert environ["OMP_NUM_THREADS"] == "1"                 # an administrator's choice wins
    assert environ["OPENBLAS_NUM_THREADS"] == "1"            # numpy's BLAS never nests
    assert "OMP_NUM_THREADS" not in policy.environment
    assert policy.threads == tp.choose_threads(tp.AUTO, tp.physical_cores())


def _run_main(tmp_path: Path, settings: dict | None, code: str) -> str:
    """main.main() in a fresh interpreter whose dispatch runs `code` instead of a command."""
    config = tmp_path / "config"
    config.mkdir()
    if settings is not None:
        (config / "settings.json").write_text(json.dumps(settings))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OMP_", "MKL_", "OPENBLAS_"))}
    env.update(BURNMAP_CONFIG_DIR=str(config), BURNMAP_DATA_DIR=str(tmp_path / "data"))
    script = ("import sys\nfrom burnmap.cli import main\n"
              f"def probe(argv):\n    {code}\n    return 0\n"
              "main.dispatch = probe\nsys.exit(main.main([]))\n")
    out = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True,
                         text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    return out.stdout.strip()


def test_main_sets_the_policy_before_torch_or_numpy_load(tmp_path):
    seen = _run_main(tmp_path, None, "import os; print(os.environ['OMP_WAIT_POLICY'], "
                                     "'torch' in sys.modules, 'numpy' in sys.modules)")
    assert seen == "PASSIVE False False"


def test_main_gives_torch_the_physical_cores(tmp_path):
    seen = _run_main(tmp_path, None, "import torch; print(torch.get_num_threads())")
    assert int(seen) == tp.physical_cores()


def test_the_setting_lowers_torch_threads(tmp_path):
    assert _run_main(tmp_path, {"compute_threads": 1},
                     "import torch; print(torch.get_num_threads())") == "1"


@pytest.mark.parametrize("bad", [-3, "many", 1.5, 10**9])
def test_a_bad_setting_falls_back_to_the_cores_and_says_so(tmp_path, bad):
    seen = _run_main(tmp_path, {"compute_threads": bad},
                     "import torch; print(torch.get_num_threads())")
    assert int(seen) == tp.physical_cores()


def test_batch_worker_shares_the_cores_among_its_concurrent_rows(monkeypatch):
    class Worker:
        class state:
            nthreads = 2

    fake = type(sys)("distributed")
    fake.get_worker = lambda: Worker
    monkeypatch.setitem(sys.modules, "distributed", fake)
    assert tp._dask_slots() == 2
    fake.get_worker = lambda: (_ for _ in ()).throw(ValueError("no worker"))
    assert tp._dask_slots() == 1
