"""A dask.distributed LocalCluster for the tests, in a process of its own (run as a script).

The test process runs under BurnMap's network guard, which would refuse the scheduler's own
connections to its worker; a cluster is someone else's engine, so it runs outside BurnMap, as in
real use. Prints the scheduler address, then serves until its stdin is closed.
"""
from __future__ import annotations

import sys
from pathlib import Path

if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))   # the worker imports core
    from distributed import LocalCluster
    processes = len(sys.argv) > 1 and sys.argv[1] == "processes"
    cluster = LocalCluster(n_workers=1, threads_per_worker=1, processes=processes,
                           protocol="tcp://", host="127.0.0.1", scheduler_port=0,
                           dashboard_address=None)
    print(cluster.scheduler_address, flush=True)
    sys.stdin.read()
    cluster.close()
