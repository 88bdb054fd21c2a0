"""`batch --scheduler dask://HOST:PORT | tls://HOST:PORT`: the rows run on an existing
dask.distributed cluster.

Only the scheduler is contacted, and only because the user named it: the network guard allows
that one host and port for as long as the batch runs. The client asks the scheduler to relay
results (`direct_to_workers=False`), so it never opens a connection to a worker; the workers and
the scheduler talk among themselves, outside this process. Rows read and write the same absolute
paths on the workers as here: the photos and the output folder must be on a shared file system,
and the workers must run this BurnMap version. Everything that can refuse the scheduler (its
address, encryption, whether it answers as a dask scheduler, its workers) is settled in `on_dask`
before the batch writes anything, each step within `--connect-timeout`.
"""
from __future__ import annotations

import contextlib
import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager

from burnmap.batch.manifest import BatchRow
from burnmap.batch.row import FAILED, STOPS_THE_BATCH, BatchSettings, RowResult, run_row, worker_check
from burnmap.cli.common import CommandError
from burnmap.cli.scheduler import Scheduler, is_this_machine, probe
from burnmap.system import netguard
from burnmap.system.version import __version__

RowRunner = Callable[[list[BatchRow], BatchSettings], Iterator[RowResult]]


@contextmanager
def on_dask(scheduler: Scheduler, out_dir: str) -> Iterator[RowRunner]:
    """A function running rows on the scheduler's cluster, once it is known to be usable;
    CommandError (nothing written) otherwise. The scheduler is reachable only inside."""
    with ExitStack() as stack:
        try:
            addresses = stack.enter_context(netguard.allowing(scheduler.host, scheduler.port))
        except OSError as exc:   # the name does not resolve
            raise CommandError(f"cannot reach the dask scheduler {scheduler.given}: "
                               f"{exc.strerror or exc}; nothing was written") from None
        _check_encryption(scheduler, addresses)
        probe(scheduler, scheduler.ssl_context())
        try:
            from distributed import Client, as_completed
        except ImportError:
            raise CommandError("--scheduler needs dask.distributed, which is not installed "
                               "here; nothing was written") from None
        client = _connect(Client, scheduler, scheduler.security())
        stack.callback(_close, client, scheduler.timeout)
        _check_workers(client, out_dir, scheduler.timeout)
        yield lambda rows, settings: _results(client, as_completed, rows, out_dir, settings)


def _check_encryption(scheduler: Scheduler, addresses: list[str]) -> None:
    if scheduler.tls is None and not scheduler.insecure and not is_this_machine(addresses):
        raise CommandError(
            f"the dask scheduler {scheduler.given} is reached over the network "
            f"({', '.join(addresses)}, not this machine's loopback address) and dask:// is "
            f"unencrypted: patient photos and results would cross the network in the clear, and "
            f"anyone on the way could read them or send this computer code to run. Use "
            f"tls://HOST:PORT with --tls-ca, --tls-cert and --tls-key, or add --insecure on a "
            f"network you trust; nothing was written")


def _within(seconds: float, what: str, call: Callable):
    """call() in a daemon thread; CommandError if it has not returned after `seconds` (a
    daemon thread left waiting does not keep the process alive)."""
    box: dict = {}

    def run():
        try:
            box["value"] = call()
        except BaseException as exc:  # noqa: BLE001 - handed to the caller
            box["error"] = exc
    worker = threading.Thread(target=run, name="burnmap-dask", daemon=True)
    worker.start()
    worker.join(seconds)
    if worker.is_alive():
        raise CommandError(f"{what} did not finish within {seconds:g} s (--connect-timeout); "
                           f"nothing was written")
    if "error" in box:
        raise box["error"]
    return box["value"]


def _connect(client_class, scheduler: Scheduler, security):
    def connect():
        return client_class(scheduler.address, timeout=scheduler.timeout, security=security,
                            direct_to_workers=False, set_as_default=False)
    try:
        return _within(scheduler.timeout, f"connecting to the dask scheduler {scheduler.given}",
                      connect)
    except CommandError:
        raise
    except Exception as exc:  # noqa: BLE001 - whatever the other end did, it is a refusal
        raise CommandError(f"cannot use the dask scheduler {scheduler.given} "
                           f"({type(exc).__name__}: {exc}); nothing was written") from None


def _close(client, timeout: float) -> None:
    # the batch's outcome stands whatever closing says; the connection goes anyway
    with contextlib.suppress(Exception):
        _within(timeout + 2, "closing the connection to the dask scheduler",
                lambda: client.close(timeout=timeout))


def _check_workers(client, out_dir: str, timeout: float) -> None:
    """At least one worker, each running this BurnMap and seeing the output folder."""
    try:
        client.wait_for_workers(1, timeout=timeout)
    except TimeoutError:
        raise CommandError(f"the dask scheduler has no workers (waited {timeout:g} s, "
                           f"--connect-timeout); nothing was written") from None
    try:
        checks = _within(timeout, "asking the dask workers which BurnMap they run",
                        lambda: client.run(worker_check, out_dir))
    except CommandError:
        raise
    except Exception as exc:  # noqa: BLE001 - e.g. the workers cannot import BurnMap at all
        raise CommandError(f"the dask workers cannot run BurnMap ({type(exc).__name__}: {exc}); "
                           f"start them in BurnMap's folder with its packages") from None
    for worker, check in sorted(checks.items()):
        if not isinstance(check, dict) or check.get("version") != __version__:
            version = check.get("version") if isinstance(check, dict) else check
            raise CommandError(f"the dask worker {worker} runs BurnMap {version}, this is "
                               f"{__version__}; their results would differ")
        if not check.get("sees_out_dir"):
            raise CommandError(f"the dask worker {worker} does not see the folder {out_dir}; "
                               f"the photos and --out must be on a file system shared at the "
                               f"same path")


def _results(client, as_completed, rows, out_dir, settings) -> Iterator[RowResult]:
    batch = uuid.uuid4().hex[:12]   # task names unique to this run: nothing reused from another
    futures = client.map(run_row, rows, out_dir=out_dir, settings=settings, pure=False,
                         key=[f"burnmap-{batch}-{row.line}" for row in rows])
    row_of = {future.key: row for future, row in zip(futures, rows, strict=False)}
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
