"""A dask.distributed LocalCluster for the tests, in a process of its own (run as a script).

The test process runs under BurnMap's network guard, which would refuse the scheduler's own
connections to its worker; a cluster is someone else's engine, so it runs outside BurnMap, as in
real use. Prints the scheduler address, then serves until its stdin is closed.

    dask_cluster.py [processes] [--host HOST] [--workers N] [--tls CA CERT KEY]

`--tls`: the scheduler and its worker use CERT/KEY, trust only certificates signed by CA and
require one from every client (mutual TLS, as `batch --scheduler tls://` expects).
"""
from __future__ import annotations

import argparse
import sys

if __name__ == "__main__":
    from distributed import LocalCluster
    from distributed.security import Security
    ap = argparse.ArgumentParser()
    ap.add_argument("mode", nargs="?", default="threads", choices=("threads", "processes"))
    ap.add_argument("--host", default="127.0.0.1", help="0.0.0.0: every address of this machine")
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--tls", nargs=3, metavar=("CA", "CERT", "KEY"))
    args = ap.parse_args()
    security = None
    if args.tls:
        ca, cert, key = args.tls
        security = Security(tls_ca_file=ca, tls_scheduler_cert=cert, tls_scheduler_key=key,
                            tls_worker_cert=cert, tls_worker_key=key, tls_client_cert=cert,
                            tls_client_key=key, require_encryption=True)
    cluster = LocalCluster(n_workers=args.workers, threads_per_worker=1,
                           processes=args.mode == "processes",
                           protocol="tls://" if args.tls else "tcp://", host=args.host,
                           scheduler_port=0, dashboard_address=None, security=security)
    print(cluster.scheduler_address, flush=True)
    sys.stdin.read()
    cluster.close()
