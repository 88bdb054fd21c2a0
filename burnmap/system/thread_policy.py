"""How many threads BurnMap computes with, and how they wait: decided once, before torch loads.

A hospital workstation is rarely idle. OpenMP's default lets torch's worker threads spin on a core
between parallel regions; beside two busy programs on two cores that starved the work that
followed and made a parse 4-11x slower instead of about 2x (issue 26). So, on purpose:

- OpenMP threads wait passively (`OMP_WAIT_POLICY=PASSIVE`): an idle worker sleeps, it does not
  spin. On 2 cores its quiet time stayed within the noise of a shared machine; under load it
  halved the parse (bench/parse_speed.py; --no-thread-policy for the old behaviour).
- torch's intra-op threads: one per physical core the process may run on (SMT siblings share one
  core's arithmetic units; a second thread there only contends), or fewer when the user's setting
  `compute_threads` says so (a shared machine: leave cores to the other programs).
- numpy's BLAS (OpenBLAS/MKL) single-threaded: numpy only multiplies small vectors here, and a
  second thread pool would compete with torch's (nested oversubscription).
- burnmap/photo/bands.py works in the calling thread; it never adds threads of its own.

These are environment variables that OpenMP and BLAS read once, when their library loads, so
`apply` runs at the very start of every process that may load torch: main.py (the app, every
command, the frozen app) and a batch worker before its first row. A variable the user already set
is left as it is (an administrator's choice wins), and said so in the log.
"""
from __future__ import annotations

import logging
import os
import sys
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

AUTO = 0   # the setting's value for "one thread per physical core"
MAX_THREADS = 256


@dataclass(frozen=True)
class ThreadPolicy:
    threads: int        # torch's intra-op threads (and OpenMP's)
    cores: int          # physical cores this process may use
    environment: dict   # what was set (variables the user had set are not in it)


def usable_cpus() -> set[int]:
    """The logical CPUs this process may run on (its affinity), else all of them."""
    try:
        return set(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return set(range(os.cpu_count() or 1))


def physical_cores(cpus: set[int] | None = None, sysfs: Path = Path("/sys/devices/system/cpu")
                   ) -> int:
    """Physical cores among `cpus`: on Linux, distinct (package, core) pairs in sysfs; elsewhere
    (or when sysfs says nothing) the number of logical CPUs."""
    cpus = usable_cpus() if cpus is None else cpus
    cores = set()
    for cpu in cpus:
        topology = sysfs / f"cpu{cpu}" / "topology"
        try:
            cores.add((topology.joinpath("physical_package_id").read_text().strip(),
                       topology.joinpath("core_id").read_text().strip()))
        except OSError:
            return max(1, len(cpus))
    return max(1, len(cores))


def check_threads(value) -> int:
    """The `compute_threads` setting as a number: AUTO (0) or 1..MAX_THREADS; else ValueError."""
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_THREADS:
        raise ValueError(f"compute_threads must be a whole number from 0 (one per physical core) "
                         f"to {MAX_THREADS}, not {value!r}")
    return value


def choose_threads(setting: int, cores: int, share: int = 1) -> int:
    """Threads for one network: the cores divided among `share` concurrent tasks, capped by the
    setting (AUTO: no cap); at least one."""
    available = max(1, cores // max(1, share))
    return available if setting == AUTO else max(1, min(setting, available))


def environment_for(threads: int) -> dict[str, str]:
    return {"OMP_WAIT_POLICY": "PASSIVE", "OMP_NUM_THREADS": str(threads),
            "MKL_NUM_THREADS": str(threads), "OPENBLAS_NUM_THREADS": "1",
            "NUMEXPR_NUM_THREADS": "1"}


def apply(setting: int = AUTO, share: int = 1, environ=None) -> ThreadPolicy:
    """Set the policy for this process. Before torch is imported it takes full effect; after, the
    wait policy cannot change any more (logged) but the thread count still does."""
    environ = os.environ if environ is None else environ
    cores = physical_cores()
    threads = choose_threads(check_threads(setting), cores, share)
    wanted = environment_for(threads)
    kept = {k: environ[k] for k in wanted if k in environ and environ[k] != wanted[k]}
    if kept:
        log.info("thread policy: keeping the environment's %s", ", ".join(f"{k}={v}" for k, v in
                                                                          kept.items()))
    done = {k: v for k, v in wanted.items() if k not in environ}
    environ.update(done)
    if environ is os.environ and "torch" in sys.modules:   # loaded already (a dask worker)
        _configure_torch(sys.modules["torch"], int(environ.get("OMP_NUM_THREADS", threads)))
    return ThreadPolicy(threads, cores, done)


def apply_from_settings(share: int = 1) -> ThreadPolicy:
    """`apply` with the user's `compute_threads` setting; one that is not allowed is logged and
    the default (one thread per physical core) is used, so a bad settings file never stops work."""
    from burnmap.system.settings import load_settings
    setting = getattr(load_settings(), "compute_threads", AUTO)
    try:
        check_threads(setting)
    except ValueError as exc:
        log.warning("settings: %s; using one thread per physical core", exc)
        setting = AUTO
    return apply(setting, share)


def for_batch_worker() -> ThreadPolicy:
    """Called before a batch row loads a model. In a dask worker running N rows at once, each
    row's network gets cores / N threads (N networks of all cores each would oversubscribe)."""
    global _worker_policy
    if _worker_policy is None:
        _worker_policy = apply_from_settings(share=_dask_slots())
    return _worker_policy


_worker_policy: ThreadPolicy | None = None


def _dask_slots() -> int:
    if "distributed" not in sys.modules:   # not in a dask worker: never import it for this
        return 1
    try:
        return max(1, int(sys.modules["distributed"].get_worker().state.nthreads))
    except (AttributeError, ValueError, TypeError):   # not inside a worker's task
        return 1


def _configure_torch(torch, threads: int) -> None:
    if torch.get_num_threads() != threads:
        torch.set_num_threads(threads)
        log.info("thread policy: torch was loaded before the policy; OMP_WAIT_POLICY may not apply")


def configured_threads(default: int = 1) -> int:
    """The thread count the policy chose for this process (for engines other than torch)."""
    try:
        return max(1, int(os.environ.get("OMP_NUM_THREADS", default)))
    except ValueError:
        return default
