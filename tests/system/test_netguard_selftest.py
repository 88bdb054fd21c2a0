"""No network connection is possible, and the self-test runs the whole chain."""
from __future__ import annotations

import logging
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from burnmap.system.netguard import NetworkBlocked

ROOT = Path(__file__).resolve().parents[2]


def test_the_guard_refuses_and_logs_connections(caplog):
    with caplog.at_level(logging.ERROR, logger="burnmap.netguard"):
        with pytest.raises(NetworkBlocked):
            socket.create_connection(("127.0.0.1", 9), timeout=1)
        with pytest.raises(NetworkBlocked):
            socket.getaddrinfo("example.org", 443)
    assert any("network access refused" in r.message for r in caplog.records)


def test_local_ipc_still_works():
    a, b = socket.socketpair()
    a.sendall(b"x")
    assert b.recv(1) == b"x"
    a.close()
    b.close()


def test_selftest_command_passes_and_reports_each_step(tmp_path):
    run = subprocess.run([sys.executable, str(ROOT / "main.py"), "selftest"], capture_output=True,
                         text=True, timeout=600, cwd=tmp_path,
                         env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"})
    assert run.returncode == 0, run.stdout + run.stderr
    for step in ("parse", "assess", "write the PDF report", "open the main window offscreen"):
        assert f"ok  {step}" in run.stdout
    assert "selftest passed" in run.stdout


def test_main_installs_the_guard_before_any_command():
    """Whatever command runs (here `parse --help`), the guard is already in place."""
    probe = ("import socket\nfrom burnmap.cli import main\n"
             "try:\n    main.main(['parse', '--help'])\nexcept SystemExit:\n    pass\n"
             "try:\n    socket.create_connection(('127.0.0.1', 9), timeout=1)\n"
             "except OSError as exc:\n    print(type(exc).__name__)\n")
    run = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert run.stdout.strip().splitlines()[-1] == "NetworkBlocked"


def _listener() -> socket.socket:
    server = socket.socket()
    server.bind(("127.0.0.1", 0))   # binding and listening reach no other machine
    server.listen()
    return server


def test_an_allowed_endpoint_is_the_only_one_and_only_inside_the_block():
    from burnmap.system import netguard
    allowed, other = _listener(), _listener()
    port, other_port = allowed.getsockname()[1], other.getsockname()[1]
    try:
        with netguard.allowing("127.0.0.1", port) as addresses:
            assert addresses == ["127.0.0.1"]
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            with pytest.raises(NetworkBlocked):
                socket.create_connection(("127.0.0.1", other_port), timeout=1)
            with pytest.raises(NetworkBlocked):
                socket.getaddrinfo("example.org", port)
        with pytest.raises(NetworkBlocked):
            socket.create_connection(("127.0.0.1", port), timeout=1)
    finally:
        allowed.close()
        other.close()


def test_address_literals_resolve_only_while_an_endpoint_is_allowed():
    """dask looks up the numeric addresses of its own connection; nothing is sent for that."""
    from burnmap.system import netguard
    with pytest.raises(NetworkBlocked):
        socket.getaddrinfo("127.0.0.1", 1234)
    server = _listener()
    try:
        with netguard.allowing("127.0.0.1", server.getsockname()[1]):
            assert socket.getaddrinfo("10.1.2.3", 1234)
    finally:
        server.close()
