"""`batch --scheduler` against everything that is not a good dask scheduler, and against real
clusters the test starts (plain TCP, mutual TLS with certificates made here, one without workers).

Every case runs in a world holding a finished batch in `out/`: a refused scheduler must leave it
byte for byte as it was (no new folder, no "not run" summary over the finished one), say why
within its time limit (`--connect-timeout 1` where a port is involved), never hang and show no
sign of a bug. The cases that succeed write a new folder, record where the rows ran, and leave the
network guard closed afterwards."""
from __future__ import annotations

import os
import shutil
import socket
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from burnmap.system.netguard import NetworkBlocked
from tests.hostile.batch_cases import build_inputs, summary
from tests.hostile.inprocess import assert_clean, changed_files, run_main, run_process, snapshot
from tests.hostile.scheduler_servers import Cluster, FakeServers, own_address
from tests.hostile.tls_certs import make_certs

pytest.importorskip("distributed")
GOOD = ("--tls-ca", "{certs}/ca.pem", "--tls-cert", "{certs}/client.pem", "--tls-key",
        "{certs}/client.key")
FAST = ("--connect-timeout", "1")
SYNTAX = "tls://HOST:PORT"


@dataclass(frozen=True)
class SchedulerCase:
    id: str
    args: tuple[str, ...]            # after `batch MANIFEST --out OUT`; {name} from the fixtures
    exit: int = 2
    stderr: str = ""
    limit: float = 15.0              # seconds the whole command may take
    out: str = "out"                 # a finished batch's folder; "new" for cases that succeed
    needs: str = ""                  # "lan": this machine's network address
    process: bool = False            # a process of its own: the case leaves threads behind
    check: Callable | None = None


def _ran_on(words: str):
    def check(world: Path, env: dict) -> None:
        rows = summary(world, "new")
        assert [r["status"] for r in rows.values()] == ["done"], rows
        assert rows["r1"]["tbsa_total_percent"] == "3.5"
        assert words.format(**env) in rows["r1"]["ran_on"], rows
        with pytest.raises(NetworkBlocked):   # the guard is closed again
            socket.create_connection(("127.0.0.1", env["tcp_port"]), timeout=2)
    return check


def _syntax_and_options() -> list[SchedulerCase]:
    c = SchedulerCase
    syntax = {"tcp-scheme": "tcp://127.0.0.1:8786", "no-port": "dask://127.0.0.1",
              "no-host": "dask://:8786", "a-path": "dask://127.0.0.1:8786/x",
              "a-user": "dask://u@127.0.0.1:8786", "port-too-large": "dask://127.0.0.1:99999",
              "http-scheme": "http://127.0.0.1:8786", "broken-ipv6": "dask://[::1:8786",
              "a-query": "dask://127.0.0.1:8786?x=1", "tls-no-port": "tls://127.0.0.1",
              "empty": ""}
    found = [c(f"address-{k}", ("--scheduler", v), stderr=SYNTAX) for k, v in syntax.items()]
    found += [
        c("address-control-characters", ("--scheduler", "dask://\x1b]0;x\x07:8786"),
          stderr="\\x1b]0;x\\x07"),
        c("certificates-with-dask-scheme", ("--scheduler", "dask://127.0.0.1:8786", *GOOD),
          stderr="certificates are for tls://"),
        c("tls-without-key", ("--scheduler", "tls://127.0.0.1:8786", *GOOD[:4]),
          stderr="needs --tls-key"),
        c("tls-without-any-file", ("--scheduler", "tls://127.0.0.1:8786"),
          stderr="needs --tls-ca, --tls-cert, --tls-key"),
        c("insecure-without-scheduler", ("--insecure",), stderr="need(s) --scheduler"),
        c("timeout-zero", ("--scheduler", "dask://127.0.0.1:8786", "--connect-timeout", "0"),
          stderr="seconds"),
        c("timeout-nan", ("--scheduler", "dask://127.0.0.1:8786", "--connect-timeout", "nan"),
          stderr="seconds"),
        c("timeout-huge", ("--scheduler", "dask://127.0.0.1:8786", "--connect-timeout", "1e9"),
          stderr="seconds"),
    ]
    return found


def _files_and_ports() -> list[SchedulerCase]:
    c = SchedulerCase
    tls = ("--scheduler", "tls://{tls}")
    found = [c(f"tls-{k}", (*tls, *GOOD[:2], "--tls-cert", v, *GOOD[4:]) if k.startswith("cert") else
                (*tls, *GOOD[:4], "--tls-key", v) if k.startswith("key") else
                (*tls, "--tls-ca", v, *GOOD[2:]), stderr=m)
              for k, v, m in (("ca-missing", "{certs}/none.pem", "none.pem does not exist"),
                              ("ca-is-a-folder", "{certs}", "not a regular file"),
                              ("ca-is-a-fifo", "{certs}/pipe.pem", "not a regular file"),
                              ("ca-is-dev-zero", "/dev/zero", "not a regular file"),
                              ("ca-larger-than-any-pem", "{certs}/large.pem", "larger than 1 MB"),
                              ("ca-is-a-key", "{certs}/client.key", "no usable CA"),
                              ("cert-is-a-photo", "{world}/in/figure.png", "not a PEM file"),
                              ("key-of-another-certificate", "{certs}/rogue.key",
                               "cannot be used together"),
                              ("key-with-a-passphrase", "{certs}/encrypted.key",
                               "passphrase"))]
    found += [
        c("unencrypted-to-another-machine", ("--scheduler", "dask://198.51.100.7:8786"),
          stderr="over the network"),
        c("unencrypted-to-another-machine-ipv6", ("--scheduler", "dask://[2001:db8::7]:8786"),
          stderr="over the network"),
        c("unencrypted-over-this-machines-network", ("--scheduler", "dask://{lan}"),
          stderr="over the network", needs="lan"),
        c("nothing-listens", ("--scheduler", "dask://127.0.0.1:{closed}", *FAST),
          stderr="nothing listens"),
    ]
    for name, message in (("silent", "did not answer within 1 s"),
                          ("ssh", "does not speak the dask protocol"),
                          ("http", "does not speak the dask protocol"),
                          ("huge-length", "does not speak the dask protocol"),
                          ("closes", "closed the connection"),
                          ("not-msgpack", "does not speak the dask protocol"),
                          ("half-header", "did not answer within 1 s"),
                          ("tls-silent", "did not answer within 1 s"),
                          ("tls-garbage", "did not answer within 1 s")):
        found.append(c(f"port-{name}", ("--scheduler", f"dask://127.0.0.1:{{{name}}}", *FAST),
                       stderr=message, limit=8))
    return found


def _tls_ports_and_clusters() -> list[SchedulerCase]:
    c = SchedulerCase
    return [
        c("tls-to-a-silent-port", ("--scheduler", "tls://127.0.0.1:{silent}", *GOOD, *FAST),
          stderr="TLS handshake within 1 s", limit=8),
        c("tls-to-another-protocol", ("--scheduler", "tls://127.0.0.1:{ssh}", *GOOD, *FAST),
          stderr="did not complete a TLS handshake", limit=8),
        c("tls-then-silence", ("--scheduler", "tls://127.0.0.1:{tls-silent}", *GOOD, *FAST),
          stderr="did not answer within 1 s", limit=8),
        c("tls-then-another-protocol", ("--scheduler", "tls://127.0.0.1:{tls-garbage}", *GOOD,
                                        *FAST), stderr="does not speak the dask protocol",
          limit=8),
        c("answers-the-probe-then-never-again", ("--scheduler", "dask://127.0.0.1:{dask-once}",
                                                 *FAST), stderr="did not finish within",
          limit=30, process=True),
        # --- real clusters -----------------------------------------------------------------------
        c("tls-cluster-good-certificates", ("--scheduler", "tls://{tls}", *GOOD), exit=0,
          out="new", limit=120, check=_ran_on("tls://{tls}")),
        c("tls-cluster-untrusted-by-our-ca", ("--scheduler", "tls://{tls}", "--tls-ca",
                                              "{certs}/rogue_ca.pem", *GOOD[2:], *FAST),
          stderr="--tls-ca does not vouch for"),
        c("tls-cluster-refuses-our-certificate", ("--scheduler", "tls://{tls}", *GOOD[:2],
                                                  "--tls-cert", "{certs}/rogue.pem",
                                                  "--tls-key", "{certs}/rogue.key", *FAST),
          stderr="refused this client's certificate"),
        c("plain-client-to-tls-cluster", ("--scheduler", "dask://{tls}", *FAST),
          stderr="did not answer within 1 s", limit=8),
        c("tls-client-to-plain-cluster", ("--scheduler", "tls://{tcp}", *GOOD, *FAST),
          stderr="did not complete a TLS handshake", limit=8),
        c("cluster-without-workers", ("--scheduler", "dask://{noworkers}", *FAST),
          stderr="has no workers", limit=20),
        c("insecure-is-recorded", ("--scheduler", "dask://{tcp}", "--insecure"), exit=0,
          out="new", limit=120, check=_ran_on("dask://{tcp} unencrypted (--insecure)")),
        c("insecure-over-this-machines-network", ("--scheduler", "dask://{lan}", "--insecure"),
          exit=0, out="new", limit=120, needs="lan",
          check=_ran_on("dask://{lan} unencrypted (--insecure)")),
    ]


CASES = _syntax_and_options() + _files_and_ports() + _tls_ports_and_clusters()


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    """The world (fixed path, a finished local batch in out/) and everything cases refer to."""
    root = tmp_path_factory.mktemp("scheduler-corpus")
    certs = make_certs(root / "certs")
    os.mkfifo(certs / "pipe.pem")
    (certs / "large.pem").write_bytes(b"-----BEGIN CERTIFICATE-----\n" + b"A" * (1 << 20))
    clusters = {"tls": Cluster("--tls", str(certs / "ca.pem"), str(certs / "node.pem"),
                               str(certs / "node.key")),
                "tcp": Cluster("--host", "0.0.0.0"),
                "noworkers": Cluster("--workers", "0")}
    world = root / "world"
    build_inputs(world)
    assert_clean(run_main(("batch", "m.csv", "--out", "out"), world), 0)
    shutil.copytree(world, root / "template", symlinks=True)
    fakes = FakeServers(certs)
    lan = own_address()
    for cluster in clusters.values():
        cluster.started()
    with socket.socket() as probe:   # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]
    values = {"certs": str(certs), "world": str(world), "root": root, "closed": closed,
              "tls": f"127.0.0.1:{clusters['tls'].port}", "tcp": f"127.0.0.1:{clusters['tcp'].port}",
              "tcp_port": clusters["tcp"].port, "lan": f"{lan}:{clusters['tcp'].port}" if lan else "",
              "noworkers": f"127.0.0.1:{clusters['noworkers'].port}", **fakes.ports}
    try:
        yield values
    finally:
        fakes.close()
        for cluster in clusters.values():
            cluster.close()


def test_the_scheduler_corpus_is_large_enough():
    assert len(CASES) >= 30


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_scheduler_hostile(case: SchedulerCase, env, tmp_path):
    if case.needs and not env[case.needs]:
        pytest.skip("this machine has no network address besides loopback")
    world = Path(env["world"])
    shutil.rmtree(world, ignore_errors=True)
    shutil.copytree(env["root"] / "template", world, symlinks=True)
    argv = ("batch", "m_assess.csv" if case.out == "new" else "m.csv", "--out", case.out,
            *(a.format(**env) for a in case.args))
    before = snapshot(world)
    run = run_process(argv, world, tmp_path) if case.process else run_main(argv, world)
    after = snapshot(world)
    assert_clean(run, case.exit, case.stderr.format(**env))
    assert run.seconds < case.limit, f"took {run.seconds:.1f} s\n{run.describe()}"
    assert "\x1b" not in run.err, run.describe()
    assert "\x07" not in run.err, run.describe()
    changed = changed_files(before, after)
    if case.out == "new":
        assert changed, changed
        assert all(p == "new" or p.startswith("new/") for p in changed), changed
    else:
        assert not changed, f"a refusal changed {sorted(changed)}\n{run.describe()}"
    if case.check:
        case.check(world, env)
