"""`batch --scheduler dask://HOST:PORT`: the rows run on an existing dask.distributed cluster.

Only the scheduler is contacted, and only because the user named it: the network guard allows
that one host and port for as long as the batch runs. The client asks the scheduler to relay
results (`direct_to_workers=False`), so it never opens a connection to a worker; the workers and
the scheduler talk among themselves, outside this process. Rows read and write the same absolute
paths on the workers as here: the photos and the output folder must be on a shared file system,
and the workers must run this BurnMap version (both are checked before any row is sent).
"""
from __future__ import annotations

import uuid
from typing import Iterator
from urllib.parse import urlsplit

from core import netguard
from core.batch import FAILED, STOPS_THE_BATCH, BatchSettings, RowResult, run_row, worker_check
from core.manifest import BatchRow
from core.version import __version__

from .common import CommandError

CONNECT_TIMEOUT_S = 10
WORKER_WAIT_S = 60


def parse_scheduler(text: str) -> tuple[str, int]:
    """(host, port) of dask://HOST:PORT; IPv6 hosts in brackets."""
    try:
        parts = urlsplit(text)
        host, port = parts.hostname, parts.port
    except ValueError:
        host = port = parts = None
    if parts is None or parts.scheme != "dask" or not host or not port or \
            parts.path not in ("", "/") or parts.query or parts.username:
        raise CommandError(f"--scheduler {text!r}: give the dask scheduler as "
                           f"dask://HOST:PORT, e.g. dask://10.0.0.5:8786")
    return host, port


def run_on_dask(host: str, port: int, rows: list[BatchRow], out_dir: str,
                settings: BatchSettings) -> Iterator[RowResult]:
    """Each row's result as it finishes (in any order); only host:port is reachable meanwhile."""
    try:
        from distributed import Client, as_completed
    except ImportError:
        raise CommandError("--scheduler needs dask.distributed, which is not installed "
                           "here") from None
    address = f"tcp://[{host}]:{port}" if ":" in host else f"tcp://{host}:{port}"
    try:
        with netguard.allowing(host, port):
            with _connect(Client, address) as client:
                _check_workers(client, out_dir)
                yield from _results(client, as_completed, rows, out_dir, settings)
    except OSError as exc:   # the name does not resolve
        raise CommandError(f"cannot reach the dask scheduler {host}:{port} ({exc})") from None


def _connect(client_class, address: str):
    try:
        return client_class(address, timeout=CONNECT_TIMEOUT_S, direct_to_workers=False,
                            set_as_default=False)
    except (OSError, TimeoutError) as exc:
        raise CommandError(f"cannot reach the dask scheduler at {address} ({exc}); "
                           f"nothing was written") from None


def _check_workers(client, out_dir: str) -> None:
    """At least one worker, each running this BurnMap and seeing the output folder."""
    try:
        client.wait_for_workers(1, timeout=WORKER_WAIT_S)
        checks = client.run(worker_check, out_dir)
    except TimeoutError:
        raise CommandError(f"the dask scheduler has no workers (waited {WORKER_WAIT_S} s)") \
            from None
    except Exception as exc:  # noqa: BLE001 - e.g. the workers cannot import BurnMap at all
        raise CommandError(f"the dask workers cannot run BurnMap ({type(exc).__name__}: {exc}); "
                           f"start them in BurnMap's folder with its packages") from None
    for worker, check in sorted(checks.items()):
        if check["version"] != __version__:
            raise CommandError(f"the dask worker {worker} runs BurnMap {check['version']}, this "
                               f"is {__version__}; their results would differ")
        if not check["sees_out_dir"]:
            raise CommandError(f"the dask worker {worker} does not see the folder {out_dir}; "
                               f"the photos and --out must be on a file system shared at the "
                               f"same path")


def _results(client, as_completed, rows, out_dir, settings) -> Iterator[RowResult]:
    batch = uuid.uuid4().hex[:12]   # task names unique to this run: nothing reused from another
    futures = client.map(run_row, rows, out_dir=out_dir, settings=settings, pure=False,
                         key=[f"burnmap-{batch}-{row.line}" for row in rows])
    row_of = {future.key: row for future, row in zip(futures, rows)}
    try:
        for future in as_completed(futures, loop=client.loop):
            yield _result(future, row_of[future.key])
    finally:
        client.cancel(futures)


def _result(future, row: BatchRow) -> RowResult:
    try:
        return future.result()
    except STOPS_THE_BATCH:
        raise
    except Exception as exc:  # noqa: BLE001 - a worker died, the task was lost: this row only
        return RowResult(row.line, row.id, FAILED,
                         f"the dask cluster could not run it ({type(exc).__name__}: {exc})")
